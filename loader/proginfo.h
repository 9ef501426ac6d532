/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the kernel says of a loaded program: its name, id and maps. */
#ifndef BV_PROGINFO_H
#define BV_PROGINFO_H

#include <linux/bpf.h>

/*
 * @info of program @fd, and in *@ids (the caller's to free) the ids of
 * the *@nr maps it uses. 0 or negative errno.
 */
int bv_prog_info_maps(int fd, struct bpf_prog_info *info, __u32 **ids,
		      __u32 *nr);
/* 1 if program @fd is named @name and uses the map of id @map_id, 0 if
 * not, or -errno.
 */
int bv_prog_is(int fd, const char *name, __u32 map_id);
/* The id of the program or map @fd, or 0 (errno set). */
__u32 bv_obj_id(int fd);

#endif /* BV_PROGINFO_H */
