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

/* Is the TC program @prog_fd our filter on @ifindex? 1, 0 or -errno. */
int bv_hook_tc_has(int ifindex, int prog_fd);
struct bv_link;
/*
 * The device of port @p, if it is still the one attached: 0 and @link;
 * -ENODEV if it is gone or another device has its ifindex now (one
 * without our TC filter); another -errno if that cannot be told.
 */
int bv_hook_port_link(struct bv_bridge *br, const struct bv_port *p,
		      struct bv_link *link);
/* -EBUSY (message) if another XDP program drives @dev. */
int bv_hook_check_no_foreign_xdp(const char *dev, int ifindex);
int bv_hook_tc_attach(struct bv_bridge *br, const char *dev, struct bv_port *p);
int bv_hook_tc_detach(const char *dev, struct bv_port *p);
/* Load @dev's XDP program and attach it in driver mode. Failures are
 * said here, but -EOPNOTSUPP (the driver has no native XDP: the load of a
 * program bound to it, or the attach, refused), which may be no error.
 */
int bv_hook_xdp_attach(struct bv_bridge *br, const char *dev, struct bv_port *p);
int bv_hook_xdp_detach(struct bv_bridge *br, const char *dev, struct bv_port *p);

#endif /* BV_HOOKS_H */
