/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel fuzzer: random ioctls on /dev/exprcheck and random exprcheck()
 * system calls, each checked against a model of what the kernel must
 * answer. Every call is first described (a plan: which command, what each
 * struct holds, where each object lives), then the model works out the
 * outcome from the plan, then the call is made and the two compared.
 */
#ifndef EXPRCHECK_KFUZZ_H
#define EXPRCHECK_KFUZZ_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ktest.h"

/* The page size of x86_64, which the kernel's limits on struct sizes use. */
#define KF_PAGE		4096U

/* Where an object the kernel reads or writes lives. */
enum kf_where {
	KF_STABLE,	/* the arena, read-write */
	KF_RDONLY,	/* the arena through a read-only view */
	KF_FLAP,	/* the arena through a view another thread maps and unmaps */
	KF_BAD,		/* nothing the caller may touch: NULL, kernel, hole, ... */
};

struct kf_obj {
	uint64_t addr;		/* what the kernel is handed */
	enum kf_where where;
	size_t off;		/* offset in the arena (not for KF_BAD) */
	uint64_t room;		/* bytes from addr to the arena's end, 0 for KF_BAD */
};

/*
 * One memfd seen through three views, each followed by an inaccessible
 * guard page: a stable read-write view (where the fuzzer writes and reads
 * everything), a read-only view and a view that a second thread keeps
 * replacing with an inaccessible mapping and back, so that pages vanish
 * in the middle of a call. Objects are allocated afresh for each call.
 */
struct kf_arena {
	int fd;
	size_t size;
	uint8_t *rw;
	uint8_t *ro;
	uint8_t *flap;
	size_t next;		/* allocation from the front */
	bool edge_used;		/* the object that ends at the guard page */
	size_t edge_off;	/* ... and where it starts */
	uint64_t bad[24];
	unsigned int nbad;
	pthread_t flapper;
	atomic_bool stop;
	atomic_ulong flaps;
	uint64_t flap_seed;
};

void kf_arena_init(struct kf_arena *a, size_t size, uint64_t seed);
void kf_arena_start_flapper(struct kf_arena *a);
void kf_arena_stop_flapper(struct kf_arena *a);
void kf_arena_reset(struct kf_arena *a);
/* @n bytes in view @where (not KF_BAD), at a random misalignment when @odd. */
bool kf_place(struct kf_arena *a, enum kf_where where, size_t n, bool odd,
	      uint64_t *rng, struct kf_obj *o);
/* An object of which only the first @room bytes lie before the guard page. */
bool kf_place_edge(struct kf_arena *a, size_t room, struct kf_obj *o);
void kf_place_bad(struct kf_arena *a, uint64_t *rng, struct kf_obj *o);
/* The same object @delta bytes further on (a request inside an array). */
struct kf_obj kf_obj_at(const struct kf_obj *o, uint64_t delta);
/* The object's bytes in the stable view (o->room of them at most). */
uint8_t *kf_bytes(const struct kf_arena *a, const struct kf_obj *o);

/* Module limits, as INFO and sysfs report them. */
struct kf_limits {
	uint64_t max_len;
	uint32_t max_depth;
	uint32_t max_batch;
};

enum kf_op {
	KF_OP_VALIDATE,
	KF_OP_BATCH,
	KF_OP_INFO,
	KF_OP_OTHER_CMD,	/* an ioctl command the module does not serve */
	KF_OP_SYSCALL,
	KF_OP_PROBE,
	KF_OP_COUNT,
};

/* One request: the struct, its expression and its verdict. */
struct kf_req {
	struct kf_obj at;
	struct exprcheck_req fields;	/* the first 48 bytes at @at */
	uint32_t span;			/* bytes at @at that the kernel reads */
	bool tail_nonzero;		/* a non-zero byte after the 48 */
	struct kf_obj expr;
	struct kf_obj verdict;
};

struct kf_call {
	enum kf_op op;
	unsigned long cmd;		/* ioctls */
	unsigned int sc_flags;		/* the system call's flags argument */
	struct kf_obj arg;		/* the ioctl's or system call's pointer */
	uint32_t arg_size;		/* INFO and BATCH: the size field */
	bool arg_tail_nonzero;
	struct exprcheck_batch batch;	/* BATCH: the first 32 bytes at @arg */
	uint32_t nreqs;			/* requests described in @reqs */
	struct kf_req *reqs;		/* one for VALIDATE and SYSCALL */
};

/* The largest batch the fuzzer describes, whatever max_batch says. */
#define KF_MAX_REQS	1025

/* Describes call number @index of the run seeded with @seed. */
void kf_generate(struct kf_arena *a, const struct kf_limits *lim,
		 bool have_syscall, uint64_t seed, uint64_t index,
		 struct kf_call *c);

/* What the model says the call must answer. */
struct kf_outcome {
	int err;		/* 0 or the errno value */
	long ret;		/* the return value on success */
	bool flap_touched;	/* the kernel touched the flapping view */
	uint32_t done;		/* BATCH: value written to done, or KF_NO_DONE */
	uint32_t served;	/* requests whose verdicts were written */
};

#define KF_NO_DONE	UINT32_MAX
/* What the fuzzer writes into done and unwritten verdicts before a call. */
#define KF_DONE_POISON	0xdeadbeefU
#define KF_VERDICT_POISON 0xa5

/*
 * The outcome of @c with the flapping view mapped (@present) or not, the
 * verdicts of the served requests in @verdicts.
 */
void kf_model(const struct kf_arena *a, const struct kf_call *c,
	      const struct kf_limits *lim, const struct kf_limits *sc_lim,
	      bool present, struct kf_outcome *out,
	      struct exprcheck_verdict *verdicts);

/* Limits of the system call, which has no module parameters. */
#define KF_SYSCALL_MAX_LEN	(256ULL << 20)

/* Fixed offsets the model needs. */
#define KF_BATCH_DONE_OFFSET	20

#endif /* EXPRCHECK_KFUZZ_H */
