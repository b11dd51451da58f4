// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The core's throughput against memchr over the same buffer (a byte scan
 * can hardly go faster), against a loop that looks at one byte at a time
 * with a stack of openers, as the original exercise did, and against the
 * kernel's way of feeding it (a page copied to a buffer at a time), which
 * shows natively what the kernel path adds where no module can be loaded;
 * and its vector path against its portable one.
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

struct along {
	const struct buf *b;
	enum scan_path path;
};

static bool run_core(void *arg)
{
	const struct buf *b = arg;
	struct exprcheck_verdict v;

	return bench_core(b->p, b->n, &v) && v.status == EXPRCHECK_VALID &&
	       v.scanned == b->n;
}

static bool run_core_along(void *arg)
{
	const struct along *a = arg;
	struct exprcheck_verdict v;

	return bench_core_path(a->b->p, a->b->n, a->path, &v) &&
	       v.status == EXPRCHECK_VALID && v.scanned == a->b->n;
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

/* exprcheck_serve()'s loop, with memcpy() for copy_from_user(), along the core's path. */
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
			if (exprcheck_lib_scan_feed(&c, page, n,
					exprcheck_lib_scan_default_path()))
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
	struct along portable = { &b, SCAN_PORTABLE }, vector = { &b, cfg->path };
	struct bench_op port = { "portable", run_core_along, &portable, inner };
	struct bench_op vec = { exprcheck_lib_scan_path_name(cfg->path),
				run_core_along, &vector, inner };
	bool sparse = !strcmp(kind, "sparse");
	char name[96];
	double a, c;

	snprintf(name, sizeof(name), "vector / portable, %zu MiB %s", n / MIB, kind);
	if (cfg->path != SCAN_PORTABLE && bench_pair(&port, &vec, reps, &a, &c))
		bench_row(cfg, name, BENCH_RATE, n, "portable", a,
			  exprcheck_lib_scan_path_name(cfg->path), c, NULL);
	if (cfg->paths_only)
		return;
	snprintf(name, sizeof(name), "core / memchr, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&mem, &core, reps, &a, &c))
		bench_row(cfg, name, BENCH_RATE, n, "memchr", a,
			  exprcheck_lib_scan_path_name(
				  exprcheck_lib_scan_default_path()),
			  c, sparse ? ">= 0.5" : NULL);
	snprintf(name, sizeof(name), "core / byte loop, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&loop, &core, reps, &a, &c))
		bench_row(cfg, name, BENCH_RATE, n, "byte loop", a, "core", c, NULL);
	snprintf(name, sizeof(name), "page copies / core, %zu MiB %s", n / MIB, kind);
	if (bench_pair(&core, &paged, reps, &c, &a))
		bench_row(cfg, name, BENCH_RATE, n, "core", c, "page copies", a, NULL);
}

#ifdef __x86_64__
/* What saving and restoring this CPU's whole FPU state takes. */
struct xstate {
	uint8_t *area;
	uint32_t lo, hi;
};

static bool run_xsave(void *arg)
{
	struct xstate *x = arg;

	__asm__ volatile("xsave64 (%0)" : : "r"(x->area), "a"(x->lo), "d"(x->hi) : "memory");
	__asm__ volatile("xrstor64 (%0)" : : "r"(x->area), "a"(x->lo), "d"(x->hi) : "memory");
	return true;
}

/*
 * Where the kernel's first kernel_fpu_begin() of a call pays for itself:
 * it saves the caller's FPU state (restored on the way back to userspace),
 * which xsave and xrstor of every enabled feature stand for here. Each row
 * sets what the vector path saves over the portable one at a length
 * against that cost: above 1, the vector path is worth it.
 */
static void threshold_rows(const struct bench_cfg *cfg)
{
	static const size_t sizes[3] = { 256, 1024, 4096 };
	const char *kinds[2] = { "sparse", "dense" };
	struct xstate x = { NULL, 0, 0 };
	struct bench_op save = { "xsave+xrstor", run_xsave, &x, 10000 };
	uint32_t eax, ebx, ecx, edx;
	double a, b, fpu, dummy;
	unsigned int i, k;
	char name[96];
	uint8_t *p;

	__asm__("xgetbv" : "=a"(x.lo), "=d"(x.hi) : "c"(0));
	__asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(0xd), "c"(0));
	x.area = aligned_alloc(64, (ebx + 63) / 64 * 64);
	p = malloc(sizes[2]);
	if (!x.area || !p) {
		bench_fail("out of memory");
		goto out;
	}
	memset(x.area, 0, ebx);
	if (!bench_pair(&save, &save, cfg->reps, &fpu, &dummy))
		goto out;
	for (i = 0; i < 3; i++)
		for (k = 0; k < 2; k++) {
			struct buf bb = { p, sizes[i] };
			struct along portable = { &bb, SCAN_PORTABLE };
			struct along vector = { &bb, SCAN_AVX2 };
			unsigned int inner = (unsigned int)(16 * MIB / sizes[i] / 16);
			struct bench_op port = { "portable", run_core_along, &portable, inner };
			struct bench_op vec = { "avx2", run_core_along, &vector, inner };

			bench_fill(p, sizes[i], k);
			if (!exprcheck_lib_scan_path_usable(SCAN_AVX2) ||
			    !bench_pair(&port, &vec, cfg->reps, &a, &b))
				continue;
			snprintf(name, sizeof(name),
				 "AVX2 gain / FPU save (%u B), %zu B %s", ebx,
				 sizes[i], kinds[k]);
			bench_row(cfg, name, BENCH_TIME, 0, "xsave+xrstor", fpu,
				  "portable-avx2", a - b, NULL);
		}
out:
	free(x.area);
	free(p);
}
#endif

struct in_language {
	const struct buf *b;
	uint32_t flags;
};

static bool run_core_flags(void *arg)
{
	const struct in_language *l = arg;
	struct exprcheck_verdict v;

	return bench_core_flags(l->b->p, l->b->n, l->flags, &v) &&
	       v.status == EXPRCHECK_VALID && v.scanned == l->b->n;
}

/* The infix grammar against the brackets alone, on the same expression. */
static void infix_rows(const struct bench_cfg *cfg)
{
	size_t sizes[2] = { MIB, cfg->large };
	unsigned int i;
	char name[96];
	double a, b;
	uint8_t *p;

	for (i = 0; i < 2; i++) {
		struct buf buf = { NULL, sizes[i] };
		struct in_language brackets = { &buf, 0 };
		struct in_language infix = { &buf, EXPRCHECK_F_INFIX };
		unsigned int inner = sizes[i] > MIB ? 1 : 4;
		unsigned int reps = sizes[i] > MIB ? cfg->reps_large : cfg->reps;
		struct bench_op br = { "brackets", run_core_flags, &brackets, inner };
		struct bench_op in = { "infix", run_core_flags, &infix, inner };

		p = malloc(sizes[i]);
		if (!p) {
			bench_fail("cannot allocate %zu bytes", sizes[i]);
			return;
		}
		buf.p = p;
		bench_expression(p, sizes[i]);
		snprintf(name, sizeof(name), "infix / brackets, %zu MiB expression",
			 sizes[i] / MIB);
		if (bench_pair(&br, &in, reps, &a, &b))
			bench_row(cfg, name, BENCH_RATE, sizes[i], "brackets", a,
				  "infix", b, NULL);
		free(p);
	}
}

void bench_core_rows(const struct bench_cfg *cfg)
{
	size_t sizes[2] = { MIB, cfg->large };
	unsigned int i;
	uint8_t *p;

#ifdef __x86_64__
	if (!cfg->paths_only)
		threshold_rows(cfg);
#endif
	if (!cfg->paths_only)
		infix_rows(cfg);
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
