/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Per-port and per-VLAN counters, summed over CPUs; their names:
 * bpfvlan_names.h.
 */
#ifndef BPFVLAN_STATS_H
#define BPFVLAN_STATS_H

#include "bpfvlan/bridge.h"
#include "bpfvlan_names.h"

int bv_stats_read(struct bv_bridge *br, unsigned int slot,
		  struct bv_port_stats *sum);
int bv_stats_reset(struct bv_bridge *br, unsigned int slot);
/* The counters of every VID (BV_NR_VIDS entries into @sum). */
int bv_stats_read_vlans(struct bv_bridge *br, struct bv_vlan_stats *sum);

#endif /* BPFVLAN_STATS_H */
