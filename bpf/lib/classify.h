/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Port mode + outer tag -> VID, or a drop reason (DESIGN §2, stated once). */
#ifndef BV_LIB_CLASSIFY_H
#define BV_LIB_CLASSIFY_H

#include "maps.h"
#include "parse.h"

/*
 * The mask after the check is for older verifiers (6.1): clang may spill
 * @bit before the check and fill it again after, and the bound the check
 * proved does not follow the value into its stack slot there. The barrier
 * keeps clang from dropping the mask as redundant.
 */
static __always_inline int bv_test_bit(const __u64 *words, __u32 bit)
{
	__u32 w = bit / 64;

	if (w >= BV_PORT_WORDS)
		return 0;
	barrier_var(w);
	w &= BV_PORT_WORDS - 1;
	return (*(volatile const __u64 *)&words[w] >> (bit % 64)) & 1;
}

struct bv_class {
	__u16 vid;
	__u16 tci;		/* TCI for tagged egress: PCP/DEI kept, VID set */
	struct bv_vlan *vlan;
};

/*
 * Classify a frame arriving on the port in @slot. Only an outer 802.1Q tag
 * classifies: 802.1ad outer tags and inner tags are payload. Returns 0 with
 * @c filled, or a positive enum bv_drop_reason.
 */
static __always_inline int bv_classify(__u32 slot, const struct bv_port *port,
				       const struct bv_hdr *h, struct bv_class *c)
{
	int tagged = h->outer_type == ETH_P_8021Q;
	__u32 vid = tagged ? h->tci & BV_VID_MASK : 0;
	__u16 prio = tagged ? h->tci & ~BV_VID_MASK : 0;

	/* A priority tag in front of an 802.1Q tag is the double-tagging
	 * hop: once the priority tag is stripped on an untagged egress, the
	 * inner VID would classify at the next switch.
	 */
	if (tagged && !vid && h->next_type == ETH_P_8021Q)
		return BV_DROP_NESTED_TAG;

	if (port->mode == BV_MODE_ACCESS) {
		if (vid)
			return BV_DROP_TAGGED_ON_ACCESS;
		vid = port->pvid;
	} else if (!vid) {
		if (!port->pvid)
			return BV_DROP_UNTAGGED_NO_NATIVE;
		vid = port->pvid;
	}

	c->vlan = bpf_map_lookup_elem(&bv_vlans, &vid);
	if (!c->vlan || !bv_test_bit(c->vlan->members, slot))
		return BV_DROP_VLAN_NOT_ALLOWED;
	c->vid = vid;
	c->tci = prio | vid;
	return 0;
}

#endif /* BV_LIB_CLASSIFY_H */
