// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The library in the middle of a long kernel call that a signal handler,
 * SIGSTOP or the cgroup v2 freezer interrupts: the caller still gets every
 * verdict, and a batch the module stopped with EINTR after some answers
 * goes on from there: the module's counters show each request answered
 * once. The kernel side (how soon the call stops) is timed by
 * tests/kernel/ioctl_interrupt.c; here only that the caller notices
 * nothing but its handler running.
 *
 *	exprcheck-library-interrupts
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exprcheck/exprcheck.h>

#include "kinterrupt.h"
#include "ktest.h"

#define CALL_SECONDS	2.0
#define BATCH		4

static uint8_t *input;
static size_t input_len;
static double one_call;

static struct exprcheck_options forced(enum exprcheck_backend b)
{
	struct exprcheck_options o = { .size = sizeof(o), .backend = b };

	return o;
}

static bool result_valid(const struct exprcheck_result *r, uint64_t len,
			 enum exprcheck_backend b)
{
	return r->status == EXPRCHECK_STATUS_VALID && r->scanned == len &&
	       r->depth == 1 && r->backend == b;
}

/* A batch of BATCH quarters of the input; 0 when every verdict is right. */
static int batch_of_quarters(enum exprcheck_backend b)
{
	struct exprcheck_options o = forced(b);
	struct exprcheck_input in[BATCH];
	struct exprcheck_result out[BATCH] = { { .size = sizeof(out[0]) } };
	unsigned int i, good = 0;
	int err;

	for (i = 0; i < BATCH; i++) {
		in[i].expr = input + i * (input_len / BATCH);
		in[i].len = input_len / BATCH;
	}
	err = exprcheck_validate_batch(in, BATCH, &o, out);
	for (i = 0; !err && i < BATCH; i++)
		good += result_valid(&out[i], input_len / BATCH, b);
	if (err)
		kt_note("batch: %s", strerror(-err));
	return err || good != BATCH;
}

/* A handler without SA_RESTART: the kernel says EINTR, the library goes on. */
static void test_handler(enum exprcheck_backend b)
{
	struct exprcheck_options o = forced(b);
	struct exprcheck_result r = { .size = sizeof(r) };
	char name[64];
	int err;

	ki_alarm_in(0.15 * one_call, 0);
	err = exprcheck_validate(input, input_len, &o, &r);
	snprintf(name, sizeof(name), "%s-handler-interrupted-call-answers",
		 exprcheck_backend_name(b));
	kt_check(!err && result_valid(&r, input_len, b), name, "%s, status %u scanned %" PRIu64,
		 err ? strerror(-err) : "answered", r.status, (uint64_t)r.scanned);
	snprintf(name, sizeof(name), "%s-handler-ran", exprcheck_backend_name(b));
	kt_check(ki_handled_at() > 0, name, "the handler never ran");
}

/*
 * A signal during the second request: the module ends the batch with
 * EINTR (done 1), the library sends the other three again, and the
 * counters show four requests answered and the input's bytes, once.
 */
static void test_batch_resumed(void)
{
	uint64_t calls = kt_sysfs_u64(KT_STATS, "calls");
	uint64_t bytes = kt_sysfs_u64(KT_STATS, "bytes");

	ki_alarm_in(1.5 * one_call / BATCH, SA_RESTART);
	kt_check(!batch_of_quarters(EXPRCHECK_BACKEND_IOCTL), "batch-interrupted-answers-all",
		 "a verdict is missing or wrong");
	kt_check(ki_handled_at() > 0, "batch-handler-ran", "the handler never ran");
	calls = kt_sysfs_u64(KT_STATS, "calls") - calls;
	bytes = kt_sysfs_u64(KT_STATS, "bytes") - bytes;
	kt_check(calls == BATCH && bytes == input_len, "batch-answers-each-request-once",
		 "%" PRIu64 " requests and %" PRIu64 " bytes answered, want %u and %zu",
		 calls, bytes, BATCH, input_len);
}

/* A child sends the batch; returns it once its second request is under way. */
static pid_t batch_child(void)
{
	pid_t pid = fork();

	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (!pid)
		_exit(batch_of_quarters(EXPRCHECK_BACKEND_IOCTL));
	usleep((useconds_t)(1.5 * one_call / BATCH * 1e6));
	return pid;
}

/* The child's batch ended, within @secs, with every verdict right. */
static bool child_answered(pid_t pid, double secs)
{
	double end = kt_now() + secs;
	int status;

	while (kt_now() < end) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) && !WEXITSTATUS(status);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return false;
}

static void test_stop(void)
{
	pid_t pid = batch_child();
	double took;

	kill(pid, SIGSTOP);
	took = ki_until_stopped(pid, 4 * one_call + 5);
	kt_note("SIGSTOP in the middle of a batch: stopped after %.3f s", took);
	kill(pid, SIGCONT);
	kt_check(took >= 0 && child_answered(pid, 4 * one_call + 5),
		 "stopped-batch-answers-all", "stopped after %.3f s; the batch failed", took);
}

static void test_freeze(void)
{
	double took;
	pid_t pid;

	if (!ki_freezer_init()) {
		kt_note("no cgroup v2 at /sys/fs/cgroup: the freezer is not tested");
		return;
	}
	pid = batch_child();
	ki_freezer_add(pid);
	ki_freeze(true);
	took = ki_until_frozen(4 * one_call + 5);
	kt_note("cgroup.freeze in the middle of a batch: frozen after %.3f s", took);
	ki_freeze(false);
	kt_check(took >= 0 && child_answered(pid, 4 * one_call + 5),
		 "frozen-batch-answers-all", "frozen after %.3f s; the batch failed", took);
	ki_freezer_exit();
}

/* One call through the library, for ki_long_input() to time. */
static bool timed_call(const uint8_t *in, size_t len)
{
	struct exprcheck_options o = forced(EXPRCHECK_BACKEND_IOCTL);
	struct exprcheck_result r = { .size = sizeof(r) };

	return !exprcheck_validate(in, len, &o, &r) &&
	       result_valid(&r, len, EXPRCHECK_BACKEND_IOCTL);
}

int main(void)
{
	const char *why;

	if (exprcheck_backend_probe(EXPRCHECK_BACKEND_IOCTL, &why))
		kt_skip("the ioctl backend is not available: %s", why);
	input = ki_long_input(ki_module_input_max(), BATCH, CALL_SECONDS,
			      timed_call, &input_len, &one_call);
	test_handler(EXPRCHECK_BACKEND_IOCTL);
	if (!exprcheck_backend_probe(EXPRCHECK_BACKEND_SYSCALL, &why))
		test_handler(EXPRCHECK_BACKEND_SYSCALL);
	else
		kt_note("the system call is not tested: %s", why);
	test_batch_resumed();
	test_stop();
	test_freeze();
	return kt_finish();
}
