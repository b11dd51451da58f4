// SPDX-License-Identifier: GPL-2.0-or-later
/* Timing, inputs and the output format of the benchmark. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "exprcheck_core.h"

static bool failed;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Seconds per operation over one block of op->inner operations. */
static bool block(const struct bench_op *op, double *secs)
{
	double t0 = now();
	unsigned int i;

	for (i = 0; i < op->inner; i++)
		if (!op->fn(op->arg))
			return false;
	*secs = (now() - t0) / op->inner;
	return true;
}

bool bench_pair(const struct bench_op *a, const struct bench_op *b,
		unsigned int reps, double *a_secs, double *b_secs)
{
	double *ta = calloc(reps, sizeof(double)), *tb = calloc(reps, sizeof(double));
	unsigned int i;
	bool ok = ta && tb;

	/* One block each to warm caches and fault pages in, not counted. */
	ok = ok && block(a, &ta[0]) && block(b, &tb[0]);
	for (i = 0; ok && i < reps; i++) {
		/* Alternate the order, so neither always runs on a warm cache. */
		if (i % 2)
			ok = block(b, &tb[i]) && block(a, &ta[i]);
		else
			ok = block(a, &ta[i]) && block(b, &tb[i]);
	}
	if (ok) {
		*a_secs = median(ta, reps);
		*b_secs = median(tb, reps);
	} else {
		bench_fail("%s vs %s: an operation failed", a->label, b->label);
	}
	free(ta);
	free(tb);
	return ok;
}

void bench_row(const struct bench_cfg *cfg, const char *name,
	       enum bench_unit unit, size_t bytes, const char *a_label,
	       double a_secs, const char *b_label, double b_secs,
	       const char *target)
{
	double a, b;

	if (unit == BENCH_TIME) {
		a = a_secs * 1e6;
		b = b_secs * 1e6;
	} else {
		a = bytes / a_secs / MIB;
		b = bytes / b_secs / MIB;
	}
	printf("# bench|%s|%s|%s|%.3f|%s|%.3f|%s|%.3f|%s\n", name, cfg->where,
	       a_label, a, b_label, b, unit == BENCH_TIME ? "us" : "MiB/s",
	       b / a, target ? target : "");
	fflush(stdout);
}

void bench_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	va_end(ap);
}

void bench_fail(const char *fmt, ...)
{
	va_list ap;

	failed = true;
	va_start(ap, fmt);
	fputs("not ok bench: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	va_end(ap);
}

bool bench_failed(void)
{
	return failed;
}

static uint64_t next(uint64_t *s)
{
	/* xorshift64: fast enough to fill 64 MiB, and the same every run. */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

void bench_sparse(uint8_t *p, size_t n)
{
	static const char words[] =
		"the quick brown fox jumps over the lazy dog while a bracket "
		"validator skips every word that cannot hold a bracket, ";
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	size_t i, w = sizeof(words) - 1;

	for (i = 0; i < n; i++)
		p[i] = words[(i + (i / w) * 7) % w];
	for (i = 0; i + 128 <= n; i += 128) {
		size_t at = i + next(&s) % 64;

		p[at] = "([{"[next(&s) % 3];
		p[at + 1 + next(&s) % 60] = p[at] == '(' ? ')' : p[at] + 2;
	}
}

void bench_dense(uint8_t *p, size_t n)
{
	static const uint8_t closer[256] = { ['('] = ')', ['['] = ']', ['{'] = '}' };
	uint8_t stack[32];
	uint64_t s = 0x2545f4914f6cdd1dULL;
	size_t i, depth = 0;

	for (i = 0; i < n; i++) {
		uint64_t r = next(&s);
		/* Open only with room left to close it: the input stays valid. */
		bool room = depth + 2 <= n - i;

		if (room && (depth == 0 || (depth < sizeof(stack) && r % 2))) {
			stack[depth++] = "([{"[(r >> 8) % 3];
			p[i] = stack[depth - 1];
		} else if (depth) {
			p[i] = closer[stack[--depth]];
		} else {
			p[i] = 'x';	/* the last byte of an odd length */
		}
	}
}

void bench_fill(uint8_t *p, size_t n, bool dense)
{
	if (dense)
		bench_dense(p, n);
	else
		bench_sparse(p, n);
}

void bench_expression(uint8_t *p, size_t n)
{
	static const char term[] = "f(x_1, -y[2]) * (a + 0x1F) >= 3.5e2 && !z || ";
	const size_t len = sizeof(term) - 1;
	size_t i;

	/* Whole terms, then white space and the last operand. */
	for (i = 0; i + len < n; i += len)
		memcpy(p + i, term, len);
	memset(p + i, ' ', n - i);
	if (n)
		p[n - 1] = 'z';
}

static bool core_run(const uint8_t *p, size_t n, enum scan_path path,
		     uint32_t flags, struct exprcheck_verdict *v);

bool bench_core(const uint8_t *p, size_t n, struct exprcheck_verdict *v)
{
	return bench_core_path(p, n, exprcheck_lib_scan_default_path(), v);
}

bool bench_core_flags(const uint8_t *p, size_t n, uint32_t flags,
		      struct exprcheck_verdict *v)
{
	return core_run(p, n, exprcheck_lib_scan_default_path(), flags, v);
}

bool bench_core_path(const uint8_t *p, size_t n, enum scan_path path,
		     struct exprcheck_verdict *v)
{
	return core_run(p, n, path, 0, v);
}

static bool core_run(const uint8_t *p, size_t n, enum scan_path path,
		     uint32_t flags, struct exprcheck_verdict *v)
{
	size_t levels = n < EXPRCHECK_DEFAULT_MAX_DEPTH ? n : EXPRCHECK_DEFAULT_MAX_DEPTH;
	size_t bytes = EXPRCHECK_CORE_STACK_BYTES(levels);
	uint8_t *stack = malloc(bytes ? bytes : 1);
	struct exprcheck_core c;

	if (!stack)
		return false;
	exprcheck_core_init(&c, stack, bytes, EXPRCHECK_DEFAULT_MAX_DEPTH, 0, flags);
	if (!exprcheck_lib_scan_feed(&c, p, n, path) &&
	    exprcheck_core_finish(&c)) {
		exprcheck_core_rewind(&c);
		exprcheck_lib_scan_feed(&c, p, n, path);
		exprcheck_core_finish(&c);
	}
	exprcheck_core_verdict(&c, v);
	free(stack);
	return true;
}
