/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TX VLAN offload of a port. On a veth the offloaded tag travels in skb
 * metadata to the peer, where XDP cannot see it; with the offload off the
 * stack writes the tag into the frame (DESIGN §3). 802.1Q and 802.1ad tags
 * alike: an 802.1ad tag forwarded as payload by the TC path is in metadata.
 */
#ifndef BV_ETHTOOL_H
#define BV_ETHTOOL_H

#include <stdbool.h>

/* Bits of the @on / @mask arguments: which tag protocol's offload. */
enum bv_txvlan {
	BV_TXVLAN_CTAG	= 1 << 0,	/* 802.1Q, "tx-vlan-hw-insert" */
	BV_TXVLAN_STAG	= 1 << 1,	/* 802.1ad, "tx-vlan-stag-hw-insert" */
};

/* *@on: the BV_TXVLAN_* offloads that are on. */
int bv_txvlan_get(const char *ifname, unsigned int *on);
/* Turn the offloads in @mask on or off. */
int bv_txvlan_set(const char *ifname, unsigned int mask, bool on);

#endif /* BV_ETHTOOL_H */
