// SPDX-License-Identifier: GPL-2.0-or-later
#define _GNU_SOURCE
#include "kinterrupt.h"
#include "ktest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define CGROUP	"/sys/fs/cgroup/exprcheck-freeze"
#define PATTERN_SIZE	(1UL << 20)
#define INPUT_MAX	(256UL << 20)

static volatile double handled_at;

uint8_t *ki_long_input(size_t max, size_t unit, double seconds,
		       bool (*call)(const uint8_t *input, size_t len),
		       size_t *len, double *one_call)
{
	const size_t step = unit * PATTERN_SIZE;
	uint8_t *pattern, *input;
	double t0, rate;
	size_t i;

	if (max < step)
		kt_skip("%zu bytes is below %zu MiB", max, unit);
	max -= max % step;
	pattern = malloc(PATTERN_SIZE);
	if (!pattern)
		kt_die("out of memory");
	for (i = 0; i < PATTERN_SIZE; i++)
		pattern[i] = "()"[i % 2];
	input = kt_map_repeated(pattern, PATTERN_SIZE, max);
	free(pattern);

	t0 = kt_now();
	if (!call(input, step))
		kt_die("the input is not valid");
	rate = step / (kt_now() - t0);
	*len = (size_t)(rate * seconds);
	*len -= *len % step;
	if (*len < step)
		*len = step;
	if (*len > max)
		*len = max;
	*one_call = *len / rate;
	kt_note("%zu MiB, about %.2f s a call", *len >> 20, *one_call);
	if (*one_call < seconds / 2)
		kt_note("a whole call is short here: the time bounds say little");
	return input;
}

static void on_alarm(int sig)
{
	(void)sig;
	handled_at = kt_now();
}

size_t ki_module_input_max(void)
{
	struct kt_limits lim;

	kt_params(&lim);
	return lim.max_len < INPUT_MAX ? lim.max_len : INPUT_MAX;
}

double ki_alarm_in(double secs, int flags)
{
	struct itimerval it = { 0 };
	struct sigaction sa = { 0 };

	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL))
		kt_die("sigaction: %s", strerror(errno));
	handled_at = 0;
	it.it_value.tv_sec = (time_t)secs;
	it.it_value.tv_usec = (suseconds_t)((secs - (time_t)secs) * 1e6);
	if (setitimer(ITIMER_REAL, &it, NULL))
		kt_die("setitimer: %s", strerror(errno));
	return kt_now() + secs;
}

double ki_handled_at(void)
{
	return handled_at;
}

/* The state letter in /proc/PID/stat, '?' if it cannot be read. */
static char proc_state(pid_t pid)
{
	char path[64], text[512], *p;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return '?';
	n = read(f, text, sizeof(text) - 1);
	close(f);
	if (n <= 0)
		return '?';
	text[n] = 0;
	p = strrchr(text, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

double ki_until_stopped(pid_t pid, double limit)
{
	double t0 = kt_now(), now;
	char state;

	while ((now = kt_now()) - t0 < limit) {
		state = proc_state(pid);
		if (state == 'T' || state == 't')
			return now - t0;
		usleep(1000);
	}
	return -1;
}

static bool write_text(const char *path, const char *text)
{
	int f = open(path, O_WRONLY | O_CLOEXEC);
	bool ok;

	if (f < 0)
		return false;
	ok = write(f, text, strlen(text)) == (ssize_t)strlen(text);
	close(f);
	return ok;
}

bool ki_freezer_init(void)
{
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK))
		return false;
	if (mkdir(CGROUP, 0755) && errno != EEXIST)
		kt_die("mkdir %s: %s", CGROUP, strerror(errno));
	return true;
}

void ki_freezer_add(pid_t pid)
{
	char text[32];

	snprintf(text, sizeof(text), "%d\n", (int)pid);
	if (!write_text(CGROUP "/cgroup.procs", text))
		kt_die("moving %d to %s: %s", (int)pid, CGROUP, strerror(errno));
}

void ki_freeze(bool frozen)
{
	if (!write_text(CGROUP "/cgroup.freeze", frozen ? "1\n" : "0\n"))
		kt_die("%s/cgroup.freeze: %s", CGROUP, strerror(errno));
}

static bool is_frozen(void)
{
	char text[256];
	ssize_t n;
	int f;

	f = open(CGROUP "/cgroup.events", O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return false;
	n = read(f, text, sizeof(text) - 1);
	close(f);
	text[n > 0 ? n : 0] = 0;
	return strstr(text, "frozen 1") != NULL;
}

double ki_until_frozen(double limit)
{
	double t0 = kt_now(), now;

	while ((now = kt_now()) - t0 < limit) {
		if (is_frozen())
			return now - t0;
		usleep(1000);
	}
	return -1;
}

void ki_freezer_exit(void)
{
	if (rmdir(CGROUP))
		kt_note("rmdir %s: %s", CGROUP, strerror(errno));
}
