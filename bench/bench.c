// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exprcheck benchmark:
 *
 *	exprcheck-bench [--core] [--kernel] [--small-only] [--paths-only]
 *			[--path NAME] [--where TEXT] [--reps N]
 *			[--reps-large N] [--large MIB]
 *
 * --core times the validator core against memchr, a byte loop and page
 * copies and its vector path (the best this CPU has, or --path) against
 * its portable one (no kernel needed), --kernel the module's ioctls and
 * the system call against each other and against the core, and the
 * module's vector path against its integer one; both by default.
 * --small-only keeps the kernel rows to 16 B and 1 MiB of text (for the
 * kernels that are there for the system call), --paths-only the core rows
 * to the paths. Each row is a `# bench|...` line (see bench.h); bench/run
 * makes them one table.
 * There is no pass or fail on speed: the program fails only when a call
 * fails or a verdict is wrong.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [--core] [--kernel] [--small-only] [--paths-only] "
		"[--path NAME] [--where TEXT] [--reps N] [--reps-large N] [--large MIB]\n",
		argv0);
	exit(2);
}

static long nsec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/*
 * The smallest step seen in CLOCK_MONOTONIC. clock_getres() reports the
 * timer tick without high-resolution timers, even when the clock source
 * (an HPET, a TSC) reads finer; what counts is what the readings show.
 */
static long clock_step(void)
{
	long t0, t1, step = -1;
	int i;

	for (i = 0; i < 20; i++) {
		t0 = nsec();
		while ((t1 = nsec()) == t0)
			;
		if (step < 0 || t1 - t0 < step)
			step = t1 - t0;
	}
	return step;
}

static unsigned long number(const char *s, const char *argv0)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (end == s || *end || !v)
		usage(argv0);
	return v;
}

static enum scan_path path_named(const char *name, const char *argv0)
{
	int p;

	for (p = 0; p < SCAN_PATHS; p++)
		if (!strcmp(name, exprcheck_lib_scan_path_name(p))) {
			if (!exprcheck_lib_scan_path_usable(p)) {
				fprintf(stderr, "%s: this CPU has no %s\n", argv0, name);
				exit(2);
			}
			return p;
		}
	usage(argv0);
	return SCAN_PORTABLE;
}

int main(int argc, char **argv)
{
	struct bench_cfg cfg = {
		.where = "here", .reps = 15, .reps_large = 5, .large = 64 * MIB,
		.path = exprcheck_lib_scan_default_path(),
	};
	bool core = false, kernel = false;
	long tick;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--core"))
			core = true;
		else if (!strcmp(argv[i], "--kernel"))
			kernel = true;
		else if (!strcmp(argv[i], "--small-only"))
			cfg.small_only = true;
		else if (!strcmp(argv[i], "--paths-only"))
			cfg.paths_only = true;
		else if (i + 1 == argc)
			usage(argv[0]);
		else if (!strcmp(argv[i], "--where"))
			cfg.where = argv[++i];
		else if (!strcmp(argv[i], "--reps"))
			cfg.reps = number(argv[++i], argv[0]);
		else if (!strcmp(argv[i], "--reps-large"))
			cfg.reps_large = number(argv[++i], argv[0]);
		else if (!strcmp(argv[i], "--large"))
			cfg.large = number(argv[++i], argv[0]) * MIB;
		else if (!strcmp(argv[i], "--path"))
			cfg.path = path_named(argv[++i], argv[0]);
		else
			usage(argv[0]);
	}
	if (!core && !kernel)
		core = kernel = true;
	/* A kernel with no fine clock source times nothing but ticks. */
	tick = clock_step();
	if (tick > 10000) {
		bench_fail("CLOCK_MONOTONIC moves in steps of %ld ns: too coarse to time a call",
			   tick);
		return 1;
	}

	bench_note("bench: medians of %u runs (%u for %zu MiB), on %s; the core's path: %s",
		   cfg.reps, cfg.reps_large, cfg.large / MIB, cfg.where,
		   exprcheck_lib_scan_path_name(exprcheck_lib_scan_default_path()));
	if (kernel)
		bench_kernel_rows(&cfg);
	if (core)
		bench_core_rows(&cfg);
	if (bench_failed())
		return 1;
	puts("ok bench-calls-answered-right");
	return 0;
}
