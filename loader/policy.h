/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Where XDP goes. Native XDP pays off on ports fed by the wire. On ports
 * fed by a local stack (a veth peer, a QEMU guest on a tap) it does not:
 * their TCP/UDP frames may carry checksums left to offload, which only the
 * TC path keeps, and XDP on a veth turns off its peer's TSO (a TCP stream
 * then crosses as 1448-byte segments). docs/PERFORMANCE.md has the numbers.
 */
#ifndef BV_POLICY_H
#define BV_POLICY_H

#include <stdbool.h>

/* A device fed by a local stack (veth, tap, macvlan...), by its rtnetlink
 * kind ("" = hardware).
 */
bool bv_kind_is_local(const char *kind);
/*
 * Attach native XDP to this port? @attach is enum bv_attach_mode, @native
 * whether the driver has native XDP. mode xdp without native XDP is an
 * error the caller reports before changing anything.
 */
bool bv_port_wants_xdp(int attach, const char *kind, bool native);

#endif /* BV_POLICY_H */
