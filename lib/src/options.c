// SPDX-License-Identifier: LGPL-2.1-or-later
#include "options.h"

#include <errno.h>
#include <string.h>

/* The library's option bits are the kernel's flag bits, by design. */
_Static_assert(EXPRCHECK_OPT_ANGLE == EXPRCHECK_F_ANGLE, "flag bits differ");
_Static_assert(EXPRCHECK_OPT_QUOTES == EXPRCHECK_F_QUOTES, "flag bits differ");
_Static_assert(EXPRCHECK_DEFAULT_DEPTH == EXPRCHECK_DEFAULT_MAX_DEPTH,
	       "default depths differ");
_Static_assert((int)EXPRCHECK_STATUS_TOO_LONG == EXPRCHECK_TOO_LONG &&
	       (int)EXPRCHECK_STATUS_LEFT_OPEN == EXPRCHECK_LEFT_OPEN,
	       "status codes differ");

int options_resolve(const struct exprcheck_options *in,
		    struct exprcheck_options *out)
{
	if (in)
		*out = *in;
	else
		memset(out, 0, sizeof(*out));
	if (out->flags & ~(uint32_t)EXPRCHECK_F_ALL)
		return -EINVAL;
	if (out->backend > EXPRCHECK_BACKEND_USERSPACE)
		return -EINVAL;
	if (!out->max_depth)
		out->max_depth = EXPRCHECK_DEFAULT_DEPTH;
	return 0;
}
