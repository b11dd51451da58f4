// SPDX-License-Identifier: GPL-2.0
/*
 * Call counters. Each CPU counts its own calls without a lock; a read in
 * sysfs sums them. u64_stats keeps the 64-bit sums whole on 32-bit
 * machines and costs nothing on 64-bit ones.
 *
 * Each validation request (one ioctl, one request of a batch, or a batch
 * refused whole) counts once in calls and once in exactly one of valid
 * (not shown), invalid, faults and errors; bytes adds up what answered
 * requests scanned, simd_bytes what of it the vector unit classified
 * (bytes read again by a second pass count again). INFO is not counted,
 * nor a request a signal interrupted, which is made again.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include "stats.h"

enum exprcheck_stat {
	STAT_CALLS,
	STAT_BYTES,
	STAT_INVALID,
	STAT_FAULTS,
	STAT_ERRORS,
	STAT_SIMD_BYTES,
	STAT_COUNT
};

struct exprcheck_stats {
	u64_stats_t v[STAT_COUNT];
	struct u64_stats_sync syncp;
};

static struct exprcheck_stats __percpu *stats;

int exprcheck_stats_init(void)
{
	int cpu;

	stats = alloc_percpu(struct exprcheck_stats);
	if (!stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return 0;
}

void exprcheck_stats_exit(void)
{
	free_percpu(stats);
}

void exprcheck_stats_account(int err, u64 scanned, bool invalid,
			     u64 simd_bytes)
{
	struct exprcheck_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->v[STAT_CALLS]);
	if (err == -EFAULT)
		u64_stats_inc(&s->v[STAT_FAULTS]);
	else if (err)
		u64_stats_inc(&s->v[STAT_ERRORS]);
	else if (invalid)
		u64_stats_inc(&s->v[STAT_INVALID]);
	if (!err)
		u64_stats_add(&s->v[STAT_BYTES], scanned);
	u64_stats_add(&s->v[STAT_SIMD_BYTES], simd_bytes);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

static u64 stats_sum(enum exprcheck_stat stat)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct exprcheck_stats *s = per_cpu_ptr(stats, cpu);
		unsigned int start;
		u64 v;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->v[stat]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}

struct stat_attribute {
	struct device_attribute attr;
	enum exprcheck_stat stat;
};

static ssize_t stat_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	const struct stat_attribute *sa =
		container_of(attr, struct stat_attribute, attr);

	return sysfs_emit(buf, "%llu\n", stats_sum(sa->stat));
}

#define STAT_ATTR(_name, _stat) \
	{ .attr = __ATTR(_name, 0444, stat_show, NULL), .stat = (_stat) }

static struct stat_attribute stat_attrs[] = {
	STAT_ATTR(calls, STAT_CALLS),
	STAT_ATTR(bytes, STAT_BYTES),
	STAT_ATTR(invalid, STAT_INVALID),
	STAT_ATTR(faults, STAT_FAULTS),
	STAT_ATTR(errors, STAT_ERRORS),
	STAT_ATTR(simd_bytes, STAT_SIMD_BYTES),
};

static struct attribute *stats_attrs[] = {
	&stat_attrs[0].attr.attr,
	&stat_attrs[1].attr.attr,
	&stat_attrs[2].attr.attr,
	&stat_attrs[3].attr.attr,
	&stat_attrs[4].attr.attr,
	&stat_attrs[5].attr.attr,
	NULL
};

static const struct attribute_group stats_group = {
	.name = "stats",
	.attrs = stats_attrs,
};

const struct attribute_group *exprcheck_stats_groups[] = {
	&stats_group,
	NULL
};
