/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The map side of a port: its slot in bv_ports, its unicast devmap entry,
 * its VLAN memberships (and flood devmap entries), and the ifindex index
 * the datapath finds it by, which is written last on publish and removed
 * first on unpublish, so that the datapath never sees half a port.
 */
#ifndef BV_PUBLISH_H
#define BV_PUBLISH_H

#include "bridge.h"
#include "vidset.h"

/*
 * Publish br->ports[@slot] (already filled in) as a member of @pvid
 * (untagged; 0 = none) and of the VIDs of @tagged. On failure the maps
 * are as before.
 */
int bv_port_publish(struct bv_bridge *br, unsigned int slot, __u16 pvid,
		    const struct bv_vidset *tagged);
/* Remove every trace of the port in @slot from the maps, FDB included. */
int bv_port_unpublish(struct bv_bridge *br, unsigned int slot);

#endif /* BV_PUBLISH_H */
