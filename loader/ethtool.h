/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TX VLAN offload of a port. On a veth the offloaded tag travels in skb
 * metadata to the peer, where XDP cannot see it; with the offload off the
 * stack writes the tag into the frame (DESIGN §3).
 */
#ifndef BV_ETHTOOL_H
#define BV_ETHTOOL_H

#include <stdbool.h>

int bv_txvlan_get(const char *ifname, bool *on);
int bv_txvlan_set(const char *ifname, bool on);

#endif /* BV_ETHTOOL_H */
