/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One interface for the three ways a verdict can be computed. Each
 * backend answers a batch of requests with one struct exprcheck_verdict
 * each, exactly as the kernel's uAPI defines it, so the library converts
 * verdicts to results in one place whichever backend ran.
 */
#ifndef EXPRCHECK_LIB_BACKEND_H
#define EXPRCHECK_LIB_BACKEND_H

#include <exprcheck/exprcheck.h>
#include <linux/exprcheck.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Limits of a backend: what a request may ask of it, and the
 * EXPRCHECK_F_* flags it knows (an older module knows fewer).
 */
struct backend_limits {
	uint64_t max_len;
	uint64_t max_depth;
	uint32_t flags;
};

struct backend_ops {
	enum exprcheck_backend id;
	/*
	 * 0 when usable, with *limits filled; else -errno and a sentence in
	 * *why. Called once per process: the caller caches the answer.
	 */
	int (*probe)(struct backend_limits *limits, const char **why);
	/*
	 * NULL, or non-zero when calling the probe could get this process
	 * killed (a seccomp filter may kill on the call): `auto` then skips
	 * the backend unprobed, and only a caller that forces it probes it.
	 */
	int (*probe_may_kill)(void);
	/*
	 * Answer @count inputs; 0 or -errno (then @verdicts is undefined).
	 * A call a signal interrupts is made again, so the caller still gets
	 * its verdicts; a batch goes on after the requests it answered.
	 */
	int (*validate)(const struct exprcheck_input *inputs, size_t count,
			uint32_t flags, uint64_t max_depth,
			struct exprcheck_verdict *verdicts);
};

/* A request as both kernel backends send it, with every other byte zero. */
static inline void backend_fill_req(struct exprcheck_req *req,
				    const struct exprcheck_input *in,
				    uint32_t flags, uint64_t max_depth,
				    struct exprcheck_verdict *verdict)
{
	memset(req, 0, sizeof(*req));
	memset(verdict, 0, sizeof(*verdict));
	req->size = sizeof(*req);
	req->flags = flags;
	req->expr = (uintptr_t)in->expr;
	req->len = in->len;
	req->verdict = (uintptr_t)verdict;
	req->verdict_size = sizeof(*verdict);
	req->max_depth = (uint32_t)max_depth;
}

/*
 * Every name the library gives the linker starts with exprcheck_, so a
 * program linking the static library may use any other: the internal
 * ones with exprcheck_lib_.
 */
extern const struct backend_ops exprcheck_lib_backend_syscall;
extern const struct backend_ops exprcheck_lib_backend_ioctl;
extern const struct backend_ops exprcheck_lib_backend_userspace;

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_LIB_BACKEND_H */
