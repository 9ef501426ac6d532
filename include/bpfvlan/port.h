/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ports: attach a device to a bridge (device settings, maps, then TC,
 * then XDP, so that a failure at any step is rolled back to the previous
 * state) and detach it (removing exactly what attach made).
 */
#ifndef BPFVLAN_PORT_H
#define BPFVLAN_PORT_H

#include <stdbool.h>
#include <linux/if_ether.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/vidset.h"

struct bv_port_req {
	const char *dev;
	__u8 mode;			/* enum bv_port_mode */
	__u8 attach;			/* enum bv_attach_mode */
	__u16 pvid;			/* access VID or native VID (0: none) */
	__u32 learn_limit;		/* learned MACs at most (0: no limit) */
	struct bv_vidset vids;		/* trunk: tagged VIDs */
	__u32 flags;			/* bv_port flags to set: BV_PORT_F_INTERNAL */
	__u8 owner;			/* enum bv_port_owner: who attaches */
};

int bv_port_attach(struct bv_bridge *br, const struct bv_port_req *req);
int bv_port_detach(struct bv_bridge *br, unsigned int slot);
/*
 * Slot of @dev in @br; prints why not (unknown device, not a port). The
 * host's end of an internal port names that port.
 */
int bv_port_of_dev(struct bv_bridge *br, const char *dev, unsigned int *slot);
/* `port set DEV learn-limit N`: learned MACs the port may hold; those it
 * holds beyond a lowered limit stay until they age out.
 */
int bv_port_set_learn_limit(struct bv_bridge *br, unsigned int slot,
			    unsigned int limit);

/* Who manages the port: enum bv_port_owner. */
static inline unsigned int bv_port_owner(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_OWNER_MASK) >> BV_PORT_OWNER_SHIFT;
}

/* Can this port take XDP-redirected frames of standard size? */
static inline bool bv_port_xdp_ok(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_XDP_TX) &&
	       p->mtu + ETH_HLEN >= BV_XDP_MAX_UNTAGGED;
}

#endif /* BPFVLAN_PORT_H */
