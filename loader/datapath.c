// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "datapath.h"

int bv_bridge_index_port(struct bv_bridge *br, __u32 ifindex, __u32 slot)
{
	int fd = br->fd[ifindex < BV_IFINDEX_DIRECT ? BV_MAP_IFINDEX
						    : BV_MAP_IFINDEX_HI];

	if (bpf_map_update_elem(fd, &ifindex, &slot, BPF_ANY))
		return -errno;
	return 0;
}

void bv_bridge_unindex_port(struct bv_bridge *br, __u32 ifindex)
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

int bv_bridge_forget_learned(struct bv_bridge *br)
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
int bv_bridge_sync(struct bv_bridge *br)
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

#define BV_COUNTS_LEN	((BV_MAX_PORTS + 1) * sizeof(struct bv_learn_count))

static long page_round(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	return (len + page - 1) / page * page;
}

/* The counts are shared with the datapath through the mapped array. */
static struct bv_learn_count *counts_of(struct bv_bridge *br)
{
	void *m;

	if (br->counts)
		return br->counts;
	m = mmap(NULL, page_round(BV_COUNTS_LEN), PROT_READ | PROT_WRITE,
		 MAP_SHARED, br->fd[BV_MAP_LEARN_CNT], 0);
	if (m == MAP_FAILED)
		return NULL;
	br->counts = m;
	return br->counts;
}

void bv_learn_counts_unmap(struct bv_bridge *br)
{
	if (br->counts)
		munmap(br->counts, page_round(BV_COUNTS_LEN));
	br->counts = NULL;
}

int bv_learn_count_add(struct bv_bridge *br, unsigned int idx, __s64 delta)
{
	struct bv_learn_count *c = counts_of(br);

	if (!c)
		return -errno;
	if (idx > BV_LEARN_CNT_BRIDGE)
		return -EINVAL;
	__atomic_fetch_add(&c[idx].learned, delta, __ATOMIC_SEQ_CST);
	return 0;
}

int bv_learn_count_deleted(struct bv_bridge *br, unsigned int slot,
			   __u32 ifindex)
{
	int err = 0;

	if (slot < BV_MAX_PORTS && br->ports[slot].ifindex == ifindex)
		err = bv_learn_count_add(br, slot, -1);
	if (!err)
		err = bv_learn_count_add(br, BV_LEARN_CNT_BRIDGE, -1);
	return err;
}

int bv_learn_count_reset(struct bv_bridge *br, unsigned int slot)
{
	struct bv_learn_count *c = counts_of(br);

	if (!c)
		return -errno;
	if (slot >= BV_MAX_PORTS)
		return -EINVAL;
	__atomic_store_n(&c[slot].learned, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c[slot].added, 0, __ATOMIC_SEQ_CST);
	return 0;
}

int bv_learn_count_read(struct bv_bridge *br, unsigned int idx, __s64 *n)
{
	struct bv_learn_count *c = counts_of(br);

	if (!c)
		return -errno;
	if (idx > BV_LEARN_CNT_BRIDGE)
		return -EINVAL;
	*n = __atomic_load_n(&c[idx].learned, __ATOMIC_SEQ_CST);
	return 0;
}
