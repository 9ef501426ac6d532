// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "conf.h"
#include "devconf.h"
#include "hooks.h"
#include "kernel.h"
#include "log.h"
#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "portdev.h"
#include "probe.h"
#include "publish.h"
#include "refresh.h"

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

static int validate(struct bv_bridge *br, const struct bv_port_req *req,
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
	if (!bv_bridge_find_owner(br, link->ifindex, owner)) {
		pr_warn("%s is already a port of bridge %s\n", req->dev, owner);
		return -EBUSY;
	}
	if (req->mode == BV_MODE_TRUNK && !req->pvid &&
	    !bv_vidset_count(&req->vids)) {
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

/* Where XDP goes on the port to be, from what the kernel says of it. */
static enum bv_no_xdp xdp_policy(const struct bv_port_req *req,
				 const struct bv_link *link,
				 struct bv_port *p, int *native)
{
	*native = bv_port_probe(p, link);
	return bv_port_xdp_policy(req->attach, link->kind, *native,
				  bv_kernel()->rx_vlan_tag);
}

/* mode xdp on a port that cannot have XDP: refused before any change. */
static int check_xdp(const struct bv_port_req *req, const struct bv_link *link)
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

int bv_port_attach_check(struct bv_bridge *br, const struct bv_port_req *req,
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
		bv_devconf_xdp_off(dev, p);
		return 0;
	}
	if (err == -EOPNOTSUPP)
		pr_warn("cannot attach the XDP program to %s: %s\n", dev,
			strerror(-err));
	if (err)
		return err;
	before = p->flags;
	bv_port_probe(p, link);
	if (before == p->flags)
		return 0;
	err = bv_bridge_save_port(br, slot);
	if (!err)
		err = bv_port_refresh_vlans(br, slot);
	if (err)
		pr_warn("cannot update bridge %s for %s: %s\n", br->name, dev,
			strerror(-err));
	return err;
}

int bv_port_attach(struct bv_bridge *br, const struct bv_port_req *req)
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
	p->mode = req->mode;
	p->attach = req->attach;
	p->pvid = req->pvid;
	p->flags = req->flags;
	p->learn_limit = req->learn_limit;
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
	bv_port_set_owner(p, req->owner);
	if (req->mode == BV_MODE_TRUNK)
		tagged = req->vids;

	err = bv_devconf_apply(req->dev, &link, p, &xdp);
	if (err)
		goto fail_devconf;
	if (why == BV_NOXDP_NONE && !xdp)
		why = BV_NOXDP_RX_FIXED;
	else if (why != BV_NOXDP_NONE && req->attach == BV_ATTACH_AUTO)
		pr_info("%s: TC only (%s%s)\n", req->dev, bv_no_xdp_name(why),
			why == BV_NOXDP_LOCAL ? "; mode xdp forces XDP" : "");
	bv_port_set_no_xdp(p, why);
	err = bv_port_publish(br, slot, req->pvid, &tagged);
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

		bv_port_unpublish(br, slot);
		*p = keep;
	}
fail_publish:
	bv_devconf_restore(req->dev, p);
fail_devconf:
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
int bv_port_detach_slot(struct bv_bridge *br, unsigned int slot)
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
		bv_devconf_restore(name, p);
	} else {
		bv_ifname(p->ifindex, name);
	}
	err = bv_port_unpublish(br, slot);
	if (err)
		pr_warn("cannot remove %s from bridge %s: %s\n", name, br->name,
			strerror(-err));
	return err;
}

int bv_port_set_owner_slot(struct bv_bridge *br, unsigned int slot,
			   unsigned int owner)
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

int bv_port_set_learn_limit(struct bv_bridge *br, unsigned int slot,
			    unsigned int limit)
{
	br->ports[slot].learn_limit = limit;
	return bv_bridge_save_port(br, slot);
}
