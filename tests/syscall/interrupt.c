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
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kinterrupt.h"
#include "sctest.h"

#define PATTERN_SIZE	(1UL << 20)
#define CALL_SECONDS	2.0

static long nr;
static char *input;
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

/* The input, as long as one call takes CALL_SECONDS here (within 256 MiB). */
static void make_input(void)
{
	size_t max = EXPRCHECK_DEFAULT_MAX_LEN, i;
	struct exprcheck_verdict v;
	double t0, rate;
	char *pattern = malloc(PATTERN_SIZE);

	if (!pattern)
		kt_die("out of memory");
	for (i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = "()"[i & 1];
	input = kt_map_repeated(pattern, PATTERN_SIZE, max);
	free(pattern);
	input_len = 4 * PATTERN_SIZE;
	t0 = kt_now();
	if (call(&v) || !verdict_valid(&v))
		kt_die("the input is not valid");
	rate = input_len / (kt_now() - t0);
	input_len = (size_t)(rate * CALL_SECONDS) / PATTERN_SIZE * PATTERN_SIZE;
	if (input_len < PATTERN_SIZE)
		input_len = PATTERN_SIZE;
	if (input_len > max)
		input_len = max;
	one_call = input_len / rate;
	bound = one_call / 4;
	kt_note("%zu MiB, about %.2f s a call; bound %.3f s", input_len >> 20,
		one_call, bound);
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
	kt_check(took >= 0 && took < bound, "sigstop-stops-promptly",
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
