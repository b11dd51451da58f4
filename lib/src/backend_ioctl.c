// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module's misc device. The descriptor is opened on first use,
 * read-only (the ioctls need nothing more), and kept, so that a call
 * costs an fstat() and an ioctl(), not an open() and a close() as well;
 * many threads may validate at the same time. Kept, it keeps the module
 * loaded until the process exits.
 *
 * A program may close it behind the library's back (close_range() or
 * closefrom() before an exec, a daemon closing what it did not open), and
 * the number may then belong to another file: before each call the
 * descriptor must still be the device this process opened, or the device
 * is opened again. A descriptor that is no longer ours is never closed.
 */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define DEVICE_PATH "/dev/exprcheck"

/* The device this process opened, and what INFO said there. */
struct device {
	int fd;
	dev_t dev;
	ino_t ino;
	dev_t rdev;
	uint32_t max_batch;
};

static pthread_mutex_t device_lock = PTHREAD_MUTEX_INITIALIZER;
static struct device device = { .fd = -1 };

/*
 * The node must be the exprcheck misc device, not any file of that name.
 * Without /sys (a bare chroot) a character device is taken on trust: the
 * INFO handshake that follows still has to succeed.
 */
static int is_exprcheck_device(const struct stat *st)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	if (!S_ISCHR(st->st_mode))
		return 0;
	if (access("/sys/dev/char", F_OK))
		return 1;
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u",
		 major(st->st_rdev), minor(st->st_rdev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	n = (ssize_t)strlen(target);
	return n >= 15 && !strcmp(target + n - 15, "/misc/exprcheck");
}

/* Open and check the device into @d; 0, or -ENODEV and why not. */
static int device_open(struct device *d, struct exprcheck_info *info,
		       const char **why)
{
	struct stat st;
	int fd;

	fd = open(DEVICE_PATH, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		/*
		 * A container keeps the node it was started with: after the
		 * module is unloaded, or loaded again at another minor, the
		 * node leads nowhere (ENODEV, ENXIO) or to a number its
		 * device rules do not allow (EPERM).
		 */
		*why = err == ENOENT ? DEVICE_PATH " does not exist: the exprcheck module is not loaded" :
		       err == EACCES ? "no permission to open " DEVICE_PATH :
		       err == ENODEV || err == ENXIO ?
			DEVICE_PATH " leads to no driver: the exprcheck module was unloaded after this node was made" :
		       err == EPERM ? "opening " DEVICE_PATH " is not allowed here (a container's device rules?)" :
				       "cannot open " DEVICE_PATH;
		return -ENODEV;
	}
	if (fstat(fd, &st) || !is_exprcheck_device(&st)) {
		*why = DEVICE_PATH " is not the exprcheck misc device";
		close(fd);
		return -ENODEV;
	}
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	if (ioctl(fd, EXPRCHECK_IOC_INFO, info) ||
	    info->version < EXPRCHECK_UAPI_VERSION) {
		*why = DEVICE_PATH " does not speak this uAPI version";
		close(fd);
		return -ENODEV;
	}
	d->fd = fd;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	d->rdev = st.st_rdev;
	d->max_batch = info->max_batch ? info->max_batch : 1;
	return 0;
}

static bool device_still_ours(const struct device *d)
{
	struct stat st;

	return d->fd >= 0 && !fstat(d->fd, &st) && S_ISCHR(st.st_mode) &&
	       st.st_dev == d->dev && st.st_ino == d->ino &&
	       st.st_rdev == d->rdev;
}

/* The device as it is now, opened again if the program closed ours. */
static int device_get(struct device *d)
{
	struct exprcheck_info info;
	const char *why;
	int err = 0;

	pthread_mutex_lock(&device_lock);
	if (!device_still_ours(&device))
		err = device_open(&device, &info, &why);
	*d = device;
	pthread_mutex_unlock(&device_lock);
	return err;
}

static int ioctl_probe(struct backend_limits *limits, const char **why)
{
	struct exprcheck_info info;
	int err;

	pthread_mutex_lock(&device_lock);
	err = device_open(&device, &info, why);
	pthread_mutex_unlock(&device_lock);
	if (err)
		return err;
	limits->max_len = info.max_len;
	limits->max_depth = info.max_depth;
	limits->flags = info.flags;
	return 0;
}

/* ioctl() made again when a signal interrupted it; 0 or -errno. */
static int device_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, cmd, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/*
 * Batches of at most max_batch requests. One a signal interrupts after
 * some answers (EINTR) goes on from the first request not answered, which
 * done gives: an answered request is never sent twice.
 */
static int validate_batch(const struct device *d,
			  const struct exprcheck_input *inputs, size_t count,
			  uint32_t flags, uint64_t max_depth,
			  struct exprcheck_verdict *verdicts)
{
	struct exprcheck_batch batch;
	struct exprcheck_req *reqs;
	int err = 0;

	reqs = calloc(count < d->max_batch ? count : d->max_batch,
		      sizeof(*reqs));
	if (!reqs)
		return -ENOMEM;
	for (size_t done = 0; done < count && !err;) {
		size_t n = count - done;

		if (n > d->max_batch)
			n = d->max_batch;
		for (size_t i = 0; i < n; i++)
			backend_fill_req(&reqs[i], &inputs[done + i], flags,
					 max_depth, &verdicts[done + i]);
		memset(&batch, 0, sizeof(batch));
		batch.size = sizeof(batch);
		batch.count = (uint32_t)n;
		batch.reqs = (uintptr_t)reqs;
		batch.req_size = sizeof(*reqs);
		if (!ioctl(d->fd, EXPRCHECK_IOC_VALIDATE_BATCH, &batch))
			done += n;
		else if (errno == EINTR && batch.done < n)
			done += batch.done;
		else
			err = -errno;
	}
	free(reqs);
	return err;
}

static int ioctl_validate(const struct exprcheck_input *inputs, size_t count,
			  uint32_t flags, uint64_t max_depth,
			  struct exprcheck_verdict *verdicts)
{
	struct exprcheck_req req;
	struct device d;
	int err = device_get(&d);

	if (err)
		return err;
	if (count != 1)
		return validate_batch(&d, inputs, count, flags, max_depth,
				      verdicts);
	backend_fill_req(&req, inputs, flags, max_depth, verdicts);
	return device_ioctl(d.fd, EXPRCHECK_IOC_VALIDATE, &req);
}

const struct backend_ops exprcheck_lib_backend_ioctl = {
	.id = EXPRCHECK_BACKEND_IOCTL,
	.probe = ioctl_probe,
	.validate = ioctl_validate,
};
