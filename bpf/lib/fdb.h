/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Per-VLAN MAC learning, its bounds, and lookup. Ageing: lib/gc.h.
 *
 * Who writes bv_fdb, and why a static entry wins every race:
 *   - user space (serialised by the bridge's lock) writes static entries,
 *     each as a new element, and deletes entries (loader/fdb.c);
 *   - learning inserts a new entry only with BPF_NOEXIST, never over an
 *     entry that exists (a static one written an instant before
 *     included); refreshes updated_ns in place; and moves an entry to
 *     another port by compare-and-swap of its owner word (ifindex, slot,
 *     flags: one u64) from the value it read, which had no
 *     BV_FDB_F_STATIC. The kernel replaces an element as a whole, so a
 *     static entry written in between is another element, or, where the
 *     kernel reuses the old element's memory for it, holds another owner
 *     word: the swap fails. (Memory reused, in that instant, for another
 *     learned entry with the very same owner would be moved: a unicast
 *     misdirected to a member port of its VLAN until that MAC's next
 *     frame; never a static entry, never out of its VLAN.) Learning
 *     never deletes;
 *   - ageing claims an aged learned entry the same way (swaps in
 *     BV_FDB_F_DEAD), then deletes it by key. A delete by key is not
 *     conditional: it would remove a static entry that replaced the
 *     claimed one in the instant between. So `fdb add` waits a grace
 *     period after writing and checks that its entry is still there,
 *     writing it again if not: a run that claimed before the write has
 *     ended by then, and every later run sees the static entry.
 * The owner word is read with one 8-byte load, so ifindex, slot and flags
 * always come from one version; updated_ns and gc_round are single words
 * written in place, where a stale value costs nothing but a refresh.
 *
 * The destination cache (bv_learned, per CPU and ingress port) keeps the
 * owner word and updated_ns of the last entry looked up, with the tick and
 * bv_config.fdb_gen read before that lookup; it answers a frame to the
 * same destination only in the same tick and generation. Every owner
 * change the datapath makes (a move, an ageing claim) bumps fdb_gen after
 * its compare-and-swap, so an answer read before the change is not used
 * after the bump: a frame in between may still go to the old port, as it
 * could have had it looked the entry up an instant earlier. A new entry
 * needs no bump (a miss is never cached), nor a refresh (the cached
 * updated_ns is older, so a cached entry is live only if the entry is).
 * User space clears the caches after its FDB changes (loader/datapath.c);
 * the tick bounds what a frame racing that clear could leave behind to
 * one second, and never beyond the VLAN (membership is checked per frame).
 *
 * Counting (bv_learn_cnt): a port's `learned` goes up when learning puts a
 * MAC on it (new or moved) and down when one leaves it (moved away, aged
 * out, deleted by user space), each time by whoever made that change, with
 * atomic adds; it is checked against bv_port.learn_limit before learning.
 * Index BV_LEARN_CNT_BRIDGE counts all learned entries against
 * bv_config.learn_max. Ageing corrects a count a race left too high
 * (lib/gc.h), so a port is never locked out of learning for good.
 */
#ifndef BV_LIB_FDB_H
#define BV_LIB_FDB_H

#include <linux/errno.h>
#include "compiler.h"
#include "maps.h"
#include "parse.h"

/* struct bv_fdb_key as one word: vid, then the MAC's bytes in order. */
union bv_fdb_key_word {
	struct bv_fdb_key k;
	__u64 word;
};

static __always_inline void bv_fdb_key(union bv_fdb_key_word *k, __u16 vid,
				       __u64 mac)
{
	k->word = vid | mac << 16;
}

/* Nanoseconds since @e was last seen; signed, because another CPU may have
 * refreshed it after this one read @now.
 */
static __always_inline __s64 bv_fdb_age(const struct bv_fdb_entry *e, __u64 now)
{
	return (__s64)(now - e->updated_ns);
}

/* ifindex, slot and flags of an entry, as one word (the owner). */
union bv_fdb_owner {
	struct {
		__u32 ifindex;
		__u16 slot;
		__u16 flags;
	};
	__u64 word;
};

static __always_inline __u64 *bv_owner_word(struct bv_fdb_entry *e)
{
	return (__u64 *)&e->ifindex;
}

static __always_inline union bv_fdb_owner bv_owner_read(struct bv_fdb_entry *e)
{
	union bv_fdb_owner o;

	o.word = *(volatile __u64 *)bv_owner_word(e);
	return o;
}

/* Is an entry with these flags, last seen at @updated, live at @now? */
static __always_inline int bv_fdb_is_live(__u16 flags, __u64 updated,
					  __u64 now, __u64 ageing_ns)
{
	if (flags & BV_FDB_F_DEAD)
		return 0;
	return (flags & BV_FDB_F_STATIC) ||
	       (__s64)(now - updated) <= (__s64)ageing_ns;
}

/* An owner changed: destination caches filled before are stale. */
static __always_inline void bv_fdb_gen_bump(struct bv_config *cfg)
{
	__sync_fetch_and_add(&cfg->fdb_gen, 1);
}

/* The learn cache's and the ageing queue's key for {@vid, @mac}: never 0
 * (VIDs start at 1), which the ageing queue uses as its marker.
 */
static __always_inline __u64 bv_learn_key(__u16 vid, __u64 mac)
{
	return (__u64)vid << 48 | __builtin_bswap64(mac) >> 16;
}

static __always_inline void bv_fdb_key_of(struct bv_fdb_key *k, __u64 key)
{
	k->vid = key >> 48;
	k->mac[0] = key >> 40;
	k->mac[1] = key >> 32;
	k->mac[2] = key >> 24;
	k->mac[3] = key >> 16;
	k->mac[4] = key >> 8;
	k->mac[5] = key;
}

/* ---- counts --------------------------------------------------------------- */

static __always_inline struct bv_learn_count *bv_count_of(__u32 idx)
{
	return bpf_map_lookup_elem(&bv_learn_cnt, &idx);
}

/* Count one more learned entry in @idx, if that stays within @limit (0: no
 * limit). The add itself decides, so CPUs racing for the last place cannot
 * both have it. 1 if counted.
 */
static __always_inline int bv_count_take(__u32 idx, __u32 limit)
{
	struct bv_learn_count *c = bv_count_of(idx);
	__s64 held;

	if (!c)
		return 0;
	if (limit && c->learned >= (__s64)limit)
		return 0;
	held = __sync_fetch_and_add(&c->learned, 1);
	if (limit && held >= (__s64)limit) {
		__sync_fetch_and_add(&c->learned, -1);
		return 0;
	}
	__sync_fetch_and_add(&c->added, 1);
	return 1;
}

static __always_inline void bv_count_put(__u32 idx)
{
	struct bv_learn_count *c = bv_count_of(idx);

	if (c)
		__sync_fetch_and_add(&c->learned, -1);
}

/* An entry of (@slot, @ifindex) left that port: count it off the port, if
 * the slot still holds that port (a new port in the slot started at 0).
 */
static __always_inline void bv_count_leave(__u32 slot, __u32 ifindex)
{
	struct bv_port *p = bpf_map_lookup_elem(&bv_ports, &slot);

	if (p && p->ifindex == ifindex)
		bv_count_put(slot);
}

/* ---- learning ------------------------------------------------------------- */

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
	BV_LEARN_FULL,		/* no room (learn_max, table, queue): not learned */
	BV_LEARN_LIMIT,		/* the port is at its learn-limit: not learned */
	BV_LEARN_STATIC_MOVE,	/* static MAC seen on another port: drop */
	BV_LEARN_RACE,		/* the entry changed under us: next frame learns */
};

/* A MAC no entry holds: a new learned entry, within every bound. */
static __always_inline int bv_learn_new(const union bv_fdb_key_word *k,
					__u64 key, __u32 slot,
					const struct bv_port *in,
					struct bv_config *cfg)
{
	struct bv_fdb_entry ne = {
		.ifindex = in->ifindex,
		.slot = slot,
		.updated_ns = cfg->now_ns,
		.gc_round = cfg->gc_round,
	};
	long err;

	if (!bv_count_take(slot, in->learn_limit))
		return BV_LEARN_LIMIT;
	if (!bv_count_take(BV_LEARN_CNT_BRIDGE, cfg->learn_max)) {
		bv_count_put(slot);
		return BV_LEARN_FULL;
	}
	/* Queued for ageing first: an entry whose key is not queued would
	 * never age. A key whose insert fails stays queued, harmlessly.
	 */
	err = bpf_map_push_elem(&bv_age_queue, &key, 0);
	if (err)
		cfg->gc_wanted = 1;	/* full of stale keys: age now */
	else
		err = bpf_map_update_elem(&bv_fdb, k, &ne, BPF_NOEXIST);
	if (!err)
		return BV_LEARN_OK;
	bv_count_put(slot);
	bv_count_put(BV_LEARN_CNT_BRIDGE);
	return err == -EEXIST ? BV_LEARN_RACE : BV_LEARN_FULL;
}

/* A learned MAC seen on another port: move its entry here, by swapping the
 * owner word from the one read (@cur).
 */
static __always_inline int bv_learn_move(struct bv_fdb_entry *e,
					 union bv_fdb_owner cur, __u32 slot,
					 const struct bv_port *in,
					 struct bv_config *cfg, __u64 key)
{
	union bv_fdb_owner to = { .ifindex = in->ifindex, .slot = slot };

	if (!bv_count_take(slot, in->learn_limit))
		return BV_LEARN_LIMIT;
	if (__sync_val_compare_and_swap(bv_owner_word(e), cur.word, to.word) !=
	    cur.word) {
		bv_count_put(slot);
		return BV_LEARN_RACE;
	}
	e->updated_ns = cfg->now_ns;
	bv_fdb_gen_bump(cfg);
	bv_count_leave(cur.slot, cur.ifindex);
	if (cur.slot < BV_MAX_PORTS)
		bv_learned_forget(cur.slot, key, cfg->nr_cpus);
	return BV_LEARN_OK;
}

/*
 * Learn @smac on (@vid, port @in in @slot). A live entry on the same
 * port is refreshed at most once per BV_FDB_REFRESH_NS so that a busy MAC
 * does not bounce its cache line between CPUs on every frame.
 */
static __always_inline int bv_learn(__u16 vid, __u64 smac, __u64 key,
				    __u32 slot, const struct bv_port *in,
				    struct bv_config *cfg)
{
	union bv_fdb_key_word k;
	union bv_fdb_owner cur;
	struct bv_fdb_entry *e;

	bv_fdb_key(&k, vid, smac);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (!e)
		return bv_learn_new(&k, key, slot, in, cfg);
	cur = bv_owner_read(e);
	if (cur.flags & BV_FDB_F_STATIC)
		return cur.ifindex == in->ifindex ? BV_LEARN_OK
						  : BV_LEARN_STATIC_MOVE;
	if (cur.flags & BV_FDB_F_DEAD)
		return BV_LEARN_RACE;	/* being aged out this instant */
	if (cur.ifindex == in->ifindex && cur.slot == slot) {
		if (bv_fdb_age(e, cfg->now_ns) >= (__s64)BV_FDB_REFRESH_NS)
			e->updated_ns = cfg->now_ns;
		return BV_LEARN_OK;
	}
	return bv_learn_move(e, cur, slot, in, cfg, key);
}

/* This CPU's caches for frames from the port in @slot (bv_learned). */
static __always_inline struct bv_learned *bv_learned_of(__u32 slot)
{
	return bpf_map_lookup_elem(&bv_learned, &slot);
}

/* Learn, unless this CPU learned the same source on this port this tick
 * (@lc: bv_learned_of() that port, or NULL).
 */
static __always_inline int bv_learn_cached(struct bv_learned *lc, __u16 vid,
					   __u64 smac, __u32 slot,
					   const struct bv_port *in,
					   struct bv_config *cfg)
{
	__u64 key = bv_learn_key(vid, smac);
	int ret;

	if (bv_likely(lc && lc->key == key && lc->now_ns == cfg->now_ns))
		return BV_LEARN_OK;
	ret = bv_learn(vid, smac, key, slot, in, cfg);
	if (ret == BV_LEARN_OK && lc) {
		lc->key = key;
		lc->now_ns = cfg->now_ns;
	}
	return ret;
}

/*
 * May a locked port @in send from @smac in @vid? Only if a static entry
 * puts that MAC on this port. Nothing is learned; the learn cache (@lc)
 * remembers a source found good this tick, as it does a learned one, and
 * is cleared by user space when the FDB or the port's flags change.
 */
static __always_inline int bv_locked_src_ok(struct bv_learned *lc, __u16 vid,
					    __u64 smac,
					    const struct bv_port *in,
					    const struct bv_config *cfg)
{
	__u64 key = bv_learn_key(vid, smac);
	union bv_fdb_key_word k;
	union bv_fdb_owner o;
	struct bv_fdb_entry *e;

	if (bv_likely(lc && lc->key == key && lc->now_ns == cfg->now_ns))
		return 1;
	bv_fdb_key(&k, vid, smac);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (!e)
		return 0;
	o = bv_owner_read(e);
	if (!(o.flags & BV_FDB_F_STATIC) || o.ifindex != in->ifindex)
		return 0;
	if (lc) {
		lc->key = key;
		lc->now_ns = cfg->now_ns;
	}
	return 1;
}

/*
 * The live entry of {@vid, @mac}: its owner in @o. 0 if there is none.
 * From @lc, this CPU's destination cache of the ingress port, when it
 * holds that entry from this tick and FDB generation (see the top of this
 * file); else looked up, and a live entry cached.
 */
static __always_inline int bv_fdb_lookup(struct bv_learned *lc, __u16 vid,
					 __u64 mac, const struct bv_config *cfg,
					 union bv_fdb_owner *o)
{
	__u32 gen = *(volatile const __u32 *)&cfg->fdb_gen;
	__u64 now = cfg->now_ns, ageing = cfg->ageing_ns;
	union bv_fdb_key_word k;
	struct bv_fdb_entry *e;
	__u64 updated;

	bv_fdb_key(&k, vid, mac);
	if (bv_likely(lc && lc->dst_key == k.word && lc->dst_gen == gen &&
		      lc->dst_now_ns == now)) {
		o->word = lc->dst_owner;
		if (bv_likely(bv_fdb_is_live(o->flags, lc->dst_updated_ns,
					     now, ageing)))
			return 1;
	}
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (!e)
		return 0;
	*o = bv_owner_read(e);
	updated = e->updated_ns;
	if (!bv_fdb_is_live(o->flags, updated, now, ageing))
		return 0;
	if (lc) {
		lc->dst_key = k.word;
		lc->dst_owner = o->word;
		lc->dst_updated_ns = updated;
		lc->dst_now_ns = now;
		lc->dst_gen = gen;
	}
	return 1;
}

#endif /* BV_LIB_FDB_H */
