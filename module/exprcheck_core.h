/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The exprcheck validator core, shared by the module, the in-tree system
 * call and the userspace library. Freestanding: no libc, no kernel
 * internals, no allocation, no recursion. The caller owns the nesting
 * stack (2 bits a level) and feeds input in chunks of any size; chunk
 * boundaries never change the verdict.
 *
 *	exprcheck_core_init(&c, stack, sizeof(stack), max_depth, 0, flags);
 *	while (more input && !exprcheck_core_feed(&c, chunk, n))
 *		;
 *	if (exprcheck_core_finish(&c)) {
 *		exprcheck_core_rewind(&c);
 *		feed the same input again, from its first byte;
 *		exprcheck_core_finish(&c);
 *	}
 *	exprcheck_core_verdict(&c, &verdict);
 */
#ifndef EXPRCHECK_CORE_H
#define EXPRCHECK_CORE_H

#include <linux/exprcheck.h>

#include "exprcheck_infix.h"

/*
 * Offsets of the openers at the top levels of the stack. Only a left-open
 * verdict needs one, and only the innermost; when it has scrolled out of
 * this window the caller feeds the input a second time to find it.
 */
#define EXPRCHECK_CORE_RECENT	16

/* Bytes of stack buffer needed for a given depth. */
#define EXPRCHECK_CORE_STACK_BYTES(depth)	(((depth) + 3) / 4)

/*
 * A section: up to a page of input as a classifier (exprcheck_simd.h)
 * saw it, one 64-bit mask per 64-byte block. Bit i of bits[b] is set
 * when byte 64 * b + i may matter under the flags: a bracket of an
 * enabled kind, or a quote or backslash when quotes count; bit b of
 * quoted when block b holds a quote or a backslash. A page is the unit
 * the kernel copies and the longest stretch it may keep the vector unit.
 */
#define EXPRCHECK_SECTION_BYTES		4096
#define EXPRCHECK_SECTION_BLOCKS	(EXPRCHECK_SECTION_BYTES / 64)

struct exprcheck_section {
	__u64 bits[EXPRCHECK_SECTION_BLOCKS];
	__u64 quoted;
};

struct exprcheck_core {
	__u8 *stack;
	__u64 stack_bytes;
	__u64 *offsets;
	__u64 offsets_levels;
	__u64 limit;
	__u64 max_len;
	__u32 flags;
	__u8 locating;
	__u8 quote;
	__u8 escape;
	__u8 done;
	__u64 depth;
	__u64 deepest;
	__u64 offset;
	__u64 length;
	__u64 target;
	__u64 quote_off;
	__u64 recent_low;
	__u64 recent[EXPRCHECK_CORE_RECENT];
	struct exprcheck_infix infix;
	struct exprcheck_verdict verdict;
};

/*
 * Whether @flags make a language: known bits, and EXPRCHECK_F_INFIX
 * without the flags it excludes.
 */
static inline int exprcheck_core_flags_valid(__u32 flags)
{
	if (flags & ~EXPRCHECK_F_ALL)
		return 0;
	return !(flags & EXPRCHECK_F_INFIX) ||
	       !(flags & (EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES));
}

/*
 * Start a validation. @stack holds @stack_bytes bytes; the depth limit is
 * the smaller of @max_depth and what @stack holds. @max_len of 0 means
 * no length limit. Returns 0, or -1 when exprcheck_core_flags_valid()
 * refuses @flags.
 */
int exprcheck_core_init(struct exprcheck_core *c, void *stack,
			__u64 stack_bytes, __u64 max_depth, __u64 max_len,
			__u32 flags);

/*
 * Move the stack to a larger buffer that already holds the old contents,
 * so a caller that does not know the input's length can start small and
 * grow. The depth limit becomes the smaller of @max_depth and what the
 * new buffer holds.
 */
void exprcheck_core_restack(struct exprcheck_core *c, void *stack,
			    __u64 stack_bytes, __u64 max_depth);

/*
 * Keep the offset of every opener in @offsets, room for @levels of them
 * (8 bytes a level), so that a left-open verdict never needs a second
 * pass: for a caller that can afford them (userspace). Give it before the
 * first byte, and again after each restack (the new array holding what
 * the old one held); while it holds fewer levels than the depth limit it
 * is not used, and the window of recent offsets serves instead.
 */
void exprcheck_core_offsets(struct exprcheck_core *c, __u64 *offsets,
			    __u64 levels);

/* Feed the next @len bytes. Returns 1 once the verdict is known. */
int exprcheck_core_feed(struct exprcheck_core *c, const void *buf, __u64 len);

/*
 * Feed the next @len bytes (at most EXPRCHECK_SECTION_BYTES), which a
 * classifier has summed up in @s for the flags this core was started
 * with. The same verdict as exprcheck_core_feed(), found from the masks:
 * blocks of brackets outside quotes go through a path that does not
 * branch on each bracket, and only a block that holds an error is walked
 * again byte by byte to find it. Returns 1 once the verdict is known.
 * With EXPRCHECK_F_INFIX every byte counts, and the masks are not used:
 * this is exprcheck_core_feed().
 */
int exprcheck_core_feed_section(struct exprcheck_core *c, const void *buf,
				__u64 len, const struct exprcheck_section *s);

/*
 * Declare the end of input. Returns 1 when the offset of a left-open
 * opener must be found by a second pass (exprcheck_core_rewind()).
 */
int exprcheck_core_finish(struct exprcheck_core *c);

/*
 * Prepare the second pass: feed the same input again, then finish. If the
 * input is not fed again, or the second pass does not end where the first
 * did (at the same length and depth: the input changed), the left-open
 * offset is ~0.
 */
void exprcheck_core_rewind(struct exprcheck_core *c);

void exprcheck_core_verdict(const struct exprcheck_core *c,
			    struct exprcheck_verdict *out);

#endif /* EXPRCHECK_CORE_H */
