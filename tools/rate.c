// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>
#include "rate.h"

#define NSEC_PER_SEC	1000000000.0

uint64_t bv_elapsed_ns(uint64_t t0, uint64_t t1)
{
	return t1 > t0 ? t1 - t0 : 0;
}

double bv_per_sec(uint64_t delta, uint64_t elapsed_ns)
{
	return elapsed_ns ? (double)delta * NSEC_PER_SEC / (double)elapsed_ns
			  : 0.0;
}

bool bv_port_stats_restarted(const struct bv_port_stats *prev,
			     const struct bv_port_stats *cur)
{
	bool back = cur->rx_packets < prev->rx_packets ||
		    cur->rx_bytes < prev->rx_bytes ||
		    cur->tx_packets < prev->tx_packets ||
		    cur->tx_bytes < prev->tx_bytes;

	for (int i = 0; i < BV_DROP_MAX; i++)
		back |= cur->drops[i] < prev->drops[i];
	for (int i = 0; i < BV_EV_MAX; i++)
		back |= cur->events[i] < prev->events[i];
	return back;
}

bool bv_vlan_stats_restarted(const struct bv_vlan_stats *prev,
			     const struct bv_vlan_stats *cur)
{
	bool back = cur->rx_packets < prev->rx_packets ||
		    cur->rx_bytes < prev->rx_bytes ||
		    cur->flood_packets < prev->flood_packets;

	for (int i = 0; i < BV_VLAN_DROP_MAX; i++)
		back |= cur->drops[i] < prev->drops[i];
	return back;
}

void bv_port_rates(const struct bv_port_stats *prev,
		   const struct bv_port_stats *cur, uint64_t elapsed_ns,
		   struct bv_port_rates *r)
{
	static const struct bv_port_stats zero;
	const struct bv_port_stats *p = prev && !bv_port_stats_restarted(prev, cur)
					? prev : &zero;
	uint64_t ns = elapsed_ns;

	memset(r, 0, sizeof(*r));
	r->rx_pps = bv_per_sec(cur->rx_packets - p->rx_packets, ns);
	r->rx_bps = 8 * bv_per_sec(cur->rx_bytes - p->rx_bytes, ns);
	r->tx_pps = bv_per_sec(cur->tx_packets - p->tx_packets, ns);
	r->tx_bps = 8 * bv_per_sec(cur->tx_bytes - p->tx_bytes, ns);
	for (int i = 0; i < BV_DROP_MAX; i++) {
		r->drops_pps[i] = bv_per_sec(cur->drops[i] - p->drops[i], ns);
		r->drop_pps += r->drops_pps[i];
	}
}

void bv_vlan_rates(const struct bv_vlan_stats *prev,
		   const struct bv_vlan_stats *cur, uint64_t elapsed_ns,
		   struct bv_vlan_rates *r)
{
	static const struct bv_vlan_stats zero;
	const struct bv_vlan_stats *p = prev && !bv_vlan_stats_restarted(prev, cur)
					? prev : &zero;
	uint64_t ns = elapsed_ns;

	memset(r, 0, sizeof(*r));
	r->rx_pps = bv_per_sec(cur->rx_packets - p->rx_packets, ns);
	r->rx_bps = 8 * bv_per_sec(cur->rx_bytes - p->rx_bytes, ns);
	r->flood_pps = bv_per_sec(cur->flood_packets - p->flood_packets, ns);
	for (int i = 0; i < BV_VLAN_DROP_MAX; i++) {
		r->drops_pps[i] = bv_per_sec(cur->drops[i] - p->drops[i], ns);
		r->drop_pps += r->drops_pps[i];
	}
}

char *bv_fmt_si(double v, char *buf, size_t len)
{
	static const char units[] = " kMGTPE";
	unsigned int u = 0;

	if (!(v > 0)) {			/* 0, negative or NaN */
		snprintf(buf, len, "0");
		return buf;
	}
	while (v >= 999.5 && u + 1 < sizeof(units) - 1) {
		v /= 1000;
		u++;
	}
	if (!u)
		snprintf(buf, len, v < 9.95 && v != (double)(long)v ? "%.1f" : "%.0f", v);
	else
		snprintf(buf, len, v < 9.995 ? "%.2f%c" : v < 99.95 ? "%.1f%c"
						       : "%.0f%c", v, units[u]);
	return buf;
}
