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
 * it. That byte must not open a bracket, which could deepen the depth
 * reported: an opener there is handed over as a space, in a copy.
 */
#include "backend.h"
#include "dispatch.h"
#include "options.h"
#include "validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Clip @in to what the backend is handed, into @out; *@copy is a copy
 * made for it (to free), or NULL. 0 or -ENOMEM.
 */
static int clip(const struct exprcheck_input *in, const struct exprcheck_options *o,
		struct exprcheck_input *out, char **copy)
{
	uint64_t keep = o->max_length;
	char *buf, last;

	*out = *in;
	*copy = NULL;
	if (!keep || in->len <= keep)
		return 0;
	if (!(o->flags & EXPRCHECK_OPT_INFIX)) {
		out->len = keep;
		return 0;
	}
	out->len = keep + 1;
	last = ((const char *)in->expr)[keep];
	if (last != '(' && last != '[' && last != '{')
		return 0;
	buf = malloc(keep + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, in->expr, keep);
	buf[keep] = ' ';
	out->expr = buf;
	*copy = buf;
	return 0;
}

int exprcheck_lib_validate(const struct exprcheck_input *inputs, size_t count,
			   const struct exprcheck_options *o, bool kernel_only,
			   struct exprcheck_result *results, uint32_t stride)
{
	struct dispatch_request rq;
	struct exprcheck_verdict one_verdict, *verdicts = &one_verdict;
	struct exprcheck_input one_input, *clipped = &one_input;
	char *one_copy = NULL, **copies = &one_copy;
	enum exprcheck_backend used;
	int err = 0;

	if (count > 1) {
		verdicts = calloc(count, sizeof(*verdicts));
		clipped = calloc(count, sizeof(*clipped));
		copies = calloc(count, sizeof(*copies));
		if (!verdicts || !clipped || !copies) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (size_t i = 0; !err && i < count; i++) {
		if (!inputs[i].expr && inputs[i].len)
			err = -EINVAL;
		else
			err = clip(&inputs[i], o, &clipped[i], &copies[i]);
	}
	if (err)
		goto out;
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
	for (size_t i = 0; copies && i < count; i++)
		free(copies[i]);
	if (verdicts != &one_verdict)
		free(verdicts);
	if (clipped != &one_input)
		free(clipped);
	if (copies != &one_copy)
		free(copies);
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
