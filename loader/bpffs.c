// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "bpffs.h"
#include "log.h"

static int bpffs_mounted(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == BPF_FS_MAGIC;
}

int bv_bpffs_prepare(void)
{
	int err;

	if (!bpffs_mounted(BV_BPFFS)) {
		if (mkdir(BV_BPFFS, 0700) && errno != EEXIST) {
			err = -errno;
			pr_warn("cannot create %s: %s\n", BV_BPFFS, strerror(-err));
			return err;
		}
		if (mount("bpf", BV_BPFFS, "bpf", 0, "mode=0700")) {
			err = -errno;
			pr_warn("cannot mount bpffs at %s: %s\n", BV_BPFFS,
				strerror(-err));
			return err;
		}
		pr_info("mounted bpffs at %s\n", BV_BPFFS);
	}
	if (mkdir(BV_PIN_ROOT, 0700) && errno != EEXIST) {
		err = -errno;
		pr_warn("cannot create %s: %s\n", BV_PIN_ROOT, strerror(-err));
		return err;
	}
	return 0;
}

int bv_pin_path(char *buf, size_t len, const char *bridge, const char *obj)
{
	int n = obj ? snprintf(buf, len, "%s/%s/%s", BV_PIN_ROOT, bridge, obj)
		    : snprintf(buf, len, "%s/%s", BV_PIN_ROOT, bridge);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int bv_bridge_dir_lock(const char *bridge)
{
	char path[256];
	int fd, err;

	err = bv_pin_path(path, sizeof(path), bridge, NULL);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}
