/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Trace mode (`bpfvlan trace`, maps/bpfvlan_trace.h): one test run of the
 * bridge's own program that decides as live traffic is decided but
 * learns, counts and sends nothing, and writes what it decided into this
 * CPU's bv_trace record.
 *
 * The verifier walks the decision (lib/forward.h) once for both modes:
 * the mode is a value it does not know (bv_trace_req() in bpfvlan.bpf.c),
 * and nothing branches on it before the decision is made. Inside the decision it only selects (no cache:
 * bv_learned_of() an index out of range; learning: bv_learn_slow()'s
 * argument). The hooks branch on it once, after, into the tails below.
 */
#ifndef BV_LIB_TRACE_H
#define BV_LIB_TRACE_H

#include "bpfvlan_trace.h"
#include "fdb.h"
#include "forward.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bv_trace_rec);
} bv_trace SEC(".maps");

static __always_inline struct bv_trace_rec *bv_trace_rec(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&bv_trace, &zero);
}

/* A trace run begins: an empty record for this request. */
static __always_inline void bv_trace_begin(__u32 nonce, __u8 hook)
{
	struct bv_trace_rec *r = bv_trace_rec();

	if (!r)
		return;
	__builtin_memset(r, 0, sizeof(*r));
	r->nonce = nonce;
	r->hook = hook;
	r->reason = BV_DROP_MAX;
}

static __always_inline void bv_trace_stage(__u8 stage)
{
	struct bv_trace_rec *r = bv_trace_rec();

	if (r)
		r->stage = stage;
}

/* The result of the request decoding: the port's ifindex, the mode. */
static __always_inline __u64 bv_trace_req_pack(__u32 ifindex, int trace)
{
	return (__u64)!!trace << 32 | ifindex;
}

/* The mask after the check is for 6.1's verifier, as in bv_test_bit(). */
/*
 * 1 if @ifindex is the loopback device's, else 0, by arithmetic: no
 * branch, so the verifier does not know which (bv_trace_req()).
 */
static __always_inline __u64 bv_trace_is_lo(__u32 ifindex)
{
	__u64 r = ifindex;

	asm volatile("%[r] ^= %[lo]\n\t"
		     "%[r] -= 1\n\t"
		     "%[r] >>= 63"
		     : [r] "+r"(r) : [lo] "i"(BV_TRACE_LO_IFINDEX));
	return r;
}

static __always_inline void bv_trace_set_bit(__u64 *words, __u32 slot)
{
	__u32 w = slot / 64;

	if (w >= BV_PORT_WORDS)
		return;
	barrier_var(w);
	w &= BV_PORT_WORDS - 1;
	words[w] |= 1ULL << (slot % 64);
}

/* A copy leaves on @slot (TC): @tagged says its form. */
static __always_inline void bv_trace_copy(__u32 slot, int tagged)
{
	struct bv_trace_rec *r = bv_trace_rec();

	if (!r)
		return;
	bv_trace_set_bit(r->egress, slot);
	if (!tagged)
		bv_trace_set_bit(r->untagged, slot);
	r->nr_egress++;
}

/* The copy for @slot was dropped (TC): too large, or the tag failed. */
static __always_inline void bv_trace_copy_drop(__u32 slot, __u32 reason)
{
	struct bv_trace_rec *r = bv_trace_rec();

	if (!r)
		return;
	if (reason == BV_DROP_OVERSIZE)
		bv_trace_set_bit(r->oversize, slot);
	else
		r->reason = reason;
}

/* What learning would do with a source (lib/fdb.h bv_learn(), read only):
 * the same lookups and bounds, no write.
 */
static __always_inline int bv_trace_learn(__u16 vid, __u64 smac, __u32 slot,
					  const struct bv_port *in,
					  const struct bv_config *cfg)
{
	struct bv_learn_count *port = bv_count_of(slot);
	struct bv_learn_count *all = bv_count_of(BV_LEARN_CNT_BRIDGE);
	union bv_fdb_key_word k;
	union bv_fdb_owner cur;
	struct bv_fdb_entry *e;
	int limited;

	limited = in->learn_limit && port &&
		  port->learned >= (__s64)in->learn_limit;
	bv_fdb_key(&k, vid, smac);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (!e) {
		if (limited)
			return BV_TRACE_LEARN_LIMIT;
		if (cfg->learn_max && all && all->learned >= (__s64)cfg->learn_max)
			return BV_TRACE_LEARN_FULL;
		return BV_TRACE_LEARN_NEW;
	}
	cur = bv_owner_read(e);
	if (cur.flags & BV_FDB_F_STATIC)
		return cur.ifindex == in->ifindex ? BV_TRACE_LEARN_STATIC
						  : BV_TRACE_LEARN_STATIC_MOVE;
	if (cur.flags & BV_FDB_F_DEAD)
		return BV_TRACE_LEARN_BUSY;
	if (cur.ifindex == in->ifindex && cur.slot == slot)
		return bv_fdb_age(e, cfg->now_ns) >= (__s64)BV_FDB_REFRESH_NS ?
		       BV_TRACE_LEARN_REFRESH : BV_TRACE_LEARN_KNOWN;
	return limited ? BV_TRACE_LEARN_LIMIT : BV_TRACE_LEARN_MOVE;
}

/* The learn result bv_learn() would have returned, for the decision. */
static __always_inline int bv_trace_learn_result(int learn)
{
	switch (learn) {
	case BV_TRACE_LEARN_STATIC_MOVE:
		return BV_LEARN_STATIC_MOVE;
	case BV_TRACE_LEARN_LIMIT:
		return BV_LEARN_LIMIT;
	case BV_TRACE_LEARN_FULL:
		return BV_LEARN_FULL;
	case BV_TRACE_LEARN_BUSY:
		return BV_LEARN_RACE;
	}
	return BV_LEARN_OK;
}

static __always_inline int bv_trace_learn_record(__u16 vid, __u64 smac,
						 __u32 slot,
						 const struct bv_port *in,
						 const struct bv_config *cfg)
{
	int learn = bv_trace_learn(vid, smac, slot, in, cfg);
	struct bv_trace_rec *r = bv_trace_rec();

	if (r)
		r->learn = learn;
	return bv_trace_learn_result(learn);
}

/* The decision, into the record. */
static __always_inline struct bv_trace_rec *
bv_trace_decided(__u32 slot, const struct bv_port *in,
		 const struct bv_verdict *v)
{
	struct bv_trace_rec *r = bv_trace_rec();

	if (!r)
		return NULL;
	r->stage = BV_TRACE_DECIDED;
	r->in_slot = slot;
	r->action = v->action;
	if (v->action == BV_ACT_DROP || v->action == BV_ACT_LOCAL)
		r->reason = v->reason;
	r->vid = v->vid;
	r->tci = v->tci;
	r->out_slot = v->action == BV_ACT_UNICAST ? v->out_slot : BV_MAX_PORTS;
	if (in->flags & BV_PORT_F_LOCKED)
		r->learn = BV_TRACE_LEARN_LOCKED;
	return r;
}

#endif /* BV_LIB_TRACE_H */
