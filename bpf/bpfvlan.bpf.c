// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpfvlan entry points: XDP ingress (fast path), devmap egress programs
 * (per-copy form of a flood), TC ingress (complete path), and the start
 * of the bridge's timer (its clock and FDB ageing, lib/gc.h). Each finds
 * its port, parses, has lib/forward.h decide, and hands the verdict to
 * its hook's adapter (lib/ctx_xdp.h, lib/ctx_skb.h) to carry out.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/ctx_skb.h"
#include "lib/ctx_xdp.h"
#include "lib/forward.h"
#include "lib/gc.h"
#include "lib/mirror_skb.h"
#include "lib/stats.h"
#include "lib/trace_hook.h"

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

/* lib/guard.h over the frame's linear bytes, with what a global function
 * may be given: see bv_guard_skb() in lib/forward.h.
 */
static __always_inline int bv_guard_bytes(__u32 slot, __u32 types,
					  __u32 l3_off, __u64 smac,
					  void *data, void *data_end)
{
	struct bv_hdr h = {
		.smac = smac,
		.outer_type = types >> 16,
		.next_type = types & 0xffff,
		.l3_off = l3_off,
	};
	struct bv_config *cfg = bv_config_get();

	if (!cfg)	/* an array's index 0: always there */
		return BV_DROP_TX_ERROR;
	return bv_guard(bv_learned_of(slot), slot, &h, data, data_end, cfg);
}

__noinline int bv_guard_skb(struct __sk_buff *ctx, __u32 slot, __u32 types,
			    __u32 l3_off, __u64 smac)
{
	return bv_guard_bytes(slot, types, l3_off, smac,
			      (void *)(long)ctx->data,
			      (void *)(long)ctx->data_end);
}

__noinline int bv_guard_xdp(struct xdp_md *ctx, __u32 slot, __u32 types,
			    __u32 l3_off, __u64 smac)
{
	return bv_guard_bytes(slot, types, l3_off, smac,
			      (void *)(long)ctx->data,
			      (void *)(long)ctx->data_end);
}

__noinline int bv_learn_slow(__u32 slot, __u32 vid, __u64 smac, __u32 trace)
{
	struct bv_config *cfg = bv_config_get();
	struct bv_port *in = bv_port_at(slot);

	if (!in || !cfg)	/* never: the caller found both */
		return BV_LEARN_RACE;
	if (trace)
		return bv_trace_learn_record(vid, smac, slot, in, cfg);
	return bv_learn_cached(bv_learned_of(slot), vid, smac, slot, in, cfg);
}

/*
 * A trace run's request (lib/trace.h): only a test run on the loopback
 * device carries one, in XDP metadata or skb->cb[]. The port's ifindex,
 * and whether this is a trace run, packed (bv_trace_req_pack()). Global
 * functions, called only on the loopback device (bv_trace_req()).
 */
__noinline __u64 bv_trace_req_xdp(struct xdp_md *ctx)
{
	struct bv_trace_req *req = (void *)(long)ctx->data_meta;

	if ((void *)(req + 1) > (void *)(long)ctx->data ||
	    req->magic != BV_TRACE_MAGIC)
		return bv_trace_req_pack(ctx->ingress_ifindex, 0);
	bv_trace_begin(req->nonce, BV_TRACE_HOOK_XDP);
	return bv_trace_req_pack(req->ifindex, 1);
}

__noinline __u64 bv_trace_req_skb(struct __sk_buff *skb)
{
	if (skb->cb[BV_TRACE_CB_MAGIC] != BV_TRACE_MAGIC)
		return bv_trace_req_pack(skb->ifindex, 0);
	bv_trace_begin(skb->cb[BV_TRACE_CB_NONCE], BV_TRACE_HOOK_TC);
	/* The frame's outer tag into skb metadata, as at a port */
	if ((skb->cb[BV_TRACE_CB_FLAGS] & BV_TRACE_CB_DUMMY) &&
	    bpf_skb_vlan_pop(skb)) {
		bv_trace_stage(BV_TRACE_SETUP_FAILED);
		return bv_trace_req_pack(0, 1);
	}
	return bv_trace_req_pack(skb->cb[BV_TRACE_CB_IFINDEX], 1);
}

/*
 * The port's ifindex in *@ifindex (the frame's own, or the trace
 * request's) and the trace mode, 0 or 1, as a value the verifier does not
 * know on either path: a live frame gets it from arithmetic on its
 * ifindex (bv_trace_is_lo()), no call; a frame on the loopback device
 * from the request. Both [0, 1], so the verifier walks what follows once.
 */
#define bv_trace_req(ctx, fn, ifindex) ({				\
	__u64 __t = bv_trace_is_lo(*(ifindex));				\
									\
	if (bv_unlikely(*(ifindex) == BV_TRACE_LO_IFINDEX)) {		\
		__u64 __r = fn(ctx);					\
									\
		*(ifindex) = (__u32)__r;				\
		__t = (__r >> 32) & 1;					\
	}								\
	(__u8)__t;							\
})

/* XDP ingress: decide, then carry the verdict out (lib/ctx_xdp.h). */
static __always_inline int bv_xdp_switch(struct xdp_md *ctx)
{
	struct bv_verdict v = {};
	struct bv_port *in;
	struct bv_hdr h;
	__u32 slot = 0, ifindex;
	int ret;

	ret = bv_xdp_parse(ctx, &h);
	ifindex = ctx->ingress_ifindex;
	v.trace = bv_trace_req(ctx, bv_trace_req_xdp, &ifindex);
	in = bv_port_lookup(ifindex, &slot);
	if (!in)
		return XDP_PASS;
	if (ret == XDP_DROP)
		return v.trace ? bv_trace_early(BV_TRACE_RUNT, XDP_DROP)
			       : bv_xdp_runt(slot, h.len);
	if (ret)
		return v.trace ? bv_trace_early(BV_TRACE_PARSE_TO_TC, XDP_PASS)
			       : bv_xdp_to_tc(slot);
	bv_decide(slot, in, &h, ctx, 0, &v);
	if (v.trace)
		return bv_trace_xdp(ctx, slot, in, &h, &v);
	if (bv_unlikely(bv_mirror_xdp_wants(slot, &v)))
		return bv_xdp_to_tc(slot);	/* copies are made at TC */
	switch (v.action) {
	case BV_ACT_DROP:
		return bv_xdp_drop(slot, &v, h.len, v.reason);
	case BV_ACT_UNICAST:
		return bv_xdp_unicast(ctx, slot, in, &h, &v);
	case BV_ACT_FLOOD:
		return bv_xdp_flood(ctx, slot, in, &h, &v);
	}
	return XDP_PASS;	/* BV_ACT_LOCAL: TC counts it and passes it up */
}

/* The program for BPF_PROG_TEST_RUN (packet tests, fuzz, bench), and of
 * the ports of a kernel where bv_xdp_port cannot be bound to its device
 * (loader/xdpprog.h): it cannot see a tag the driver kept out of the frame,
 * so those ports get XDP only where tags stay in the frame.
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
 * (loader/port_dev.c). On a kernel without it (before 6.8) the program is
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
	struct bv_port *in;
	struct bv_hdr h;
	__u32 slot = 0, ifindex = skb->ifindex;

	v.trace = bv_trace_req(skb, bv_trace_req_skb, &ifindex);
	in = bv_port_lookup(ifindex, &slot);
	if (!in)
		return TC_ACT_OK;
	if (bv_skb_parse(skb, &h)) {
		if (v.trace)
			return bv_trace_early(BV_TRACE_RUNT, TC_ACT_SHOT);
		bv_count_rx(slot, bv_skb_wire_len(skb));
		bv_count_drop(slot, BV_DROP_RUNT);
		return TC_ACT_SHOT;
	}
	bv_skb_l3(skb, in);
	bv_decide(slot, in, &h, skb, 1, &v);
	if (v.trace)
		return bv_trace_tc(skb, slot, in, &h, &v);
	bv_skb_count(slot, &h, &v);
	if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_RX)))
		bv_mirror_rx(skb, slot, v.vid);
	switch (v.action) {
	case BV_ACT_DROP:
		bv_count_drop(slot, v.reason);
		return TC_ACT_SHOT;
	case BV_ACT_LOCAL:
		bv_count_drop(slot, v.reason);	/* link_local: to the host */
		return TC_ACT_OK;
	case BV_ACT_UNICAST:
		if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_VLAN)))
			bv_mirror_vlan(skb, &h, v.vid, v.tci);
		return bv_skb_unicast(skb, slot, &h, &v, 0);
	case BV_ACT_FLOOD:
		if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_VLAN)))
			bv_mirror_vlan(skb, &h, v.vid, v.tci);
		return bv_skb_flood(skb, slot, in, &h, &v, 0);
	}
	return TC_ACT_SHOT;
}

/* Run once by the loader (BPF_PROG_TEST_RUN) to arm the bridge's timer. */
SEC("tc")
int bv_gc_start(struct __sk_buff *skb __bv_unused)
{
	return bv_gc_arm();
}
