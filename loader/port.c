// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A port's lifecycle: attach (checks, device settings, maps, TC, XDP,
 * each step rolled back on a later failure), detach, refresh (its device
 * gone or changed), and the settings changed live.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/log.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/stats.h"
#include "bpffs.h"
#include "datapath.h"
#include "fdb.h"
#include "hooks.h"
#include "kernel.h"
#include "mirror.h"
#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "port_dev.h"
#include "port_ip.h"
#include "port_vlan.h"

/*
 * Where a port's words land in the datapath's struct bv_port, and back:
 * a keyword of the port grammar (port_spec.c) that the datapath reads
 * has its line in both.
 */
static void spec_to_port(const struct bv_conf_port *c, struct bv_port *p)
{
	p->mode = c->mode;
	p->attach = c->attach;
	p->pvid = c->pvid;
	p->learn_limit = c->learn_limit;
	p->flags &= ~(BV_PORT_F_ISOLATED | BV_PORT_F_LOCKED |
		      BV_PORT_F_ALLOW_IP);
	p->flags |= (c->isolated ? BV_PORT_F_ISOLATED : 0) |
		    (c->locked ? BV_PORT_F_LOCKED : 0) |
		    (c->allow_ip.nr ? BV_PORT_F_ALLOW_IP : 0);
	bv_port_set_owner(p, c->owner);
	memcpy(p->owner_id, c->owner_id, sizeof(p->owner_id));
}

void bv_port_to_spec(const struct bv_port *p, struct bv_conf_port *c)
{
	c->mode = p->mode;
	c->attach = p->attach;
	c->pvid = p->pvid;
	c->learn_limit = p->learn_limit;
	c->isolated = p->flags & BV_PORT_F_ISOLATED;
	c->locked = p->flags & BV_PORT_F_LOCKED;
	c->owner = bv_port_owner(p);
	memcpy(c->owner_id, p->owner_id, sizeof(c->owner_id));
}

static int free_slot(const struct bv_bridge *br)
{
	for (int slot = 0; slot < BV_MAX_PORTS; slot++)
		if (!br->ports[slot].ifindex)
			return slot;
	return -ENOSPC;
}

/* Slot of the internal port whose host's end is @link, or -ENOENT. */
static int internal_of_host(const struct bv_bridge *br,
			    const struct bv_link *link)
{
	int slot;

	if (!link->peer_ifindex || strcmp(link->kind, "veth"))
		return -ENOENT;
	slot = bv_bridge_slot_of(br, link->peer_ifindex);
	if (slot < 0 || !(br->ports[slot].flags & BV_PORT_F_INTERNAL))
		return -ENOENT;
	return slot;
}

/* Is @ifindex a port of the pinned bridge @name in the netns @cookie? The
 * device must carry that bridge's TC program: one that only got the
 * ifindex of a deleted port is not its port (see bv_hook_port_link).
 */
static int bridge_has_port(const char *name, __u64 cookie, int ifindex)
{
	static const enum bv_obj objs[] = {
		BV_MAP_PORTS, BV_MAP_CONFIG, BV_MAP_IFINDEX, BV_PROG_TC,
	};
	int fd[sizeof(objs) / sizeof(objs[0])], found = 0;
	struct bv_config cfg = {};
	struct bv_port port;
	char path[256];
	__u32 zero = 0, slot;

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		enum bv_obj o = objs[i];

		if (o == BV_MAP_IFINDEX && ifindex >= BV_IFINDEX_DIRECT)
			o = BV_MAP_IFINDEX_HI;
		bv_bpffs_path(path, sizeof(path), name, bv_obj_names[o]);
		fd[i] = bpf_obj_get(path);
	}
	/* The array index holds slot 0 for every absent ifindex: check. */
	if (fd[0] >= 0 && fd[1] >= 0 && fd[2] >= 0 && fd[3] >= 0 &&
	    !bv_map_lookup_sized(fd[1], &zero, &cfg, sizeof(cfg)) &&
	    cfg.netns_cookie == cookie &&
	    !bpf_map_lookup_elem(fd[2], &ifindex, &slot) &&
	    !bv_map_lookup_sized(fd[0], &slot, &port, sizeof(port)))
		found = port.ifindex == (__u32)ifindex &&
			bv_hook_tc_has(ifindex, fd[3]) == 1;
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		if (fd[i] >= 0)
			close(fd[i]);
	return found;
}

int bv_port_bridge_of(const struct bv_bridge *self, int ifindex,
		      char owner[BV_BRIDGE_NAME_MAX])
{
	struct dirent *de;
	DIR *d = opendir(BV_PIN_ROOT);
	int ret = -ENOENT;

	if (!d)
		return -ENOENT;
	while ((de = readdir(d))) {
		/* not a bridge (a load's build directory), or ourselves */
		if (!bv_bridge_name_valid(de->d_name) || !strcmp(de->d_name, self->name))
			continue;
		if (bridge_has_port(de->d_name, self->cfg.netns_cookie, ifindex)) {
			size_t len = strnlen(de->d_name, BV_BRIDGE_NAME_MAX - 1);

			memcpy(owner, de->d_name, len);
			owner[len] = '\0';
			ret = 0;
			break;
		}
	}
	closedir(d);
	return ret;
}

static int validate(struct bv_bridge *br, const struct bv_conf_port *req,
		    struct bv_link *link)
{
	char owner[BV_BRIDGE_NAME_MAX];
	int err;

	err = bv_link_get(req->dev, 0, link);
	if (err == -ENODEV)
		pr_warn("device %s not found\n", req->dev);
	else if (err)
		pr_warn("cannot look up device %s: %s\n", req->dev,
			strerror(-err));
	if (err)
		return err;
	err = bv_port_dev_check(req->dev, link);
	if (err)
		return err;
	if (bv_bridge_slot_of(br, link->ifindex) >= 0) {
		pr_warn("%s is already a port of bridge %s (detach it first)\n",
			req->dev, br->name);
		return -EEXIST;
	}
	if (internal_of_host(br, link) >= 0) {
		pr_warn("%s is the host's end of an internal port of bridge %s\n",
			req->dev, br->name);
		return -EBUSY;
	}
	if (!bv_port_bridge_of(br, link->ifindex, owner)) {
		pr_warn("%s is already a port of bridge %s\n", req->dev, owner);
		return -EBUSY;
	}
	err = bv_mirror_check_not_dest(br, req->dev, link->ifindex,
				       link->peer_ifindex);
	if (err)
		return err;
	if (req->mode == BV_MODE_TRUNK && !req->pvid &&
	    !bv_vidset_count(&req->tagged)) {
		pr_warn("trunk %s needs at least one VID\n", req->dev);
		return -EINVAL;
	}
	err = bv_hook_check_no_foreign_xdp(req->dev, link->ifindex);
	if (err)
		return err;
	if (free_slot(br) < 0) {
		pr_warn("bridge %s is full (%d ports)\n", br->name, BV_MAX_PORTS);
		return -ENOSPC;
	}
	return 0;
}

/*
 * The map side of a port: its slot in bv_ports, its unicast devmap entry,
 * its VLAN memberships (and flood devmap entries), and the ifindex index
 * the datapath finds it by, which is written last on publish and removed
 * first on unpublish, so that the datapath never sees half a port.
 */

/* Remove every trace of the port in @slot from the maps, FDB included. */
static int unpublish(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_fdb_filter f = { .ifindex = p->ifindex, .with_static = true };
	__u32 key = p->ifindex, skey = slot;
	size_t n;
	int err;

	err = bv_mirror_port_gone(br, slot);
	if (!err)
		err = bv_port_vlan_leave(br, slot);
	if (err)
		return err;
	bpf_map_delete_elem(br->fd[BV_MAP_TX], &skey);
	bv_datapath_unindex_port(br, key);
	/* No run that still saw the port (a flood walk deciding a copy for
	 * it from its pvid, a frame being learned on it) outlives this: its
	 * slot may then go to another port, and its entries are all made.
	 */
	err = bv_datapath_sync(br);
	if (!err)
		err = bv_fdb_flush(br, &f, &n);
	if (!err)
		err = bv_port_ip_clear(br, slot);
	memset(p, 0, sizeof(*p));
	if (!err)
		err = bv_bridge_save_port(br, slot);
	return err;
}

/*
 * Publish br->ports[@slot] (already filled in) as a member of @pvid
 * (untagged; 0 = none) and of the VIDs of @tagged. On failure the maps
 * are as before.
 */
static int publish(struct bv_bridge *br, unsigned int slot, __u16 pvid,
		   const struct bv_vidset *tagged)
{
	struct bv_port *p = &br->ports[slot];
	struct bpf_devmap_val tx = { .ifindex = p->ifindex };
	__u32 key = p->ifindex, skey = slot;
	struct bv_port keep;
	int err;

	err = bv_stats_reset(br, slot);
	if (!err)
		err = bv_fdb_learned_reset(br, slot);
	if (!err)
		err = bv_bridge_save_port(br, slot);
	if (!err && bpf_map_update_elem(br->fd[BV_MAP_TX], &skey, &tx, BPF_ANY))
		err = -errno;
	if (!err)
		err = bv_port_vlan_join(br, slot, pvid, tagged);
	/* Last: from here on the datapath sees frames of this port. */
	if (!err)
		err = bv_datapath_index_port(br, key, skey);
	if (!err)
		return 0;
	keep = *p;		/* the caller still owns the port's settings */
	unpublish(br, slot);
	*p = keep;
	return err;
}

/*
 * Where XDP goes on the port to be, from what the kernel says of it. A
 * kernel without the RX VLAN kfunc only adds a reason: it is asked (a
 * read of its whole BTF) only for a port that would otherwise get XDP.
 */
static enum bv_no_xdp xdp_policy(const struct bv_conf_port *req,
				 const struct bv_link *link,
				 struct bv_port *p, int *native)
{
	enum bv_no_xdp why;

	*native = bv_port_dev_probe(p, link);
	why = bv_port_xdp_policy(req->attach, link->kind, *native, true);
	if (why == BV_NOXDP_NONE && !bv_kernel_rx_vlan_tag())
		why = bv_port_xdp_policy(req->attach, link->kind, *native,
					 false);
	return why;
}

/* mode xdp on a port that cannot have XDP: refused before any change. */
static int check_xdp(const struct bv_conf_port *req, const struct bv_link *link)
{
	struct bv_port probe = { .ifindex = link->ifindex };
	enum bv_no_xdp why;
	int native;

	why = xdp_policy(req, link, &probe, &native);
	if (!bv_no_xdp_refused(req->attach, why))
		return 0;
	pr_warn("%s: no XDP: %s (use mode auto or tc)\n", req->dev,
		bv_no_xdp_name(why));
	return -EOPNOTSUPP;
}

int bv_port_attach_check(struct bv_bridge *br, const struct bv_conf_port *req,
			 bool again)
{
	struct bv_link link;
	int err;

	if (again) {
		err = bv_link_get(req->dev, 0, &link);
		if (err) {
			pr_warn("device %s not found\n", req->dev);
			return err;
		}
	} else {
		err = validate(br, req, &link);
	}
	return err ? err : check_xdp(req, &link);
}

/*
 * The XDP program on, once TC switches the port. Where the kernel could
 * not say whether the driver has native XDP, the attach says: mode auto
 * then keeps TC only. A NIC that could not say whether it takes XDP frames
 * does once its XDP program runs: the port and its VLANs learn it now.
 */
static int attach_xdp(struct bv_bridge *br, const char *dev,
		      const struct bv_link *link, unsigned int slot,
		      int native)
{
	struct bv_port *p = &br->ports[slot];
	__u32 before;
	int err;

	err = bv_hook_xdp_attach(br, dev, p);
	if (err == -EOPNOTSUPP && native == BV_NATIVE_UNKNOWN) {
		if (p->attach == BV_ATTACH_XDP) {
			pr_warn("%s: no XDP: %s (use mode auto or tc)\n", dev,
				bv_no_xdp_name(BV_NOXDP_DRIVER));
			return err;
		}
		pr_info("%s: TC only (%s)\n", dev,
			bv_no_xdp_name(BV_NOXDP_DRIVER));
		bv_port_set_no_xdp(p, BV_NOXDP_DRIVER);
		bv_port_dev_xdp_off(dev, p);
		return 0;
	}
	if (err == -EOPNOTSUPP)
		pr_warn("cannot attach the XDP program to %s: %s\n", dev,
			strerror(-err));
	if (err)
		return err;
	before = p->flags;
	bv_port_dev_probe(p, link);
	if (before == p->flags)
		return 0;
	err = bv_bridge_save_port(br, slot);
	if (!err)
		err = bv_port_vlan_refresh(br, slot);
	if (err)
		pr_warn("cannot update bridge %s for %s: %s\n", br->name, dev,
			strerror(-err));
	return err;
}

int bv_port_attach_as(struct bv_bridge *br, const struct bv_conf_port *req,
		      __u32 flags)
{
	struct bv_vidset tagged = {};
	struct bv_link link;
	struct bv_port *p;
	enum bv_no_xdp why;
	int slot, err, native;
	bool xdp;

	err = validate(br, req, &link);
	if (err)
		return err;
	slot = free_slot(br);
	p = &br->ports[slot];
	memset(p, 0, sizeof(*p));
	p->ifindex = link.ifindex;
	p->flags = flags;
	spec_to_port(req, p);
	why = xdp_policy(req, &link, p, &native);
	if (bv_no_xdp_refused(req->attach, why)) {
		pr_warn("%s: no XDP: %s (use mode auto or tc)\n", req->dev,
			bv_no_xdp_name(why));
		memset(p, 0, sizeof(*p));
		return -EOPNOTSUPP;
	}
	xdp = why == BV_NOXDP_NONE;
	if (bv_kind_is_local(link.kind))
		p->flags |= BV_PORT_F_LOCAL_CSUM;
	if (req->mode == BV_MODE_TRUNK)
		tagged = req->tagged;

	err = bv_port_dev_apply(req->dev, &link, p, &xdp);
	if (err)
		goto fail_dev;
	if (why == BV_NOXDP_NONE && !xdp)
		why = BV_NOXDP_RX_FIXED;
	else if (why != BV_NOXDP_NONE && req->attach == BV_ATTACH_AUTO)
		pr_info("%s: TC only (%s%s)\n", req->dev, bv_no_xdp_name(why),
			why == BV_NOXDP_LOCAL ? "; mode xdp forces XDP" : "");
	bv_port_set_no_xdp(p, why);
	/* Prefixes before the port, whose flag says to check them. */
	err = bv_port_ip_add(br, slot, &(struct bv_iplist){}, &req->allow_ip);
	if (err)
		goto fail_publish;
	err = publish(br, slot, req->pvid, &tagged);
	if (err) {
		pr_warn("cannot add %s to bridge %s: %s\n", req->dev, br->name,
			strerror(-err));
		goto fail_publish;
	}
	err = bv_hook_tc_attach(br, req->dev, p);
	if (err)
		goto fail_tc;
	if (xdp) {
		err = attach_xdp(br, req->dev, &link, slot, native);
		if (err)
			goto fail_save;	/* detaches only an attached program */
	}
	err = bv_bridge_save_port(br, slot);
	if (err)
		goto fail_save;
	return 0;

fail_save:
	bv_hook_xdp_detach(br, req->dev, p);
	bv_hook_tc_detach(req->dev, p);
fail_tc:
	{
		struct bv_port keep = *p;

		unpublish(br, slot);
		*p = keep;
	}
fail_publish:
	bv_port_dev_restore(req->dev, p);
fail_dev:
	memset(p, 0, sizeof(*p));
	return err;
}

/*
 * Programs off first, maps last: a port whose programs cannot be removed
 * stays published (its flags saying what is left) and can be detached
 * again; unpublished first, it would leave programs on a device that no
 * bridge knows, switching with nobody to remove them. Isolation holds
 * either way: a published port is a member only of its own VLANs, and an
 * unknown device's frames are not switched.
 */
int bv_port_release(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	char name[BV_IFNAME_BUF];
	struct bv_link link;
	int err;

	if (slot >= BV_MAX_PORTS || !p->ifindex)
		return -ENOENT;
	/* Gone (or its ifindex reused): only the maps are left to clean. */
	err = bv_hook_port_link(br, p, &link);
	if (err && err != -ENODEV) {
		pr_warn("cannot query port ifindex %u of bridge %s: %s\n",
			p->ifindex, br->name, strerror(-err));
		return err;
	}
	if (!err) {
		snprintf(name, sizeof(name), "%s", link.name);
		err = bv_hook_xdp_detach(br, name, p);
		if (!err)
			err = bv_hook_tc_detach(name, p);
		if (err) {
			bv_bridge_save_port(br, slot);
			return err;
		}
		bv_port_dev_restore(name, p);
	} else {
		bv_ifname(p->ifindex, name);
	}
	if (br->foreign_maps)
		return 0;	/* the maps go whole, unread (unload) */
	err = unpublish(br, slot);
	if (err)
		pr_warn("cannot remove %s from bridge %s: %s\n", name, br->name,
			strerror(-err));
	return err;
}

int bv_port_detach(struct bv_bridge *br, unsigned int slot)
{
	const struct bv_port *p = bv_bridge_port(br, slot);

	if (!p)
		return -ENOENT;
	/* An internal port goes with the veth pair bpfvlan made for it. */
	if (p->flags & BV_PORT_F_INTERNAL)
		return bv_internal_del(br, slot);
	return bv_port_release(br, slot);
}

static bool owner_id_is(const struct bv_port *p, const __u8 *id)
{
	static const __u8 none[BV_OWNER_ID_LEN];

	return !memcmp(p->owner_id, id ? id : none, sizeof(p->owner_id));
}

int bv_port_may_change(struct bv_bridge *br, unsigned int slot,
		       unsigned int owner, const __u8 *id)
{
	const struct bv_port *p = bv_bridge_port(br, slot);
	char name[BV_IFNAME_BUF], uuid[BV_UUID_FMT_LEN];

	if (!p)
		return -ENOENT;
	if (owner != BV_OWNER_HOOK)
		return 0;
	bv_ifname(p->ifindex, name);
	if (p->flags & BV_PORT_F_INTERNAL) {
		pr_warn("%s is an internal port of bridge %s: a hook does not change it\n",
			name, br->name);
		return -EPERM;
	}
	if (bv_port_owner(p) != BV_OWNER_HOOK) {
		pr_warn("%s is a port of bridge %s owned by %s: a hook does not change it\n",
			name, br->name, bv_owner_name(bv_port_owner(p)));
		return -EPERM;
	}
	if (!owner_id_is(p, NULL) && !owner_id_is(p, id)) {
		pr_warn("%s is the port of domain %s on bridge %s: a hook does not change it\n",
			name, bv_uuid_format(p->owner_id, uuid), br->name);
		return -EPERM;
	}
	return 0;
}

bool bv_port_is_of(const struct bv_bridge *br, unsigned int slot,
		   unsigned int owner, const __u8 *id)
{
	const struct bv_port *p = bv_bridge_port(br, slot);

	return p && !(p->flags & BV_PORT_F_INTERNAL) &&
	       bv_port_owner(p) == owner && id && !owner_id_is(p, NULL) &&
	       owner_id_is(p, id);
}

int bv_port_detach_as(struct bv_bridge *br, unsigned int slot,
		      unsigned int owner, const __u8 *id)
{
	int err = bv_port_may_change(br, slot, owner, id);

	return err ? err : bv_port_detach(br, slot);
}

int bv_port_own(struct bv_bridge *br, unsigned int slot, unsigned int owner)
{
	if (slot >= BV_MAX_PORTS || !br->ports[slot].ifindex ||
	    owner >= BV_OWNER_MAX)
		return -EINVAL;
	bv_port_set_owner(&br->ports[slot], owner);
	return bv_bridge_save_port(br, slot);
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
	if (s < 0)
		s = internal_of_host(br, &link);
	if (s < 0) {
		pr_warn("%s is not a port of bridge %s\n", dev, br->name);
		return -ENOENT;
	}
	*slot = s;
	return 0;
}

/* `port add NAME internal VID ...`: the pair made, the port owned. */
static int attach_internal(struct bv_bridge *br, const struct bv_conf_port *c)
{
	struct bv_internal_req req = {
		.name = c->dev,
		.vid = c->pvid,
		.mtu = c->mtu,
		.mac = c->has_mac ? c->mac : NULL,
	};
	unsigned int slot;
	int err = bv_internal_add(br, &req);

	if (err || c->owner == BV_OWNER_MANUAL)
		return err;
	err = bv_port_of_dev(br, c->dev, &slot);
	if (!err)
		err = bv_port_own(br, slot, c->owner);
	if (err && !bv_port_of_dev(br, c->dev, &slot))
		bv_internal_del(br, slot);
	return err;
}

int bv_port_attach(struct bv_bridge *br, const struct bv_conf_port *c)
{
	return c->internal ? attach_internal(br, c) : bv_port_attach_as(br, c, 0);
}

int bv_port_set(struct bv_bridge *br, unsigned int slot,
		const struct bv_conf_port *c, unsigned int mask)
{
	struct bv_conf_port cur = {};
	struct bv_iplist have;
	__u32 before;
	int err;

	if (!bv_bridge_port(br, slot))
		return -ENOENT;
	before = br->ports[slot].flags;
	bv_port_to_spec(&br->ports[slot], &cur);
	err = bv_port_allow_ip(br, slot, &cur.allow_ip);
	if (err)
		return err;
	have = cur.allow_ip;
	bv_port_spec_copy(&cur, c, mask & bv_port_spec_keywords(BV_PS_SET));
	/* New prefixes before the flag, old ones out after it. */
	err = bv_port_ip_add(br, slot, &have, &cur.allow_ip);
	if (err)
		return err;
	spec_to_port(&cur, &br->ports[slot]);
	err = bv_bridge_save_port(br, slot);
	if (err)
		return err;
	if (memcmp(&have, &cur.allow_ip, sizeof(have)))
		return bv_port_ip_prune(br, slot, &have, &cur.allow_ip);
	/* A port locked now may have sources in the learn cache that only
	 * learning vouched for (lib/fdb.h, bv_locked_src_ok).
	 */
	if (br->ports[slot].flags & ~before & BV_PORT_F_LOCKED)
		err = bv_datapath_forget_learned(br);
	return err;
}

/*
 * The port's device is gone, or it no longer carries our TC filter
 * (someone ran `tc qdisc del dev DEV clsact`), or another device has its
 * ifindex now. A device still there gets back what bpfvlan changed on it
 * (XDP program, clsact, promiscuous mode, VLAN offloads), as at a detach:
 * the port flags say what. One made with a deleted port's ifindex is
 * told from the port's own device by nothing (see README, Limitations):
 * it would get the same, which changes only what its maker changed
 * meanwhile.
 */
static int remove_gone(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	char name[BV_IFNAME_BUF];
	struct bv_link link;

	if (bv_link_get(NULL, p->ifindex, &link)) {
		pr_info("port ifindex %u is gone: removed from bridge %s\n",
			p->ifindex, br->name);
		return unpublish(br, slot);
	}
	snprintf(name, sizeof(name), "%s", link.name);
	pr_info("%s (ifindex %u) lost bridge %s's TC program: removed from the bridge, its settings restored\n",
		name, p->ifindex, br->name);
	/* Only our XDP program, if the device still has it. */
	bv_hook_xdp_detach(br, name, p);
	bv_hook_tc_detach(name, p);
	bv_port_dev_restore(name, p);
	return unpublish(br, slot);
}

/*
 * XDP off a port whose device now hides VLAN tags from it (RX VLAN
 * offload on again, and stuck): TC only, which sees every tag. On failure
 * the port keeps its XDP program and says why: the command fails, as the
 * port would still leak.
 */
static int xdp_to_tc_only(struct bv_bridge *br, const char *dev,
			  struct bv_port *p)
{
	int err = bv_hook_xdp_detach(br, dev, p);

	if (err) {
		pr_warn("%s: cannot take the XDP program off: frames tagged outside it may be switched as untagged\n",
			dev);
		return err;
	}
	bv_port_set_no_xdp(p, BV_NOXDP_RX_ON);
	bv_port_dev_xdp_off(dev, p);
	return 0;
}

int bv_port_refresh(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_port before = *p;
	struct bv_link link;
	int err;

	err = bv_hook_port_link(br, p, &link);
	if (err == -ENODEV)
		return remove_gone(br, slot);
	if (err) {
		/* Nothing learnt: the port stays as it was. */
		pr_warn("cannot query port ifindex %u of bridge %s: %s (left as it was)\n",
			p->ifindex, br->name, strerror(-err));
		return 0;
	}
	br->repair[slot] = bv_port_dev_recheck(link.name, p);
	if (br->repair[slot] == BV_REPAIR_TC_ONLY) {
		err = xdp_to_tc_only(br, link.name, p);
		if (err)
			return err;
	}
	bv_port_dev_probe(p, &link);
	if (!memcmp(&before, p, sizeof(before)))
		return 0;
	pr_debug("%s: XDP_TX %d, MTU %u\n", link.name,
		 !!(p->flags & BV_PORT_F_XDP_TX), p->mtu);
	err = bv_bridge_save_port(br, slot);
	return err ? err : bv_port_vlan_refresh(br, slot);
}
