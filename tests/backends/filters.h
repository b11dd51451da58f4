/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef EXPRCHECK_TESTS_FILTERS_H
#define EXPRCHECK_TESTS_FILTERS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Kill the process on any of @nrs; 0 or -1 with errno. */
int filter_kill_on(const long *nrs, size_t count);
/* Answer @nr with EPERM, as a container's seccomp profile does. */
int filter_eperm_on(long nr);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_TESTS_FILTERS_H */
