/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Bring a bridge up to date with the kernel (every command, and `monitor`). */
#ifndef BV_REFRESH_H
#define BV_REFRESH_H

#include "bridge.h"

/*
 * Ports whose link is gone are removed, and each port's ability to take
 * XDP frames (ndo-xmit, which a veth gains and loses with its peer's
 * XDP/GRO) and MTU are read again.
 */
int bv_bridge_refresh(struct bv_bridge *br);
/* A port's XDP_TX or MTU changed: its VLANs' XDP flood flag may too. */
int bv_port_refresh_vlans(struct bv_bridge *br, unsigned int slot);

#endif /* BV_REFRESH_H */
