/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Datapath state that user space keeps in step with its own changes: the
 * ifindex -> slot index the programs find ports by, the per-CPU learn
 * cache (bv_learned), which must forget what an FDB change makes stale,
 * and waiting for the programs to see a change.
 */
#ifndef BV_DPSTATE_H
#define BV_DPSTATE_H

#include "bridge.h"

/* Make the datapath find port @slot by its @ifindex, or stop it. */
int bv_bridge_index_port(struct bv_bridge *br, __u32 ifindex, __u32 slot);
void bv_bridge_unindex_port(struct bv_bridge *br, __u32 ifindex);
/* Empty every CPU's learn cache: after any FDB change from user space. */
int bv_bridge_forget_learned(struct bv_bridge *br);
/*
 * Wait until every run of the bridge's programs (frames, ageing) that may
 * have started before this call has finished: after it, every run sees
 * what user space wrote before it. Costs an RCU grace period (~10 ms).
 */
int bv_bridge_sync(struct bv_bridge *br);

/*
 * Learned-entry counts (bv_learn_cnt), changed with atomic adds like the
 * datapath does: @idx a port slot or BV_LEARN_CNT_BRIDGE.
 */
int bv_learn_count_add(struct bv_bridge *br, unsigned int idx, __s64 delta);
/* A learned entry of (@slot, @ifindex) was deleted: count it off. */
int bv_learn_count_deleted(struct bv_bridge *br, unsigned int slot,
			   __u32 ifindex);
/* A port starts in @slot: nothing learned yet. */
int bv_learn_count_reset(struct bv_bridge *br, unsigned int slot);
/* `learned` of @idx. */
int bv_learn_count_read(struct bv_bridge *br, unsigned int idx, __s64 *n);
void bv_learn_counts_unmap(struct bv_bridge *br);

#endif /* BV_DPSTATE_H */
