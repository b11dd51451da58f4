// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core's throughput against memchr over the same buffer (a byte scan
 * can hardly go faster), against a loop that looks at one byte at a time
 * with a stack of openers, as the original exercise did, and against the
 * kernel's way of feeding it (a page copied to a buffer at a time), which
 * shows natively what the kernel path adds where no module can be loaded.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "exprcheck_core.h"

#define PAGE	4096

struct buf {
	const uint8_t *p;
	size_t n;
};

static bool run_memchr(void *arg)
{
	const struct buf *b = arg;

	/* The buffer holds no NUL: memchr reads all of it. */
	return memchr(b->p, 0, b->n) == NULL;
}

static bool run_core(void *arg)
{
	const struct buf *b = arg;
	struct exprcheck_verdict v;

	return bench_core(b->p, b->n, &v) && v.status == EXPRCHECK_VALID &&
	       v.scanned == b->n;
}

/* The original exercise's loop: valid when every opener met its closer. */
static bool byte_loop(const uint8_t *p, size_t n)
{
	size_t cap = n < EXPRCHECK_DEFAULT_MAX_DEPTH ? n : EXPRCHECK_DEFAULT_MAX_DEPTH;
	uint8_t *stack = malloc(cap ? cap : 1);
	size_t i, top = 0;
	bool ok = stack != NULL;

	for (i = 0; ok && i < n; i++) {
		switch (p[i]) {
		case '(':
		case '[':
		case '{':
			ok = top < cap;
			if (ok)
				stack[top++] = p[i];
			break;
		case ')':
			ok = top && stack[--top] == '(';
			break;
		case ']':
			ok = top && stack[--top] == '[';
			break;
		case '}':
			ok = top && stack[--top] == '{';
			break;
		}
	}
	free(stack);
	return ok && !top;
}

static bool run_byte_loop(void *arg)
{
	const struct buf *b = arg;

	return byte_loop(b->p, b->n);
}

/* exprcheck_serve()'s loop, with memcpy() for copy_from_user(). */
static bool run_paged(void *arg)
{
	const struct buf *b = arg;
	size_t levels = b->n < EXPRCHECK_DEFAULT_MAX_DEPTH ? b->n :
			EXPRCHECK_DEFAULT_MAX_DEPTH;
	size_t bytes = EXPRCHECK_CORE_STACK_BYTES(levels), pos, n;
	uint8_t *stack = malloc(bytes ? bytes : 1), *page = malloc(PAGE);
	struct exprcheck_verdict v;
	struct exprcheck_core c;
	bool ok = stack && page;

	if (ok) {
		exprcheck_core_init(&c, stack, bytes, EXPRCHECK_DEFAULT_MAX_DEPTH,
				    0, 0);
		for (pos = 0; pos < b->n; pos += n) {
			n = b->n - pos < PAGE ? b->n - pos : PAGE;
			memcpy(page, b->p + pos, n);
			if (exprcheck_core_feed(&c, page, n))
				break;
		}
		exprcheck_core_finish(&c);
		exprcheck_core_verdict(&c, &v);
		ok = v.status == EXPRCHECK_VALID && v.scanned == b->n;
	}
	free(stack);
	free(page);
	return ok;
}

static void rows_for(const struct bench_cfg *cfg, const char *kind,
		     const uint8_t *p, size_t n, unsigned int reps)
{
	struct buf b = { p, n };
	unsigned int inner = n >= 16 * MIB ? 1 : (unsigned int)(16 * MIB / n);
	struct bench_op core = { "core", run_core, &b, inner };
	struct bench_op mem = { "memchr", run_memchr, &b, inner };
	struct bench_op loop = { "byte loop", run_byte_loop, &b, inner };
	struct bench_op paged = { "page copies", run_paged, &b, inner };
	bool sparse = !strcmp(kind, "sparse");
	char name[96];
	double a, c;

	snprintf(name, sizeof(name), "core / memchr, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&mem, &core, reps, &a, &c))
		bench_row(cfg, name, BENCH_RATE, n, "memchr", a, "core", c,
			  sparse ? ">= 0.5" : NULL);
	snprintf(name, sizeof(name), "core / byte loop, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&loop, &core, reps, &a, &c))
		bench_row(cfg, name, BENCH_RATE, n, "byte loop", a, "core", c, NULL);
	snprintf(name, sizeof(name), "page copies / core, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&core, &paged, reps, &c, &a))
		bench_row(cfg, name, BENCH_RATE, n, "core", c, "page copies", a, NULL);
}

void bench_core_rows(const struct bench_cfg *cfg)
{
	size_t sizes[2] = { MIB, cfg->large };
	unsigned int i;
	uint8_t *p;

	for (i = 0; i < 2; i++) {
		unsigned int reps = sizes[i] > MIB ? cfg->reps_large : cfg->reps;

		p = malloc(sizes[i]);
		if (!p) {
			bench_fail("cannot allocate %zu bytes", sizes[i]);
			return;
		}
		bench_sparse(p, sizes[i]);
		rows_for(cfg, "sparse", p, sizes[i], reps);
		bench_dense(p, sizes[i]);
		rows_for(cfg, "dense", p, sizes[i], reps);
		free(p);
	}
}
