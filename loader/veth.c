// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/veth.h>
#include "netlink.h"
#include "veth.h"

#ifndef IN6_ADDR_GEN_MODE_NONE
#define IN6_ADDR_GEN_MODE_NONE	1
#endif

int bv_veth_create(const struct bv_veth_req *req)
{
	struct rtnl_link *port, *host;
	struct nl_addr *addr = NULL;
	struct nl_sock *sk;
	int err;

	err = bv_route_sock(&sk);
	if (err)
		return err;
	port = rtnl_link_veth_alloc();
	if (!port)
		return -ENOMEM;
	host = rtnl_link_veth_get_peer(port);
	rtnl_link_set_name(port, req->port);
	rtnl_link_set_name(host, req->host);
	if (req->mtu) {
		rtnl_link_set_mtu(port, req->mtu);
		rtnl_link_set_mtu(host, req->mtu);
	}
	if (req->mac) {
		addr = nl_addr_build(AF_LLC, req->mac, 6);
		if (!addr) {
			err = -ENOMEM;
			goto out;
		}
		rtnl_link_set_addr(host, addr);
	}
	err = rtnl_link_add(sk, port, NLM_F_CREATE | NLM_F_EXCL);
	err = err < 0 ? bv_nl_errno(err) : 0;
out:
	nl_addr_put(addr);
	rtnl_link_put(host);
	rtnl_link_veth_release(port);
	return err;
}

int bv_veth_port_up(int ifindex)
{
	struct rtnl_link *change;
	int err;

	change = rtnl_link_alloc();
	if (!change)
		return -ENOMEM;
	/* Set while still down, so that no address is ever generated. */
	err = rtnl_link_inet6_set_addr_gen_mode(change, IN6_ADDR_GEN_MODE_NONE);
	if (!err)
		err = bv_link_change(ifindex, change);
	else
		err = bv_nl_errno(err);
	rtnl_link_put(change);
	if (err)
		return err;
	change = rtnl_link_alloc();
	if (!change)
		return -ENOMEM;
	rtnl_link_set_flags(change, IFF_UP);
	err = bv_link_change(ifindex, change);
	rtnl_link_put(change);
	return err;
}

int bv_veth_delete(int ifindex)
{
	struct rtnl_link *link;
	struct nl_sock *sk;
	int err;

	err = bv_route_sock(&sk);
	if (err)
		return err;
	link = rtnl_link_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_ifindex(link, ifindex);
	err = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	return err < 0 ? bv_nl_errno(err) : 0;
}
