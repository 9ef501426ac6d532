/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The devices and the network namespace a command names: links looked up
 * through netlink (libnl-3), their names, and watching them change.
 */
#ifndef BPFVLAN_LINK_H
#define BPFVLAN_LINK_H

#include <stdbool.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/types.h>
#include <net/if.h>

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
	__u8 mac[ETH_ALEN];	/* all zero if the link has no Ethernet address */
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

/* Resolve a link by name (ifindex 0) or by ifindex (name NULL). -ENODEV if absent. */
int bv_link_get(const char *name, int ifindex, struct bv_link *link);
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
/* Close the netlink sockets (opened on first use). */
void bv_netlink_close(void);

/* `-n NETNS`, like `ip -n`: join /var/run/netns/NAME; mounts (and so
 * bpffs pins) stay the caller's.
 */
int bv_netns_enter(const char *name);

#endif /* BPFVLAN_LINK_H */
