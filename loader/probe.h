/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the kernel says about a port's device: XDP features and MTU. */
#ifndef BV_PROBE_H
#define BV_PROBE_H

#include "bridge.h"

/*
 * Read a port's ability to take XDP-redirected frames (ndo-xmit, which a
 * veth gains and loses with its peer's XDP/GRO) into @p's flags, and set
 * its MTU. Returns 1 if the driver has native XDP, else 0.
 */
int bv_port_probe(struct bv_port *p, const char *ifname, unsigned int mtu);

#endif /* BV_PROBE_H */
