// SPDX-License-Identifier: GPL-2.0
/*
 * The misc device /dev/exprcheck. It only computes, so anyone may open it
 * (like /dev/urandom); the limits keep one caller from starving others.
 * Every argument is a pointer to a struct laid out alike for 32-bit and
 * 64-bit callers, so compat_ptr_ioctl serves compat tasks.
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "device.h"
#include "exprcheck_serve.h"
#include "params.h"
#include "stats.h"

/*
 * A caller built against a newer header, whose structs grew, sends the
 * same commands with other size bits; the size field inside each struct
 * is what says how much to read, so commands are told apart without them.
 */
#define EXPRCHECK_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* Count the call and, when asked to, log it. */
static void exprcheck_account(const struct exprcheck_req *req, int err,
			      const struct exprcheck_verdict *v, u64 simd_bytes)
{
	exprcheck_stats_account(err, err ? 0 : v->scanned,
				!err && v->status != EXPRCHECK_VALID,
				simd_bytes);
	if (exprcheck_params_log_calls())
		pr_info_ratelimited("call pid=%d comm=%s len=%llu flags=%#x %s=%d\n",
				    task_pid_nr(current), current->comm,
				    req->len, req->flags,
				    err ? "errno" : "status",
				    err ? -err : (int)v->status);
}

/*
 * Serve @req unless reading it failed with @err; count and log the call,
 * unless a signal interrupted it: it is made again.
 */
static int exprcheck_answer(const struct exprcheck_req *req, int err,
			    const struct exprcheck_limits *lim)
{
	struct exprcheck_verdict v;
	u64 simd_bytes = 0;

	if (!err)
		err = exprcheck_serve(req, lim, &v, &simd_bytes);
	if (err != -ERESTARTSYS)
		exprcheck_account(req, err, &v, simd_bytes);
	return err;
}

static long exprcheck_ioctl_info(struct exprcheck_info __user *uinfo)
{
	struct exprcheck_limits lim;
	struct exprcheck_info info;
	u32 size;
	int ret;

	ret = exprcheck_size_from_user(uinfo, EXPRCHECK_INFO_SIZE_VER0, &size);
	if (ret)
		return ret;

	exprcheck_params_limits(&lim);
	memset(&info, 0, sizeof(info));
	/* As sched_getattr() does: the size written back is what was filled. */
	info.size = min_t(u32, size, sizeof(info));
	info.version = EXPRCHECK_UAPI_VERSION;
	info.flags = EXPRCHECK_F_ALL;
	info.max_depth = lim.max_depth;
	info.max_len = lim.max_len;
	info.max_batch = lim.max_batch;

	if (copy_to_user(uinfo, &info, info.size))
		return -EFAULT;
	if (size > info.size &&
	    clear_user((u8 __user *)uinfo + info.size, size - info.size))
		return -EFAULT;
	return 0;
}

static long exprcheck_ioctl_validate(const void __user *ureq)
{
	struct exprcheck_limits lim;
	struct exprcheck_req req;
	int err;

	memset(&req, 0, sizeof(req));
	err = exprcheck_req_from_user(&req, ureq);
	exprcheck_params_limits(&lim);
	return exprcheck_answer(&req, err, &lim);
}

static int exprcheck_batch_from_user(struct exprcheck_batch *batch,
				     struct exprcheck_batch __user *ubatch,
				     const struct exprcheck_limits *lim)
{
	u32 size;
	int ret;

	ret = exprcheck_size_from_user(ubatch, EXPRCHECK_BATCH_SIZE_VER0, &size);
	if (ret)
		return ret;
	ret = copy_struct_from_user(batch, sizeof(*batch), ubatch, size);
	if (ret)
		return ret;
	if (batch->reserved || batch->req_size < EXPRCHECK_REQ_SIZE_VER0)
		return -EINVAL;
	if (batch->req_size > EXPRCHECK_MAX_STRUCT_SIZE ||
	    batch->count > lim->max_batch)
		return -E2BIG;
	return 0;
}

/* Read request @i of @batch, whose own size must match the stride. */
static int exprcheck_batch_req(struct exprcheck_req *req,
			       const struct exprcheck_batch *batch, u32 i)
{
	const void __user *ureq =
		u64_to_user_ptr(batch->reqs + (u64)i * batch->req_size);
	int ret;

	memset(req, 0, sizeof(*req));
	ret = copy_struct_from_user(req, sizeof(*req), ureq, batch->req_size);
	if (!ret && req->size != batch->req_size)
		ret = -EINVAL;
	return ret;
}

static long exprcheck_ioctl_batch(struct exprcheck_batch __user *ubatch)
{
	struct exprcheck_limits lim;
	struct exprcheck_batch batch;
	struct exprcheck_req req;
	int ret;
	u32 i;

	exprcheck_params_limits(&lim);
	ret = exprcheck_batch_from_user(&batch, ubatch, &lim);
	if (ret) {
		/* A batch refused whole counts as one failed call. */
		memset(&req, 0, sizeof(req));
		exprcheck_account(&req, ret, NULL, 0);
		return ret;
	}

	for (i = 0; i < batch.count; i++) {
		/* Checked before each request, so done counts every answer. */
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		cond_resched();
		ret = exprcheck_batch_req(&req, &batch, i);
		ret = exprcheck_answer(&req, ret, &lim);
		if (ret)
			break;
	}
	/*
	 * A restart would answer the first i requests again: the caller
	 * learns from done where to go on instead.
	 */
	if (ret == -ERESTARTSYS && i)
		ret = -EINTR;

	if (put_user(i, &ubatch->done))
		return -EFAULT;
	return ret;
}

static long exprcheck_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (EXPRCHECK_IOC_BASE(cmd)) {
	case EXPRCHECK_IOC_BASE(EXPRCHECK_IOC_INFO):
		return exprcheck_ioctl_info(argp);
	case EXPRCHECK_IOC_BASE(EXPRCHECK_IOC_VALIDATE):
		return exprcheck_ioctl_validate(argp);
	case EXPRCHECK_IOC_BASE(EXPRCHECK_IOC_VALIDATE_BATCH):
		return exprcheck_ioctl_batch(argp);
	}
	return -ENOTTY;
}

static const struct file_operations exprcheck_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = exprcheck_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice exprcheck_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "exprcheck",
	.fops = &exprcheck_fops,
	.mode = 0666,
	.groups = exprcheck_stats_groups,
};

int exprcheck_device_init(void)
{
	return misc_register(&exprcheck_misc);
}

void exprcheck_device_exit(void)
{
	misc_deregister(&exprcheck_misc);
}
