/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Settings bpfvlan changes on a port's device while it is attached, and
 * restores at detach: VLAN offloads and filters (the choice is
 * bv_feature_plan, loader/policy.c) and promiscuous mode. Each change made
 * is recorded in the port's flags so that only what bpfvlan changed is
 * undone.
 */
#ifndef BV_DEVCONF_H
#define BV_DEVCONF_H

#include <stdbool.h>
#include "bridge.h"
#include "netlink.h"

/*
 * Before the port is published; on failure nothing is left changed.
 * *@xdp: in, whether XDP will run on the port; out, false if the device
 * would hide VLAN tags from XDP (mode auto: TC only; mode xdp: an error).
 */
int bv_devconf_apply(const char *dev, const struct bv_link *link,
		     struct bv_port *p, bool *xdp);
/* Undo what bv_devconf_apply recorded in @p; best effort, says what failed. */
void bv_devconf_restore(const char *dev, struct bv_port *p);
/* XDP did not go on after all: give back what only XDP needed (RX VLAN
 * offload), as the TC path takes tags either way.
 */
void bv_devconf_xdp_off(const char *dev, struct bv_port *p);

#endif /* BV_DEVCONF_H */
