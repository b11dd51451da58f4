// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public entry points for buffers: options checked once, inputs
 * clipped to the length limit, verdicts turned into results. Kernel
 * backends do not know the caller's length limit, so every backend is
 * handed the first max_length bytes and the verdict is completed here,
 * the same way the core completes it for streams.
 */
#include "backend.h"
#include "dispatch.h"
#include "options.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int exprcheck_lib_validate(const struct exprcheck_input *inputs, size_t count,
			   const struct exprcheck_options *o, bool kernel_only,
			   struct exprcheck_result *results, uint32_t stride)
{
	struct dispatch_request rq;
	struct exprcheck_verdict one_verdict, *verdicts = &one_verdict;
	struct exprcheck_input one_input, *clipped = &one_input;
	enum exprcheck_backend used;
	int err;

	if (count > 1) {
		verdicts = calloc(count, sizeof(*verdicts));
		clipped = calloc(count, sizeof(*clipped));
		if (!verdicts || !clipped) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < count; i++) {
		if (!inputs[i].expr && inputs[i].len) {
			err = -EINVAL;
			goto out;
		}
		clipped[i] = inputs[i];
		if (o->max_length && clipped[i].len > o->max_length)
			clipped[i].len = o->max_length;
	}
	rq = (struct dispatch_request){
		.inputs = clipped,
		.count = count,
		.flags = o->flags,
		.max_depth = o->max_depth,
		.backend = o->backend,
		.kernel_only = kernel_only,
	};
	err = exprcheck_lib_dispatch(&rq, verdicts, &used);
	for (size_t i = 0; !err && i < count; i++)
		exprcheck_lib_result_from_verdict(&verdicts[i], inputs[i].len, o,
						  used,
						  (void *)((char *)results + i * stride),
						  stride);
out:
	if (verdicts != &one_verdict)
		free(verdicts);
	if (clipped != &one_input)
		free(clipped);
	return err;
}

int exprcheck_validate_batch(const struct exprcheck_input *inputs,
			     size_t count, const struct exprcheck_options *opts,
			     struct exprcheck_result *results)
{
	struct exprcheck_options o;
	uint32_t stride;
	int err;

	err = exprcheck_lib_options_resolve(opts, &o);
	if (err || !count)
		return err;
	err = exprcheck_lib_result_size(results, &stride);
	if (err)
		return err;
	return exprcheck_lib_validate(inputs, count, &o, false, results, stride);
}

int exprcheck_validate(const void *expr, size_t len,
		       const struct exprcheck_options *opts,
		       struct exprcheck_result *res)
{
	struct exprcheck_input in = { .expr = expr, .len = len };

	return exprcheck_validate_batch(&in, 1, opts, res);
}
