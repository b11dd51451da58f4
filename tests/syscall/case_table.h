/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The shared case table (tests/cases.tsv) for the system call tests. */
#ifndef EXPRCHECK_SC_CASE_TABLE_H
#define EXPRCHECK_SC_CASE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <linux/exprcheck.h>

struct sc_case {
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
long sc_load_cases(const char *path, struct sc_case **cases, char *err,
		   size_t err_size);

#endif /* EXPRCHECK_SC_CASE_TABLE_H */
