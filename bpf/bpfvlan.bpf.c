// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpfvlan entry points: XDP ingress (fast path), devmap egress programs
 * (per-copy form of a flood), TC ingress (complete path), and the start
 * of the bridge's timer (its clock and FDB ageing, lib/gc.h). The
 * decision itself lives in lib/forward.h.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ctx_skb.h"
#include "lib/ctx_xdp.h"
#include "lib/forward.h"
#include "lib/gc.h"
#include "lib/stats.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Kernel 6.8+: 0 and the outer tag if the driver holds one outside the
 * frame, else -ENODATA or -EOPNOTSUPP (always, in a program not bound to
 * a device). Weak, and called only where bpf_ksym_exists(): on an older
 * kernel libbpf makes the call dead code and bv_xdp_port still loads.
 */
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym __weak;

/* libbpf 1.2's bpf_helpers.h has it; Debian 12 ships libbpf 1.1. */
#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym) ({						\
	_Static_assert(!__builtin_constant_p(!!sym),			\
		       #sym " should be marked as __weak");		\
	!!sym;								\
})
#endif

/* XDP cannot carry this frame out; hand it to TC exactly as it came. */
static __always_inline int bv_xdp_to_tc(__u32 slot)
{
	bv_count_event(slot, BV_EV_XDP_TO_TC);
	return XDP_PASS;
}

/* A source that could not be learned (FDB full, port at its learn-limit)
 * is counted by the hook that switches the frame: not by XDP when it hands
 * the frame to TC, which decides (and counts) again.
 */
static __always_inline void bv_count_learn(__u32 slot,
					   const struct bv_verdict *v)
{
	if (v->learn_ev < BV_EV_MAX)
		bv_count_event(slot, v->learn_ev);
}

/* Frames a local stack sent may carry a checksum left to offload, a state
 * only the skb keeps: XDP forwards none of them that could (TC does).
 */
static __always_inline int bv_xdp_keeps_csum(const struct bv_port *in,
					     void *data, void *data_end,
					     const struct bv_hdr *h)
{
	return !(in->flags & BV_PORT_F_LOCAL_CSUM) ||
	       !bv_may_need_csum(data, data_end, h);
}

/* @v: the decision, or NULL for a frame dropped before it. */
static __always_inline int bv_xdp_drop(__u32 slot, const struct bv_verdict *v,
				       __u32 len, __u32 reason)
{
	bv_count_rx(slot, len);
	bv_count_drop(slot, reason);
	if (v)
		bv_count_vlan(v->vid, len, v->action == BV_ACT_FLOOD, reason);
	return XDP_DROP;
}

static __always_inline int bv_xdp_switch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct bv_verdict v = {};
	struct bv_port *in;
	struct bv_hdr h;
	__u32 slot = 0, vid;
	void *flood;
	long ret;

	in = bv_port_lookup(ctx->ingress_ifindex, &slot);
	if (!in)
		return XDP_PASS;
	if (bpf_xdp_get_buff_len(ctx) != (__u64)(data_end - data))
		return bv_xdp_to_tc(slot);	/* multi-buffer */
	if (bv_parse_bytes(data, data_end, &h))
		return bv_xdp_drop(slot, NULL, data_end - data, BV_DROP_RUNT);
	if (h.len - (h.outer_type == ETH_P_8021Q ? BV_VLAN_HLEN : 0) >
	    BV_XDP_MAX_UNTAGGED)
		return bv_xdp_to_tc(slot);

	bv_decide(slot, in, &h, &v);

	switch (v.action) {
	case BV_ACT_DROP:
		bv_count_learn(slot, &v);
		return bv_xdp_drop(slot, &v, h.len, v.reason);
	case BV_ACT_LOCAL:
		return XDP_PASS;	/* TC counts it and passes it up */
	case BV_ACT_UNICAST:
		if (!v.out || !(v.out->flags & BV_PORT_F_XDP_TX) ||
		    v.out->mtu + ETH_HLEN < BV_XDP_MAX_UNTAGGED ||
		    !bv_xdp_keeps_csum(in, data, data_end, &h))
			return bv_xdp_to_tc(slot);
		bv_count_learn(slot, &v);
		if (bv_xdp_set_form(ctx, &h, v.out_untagged, v.tci))
			return bv_xdp_drop(slot, &v, h.len, BV_DROP_TX_ERROR);
		ret = bpf_redirect_map(&bv_tx, v.out_slot, 0);
		if (ret != XDP_REDIRECT)
			return bv_xdp_drop(slot, &v, h.len, BV_DROP_TX_ERROR);
		bv_count_rx(slot, h.len);
		bv_count_vlan(v.vid, h.len, 0, BV_DROP_MAX);
		bv_count_tx(v.out_slot, ctx->data_end - ctx->data);
		return ret;
	case BV_ACT_FLOOD:
		if (!(v.vlan->flags & BV_VLAN_F_XDP_FLOOD) ||
		    !bv_xdp_keeps_csum(in, data, data_end, &h))
			return bv_xdp_to_tc(slot);
		vid = v.vid;	/* the outer map's key is a __u32 */
		flood = bpf_map_lookup_elem(&bv_flood, &vid);
		if (!flood)
			return bv_xdp_to_tc(slot);
		bv_count_learn(slot, &v);
		/* Every copy starts tagged; egress programs untag. */
		if (bv_xdp_set_form(ctx, &h, 0, v.tci))
			return bv_xdp_drop(slot, &v, h.len, BV_DROP_TX_ERROR);
		ret = bpf_redirect_map(flood, 0,
				       BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
		if (ret != XDP_REDIRECT)
			return bv_xdp_drop(slot, &v, h.len, BV_DROP_TX_ERROR);
		bv_count_rx(slot, h.len);
		bv_count_vlan(v.vid, h.len, 1, BV_DROP_MAX);
		return ret;
	}
	return XDP_PASS;
}

/* The program for BPF_PROG_TEST_RUN (packet tests, fuzz, bench): it cannot
 * see a tag the driver kept out of the frame, so no port runs it.
 */
SEC("xdp.frags")
int bv_xdp_ingress(struct xdp_md *ctx)
{
	return bv_xdp_switch(ctx);
}

/*
 * The program every XDP port runs, loaded bound to that port's device
 * (loader/xdpprog.c): only then may it ask the driver for a tag it took
 * out of the frame, which XDP cannot see in the bytes (a NIC's RX VLAN
 * offload, a veth peer's TX VLAN offload; 802.1Q or 802.1ad). Classifying
 * such a frame as untagged would put it in the wrong VLAN; TC sees the
 * tag in skb->vlan_tci and decides right. Drivers without this kfunc
 * answer -EOPNOTSUPP: their ports get XDP only with RX VLAN offload off
 * (loader/devconf.c). On a kernel without it (before 6.8) the program is
 * loaded unbound and XDP goes only on ports whose tags are in the frame
 * (loader/policy.c).
 */
SEC("?xdp.frags")
int bv_xdp_port(struct xdp_md *ctx)
{
	__be16 proto;
	__u16 tci;
	__u32 slot = 0;

	if (bpf_ksym_exists(bpf_xdp_metadata_rx_vlan_tag) &&
	    !bpf_xdp_metadata_rx_vlan_tag(ctx, &proto, &tci) &&
	    bv_port_lookup(ctx->ingress_ifindex, &slot))
		return bv_xdp_to_tc(slot);
	return bv_xdp_switch(ctx);
}

/* Devmap egress: slot of the port a flood copy leaves on, for tx counters. */
static __always_inline __u32 bv_egress_slot(struct xdp_md *ctx)
{
	__u32 slot = BV_MAX_PORTS;

	return bv_port_lookup(ctx->egress_ifindex, &slot) ? slot : BV_MAX_PORTS;
}

SEC("xdp/devmap")
int bv_xdp_egress_untag(struct xdp_md *ctx)
{
	__u32 slot = bv_egress_slot(ctx);

	if (bv_xdp_pop(ctx))
		return XDP_DROP;
	bv_count_tx(slot, ctx->data_end - ctx->data);
	return XDP_PASS;
}

SEC("xdp/devmap")
int bv_xdp_egress_tag(struct xdp_md *ctx)
{
	bv_count_tx(bv_egress_slot(ctx), ctx->data_end - ctx->data);
	return XDP_PASS;
}

SEC("tc")
int bv_tc_ingress(struct __sk_buff *skb)
{
	struct bv_verdict v = {};
	struct bv_skb_form f;
	struct bv_port *in;
	struct bv_hdr h;
	__u32 slot = 0;

	in = bv_port_lookup(skb->ifindex, &slot);
	if (!in)
		return TC_ACT_OK;
	if (bv_skb_parse(skb, &h)) {
		bv_count_rx(slot, bv_skb_wire_len(skb));
		bv_count_drop(slot, BV_DROP_RUNT);
		return TC_ACT_SHOT;
	}
	bv_decide(slot, in, &h, &v);
	bv_count_learn(slot, &v);
	bv_count_rx(slot, h.len);
	bv_count_vlan(v.vid, h.len, v.action == BV_ACT_FLOOD,
		      v.action == BV_ACT_DROP ? v.reason : BV_DROP_MAX);

	f.tagged = h.outer_type == ETH_P_8021Q;
	f.tci = h.tci;
	switch (v.action) {
	case BV_ACT_DROP:
		bv_count_drop(slot, v.reason);
		return TC_ACT_SHOT;
	case BV_ACT_LOCAL:
		bv_count_drop(slot, v.reason);
		return TC_ACT_OK;
	case BV_ACT_UNICAST:
		if (bv_skb_set_form(skb, &f, v.out_untagged, v.tci)) {
			bv_count_drop_vlan(slot, v.vid, BV_DROP_TX_ERROR);
			return TC_ACT_SHOT;
		}
		if (!v.out || !bv_skb_fits(skb, v.out)) {
			bv_count_drop_vlan(v.out_slot, v.vid, BV_DROP_OVERSIZE);
			return TC_ACT_SHOT;
		}
		bv_count_tx(v.out_slot, bv_skb_wire_len(skb));
		return bpf_redirect(v.out_ifindex, 0);
	case BV_ACT_FLOOD:
		return bv_skb_flood(skb, slot, &v, &f);
	}
	return TC_ACT_SHOT;
}

/* Run once by the loader (BPF_PROG_TEST_RUN) to arm the bridge's timer. */
SEC("tc")
int bv_gc_start(struct __sk_buff *skb __bv_unused)
{
	return bv_gc_arm();
}
