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
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kmem.h"
#include "ktest.h"

#define INPUT_SIZE	(64UL << 20)
#define PATTERN_SIZE	(1UL << 20)
#define DEEP		EXPRCHECK_DEFAULT_MAX_DEPTH
/* What the kernel may take on top of the baseline while the call runs. */
#define BOUND_KB	(8L << 10)

static void run(struct kt_sampler *s, int fd, const char *name,
		const uint8_t *pattern,
		uint64_t want_depth)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	struct kt_mem before, after;
	char check[96];
	void *input;
	double t0, secs;
	int err;

	input = kt_map_repeated(pattern, PATTERN_SIZE, INPUT_SIZE);
	kt_req_init(&req, input, INPUT_SIZE, &v);
	kt_meminfo(&before);

	kt_sampler_begin(s, &before);
	t0 = kt_now();
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	secs = kt_now() - t0;
	kt_sampler_end(s);
	usleep(20000);
	kt_meminfo(&after);

	snprintf(check, sizeof(check), "memory-64mib-%s-verdict", name);
	kt_check(!err && v.status == EXPRCHECK_VALID &&
		 v.scanned == INPUT_SIZE && v.depth == want_depth, check,
		 "err %d status %u scanned %" PRIu64 " depth %" PRIu64, err,
		 v.status, (uint64_t)v.scanned, (uint64_t)v.depth);
	kt_note("%s: 64 MiB in %.2f s (%.0f MiB/s), %ld samples during the call",
		name, secs, 64 / secs, atomic_load(&s->samples));
	kt_note("%s: MemFree before %ld kB, lowest during %ld kB, after %ld kB",
		name, before.free_kb, atomic_load(&s->min_free_kb), after.free_kb);
	kt_note("%s: kernel (Slab+VmallocUsed+KernelStack+PageTables) before %ld kB, highest during %ld kB, after %ld kB",
		name, before.kernel_kb, atomic_load(&s->max_kernel_kb),
		after.kernel_kb);

	snprintf(check, sizeof(check), "memory-64mib-%s-sampled", name);
	kt_check(atomic_load(&s->samples) > 0, check,
		 "no /proc/meminfo sample fell inside the call");
	snprintf(check, sizeof(check), "memory-64mib-%s-memfree-bounded", name);
	kt_check(before.free_kb - atomic_load(&s->min_free_kb) < BOUND_KB, check,
		 "MemFree fell by %ld kB during the call, bound %ld kB",
		 before.free_kb - atomic_load(&s->min_free_kb), BOUND_KB);
	snprintf(check, sizeof(check), "memory-64mib-%s-kernel-bounded", name);
	kt_check(atomic_load(&s->max_kernel_kb) - before.kernel_kb < BOUND_KB,
		 check, "kernel memory grew by %ld kB during the call, bound %ld kB",
		 atomic_load(&s->max_kernel_kb) - before.kernel_kb, BOUND_KB);
	snprintf(check, sizeof(check), "memory-64mib-%s-kernel-after", name);
	kt_check(after.kernel_kb - before.kernel_kb < BOUND_KB, check,
		 "kernel memory %ld kB above the baseline after the call",
		 after.kernel_kb - before.kernel_kb);
	munmap(input, INPUT_SIZE);
}

int main(void)
{
	uint8_t *pattern = malloc(PATTERN_SIZE);
	struct kt_sampler sampler;
	struct kt_limits lim;
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
	kt_sampler_start(&sampler);

	/* Text with shallow brackets: mostly the word-at-a-time path. */
	for (i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = "(some text) "[i % 12];
	pattern[PATTERN_SIZE - 4] = ' ';
	run(&sampler, fd, "text", pattern, 1);

	/* Nested to the default depth limit in every MiB: the whole stack. */
	memset(pattern, '(', DEEP);
	memset(pattern + DEEP, ')', DEEP);
	memset(pattern + 2 * DEEP, 'x', PATTERN_SIZE - 2 * DEEP);
	if (lim.max_depth >= DEEP)
		run(&sampler, fd, "deep", pattern, DEEP);
	else
		kt_note("deep: skipped, max_depth %u is below %u",
			lim.max_depth, DEEP);

	kt_sampler_stop(&sampler);
	free(pattern);
	close(fd);
	return kt_finish();
}
