// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan/stats.h"
#include "bridge.h"
#include "datapath.h"

BV_ALL_COUNTERS(struct bv_port_stats);

int bv_stats_read(struct bv_bridge *br, unsigned int slot,
		  struct bv_port_stats *sum)
{
	return bv_datapath_sum_percpu(br->fd[BV_MAP_STATS], slot,
				      (__u64 *)sum, sizeof(*sum) / sizeof(__u64));
}

static void vlan_stats_add(struct bv_vlan_stats *s,
			   const struct bv_vlan_stats *c)
{
	s->rx_packets += c->rx_packets;
	s->rx_bytes += c->rx_bytes;
	s->flood_packets += c->flood_packets;
	for (int r = 0; r < BV_VLAN_DROP_MAX; r++)
		s->drops[r] += c->drops[r];
}

/* One batch lookup: a 4096-entry per-CPU array in a few system calls. */
int bv_stats_read_vlans(struct bv_bridge *br, struct bv_vlan_stats *sum)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	int ncpu = libbpf_num_possible_cpus();
	struct bv_vlan_stats *percpu = NULL;
	__u32 *keys = NULL, count = BV_NR_VIDS, out_batch;
	int err = 0;

	if (ncpu < 0)
		return ncpu;
	percpu = calloc((size_t)BV_NR_VIDS * ncpu, sizeof(*percpu));
	keys = calloc(BV_NR_VIDS, sizeof(*keys));
	if (!percpu || !keys) {
		err = -ENOMEM;
		goto out;
	}
	if (bpf_map_lookup_batch(br->fd[BV_MAP_VLAN_STATS], NULL, &out_batch,
				 keys, percpu, &count, &opts) &&
	    errno != ENOENT) {
		err = -errno;
		goto out;
	}
	memset(sum, 0, BV_NR_VIDS * sizeof(*sum));
	for (__u32 i = 0; i < count; i++)
		for (int c = 0; keys[i] < BV_NR_VIDS && c < ncpu; c++)
			vlan_stats_add(&sum[keys[i]], &percpu[i * ncpu + c]);
out:
	free(percpu);
	free(keys);
	return err;
}

int bv_stats_reset(struct bv_bridge *br, unsigned int slot)
{
	return bv_datapath_zero_percpu(br->fd[BV_MAP_STATS], slot,
				       sizeof(struct bv_port_stats) / sizeof(__u64));
}
