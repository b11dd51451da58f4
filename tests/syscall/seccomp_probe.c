// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-seccomp-probe [--fake-nr NR]: under a seccomp filter that
 * kills (KILL_PROCESS) or traps (TRAP, whose SIGSYS kills too) on the
 * published system call number, the library's `auto` must answer without
 * ever calling it: probing it would get the caller killed. A forced
 * syscall backend does call it, and dies: proof the filter bites.
 *
 * On the patched kernel the number is the one it publishes. On a kernel
 * without the call, --fake-nr publishes NR in a mount namespace of this
 * process's own (a tmpfs over /sys/kernel), so that the library reads it
 * there: a library that probed would call NR and be killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exprcheck/exprcheck.h>

#include "seccomp_filter.h"
#include "sctest.h"

/* Publishes @nr where the library looks for it, for this process only. */
static void fake_published_nr(long nr)
{
	char text[32];
	int fd, n;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("tmpfs", "/sys/kernel", "tmpfs", 0, "mode=0755") ||
	    mkdir("/sys/kernel/exprcheck", 0755))
		kt_die("faking %s: %s", KT_SYSCALL_NR, strerror(errno));
	n = snprintf(text, sizeof(text), "%ld\n", nr);
	fd = open(KT_SYSCALL_NR, O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
	if (fd < 0 || write(fd, text, n) != n)
		kt_die("writing %s: %s", KT_SYSCALL_NR, strerror(errno));
	close(fd);
}

/*
 * In a child: the filter (none when @action is 0), then one validation
 * through @backend. Exits 0 when it was answered right, under a filter by
 * `auto` through another backend than the filtered system call.
 */
static int filtered_child(long nr, uint32_t action, enum exprcheck_backend backend)
{
	struct exprcheck_options o = { .size = sizeof(o), .backend = backend };
	struct exprcheck_result r = { .size = sizeof(r) };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (!pid) {
		if (action && seccomp_deny(&nr, 1, action))
			_exit(3);
		if (exprcheck_validate("(a+[b)]", 7, &o, &r) ||
		    r.status != EXPRCHECK_STATUS_WRONG_CLOSER || r.offset != 5)
			_exit(4);
		_exit(action && backend == EXPRCHECK_BACKEND_AUTO &&
		      r.backend == EXPRCHECK_BACKEND_SYSCALL ? 5 : 0);
	}
	if (waitpid(pid, &status, 0) != pid)
		kt_die("waitpid: %s", strerror(errno));
	return status;
}

static void check_survives(const char *name, long nr, uint32_t action)
{
	int status = filtered_child(nr, action, EXPRCHECK_BACKEND_AUTO);

	kt_check(WIFEXITED(status) && !WEXITSTATUS(status), name,
		 "wait status %#x (%s)", status,
		 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
		 WEXITSTATUS(status) == 5 ? "answered by the filtered system call" :
					   "no right verdict");
}

int main(int argc, char **argv)
{
	long nr;
	int status;

	if (argc == 3 && !strcmp(argv[1], "--fake-nr")) {
		nr = sc_nr_arg(argc - 1, argv + 1, "--fake-nr NR");
		fake_published_nr(nr);
	} else {
		nr = kt_syscall_nr();
		if (nr < 0)
			kt_skip("no system call published here: use --fake-nr NR");
	}
	kt_note("the published system call number is %ld", nr);

	check_survives("auto-without-filter-answers", nr, 0);
	check_survives("auto-under-kill-filter-survives", nr, SECCOMP_RET_KILL_PROCESS);
	check_survives("auto-under-trap-filter-survives", nr, SECCOMP_RET_TRAP);

	status = filtered_child(nr, SECCOMP_RET_KILL_PROCESS, EXPRCHECK_BACKEND_SYSCALL);
	kt_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS,
		 "forced-syscall-under-kill-filter-calls-it",
		 "wait status %#x, want killed by SIGSYS", status);
	return kt_finish();
}
