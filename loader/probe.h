/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the kernel says about a port's device: XDP features and MTU. */
#ifndef BV_PROBE_H
#define BV_PROBE_H

#include "bridge.h"
#include "netlink.h"

/*
 * Read a port's ability to take XDP-redirected frames (ndo-xmit, which a
 * veth gains and loses with its peer's XDP/GRO) into @p's flags, and set
 * its MTU, from the netdev family's XDP features; on a kernel without
 * them, from the device's kind and its peer (loader/probe.c). Returns an
 * enum bv_native_xdp: whether the driver has native XDP.
 */
int bv_port_probe(struct bv_port *p, const struct bv_link *link);

#endif /* BV_PROBE_H */
