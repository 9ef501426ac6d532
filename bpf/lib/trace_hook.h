/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The ends of a trace run (lib/trace.h): where the hooks carry a verdict
 * out, a trace run records what they would do, with their own tests (the
 * XDP adapter's reasons to hand a frame to TC, the TC adapter's unicast
 * and flood walk in record mode) and returns the verdict the hook would.
 */
#ifndef BV_LIB_TRACE_HOOK_H
#define BV_LIB_TRACE_HOOK_H

#include "ctx_skb.h"
#include "ctx_xdp.h"
#include "trace.h"

/* A trace run that ended before a decision, at @stage: @ret. */
static __always_inline int bv_trace_early(__u8 stage, int ret)
{
	bv_trace_stage(stage);
	return ret;
}

/* What XDP does with the decided frame: XDP_DROP, XDP_REDIRECT (unicast
 * or through the VID's flood devmap) or XDP_PASS (to TC, record.xdp says
 * why).
 */
static __always_inline int bv_trace_xdp(struct xdp_md *ctx, __u32 slot,
					const struct bv_port *in,
					const struct bv_hdr *h,
					const struct bv_verdict *v)
{
	struct bv_trace_rec *r = bv_trace_decided(slot, in, v);
	void *flood = NULL;
	int why;

	if (!r)
		return XDP_ABORTED;
	if (bv_mirror_xdp_wants(slot, v)) {	/* copies are made at TC */
		r->xdp = BV_TRACE_XDP_TC_MIRROR;
		return XDP_PASS;
	}
	switch (v->action) {
	case BV_ACT_DROP:
		r->xdp = BV_TRACE_XDP_DROP;
		return XDP_DROP;
	case BV_ACT_UNICAST:
		why = bv_xdp_unicast_to_tc(ctx, in, h, v);
		r->xdp = why ? why : BV_TRACE_XDP_REDIRECT;
		return why ? XDP_PASS : XDP_REDIRECT;
	case BV_ACT_FLOOD:
		why = bv_xdp_flood_to_tc(ctx, in, h, v, &flood);
		r->xdp = why ? why : BV_TRACE_XDP_BROADCAST;
		return why ? XDP_PASS : XDP_REDIRECT;
	}
	r->xdp = BV_TRACE_XDP_TC_LOCAL;
	return XDP_PASS;
}

/* What TC does with the decided frame: the copies it sends, by the
 * adapter's own unicast and flood walk in record mode.
 */
static __always_inline int bv_trace_tc(struct __sk_buff *skb, __u32 slot,
				       const struct bv_port *in,
				       const struct bv_hdr *h,
				       const struct bv_verdict *v)
{
	if (!bv_trace_decided(slot, in, v))
		return TC_ACT_SHOT;
	switch (v->action) {
	case BV_ACT_DROP:
		return TC_ACT_SHOT;
	case BV_ACT_LOCAL:
		return TC_ACT_OK;
	case BV_ACT_UNICAST:
		return bv_skb_unicast(skb, slot, h, v, 1);
	case BV_ACT_FLOOD:
		return bv_skb_flood(skb, slot, in, h, v, 1);
	}
	return TC_ACT_SHOT;
}

#endif /* BV_LIB_TRACE_HOOK_H */
