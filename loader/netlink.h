/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Netlink through libnl-3: links, the netdev family's xdp-features, tc filters. */
#ifndef BV_NETLINK_H
#define BV_NETLINK_H

#include <stdbool.h>
#include <string.h>
#include <linux/types.h>
#include <net/if.h>

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

struct bv_link {
	int ifindex;
	char name[IF_NAMESIZE];
	char kind[16];		/* "veth", "tun", ... or "" for hardware */
	unsigned int mtu;
	unsigned int arptype;	/* ARPHRD_*: ARPHRD_ETHER for Ethernet */
	unsigned int flags;	/* IFF_* */
	int master;		/* ifindex of its bridge, bond... or 0 */
	/* The link's IFLA_LINK (a veth's peer) when it is in this netns, else 0. */
	int peer_ifindex;
	__u8 mac[6];		/* all zero if the link has no Ethernet address */
};

/*
 * A name the kernel gives a new link (its dev_valid_name()), and no "%",
 * which would make it a template the kernel numbers.
 */
static inline bool bv_ifname_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= IF_NAMESIZE || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || *p == '%' || *p == ' ' ||
		    (*p >= '\t' && *p <= '\r'))
			return false;
	return true;
}

struct nl_sock;
struct rtnl_link;
/* The rtnetlink socket, opened on first use (after any setns of `-n`). */
int bv_route_sock(struct nl_sock **sk);
/* Apply @change (only the attributes and flags set in it) to @ifindex. */
int bv_link_change(int ifindex, struct rtnl_link *change);
/* A libnl error (negative NLE_*) as a negative errno. */
int bv_nl_errno(int nlerr);

/* Resolve a link by name (ifindex 0) or by ifindex (name NULL). -ENODEV if absent. */
int bv_link_get(const char *name, int ifindex, struct bv_link *link);
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
/* Name for display: the ifname, or "ifindex N" once the link is gone. */
#define BV_IFNAME_BUF	(IF_NAMESIZE + sizeof("ifindex 4294967295"))
const char *bv_ifname(int ifindex, char buf[BV_IFNAME_BUF]);
/*
 * Watch link and XDP-feature changes: subscribe to rtnetlink link events
 * and the netdev family's "mgmt" group. bv_watch_fds() gives the two fds
 * to poll; bv_watch_drain() reads and drops what is pending (the caller
 * then refreshes the whole bridge: no event needs reading one by one).
 */
int bv_watch_open(void);
int bv_watch_fds(int fds[2]);
int bv_watch_drain(void);
void bv_netlink_close(void);

#endif /* BV_NETLINK_H */
