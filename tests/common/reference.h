/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reference validator: an array of open brackets with their offsets,
 * no streaming, no bit packing, written apart from the module's core so
 * that the two check each other (the fuzzers and the kernel tests hold
 * every path to it).
 */
#ifndef EXPRCHECK_TESTS_REFERENCE_H
#define EXPRCHECK_TESTS_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include <linux/exprcheck.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The closer that ends @c when @c opens a level, else 0. */
uint8_t reference_closer(uint8_t c, uint32_t flags);

/* Whether @flags are known and do not exclude each other. */
int reference_flags_valid(uint32_t flags);

/*
 * Flags a request may carry, from random @bits: the known ones, and
 * EXPRCHECK_F_INFIX alone when it is among them.
 */
static inline uint32_t reference_flags_from(uint32_t bits)
{
	bits &= EXPRCHECK_F_ALL;
	return bits & EXPRCHECK_F_INFIX ? EXPRCHECK_F_INFIX : bits;
}

/*
 * The verdict on the @len bytes at @expr: at most @max_depth levels (which
 * must be set), at most @max_len bytes (0: no limit). With
 * EXPRCHECK_F_INFIX, reference_infix_validate()'s.
 */
void reference_validate(const void *expr, size_t len, uint32_t flags,
			uint64_t max_depth, uint64_t max_len,
			struct exprcheck_verdict *v);

/*
 * The same for EXPRCHECK_F_INFIX (reference_infix.c): a recursive-descent
 * parser, so a nesting costs it a few stack frames a level.
 */
void reference_infix_validate(const void *expr, size_t len,
			      uint64_t max_depth, uint64_t max_len,
			      struct exprcheck_verdict *v);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_TESTS_REFERENCE_H */
