/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef EXPRCHECK_LIB_DISPATCH_H
#define EXPRCHECK_LIB_DISPATCH_H

#include "backend.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dispatch_request {
	const struct exprcheck_input *inputs;
	size_t count;
	uint32_t flags;
	uint64_t max_depth;
	enum exprcheck_backend backend;
};

/* Serve @rq; 0 with *@used set, or -errno (-ENODEV: forced backend unusable). */
int exprcheck_lib_dispatch(const struct dispatch_request *rq,
			   struct exprcheck_verdict *verdicts,
			   enum exprcheck_backend *used);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_DISPATCH_H */
