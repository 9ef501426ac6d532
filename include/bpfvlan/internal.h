/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Internal ports: the host's own interface on a VLAN of the bridge, as OVS
 * has them (type=internal) and a Linux bridge has br0 / br0.90. A veth
 * pair: the host's end, named by the admin, stays in the bridge's netns
 * for `ip addr`; the bridge's end ("bvi0", "bvi1"... numbered by the
 * kernel) is an access port of the VLAN, flagged BV_PORT_F_INTERNAL.
 * The host's MAC is a static FDB entry from the start, so that the first
 * frame to it is not flooded.
 */
#ifndef BPFVLAN_INTERNAL_H
#define BPFVLAN_INTERNAL_H

#include "bpfvlan/bridge.h"
#include "bpfvlan/link.h"

/* Name of the bridge's end: a kernel template. */
#define BV_INTERNAL_PORT_NAME	"bvi%d"
#define BV_INTERNAL_MTU_MIN	68
#define BV_INTERNAL_MTU_MAX	65535

struct bv_internal_req {
	const char *name;	/* host's end: must not exist yet */
	__u16 vid;		/* access VLAN */
	unsigned int mtu;	/* of both ends; 0: the kernel's default (1500) */
	const __u8 *mac;	/* host's end (unicast); NULL: random */
};

/* Create the pair and attach its bridge end: all or nothing. */
int bv_internal_add(struct bv_bridge *br, const struct bv_internal_req *req);
/* Delete the pair of internal port @slot and forget the port. */
int bv_internal_del(struct bv_bridge *br, unsigned int slot);
/* The host's end of internal port @slot, or -ENODEV (moved away, gone). */
int bv_internal_host(const struct bv_bridge *br, unsigned int slot,
		     struct bv_link *host);

#endif /* BPFVLAN_INTERNAL_H */
