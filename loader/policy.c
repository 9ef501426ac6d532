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

bool bv_kind_is_local(const char *kind)
{
	if (!kind)
		return false;
	for (size_t i = 0; i < sizeof(local_kinds) / sizeof(local_kinds[0]); i++)
		if (!strcmp(kind, local_kinds[i]))
			return true;
	return false;
}

bool bv_port_wants_xdp(int attach, const char *kind, bool native)
{
	switch (attach) {
	case BV_ATTACH_XDP:
		return native;
	case BV_ATTACH_AUTO:
		return native && !bv_kind_is_local(kind);
	default:
		return false;
	}
}
