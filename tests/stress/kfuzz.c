// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzzes /dev/exprcheck and the exprcheck() system call, checking every
 * answer against a model of the uAPI (kfuzz_model.c):
 *
 *	exprcheck-kfuzz [--calls N] [--seed S] [--start I] [--jobs J]
 *			[--no-flap] [--tag T]
 *
 * J processes (default: one a CPU) share the calls. Checks are named
 * kfuzz-T-... (T defaults to "ioctl").
 * Call I of a run depends only on S and I, so a failure reported as
 * "call I" is replayed with --seed S --start I --calls 1 (the pages that
 * vanish mid-call come from another thread and replay only by chance).
 * The system call is fuzzed when the kernel publishes one; the kernel's
 * own reports (KASAN, UBSAN, lockdep, kmemleak, oops) are the runner's to
 * catch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kfuzz.h"

#define ARENA_SIZE	(16UL << 20)
#define MAX_REPORTS	10
/* Fewer calls than this are a replay: their coverage is not checked. */
#define MIN_CALLS_FOR_COVERAGE	1000

static const char *const op_names[KF_OP_COUNT] = {
	"validate", "batch", "info", "other-cmd", "syscall", "probe",
};

/* Outcomes seen, by operation and errno, to show what was reached. */
static const int seen_errnos[] = { 0, EINVAL, E2BIG, EFAULT, ENOTTY };
#define NSEEN (sizeof(seen_errnos) / sizeof(seen_errnos[0]))

/* What a run found; children of --jobs send theirs to the parent. */
struct tally {
	uint64_t calls;
	uint64_t mismatches;
	uint64_t tolerated;	/* answers explained by a page that vanished */
	uint64_t requests;	/* requests served, batches counted in full */
	uint64_t flaps;
	double in_kernel;	/* seconds spent inside the calls */
	uint64_t seen[KF_OP_COUNT][NSEEN + 1];
};

struct run {
	int fd;
	long nr;		/* the system call, or -1 */
	struct kf_limits lim;
	struct kf_limits sc_lim;
	uint64_t seed;
	bool flap;
	struct tally t;
	struct exprcheck_verdict *want;
	struct exprcheck_verdict *want_absent;
};

static void count(struct run *run, enum kf_op op, int err)
{
	unsigned int i;

	for (i = 0; i < NSEEN && seen_errnos[i] != err; i++)
		;
	run->t.seen[op][i]++;
}

static int make_call(const struct run *run, const struct kf_call *c, long *ret)
{
	if (c->op == KF_OP_SYSCALL || c->op == KF_OP_PROBE)
		*ret = syscall(run->nr, (unsigned long)c->arg.addr,
			       (unsigned long)c->sc_flags);
	else
		*ret = ioctl(run->fd, c->cmd, (unsigned long)c->arg.addr);
	return *ret < 0 ? errno : 0;
}

/* The first @size bytes of a verdict as written, the rest cleared. */
static bool verdict_ok(const struct kf_arena *a, const struct kf_req *r,
		       const struct exprcheck_verdict *want)
{
	const uint8_t *p = kf_bytes(a, &r->verdict);
	uint32_t size = r->fields.verdict_size, i;
	size_t n = size < sizeof(*want) ? size : sizeof(*want);

	if (memcmp(p, want, n))
		return false;
	for (i = n; i < size; i++)
		if (p[i])
			return false;
	return true;
}

static bool info_ok(const struct run *run, const struct kf_arena *a,
		    const struct kf_call *c)
{
	struct exprcheck_info want, got;
	const uint8_t *p = kf_bytes(a, &c->arg);
	uint32_t i;

	memset(&want, 0, sizeof(want));
	want.size = sizeof(want);
	want.version = EXPRCHECK_UAPI_VERSION;
	want.flags = EXPRCHECK_F_ALL;
	want.max_depth = run->lim.max_depth;
	want.max_len = run->lim.max_len;
	want.max_batch = run->lim.max_batch;
	memcpy(&got, p, sizeof(got));
	if (memcmp(&got, &want, sizeof(want)))
		return false;
	for (i = sizeof(want); i < c->arg_size; i++)
		if (p[i])
			return false;
	return true;
}

static uint32_t read_done(const struct kf_arena *a, const struct kf_call *c)
{
	struct kf_obj o = kf_obj_at(&c->arg, KF_BATCH_DONE_OFFSET);
	uint32_t done;

	if (o.where == KF_BAD || o.room < sizeof(done))
		return KF_DONE_POISON;
	memcpy(&done, kf_bytes(a, &o), sizeof(done));
	return done;
}

/* Checks the verdicts of the first @n requests; says which one is wrong. */
static bool verdicts_ok(const struct kf_arena *a, const struct kf_call *c,
			uint32_t n, const struct exprcheck_verdict *want,
			char *why, size_t why_size)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (verdict_ok(a, &c->reqs[i], &want[i]))
			continue;
		snprintf(why, why_size,
			 "request %u: verdict differs (want status %u offset %" PRIu64
			 " depth %" PRIu64 " scanned %" PRIu64 ")", i,
			 want[i].status, (uint64_t)want[i].offset,
			 (uint64_t)want[i].depth, (uint64_t)want[i].scanned);
		return false;
	}
	return true;
}

/*
 * Verdicts the kernel did not serve must keep their poison: nothing is
 * written for a request that failed or was never reached, except what a
 * copy cut short by a fault may have left of the failing one. Views
 * another thread unmaps are left out.
 */
static bool unwritten_ok(const struct kf_arena *a, const struct kf_call *c,
			 uint32_t served, int err, char *why, size_t why_size)
{
	uint32_t i;
	uint64_t n, j;

	for (i = served + (err == EFAULT); i < c->nreqs; i++) {
		const struct kf_req *r = &c->reqs[i];
		const uint8_t *p;

		if (r->verdict.where == KF_BAD || r->verdict.where == KF_FLAP)
			continue;
		n = r->fields.verdict_size < 2 * KF_PAGE ?
		    r->fields.verdict_size : 2 * KF_PAGE;
		n = n < r->verdict.room ? n : r->verdict.room;
		p = kf_bytes(a, &r->verdict);
		for (j = 0; j < n; j++) {
			if (p[j] == KF_VERDICT_POISON)
				continue;
			snprintf(why, why_size,
				 "request %u: not served, but its verdict was written at byte %" PRIu64,
				 i, j);
			return false;
		}
	}
	return true;
}

/* Compares the call's answer with one outcome of the model. */
static bool matches(const struct run *run, const struct kf_arena *a,
		    const struct kf_call *c, const struct kf_outcome *o,
		    const struct exprcheck_verdict *want, int err, long ret,
		    char *why, size_t why_size)
{
	uint32_t done;

	if (err != o->err) {
		snprintf(why, why_size, "errno %d (%s), model says %d (%s)", err,
			 err ? strerror(err) : "success", o->err,
			 o->err ? strerror(o->err) : "success");
		return false;
	}
	if (!err && c->op == KF_OP_PROBE && ret != o->ret) {
		snprintf(why, why_size, "probe answered %#lx, want %#lx", ret, o->ret);
		return false;
	}
	if (!err && c->op != KF_OP_PROBE && c->op != KF_OP_BATCH && ret) {
		snprintf(why, why_size, "returned %ld on success", ret);
		return false;
	}
	if (!err && c->op == KF_OP_INFO && !info_ok(run, a, c)) {
		snprintf(why, why_size, "INFO answer differs from the limits in sysfs");
		return false;
	}
	if (c->op == KF_OP_BATCH) {
		done = read_done(a, c);
		if (done != (o->done == KF_NO_DONE ? KF_DONE_POISON : o->done)) {
			snprintf(why, why_size, "done %#x, model says %#x", done,
				 o->done);
			return false;
		}
	}
	return verdicts_ok(a, c, o->served, want, why, why_size) &&
	       unwritten_ok(a, c, o->served, err, why, why_size);
}

/*
 * With the flapping view involved, the kernel may see it mapped, unmapped,
 * or first one then the other; then it either answers as with the view
 * mapped, or fails with EFAULT at the first access that finds it gone.
 * Requests answered before that must still be right.
 */
static bool tolerated(const struct run *run, const struct kf_arena *a,
		      const struct kf_call *c, const struct kf_outcome *present,
		      int err, long ret)
{
	struct kf_outcome absent;
	uint32_t done, n;
	char why[256];

	kf_model(a, c, &run->lim, &run->sc_lim, false, &absent, run->want_absent);
	if (matches(run, a, c, &absent, run->want_absent, err, ret, why, sizeof(why)))
		return true;
	if (err != EFAULT)
		return false;
	if (c->op != KF_OP_BATCH)
		return true;
	done = read_done(a, c);
	if (done == KF_DONE_POISON)
		return true;
	n = done < present->served ? done : present->served;
	return done <= c->batch.count &&
	       verdicts_ok(a, c, n, run->want, why, sizeof(why));
}

static void report(struct run *run, const struct kf_call *c, uint64_t index,
		   const char *why)
{
	if (++run->t.mismatches > MAX_REPORTS)
		return;
	kt_note("call %" PRIu64 " (%s, cmd %#lx, flags %#x, arg %#" PRIx64
		", %u requests): %s", index, op_names[c->op], c->cmd,
		c->sc_flags, c->arg.addr, c->nreqs, why);
	kt_note("replay (module loaded with the same parameters): exprcheck-kfuzz"
		" --seed %" PRIu64 " --start %" PRIu64 " --calls 1 --jobs 1",
		run->seed, index);
}

static void one_call(struct run *run, struct kf_arena *a, struct kf_call *c,
		     uint64_t index)
{
	struct kf_outcome want;
	char why[256];
	double t0;
	long ret;
	int err;

	kf_generate(a, &run->lim, run->nr >= 0, run->seed, index, c);
	kf_model(a, c, &run->lim, &run->sc_lim, true, &want, run->want);
	t0 = kt_now();
	err = make_call(run, c, &ret);
	run->t.in_kernel += kt_now() - t0;
	count(run, c->op, err);
	run->t.calls++;
	if (!err || c->op == KF_OP_BATCH)
		run->t.requests += c->op == KF_OP_BATCH ? want.served : 1;
	if (matches(run, a, c, &want, run->want, err, ret, why, sizeof(why)))
		return;
	if (want.flap_touched && tolerated(run, a, c, &want, err, ret)) {
		run->t.tolerated++;
		return;
	}
	report(run, c, index, why);
}

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--calls N] [--seed S] [--start I] [--jobs J] "
		"[--no-flap] [--tag T]\n", argv0);
	exit(2);
}

static uint64_t number(const char *s, const char *argv0)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		usage(argv0);
	return v;
}

static void print_seen(const struct tally *t)
{
	static const char *const names[NSEEN + 1] = {
		"ok", "EINVAL", "E2BIG", "EFAULT", "ENOTTY", "other",
	};
	char line[256];
	unsigned int op, i;
	int len;

	for (op = 0; op < KF_OP_COUNT; op++) {
		len = 0;
		for (i = 0; i <= NSEEN; i++)
			if (t->seen[op][i])
				len += snprintf(line + len, sizeof(line) - len,
						" %s=%" PRIu64, names[i],
						t->seen[op][i]);
		if (len)
			kt_note("%-9s%s", op_names[op], line);
	}
}

struct answer {
	enum kf_op op;
	unsigned int idx;	/* in seen_errnos[] */
};

static unsigned int never_seen(const struct tally *t, const struct answer *a,
			       size_t n)
{
	unsigned int missing = 0;
	size_t i;

	for (i = 0; i < n; i++)
		missing += !t->seen[a[i].op][a[i].idx];
	return missing;
}

/* Each answer the kernel can give was reached at least once. */
static void check_reached(const struct tally *t, const char *tag, bool sys)
{
	static const struct answer ioctls[] = {
		{ KF_OP_VALIDATE, 0 }, { KF_OP_VALIDATE, 1 },
		{ KF_OP_VALIDATE, 2 }, { KF_OP_VALIDATE, 3 },
		{ KF_OP_BATCH, 0 }, { KF_OP_BATCH, 1 }, { KF_OP_BATCH, 2 },
		{ KF_OP_BATCH, 3 }, { KF_OP_INFO, 0 }, { KF_OP_INFO, 1 },
		{ KF_OP_INFO, 2 }, { KF_OP_INFO, 3 }, { KF_OP_OTHER_CMD, 4 },
	};
	static const struct answer syscalls[] = {
		{ KF_OP_SYSCALL, 0 }, { KF_OP_SYSCALL, 1 }, { KF_OP_SYSCALL, 2 },
		{ KF_OP_SYSCALL, 3 }, { KF_OP_PROBE, 0 }, { KF_OP_PROBE, 1 },
	};
	unsigned int missing;
	char name[64];

	missing = never_seen(t, ioctls, sizeof(ioctls) / sizeof(ioctls[0]));
	if (sys)
		missing += never_seen(t, syscalls, sizeof(syscalls) / sizeof(syscalls[0]));
	snprintf(name, sizeof(name), "kfuzz-%s-every-answer-reached", tag);
	kt_check(!missing, name, "%u (operation, errno) pairs never came up",
		 missing);
}

/* Calls @from to @to - 1, in an arena of this process's own. */
static void run_range(struct run *run, uint64_t from, uint64_t to)
{
	struct kf_arena arena;
	struct kf_call c;
	uint64_t i;

	run->want = calloc(KF_MAX_REQS, sizeof(*run->want));
	run->want_absent = calloc(KF_MAX_REQS, sizeof(*run->want_absent));
	c.reqs = calloc(KF_MAX_REQS, sizeof(*c.reqs));
	if (!run->want || !run->want_absent || !c.reqs)
		kt_die("out of memory");
	kf_arena_init(&arena, ARENA_SIZE, run->seed ^ from ^ 0x5eed);
	if (run->flap)
		kf_arena_start_flapper(&arena);
	for (i = from; i < to; i++)
		one_call(run, &arena, &c, i);
	if (run->flap)
		kf_arena_stop_flapper(&arena);
	run->t.flaps = atomic_load(&arena.flaps);
	free(c.reqs);
	free(run->want);
	free(run->want_absent);
}

static void add_tally(struct tally *sum, const struct tally *t)
{
	unsigned int op, i;

	sum->calls += t->calls;
	sum->mismatches += t->mismatches;
	sum->tolerated += t->tolerated;
	sum->requests += t->requests;
	sum->flaps += t->flaps;
	sum->in_kernel += t->in_kernel;
	for (op = 0; op < KF_OP_COUNT; op++)
		for (i = 0; i <= NSEEN; i++)
			sum->seen[op][i] += t->seen[op][i];
}

/*
 * Splits the calls over @jobs processes, one a CPU: call I is the same
 * whichever process makes it. Returns the number of jobs that died.
 */
static unsigned int run_jobs(struct run *run, uint64_t start, uint64_t calls,
			     unsigned int jobs)
{
	struct tally sum, t;
	unsigned int j, lost = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		kt_die("pipe: %s", strerror(errno));
	fflush(stdout);
	for (j = 0; j < jobs; j++) {
		pid = fork();
		if (pid < 0)
			kt_die("fork: %s", strerror(errno));
		if (pid)
			continue;
		close(fds[0]);
		run_range(run, start + calls * j / jobs,
			  start + calls * (j + 1) / jobs);
		if (write(fds[1], &run->t, sizeof(run->t)) != sizeof(run->t))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	memset(&sum, 0, sizeof(sum));
	while (read(fds[0], &t, sizeof(t)) == sizeof(t))
		add_tally(&sum, &t);
	close(fds[0]);
	for (j = 0; j < jobs; j++) {
		if (wait(&status) < 0)
			kt_die("wait: %s", strerror(errno));
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			kt_note("a fuzzing process ended with status %#x", status);
			lost++;
		}
	}
	run->t = sum;
	return lost;
}

int main(int argc, char **argv)
{
	uint64_t calls = 100000, start = 0;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	const char *tag = "ioctl";
	struct kt_limits lim;
	unsigned int lost;
	struct run run;
	double t0, secs;
	char name[64];
	int arg;

	memset(&run, 0, sizeof(run));
	run.seed = (uint64_t)getpid() ^ (uint64_t)(kt_now() * 1e6);
	run.flap = true;
	for (arg = 1; arg < argc; arg++) {
		if (!strcmp(argv[arg], "--no-flap"))
			run.flap = false;
		else if (arg + 1 == argc)
			usage(argv[0]);
		else if (!strcmp(argv[arg], "--calls"))
			calls = number(argv[++arg], argv[0]);
		else if (!strcmp(argv[arg], "--seed"))
			run.seed = number(argv[++arg], argv[0]);
		else if (!strcmp(argv[arg], "--start"))
			start = number(argv[++arg], argv[0]);
		else if (!strcmp(argv[arg], "--jobs"))
			jobs = number(argv[++arg], argv[0]);
		else if (!strcmp(argv[arg], "--tag"))
			tag = argv[++arg];
		else
			usage(argv[0]);
	}
	if (jobs < 1 || (uint64_t)jobs > calls)
		jobs = 1;

	run.fd = open(KT_DEVICE, O_RDWR | O_CLOEXEC);
	if (run.fd < 0)
		kt_die("%s: %s", KT_DEVICE, strerror(errno));
	kt_params(&lim);
	run.lim.max_len = lim.max_len;
	run.lim.max_depth = lim.max_depth;
	run.lim.max_batch = lim.max_batch;
	run.sc_lim.max_len = KF_SYSCALL_MAX_LEN;
	run.sc_lim.max_depth = EXPRCHECK_DEFAULT_MAX_DEPTH;
	run.nr = kt_syscall_nr();
	kt_note("seed %" PRIu64 ", calls %" PRIu64 " from %" PRIu64 " in %ld processes"
		", max_len %" PRIu64 " max_depth %u max_batch %u, system call %s",
		run.seed, calls, start, jobs, lim.max_len, lim.max_depth,
		lim.max_batch, run.nr >= 0 ? "fuzzed too" : "absent (not fuzzed)");
	if (run.nr >= 0)
		kt_note("system call number %ld", run.nr);

	t0 = kt_now();
	lost = run_jobs(&run, start, calls, jobs);
	secs = kt_now() - t0;

	print_seen(&run.t);
	kt_note("%" PRIu64 " calls (%" PRIu64 " requests) in %.1f s, %.0f calls/s, "
		"%.1f s inside them; %" PRIu64 " flaps, %" PRIu64
		" answers explained by a vanished page", run.t.calls,
		run.t.requests, secs, run.t.calls / secs, run.t.in_kernel,
		run.t.flaps, run.t.tolerated);
	kt_note("kfuzz-calls: %" PRIu64, run.t.calls);
	snprintf(name, sizeof(name), "kfuzz-%s-all-calls-made", tag);
	kt_check(!lost && run.t.calls == calls, name,
		 "%" PRIu64 " of %" PRIu64 " calls made, %u processes lost",
		 run.t.calls, calls, lost);
	snprintf(name, sizeof(name), "kfuzz-%s-answers-match-model", tag);
	kt_check(!run.t.mismatches, name,
		 "%" PRIu64 " of %" PRIu64 " calls answered otherwise (seed %" PRIu64 ")",
		 run.t.mismatches, run.t.calls, run.seed);
	/* A replay of a few calls cannot be expected to reach every answer. */
	if (calls >= MIN_CALLS_FOR_COVERAGE)
		check_reached(&run.t, tag, run.nr >= 0);
	close(run.fd);
	return kt_finish();
}
