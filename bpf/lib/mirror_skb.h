/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The copies of port mirroring (declared, with their contract, in
 * lib/mirror.h): global functions, so included by bpfvlan.bpf.c alone.
 * A copy is a bpf_clone_redirect to the egress of the destination device,
 * of the skb in its form of the moment: a tag in skb metadata goes with
 * it (a tap writes it into the frame; a veth hands it on in metadata,
 * where packet sockets such as tcpdump's find it).
 */
#ifndef BV_LIB_MIRROR_SKB_H
#define BV_LIB_MIRROR_SKB_H

#include "ctx_skb.h"
#include "mirror.h"

static __always_inline struct bv_mirror_on *bv_mirror_on_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&bv_mirror_on, &zero);
}

/* The skb as it is now to each mirror of @mask; if @broken (the skb could
 * not be given the copy's form), none: each counts a failure.
 */
static __always_inline void bv_mirror_copy(struct __sk_buff *skb, __u32 mask,
					   int broken)
{
	__u32 len = bv_skb_wire_len(skb);

	for (__u32 i = 0; i < BV_MAX_MIRRORS && mask; i++, mask >>= 1) {
		struct bv_mirror_stats *st;
		struct bv_mirror *m;
		__u32 key = i;

		if (!(mask & 1))
			continue;
		m = bpf_map_lookup_elem(&bv_mirrors, &key);
		st = bpf_map_lookup_elem(&bv_mirror_stats, &key);
		if (!m || !st || !m->ifindex)
			continue;	/* being removed */
		if (broken || bpf_clone_redirect(skb, m->ifindex, 0)) {
			st->failed++;
		} else {
			st->packets++;
			st->bytes += len;
		}
	}
}

/* Mirrors of port @slot's frames in direction @rx (else tx) that take @vid. */
static __always_inline __u32 bv_mirror_port_mask(__u32 slot, __u32 vid, int rx)
{
	struct bv_mirror_port *mp = bpf_map_lookup_elem(&bv_mirror_port, &slot);
	struct bv_mirror_vid *mv = bpf_map_lookup_elem(&bv_mirror_vid, &vid);

	if (!mp || !mv)
		return 0;
	return (rx ? mp->rx : mp->tx) & mv->port;
}

__noinline int bv_mirror_rx(struct __sk_buff *skb, __u32 slot, __u32 vid)
{
	struct bv_mirror_on *on = bv_mirror_on_get();

	if (!on || !on->rx)
		return 0;
	bv_mirror_copy(skb, bv_mirror_port_mask(slot, vid, 1), 0);
	return 0;
}

__noinline int bv_mirror_tx(struct __sk_buff *skb, __u32 slot, __u32 vid)
{
	struct bv_mirror_on *on = bv_mirror_on_get();

	if (!on || !on->tx)
		return 0;
	bv_mirror_copy(skb, bv_mirror_port_mask(slot, vid, 0), 0);
	return 0;
}

__noinline int bv_mirror_vlan(struct __sk_buff *skb, struct bv_hdr *h,
			      __u32 vid, __u32 tci)
{
	struct bv_mirror_on *on = bv_mirror_on_get();
	struct bv_skb_form f;
	struct bv_mirror_vid *mv;
	int broken;

	if (!on || !on->vlan || !h)
		return 0;
	mv = bpf_map_lookup_elem(&bv_mirror_vid, &vid);
	if (!mv || !mv->vlan)
		return 0;
	f = bv_skb_form_of(h);
	broken = bv_skb_tag(skb, &f, tci);
	if (!broken) {
		h->outer_type = ETH_P_8021Q;
		h->tci = tci;
	}
	bv_mirror_copy(skb, mv->vlan, broken);
	return 0;
}

#endif /* BV_LIB_MIRROR_SKB_H */
