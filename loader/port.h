/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ports: attach a device to a bridge (device settings, maps, then TC,
 * then XDP, so that a failure at any step is rolled back to the previous
 * state) and detach it (removing exactly what attach made).
 */
#ifndef BV_PORT_H
#define BV_PORT_H

#include <stdbool.h>
#include "bridge.h"
#include "vidset.h"

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
/* What bv_port_attach checks before it changes anything, alone; @again:
 * the device is a port of @br now, about to be detached and attached
 * again (only the device and its mode are checked).
 */
int bv_port_attach_check(struct bv_bridge *br, const struct bv_port_req *req,
			 bool again);
int bv_port_detach_slot(struct bv_bridge *br, unsigned int slot);
/* Record who manages the port in @slot (enum bv_port_owner). */
int bv_port_set_owner_slot(struct bv_bridge *br, unsigned int slot,
			   unsigned int owner);
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

#endif /* BV_PORT_H */
