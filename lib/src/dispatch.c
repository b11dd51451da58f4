// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which backend serves a request. Each backend is probed once per
 * process and the answer kept; `auto` takes the first usable one in the
 * order syscall, ioctl, userspace, and moves on when a kernel backend
 * cannot take this request (too long, too deep, or a flag that kernel
 * does not know, which an older module's INFO leaves out); a forced
 * backend never falls back. `auto` never probes a backend whose probe
 * might get the process killed here.
 */
#include "backend.h"
#include "dispatch.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

struct backend_state {
	pthread_once_t once;
	int err;
	const char *why;
	struct backend_limits limits;
};

static const struct backend_ops *const backend_table[] = {
	[EXPRCHECK_BACKEND_SYSCALL] = &exprcheck_lib_backend_syscall,
	[EXPRCHECK_BACKEND_IOCTL] = &exprcheck_lib_backend_ioctl,
	[EXPRCHECK_BACKEND_USERSPACE] = &exprcheck_lib_backend_userspace,
};

static struct backend_state backend_states[] = {
	[EXPRCHECK_BACKEND_SYSCALL] = { .once = PTHREAD_ONCE_INIT },
	[EXPRCHECK_BACKEND_IOCTL] = { .once = PTHREAD_ONCE_INIT },
	[EXPRCHECK_BACKEND_USERSPACE] = { .once = PTHREAD_ONCE_INIT },
};

static void probe(enum exprcheck_backend id)
{
	struct backend_state *st = &backend_states[id];

	st->err = backend_table[id]->probe(&st->limits, &st->why);
}

static void probe_syscall(void) { probe(EXPRCHECK_BACKEND_SYSCALL); }
static void probe_ioctl(void) { probe(EXPRCHECK_BACKEND_IOCTL); }
static void probe_userspace(void) { probe(EXPRCHECK_BACKEND_USERSPACE); }

static void (*const probe_once[])(void) = {
	[EXPRCHECK_BACKEND_SYSCALL] = probe_syscall,
	[EXPRCHECK_BACKEND_IOCTL] = probe_ioctl,
	[EXPRCHECK_BACKEND_USERSPACE] = probe_userspace,
};

static const struct backend_state *state_of(enum exprcheck_backend id)
{
	pthread_once(&backend_states[id].once, probe_once[id]);
	return &backend_states[id];
}

int exprcheck_backend_probe(enum exprcheck_backend backend, const char **why)
{
	const struct backend_state *st;

	if (backend == EXPRCHECK_BACKEND_AUTO)
		backend = EXPRCHECK_BACKEND_USERSPACE;
	if (backend > EXPRCHECK_BACKEND_USERSPACE) {
		if (why)
			*why = "no such backend";
		return -EINVAL;
	}
	st = state_of(backend);
	if (why)
		*why = st->err ? st->why : NULL;
	return st->err;
}

static int fits(const struct backend_state *st, const struct exprcheck_input *in,
		size_t count, uint64_t max_depth)
{
	if (max_depth > st->limits.max_depth)
		return 0;
	for (size_t i = 0; i < count; i++)
		if (in[i].len > st->limits.max_len)
			return 0;
	return 1;
}

/* Errors after which `auto` asks the next backend instead. */
static int worth_another_backend(int err)
{
	return err == -E2BIG || err == -EINVAL || err == -ENOMEM ||
	       err == -ENOSYS || err == -ENOTTY || err == -EPERM ||
	       err == -ENODEV;
}

int exprcheck_lib_backend_limits(enum exprcheck_backend backend,
				 struct backend_limits *limits)
{
	const struct backend_state *st = state_of(backend);

	if (st->err)
		return -ENODEV;
	*limits = st->limits;
	return 0;
}

static int serve_forced(const struct dispatch_request *rq,
			struct exprcheck_verdict *verdicts)
{
	const struct backend_state *st = state_of(rq->backend);

	if (st->err)
		return -ENODEV;
	if (!fits(st, rq->inputs, rq->count, rq->max_depth))
		return -E2BIG;
	return backend_table[rq->backend]->validate(rq->inputs, rq->count,
						    rq->flags, rq->max_depth,
						    verdicts);
}

int exprcheck_lib_dispatch(const struct dispatch_request *rq,
			   struct exprcheck_verdict *verdicts,
			   enum exprcheck_backend *used)
{
	static const enum exprcheck_backend order[] = {
		EXPRCHECK_BACKEND_SYSCALL, EXPRCHECK_BACKEND_IOCTL,
		EXPRCHECK_BACKEND_USERSPACE,
	};
	int err = -ENODEV;

	if (rq->backend != EXPRCHECK_BACKEND_AUTO) {
		*used = rq->backend;
		return serve_forced(rq, verdicts);
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct backend_ops *ops = backend_table[order[i]];
		const struct backend_state *st;

		if (rq->kernel_only && order[i] == EXPRCHECK_BACKEND_USERSPACE)
			return -ENODEV;
		if (ops->probe_may_kill && ops->probe_may_kill())
			continue;
		st = state_of(order[i]);
		if (st->err || !fits(st, rq->inputs, rq->count, rq->max_depth) ||
		    (rq->flags & ~st->limits.flags))
			continue;
		err = ops->validate(rq->inputs, rq->count, rq->flags,
				    rq->max_depth, verdicts);
		*used = order[i];
		if (!worth_another_backend(err))
			return err;
	}
	return err;
}
