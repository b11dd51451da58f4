/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the programs that test the exprcheck module inside the
 * test VM. They speak the kernel-test protocol: one `ok NAME` or
 * `not ok NAME: REASON` line per check, `# ` before anything else, exit 0
 * when every check passed, 1 when one failed, 77 to skip.
 */
#ifndef EXPRCHECK_KTEST_H
#define EXPRCHECK_KTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/exprcheck.h>

#define KT_DEVICE	"/dev/exprcheck"
#define KT_PARAMS	"/sys/module/exprcheck/parameters/"
#define KT_STATS	"/sys/class/misc/exprcheck/stats/"
#define KT_SYSCALL_NR	"/sys/kernel/exprcheck/syscall_nr"

#define KT_PRINTF(a, b)	__attribute__((format(printf, a, b)))

/* Report one check; @fmt (the reason) is used only when @ok is false. */
bool kt_check(bool ok, const char *name, const char *fmt, ...) KT_PRINTF(3, 4);
void kt_pass(const char *name);
/* A check on an errno value (0 for success). */
bool kt_errno(const char *name, int got, int want);
void kt_note(const char *fmt, ...) KT_PRINTF(1, 2);
__attribute__((noreturn)) void kt_skip(const char *fmt, ...) KT_PRINTF(1, 2);
__attribute__((noreturn)) void kt_die(const char *fmt, ...) KT_PRINTF(1, 2);
/* The exit status for the checks reported so far. */
int kt_finish(void);

/* The number in KT_SYSCALL_NR, or -1 with errno set (ENOENT: none). */
long kt_sysfs_syscall_nr(void);
/*
 * The exprcheck() system call's number as the kernel publishes it in
 * KT_SYSCALL_NR, or -1 when it publishes none; dies when the number does
 * not answer the probe.
 */
long kt_syscall_nr(void);

/* Opens /dev/exprcheck, or skips the program when it is not there. */
int kt_open(void);
/* ioctl() returning 0 or the errno value. */
int kt_ioctl(int fd, unsigned long cmd, void *arg);

static inline uint64_t kt_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* A VER0 request for @len bytes at @expr, its verdict to @v. */
void kt_req_init(struct exprcheck_req *req, const void *expr, uint64_t len,
		 struct exprcheck_verdict *v);

struct kt_limits {
	uint64_t max_len;
	uint32_t max_depth;
	uint32_t max_batch;
};

/* A number from sysfs: a module parameter, a counter. */
uint64_t kt_sysfs_u64(const char *dir, const char *name);
void kt_params(struct kt_limits *lim);

/* Compares two verdicts; on a difference, says which in @why. */
bool kt_verdict_same(const struct exprcheck_verdict *got,
		     const struct exprcheck_verdict *want, char *why,
		     size_t why_size);

/* @n bytes of random input, brackets and quotes dense, some NULs. */
void kt_random_input(uint8_t *buf, size_t n, uint64_t *seed);
uint64_t kt_rand(uint64_t *seed);

/*
 * @total bytes of address space showing @pattern (a multiple of the page
 * size) over and over: large inputs that cost the memory of one pattern.
 */
void *kt_map_repeated(const void *pattern, size_t pattern_len, size_t total);

double kt_now(void);

#endif /* EXPRCHECK_KTEST_H */
