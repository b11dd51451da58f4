// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's verdicts: the shared case table, the mistakes of the course
 * projects this replaces, a depth bomb, and random inputs (binary, page
 * straddling, multi-page, needing a second pass) against the reference.
 *
 *	exprcheck-ioctl-verdicts CASES.tsv [SEED]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cases.h"
#include "ktest.h"
#include "reference.h"

static int fd;
static struct kt_limits lim;
static size_t page;

static int validate(const void *expr, uint64_t len, uint32_t flags,
		    uint32_t max_depth, struct exprcheck_verdict *v)
{
	struct exprcheck_req req;

	kt_req_init(&req, expr, len, v);
	req.flags = flags;
	req.max_depth = max_depth;
	memset(v, 0xee, sizeof(*v));
	return kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
}

static uint64_t depth_of(uint32_t max_depth)
{
	if (max_depth)
		return max_depth;
	return lim.max_depth < EXPRCHECK_DEFAULT_MAX_DEPTH ?
	       lim.max_depth : EXPRCHECK_DEFAULT_MAX_DEPTH;
}

/* Validates through the module and the reference; they must agree. */
static bool agree(const char *name, const void *expr, size_t len,
		  uint32_t flags, uint32_t max_depth, bool report_ok)
{
	struct exprcheck_verdict got, want;
	char why[512];
	int err;

	err = validate(expr, len, flags, max_depth, &got);
	if (err)
		return kt_check(false, name, "ioctl: %s", strerror(err));
	reference_validate(expr, len, flags, depth_of(max_depth), 0, &want);
	if (!kt_verdict_same(&got, &want, why, sizeof(why)))
		return kt_check(false, name, "%s", why);
	if (report_ok)
		kt_pass(name);
	return true;
}

/* Expects an exact verdict (and the reference to give it too). */
static void expect(const char *name, const void *expr, size_t len,
		   uint32_t max_depth, uint32_t status, uint64_t offset,
		   uint64_t depth)
{
	struct exprcheck_verdict got;
	int err;

	err = validate(expr, len, 0, max_depth, &got);
	if (err) {
		kt_check(false, name, "ioctl: %s", strerror(err));
		return;
	}
	if (!kt_check(got.status == status && got.offset == offset &&
		      got.depth == depth, name,
		      "status %u offset %" PRIu64 " depth %" PRIu64
		      ", want status %u offset %" PRIu64 " depth %" PRIu64,
		      got.status, (uint64_t)got.offset, (uint64_t)got.depth,
		      status, offset, depth))
		return;
	agree(name, expr, len, 0, max_depth, false);
}

/* ---- the shared case table (tests/cases.tsv) ---- */

static void table_case(const struct test_case *c)
{
	struct exprcheck_verdict got, ref;
	char name[160], why[512];
	int err;

	snprintf(name, sizeof(name), "case/%s", c->name);
	/*
	 * The module has no per-request length limit (its own limit answers
	 * E2BIG), and a verdict that stops short of a length limit is the
	 * same without one.
	 */
	if (c->want.status == EXPRCHECK_TOO_LONG) {
		kt_note("%s: a per-request length limit is not a kernel feature",
			name);
		return;
	}
	err = validate(c->input, c->len, c->flags, c->max_depth, &got);
	if (err)
		kt_check(false, name, "ioctl: %s", strerror(err));
	else if (kt_verdict_same(&got, &c->want, why, sizeof(why)))
		kt_pass(name);
	else
		kt_check(false, name, "%s", why);

	/* The reference must match the table too, or random tests mean little. */
	reference_validate(c->input, c->len, c->flags,
			   depth_of(c->max_depth), c->max_len, &ref);
	if (!kt_verdict_same(&ref, &c->want, why, sizeof(why)))
		kt_check(false, name, "reference: %s", why);
}

static void test_table(const char *path)
{
	struct test_case *cases;
	char err[256];
	long n, i;

	n = load_test_cases(path, &cases, err, sizeof(err));
	if (!kt_check(n > 0, "case-table-read", "%s",
		      n < 0 ? err : "the table has no cases"))
		return;
	for (i = 0; i < n; i++)
		table_case(&cases[i]);
}

/* ---- the mistakes of the course projects ---- */

static uint8_t *repeat(uint8_t *p, int c, size_t n)
{
	memset(p, c, n);
	return p + n;
}

static void test_course(void)
{
	static const size_t depths[] = { 99, 100, 101, 128, 255, 256, 257, 1000 };
	static const uint8_t binary[] = { 0, '(', 0, 0xff, '[', 0, ']', 0x80,
					  ')', 0, '{', 0xdb, 0, '}' };
	uint8_t *buf = malloc(4096), *p;
	char name[64];
	unsigned int i;

	if (!buf)
		kt_die("out of memory");
	/* Counting brackets instead of stacking them accepts these two. */
	expect("course/crossed", "([)]", 4, 0, EXPRCHECK_WRONG_CLOSER, 2, 2);
	expect("course/close-then-open", ")(", 2, 0,
	       EXPRCHECK_UNEXPECTED_CLOSER, 0, 0);
	/* stack[-1] on a leading closer. */
	expect("course/leading-closer", ")", 1, 0, EXPRCHECK_UNEXPECTED_CLOSER,
	       0, 0);
	expect("course/leading-closer-after-text", "abc}", 4, 0,
	       EXPRCHECK_UNEXPECTED_CLOSER, 3, 0);
	/* stack[100] overflowing one level past its size, and further. */
	for (i = 0; i < sizeof(depths) / sizeof(depths[0]); i++) {
		size_t d = depths[i];

		p = repeat(buf, '(', d);
		p = repeat(p, ')', d);
		snprintf(name, sizeof(name), "course/depth-%zu-valid", d);
		expect(name, buf, p - buf, 0, EXPRCHECK_VALID, 0, d);
		snprintf(name, sizeof(name), "course/depth-%zu-left-open", d);
		expect(name, buf, d, 0, EXPRCHECK_LEFT_OPEN, d - 1, d);
		snprintf(name, sizeof(name), "course/depth-%zu-outer-open", d);
		expect(name, buf, 2 * d - 1, 0, EXPRCHECK_LEFT_OPEN, 0, d);
		snprintf(name, sizeof(name), "course/depth-%zu-over-100", d);
		expect(name, buf, d, 100, d > 100 ? EXPRCHECK_TOO_DEEP :
		       EXPRCHECK_LEFT_OPEN, d > 100 ? 100 : d - 1,
		       d > 100 ? 100 : d);
	}
	/* Binary input: a NUL does not end it, high bytes are not brackets. */
	expect("course/binary-with-nuls", binary, sizeof(binary), 0,
	       EXPRCHECK_VALID, 0, 2);
	expect("course/binary-nul-then-closer", "\0\0)", 3, 0,
	       EXPRCHECK_UNEXPECTED_CLOSER, 2, 0);
	free(buf);
}

/* ---- a depth bomb ---- */

static void test_depth_bomb(void)
{
	size_t n = 1000000;
	uint8_t *buf = malloc(n);
	struct exprcheck_verdict v;
	uint64_t limit = depth_of(0);
	int err;

	if (!buf)
		kt_die("out of memory");
	memset(buf, '(', n);
	err = validate(buf, n, 0, 0, &v);
	kt_errno("depth-bomb-is-not-an-error", err, 0);
	kt_check(!err && v.status == EXPRCHECK_TOO_DEEP && v.offset == limit &&
		 v.depth == limit && v.scanned == limit + 1 && v.found == '(',
		 "depth-bomb-too-deep",
		 "status %u offset %" PRIu64 " depth %" PRIu64 ", limit %" PRIu64,
		 v.status, (uint64_t)v.offset, (uint64_t)v.depth, limit);
	err = validate(buf, n, 0, lim.max_depth, &v);
	kt_check(!err && v.status == EXPRCHECK_TOO_DEEP &&
		 v.offset == lim.max_depth, "depth-bomb-at-kernel-limit",
		 "err %d status %u offset %" PRIu64, err, v.status,
		 (uint64_t)v.offset);
	free(buf);
}

/* ---- inputs that span pages and need the second pass ---- */

static void test_large(void)
{
	size_t n = 300001, half = 150000;
	uint8_t *buf = malloc(n);

	if (!buf)
		kt_die("out of memory");
	/* The outermost opener is the one left open: found on a second pass. */
	buf[0] = '(';
	repeat(repeat(buf + 1, '[', half), ']', half);
	expect("second-pass-across-pages", buf, n, 0, EXPRCHECK_LEFT_OPEN, 0,
	       half + 1);
	buf[n - 1] = ')';
	expect("deep-across-pages-wrong-closer", buf, n, 0,
	       EXPRCHECK_WRONG_CLOSER, n - 1, half + 1);
	repeat(buf, 'x', n);
	buf[n - 1] = '}';
	expect("closer-after-many-pages-of-text", buf, n, 0,
	       EXPRCHECK_UNEXPECTED_CLOSER, n - 1, 0);
	free(buf);
}

/* ---- random inputs, placed across page boundaries ---- */

static void test_random(uint64_t seed)
{
	size_t area = 8 * page;
	uint8_t *mem = mmap(NULL, area, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned int i, bad = 0, count = 3000;
	char name[64];

	if (mem == MAP_FAILED)
		kt_die("mmap: %s", strerror(errno));
	kt_note("random seed %" PRIu64, seed);
	for (i = 0; i < count && bad < 5; i++) {
		uint64_t r = kt_rand(&seed);
		size_t len = r % 4 == 0 ? r % (6 * page) : r % 600;
		/* Start near a page boundary half of the time. */
		size_t start = r & 1 ? page - (r >> 8) % 64 : (r >> 8) % page;
		uint32_t flags = reference_flags_from(r >> 20);
		uint32_t depth = (r >> 24) % 3 ? 0 : 1 + (r >> 28) % 40;

		if (start + len > area)
			len = area - start;
		kt_random_input(mem + start, len, &seed);
		snprintf(name, sizeof(name), "random/%u", i);
		if (!agree(name, mem + start, len, flags, depth, false))
			bad++;
	}
	kt_check(bad == 0, "random-inputs-match-reference",
		 "%u of %u inputs differ (see above)", bad, i);
	munmap(mem, area);
}

int main(int argc, char **argv)
{
	uint64_t seed;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s CASES.tsv [SEED]\n", argv[0]);
		return 2;
	}
	seed = argc == 3 ? strtoull(argv[2], NULL, 0) : (uint64_t)getpid() ^
	       (uint64_t)(kt_now() * 1e6);
	page = sysconf(_SC_PAGESIZE);
	fd = kt_open();
	kt_params(&lim);

	test_table(argv[1]);
	test_course();
	test_depth_bomb();
	test_large();
	test_random(seed);
	close(fd);
	return kt_finish();
}
