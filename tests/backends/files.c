// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a descriptor hands a forced kernel backend:
 *
 *	exprcheck-library-files shrinking	a file truncated while the
 *		module reads its mapping is "changed while being read"
 *		(-ENODATA), never SIGBUS nor a bare EFAULT
 *	exprcheck-library-files endless		/dev/zero and a pipe that never
 *		ends are read no further than the module's max_len (load it
 *		with a small one): -E2BIG, or too_long past max_length
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exprcheck/exprcheck.h>

#include "ktest.h"

#define SHRINKING	"/tmp/exprcheck-shrinking"
#define SHRINKING_SIZE	(32UL << 20)
/* Memory a child may map beyond the input it must not hold: its RLIMIT_AS. */
#define ENDLESS_SLACK	(64UL << 20)

static int validate_fd(int fd, uint64_t max_length, struct exprcheck_result *r)
{
	struct exprcheck_options o = {
		.size = sizeof(o),
		.backend = EXPRCHECK_BACKEND_IOCTL,
		.max_length = max_length,
	};

	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	return exprcheck_validate_fd(fd, &o, r);
}

/* A child, with a pipe from it: fds[1] is its end, fds[0] this one's. */
static pid_t child_with_pipe(int fds[2])
{
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		kt_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		kt_die("fork: %s", strerror(errno));
	if (pid)
		close(fds[1]);
	else
		close(fds[0]);
	return pid;
}

static void write_shrinking(void)
{
	static char chunk[1 << 16];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = "()"[i % 2];
	fd = open(SHRINKING, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		kt_die("%s: %s", SHRINKING, strerror(errno));
	for (i = 0; i < SHRINKING_SIZE; i += sizeof(chunk))
		if (write(fd, chunk, sizeof(chunk)) != sizeof(chunk))
			kt_die("%s: %s", SHRINKING, strerror(errno));
	close(fd);
}

/*
 * A child validates the file while this process truncates it, a fifth
 * of the way into the call; returns the child's answer (0 or -errno) and
 * its wait status.
 */
static int shrink_during_call(double one_call, int *status)
{
	int fds[2], err = 1;
	pid_t pid;

	write_shrinking();
	pid = child_with_pipe(fds);
	if (!pid) {
		struct exprcheck_result r;
		int fd = open(SHRINKING, O_RDONLY | O_CLOEXEC);

		err = fd < 0 ? -errno : validate_fd(fd, 0, &r);
		_exit(write(fds[1], &err, sizeof(err)) == sizeof(err) ? 0 : 3);
	}
	usleep((useconds_t)(one_call / 5 * 1e6));
	if (truncate(SHRINKING, 0))
		kt_die("truncate: %s", strerror(errno));
	if (read(fds[0], &err, sizeof(err)) != sizeof(err))
		err = 1;
	close(fds[0]);
	waitpid(pid, status, 0);
	return err;
}

static void test_shrinking(void)
{
	struct exprcheck_result r;
	double t0, one_call;
	int fd, err = 0, status = 0, tries;

	write_shrinking();
	fd = open(SHRINKING, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		kt_die("%s: %s", SHRINKING, strerror(errno));
	t0 = kt_now();
	err = validate_fd(fd, 0, &r);
	one_call = kt_now() - t0;
	close(fd);
	kt_check(!err && r.status == EXPRCHECK_STATUS_VALID &&
		 r.scanned == SHRINKING_SIZE && r.backend == EXPRCHECK_BACKEND_IOCTL,
		 "mapped-file-through-ioctl", "%s, status %u scanned %" PRIu64,
		 err ? strerror(-err) : "answered", r.status, (uint64_t)r.scanned);
	kt_note("%lu MiB file through the ioctl in %.3f s", SHRINKING_SIZE >> 20, one_call);

	/* Truncated before the call ends: a second try if it ended first. */
	for (tries = 0; tries < 3; tries++) {
		err = shrink_during_call(one_call, &status);
		if (err)
			break;
	}
	kt_check(WIFEXITED(status) && !WEXITSTATUS(status), "shrinking-file-no-sigbus",
		 "the validating child ended with status %#x", status);
	kt_errno("shrinking-file-changed-while-read", -err, ENODATA);
	unlink(SHRINKING);
}

/* The most memory this process has held, in bytes (VmHWM). */
static uint64_t peak_rss(void)
{
	char line[128];
	uint64_t kb = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %" SCNu64, &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb << 10;
}

struct endless {
	int err;
	struct exprcheck_result r;
	uint64_t peak;
};

/*
 * @fd validated through the ioctl in a child whose address space is
 * bounded, so that reading without end fails rather than eating the
 * machine. Returns 0 when the child answered.
 */
static int endless_in_child(int fd, uint64_t max_length, struct endless *out)
{
	struct kt_limits lim;
	int fds[2], status;
	pid_t pid;

	kt_params(&lim);
	pid = child_with_pipe(fds);
	if (!pid) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = 2 * lim.max_len + ENDLESS_SLACK;
		if (setrlimit(RLIMIT_AS, &rl))
			_exit(3);
		out->err = validate_fd(fd, max_length, &out->r);
		out->peak = peak_rss();
		_exit(write(fds[1], out, sizeof(*out)) == sizeof(*out) ? 0 : 3);
	}
	status = read(fds[0], out, sizeof(*out)) == sizeof(*out) ? 0 : -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return status;
}

/* A pipe that a child fills with "()" for as long as it is read. */
static int endless_pipe(pid_t *writer)
{
	static const char chunk[] = "()()()()()()()()";
	int fds[2];

	*writer = child_with_pipe(fds);
	if (!*writer) {
		while (write(fds[1], chunk, sizeof(chunk) - 1) > 0)
			;
		_exit(0);
	}
	return fds[0];
}

static void test_endless(void)
{
	struct kt_limits lim;
	struct endless out;
	pid_t writer;
	int fd;

	kt_params(&lim);
	kt_note("max_len %" PRIu64 " bytes", lim.max_len);
	fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		kt_die("/dev/zero: %s", strerror(errno));
	if (kt_check(!endless_in_child(fd, 0, &out), "dev-zero-answered",
		     "the child died")) {
		kt_errno("dev-zero-e2big", -out.err, E2BIG);
		kt_note("/dev/zero: at most %" PRIu64 " KiB held", out.peak >> 10);
		kt_check(out.peak < lim.max_len + (8UL << 20), "dev-zero-holds-max-len",
			 "held %" PRIu64 " KiB", out.peak >> 10);
	}
	if (kt_check(!endless_in_child(fd, 1000, &out), "dev-zero-max-length-answered",
		     "the child died"))
		kt_check(!out.err && out.r.status == EXPRCHECK_STATUS_TOO_LONG &&
			 out.r.offset == 1000 && out.r.backend == EXPRCHECK_BACKEND_IOCTL,
			 "dev-zero-max-length-too-long", "%s, status %u offset %" PRIu64,
			 out.err ? strerror(-out.err) : "answered", out.r.status,
			 (uint64_t)out.r.offset);
	close(fd);

	fd = endless_pipe(&writer);
	if (kt_check(!endless_in_child(fd, 0, &out), "endless-pipe-answered",
		     "the child died"))
		kt_errno("endless-pipe-e2big", -out.err, E2BIG);
	close(fd);
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
}

int main(int argc, char **argv)
{
	const char *why;

	if (argc != 2)
		kt_die("usage: %s shrinking|endless", argv[0]);
	if (exprcheck_backend_probe(EXPRCHECK_BACKEND_IOCTL, &why))
		kt_skip("the ioctl backend is not available: %s", why);
	if (!strcmp(argv[1], "shrinking"))
		test_shrinking();
	else if (!strcmp(argv[1], "endless"))
		test_endless();
	else
		kt_die("usage: %s shrinking|endless", argv[0]);
	return kt_finish();
}
