/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The exprcheck benchmark: each row times two things in the same run,
 * alternating them, and reports their medians and the ratio. Rows are
 * printed as `# bench|...` lines (the kernel-test protocol's comments),
 * which bench/run gathers from every machine into one table.
 */
#ifndef EXPRCHECK_BENCH_H
#define EXPRCHECK_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/exprcheck.h>

#include "scan.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MIB		(1UL << 20)

struct bench_cfg {
	const char *where;	/* the machine and kernel, for the table */
	unsigned int reps;	/* repetitions of each timed block */
	unsigned int reps_large; /* ... for 64 MiB inputs */
	size_t large;		/* the large input size, 64 MiB by default */
	bool small_only;	/* kernel rows: only 16 B and 1 MiB of text */
	bool paths_only;	/* core rows: only vector path / portable */
	enum scan_path path;	/* the vector path those rows time */
};

/* A thing to time: @fn(@arg) does one operation; @err set on failure. */
struct bench_op {
	const char *label;
	bool (*fn)(void *arg);
	void *arg;
	unsigned int inner;	/* operations per timed block */
};

/*
 * Times @a and @b, alternating, @reps blocks each; returns the median
 * seconds per operation of each. False when an operation failed.
 */
bool bench_pair(const struct bench_op *a, const struct bench_op *b,
		unsigned int reps, double *a_secs, double *b_secs);

enum bench_unit { BENCH_TIME, BENCH_RATE };

/*
 * Prints one row. BENCH_TIME rows show microseconds per operation and the
 * ratio b/a of times; BENCH_RATE rows show MiB/s over @bytes and the ratio
 * b/a of rates. @target is like "<= 1.3", or NULL.
 */
void bench_row(const struct bench_cfg *cfg, const char *name,
	       enum bench_unit unit, size_t bytes, const char *a_label,
	       double a_secs, const char *b_label, double b_secs,
	       const char *target);
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bench_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool bench_failed(void);

/* Prose with a bracket pair every 128 bytes or so: one byte in 64 matters. */
void bench_sparse(uint8_t *p, size_t n);
/* Nothing but brackets, balanced, nesting up to 32 deep. */
void bench_dense(uint8_t *p, size_t n);
/* bench_dense() when @dense, else bench_sparse(). */
void bench_fill(uint8_t *p, size_t n, bool dense);
/*
 * An expression valid both as brackets and by the infix grammar: calls,
 * indexes, groups, numbers and operators, one bracket in 7 bytes.
 */
void bench_expression(uint8_t *p, size_t n);

/*
 * The validator core as the library's userspace backend drives it: a
 * nesting stack for min(262144, @n) levels, one feed along @path, finish.
 */
bool bench_core_path(const uint8_t *p, size_t n, enum scan_path path,
		     struct exprcheck_verdict *v);
/* ... along the path the library would take on this CPU. */
bool bench_core(const uint8_t *p, size_t n, struct exprcheck_verdict *v);
/* bench_core() in the language of @flags. */
bool bench_core_flags(const uint8_t *p, size_t n, uint32_t flags,
		      struct exprcheck_verdict *v);

/* Rows that need no kernel: the core against memchr and a byte loop. */
void bench_core_rows(const struct bench_cfg *cfg);
/* Rows that need /dev/exprcheck, and the system call when there is one. */
void bench_kernel_rows(const struct bench_cfg *cfg);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_BENCH_H */
