// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bpfvlan/log.h"
#include "netns.h"

int bv_netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd, err;

	if (!*name || strchr(name, '/')) {
		pr_warn("invalid network namespace name \"%s\"\n", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		pr_warn("network namespace \"%s\" not found (%s)\n", name,
			strerror(-err));
		return err;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		pr_warn("cannot enter network namespace \"%s\": %s\n", name,
			strerror(-err));
		close(fd);
		return err;
	}
	close(fd);
	return 0;
}

int bv_netns_self(struct bv_netns_id *id)
{
	socklen_t len = sizeof(id->cookie);
	struct stat st;
	int fd, err = 0;

	if (stat("/proc/self/ns/net", &st))
		return -errno;
	id->ino = st.st_ino;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &id->cookie, &len))
		err = -errno;
	close(fd);
	return err;
}

/* Does any file "DIR/NAME[/SUFFIX]" in DIR have inode @ino? */
static bool dir_has_netns(const char *dir, const char *suffix, __u64 ino)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, suffix);
		found = !stat(path, &st) && st.st_ino == ino;
	}
	closedir(d);
	return found;
}

bool bv_netns_may_exist(__u64 ino)
{
	return dir_has_netns("/var/run/netns", "", ino) ||
	       dir_has_netns("/proc", "/ns/net", ino);
}
