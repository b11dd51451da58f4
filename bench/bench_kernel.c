// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's rows: what a validation costs over a call that does nothing
 * (INFO), the system call against the ioctl, the kernel path against the
 * core in this process, the module's vector path against its integer one,
 * and one batch against as many single calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "ktest.h"

#define SMALL_EXPR	"{a*(b+c)-[d/e]};"
#define SMALL_LEN	(sizeof(SMALL_EXPR) - 1)	/* 16 */
#define SMALL_INNER	2000
#define BATCH		1000
/* Written into a verdict before each call: no status has this value. */
#define STALE		UINT32_MAX

struct call {
	int fd;
	long nr;
	struct exprcheck_req req;
	struct exprcheck_verdict v;
	struct exprcheck_info info;
	size_t expect_scanned;
};

static void req_init(struct call *c, const void *p, size_t n)
{
	memset(&c->req, 0, sizeof(c->req));
	c->req.size = sizeof(c->req);
	c->req.expr = (uintptr_t)p;
	c->req.len = n;
	c->req.verdict = (uintptr_t)&c->v;
	c->req.verdict_size = sizeof(c->v);
	c->expect_scanned = n;
}

static bool verdict_valid(const struct call *c)
{
	return c->v.status == EXPRCHECK_VALID && c->v.scanned == c->expect_scanned;
}

static bool run_info(void *arg)
{
	struct call *c = arg;

	c->info.size = sizeof(c->info);
	return !ioctl(c->fd, EXPRCHECK_IOC_INFO, &c->info);
}

static bool run_ioctl(void *arg)
{
	struct call *c = arg;

	c->v.status = STALE;
	return !ioctl(c->fd, EXPRCHECK_IOC_VALIDATE, &c->req) && verdict_valid(c);
}

static bool run_syscall(void *arg)
{
	struct call *c = arg;

	c->v.status = STALE;
	return !syscall(c->nr, &c->req, 0) && verdict_valid(c);
}

struct buf {
	const uint8_t *p;
	size_t n;
};

static bool run_core(void *arg)
{
	const struct buf *b = arg;
	struct exprcheck_verdict v;

	return bench_core(b->p, b->n, &v) && v.status == EXPRCHECK_VALID &&
	       v.scanned == b->n;
}

/* The module's scanning path, set through its parameters. */
static bool set_param(const char *name, const char *value)
{
	char path[128];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "/sys/module/exprcheck/parameters/%s", name);
	f = fopen(path, "w");
	if (!f)
		return false;
	ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok;
}

struct pathed {
	struct call *c;
	bool simd;
};

/* One ioctl along the path asked for; switching costs once per block. */
static bool run_ioctl_path(void *arg)
{
	static int current = -1;
	struct pathed *pc = arg;

	if (current != pc->simd) {
		if (!set_param("simd", pc->simd ? "1" : "0"))
			return false;
		current = pc->simd;
	}
	return run_ioctl(pc->c);
}

/*
 * The vector path against the integer one, from a page (where the first
 * kernel_fpu_begin() of a call must pay for itself) to 64 MiB. Every
 * length goes along the vector path while these rows run.
 */
static void fpu_rows(const struct bench_cfg *cfg, struct call *c)
{
	size_t sizes[5] = { 256, 1024, 4096, MIB, cfg->large };
	const char *kinds[2] = { "sparse", "dense" };
	struct pathed fpu = { c, true }, integer = { c, false };
	unsigned int i, k, n = cfg->small_only ? 4 : 5;
	char name[96], size[32];
	double a, b;
	uint8_t *p;

	if (!set_param("simd_min_len", "1")) {
		bench_fail("cannot set simd_min_len: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned int reps = sizes[i] > MIB ? cfg->reps_large : cfg->reps;
		unsigned int inner = sizes[i] > MIB ? 1 : sizes[i] >= MIB ? 4 :
				     (unsigned int)(MIB / sizes[i]);
		struct bench_op vec = { "vector", run_ioctl_path, &fpu, inner };
		struct bench_op in = { "integer", run_ioctl_path, &integer, inner };

		p = malloc(sizes[i]);
		if (!p) {
			bench_fail("cannot allocate %zu bytes", sizes[i]);
			break;
		}
		if (sizes[i] >= MIB)
			snprintf(size, sizeof(size), "%zu MiB", sizes[i] / MIB);
		else
			snprintf(size, sizeof(size), "%zu B", sizes[i]);
		for (k = 0; k < 2; k++) {
			bench_fill(p, sizes[i], k);
			req_init(c, p, sizes[i]);
			snprintf(name, sizeof(name), "kernel AVX2 / integer, %s %s",
				 size, kinds[k]);
			if (bench_pair(&in, &vec, reps, &a, &b))
				bench_row(cfg, name, BENCH_RATE, sizes[i], "integer", a,
					  "AVX2", b, NULL);
		}
		free(p);
	}
	if (!set_param("simd", "1") || !set_param("simd_min_len", "1024"))
		bench_fail("cannot restore the module's parameters");
}

struct batch {
	int fd;
	struct exprcheck_req *reqs;
	struct exprcheck_verdict *v;
	struct exprcheck_batch b;
};

static bool run_singles(void *arg)
{
	struct batch *bt = arg;
	unsigned int i;

	for (i = 0; i < BATCH; i++) {
		bt->v[i].status = STALE;
		if (ioctl(bt->fd, EXPRCHECK_IOC_VALIDATE, &bt->reqs[i]) ||
		    bt->v[i].status != EXPRCHECK_VALID)
			return false;
	}
	return true;
}

static bool run_batch(void *arg)
{
	struct batch *bt = arg;
	unsigned int i;

	for (i = 0; i < BATCH; i++)
		bt->v[i].status = STALE;
	memset(&bt->b, 0, sizeof(bt->b));
	bt->b.size = sizeof(bt->b);
	bt->b.count = BATCH;
	bt->b.reqs = (uintptr_t)bt->reqs;
	bt->b.req_size = sizeof(bt->reqs[0]);
	if (ioctl(bt->fd, EXPRCHECK_IOC_VALIDATE_BATCH, &bt->b) ||
	    bt->b.done != BATCH)
		return false;
	for (i = 0; i < BATCH; i++)
		if (bt->v[i].status != EXPRCHECK_VALID)
			return false;
	return true;
}

static void small_rows(const struct bench_cfg *cfg, struct call *c)
{
	struct bench_op info = { "INFO ioctl", run_info, c, SMALL_INNER };
	struct bench_op ioc = { "VALIDATE ioctl", run_ioctl, c, SMALL_INNER };
	struct bench_op sys = { "exprcheck()", run_syscall, c, SMALL_INNER };
	struct buf small = { (const uint8_t *)SMALL_EXPR, SMALL_LEN };
	struct bench_op core = { "core", run_core, &small, SMALL_INNER };
	double a, b;

	req_init(c, SMALL_EXPR, SMALL_LEN);
	if (bench_pair(&info, &ioc, cfg->reps, &a, &b))
		bench_row(cfg, "validate ioctl / null ioctl, 16 B", BENCH_TIME, 0,
			  "INFO ioctl", a, "VALIDATE ioctl", b, "<= 1.3");
	/* How much of the difference the core itself takes. */
	if (bench_pair(&info, &core, cfg->reps, &a, &b))
		bench_note("%s: the core alone on the same 16 B takes %.3f us "
			   "(INFO ioctl %.3f us)", cfg->where, b * 1e6, a * 1e6);
	if (c->nr < 0) {
		bench_note("no exprcheck() system call in this kernel: syscall rows skipped");
		return;
	}
	if (bench_pair(&ioc, &sys, cfg->reps, &a, &b))
		bench_row(cfg, "syscall / ioctl, 16 B", BENCH_TIME, 0,
			  "VALIDATE ioctl", a, "exprcheck()", b, "<= 1.0");
}

static void large_rows(const struct bench_cfg *cfg, struct call *c)
{
	size_t sizes[2] = { MIB, cfg->large };
	const char *kinds[2] = { "sparse", "dense" };
	unsigned int i, k;
	char name[96];
	double a, b;
	uint8_t *p;

	for (i = 0; i < (cfg->small_only ? 1 : 2); i++) {
		unsigned int reps = sizes[i] > MIB ? cfg->reps_large : cfg->reps;
		unsigned int inner = sizes[i] > MIB ? 1 : 4;
		struct buf buf = { NULL, sizes[i] };
		struct bench_op core = { "core", run_core, &buf, inner };
		struct bench_op ioc = { "kernel", run_ioctl, c, inner };
		struct bench_op sys = { "exprcheck()", run_syscall, c, inner };

		p = malloc(sizes[i]);
		if (!p) {
			bench_fail("cannot allocate %zu bytes", sizes[i]);
			return;
		}
		buf.p = p;
		for (k = 0; k < (cfg->small_only ? 1 : 2); k++) {
			bench_fill(p, sizes[i], k);
			req_init(c, p, sizes[i]);
			snprintf(name, sizeof(name), "kernel / core, %zu MiB %s",
				 sizes[i] / MIB, kinds[k]);
			if (bench_pair(&core, &ioc, reps, &a, &b))
				bench_row(cfg, name, BENCH_RATE, sizes[i], "core", a,
					  "ioctl", b, ">= 0.9");
			if (c->nr < 0 || sizes[i] > MIB || k)
				continue;
			snprintf(name, sizeof(name), "syscall / ioctl, %zu MiB %s",
				 sizes[i] / MIB, kinds[k]);
			if (bench_pair(&ioc, &sys, reps, &a, &b))
				bench_row(cfg, name, BENCH_RATE, sizes[i], "ioctl", a,
					  "exprcheck()", b, NULL);
		}
		free(p);
	}
}

/* The infix grammar against the brackets alone, through the ioctl. */
static void infix_rows(const struct bench_cfg *cfg, const struct call *c)
{
	struct call brackets = *c, infix = *c;
	struct bench_op br = { "brackets", run_ioctl, &brackets, 4 };
	struct bench_op in = { "infix", run_ioctl, &infix, 4 };
	double a, b;
	uint8_t *p = malloc(MIB);

	if (!p) {
		bench_fail("cannot allocate %lu bytes", MIB);
		return;
	}
	bench_expression(p, MIB);
	req_init(&brackets, p, MIB);
	req_init(&infix, p, MIB);
	infix.req.flags = EXPRCHECK_F_INFIX;
	if (bench_pair(&br, &in, cfg->reps, &a, &b))
		bench_row(cfg, "infix / brackets, 1 MiB expression (ioctl)",
			  BENCH_RATE, MIB, "brackets", a, "infix", b, NULL);
	free(p);
}

static void batch_rows(const struct bench_cfg *cfg, int fd)
{
	struct batch bt = { .fd = fd };
	struct bench_op singles = { "1000 calls", run_singles, &bt, 1 };
	struct bench_op batch = { "1 batch", run_batch, &bt, 1 };
	unsigned int i;
	double a, b;

	bt.reqs = calloc(BATCH, sizeof(*bt.reqs));
	bt.v = calloc(BATCH, sizeof(*bt.v));
	if (!bt.reqs || !bt.v) {
		bench_fail("out of memory");
		return;
	}
	for (i = 0; i < BATCH; i++) {
		bt.reqs[i].size = sizeof(bt.reqs[i]);
		bt.reqs[i].expr = (uintptr_t)SMALL_EXPR;
		bt.reqs[i].len = SMALL_LEN;
		bt.reqs[i].verdict = (uintptr_t)&bt.v[i];
		bt.reqs[i].verdict_size = sizeof(bt.v[i]);
	}
	if (bench_pair(&singles, &batch, cfg->reps, &a, &b))
		bench_row(cfg, "batch of 1000 / 1000 calls, 16 B each", BENCH_TIME,
			  0, "1000 calls", a, "1 batch", b, NULL);
	free(bt.reqs);
	free(bt.v);
}

void bench_kernel_rows(const struct bench_cfg *cfg)
{
	struct call c;

	memset(&c, 0, sizeof(c));
	c.fd = open("/dev/exprcheck", O_RDWR | O_CLOEXEC);
	if (c.fd < 0) {
		bench_fail("/dev/exprcheck: %s", strerror(errno));
		return;
	}
	c.nr = kt_syscall_nr();
	small_rows(cfg, &c);
	batch_rows(cfg, c.fd);
	large_rows(cfg, &c);
	infix_rows(cfg, &c);
	fpu_rows(cfg, &c);
	close(c.fd);
}
