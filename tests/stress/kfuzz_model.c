// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model: what the kernel must answer to a described call, following
 * the order of its checks (module/device.c, module/exprcheck_serve.c,
 * module/exprcheck_syscall.c and copy_struct_from_user()). It is written
 * from the uAPI's rules, not from the kernel's code paths, except where
 * the order of two errors is the kernel's choice.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kfuzz.h"
#include "reference.h"

#define IOC_BASE(cmd)	((cmd) & ~((unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT))

struct sim {
	const struct kf_arena *a;
	bool present;		/* the flapping view is mapped */
	bool touched;		/* ... and the kernel touched it */
	/* A batch's requests served so far, whose verdicts are in memory. */
	const struct kf_req *served;
	const struct exprcheck_verdict *verdicts;
	uint32_t nserved;
};

/*
 * What the kernel writes for a served request at arena offset @at: the
 * verdict, then zeros up to verdict_size.
 */
static uint8_t written_byte(const struct kf_req *r,
			    const struct exprcheck_verdict *v, uint64_t at)
{
	uint64_t i = at - r->verdict.off;

	return i < sizeof(*v) ? ((const uint8_t *)v)[i] : 0;
}

/*
 * The @n input bytes at @o as the kernel reads them: an input that runs
 * past its object may run over the verdicts of requests the same batch
 * served before it, which the kernel wrote in the meantime. Returns the
 * arena's bytes, or @*copy (malloc'd, for the caller to free) with those
 * verdicts in it.
 */
static const uint8_t *input_bytes(const struct sim *s, const struct kf_obj *o,
				  uint64_t n, uint8_t **copy)
{
	const uint8_t *p = kf_bytes(s->a, o);
	uint64_t at, lo, hi;
	uint32_t j;

	*copy = NULL;
	for (j = 0; j < s->nserved; j++) {
		const struct kf_req *r = &s->served[j];

		if (r->verdict.where == KF_BAD)
			continue;
		lo = r->verdict.off > o->off ? r->verdict.off : o->off;
		hi = r->verdict.off + r->fields.verdict_size;
		if (hi > o->off + n)
			hi = o->off + n;
		if (lo >= hi)
			continue;
		if (!*copy) {
			*copy = malloc(n);
			if (!*copy)
				kt_die("out of memory");
			memcpy(*copy, p, n);
		}
		for (at = lo; at < hi; at++)
			(*copy)[at - o->off] =
				written_byte(r, &s->verdicts[j], at);
	}
	return *copy ? *copy : p;
}

/* Bytes the kernel can read at @o, from its first. */
static uint64_t readable(struct sim *s, const struct kf_obj *o)
{
	switch (o->where) {
	case KF_STABLE:
	case KF_RDONLY:
		return o->room;
	case KF_FLAP:
		s->touched = true;
		return s->present ? o->room : 0;
	default:
		return 0;
	}
}

static uint64_t writable(struct sim *s, const struct kf_obj *o)
{
	return o->where == KF_RDONLY ? 0 : readable(s, o);
}

/* A read or write of @n bytes, which touches nothing when @n is 0. */
static bool can_read(struct sim *s, const struct kf_obj *o, uint64_t n)
{
	return !n || readable(s, o) >= n;
}

static bool can_write(struct sim *s, const struct kf_obj *o, uint64_t n)
{
	return !n || writable(s, o) >= n;
}

/*
 * copy_struct_from_user(): the tail beyond what the kernel knows must be
 * zero (E2BIG) and readable, then the known part is copied.
 */
static int copy_struct(struct sim *s, const struct kf_obj *o, uint32_t span,
		       uint32_t known, bool tail_nonzero)
{
	if (span > known) {
		if (!can_read(s, o, span))
			return EFAULT;
		if (tail_nonzero)
			return E2BIG;
	}
	return can_read(s, o, span < known ? span : known) ? 0 : EFAULT;
}

/* A struct with a leading size field: get_user(), size checks, copy. */
static int read_sized(struct sim *s, const struct kf_obj *o, uint32_t size,
		      uint32_t known, bool tail_nonzero)
{
	if (!can_read(s, o, sizeof(uint32_t)))
		return EFAULT;
	if (size < known)
		return EINVAL;
	if (size > KF_PAGE)
		return E2BIG;
	return copy_struct(s, o, size, known, tail_nonzero);
}

/* exprcheck_serve() for a request already read. */
static int serve(struct sim *s, const struct kf_req *r,
		 const struct kf_limits *lim, struct exprcheck_verdict *v)
{
	const struct exprcheck_req *f = &r->fields;
	uint8_t *copy = NULL;
	uint64_t depth, n;

	if (!reference_flags_valid(f->flags) || f->reserved)
		return EINVAL;
	if (f->verdict_size < sizeof(*v))
		return EINVAL;
	if (f->verdict_size > KF_PAGE || f->len > lim->max_len ||
	    f->max_depth > lim->max_depth)
		return E2BIG;
	depth = f->max_depth ? f->max_depth :
		(lim->max_depth < EXPRCHECK_DEFAULT_MAX_DEPTH ?
		 lim->max_depth : EXPRCHECK_DEFAULT_MAX_DEPTH);

	/* The input is read up to the first page that cannot be read. */
	n = f->len ? readable(s, &r->expr) : 0;
	if (n > f->len)
		n = f->len;
	/*
	 * Where the input stops being readable, the reference is told it goes
	 * on: a verdict it cannot give without the next byte (too_long) is
	 * the kernel's EFAULT, and so is one with no byte at all.
	 */
	if (n < f->len && !n)
		return EFAULT;
	reference_validate(n ? input_bytes(s, &r->expr, n, &copy) : NULL,
			   n < f->len ? n + 1 : n, f->flags, depth,
			   n < f->len ? n : 0, v);
	free(copy);
	if (n < f->len && v->status == EXPRCHECK_TOO_LONG)
		return EFAULT;
	return can_write(s, &r->verdict, f->verdict_size) ? 0 : EFAULT;
}

static int validate(struct sim *s, const struct kf_req *r,
		    const struct kf_limits *lim, struct exprcheck_verdict *v)
{
	int err = read_sized(s, &r->at, r->fields.size, sizeof(r->fields),
			     r->tail_nonzero);

	return err ? err : serve(s, r, lim, v);
}

static int info(struct sim *s, const struct kf_call *c)
{
	uint32_t size = c->arg_size, known = sizeof(struct exprcheck_info);

	if (!can_read(s, &c->arg, sizeof(uint32_t)))
		return EFAULT;
	if (size < known)
		return EINVAL;
	if (size > KF_PAGE)
		return E2BIG;
	return can_write(s, &c->arg, size) ? 0 : EFAULT;
}

static int batch_req(struct sim *s, const struct kf_call *c, uint32_t i,
		     const struct kf_limits *lim, struct exprcheck_verdict *v)
{
	const struct kf_req *r = &c->reqs[i];
	int err;

	if (i >= c->nreqs)
		/* Not described: the array ran past what could be placed. */
		return EFAULT;
	err = copy_struct(s, &r->at, c->batch.req_size, sizeof(r->fields),
			  r->tail_nonzero);
	if (err)
		return err;
	if (r->fields.size != c->batch.req_size)
		return EINVAL;
	return serve(s, r, lim, v);
}

static void batch(struct sim *s, const struct kf_call *c,
		  const struct kf_limits *lim, struct kf_outcome *out,
		  struct exprcheck_verdict *v)
{
	const struct exprcheck_batch *b = &c->batch;
	struct kf_obj done = kf_obj_at(&c->arg, KF_BATCH_DONE_OFFSET);
	uint32_t i;
	int err;

	err = read_sized(s, &c->arg, c->arg_size, sizeof(*b),
			 c->arg_tail_nonzero);
	if (!err && (b->reserved || b->req_size < sizeof(struct exprcheck_req)))
		err = EINVAL;
	if (!err && (b->req_size > KF_PAGE || b->count > lim->max_batch))
		err = E2BIG;
	if (err) {
		out->err = err;
		return;
	}
	s->served = c->reqs;
	s->verdicts = v;
	for (i = 0; i < b->count; i++) {
		s->nserved = i;
		err = batch_req(s, c, i, lim, &v[i < KF_MAX_REQS ? i : 0]);
		if (err)
			break;
	}
	out->served = i;
	out->err = err;
	if (can_write(s, &done, sizeof(uint32_t)))
		out->done = i;
	else
		out->err = EFAULT;
}

static void syscall_model(struct sim *s, const struct kf_call *c,
			  const struct kf_limits *sc_lim, struct kf_outcome *out,
			  struct exprcheck_verdict *v)
{
	if (c->sc_flags & ~EXPRCHECK_SYSCALL_PROBE) {
		out->err = EINVAL;
	} else if (c->sc_flags & EXPRCHECK_SYSCALL_PROBE) {
		if (c->arg.addr)
			out->err = EINVAL;
		else
			out->ret = EXPRCHECK_PROBE_MAGIC | EXPRCHECK_UAPI_VERSION;
	} else {
		out->err = validate(s, &c->reqs[0], sc_lim, v);
		out->served = !out->err;
	}
}

void kf_model(const struct kf_arena *a, const struct kf_call *c,
	      const struct kf_limits *lim, const struct kf_limits *sc_lim,
	      bool present, struct kf_outcome *out,
	      struct exprcheck_verdict *verdicts)
{
	struct sim s = { .a = a, .present = present };
	unsigned long base = IOC_BASE(c->cmd);

	memset(out, 0, sizeof(*out));
	out->done = KF_NO_DONE;
	switch (c->op) {
	case KF_OP_SYSCALL:
	case KF_OP_PROBE:
		syscall_model(&s, c, sc_lim, out, verdicts);
		break;
	default:
		if (base == IOC_BASE(EXPRCHECK_IOC_INFO)) {
			out->err = info(&s, c);
		} else if (base == IOC_BASE(EXPRCHECK_IOC_VALIDATE)) {
			out->err = validate(&s, &c->reqs[0], lim, verdicts);
			out->served = !out->err;
		} else if (base == IOC_BASE(EXPRCHECK_IOC_VALIDATE_BATCH)) {
			batch(&s, c, lim, out, verdicts);
		} else {
			out->err = ENOTTY;
		}
	}
	out->flap_touched = s.touched;
}
