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

/* What one caller may ask of the kernel. */
struct exprcheck_limits {
	u64 max_len;
	u32 max_depth;
	u32 max_batch;
};

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
 * holds what was written. -EINVAL for unknown flags, non-zero reserved
 * fields or a verdict_size below the first version's; -E2BIG for a
 * verdict_size over EXPRCHECK_MAX_STRUCT_SIZE, a length or depth over
 * @lim; -EFAULT for unreadable input or an unwritable verdict (found
 * before a long input is read); -ENOMEM; -ERESTARTSYS when a signal is
 * pending between two pages of input (nothing has been written).
 */
int exprcheck_serve(const struct exprcheck_req *req,
		    const struct exprcheck_limits *lim,
		    struct exprcheck_verdict *verdict);

#endif /* EXPRCHECK_SERVE_H */
