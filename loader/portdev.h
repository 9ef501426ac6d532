/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Which devices can be ports of a bridge. */
#ifndef BV_PORTDEV_H
#define BV_PORTDEV_H

#include "netlink.h"

/*
 * 0 if @link can be a port; else -EINVAL with a message naming @dev: the
 * loopback device, any device that is not Ethernet (a tun, ipip, gre,
 * wireguard device: frames without MACs), and a device enslaved to a
 * bridge, bond or VRF, whose master takes the frames bpfvlan passes up
 * and sends frames out of it that bpfvlan never sees.
 */
int bv_port_dev_check(const char *dev, const struct bv_link *link);

#endif /* BV_PORTDEV_H */
