/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A port's VLAN set, every way it changes: joined at attach, left at
 * detach, changed live by `vlan add/del` (and apply), and its VLANs told
 * when the port's XDP ability changes. The rules of a live change (trunks
 * only, never the native VID, never no VLAN at all) are here, once, for
 * every caller: bv_port_vlan_change() in bpfvlan/vlan.h.
 */
#ifndef BV_PORT_VLAN_H
#define BV_PORT_VLAN_H

#include "bpfvlan/vlan.h"
#include "bridge.h"

/*
 * Make br->ports[@slot] a member of @pvid (untagged; 0 = none) and of the
 * VIDs of @tagged, each VID's flood devmap made first. Silent; on failure
 * the caller leaves every VLAN again (bv_port_vlan_leave).
 */
int bv_port_vlan_join(struct bv_bridge *br, unsigned int slot, __u16 pvid,
		      const struct bv_vidset *tagged);
/* Leave every VLAN @slot is a member of. Silent. */
int bv_port_vlan_leave(struct bv_bridge *br, unsigned int slot);
/* The port's XDP_TX or MTU changed: its VLANs' XDP flood flag may too. */
int bv_port_vlan_refresh(struct bv_bridge *br, unsigned int slot);

#endif /* BV_PORT_VLAN_H */
