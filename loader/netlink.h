/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Netlink through libnl-3: links, the netdev family's xdp-features, tc
 * filters; the loader's side of bpfvlan/link.h.
 */
#ifndef BV_NETLINK_H
#define BV_NETLINK_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpfvlan/link.h"

/* netdev generic netlink family (include/uapi/linux/netdev.h, 6.3+);
 * defined here because Debian 12's UAPI headers predate it.
 */
#define BV_NETDEV_FAMILY		"netdev"
#define BV_NETDEV_MCGRP_MGMT		"mgmt"
#define BV_NETDEV_CMD_DEV_GET		1
#define BV_NETDEV_CMD_DEV_ADD_NTF	2
#define BV_NETDEV_CMD_DEV_DEL_NTF	3
#define BV_NETDEV_CMD_DEV_CHANGE_NTF	4
#define BV_NETDEV_A_DEV_IFINDEX		1
#define BV_NETDEV_A_DEV_XDP_FEATURES	3
#define BV_NETDEV_XDP_ACT_BASIC		(1ULL << 0)
#define BV_NETDEV_XDP_ACT_REDIRECT	(1ULL << 1)
#define BV_NETDEV_XDP_ACT_NDO_XMIT	(1ULL << 2)

struct nl_sock;
struct rtnl_link;
/* The rtnetlink socket, opened on first use (after any setns of `-n`). */
int bv_route_sock(struct nl_sock **sk);
/* Apply @change (only the attributes and flags set in it) to @ifindex. */
int bv_link_change(int ifindex, struct rtnl_link *change);
/* A libnl error (negative NLE_*) as a negative errno. */
int bv_nl_errno(int nlerr);

/*
 * The IFF_PROMISC flag a user sets (`ip link set DEV promisc on`): one bit
 * per device, apart from the promiscuity count that packet sockets and
 * upper devices add to (`ip -d link` shows both).
 */
int bv_link_promisc_get(int ifindex, bool *on);
int bv_link_promisc_set(int ifindex, bool on);
/* XDP feature bits (BV_NETDEV_XDP_ACT_*) of a link. */
int bv_xdp_features(int ifindex, __u64 *features);
/* Whether the kernel has the netdev genl family (6.3+), which reports
 * XDP features; bv_xdp_features() fails with -EOPNOTSUPP without it.
 */
bool bv_netdev_family_exists(void);
/* Number of tc filters on a link's clsact (ingress + egress). */
int bv_tc_filter_count(int ifindex, int *count);

#endif /* BV_NETLINK_H */
