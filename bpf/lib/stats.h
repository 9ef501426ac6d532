/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Per-port, per-CPU counters. */
#ifndef BV_LIB_STATS_H
#define BV_LIB_STATS_H

#include "maps.h"

static __always_inline struct bv_port_stats *bv_stats_of(__u32 slot)
{
	return bpf_map_lookup_elem(&bv_stats, &slot);
}

static __always_inline void bv_count_rx(__u32 slot, __u32 len)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st) {
		st->rx_packets++;
		st->rx_bytes += len;
	}
}

static __always_inline void bv_count_tx(__u32 slot, __u32 len)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st) {
		st->tx_packets++;
		st->tx_bytes += len;
	}
}

static __always_inline void bv_count_drop(__u32 slot, __u32 reason)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st && reason < BV_DROP_MAX)
		st->drops[reason]++;
}

static __always_inline void bv_count_event(__u32 slot, __u32 ev)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st && ev < BV_EV_MAX)
		st->events[ev]++;
}

#endif /* BV_LIB_STATS_H */
