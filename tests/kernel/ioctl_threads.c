// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Concurrent callers: two threads pinned to every online CPU share one
 * descriptor and send single and batched requests of random input; every
 * verdict is checked against the reference, and the per-CPU counters in
 * sysfs must add up to exactly the calls made.
 *
 *	exprcheck-ioctl-threads [ITERATIONS] [SEED]
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"
#include "reference.h"

#define BATCH		8
#define MAX_INPUT	20000

static int fd;
static unsigned int iterations = 1000;
static atomic_ulong calls, bytes, invalid, mismatches, errors;

struct worker {
	pthread_t thread;
	int cpu;
	uint64_t seed;
	bool pinned;
};

static void account(const struct exprcheck_verdict *v)
{
	atomic_fetch_add(&calls, 1);
	atomic_fetch_add(&bytes, v->scanned);
	if (v->status != EXPRCHECK_VALID)
		atomic_fetch_add(&invalid, 1);
}

static void verify(const struct worker *w, const uint8_t *in, size_t len,
		   uint32_t flags, uint32_t depth,
		   const struct exprcheck_verdict *got)
{
	struct exprcheck_verdict want;
	char why[512];

	reference_validate(in, len, flags,
			   depth ? depth : EXPRCHECK_DEFAULT_MAX_DEPTH, 0, &want);
	if (kt_verdict_same(got, &want, why, sizeof(why)))
		return;
	if (atomic_fetch_add(&mismatches, 1) < 5)
		kt_note("cpu %d: len %zu flags %#x: %s", w->cpu, len, flags, why);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct exprcheck_verdict vs[BATCH];
	struct exprcheck_req reqs[BATCH];
	uint32_t flags[BATCH], depth[BATCH];
	uint8_t *in[BATCH];
	size_t len[BATCH];
	struct exprcheck_batch b;
	unsigned int it, i, n;

	for (i = 0; i < BATCH; i++) {
		in[i] = malloc(MAX_INPUT);
		if (!in[i])
			kt_die("out of memory");
	}
	for (it = 0; it < iterations; it++) {
		/* Every fourth round is a batch, the others single calls. */
		n = it % 4 == 3 ? BATCH : 1;
		for (i = 0; i < n; i++) {
			uint64_t r = kt_rand(&w->seed);

			len[i] = r % 8 == 0 ? r % MAX_INPUT : r % 300;
			flags[i] = reference_flags_from(r >> 16);
			depth[i] = (r >> 20) % 4 ? 0 : 1 + (r >> 24) % 50;
			kt_random_input(in[i], len[i], &w->seed);
			kt_req_init(&reqs[i], in[i], len[i], &vs[i]);
			reqs[i].flags = flags[i];
			reqs[i].max_depth = depth[i];
		}
		if (n == 1) {
			if (kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &reqs[0])) {
				atomic_fetch_add(&errors, 1);
				continue;
			}
		} else {
			memset(&b, 0, sizeof(b));
			b.size = sizeof(b);
			b.count = n;
			b.reqs = kt_ptr(reqs);
			b.req_size = sizeof(reqs[0]);
			if (kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b) ||
			    b.done != n) {
				atomic_fetch_add(&errors, 1);
				continue;
			}
		}
		for (i = 0; i < n; i++) {
			account(&vs[i]);
			verify(w, in[i], len[i], flags[i], depth[i], &vs[i]);
		}
	}
	for (i = 0; i < BATCH; i++)
		free(in[i]);
	return NULL;
}

/* Starts @w on its CPU from its first instruction. */
static void start(struct worker *w)
{
	pthread_attr_t attr;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_attr_init(&attr))
		kt_die("pthread_attr_init failed");
	w->pinned = !pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	if (pthread_create(&w->thread, &attr, work, w))
		kt_die("pthread_create failed");
	pthread_attr_destroy(&attr);
}

int main(int argc, char **argv)
{
	static const char *const counters[] = {
		"calls", "bytes", "invalid", "faults", "errors",
	};
	uint64_t before[5], after[5], seed;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int nthreads, i, pinned = 0;
	struct worker *w;
	double t0;

	if (argc > 1)
		iterations = strtoul(argv[1], NULL, 0);
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) :
	       (uint64_t)getpid() ^ (uint64_t)(kt_now() * 1e6);
	fd = kt_open();
	if (ncpu < 1)
		ncpu = 1;
	nthreads = 2 * ncpu;
	w = calloc(nthreads, sizeof(*w));
	if (!w)
		kt_die("out of memory");
	kt_note("%u threads on %ld CPUs, %u rounds each, seed %" PRIu64,
		nthreads, ncpu, iterations, seed);

	for (i = 0; i < 5; i++)
		before[i] = kt_sysfs_u64(KT_STATS, counters[i]);
	t0 = kt_now();
	for (i = 0; i < nthreads; i++) {
		w[i].cpu = i % ncpu;
		w[i].seed = seed + i;
		start(&w[i]);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].thread, NULL);
		pinned += w[i].pinned;
	}
	for (i = 0; i < 5; i++)
		after[i] = kt_sysfs_u64(KT_STATS, counters[i]);
	kt_note("%lu calls, %lu bytes in %.2f s", atomic_load(&calls),
		atomic_load(&bytes), kt_now() - t0);

	kt_check(pinned == nthreads, "threads-pinned-to-every-cpu",
		 "%u of %u threads pinned", pinned, nthreads);
	kt_check(atomic_load(&errors) == 0, "threads-no-ioctl-errors",
		 "%lu calls failed", atomic_load(&errors));
	kt_check(atomic_load(&mismatches) == 0, "threads-every-verdict-right",
		 "%lu verdicts differ from the reference",
		 atomic_load(&mismatches));
	kt_check(after[0] - before[0] == atomic_load(&calls),
		 "threads-stats-calls-add-up", "calls moved by %" PRIu64
		 ", made %lu", after[0] - before[0], atomic_load(&calls));
	kt_check(after[1] - before[1] == atomic_load(&bytes),
		 "threads-stats-bytes-add-up", "bytes moved by %" PRIu64
		 ", scanned %lu", after[1] - before[1], atomic_load(&bytes));
	kt_check(after[2] - before[2] == atomic_load(&invalid),
		 "threads-stats-invalid-add-up", "invalid moved by %" PRIu64
		 ", got %lu", after[2] - before[2], atomic_load(&invalid));
	kt_check(after[3] == before[3] && after[4] == before[4],
		 "threads-stats-no-faults-or-errors",
		 "faults moved by %" PRIu64 ", errors by %" PRIu64,
		 after[3] - before[3], after[4] - before[4]);
	free(w);
	close(fd);
	return kt_finish();
}
