/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Where XDP goes, and what bpfvlan changes on a port's device. Native XDP
 * pays off on ports fed by the wire. On ports fed by a local stack (a veth
 * peer, a QEMU guest on a tap) it does not: their TCP/UDP frames may carry
 * checksums left to offload, which only the TC path keeps, and XDP on a
 * veth turns off its peer's TSO (a TCP stream then crosses as 1448-byte
 * segments). docs/PERFORMANCE.md has the numbers. Pure functions: the
 * unit tests run them.
 */
#ifndef BV_POLICY_H
#define BV_POLICY_H

#include <stdbool.h>
#include "bpfvlan/port.h"
#include "bpfvlan_maps.h"
#include "ethtool.h"

/* A device fed by a local stack (veth, tap, macvlan...), by its rtnetlink
 * kind ("" = hardware).
 */
bool bv_kind_is_local(const char *kind);

/* What a device's driver has, as far as the kernel says (loader/port_dev.c). */
enum bv_native_xdp {
	BV_NATIVE_NO,
	BV_NATIVE_YES,
	/* A kernel without XDP features (before 6.3) and a device of no
	 * kind known to have native XDP (a NIC): the attach finds out.
	 */
	BV_NATIVE_UNKNOWN,
};

/*
 * Why a port of @kind attached in @attach mode (enum bv_attach_mode) gets
 * no XDP program: an enum bv_no_xdp, BV_NOXDP_NONE if it gets one.
 * @native: enum bv_native_xdp (unknown counts as native). @rx_vlan_tag:
 * the kernel has bpf_xdp_metadata_rx_vlan_tag (loader/kernel.h).
 */
enum bv_no_xdp bv_port_xdp_policy(int attach, const char *kind, int native,
				  bool rx_vlan_tag);
/* mode xdp where XDP cannot go is an error, reported before any change. */
bool bv_no_xdp_refused(int attach, enum bv_no_xdp why);

static inline void bv_port_set_no_xdp(struct bv_port *p, unsigned int why)
{
	p->flags = (p->flags & ~BV_PORT_F_NOXDP_MASK) |
		   ((why << BV_PORT_NOXDP_SHIFT) & BV_PORT_F_NOXDP_MASK);
}

/* Device features to change while the port is attached (loader/port_dev.c). */
struct bv_feature_plan {
	unsigned int off;	/* BV_FEAT() bits to turn off */
	unsigned int stuck;	/* would be turned off, but are [fixed] on */
	bool xdp;		/* XDP still sees every VLAN tag */
};

/* @veth: the device is a veth; @xdp: XDP will run on it. */
void bv_feature_plan(const struct bv_features *f, bool veth, bool xdp,
		     struct bv_feature_plan *plan);

#endif /* BV_POLICY_H */
