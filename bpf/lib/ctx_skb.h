/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * TC adapter: carries a verdict out on an skb, with the same verbs as the
 * XDP adapter (ctx_xdp.h): set form, unicast, flood. At TC ingress the
 * kernel has already moved the outer tag (802.1Q or 802.1ad) into skb
 * metadata, so the tag is handled with bpf_skb_vlan_pop/push, which keep
 * the metadata tag outermost and any inner tag in the payload. On
 * transmit the driver (or, for veth ports, the stack, as bpfvlan turns TX
 * VLAN offload off there) writes it out.
 */
#ifndef BV_LIB_CTX_SKB_H
#define BV_LIB_CTX_SKB_H

#include <linux/pkt_cls.h>
#include "forward.h"
#include "mirror.h"
#include "stats.h"
#include "trace.h"

static __always_inline int bv_skb_parse(struct __sk_buff *skb, struct bv_hdr *h)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end) {
		if (bpf_skb_pull_data(skb, ETH_HLEN))
			return -1;
		data = (void *)(long)skb->data;
		data_end = (void *)(long)skb->data_end;
		eth = data;
		if ((void *)(eth + 1) > data_end)
			return -1;
	}
	if (!skb->vlan_present) {
		if (bv_parse_bytes(data, data_end, h))
			return -1;
		h->len = skb->len;	/* not only the linear part */
		return 0;
	}

	h->dmac = bv_mac_load(eth->h_dest);
	h->smac = bv_mac_load(eth->h_source);
	h->outer_type = bpf_ntohs((__u16)skb->vlan_proto);
	h->tci = skb->vlan_tci;
	h->next_type = bpf_ntohs(eth->h_proto);
	h->l3_off = ETH_HLEN;	/* the tag is not in the bytes */
	h->len = skb->len + BV_VLAN_HLEN;
	return bv_short_double_tag(h) ? -1 : 0;
}

/*
 * The frame's linear bytes, for the allow-ip checks
 * (lib/guard.h) of a port that has them: at least its first
 * BV_GUARD_LINEAR bytes (or all of a shorter frame), which hold every
 * header they read in a frame a stack builds (ND options included: the
 * kernel builds ND linear). Pulled only when the linear part is shorter:
 * the helper call costs a frame ~30 ns even when it has nothing to do.
 * A header beyond is missing to the checks: its frame is dropped.
 */
#define BV_GUARD_LINEAR	128

static __always_inline void bv_skb_l3(struct __sk_buff *skb,
				      const struct bv_port *in)
{
	__u32 want = skb->len < BV_GUARD_LINEAR ? skb->len : BV_GUARD_LINEAR;
	void *data = (void *)(long)skb->data;

	if (!(in->flags & BV_PORT_F_ALLOW_IP) ||
	    data + want <= (void *)(long)skb->data_end)
		return;
	bpf_skb_pull_data(skb, want);
}

/* Length on the wire (tx_bytes): a tag held in skb metadata goes out too. */
static __always_inline __u32 bv_skb_wire_len(struct __sk_buff *skb)
{
	return skb->len + (skb->vlan_present ? BV_VLAN_HLEN : 0);
}

/* Where the skb's own outer 802.1Q tag stands as the forms change. */
struct bv_skb_form {
	int tagged;
	__u16 tci;
};

/* The skb's form as received, from its parsed header. */
static __always_inline struct bv_skb_form bv_skb_form_of(const struct bv_hdr *h)
{
	struct bv_skb_form f = {
		.tagged = h->outer_type == ETH_P_8021Q,
		.tci = h->tci,
	};

	return f;
}

static __always_inline int bv_skb_untag(struct __sk_buff *skb,
					struct bv_skb_form *f)
{
	if (!f->tagged)
		return 0;
	if (bpf_skb_vlan_pop(skb))
		return -1;
	f->tagged = 0;
	return 0;
}

static __always_inline int bv_skb_tag(struct __sk_buff *skb,
				      struct bv_skb_form *f, __u16 tci)
{
	if (f->tagged && f->tci == tci)
		return 0;
	if (f->tagged && bpf_skb_vlan_pop(skb))
		return -1;
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), tci))
		return -1;
	f->tagged = 1;
	f->tci = tci;
	return 0;
}

static __always_inline int bv_skb_set_form(struct __sk_buff *skb,
					   struct bv_skb_form *f,
					   int untagged, __u16 tci)
{
	return untagged ? bv_skb_untag(skb, f) : bv_skb_tag(skb, f, tci);
}

/*
 * Does the skb fit the MTU of port @out? As bpf_check_mtu() counts it (a
 * tag in skb metadata is not part of skb->len), against the MTU bpfvlan
 * last read (refreshed by every command and by `monitor`); GSO skbs, whose
 * segments count, go to the helper.
 */
static __always_inline int bv_skb_fits(struct __sk_buff *skb,
				       const struct bv_port *out)
{
	__u32 mtu_len = 0;

	if (!skb->gso_size)
		return skb->len <= out->mtu + ETH_HLEN;
	return bpf_check_mtu(skb, out->ifindex, &mtu_len, 0, 0) == 0;
}

/* A decided frame, counted before it is carried out: rx on its port, once
 * in its VLAN, and a source it could not learn.
 */
static __always_inline void bv_skb_count(__u32 slot, const struct bv_hdr *h,
					 const struct bv_verdict *v)
{
	bv_count_event(slot, v->learn_ev);
	bv_count_rx(slot, h->len);
	bv_count_vlan(v->vid, h->len, v->action == BV_ACT_FLOOD,
		      v->action == BV_ACT_DROP ? v->reason : BV_DROP_MAX);
}

/*
 * A copy leaves on @slot in form @f, or is dropped there for @reason: counted,
 * or in a trace run (@trace, a constant at each call) recorded (lib/trace.h).
 */
static __always_inline void bv_skb_sent(struct __sk_buff *skb, __u32 slot,
					const struct bv_skb_form *f,
					const int trace)
{
	if (trace)
		bv_trace_copy(slot, f->tagged);
	else
		bv_count_tx(slot, bv_skb_wire_len(skb));
}

static __always_inline void bv_skb_dropped(__u32 slot, __u32 vid, __u32 reason,
					   const int trace)
{
	if (trace)
		bv_trace_copy_drop(slot, reason);
	else
		bv_count_drop_vlan(slot, vid, reason);
}

/* Known unicast to v->out, in the form its pvid says. Returns the verdict. */
static __always_inline int bv_skb_unicast(struct __sk_buff *skb, __u32 in_slot,
					  const struct bv_hdr *h,
					  const struct bv_verdict *v,
					  const int trace)
{
	struct bv_skb_form f = bv_skb_form_of(h);

	if (!v->out)
		return TC_ACT_SHOT;	/* never: a unicast verdict has one */
	if (bv_skb_set_form(skb, &f, bv_port_untagged(v->out, v->vid),
			    v->tci)) {
		bv_skb_dropped(in_slot, v->vid, BV_DROP_TX_ERROR, trace);
		return TC_ACT_SHOT;
	}
	if (!bv_skb_fits(skb, v->out)) {
		bv_skb_dropped(v->out_slot, v->vid, BV_DROP_OVERSIZE, trace);
		return TC_ACT_SHOT;
	}
	bv_skb_sent(skb, v->out_slot, &f, trace);
	if (trace)
		return TC_ACT_REDIRECT;
	if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_TX)))
		bv_mirror_tx(skb, v->out_slot, v->vid);
	return bpf_redirect(v->out->ifindex, 0);
}

/*
 * Flood: every member of the VLAN but the ingress port, in the order of
 * bv_vlan.list: untagged members first, then the tag goes on once for all
 * tagged members. Each copy is a bpf_clone_redirect except the last, which
 * takes the skb itself. One bpf_loop step per member.
 *
 * User space rewrites the VLAN's entry in place while this walks it
 * (loader/vlan.c): the list may shift under the walk, and nr_untagged may
 * be of another version than the slot just read. So neither says where a
 * copy goes or in which form. Each copy is decided from what no change can
 * tear:
 *   - the form from the egress port's own pvid (untagged iff it is this
 *     VID), which is fixed from attach to detach; a detached slot is
 *     reused only after a grace period (loader/port.c), when no walk that
 *     saw the old port is left;
 *   - the slot's member bit, read when the copy is made and again right
 *     before it leaves (a byte of a bitmap is never torn), so a port that
 *     left the VLAN during the walk gets no copy.
 * A shifting list may make the walk miss a port that joined during the
 * change, or meet a slot twice: the walk remembers the slots it sent to.
 * Never a non-member, never a wrong form, never two copies. From an
 * isolated port, no copy goes to an isolated member; a flood that had
 * only such members to go to is dropped as `isolated`.
 */
struct bv_flood_walk {
	struct __sk_buff *skb;
	struct bv_skb_form form;
	__u32 in_slot;
	__u32 vid;
	__u16 tci;
	__u8  failed;
	__u8  isolated;		/* from an isolated port: skip isolated members */
	__u8  skipped;		/* a member was skipped for that */
	__u8  reached;		/* a member was not (its copy may be oversize) */
	__u8  trace;		/* a trace run: record the copies, send none */
	__u32 pending;		/* slot whose copy leaves next, or BV_MAX_PORTS */
	__u32 pending_ifindex;
	__u64 seen[BV_PORT_WORDS];	/* slots the walk gave a copy */
};

/* First time the walk meets @slot? */
static __always_inline int bv_flood_first(struct bv_flood_walk *fw, __u32 slot)
{
	__u32 w = slot / 64;
	__u64 bit = 1ULL << (slot % 64);

	if (w >= BV_PORT_WORDS || (fw->seen[w] & bit))
		return 0;
	fw->seen[w] |= bit;
	return 1;
}

/* Is the pending copy's port still that port, and still a member? */
static __always_inline int bv_flood_still_member(struct bv_flood_walk *fw,
						 const struct bv_vlan *vlan)
{
	struct bv_port *out = bv_port_at(fw->pending);

	return out && out->ifindex == fw->pending_ifindex &&
	       bv_test_bit(vlan->members, fw->pending);
}

static __always_inline void bv_flood_send_pending(struct bv_flood_walk *fw,
						  const struct bv_vlan *vlan)
{
	if (fw->pending >= BV_MAX_PORTS)
		return;
	if (!bv_flood_still_member(fw, vlan))
		;	/* left the VLAN since: no copy */
	else if (fw->trace)
		bv_trace_copy(fw->pending, fw->form.tagged);
	else if (bpf_clone_redirect(fw->skb, fw->pending_ifindex, 0))
		bv_count_drop_vlan(fw->pending, fw->vid, BV_DROP_TX_ERROR);
	else {
		bv_count_tx(fw->pending, bv_skb_wire_len(fw->skb));
		if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_TX)))
			bv_mirror_tx(fw->skb, fw->pending, fw->vid);
	}
	fw->pending = BV_MAX_PORTS;
}

static long bv_flood_step(__u64 i, struct bv_flood_walk *fw)
{
	struct bv_vlan *vlan = bpf_map_lookup_elem(&bv_vlans, &fw->vid);
	struct bv_port *out;
	__u32 slot;

	if (!vlan || i >= BV_MAX_PORTS || i >= vlan->nr_members)
		return 1;
	slot = vlan->list[i];
	if (slot == fw->in_slot || !bv_test_bit(vlan->members, slot) ||
	    !bv_flood_first(fw, slot))
		return 0;
	out = bv_port_at(slot);
	if (!out || !out->ifindex)
		return 0;
	if (bv_unlikely(fw->isolated && (out->flags & BV_PORT_F_ISOLATED))) {
		fw->skipped = 1;
		return 0;
	}
	fw->reached = 1;

	/* The previous copy leaves before the form changes under it. */
	bv_flood_send_pending(fw, vlan);
	if (bv_skb_set_form(fw->skb, &fw->form, bv_port_untagged(out, fw->vid),
			    fw->tci)) {
		fw->failed = 1;
		return 1;
	}
	if (!bv_skb_fits(fw->skb, out)) {
		if (fw->trace)
			bv_trace_copy_drop(slot, BV_DROP_OVERSIZE);
		else
			bv_count_drop_vlan(slot, fw->vid, BV_DROP_OVERSIZE);
		return 0;
	}
	fw->pending = slot;
	fw->pending_ifindex = out->ifindex;
	return 0;
}

/* Returns the TC verdict. @trace: a trace run, a constant at each call. */
static __always_inline int bv_skb_flood(struct __sk_buff *skb, __u32 in_slot,
					const struct bv_port *in,
					const struct bv_hdr *h,
					const struct bv_verdict *v,
					const int trace)
{
	struct bv_flood_walk fw = {
		.skb = skb,
		.form = bv_skb_form_of(h),
		.in_slot = in_slot,
		.vid = v->vid,
		.tci = v->tci,
		.pending = BV_MAX_PORTS,
		.isolated = !!(in->flags & BV_PORT_F_ISOLATED),
		.trace = trace,
	};

	bpf_loop(v->vlan->nr_members, bv_flood_step, &fw, 0);
	if (fw.failed) {
		bv_skb_dropped(in_slot, v->vid, BV_DROP_TX_ERROR, trace);
		return TC_ACT_SHOT;
	}
	if (fw.pending >= BV_MAX_PORTS || !bv_flood_still_member(&fw, v->vlan)) {
		/* every other member isolated, like this port */
		if (fw.skipped && !fw.reached)
			bv_skb_dropped(in_slot, v->vid, BV_DROP_ISOLATED, trace);
		return TC_ACT_SHOT;
	}
	bv_skb_sent(skb, fw.pending, &fw.form, trace);
	if (trace)
		return TC_ACT_REDIRECT;
	if (bv_unlikely(bv_mirror_on_has(BV_MIRROR_ON_TX)))
		bv_mirror_tx(skb, fw.pending, v->vid);
	return bpf_redirect(fw.pending_ifindex, 0);
}

#endif /* BV_LIB_CTX_SKB_H */
