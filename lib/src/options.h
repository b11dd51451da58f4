/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef EXPRCHECK_LIB_OPTIONS_H
#define EXPRCHECK_LIB_OPTIONS_H

#include <exprcheck/exprcheck.h>
#include <linux/exprcheck.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read the caller's @in (NULL: defaults), whatever its size, into @out at
 * this library's size, with every default filled; 0, -EINVAL or -E2BIG.
 */
int exprcheck_lib_options_resolve(const struct exprcheck_options *in,
				  struct exprcheck_options *out);

/* The size the caller gave @res: 0, or -EINVAL below the first version's. */
int exprcheck_lib_result_size(const struct exprcheck_result *res,
			      uint32_t *size);

/*
 * Turn a core or kernel verdict over @len input bytes into a result, and
 * write it to @res, which holds @size bytes.
 */
void exprcheck_lib_result_from_verdict(const struct exprcheck_verdict *v,
				       uint64_t len,
				       const struct exprcheck_options *o,
				       enum exprcheck_backend backend,
				       struct exprcheck_result *res,
				       uint32_t size);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_OPTIONS_H */
