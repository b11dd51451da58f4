// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Streaming through the userspace core. The length of the input is not
 * known in advance, so the nesting stack starts small and grows with the
 * depth actually reached, never beyond max_depth: input is fed in pieces
 * no longer than the levels left on the stack, so the core can never hit
 * the end of its buffer before the stream has grown it.
 */
#include "exprcheck_core.h"
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_LEVELS	4096
#define PIECE		65536

struct exprcheck_stream {
	struct exprcheck_core core;
	struct exprcheck_options opts;
	unsigned char *stack;
	uint64_t levels;
};

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
	s->levels = s->opts.max_depth < FIRST_LEVELS ? s->opts.max_depth :
						       FIRST_LEVELS;
	s->stack = malloc(EXPRCHECK_CORE_STACK_BYTES(s->levels));
	err = -ENOMEM;
	if (!s->stack)
		goto fail;
	exprcheck_core_init(&s->core, s->stack,
			    EXPRCHECK_CORE_STACK_BYTES(s->levels),
			    s->opts.max_depth, s->opts.max_length,
			    s->opts.flags);
	*stream = s;
	return 0;
fail:
	free(s);
	return err;
}

/* Make room for @n more levels, up to max_depth. */
static int grow(struct exprcheck_stream *s, uint64_t n)
{
	uint64_t levels = s->levels * 2;
	unsigned char *stack;

	if (levels < s->core.depth + n)
		levels = s->core.depth + n;
	if (levels > s->opts.max_depth)
		levels = s->opts.max_depth;
	stack = realloc(s->stack, EXPRCHECK_CORE_STACK_BYTES(levels));
	if (!stack)
		return -ENOMEM;
	s->stack = stack;
	s->levels = levels;
	exprcheck_core_restack(&s->core, stack,
			       EXPRCHECK_CORE_STACK_BYTES(levels),
			       s->opts.max_depth);
	return 0;
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
		if (exprcheck_core_feed(&s->core, p, n))
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
	if (exprcheck_core_finish(&s->core)) {
		exprcheck_core_rewind(&s->core);
		return 1;
	}
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
	free(s);
}
