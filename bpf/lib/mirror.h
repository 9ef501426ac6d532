/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Port mirroring, on the TC path only (bpf_clone_redirect): the mirror
 * maps (their contract: maps/bpfvlan_mirror.h), the copies a TC run makes
 * (global functions, defined in lib/mirror_skb.h), and the one question
 * XDP asks: does a mirror want this frame? Then XDP hands it to TC.
 */
#ifndef BV_LIB_MIRROR_H
#define BV_LIB_MIRROR_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfvlan_mirror.h"
#include "forward.h"
#include "parse.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_MAX_MIRRORS);
	__type(key, __u32);
	__type(value, struct bv_mirror);
} bv_mirrors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bv_mirror_port);
} bv_mirror_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_NR_VIDS);
	__type(key, __u32);
	__type(value, struct bv_mirror_vid);
} bv_mirror_vid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bv_mirror_on);
} bv_mirror_on SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BV_MAX_MIRRORS);
	__type(key, __u32);
	__type(value, struct bv_mirror_stats);
} bv_mirror_stats SEC(".maps");

/*
 * The copies, each a global function that the verifier checks once, on
 * its own (as bv_guard_skb: inlined, their branches would multiply the
 * states of bv_tc_ingress). Each returns at once on a bridge without a
 * mirror of its kind.
 *
 * bv_mirror_rx: the frame as port @slot received it (before any change),
 * to the mirrors of that port's received frames that take @vid (0: not
 * classified, taken by port mirrors without a VID list). Dropped frames
 * too: a port mirror shows what came in.
 *
 * bv_mirror_vlan: a frame the bridge forwards in @vid, tagged with @tci,
 * to the VLAN mirrors of @vid. The tag stays on the skb for the rest of
 * the run: @h (its outer_type and tci) then says so.
 *
 * bv_mirror_tx: the frame as it leaves port @slot (its form set, about
 * to be redirected), to the mirrors of that port's sent frames that take
 * @vid.
 */
int bv_mirror_rx(struct __sk_buff *skb, __u32 slot, __u32 vid);
int bv_mirror_vlan(struct __sk_buff *skb, struct bv_hdr *h, __u32 vid,
		   __u32 tci);
int bv_mirror_tx(struct __sk_buff *skb, __u32 slot, __u32 vid);

/*
 * Is a mirror of this kind there (@what: BV_MIRROR_ON_*)? Inlined before
 * each call of a copy function: a BPF-to-BPF call costs a frame ~10 ns
 * here (a return through the CPU's return-stack mitigation, "Safe RET"),
 * which a bridge without mirrors should not pay three times.
 */
enum bv_mirror_on_kind {
	BV_MIRROR_ON_RX,
	BV_MIRROR_ON_TX,
	BV_MIRROR_ON_VLAN,
};

static __always_inline int bv_mirror_on_has(enum bv_mirror_on_kind what)
{
	__u32 zero = 0;
	struct bv_mirror_on *on = bpf_map_lookup_elem(&bv_mirror_on, &zero);

	if (!on)
		return 0;
	return what == BV_MIRROR_ON_RX ? on->rx != 0 :
	       what == BV_MIRROR_ON_TX ? on->tx != 0 : on->vlan != 0;
}

/*
 * XDP makes no copies: does a mirror want the frame XDP decided @v for,
 * from port @slot? Then TC must switch it. One lookup on a bridge without
 * mirrors. Any frame of a port whose received frames are mirrored (drops
 * included); a forwarded frame of a VLAN with a VLAN mirror; known
 * unicast to a port whose sent frames are mirrored; any flood while such
 * a port exists (its members are not looked at).
 */
static __always_inline int bv_mirror_xdp_wants(__u32 slot,
					       const struct bv_verdict *v)
{
	__u32 zero = 0, vid = v->vid, out = v->out_slot;
	struct bv_mirror_port *mp;
	struct bv_mirror_vid *mv;
	struct bv_mirror_on *on;

	on = bpf_map_lookup_elem(&bv_mirror_on, &zero);
	if (!on || !(on->rx | on->tx | on->vlan))
		return 0;
	mp = bpf_map_lookup_elem(&bv_mirror_port, &slot);
	if (mp && mp->rx)
		return 1;
	if (v->action != BV_ACT_UNICAST && v->action != BV_ACT_FLOOD)
		return 0;
	mv = bpf_map_lookup_elem(&bv_mirror_vid, &vid);
	if (mv && mv->vlan)
		return 1;
	if (v->action == BV_ACT_FLOOD)
		return on->tx != 0;
	mp = bpf_map_lookup_elem(&bv_mirror_port, &out);
	return mp && mp->tx;
}

#endif /* BV_LIB_MIRROR_H */
