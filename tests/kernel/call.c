// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small client of /dev/exprcheck for the in-guest shell tests: it makes
 * a known number of calls and prints one line for each.
 *
 *	exprcheck-call [-n COUNT] [-f FLAGS] [-d DEPTH] [-R TIMES] EXPR
 *		validate EXPR (repeated TIMES times) COUNT times, asking for
 *		max_depth DEPTH
 *	exprcheck-call [-n COUNT] -N	... with a NULL expr
 *	exprcheck-call -i		print the INFO answer
 *
 * Lines: "status=S offset=O depth=D scanned=N" or "errno=E", and for -i
 * "version=V flags=F max_depth=D max_len=L max_batch=B". Exits 1 when it
 * cannot open the device, 0 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/exprcheck.h>

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-n COUNT] [-f FLAGS] [-d DEPTH] [-R TIMES] "
		"(EXPR | -N) | -i\n", argv0);
	return 2;
}

static void info(int fd)
{
	struct exprcheck_info in = { .size = sizeof(in) };

	if (ioctl(fd, EXPRCHECK_IOC_INFO, &in)) {
		printf("errno=%d\n", errno);
		return;
	}
	printf("version=%u flags=%#x max_depth=%u max_len=%" PRIu64
	       " max_batch=%u\n", in.version, in.flags, in.max_depth,
	       (uint64_t)in.max_len, in.max_batch);
}

int main(int argc, char **argv)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	unsigned long count = 1, times = 1, i;
	uint32_t flags = 0, depth = 0;
	const char *expr = NULL;
	char *buf = NULL;
	size_t len = 0;
	bool null = false, want_info = false;
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:f:d:R:Ni")) != -1) {
		switch (opt) {
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'f': flags = strtoul(optarg, NULL, 0); break;
		case 'd': depth = strtoul(optarg, NULL, 0); break;
		case 'R': times = strtoul(optarg, NULL, 0); break;
		case 'N': null = true; break;
		case 'i': want_info = true; break;
		default: return usage(argv[0]);
		}
	}
	if (optind < argc)
		expr = argv[optind++];
	if (optind != argc || (!want_info && !null && !expr))
		return usage(argv[0]);
	if (expr) {
		size_t n = strlen(expr);

		len = n * times;
		buf = malloc(len + 1);
		if (!buf) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
		for (i = 0; i < times; i++)
			memcpy(buf + i * n, expr, n);
	}

	fd = open("/dev/exprcheck", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "/dev/exprcheck: %s\n", strerror(errno));
		return 1;
	}
	if (want_info) {
		info(fd);
		return 0;
	}
	for (i = 0; i < count; i++) {
		memset(&req, 0, sizeof(req));
		req.size = sizeof(req);
		req.flags = flags;
		req.max_depth = depth;
		req.expr = null ? 0 : (uint64_t)(uintptr_t)buf;
		req.len = null ? 1 : len;
		req.verdict = (uint64_t)(uintptr_t)&v;
		req.verdict_size = sizeof(v);
		if (ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req))
			printf("errno=%d\n", errno);
		else
			printf("status=%u offset=%" PRIu64 " depth=%" PRIu64
			       " scanned=%" PRIu64 "\n", v.status,
			       (uint64_t)v.offset, (uint64_t)v.depth,
			       (uint64_t)v.scanned);
	}
	free(buf);
	close(fd);
	return 0;
}
