/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Datapath state that user space keeps in step with its own changes: the
 * ifindex -> slot index the programs find ports by, the per-CPU learn
 * cache (bv_learned), which must forget what an FDB change makes stale,
 * and waiting for the programs to see a change.
 */
#ifndef BV_DATAPATH_H
#define BV_DATAPATH_H

#include "bridge.h"

/* Make the datapath find port @slot by its @ifindex, or stop it. */
int bv_datapath_index_port(struct bv_bridge *br, __u32 ifindex, __u32 slot);
void bv_datapath_unindex_port(struct bv_bridge *br, __u32 ifindex);
/* Empty every CPU's learn cache: after any FDB change from user space. */
int bv_datapath_forget_learned(struct bv_bridge *br);
/*
 * Wait until every run of the bridge's programs (frames, ageing) that may
 * have started before this call has finished: after it, every run sees
 * what user space wrote before it. Costs an RCU grace period (~10 ms).
 */
int bv_datapath_sync(struct bv_bridge *br);
/*
 * Entry @key of the per-CPU array @fd, whose value is @words __u64
 * counters (and nothing else), summed over the CPUs into @sum.
 */
int bv_datapath_sum_percpu(int fd, __u32 key, __u64 *sum, size_t words);
/* ... and set to zero on every CPU (@words as above). */
int bv_datapath_zero_percpu(int fd, __u32 key, size_t words);
/* A per-CPU counter struct: __u64s only (what the sum above adds). */
#define BV_ALL_COUNTERS(type)						\
	_Static_assert(sizeof(type) % sizeof(__u64) == 0 &&		\
		       _Alignof(type) == _Alignof(__u64),		\
		       #type " is not made of __u64 counters only")

#endif /* BV_DATAPATH_H */
