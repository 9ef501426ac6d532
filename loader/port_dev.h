/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A port's device: whether it can be a port, what it can do (XDP, MTU),
 * and the settings bpfvlan changes on it while it is attached and
 * restores at detach: VLAN offloads and filters (the choice is
 * bv_feature_plan, loader/policy.c) and promiscuous mode. Each change made
 * is recorded in the port's flags so that only what bpfvlan changed is
 * undone.
 */
#ifndef BV_PORT_DEV_H
#define BV_PORT_DEV_H

#include <stdbool.h>
#include "bridge.h"
#include "netlink.h"

/*
 * 0 if @link can be a port; else -EINVAL with a message naming @dev: the
 * loopback device, any device that is not Ethernet (a tun, ipip, gre,
 * wireguard device: frames without MACs), and a device enslaved to a
 * bridge, bond or VRF, whose master takes the frames bpfvlan passes up
 * and sends frames out of it that bpfvlan never sees.
 */
int bv_port_dev_check(const char *dev, const struct bv_link *link);
/*
 * Read a port's ability to take XDP-redirected frames (ndo-xmit, which a
 * veth gains and loses with its peer's XDP/GRO) into @p's flags, and set
 * its MTU, from the netdev family's XDP features; on a kernel without
 * them, from the device's kind and its peer. Returns an enum
 * bv_native_xdp: whether the driver has native XDP.
 */
int bv_port_dev_probe(struct bv_port *p, const struct bv_link *link);
/*
 * Before the port is published; on failure nothing is left changed.
 * *@xdp: in, whether XDP will run on the port; out, false if the device
 * would hide VLAN tags from XDP (mode auto: TC only; mode xdp: an error).
 */
int bv_port_dev_apply(const char *dev, const struct bv_link *link,
		      struct bv_port *p, bool *xdp);
/* Undo what bv_port_dev_apply recorded in @p; best effort, says what failed. */
void bv_port_dev_restore(const char *dev, struct bv_port *p);
/* XDP did not go on after all: give back what only XDP needed (RX VLAN
 * offload), as the TC path takes tags either way.
 */
void bv_port_dev_xdp_off(const char *dev, struct bv_port *p);

#endif /* BV_PORT_DEV_H */
