// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-test: the core as built into this module must give the
 * right verdicts for the mistakes bracket checkers usually make, fed
 * whole and one byte at a time, along the integer path and (where the CPU
 * has AVX2) the vector one, before any caller relies on it.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "exprcheck_core.h"
#include "exprcheck_serve.h"
#include "selftest.h"

struct selftest_case {
	const char *name;
	const char *input;
	u32 max_depth;
	u32 status;
	u64 offset;
};

static const struct selftest_case selftest_cases[] __initconst = {
	{ "nested", "{[()()]}", 0, EXPRCHECK_VALID, 0 },
	/* Counting brackets instead of stacking them accepts these two. */
	{ "crossed", "([)]", 0, EXPRCHECK_WRONG_CLOSER, 2 },
	{ "close-then-open", ")(", 0, EXPRCHECK_UNEXPECTED_CLOSER, 0 },
	/* A checker that peeks at stack[-1] reads out of bounds here. */
	{ "leading-closer", "]", 0, EXPRCHECK_UNEXPECTED_CLOSER, 0 },
	{ "left-open", "(()", 0, EXPRCHECK_LEFT_OPEN, 0 },
	/* A fixed stack overflows one level past its size. */
	{ "too-deep", "(((((", 4, EXPRCHECK_TOO_DEEP, 4 },
	/* The opener left open is found by a second pass. */
	{ "second-pass", "([[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", 0,
	  EXPRCHECK_LEFT_OPEN, 0 },
};

static int __init selftest_feed(struct exprcheck_core *core, const char *p,
				size_t n, bool simd)
{
	struct exprcheck_section sec;
	u64 simd_bytes = 0;

	if (simd)
		return exprcheck_feed_simd(core, p, n, &sec, &simd_bytes);
	return exprcheck_core_feed(core, p, n);
}

static void __init selftest_run(const struct selftest_case *tc, size_t chunk,
				bool simd, struct exprcheck_verdict *v)
{
	u8 stack[EXPRCHECK_CORE_STACK_BYTES(64)];
	size_t len = strlen(tc->input);
	struct exprcheck_core core;
	int pass;

	exprcheck_core_init(&core, stack, sizeof(stack),
			    tc->max_depth ?: EXPRCHECK_DEFAULT_MAX_DEPTH, 0, 0);
	for (pass = 0; pass < 2; pass++) {
		size_t pos;

		for (pos = 0; pos < len; pos += chunk)
			if (selftest_feed(&core, tc->input + pos,
					  min(chunk, len - pos), simd))
				break;
		if (!exprcheck_core_finish(&core))
			break;
		exprcheck_core_rewind(&core);
	}
	exprcheck_core_verdict(&core, v);
}

bool __init exprcheck_selftest(void)
{
	bool simd_usable = exprcheck_simd_usable();
	struct exprcheck_verdict v;
	bool ok = true;
	size_t i;
	int simd;

	for (i = 0; i < ARRAY_SIZE(selftest_cases); i++) {
		const struct selftest_case *tc = &selftest_cases[i];
		size_t chunk;

		for (simd = 0; simd <= simd_usable; simd++)
			for (chunk = 1; chunk <= strlen(tc->input);
			     chunk = chunk * 2 + 1) {
				selftest_run(tc, chunk, simd, &v);
				if (v.status == tc->status &&
				    v.offset == tc->offset)
					continue;
				pr_err("self-test %s failed in chunks of %zu (%s path): status %u offset %llu, want status %u offset %llu\n",
				       tc->name, chunk, simd ? "AVX2" : "integer",
				       v.status, v.offset, tc->status, tc->offset);
				ok = false;
			}
	}
	return ok;
}
