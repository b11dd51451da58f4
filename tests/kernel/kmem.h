/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's memory as /proc/meminfo shows it, read once or sampled
 * every millisecond by a thread while a test makes its calls.
 */
#ifndef EXPRCHECK_KMEM_H
#define EXPRCHECK_KMEM_H

#include <pthread.h>
#include <stdatomic.h>

/*
 * In kB: what the kernel allocates for itself (Slab, VmallocUsed,
 * KernelStack, PageTables), and MemFree.
 */
struct kt_mem {
	long kernel_kb;
	long free_kb;
};

/* Reads /proc/meminfo; dies when it cannot. */
void kt_meminfo(struct kt_mem *m);

/*
 * Samples kt_meminfo() between kt_sampler_begin() and kt_sampler_end().
 * Start it before reading the baseline: its own thread is kernel memory.
 */
struct kt_sampler {
	pthread_t thread;
	atomic_bool on;
	atomic_bool stop;
	atomic_long samples;
	atomic_long max_kernel_kb;
	atomic_long min_free_kb;
};

void kt_sampler_start(struct kt_sampler *s);
/* Samples from now on, measuring from @base. */
void kt_sampler_begin(struct kt_sampler *s, const struct kt_mem *base);
void kt_sampler_end(struct kt_sampler *s);
void kt_sampler_stop(struct kt_sampler *s);

#endif /* EXPRCHECK_KMEM_H */
