// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every way a caller can get a request wrong, each with the exact errno
 * the module must answer, and what the module may and may not write back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ktest.h"

static int fd;
static struct kt_limits lim;
static size_t page;

/* A request and its verdict, ready to send. */
struct call {
	struct exprcheck_req req;
	struct exprcheck_verdict v;
};

static void call_init(struct call *c, const char *expr)
{
	memset(&c->v, 0, sizeof(c->v));
	kt_req_init(&c->req, expr, strlen(expr), &c->v);
}

static int validate(struct exprcheck_req *req)
{
	return kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, req);
}

static void *map_pages(size_t n, int prot)
{
	void *p = mmap(NULL, n * page, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		kt_die("mmap: %s", strerror(errno));
	return p;
}

static bool all_bytes(const void *p, int byte, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != byte)
			return false;
	return true;
}

static void test_info(void)
{
	struct {
		struct exprcheck_info info;
		uint8_t tail[32];
	} big;
	struct exprcheck_info info;

	memset(&info, 0xff, sizeof(info));
	info.size = sizeof(info);
	kt_errno("info", kt_ioctl(fd, EXPRCHECK_IOC_INFO, &info), 0);
	kt_check(info.version == EXPRCHECK_UAPI_VERSION, "info-version",
		 "version %u", info.version);
	kt_check(info.flags == EXPRCHECK_F_ALL, "info-flags", "flags %#x",
		 info.flags);
	kt_check(info.max_len == lim.max_len, "info-max-len-matches-param",
		 "info %" PRIu64 ", parameter %" PRIu64,
		 (uint64_t)info.max_len, lim.max_len);
	kt_check(info.max_depth == lim.max_depth,
		 "info-max-depth-matches-param", "info %u, parameter %u",
		 info.max_depth, lim.max_depth);
	kt_check(info.max_batch == lim.max_batch,
		 "info-max-batch-matches-param", "info %u, parameter %u",
		 info.max_batch, lim.max_batch);
	kt_check(info.reserved == 0 && info.size == sizeof(info),
		 "info-reserved-zeroed", "reserved %u size %u", info.reserved,
		 info.size);

	memset(&big, 0xff, sizeof(big));
	big.info.size = sizeof(big);
	kt_errno("info-larger-size", kt_ioctl(fd, EXPRCHECK_IOC_INFO, &big), 0);
	kt_check(all_bytes(big.tail, 0, sizeof(big.tail)),
		 "info-larger-size-tail-zeroed", "tail not zeroed");
	kt_check(big.info.size == sizeof(info) &&
		 big.info.max_depth == lim.max_depth,
		 "info-larger-size-says-what-it-filled", "size %u",
		 big.info.size);

	info.size = EXPRCHECK_INFO_SIZE_VER0 - 8;
	kt_errno("info-size-below-ver0", kt_ioctl(fd, EXPRCHECK_IOC_INFO, &info),
		 EINVAL);
	info.size = 0;
	kt_errno("info-size-zero", kt_ioctl(fd, EXPRCHECK_IOC_INFO, &info),
		 EINVAL);
	info.size = page + 8;
	kt_errno("info-size-over-page", kt_ioctl(fd, EXPRCHECK_IOC_INFO, &info),
		 E2BIG);
	kt_errno("info-null", kt_ioctl(fd, EXPRCHECK_IOC_INFO, NULL), EFAULT);
}

static void test_pointers(void)
{
	struct call c;
	uint8_t *p, *ro;
	size_t i;

	kt_errno("req-null", validate(NULL), EFAULT);

	call_init(&c, "()");
	c.req.expr = 0;
	kt_errno("expr-null", validate(&c.req), EFAULT);
	c.req.len = 0;
	kt_errno("expr-null-empty-is-valid", validate(&c.req), 0);

	call_init(&c, "()");
	c.req.expr = 0xffffffff81000000ULL;
	kt_errno("expr-kernel-address", validate(&c.req), EFAULT);
	c.req.expr = kt_ptr("()") | 1ULL << 63;
	kt_errno("expr-non-canonical", validate(&c.req), EFAULT);

	p = map_pages(2, PROT_READ | PROT_WRITE);
	munmap(p, 2 * page);
	call_init(&c, "");
	c.req.expr = kt_ptr(p);
	c.req.len = 16;
	kt_errno("expr-unmapped", validate(&c.req), EFAULT);

	/* Valid up to the hole, so only reading past it can decide. */
	p = map_pages(2, PROT_READ | PROT_WRITE);
	memset(p, '(', page);
	munmap(p + page, page);
	call_init(&c, "");
	c.req.expr = kt_ptr(p);
	c.req.len = 2 * page;
	kt_errno("expr-runs-into-unmapped-page", validate(&c.req), EFAULT);
	c.req.expr = kt_ptr(p + page - 100);
	c.req.len = 200;
	kt_errno("expr-crosses-into-unmapped-page", validate(&c.req), EFAULT);
	/* Balanced up to the hole: still needs the bytes beyond it. */
	for (i = 0; i < page; i++)
		p[i] = i % 2 ? ')' : '(';
	c.req.expr = kt_ptr(p);
	c.req.len = page + 1;
	kt_errno("expr-balanced-then-unmapped", validate(&c.req), EFAULT);
	/* Decided before the hole: the bytes beyond do not matter. */
	p[page - 1] = ']';
	c.req.expr = kt_ptr(p);
	c.req.len = 2 * page;
	kt_errno("expr-decided-before-unmapped-page", validate(&c.req), 0);
	kt_check(c.v.status == EXPRCHECK_WRONG_CLOSER &&
		 c.v.offset == page - 1, "expr-decided-before-unmapped-verdict",
		 "status %u offset %" PRIu64, c.v.status, (uint64_t)c.v.offset);
	munmap(p, page);

	/* A verdict that cannot be written: EFAULT, and nothing else changes. */
	ro = map_pages(1, PROT_READ | PROT_WRITE);
	memset(ro, 0xa5, page);
	mprotect(ro, page, PROT_READ);
	call_init(&c, "([)]");
	c.req.verdict = kt_ptr(ro);
	memset(&c.v, 0x5a, sizeof(c.v));
	{
		struct exprcheck_req before = c.req;

		kt_errno("verdict-read-only", validate(&c.req), EFAULT);
		kt_check(all_bytes(ro, 0xa5, page),
			 "verdict-read-only-page-untouched", "page changed");
		kt_check(!memcmp(&before, &c.req, sizeof(before)) &&
			 all_bytes(&c.v, 0x5a, sizeof(c.v)),
			 "verdict-read-only-nothing-else-written",
			 "request or spare verdict changed");
	}
	munmap(ro, page);

	call_init(&c, "()");
	c.req.verdict = 0;
	kt_errno("verdict-null", validate(&c.req), EFAULT);
	c.req.verdict = 0xffffffff81000000ULL;
	kt_errno("verdict-kernel-address", validate(&c.req), EFAULT);

	/* A larger verdict whose tail cannot be cleared. */
	ro = map_pages(2, PROT_READ | PROT_WRITE);
	mprotect(ro + page, page, PROT_READ);
	call_init(&c, "()");
	c.req.verdict = kt_ptr(ro + page - sizeof(c.v));
	c.req.verdict_size = 2 * sizeof(c.v);
	kt_errno("verdict-tail-read-only", validate(&c.req), EFAULT);
	munmap(ro, 2 * page);
}

/*
 * A verdict that cannot be written costs nothing: it is refused before a
 * long input is read, not after.
 */
static void test_verdict_checked_first(void)
{
	const size_t pattern_len = 1 << 20;
	size_t len = lim.max_len < 16 * pattern_len ? 0 : 16 * pattern_len;
	uint8_t *pattern, *ro;
	double good, bad, t0;
	struct call c;
	size_t i;
	int err;

	if (!len) {
		kt_note("max_len below 16 MiB: verdict-checked-first not run");
		return;
	}
	pattern = malloc(pattern_len);
	if (!pattern)
		kt_die("out of memory");
	for (i = 0; i < pattern_len; i++)
		pattern[i] = "()"[i % 2];
	call_init(&c, "");
	c.req.expr = kt_ptr(kt_map_repeated(pattern, pattern_len, len));
	c.req.len = len;
	t0 = kt_now();
	err = validate(&c.req);
	good = kt_now() - t0;
	kt_check(!err && c.v.status == EXPRCHECK_VALID && c.v.scanned == len,
		 "verdict-checked-first-input-valid", "err %d status %u", err,
		 c.v.status);

	ro = map_pages(2, PROT_READ);
	munmap(ro + page, page);
	c.req.verdict = kt_ptr(ro);
	t0 = kt_now();
	err = validate(&c.req);
	bad = kt_now() - t0;
	kt_errno("verdict-checked-first-read-only", err, EFAULT);
	kt_note("16 MiB: %.3f s with a good verdict, %.6f s with a read-only one",
		good, bad);
	kt_check(bad < good / 20, "verdict-checked-first-costs-nothing",
		 "%.3f s, against %.3f s for the whole input", bad, good);
	c.req.verdict = kt_ptr(ro + page);
	t0 = kt_now();
	err = validate(&c.req);
	bad = kt_now() - t0;
	kt_errno("verdict-checked-first-unmapped", err, EFAULT);
	kt_check(bad < good / 20, "verdict-checked-first-unmapped-costs-nothing",
		 "%.3f s, against %.3f s for the whole input", bad, good);
	munmap(ro, page);
	munmap((void *)(uintptr_t)c.req.expr, len);
	free(pattern);
}

static void test_limits(void)
{
	struct call c;

	call_init(&c, "()");
	c.req.len = lim.max_len + 1;
	kt_errno("len-over-max-len", validate(&c.req), E2BIG);
	c.req.len = UINT64_MAX;
	kt_errno("len-u64-max", validate(&c.req), E2BIG);

	call_init(&c, "()");
	c.req.max_depth = lim.max_depth + 1;
	kt_errno("max-depth-over-limit", validate(&c.req), E2BIG);
	c.req.max_depth = UINT32_MAX;
	kt_errno("max-depth-u32-max", validate(&c.req), E2BIG);
	c.req.max_depth = lim.max_depth;
	kt_errno("max-depth-at-limit", validate(&c.req), 0);

	call_init(&c, "((()))");
	c.req.max_depth = 2;
	kt_errno("max-depth-per-request", validate(&c.req), 0);
	kt_check(c.v.status == EXPRCHECK_TOO_DEEP && c.v.offset == 2,
		 "max-depth-per-request-verdict", "status %u offset %" PRIu64,
		 c.v.status, (uint64_t)c.v.offset);
}

static void test_fields(void)
{
	struct {
		struct exprcheck_req req;
		uint8_t tail[16];
	} big;
	struct {
		struct exprcheck_verdict v;
		uint8_t tail[32];
		uint8_t guard[16];
	} bigv;
	struct call c;
	unsigned int bit;
	char name[64];

	call_init(&c, "()");
	kt_errno("valid-request", validate(&c.req), 0);

	call_init(&c, "()");
	c.req.reserved = 1;
	kt_errno("req-reserved-low-bit", validate(&c.req), EINVAL);
	c.req.reserved = 1ULL << 63;
	kt_errno("req-reserved-high-bit", validate(&c.req), EINVAL);

	for (bit = 3; bit < 32; bit += 28) {
		call_init(&c, "()");
		c.req.flags = 1U << bit;
		snprintf(name, sizeof(name), "flags-unknown-bit-%u", bit);
		kt_errno(name, validate(&c.req), EINVAL);
	}
	call_init(&c, "()");
	c.req.flags = ~EXPRCHECK_F_ALL;
	kt_errno("flags-all-unknown", validate(&c.req), EINVAL);
	c.req.flags = EXPRCHECK_F_ANGLE | EXPRCHECK_F_QUOTES;
	kt_errno("flags-angle-quotes", validate(&c.req), 0);
	c.req.flags = EXPRCHECK_F_INFIX;
	kt_errno("flags-infix", validate(&c.req), 0);
	c.req.flags = EXPRCHECK_F_ALL;
	kt_errno("flags-all-known-exclusive", validate(&c.req), EINVAL);
	c.req.flags = EXPRCHECK_F_INFIX | EXPRCHECK_F_ANGLE;
	kt_errno("flags-infix-angle", validate(&c.req), EINVAL);
	c.req.flags = EXPRCHECK_F_INFIX | EXPRCHECK_F_QUOTES;
	kt_errno("flags-infix-quotes", validate(&c.req), EINVAL);

	call_init(&c, "()");
	c.req.size = EXPRCHECK_REQ_SIZE_VER0 - 8;
	kt_errno("req-size-below-ver0", validate(&c.req), EINVAL);
	c.req.size = 0;
	kt_errno("req-size-zero", validate(&c.req), EINVAL);

	memset(&big, 0, sizeof(big));
	call_init(&c, "(]");
	big.req = c.req;
	big.req.size = sizeof(big);
	kt_errno("req-larger-size-zero-tail", validate(&big.req), 0);
	kt_check(c.v.status == EXPRCHECK_WRONG_CLOSER,
		 "req-larger-size-zero-tail-verdict", "status %u", c.v.status);
	big.tail[sizeof(big.tail) - 1] = 1;
	kt_errno("req-larger-size-nonzero-tail", validate(&big.req), E2BIG);
	big.tail[sizeof(big.tail) - 1] = 0;
	big.req.size = page + 8;
	kt_errno("req-size-over-page", validate(&big.req), E2BIG);

	call_init(&c, "()");
	c.req.verdict_size = EXPRCHECK_VERDICT_SIZE_VER0 - 8;
	kt_errno("verdict-size-below-ver0", validate(&c.req), EINVAL);
	c.req.verdict_size = 0;
	kt_errno("verdict-size-zero", validate(&c.req), EINVAL);
	c.req.verdict_size = page + 1;
	kt_errno("verdict-size-over-page", validate(&c.req), E2BIG);

	memset(&bigv, 0xff, sizeof(bigv));
	call_init(&c, "{(}");
	c.req.verdict = kt_ptr(&bigv);
	c.req.verdict_size = sizeof(bigv.v) + sizeof(bigv.tail);
	kt_errno("verdict-larger-size", validate(&c.req), 0);
	kt_check(all_bytes(bigv.tail, 0, sizeof(bigv.tail)),
		 "verdict-larger-size-tail-zeroed", "tail not zeroed");
	kt_check(all_bytes(bigv.guard, 0xff, sizeof(bigv.guard)),
		 "verdict-larger-size-no-write-past-size", "guard changed");
	kt_check(bigv.v.status == EXPRCHECK_WRONG_CLOSER &&
		 bigv.v.offset == 2 && bigv.v.expected == ')' &&
		 bigv.v.found == '}' && bigv.v.reserved == 0,
		 "verdict-larger-size-verdict", "status %u offset %" PRIu64,
		 bigv.v.status, (uint64_t)bigv.v.offset);
}

static void test_commands(void)
{
	struct {
		struct exprcheck_req req;
		uint8_t tail[8];
	} grown;
	struct call c;

	call_init(&c, "()");
	kt_errno("cmd-unknown-nr", kt_ioctl(fd, _IO(EXPRCHECK_IOC_MAGIC, 0x7f), &c.req),
		 ENOTTY);
	kt_errno("cmd-unknown-type",
		 kt_ioctl(fd, _IOW('y', 0x01, struct exprcheck_req), &c.req),
		 ENOTTY);
	kt_errno("cmd-wrong-direction",
		 kt_ioctl(fd, _IOR(EXPRCHECK_IOC_MAGIC, 0x01, struct exprcheck_req),
			  &c.req), ENOTTY);
	kt_errno("cmd-zero", kt_ioctl(fd, 0, &c.req), ENOTTY);
	kt_errno("cmd-fionread", kt_ioctl(fd, FIONREAD, &c.req), ENOTTY);

	/* A caller with a grown struct sends other size bits: still served. */
	memset(&grown, 0, sizeof(grown));
	grown.req = c.req;
	grown.req.size = sizeof(grown);
	kt_errno("cmd-grown-struct",
		 kt_ioctl(fd, _IOC(_IOC_WRITE, EXPRCHECK_IOC_MAGIC, 0x01,
				  sizeof(grown)), &grown), 0);
}

static void batch_reqs(struct exprcheck_req *reqs, struct exprcheck_verdict *vs,
		       unsigned int n)
{
	static const char *const exprs[] = { "()", "([)]", ")(", "{", "[]" };
	unsigned int i;

	for (i = 0; i < n; i++) {
		const char *e = exprs[i % 5];

		memset(&vs[i], 0xee, sizeof(vs[i]));
		kt_req_init(&reqs[i], e, strlen(e), &vs[i]);
	}
}

static bool batch_answered(const struct exprcheck_verdict *vs, unsigned int from,
			   unsigned int to)
{
	static const uint32_t want[] = {
		EXPRCHECK_VALID, EXPRCHECK_WRONG_CLOSER,
		EXPRCHECK_UNEXPECTED_CLOSER, EXPRCHECK_LEFT_OPEN, EXPRCHECK_VALID
	};
	unsigned int i;

	for (i = from; i < to; i++)
		if (vs[i].status != want[i % 5] || vs[i].reserved)
			return false;
	return true;
}

static void test_batch(void)
{
	enum { N = 8 };
	struct exprcheck_req reqs[N];
	struct exprcheck_verdict vs[N];
	struct {
		struct exprcheck_req req;
		uint64_t tail;
	} wide[3];
	struct exprcheck_batch b;
	struct {
		struct exprcheck_batch b;
		uint64_t tail;
	} bigb;
	unsigned int i;

#define BATCH(n) do {						\
		memset(&b, 0, sizeof(b));			\
		b.size = sizeof(b);				\
		b.count = (n);					\
		b.reqs = kt_ptr(reqs);				\
		b.req_size = sizeof(reqs[0]);			\
		b.done = 0xdead;				\
	} while (0)
#define RUN() kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b)

	batch_reqs(reqs, vs, N);
	BATCH(N);
	kt_errno("batch", RUN(), 0);
	kt_check(b.done == N && batch_answered(vs, 0, N), "batch-all-answered",
		 "done %u", b.done);

	BATCH(0);
	kt_errno("batch-empty", RUN(), 0);
	kt_check(b.done == 0, "batch-empty-done-zero", "done %u", b.done);

	BATCH(lim.max_batch + 1);
	kt_errno("batch-over-max-batch", RUN(), E2BIG);
	kt_check(b.done == 0xdead, "batch-over-max-batch-done-untouched",
		 "done %u", b.done);

	BATCH(N);
	b.reserved = 1;
	kt_errno("batch-reserved", RUN(), EINVAL);
	BATCH(N);
	b.req_size = EXPRCHECK_REQ_SIZE_VER0 - 8;
	kt_errno("batch-req-size-below-ver0", RUN(), EINVAL);
	BATCH(N);
	b.req_size = page + 8;
	kt_errno("batch-req-size-over-page", RUN(), E2BIG);
	BATCH(N);
	b.size = EXPRCHECK_BATCH_SIZE_VER0 - 8;
	kt_errno("batch-size-below-ver0", RUN(), EINVAL);
	kt_errno("batch-null",
		 kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, NULL), EFAULT);

	memset(&bigb, 0, sizeof(bigb));
	BATCH(N);
	bigb.b = b;
	bigb.b.size = sizeof(bigb);
	kt_errno("batch-larger-size-zero-tail",
		 kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &bigb), 0);
	bigb.tail = 1;
	kt_errno("batch-larger-size-nonzero-tail",
		 kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &bigb), E2BIG);

	/* A bad request in the middle: stop there, say how far we got. */
	batch_reqs(reqs, vs, N);
	reqs[3].reserved = 1;
	BATCH(N);
	kt_errno("batch-bad-request-in-middle", RUN(), EINVAL);
	kt_check(b.done == 3, "batch-bad-request-in-middle-done", "done %u",
		 b.done);
	kt_check(batch_answered(vs, 0, 3) && all_bytes(&vs[3], 0xee,
		 sizeof(vs[0]) * (N - 3)),
		 "batch-bad-request-in-middle-stops-there",
		 "verdicts before or after request 3 are wrong");

	batch_reqs(reqs, vs, N);
	reqs[5].expr = 0;
	BATCH(N);
	kt_errno("batch-fault-in-middle", RUN(), EFAULT);
	kt_check(b.done == 5, "batch-fault-in-middle-done", "done %u", b.done);

	batch_reqs(reqs, vs, N);
	reqs[2].size = sizeof(reqs[2]) + 8;
	BATCH(N);
	kt_errno("batch-request-size-not-stride", RUN(), EINVAL);
	kt_check(b.done == 2, "batch-request-size-not-stride-done", "done %u",
		 b.done);

	/* A wider stride: each request's zero tail is skipped over. */
	memset(wide, 0, sizeof(wide));
	batch_reqs(reqs, vs, 3);
	for (i = 0; i < 3; i++) {
		wide[i].req = reqs[i];
		wide[i].req.size = sizeof(wide[0]);
	}
	BATCH(3);
	b.reqs = kt_ptr(wide);
	b.req_size = sizeof(wide[0]);
	kt_errno("batch-wide-stride", RUN(), 0);
	kt_check(b.done == 3 && batch_answered(vs, 0, 3),
		 "batch-wide-stride-answered", "done %u", b.done);
	wide[1].tail = 1;
	kt_errno("batch-wide-stride-nonzero-tail", RUN(), E2BIG);
	kt_check(b.done == 1, "batch-wide-stride-nonzero-tail-done", "done %u",
		 b.done);

	BATCH(N);
	b.reqs = 0;
	kt_errno("batch-reqs-null", RUN(), EFAULT);
	kt_check(b.done == 0, "batch-reqs-null-done", "done %u", b.done);
#undef RUN
#undef BATCH
}

int main(void)
{
	page = sysconf(_SC_PAGESIZE);
	fd = kt_open();
	kt_params(&lim);
	kt_note("limits: max_len %" PRIu64 " max_depth %u max_batch %u",
		lim.max_len, lim.max_depth, lim.max_batch);

	test_info();
	test_pointers();
	test_verdict_checked_first();
	test_limits();
	test_fields();
	test_commands();
	test_batch();
	close(fd);
	return kt_finish();
}
