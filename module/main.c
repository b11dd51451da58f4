// SPDX-License-Identifier: GPL-2.0
/*
 * exprcheck: a bracket-balance validator served by the kernel through the
 * misc device /dev/exprcheck.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/version.h>

#include "device.h"
#include "selftest.h"
#include "stats.h"

/*
 * The oldest kernel line exprcheck is built and tested on (Debian 11's);
 * older kernels lack copy_struct_from_user(), compat_ptr_ioctl() and
 * sysfs_emit(), and would fail further down with less helpful errors.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "exprcheck needs Linux 5.10 or later"
#endif

static int __init exprcheck_init(void)
{
	int ret;

	if (!exprcheck_selftest())
		return -ENOTRECOVERABLE;

	ret = exprcheck_stats_init();
	if (ret)
		return ret;

	ret = exprcheck_device_init();
	if (ret)
		goto err_stats;

	return 0;

err_stats:
	exprcheck_stats_exit();
	return ret;
}

static void __exit exprcheck_exit(void)
{
	exprcheck_device_exit();
	exprcheck_stats_exit();
}

module_init(exprcheck_init);
module_exit(exprcheck_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bracket-balance validator served through /dev/exprcheck");
MODULE_AUTHOR("exprcheck developers");
