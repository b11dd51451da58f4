// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include "ktest.h"
#include "reference.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Checks in a compat (32-bit) build are told apart by this prefix. */
#ifdef __i386__
#define KT_PREFIX "compat32/"
#else
#define KT_PREFIX ""
#endif

static pthread_mutex_t kt_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int kt_failed;

bool kt_check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&kt_lock);
	if (ok) {
		printf("ok %s%s\n", KT_PREFIX, name);
	} else {
		kt_failed++;
		printf("not ok %s%s: ", KT_PREFIX, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
	}
	fflush(stdout);
	pthread_mutex_unlock(&kt_lock);
	return ok;
}

void kt_pass(const char *name)
{
	kt_check(true, name, "%s", "");
}

bool kt_errno(const char *name, int got, int want)
{
	return kt_check(got == want, name, "got %s (%d), want %s (%d)",
			got ? strerror(got) : "success", got,
			want ? strerror(want) : "success", want);
}

static void kt_vnote(const char *prefix, const char *fmt, va_list ap)
{
	pthread_mutex_lock(&kt_lock);
	fputs(prefix, stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	pthread_mutex_unlock(&kt_lock);
}

void kt_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_vnote("# ", fmt, ap);
	va_end(ap);
}

void kt_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_vnote("# skip: ", fmt, ap);
	va_end(ap);
	exit(77);
}

void kt_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_vnote("not ok setup: ", fmt, ap);
	va_end(ap);
	exit(1);
}

int kt_finish(void)
{
	return kt_failed ? 1 : 0;
}

long kt_sysfs_syscall_nr(void)
{
	char text[32], *end;
	ssize_t n;
	long nr;
	int fd;

	fd = open(KT_SYSCALL_NR, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0) {
		errno = EIO;
		return -1;
	}
	text[n] = 0;
	nr = strtol(text, &end, 10);
	if (end == text || strcmp(end, "\n")) {
		errno = EINVAL;
		return -1;
	}
	return nr;
}

long kt_syscall_nr(void)
{
	long nr = kt_sysfs_syscall_nr(), ret;

	if (nr < 0 && errno == ENOENT)
		return -1;
	if (nr < 0)
		kt_die("%s: %s", KT_SYSCALL_NR, strerror(errno));
	ret = syscall(nr, NULL, EXPRCHECK_SYSCALL_PROBE);
	if ((ret & EXPRCHECK_PROBE_MAGIC_MASK) != EXPRCHECK_PROBE_MAGIC)
		kt_die("%s says %ld, but the probe there answers %ld",
		       KT_SYSCALL_NR, nr, ret);
	return nr;
}

int kt_open(void)
{
	int fd = open(KT_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		kt_skip("%s: %s (is exprcheck.ko loaded?)", KT_DEVICE,
			strerror(errno));
	return fd;
}

int kt_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

void kt_req_init(struct exprcheck_req *req, const void *expr, uint64_t len,
		 struct exprcheck_verdict *v)
{
	memset(req, 0, sizeof(*req));
	req->size = sizeof(*req);
	req->expr = kt_ptr(expr);
	req->len = len;
	req->verdict = kt_ptr(v);
	req->verdict_size = sizeof(*v);
}

uint64_t kt_sysfs_u64(const char *dir, const char *name)
{
	char path[256], text[64], *end;
	unsigned long long v;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		kt_die("%s: %s", path, strerror(errno));
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		kt_die("%s: cannot read", path);
	text[n] = 0;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || end == text)
		kt_die("%s: not a number: %s", path, text);
	return v;
}

void kt_params(struct kt_limits *lim)
{
	lim->max_len = kt_sysfs_u64(KT_PARAMS, "max_len");
	lim->max_depth = kt_sysfs_u64(KT_PARAMS, "max_depth");
	lim->max_batch = kt_sysfs_u64(KT_PARAMS, "max_batch");
}

bool kt_verdict_same(const struct exprcheck_verdict *got,
		     const struct exprcheck_verdict *want, char *why,
		     size_t why_size)
{
	if (!memcmp(got, want, sizeof(*got)))
		return true;
	snprintf(why, why_size,
		 "got status %u offset %" PRIu64 " expected %#x found %#x depth %" PRIu64
		 " scanned %" PRIu64 " reserved %u, want status %u offset %" PRIu64
		 " expected %#x found %#x depth %" PRIu64 " scanned %" PRIu64,
		 got->status, (uint64_t)got->offset, got->expected, got->found,
		 (uint64_t)got->depth, (uint64_t)got->scanned, got->reserved,
		 want->status, (uint64_t)want->offset, want->expected,
		 want->found, (uint64_t)want->depth, (uint64_t)want->scanned);
	return false;
}

uint64_t kt_rand(uint64_t *seed)
{
	/* splitmix64: reproducible from the printed seed. */
	uint64_t z = (*seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void kt_random_input(uint8_t *buf, size_t n, uint64_t *seed)
{
	static const char alphabet[] = "()[]{}<>\"'\\ab\0";
	/* Mostly balanced prefixes, so errors come late as well as early. */
	uint64_t mode = kt_rand(seed) % 4;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t r = kt_rand(seed);

		if (mode == 0)
			buf[i] = (uint8_t)r;
		else if (mode == 1 && i >= n / 2)
			buf[i] = ")]}"[r % 3];
		else if (mode == 1)
			buf[i] = "([{"[r % 3];
		else
			buf[i] = alphabet[r % (sizeof(alphabet) - 1)];
	}
	if (mode == 1 && n) {
		/* Mirror the first half so most of these come out valid. */
		for (i = 0; i < n / 2; i++)
			buf[n - 1 - i] = reference_closer(buf[i], 0);
		if (kt_rand(seed) % 2)
			buf[kt_rand(seed) % n] = "([{)]}"[kt_rand(seed) % 6];
	}
}

void *kt_map_repeated(const void *pattern, size_t pattern_len, size_t total)
{
	size_t pos;
	uint8_t *base;
	int fd;

	fd = memfd_create("exprcheck-pattern", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, pattern_len) ||
	    pwrite(fd, pattern, pattern_len, 0) != (ssize_t)pattern_len)
		kt_die("memfd: %s", strerror(errno));
	base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		kt_die("mmap %zu bytes: %s", total, strerror(errno));
	for (pos = 0; pos < total; pos += pattern_len) {
		size_t n = total - pos < pattern_len ? total - pos : pattern_len;

		if (mmap(base + pos, n, PROT_READ, MAP_SHARED | MAP_FIXED |
			 MAP_POPULATE, fd, 0) == MAP_FAILED)
			kt_die("mmap at %zu: %s", pos, strerror(errno));
	}
	close(fd);
	return base;
}

double kt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
