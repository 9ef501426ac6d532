// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "bpfvlan_maps.h"
#include "policy.h"

bool bv_kind_is_local(const char *kind)
{
	/* Any virtual device: its frames come from software, not the wire. */
	return kind && kind[0];
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
