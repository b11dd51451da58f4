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

/* Samples kt_meminfo() while @on is set. */
struct kt_sampler {
	atomic_bool on;
	atomic_bool stop;
	long samples;
	struct kt_mem peak;	/* highest kernel_kb, lowest free_kb */
	pthread_t thread;
};

/* Starts sampling from @base, with @on clear; read @peak after stopping. */
void kt_sampler_start(struct kt_sampler *s, const struct kt_mem *base);
void kt_sampler_stop(struct kt_sampler *s);

#endif /* EXPRCHECK_KMEM_H */
