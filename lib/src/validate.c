// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public entry points for buffers: options checked once, inputs
 * clipped to the length limit, verdicts turned into results. Kernel
 * backends do not know the caller's length limit, so every backend is
 * handed the first max_length bytes and the verdict is completed here,
 * the same way the core completes it for streams.
 *
 * The infix grammar may need the byte after an error to decide it (the
 * dot of "1." is wrong only when no digit follows), so with it a longer
 * input is handed over with one byte more: a verdict that needed it
 * (scanned past max_length) is too long, as the core's own limit makes
 * it. That byte may open a bracket and deepen the depth reported; the
 * bytes are never read here (they may be a file's mapping), so such a
 * verdict is asked again of the same backend for max_length bytes alone.
 */
#include "backend.h"
#include "dispatch.h"
#include "options.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>

/* What the backend is handed of @in: max_length bytes, or one more with infix. */
static struct exprcheck_input clip(const struct exprcheck_input *in,
				   const struct exprcheck_options *o)
{
	struct exprcheck_input out = *in;
	uint64_t keep = o->max_length;

	if (keep && in->len > keep)
		out.len = keep + ((o->flags & EXPRCHECK_OPT_INFIX) ? 1 : 0);
	return out;
}

/*
 * A verdict at or past max_length was decided by the byte past it, which
 * may be an opener (a verdict before it never pushed that byte): the
 * depth is taken from the first max_length bytes, asked again of @used.
 */
static int depth_inside_limit(const struct dispatch_request *rq,
			      const struct exprcheck_options *o,
			      enum exprcheck_backend used,
			      struct exprcheck_verdict *verdicts)
{
	uint64_t keep = o->max_length;

	if (!keep || !(o->flags & EXPRCHECK_OPT_INFIX))
		return 0;
	for (size_t i = 0; i < rq->count; i++) {
		struct exprcheck_input in = rq->inputs[i];
		struct dispatch_request again = *rq;
		struct exprcheck_verdict v;
		int err;

		if (in.len <= keep || verdicts[i].offset < keep)
			continue;
		in.len = keep;
		again.inputs = &in;
		again.count = 1;
		again.backend = used;
		err = exprcheck_lib_dispatch(&again, &v, &used);
		if (err)
			return err;
		verdicts[i].depth = v.depth;
	}
	return 0;
}

int exprcheck_lib_validate(const struct exprcheck_input *inputs, size_t count,
			   const struct exprcheck_options *o, bool kernel_only,
			   struct exprcheck_result *results, uint32_t stride)
{
	struct dispatch_request rq;
	struct exprcheck_verdict one_verdict, *verdicts = &one_verdict;
	struct exprcheck_input one_input, *clipped = &one_input;
	enum exprcheck_backend used;
	int err = 0;

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
		clipped[i] = clip(&inputs[i], o);
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
	if (!err)
		err = depth_inside_limit(&rq, o, used, verdicts);
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
