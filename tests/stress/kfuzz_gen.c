// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Describing random calls: commands, struct sizes, flags, reserved fields,
 * lengths, depths, batch shapes, and where each object lives. Mostly
 * well-formed calls with one thing wrong, so that every check in the
 * kernel is reached, not only the first.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/ioctl.h>

#include "kfuzz.h"


/* Percent chance. */
static bool chance(uint64_t *rng, unsigned int pct)
{
	return kt_rand(rng) % 100 < pct;
}

static uint64_t below(uint64_t *rng, uint64_t n)
{
	return n ? kt_rand(rng) % n : 0;
}

static uint64_t pick(uint64_t *rng, const uint64_t *v, size_t n)
{
	return v[below(rng, n)];
}

#define PICK(rng, ...) ({						\
	const uint64_t v_[] = { __VA_ARGS__ };				\
	pick(rng, v_, sizeof(v_) / sizeof(v_[0]));			\
})

/* Where an object goes: mostly the stable view. */
static enum kf_where where_for(uint64_t *rng, unsigned int odd_places)
{
	uint64_t r = below(rng, 100);

	if (r < 100 - 3 * odd_places)
		return KF_STABLE;
	if (r < 100 - 2 * odd_places)
		return KF_RDONLY;
	if (r < 100 - odd_places)
		return KF_FLAP;
	return KF_BAD;
}

/*
 * Places an @n-byte object: in a view, at the edge (only its first bytes
 * before the guard page), or at an address the caller cannot touch.
 * Falls back to a bad address when the arena is full.
 */
static void place(struct kf_arena *a, uint64_t *rng, size_t n,
		  unsigned int odd_places, struct kf_obj *o)
{
	enum kf_where where = where_for(rng, odd_places);

	if (where == KF_STABLE && chance(rng, odd_places)) {
		size_t room = below(rng, 3) ? below(rng, n + 1) : n;

		if (room && kf_place_edge(a, room, o))
			return;
	}
	if (where == KF_BAD || !kf_place(a, where, n, chance(rng, 30), rng, o))
		kf_place_bad(a, rng, o);
}

/* Text with a bracket pair now and then. */
static void gen_sparse(uint8_t *p, size_t n, uint64_t *rng)
{
	static const char words[] = "lorem ipsum dolor sit amet, consectetur; ";
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = words[below(rng, sizeof(words) - 1)];
	for (i = 0; i + 1 < n; i += 1 + below(rng, 64)) {
		p[i] = "([{"[below(rng, 3)];
		p[i + 1 + below(rng, n - i - 1)] = ")]}"[below(rng, 3)];
	}
}

/*
 * @open openers then @close closers: deep nesting, and left-open inputs
 * whose innermost opener has scrolled out of the core's window of recent
 * offsets, so the kernel reads the input a second time.
 */
static void gen_nest(uint8_t *p, size_t n, size_t open, uint64_t *rng)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = i < open ? '(' : ')';
	if (n && chance(rng, 20))
		p[below(rng, n)] = "([{)]}x"[below(rng, 7)];
}

static size_t gen_len(uint64_t *rng, const struct kf_limits *lim)
{
	uint64_t r = below(rng, 1000);

	if (r < 600)
		return below(rng, 300);
	if (r < 940)
		return 300 + below(rng, KF_PAGE - 300);
	if (r < 990)
		return KF_PAGE + below(rng, 60 * 1024);
	if (r < 998)
		return 64 * 1024 + below(rng, 192 * 1024);
	/* Deep enough to reach the depth limit. */
	return lim->max_depth < 512 * 1024 ? lim->max_depth + 1 + below(rng, 2) :
	       512 * 1024;
}

/*
 * An infix expression (EXPRCHECK_F_INFIX), well formed but where it is cut
 * or a byte is changed, nested at most 64 deep: the model's reference
 * parses it by recursion, a few stack frames a level.
 */
static void gen_infix(uint8_t *p, size_t n, uint64_t *rng)
{
	static const char *const operands[] = {
		"a", "x_1", "42", "0x1F", "2.5e-3", "-b", "!c", "f()", "m[i]",
	};
	static const char *const binaries[] = {
		" + ", "*", " <= ", " && ", "||", " != ", "%", ", ", "^",
	};
	static const char openers[] = "([{", closers[] = ")]}";
	char closer[64];
	size_t i = 0, depth = 0, k;
	const char *t;

	while (i < n) {
		if (depth < sizeof(closer) && chance(rng, 30)) {
			k = below(rng, 3);
			closer[depth++] = closers[k];
			p[i++] = openers[k];
			continue;
		}
		for (t = operands[below(rng, 9)]; *t && i < n; t++)
			p[i++] = *t;
		while (depth && i < n && chance(rng, 30))
			p[i++] = closer[--depth];
		for (t = binaries[below(rng, 9)]; *t && i < n; t++)
			p[i++] = *t;
	}
	if (n && chance(rng, 20))
		p[below(rng, n)] = "([{)]}x $.="[below(rng, 11)];
}

/*
 * Fills the @len bytes of an expression, as much as lies before the
 * guard, for a request with @flags.
 */
static void gen_content(struct kf_arena *a, const struct kf_obj *o, size_t len,
			uint32_t flags, const struct kf_limits *lim, uint64_t *rng)
{
	size_t n = len < o->room ? len : o->room;
	uint8_t *p;
	uint64_t r;

	if (o->where == KF_BAD || !n)
		return;
	p = kf_bytes(a, o);
	r = below(rng, 100);
	if (r < 80) {
		size_t block = n < KF_PAGE ? n : KF_PAGE, i;

		/*
		 * Long inputs repeat their first page with a few bytes changed:
		 * random bytes cost more to make than the kernel takes to read.
		 */
		if (r < 60)
			kt_random_input(p, block, rng);
		else
			gen_sparse(p, block, rng);
		for (i = block; i < n; i += block)
			memcpy(p + i, p, n - i < block ? n - i : block);
		for (i = n / KF_PAGE; i; i--)
			p[below(rng, n)] = "([{)]}\"'x"[below(rng, 9)];
	} else if (flags & EXPRCHECK_F_INFIX) {
		gen_infix(p, n, rng);
	} else if (r < 90) {
		gen_nest(p, n, n > lim->max_depth ? n : n / 2 + below(rng, n / 2 + 1), rng);
	} else {
		size_t close = 16 + below(rng, 64);

		gen_nest(p, n, n > close ? n - close : n, rng);
	}
}

static uint32_t gen_flags(uint64_t *rng)
{
	if (chance(rng, 90))
		return below(rng, EXPRCHECK_F_ALL + 1);
	return (uint32_t)kt_rand(rng) | (1U << below(rng, 32));
}

static uint32_t gen_depth(uint64_t *rng, uint32_t limit)
{
	uint64_t r = below(rng, 100);

	if (r < 60)
		return 0;
	if (r < 85)
		return 1 + below(rng, 64);
	if (r < 92)
		return limit - below(rng, 2);
	return (uint32_t)PICK(rng, limit + 1ULL, UINT32_MAX, 1U << 31,
			      kt_rand(rng));
}

static uint32_t gen_verdict_size(uint64_t *rng)
{
	if (chance(rng, 85))
		return sizeof(struct exprcheck_verdict);
	return (uint32_t)PICK(rng, 0, 1, 31, 33, 40, 64, KF_PAGE, KF_PAGE + 1,
			      UINT32_MAX, kt_rand(rng));
}

/* A struct size field: mostly right, sometimes short, long or absurd. */
static uint32_t gen_size(uint64_t *rng, uint32_t right, bool *tail_nonzero)
{
	*tail_nonzero = false;
	if (chance(rng, 85))
		return right;
	*tail_nonzero = chance(rng, 40);
	return (uint32_t)PICK(rng, 0, 1, 4, right - 8, right - 1, right + 1,
			      right + 8, right + 64, KF_PAGE, KF_PAGE + 1, 65536,
			      UINT32_MAX, kt_rand(rng));
}

/* Room for a struct: its fields, and its tail up to what the kernel reads. */
static size_t struct_room(uint32_t span, size_t head_len)
{
	if (span > 2 * KF_PAGE)
		return 2 * KF_PAGE;
	return span > head_len ? span : head_len;
}

/*
 * Writes @head (the known fields, whatever the size field says) and a
 * tail of zeros up to @span, or with one non-zero byte when asked. The
 * tail check of copy_struct_from_user() reads the whole tail, so a
 * non-zero byte is only planted where the whole struct can be read.
 */
static bool write_struct(struct kf_arena *a, const struct kf_obj *o,
			 const void *head, size_t head_len, size_t span,
			 bool tail_nonzero, uint64_t *rng)
{
	size_t n = span > head_len ? span : head_len;
	uint8_t *p;

	if (n > o->room)
		n = o->room;
	if (o->where == KF_BAD || !n)
		return false;
	p = kf_bytes(a, o);
	memset(p, 0, n);
	memcpy(p, head, n < head_len ? n : head_len);
	if (tail_nonzero && span > head_len && n == span) {
		p[head_len + below(rng, span - head_len)] = 1 + below(rng, 255);
		return true;
	}
	return false;
}

/* @odd: percent of odd choices; @max_len: a cap on the length, or 0. */
static void gen_req(struct kf_arena *a, const struct kf_limits *lim,
		    uint64_t *rng, unsigned int odd, size_t max_len,
		    struct kf_req *r)
{
	struct exprcheck_req *f = &r->fields;
	uint64_t len = max_len ? below(rng, max_len) : gen_len(rng, lim);
	size_t content = len;
	uint8_t *v;

	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	f->flags = chance(rng, 100 - odd) ? below(rng, EXPRCHECK_F_ALL + 1) :
		   gen_flags(rng);
	f->max_depth = gen_depth(rng, lim->max_depth);
	f->verdict_size = chance(rng, 100 - odd) ? sizeof(struct exprcheck_verdict) :
			  gen_verdict_size(rng);
	if (chance(rng, odd / 4 + 1))
		f->reserved = kt_rand(rng) | 1;

	place(a, rng, content, odd, &r->expr);
	if (chance(rng, odd / 2 + 1)) {
		/* A length past what was placed, or past every limit. */
		len = PICK(rng, len + 1, len + KF_PAGE, lim->max_len,
			   lim->max_len + 1, KF_SYSCALL_MAX_LEN + 1, 1ULL << 63,
			   UINT64_MAX, kt_rand(rng));
	}
	if (r->expr.where == KF_BAD && chance(rng, 20))
		len = 0;
	gen_content(a, &r->expr, content, f->flags, lim, rng);
	f->expr = r->expr.addr;
	f->len = len;

	place(a, rng, f->verdict_size > 2 * KF_PAGE ? 2 * KF_PAGE : f->verdict_size,
	      odd, &r->verdict);
	f->verdict = r->verdict.addr;
	if (r->verdict.where != KF_BAD) {
		size_t n = f->verdict_size < 2 * KF_PAGE ? f->verdict_size : 2 * KF_PAGE;

		v = kf_bytes(a, &r->verdict);
		memset(v, KF_VERDICT_POISON, n < r->verdict.room ? n : r->verdict.room);
	}
}

/* A single request: VALIDATE or the system call. */
static void gen_single(struct kf_arena *a, const struct kf_limits *lim,
		       uint64_t *rng, struct kf_call *c)
{
	struct kf_req *r = &c->reqs[0];
	bool tail;

	c->nreqs = 1;
	gen_req(a, lim, rng, 8, 0, r);
	r->fields.size = gen_size(rng, sizeof(r->fields), &tail);
	r->span = r->fields.size;
	place(a, rng, struct_room(r->span, sizeof(r->fields)), 6, &r->at);
	r->tail_nonzero = write_struct(a, &r->at, &r->fields, sizeof(r->fields),
				       r->span > 2 * KF_PAGE ? 2 * KF_PAGE : r->span,
				       tail, rng);
	c->arg = r->at;
}

static uint32_t gen_count(uint64_t *rng, uint32_t max_batch)
{
	uint64_t r = below(rng, 100), any, fits;

	if (r < 60)
		return 1 + below(rng, 8);
	if (r < 88)
		return below(rng, 65);
	if (r < 90)
		/* Full batches are slow under a sanitised kernel: a few do. */
		return max_batch < KF_MAX_REQS - 1 ? max_batch : KF_MAX_REQS - 1;
	/* Drawn one after the other: a call must not depend on the compiler. */
	any = kt_rand(rng);
	fits = below(rng, max_batch + 1ULL);
	return (uint32_t)PICK(rng, 0, max_batch + 1ULL, UINT32_MAX, any, fits);
}

static void gen_batch(struct kf_arena *a, const struct kf_limits *lim,
		      uint64_t *rng, struct kf_call *c)
{
	struct exprcheck_batch *b = &c->batch;
	uint32_t stride, i, n;
	struct kf_obj array;
	bool tail, nonzero;

	memset(b, 0, sizeof(*b));
	b->size = gen_size(rng, sizeof(*b), &tail);
	b->count = gen_count(rng, lim->max_batch);
	stride = chance(rng, 80) ? sizeof(struct exprcheck_req) :
		 (uint32_t)PICK(rng, 0, 40, 47, 49, 56, 64, 128, KF_PAGE,
				KF_PAGE + 1, kt_rand(rng));
	b->req_size = stride;
	b->done = KF_DONE_POISON;
	if (chance(rng, 3))
		b->reserved = kt_rand(rng) | 1;

	/* Describe the requests the kernel may read: those that fit. */
	n = b->count < KF_MAX_REQS ? b->count : 0;
	if (stride < sizeof(struct exprcheck_req) || stride > KF_PAGE)
		n = 0;
	if (n)
		place(a, rng, (size_t)n * stride, n > 8 ? 2 : 6, &array);
	else
		/* Nothing described: the kernel must find nothing there either. */
		kf_place_bad(a, rng, &array);
	if (array.where != KF_BAD && n)
		memset(kf_bytes(a, &array), 0,
		       (size_t)n * stride < array.room ? (size_t)n * stride : array.room);
	b->reqs = array.addr;
	for (i = 0; i < n; i++) {
		struct kf_req *r = &c->reqs[i];

		c->nreqs = i + 1;
		r->at = kf_obj_at(&array, (uint64_t)i * stride);
		gen_req(a, lim, rng, n > 8 ? 1 : 5, n > 8 ? 300 : 0, r);
		r->span = stride;
		if (chance(rng, 2))
			r->fields.size = (uint32_t)PICK(rng, 0, stride - 1,
							stride + 1, sizeof(r->fields));
		else
			r->fields.size = stride;
		nonzero = chance(rng, 2);
		r->tail_nonzero = write_struct(a, &r->at, &r->fields,
					       sizeof(r->fields), stride,
					       nonzero, rng);
		if (r->at.room < stride)
			break;
	}

	place(a, rng, struct_room(b->size, sizeof(*b)), 6, &c->arg);
	c->arg_size = b->size;
	c->arg_tail_nonzero = write_struct(a, &c->arg, b, sizeof(*b),
					   b->size > 2 * KF_PAGE ? 2 * KF_PAGE : b->size,
					   tail, rng);
}

static void gen_info(struct kf_arena *a, uint64_t *rng, struct kf_call *c)
{
	struct exprcheck_info in;
	size_t span;
	bool tail;

	memset(&in, 0, sizeof(in));
	in.size = gen_size(rng, sizeof(in), &tail);
	span = struct_room(in.size, sizeof(in));
	place(a, rng, span, 8, &c->arg);
	c->arg_size = in.size;
	write_struct(a, &c->arg, &in, sizeof(in), span, false, rng);
	/* INFO writes all of it: poison what it must overwrite. */
	if (c->arg.where != KF_BAD && span > sizeof(in.size) &&
	    c->arg.room > sizeof(in.size))
		memset(kf_bytes(a, &c->arg) + sizeof(in.size), KF_VERDICT_POISON,
		       (span < c->arg.room ? span : c->arg.room) - sizeof(in.size));
	c->nreqs = 0;
}

#define IOC_BASE(cmd)	((cmd) & ~((unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* The same command with other size bits, as a caller with newer headers sends. */
static unsigned long resize_cmd(unsigned long cmd, uint64_t *rng)
{
	if (chance(rng, 85))
		return cmd;
	return IOC_BASE(cmd) | (below(rng, _IOC_SIZEMASK + 1) << _IOC_SIZESHIFT);
}

static bool is_ours(unsigned long cmd)
{
	return IOC_BASE(cmd) == IOC_BASE(EXPRCHECK_IOC_INFO) ||
	       IOC_BASE(cmd) == IOC_BASE(EXPRCHECK_IOC_VALIDATE) ||
	       IOC_BASE(cmd) == IOC_BASE(EXPRCHECK_IOC_VALIDATE_BATCH);
}

/*
 * A command the module does not serve: its own type byte with another
 * number or direction, or another type. The VFS answers a few commands
 * itself before the driver sees them (FIOCLEX, FIONBIO, FIFREEZE, ...,
 * types 0x00, 'T', 'X', 'f' and 0x94); those are not ours to test.
 */
static unsigned long gen_other_cmd(uint64_t *rng)
{
	unsigned long cmd, type;

	do {
		cmd = (unsigned long)(uint32_t)kt_rand(rng);
		if (chance(rng, 70))
			cmd = (cmd & ~((unsigned long)_IOC_TYPEMASK << _IOC_TYPESHIFT)) |
			      ((unsigned long)EXPRCHECK_IOC_MAGIC << _IOC_TYPESHIFT);
		if (chance(rng, 50))
			cmd &= ~((unsigned long)_IOC_NRMASK << _IOC_NRSHIFT) |
			       (7UL << _IOC_NRSHIFT);
		type = _IOC_TYPE(cmd);
	} while (is_ours(cmd) || type == 0x00 || type == 'T' || type == 'X' ||
		 type == 'f' || type == 0x94);
	return cmd;
}

void kf_generate(struct kf_arena *a, const struct kf_limits *lim,
		 bool have_syscall, uint64_t seed, uint64_t index,
		 struct kf_call *c)
{
	uint64_t rng = seed ^ (index * 0xd1342543de82ef95ULL);
	uint64_t r;

	kt_rand(&rng);
	kf_arena_reset(a);
	memset(&c->batch, 0, sizeof(c->batch));
	c->cmd = 0;
	c->sc_flags = 0;
	c->arg_size = 0;
	c->arg_tail_nonzero = false;
	c->nreqs = 0;

	r = below(&rng, 100);
	if (!have_syscall && r >= 65)
		r = below(&rng, 65);
	if (r < 35) {
		c->op = KF_OP_VALIDATE;
		gen_single(a, lim, &rng, c);
		c->cmd = resize_cmd(EXPRCHECK_IOC_VALIDATE, &rng);
	} else if (r < 50) {
		c->op = KF_OP_BATCH;
		gen_batch(a, lim, &rng, c);
		c->cmd = resize_cmd(EXPRCHECK_IOC_VALIDATE_BATCH, &rng);
	} else if (r < 56) {
		c->op = KF_OP_INFO;
		gen_info(a, &rng, c);
		c->cmd = resize_cmd(EXPRCHECK_IOC_INFO, &rng);
	} else if (r < 65) {
		c->op = KF_OP_OTHER_CMD;
		gen_single(a, lim, &rng, c);
		c->cmd = gen_other_cmd(&rng);
	} else if (r < 70) {
		c->op = KF_OP_PROBE;
		c->sc_flags = chance(&rng, 80) ? EXPRCHECK_SYSCALL_PROBE :
			      (unsigned int)kt_rand(&rng) | EXPRCHECK_SYSCALL_PROBE;
		if (chance(&rng, 80)) {
			memset(&c->arg, 0, sizeof(c->arg));
			c->arg.where = KF_BAD;
		} else {
			gen_single(a, lim, &rng, c);
		}
	} else {
		c->op = KF_OP_SYSCALL;
		gen_single(a, lim, &rng, c);
		if (chance(&rng, 5))
			c->sc_flags = (unsigned int)kt_rand(&rng) & ~EXPRCHECK_SYSCALL_PROBE;
	}
}
