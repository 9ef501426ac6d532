// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/pkt_sched.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/route/classifier.h>
#include <netlink/route/link.h>
#include "bpfvlan/log.h"
#include "netlink.h"

#ifndef TC_H_CLSACT
#define TC_H_CLSACT		TC_H_INGRESS
#define TC_H_MIN_INGRESS	0xFFF2U
#define TC_H_MIN_EGRESS		0xFFF3U
#endif

/* Sockets are opened on first use: after any setns() of `-n`. */
static struct nl_sock *route_sk, *genl_sk;
static int netdev_family = -1;

int bv_nl_errno(int nlerr)
{
	switch (-nlerr) {
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:
		return -ENODEV;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_OPNOTSUPP:
	case NLE_OBJ_MISMATCH:
		return -EOPNOTSUPP;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
	case NLE_RANGE:
		return -EINVAL;
	case NLE_BUSY:
		return -EBUSY;
	default:
		return -EIO;
	}
}

int bv_route_sock(struct nl_sock **sk)
{
	int err;

	if (!route_sk) {
		route_sk = nl_socket_alloc();
		if (!route_sk)
			return -ENOMEM;
		err = nl_connect(route_sk, NETLINK_ROUTE);
		if (err) {
			nl_socket_free(route_sk);
			route_sk = NULL;
			return bv_nl_errno(err);
		}
	}
	*sk = route_sk;
	return 0;
}

int bv_link_get(const char *name, int ifindex, struct bv_link *out)
{
	struct rtnl_link *link = NULL;
	struct nl_sock *sk = NULL;
	struct nl_addr *addr;
	const char *kind;
	int32_t nsid;
	int err;

	err = bv_route_sock(&sk);
	if (err)
		return err;
	err = rtnl_link_get_kernel(sk, name ? 0 : ifindex, name, &link);
	if (err < 0)
		return bv_nl_errno(err);
	memset(out, 0, sizeof(*out));
	out->ifindex = rtnl_link_get_ifindex(link);
	snprintf(out->name, sizeof(out->name), "%s", rtnl_link_get_name(link));
	kind = rtnl_link_get_type(link);
	snprintf(out->kind, sizeof(out->kind), "%s", kind ? kind : "");
	out->mtu = rtnl_link_get_mtu(link);
	out->arptype = rtnl_link_get_arptype(link);
	out->flags = rtnl_link_get_flags(link);
	out->master = rtnl_link_get_master(link);
	/* IFLA_LINK names a device of this netns only without a netnsid. */
	if (rtnl_link_get_link_netnsid(link, &nsid))
		out->peer_ifindex = rtnl_link_get_link(link);
	addr = rtnl_link_get_addr(link);
	if (addr && nl_addr_get_len(addr) == sizeof(out->mac))
		memcpy(out->mac, nl_addr_get_binary_addr(addr), sizeof(out->mac));
	rtnl_link_put(link);
	return 0;
}

/* libnl builds the request from the original (only its ifindex is used
 * here) and the change.
 */
int bv_link_change(int ifindex, struct rtnl_link *change)
{
	struct rtnl_link *orig;
	struct nl_sock *sk;
	int err;

	err = bv_route_sock(&sk);
	if (err)
		return err;
	orig = rtnl_link_alloc();
	if (!orig)
		return -ENOMEM;
	rtnl_link_set_ifindex(orig, ifindex);
	err = rtnl_link_change(sk, orig, change, 0);
	rtnl_link_put(orig);
	return err < 0 ? bv_nl_errno(err) : 0;
}

int bv_link_promisc_get(int ifindex, bool *on)
{
	struct bv_link link;
	int err = bv_link_get(NULL, ifindex, &link);

	if (!err)
		*on = link.flags & IFF_PROMISC;
	return err;
}

int bv_link_promisc_set(int ifindex, bool on)
{
	struct rtnl_link *change = rtnl_link_alloc();
	int err;

	if (!change)
		return -ENOMEM;
	/* Only IFF_PROMISC in ifi_change: no other flag is rewritten. */
	if (on)
		rtnl_link_set_flags(change, IFF_PROMISC);
	else
		rtnl_link_unset_flags(change, IFF_PROMISC);
	err = bv_link_change(ifindex, change);
	rtnl_link_put(change);
	return err;
}

const char *bv_ifname(int ifindex, char buf[BV_IFNAME_BUF])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, BV_IFNAME_BUF, "ifindex %d", ifindex);
	return buf;
}

static int genl_sock(struct nl_sock **sk)
{
	int err;

	if (!genl_sk) {
		genl_sk = nl_socket_alloc();
		if (!genl_sk)
			return -ENOMEM;
		err = genl_connect(genl_sk);
		if (err)
			goto fail;
		netdev_family = genl_ctrl_resolve(genl_sk, BV_NETDEV_FAMILY);
		if (netdev_family < 0) {
			err = -NLE_OPNOTSUPP;
			goto fail;
		}
		/* One request, one reply: errors arrive as NLMSG_ERROR. */
		nl_socket_disable_auto_ack(genl_sk);
	}
	*sk = genl_sk;
	return 0;
fail:
	nl_socket_free(genl_sk);
	genl_sk = NULL;
	return bv_nl_errno(err);
}

static int parse_xdp_features(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BV_NETDEV_A_DEV_XDP_FEATURES + 1];
	__u64 *features = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, BV_NETDEV_A_DEV_XDP_FEATURES,
			  NULL))
		return NL_SKIP;
	if (tb[BV_NETDEV_A_DEV_XDP_FEATURES])
		*features = nla_get_u64(tb[BV_NETDEV_A_DEV_XDP_FEATURES]);
	return NL_OK;
}

int bv_xdp_features(int ifindex, __u64 *features)
{
	struct nl_msg *msg;
	struct nl_sock *sk = NULL;
	int err;

	err = genl_sock(&sk);
	if (err)
		return err;
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	*features = 0;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, netdev_family, 0, 0,
			 BV_NETDEV_CMD_DEV_GET, 1) ||
	    nla_put_u32(msg, BV_NETDEV_A_DEV_IFINDEX, ifindex)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, parse_xdp_features,
			    features);
	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		return bv_nl_errno(err);
	err = nl_recvmsgs_default(sk);
	return err < 0 ? bv_nl_errno(err) : 0;
}

bool bv_netdev_family_exists(void)
{
	struct nl_sock *sk;

	return !genl_sock(&sk);
}

int bv_tc_filter_count(int ifindex, int *count)
{
	static const __u32 parents[] = {
		TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS),
		TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS),
	};
	struct nl_sock *sk = NULL;
	int err;

	err = bv_route_sock(&sk);
	if (err)
		return err;
	*count = 0;
	for (size_t i = 0; i < sizeof(parents) / sizeof(parents[0]); i++) {
		struct nl_cache *cache;

		err = rtnl_cls_alloc_cache(sk, ifindex, parents[i], &cache);
		if (err < 0)
			return bv_nl_errno(err);
		*count += nl_cache_nitems(cache);
		nl_cache_free(cache);
	}
	return 0;
}

static struct nl_sock *watch_sk[2];

static int skip_msg(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int bv_watch_open(void)
{
	struct nl_sock *sk = NULL;
	int err, grp;

	watch_sk[0] = nl_socket_alloc();
	watch_sk[1] = nl_socket_alloc();
	if (!watch_sk[0] || !watch_sk[1])
		return -ENOMEM;
	for (int i = 0; i < 2; i++)
		nl_socket_disable_seq_check(watch_sk[i]);
	/* Non-blocking only once connected: before, there is no fd to set. */
	err = nl_connect(watch_sk[0], NETLINK_ROUTE);
	if (!err)
		err = nl_socket_set_nonblocking(watch_sk[0]);
	if (!err)
		err = nl_socket_add_membership(watch_sk[0], RTNLGRP_LINK);
	if (err)
		return bv_nl_errno(err);

	sk = watch_sk[1];
	err = genl_connect(sk);
	if (err)
		return bv_nl_errno(err);
	grp = genl_ctrl_resolve_grp(sk, BV_NETDEV_FAMILY, BV_NETDEV_MCGRP_MGMT);
	if (grp < 0) {
		pr_info("no netdev netlink family: XDP feature changes are seen only through link events\n");
		nl_socket_free(sk);
		watch_sk[1] = NULL;
		return 0;
	}
	err = nl_socket_add_membership(sk, grp);
	if (!err)	/* after resolving the group, which waits for a reply */
		err = nl_socket_set_nonblocking(sk);
	return err ? bv_nl_errno(err) : 0;
}

int bv_watch_fds(int fds[2])
{
	for (int i = 0; i < 2; i++)
		fds[i] = watch_sk[i] ? nl_socket_get_fd(watch_sk[i]) : -1;
	return 0;
}

int bv_watch_drain(void)
{
	for (int i = 0; i < 2; i++) {
		int err;

		if (!watch_sk[i])
			continue;
		nl_socket_modify_cb(watch_sk[i], NL_CB_VALID, NL_CB_CUSTOM,
				    skip_msg, NULL);
		/* Non-blocking: returns once the socket is empty. ENOBUFS
		 * (NLE_NOMEM) says the queue overflowed and events were lost:
		 * not fatal, the full refresh after a drain covers them.
		 */
		for (int round = 0; round < 1024; round++) {
			err = nl_recvmsgs_default(watch_sk[i]);
			if (err == -NLE_NOMEM)
				continue;
			if (err <= 0)
				break;
		}
		if (err < 0 && err != -NLE_AGAIN && err != -NLE_NOMEM)
			return bv_nl_errno(err);
	}
	return 0;
}

void bv_netlink_close(void)
{
	for (int i = 0; i < 2; i++) {
		if (watch_sk[i])
			nl_socket_free(watch_sk[i]);
		watch_sk[i] = NULL;
	}
	if (route_sk)
		nl_socket_free(route_sk);
	if (genl_sk)
		nl_socket_free(genl_sk);
	route_sk = genl_sk = NULL;
}
