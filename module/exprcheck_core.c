// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The exprcheck validator core. See exprcheck_core.h for how to drive it.
 *
 * The nesting stack stores each open bracket as a 2-bit kind, four levels
 * a byte, so the caller's buffer bounds the depth and nothing here grows
 * with the input. Runs of bytes that cannot matter are skipped a 64-bit
 * word at a time with integer arithmetic only (no FPU or vector unit, so
 * the same code runs in the kernel).
 */
#include "exprcheck_core.h"

#define CLASS_OPEN	0x4
#define CLASS_CLOSE	0x8
#define CLASS_QUOTE	0xc
#define CLASS_TYPE	0xc
#define CLASS_KIND	0x3

#define KIND_ANGLE	3

static const __u8 byte_class[256] = {
	['('] = CLASS_OPEN | 0,  [')'] = CLASS_CLOSE | 0,
	['['] = CLASS_OPEN | 1,  [']'] = CLASS_CLOSE | 1,
	['{'] = CLASS_OPEN | 2,  ['}'] = CLASS_CLOSE | 2,
	['<'] = CLASS_OPEN | KIND_ANGLE, ['>'] = CLASS_CLOSE | KIND_ANGLE,
	['"'] = CLASS_QUOTE,     ['\''] = CLASS_QUOTE,
};

static const __u8 closer_of[4] = { ')', ']', '}', '>' };

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Non-zero when some byte of @x is zero (exact for the lowest such byte). */
static inline __u64 zero_byte(__u64 x)
{
	return (x - ONES) & ~x & HIGHS;
}

/*
 * Non-zero when @w may hold a byte that matters under @flags. Pairs that
 * differ in one bit are tested together: ( ) as 0x28 | 1, [ { as 0x5b | 0x20
 * and ] } as 0x5d | 0x20, < > as 0x3c | 2.
 */
static inline __u64 word_may_matter(__u64 w, __u32 flags)
{
	__u64 m = zero_byte((w & ~ONES) ^ (ONES * 0x28));

	m |= zero_byte((w & (ONES * 0xdf)) ^ (ONES * 0x5b));
	m |= zero_byte((w & (ONES * 0xdf)) ^ (ONES * 0x5d));
	if (flags & EXPRCHECK_F_ANGLE)
		m |= zero_byte((w & (ONES * 0xfd)) ^ (ONES * 0x3c));
	if (flags & EXPRCHECK_F_QUOTES)
		m |= zero_byte(w ^ (ONES * '"')) | zero_byte(w ^ (ONES * '\''));
	return m;
}

static int fail(struct exprcheck_core *c, __u32 status, __u64 off,
		__u8 expected, __u8 found)
{
	c->verdict.status = status;
	c->verdict.offset = off;
	c->verdict.expected = expected;
	c->verdict.found = found;
	c->done = 1;
	return 1;
}

static unsigned int top_kind(const struct exprcheck_core *c)
{
	__u64 level = c->depth - 1;

	return (c->stack[level >> 2] >> ((level & 3) * 2)) & 3;
}

static int push(struct exprcheck_core *c, unsigned int kind, __u64 off, __u8 ch)
{
	__u64 level = c->depth;
	unsigned int shift = (level & 3) * 2;

	if (c->locating) {
		if (++c->depth == c->target)
			c->verdict.offset = off;
		return 0;
	}
	if (level == c->limit)
		return fail(c, EXPRCHECK_TOO_DEEP, off, 0, ch);
	c->stack[level >> 2] = (c->stack[level >> 2] & ~(3U << shift)) |
			       kind << shift;
	c->depth = ++level;
	if (level > c->deepest)
		c->deepest = level;
	/* Keep [recent_low, depth] the levels whose offset is still held. */
	c->recent[level % EXPRCHECK_CORE_RECENT] = off;
	if (level < c->recent_low)
		c->recent_low = level;
	else if (level - c->recent_low >= EXPRCHECK_CORE_RECENT)
		c->recent_low = level - EXPRCHECK_CORE_RECENT + 1;
	return 0;
}

static int pop(struct exprcheck_core *c, unsigned int kind, __u64 off, __u8 ch)
{
	unsigned int open;

	if (c->locating) {
		/* Input that changed since the first pass must not underflow. */
		if (c->depth)
			c->depth--;
		return 0;
	}
	if (!c->depth)
		return fail(c, EXPRCHECK_UNEXPECTED_CLOSER, off, 0, ch);
	open = top_kind(c);
	if (open != kind)
		return fail(c, EXPRCHECK_WRONG_CLOSER, off, closer_of[open], ch);
	c->depth--;
	return 0;
}

static int step(struct exprcheck_core *c, __u8 ch, __u64 off)
{
	unsigned int class = byte_class[ch];
	unsigned int kind = class & CLASS_KIND;

	if (c->quote) {
		if (c->escape)
			c->escape = 0;
		else if (ch == '\\')
			c->escape = 1;
		else if (ch == c->quote)
			c->quote = 0;
		return 0;
	}
	switch (class & CLASS_TYPE) {
	case CLASS_OPEN:
		if (kind == KIND_ANGLE && !(c->flags & EXPRCHECK_F_ANGLE))
			return 0;
		return push(c, kind, off, ch);
	case CLASS_CLOSE:
		if (kind == KIND_ANGLE && !(c->flags & EXPRCHECK_F_ANGLE))
			return 0;
		return pop(c, kind, off, ch);
	case CLASS_QUOTE:
		if (c->flags & EXPRCHECK_F_QUOTES) {
			c->quote = ch;
			c->quote_off = off;
		}
		return 0;
	}
	return 0;
}

void exprcheck_core_restack(struct exprcheck_core *c, void *stack,
			    __u64 stack_bytes, __u64 max_depth)
{
	__u64 held = stack_bytes * 4;

	c->stack = stack;
	c->limit = max_depth < held ? max_depth : held;
}

int exprcheck_core_init(struct exprcheck_core *c, void *stack,
			__u64 stack_bytes, __u64 max_depth, __u64 max_len,
			__u32 flags)
{
	__builtin_memset(c, 0, sizeof(*c));
	if (flags & ~EXPRCHECK_F_ALL)
		return -1;
	exprcheck_core_restack(c, stack, stack_bytes, max_depth);
	c->max_len = max_len;
	c->flags = flags;
	c->recent_low = 1;
	return 0;
}

/*
 * Feeds @n bytes to step(); returns 1 once the verdict is known. Outside a
 * quote, words in which no byte may matter are skipped in a loop of their
 * own. In a word where one or two bytes may, the scan jumps to the first
 * (none before it matters; it may itself be a false alarm, which step()
 * ignores) and goes on from the byte after it; a word with more is stepped
 * whole. Inside a quote every byte counts (an escape ends at the next
 * one), so they go one at a time.
 */
static int scan(struct exprcheck_core *c, const __u8 *p, __u64 n)
{
	__u64 base = c->offset;
	__u32 flags = c->flags;
	__u64 i = 0, stop, w, m, rest;

	while (i < n) {
		stop = i + 1;
		if (!c->quote) {
			for (m = 0; n - i >= sizeof(w); i += sizeof(w)) {
				__builtin_memcpy(&w, p + i, sizeof(w));
				m = word_may_matter(w, flags);
				if (m)
					break;
			}
			/* Fewer than eight bytes left: step them all. */
			stop = n;
			if (m) {
				rest = m & (m - 1);
				stop = i + sizeof(w);
			}
			if (m && !(rest & (rest - 1))) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				i += __builtin_ctzll(m) / 8;
#else
				i += __builtin_clzll(m) / 8;
#endif
				stop = i + 1;
			}
		}
		for (; i < stop; i++) {
			if (step(c, p[i], base + i)) {
				c->offset = base + i + 1;
				return 1;
			}
		}
	}
	c->offset = base + n;
	return 0;
}

int exprcheck_core_feed(struct exprcheck_core *c, const void *buf, __u64 len)
{
	__u64 room;

	if (c->done)
		return 1;
	if (c->locating) {
		/* The second pass stops where the first one ended. */
		room = c->length - c->offset;
		scan(c, buf, len < room ? len : room);
		return c->offset == c->length;
	}
	if (!c->max_len || len <= c->max_len - c->offset)
		return scan(c, buf, len);
	if (scan(c, buf, c->max_len - c->offset))
		return 1;
	return fail(c, EXPRCHECK_TOO_LONG, c->max_len, 0, 0);
}

int exprcheck_core_finish(struct exprcheck_core *c)
{
	if (c->locating) {
		/*
		 * A second pass that ends short of the first one's length, or
		 * at another depth, read other input: its offset means nothing.
		 */
		if (c->offset != c->length || c->depth != c->target)
			c->verdict.offset = ~0ULL;
		c->locating = 0;
		c->depth = c->target;
		c->offset = c->length;
		c->done = 1;
		return 0;
	}
	if (c->done)
		return 0;
	c->done = 1;
	if (c->quote) {
		fail(c, EXPRCHECK_LEFT_OPEN, c->quote_off, c->quote, 0);
		return 0;
	}
	if (!c->depth)
		return 0;
	fail(c, EXPRCHECK_LEFT_OPEN, 0, closer_of[top_kind(c)], 0);
	if (c->depth >= c->recent_low) {
		c->verdict.offset = c->recent[c->depth % EXPRCHECK_CORE_RECENT];
		return 0;
	}
	c->length = c->offset;
	return 1;
}

void exprcheck_core_rewind(struct exprcheck_core *c)
{
	/*
	 * The innermost opener still open is the last one that brought the
	 * depth up to its final value: count depth again and note it.
	 */
	c->target = c->depth;
	c->verdict.offset = ~0ULL;
	c->depth = 0;
	c->offset = 0;
	c->quote = 0;
	c->escape = 0;
	c->done = 0;
	c->locating = 1;
}

void exprcheck_core_verdict(const struct exprcheck_core *c,
			    struct exprcheck_verdict *out)
{
	*out = c->verdict;
	out->depth = c->deepest;
	out->scanned = c->offset;
}
