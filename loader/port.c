// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "ethtool.h"
#include "dpstate.h"
#include "fdb.h"
#include "log.h"
#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "stats.h"
#include "vlan.h"

/* Refuse a device that another XDP program already drives. */
static int check_no_foreign_xdp(const char *dev, int ifindex)
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

static int free_slot(const struct bv_bridge *br)
{
	for (int slot = 0; slot < BV_MAX_PORTS; slot++)
		if (!br->ports[slot].ifindex)
			return slot;
	return -ENOSPC;
}

int bv_port_probe(struct bv_port *p, const char *ifname, unsigned int mtu)
{
	__u64 features = 0;
	int err;

	err = bv_xdp_features(p->ifindex, &features);
	if (err)
		pr_debug("xdp-features of %s unknown (%s): assuming no XDP\n",
			 ifname, strerror(-err));
	p->mtu = mtu;
	if (features & BV_NETDEV_XDP_ACT_NDO_XMIT)
		p->flags |= BV_PORT_F_XDP_TX;
	else
		p->flags &= ~BV_PORT_F_XDP_TX;
	return features & BV_NETDEV_XDP_ACT_BASIC ? 1 : 0;
}

/* LIBBPF_OPTS zeroes padding too, which libbpf checks. */
#define BV_TC_HOOK(name, ifi)						\
	LIBBPF_OPTS(bpf_tc_hook, name, .ifindex = (ifi),		\
		    .attach_point = BPF_TC_INGRESS)
#define BV_TC_OPTS(name, fd)						\
	LIBBPF_OPTS(bpf_tc_opts, name, .handle = BV_TC_HANDLE,		\
		    .priority = BV_TC_PRIO, .prog_fd = (fd))

static int tc_attach(struct bv_bridge *br, const char *dev,
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
static int tc_detach(const char *dev, struct bv_port *p)
{
	BV_TC_HOOK(hook, p->ifindex);
	BV_TC_OPTS(o, 0);
	int err, left = 1;

	err = bpf_tc_detach(&hook, &o);
	if (err && err != -ENOENT) {
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

static int xdp_attach(struct bv_bridge *br, const char *dev, struct bv_port *p)
{
	int err = bpf_xdp_attach(p->ifindex, br->fd[BV_PROG_XDP],
				 XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
				 NULL);

	if (err) {
		pr_warn("cannot attach the XDP program to %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	p->flags |= BV_PORT_F_XDP;
	return 0;
}

static int prog_id_of(int fd, __u32 *id)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*id = info.id;
	return 0;
}

/* Detach our XDP program, and only ours: one that is already gone is
 * fine, someone else's is left alone.
 */
static int xdp_detach(struct bv_bridge *br, const char *dev, struct bv_port *p)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = br->fd[BV_PROG_XDP]);
	__u32 ours = 0, cur = 0;
	int err;

	if (!(p->flags & BV_PORT_F_XDP))
		return 0;
	err = prog_id_of(br->fd[BV_PROG_XDP], &ours);
	if (!err)
		err = bpf_xdp_query_id(p->ifindex, XDP_FLAGS_DRV_MODE, &cur);
	if (!err && cur == ours)
		err = bpf_xdp_attach(p->ifindex, -1,
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &o);
	else if (!err && cur)
		pr_warn("%s: XDP program id %u is not bpfvlan's; left in place\n",
			dev, cur);
	if (err && err != -ENODEV) {
		pr_warn("cannot detach the XDP program from %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	p->flags &= ~BV_PORT_F_XDP;
	return 0;
}

/* veth only: metadata tags would be invisible to XDP at the far end. */
static int txvlan_off(const char *dev, const struct bv_link *link,
		      struct bv_port *p)
{
	unsigned int on = 0;
	int err;

	if (strcmp(link->kind, "veth"))
		return 0;
	err = bv_txvlan_get(dev, &on);
	if (err || !on)
		return err == -EOPNOTSUPP ? 0 : err;
	err = bv_txvlan_set(dev, on, false);
	if (err) {
		pr_warn("cannot turn TX VLAN offload off on %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	if (on & BV_TXVLAN_CTAG)
		p->flags |= BV_PORT_F_TXVLAN_OFF;
	if (on & BV_TXVLAN_STAG)
		p->flags |= BV_PORT_F_TXSTAG_OFF;
	return 0;
}

static void txvlan_restore(const char *dev, struct bv_port *p)
{
	unsigned int mask = 0;

	if (p->flags & BV_PORT_F_TXVLAN_OFF)
		mask |= BV_TXVLAN_CTAG;
	if (p->flags & BV_PORT_F_TXSTAG_OFF)
		mask |= BV_TXVLAN_STAG;
	if (!mask)
		return;
	if (bv_txvlan_set(dev, mask, true))
		pr_warn("cannot restore TX VLAN offload on %s\n", dev);
	p->flags &= ~(BV_PORT_F_TXVLAN_OFF | BV_PORT_F_TXSTAG_OFF);
}

/* The port's VLAN memberships, as attach asks for them. */
static enum bv_membership wanted(const struct bv_port_req *req,
				 unsigned int vid)
{
	if (vid == req->pvid)
		return BV_JOIN_UNTAGGED;
	if (req->mode == BV_MODE_TRUNK && bv_vidset_test(&req->vids, vid))
		return BV_JOIN_TAGGED;
	return BV_LEAVE;
}

static int validate(struct bv_bridge *br, const struct bv_port_req *req,
		    struct bv_link *link)
{
	char owner[BV_BRIDGE_NAME_MAX];
	int err;

	err = bv_link_get(req->dev, 0, link);
	if (err) {
		pr_warn("device %s not found%s\n", req->dev,
			err == -ENODEV ? "" : " (netlink error)");
		return err == -ENODEV ? err : -ENODEV;
	}
	if (bv_bridge_slot_of(br, link->ifindex) >= 0) {
		pr_warn("%s is already a port of bridge %s (detach it first)\n",
			req->dev, br->name);
		return -EEXIST;
	}
	if (!bv_bridge_find_owner(br, link->ifindex, owner)) {
		pr_warn("%s is already a port of bridge %s\n", req->dev, owner);
		return -EBUSY;
	}
	if (req->mode == BV_MODE_TRUNK && !req->pvid &&
	    !bv_vidset_count(&req->vids)) {
		pr_warn("trunk %s needs at least one VID\n", req->dev);
		return -EINVAL;
	}
	err = check_no_foreign_xdp(req->dev, link->ifindex);
	if (err)
		return err;
	if (free_slot(br) < 0) {
		pr_warn("bridge %s is full (%d ports)\n", br->name, BV_MAX_PORTS);
		return -ENOSPC;
	}
	return 0;
}

/* Undo the map side of a port: memberships, tx entry, index, fdb, slot. */
static int unpublish(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_fdb_filter f = { .ifindex = p->ifindex, .with_static = true };
	struct bv_vidset vids;
	__u32 key = p->ifindex, skey = slot;
	size_t n;
	int err;

	err = bv_port_vids(br, slot, &vids);
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_set(br, slot, vid, BV_LEAVE);
	if (err)
		return err;
	bpf_map_delete_elem(br->fd[BV_MAP_TX], &skey);
	bv_bridge_unindex_port(br, key);
	/* No run that still saw the port (a flood walk deciding a copy for
	 * it from its pvid, a frame being learned on it) outlives this: its
	 * slot may then go to another port, and its entries are all made.
	 */
	err = bv_bridge_sync(br);
	if (!err)
		err = bv_fdb_flush(br, &f, &n);
	memset(p, 0, sizeof(*p));
	if (!err)
		err = bv_bridge_save_port(br, slot);
	return err;
}

static int publish(struct bv_bridge *br, unsigned int slot,
		   const struct bv_port_req *req)
{
	struct bv_port *p = &br->ports[slot];
	struct bpf_devmap_val tx = { .ifindex = p->ifindex };
	__u32 key = p->ifindex, skey = slot;
	struct bv_vidset vids = {};
	int err;

	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (wanted(req, vid) != BV_LEAVE)
			bv_vidset_set(&vids, vid);
	err = bv_vlan_flood_prepare(br, &vids);
	if (!err)
		err = bv_stats_reset(br, slot);
	if (!err)
		err = bv_learn_count_reset(br, slot);
	if (!err)
		err = bv_bridge_save_port(br, slot);
	if (!err && bpf_map_update_elem(br->fd[BV_MAP_TX], &skey, &tx, BPF_ANY))
		err = -errno;
	if (err)
		goto fail;
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		enum bv_membership how = wanted(req, vid);

		if (how == BV_LEAVE)
			continue;
		err = bv_vlan_set(br, slot, vid, how);
		if (err)
			goto fail;
	}
	/* Last: from here on the datapath sees frames of this port. */
	err = bv_bridge_index_port(br, key, skey);
	if (err)
		goto fail;
	return 0;
fail:
	pr_warn("cannot add %s to bridge %s: %s\n", req->dev, br->name,
		strerror(-err));
	unpublish(br, slot);
	return err;
}

int bv_port_attach(struct bv_bridge *br, const struct bv_port_req *req)
{
	struct bv_link link;
	struct bv_port *p;
	int slot, err, native_xdp;

	err = validate(br, req, &link);
	if (err)
		return err;
	slot = free_slot(br);
	p = &br->ports[slot];
	memset(p, 0, sizeof(*p));
	p->ifindex = link.ifindex;
	p->mode = req->mode;
	p->attach = req->attach;
	p->pvid = req->pvid;
	p->learn_limit = req->learn_limit;
	native_xdp = bv_port_probe(p, req->dev, link.mtu);
	if (req->attach == BV_ATTACH_XDP && !native_xdp) {
		pr_warn("%s: driver has no native XDP (use mode auto or tc)\n",
			req->dev);
		memset(p, 0, sizeof(*p));
		return -EOPNOTSUPP;
	}
	if (bv_kind_is_local(link.kind))
		p->flags |= BV_PORT_F_LOCAL_CSUM;

	err = txvlan_off(req->dev, &link, p);
	if (err)
		goto fail_txvlan;
	err = publish(br, slot, req);
	if (err)
		goto fail_publish;
	err = tc_attach(br, req->dev, p);
	if (err)
		goto fail_tc;
	if (bv_port_wants_xdp(req->attach, link.kind, native_xdp)) {
		err = xdp_attach(br, req->dev, p);
		if (err)
			goto fail_xdp;
	} else if (req->attach == BV_ATTACH_AUTO) {
		pr_info("%s: TC only (%s)\n", req->dev,
			native_xdp ? "fed by a local stack; mode xdp forces XDP"
				   : "driver has no native XDP");
	}
	err = bv_bridge_save_port(br, slot);
	if (err)
		goto fail_save;
	return 0;

fail_save:
	xdp_detach(br, req->dev, p);
fail_xdp:
	tc_detach(req->dev, p);
fail_tc:
	{
		struct bv_port keep = *p;

		unpublish(br, slot);
		*p = keep;
	}
fail_publish:
	txvlan_restore(req->dev, p);
fail_txvlan:
	memset(p, 0, sizeof(*p));
	return err;
}

int bv_port_detach_slot(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	char name[IF_NAMESIZE + 16];
	struct bv_link link;
	int err;

	if (slot >= BV_MAX_PORTS || !p->ifindex)
		return -ENOENT;
	/* The link may be gone: then only the maps are left to clean. */
	if (!bv_link_get(NULL, p->ifindex, &link)) {
		snprintf(name, sizeof(name), "%s", link.name);
		err = xdp_detach(br, name, p);
		if (!err)
			err = tc_detach(name, p);
		if (err)
			return err;
		txvlan_restore(name, p);
	}
	return unpublish(br, slot);
}

int bv_port_of_dev(struct bv_bridge *br, const char *dev, unsigned int *slot)
{
	struct bv_link link;
	int s;

	if (bv_link_get(dev, 0, &link)) {
		pr_warn("device %s not found\n", dev);
		return -ENODEV;
	}
	s = bv_bridge_slot_of(br, link.ifindex);
	if (s < 0) {
		pr_warn("%s is not a port of bridge %s\n", dev, br->name);
		return -ENOENT;
	}
	*slot = s;
	return 0;
}

int bv_port_vids(struct bv_bridge *br, unsigned int slot,
		 struct bv_vidset *vids)
{
	struct bv_vlan v;
	int err;

	memset(vids, 0, sizeof(*vids));
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		err = bv_vlan_read(br, vid, &v);
		if (err)
			return err;
		if (bv_vlan_has(&v, slot))
			bv_vidset_set(vids, vid);
	}
	return 0;
}

int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_vidset cur;
	int err;

	err = bv_port_vids(br, slot, &cur);
	if (!err && add)
		err = bv_vlan_flood_prepare(br, vids);
	if (err)
		return err;
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		if (!bv_vidset_test(vids, vid) || vid == p->pvid)
			continue;
		if (add == bv_vidset_test(&cur, vid))
			continue;	/* already as asked */
		err = bv_vlan_set(br, slot, vid,
				  add ? BV_JOIN_TAGGED : BV_LEAVE);
		if (err)
			return err;
	}
	return 0;
}

int bv_port_set_learn_limit(struct bv_bridge *br, unsigned int slot,
			    unsigned int limit)
{
	br->ports[slot].learn_limit = limit;
	return bv_bridge_save_port(br, slot);
}

/* A port's XDP_TX or MTU changed: its VLANs' XDP flood flag may too. */
static int refresh_port_vlans(struct bv_bridge *br, unsigned int slot)
{
	struct bv_vidset vids;
	int err = bv_port_vids(br, slot, &vids);

	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_refresh(br, vid);
	return err;
}

int bv_bridge_refresh(struct bv_bridge *br)
{
	int err;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		struct bv_port *p = &br->ports[slot];
		struct bv_port before = *p;
		struct bv_link link;

		if (!p->ifindex)
			continue;
		if (bv_link_get(NULL, p->ifindex, &link) == -ENODEV) {
			pr_info("port ifindex %u is gone: removed from bridge %s\n",
				p->ifindex, br->name);
			err = unpublish(br, slot);
			if (err)
				return err;
			continue;
		}
		bv_port_probe(p, link.name, link.mtu);
		if (!memcmp(&before, p, sizeof(before)))
			continue;
		pr_debug("%s: XDP_TX %d, MTU %u\n", link.name,
			 !!(p->flags & BV_PORT_F_XDP_TX), p->mtu);
		err = bv_bridge_save_port(br, slot);
		if (!err)
			err = refresh_port_vlans(br, slot);
		if (err)
			return err;
	}
	return 0;
}
