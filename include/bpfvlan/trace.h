/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * `bpfvlan trace`: one frame through the bridge's own pinned programs, on
 * the live maps, in trace mode (maps/bpfvlan_trace.h): what they decide,
 * with nothing learned, counted or sent. The XDP program first on a port
 * that has it, then the TC program if XDP hands the frame on (or the port
 * is TC only), as the kernel would run them.
 */
#ifndef BPFVLAN_TRACE_API_H
#define BPFVLAN_TRACE_API_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan_trace.h"

/* Frames a trace takes: an Ethernet header at least, a jumbo frame at most. */
#define BV_TRACE_FRAME_MIN	14
#define BV_TRACE_FRAME_MAX	9216

/* Where the frame would end: the path that carries it out. */
enum bv_trace_path {
	BV_TRACE_PATH_XDP,	/* XDP switches it (forwards or drops) */
	BV_TRACE_PATH_XDP_TC,	/* XDP hands it to TC, which switches it */
	BV_TRACE_PATH_TC,	/* a TC-only port */
	BV_TRACE_PATH_KERNEL,	/* the kernel frees it before TC (tagged runt) */
};

struct bv_trace_egress {
	__u32 slot;
	__u32 ifindex;
	__u16 vid;
	bool tagged;
	bool oversize;		/* too large for the port: dropped there */
};

struct bv_trace {
	unsigned int in_slot;
	unsigned int path;		/* enum bv_trace_path */
	bool ran_xdp, ran_tc;
	struct bv_trace_rec xdp, tc;	/* the programs' records */
	int xdp_ret, tc_ret;		/* their verdicts */
	/* The record that decided: tc if TC ran, else xdp. */
	const struct bv_trace_rec *rec;
	unsigned int nr_egress;		/* copies, and copies dropped oversize */
	struct bv_trace_egress egress[BV_MAX_PORTS];
};

/*
 * Trace @frame (@len bytes, tags in the bytes, as on the wire) coming in
 * on the port in @slot. 0 with @t filled; -EOPNOTSUPP (message) if the
 * bridge's programs have no trace mode (loaded by an older bpfvlan);
 * else -errno with a message.
 */
int bv_trace_frame(struct bv_bridge *br, unsigned int slot, const __u8 *frame,
		   size_t len, struct bv_trace *t);

/* Names, for text and JSON. */
const char *bv_trace_path_name(unsigned int path);
const char *bv_trace_xdp_name(unsigned int xdp);
const char *bv_trace_learn_name(unsigned int learn);
const char *bv_trace_action_name(unsigned int action);

#endif /* BPFVLAN_TRACE_API_H */
