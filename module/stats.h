/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU call counters, summed on read in sysfs. */
#ifndef EXPRCHECK_STATS_H
#define EXPRCHECK_STATS_H

#include <linux/sysfs.h>
#include <linux/types.h>

int exprcheck_stats_init(void);
void exprcheck_stats_exit(void);

/*
 * Count one call: @err is its result; on success @scanned bytes were
 * examined and @invalid says whether the verdict was not valid; the
 * vector unit classified @simd_bytes of what was read.
 */
void exprcheck_stats_account(int err, u64 scanned, bool invalid,
			     u64 simd_bytes);

/* The "stats" directory of the misc device in sysfs. */
extern const struct attribute_group *exprcheck_stats_groups[];

#endif /* EXPRCHECK_STATS_H */
