/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * bpfvlan's programs on a port's device: the TC ingress filter (clsact +
 * cls_bpf, direct-action) and native XDP. Each attach records what it made
 * in the port's flags; each detach removes exactly that, and only ours.
 */
#ifndef BV_HOOKS_H
#define BV_HOOKS_H

#include "bridge.h"

/* Our cls_bpf filter on clsact ingress. */
#define BV_TC_HANDLE	0xb7a0
#define BV_TC_PRIO	0xb7

/* -EBUSY (message) if another XDP program drives @dev. */
int bv_hook_check_no_foreign_xdp(const char *dev, int ifindex);
int bv_hook_tc_attach(struct bv_bridge *br, const char *dev, struct bv_port *p);
int bv_hook_tc_detach(const char *dev, struct bv_port *p);
int bv_hook_xdp_attach(struct bv_bridge *br, const char *dev, struct bv_port *p);
int bv_hook_xdp_detach(struct bv_bridge *br, const char *dev, struct bv_port *p);

#endif /* BV_HOOKS_H */
