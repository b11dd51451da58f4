/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef EXPRCHECK_LIB_VALIDATE_H
#define EXPRCHECK_LIB_VALIDATE_H

#include <exprcheck/exprcheck.h>

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * exprcheck_validate_batch() with options already resolved, results
 * @stride bytes apart (each that large) and, with @kernel_only, no
 * userspace backend (see struct dispatch_request).
 */
int exprcheck_lib_validate(const struct exprcheck_input *inputs, size_t count,
			   const struct exprcheck_options *o, bool kernel_only,
			   struct exprcheck_result *results, uint32_t stride);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_VALIDATE_H */
