/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What the running kernel offers bpfvlan, asked once per run, and the
 * oldest kernel bpfvlan runs on.
 *
 * The floor is 6.1, Debian 12's kernel: the oldest one the whole test
 * suite (load, attach on both paths, packet tests, fuzz) was run on. The
 * datapath needs BPF timers (5.15), bpf_loop (5.17) and xdp.frags with
 * bpf_xdp_get_buff_len (5.18) at least; between those and 6.1 nothing
 * was tried, and the verifiers differ (6.1's lost a bound 6.12's kept).
 *
 * Degraded, not refused (README, "Kernels"):
 *  - no netdev generic-netlink family (before 6.3): no XDP feature bits
 *    per device; loader/port_dev.c decides them from the device's kind.
 *  - no kfunc bpf_xdp_metadata_rx_vlan_tag (before 6.8): XDP programs
 *    are loaded unbound and cannot see a tag a driver holds outside the
 *    frame; XDP goes only on ports whose tags bpfvlan knows to be in the
 *    frame (loader/policy.c).
 */
#ifndef BV_KERNEL_H
#define BV_KERNEL_H

#include <stdbool.h>
#include <sys/utsname.h>

#define BV_KERNEL_FLOOR_MAJOR	6
#define BV_KERNEL_FLOOR_MINOR	1

struct bv_kernel {
	char release[sizeof(((struct utsname *)0)->release)];
	bool netdev_family;	/* netdev genl family: XDP features (6.3+) */
	bool rx_vlan_tag;	/* bpf_xdp_metadata_rx_vlan_tag (6.8+), and
				 * so device-bound XDP programs (6.3+) */
};

/* The running kernel, probed on the first call (after any setns()). */
const struct bv_kernel *bv_kernel(void);

/*
 * 0 if @release (uname -r) is at or above the floor, or cannot be read
 * as a version (then nothing is known against it); else -EOPNOTSUPP, with
 * one message naming @release and the floor.
 */
int bv_kernel_floor_check(const char *release);

#endif /* BV_KERNEL_H */
