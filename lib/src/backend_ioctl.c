// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module's misc device. The descriptor is opened once per process,
 * on first use, and kept: the probe that opens it runs under the caller's
 * once-only guard, so many threads may validate at the same time.
 */
#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define DEVICE_PATH "/dev/exprcheck"

static int device_fd = -1;
static uint32_t device_max_batch;

/*
 * The node must be the exprcheck misc device, not any file of that name.
 * Without /sys (a bare chroot) a character device is taken on trust: the
 * INFO handshake that follows still has to succeed.
 */
static int is_exprcheck_device(int fd)
{
	char link[64], target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) || !S_ISCHR(st.st_mode))
		return 0;
	if (access("/sys/dev/char", F_OK))
		return 1;
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u",
		 major(st.st_rdev), minor(st.st_rdev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	n = (ssize_t)strlen(target);
	return n >= 15 && !strcmp(target + n - 15, "/misc/exprcheck");
}

static int ioctl_probe(struct backend_limits *limits, const char **why)
{
	struct exprcheck_info info;
	int fd;

	fd = open(DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		*why = err == ENOENT ? DEVICE_PATH " does not exist: the exprcheck module is not loaded" :
		       err == EACCES ? "no permission to open " DEVICE_PATH :
				       "cannot open " DEVICE_PATH;
		return -ENODEV;
	}
	if (!is_exprcheck_device(fd)) {
		*why = DEVICE_PATH " is not the exprcheck misc device";
		close(fd);
		return -ENODEV;
	}
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	if (ioctl(fd, EXPRCHECK_IOC_INFO, &info) ||
	    info.version < EXPRCHECK_UAPI_VERSION) {
		*why = DEVICE_PATH " does not speak this uAPI version";
		close(fd);
		return -ENODEV;
	}
	limits->max_len = info.max_len;
	limits->max_depth = info.max_depth;
	device_max_batch = info.max_batch ? info.max_batch : 1;
	device_fd = fd;
	return 0;
}

static int validate_batch(const struct exprcheck_input *inputs, size_t count,
			  uint32_t flags, uint64_t max_depth,
			  struct exprcheck_verdict *verdicts)
{
	struct exprcheck_batch batch;
	struct exprcheck_req *reqs;
	int err = 0;

	reqs = calloc(count < device_max_batch ? count : device_max_batch,
		      sizeof(*reqs));
	if (!reqs)
		return -ENOMEM;
	for (size_t done = 0; done < count && !err;) {
		size_t n = count - done;

		if (n > device_max_batch)
			n = device_max_batch;
		for (size_t i = 0; i < n; i++)
			backend_fill_req(&reqs[i], &inputs[done + i], flags,
					 max_depth, &verdicts[done + i]);
		memset(&batch, 0, sizeof(batch));
		batch.size = sizeof(batch);
		batch.count = (uint32_t)n;
		batch.reqs = (uintptr_t)reqs;
		batch.req_size = sizeof(*reqs);
		if (ioctl(device_fd, EXPRCHECK_IOC_VALIDATE_BATCH, &batch))
			err = -errno;
		done += n;
	}
	free(reqs);
	return err;
}

static int ioctl_validate(const struct exprcheck_input *inputs, size_t count,
			  uint32_t flags, uint64_t max_depth,
			  struct exprcheck_verdict *verdicts)
{
	struct exprcheck_req req;

	if (count != 1)
		return validate_batch(inputs, count, flags, max_depth, verdicts);
	backend_fill_req(&req, inputs, flags, max_depth, verdicts);
	return ioctl(device_fd, EXPRCHECK_IOC_VALIDATE, &req) ? -errno : 0;
}

const struct backend_ops exprcheck_lib_backend_ioctl = {
	.id = EXPRCHECK_BACKEND_IOCTL,
	.probe = ioctl_probe,
	.validate = ioctl_validate,
};
