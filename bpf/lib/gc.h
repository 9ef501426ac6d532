/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The bridge's clock and FDB ageing, without a daemon: a BPF timer, armed
 * at `load`, ticks every BV_TICK_NS. Each tick writes the time into
 * bv_config.now_ns (the datapath reads that instead of a clock: no helper
 * call per frame) and, every gc_interval_ns, walks bv_fdb deleting learned
 * entries older than the ageing time. The datapath already treats an aged
 * entry as a miss; the walk only frees the room. The timer lives as long
 * as the pinned bv_gc map.
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
	__u64 next_sweep_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bv_gc);
} bv_gc SEC(".maps");

struct bv_gc_walk {
	__u64 now;
	__u64 ageing_ns;
};

static long bv_gc_entry(struct bpf_map *map, struct bv_fdb_key *key,
			struct bv_fdb_entry *e, struct bv_gc_walk *walk)
{
	if (!bv_fdb_is_live(e, walk->now, walk->ageing_ns))
		bpf_map_delete_elem(map, key);
	return 0;
}

/* One tick: advance the clock; sweep the FDB when due. */
static __always_inline void bv_gc_tick(struct bv_gc *gc)
{
	struct bv_gc_walk walk = {};
	__u32 zero = 0;
	struct bv_config *cfg = bpf_map_lookup_elem(&bv_config, &zero);

	if (!cfg)
		return;
	walk.now = bpf_ktime_get_coarse_ns();
	cfg->now_ns = walk.now;
	if (walk.now < gc->next_sweep_ns)
		return;
	gc->next_sweep_ns = walk.now + cfg->gc_interval_ns;
	walk.ageing_ns = cfg->ageing_ns;
	bpf_for_each_map_elem(&bv_fdb, bv_gc_entry, &walk, 0);
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
