// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-syscall-seccomp NR: a seccomp filter that denies NR with EPERM,
 * as a container runtime does with calls it does not know, makes both the
 * probe and a validation fail with EPERM, and nothing else changes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "seccomp_filter.h"
#include "sctest.h"

static int probe(long nr, long *ret)
{
	return sc_call(nr, NULL, EXPRCHECK_SYSCALL_PROBE, ret);
}

int main(int argc, char **argv)
{
	long nr = sc_nr_arg(argc, argv, "NR");
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	long ret;

	kt_req_init(&req, "([])", 4, &v);
	if (!kt_errno("before-filter-probe", probe(nr, &ret), 0) ||
	    !kt_check(ret == (EXPRCHECK_PROBE_MAGIC | EXPRCHECK_UAPI_VERSION),
		      "before-filter-probe-magic", "got %#lx", ret))
		return kt_finish();
	kt_errno("before-filter-validate", sc_call(nr, &req, 0, NULL), 0);

	if (seccomp_deny(&nr, 1, SECCOMP_RET_ERRNO | EPERM))
		kt_die("seccomp filter: %s", strerror(errno));
	kt_pass("seccomp-filter-installed");

	kt_errno("filtered-probe-eperm", probe(nr, NULL), EPERM);
	kt_errno("filtered-validate-eperm", sc_call(nr, &req, 0, NULL), EPERM);
	kt_check(getpid() > 0 && kt_sysfs_syscall_nr() == nr, "filtered-others-allowed",
		 "getpid or reading %s failed: %s", KT_SYSCALL_NR,
		 strerror(errno));
	return kt_finish();
}
