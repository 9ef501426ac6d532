// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include "log.h"
#include "netlink.h"
#include "probe.h"
#include "publish.h"
#include "refresh.h"
#include "vlan.h"

/* A port's XDP_TX or MTU changed: its VLANs' XDP flood flag may too. */
static int refresh_port_vlans(struct bv_bridge *br, unsigned int slot)
{
	struct bv_vidset vids;
	int err = bv_vlan_port_vids(br, slot, &vids);

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
			err = bv_port_unpublish(br, slot);
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
