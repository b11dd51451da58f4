// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-syscall-errors NR: each bad request gets its own errno, and
 * hostile but valid input gets its verdict, never more than the limits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sctest.h"

/* A request from a newer caller: known fields, then one more. */
struct req_next {
	struct exprcheck_req req;
	__u64 extra;
};

static long nr;

static int call(const void *req)
{
	return sc_call(nr, req, 0, NULL);
}

static void test_bad_memory(void)
{
	struct exprcheck_verdict v, *ro = sc_readonly_page();
	struct exprcheck_req req, *edge;
	char *hole = sc_before_hole(0);
	char *tail;

	kt_req_init(&req, NULL, 4, &v);
	kt_errno("expr-null-efault", call(&req), EFAULT);
	kt_req_init(&req, hole, 4, &v);
	kt_errno("expr-unmapped-efault", call(&req), EFAULT);

	tail = sc_before_hole(4);
	memcpy(tail, "(((", 4);
	kt_req_init(&req, tail, 4 + 4096, &v);
	kt_errno("expr-runs-into-unmapped-page-efault", call(&req), EFAULT);
	/* What was read before the hole already decides this one. */
	memcpy(tail, "ab)c", 4);
	if (kt_errno("verdict-before-unmapped-page", call(&req), 0))
		kt_check(v.status == EXPRCHECK_UNEXPECTED_CLOSER &&
			 v.offset == 2 && v.scanned == 3,
			 "verdict-before-unmapped-page-fields",
			 "status %u offset %llu scanned %llu", v.status,
			 (unsigned long long)v.offset,
			 (unsigned long long)v.scanned);

	kt_req_init(&req, "()", 2, NULL);
	kt_errno("verdict-null-efault", call(&req), EFAULT);
	kt_req_init(&req, "()", 2, ro);
	kt_errno("verdict-read-only-efault", call(&req), EFAULT);
	kt_req_init(&req, "()", 2, (void *)hole);
	kt_errno("verdict-unmapped-efault", call(&req), EFAULT);
	kt_req_init(&req, "()", 2, sc_before_hole(16));
	kt_errno("verdict-runs-into-unmapped-page-efault", call(&req), EFAULT);

	kt_errno("request-unmapped-efault", call(hole), EFAULT);
	edge = sc_before_hole(16);
	edge->size = sizeof(*edge);
	kt_errno("request-runs-into-unmapped-page-efault", call(edge), EFAULT);

	/* The kernel only reads the request: read-only memory will do. */
	kt_req_init(&req, "()", 2, &v);
	edge = sc_before_hole(sizeof(req));
	memcpy(edge, &req, sizeof(req));
	if (mprotect((void *)((unsigned long)edge & ~4095UL), 4096, PROT_READ))
		kt_die("mprotect: %s", strerror(errno));
	kt_errno("request-read-only-ok", call(edge), 0);
}

static void test_bad_fields(void)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	struct req_next next;

	kt_req_init(&req, "()", 2, &v);
	req.reserved = 1;
	kt_errno("reserved-nonzero-einval", call(&req), EINVAL);

	kt_req_init(&req, "()", 2, &v);
	req.size = EXPRCHECK_REQ_SIZE_VER0 - 8;
	kt_errno("size-below-ver0-einval", call(&req), EINVAL);
	req.size = 0;
	kt_errno("size-zero-einval", call(&req), EINVAL);

	kt_req_init(&next.req, "()", 2, &v);
	next.req.size = sizeof(next);
	next.extra = 1;
	kt_errno("larger-size-nonzero-tail-e2big", call(&next), E2BIG);
	next.extra = 0;
	kt_errno("larger-size-zero-tail-ok", call(&next), 0);

	kt_req_init(&req, "()", 2, &v);
	req.flags = ~(__u32)EXPRCHECK_F_ALL;
	kt_errno("request-unknown-flags-einval", call(&req), EINVAL);
	kt_errno("syscall-unknown-flags-einval", sc_call(nr, &req, 4, NULL),
		 EINVAL);
	req.flags = EXPRCHECK_F_INFIX | EXPRCHECK_F_QUOTES;
	kt_errno("request-infix-quotes-einval", call(&req), EINVAL);
	req.flags = EXPRCHECK_F_INFIX;
	kt_errno("request-infix-ok", call(&req), 0);

	kt_req_init(&req, "()", 2, &v);
	req.verdict_size = EXPRCHECK_VERDICT_SIZE_VER0 - 8;
	kt_errno("verdict-size-below-ver0-einval", call(&req), EINVAL);
	req.verdict_size = 4096 + 1;
	kt_errno("verdict-size-over-page-e2big", call(&req), E2BIG);

	kt_req_init(&req, "()", 2, &v);
	req.len = EXPRCHECK_DEFAULT_MAX_LEN + 1;
	kt_errno("len-over-limit-e2big", call(&req), E2BIG);

	kt_req_init(&req, "()", 2, &v);
	req.max_depth = EXPRCHECK_DEFAULT_MAX_DEPTH + 1;
	kt_errno("max-depth-over-limit-e2big", call(&req), E2BIG);
}

/* A newer caller's larger verdict: the kernel zeroes what it does not know. */
static void test_larger_verdict(void)
{
	struct {
		struct exprcheck_verdict v;
		__u64 extra[2];
	} big;
	struct exprcheck_req req;

	memset(&big, 0xa5, sizeof(big));
	kt_req_init(&req, "(]", 2, &big.v);
	req.verdict_size = sizeof(big);
	if (kt_errno("larger-verdict-ok", call(&req), 0))
		kt_check(big.v.status == EXPRCHECK_WRONG_CLOSER &&
			 !big.extra[0] && !big.extra[1],
			 "larger-verdict-tail-zeroed", "status %u tail %llx %llx",
			 big.v.status, (unsigned long long)big.extra[0],
			 (unsigned long long)big.extra[1]);
}

/* A verdict that cannot be written is refused before a long input is read. */
static void test_verdict_checked_first(void)
{
	const size_t len = 16 << 20;
	struct exprcheck_verdict v, *ro = sc_readonly_page();
	struct exprcheck_req req;
	double good, bad, t0;
	char *in = malloc(len);

	if (!in)
		kt_die("out of memory");
	for (size_t i = 0; i < len; i++)
		in[i] = "()"[i & 1];
	kt_req_init(&req, in, len, &v);
	t0 = kt_now();
	kt_errno("verdict-checked-first-good-ok", call(&req), 0);
	good = kt_now() - t0;
	kt_req_init(&req, in, len, ro);
	t0 = kt_now();
	kt_errno("verdict-checked-first-read-only-efault", call(&req), EFAULT);
	bad = kt_now() - t0;
	kt_note("16 MiB: %.3f s with a good verdict, %.6f s with a read-only one",
		good, bad);
	kt_check(bad < good / 20, "verdict-checked-first-costs-nothing",
		 "%.3f s, against %.3f s for the whole input", bad, good);
	free(in);
}

static void test_hostile_input(void)
{
	const size_t bomb = 1 << 20;
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	char *in = malloc(bomb);

	if (!in)
		kt_die("out of memory");
	memset(in, '(', bomb);
	kt_req_init(&req, in, bomb, &v);
	if (kt_errno("depth-bomb-ok", call(&req), 0))
		kt_check(v.status == EXPRCHECK_TOO_DEEP &&
			 v.offset == EXPRCHECK_DEFAULT_MAX_DEPTH &&
			 v.depth == EXPRCHECK_DEFAULT_MAX_DEPTH &&
			 v.found == '(' &&
			 v.scanned == EXPRCHECK_DEFAULT_MAX_DEPTH + 1,
			 "depth-bomb-too-deep", "status %u offset %llu depth %llu",
			 v.status, (unsigned long long)v.offset,
			 (unsigned long long)v.depth);

	req.max_depth = 100;
	if (kt_errno("depth-bomb-own-limit-ok", call(&req), 0))
		kt_check(v.status == EXPRCHECK_TOO_DEEP && v.offset == 100 &&
			 v.depth == 100, "depth-bomb-own-limit-too-deep",
			 "status %u offset %llu", v.status,
			 (unsigned long long)v.offset);

	/* 1 MiB of "()": many pages, nothing deep. */
	for (size_t i = 0; i < bomb; i++)
		in[i] = "()"[i & 1];
	kt_req_init(&req, in, bomb, &v);
	if (kt_errno("long-valid-input-ok", call(&req), 0))
		kt_check(v.status == EXPRCHECK_VALID && v.scanned == bomb &&
			 v.depth == 1, "long-valid-input-valid",
			 "status %u scanned %llu", v.status,
			 (unsigned long long)v.scanned);
	free(in);
}

int main(int argc, char **argv)
{
	nr = sc_nr_arg(argc, argv, "NR");
	test_bad_memory();
	test_bad_fields();
	test_larger_verdict();
	test_verdict_checked_first();
	test_hostile_input();
	return kt_finish();
}
