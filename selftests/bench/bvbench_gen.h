/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Generator settings shared by bvbench.bpf.c and the driver. */
#ifndef BVBENCH_GEN_H
#define BVBENCH_GEN_H

#include <linux/types.h>

#define BVB_HDR_LEN	18	/* MACs + 802.1Q tag + ethertype */
#define BVB_SINK_SLOTS	4096	/* sink counters indexed by ifindex % this */
#define BVB_STEP_KEY	0x02b0000000d1000aULL	/* bvb_fdb's one entry */

/*
 * Written by the driver between runs (.bss is mmapped). Live-frames pages
 * are recycled without restoring their bytes, and bpfvlan rewrites headers
 * in place (tag push/pop), so the generator writes the whole header of
 * every frame it sends.
 */
struct bvb_gen_cfg {
	__u8  hdr[BVB_HDR_LEN];	/* dst, src, type[, tci, type] as on the wire */
	__u16 pad;
	__u32 ifindex;		/* bpf_redirect target */
	__u32 src_seq;		/* 1: source MAC low 24 bits = src_next++ */
	__u32 dst_mask;		/* != 0: dest MAC low 24 bits = dst_next++ & mask */
	__u32 src_next;		/* never reset: every source MAC is new */
	__u32 dst_next;
};

#endif /* BVBENCH_GEN_H */
