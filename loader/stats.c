// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "stats.h"

static const char *const drop_names[BV_DROP_MAX] = {
	[BV_DROP_RUNT]			= "runt",
	[BV_DROP_BAD_SRC]		= "bad_src",
	[BV_DROP_LINK_LOCAL]		= "link_local",
	[BV_DROP_TAGGED_ON_ACCESS]	= "tagged_on_access",
	[BV_DROP_VLAN_NOT_ALLOWED]	= "vlan_not_allowed",
	[BV_DROP_UNTAGGED_NO_NATIVE]	= "untagged_no_native",
	[BV_DROP_NESTED_TAG]		= "nested_tag",
	[BV_DROP_STATIC_MOVE]		= "static_move",
	[BV_DROP_HAIRPIN]		= "hairpin",
	[BV_DROP_NO_EGRESS]		= "no_egress",
	[BV_DROP_OVERSIZE]		= "oversize",
	[BV_DROP_TX_ERROR]		= "tx_error",
};

static const char *const event_names[BV_EV_MAX] = {
	[BV_EV_FDB_FULL]	= "fdb_full",
	[BV_EV_XDP_TO_TC]	= "xdp_to_tc",
	[BV_EV_LEARN_LIMIT]	= "learn_limit",
};

const char *bv_drop_name(unsigned int reason)
{
	return reason < BV_DROP_MAX ? drop_names[reason] : "unknown";
}

const char *bv_event_name(unsigned int ev)
{
	return ev < BV_EV_MAX ? event_names[ev] : "unknown";
}

int bv_stats_read(struct bv_bridge *br, unsigned int slot,
		  struct bv_port_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bv_port_stats *percpu;
	__u32 key = slot;
	int err = 0;

	if (ncpu < 0)
		return ncpu;
	percpu = calloc(ncpu, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	memset(sum, 0, sizeof(*sum));
	if (bpf_map_lookup_elem(br->fd[BV_MAP_STATS], &key, percpu)) {
		err = -errno;
		goto out;
	}
	for (int c = 0; c < ncpu; c++) {
		sum->rx_packets += percpu[c].rx_packets;
		sum->rx_bytes += percpu[c].rx_bytes;
		sum->tx_packets += percpu[c].tx_packets;
		sum->tx_bytes += percpu[c].tx_bytes;
		for (int r = 0; r < BV_DROP_MAX; r++)
			sum->drops[r] += percpu[c].drops[r];
		for (int e = 0; e < BV_EV_MAX; e++)
			sum->events[e] += percpu[c].events[e];
	}
out:
	free(percpu);
	return err;
}

int bv_stats_reset(struct bv_bridge *br, unsigned int slot)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bv_port_stats *zero;
	__u32 key = slot;
	int err = 0;

	if (ncpu < 0)
		return ncpu;
	zero = calloc(ncpu, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(br->fd[BV_MAP_STATS], &key, zero, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}
