/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The loader's side of ports (bpfvlan/port.h): what apply and the bridge
 * need beyond the public calls.
 */
#ifndef BV_PORT_H
#define BV_PORT_H

#include <stdbool.h>
#include "bpfvlan/port.h"
#include "bridge.h"

/* What bv_port_attach checks before it changes anything, alone; @again:
 * the device is a port of @br now, about to be detached and attached
 * again (only the device and its mode are checked).
 */
int bv_port_attach_check(struct bv_bridge *br, const struct bv_conf_port *req,
			 bool again);
/* bv_port_attach of a device, with bv_port @flags to set
 * (BV_PORT_F_INTERNAL: the bridge's end of an internal port).
 */
int bv_port_attach_as(struct bv_bridge *br, const struct bv_conf_port *req,
		      __u32 flags);
/* The words of port @p (its kind and keywords; not its dev or tagged VIDs,
 * which bv_vlans holds).
 */
void bv_port_to_spec(const struct bv_port *p, struct bv_conf_port *c);
/* Detach the device of port @slot (an internal port's too: its pair is
 * then the caller's to delete).
 */
int bv_port_release(struct bv_bridge *br, unsigned int slot);
/* Name of another bridge in this netns that has @ifindex as a port: 0
 * and @owner, or -ENOENT.
 */
int bv_port_bridge_of(const struct bv_bridge *self, int ifindex,
		      char owner[BV_BRIDGE_NAME_MAX]);
/* Record who manages the port in @slot (enum bv_port_owner). */
int bv_port_own(struct bv_bridge *br, unsigned int slot, unsigned int owner);
/*
 * Bring port @slot up to date with its device: removed if the device is
 * gone (or another device has its ifindex now), its XDP ability and MTU
 * read again otherwise.
 */
int bv_port_refresh(struct bv_bridge *br, unsigned int slot);

static inline void bv_port_set_owner(struct bv_port *p, unsigned int owner)
{
	p->flags = (p->flags & ~BV_PORT_F_OWNER_MASK) |
		   ((owner << BV_PORT_OWNER_SHIFT) & BV_PORT_F_OWNER_MASK);
}

#endif /* BV_PORT_H */
