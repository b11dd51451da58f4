// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Many descriptors, many callers, huge inputs: the kernel's memory stays
 * within a bound set by the module's parameters, not by the input.
 *
 *	exprcheck-membound [--fds N] [--threads T] [--rounds R]
 *
 * The bound: a call holds at most one page of input buffer and a nesting
 * stack of two bits a level for min(depth, len) levels, where depth is the
 * request's max_depth or, when that is 0, min(262144, the max_depth
 * parameter); requests of 256 bytes or less hold nothing beyond the kernel
 * stack. So C calls in progress at once hold at most
 *
 *	C * (PAGE_SIZE + ceil(min(depth, len) / 4))
 *
 * whatever their length, and an open descriptor holds nothing of the
 * module's (the VFS's struct file is all it costs).
 *
 * Each of T threads (default 8 a CPU) makes R calls on N descriptors
 * (default 1024) with inputs of max_len bytes (256 MiB by default) that
 * are one 1 MiB pattern mapped over and over; the pattern ends with an
 * unmatched closer, so each call reads 1 MiB while the kernel sizes its
 * buffers for the whole length. The kernel's own memory (Slab,
 * VmallocUsed, KernelStack, PageTables in /proc/meminfo) is read before
 * the calls, every millisecond during them and after them. The module is
 * expected loaded with its defaults; the second phase reloads it with
 * max_depth at its ceiling and asks for that depth, which makes each
 * call's stack 4 MiB. Under KASAN, a freed input buffer waits in a
 * quarantine before it counts as free, and every object carries redzones
 * and kmemleak's record: the allowances grow there, by a bound a call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kmem.h"
#include "reference.h"
#include "stress_lib.h"

#define PAGE		4096UL
#define PATTERN		(1UL << 20)
/* The kernel's own noise between two reads of /proc/meminfo, and slab rounding. */
#define NOISE_KB	512L
/*
 * Under KASAN a call's freed input buffer (4 KiB and its redzone) waits in
 * the quarantine, and kmemleak keeps a record of each allocation until an
 * RCU grace period passes: what a finished call may leave behind.
 */
#define DEBUG_CALL_KB	16U
/*
 * What an idle descriptor may cost: its struct file and fd table slot;
 * a debug kernel's allocator adds its own bookkeeping to each object
 * (KASAN redzones, kmemleak's records).
 */
#define FD_BOUND_BYTES		1024L
#define FD_BOUND_DEBUG_BYTES	4096L
#define CEILING_DEPTH	16777216U

struct phase {
	const char *name;
	uint32_t req_depth;	/* max_depth in each request, 0 for the default */
	uint32_t depth;		/* the depth the kernel sizes its stack for */
};

struct caller {
	unsigned int id;
	pthread_t thread;
};

static int *fds;
static unsigned int nfds, nthreads, rounds;
static uint8_t *input;
static uint64_t input_len;
static struct exprcheck_verdict want;
static const struct phase *phase;
static pthread_barrier_t start_line, finish_line;
static atomic_ulong calls, wrong, failed;
static atomic_bool quit;

static void *call_loop(void *arg)
{
	struct caller *c = arg;
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	unsigned int r;
	int err;

	for (;;) {
		pthread_barrier_wait(&start_line);
		if (atomic_load(&quit))
			return NULL;
		for (r = 0; r < rounds; r++) {
			kt_req_init(&req, input, input_len, &v);
			req.max_depth = phase->req_depth;
			err = kt_ioctl(fds[(c->id + r * nthreads) % nfds],
				       EXPRCHECK_IOC_VALIDATE, &req);
			atomic_fetch_add(&calls, 1);
			if (err)
				atomic_fetch_add(&failed, 1);
			else if (memcmp(&v, &want, sizeof(v)))
				atomic_fetch_add(&wrong, 1);
		}
		pthread_barrier_wait(&finish_line);
	}
}

/* A KASAN kernel lists its runtime among its symbols. */
static bool kasan_kernel(void)
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/kallsyms", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " kasan_save_stack\n") != NULL;
	fclose(f);
	return found;
}

static void open_descriptors(long bound)
{
	struct rlimit rl = { nfds + 64, nfds + 64 };
	struct kt_mem before, after;
	unsigned int i;
	long per_fd;

	if (setrlimit(RLIMIT_NOFILE, &rl))
		kt_die("setrlimit(RLIMIT_NOFILE, %u): %s", nfds + 64, strerror(errno));
	fds = calloc(nfds, sizeof(*fds));
	if (!fds)
		kt_die("out of memory");
	kt_meminfo(&before);
	for (i = 0; i < nfds; i++)
		fds[i] = kt_open();
	kt_meminfo(&after);
	per_fd = (after.kernel_kb - before.kernel_kb) * 1024 / (long)nfds;
	kt_note("%u descriptors open: kernel memory %ld kB -> %ld kB, %ld bytes each",
		nfds, before.kernel_kb, after.kernel_kb, per_fd);
	kt_check(per_fd <= bound, "membound-descriptor-cost",
		 "%ld bytes a descriptor, bound %ld", per_fd, bound);
}

static void make_input(void)
{
	uint8_t *pattern = malloc(PATTERN);
	struct kt_limits lim;
	uint64_t seed = 7;

	if (!pattern)
		kt_die("out of memory");
	kt_params(&lim);
	input_len = lim.max_len;
	st_sparse(pattern, PATTERN, &seed);
	/* Decided at the end of the first pattern: a call reads 1 MiB. */
	pattern[PATTERN - 1] = ')';
	reference_validate(pattern, PATTERN, 0, 1, 0, &want);
	if (want.status != EXPRCHECK_UNEXPECTED_CLOSER || want.offset != PATTERN - 1)
		kt_die("the pattern does not end with an unmatched closer");
	input = kt_map_repeated(pattern, PATTERN, input_len);
	free(pattern);
	kt_note("input: %" PRIu64 " MiB of address space, one 1 MiB pattern", input_len >> 20);
}

static uint64_t stack_bytes(uint64_t depth)
{
	uint64_t levels = depth < input_len ? depth : input_len;

	return (levels + 3) / 4;
}

static void run_phase(struct kt_sampler *s, const struct phase *p,
		      long debug_kb)
{
	uint64_t per_call = PAGE + stack_bytes(p->depth);
	long bound_kb = (long)(nthreads * per_call / 1024);
	long allowance_kb = NOISE_KB + debug_kb;
	struct kt_mem before, after;
	char name[96];
	long grew;

	phase = p;
	atomic_store(&calls, 0);
	atomic_store(&wrong, 0);
	atomic_store(&failed, 0);
	kt_meminfo(&before);
	kt_sampler_begin(s, &before);
	pthread_barrier_wait(&start_line);
	pthread_barrier_wait(&finish_line);
	kt_sampler_end(s);
	usleep(100000);
	kt_meminfo(&after);
	grew = atomic_load(&s->max_kernel_kb) - before.kernel_kb;

	kt_note("%s: %lu calls of %" PRIu64 " MiB by %u threads on %u descriptors, "
		"depth %u: bound %u x %" PRIu64 " bytes = %ld kB (+%ld kB allowance)",
		p->name, atomic_load(&calls), input_len >> 20, nthreads, nfds,
		p->depth, nthreads, per_call, bound_kb, allowance_kb);
	kt_note("%s: kernel memory before %ld kB, highest during %ld kB (+%ld kB, %ld%% of the bound, "
		"%ld samples), after %ld kB", p->name, before.kernel_kb,
		atomic_load(&s->max_kernel_kb), grew,
		bound_kb ? grew * 100 / bound_kb : 0, atomic_load(&s->samples),
		after.kernel_kb);
	kt_note("%s: MemFree before %ld kB, lowest during %ld kB (-%ld kB), after %ld kB",
		p->name, before.free_kb, atomic_load(&s->min_free_kb),
		before.free_kb - atomic_load(&s->min_free_kb), after.free_kb);

	snprintf(name, sizeof(name), "membound-%s-verdicts", p->name);
	kt_check(!atomic_load(&failed) && !atomic_load(&wrong), name,
		 "%lu calls failed, %lu verdicts wrong", atomic_load(&failed),
		 atomic_load(&wrong));
	snprintf(name, sizeof(name), "membound-%s-sampled", p->name);
	kt_check(atomic_load(&s->samples) > 0, name, "no sample fell inside the calls");
	snprintf(name, sizeof(name), "membound-%s-kernel-within-bound", p->name);
	kt_check(grew <= bound_kb + allowance_kb, name,
		 "kernel memory grew by %ld kB, bound %ld kB + %ld kB",
		 grew, bound_kb, allowance_kb);
	snprintf(name, sizeof(name), "membound-%s-memfree-within-bound", p->name);
	kt_check(before.free_kb - atomic_load(&s->min_free_kb) <=
		 bound_kb + allowance_kb, name,
		 "MemFree fell by %ld kB, bound %ld kB + %ld kB",
		 before.free_kb - atomic_load(&s->min_free_kb), bound_kb,
		 allowance_kb);
	snprintf(name, sizeof(name), "membound-%s-kernel-back-after", p->name);
	kt_check(after.kernel_kb - before.kernel_kb <= allowance_kb, name,
		 "kernel memory %ld kB above the baseline after the calls",
		 after.kernel_kb - before.kernel_kb);
}

static void close_descriptors(void)
{
	unsigned int i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
}

static void reload(const char *params)
{
	int err;

	close_descriptors();
	err = st_unload();
	if (!err)
		err = st_load(params);
	if (err)
		kt_die("reloading the module with %s: %s", params, strerror(err));
	for (unsigned int i = 0; i < nfds; i++)
		fds[i] = kt_open();
}

int main(int argc, char **argv)
{
	const struct phase defaults = {
		"default-depth", 0, EXPRCHECK_DEFAULT_MAX_DEPTH,
	};
	const struct phase ceiling = {
		"ceiling-depth", CEILING_DEPTH, CEILING_DEPTH,
	};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN), debug_kb = 0;
	struct kt_sampler sampler;
	long fd_bound = FD_BOUND_BYTES;
	struct caller *callers;
	struct kt_limits lim;
	unsigned int i;
	int arg;

	nfds = 1024;
	nthreads = 8 * (ncpu > 0 ? ncpu : 1);
	rounds = 4;
	for (arg = 1; arg + 1 < argc; arg += 2) {
		unsigned long v = strtoul(argv[arg + 1], NULL, 0);

		if (!strcmp(argv[arg], "--fds") && v)
			nfds = v;
		else if (!strcmp(argv[arg], "--threads") && v)
			nthreads = v;
		else if (!strcmp(argv[arg], "--rounds") && v)
			rounds = v;
		else
			break;
	}
	if (arg != argc) {
		fprintf(stderr, "usage: %s [--fds N] [--threads T] [--rounds R]\n", argv[0]);
		return 2;
	}
	kt_params(&lim);
	if (lim.max_depth != EXPRCHECK_DEFAULT_MAX_DEPTH)
		kt_skip("the module must be loaded with its default max_depth");
	if (kasan_kernel()) {
		debug_kb = (long)nthreads * rounds * DEBUG_CALL_KB;
		fd_bound = FD_BOUND_DEBUG_BYTES;
		kt_note("KASAN kernel: %u kB a call may stay in the quarantine"
			" and kmemleak's records, %ld kB in all", DEBUG_CALL_KB,
			debug_kb);
	}

	make_input();
	open_descriptors(fd_bound);
	callers = calloc(nthreads, sizeof(*callers));
	if (!callers || pthread_barrier_init(&start_line, NULL, nthreads + 1) ||
	    pthread_barrier_init(&finish_line, NULL, nthreads + 1))
		kt_die("out of memory");
	/* Threads first: their stacks are part of the baseline. */
	for (i = 0; i < nthreads; i++) {
		callers[i].id = i;
		if (pthread_create(&callers[i].thread, NULL, call_loop, &callers[i]))
			kt_die("pthread_create failed");
	}

	kt_sampler_start(&sampler);
	run_phase(&sampler, &defaults, debug_kb);
	reload("max_depth=16777216");
	run_phase(&sampler, &ceiling, debug_kb);
	reload("");
	kt_sampler_stop(&sampler);

	atomic_store(&quit, true);
	pthread_barrier_wait(&start_line);
	for (i = 0; i < nthreads; i++)
		pthread_join(callers[i].thread, NULL);
	close_descriptors();
	free(callers);
	return kt_finish();
}
