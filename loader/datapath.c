// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "datapath.h"

int bv_datapath_index_port(struct bv_bridge *br, __u32 ifindex, __u32 slot)
{
	int fd = br->fd[ifindex < BV_IFINDEX_DIRECT ? BV_MAP_IFINDEX
						    : BV_MAP_IFINDEX_HI];

	if (bpf_map_update_elem(fd, &ifindex, &slot, BPF_ANY))
		return -errno;
	return 0;
}

void bv_datapath_unindex_port(struct bv_bridge *br, __u32 ifindex)
{
	__u32 none = 0;

	/* An array entry cannot be deleted: 0 points at slot 0, whose
	 * ifindex differs, which the datapath checks.
	 */
	if (ifindex < BV_IFINDEX_DIRECT)
		bpf_map_update_elem(br->fd[BV_MAP_IFINDEX], &ifindex, &none,
				    BPF_ANY);
	else
		bpf_map_delete_elem(br->fd[BV_MAP_IFINDEX_HI], &ifindex);
}

int bv_datapath_forget_learned(struct bv_bridge *br)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	__u32 keys[BV_MAX_PORTS], count = BV_MAX_PORTS;
	struct bv_learned *zero;

	if (ncpu < 0)
		return ncpu;
	zero = calloc((size_t)ncpu * BV_MAX_PORTS, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	for (__u32 slot = 0; slot < BV_MAX_PORTS; slot++)
		keys[slot] = slot;
	/* One syscall for all slots; one per slot where batches are missing. */
	if (bpf_map_update_batch(br->fd[BV_MAP_LEARNED], keys, zero, &count,
				 NULL)) {
		for (__u32 slot = 0; !err && slot < BV_MAX_PORTS; slot++)
			if (bpf_map_update_elem(br->fd[BV_MAP_LEARNED], &slot,
						zero, BPF_ANY))
				err = -errno;
	}
	free(zero);
	return err;
}

/*
 * The kernel's own way to wait for BPF programs: an update of a map-in-map
 * from user space returns only after a grace period, so that "all
 * non-sleepable programs that could be running use the new map value"
 * (maybe_wait_bpf_programs() in kernel/bpf/syscall.c). Every program of
 * the bridge, the ageing timer's callback included, runs non-sleepable.
 * bv_flood's key 0 is no VID: the datapath never looks it up, so an empty
 * flood devmap put there changes nothing else.
 */
int bv_datapath_sync(struct bv_bridge *br)
{
	__u32 key = 0;
	int fd, err = 0;

	fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, "bv_sync", sizeof(__u32),
			    sizeof(struct bpf_devmap_val), BV_FLOOD_XDP_MAX,
			    NULL);
	if (fd < 0)
		return -errno;
	if (bpf_map_update_elem(br->fd[BV_MAP_FLOOD], &key, &fd, BPF_ANY))
		err = -errno;
	close(fd);
	return err;
}

int bv_datapath_sum_percpu(int fd, __u32 key, __u64 *sum, size_t words)
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 *percpu;
	int err = 0;

	if (ncpu < 0)
		return ncpu;
	/* The kernel rounds each CPU's value up to 8 bytes: already so. */
	percpu = calloc((size_t)ncpu * words, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	memset(sum, 0, words * sizeof(*sum));
	if (bpf_map_lookup_elem(fd, &key, percpu))
		err = -errno;
	for (int c = 0; !err && c < ncpu; c++)
		for (size_t w = 0; w < words; w++)
			sum[w] += percpu[(size_t)c * words + w];
	free(percpu);
	return err;
}

int bv_datapath_zero_percpu(int fd, __u32 key, size_t words)
{
	int ncpu = libbpf_num_possible_cpus();
	__u64 *zero;
	int err = 0;

	if (ncpu < 0)
		return ncpu;
	zero = calloc((size_t)ncpu * words, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(fd, &key, zero, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}
