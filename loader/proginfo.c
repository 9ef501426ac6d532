// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "proginfo.h"

int bv_prog_info_maps(int fd, struct bpf_prog_info *info, __u32 **ids,
		      __u32 *nr)
{
	__u32 len = sizeof(*info), want;

	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	/* The second call reads the ids, and the info again. */
	want = info->nr_map_ids;
	*ids = calloc(want ? want : 1, sizeof(**ids));
	if (!*ids)
		return -ENOMEM;
	memset(info, 0, sizeof(*info));
	info->nr_map_ids = want;
	info->map_ids = (__u64)(unsigned long)*ids;
	len = sizeof(*info);
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		free(*ids);
		*ids = NULL;
		return -errno;
	}
	/* Maps can only be added to a program by a reload: never more. */
	*nr = info->nr_map_ids < want ? info->nr_map_ids : want;
	info->map_ids = 0;
	return 0;
}

int bv_prog_is(int fd, const char *name, __u32 map_id)
{
	struct bpf_prog_info info;
	__u32 *ids, nr;
	int ret = bv_prog_info_maps(fd, &info, &ids, &nr);

	if (ret)
		return ret;
	if (!strncmp(info.name, name, sizeof(info.name)))
		for (__u32 i = 0; !ret && i < nr; i++)
			ret = ids[i] == map_id;
	free(ids);
	return ret;
}

__u32 bv_obj_id(int fd)
{
	struct bpf_prog_info info = {};	/* a map's info begins the same */
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}
