// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Vector classifiers for the exprcheck core (see exprcheck_simd.h): which
 * bytes of each 64-byte block may matter, as one bit each.
 *
 * AVX2 and AVX-512BW look each byte's two nibbles up in two 16-entry
 * tables with pshufb, as simdjson does, and AND the results: a byte is in
 * a group of bytes when both of its nibbles are. The groups ( ), [ ] { },
 * < >, " ' and \ each have a bit, so one lookup serves every set of flags
 * (the high table drops the groups the flags leave out). SSE2, the
 * baseline, has no pshufb: it compares, pairing bytes that differ in one
 * bit as the core's word skipping does.
 *
 * In the kernel this file alone is built with the FPU's flags and only
 * ever runs between kernel_fpu_begin() and kernel_fpu_end().
 */
#include "exprcheck_simd.h"

#ifdef EXPRCHECK_HAVE_SIMD

#define VEC(bytes)	__attribute__((vector_size(bytes)))

typedef __u8 v16u VEC(16);
typedef __u8 v32u VEC(32);
typedef __u8 v64u VEC(64);

#define G_ROUND		0x01	/* ( ) */
#define G_SQUARE_CURLY	0x02	/* [ ] { } */
#define G_ANGLE		0x04	/* < > */
#define G_QUOTE		0x08	/* " ' */
#define G_BACKSLASH	0x10	/* \ */
#define G_QUOTES	(G_QUOTE | G_BACKSLASH)

/*
 * Byte c is in the groups low_nibbles[c & 15] & high_nibbles[c >> 4].
 * pshufb looks up within each 16-byte lane, so vectors hold a copy of a
 * table in every lane.
 */
static const __u8 low_nibbles[16] = {
	0, 0, G_QUOTE, 0, 0, 0, 0, G_QUOTE, G_ROUND, G_ROUND, 0,
	G_SQUARE_CURLY, G_ANGLE | G_BACKSLASH, G_SQUARE_CURLY, G_ANGLE, 0,
};

static const __u8 high_nibbles[16] = {
	0, 0, G_ROUND | G_QUOTE, G_ANGLE, 0, G_SQUARE_CURLY | G_BACKSLASH,
	0, G_SQUARE_CURLY, 0, 0, 0, 0, 0, 0, 0, 0,
};

/*
 * The builtins take vectors of plain char. sparse knows none of them: it
 * checks the code around them with stand-ins of the same types.
 */
#ifndef __CHECKER__
#define MOVEMASK128(v)	__builtin_ia32_pmovmskb128((char VEC(16))(v))
#define MOVEMASK256(v)	__builtin_ia32_pmovmskb256((char VEC(32))(v))
#define PSHUFB256(table, index) \
	((v32u)__builtin_ia32_pshufb256((char VEC(32))(table), \
					(char VEC(32))(index)))
/* pshufb on 64 bytes is one builtin in GCC and another in clang. */
#ifdef __clang__
#define PSHUFB512(table, index) \
	((v64u)__builtin_ia32_pshufb512((char VEC(64))(table), \
					(char VEC(64))(index)))
#else
#define PSHUFB512(table, index) \
	((v64u)__builtin_ia32_pshufb512_mask((char VEC(64))(table), \
					     (char VEC(64))(index), \
					     (char VEC(64)) { 0 }, ~0ULL))
#endif
/* A bit for each non-zero byte of @v, straight into a mask register. */
#define NONZERO512(v, zero) \
	__builtin_ia32_cmpb512_mask((char VEC(64))(v), (char VEC(64))(zero), \
				    4, ~0ULL)
#else
#define MOVEMASK128(v)	((int)sizeof(v))
#define MOVEMASK256(v)	((int)sizeof(v))
#define PSHUFB256(table, index)	((table) & (index))
#define PSHUFB512(table, index)	((table) & (index))
#define NONZERO512(v, zero)	((__u64)sizeof((v) & (zero)))
#endif

/* @table in every 16-byte lane of the @bytes at @v. */
static void fill_lanes(void *v, __u64 bytes, const __u8 *table)
{
	__u64 at;

	for (at = 0; at < bytes; at += 16)
		__builtin_memcpy((__u8 *)v + at, table, 16);
}

static __u8 groups_of(__u32 flags)
{
	__u8 g = G_ROUND | G_SQUARE_CURLY;

	if (flags & EXPRCHECK_F_ANGLE)
		g |= G_ANGLE;
	if (flags & EXPRCHECK_F_QUOTES)
		g |= G_QUOTES;
	return g;
}

/*
 * The 64 bytes of block @b of @len bytes at @p: in place, or for a last
 * short block copied into @pad after zeros, which match no group.
 */
static const __u8 *block_at(const __u8 *p, __u64 len, __u64 b, __u8 *pad)
{
	__u64 at = 64 * b, i;

	if (len - at >= 64)
		return p + at;
	for (i = 0; i < 64; i++)
		pad[i] = at + i < len ? p[at + i] : 0;
	return pad;
}

__attribute__((target("sse2")))
void exprcheck_classify_sse2(const void *buf, __u64 len, __u32 flags,
			     struct exprcheck_section *s)
{
	const int angle = flags & EXPRCHECK_F_ANGLE;
	const int quotes = flags & EXPRCHECK_F_QUOTES;
	__u64 b, quoted = 0;
	__u8 pad[64];

	for (b = 0; 64 * b < len; b++) {
		const __u8 *q = block_at(buf, len, b, pad);
		__u64 bits = 0, qbits = 0;
		int k;

		for (k = 0; k < 4; k++) {
			v16u v, m, qm;

			__builtin_memcpy(&v, q + 16 * k, sizeof(v));
			m = (v16u)((v & 0xfe) == '(') |
			    (v16u)((v & 0xdf) == '[') | (v16u)((v & 0xdf) == ']');
			if (angle)
				m |= (v16u)((v & 0xfd) == '<');
			qm = v & 0;
			if (quotes)
				qm = (v16u)(v == '"') | (v16u)(v == '\'') |
				     (v16u)(v == '\\');
			bits |= (__u64)(__u16)MOVEMASK128(m | qm) << (16 * k);
			qbits |= (__u16)MOVEMASK128(qm);
		}
		s->bits[b] = bits;
		quoted |= (__u64)(qbits != 0) << b;
	}
	s->quoted = quoted;
}

__attribute__((target("avx2")))
void exprcheck_classify_avx2(const void *buf, __u64 len, __u32 flags,
			     struct exprcheck_section *s)
{
	__u64 b, quoted = 0;
	__u8 pad[64];
	v32u low, high;

	fill_lanes(&low, sizeof(low), low_nibbles);
	fill_lanes(&high, sizeof(high), high_nibbles);
	high &= groups_of(flags);

	for (b = 0; 64 * b < len; b++) {
		const __u8 *q = block_at(buf, len, b, pad);
		__u64 bits = 0, qbits = 0;
		int h;

		for (h = 0; h < 2; h++) {
			v32u v, t;

			__builtin_memcpy(&v, q + 32 * h, sizeof(v));
			t = PSHUFB256(low, v & 15) & PSHUFB256(high, v >> 4);
			bits |= (__u64)(__u32)MOVEMASK256(t != 0) << (32 * h);
			qbits |= (__u32)MOVEMASK256((t & G_QUOTES) != 0);
		}
		s->bits[b] = bits;
		quoted |= (__u64)(qbits != 0) << b;
	}
	s->quoted = quoted;
}

__attribute__((target("avx512bw")))
void exprcheck_classify_avx512(const void *buf, __u64 len, __u32 flags,
			       struct exprcheck_section *s)
{
	__u64 b, quoted = 0;
	__u8 pad[64];
	v64u low, high, zero;

	fill_lanes(&low, sizeof(low), low_nibbles);
	fill_lanes(&high, sizeof(high), high_nibbles);
	high &= groups_of(flags);
	zero = low & 0;

	for (b = 0; 64 * b < len; b++) {
		v64u v, t;

		__builtin_memcpy(&v, block_at(buf, len, b, pad), sizeof(v));
		t = PSHUFB512(low, v & 15) & PSHUFB512(high, v >> 4);
		s->bits[b] = NONZERO512(t, zero);
		quoted |= (__u64)(NONZERO512(t & G_QUOTES, zero) != 0) << b;
	}
	s->quoted = quoted;
}

#endif /* EXPRCHECK_HAVE_SIMD */
