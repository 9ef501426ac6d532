// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <bpf/libbpf.h>
#include "ethtool.h"
#include "kernel.h"
#include "log.h"
#include "netlink.h"
#include "policy.h"
#include "probe.h"

/*
 * DESIGN §3: XDP-redirected frames into a veth are taken only while its
 * peer has a native XDP program or GRO on (the peer then polls them in
 * NAPI); otherwise the kernel drops them. A peer in another netns is not
 * visible from here: no (the TC path carries them, never losing them).
 */
static bool veth_takes_xdp(const struct bv_link *link)
{
	char peer[BV_IFNAME_BUF];
	struct bv_features f;
	__u32 id = 0;

	if (!link->peer_ifindex)
		return false;
	if (!bpf_xdp_query_id(link->peer_ifindex, XDP_FLAGS_DRV_MODE, &id) &&
	    id)
		return true;
	bv_ifname(link->peer_ifindex, peer);
	return !bv_features_get(peer, &f) && (f.active & BV_FEAT(BV_FEAT_GRO));
}

/*
 * What a kernel without XDP features (before 6.3) does not say, decided
 * by the kind of device: veth and tun have native XDP; a tap takes XDP
 * frames always, a veth by the rule above; other local devices (macvlan,
 * ipvlan...) have neither. A NIC's driver may have native XDP or not: the
 * attach finds out; many take XDP frames only once an XDP program runs
 * on them (ixgbe, virtio-net), so a NIC takes them once bpfvlan's does.
 */
static int probe_by_kind(struct bv_port *p, const struct bv_link *link,
			 bool *xmit)
{
	if (!strcmp(link->kind, "tun")) {
		*xmit = true;
		return BV_NATIVE_YES;
	}
	if (!strcmp(link->kind, "veth")) {
		*xmit = veth_takes_xdp(link);
		return BV_NATIVE_YES;
	}
	*xmit = p->flags & BV_PORT_F_XDP;
	return bv_kind_is_local(link->kind) ? BV_NATIVE_NO : BV_NATIVE_UNKNOWN;
}

int bv_port_probe(struct bv_port *p, const struct bv_link *link)
{
	__u64 features = 0;
	bool xmit;
	int err, native;

	if (bv_kernel()->netdev_family) {
		err = bv_xdp_features(link->ifindex, &features);
		if (err)
			pr_debug("xdp-features of %s unknown (%s): assuming no XDP\n",
				 link->name, strerror(-err));
		xmit = features & BV_NETDEV_XDP_ACT_NDO_XMIT;
		native = features & BV_NETDEV_XDP_ACT_BASIC ? BV_NATIVE_YES
							    : BV_NATIVE_NO;
	} else {
		native = probe_by_kind(p, link, &xmit);
	}
	p->mtu = link->mtu;
	if (xmit)
		p->flags |= BV_PORT_F_XDP_TX;
	else
		p->flags &= ~BV_PORT_F_XDP_TX;
	return native;
}
