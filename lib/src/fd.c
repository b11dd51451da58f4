// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Validating what a descriptor reads, in constant memory.
 *
 * The userspace core reads with read(), never through a mapping: a file
 * that shrinks under a mapping raises SIGBUS, and a size can lie (sysfs
 * says 4096 for one line and refuses mmap, procfs says 0). A kernel
 * backend is handed a mapping of a regular file whose size can be
 * trusted, from the descriptor's position to its end, and reads it
 * itself: where the file shrank it answers EFAULT, reported as -ENODATA
 * ("changed while being read"). The position then moves to the end, as if
 * the input had been read. What cannot be mapped, or what `auto` finds no
 * kernel backend for, streams through the userspace core, unless a kernel
 * backend is forced: it needs the whole input in memory, and gets no
 * more than its own length limit (-E2BIG for an input longer than that).
 */
#include "dispatch.h"
#include "options.h"
#include "validate.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define CHUNK 65536
/* validate_mapped(): the file cannot be mapped. */
#define NOT_MAPPED 1

/*
 * -errno for a failed read, seek or stat. ENODEV is the library's word
 * for "the forced backend is not available", so a device gone away says
 * ENXIO instead.
 */
static int io_error(void)
{
	return errno == ENODEV ? -ENXIO : -errno;
}

/* Missing from the <linux/magic.h> of 5.10 (bullseye); its value is fixed. */
#ifndef FUSE_SUPER_MAGIC
#define FUSE_SUPER_MAGIC 0x65735546
#endif

/*
 * Whether the size a file system gives its regular files is the number
 * of bytes they hold. Pseudo file systems make their content up when it
 * is read (and some map device memory); FUSE says what its server says.
 */
static int size_is_trusted(int fd)
{
	static const unsigned long made_up[] = {
		PROC_SUPER_MAGIC, SYSFS_MAGIC, DEBUGFS_MAGIC, TRACEFS_MAGIC,
		SECURITYFS_MAGIC, CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC,
		FUSE_SUPER_MAGIC,
	};
	struct statfs fs;

	if (fstatfs(fd, &fs))
		return 0;
	for (size_t i = 0; i < sizeof(made_up) / sizeof(made_up[0]); i++)
		if ((unsigned long)fs.f_type == made_up[i])
			return 0;
	return 1;
}

/* A kernel backend reads the mapped file; NOT_MAPPED if it cannot be. */
static int validate_mapped(int fd, off_t pos, off_t end,
			   const struct exprcheck_options *o,
			   struct exprcheck_result *res, uint32_t size)
{
	/* mmap() wants a page-aligned offset: map from the page holding pos. */
	off_t base = pos & ~(off_t)(sysconf(_SC_PAGESIZE) - 1);
	size_t span = (size_t)(end - base);
	unsigned char *map = mmap(NULL, span, PROT_READ, MAP_PRIVATE, fd, base);
	struct exprcheck_input in;
	struct stat st;
	int err;

	if (map == MAP_FAILED)
		return NOT_MAPPED;
	madvise(map, span, MADV_SEQUENTIAL);
	in.expr = map + (pos - base);
	in.len = (size_t)(end - pos);
	err = exprcheck_lib_validate(&in, 1, o, true, res, size);
	munmap(map, span);
	/* A page the file's size promised could not be read. */
	if (err == -EFAULT)
		err = !fstat(fd, &st) && st.st_size < end ? -ENODATA : -EIO;
	if (!err && lseek(fd, end, SEEK_SET) < 0)
		err = io_error();
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
			return io_error();
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * A forced kernel backend: the input goes to the kernel in one piece, so
 * it is read into memory, but never more than one byte past the limit
 * that applies first, which is enough to tell an input that is too long.
 */
static int validate_read_whole(int fd, const struct exprcheck_options *o,
			       struct exprcheck_result *res, uint32_t size)
{
	struct backend_limits lim;
	struct exprcheck_input in;
	unsigned char *buf = NULL, *bigger;
	size_t len = 0, room = 0, cap;
	uint64_t limit;
	bool user_limit;
	ssize_t n;
	int err;

	err = exprcheck_lib_backend_limits(o->backend, &lim);
	if (err)
		return err;
	user_limit = o->max_length && o->max_length <= lim.max_len;
	limit = user_limit ? o->max_length : lim.max_len;
	cap = limit < SIZE_MAX ? (size_t)limit + 1 : SIZE_MAX;
	for (;;) {
		if (len == room) {
			if (room == cap)
				break;
			room = room ? room * 2 : CHUNK;
			if (room > cap || room < len)
				room = cap;
			bigger = realloc(buf, room);
			if (!bigger) {
				free(buf);
				return -ENOMEM;
			}
			buf = bigger;
		}
		n = read_full(fd, buf + len, room - len);
		if (n < 0) {
			free(buf);
			return (int)n;
		}
		len += (size_t)n;
		if (len < room)
			break;
	}
	/* Past the user's max_length the verdict says too_long; past the kernel's, E2BIG. */
	if (!user_limit && len > lim.max_len) {
		free(buf);
		return -E2BIG;
	}
	in.expr = buf;
	in.len = len;
	err = exprcheck_lib_validate(&in, 1, o, false, res, size);
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
	uint32_t size;
	struct stat st;
	off_t pos;
	int err;

	err = exprcheck_lib_options_resolve(opts, &o);
	if (!err)
		err = exprcheck_lib_result_size(res, &size);
	if (err)
		return err;
	if (fstat(fd, &st))
		return io_error();
	pos = lseek(fd, 0, SEEK_CUR);
	if (o.backend != EXPRCHECK_BACKEND_USERSPACE && S_ISREG(st.st_mode) &&
	    pos >= 0 && pos < st.st_size && size_is_trusted(fd)) {
		err = validate_mapped(fd, pos, st.st_size, &o, res, size);
		/* Unless `auto` found no kernel backend to read the mapping. */
		if (err != NOT_MAPPED &&
		    !(err == -ENODEV && o.backend == EXPRCHECK_BACKEND_AUTO))
			return err;
	}
	if (o.backend == EXPRCHECK_BACKEND_AUTO ||
	    o.backend == EXPRCHECK_BACKEND_USERSPACE)
		return validate_streamed(fd, &o, res);
	return validate_read_whole(fd, &o, res, size);
}
