// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The exprcheck validator core. See exprcheck_core.h for how to drive it.
 *
 * The nesting stack stores each open bracket as a 2-bit kind, four levels
 * a byte, so the caller's buffer bounds the depth and nothing here grows
 * with the input. Two ways in: exprcheck_core_feed() skips runs of bytes
 * that cannot matter a 64-bit word at a time with integer arithmetic only
 * (no FPU or vector unit, so it runs anywhere, the kernel included);
 * exprcheck_core_feed_section() takes the masks a vector classifier made
 * (exprcheck_simd.c) and walks only the bytes they mark. Both end in the
 * same push(), pop() and step() wherever a verdict is decided.
 *
 * With EXPRCHECK_F_INFIX every byte matters: scan_infix() hands each one
 * to the grammar (exprcheck_infix.c), and the brackets it finds to the
 * same push() and pop(). The bracket paths do not look at the flag.
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

/* Bits set in @x, without libgcc's helper (the kernel has none). */
static inline unsigned int count_bits(__u64 x)
{
	x -= (x >> 1) & (ONES * 0x55);
	x = (x & (ONES * 0x33)) + ((x >> 2) & (ONES * 0x33));
	x = (x + (x >> 4)) & (ONES * 0x0f);
	return (x * ONES) >> 56;
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

/* Every opener's offset is kept, for the whole depth limit. */
static inline int have_offsets(const struct exprcheck_core *c)
{
	return c->offsets && c->offsets_levels >= c->limit;
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
	if (have_offsets(c))
		c->offsets[level] = off;
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
	c->stack_bytes = stack_bytes;
	c->limit = max_depth < held ? max_depth : held;
}

void exprcheck_core_offsets(struct exprcheck_core *c, __u64 *offsets,
			    __u64 levels)
{
	c->offsets = offsets;
	c->offsets_levels = levels;
}

int exprcheck_core_init(struct exprcheck_core *c, void *stack,
			__u64 stack_bytes, __u64 max_depth, __u64 max_len,
			__u32 flags)
{
	__builtin_memset(c, 0, sizeof(*c));
	if (!exprcheck_core_flags_valid(flags))
		return -1;
	exprcheck_infix_init(&c->infix);
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

static int fail_infix(struct exprcheck_core *c,
		      const struct exprcheck_infix_error *e)
{
	return fail(c, e->status, e->offset, 0, e->found);
}

/*
 * Feeds @n bytes to the grammar one at a time, and the brackets it finds
 * to the stack: a closer first to pop() (a bracket error comes before
 * what the grammar says of it), then back to the grammar. Returns 1 once
 * the verdict is known, with the offset past the byte that decided it.
 */
static int scan_infix(struct exprcheck_core *c, const __u8 *p, __u64 n)
{
	struct exprcheck_infix_error e;
	__u64 base = c->offset, i;
	int ret;

	for (i = 0; i < n; i++) {
		__u8 ch = p[i];
		unsigned int kind = byte_class[ch] & CLASS_KIND;

		ret = exprcheck_infix_byte(&c->infix, ch, base + i, c->depth, &e);
		if (ret == EXPRCHECK_INFIX_OPEN && push(c, kind, base + i, ch))
			break;
		if (ret == EXPRCHECK_INFIX_CLOSE) {
			if (pop(c, kind, base + i, ch))
				break;
			ret = exprcheck_infix_close(&c->infix, ch, base + i, &e);
		}
		if (ret == EXPRCHECK_INFIX_ERROR) {
			fail_infix(c, &e);
			break;
		}
	}
	if (i < n) {
		c->offset = base + i + 1;
		return 1;
	}
	c->offset = base + n;
	return 0;
}

/* The bracket scan, or the grammar's when the flag asks for it. */
static int scan_for(struct exprcheck_core *c, const __u8 *p, __u64 n)
{
	if (c->flags & EXPRCHECK_F_INFIX)
		return scan_infix(c, p, n);
	return scan(c, p, n);
}

int exprcheck_core_feed(struct exprcheck_core *c, const void *buf, __u64 len)
{
	__u64 room;

	if (c->done)
		return 1;
	if (c->locating) {
		/*
		 * The second pass stops where the first one ended, and only
		 * counts brackets: the grammar found nothing the first time.
		 */
		room = c->length - c->offset;
		scan(c, buf, len < room ? len : room);
		return c->offset == c->length;
	}
	if (!c->max_len || len <= c->max_len - c->offset)
		return scan_for(c, buf, len);
	if (scan_for(c, buf, c->max_len - c->offset))
		return 1;
	return fail(c, EXPRCHECK_TOO_LONG, c->max_len, 0, 0);
}

/*
 * The marked bytes of one block in order, through step(). A backslash in
 * a quote takes the byte after it, marked or not; at the end of the block
 * (or of the input fed) it stays pending, for the next block to drop.
 * @avail bytes are there from @p on. Returns 1 once the verdict is known.
 */
static int exact_block(struct exprcheck_core *c, const __u8 *p, __u64 bits,
		       __u64 at, __u64 avail)
{
	while (bits) {
		unsigned int i = __builtin_ctzll(bits);

		bits &= bits - 1;
		if (step(c, p[i], at + i)) {
			c->offset = at + i + 1;
			return 1;
		}
		if (c->escape && i < 63 && i + 1 < avail) {
			c->escape = 0;
			bits &= ~(2ULL << i);
		}
	}
	return 0;
}

/*
 * The section walker's fast path takes the brackets of blocks outside
 * quotes in batches: their positions are gathered from the masks (the
 * first four of a block without a branch, simdjson's way; a dense block
 * is run from its own bits), then each bracket moves a window that holds
 * the top 32 levels of the stack in a register, without a branch on its
 * kind. Errors only set flags; a batch that has one is walked again,
 * exactly, from the state saved before it.
 */
#define FAST_GROUP	32	/* brackets a window serves */
#define FAST_BATCH	64	/* positions gathered before they are run */
#define FAST_ROOM	(FAST_BATCH + 64 + 8)
#define FAST_DENSE	16	/* more brackets in a block: run its bits */

struct fast_batch {
	__u16 pos[FAST_ROOM];	/* offsets in the section */
	unsigned int n;
	__u64 first_block;
};

static inline __u64 load_le64(const __u8 *p)
{
	__u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void store_le64(__u8 *p, __u64 v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	__builtin_memcpy(p, &v, sizeof(v));
}

/*
 * The window of levels [lo, lo + 32): level lo + j in bits 2j and 2j + 1,
 * so the top of the stack is in the two highest bits when lo is depth - 32.
 * Levels below 0 read as @below.
 */
static __u64 window_load(const struct exprcheck_core *c, __s64 lo,
			 __u64 below)
{
	__u64 w = 0, k, byte = lo >> 2;
	unsigned int shift = (lo & 3) * 2;
	__s64 level;

	if (lo <= -FAST_GROUP)
		return below;
	if (lo >= 0 && byte + 9 <= c->stack_bytes) {
		w = load_le64(c->stack + byte) >> shift;
		if (shift)
			w |= (__u64)c->stack[byte + 8] << (64 - shift);
		return w;
	}
	if (lo < 0 && c->stack_bytes >= 8)
		return load_le64(c->stack) << (-lo * 2) |
		       (below >> (64 + lo * 2));
	for (k = 0; k < FAST_GROUP; k++) {
		level = lo + (__s64)k;
		if (level < 0)
			w |= (below & 3) << (2 * k);
		else if ((__u64)level < c->stack_bytes * 4)
			w |= (__u64)((c->stack[level >> 2] >> ((level & 3) * 2)) & 3)
			     << (2 * k);
	}
	return w;
}

/*
 * Write the window @w of levels [lo, lo + 32) back, from level @from on
 * (those below are as they were); levels above the top are free, so what
 * lands there does not matter, but nothing lands past the buffer.
 */
static void window_store(struct exprcheck_core *c, __s64 lo, __u64 w,
			 __s64 from)
{
	__u64 keep, mask, k, byte = lo >> 2;
	unsigned int shift = (lo & 3) * 2;
	__s64 level;

	if (from < 0)
		from = 0;
	if (from - lo >= FAST_GROUP)
		return;
	mask = from > lo ? ~0ULL << (2 * (from - lo)) : ~0ULL;
	w &= mask;
	if (lo >= 0 && byte + 9 <= c->stack_bytes) {
		keep = load_le64(c->stack + byte) & ~(mask << shift);
		store_le64(c->stack + byte, keep | w << shift);
		if (shift) {
			keep = c->stack[byte + 8] & ~(mask >> (64 - shift));
			c->stack[byte + 8] = keep | w >> (64 - shift);
		}
		return;
	}
	if (lo < 0 && c->stack_bytes >= 8) {
		keep = load_le64(c->stack) & ~(mask >> (-lo * 2));
		store_le64(c->stack, keep | w >> (-lo * 2));
		return;
	}
	for (k = 0; k < FAST_GROUP; k++) {
		level = lo + (__s64)k;
		if (level >= from && (__u64)level < c->stack_bytes * 4) {
			shift = (level & 3) * 2;
			c->stack[level >> 2] = (c->stack[level >> 2] & ~(3U << shift)) |
					       ((w >> (2 * k)) & 3) << shift;
		}
	}
}

/* Per byte, for the fast path: its kind in the two top bits, ... */
#define TOP(kind)	((__u64)(kind) << 62)
static const __u64 fast_kind[256] = {
	['('] = TOP(0), [')'] = TOP(0), ['['] = TOP(1), [']'] = TOP(1),
	['{'] = TOP(2), ['}'] = TOP(2), ['<'] = TOP(KIND_ANGLE),
	['>'] = TOP(KIND_ANGLE),
};

/* ... both top bits set for a closer, ... */
static const __u64 fast_closer[256] = {
	[')'] = TOP(3), [']'] = TOP(3), ['}'] = TOP(3), ['>'] = TOP(3),
};

/* ... and the step it takes the depth. */
static const __s8 fast_delta[256] = {
	['('] = 1, [')'] = -1, ['['] = 1, [']'] = -1,
	['{'] = 1, ['}'] = -1, ['<'] = 1, ['>'] = -1,
};

/*
 * Run @n (at most FAST_GROUP) brackets at the positions @pos of the
 * section at @p (offset @at), from depth *@depth. Each opener shifts its
 * kind in at the top of the window, each closer compares the top with its
 * own kind and shifts it out; the mismatches are ORed together. Below
 * level 0 the window holds the angle kind, which no closer matches when
 * angles do not count; when they do, the lowest depth reached tells. An
 * opener at the limit shows in the highest. Returns non-zero on error;
 * else moves *@depth and *@deepest. The positions are @pos, or when
 * @direct @off plus those of the bits of @bits. @direct, @offsets and
 * @angle are constants where it is called, so that each loop does only
 * its own work.
 */
static inline __u64 fast_group(struct exprcheck_core *c, const __u8 *p,
			       const __u16 *pos, __u64 bits, unsigned int off,
			       unsigned int n, __u64 at, __s64 *depth,
			       __u64 *deepest, const int direct,
			       const int offsets, const int angle)
{
	__s64 d = *depth, lowest = d, highest = d, limit = c->limit;
	__u64 w = window_load(c, d - FAST_GROUP, angle ? 0 : ~0ULL), err = 0;
	unsigned int k;

	for (k = 0; k < n; k++) {
		unsigned int i = direct ? off + __builtin_ctzll(bits) : pos[k];
		unsigned int ch = p[i];
		__u64 kind = fast_kind[ch], closer = fast_closer[ch];

		if (offsets)
			c->offsets[d < 0 ? 0 : d < limit ? d : limit - 1] = at + i;
		err |= (w ^ kind) & closer;
		w = closer ? w << 2 : (w >> 2) | kind;
		d += fast_delta[ch];
		highest = d > highest ? d : highest;
		if (angle)
			lowest = d < lowest ? d : lowest;
		bits &= bits - 1;
	}
	if (err || lowest < 0 || highest > limit)
		return 1;
	/*
	 * Levels more than 32 below the highest top fell out of the window
	 * and came back as zeros: memory holds them, as nothing in this run
	 * wrote them.
	 */
	window_store(c, d - FAST_GROUP, w, highest - FAST_GROUP);
	*depth = d;
	if ((__u64)highest > *deepest)
		*deepest = highest;
	return 0;
}

/*
 * fast_group() for the flags and offsets of @c, each its own loop: flatten
 * inlines the calls with their constants.
 */
static __attribute__((flatten)) __u64
fast_group_for(struct exprcheck_core *c, const __u8 *p, const __u16 *pos,
	       __u64 bits, unsigned int off, unsigned int n, __u64 at,
	       __s64 *depth, __u64 *deepest, const int direct)
{
	int offsets = have_offsets(c), angle = c->flags & EXPRCHECK_F_ANGLE;

	if (direct && offsets)
		return angle ?
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 1, 1, 1) :
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 1, 1, 0);
	if (direct)
		return angle ?
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 1, 0, 1) :
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 1, 0, 0);
	if (offsets)
		return angle ?
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 0, 1, 1) :
		       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 0, 1, 0);
	return angle ?
	       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 0, 0, 1) :
	       fast_group(c, p, pos, bits, off, n, at, depth, deepest, 0, 0, 0);
}

/*
 * Run the batch @f of blocks [f->first_block, @end_block) of the section
 * at @p: the positions it gathered or, when @dense, the bits of its one
 * block directly, 32 at a time. The 2-bit slots its brackets may
 * overwrite below the depth it starts from are saved first: after an
 * error they are put back and the blocks walked again exactly, which
 * finds it. Returns 1 once the verdict is known.
 */
static int fast_run(struct exprcheck_core *c, const __u8 *p, __u64 base,
		    __u64 len, struct fast_batch *f, __u64 end_block,
		    __u64 dense, const struct exprcheck_section *s)
{
	__u8 saved[FAST_ROOM / 4 + 2];
	__s64 d = c->depth;
	__u64 deepest = c->deepest, lo, k, b, err = 0;
	unsigned int done, n, half;

	lo = (c->depth > f->n ? c->depth - f->n : 0) >> 2;
	for (k = lo; c->depth && k <= (c->depth - 1) >> 2; k++)
		saved[k - lo] = c->stack[k];
	for (done = 0; done < f->n && !err && !dense; done += FAST_GROUP) {
		n = f->n - done < FAST_GROUP ? f->n - done : FAST_GROUP;
		err = fast_group_for(c, p, f->pos + done, 0, 0, n, base, &d,
				     &deepest, 0);
	}
	for (half = 0; half < 2 && !err && dense; half++) {
		__u64 bits = (__u32)(dense >> (32 * half));

		err = fast_group_for(c, p, f->pos, bits,
				     64 * f->first_block + 32 * half,
				     count_bits(bits), base, &d, &deepest, 1);
	}
	if (!err) {
		/* Openers were pushed unless every bracket was a closer. */
		if (f->n + (__u64)d > c->depth)
			c->recent_low = d + 1;
		c->depth = d;
		c->deepest = deepest;
		f->n = 0;
		f->first_block = end_block;
		return 0;
	}
	for (k = lo; c->depth && k <= (c->depth - 1) >> 2; k++)
		c->stack[k] = saved[k - lo];
	for (b = f->first_block; b < end_block; b++)
		if (exact_block(c, p + 64 * b, s->bits[b], base + 64 * b,
				len - 64 * b))
			return 1;
	/* Not reached: the batch had an error, and the walk found it. */
	f->n = 0;
	f->first_block = end_block;
	return 0;
}

/*
 * Append the positions of the @count bits of block @b, no branch for up
 * to 4.
 */
static inline void fast_gather(struct fast_batch *f, __u64 b, __u64 bits,
			       unsigned int count)
{
	__u16 *out = f->pos + f->n;
	unsigned int k;

	/* A spare top bit keeps ctz defined; entries past count are unused. */
	for (k = 0; k < 4; k++) {
		out[k] = 64 * b + __builtin_ctzll(bits | 1ULL << 63);
		bits &= bits - 1;
	}
	for (; bits; k++) {
		out[k] = 64 * b + __builtin_ctzll(bits);
		bits &= bits - 1;
	}
	f->n += count;
}

static int walk_section(struct exprcheck_core *c, const __u8 *p, __u64 n,
			const struct exprcheck_section *s)
{
	__u64 base = c->offset, blocks = (n + 63) / 64, b, end, quoted;
	struct fast_batch f;
	unsigned int count;

	f.n = 0;
	f.first_block = 0;
	for (b = 0; b < blocks; b++) {
		__u64 bits;

		if (!c->quote && c->limit) {
			/* The run of blocks up to the next one with a quote. */
			quoted = s->quoted & (~0ULL << b);
			end = quoted ? (__u64)__builtin_ctzll(quoted) : blocks;
			if (end > blocks)
				end = blocks;
			for (; b < end; b++) {
				bits = s->bits[b];
				count = count_bits(bits);
				if (count <= FAST_DENSE) {
					fast_gather(&f, b, bits, count);
					if (f.n >= FAST_BATCH &&
					    fast_run(c, p, base, n, &f, b + 1, 0, s))
						return 1;
					continue;
				}
				/*
				 * A dense block: its bits need no gathering. The
				 * batch before it, if any, runs first; blocks it
				 * left behind are empty.
				 */
				if (f.n && fast_run(c, p, base, n, &f, b, 0, s))
					return 1;
				f.first_block = b;
				f.n = count;
				if (fast_run(c, p, base, n, &f, b + 1, bits, s))
					return 1;
			}
			if (f.n && fast_run(c, p, base, n, &f, b, 0, s))
				return 1;
			if (b == blocks)
				break;
		}
		f.first_block = b + 1;
		bits = s->bits[b];
		if (c->escape) {
			/* This block's first byte is the one escaped. */
			c->escape = 0;
			bits &= ~1ULL;
		}
		if (!bits || (c->quote && !((s->quoted >> b) & 1)))
			continue;
		if (exact_block(c, p + 64 * b, bits, base + 64 * b, n - 64 * b))
			return 1;
	}
	c->offset = base + n;
	return 0;
}

int exprcheck_core_feed_section(struct exprcheck_core *c, const void *buf,
				__u64 len, const struct exprcheck_section *s)
{
	if (c->done)
		return 1;
	/*
	 * The second pass and the end of max_len are rare, and exact already
	 * on the integer path; so is more than a section, which @s cannot
	 * describe. The grammar reads every byte, which masks cannot skip.
	 */
	if (c->locating || (c->max_len && len > c->max_len - c->offset) ||
	    len > EXPRCHECK_SECTION_BYTES || (c->flags & EXPRCHECK_F_INFIX))
		return exprcheck_core_feed(c, buf, len);
	return walk_section(c, buf, len, s);
}

int exprcheck_core_finish(struct exprcheck_core *c)
{
	struct exprcheck_infix_error e;

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
	/* An operand missing at the end comes before a bracket left open. */
	if ((c->flags & EXPRCHECK_F_INFIX) &&
	    exprcheck_infix_end(&c->infix, c->offset, &e)) {
		fail_infix(c, &e);
		return 0;
	}
	c->done = 1;
	if (c->quote) {
		fail(c, EXPRCHECK_LEFT_OPEN, c->quote_off, c->quote, 0);
		return 0;
	}
	if (!c->depth)
		return 0;
	fail(c, EXPRCHECK_LEFT_OPEN, 0, closer_of[top_kind(c)], 0);
	if (have_offsets(c)) {
		c->verdict.offset = c->offsets[c->depth - 1];
		return 0;
	}
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
