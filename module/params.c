// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters. The limits are set at load time only (read-only in
 * sysfs), so a call never sees them change under it; logging and the
 * scanning path can be switched at run time.
 */
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "params.h"

/*
 * Ceilings. A call allocates a quarter of a byte a level, so the depth
 * ceiling bounds that to 4 MiB. The length and batch ceilings bound how
 * long one call may keep a CPU busy (it stays killable throughout).
 */
#define MAX_LEN_CEILING		BIT_ULL(40)	/* 1 TiB: 5.10 has no SZ_1T */
#define MAX_DEPTH_CEILING	16777216U
#define MAX_BATCH_CEILING	65536U

static u64 max_len = EXPRCHECK_DEFAULT_MAX_LEN;
static u32 max_depth = EXPRCHECK_DEFAULT_MAX_DEPTH;
static u32 max_batch = 1024;
static bool log_calls;
static bool simd = true;
static u64 simd_min_len = EXPRCHECK_SIMD_MIN_LEN;

/*
 * Parse @val into the u32 or u64 (@size bytes) at kp->arg, refusing zero
 * and anything above @hi, which also keeps a u32 from being truncated.
 */
static int param_set_bounded(const char *val, const struct kernel_param *kp,
			     u64 hi, size_t size)
{
	u64 v;
	int ret = kstrtou64(val, 0, &v);

	if (ret)
		return ret;
	if (!v || v > hi)
		return -ERANGE;
	if (size == sizeof(u32))
		*(u32 *)kp->arg = v;
	else
		*(u64 *)kp->arg = v;
	return 0;
}

static int max_len_set(const char *val, const struct kernel_param *kp)
{
	return param_set_bounded(val, kp, MAX_LEN_CEILING, sizeof(max_len));
}

static int max_depth_set(const char *val, const struct kernel_param *kp)
{
	return param_set_bounded(val, kp, MAX_DEPTH_CEILING, sizeof(max_depth));
}

static int max_batch_set(const char *val, const struct kernel_param *kp)
{
	return param_set_bounded(val, kp, MAX_BATCH_CEILING, sizeof(max_batch));
}

static const struct kernel_param_ops max_len_ops = {
	.set = max_len_set,
	.get = param_get_ullong,
};

static const struct kernel_param_ops max_depth_ops = {
	.set = max_depth_set,
	.get = param_get_uint,
};

static const struct kernel_param_ops max_batch_ops = {
	.set = max_batch_set,
	.get = param_get_uint,
};

module_param_cb(max_len, &max_len_ops, &max_len, 0444);
MODULE_PARM_DESC(max_len,
		 "Longest expression accepted, in bytes (1 to 1 TiB, default 256 MiB)");
module_param_cb(max_depth, &max_depth_ops, &max_depth, 0444);
MODULE_PARM_DESC(max_depth,
		 "Deepest nesting a request may ask for (1 to 16777216, default 262144)");
module_param_cb(max_batch, &max_batch_ops, &max_batch, 0444);
MODULE_PARM_DESC(max_batch,
		 "Most requests in one batch (1 to 65536, default 1024)");
module_param(log_calls, bool, 0644);
MODULE_PARM_DESC(log_calls,
		 "Log one rate-limited line per call (default off, writable at run time)");
/* A call reads these once; either path gives the same verdict. */
module_param(simd, bool, 0644);
MODULE_PARM_DESC(simd,
		 "Scan with AVX2 where the CPU has it (default on, writable at run time)");
module_param(simd_min_len, ullong, 0644);
MODULE_PARM_DESC(simd_min_len,
		 "Shortest request scanned with AVX2, in bytes (default 1024, writable at run time)");

void exprcheck_params_limits(struct exprcheck_limits *lim)
{
	lim->max_len = max_len;
	lim->max_depth = max_depth;
	lim->max_batch = max_batch;
	lim->simd_min_len = READ_ONCE(simd) ? READ_ONCE(simd_min_len) : U64_MAX;
}

bool exprcheck_params_log_calls(void)
{
	return READ_ONCE(log_calls);
}
