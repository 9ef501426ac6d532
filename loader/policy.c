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

const char *bv_port_no_xdp_reason(const char *kind, bool native)
{
	if (KIND_IN(kind, xdp_on_slaves_kinds))
		return "its XDP program would run on the slaves, which are not ports";
	if (!native)
		return "driver has no native XDP";
	return NULL;
}

bool bv_port_wants_xdp(int attach, const char *kind, bool native)
{
	switch (attach) {
	case BV_ATTACH_XDP:
		return !bv_port_no_xdp_reason(kind, native);
	case BV_ATTACH_AUTO:
		return !bv_port_no_xdp_reason(kind, native) &&
		       !bv_kind_is_local(kind);
	default:
		return false;
	}
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
