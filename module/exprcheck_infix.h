/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The grammar of EXPRCHECK_F_INFIX (exprcheck(7)) as an automaton that
 * reads one byte at a time, for the core (exprcheck_core.c), which keeps
 * the brackets: this side says when a byte opens or closes one and checks
 * everything else. Freestanding, like the core: a few bytes of state, no
 * allocation, and a token split between two chunks is read as if whole.
 */
#ifndef EXPRCHECK_INFIX_H
#define EXPRCHECK_INFIX_H

#include <linux/exprcheck.h>

struct exprcheck_infix {
	__u8 want;	/* an operand or an operator comes next */
	__u8 opened;	/* just after an opener: a call's or a group's */
	__u8 token;	/* the token being read, while it may go on */
	__u8 mark;	/* the byte an error in that token would name */
	__u64 mark_off;	/* ... and its offset */
};

/* An error of the grammar: a verdict's status, offset and found byte. */
struct exprcheck_infix_error {
	__u32 status;
	__u8 found;
	__u64 offset;
};

/* What a byte asks of the bracket stack once the grammar took it. */
#define EXPRCHECK_INFIX_ERROR	(-1)	/* nothing: the error says what is wrong */
#define EXPRCHECK_INFIX_NONE	0
#define EXPRCHECK_INFIX_OPEN	1
#define EXPRCHECK_INFIX_CLOSE	2	/* pop, then exprcheck_infix_close() */

/* The state before the first byte: an operand is due. */
static inline void exprcheck_infix_init(struct exprcheck_infix *g)
{
	__builtin_memset(g, 0, sizeof(*g));
}

/*
 * Take the byte @ch at offset @off, with @depth brackets open. The token
 * it ends is judged first, so an error may be at an earlier offset (the
 * dot of "1." or the = of "a = b"), never at a later one.
 */
int exprcheck_infix_byte(struct exprcheck_infix *g, __u8 ch, __u64 off,
			 __u64 depth, struct exprcheck_infix_error *e);

/*
 * The closer @ch at @off, once the stack has matched it: an operand, a
 * call's opener or a group must have come before it. 0 or
 * EXPRCHECK_INFIX_ERROR.
 */
int exprcheck_infix_close(struct exprcheck_infix *g, __u8 ch, __u64 off,
			  struct exprcheck_infix_error *e);

/*
 * The end of input at offset @len: the last token must be complete and
 * no operator left without its operand. 0 or EXPRCHECK_INFIX_ERROR;
 * brackets still open are the core's to report, after this.
 */
int exprcheck_infix_end(struct exprcheck_infix *g, __u64 len,
			struct exprcheck_infix_error *e);

#endif /* EXPRCHECK_INFIX_H */
