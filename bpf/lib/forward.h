/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The switching decision, shared by the XDP and TC hooks: a parsed frame
 * and its ingress port in, one verdict out. Nothing here touches the frame
 * or the counters; the hook adapters (ctx_xdp.h, ctx_skb.h) carry the
 * verdict out and count what they did.
 */
#ifndef BV_LIB_FORWARD_H
#define BV_LIB_FORWARD_H

#include "classify.h"
#include "compiler.h"
#include "fdb.h"
#include "guard.h"
#include "parse.h"

enum bv_action {
	BV_ACT_DROP,		/* reason says why */
	BV_ACT_LOCAL,		/* link-local: to the host stack, not forwarded */
	BV_ACT_UNICAST,		/* one egress port: out, out_slot */
	BV_ACT_FLOOD,		/* every member of vid but the ingress port */
};

/*
 * The unicast egress port is the one in @out_slot while this program runs:
 * a slot is reused only a grace period after its port left (loader/port.c),
 * so out->ifindex and out->pvid stay what the decision checked.
 */
struct bv_verdict {
	__u8  action;		/* enum bv_action */
	__u8  reason;		/* enum bv_drop_reason, for BV_ACT_DROP */
	__u8  learn_ev;		/* enum bv_event of a source not learned, or BV_EV_MAX */
	__u8  trace;		/* in: a trace run (lib/trace.h), set by the hook */
	__u16 vid;
	__u16 tci;		/* TCI when the frame leaves tagged */
	__u32 out_slot;
	struct bv_port *out;	/* unicast egress port */
	struct bv_vlan *vlan;
};

static __always_inline int bv_drop(struct bv_verdict *v, __u8 reason)
{
	v->action = BV_ACT_DROP;
	v->reason = reason;
	return 0;
}

static __always_inline struct bv_config *bv_config_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&bv_config, &zero);
}

/* Ports by slot; the slot must still hold @ifindex (slots are reused). */
static __always_inline struct bv_port *bv_port_at(__u32 slot)
{
	return bpf_map_lookup_elem(&bv_ports, &slot);
}

/*
 * The port of @ifindex, its slot in @slot. Two call sites, kept apart by
 * the barrier: clang would otherwise merge them into one lookup of a map
 * chosen at run time, which the verifier cannot inline (a helper call and
 * an indirect call per frame instead of a few instructions).
 */
static __always_inline struct bv_port *bv_port_lookup(__u32 ifindex,
						      __u32 *slot)
{
	struct bv_port *p;
	__u32 *s;

	if (ifindex < BV_IFINDEX_DIRECT) {
		s = bpf_map_lookup_elem(&bv_ifindex, &ifindex);
	} else {
		s = bpf_map_lookup_elem(&bv_ifindex_hi, &ifindex);
		barrier_var(s);
	}
	if (!s)
		return NULL;
	p = bv_port_at(*s);
	if (!p || p->ifindex != ifindex)
		return NULL;
	*slot = *s;
	return p;
}

/*
 * The allow-ip checks (lib/guard.h) of the frame in @ctx, from the port in
 * @slot: 0, or the drop reason. Global functions, defined in
 * bpfvlan.bpf.c: the verifier checks each once, on its own. Inlined, their
 * branches multiplied the states it walks through the rest of the
 * decision (bv_tc_ingress: 33k instructions processed became 573k, its
 * load 0.3 s became 5 s). A global function takes the context and
 * scalars only: @types is outer_type << 16 | next_type.
 */
int bv_guard_skb(struct __sk_buff *ctx, __u32 slot, __u32 types,
		 __u32 l3_off, __u64 smac);
int bv_guard_xdp(struct xdp_md *ctx, __u32 slot, __u32 types,
		 __u32 l3_off, __u64 smac);

/*
 * Learn @smac in @vid on the port in @slot (lib/fdb.h bv_learn()): an
 * enum bv_learn_result. In a trace run (@trace), only what it would do
 * (lib/trace.h). A global function, defined in bpfvlan.bpf.c: verified
 * once on its own, and the trace mode reaches it as an argument, so the
 * decision around it is verified once for both modes.
 */
int bv_learn_slow(__u32 slot, __u32 vid, __u64 smac, __u32 trace);

/*
 * @ctx (a struct __sk_buff if @skb, else a struct xdp_md) is read only on
 * a port with allow-ip: the TC adapter has pulled its headers in then.
 */
static __always_inline void bv_decide(__u32 in_slot, const struct bv_port *in,
				      const struct bv_hdr *h, void *ctx,
				      const int skb, struct bv_verdict *v)
{
	union bv_fdb_owner e;
	struct bv_learned *lc;
	struct bv_config *cfg;
	struct bv_class c;
	int ret;

	v->learn_ev = BV_EV_MAX;
	if (bv_unlikely(bv_is_multicast(h->smac) || !h->smac)) {
		bv_drop(v, BV_DROP_BAD_SRC);
		return;
	}
	if (bv_unlikely(bv_is_link_local(h->dmac))) {
		v->action = BV_ACT_LOCAL;
		v->reason = BV_DROP_LINK_LOCAL;
		return;
	}
	ret = bv_classify(in_slot, in, h, &c);
	if (bv_unlikely(ret)) {
		bv_drop(v, ret);
		return;
	}
	v->vid = c.vid;
	v->tci = c.tci;
	v->vlan = c.vlan;

	cfg = bv_config_get();
	if (bv_unlikely(!cfg)) {	/* an array's index 0: always there */
		bv_drop(v, BV_DROP_TX_ERROR);
		return;
	}
	/* No caches in a trace run: this index is out of range. */
	lc = bv_learned_of(in_slot | (__u32)v->trace << 16);
	if (bv_unlikely(in->flags & (BV_PORT_F_LOCKED | BV_PORT_F_ALLOW_IP))) {
		/* Port security: a locked port learns nothing (its sources
		 * are its static entries, or the frame goes no further);
		 * allow-ip checks who the frame says it is from.
		 */
		if ((in->flags & BV_PORT_F_LOCKED) &&
		    !bv_locked_src_ok(lc, c.vid, h->smac, in, cfg)) {
			bv_drop(v, BV_DROP_LOCKED_SRC);
			return;
		}
		if (in->flags & BV_PORT_F_ALLOW_IP) {
			__u32 types = (__u32)h->outer_type << 16 | h->next_type;

			ret = skb ? bv_guard_skb(ctx, in_slot, types, h->l3_off,
						 h->smac)
				  : bv_guard_xdp(ctx, in_slot, types, h->l3_off,
						 h->smac);
			if (ret) {
				bv_drop(v, ret);
				return;
			}
		}
	}
	if (!(in->flags & BV_PORT_F_LOCKED)) {
		/* Learned here this tick by this CPU: nothing to do. */
		if (bv_likely(lc && lc->key == bv_learn_key(c.vid, h->smac) &&
			      lc->now_ns == cfg->now_ns))
			ret = BV_LEARN_OK;
		else
			ret = bv_learn_slow(in_slot, c.vid, h->smac, v->trace);
		if (bv_unlikely(ret == BV_LEARN_STATIC_MOVE)) {
			bv_drop(v, BV_DROP_STATIC_MOVE);
			return;
		}
		if (ret == BV_LEARN_FULL)
			v->learn_ev = BV_EV_FDB_FULL;
		else if (ret == BV_LEARN_LIMIT)
			v->learn_ev = BV_EV_LEARN_LIMIT;
	}

	/* Known unicast goes to the learned port only while that port
	 * still holds the slot and is a member of the VLAN; in the form its
	 * own pvid says (as a flood copy, ctx_skb.h). Never from an
	 * isolated port to another one; a flood from an isolated port
	 * skips the isolated members (ctx_skb.h; XDP hands it to TC).
	 */
	if (!bv_is_multicast(h->dmac) &&
	    bv_fdb_lookup(lc, c.vid, h->dmac, cfg, &e)) {
		struct bv_port *out = bv_port_at(e.slot);

		if (out && out->ifindex == e.ifindex &&
		    bv_test_bit(c.vlan->members, e.slot)) {
			if (e.ifindex == in->ifindex) {
				bv_drop(v, BV_DROP_HAIRPIN);
				return;
			}
			if (bv_unlikely(in->flags & out->flags &
					BV_PORT_F_ISOLATED)) {
				bv_drop(v, BV_DROP_ISOLATED);
				return;
			}
			v->action = BV_ACT_UNICAST;
			v->out_slot = e.slot;
			v->out = out;
			return;
		}
	}
	if (c.vlan->nr_members < 2) {
		bv_drop(v, BV_DROP_NO_EGRESS);
		return;
	}
	v->action = BV_ACT_FLOOD;
}

#endif /* BV_LIB_FORWARD_H */
