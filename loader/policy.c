// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <string.h>
#include "bpfvlan_maps.h"
#include "policy.h"

/* Devices whose received frames were sent by a stack on this host (a VM's
 * or container's), with whatever checksum offload it chose. Hardware NICs
 * and devices fed by them (bond, team, vlan) are not listed.
 */
static const char *const local_kinds[] = {
	"veth", "tun", "netkit", "macvlan", "macvtap", "ipvlan", "ipvtap",
};

/* Devices whose XDP program runs on other devices: a bond installs it on
 * each slave, where ctx->ingress_ifindex is the slave's. bpfvlan's XDP
 * would not find the port (the bond) and pass every frame up unswitched;
 * and the slaves, not the bond, would need their RX VLAN offload off.
 * The bond's TC hook sees the bond: these ports take the TC path.
 */
static const char *const xdp_on_slaves_kinds[] = { "bond", "team" };

static bool kind_in(const char *kind, const char *const *list, size_t n)
{
	if (!kind)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kind, list[i]))
			return true;
	return false;
}

#define KIND_IN(kind, list) \
	kind_in(kind, list, sizeof(list) / sizeof(list[0]))

bool bv_kind_is_local(const char *kind)
{
	return KIND_IN(kind, local_kinds);
}

/*
 * Without bpf_xdp_metadata_rx_vlan_tag, XDP sees only the tags in the
 * frame. A NIC's tags are, with its RX VLAN offload off (loader/port_dev.c
 * turns it off, or keeps XDP off where it is fixed on); a tap's are (tun
 * hands XDP the bytes QEMU wrote). A veth's are not: its peer's stack
 * keeps a tag in skb metadata while the peer's TX VLAN offload is on, a
 * setting of the peer (often in another netns) that bpfvlan does not own.
 * XDP would take such a frame for untagged: into the port's native or
 * access VLAN, a leak from the tagged VLAN.
 */
static const char *const tags_outside_kinds[] = { "veth" };

static const char *const no_xdp_names[BV_NOXDP_MAX] = {
	[BV_NOXDP_NONE]		= "",
	[BV_NOXDP_MODE_TC]	= "mode tc",
	[BV_NOXDP_LOCAL]	= "fed by a local stack (mode auto)",
	[BV_NOXDP_SLAVES]	= "its XDP program would run on the slaves, which are not ports",
	[BV_NOXDP_DRIVER]	= "driver has no native XDP",
	[BV_NOXDP_RX_FIXED]	= "RX VLAN offload is fixed on: XDP would not see VLAN tags",
	[BV_NOXDP_KERNEL_TAGS]	= "kernel without a usable bpf_xdp_metadata_rx_vlan_tag (6.18+; 6.8-6.17 crash when a device-bound program's device is deleted): XDP would not see a tag the peer keeps outside the frame",
	[BV_NOXDP_RX_ON]	= "RX VLAN offload was turned on after attach and could not be turned off: XDP would not see VLAN tags",
};

const char *bv_no_xdp_name(unsigned int why)
{
	return why < BV_NOXDP_MAX ? no_xdp_names[why] : "?";
}

enum bv_no_xdp bv_port_xdp_policy(int attach, const char *kind, int native,
				  bool rx_vlan_tag)
{
	if (attach == BV_ATTACH_TC || (attach != BV_ATTACH_AUTO &&
				       attach != BV_ATTACH_XDP))
		return BV_NOXDP_MODE_TC;
	if (KIND_IN(kind, xdp_on_slaves_kinds))
		return BV_NOXDP_SLAVES;
	if (native == BV_NATIVE_NO)
		return BV_NOXDP_DRIVER;
	if (attach == BV_ATTACH_AUTO && bv_kind_is_local(kind))
		return BV_NOXDP_LOCAL;
	if (!rx_vlan_tag && KIND_IN(kind, tags_outside_kinds))
		return BV_NOXDP_KERNEL_TAGS;
	return BV_NOXDP_NONE;
}

bool bv_no_xdp_refused(int attach, enum bv_no_xdp why)
{
	return attach == BV_ATTACH_XDP && why != BV_NOXDP_NONE;
}

/*
 * - TX VLAN offload, veth only: a tag the stack leaves in skb metadata
 *   crosses to the peer unseen by XDP there (DESIGN §3).
 * - RX VLAN offload, XDP ports: the driver takes the tag out of the frame
 *   before XDP, which would classify the frame as untagged. With it [fixed]
 *   on, XDP cannot be trusted with the port's frames: TC only.
 * - VLAN filters, every port: a NIC drops the VIDs nobody registered with
 *   it, and bpfvlan cannot register them (that takes the 8021q module).
 */
void bv_feature_plan(const struct bv_features *f, bool veth, bool xdp,
		     struct bv_feature_plan *plan)
{
	unsigned int want = BV_FEAT(BV_FEAT_FILTER_CTAG) |
			    BV_FEAT(BV_FEAT_FILTER_STAG);
	unsigned int rx = BV_FEAT(BV_FEAT_RX_CTAG) | BV_FEAT(BV_FEAT_RX_STAG);

	if (veth)
		want |= BV_FEAT(BV_FEAT_TX_CTAG) | BV_FEAT(BV_FEAT_TX_STAG);
	plan->xdp = xdp;
	if (xdp && (f->active & rx & ~f->changeable))
		plan->xdp = false;
	else if (xdp)
		want |= rx;
	plan->off = f->active & want & f->changeable;
	plan->stuck = f->active & (want | (xdp ? rx : 0)) & ~f->changeable;
}
