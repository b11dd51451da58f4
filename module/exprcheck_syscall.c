// SPDX-License-Identifier: GPL-2.0
/*
 * The exprcheck() system call: the validation of /dev/exprcheck without a
 * device to open. Built into the kernel by the in-tree patch (mkpatch), it
 * serves a request exactly as the module's ioctl does, under fixed limits.
 *
 * Another kernel may have a different call at this number, so a probe
 * (EXPRCHECK_SYSCALL_PROBE, no request) answers a magic value, and the
 * number is published in /sys/kernel/exprcheck/syscall_nr.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/printk.h>
#include <linux/syscalls.h>
#include <linux/sysfs.h>
#include <linux/unistd.h>
#include <linux/exprcheck.h>

#include "exprcheck_serve.h"

/* The module's default limits: a system call has no parameters to tune. */
static const struct exprcheck_limits exprcheck_syscall_limits = {
	.max_len = EXPRCHECK_DEFAULT_MAX_LEN,
	.max_depth = EXPRCHECK_DEFAULT_MAX_DEPTH,
	.simd_min_len = EXPRCHECK_SIMD_MIN_LEN,
};

SYSCALL_DEFINE2(exprcheck, const struct exprcheck_req __user *, ureq,
		unsigned int, flags)
{
	struct exprcheck_verdict verdict;
	struct exprcheck_req req;
	int ret;

	if (flags & ~EXPRCHECK_SYSCALL_PROBE)
		return -EINVAL;
	if (flags & EXPRCHECK_SYSCALL_PROBE)
		return ureq ? -EINVAL :
			EXPRCHECK_PROBE_MAGIC | EXPRCHECK_UAPI_VERSION;

	ret = exprcheck_req_from_user(&req, ureq);
	if (ret)
		return ret;
	return exprcheck_serve(&req, &exprcheck_syscall_limits, &verdict, NULL);
}

static ssize_t syscall_nr_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", __NR_exprcheck);
}

static struct kobj_attribute syscall_nr_attr = __ATTR_RO(syscall_nr);

static int __init exprcheck_syscall_sysfs_init(void)
{
	struct kobject *kobj;
	int ret;

	kobj = kobject_create_and_add("exprcheck", kernel_kobj);
	if (!kobj) {
		pr_err("cannot create /sys/kernel/exprcheck\n");
		return -ENOMEM;
	}
	ret = sysfs_create_file(kobj, &syscall_nr_attr.attr);
	if (ret) {
		pr_err("cannot publish syscall_nr: %d\n", ret);
		kobject_put(kobj);
	}
	return ret;
}
late_initcall(exprcheck_syscall_sysfs_init);
