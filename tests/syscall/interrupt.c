// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exprcheck-syscall-interrupt NR: the system call in the middle of a long
 * input runs a caller's handler and lets it stop within a page, as the
 * ioctl does (tests/kernel/ioctl_interrupt.c): EINTR after a handler
 * without SA_RESTART, a transparent restart after one with it or after a
 * stop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kinterrupt.h"
#include "sctest.h"

#define CALL_SECONDS	2.0

static long nr;
static uint8_t *input;
static size_t input_len;
static double one_call, bound;

static bool verdict_valid(const struct exprcheck_verdict *v)
{
	return v->status == EXPRCHECK_VALID && v->scanned == input_len;
}

static int call(struct exprcheck_verdict *v)
{
	struct exprcheck_req req;

	kt_req_init(&req, input, input_len, v);
	return sc_call(nr, &req, 0, NULL);
}

/* One call of the system call, for ki_long_input() to time. */
static bool timed_call(const uint8_t *in, size_t len)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;

	kt_req_init(&req, in, len, &v);
	return !sc_call(nr, &req, 0, NULL) && v.status == EXPRCHECK_VALID &&
	       v.scanned == len;
}

/* As long as one call takes CALL_SECONDS here, within the call's 256 MiB. */
static void make_input(void)
{
	input = ki_long_input(EXPRCHECK_DEFAULT_MAX_LEN, 1, CALL_SECONDS,
			      timed_call, &input_len, &one_call);
	bound = one_call / 4;
}

static void test_handler(const char *name, int flags, int want)
{
	struct exprcheck_verdict v;
	double fire, late;
	char check[64];
	int err;

	memset(&v, 0xa5, sizeof(v));
	fire = ki_alarm_in(0.15 * one_call, flags);
	err = call(&v);
	late = ki_handled_at() - fire;
	kt_errno(name, err, want);
	snprintf(check, sizeof(check), "%s-runs-promptly", name);
	kt_check(ki_handled_at() && late < bound, check,
		 "the handler ran %.3f s after the signal, bound %.3f s", late, bound);
	snprintf(check, sizeof(check), "%s-verdict", name);
	kt_check(want ? ((unsigned char *)&v)[0] == 0xa5 : verdict_valid(&v), check,
		 want ? "the verdict was written" : "wrong verdict");
}

static void test_stop(void)
{
	struct exprcheck_verdict v;
	int status;
	double took;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (!pid)
		_exit(call(&v) || !verdict_valid(&v));
	usleep((useconds_t)(0.15 * one_call * 1e6));
	kill(pid, SIGSTOP);
	took = ki_until_stopped(pid, 4 * one_call + 5);
	kill(pid, SIGCONT);
	waitpid(pid, &status, 0);
	kt_note("SIGSTOP: stopped %.3f s after the signal", took);
	kt_check(took >= 0 && took < bound, "sigstop-holds-promptly",
		 "stopped after %.3f s, bound %.3f s", took, bound);
	kt_check(WIFEXITED(status) && !WEXITSTATUS(status), "sigstop-restart-unseen",
		 "the stopped call failed: status %#x", status);
}

int main(int argc, char **argv)
{
	nr = sc_nr_arg(argc, argv, "NR");
	make_input();
	test_handler("handler-eintr", 0, EINTR);
	test_handler("handler-sa-restart", SA_RESTART, 0);
	test_stop();
	return kt_finish();
}
