// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include "sctest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

long sc_nr_arg(int argc, char **argv, const char *usage)
{
	char *end;
	long nr;

	if (argc < 2) {
		fprintf(stderr, "usage: %s %s\n", argv[0], usage);
		exit(2);
	}
	errno = 0;
	nr = strtol(argv[1], &end, 10);
	if (errno || *end || nr < 0)
		kt_die("not a system call number: %s", argv[1]);
	return nr;
}

int sc_call(long nr, const void *req, unsigned int flags, long *ret)
{
	long r = syscall(nr, req, flags);

	if (ret)
		*ret = r;
	return r < 0 ? errno : 0;
}

void *sc_before_hole(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = (len + page - 1) / page * page;
	char *base;

	base = mmap(NULL, span + page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || munmap(base + span, page))
		kt_die("mmap: %s", strerror(errno));
	return base + span - len;
}

void *sc_readonly_page(void)
{
	void *p = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		kt_die("mmap: %s", strerror(errno));
	return p;
}
