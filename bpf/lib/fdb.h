/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Per-VLAN MAC learning, ageing and lookup. */
#ifndef BV_LIB_FDB_H
#define BV_LIB_FDB_H

#include "maps.h"
#include "parse.h"

static __always_inline void bv_fdb_key(struct bv_fdb_key *k, __u16 vid,
				       const __u8 *mac)
{
	k->vid = vid;
	__builtin_memcpy(k->mac, mac, ETH_ALEN);
}

/* Nanoseconds since @e was last seen; signed, because another CPU may have
 * refreshed it after this one read @now.
 */
static __always_inline __s64 bv_fdb_age(const struct bv_fdb_entry *e, __u64 now)
{
	return (__s64)(now - e->updated_ns);
}

static __always_inline int bv_fdb_is_live(const struct bv_fdb_entry *e,
					  __u64 now, __u64 ageing_ns)
{
	return (e->flags & BV_FDB_F_STATIC) ||
	       bv_fdb_age(e, now) <= (__s64)ageing_ns;
}

/* The learn cache's key for {@vid, @mac}: never 0 (VIDs start at 1). */
static __always_inline __u64 bv_learn_key(__u16 vid, const __u8 *mac)
{
	return (__u64)vid << 48 | (__u64)mac[0] << 40 | (__u64)mac[1] << 32 |
	       (__u64)mac[2] << 24 | (__u64)mac[3] << 16 | (__u64)mac[4] << 8 |
	       mac[5];
}

struct bv_forget_walk {
	__u64 key;
	__u32 slot;
};

static long bv_forget_on_cpu(__u64 cpu, struct bv_forget_walk *w)
{
	struct bv_learned *lc =
		bpf_map_lookup_percpu_elem(&bv_learned, &w->slot, cpu);

	if (lc && lc->key == w->key)
		lc->key = 0;
	return 0;
}

/* A source moved away from @slot: no CPU may skip learning it there. */
static __always_inline void bv_learned_forget(__u32 slot, __u64 key,
					      __u32 nr_cpus)
{
	struct bv_forget_walk w = { .key = key, .slot = slot };

	bpf_loop(nr_cpus, bv_forget_on_cpu, &w, 0);
}

enum bv_learn_result {
	BV_LEARN_OK,
	BV_LEARN_FULL,		/* table full: MAC not learned, frame goes on */
	BV_LEARN_STATIC_MOVE,	/* static MAC seen on another port: drop */
};

/*
 * Learn @smac on (@vid, port @slot/@ifindex). A live entry on the same
 * port is refreshed at most once per BV_FDB_REFRESH_NS so that a busy MAC
 * does not bounce its cache line between CPUs on every frame.
 */
static __always_inline int bv_learn(__u16 vid, const __u8 *smac, __u32 slot,
				    __u32 ifindex, __u64 now, __u32 nr_cpus)
{
	struct bv_fdb_entry *e, ne = {};
	__u32 old_slot = BV_MAX_PORTS;
	struct bv_fdb_key k;

	bv_fdb_key(&k, vid, smac);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (e) {
		if (e->flags & BV_FDB_F_STATIC)
			return e->ifindex == ifindex ? BV_LEARN_OK
						     : BV_LEARN_STATIC_MOVE;
		if (e->ifindex == ifindex && e->slot == slot) {
			if (bv_fdb_age(e, now) >= (__s64)BV_FDB_REFRESH_NS)
				e->updated_ns = now;
			return BV_LEARN_OK;
		}
		old_slot = e->slot;
	}
	/* New, or moved to this port: replace the whole entry at once. */
	ne.ifindex = ifindex;
	ne.slot = slot;
	ne.updated_ns = now;
	if (bpf_map_update_elem(&bv_fdb, &k, &ne, BPF_ANY))
		return BV_LEARN_FULL;
	if (old_slot < BV_MAX_PORTS)
		bv_learned_forget(old_slot, bv_learn_key(vid, smac), nr_cpus);
	return BV_LEARN_OK;
}

/* Learn, unless this CPU learned the same source on this port this tick. */
static __always_inline int bv_learn_cached(__u16 vid, const __u8 *smac,
					   __u32 slot, __u32 ifindex,
					   const struct bv_config *cfg)
{
	__u64 key = bv_learn_key(vid, smac);
	struct bv_learned *lc = bpf_map_lookup_elem(&bv_learned, &slot);
	int ret;

	if (lc && lc->key == key && lc->now_ns == cfg->now_ns)
		return BV_LEARN_OK;
	ret = bv_learn(vid, smac, slot, ifindex, cfg->now_ns, cfg->nr_cpus);
	if (ret == BV_LEARN_OK && lc) {
		lc->key = key;
		lc->now_ns = cfg->now_ns;
	}
	return ret;
}

static __always_inline struct bv_fdb_entry *
bv_fdb_lookup(__u16 vid, const __u8 *mac, __u64 now, __u64 ageing_ns)
{
	struct bv_fdb_entry *e;
	struct bv_fdb_key k;

	bv_fdb_key(&k, vid, mac);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (e && !bv_fdb_is_live(e, now, ageing_ns))
		return NULL;
	return e;
}

#endif /* BV_LIB_FDB_H */
