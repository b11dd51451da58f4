/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared case table (tests/cases.tsv), for every test that reads it. */
#ifndef EXPRCHECK_TESTS_CASES_H
#define EXPRCHECK_TESTS_CASES_H

#include <stddef.h>
#include <stdint.h>

#include <linux/exprcheck.h>

struct test_case {
	char name[128];
	uint32_t flags;
	uint32_t max_depth;	/* 0: the default */
	uint64_t max_len;	/* 0: no limit */
	uint8_t *input;
	size_t len;
	struct exprcheck_verdict want;
};

/*
 * Reads the table at @path into a malloc'd array. Returns the number of
 * cases, or -1 with the reason (file and line) in @err.
 */
long load_test_cases(const char *path, struct test_case **cases, char *err,
		   size_t err_size);

#endif /* EXPRCHECK_TESTS_CASES_H */
