// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Validating what a descriptor reads, in constant memory. A regular file
 * is mapped from the descriptor's position to its end and served like any
 * buffer, by whichever backend the options pick; the position then moves
 * to the end, as if the input had been read. Pipes, terminals and sockets cannot be mapped: they stream
 * through the userspace core, unless a kernel backend is forced, which
 * needs the whole input in memory and gets it up to the kernel's limit.
 */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536

static int validate_mapped(int fd, off_t pos, off_t end,
			   const struct exprcheck_options *o,
			   struct exprcheck_result *res)
{
	/* mmap() wants a page-aligned offset: map from the page holding pos. */
	off_t base = pos & ~(off_t)(sysconf(_SC_PAGESIZE) - 1);
	size_t size = (size_t)(end - base);
	unsigned char *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, base);
	int err;

	if (map == MAP_FAILED)
		return -errno;
	madvise(map, size, MADV_SEQUENTIAL);
	err = exprcheck_validate(map + (pos - base), (size_t)(end - pos), o, res);
	munmap(map, size);
	if (!err && lseek(fd, end, SEEK_SET) < 0)
		err = -errno;
	return err;
}

static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* A forced kernel backend: the input goes to the kernel in one piece. */
static int validate_read_whole(int fd, const struct exprcheck_options *o,
			       struct exprcheck_result *res)
{
	unsigned char *buf = NULL, *bigger;
	size_t len = 0, cap = 0;
	ssize_t n;
	int err;

	do {
		if (len == cap) {
			cap = cap ? cap * 2 : CHUNK;
			bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				return -ENOMEM;
			}
			buf = bigger;
		}
		n = read_full(fd, buf + len, cap - len);
		if (n < 0) {
			free(buf);
			return (int)n;
		}
		len += (size_t)n;
	} while (n > 0);
	err = exprcheck_validate(buf, len, o, res);
	free(buf);
	return err;
}

static int validate_streamed(int fd, const struct exprcheck_options *o,
			     struct exprcheck_result *res)
{
	struct exprcheck_stream *s;
	unsigned char *buf;
	ssize_t n;
	int err;

	buf = malloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	err = exprcheck_stream_new(&s, o);
	if (err)
		goto out_buf;
	while ((n = read_full(fd, buf, CHUNK)) > 0 &&
	       !(err = exprcheck_stream_feed(s, buf, (size_t)n)) &&
	       (size_t)n == CHUNK)
		;
	if (n < 0 || err < 0)
		err = n < 0 ? (int)n : err;
	else
		err = exprcheck_stream_finish(s, res);
	exprcheck_stream_free(s);
out_buf:
	free(buf);
	return err;
}

int exprcheck_validate_fd(int fd, const struct exprcheck_options *opts,
			  struct exprcheck_result *res)
{
	struct exprcheck_options o;
	struct stat st;
	off_t pos;
	int err;

	err = options_resolve(opts, &o);
	if (err)
		return err;
	if (fstat(fd, &st))
		return -errno;
	pos = lseek(fd, 0, SEEK_CUR);
	if (S_ISREG(st.st_mode) && pos >= 0 && pos < st.st_size)
		return validate_mapped(fd, pos, st.st_size, &o, res);
	if (o.backend == EXPRCHECK_BACKEND_AUTO ||
	    o.backend == EXPRCHECK_BACKEND_USERSPACE)
		return validate_streamed(fd, &o, res);
	return validate_read_whole(fd, &o, res);
}
