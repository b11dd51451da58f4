// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PID 1 of the test VM.
 *
 * It prepares the guest, runs /bin/guest-runner and writes "success" to the
 * verdict port only when the runner passed and kmemleak found nothing. The
 * host trusts neither QEMU's exit code nor the console alone: a hang, a
 * panic or a failure all leave the verdict port without "success".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define RUNNER		"/bin/guest-runner"
/* ttyS1: 8250 is built into Debian's kernel, virtio_console is a module. */
#define VERDICT_PORT	"/dev/ttyS1"
#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
/* kmemleak only reports objects older than this many seconds. */
#define KMEMLEAK_MIN_AGE 5

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# init: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

static bool write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	bool ok;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	return ok;
}

static bool mount_fs(const char *type, const char *dir, unsigned long flags)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, flags, NULL) == 0 || errno == EBUSY)
		return true;
	say("mount %s on %s: %s", type, dir, strerror(errno));
	return false;
}

/*
 * An initramfs without a /dev/console node leaves PID 1 with no stdio;
 * devtmpfs always has one.
 */
static void ensure_console(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static bool mount_filesystems(void)
{
	const unsigned long safe = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	bool ok;

	ok = mount_fs("devtmpfs", "/dev", MS_NOSUID);
	ensure_console();
	ok &= mount_fs("proc", "/proc", safe);
	ok &= mount_fs("sysfs", "/sys", safe);
	ok &= mount_fs("tmpfs", "/tmp", MS_NOSUID | MS_NODEV);
	ok &= mount_fs("tmpfs", "/run", MS_NOSUID | MS_NODEV);
	/* Optional: only kmemleak and a few tests need it. */
	if (access("/sys/kernel/debug", F_OK) == 0)
		mount("debugfs", "/sys/kernel/debug", "debugfs", safe, NULL);
	/* Optional too: the freezer test needs cgroup v2. */
	if (access("/sys/fs/cgroup", F_OK) == 0)
		mount("cgroup2", "/sys/fs/cgroup", "cgroup2", safe, NULL);
	return ok;
}

static void enable_logging(void)
{
	/*
	 * Up to KERN_INFO on the console, so module messages and splats show
	 * in the host log; KERN_DEBUG would flood the slow serial line and
	 * tests read it through dmesg anyway.
	 */
	write_file("/proc/sys/kernel/printk", "7\n");
	/* Log user-space crashes (segfaults) too. */
	write_file("/proc/sys/debug/exception-trace", "1\n");
}

static bool run_runner(void)
{
	char *const argv[] = { RUNNER, NULL };
	int status;
	pid_t pid, got;

	pid = fork();
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		execv(RUNNER, argv);
		say("exec %s: %s", RUNNER, strerror(errno));
		_exit(127);
	}
	/* PID 1 also reaps every orphan the tests leave behind. */
	do {
		got = wait(&status);
	} while (got != pid && (got > 0 || errno == EINTR));
	if (got != pid) {
		say("wait: %s", strerror(errno));
		return false;
	}
	if (WIFSIGNALED(status)) {
		say("%s killed by signal %d", RUNNER, WTERMSIG(status));
		return false;
	}
	say("%s exited with status %d", RUNNER, WEXITSTATUS(status));
	return WEXITSTATUS(status) == 0;
}

/*
 * Copies the kmemleak report to the console; true when it names no object
 * but those the kernel allocated while booting (start_kernel() in their
 * backtrace), which no test can have made.
 */
static bool kmemleak_report_empty(void)
{
	unsigned int objects = 0, boot = 0;
	bool in_boot = false, ok = true;
	char *line = NULL;
	size_t size = 0;
	FILE *f;

	f = fopen(KMEMLEAK, "re");
	if (!f) {
		say("open %s: %s", KMEMLEAK, strerror(errno));
		return false;
	}
	/* Each object starts with "unreferenced object", then its backtrace. */
	while (getline(&line, &size, f) > 0) {
		fputs(line, stdout);
		if (!strncmp(line, "unreferenced object", 19)) {
			objects++;
			in_boot = false;
		} else if (!in_boot && strstr(line, " start_kernel+")) {
			in_boot = true;
			boot++;
		}
	}
	if (ferror(f)) {
		say("read %s: %s", KMEMLEAK, strerror(errno));
		ok = false;
	}
	fclose(f);
	free(line);
	if (boot)
		say("kmemleak: %u object(s) allocated while booting, not the tests'",
		    boot);
	return ok && objects == boot;
}

/*
 * kmemleak reports an object only when a scan finds it unreferenced and
 * unchanged since the previous scan, and older than its minimum age: one
 * scan, then a second once that age has passed.
 */
static bool kmemleak_scan(void)
{
	if (write_file(KMEMLEAK, "scan")) {
		sleep(KMEMLEAK_MIN_AGE);
		if (write_file(KMEMLEAK, "scan"))
			return true;
	}
	say("kmemleak scan failed");
	return false;
}

static bool kmemleak_clean(void)
{
	bool scanned;

	say("scanning for memory leaks");
	/* The report below is the verdict; the kernel's notice would be noise. */
	write_file("/proc/sys/kernel/printk", "4\n");
	scanned = kmemleak_scan();
	enable_logging();
	if (!scanned)
		return false;
	if (!kmemleak_report_empty()) {
		puts("not ok kmemleak: unreferenced objects reported");
		return false;
	}
	say("kmemleak: no leaks");
	return true;
}

static void report_success(void)
{
	int fd;

	fd = open(VERDICT_PORT, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		say("open %s: %s", VERDICT_PORT, strerror(errno));
		return;
	}
	if (write(fd, "success\n", 8) != 8)
		say("write %s: %s", VERDICT_PORT, strerror(errno));
	/* The UART is slow: the word must leave before the machine resets. */
	tcdrain(fd);
	close(fd);
}

int main(void)
{
	bool kmemleak, ok;

	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	umask(022);
	ok = mount_filesystems();
	enable_logging();

	/*
	 * What the kernel left unreferenced while booting (ACPI's early
	 * caches, say) is not the tests' doing: have a scan find it, with its
	 * KERN_INFO notice kept off the console the host reads, then forget it.
	 */
	kmemleak = access(KMEMLEAK, F_OK) == 0;
	if (kmemleak) {
		/*
		 * Only this program's scans judge: the kernel's own scan thread
		 * would print its findings on the console in the middle of the
		 * tests, boot-time objects included.
		 */
		if (!write_file(KMEMLEAK, "scan=off"))
			say("kmemleak scan=off failed");
		write_file("/proc/sys/kernel/printk", "4\n");
		if (!(kmemleak_scan() && write_file(KMEMLEAK, "clear")))
			say("kmemleak clear failed");
		enable_logging();
	}

	if (ok) {
		struct utsname u;

		uname(&u);
		say("kernel %s, running %s", u.release, RUNNER);
		ok = run_runner();
	}
	if (kmemleak)
		ok &= kmemleak_clean();

	if (ok)
		report_success();
	else
		say("no success: see above");

	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	sync();
	/* -no-reboot turns this into QEMU's exit, with or without ACPI. */
	reboot(RB_AUTOBOOT);
	say("reboot: %s", strerror(errno));
	return 1;
}
