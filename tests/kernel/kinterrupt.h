/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interrupting a caller in the middle of a long call, for the tests that
 * time how soon it stops, freezes or runs its handler: a SIGALRM timer
 * with a handler that notes when it ran, the state of a stopped process,
 * and the cgroup v2 freezer.
 */
#ifndef EXPRCHECK_KINTERRUPT_H
#define EXPRCHECK_KINTERRUPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * A long input: "()" over and over in @max bytes of address space (one
 * 1 MiB pattern mapped again and again, every byte on the core's slow
 * path), and how much of it one call takes about @seconds to read, timed
 * with @call (which validates @len bytes at @input; false when that
 * fails): a whole number of @unit MiB, at least one, within @max. Sets
 * *@len and *@one_call, what a call of *@len bytes takes; skips the
 * program when @max is below @unit MiB.
 */
uint8_t *ki_long_input(size_t max, size_t unit, double seconds,
		       bool (*call)(const uint8_t *input, size_t len),
		       size_t *len, double *one_call);
/* The module's max_len, up to 256 MiB: @max for ki_long_input(). */
size_t ki_module_input_max(void);

/*
 * SIGALRM in @secs, caught with @flags (SA_RESTART or 0) by a handler that
 * notes when it ran; returns when the signal is due.
 */
double ki_alarm_in(double secs, int flags);
/* When the handler last ran (kt_now()), or 0 if it has not since. */
double ki_handled_at(void);

/* Seconds until @pid is stopped (state T or t), or -1 after @limit. */
double ki_until_stopped(pid_t pid, double limit);

/*
 * A cgroup of its own under the cgroup v2 root: false when there is no
 * cgroup v2 at /sys/fs/cgroup. Processes moved there are frozen and
 * thawed together.
 */
bool ki_freezer_init(void);
void ki_freezer_add(pid_t pid);
void ki_freeze(bool frozen);
/* Seconds until the cgroup reports itself frozen, or -1 after @limit. */
double ki_until_frozen(double limit);
void ki_freezer_exit(void);

#endif /* EXPRCHECK_KINTERRUPT_H */
