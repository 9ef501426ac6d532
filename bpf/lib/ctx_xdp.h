/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * XDP adapter: carries a verdict out on an xdp_md, with the same verbs as
 * the TC adapter (ctx_skb.h): set the frame's egress form, send it to one
 * port (unicast), to every member (flood), or drop it. What XDP cannot
 * carry out it hands to TC unchanged (XDP_PASS), which decides again.
 *
 * Counting: a frame XDP switches (forwards or drops) is counted here, rx
 * on its ingress port and once in its VLAN; a frame handed to TC is
 * counted only as that event (xdp_to_tc), so TC's counts stay the only
 * ones. That includes a source the decision could not learn (learn_ev):
 * counted by the hook that switches the frame.
 */
#ifndef BV_LIB_CTX_XDP_H
#define BV_LIB_CTX_XDP_H

#include "bpfvlan_trace.h"
#include "compiler.h"
#include "forward.h"
#include "stats.h"

/* Move the 12 MAC bytes 4 bytes towards the head (room for a tag). The
 * copy order is safe for the overlap: each word is read before written.
 */
static __always_inline void bv_macs_down(__u32 *w)
{
	w[0] = w[1];
	w[1] = w[2];
	w[2] = w[3];
}

static __always_inline void bv_macs_up(__u32 *w)
{
	w[3] = w[2];
	w[2] = w[1];
	w[1] = w[0];
}

/* Insert an 802.1Q tag with @tci (host order) after the MACs. */
static __always_inline int bv_xdp_push(struct xdp_md *ctx, __u16 tci)
{
	void *data, *data_end;
	__be16 *tag;

	if (bpf_xdp_adjust_head(ctx, -BV_VLAN_HLEN))
		return -1;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + ETH_HLEN + BV_VLAN_HLEN > data_end)
		return -1;
	bv_macs_down(data);
	tag = data + 2 * ETH_ALEN;
	tag[0] = bpf_htons(ETH_P_8021Q);
	tag[1] = bpf_htons(tci);
	return 0;
}

/* Remove the outer tag (the frame is known to carry one). */
static __always_inline int bv_xdp_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + ETH_HLEN + BV_VLAN_HLEN > data_end)
		return -1;
	bv_macs_up(data);
	return bpf_xdp_adjust_head(ctx, BV_VLAN_HLEN) ? -1 : 0;
}

static __always_inline int bv_xdp_set_tci(struct xdp_md *ctx, __u16 tci)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__be16 *tag = data + 2 * ETH_ALEN;

	if ((void *)(tag + 2) > data_end)
		return -1;
	tag[1] = bpf_htons(tci);
	return 0;
}

/*
 * Give the frame described by @h (as received) its egress form: untagged,
 * or tagged with @tci. Only an outer 802.1Q tag is ours to pop or rewrite.
 */
static __always_inline int bv_xdp_set_form(struct xdp_md *ctx,
					   const struct bv_hdr *h,
					   int untagged, __u16 tci)
{
	if (h->outer_type == ETH_P_8021Q) {
		if (untagged)
			return bv_xdp_pop(ctx);
		return h->tci == tci ? 0 : bv_xdp_set_tci(ctx, tci);
	}
	return untagged ? 0 : bv_xdp_push(ctx, tci);
}

/* XDP cannot carry this frame out; hand it to TC exactly as it came. */
static __always_inline int bv_xdp_to_tc(__u32 slot)
{
	bv_count_event(slot, BV_EV_XDP_TO_TC);
	return XDP_PASS;
}

/*
 * Parse the frame for the decision: 0 to go on; else what to do with a
 * frame no decision is needed for: XDP_DROP a runt (h->len set), XDP_PASS
 * (to TC) a frame XDP does not carry: multi-buffer, or larger than
 * BV_XDP_MAX_UNTAGGED once untagged. Called first, before the port is
 * known, so that nothing else is live across its helper call.
 */
static __always_inline int bv_xdp_parse(struct xdp_md *ctx, struct bv_hdr *h)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int runt = bv_parse_bytes(data, data_end, h);

	if (bv_unlikely(len != (__u64)(data_end - data)))
		return XDP_PASS;	/* multi-buffer */
	if (bv_unlikely(runt))
		return XDP_DROP;
	if (bv_unlikely(h->len - (h->outer_type == ETH_P_8021Q ?
				  BV_VLAN_HLEN : 0) > BV_XDP_MAX_UNTAGGED))
		return XDP_PASS;
	return 0;
}

/* A frame too short for its headers (bv_parse_bytes). */
static __always_inline int bv_xdp_runt(__u32 slot, __u64 len)
{
	bv_count_rx(slot, len);
	bv_count_drop(slot, BV_DROP_RUNT);
	return XDP_DROP;
}

/* Frames a local stack sent may carry a checksum left to offload, a state
 * only the skb keeps: XDP forwards none of them that could (TC does).
 */
static __always_inline int bv_xdp_keeps_csum(struct xdp_md *ctx,
					     const struct bv_port *in,
					     const struct bv_hdr *h)
{
	return !(in->flags & BV_PORT_F_LOCAL_CSUM) ||
	       !bv_may_need_csum((void *)(long)ctx->data,
				 (void *)(long)ctx->data_end, h);
}

/* Drop a decided frame for @reason: counted on the port and its VLAN. */
static __always_inline int bv_xdp_drop(__u32 slot, const struct bv_verdict *v,
				       __u64 len, __u32 reason)
{
	bv_count_event(slot, v->learn_ev);
	bv_count_rx(slot, len);
	bv_count_drop(slot, reason);
	bv_count_vlan(v->vid, len, v->action == BV_ACT_FLOOD, reason);
	return XDP_DROP;
}

/* Can XDP send this known unicast? 0, or why TC does (enum bv_trace_xdp). */
static __always_inline int bv_xdp_unicast_to_tc(struct xdp_md *ctx,
						const struct bv_port *in,
						const struct bv_hdr *h,
						const struct bv_verdict *v)
{
	if (!v->out || !bv_port_takes_xdp(v->out))
		return BV_TRACE_XDP_TC_EGRESS;
	if (!bv_xdp_keeps_csum(ctx, in, h))
		return BV_TRACE_XDP_TC_CSUM;
	return 0;
}

/* Known unicast to v->out, if that port takes XDP frames; else TC. */
static __always_inline int bv_xdp_unicast(struct xdp_md *ctx, __u32 slot,
					  const struct bv_port *in,
					  const struct bv_hdr *h,
					  const struct bv_verdict *v)
{
	if (bv_xdp_unicast_to_tc(ctx, in, h, v))
		return bv_xdp_to_tc(slot);
	if (bv_xdp_set_form(ctx, h, bv_port_untagged(v->out, v->vid),
			    v->tci) ||
	    bpf_redirect_map(&bv_tx, v->out_slot, 0) != XDP_REDIRECT)
		return bv_xdp_drop(slot, v, h->len, BV_DROP_TX_ERROR);
	bv_count_event(slot, v->learn_ev);
	bv_count_rx(slot, h->len);
	bv_count_vlan(v->vid, h->len, 0, BV_DROP_MAX);
	bv_count_tx(v->out_slot, ctx->data_end - ctx->data);
	return XDP_REDIRECT;
}

/* Can XDP flood this frame? 0 with the VID's devmap in *@flood, or why
 * TC does (enum bv_trace_xdp).
 */
static __always_inline int bv_xdp_flood_to_tc(struct xdp_md *ctx,
					      const struct bv_port *in,
					      const struct bv_hdr *h,
					      const struct bv_verdict *v,
					      void **flood)
{
	__u32 vid = v->vid;	/* the outer map's key is a __u32 */

	if (!(v->vlan->flags & BV_VLAN_F_XDP_FLOOD))
		return BV_TRACE_XDP_TC_FLOOD;
	if (in->flags & BV_PORT_F_ISOLATED)
		return BV_TRACE_XDP_TC_ISOLATED;
	if (!bv_xdp_keeps_csum(ctx, in, h))
		return BV_TRACE_XDP_TC_CSUM;
	*flood = bpf_map_lookup_elem(&bv_flood, &vid);
	return *flood ? 0 : BV_TRACE_XDP_TC_NO_DEVMAP;
}

/*
 * Flood through the VLAN's flood devmap, if it has one and every member
 * takes XDP frames (BV_VLAN_F_XDP_FLOOD), from a port that is not
 * isolated (the devmap holds the isolated members too); else TC. Every
 * copy leaves tagged; the devmap egress program of a port that sends the
 * VLAN untagged pops the tag (and counts the copy's tx there).
 */
static __always_inline int bv_xdp_flood(struct xdp_md *ctx, __u32 slot,
					const struct bv_port *in,
					const struct bv_hdr *h,
					const struct bv_verdict *v)
{
	void *flood = NULL;

	if (bv_xdp_flood_to_tc(ctx, in, h, v, &flood) || !flood)
		return bv_xdp_to_tc(slot);
	if (bv_xdp_set_form(ctx, h, 0, v->tci) ||
	    bpf_redirect_map(flood, 0, BPF_F_BROADCAST |
				       BPF_F_EXCLUDE_INGRESS) != XDP_REDIRECT)
		return bv_xdp_drop(slot, v, h->len, BV_DROP_TX_ERROR);
	bv_count_event(slot, v->learn_ev);
	bv_count_rx(slot, h->len);
	bv_count_vlan(v->vid, h->len, 1, BV_DROP_MAX);
	return XDP_REDIRECT;
}

#endif /* BV_LIB_CTX_XDP_H */
