// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The library's cached /dev/exprcheck descriptor when the program closes
 * it behind the library's back (close_range(), closefrom()) or its number
 * then goes to another file: every later call must still be answered by
 * the module, through the device opened again, and the other file must be
 * left alone. The descriptor is opened read-only.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <exprcheck/exprcheck.h>

#include "ktest.h"

/* Validates @expr through the ioctl backend; 0 or -errno. */
static int validate(const char *expr, struct exprcheck_result *res)
{
	struct exprcheck_options o = {
		.size = sizeof(o),
		.backend = EXPRCHECK_BACKEND_IOCTL,
	};

	memset(res, 0, sizeof(*res));
	res->size = sizeof(*res);
	return exprcheck_validate(expr, strlen(expr), &o, res);
}

static void check_validate(const char *name)
{
	struct exprcheck_result res;
	int err = validate("(a+[b)]", &res);

	kt_check(!err && res.status == EXPRCHECK_STATUS_WRONG_CLOSER &&
		 res.offset == 5 && res.backend == EXPRCHECK_BACKEND_IOCTL, name,
		 "%s, status %u offset %llu", err ? strerror(-err) : "answered",
		 res.status, (unsigned long long)res.offset);
}

/* The descriptor the library holds on /dev/exprcheck, or -1. */
static int library_fd(void)
{
	char target[64];
	struct dirent *e;
	int fd = -1;
	DIR *dir;

	dir = opendir("/proc/self/fd");
	if (!dir)
		kt_die("/proc/self/fd: %s", strerror(errno));
	while (fd < 0 && (e = readdir(dir))) {
		ssize_t n;

		n = readlinkat(dirfd(dir), e->d_name, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = 0;
		if (!strcmp(target, KT_DEVICE))
			fd = atoi(e->d_name);
	}
	closedir(dir);
	return fd;
}

int main(void)
{
	char mark[] = "another file's bytes", back[sizeof(mark)];
	const char *why;
	int fd, other;

	if (exprcheck_backend_probe(EXPRCHECK_BACKEND_IOCTL, &why))
		kt_skip("the ioctl backend is not available: %s", why);
	check_validate("validate-first");
	fd = library_fd();
	if (!kt_check(fd >= 0, "descriptor-found", "no descriptor on %s", KT_DEVICE))
		return kt_finish();
	kt_check((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY,
		 "descriptor-read-only", "flags %#x", fcntl(fd, F_GETFL));

	if (close_range(3, ~0U, 0))
		kt_die("close_range: %s", strerror(errno));
	check_validate("validate-after-close-range");

	closefrom(3);
	check_validate("validate-after-closefrom");

	/* The library's number now taken by another file. */
	fd = library_fd();
	other = memfd_create("not-exprcheck", MFD_CLOEXEC);
	if (fd < 0 || other < 0 || pwrite(other, mark, sizeof(mark), 0) != sizeof(mark) ||
	    dup2(other, fd) != fd)
		kt_die("taking the library's descriptor: %s", strerror(errno));
	close(other);
	check_validate("validate-after-number-reused");
	kt_check(pread(fd, back, sizeof(back), 0) == sizeof(back) &&
		 !memcmp(back, mark, sizeof(mark)), "reused-number-left-alone",
		 "the other file changed or was closed: %s", strerror(errno));
	kt_check(library_fd() >= 0 && library_fd() != fd, "device-opened-again",
		 "no new descriptor on %s", KT_DEVICE);
	close(fd);

	/* A batch too, through a descriptor closed again. */
	close(library_fd());
	{
		const struct exprcheck_input in[2] = { { "()", 2 }, { "(]", 2 } };
		struct exprcheck_result out[2] = { { .size = sizeof(out[0]) } };
		struct exprcheck_options o = {
			.size = sizeof(o),
			.backend = EXPRCHECK_BACKEND_IOCTL,
		};
		int err = exprcheck_validate_batch(in, 2, &o, out);

		kt_check(!err && out[0].status == EXPRCHECK_STATUS_VALID &&
			 out[1].status == EXPRCHECK_STATUS_WRONG_CLOSER,
			 "batch-after-close", "%s", err ? strerror(-err) : "wrong verdicts");
	}
	return kt_finish();
}
