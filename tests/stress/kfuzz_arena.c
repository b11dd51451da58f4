// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fuzzer's memory: one memfd behind a stable, a read-only and a
 * flapping view, a guard page after each, and addresses the caller may
 * not touch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kfuzz.h"

/* The last page below TASK_SIZE_MAX on x86_64 (4-level page tables). */
#define USER_TOP	0x7ffffffff000ULL

/* Reserves @size bytes and a guard page, inaccessible. */
static uint8_t *reserve(size_t size)
{
	void *p = mmap(NULL, size + KF_PAGE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		kt_die("mmap %zu bytes: %s", size + KF_PAGE, strerror(errno));
	return p;
}

static void map_view(const struct kf_arena *a, uint8_t *at, int prot)
{
	if (mmap(at, a->size, prot, MAP_SHARED | MAP_FIXED, a->fd, 0) == MAP_FAILED)
		kt_die("mmap view: %s", strerror(errno));
}

static void add_bad(struct kf_arena *a, uint64_t addr)
{
	if (a->nbad < sizeof(a->bad) / sizeof(a->bad[0]))
		a->bad[a->nbad++] = addr;
}

static void add_bad_addresses(struct kf_arena *a)
{
	static const uint64_t fixed[] = {
		0, 1, 0xfff, 0x1000,			/* below mmap_min_addr */
		USER_TOP, USER_TOP + 0x800,		/* at TASK_SIZE_MAX */
		0x0000800000000000ULL,			/* first non-canonical */
		0x8000000000000000ULL, 0xdead000000000000ULL,
		0xffff888000000000ULL,			/* the direct map */
		0xffffffff81000000ULL,			/* kernel text */
		0xffffffffff600000ULL,			/* vsyscall page */
		0xfffffffffffff000ULL, 0xffffffffffffffffULL,
	};
	unsigned int i;
	void *top;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		add_bad(a, fixed[i]);
	/* A hole of our own in the middle of user space. */
	add_bad(a, (uint64_t)(uintptr_t)reserve(KF_PAGE));
	/* Just below TASK_SIZE_MAX, when nothing lives there: copies cross it. */
	top = mmap((void *)(uintptr_t)(USER_TOP - KF_PAGE), KF_PAGE, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (top != MAP_FAILED) {
		add_bad(a, USER_TOP - 8);
		add_bad(a, USER_TOP - 47);
		add_bad(a, USER_TOP - KF_PAGE + 1);
	}
}

void kf_arena_init(struct kf_arena *a, size_t size, uint64_t seed)
{
	memset(a, 0, sizeof(*a));
	a->size = size;
	a->flap_seed = seed;
	a->fd = memfd_create("exprcheck-kfuzz", MFD_CLOEXEC);
	if (a->fd < 0 || ftruncate(a->fd, size))
		kt_die("memfd: %s", strerror(errno));
	a->rw = reserve(size);
	a->ro = reserve(size);
	a->flap = reserve(size);
	map_view(a, a->rw, PROT_READ | PROT_WRITE);
	map_view(a, a->ro, PROT_READ);
	map_view(a, a->flap, PROT_READ | PROT_WRITE);
	add_bad_addresses(a);
}

static void pause_ns(long ns)
{
	struct timespec ts = { .tv_nsec = ns };

	nanosleep(&ts, NULL);
}

/*
 * Replaces the flapping view with an inaccessible mapping and back, or
 * drops its page table entries so the next access faults the pages in
 * again. MAP_FIXED swaps a mapping in one step: the range is never free
 * for another mapping to land in.
 */
static void *flapper(void *arg)
{
	struct kf_arena *a = arg;
	uint64_t rng = a->flap_seed;
	bool mapped = true;

	while (!atomic_load(&a->stop)) {
		uint64_t r = kt_rand(&rng);

		if (mapped && r % 4 == 0) {
			madvise(a->flap, a->size, MADV_DONTNEED);
		} else if (mapped) {
			if (mmap(a->flap, a->size, PROT_NONE, MAP_PRIVATE |
				 MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
				 -1, 0) == MAP_FAILED)
				kt_die("flapper: mmap: %s", strerror(errno));
			mapped = false;
		} else {
			map_view(a, a->flap, PROT_READ | PROT_WRITE);
			mapped = true;
		}
		atomic_fetch_add(&a->flaps, 1);
		pause_ns((long)((r >> 8) % 200000));
	}
	if (!mapped)
		map_view(a, a->flap, PROT_READ | PROT_WRITE);
	return NULL;
}

void kf_arena_start_flapper(struct kf_arena *a)
{
	atomic_store(&a->stop, false);
	if (pthread_create(&a->flapper, NULL, flapper, a))
		kt_die("pthread_create failed");
}

void kf_arena_stop_flapper(struct kf_arena *a)
{
	atomic_store(&a->stop, true);
	pthread_join(a->flapper, NULL);
}

/*
 * Clears what the last call used, so that the arena is all zeros again: a
 * length that runs past an object reads the same bytes whatever calls came
 * before, and a call replays alone.
 */
void kf_arena_reset(struct kf_arena *a)
{
	memset(a->rw, 0, a->next);
	a->next = 0;
	if (a->edge_used)
		memset(a->rw + a->edge_off, 0, a->size - a->edge_off);
	a->edge_used = false;
}

static uint8_t *view(const struct kf_arena *a, enum kf_where where)
{
	switch (where) {
	case KF_RDONLY:
		return a->ro;
	case KF_FLAP:
		return a->flap;
	default:
		return a->rw;
	}
}

/* The front part; the edge object takes the last page or more. */
bool kf_place(struct kf_arena *a, enum kf_where where, size_t n, bool odd,
	      uint64_t *rng, struct kf_obj *o)
{
	size_t skew = odd ? kt_rand(rng) % 8 : 0;
	size_t limit = a->size / 2;
	size_t off = a->next + skew;

	if (n > limit || off > limit - n)
		return false;
	a->next = (off + n + 7) & ~(size_t)7;
	o->where = where;
	o->off = off;
	o->addr = (uint64_t)(uintptr_t)(view(a, where) + off);
	o->room = a->size - off;
	return true;
}

bool kf_place_edge(struct kf_arena *a, size_t room, struct kf_obj *o)
{
	if (a->edge_used || room > a->size / 2)
		return false;
	a->edge_used = true;
	a->edge_off = a->size - room;
	o->where = KF_STABLE;
	o->off = a->edge_off;
	o->addr = (uint64_t)(uintptr_t)(a->rw + o->off);
	o->room = room;
	return true;
}

void kf_place_bad(struct kf_arena *a, uint64_t *rng, struct kf_obj *o)
{
	uint64_t r = kt_rand(rng);

	o->where = KF_BAD;
	o->off = 0;
	o->room = 0;
	o->addr = a->bad[r % a->nbad];
	if ((r >> 32) % 4 == 0)
		o->addr += (r >> 40) % 8;
}

struct kf_obj kf_obj_at(const struct kf_obj *o, uint64_t delta)
{
	struct kf_obj n = *o;

	n.addr += delta;
	if (o->where != KF_BAD) {
		n.off += delta;
		n.room = delta < o->room ? o->room - delta : 0;
	}
	return n;
}

uint8_t *kf_bytes(const struct kf_arena *a, const struct kf_obj *o)
{
	return a->rw + o->off;
}
