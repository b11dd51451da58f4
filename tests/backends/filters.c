// SPDX-License-Identifier: GPL-2.0-or-later
// The seccomp helpers are C; this file gives them a C++-callable home.
#include "filters.h"
#include "seccomp_filter.h"

int filter_kill_on(const long *nrs, size_t count)
{
	return seccomp_deny(nrs, count, SECCOMP_RET_KILL_PROCESS);
}

int filter_eperm_on(long nr)
{
	return seccomp_deny(&nr, 1, SECCOMP_RET_ERRNO | EPERM);
}
