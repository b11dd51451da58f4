/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef EXPRCHECK_LIB_OPTIONS_H
#define EXPRCHECK_LIB_OPTIONS_H

#include <exprcheck/exprcheck.h>
#include <linux/exprcheck.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Check @in (NULL: defaults) and fill every default in @out; 0 or -EINVAL. */
int options_resolve(const struct exprcheck_options *in,
		    struct exprcheck_options *out);

/* Turn a core or kernel verdict over @len input bytes into a result. */
void result_from_verdict(const struct exprcheck_verdict *v, uint64_t len,
			 const struct exprcheck_options *o,
			 enum exprcheck_backend backend,
			 struct exprcheck_result *res);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_OPTIONS_H */
