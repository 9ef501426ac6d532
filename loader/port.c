// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "conf.h"
#include "port_dev.h"
#include "hooks.h"
#include "log.h"
#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "portdev.h"
#include "probe.h"
#include "publish.h"

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

/* mode xdp on a port that cannot have XDP: refused before any change. */
static int check_xdp(const struct bv_port_req *req, const struct bv_link *link)
{
	struct bv_port probe = { .ifindex = link->ifindex };
	const char *no_xdp;

	if (req->attach != BV_ATTACH_XDP)
		return 0;
	no_xdp = bv_port_no_xdp_reason(link->kind,
				       bv_port_probe(&probe, req->dev, link->mtu));
	if (!no_xdp)
		return 0;
	pr_warn("%s: no XDP: %s (use mode auto or tc)\n", req->dev, no_xdp);
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

int bv_port_attach(struct bv_bridge *br, const struct bv_port_req *req)
{
	struct bv_vidset tagged = {};
	struct bv_link link;
	struct bv_port *p;
	const char *no_xdp;
	int slot, err, native_xdp;
	bool wants_xdp, xdp;

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
	native_xdp = bv_port_probe(p, req->dev, link.mtu);
	no_xdp = bv_port_no_xdp_reason(link.kind, native_xdp);
	if (req->attach == BV_ATTACH_XDP && no_xdp) {
		pr_warn("%s: no XDP: %s (use mode auto or tc)\n", req->dev,
			no_xdp);
		memset(p, 0, sizeof(*p));
		return -EOPNOTSUPP;
	}
	wants_xdp = xdp = bv_port_wants_xdp(req->attach, link.kind, native_xdp);
	if (bv_kind_is_local(link.kind))
		p->flags |= BV_PORT_F_LOCAL_CSUM;
	bv_port_set_owner(p, req->owner);
	if (req->mode == BV_MODE_TRUNK)
		tagged = req->vids;

	err = bv_devconf_apply(req->dev, &link, p, &xdp);
	if (err)
		goto fail_devconf;
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
		err = bv_hook_xdp_attach(br, req->dev, p);
		if (err)
			goto fail_xdp;
	} else if (!wants_xdp && req->attach == BV_ATTACH_AUTO) {
		pr_info("%s: TC only (%s)\n", req->dev,
			no_xdp ? no_xdp : "fed by a local stack; mode xdp forces XDP");
	}
	err = bv_bridge_save_port(br, slot);
	if (err)
		goto fail_save;
	return 0;

fail_save:
	bv_hook_xdp_detach(br, req->dev, p);
fail_xdp:
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
