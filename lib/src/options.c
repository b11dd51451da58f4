// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public structs at the caller's size: options read, results written,
 * by the rules in exprcheck.h (copy_struct_from_user()'s, in userspace).
 */
#include "options.h"
#include "exprcheck_core.h"

#include <errno.h>
#include <string.h>

/* The library's option bits are the kernel's flag bits, by design. */
_Static_assert(EXPRCHECK_OPT_ANGLE == EXPRCHECK_F_ANGLE, "flag bits differ");
_Static_assert(EXPRCHECK_OPT_QUOTES == EXPRCHECK_F_QUOTES, "flag bits differ");
_Static_assert(EXPRCHECK_OPT_INFIX == EXPRCHECK_F_INFIX, "flag bits differ");
_Static_assert(EXPRCHECK_DEFAULT_DEPTH == EXPRCHECK_DEFAULT_MAX_DEPTH,
	       "default depths differ");
_Static_assert((int)EXPRCHECK_STATUS_TOO_LONG == EXPRCHECK_TOO_LONG &&
	       (int)EXPRCHECK_STATUS_LEFT_OPEN == EXPRCHECK_LEFT_OPEN &&
	       (int)EXPRCHECK_STATUS_STRAY_COMMA == EXPRCHECK_STRAY_COMMA,
	       "status codes differ");
_Static_assert(sizeof(struct exprcheck_options) == EXPRCHECK_OPTIONS_SIZE_VER0 &&
	       sizeof(struct exprcheck_result) == EXPRCHECK_RESULT_SIZE_VER0,
	       "a struct grew: add its _VER1 size");

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

int exprcheck_lib_options_resolve(const struct exprcheck_options *in,
				  struct exprcheck_options *out)
{
	memset(out, 0, sizeof(*out));
	if (in) {
		size_t n = in->size < sizeof(*out) ? in->size : sizeof(*out);

		if (in->size < EXPRCHECK_OPTIONS_SIZE_VER0)
			return -EINVAL;
		if (!all_zero((const unsigned char *)in + n, in->size - n))
			return -E2BIG;
		memcpy(out, in, n);
	}
	out->size = sizeof(*out);
	if (!exprcheck_core_flags_valid(out->flags) || out->reserved)
		return -EINVAL;
	if (out->backend > EXPRCHECK_BACKEND_USERSPACE)
		return -EINVAL;
	if (!out->max_depth)
		out->max_depth = EXPRCHECK_DEFAULT_DEPTH;
	return 0;
}

int exprcheck_lib_result_size(const struct exprcheck_result *res,
			      uint32_t *size)
{
	*size = res->size;
	return *size < EXPRCHECK_RESULT_SIZE_VER0 ? -EINVAL : 0;
}

void exprcheck_lib_result_from_verdict(const struct exprcheck_verdict *v,
				       uint64_t len,
				       const struct exprcheck_options *o,
				       enum exprcheck_backend backend,
				       struct exprcheck_result *res,
				       uint32_t size)
{
	struct exprcheck_result r;
	size_t n = size < sizeof(r) ? size : sizeof(r);

	memset(&r, 0, sizeof(r));
	r.size = (uint32_t)n;
	r.status = v->status;
	r.backend = backend;
	r.offset = v->offset;
	r.depth = v->depth;
	r.scanned = v->scanned;
	r.expected = (char)v->expected;
	r.found = (char)v->found;
	/*
	 * Only an error decided inside the first max_length bytes beats "too
	 * long": with the infix grammar the backend was handed a byte more
	 * only to see where the verdict was decided (validate.c).
	 */
	if (o->max_length && len > o->max_length &&
	    (v->status == EXPRCHECK_VALID || v->status == EXPRCHECK_LEFT_OPEN ||
	     v->scanned > o->max_length)) {
		r.status = EXPRCHECK_STATUS_TOO_LONG;
		r.offset = o->max_length;
		r.scanned = o->max_length;
		r.expected = 0;
		r.found = 0;
	}
	memcpy(res, &r, n);
	memset((unsigned char *)res + n, 0, size - n);
}
