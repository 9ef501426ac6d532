// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/log.h"
#include "bpfvlan/parse.h"
#include "port.h"
#include "veth.h"

static int validate(const struct bv_internal_req *req)
{
	struct bv_link link;
	int err;

	if (!bv_ifname_valid(req->name)) {
		pr_warn("invalid device name \"%s\"\n", req->name);
		return -EINVAL;
	}
	if (!bv_vid_valid(req->vid)) {
		pr_warn("invalid VID %u for %s\n", req->vid, req->name);
		return -EINVAL;
	}
	if (req->mtu && (req->mtu < BV_INTERNAL_MTU_MIN ||
			 req->mtu > BV_INTERNAL_MTU_MAX)) {
		pr_warn("invalid MTU %u for %s\n", req->mtu, req->name);
		return -EINVAL;
	}
	if (req->mac && !bv_mac_unicast(req->mac)) {
		pr_warn("MAC of %s must be unicast\n", req->name);
		return -EINVAL;
	}
	err = bv_link_get(req->name, 0, &link);
	if (!err) {
		pr_warn("device %s already exists\n", req->name);
		return -EEXIST;
	}
	if (err != -ENODEV)
		pr_warn("cannot look up device %s: %s\n", req->name,
			strerror(-err));
	return err == -ENODEV ? 0 : err;
}

/* The pair as made: the host's end by name, the bridge's end as its peer. */
static int find_pair(const char *name, struct bv_link *host,
		     struct bv_link *port)
{
	int err = bv_link_get(name, 0, host);

	if (!err && !host->peer_ifindex)
		err = -ENODEV;
	if (!err)
		err = bv_link_get(NULL, host->peer_ifindex, port);
	return err;
}

int bv_internal_add(struct bv_bridge *br, const struct bv_internal_req *req)
{
	struct bv_veth_req veth = {
		.host = req->name,
		.port = BV_INTERNAL_PORT_NAME,
		.mtu = req->mtu,
		.mac = req->mac,
	};
	struct bv_conf_port port = {
		.mode = BV_MODE_ACCESS,
		.attach = BV_ATTACH_AUTO,
		.pvid = req->vid,
	};
	struct bv_link host, link;
	int slot, err;

	err = validate(req);
	if (err)
		return err;
	err = bv_veth_create(&veth);
	if (err) {
		if (err == -EEXIST)
			pr_warn("device %s already exists\n", req->name);
		else
			pr_warn("cannot create the veth pair of %s: %s\n",
				req->name, strerror(-err));
		return err;
	}
	err = find_pair(req->name, &host, &link);
	if (err) {
		/* Gone already, or renamed under us: nothing of ours to find. */
		pr_warn("veth pair of %s vanished while being set up\n",
			req->name);
		return err;
	}
	err = bv_veth_port_up(link.ifindex);
	if (err) {
		pr_warn("cannot bring %s (bridge end of %s) up: %s\n",
			link.name, req->name, strerror(-err));
		goto fail_link;
	}
	snprintf(port.dev, sizeof(port.dev), "%s", link.name);
	err = bv_port_attach_as(br, &port, BV_PORT_F_INTERNAL);
	if (err)
		goto fail_link;
	slot = bv_bridge_slot_of(br, link.ifindex);
	err = slot < 0 ? slot : bv_fdb_add_static(br, host.mac, req->vid, slot);
	if (err) {
		pr_warn("cannot add the MAC of %s to VLAN %u: %s\n", req->name,
			req->vid, strerror(-err));
		goto fail_port;
	}
	pr_info("%s: internal port %s in VLAN %u\n", req->name, link.name,
		req->vid);
	return 0;

fail_port:
	if (slot >= 0)
		bv_port_release(br, slot);
fail_link:
	bv_veth_delete(link.ifindex);
	return err;
}

int bv_internal_del(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	char name[BV_IFNAME_BUF];
	int err;

	if (slot >= BV_MAX_PORTS || !p->ifindex ||
	    !(p->flags & BV_PORT_F_INTERNAL))
		return -ENOENT;
	bv_ifname(p->ifindex, name);
	/* The pair first: if that fails, the port is still whole. The
	 * kernel takes our hooks with it; the maps are left to clean.
	 */
	err = bv_veth_delete(p->ifindex);
	if (err && err != -ENODEV) {
		pr_warn("cannot delete %s: %s\n", name, strerror(-err));
		return err;
	}
	err = bv_port_release(br, slot);
	if (err)
		pr_warn("cannot remove %s from bridge %s: %s\n", name, br->name,
			strerror(-err));
	return err;
}

int bv_internal_host(const struct bv_bridge *br, unsigned int slot,
		     struct bv_link *host)
{
	const struct bv_port *p = &br->ports[slot];
	struct bv_link link;
	int err;

	if (slot >= BV_MAX_PORTS || !(p->flags & BV_PORT_F_INTERNAL))
		return -ENOENT;
	err = bv_link_get(NULL, p->ifindex, &link);
	if (err)
		return err;
	if (!link.peer_ifindex)
		return -ENODEV;
	return bv_link_get(NULL, link.peer_ifindex, host);
}
