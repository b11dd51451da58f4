// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-syscall-cases NR CASES.tsv: every case of the shared table
 * through the raw system call must give the table's verdict, field for
 * field, with its input anywhere in memory and with its input ending
 * right before an unmapped page (the kernel must not read past it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "sctest.h"

/* Returns 0 or the errno of the call; the verdict in @v. */
static int validate(long nr, const struct test_case *c, const void *input,
		    struct exprcheck_verdict *v)
{
	struct exprcheck_req req;

	kt_req_init(&req, input, c->len, v);
	req.flags = c->flags;
	req.max_depth = c->max_depth;
	memset(v, 0xa5, sizeof(*v));
	return sc_call(nr, &req, 0, NULL);
}

static void run_case(long nr, const struct test_case *c)
{
	static const char *const where[] = { "heap", "before-hole" };
	struct exprcheck_verdict v;
	char name[160], why[512];
	const void *input[2];
	int i, err;

	snprintf(name, sizeof(name), "syscall-case/%s", c->name);
	/*
	 * The system call has no per-request length limit, and a verdict
	 * that stops short of the table's limit is the same without one.
	 */
	if (c->want.status == EXPRCHECK_TOO_LONG) {
		kt_note("%s: a per-request length limit is not a kernel feature",
			name);
		return;
	}
	input[0] = c->input;
	input[1] = memcpy(sc_before_hole(c->len), c->input, c->len);
	for (i = 0; i < 2; i++) {
		err = validate(nr, c, input[i], &v);
		if (err) {
			kt_check(false, name, "%s: %s", where[i], strerror(err));
			return;
		}
		if (!kt_verdict_same(&v, &c->want, why, sizeof(why))) {
			kt_check(false, name, "%s: %s", where[i], why);
			return;
		}
	}
	kt_pass(name);
}

int main(int argc, char **argv)
{
	long nr = sc_nr_arg(argc, argv, "NR CASES.tsv");
	struct test_case *cases;
	char err[256];
	long n, i;

	if (argc != 3) {
		fprintf(stderr, "usage: %s NR CASES.tsv\n", argv[0]);
		return 2;
	}
	n = load_test_cases(argv[2], &cases, err, sizeof(err));
	if (n < 0)
		kt_die("%s", err);
	kt_check(n > 0, "syscall-case-table", "%s has no cases", argv[2]);
	for (i = 0; i < n; i++)
		run_case(nr, &cases[i]);
	return kt_finish();
}
