// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Why these settings (the bridge makes the same ones on its ports):
 *
 * RX VLAN offload. Most NIC drivers (i40e, ice, ixgbe, mlx5...) take the
 * 802.1Q tag out of the frame into the RX descriptor before XDP runs; a
 * veth hands XDP the frame without the tag its peer left in skb metadata
 * (the peer's TX VLAN offload, on by default). XDP would classify such a
 * frame as untagged: into the native VLAN of a trunk (a frame of VLAN 10
 * delivered in VLAN 30), or dropped on a trunk without one. Two guards:
 *  - here, RX VLAN offload (802.1Q and 802.1ad) is turned off on XDP ports
 *    while attached, so that a NIC leaves the tag in the frame: XDP can
 *    then switch it. A driver that has it [fixed] on gets no XDP (mode
 *    auto: TC only; mode xdp: refused).
 *  - every XDP port runs bv_xdp_port, loaded bound to the device, which
 *    asks the driver for a tag kept outside the frame
 *    (bpf_xdp_metadata_rx_vlan_tag) and hands such frames to TC, where the
 *    tag is in skb->vlan_tci. This is what makes a veth right (its RX
 *    offload setting changes nothing: the tag comes from the peer), and a
 *    NIC whose driver has the kfunc (mlx5, ice, veth...). One program per
 *    port is the price: a device-bound program runs on its device only.
 *
 * VLAN filters. A NIC with rx-vlan-filter on drops frames of VIDs nobody
 * registered (the 8021q module and the bridge do, through
 * ndo_vlan_rx_add_vid; user space cannot without 8021q). Turned off while
 * attached, on every port. [fixed] on: a warning; many drivers (and
 * QEMU's virtio-net) stop filtering VIDs in promiscuous mode.
 *
 * Promiscuous mode. A trunk NIC must receive frames for the VMs' MACs,
 * which its unicast filter drops. The bridge adds to the promiscuity count
 * of every port (dev_set_promiscuity); user space can only do that through
 * a packet socket's PACKET_MR_PROMISC, which ends with the socket, and
 * bpfvlan runs no daemon. So bpfvlan sets the IFF_PROMISC flag, the one a
 * user sets with `ip link set DEV promisc on`, on every port as the bridge
 * does, if it is not set already, and clears it at detach only if it set
 * it. An admin who sets it while bpfvlan holds it cannot be told apart:
 * detach clears it.
 */
#include <errno.h>
#include <string.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <bpf/libbpf.h>
#include <netlink/utils.h>
#include "bpfvlan/log.h"
#include "ethtool.h"
#include "kernel.h"
#include "policy.h"
#include "port_dev.h"

int bv_port_dev_check(const char *dev, const struct bv_link *link)
{
	char type[32], master[BV_IFNAME_BUF];

	if (link->flags & IFF_LOOPBACK) {
		pr_warn("%s is a loopback device: it cannot be a port\n", dev);
		return -EINVAL;
	}
	if (link->arptype != ARPHRD_ETHER) {
		nl_llproto2str(link->arptype, type, sizeof(type));
		pr_warn("%s is not an Ethernet device (link/%s): it cannot be a port\n",
			dev, type);
		return -EINVAL;
	}
	if (link->master) {
		pr_warn("%s is enslaved to %s, which would take its frames: release it first (ip link set dev %s nomaster)\n",
			dev, bv_ifname(link->master, master), dev);
		return -EINVAL;
	}
	return 0;
}

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

int bv_port_dev_probe(struct bv_port *p, const struct bv_link *link)
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

/* The port flag that records each feature bpfvlan turned off. */
static const __u32 feature_flag[BV_NR_FEATURES] = {
	[BV_FEAT_TX_CTAG]	= BV_PORT_F_TXVLAN_OFF,
	[BV_FEAT_TX_STAG]	= BV_PORT_F_TXSTAG_OFF,
	[BV_FEAT_RX_CTAG]	= BV_PORT_F_RXVLAN_OFF,
	[BV_FEAT_RX_STAG]	= BV_PORT_F_RXSTAG_OFF,
	[BV_FEAT_FILTER_CTAG]	= BV_PORT_F_FILTER_OFF,
	[BV_FEAT_FILTER_STAG]	= BV_PORT_F_STAG_FILTER_OFF,
};

static int features_off(const char *dev, unsigned int mask, struct bv_port *p)
{
	for (unsigned int f = 0; f < BV_NR_FEATURES; f++) {
		int err;

		if (!(mask & BV_FEAT(f)))
			continue;
		err = bv_features_set(dev, BV_FEAT(f), false);
		if (err) {
			pr_warn("cannot turn %s off on %s: %s\n",
				bv_feature_name(f), dev, strerror(-err));
			return err;
		}
		p->flags |= feature_flag[f];
	}
	return 0;
}

static void features_restore(const char *dev, struct bv_port *p,
			     unsigned int mask)
{
	for (unsigned int f = 0; f < BV_NR_FEATURES; f++) {
		if (!(mask & BV_FEAT(f)) || !(p->flags & feature_flag[f]))
			continue;
		if (bv_features_set(dev, BV_FEAT(f), true))
			pr_warn("cannot turn %s on again on %s\n",
				bv_feature_name(f), dev);
		p->flags &= ~feature_flag[f];
	}
}

static int promisc_on(const char *dev, struct bv_port *p)
{
	bool on = false;
	int err;

	err = bv_link_promisc_get(p->ifindex, &on);
	if (!err && !on)
		err = bv_link_promisc_set(p->ifindex, true);
	if (err) {
		pr_warn("cannot put %s in promiscuous mode: %s\n", dev,
			strerror(-err));
		return err;
	}
	if (!on)
		p->flags |= BV_PORT_F_PROMISC;
	return 0;
}

static void promisc_restore(const char *dev, struct bv_port *p)
{
	if (!(p->flags & BV_PORT_F_PROMISC))
		return;
	if (bv_link_promisc_set(p->ifindex, false))
		pr_warn("cannot turn promiscuous mode off on %s\n", dev);
	p->flags &= ~BV_PORT_F_PROMISC;
}

/* XDP cannot have this port: say why, and whether that is an error. */
static int no_xdp(const char *dev, const struct bv_port *p, unsigned int rx)
{
	const char *what = rx & BV_FEAT(BV_FEAT_RX_CTAG) ?
		bv_feature_name(BV_FEAT_RX_CTAG) :
		bv_feature_name(BV_FEAT_RX_STAG);

	if (p->attach == BV_ATTACH_XDP) {
		pr_warn("%s: %s is fixed on: XDP would not see VLAN tags (use mode auto or tc)\n",
			dev, what);
		return -EOPNOTSUPP;
	}
	pr_info("%s: TC only (%s is fixed on: XDP would not see VLAN tags)\n",
		dev, what);
	return 0;
}

int bv_port_dev_apply(const char *dev, const struct bv_link *link,
		     struct bv_port *p, bool *xdp)
{
	const unsigned int rx = BV_FEAT(BV_FEAT_RX_CTAG) |
				BV_FEAT(BV_FEAT_RX_STAG);
	const unsigned int filters = BV_FEAT(BV_FEAT_FILTER_CTAG) |
				     BV_FEAT(BV_FEAT_FILTER_STAG);
	struct bv_feature_plan plan;
	struct bv_features f;
	int err;

	err = bv_features_get(dev, &f);
	if (err) {
		pr_warn("cannot read the features of %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	bv_feature_plan(&f, !strcmp(link->kind, "veth"), *xdp, &plan);
	if (*xdp && !plan.xdp) {
		err = no_xdp(dev, p, plan.stuck & rx);
		if (err)
			return err;
		*xdp = false;
	}
	if (plan.stuck & filters)
		pr_warn("%s: %s is fixed on: the device may drop frames of VIDs it was not told about\n",
			dev, bv_feature_name(plan.stuck & BV_FEAT(BV_FEAT_FILTER_CTAG) ?
					     BV_FEAT_FILTER_CTAG : BV_FEAT_FILTER_STAG));
	err = features_off(dev, plan.off, p);
	if (!err)
		err = promisc_on(dev, p);
	if (err)
		bv_port_dev_restore(dev, p);
	return err;
}

void bv_port_dev_restore(const char *dev, struct bv_port *p)
{
	promisc_restore(dev, p);
	features_restore(dev, p, ~0U);
}

void bv_port_dev_xdp_off(const char *dev, struct bv_port *p)
{
	features_restore(dev, p, BV_FEAT(BV_FEAT_RX_CTAG) |
				 BV_FEAT(BV_FEAT_RX_STAG));
}
