// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every CPU calls at once while the module comes and goes:
 *
 *	exprcheck-stress [--seconds T] [--seed S]
 *
 * Two workers a CPU, each pinned, open /dev/exprcheck, send large and
 * deep inputs (a megabyte of text, nesting to the depth limit, one level
 * past it, dense random brackets, batches) and close it again; another
 * thread unloads and reloads the module all the while, as rmmod and insmod
 * do, and a last one calls exprcheck() when the kernel has it. An open
 * descriptor pins the module, so every call on it must be answered right;
 * opening may fail only because the module is gone (ENOENT, ENODEV,
 * ENXIO) and unloading only because it is in use or already going
 * (EAGAIN, EBUSY). The kernel's reports are the runner's to catch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "reference.h"
#include "stress_lib.h"

#define SPARSE_LEN	(1U << 20)
#define DENSE_LEN	(64U << 10)
#define BATCH		64
#define BATCH_MAX_LEN	512

struct input {
	const char *name;
	uint8_t *buf;
	size_t len;
	uint32_t max_depth;
	struct exprcheck_verdict want;
};

enum { IN_SPARSE, IN_DEEP, IN_TOO_DEEP, IN_DENSE, IN_SMALL, NINPUTS = IN_SMALL + BATCH };

static struct input inputs[NINPUTS];
static double deadline;
static long nr = -1;

/* Errno values counted by name; anything else is a failure. */
static const int open_ok_errnos[] = { ENOENT, ENODEV, ENXIO };
static const int unload_ok_errnos[] = { EAGAIN, EBUSY };

static atomic_ulong calls, batches, sys_calls, wrong, call_errors;
static atomic_ulong opens, open_refused[3], open_bad;
static atomic_ulong unloads, loads, unload_refused[2], module_bad;
static atomic_int open_bad_errno, module_bad_errno;
/*
 * Raised after a run of refused unloads: workers open nothing new until
 * the module has gone once (those already past the check still race the
 * unload), so that a slow kernel, where calls outlast the gaps between
 * them, sees the module go too.
 */
#define REFUSED_IN_A_ROW	50
static atomic_bool hold_opens;

struct worker {
	uint64_t seed;
};

static void prepare(uint32_t max_depth)
{
	static const char *const names[] = { "sparse", "deep", "too-deep", "dense" };
	uint32_t depth = max_depth < EXPRCHECK_DEFAULT_MAX_DEPTH ?
			 max_depth : EXPRCHECK_DEFAULT_MAX_DEPTH;
	uint64_t seed = 42;
	unsigned int i;

	inputs[IN_SPARSE].len = SPARSE_LEN;
	inputs[IN_DEEP].len = 2 * (size_t)depth;
	inputs[IN_TOO_DEEP].len = depth + 1;
	inputs[IN_DENSE].len = DENSE_LEN;
	for (i = 0; i < NINPUTS; i++) {
		struct input *in = &inputs[i];

		if (i >= IN_SMALL)
			in->len = kt_rand(&seed) % BATCH_MAX_LEN;
		in->name = i < IN_SMALL ? names[i] : "batch";
		in->buf = malloc(in->len + 1);
		if (!in->buf)
			kt_die("out of memory");
	}
	st_sparse(inputs[IN_SPARSE].buf, SPARSE_LEN, &seed);
	st_deep(inputs[IN_DEEP].buf, depth);
	memset(inputs[IN_TOO_DEEP].buf, '[', depth + 1);
	kt_random_input(inputs[IN_DENSE].buf, DENSE_LEN, &seed);
	for (i = IN_SMALL; i < NINPUTS; i++)
		kt_random_input(inputs[i].buf, inputs[i].len, &seed);
	for (i = 0; i < NINPUTS; i++) {
		inputs[i].max_depth = depth;
		reference_validate(inputs[i].buf, inputs[i].len, 0, depth, 0,
				   &inputs[i].want);
	}
	kt_note("inputs: sparse %u bytes, deep %u levels, too deep %u, dense %u bytes, "
		"batches of %u", SPARSE_LEN, depth, depth + 1, DENSE_LEN, BATCH);
}

static bool verdict_right(const struct input *in, const struct exprcheck_verdict *v)
{
	char why[512];

	if (kt_verdict_same(v, &in->want, why, sizeof(why)))
		return true;
	if (atomic_fetch_add(&wrong, 1) < 3)
		kt_note("%s: %s", in->name, why);
	return false;
}

static void call_error(const char *what, int err)
{
	if (atomic_fetch_add(&call_errors, 1) < 3)
		kt_note("%s failed: %s", what, strerror(err));
}

static void validate(int fd, const struct input *in)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	int err;

	kt_req_init(&req, in->buf, in->len, &v);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE, &req);
	atomic_fetch_add(&calls, 1);
	if (err)
		call_error(in->name, err);
	else
		verdict_right(in, &v);
}

static void batch(int fd)
{
	struct exprcheck_verdict v[BATCH];
	struct exprcheck_req reqs[BATCH];
	struct exprcheck_batch b;
	unsigned int i;
	int err;

	for (i = 0; i < BATCH; i++)
		kt_req_init(&reqs[i], inputs[IN_SMALL + i].buf,
			    inputs[IN_SMALL + i].len, &v[i]);
	memset(&b, 0, sizeof(b));
	b.size = sizeof(b);
	b.count = BATCH;
	b.reqs = kt_ptr(reqs);
	b.req_size = sizeof(reqs[0]);
	err = kt_ioctl(fd, EXPRCHECK_IOC_VALIDATE_BATCH, &b);
	atomic_fetch_add(&batches, 1);
	if (err || b.done != BATCH) {
		call_error("batch", err ? err : EIO);
		return;
	}
	for (i = 0; i < BATCH; i++)
		verdict_right(&inputs[IN_SMALL + i], &v[i]);
}

static void count_errno(int err, const int *known, atomic_ulong *counts,
			size_t n, atomic_ulong *bad, atomic_int *last_bad)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (err == known[i]) {
			atomic_fetch_add(&counts[i], 1);
			return;
		}
	}
	atomic_fetch_add(bad, 1);
	atomic_store(last_bad, err);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int k, n;
	int fd;

	while (kt_now() < deadline) {
		if (atomic_load(&hold_opens)) {
			usleep(100);
			continue;
		}
		fd = open(KT_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			count_errno(errno, open_ok_errnos, open_refused, 3, &open_bad,
				    &open_bad_errno);
			usleep(100 + kt_rand(&w->seed) % 400);
			continue;
		}
		atomic_fetch_add(&opens, 1);
		n = kt_rand(&w->seed) % 4 ? 1 : 2 + kt_rand(&w->seed) % 3;
		for (k = 0; k < n; k++) {
			unsigned int pick = kt_rand(&w->seed) % (IN_SMALL + 1);

			if (pick == IN_SMALL)
				batch(fd);
			else
				validate(fd, &inputs[pick]);
		}
		close(fd);
		/*
		 * Gaps with no descriptor open, about as long as a call, let
		 * the module go now and then while the others keep calling.
		 */
		usleep(kt_rand(&w->seed) % 20000);
	}
	return NULL;
}

static void *cycle_module(void *arg)
{
	uint64_t seed = *(uint64_t *)arg;
	unsigned int refused = 0;
	int err;

	while (kt_now() < deadline) {
		err = st_unload();
		if (err) {
			count_errno(err, unload_ok_errnos, unload_refused, 2,
				    &module_bad, &module_bad_errno);
			if (++refused == REFUSED_IN_A_ROW)
				atomic_store(&hold_opens, true);
		} else {
			refused = 0;
			atomic_store(&hold_opens, false);
			atomic_fetch_add(&unloads, 1);
			usleep(kt_rand(&seed) % 2000);
			err = st_load("");
			if (err)
				count_errno(err, NULL, NULL, 0, &module_bad,
					    &module_bad_errno);
			else
				atomic_fetch_add(&loads, 1);
		}
		usleep(kt_rand(&seed) % 1000);
	}
	return NULL;
}

/* The system call does not depend on the module, but shares its core. */
static void *call_syscall(void *arg)
{
	struct exprcheck_verdict v;
	struct exprcheck_req req;
	uint64_t seed = *(uint64_t *)arg;
	const struct input *in;

	while (kt_now() < deadline) {
		in = &inputs[kt_rand(&seed) % NINPUTS];
		/* Its depth limit is the default, whatever the module's says. */
		if (in->max_depth != EXPRCHECK_DEFAULT_MAX_DEPTH)
			continue;
		kt_req_init(&req, in->buf, in->len, &v);
		atomic_fetch_add(&sys_calls, 1);
		if (syscall(nr, &req, 0))
			call_error("exprcheck()", errno);
		else
			verdict_right(in, &v);
	}
	return NULL;
}

static void *side_threads(void *arg)
{
	uint64_t seed = *(uint64_t *)arg;
	pthread_t module, sys;

	if (pthread_create(&module, NULL, cycle_module, &seed))
		kt_die("pthread_create failed");
	if (nr >= 0 && pthread_create(&sys, NULL, call_syscall, &seed))
		kt_die("pthread_create failed");
	pthread_join(module, NULL);
	if (nr >= 0)
		pthread_join(sys, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int seconds = 20, nworkers, i;
	uint64_t seed = (uint64_t)getpid() ^ (uint64_t)(kt_now() * 1e6);
	struct kt_limits lim;
	struct worker *w;
	pthread_t side;
	int arg, err;

	for (arg = 1; arg + 1 < argc; arg += 2) {
		if (!strcmp(argv[arg], "--seconds"))
			seconds = strtoul(argv[arg + 1], NULL, 0);
		else if (!strcmp(argv[arg], "--seed"))
			seed = strtoull(argv[arg + 1], NULL, 0);
		else
			break;
	}
	if (arg != argc) {
		fprintf(stderr, "usage: %s [--seconds T] [--seed S]\n", argv[0]);
		return 2;
	}
	if (!st_loaded())
		kt_die("the module is not loaded");
	kt_params(&lim);
	prepare(lim.max_depth);
	nr = kt_syscall_nr();
	nworkers = 2 * (ncpu > 0 ? ncpu : 1);
	w = calloc(nworkers, sizeof(*w));
	if (!w)
		kt_die("out of memory");
	for (i = 0; i < nworkers; i++)
		w[i].seed = seed + i + 1;
	kt_note("%u workers on %ld CPUs for %u s, module cycling, system call %s, seed %" PRIu64,
		nworkers, ncpu, seconds, nr >= 0 ? "too" : "absent", seed);

	deadline = kt_now() + seconds;
	if (pthread_create(&side, NULL, side_threads, &seed))
		kt_die("pthread_create failed");
	st_run_threads(nworkers, work, w, sizeof(*w));
	pthread_join(side, NULL);
	err = st_loaded() ? 0 : st_load("");

	kt_note("%lu ioctls, %lu batches of %u, %lu system calls; %lu opens, refused "
		"%lu ENOENT %lu ENODEV %lu ENXIO", atomic_load(&calls),
		atomic_load(&batches), BATCH, atomic_load(&sys_calls),
		atomic_load(&opens), atomic_load(&open_refused[0]),
		atomic_load(&open_refused[1]), atomic_load(&open_refused[2]));
	kt_note("module unloaded %lu and loaded %lu times; unloading refused %lu EAGAIN %lu EBUSY",
		atomic_load(&unloads), atomic_load(&loads),
		atomic_load(&unload_refused[0]), atomic_load(&unload_refused[1]));

	kt_check(!atomic_load(&wrong), "stress-verdicts-right",
		 "%lu verdicts differ from the reference", atomic_load(&wrong));
	kt_check(!atomic_load(&call_errors), "stress-calls-on-open-descriptor-answered",
		 "%lu calls failed on an open descriptor", atomic_load(&call_errors));
	kt_check(!atomic_load(&open_bad), "stress-open-refused-cleanly",
		 "%lu opens failed otherwise (last: %s)", atomic_load(&open_bad),
		 strerror(atomic_load(&open_bad_errno)));
	kt_check(!atomic_load(&module_bad), "stress-unload-refused-cleanly",
		 "%lu unloads or loads failed otherwise (last: %s)",
		 atomic_load(&module_bad), strerror(atomic_load(&module_bad_errno)));
	kt_check(atomic_load(&unloads) > 0 && atomic_load(&unload_refused[0]) +
		 atomic_load(&unload_refused[1]) > 0, "stress-module-came-and-went",
		 "unloaded %lu times, refused %lu times: the race was not run",
		 atomic_load(&unloads), atomic_load(&unload_refused[0]) +
		 atomic_load(&unload_refused[1]));
	kt_check(atomic_load(&calls) > 0, "stress-calls-made", "no call was made");
	if (nr >= 0)
		kt_check(atomic_load(&sys_calls) > 0, "stress-system-calls-made",
			 "the system call was never made (module max_depth %u)",
			 lim.max_depth);
	kt_errno("stress-module-loaded-at-end", err, 0);
	free(w);
	return kt_finish();
}
