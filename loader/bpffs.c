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
#include "bpfvlan/log.h"

/* Times the directory at a path may change under a waiting lock (each an
 * unload and a load of the bridge while we waited) before we give up.
 */
#define BV_LOCK_ROUNDS	32

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

int bv_bpffs_path(char *buf, size_t len, const char *bridge, const char *obj)
{
	int n = obj ? snprintf(buf, len, "%s/%s/%s", BV_PIN_ROOT, bridge, obj)
		    : snprintf(buf, len, "%s/%s", BV_PIN_ROOT, bridge);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/*
 * flock() locks an inode, not a path. `unload` removes the directory while
 * holding its lock, and a `load` may make a new one under the same name:
 * a command that was waiting then holds the lock of a dead directory while
 * the next one locks the new one. So the lock counts only once the
 * directory at the path is still the one locked.
 */
int bv_bpffs_lock(const char *bridge)
{
	struct stat held, now;
	char path[256];
	int fd, err;

	err = bv_bpffs_path(path, sizeof(path), bridge, NULL);
	if (err)
		return err;
	for (int round = 0; round < BV_LOCK_ROUNDS; round++) {
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX) || fstat(fd, &held)) {
			err = -errno;
			close(fd);
			return err;
		}
		if (stat(path, &now)) {
			err = -errno;		/* -ENOENT: unloaded meanwhile */
			close(fd);
			return err;
		}
		if (held.st_dev == now.st_dev && held.st_ino == now.st_ino)
			return fd;
		close(fd);		/* unloaded and loaded again: retry */
	}
	return -EAGAIN;
}
