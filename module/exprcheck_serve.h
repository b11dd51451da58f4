/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serving one request from user memory: shared by the ioctls of the misc
 * device and by the in-tree system call, so both answer alike.
 */
#ifndef EXPRCHECK_SERVE_H
#define EXPRCHECK_SERVE_H

#include <linux/types.h>
#include <asm/page.h>
#include <linux/exprcheck.h>

struct exprcheck_core;
struct exprcheck_section;

/*
 * What one caller may ask of the kernel, and from which length on a
 * request is scanned with the vector unit (U64_MAX: never).
 */
struct exprcheck_limits {
	u64 max_len;
	u32 max_depth;
	u32 max_batch;
	u64 simd_min_len;
};

/*
 * Requests from this length on are scanned with the vector unit by
 * default. Below it, what kernel_fpu_begin() costs (saving the caller's
 * FPU state once per call, restored on the way back) is more than the
 * vector unit saves on sparse text: `make bench` times both natively, in
 * its "AVX2 gain / FPU save" rows (README, Performance).
 */
#define EXPRCHECK_SIMD_MIN_LEN	1024

/* Whether this CPU and kernel let exprcheck use AVX2. */
bool exprcheck_simd_usable(void);

/*
 * exprcheck_core_feed() of @n bytes (at most a page) at @buf, classified
 * with AVX2 between kernel_fpu_begin() and kernel_fpu_end() into @sec and
 * walked from there, adding @n to *@simd_bytes; when may_use_simd() says
 * the FPU is not free now, along the integer path. Only where
 * exprcheck_simd_usable().
 */
int exprcheck_feed_simd(struct exprcheck_core *core, const u8 *buf, size_t n,
			struct exprcheck_section *sec, u64 *simd_bytes);

/*
 * The largest size any uAPI struct may claim. Like openat2() and clone3():
 * a larger struct would only make the kernel check or clear more zero
 * bytes, so one page bounds that work.
 */
#define EXPRCHECK_MAX_STRUCT_SIZE	PAGE_SIZE

/*
 * Read the size field that starts every uAPI struct, at @ustruct, into
 * @size. -EFAULT, -EINVAL (below @min) or -E2BIG (over
 * EXPRCHECK_MAX_STRUCT_SIZE).
 */
int exprcheck_size_from_user(const void __user *ustruct, u32 min, u32 *size);

/*
 * Read a struct exprcheck_req from @ureq: its leading size field first,
 * then copy_struct_from_user(). -EFAULT, -E2BIG (unknown non-zero tail)
 * or -EINVAL (size below EXPRCHECK_REQ_SIZE_VER0).
 */
int exprcheck_req_from_user(struct exprcheck_req *req,
			    const void __user *ureq);

/*
 * Check @req against @lim, validate its expression a page at a time from
 * user memory and write the verdict to req->verdict. On success @verdict
 * holds what was written, and *@simd_bytes (unless NULL) how many bytes
 * the vector unit classified. -EINVAL for unknown flags, flags that
 * exclude each other, non-zero reserved fields or a verdict_size below
 * the first version's; -E2BIG for a
 * verdict_size over EXPRCHECK_MAX_STRUCT_SIZE, a length or depth over
 * @lim; -EFAULT for unreadable input or an unwritable verdict (found
 * before a long input is read); -ENOMEM; -ERESTARTSYS when a signal is
 * pending between two pages of input (nothing has been written).
 */
int exprcheck_serve(const struct exprcheck_req *req,
		    const struct exprcheck_limits *lim,
		    struct exprcheck_verdict *verdict, u64 *simd_bytes);

#endif /* EXPRCHECK_SERVE_H */
