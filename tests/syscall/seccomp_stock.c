// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-seccomp-stock NR: for a kernel without the exprcheck() system
 * call (Debian's stock kernel), NR being the number the call has on this
 * kernel's line (335 on 5.10 and 6.1, 336 on 6.12, 337 on 7.3). It checks
 * that the kernel says so (no /sys/kernel/exprcheck/syscall_nr, NR free),
 * then that seccomp_deny() with SECCOMP_RET_KILL_PROCESS on 333 and NR
 * really kills a process calling either: a library that still calls them
 * under this filter dies, so the filter proves it never does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccomp_filter.h"
#include "sctest.h"

/* 333, the exercise's number, and this line's; see main(). */
static long candidates[2] = { 333 };

/* In a child: filter, then call @nr; returns the child's wait status. */
static int filtered_child_calls(long nr)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (seccomp_deny(candidates, 2, SECCOMP_RET_KILL_PROCESS))
			_exit(3);
		syscall(nr, NULL, 0);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		kt_die("waitpid: %s", strerror(errno));
	return status;
}

int main(int argc, char **argv)
{
	char name[64];
	size_t i;

	if (argc != 2 || (candidates[1] = strtol(argv[1], NULL, 10)) <= 333)
		kt_die("usage: %s NR (exprcheck's number on this line)", argv[0]);
	snprintf(name, sizeof(name), "stock-%ld-enosys", candidates[1]);
	kt_check(kt_sysfs_syscall_nr() < 0 && errno == ENOENT,
		 "stock-no-exprcheck-syscall-nr",
		 "%s exists: this kernel has the system call", KT_SYSCALL_NR);
	/* Before any filter: NR is free here, 333 is io_pgetevents. */
	kt_errno(name, sc_call(candidates[1], NULL, 0, NULL), ENOSYS);
	kt_check(sc_call(333, NULL, 0, NULL) != ENOSYS, "stock-333-not-enosys",
		 "333 answered ENOSYS");

	for (i = 0; i < 2; i++) {
		int status = filtered_child_calls(candidates[i]);

		snprintf(name, sizeof(name), "seccomp-kills-on-%ld",
			 candidates[i]);
		kt_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS, name,
			 "child wait status %#x, want killed by SIGSYS", status);
	}

	if (seccomp_deny(candidates, 2, SECCOMP_RET_KILL_PROCESS))
		kt_die("seccomp filter: %s", strerror(errno));
	kt_check(getpid() > 0 && kt_sysfs_syscall_nr() < 0,
		 "seccomp-filtered-process-runs", "getpid failed");
	return kt_finish();
}
