// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A caller in the middle of a long input can be stopped (SIGSTOP), frozen
 * (the cgroup v2 freezer) and interrupted by a signal it handles, within
 * a bounded time, not only killed: the module checks for a signal between
 * pages and between the requests of a batch. A call with nothing answered
 * yet is restarted (transparently after a stop, a freeze or a handler
 * with SA_RESTART; EINTR after a handler without it), and a batch that has
 * answered some requests fails with EINTR and says in done how many.
 *
 * The input is "()" over and over (every byte goes through the slow path),
 * as long as it takes the kernel about two seconds here, within max_len.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kinterrupt.h"
#include "ktest.h"

#define CALL_SECONDS	2.0
/* When the signal comes, as a share of one call (or one batch request). */
#define SIGNAL_AT	0.15
#define BATCH		4

static int fd;
static uint8_t *input;
static size_t input_len;
/* What one call takes here, and the bound on a stop, freeze or handler. */
static double one_call, bound;

static bool verdict_valid(const struct exprcheck_verdict *v, uint64_t len)
{
	return v->status == EXPRCHECK_VALID && v->scanned == len && v->depth == 1;
}

/* A handler without SA_RESTART: the call ends with EINTR, promptly. */
static void test_handler_eintr(void)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	double fire, late;
	int err;

	kt_req_init(&req, input, input_len, &v);
	memset(&v, 0xa5, sizeof(v));
	fire = ki_alarm_in(SIGNAL_AT * one_call, 0);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	late = ki_handled_at() - fire;
	kt_note("handler without SA_RESTART: ran %.3f s after the signal, call returned %s",
		late, err ? strerror(err) : "success");
	kt_errno("handler-interrupts-eintr", err, EINTR);
	kt_check(ki_handled_at() && late < bound, "handler-runs-promptly",
		 "%.3f s after the signal, bound %.3f s", late, bound);
	kt_check(((uint8_t *)&v)[0] == 0xa5 && ((uint8_t *)&v)[sizeof(v) - 1] == 0xa5,
		 "handler-eintr-verdict-untouched", "the verdict was written");
}

/* With SA_RESTART the handler runs just as soon, and the call goes on. */
static void test_handler_restart(void)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	double fire, late;
	int err;

	kt_req_init(&req, input, input_len, &v);
	fire = ki_alarm_in(SIGNAL_AT * one_call, SA_RESTART);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	late = ki_handled_at() - fire;
	kt_note("handler with SA_RESTART: ran %.3f s after the signal", late);
	kt_errno("handler-sa-restart-restarts", err, 0);
	kt_check(!err && verdict_valid(&v, input_len), "handler-sa-restart-verdict",
		 "status %u scanned %" PRIu64, v.status, (uint64_t)v.scanned);
	kt_check(ki_handled_at() && late < bound, "handler-sa-restart-runs-promptly",
		 "%.3f s after the signal, bound %.3f s", late, bound);
}

static void batch_init(struct exprcheck_batch *b, struct exprcheck_req *reqs,
		       struct exprcheck_verdict *vs, unsigned int n)
{
	unsigned int i;

	memset(vs, 0xa5, n * sizeof(*vs));
	for (i = 0; i < n; i++)
		kt_req_init(&reqs[i], input, input_len / BATCH, &vs[i]);
	memset(b, 0, sizeof(*b));
	b->size = sizeof(*b);
	b->count = n;
	b->reqs = kt_ptr(reqs);
	b->req_size = sizeof(reqs[0]);
	b->done = 0xdead;
}

/*
 * A signal before the first answer restarts the batch; one after it ends
 * the batch with EINTR (even under SA_RESTART), done saying how far it
 * got, the answered verdicts written and the others untouched.
 */
static void test_batch(void)
{
	struct exprcheck_verdict vs[BATCH];
	struct exprcheck_req reqs[BATCH];
	const double one_req = one_call / BATCH;
	struct exprcheck_batch b;
	unsigned int i, good = 0, untouched = 0;
	int err;

	batch_init(&b, reqs, vs, BATCH);
	ki_alarm_in(SIGNAL_AT * one_req, SA_RESTART);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b);
	for (i = 0; i < BATCH; i++)
		good += verdict_valid(&vs[i], input_len / BATCH);
	kt_errno("batch-signal-before-first-answer-restarts", err, 0);
	kt_check(ki_handled_at() && b.done == BATCH && good == BATCH,
		 "batch-restarted-answers-all", "handled %d done %u, %u verdicts right",
		 ki_handled_at() > 0, b.done, good);

	batch_init(&b, reqs, vs, BATCH);
	/* Due as request 2 starts: done is 1 to 3 if the timing is off by 2x. */
	ki_alarm_in(2.0 * one_req, SA_RESTART);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b);
	kt_note("batch: signal after two requests' time, done %u of %u", b.done, BATCH);
	kt_errno("batch-signal-after-an-answer-eintr", err, EINTR);
	for (i = 0, good = 0; i < b.done && i < BATCH; i++)
		good += verdict_valid(&vs[i], input_len / BATCH);
	for (; i < BATCH; i++)
		untouched += ((uint8_t *)&vs[i])[0] == 0xa5;
	kt_check(b.done >= 1 && b.done < BATCH && good == b.done &&
		 untouched == BATCH - b.done, "batch-eintr-done-counts-answers",
		 "done %u, %u answered right, %u of the rest untouched", b.done,
		 good, untouched);
}

/* A child that validates the input over and over, one byte per call. */
static __attribute__((noreturn)) void child_calls(int progress)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	char c;

	kt_req_init(&req, input, input_len, &v);
	if (write(progress, "r", 1) != 1)
		_exit(2);
	for (;;) {
		int err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);

		c = err == EINTR ? 'i' : err ? 'e' : verdict_valid(&v, input_len) ? 'v' : 'w';
		if (write(progress, &c, 1) != 1)
			_exit(2);
	}
}

struct child {
	pid_t pid;
	int progress;
	unsigned int calls;	/* answered right */
	unsigned int wrong;	/* EINTR, errors, wrong verdicts */
};

static void child_start(struct child *ch)
{
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC))
		kt_die("pipe: %s", strerror(errno));
	ch->pid = fork();
	if (ch->pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (!ch->pid) {
		close(fds[0]);
		child_calls(fds[1]);
	}
	close(fds[1]);
	ch->progress = fds[0];
	ch->calls = ch->wrong = 0;
	if (read(ch->progress, &c, 1) != 1)
		kt_die("the child did not start");
	if (fcntl(ch->progress, F_SETFL, O_NONBLOCK))
		kt_die("fcntl: %s", strerror(errno));
}

/* Counts what the child reported so far. */
static void child_poll(struct child *ch)
{
	char buf[64];
	ssize_t n, i;

	while ((n = read(ch->progress, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == 'v')
				ch->calls++;
			else
				ch->wrong++;
		}
}

/* Waits up to @secs for one more right answer. */
static bool child_answers(struct child *ch, double secs)
{
	unsigned int before = ch->calls;
	double end = kt_now() + secs;

	while (kt_now() < end) {
		child_poll(ch);
		if (ch->calls > before)
			return true;
		usleep(10000);
	}
	return false;
}

static void child_end(struct child *ch)
{
	kill(ch->pid, SIGKILL);
	waitpid(ch->pid, NULL, 0);
	close(ch->progress);
}

/*
 * @ch, stopped or frozen (@what), was held @took seconds after it was
 * asked to be: within the bound, and it ends no call while held. Then
 * @release lets it go, and its call goes on unseen.
 */
static void check_held(struct child *ch, const char *what, double took,
		       void (*release)(pid_t))
{
	unsigned int calls;
	char name[64];

	kt_note("%s: held %.3f s after it was asked (a call takes %.2f s)",
		what, took, one_call);
	snprintf(name, sizeof(name), "%s-holds-promptly", what);
	kt_check(took >= 0 && took < bound, name,
		 "held after %.3f s, bound %.3f s", took, bound);
	child_poll(ch);
	calls = ch->calls;
	usleep((useconds_t)(bound * 1e6));
	child_poll(ch);
	snprintf(name, sizeof(name), "%s-no-progress-while-held", what);
	kt_check(ch->calls == calls, name, "%u calls ended while held",
		 ch->calls - calls);
	release(ch->pid);
	snprintf(name, sizeof(name), "%s-released-call-goes-on", what);
	kt_check(child_answers(ch, 3 * one_call + 5), name,
		 "no answer after the release");
	snprintf(name, sizeof(name), "%s-restart-unseen", what);
	kt_check(!ch->wrong, name,
		 "%u calls ended with EINTR, an error or a wrong verdict", ch->wrong);
}

static void sigcont(pid_t pid)
{
	kill(pid, SIGCONT);
}

static void thaw(pid_t pid)
{
	(void)pid;
	ki_freeze(false);
}

/* A caller stops at SIGSTOP within a page. */
static void test_stop(void)
{
	struct child ch;

	child_start(&ch);
	usleep((useconds_t)(SIGNAL_AT * one_call * 1e6));
	kill(ch.pid, SIGSTOP);
	check_held(&ch, "sigstop", ki_until_stopped(ch.pid, 4 * one_call + 5),
		   sigcont);
	child_end(&ch);
}

/* The cgroup v2 freezer freezes a caller within a page. */
static void test_freeze(void)
{
	struct child ch;

	if (!ki_freezer_init()) {
		kt_note("no cgroup v2 at /sys/fs/cgroup: the freezer is not tested");
		return;
	}
	child_start(&ch);
	ki_freezer_add(ch.pid);
	usleep((useconds_t)(SIGNAL_AT * one_call * 1e6));
	ki_freeze(true);
	check_held(&ch, "freezer", ki_until_frozen(4 * one_call + 5), thaw);
	child_end(&ch);
	ki_freezer_exit();
}

/* One call through the ioctl, for ki_long_input() to time. */
static bool timed_call(const uint8_t *in, size_t len)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;

	kt_req_init(&req, in, len, &v);
	return !kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req) && verdict_valid(&v, len);
}

int main(void)
{
	fd = kt_open();
	input = ki_long_input(ki_module_input_max(), BATCH, CALL_SECONDS,
			      timed_call, &input_len, &one_call);
	bound = one_call / 4;
	kt_note("a stop, freeze or handler must take under %.3f s", bound);
	test_handler_eintr();
	test_handler_restart();
	test_batch();
	test_stop();
	test_freeze();
	close(fd);
	return kt_finish();
}
