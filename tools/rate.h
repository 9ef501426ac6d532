/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Rates from two samples of the bridge's counters: per second over the
 * time measured between the samples (CLOCK_MONOTONIC), never assumed.
 * Arithmetic only, no I/O (unit-tested in selftests/unit/test_rate.c).
 */
#ifndef BV_RATE_H
#define BV_RATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpfvlan_maps.h"

struct bv_port_rates {
	double rx_pps, rx_bps, tx_pps, tx_bps;	/* bps: bits per second */
	double drops_pps[BV_DROP_MAX];
	double drop_pps;			/* every reason */
};

struct bv_vlan_rates {
	double rx_pps, rx_bps, flood_pps;
	double drops_pps[BV_VLAN_DROP_MAX];	/* by reason - BV_DROP_FIRST_CLASSIFIED */
	double drop_pps;
};

/* Nanoseconds from @t0 to @t1; 0 if @t1 is not later. */
uint64_t bv_elapsed_ns(uint64_t t0, uint64_t t1);
/* @delta events in @elapsed_ns, per second; 0 when no time passed. */
double bv_per_sec(uint64_t delta, uint64_t elapsed_ns);

/*
 * Did the counters start again between two samples? A counter never goes
 * backwards while its port stays, so one that did belongs to a new port
 * (the slot was reused, or the device detached and attached again): the
 * counters count from zero since.
 */
bool bv_port_stats_restarted(const struct bv_port_stats *prev,
			     const struct bv_port_stats *cur);
bool bv_vlan_stats_restarted(const struct bv_vlan_stats *prev,
			     const struct bv_vlan_stats *cur);

/* Rates from @prev to @cur. @prev NULL (a port not in the previous sample)
 * or restarted: from zero, as all of @cur was counted in the interval.
 */
void bv_port_rates(const struct bv_port_stats *prev,
		   const struct bv_port_stats *cur, uint64_t elapsed_ns,
		   struct bv_port_rates *r);
void bv_vlan_rates(const struct bv_vlan_stats *prev,
		   const struct bv_vlan_stats *cur, uint64_t elapsed_ns,
		   struct bv_vlan_rates *r);

/* A value for a text column: "0", "950", "12.3k", "1.23M", "4.56G"... */
char *bv_fmt_si(double v, char *buf, size_t len);

#endif /* BV_RATE_H */
