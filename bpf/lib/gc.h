/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The bridge's clock and FDB ageing, without a daemon: a BPF timer, armed
 * at `load`, ticks every BV_TICK_NS. Each tick writes the time into
 * bv_config.now_ns (the datapath reads that instead of a clock: no helper
 * call per frame) and ages the FDB a little. The timer lives as long as
 * the pinned bv_gc map.
 *
 * Ageing never walks the FDB: a hash map can only be walked whole, and a
 * table of millions of entries must not be walked in one softirq. Instead
 * learning queues the key of every entry it makes (bv_age_queue), and each
 * tick pops at most BV_GC_BUDGET keys: an entry gone or static drops its
 * key, an aged one is deleted (lib/fdb.h: claimed first, so a static entry
 * is never deleted by a decision taken on a learned one), a live one gets
 * its key queued again. A marker key (0) in the queue ends a rotation:
 * every entry queued before it has been visited. A rotation starts every
 * gc_interval_ns, or at once when learning found the queue full; a table
 * of N entries is visited in N / BV_GC_BUDGET ticks at most.
 *
 * A key queued twice for one entry (user space deleted the entry, learning
 * made it again) is visited twice: gc_round, the rotation that last saw the
 * entry, makes the second visit drop it.
 *
 * Counts: at the end of a rotation, every learned entry a port holds was
 * either seen on it by the rotation or put on it since the rotation began,
 * so `seen + added` bounds the true count from above; a count above that
 * bound (a race between a delete and a move) is brought down to it.
 */
#ifndef BV_LIB_GC_H
#define BV_LIB_GC_H

#include <linux/errno.h>
#include "maps.h"
#include "fdb.h"

struct bpf_map;
#define __bv_unused __attribute__((unused))

#define BV_CLOCK_MONOTONIC	1

struct bv_gc {
	struct bpf_timer timer;
	__u64 next_sweep_ns;	/* the next rotation starts then */
	__u8  running;		/* a rotation is under way */
	__u8  marker_queued;	/* its end marker is in the queue */
	__u16 pad;
	__u32 max_tick_visits;	/* the most entries one tick visited */
	__u64 rotations;	/* rotations completed */
	__u64 aged;		/* entries aged out */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bv_gc);
} bv_gc SEC(".maps");

struct bv_gc_walk {
	struct bv_gc *gc;
	struct bv_config *cfg;
	__u64 now;
	__u32 visits;
};

/* A live learned entry (owner @cur) stays: its key is queued again. */
static __always_inline int bv_gc_keep(__u64 key, union bv_fdb_owner cur)
{
	struct bv_learn_count *c;
	struct bv_port *p;
	__u32 slot = cur.slot;

	if (bpf_map_push_elem(&bv_age_queue, &key, 0))
		return -1;
	p = bpf_map_lookup_elem(&bv_ports, &slot);
	c = p && p->ifindex == cur.ifindex ? bv_count_of(slot) : NULL;
	if (c)
		c->seen++;
	c = bv_count_of(BV_LEARN_CNT_BRIDGE);
	if (c)
		c->seen++;
	return 0;
}

/* An aged learned entry (owner @cur) goes. */
static __always_inline void bv_gc_age_out(struct bv_gc_walk *w,
					  struct bv_fdb_entry *e,
					  const struct bv_fdb_key *k, __u64 key,
					  union bv_fdb_owner cur)
{
	union bv_fdb_owner dead = cur;

	dead.flags |= BV_FDB_F_DEAD;
	if (__sync_val_compare_and_swap(bv_owner_word(e), cur.word,
					dead.word) != cur.word) {
		/* Moved or refreshed by learning meanwhile: alive. Should
		 * the queue be full too, the entry is left unqueued: it
		 * ages no more until user space deletes it.
		 */
		bpf_map_push_elem(&bv_age_queue, &key, 0);
		return;
	}
	bv_fdb_gen_bump(w->cfg);
	if (bpf_map_delete_elem(&bv_fdb, k))
		return;		/* user space deleted it first, and counted it */
	bv_count_leave(cur.slot, cur.ifindex);
	bv_count_put(BV_LEARN_CNT_BRIDGE);
	w->gc->aged++;
}

static __always_inline void bv_gc_visit(struct bv_gc_walk *w, __u64 key)
{
	struct bv_config *cfg = w->cfg;
	union bv_fdb_owner cur;
	struct bv_fdb_entry *e;
	struct bv_fdb_key k;

	bv_fdb_key_of(&k, key);
	e = bpf_map_lookup_elem(&bv_fdb, &k);
	if (!e)
		return;			/* deleted: the key goes too */
	cur = bv_owner_read(e);
	if (cur.flags & (BV_FDB_F_STATIC | BV_FDB_F_DEAD))
		return;			/* not ageing's to keep */
	if (e->gc_round == cfg->gc_round)
		return;			/* a second key of a visited entry */
	e->gc_round = cfg->gc_round;
	if (bv_fdb_is_live(cur.flags, e->updated_ns, w->now, cfg->ageing_ns) &&
	    !bv_gc_keep(key, cur))
		return;
	/* Aged, or alive with no room left to queue it: it goes now. */
	bv_gc_age_out(w, e, &k, key, cur);
}

/*
 * A rotation ends (@clamp) or counting starts afresh: bring each count
 * down to what the rotation saw plus what was added since it began, and
 * start counting the next rotation. `learned` is read before `added` is
 * taken, so an entry learned in between is in the bound, not in the count.
 */
static long bv_gc_settle(__u64 idx, int *clamp)
{
	struct bv_learn_count *c = bv_count_of(idx);
	__s64 held, bound;

	if (!c)
		return 1;
	held = c->learned;
	bound = c->seen + __sync_lock_test_and_set(&c->added, 0);
	c->seen = 0;
	if (*clamp && held > bound)
		__sync_fetch_and_add(&c->learned, bound - held);
	return 0;
}

/* Queue the marker that ends the next rotation. */
static __always_inline void bv_gc_queue_marker(struct bv_gc *gc, int clamp)
{
	__u64 marker = 0;

	bpf_loop(BV_MAX_PORTS + 1, bv_gc_settle, &clamp, 0);
	gc->marker_queued = !bpf_map_push_elem(&bv_age_queue, &marker, 0);
}

static long bv_gc_step(__u64 i __bv_unused, struct bv_gc_walk *w)
{
	struct bv_gc *gc = w->gc;
	__u64 key;

	if (bpf_map_pop_elem(&bv_age_queue, &key)) {
		gc->marker_queued = 0;		/* emptied from user space */
		gc->running = 0;
		return 1;
	}
	if (key) {
		w->visits++;
		bv_gc_visit(w, key);
		return 0;
	}
	gc->running = 0;
	gc->rotations++;
	gc->next_sweep_ns = w->now + w->cfg->gc_interval_ns;
	bv_gc_queue_marker(gc, 1);
	return 1;
}

/* One tick: advance the clock; visit some entries while a rotation runs. */
static __always_inline void bv_gc_tick(struct bv_gc *gc)
{
	struct bv_gc_walk w = { .gc = gc };
	__u32 zero = 0;

	w.cfg = bpf_map_lookup_elem(&bv_config, &zero);
	if (!w.cfg)
		return;
	w.now = bpf_ktime_get_coarse_ns();
	w.cfg->now_ns = w.now;
	if (!gc->marker_queued)
		bv_gc_queue_marker(gc, 0);
	if (!gc->running) {
		if (w.now < gc->next_sweep_ns && !w.cfg->gc_wanted)
			return;
		gc->running = 1;
		w.cfg->gc_wanted = 0;
		w.cfg->gc_round++;
	}
	bpf_loop(BV_GC_BUDGET, bv_gc_step, &w, 0);
	if (w.visits > gc->max_tick_visits)
		gc->max_tick_visits = w.visits;
}

static int bv_gc_run(void *map __bv_unused, __u32 *key __bv_unused,
		     struct bv_gc *gc)
{
	bv_gc_tick(gc);
	bpf_timer_start(&gc->timer, BV_TICK_NS, 0);
	return 0;
}

/* Arm the timer (again: harmless) and tick once now. 0 or negative errno. */
static __always_inline int bv_gc_arm(void)
{
	__u32 zero = 0;
	struct bv_gc *gc = bpf_map_lookup_elem(&bv_gc, &zero);
	long err;

	if (!gc)
		return -1;
	err = bpf_timer_init(&gc->timer, &bv_gc, BV_CLOCK_MONOTONIC);
	if (err && err != -EBUSY)	/* already initialised */
		return err;
	err = bpf_timer_set_callback(&gc->timer, bv_gc_run);
	if (err)
		return err;
	bv_gc_tick(gc);
	return bpf_timer_start(&gc->timer, BV_TICK_NS, 0);
}

#endif /* BV_LIB_GC_H */
