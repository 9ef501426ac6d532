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
#include "ethtool.h"

/* A device fed by a local stack (veth, tap, macvlan...), by its rtnetlink
 * kind ("" = hardware).
 */
bool bv_kind_is_local(const char *kind);
/* Why a device of @kind cannot run bpfvlan's XDP (NULL: it can). @native:
 * whether its driver has native XDP.
 */
const char *bv_port_no_xdp_reason(const char *kind, bool native);
/*
 * Attach native XDP to this port? @attach is enum bv_attach_mode. mode xdp
 * on a port that cannot have it (bv_port_no_xdp_reason) is an error the
 * caller reports before changing anything.
 */
bool bv_port_wants_xdp(int attach, const char *kind, bool native);

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
