// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Streaming through the userspace core. The length of the input is not
 * known in advance, so the nesting stack starts small and grows with the
 * depth actually reached, never beyond max_depth: input is fed in pieces
 * no longer than the levels left on the stack, so the core can never hit
 * the end of its buffer before the stream has grown it. Beside the stack
 * the core keeps every opener's offset (8 bytes a level), so that a
 * left-open verdict never needs the input a second time: a pipe gets the
 * same exact offset as a file.
 */
#include "exprcheck_core.h"
#include "options.h"
#include "scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_LEVELS	4096
#define PIECE		65536

struct exprcheck_stream {
	struct exprcheck_core core;
	struct exprcheck_options opts;
	unsigned char *stack;
	__u64 *offsets;
	uint64_t levels;
};

/* Room for @levels levels: the stack and the offsets grow together. */
static int make_room(struct exprcheck_stream *s, uint64_t levels)
{
	unsigned char *stack;
	__u64 *offsets;

	stack = realloc(s->stack, EXPRCHECK_CORE_STACK_BYTES(levels));
	if (!stack)
		return -ENOMEM;
	s->stack = stack;
	offsets = realloc(s->offsets, levels * sizeof(*offsets));
	if (!offsets)
		return -ENOMEM;
	s->offsets = offsets;
	s->levels = levels;
	return 0;
}

int exprcheck_stream_new(struct exprcheck_stream **stream,
			 const struct exprcheck_options *opts)
{
	struct exprcheck_stream *s;
	int err;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = exprcheck_lib_options_resolve(opts, &s->opts);
	if (err)
		goto fail;
	err = make_room(s, s->opts.max_depth < FIRST_LEVELS ?
			   s->opts.max_depth : FIRST_LEVELS);
	if (err)
		goto fail;
	/*
	 * The core's depth limit is the levels there is room for (its offsets
	 * must cover it); feeding grows the room before the input can reach
	 * it, so only max_depth is ever reported as too deep.
	 */
	exprcheck_core_init(&s->core, s->stack,
			    EXPRCHECK_CORE_STACK_BYTES(s->levels), s->levels,
			    s->opts.max_length, s->opts.flags);
	exprcheck_core_offsets(&s->core, s->offsets, s->levels);
	*stream = s;
	return 0;
fail:
	exprcheck_stream_free(s);
	return err;
}

/* Make room for @n more levels, up to max_depth. */
static int grow(struct exprcheck_stream *s, uint64_t n)
{
	uint64_t levels = s->levels * 2;
	int err;

	if (levels < s->core.depth + n)
		levels = s->core.depth + n;
	if (levels > s->opts.max_depth)
		levels = s->opts.max_depth;
	err = make_room(s, levels);
	/* The core goes on in the buffers it has until both have grown. */
	exprcheck_core_restack(&s->core, s->stack,
			       EXPRCHECK_CORE_STACK_BYTES(s->levels), s->levels);
	exprcheck_core_offsets(&s->core, s->offsets, s->levels);
	return err;
}

int exprcheck_stream_feed(struct exprcheck_stream *s, const void *buf,
			  size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		size_t n = len < PIECE ? len : PIECE;

		if (s->levels < s->opts.max_depth &&
		    s->levels - s->core.depth < n && grow(s, n))
			return -ENOMEM;
		if (exprcheck_lib_scan_feed(&s->core, p, n,
					    exprcheck_lib_scan_default_path()))
			return 1;
		p += n;
		len -= n;
	}
	return 0;
}

int exprcheck_stream_finish(struct exprcheck_stream *s,
			    struct exprcheck_result *res)
{
	struct exprcheck_verdict v;
	uint32_t size;
	int err = exprcheck_lib_result_size(res, &size);

	if (err)
		return err;
	/* With every offset kept, the core never asks for a second pass. */
	exprcheck_core_finish(&s->core);
	exprcheck_core_verdict(&s->core, &v);
	/* The core applied max_length itself: report the verdict as it is. */
	exprcheck_lib_result_from_verdict(&v, v.scanned, &s->opts,
					  EXPRCHECK_BACKEND_USERSPACE, res, size);
	return 0;
}

void exprcheck_stream_free(struct exprcheck_stream *s)
{
	if (!s)
		return;
	free(s->stack);
	free(s->offsets);
	free(s);
}
