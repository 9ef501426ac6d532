// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "portvlan.h"
#include "vlan.h"

int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_vidset cur;
	int err;

	err = bv_vlan_port_vids(br, slot, &cur);
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
