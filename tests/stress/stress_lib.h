/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the stress programs: the inputs they send, the module's life
 * cycle through the system calls that insmod and rmmod make, and threads
 * pinned to every CPU.
 */
#ifndef EXPRCHECK_STRESS_LIB_H
#define EXPRCHECK_STRESS_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ktest.h"

#define ST_MODULE	"exprcheck"
#define ST_MODULE_KO	"/lib/exprcheck/exprcheck.ko"

/* Text with a bracket pair every few dozen bytes, balanced. */
void st_sparse(uint8_t *p, size_t n, uint64_t *seed);
/* @levels openers then as many closers. */
void st_deep(uint8_t *p, size_t levels);

/* finit_module() of ST_MODULE_KO with @params: 0 or the errno value. */
int st_load(const char *params);
/* delete_module(ST_MODULE, O_NONBLOCK), as rmmod does: 0 or the errno. */
int st_unload(void);
bool st_loaded(void);

/* Runs @fn(@arg, i) on @n threads, thread i pinned to CPU i % ncpu. */
void st_run_threads(unsigned int n, void *(*fn)(void *), void *args,
		    size_t arg_size);

#endif /* EXPRCHECK_STRESS_LIB_H */
