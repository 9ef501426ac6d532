/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What the running kernel offers bpfvlan, each asked once per run and
 * only when needed, and the oldest kernel bpfvlan runs on.
 *
 * The floor is 6.1, Debian 12's kernel: the oldest one the whole test
 * suite (load, attach on both paths, packet tests, fuzz) was run on. The
 * datapath needs BPF timers (5.15), bpf_loop (5.17) and xdp.frags with
 * bpf_xdp_get_buff_len (5.18) at least; between those and 6.1 nothing
 * was tried, and the verifiers differ (6.1's lost a bound 6.12's kept).
 *
 * Degraded, not refused (README, "Kernels"):
 *  - no netdev generic-netlink family (before 6.3): no XDP features per
 *    device; loader/port_dev.c decides them from the device's kind.
 *  - no kfunc bpf_xdp_metadata_rx_vlan_tag (before 6.8): XDP programs
 *    are loaded unbound and cannot see a tag a driver holds outside the
 *    frame; XDP goes only on ports whose tags bpfvlan knows to be in the
 *    frame (loader/policy.c).
 */
#ifndef BV_KERNEL_H
#define BV_KERNEL_H

#include <stdbool.h>

#define BV_KERNEL_FLOOR_MAJOR	6
#define BV_KERNEL_FLOOR_MINOR	1

/*
 * The oldest kernel whose device-bound XDP programs (which the RX VLAN
 * kfunc needs) were seen not to crash it when their device is deleted.
 * Before, a program the verifier grows past its first allocation is moved
 * while the device's list of bound programs keeps its old address: the
 * device's deletion (a VM destroyed, a veth deleted) then faults in
 * __bpf_prog_offload_destroy (Debian 13's 6.12.117, with bpfvlan's program
 * and with any program of ~2000 rewritten instructions). bpfvlan binds no
 * program there: it does without the kfunc, as before 6.8.
 */
#define BV_DEV_BOUND_SAFE_MAJOR	6
#define BV_DEV_BOUND_SAFE_MINOR	18

/* uname -r ("" if uname fails). */
const char *bv_kernel_release(void);
/* The netdev genl family, which reports XDP features (6.3+). After any
 * setns(): the socket it opens is the one bv_xdp_features() uses.
 */
bool bv_kernel_netdev_family(void);
/* bpf_xdp_metadata_rx_vlan_tag (6.8+), and so device-bound XDP programs
 * (6.3+), in the kernel's BTF, where libbpf looks for it too, on a kernel
 * where device-bound programs are safe (above; one line says so where
 * they are not). Reads the whole vmlinux BTF: ask only when an XDP
 * program is at stake.
 */
bool bv_kernel_rx_vlan_tag(void);
/* @release (uname -r) is at or above BV_DEV_BOUND_SAFE_*. */
bool bv_kernel_dev_bound_safe(const char *release);

/*
 * 0 if @release (uname -r) is at or above the floor, or cannot be read
 * as a version (then nothing is known against it); else -EOPNOTSUPP, with
 * one message naming @release and the floor.
 */
int bv_kernel_floor_check(const char *release);

#endif /* BV_KERNEL_H */
