// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * FDB helpers for the scaling and learning benchmarks, working on a
 * bridge's pinned bv_fdb directly (the CLI adds entries one at a time):
 *   fdb-fill NETNS BRIDGE DEV VID N MAC  N learned entries on DEV: MAC with
 *                                        its low 24 bits = 0..N-1
 *   fdb-count BRIDGE                     entries in the bridge's FDB
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "bench.h"
#include "bpffs.h"
#include "bpfvlan_maps.h"

#define BATCH	65536U

static int open_bridge_obj(const char *bridge, const char *obj)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", BV_PIN_ROOT, bridge, obj);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "bvbench: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	return fd;
}

/* Room for BATCH keys and entries: a batch of bv_fdb. */
static int batch_alloc(struct bv_fdb_key **keys, struct bv_fdb_entry **vals)
{
	*keys = calloc(BATCH, sizeof(**keys));
	*vals = calloc(BATCH, sizeof(**vals));
	return *keys && *vals ? 0 : -ENOMEM;
}

int bvb_cmd_fdb_fill(int argc, char **argv)
{
	struct bv_fdb_key *keys = NULL;
	struct bv_fdb_entry *vals = NULL;
	int fdb = -1, idx = -1, ifindex, err;
	__u32 n, vid, slot, key;
	struct timespec ts;
	__u8 mac[6];
	__u64 t0;

	if (argc != 7) {
		fprintf(stderr, "usage: bvbench fdb-fill NETNS BRIDGE DEV VID N MAC\n");
		return -EINVAL;
	}
	vid = strtoul(argv[4], NULL, 10);
	n = strtoul(argv[5], NULL, 10);
	if (bvb_hex(argv[6], mac, sizeof(mac)) != 6 || n > (1U << 24) ||
	    vid < BV_VID_MIN || vid > BV_VID_MAX) {
		fprintf(stderr, "bvbench: fdb-fill: bad VID %s, N %s or MAC %s\n",
			argv[4], argv[5], argv[6]);
		return -EINVAL;
	}
	err = bvb_netns_enter(argv[1]);
	if (err)
		return err;
	ifindex = bvb_ifindex(argv[3]);
	if (ifindex < 0)
		return ifindex;
	fdb = open_bridge_obj(argv[2], "bv_fdb");
	idx = open_bridge_obj(argv[2], "bv_ifindex");
	if (fdb < 0 || idx < 0) {
		err = fdb < 0 ? fdb : idx;
		goto out;
	}
	key = ifindex;
	if (bpf_map_lookup_elem(idx, &key, &slot)) {
		err = -errno;
		fprintf(stderr, "bvbench: %s is not a port of %s\n", argv[3],
			argv[2]);
		goto out;
	}
	err = batch_alloc(&keys, &vals);
	if (err)
		goto out;
	/* The datapath's clock: bpf_ktime_get_coarse_ns. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	t0 = bvb_now_ns();
	for (__u32 done = 0; done < n;) {
		__u32 count = n - done < BATCH ? n - done : BATCH;
		LIBBPF_OPTS(bpf_map_batch_opts, o, .flags = BPF_ANY);

		for (__u32 i = 0; i < count; i++) {
			__u32 v = done + i;

			keys[i].vid = vid;
			memcpy(keys[i].mac, mac, 3);
			keys[i].mac[3] = v >> 16;
			keys[i].mac[4] = v >> 8;
			keys[i].mac[5] = v;
			vals[i].ifindex = ifindex;
			vals[i].slot = slot;
			vals[i].flags = 0;
			vals[i].updated_ns = (__u64)ts.tv_sec * 1000000000ULL +
					     ts.tv_nsec;
		}
		if (bpf_map_update_batch(fdb, keys, vals, &count, &o)) {
			err = -errno;
			fprintf(stderr, "bvbench: fdb-fill %s: after %u entries: %s\n",
				argv[2], done + count, strerror(-err));
			goto out;
		}
		done += count;
	}
	printf("fdbfill\t%s\t%u\t%.3f\n", argv[2], n,
	       (bvb_now_ns() - t0) / 1e9);
	err = 0;
out:
	free(keys);
	free(vals);
	if (fdb >= 0)
		close(fdb);
	if (idx >= 0)
		close(idx);
	return err;
}

int bvb_cmd_fdb_count(int argc, char **argv)
{
	struct bv_fdb_key *keys = NULL, out_batch;
	struct bv_fdb_entry *vals = NULL;
	__u64 total = 0;
	bool first = true;
	int fdb, err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bvbench fdb-count BRIDGE\n");
		return -EINVAL;
	}
	fdb = open_bridge_obj(argv[1], "bv_fdb");
	if (fdb < 0)
		return fdb;
	err = batch_alloc(&keys, &vals);
	if (err)
		goto out;
	for (;;) {
		__u32 count = BATCH;
		LIBBPF_OPTS(bpf_map_batch_opts, o);

		err = bpf_map_lookup_batch(fdb, first ? NULL : &out_batch,
					   &out_batch, keys, vals, &count, &o);
		if (err)
			err = -errno;
		total += count;
		first = false;
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		if (err) {
			fprintf(stderr, "bvbench: fdb-count %s: %s\n", argv[1],
				strerror(-err));
			goto out;
		}
	}
	printf("fdbcount\t%s\t%llu\n", argv[1], (unsigned long long)total);
out:
	free(keys);
	free(vals);
	close(fdb);
	return err;
}
