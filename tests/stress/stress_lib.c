// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include "stress_lib.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void st_sparse(uint8_t *p, size_t n, uint64_t *seed)
{
	static const char words[] = "lorem ipsum dolor sit amet consectetur ";
	size_t i, gap;

	for (i = 0; i < n; i++)
		p[i] = words[kt_rand(seed) % (sizeof(words) - 1)];
	for (i = 0; i + 8 < n; i += gap) {
		gap = 16 + kt_rand(seed) % 64;
		if (i + gap > n)
			break;
		p[i] = "([{"[kt_rand(seed) % 3];
		p[i + gap / 2] = p[i] == '(' ? ')' : p[i] + 2;
	}
}

void st_deep(uint8_t *p, size_t levels)
{
	memset(p, '(', levels);
	memset(p + levels, ')', levels);
}

int st_load(const char *params)
{
	int fd = open(ST_MODULE_KO, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		err = errno;
	close(fd);
	return err;
}

int st_unload(void)
{
	return syscall(SYS_delete_module, ST_MODULE, O_NONBLOCK) ? errno : 0;
}

bool st_loaded(void)
{
	return access("/sys/module/" ST_MODULE "/initstate", F_OK) == 0;
}

void st_run_threads(unsigned int n, void *(*fn)(void *), void *args,
		    size_t arg_size)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t *t = calloc(n, sizeof(*t));
	pthread_attr_t attr;
	cpu_set_t set;
	unsigned int i;

	if (!t)
		kt_die("out of memory");
	if (ncpu < 1)
		ncpu = 1;
	for (i = 0; i < n; i++) {
		CPU_ZERO(&set);
		CPU_SET(i % ncpu, &set);
		if (pthread_attr_init(&attr) ||
		    pthread_attr_setaffinity_np(&attr, sizeof(set), &set) ||
		    pthread_create(&t[i], &attr, fn, (char *)args + i * arg_size))
			kt_die("cannot start thread %u on CPU %ld", i, i % ncpu);
		pthread_attr_destroy(&attr);
	}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
}
