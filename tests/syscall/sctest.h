/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the programs that test the exprcheck() system call inside the
 * test VM. The kernel-test protocol (ok / not ok lines, exit status) comes
 * from ../kernel/ktest.h, shared with the module's tests.
 */
#ifndef EXPRCHECK_SCTEST_H
#define EXPRCHECK_SCTEST_H

#include <stddef.h>

#include "ktest.h"

/* The system call number given as argv[1]; exits with @usage otherwise. */
long sc_nr_arg(int argc, char **argv, const char *usage);

/* exprcheck(@req, @flags) at @nr: 0 or the errno value; @ret may be NULL. */
int sc_call(long nr, const void *req, unsigned int flags, long *ret);

/*
 * @len bytes of writable memory that end where an unmapped page begins
 * (with @len 0: the unmapped address itself). Never freed: test programs
 * are short.
 */
void *sc_before_hole(size_t len);

/* A page of zeros mapped read-only. */
void *sc_readonly_page(void);

#endif /* EXPRCHECK_SCTEST_H */
