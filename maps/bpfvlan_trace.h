/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * `bpfvlan trace`: the contract between the programs' trace mode
 * (bpf/lib/trace.h) and the loader (loader/trace.c).
 *
 * A trace runs one frame through the bridge's own XDP or TC program with
 * BPF_PROG_TEST_RUN, on the loopback device (ifindex 1, which is never a
 * port: no live frame runs our programs there) and with a request that
 * only a test run can carry: XDP metadata (struct bv_trace_req before the
 * frame) or, at TC, skb->cb[]. Both together put the run in trace mode:
 * the decision is the datapath's own, but nothing is learned, counted or
 * sent; the program writes what it decided into this CPU's bv_trace
 * record instead, tagged with the request's nonce.
 */
#ifndef BPFVLAN_TRACE_H
#define BPFVLAN_TRACE_H

#include "bpfvlan_maps.h"

#define BV_TRACE_MAGIC		0xb7ace5edU
#define BV_TRACE_LO_IFINDEX	1	/* LOOPBACK_IFINDEX in every netns */

/* XDP: the metadata in front of the frame (a multiple of 4, at most 32). */
struct bv_trace_req {
	__u32 magic;		/* BV_TRACE_MAGIC */
	__u32 ifindex;		/* the port the frame comes in on */
	__u32 nonce;		/* copied into the record */
	__u32 pad;
};

/* TC: skb->cb[] words. BV_TRACE_CB_DUMMY: the frame starts with a dummy
 * 802.1Q tag, which the program pops first, so that the frame's own outer
 * tag (if any) lands in skb metadata as the kernel's receive path puts it.
 */
enum {
	BV_TRACE_CB_MAGIC	= 0,
	BV_TRACE_CB_IFINDEX	= 1,
	BV_TRACE_CB_NONCE	= 2,
	BV_TRACE_CB_FLAGS	= 3,
};
#define BV_TRACE_CB_DUMMY	1

enum bv_trace_hook {
	BV_TRACE_HOOK_NONE = 0,
	BV_TRACE_HOOK_XDP,
	BV_TRACE_HOOK_TC,
};

/* How far the program got. */
enum bv_trace_stage {
	BV_TRACE_NO_PORT = 0,	/* the ifindex is no port of the bridge */
	BV_TRACE_RUNT,		/* too short for its headers: dropped */
	BV_TRACE_PARSE_TO_TC,	/* XDP: multi-buffer or too large: to TC */
	BV_TRACE_DECIDED,	/* action, reason... say the rest */
	BV_TRACE_SETUP_FAILED,	/* TC: the dummy tag could not be popped */
};

/* What XDP does with a decided frame (record.xdp). */
enum bv_trace_xdp {
	BV_TRACE_XDP_DROP = 0,		/* drops it (reason) */
	BV_TRACE_XDP_REDIRECT,		/* unicast to out_slot */
	BV_TRACE_XDP_BROADCAST,		/* floods through the VID's devmap */
	BV_TRACE_XDP_TC_LOCAL,		/* link-local: TC passes it to the host */
	BV_TRACE_XDP_TC_EGRESS,		/* unicast to a port without XDP tx */
	BV_TRACE_XDP_TC_CSUM,		/* may need checksum offload (local stack) */
	BV_TRACE_XDP_TC_FLOOD,		/* the VLAN cannot flood in XDP */
	BV_TRACE_XDP_TC_ISOLATED,	/* a flood from an isolated port */
	BV_TRACE_XDP_TC_NO_DEVMAP,	/* the VID has no flood devmap */
	BV_TRACE_XDP_TC_MIRROR,		/* a mirror wants a copy: made at TC */
	BV_TRACE_XDP_MAX,
};

/* What learning would do with the frame's source (record.learn). */
enum bv_trace_learn {
	BV_TRACE_LEARN_NONE = 0,	/* not reached */
	BV_TRACE_LEARN_LOCKED,		/* locked port: learns nothing */
	BV_TRACE_LEARN_CACHED,		/* learned here this tick already */
	BV_TRACE_LEARN_NEW,		/* a new entry */
	BV_TRACE_LEARN_REFRESH,		/* its entry here, refreshed */
	BV_TRACE_LEARN_KNOWN,		/* its entry here, fresh */
	BV_TRACE_LEARN_MOVE,		/* moved here from another port */
	BV_TRACE_LEARN_STATIC,		/* a static entry of this port */
	BV_TRACE_LEARN_STATIC_MOVE,	/* a static entry of another port */
	BV_TRACE_LEARN_LIMIT,		/* the port is at its learn-limit */
	BV_TRACE_LEARN_FULL,		/* the bridge's learn bound is reached */
	BV_TRACE_LEARN_BUSY,		/* being aged out this instant */
	BV_TRACE_LEARN_MAX,
};

/* One trace run's record (bv_trace, per CPU, one entry). */
struct bv_trace_rec {
	__u32 nonce;		/* the request's */
	__u8  hook;		/* enum bv_trace_hook */
	__u8  stage;		/* enum bv_trace_stage */
	__u8  action;		/* enum bv_action (lib/forward.h) */
	__u8  reason;		/* enum bv_drop_reason; BV_DROP_MAX: none */
	__u8  learn;		/* enum bv_trace_learn */
	__u8  xdp;		/* enum bv_trace_xdp */
	__u8  flood_failed;	/* TC: a form change failed in the walk */
	__u8  flood_skipped;	/* TC: isolated members were skipped */
	__u16 vid;
	__u16 tci;		/* TCI of a tagged copy */
	__u32 in_slot;
	__u32 out_slot;		/* unicast */
	__u32 nr_egress;
	__u32 pad;
	/* TC: the ports a copy leaves on, those that get it untagged, and
	 * those whose copy was too large for them (dropped, oversize).
	 */
	__u64 egress[BV_PORT_WORDS];
	__u64 untagged[BV_PORT_WORDS];
	__u64 oversize[BV_PORT_WORDS];
};

/* enum bv_action of lib/forward.h, for user space. */
enum bv_trace_action {
	BV_TRACE_ACT_DROP = 0,
	BV_TRACE_ACT_LOCAL,
	BV_TRACE_ACT_UNICAST,
	BV_TRACE_ACT_FLOOD,
};

#endif /* BPFVLAN_TRACE_H */
