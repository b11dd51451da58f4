// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The validator core compiled into the library: always available. It
 * keeps every opener's offset (8 bytes a level), so a left-open verdict
 * never needs a second pass over the input.
 */
#include "backend.h"
#include "exprcheck_core.h"
#include "scan.h"

#include <errno.h>
#include <stdlib.h>

/* Nesting up to this depth needs no allocation. */
#define ON_STACK_DEPTH 256

int core_validate(const void *expr, size_t len, uint32_t flags,
		  uint64_t max_depth, uint64_t max_len,
		  struct exprcheck_verdict *verdict)
{
	unsigned char small_stack[EXPRCHECK_CORE_STACK_BYTES(ON_STACK_DEPTH)];
	__u64 small_offsets[ON_STACK_DEPTH];
	unsigned char *stack = small_stack;
	__u64 *offsets = small_offsets;
	uint64_t depth = max_depth;
	struct exprcheck_core core;
	void *big = NULL;

	/* Nesting cannot exceed the input's length: size the stack by both. */
	if (depth > len)
		depth = len;
	if (depth > ON_STACK_DEPTH) {
		big = malloc(depth * sizeof(*offsets) +
			     EXPRCHECK_CORE_STACK_BYTES(depth));
		if (!big)
			return -ENOMEM;
		offsets = big;
		stack = (unsigned char *)(offsets + depth);
	}
	/* The stack's bytes hold depth rounded up to 4: limit it to depth. */
	exprcheck_core_init(&core, stack, EXPRCHECK_CORE_STACK_BYTES(depth),
			    max_depth < depth ? max_depth : depth, max_len,
			    flags);
	exprcheck_core_offsets(&core, offsets, depth);
	scan_feed(&core, expr, len, scan_default_path());
	exprcheck_core_finish(&core);
	exprcheck_core_verdict(&core, verdict);
	free(big);
	return 0;
}

static int userspace_probe(struct backend_limits *limits, const char **why)
{
	(void)why;
	limits->max_len = UINT64_MAX;
	limits->max_depth = UINT64_MAX;
	return 0;
}

static int userspace_validate(const struct exprcheck_input *inputs,
			      size_t count, uint32_t flags, uint64_t max_depth,
			      struct exprcheck_verdict *verdicts)
{
	for (size_t i = 0; i < count; i++) {
		int err = core_validate(inputs[i].expr, inputs[i].len, flags,
					max_depth, 0, &verdicts[i]);
		if (err)
			return err;
	}
	return 0;
}

const struct backend_ops backend_userspace = {
	.id = EXPRCHECK_BACKEND_USERSPACE,
	.probe = userspace_probe,
	.validate = userspace_validate,
};
