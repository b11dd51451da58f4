// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A 64 MiB input is validated while kernel memory stays bounded.
 *
 * The input is a 1 MiB pattern mapped 64 times from one memfd, so user
 * memory does not move while the call runs; a sampler thread reads
 * /proc/meminfo throughout. A kernel that copied or pinned the input
 * would move MemFree or its own memory (Slab, VmallocUsed, KernelStack,
 * PageTables) by 64 MiB; the module may move them by a page of input
 * buffer and a 64 KiB nesting stack, and the bound allows for noise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ktest.h"

#define INPUT_SIZE	(64UL << 20)
#define PATTERN_SIZE	(1UL << 20)
#define DEEP		EXPRCHECK_DEFAULT_MAX_DEPTH
/* What the kernel may take on top of the baseline while the call runs. */
#define BOUND_KB	(8L << 10)

struct meminfo {
	long free_kb;
	long kernel_kb;
};

static bool read_meminfo(struct meminfo *m)
{
	static const char *const kernel_fields[] = {
		"Slab:", "VmallocUsed:", "KernelStack:", "PageTables:",
	};
	char line[256];
	unsigned int i, seen = 0;
	FILE *f = fopen("/proc/meminfo", "re");
	long v;

	if (!f)
		return false;
	m->free_kb = m->kernel_kb = 0;
	while (fgets(line, sizeof(line), f)) {
		char key[64];

		if (sscanf(line, "%63s %ld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemFree:")) {
			m->free_kb = v;
			seen++;
		}
		for (i = 0; i < 4; i++) {
			if (!strcmp(key, kernel_fields[i])) {
				m->kernel_kb += v;
				seen++;
			}
		}
	}
	fclose(f);
	return seen == 5;
}

static atomic_bool in_call, stop;
static atomic_long samples, min_free_kb, max_kernel_kb;

static void *sampler(void *arg)
{
	struct meminfo m;

	(void)arg;
	while (!atomic_load(&stop)) {
		if (atomic_load(&in_call) && read_meminfo(&m)) {
			atomic_fetch_add(&samples, 1);
			if (m.free_kb < atomic_load(&min_free_kb))
				atomic_store(&min_free_kb, m.free_kb);
			if (m.kernel_kb > atomic_load(&max_kernel_kb))
				atomic_store(&max_kernel_kb, m.kernel_kb);
		}
		usleep(1000);
	}
	return NULL;
}

static void run(int fd, const char *name, const uint8_t *pattern,
		uint64_t want_depth)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	struct meminfo before, after;
	char check[96];
	void *input;
	double t0, secs;
	int err;

	input = kt_map_repeated(pattern, PATTERN_SIZE, INPUT_SIZE);
	kt_req_init(&req, input, INPUT_SIZE, &v);
	if (!read_meminfo(&before))
		kt_die("/proc/meminfo: %s", strerror(errno));
	atomic_store(&samples, 0);
	atomic_store(&min_free_kb, before.free_kb);
	atomic_store(&max_kernel_kb, before.kernel_kb);

	atomic_store(&in_call, true);
	t0 = kt_now();
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	secs = kt_now() - t0;
	atomic_store(&in_call, false);
	usleep(20000);
	read_meminfo(&after);

	snprintf(check, sizeof(check), "memory-64mib-%s-verdict", name);
	kt_check(!err && v.status == EXPRCHECK_VALID &&
		 v.scanned == INPUT_SIZE && v.depth == want_depth, check,
		 "err %d status %u scanned %" PRIu64 " depth %" PRIu64, err,
		 v.status, (uint64_t)v.scanned, (uint64_t)v.depth);
	kt_note("%s: 64 MiB in %.2f s (%.0f MiB/s), %ld samples during the call",
		name, secs, 64 / secs, atomic_load(&samples));
	kt_note("%s: MemFree before %ld kB, lowest during %ld kB, after %ld kB",
		name, before.free_kb, atomic_load(&min_free_kb), after.free_kb);
	kt_note("%s: kernel (Slab+VmallocUsed+KernelStack+PageTables) before %ld kB, highest during %ld kB, after %ld kB",
		name, before.kernel_kb, atomic_load(&max_kernel_kb),
		after.kernel_kb);

	snprintf(check, sizeof(check), "memory-64mib-%s-sampled", name);
	kt_check(atomic_load(&samples) > 0, check,
		 "no /proc/meminfo sample fell inside the call");
	snprintf(check, sizeof(check), "memory-64mib-%s-memfree-bounded", name);
	kt_check(before.free_kb - atomic_load(&min_free_kb) < BOUND_KB, check,
		 "MemFree fell by %ld kB during the call, bound %ld kB",
		 before.free_kb - atomic_load(&min_free_kb), BOUND_KB);
	snprintf(check, sizeof(check), "memory-64mib-%s-kernel-bounded", name);
	kt_check(atomic_load(&max_kernel_kb) - before.kernel_kb < BOUND_KB,
		 check, "kernel memory grew by %ld kB during the call, bound %ld kB",
		 atomic_load(&max_kernel_kb) - before.kernel_kb, BOUND_KB);
	snprintf(check, sizeof(check), "memory-64mib-%s-kernel-after", name);
	kt_check(after.kernel_kb - before.kernel_kb < BOUND_KB, check,
		 "kernel memory %ld kB above the baseline after the call",
		 after.kernel_kb - before.kernel_kb);
	munmap(input, INPUT_SIZE);
}

int main(void)
{
	uint8_t *pattern = malloc(PATTERN_SIZE);
	struct kt_limits lim;
	pthread_t thread;
	size_t i;
	int fd;

	fd = kt_open();
	kt_params(&lim);
	if (lim.max_len < INPUT_SIZE)
		kt_skip("max_len %" PRIu64 " is below 64 MiB", lim.max_len);
	if (!pattern)
		kt_die("out of memory");
	kt_note("bound: %ld kB over the baseline (the input is %lu kB)",
		BOUND_KB, INPUT_SIZE >> 10);
	if (pthread_create(&thread, NULL, sampler, NULL))
		kt_die("pthread_create failed");

	/* Text with shallow brackets: mostly the word-at-a-time path. */
	for (i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = "(some text) "[i % 12];
	pattern[PATTERN_SIZE - 4] = ' ';
	run(fd, "text", pattern, 1);

	/* Nested to the default depth limit in every MiB: the whole stack. */
	memset(pattern, '(', DEEP);
	memset(pattern + DEEP, ')', DEEP);
	memset(pattern + 2 * DEEP, 'x', PATTERN_SIZE - 2 * DEEP);
	if (lim.max_depth >= DEEP)
		run(fd, "deep", pattern, DEEP);
	else
		kt_note("deep: skipped, max_depth %u is below %u",
			lim.max_depth, DEEP);

	atomic_store(&stop, true);
	pthread_join(thread, NULL);
	free(pattern);
	close(fd);
	return kt_finish();
}
