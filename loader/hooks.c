// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan/log.h"
#include "hooks.h"
#include "netlink.h"
#include "proginfo.h"
#include "xdpprog.h"

/* Refuse a device that another XDP program already drives. */
int bv_hook_check_no_foreign_xdp(const char *dev, int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), id;
	int fd, err;

	err = bpf_xdp_query(ifindex, 0, &q);
	if (err) {
		pr_warn("cannot query XDP on %s: %s\n", dev, strerror(-err));
		return err;
	}
	id = q.prog_id ? q.prog_id : q.drv_prog_id ? q.drv_prog_id :
	     q.skb_prog_id ? q.skb_prog_id : q.hw_prog_id;
	if (!id)
		return 0;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
		pr_warn("%s already has an XDP program (id %u, \"%s\"); remove it first (ip link set dev %s xdp off)\n",
			dev, id, info.name, dev);
	else
		pr_warn("%s already has an XDP program (id %u); remove it first (ip link set dev %s xdp off)\n",
			dev, id, dev);
	if (fd >= 0)
		close(fd);
	return -EBUSY;
}

/* LIBBPF_OPTS zeroes padding too, which libbpf checks. */
#define BV_TC_HOOK(name, ifi)						\
	LIBBPF_OPTS(bpf_tc_hook, name, .ifindex = (ifi),		\
		    .attach_point = BPF_TC_INGRESS)
#define BV_TC_OPTS(name, fd)						\
	LIBBPF_OPTS(bpf_tc_opts, name, .handle = BV_TC_HANDLE,		\
		    .priority = BV_TC_PRIO, .prog_fd = (fd))

int bv_hook_tc_attach(struct bv_bridge *br, const char *dev,
		       struct bv_port *p)
{
	BV_TC_HOOK(hook, p->ifindex);
	BV_TC_OPTS(q, 0);
	BV_TC_OPTS(o, br->fd[BV_PROG_TC]);
	int err;

	err = bpf_tc_hook_create(&hook);
	if (!err)
		p->flags |= BV_PORT_F_CLSACT;
	else if (err != -EEXIST)
		goto fail;
	if (!bpf_tc_query(&hook, &q)) {
		pr_warn("%s already has a tc filter at ingress handle 0x%x prio %u\n",
			dev, BV_TC_HANDLE, BV_TC_PRIO);
		err = -EBUSY;
		goto undo;
	}
	err = bpf_tc_attach(&hook, &o);
	if (!err)
		return 0;
fail:
	pr_warn("cannot attach the TC program to %s: %s\n", dev, strerror(-err));
undo:
	if (p->flags & BV_PORT_F_CLSACT) {
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(&hook);
		p->flags &= ~BV_PORT_F_CLSACT;
	}
	return err;
}

/* Remove our filter; the clsact qdisc too if we made it and it is empty. */
int bv_hook_tc_detach(const char *dev, struct bv_port *p)
{
	BV_TC_HOOK(hook, p->ifindex);
	BV_TC_OPTS(o, 0);
	int err, left = 1;

	err = bpf_tc_detach(&hook, &o);
	/* -EINVAL: no clsact qdisc any more (someone ran `tc qdisc del dev
	 * DEV clsact`), so no filter of ours either: the port must still
	 * detach, or unload would stop at it.
	 */
	if (err && err != -ENOENT && err != -EINVAL) {
		pr_warn("cannot detach the TC program from %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	if (!(p->flags & BV_PORT_F_CLSACT))
		return 0;
	if (bv_tc_filter_count(p->ifindex, &left) || left) {
		pr_info("%s: leaving clsact in place (%d other filters)\n", dev,
			left);
		return 0;
	}
	hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	err = bpf_tc_hook_destroy(&hook);
	if (err && err != -ENOENT && err != -EINVAL)
		pr_warn("cannot remove clsact from %s: %s\n", dev,
			strerror(-err));
	return 0;
}

/*
 * Is program @id, attached where the bridge's TC program @prog_fd is
 * expected, the same program of another build (an `upgrade` killed
 * between its swap of one port and the next: loader/upgrade.c)? The same
 * name and a map in common: a program of another bridge has none.
 */
static int tc_same_bridge(__u32 id, int prog_fd)
{
	struct bpf_prog_info info, pinned;
	__u32 *ids = NULL, *pids = NULL, nr = 0, pnr = 0;
	int fd = bpf_prog_get_fd_by_id(id), err, ret = 0;

	if (fd < 0)
		return -errno;
	err = bv_prog_info_maps(fd, &info, &ids, &nr);
	if (!err)
		err = bv_prog_info_maps(prog_fd, &pinned, &pids, &pnr);
	if (!err && !strncmp(info.name, pinned.name, sizeof(info.name)))
		for (__u32 i = 0; !ret && i < nr; i++)
			for (__u32 j = 0; !ret && j < pnr; j++)
				ret = ids[i] == pids[j];
	free(ids);
	free(pids);
	close(fd);
	return err ? err : ret;
}

int bv_hook_tc_has(int ifindex, int prog_fd)
{
	BV_TC_HOOK(hook, ifindex);
	BV_TC_OPTS(q, 0);
	__u32 id = 0;
	int err;

	err = bpf_tc_query(&hook, &q);
	if (err == -ENOENT || err == -EINVAL)	/* no filter, no clsact */
		return 0;
	if (!err && !(id = bv_obj_id(prog_fd)))
		err = -errno;
	if (err)
		return err;
	return q.prog_id == id ? 1 : tc_same_bridge(q.prog_id, prog_fd);
}

/*
 * A port is known by its ifindex, which the kernel gives again to a device
 * made after the port's was deleted (`ip link add ... index N`, or a
 * wrapped counter). Such a device must not inherit the port's VLANs and
 * FDB entries. Every port carries our TC filter from attach to detach,
 * and a new device does not: that tells them apart.
 */
int bv_hook_port_link(struct bv_bridge *br, const struct bv_port *p,
		      struct bv_link *link)
{
	int err = bv_link_get(NULL, p->ifindex, link);

	if (!err)
		err = bv_hook_tc_has(p->ifindex, br->fd[BV_PROG_TC]);
	if (err == 0) {
		pr_info("%s (ifindex %u) is not the device attached to bridge %s (no bpfvlan TC program)\n",
			link->name, p->ifindex, br->name);
		return -ENODEV;
	}
	return err < 0 ? err : 0;
}

int bv_hook_xdp_attach(struct bv_bridge *br, const char *dev,
		       struct bv_port *p)
{
	int fd = -1, err;

	err = bv_xdp_prog_load(br, p->ifindex, &fd);
	if (err && err != -EOPNOTSUPP) {
		pr_warn("cannot load the XDP program for %s: %s (run with -v for the verifier log)\n",
			dev, strerror(-err));
		return err;
	}
	if (!err) {
		err = bpf_xdp_attach(p->ifindex, fd, XDP_FLAGS_DRV_MODE |
					XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		close(fd);	/* the device holds the program now */
	}
	if (err == -EOPNOTSUPP)
		return err;	/* no native XDP: the caller says if it is an error */
	if (err) {
		pr_warn("cannot attach the XDP program to %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	p->flags |= BV_PORT_F_XDP;
	return 0;
}

/* Detach our XDP program, and only ours: one that is already gone is
 * fine, someone else's is left alone.
 */
int bv_hook_xdp_detach(struct bv_bridge *br, const char *dev,
		       struct bv_port *p)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = -1);
	__u32 cur = 0;
	int err, ours = 0;

	if (!(p->flags & BV_PORT_F_XDP))
		return 0;
	err = bpf_xdp_query_id(p->ifindex, XDP_FLAGS_DRV_MODE, &cur);
	if (!err && cur) {
		o.old_prog_fd = bpf_prog_get_fd_by_id(cur);
		err = o.old_prog_fd < 0 ? -errno : 0;
	}
	if (!err && cur) {
		err = ours = bv_xdp_prog_is_ours(br, o.old_prog_fd);
		if (ours > 0)	/* REPLACE: fails if it changed meanwhile */
			err = bpf_xdp_attach(p->ifindex, -1,
					     XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE,
					     &o);
		else if (!ours)
			pr_warn("%s: XDP program id %u is not bpfvlan's; left in place\n",
				dev, cur);
	}
	if (o.old_prog_fd >= 0)
		close(o.old_prog_fd);
	if (err < 0 && err != -ENODEV && err != -ENOENT) {
		pr_warn("cannot detach the XDP program from %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	p->flags &= ~BV_PORT_F_XDP;
	return 0;
}
