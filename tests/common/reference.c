// SPDX-License-Identifier: GPL-2.0-or-later
#include "reference.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t reference_closer(uint8_t c, uint32_t flags)
{
	switch (c) {
	case '(': return ')';
	case '[': return ']';
	case '{': return '}';
	case '<': return flags & EXPRCHECK_F_ANGLE ? '>' : 0;
	}
	return 0;
}

int reference_flags_valid(uint32_t flags)
{
	if (flags & ~(uint32_t)EXPRCHECK_F_ALL)
		return 0;
	return !(flags & EXPRCHECK_F_INFIX) ||
	       !(flags & (EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES));
}

static bool is_closer(uint8_t c, uint32_t flags)
{
	return c == ')' || c == ']' || c == '}' ||
	       (c == '>' && (flags & EXPRCHECK_F_ANGLE));
}

static void fail(struct exprcheck_verdict *v, uint32_t status, uint64_t off,
		 uint8_t expected, uint8_t found)
{
	v->status = status;
	v->offset = off;
	v->expected = expected;
	v->found = found;
}

static void reference_brackets(const void *expr, size_t len, uint32_t flags,
			       uint64_t max_depth, uint64_t max_len,
			       struct exprcheck_verdict *v)
{
	const uint8_t *in = expr;
	size_t limit = max_len && max_len < len ? max_len : len;
	size_t cap = limit < max_depth ? limit : max_depth;
	uint64_t *offs = malloc((cap + 1) * sizeof(*offs));
	uint8_t *closers = malloc(cap + 1);
	uint64_t depth = 0, quote_off = 0;
	uint8_t quote = 0;
	bool escape = false;
	size_t i;

	if (!offs || !closers) {
		fputs("reference_validate: out of memory\n", stderr);
		abort();
	}
	memset(v, 0, sizeof(*v));
	for (i = 0; i < limit; i++) {
		uint8_t c = in[i];
		uint8_t closer = reference_closer(c, flags);

		if (quote) {
			if (escape)
				escape = false;
			else if (c == '\\')
				escape = true;
			else if (c == quote)
				quote = 0;
		} else if ((flags & EXPRCHECK_F_QUOTES) &&
			   (c == '"' || c == '\'')) {
			quote = c;
			quote_off = i;
		} else if (closer) {
			if (depth == max_depth) {
				fail(v, EXPRCHECK_TOO_DEEP, i, 0, c);
				break;
			}
			offs[depth] = i;
			closers[depth++] = closer;
			if (depth > v->depth)
				v->depth = depth;
		} else if (is_closer(c, flags)) {
			if (!depth) {
				fail(v, EXPRCHECK_UNEXPECTED_CLOSER, i, 0, c);
				break;
			}
			if (closers[depth - 1] != c) {
				fail(v, EXPRCHECK_WRONG_CLOSER, i,
				     closers[depth - 1], c);
				break;
			}
			depth--;
		}
	}
	if (i < limit) {
		v->scanned = i + 1;
	} else {
		v->scanned = limit;
		if (limit < len)
			fail(v, EXPRCHECK_TOO_LONG, limit, 0, 0);
		else if (quote)
			fail(v, EXPRCHECK_LEFT_OPEN, quote_off, quote, 0);
		else if (depth)
			fail(v, EXPRCHECK_LEFT_OPEN, offs[depth - 1],
			     closers[depth - 1], 0);
	}
	free(offs);
	free(closers);
}

void reference_validate(const void *expr, size_t len, uint32_t flags,
			uint64_t max_depth, uint64_t max_len,
			struct exprcheck_verdict *v)
{
	if (flags & EXPRCHECK_F_INFIX)
		reference_infix_validate(expr, len, max_depth, max_len, v);
	else
		reference_brackets(expr, len, flags, max_depth, max_len, v);
}
