// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the exprcheck validator core, driven by the shared case
 * table. Chunk boundaries must never change a verdict, so each expression
 * is fed whole and then split in two at every position (an empty chunk
 * included), and every field of the verdict is compared with the table;
 * all of it along the integer path and again along the AVX2 one, as the
 * system call takes it (skipped where the CPU has no AVX2).
 */
#include <kunit/test.h>
#include <linux/exprcheck.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "exprcheck_core.h"
#include "exprcheck_serve.h"

struct exprcheck_kunit_case {
	const char *name;
	const char *input;
	u64 len;
	u32 flags;
	u32 max_depth;
	u64 max_len;
	u32 status;
	u64 offset;
	u8 expected;
	u8 found;
	u64 depth;
	u64 scanned;
};

#include "exprcheck_kunit_cases.h"

/* Split position meaning "one chunk". */
#define WHOLE	U64_MAX

static void case_desc(const struct exprcheck_kunit_case *tc, char *desc)
{
	strscpy(desc, tc->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(exprcheck_table, exprcheck_kunit_cases, case_desc);

/* Where a case goes through: the integer path, or the AVX2 one. */
struct feed_path {
	bool simd;
	struct exprcheck_section sec;
	u64 simd_bytes;
};

static int feed_part(struct exprcheck_core *core, const char *p, u64 n,
		     struct feed_path *path)
{
	if (path->simd)
		return exprcheck_feed_simd(core, p, n, &path->sec,
					   &path->simd_bytes);
	return exprcheck_core_feed(core, p, n);
}

static void feed(struct exprcheck_core *core,
		 const struct exprcheck_kunit_case *tc, u64 split,
		 struct feed_path *path)
{
	if (split == WHOLE) {
		feed_part(core, tc->input, tc->len, path);
		return;
	}
	if (!feed_part(core, tc->input, split, path))
		feed_part(core, tc->input + split, tc->len - split, path);
}

/*
 * Validate the case's input fed at @split, the second pass (if the core
 * asks for one) fed the same way. Returns false after reporting the
 * fields that differ from the table.
 */
static bool check_split(struct kunit *test,
			const struct exprcheck_kunit_case *tc, u64 split,
			void *stack, u64 stack_bytes, struct feed_path *path)
{
	struct exprcheck_verdict v;
	struct exprcheck_core core;
	int ret;

	ret = exprcheck_core_init(&core, stack, stack_bytes, tc->max_depth,
				  tc->max_len, tc->flags);
	KUNIT_ASSERT_EQ(test, ret, 0);
	feed(&core, tc, split, path);
	if (exprcheck_core_finish(&core)) {
		exprcheck_core_rewind(&core);
		feed(&core, tc, split, path);
		exprcheck_core_finish(&core);
	}
	exprcheck_core_verdict(&core, &v);

	if (v.status == tc->status && v.offset == tc->offset &&
	    v.expected == tc->expected && v.found == tc->found &&
	    v.depth == tc->depth && v.scanned == tc->scanned && !v.reserved)
		return true;

	if (split == WHOLE)
		kunit_err(test, "%s: verdict differs, fed whole (%s path)\n",
			  tc->name, path->simd ? "AVX2" : "integer");
	else
		kunit_err(test, "%s: verdict differs, split at %llu (%s path)\n",
			  tc->name, split, path->simd ? "AVX2" : "integer");
	KUNIT_EXPECT_EQ(test, v.status, tc->status);
	KUNIT_EXPECT_EQ(test, v.offset, tc->offset);
	KUNIT_EXPECT_EQ(test, v.expected, tc->expected);
	KUNIT_EXPECT_EQ(test, v.found, tc->found);
	KUNIT_EXPECT_EQ(test, v.depth, tc->depth);
	KUNIT_EXPECT_EQ(test, v.scanned, tc->scanned);
	KUNIT_EXPECT_EQ(test, v.reserved, 0);
	return false;
}

static void *case_stack(struct kunit *test,
			const struct exprcheck_kunit_case *tc, u64 *bytes)
{
	void *stack;

	*bytes = EXPRCHECK_CORE_STACK_BYTES((u64)tc->max_depth);
	stack = kunit_kzalloc(test, *bytes, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, stack);
	return stack;
}

/* The path a test takes; the AVX2 one only where the CPU has it. */
static struct feed_path *case_path(struct kunit *test, bool simd)
{
	struct feed_path *path = kunit_kzalloc(test, sizeof(*path), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, path);
	if (simd && !exprcheck_simd_usable())
		kunit_skip(test, "no AVX2 on this CPU");
	path->simd = simd;
	return path;
}

static void table_whole(struct kunit *test, bool simd)
{
	const struct exprcheck_kunit_case *tc = test->param_value;
	struct feed_path *path = case_path(test, simd);
	u64 bytes;
	void *stack = case_stack(test, tc, &bytes);

	check_split(test, tc, WHOLE, stack, bytes, path);
}

static void table_split(struct kunit *test, bool simd)
{
	const struct exprcheck_kunit_case *tc = test->param_value;
	struct feed_path *path = case_path(test, simd);
	u64 bytes, split;
	void *stack = case_stack(test, tc, &bytes);

	for (split = 0; split <= tc->len; split++)
		if (!check_split(test, tc, split, stack, bytes, path))
			return;
	/* Split at 0, the whole input went through the vector unit. */
	if (simd)
		KUNIT_EXPECT_GE(test, path->simd_bytes, tc->len);
}

static void exprcheck_table_whole(struct kunit *test)
{
	table_whole(test, false);
}

static void exprcheck_table_split(struct kunit *test)
{
	table_split(test, false);
}

static void exprcheck_table_whole_avx2(struct kunit *test)
{
	table_whole(test, true);
}

static void exprcheck_table_split_avx2(struct kunit *test)
{
	table_split(test, true);
}

/* Unknown flags are refused, and so are flags that exclude each other. */
static void exprcheck_unknown_flags(struct kunit *test)
{
	struct exprcheck_core core;
	u8 stack[4];

	KUNIT_EXPECT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack),
						  8, 0, ~EXPRCHECK_F_ALL), -1);
	KUNIT_EXPECT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack), 8, 0,
						  EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES), 0);
	KUNIT_EXPECT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack),
						  8, 0, EXPRCHECK_F_INFIX), 0);
	KUNIT_EXPECT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack),
						  8, 0, EXPRCHECK_F_ALL), -1);
	KUNIT_EXPECT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack), 8, 0,
						  EXPRCHECK_F_INFIX | EXPRCHECK_F_QUOTES), -1);
}

/* The caller's stack, not only max_depth, bounds the depth: 1 byte, 4 levels. */
static void exprcheck_stack_bounds_depth(struct kunit *test)
{
	static const char input[] = "((((()))))";
	struct exprcheck_verdict v;
	struct exprcheck_core core;
	u8 stack[1];

	KUNIT_ASSERT_EQ(test, exprcheck_core_init(&core, stack, sizeof(stack),
						  EXPRCHECK_DEFAULT_MAX_DEPTH,
						  0, 0), 0);
	KUNIT_EXPECT_EQ(test, exprcheck_core_feed(&core, input,
						  sizeof(input) - 1), 1);
	exprcheck_core_finish(&core);
	exprcheck_core_verdict(&core, &v);
	KUNIT_EXPECT_EQ(test, v.status, EXPRCHECK_TOO_DEEP);
	KUNIT_EXPECT_EQ(test, v.offset, 4);
	KUNIT_EXPECT_EQ(test, v.depth, 4);
	KUNIT_EXPECT_EQ(test, v.found, '(');
}

static struct kunit_case exprcheck_test_cases[] = {
	KUNIT_CASE_PARAM(exprcheck_table_whole, exprcheck_table_gen_params),
	KUNIT_CASE_PARAM(exprcheck_table_split, exprcheck_table_gen_params),
	KUNIT_CASE_PARAM(exprcheck_table_whole_avx2, exprcheck_table_gen_params),
	KUNIT_CASE_PARAM(exprcheck_table_split_avx2, exprcheck_table_gen_params),
	KUNIT_CASE(exprcheck_unknown_flags),
	KUNIT_CASE(exprcheck_stack_bounds_depth),
	{}
};

static struct kunit_suite exprcheck_test_suite = {
	.name = "exprcheck",
	.test_cases = exprcheck_test_cases,
};

kunit_test_suite(exprcheck_test_suite);
