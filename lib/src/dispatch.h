/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef EXPRCHECK_LIB_DISPATCH_H
#define EXPRCHECK_LIB_DISPATCH_H

#include "backend.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dispatch_request {
	const struct exprcheck_input *inputs;
	size_t count;
	uint32_t flags;
	uint64_t max_depth;
	enum exprcheck_backend backend;
	/*
	 * Only a kernel backend may read the inputs: they are a file's
	 * mapping, which the kernel reads safely (EFAULT) where the file
	 * shrank and the userspace core would take SIGBUS.
	 */
	bool kernel_only;
};

/*
 * Serve @rq; 0 with *@used set, or -errno: -ENODEV when the forced
 * backend is unusable or, for a kernel_only `auto`, no kernel backend
 * took the request.
 */
int exprcheck_lib_dispatch(const struct dispatch_request *rq,
			   struct exprcheck_verdict *verdicts,
			   enum exprcheck_backend *used);

/* The limits of @backend (not auto): 0, or -ENODEV when it is unusable. */
int exprcheck_lib_backend_limits(enum exprcheck_backend backend,
				 struct backend_limits *limits);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_DISPATCH_H */
