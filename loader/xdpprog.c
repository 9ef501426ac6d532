// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bpfvlan/log.h"
#include "kernel.h"
#include "proginfo.h"
#include "xdpprog.h"

/* include/uapi/linux/bpf.h, 6.3+; Debian 12's headers predate it. */
#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY	(1U << 6)
#endif

/* Point every map of a fresh skeleton at the bridge's pinned one. */
static int reuse_maps(struct bpfvlan *skel, struct bv_bridge *br)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, skel->obj) {
		int i, err;

		/* Trace runs use the bridge's own programs only (lib/trace.h):
		 * a port's program gets a record map of its own, never used.
		 */
		if (!strcmp(bpf_map__name(map), "bv_trace"))
			continue;
		for (i = 0; i < BV_NR_OBJS; i++)
			if (!strcmp(bpf_map__name(map), bv_obj_names[i]))
				break;
		if (i == BV_NR_OBJS)
			return -ENOENT;	/* a map the bridge did not pin */
		err = bpf_map__reuse_fd(map, br->fd[i]);
		if (err)
			return err;
	}
	return 0;
}

int bv_xdp_prog_load(struct bv_bridge *br, int ifindex, int *fd)
{
	struct bpfvlan *skel;
	struct bpf_program *prog;
	int err;

	/* Without the kfunc (or where binding is unsafe: loader/kernel.h)
	 * every port can share the bridge's own XDP program, which has no
	 * kfunc call: a kernel that has the kfunc refuses a program calling
	 * it unbound ("metadata kfuncs require device-bound program").
	 */
	if (!bv_kernel_rx_vlan_tag()) {
		*fd = dup(br->fd[BV_PROG_XDP]);
		return *fd < 0 ? -errno : 0;
	}
	skel = bpfvlan__open();
	if (!skel)
		return -errno;
	err = reuse_maps(skel, br);
	if (err)
		goto out;
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, prog == skel->progs.bv_xdp_port);
	prog = skel->progs.bv_xdp_port;
	/* Bound only to ask for the tag (6.8+; binding: 6.3+). */
	bpf_program__set_ifindex(prog, ifindex);
	err = bpf_program__set_flags(prog, bpf_program__flags(prog) |
					   BPF_F_XDP_DEV_BOUND_ONLY);
	if (!err)
		err = bpfvlan__load(skel);
	if (!err) {
		*fd = dup(bpf_program__fd(prog));
		if (*fd < 0)
			err = -errno;
	}
out:
	bpfvlan__destroy(skel);
	return err;
}

int bv_xdp_prog_is_ours(struct bv_bridge *br, int fd)
{
	__u32 pinned = bv_obj_id(br->fd[BV_PROG_XDP]);
	__u32 ports = bv_obj_id(br->fd[BV_MAP_PORTS]);
	__u32 id = bv_obj_id(fd);

	if (!pinned || !ports || !id)
		return -errno;
	if (id == pinned)	/* attached by an older bpfvlan */
		return 1;
	return bv_prog_is(fd, BV_XDP_PORT_PROG_NAME, ports);
}
