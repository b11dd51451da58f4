// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The exprcheck system call of a patched kernel. Its number differs
 * between kernels, and on an unpatched kernel the same number belongs to
 * another call (333 is io_pgetevents from 4.18 on), so a number is used
 * only when the kernel publishes it in sysfs and a probe at that number
 * answers with the exprcheck magic. Anything else means "not ours".
 *
 * Under a seccomp filter the probe itself can kill the process: a filter
 * whose default is KILL or TRAP (systemd's SystemCallFilter= without an
 * errno, browser sandboxes) does so on any number it does not list, and
 * nothing tells that filter from one that answers EPERM without calling.
 * So `auto` does not probe while a filter is active, and only a caller
 * that forces this backend (or asks exprcheck_backend_probe() about it)
 * makes the call. The filter is looked for once, on the first `auto`
 * request: one installed after the call was probed is not noticed.
 */
#include "backend.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SYSCALL_NR_PATH "/sys/kernel/exprcheck/syscall_nr"
#define STATUS_PATH "/proc/self/status"

static long syscall_nr = -1;
static pthread_once_t seccomp_once = PTHREAD_ONCE_INIT;
static int seccomp_active;

/*
 * The Seccomp: line of /proc/self/status: 0 none, 1 strict, 2 filter. A
 * status that cannot be read (no /proc) counts as a filter.
 */
static void look_for_seccomp(void)
{
	FILE *f = fopen(STATUS_PATH, "re");
	char line[256];
	int mode = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	if (f)
		fclose(f);
	seccomp_active = mode != 0;
}

static int syscall_probe_may_kill(void)
{
	pthread_once(&seccomp_once, look_for_seccomp);
	return seccomp_active;
}

static int read_published_nr(long *nr)
{
	FILE *f = fopen(SYSCALL_NR_PATH, "re");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%ld", nr) == 1 && *nr >= 0;
	fclose(f);
	return ok ? 0 : -1;
}

static int syscall_probe(struct backend_limits *limits, const char **why)
{
	long nr, ret;

#if !defined(__x86_64__) || defined(__ILP32__)
	/* The patch adds the call to the x86_64 table only. */
	*why = "the exprcheck system call exists for x86_64 programs only";
	return -ENODEV;
#endif
	if (read_published_nr(&nr)) {
		*why = "the kernel publishes no exprcheck system call (" SYSCALL_NR_PATH ")";
		return -ENODEV;
	}
	ret = syscall(nr, NULL, EXPRCHECK_SYSCALL_PROBE);
	if (ret < 0 && errno == EPERM) {
		*why = "the exprcheck system call is denied here (seccomp or a container profile)";
		return -ENODEV;
	}
	/* All 64 bits: another call's return value must not pass by chance. */
	if (ret < EXPRCHECK_PROBE_MAGIC ||
	    ret > (long)(EXPRCHECK_PROBE_MAGIC | ~EXPRCHECK_PROBE_MAGIC_MASK) ||
	    (ret & ~EXPRCHECK_PROBE_MAGIC_MASK) < EXPRCHECK_UAPI_VERSION) {
		*why = "the published system call did not answer the exprcheck probe";
		return -ENODEV;
	}
	syscall_nr = nr;
	/*
	 * The system call keeps the module's default limits. It has no INFO:
	 * a kernel older than a flag refuses it (EINVAL), and `auto` then
	 * asks the next backend.
	 */
	limits->max_len = EXPRCHECK_DEFAULT_MAX_LEN;
	limits->max_depth = EXPRCHECK_DEFAULT_MAX_DEPTH;
	limits->flags = EXPRCHECK_F_ALL;
	return 0;
}

static int syscall_validate(const struct exprcheck_input *inputs, size_t count,
			    uint32_t flags, uint64_t max_depth,
			    struct exprcheck_verdict *verdicts)
{
	struct exprcheck_req req;

	for (size_t i = 0; i < count; i++) {
		long ret;

		backend_fill_req(&req, &inputs[i], flags, max_depth,
				 &verdicts[i]);
		/* Made again when a signal handler interrupted it. */
		do
			ret = syscall(syscall_nr, &req, 0);
		while (ret < 0 && errno == EINTR);
		if (ret)
			return -errno;
	}
	return 0;
}

const struct backend_ops exprcheck_lib_backend_syscall = {
	.id = EXPRCHECK_BACKEND_SYSCALL,
	.probe = syscall_probe,
	.probe_may_kill = syscall_probe_may_kill,
	.validate = syscall_validate,
};
