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
				    __u32 ifindex, __u64 now)
{
	struct bv_fdb_entry *e, ne = {};
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
	}
	/* New, or moved to this port: replace the whole entry at once. */
	ne.ifindex = ifindex;
	ne.slot = slot;
	ne.updated_ns = now;
	if (bpf_map_update_elem(&bv_fdb, &k, &ne, BPF_ANY))
		return BV_LEARN_FULL;
	return BV_LEARN_OK;
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
