/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The XDP program of one port: bv_xdp_port loaded bound to the port's
 * device (BPF_F_XDP_DEV_BOUND_ONLY), over the bridge's pinned maps, so
 * that it may ask the driver for a VLAN tag held outside the frame; on a
 * kernel without that kfunc (before 6.8) or where a bound program is not
 * safe (before 6.18, loader/kernel.h), the bridge's pinned xdp_ingress,
 * the same decision without the kfunc, shared by the ports. Nothing pins
 * a bound one: the device's XDP hook holds it, and it goes with it.
 */
#ifndef BV_XDPPROG_H
#define BV_XDPPROG_H

#include "bridge.h"

/* The kernel's name of the program (BPF_OBJ_NAME_LEN). */
#define BV_XDP_PORT_PROG_NAME	"bv_xdp_port"

/* Load it for @ifindex; *@fd is the caller's to close. */
int bv_xdp_prog_load(struct bv_bridge *br, int ifindex, int *fd);
/* 1 if @fd is bv_xdp_port of this bridge (it uses the bridge's bv_ports
 * map), or the bridge's pinned xdp_ingress (see above); 0 if it is
 * someone else's program; or a negative errno.
 */
int bv_xdp_prog_is_ours(struct bv_bridge *br, int fd);

#endif /* BV_XDPPROG_H */
