// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include "kmem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktest.h"

static bool read_meminfo(struct kt_mem *m)
{
	static const char *const kernel_fields[] = {
		"Slab:", "VmallocUsed:", "KernelStack:", "PageTables:",
	};
	char line[256], key[64];
	unsigned int i, seen = 0;
	FILE *f = fopen("/proc/meminfo", "re");
	long v;

	if (!f)
		return false;
	m->kernel_kb = m->free_kb = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %ld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemFree:")) {
			m->free_kb = v;
			seen++;
		}
		for (i = 0; i < sizeof(kernel_fields) / sizeof(kernel_fields[0]); i++) {
			if (!strcmp(key, kernel_fields[i])) {
				m->kernel_kb += v;
				seen++;
			}
		}
	}
	fclose(f);
	return seen == 5;
}

void kt_meminfo(struct kt_mem *m)
{
	errno = 0;
	if (!read_meminfo(m))
		kt_die("/proc/meminfo: %s", errno ? strerror(errno) : "fields missing");
}

static void *sample(void *arg)
{
	struct kt_sampler *s = arg;
	struct kt_mem m;

	while (!atomic_load(&s->stop)) {
		if (atomic_load(&s->on) && read_meminfo(&m)) {
			atomic_fetch_add(&s->samples, 1);
			if (m.kernel_kb > atomic_load(&s->max_kernel_kb))
				atomic_store(&s->max_kernel_kb, m.kernel_kb);
			if (m.free_kb < atomic_load(&s->min_free_kb))
				atomic_store(&s->min_free_kb, m.free_kb);
		}
		usleep(1000);
	}
	return NULL;
}

void kt_sampler_start(struct kt_sampler *s)
{
	atomic_store(&s->on, false);
	atomic_store(&s->stop, false);
	if (pthread_create(&s->thread, NULL, sample, s))
		kt_die("pthread_create failed");
}

void kt_sampler_begin(struct kt_sampler *s, const struct kt_mem *base)
{
	atomic_store(&s->samples, 0);
	atomic_store(&s->max_kernel_kb, base->kernel_kb);
	atomic_store(&s->min_free_kb, base->free_kb);
	atomic_store(&s->on, true);
}

void kt_sampler_end(struct kt_sampler *s)
{
	atomic_store(&s->on, false);
}

void kt_sampler_stop(struct kt_sampler *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
}
