// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-syscall-probe NR: the patched kernel publishes NR in sysfs,
 * answers the probe with the magic value, and rejects probes and flags it
 * does not know.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sctest.h"

static void test_sysfs(long nr)
{
	struct stat st = { 0 };
	long published;
	int fd;

	published = kt_sysfs_syscall_nr();
	if (!kt_check(published >= 0, "sysfs-syscall-nr-readable", "%s: %s",
		      KT_SYSCALL_NR, strerror(errno)))
		return;
	kt_check(published == nr, "sysfs-syscall-nr-matches",
		 "%s says %ld, the patch was made for %ld", KT_SYSCALL_NR,
		 published, nr);
	kt_check(!stat(KT_SYSCALL_NR, &st) && (st.st_mode & 0777) == 0444,
		 "sysfs-syscall-nr-mode-0444", "mode %o", st.st_mode & 0777);
	fd = open(KT_SYSCALL_NR, O_WRONLY | O_CLOEXEC);
	kt_errno("sysfs-syscall-nr-not-writable", fd < 0 ? errno : 0, EACCES);
	if (fd >= 0)
		close(fd);
}

static void test_probe(long nr)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	long ret;
	int err;

	err = sc_call(nr, NULL, EXPRCHECK_SYSCALL_PROBE, &ret);
	if (kt_errno("probe-succeeds", err, 0)) {
		kt_check((ret & EXPRCHECK_PROBE_MAGIC_MASK) ==
			 EXPRCHECK_PROBE_MAGIC, "probe-magic",
			 "got %#lx, want %#x in the top bits", ret,
			 EXPRCHECK_PROBE_MAGIC);
		kt_check(ret == (EXPRCHECK_PROBE_MAGIC | EXPRCHECK_UAPI_VERSION),
			 "probe-version", "got %#lx, want version %d", ret,
			 EXPRCHECK_UAPI_VERSION);
	}

	kt_req_init(&req, "()", 2, &v);
	kt_errno("probe-with-request-einval",
		 sc_call(nr, &req, EXPRCHECK_SYSCALL_PROBE, NULL), EINVAL);
	kt_errno("probe-unknown-flag-einval",
		 sc_call(nr, NULL, EXPRCHECK_SYSCALL_PROBE | 2, NULL), EINVAL);
	kt_errno("unknown-flag-einval", sc_call(nr, &req, 2, NULL), EINVAL);
	kt_errno("top-flag-einval", sc_call(nr, &req, 1U << 31, NULL), EINVAL);
	kt_errno("null-request-efault", sc_call(nr, NULL, 0, NULL), EFAULT);

	memset(&v, 0xa5, sizeof(v));
	err = sc_call(nr, &req, 0, &ret);
	if (kt_errno("validate-succeeds", err, 0)) {
		kt_check(ret == 0, "validate-returns-zero", "returned %ld", ret);
		kt_check(v.status == EXPRCHECK_VALID && v.depth == 1 &&
			 v.scanned == 2 && !v.reserved && !v.offset &&
			 !v.expected && !v.found, "validate-verdict",
			 "status %u depth %llu scanned %llu", v.status,
			 (unsigned long long)v.depth,
			 (unsigned long long)v.scanned);
	}
}

int main(int argc, char **argv)
{
	long nr = sc_nr_arg(argc, argv, "NR");

	kt_note("exprcheck() is system call %ld", nr);
	test_sysfs(nr);
	test_probe(nr);
	return kt_finish();
}
