// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include "hooks.h"
#include "log.h"
#include "netlink.h"
#include "probe.h"
#include "publish.h"
#include "refresh.h"
#include "vlan.h"

int bv_port_refresh_vlans(struct bv_bridge *br, unsigned int slot)
{
	struct bv_vidset vids;
	int err = bv_vlan_port_vids(br, slot, &vids);

	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_refresh(br, vid);
	return err;
}

/* The port's device is gone, or another device has its ifindex now. */
static int remove_gone(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	char name[BV_IFNAME_BUF];

	pr_info("port ifindex %u is gone: removed from bridge %s\n",
		p->ifindex, br->name);
	/* Only our XDP program, if a device there still has it. */
	bv_hook_xdp_detach(br, bv_ifname(p->ifindex, name), p);
	return bv_port_unpublish(br, slot);
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
		err = bv_hook_port_link(br, p, &link);
		if (err == -ENODEV) {
			err = remove_gone(br, slot);
			if (err)
				return err;
			continue;
		}
		if (err) {
			/* Nothing learnt: the port stays as it was. */
			pr_warn("cannot query port ifindex %u of bridge %s: %s (left as it was)\n",
				p->ifindex, br->name, strerror(-err));
			continue;
		}
		bv_port_probe(p, &link);
		if (!memcmp(&before, p, sizeof(before)))
			continue;
		pr_debug("%s: XDP_TX %d, MTU %u\n", link.name,
			 !!(p->flags & BV_PORT_F_XDP_TX), p->mtu);
		err = bv_bridge_save_port(br, slot);
		if (!err)
			err = bv_port_refresh_vlans(br, slot);
		if (err)
			return err;
	}
	return 0;
}
