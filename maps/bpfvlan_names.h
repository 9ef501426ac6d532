/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Names of the drop reasons and events of maps/bpfvlan_maps.h, as
 * `bpfvlan stats` prints them (JSON keys too: a contract). User space
 * only; the one table the loader, the CLI and the reference model share.
 */
#ifndef BPFVLAN_NAMES_H
#define BPFVLAN_NAMES_H

#include "bpfvlan_maps.h"

static const char *const bv_drop_names[] = {
	[BV_DROP_RUNT]			= "runt",
	[BV_DROP_BAD_SRC]		= "bad_src",
	[BV_DROP_LINK_LOCAL]		= "link_local",
	[BV_DROP_TAGGED_ON_ACCESS]	= "tagged_on_access",
	[BV_DROP_VLAN_NOT_ALLOWED]	= "vlan_not_allowed",
	[BV_DROP_UNTAGGED_NO_NATIVE]	= "untagged_no_native",
	[BV_DROP_NESTED_TAG]		= "nested_tag",
	[BV_DROP_STATIC_MOVE]		= "static_move",
	[BV_DROP_HAIRPIN]		= "hairpin",
	[BV_DROP_NO_EGRESS]		= "no_egress",
	[BV_DROP_OVERSIZE]		= "oversize",
	[BV_DROP_TX_ERROR]		= "tx_error",
	[BV_DROP_ISOLATED]		= "isolated",
	[BV_DROP_LOCKED_SRC]		= "locked_src",
	[BV_DROP_IP_SPOOF]		= "ip_spoof",
	[BV_DROP_ARP_SPOOF]		= "arp_spoof",
	[BV_DROP_ND_SPOOF]		= "nd_spoof",
};

static const char *const bv_event_names[] = {
	[BV_EV_FDB_FULL]	= "fdb_full",
	[BV_EV_XDP_TO_TC]	= "xdp_to_tc",
	[BV_EV_LEARN_LIMIT]	= "learn_limit",
};

/* A reason or event added to the enum without a name fails the build. */
_Static_assert(sizeof(bv_drop_names) / sizeof(bv_drop_names[0]) == BV_DROP_MAX,
	       "every enum bv_drop_reason needs a name");
_Static_assert(sizeof(bv_event_names) / sizeof(bv_event_names[0]) == BV_EV_MAX,
	       "every enum bv_event needs a name");

static inline const char *bv_drop_name(unsigned int reason)
{
	return reason < BV_DROP_MAX && bv_drop_names[reason] ?
	       bv_drop_names[reason] : "unknown";
}

static inline const char *bv_event_name(unsigned int ev)
{
	return ev < BV_EV_MAX && bv_event_names[ev] ? bv_event_names[ev]
						    : "unknown";
}

#endif /* BPFVLAN_NAMES_H */
