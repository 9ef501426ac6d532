/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * VLAN membership as the datapath reads it: keeps bv_vlans (bitmaps,
 * flood list, flags) and the VID's flood devmap in bv_flood consistent
 * with each other. A port's VLAN set is port_vlan.c's.
 */
#ifndef BV_VLAN_H
#define BV_VLAN_H

#include <stdbool.h>
#include "bpfvlan/vlan.h"
#include "bridge.h"

enum bv_membership {
	BV_LEAVE,
	BV_JOIN_TAGGED,
	BV_JOIN_UNTAGGED,
};

/* Make @slot a member of @vid (or not). Silent: the caller says which
 * port failed.
 */
int bv_vlan_set(struct bv_bridge *br, unsigned int slot, unsigned int vid,
		enum bv_membership how);
/* Make sure each VID of @vids has its flood devmap (one batch update). */
int bv_vlan_flood_prepare(struct bv_bridge *br, const struct bv_vidset *vids);
/* Recompute flags (XDP flood allowed) after a member port changed. */
int bv_vlan_refresh(struct bv_bridge *br, unsigned int vid);
/* Small enough for the XDP flood devmap (BV_FLOOD_XDP_MAX)? */
bool bv_vlan_floods_in_xdp(const struct bv_vlan *v);

#endif /* BV_VLAN_H */
