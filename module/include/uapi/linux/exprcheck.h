/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * exprcheck: a bracket-balance validator served by the kernel.
 *
 * The same request and verdict structures serve the ioctls of the misc
 * device /dev/exprcheck and the exprcheck system call. Every structure the
 * caller passes starts with its size as the caller knows it, is read with
 * copy_struct_from_user() and may only grow at the end; the verdict is
 * sized by the request's verdict_size. Reserved fields must be zero.
 * Pointers travel as __u64.
 *
 * Errors, for every command and the system call:
 *   EFAULT  a request, expression or verdict the kernel cannot access; a
 *           verdict is checked before a long expression is read, so that
 *           a bad verdict address costs no scan
 *   E2BIG   len, max_depth or count over the kernel's limit; a struct
 *           size (verdict_size and req_size too) over a page; a struct
 *           larger than the kernel knows with a non-zero tail
 *   EINVAL  an unknown flag, a non-zero reserved field, a size below the
 *           first version's, a batch request whose size is not req_size
 *   ENOMEM  no memory for the nesting stack or the input buffer
 *   ENOTTY  an unknown ioctl command
 *   EINTR   a signal arrived (see below)
 * An expression nested too deep is a verdict (EXPRCHECK_TOO_DEEP), not an
 * error; one longer than the kernel's limit is E2BIG, never a verdict.
 *
 * Signals: a call checks for one between pages of input and between the
 * requests of a batch, so that a stop (SIGSTOP, the cgroup freezer, a
 * suspend) or a handler waits for one page, not for the whole call. When
 * nothing has been answered yet, the call is restarted (ERESTARTSYS):
 * without a word after a stop, a freeze or a handler installed with
 * SA_RESTART, with EINTR after a handler without it; nothing has been
 * written but a batch's done (zero). A batch that has answered some
 * requests is not restarted, since that would answer them again: it fails
 * with EINTR, done says how many were answered, and the caller sends the
 * rest. A restarted expression is read again from its first byte, so a
 * signal that comes more often than one expression takes (a profiling
 * timer) keeps it from finishing: block such signals around the call.
 * A fatal signal ends the call within a page.
 */
#ifndef _UAPI_LINUX_EXPRCHECK_H
#define _UAPI_LINUX_EXPRCHECK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define EXPRCHECK_UAPI_VERSION 1

/*
 * Request flags: each adds to the default language of (), [] and {}.
 * EXPRCHECK_F_ALL is what this header knows; a kernel may know fewer, and
 * EXPRCHECK_IOC_INFO says which (a kernel older than a flag rejects it
 * with EINVAL).
 *
 * EXPRCHECK_F_INFIX checks the text between the brackets too: operands
 * (identifiers, numbers, groups, calls) joined by infix operators, by the
 * grammar of exprcheck(7). In it < and > are operators, so it excludes
 * EXPRCHECK_F_ANGLE, and it excludes EXPRCHECK_F_QUOTES (the grammar has
 * no strings): EINVAL for either pair.
 */
#define EXPRCHECK_F_ANGLE	(1U << 0) /* <> is a fourth pair */
#define EXPRCHECK_F_QUOTES	(1U << 1) /* brackets in "..." and '...' do not count */
#define EXPRCHECK_F_INFIX	(1U << 2) /* an infix expression, not only brackets */
#define EXPRCHECK_F_ALL		(EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES | \
				 EXPRCHECK_F_INFIX)

/* Verdict status: EXPRCHECK_VALID or the first error found. */
#define EXPRCHECK_VALID			0
#define EXPRCHECK_UNEXPECTED_CLOSER	1 /* a closer with nothing open */
#define EXPRCHECK_WRONG_CLOSER		2 /* a closer that is not the partner */
#define EXPRCHECK_LEFT_OPEN		3 /* input ended with an opener or quote open */
#define EXPRCHECK_TOO_DEEP		4 /* an opener beyond the depth limit */
#define EXPRCHECK_TOO_LONG		5 /* beyond a caller's length limit: never the kernel's */
/* EXPRCHECK_F_INFIX only: */
#define EXPRCHECK_EXPECTED_OPERAND	6 /* an operator, closer or end where an operand is due */
#define EXPRCHECK_EXPECTED_OPERATOR	7 /* an operand where an operator is due */
#define EXPRCHECK_UNKNOWN_CHAR		8 /* a byte that starts no token */
#define EXPRCHECK_EMPTY_GROUP		9 /* () that is not a call's argument list */
#define EXPRCHECK_STRAY_COMMA		10 /* a comma outside every bracket */

/*
 * Depth limit used when a request leaves max_depth at zero, and the
 * kernel's default limits (the module's parameters can change them; the
 * system call keeps them).
 */
#define EXPRCHECK_DEFAULT_MAX_DEPTH	262144
#define EXPRCHECK_DEFAULT_MAX_LEN	(256ULL << 20)

/**
 * struct exprcheck_verdict - the answer for one expression
 * @status:   EXPRCHECK_VALID or an error status
 * @expected: the closer that was due at @offset, 0 if none
 * @found:    the byte found at @offset (the first of its token); 0 for
 *            EXPRCHECK_LEFT_OPEN, EXPRCHECK_TOO_LONG and an error at the
 *            end of input
 * @reserved: zero
 * @offset:   byte offset of the first error; for EXPRCHECK_LEFT_OPEN the
 *            offset of the innermost opener (or quote) still open
 * @depth:    deepest nesting reached
 * @scanned:  bytes examined, through the one that decided the verdict
 *            (with EXPRCHECK_F_INFIX up to two past @offset: a token
 *            such as "1e+" ends only where a byte cannot continue it)
 */
struct exprcheck_verdict {
	__u32 status;
	__u8 expected;
	__u8 found;
	__u16 reserved;
	__u64 offset;
	__u64 depth;
	__u64 scanned;
};

#define EXPRCHECK_VERDICT_SIZE_VER0	32

/**
 * struct exprcheck_req - validate one expression
 * @size:         sizeof(struct exprcheck_req) as the caller knows it
 * @flags:        EXPRCHECK_F_* bits; unknown bits are rejected
 * @expr:         user address of the expression
 * @len:          length of the expression in bytes
 * @verdict:      user address of a struct exprcheck_verdict
 * @verdict_size: sizeof(struct exprcheck_verdict) as the caller knows it
 * @max_depth:    depth limit for this call, 0 for EXPRCHECK_DEFAULT_MAX_DEPTH;
 *                never above the kernel's limit (see struct exprcheck_info)
 * @reserved:     zero
 */
struct exprcheck_req {
	__u32 size;
	__u32 flags;
	__u64 expr;
	__u64 len;
	__u64 verdict;
	__u32 verdict_size;
	__u32 max_depth;
	__u64 reserved;
};

#define EXPRCHECK_REQ_SIZE_VER0		48

/**
 * struct exprcheck_batch - validate several expressions in one call
 * @size:     sizeof(struct exprcheck_batch) as the caller knows it
 * @count:    number of requests
 * @reqs:     user address of an array of @count requests
 * @req_size: stride of that array, at least EXPRCHECK_REQ_SIZE_VER0; the
 *            size field of every request must equal it (EINVAL otherwise)
 * @done:     written back once the batch itself is accepted: how many
 *            requests were answered before the call returned; on an error
 *            the request at index @done is the one that failed, or (EINTR)
 *            the first one not answered
 * @reserved: zero
 */
struct exprcheck_batch {
	__u32 size;
	__u32 count;
	__u64 reqs;
	__u32 req_size;
	__u32 done;
	__u64 reserved;
};

#define EXPRCHECK_BATCH_SIZE_VER0	32

/**
 * struct exprcheck_info - what this kernel offers
 * @size:            in: sizeof(struct exprcheck_info) as the caller knows it;
 *                   out: how many bytes the kernel filled
 * @version:         EXPRCHECK_UAPI_VERSION of the kernel
 * @flags:           EXPRCHECK_F_* bits the kernel understands
 * @max_depth:       largest max_depth a request may ask for
 * @max_len:         longest expression accepted, in bytes
 * @max_batch:       most requests in one struct exprcheck_batch
 * @reserved:        zero
 */
struct exprcheck_info {
	__u32 size;
	__u32 version;
	__u32 flags;
	__u32 max_depth;
	__u64 max_len;
	__u32 max_batch;
	__u32 reserved;
};

#define EXPRCHECK_INFO_SIZE_VER0	32

/* Type byte 'x', free in Documentation/userspace-api/ioctl/ioctl-number.rst */
#define EXPRCHECK_IOC_MAGIC		'x'
#define EXPRCHECK_IOC_INFO		_IOWR(EXPRCHECK_IOC_MAGIC, 0x00, struct exprcheck_info)
#define EXPRCHECK_IOC_VALIDATE		_IOW(EXPRCHECK_IOC_MAGIC, 0x01, struct exprcheck_req)
#define EXPRCHECK_IOC_VALIDATE_BATCH	_IOWR(EXPRCHECK_IOC_MAGIC, 0x02, struct exprcheck_batch)

/*
 * The system call: long exprcheck(const struct exprcheck_req *req,
 * unsigned int flags). With EXPRCHECK_SYSCALL_PROBE in @flags and a NULL
 * @req it returns EXPRCHECK_PROBE_MAGIC | EXPRCHECK_UAPI_VERSION, so a
 * caller can tell this call from another one at the same number.
 */
#define EXPRCHECK_SYSCALL_PROBE		(1U << 0)
#define EXPRCHECK_PROBE_MAGIC		0x45780000 /* "Ex" */
#define EXPRCHECK_PROBE_MAGIC_MASK	0xffff0000

#endif /* _UAPI_LINUX_EXPRCHECK_H */
