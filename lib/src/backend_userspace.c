// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The validator core compiled into the library: always available. The
 * whole input is at hand, so a left-open verdict whose opener scrolled out
 * of the core's window takes a second pass over it, as in the kernel: the
 * scan itself then keeps no offsets, which costs every bracket a store.
 */
#include "backend.h"
#include "exprcheck_core.h"
#include "scan.h"

#include <errno.h>
#include <stdlib.h>

/* Nesting up to this depth needs no allocation. */
#define ON_STACK_DEPTH 4096

/* The core over one buffer: 0 or -ENOMEM. */
static int core_validate(const void *expr, size_t len, uint32_t flags,
			 uint64_t max_depth, struct exprcheck_verdict *verdict)
{
	unsigned char small[EXPRCHECK_CORE_STACK_BYTES(ON_STACK_DEPTH)];
	enum scan_path path = exprcheck_lib_scan_default_path();
	unsigned char *stack = small;
	uint64_t depth = max_depth;
	struct exprcheck_core core;

	/* Nesting cannot exceed the input's length: size the stack by both. */
	if (depth > len)
		depth = len;
	if (depth > ON_STACK_DEPTH) {
		stack = malloc(EXPRCHECK_CORE_STACK_BYTES(depth));
		if (!stack)
			return -ENOMEM;
	}
	exprcheck_core_init(&core, stack, EXPRCHECK_CORE_STACK_BYTES(depth),
			    max_depth, 0, flags);
	if (!exprcheck_lib_scan_feed(&core, expr, len, path) &&
	    exprcheck_core_finish(&core)) {
		exprcheck_core_rewind(&core);
		exprcheck_lib_scan_feed(&core, expr, len, path);
		exprcheck_core_finish(&core);
	}
	exprcheck_core_verdict(&core, verdict);
	if (stack != small)
		free(stack);
	return 0;
}

static int userspace_probe(struct backend_limits *limits, const char **why)
{
	(void)why;
	limits->max_len = UINT64_MAX;
	limits->max_depth = UINT64_MAX;
	limits->flags = EXPRCHECK_F_ALL;
	return 0;
}

static int userspace_validate(const struct exprcheck_input *inputs,
			      size_t count, uint32_t flags, uint64_t max_depth,
			      struct exprcheck_verdict *verdicts)
{
	for (size_t i = 0; i < count; i++) {
		int err = core_validate(inputs[i].expr, inputs[i].len, flags,
					max_depth, &verdicts[i]);
		if (err)
			return err;
	}
	return 0;
}

const struct backend_ops exprcheck_lib_backend_userspace = {
	.id = EXPRCHECK_BACKEND_USERSPACE,
	.probe = userspace_probe,
	.validate = userspace_validate,
};
