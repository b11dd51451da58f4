/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libexprcheck: is every (, [ and { closed by its own partner, in order?
 *
 * One call answers, served by the first backend that can: the exprcheck
 * system call of a patched kernel, the /dev/exprcheck device of the
 * module, or the same validator core compiled into this library. Every
 * backend gives the same verdict for the same input.
 *
 * Functions return 0 or a negative errno value.
 */
#ifndef EXPRCHECK_EXPRCHECK_H
#define EXPRCHECK_EXPRCHECK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef EXPRCHECK_BUILDING_LIBRARY
#define EXPRCHECK_API __attribute__((visibility("default")))
#else
#define EXPRCHECK_API
#endif

#define EXPRCHECK_API_VERSION_MAJOR 1
/* 1.1: EXPRCHECK_OPT_INFIX and its statuses. */
#define EXPRCHECK_API_VERSION_MINOR 1

/*
 * Language options (the same bits as the kernel's EXPRCHECK_F_*).
 * EXPRCHECK_OPT_INFIX checks an infix expression by the grammar of
 * exprcheck(7), brackets included; it excludes the other two (-EINVAL).
 * A kernel that does not know it is passed over by `auto`, and the
 * userspace core answers (the result's backend says so).
 */
#define EXPRCHECK_OPT_ANGLE	(1U << 0) /* <> is a fourth pair */
#define EXPRCHECK_OPT_QUOTES	(1U << 1) /* brackets in "..." and '...' do not count */
#define EXPRCHECK_OPT_INFIX	(1U << 2) /* operands and operators, not only brackets */

enum exprcheck_backend {
	EXPRCHECK_BACKEND_AUTO = 0,
	EXPRCHECK_BACKEND_SYSCALL,
	EXPRCHECK_BACKEND_IOCTL,
	EXPRCHECK_BACKEND_USERSPACE,
};

enum exprcheck_status {
	EXPRCHECK_STATUS_VALID = 0,
	EXPRCHECK_STATUS_UNEXPECTED_CLOSER,
	EXPRCHECK_STATUS_WRONG_CLOSER,
	EXPRCHECK_STATUS_LEFT_OPEN,
	EXPRCHECK_STATUS_TOO_DEEP,
	EXPRCHECK_STATUS_TOO_LONG,
	/* EXPRCHECK_OPT_INFIX only (API 1.1): */
	EXPRCHECK_STATUS_EXPECTED_OPERAND,
	EXPRCHECK_STATUS_EXPECTED_OPERATOR,
	EXPRCHECK_STATUS_UNKNOWN_CHAR,
	EXPRCHECK_STATUS_EMPTY_GROUP,
	EXPRCHECK_STATUS_STRAY_COMMA,
};

/* Depth limit when none is set; the kernel's default limit too. */
#define EXPRCHECK_DEFAULT_DEPTH 262144U

/*
 * Both structs start with their size as the caller knows it: set it to
 * sizeof() the struct. That is how they grow without a new SONAME: fields
 * are only ever added at the end, and a new field at zero means what the
 * struct meant before it had it. The library reads an older caller's
 * shorter options as if the fields it lacks were zero, and refuses a newer
 * caller's longer options (-E2BIG) only when a field the library does not
 * know is not zero. It writes a result no further than the caller's size,
 * zeroes the part of a newer caller's longer result it does not know, and
 * sets size to the bytes it filled. A size below the first version's, or
 * a reserved field that is not zero, is -EINVAL.
 */
#define EXPRCHECK_OPTIONS_SIZE_VER0	32
#define EXPRCHECK_RESULT_SIZE_VER0	40

struct exprcheck_options {
	uint32_t size;		/* sizeof(struct exprcheck_options) */
	uint32_t flags;		/* EXPRCHECK_OPT_* */
	uint32_t backend;	/* enum exprcheck_backend */
	uint32_t reserved;	/* zero */
	uint64_t max_depth;	/* 0: EXPRCHECK_DEFAULT_DEPTH */
	uint64_t max_length;	/* 0: no limit */
};

#define EXPRCHECK_OFFSET_UNKNOWN UINT64_MAX

struct exprcheck_result {
	uint32_t size;		/* in: sizeof(struct exprcheck_result); out: bytes filled */
	uint32_t status;	/* enum exprcheck_status */
	uint32_t backend;	/* enum exprcheck_backend that answered */
	char expected;		/* closer due at offset, 0 if none */
	char found;		/* byte found at offset (its token's first), 0 at end of input */
	uint16_t reserved;	/* zero */
	uint64_t offset;	/* first error; innermost open opener for LEFT_OPEN */
	uint64_t depth;		/* deepest nesting reached */
	uint64_t scanned;	/* bytes examined */
};

/*
 * Validate @len bytes at @expr. @opts may be NULL for the defaults.
 * -EINVAL: unknown option bits or backend, options that exclude each
 * other, a struct size or reserved field as above; -ENODEV: the forced backend is not available here
 * (exprcheck_backend_probe() says why); -E2BIG: the forced kernel backend
 * does not take an input this long or deep, or options of a newer library
 * use a field this one does not know; any other errno from the kernel. A
 * kernel call a signal interrupts is made again, not failed with EINTR.
 */
EXPRCHECK_API int exprcheck_validate(const void *expr, size_t len,
				     const struct exprcheck_options *opts,
				     struct exprcheck_result *res);

struct exprcheck_input {
	const void *expr;
	size_t len;
};

/*
 * Validate @count inputs in as few kernel calls as the backend allows (the
 * ioctl backend sends VALIDATE_BATCH requests). @results has @count slots
 * of results[0].size bytes each: only the first one's size is read.
 */
EXPRCHECK_API int exprcheck_validate_batch(const struct exprcheck_input *inputs,
					   size_t count,
					   const struct exprcheck_options *opts,
					   struct exprcheck_result *results);

/*
 * Validate what @fd reads until end of file, in constant memory; offsets
 * count from the descriptor's position, which moves to where reading
 * ended. The userspace core reads the descriptor with read(). A kernel
 * backend is handed a mapping of a regular file whose size can be trusted
 * (not sysfs, procfs, FUSE...); where the file shrinks while the kernel
 * reads it, the answer is -ENODATA ("changed while being read"). Anything
 * else streams through the userspace core, unless a kernel backend is
 * forced: that one reads the input into memory, never more than one byte
 * past its length limit, and answers -E2BIG for an input longer than the
 * limit (a too_long verdict when max_length comes first).
 */
EXPRCHECK_API int exprcheck_validate_fd(int fd,
					const struct exprcheck_options *opts,
					struct exprcheck_result *res);

/* Streaming in chunks through the userspace core. */
struct exprcheck_stream;
EXPRCHECK_API int exprcheck_stream_new(struct exprcheck_stream **stream,
				       const struct exprcheck_options *opts);
/* Returns 1 once the verdict is known and more input would not change it. */
EXPRCHECK_API int exprcheck_stream_feed(struct exprcheck_stream *stream,
					const void *buf, size_t len);
/*
 * End of input: 0 with *@res filled. The stream keeps the offset of every
 * opener still open, so a left-open verdict is exact without reading the
 * input again. (API 1.0 allowed a 1 here, asking for a second pass; it is
 * no longer returned.)
 */
EXPRCHECK_API int exprcheck_stream_finish(struct exprcheck_stream *stream,
					  struct exprcheck_result *res);
EXPRCHECK_API void exprcheck_stream_free(struct exprcheck_stream *stream);

/*
 * Is @backend usable in this process? 0 if so; otherwise a negative errno
 * and, in *@why (may be NULL), a static sentence saying why not. The
 * answer is probed once and cached.
 */
EXPRCHECK_API int exprcheck_backend_probe(enum exprcheck_backend backend,
					  const char **why);

EXPRCHECK_API const char *exprcheck_backend_name(enum exprcheck_backend backend);
EXPRCHECK_API const char *exprcheck_status_name(enum exprcheck_status status);
/* "1.0.0": the library's own version, apart from its SONAME. */
EXPRCHECK_API const char *exprcheck_version(void);
/* The API version this library implements: (major << 16) | minor. */
EXPRCHECK_API unsigned int exprcheck_api_version(void);

#ifdef __cplusplus
}
#endif

#endif /* EXPRCHECK_EXPRCHECK_H */
