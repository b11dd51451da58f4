// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A caller killed with SIGKILL in the middle of a huge input dies
 * promptly: the module checks for a fatal signal after every page.
 *
 * The input is max_len bytes (at most 256 MiB) of "()" mapped from one
 * 1 MiB memfd, all brackets so every byte goes through the slow path. A
 * child validates it over and over, alone and in batches; the parent
 * kills it mid-call and times how long the child takes to die, against
 * the time one whole call would take.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktest.h"

#define PATTERN_SIZE	(1UL << 20)
#define MAX_INPUT	(256UL << 20)
#define TIMED_SIZE	(16UL << 20)
/* How long a killed caller may take to die. */
#define KILL_BOUND	1.0
/* How long the child runs before the kill. */
#define KILL_AFTER_US	300000

static int fd;
static struct exprcheck_req req;
static struct exprcheck_verdict verdict;

static __attribute__((noreturn)) void child_loop(int ready, bool batch)
{
	struct exprcheck_req reqs[4] = { req, req, req, req };
	struct exprcheck_batch b = {
		.size = sizeof(b),
		.count = 4,
		.reqs = kt_ptr(reqs),
		.req_size = sizeof(reqs[0]),
	};

	if (write(ready, "r", 1) != 1)
		_exit(2);
	for (;;) {
		if (batch)
			kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b);
		else
			kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	}
}

static void kill_mid_call(const char *name, bool batch, double one_call)
{
	int pipefd[2], status = 0;
	char check[96], c;
	double t0, took;
	pid_t pid, got;

	if (pipe(pipefd))
		kt_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (!pid) {
		close(pipefd[0]);
		child_loop(pipefd[1], batch);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1)
		kt_die("child did not start");
	close(pipefd[0]);
	usleep(KILL_AFTER_US);

	snprintf(check, sizeof(check), "%s-still-calling", name);
	kt_check(waitpid(pid, &status, WNOHANG) == 0, check,
		 "child ended before the kill");
	t0 = kt_now();
	kill(pid, SIGKILL);
	got = waitpid(pid, &status, 0);
	took = kt_now() - t0;

	kt_note("%s: died %.3f s after SIGKILL (a whole call takes about %.2f s)",
		name, took, one_call);
	snprintf(check, sizeof(check), "%s-died-of-sigkill", name);
	kt_check(got == pid && WIFSIGNALED(status) &&
		 WTERMSIG(status) == SIGKILL, check, "status %#x", status);
	snprintf(check, sizeof(check), "%s-died-promptly", name);
	kt_check(took < KILL_BOUND, check, "took %.3f s, bound %.1f s", took,
		 KILL_BOUND);
}

int main(void)
{
	uint8_t *pattern = malloc(PATTERN_SIZE);
	struct kt_limits lim;
	size_t total, i;
	double t0, one_call;
	void *input;
	int err;

	fd = kt_open();
	kt_params(&lim);
	total = lim.max_len < MAX_INPUT ? lim.max_len : MAX_INPUT;
	total -= total % PATTERN_SIZE;
	if (!total)
		kt_skip("max_len %" PRIu64 " is below 1 MiB", lim.max_len);
	if (!pattern)
		kt_die("out of memory");
	for (i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = "()"[i % 2];
	input = kt_map_repeated(pattern, PATTERN_SIZE, total);
	kt_req_init(&req, input, total, &verdict);

	/* Timed on a part of the input, so slow (sanitised) kernels stay quick. */
	req.len = total < TIMED_SIZE ? total : TIMED_SIZE;
	t0 = kt_now();
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	one_call = (kt_now() - t0) * total / req.len;
	kt_check(!err && verdict.status == EXPRCHECK_VALID &&
		 verdict.scanned == req.len, "kill-input-is-valid",
		 "err %d status %u", err, verdict.status);
	kt_note("%" PRIu64 " MiB in %.2f s, so about %.2f s for the %zu MiB input",
		(uint64_t)req.len >> 20, one_call * req.len / total, one_call,
		total >> 20);
	req.len = total;
	if (one_call < 4 * KILL_AFTER_US / 1e6)
		kt_note("a whole call is short here: the bound says little");

	kill_mid_call("kill-during-validate", false, one_call);
	kill_mid_call("kill-during-batch", true, 4 * one_call);
	free(pattern);
	close(fd);
	return kt_finish();
}
