/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Vector classifiers for the exprcheck core, x86-64 only: each reads up
 * to EXPRCHECK_SECTION_BYTES of input and fills a struct exprcheck_section
 * for exprcheck_core_feed_section(). Freestanding like the core: compiler
 * builtins in functions with target attributes, no headers, so one file
 * builds in userspace and in the kernel. Nothing here checks the CPU: the
 * caller does (userspace from its features at run time, the kernel with
 * boot_cpu_has() and between kernel_fpu_begin() and kernel_fpu_end()).
 */
#ifndef EXPRCHECK_SIMD_H
#define EXPRCHECK_SIMD_H

#include "exprcheck_core.h"

#ifdef __x86_64__
#define EXPRCHECK_HAVE_SIMD	1

/*
 * Classify the @len bytes at @buf (at most EXPRCHECK_SECTION_BYTES) for
 * @flags into @s. SSE2 is every x86-64's; AVX2 and AVX-512BW need the CPU
 * and the OS to have them.
 */
void exprcheck_classify_sse2(const void *buf, __u64 len, __u32 flags,
			     struct exprcheck_section *s);
void exprcheck_classify_avx2(const void *buf, __u64 len, __u32 flags,
			     struct exprcheck_section *s);
void exprcheck_classify_avx512(const void *buf, __u64 len, __u32 flags,
			       struct exprcheck_section *s);
#endif

#endif /* EXPRCHECK_SIMD_H */
