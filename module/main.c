// SPDX-License-Identifier: GPL-2.0
/*
 * exprcheck: a bracket-balance validator served by the kernel through the
 * misc device /dev/exprcheck.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/module.h>

#include "device.h"
#include "selftest.h"
#include "stats.h"

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
