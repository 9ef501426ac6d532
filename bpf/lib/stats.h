/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Per-CPU counters: per port (bv_stats) and per VLAN (bv_vlan_stats). */
#ifndef BV_LIB_STATS_H
#define BV_LIB_STATS_H

#include "maps.h"

static __always_inline struct bv_port_stats *bv_stats_of(__u32 slot)
{
	return bpf_map_lookup_elem(&bv_stats, &slot);
}

static __always_inline void bv_count_rx(__u32 slot, __u64 len)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st) {
		st->rx_packets++;
		st->rx_bytes += len;
	}
}

static __always_inline void bv_count_tx(__u32 slot, __u64 len)
{
	struct bv_port_stats *st = bv_stats_of(slot);

	if (st) {
		st->tx_packets++;
		st->tx_bytes += len;
	}
}

/*
 * The bound is proved in the register that indexes: clang had checked a
 * copy of @reason and indexed with the value filled again from the stack,
 * where the verifier's bound did not follow it (as in bv_test_bit()).
 */
static __always_inline void bv_count_drop(__u32 slot, __u32 reason)
{
	struct bv_port_stats *st = bv_stats_of(slot);
	__u64 r = reason;

	if (!st || reason >= BV_DROP_MAX)
		return;
	/* Never taken (checked above): it bounds the register for the
	 * verifier.
	 */
	asm volatile("if %[r] < %[max] goto +1\n\t%[r] = 0"
		     : [r] "+r"(r) : [max] "i"(BV_DROP_MAX));
	st->drops[r]++;
}

/* @ev: an enum bv_event, or BV_EV_MAX for none (nothing to count). */
static __always_inline void bv_count_event(__u32 slot, __u32 ev)
{
	struct bv_port_stats *st;

	if (ev >= BV_EV_MAX)
		return;
	st = bv_stats_of(slot);
	if (st)
		st->events[ev]++;
}

/*
 * A frame classified into @vid (0: not classified, nothing to count) was
 * switched: received, flooded or not, dropped for @reason or not
 * (BV_DROP_MAX). One lookup per frame.
 */
static __always_inline void bv_count_vlan(__u32 vid, __u64 len, int flood,
					  __u32 reason)
{
	struct bv_vlan_stats *st;

	if (!vid)
		return;
	st = bpf_map_lookup_elem(&bv_vlan_stats, &vid);
	if (!st)
		return;
	st->rx_packets++;
	st->rx_bytes += len;
	if (flood)
		st->flood_packets++;
	if (reason >= BV_DROP_FIRST_CLASSIFIED && reason < BV_DROP_MAX)
		st->drops[reason - BV_DROP_FIRST_CLASSIFIED]++;
}

/* A drop after the frame was received and counted: on a port and its VLAN. */
static __always_inline void bv_count_drop_vlan(__u32 slot, __u32 vid,
					       __u32 reason)
{
	struct bv_vlan_stats *st;

	bv_count_drop(slot, reason);
	if (!vid || reason < BV_DROP_FIRST_CLASSIFIED || reason >= BV_DROP_MAX)
		return;
	st = bpf_map_lookup_elem(&bv_vlan_stats, &vid);
	if (st)
		st->drops[reason - BV_DROP_FIRST_CLASSIFIED]++;
}

#endif /* BV_LIB_STATS_H */
