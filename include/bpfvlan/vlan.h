/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * VLANs: the table of memberships the datapath reads (bv_vlans), and a
 * port's VLAN set, read and changed live.
 */
#ifndef BPFVLAN_VLAN_H
#define BPFVLAN_VLAN_H

#include <stdbool.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/vidset.h"

static inline bool bv_vlan_has(const struct bv_vlan *v, unsigned int slot)
{
	return slot < BV_MAX_PORTS && (v->members[slot / 64] >> (slot % 64)) & 1;
}

/* Does @slot leave the VLAN untagged (an access port, a native VID)? */
static inline bool bv_vlan_untagged(const struct bv_vlan *v, unsigned int slot)
{
	return slot < BV_MAX_PORTS && (v->untagged[slot / 64] >> (slot % 64)) & 1;
}

int bv_vlan_read(struct bv_bridge *br, unsigned int vid, struct bv_vlan *v);
/* Read all of bv_vlans (BV_NR_VIDS entries); free() the result. */
int bv_vlan_read_all(struct bv_bridge *br, struct bv_vlan **table);

/* The VIDs port @slot is a member of. */
int bv_port_vlan_read(struct bv_bridge *br, unsigned int slot,
		      struct bv_vidset *vids);
/*
 * `vlan add/del`: a trunk's tagged VIDs, changed live, all or nothing (a
 * failure in the middle of the list takes back what was done). Refused,
 * with a message, on an access port, for the native VID (a removal; an
 * addition leaves it alone), and if it would leave the port in no VLAN.
 * Removing also flushes the port's FDB entries in those VIDs, static ones
 * too. Prints why on failure.
 */
int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add);

#endif /* BPFVLAN_VLAN_H */
