// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "dpstate.h"
#include "fdb.h"

/*
 * The datapath's clock, which its timer advances once a tick: what it
 * calls aged is what `fdb show` must call aged, never a moment sooner (a
 * frame sent right after would still find the entry). The user clock
 * only if the map cannot be read.
 */
__u64 bv_fdb_now(const struct bv_bridge *br)
{
	struct bv_config cfg;
	struct timespec ts;
	__u32 zero = 0;

	if (!bpf_map_lookup_elem(br->fd[BV_MAP_CONFIG], &zero, &cfg))
		return cfg.now_ns;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* lib/fdb.h's bv_fdb_is_live(); learned after @now was read: live. */
bool bv_fdb_live(const struct bv_bridge *br, const struct bv_fdb_entry *e,
		 __u64 now)
{
	if (e->flags & BV_FDB_F_DEAD)
		return false;
	return (e->flags & BV_FDB_F_STATIC) || now < e->updated_ns ||
	       now - e->updated_ns <= br->cfg.ageing_ns;
}

static bool matches(const struct bv_fdb_filter *f, const struct bv_fdb_rec *r)
{
	return (!f->ifindex || r->e.ifindex == (__u32)f->ifindex) &&
	       (!f->vid || r->key.vid == f->vid) &&
	       (!f->vids || bv_vidset_test(f->vids, r->key.vid));
}

static int cmp_rec(const void *a, const void *b)
{
	const struct bv_fdb_rec *x = a, *y = b;

	if (x->key.vid != y->key.vid)
		return x->key.vid < y->key.vid ? -1 : 1;
	return memcmp(x->key.mac, y->key.mac, sizeof(x->key.mac));
}

/* Every entry of the map, in one pass of get_next_key + lookup. */
static int read_all(struct bv_bridge *br, struct bv_fdb_rec **recs, size_t *n)
{
	int fd = br->fd[BV_MAP_FDB];
	struct bv_fdb_rec *out = NULL, *tmp;
	struct bv_fdb_key key, next;
	size_t cap = 0, cnt = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (cnt == cap) {
			cap = cap ? 2 * cap : 256;
			tmp = realloc(out, cap * sizeof(*out));
			if (!tmp) {
				free(out);
				return -ENOMEM;
			}
			out = tmp;
		}
		out[cnt].key = key;
		if (bpf_map_lookup_elem(fd, &key, &out[cnt].e))
			continue;	/* deleted meanwhile (ageing) */
		cnt++;
	}
	*recs = out;
	*n = cnt;
	return 0;
}

int bv_fdb_dump(struct bv_bridge *br, const struct bv_fdb_filter *f,
		struct bv_fdb_rec **recs, size_t *n)
{
	__u64 now = bv_fdb_now(br);
	size_t cnt, kept = 0;
	struct bv_fdb_rec *all;
	int err;

	err = read_all(br, &all, &cnt);
	if (err)
		return err;
	for (size_t i = 0; i < cnt; i++)
		if (matches(f, &all[i]) && bv_fdb_live(br, &all[i].e, now))
			all[kept++] = all[i];
	if (kept)
		qsort(all, kept, sizeof(*all), cmp_rec);
	*recs = all;
	*n = kept;
	return 0;
}

/*
 * Delete @key's entry; one that was learned is counted off its port. The
 * kernel deletes and hands back one element atomically, so the count
 * follows the entry really deleted, not one read earlier. 0, or -errno
 * (-ENOENT: none).
 */
static int entry_delete(struct bv_bridge *br, const struct bv_fdb_key *key,
			struct bv_fdb_entry *old)
{
	if (bpf_map_lookup_and_delete_elem(br->fd[BV_MAP_FDB], key, old))
		return -errno;
	if (old->flags & BV_FDB_F_STATIC)
		return 0;
	/* Learned, or claimed by ageing, whose delete now finds nothing. */
	return bv_learn_count_deleted(br, old->slot, old->ifindex);
}

static bool entry_is(const struct bv_fdb_entry *a, const struct bv_fdb_entry *b)
{
	return a->ifindex == b->ifindex && a->slot == b->slot &&
	       a->flags == b->flags;
}

#define BV_FDB_ADD_TRIES	16

/*
 * A static entry must win every race with the datapath (bpf/lib/fdb.h):
 * it goes in only where no entry is (BPF_NOEXIST, after deleting the old
 * one), then a grace period lets every program run that may have decided
 * on the old entry finish; if the entry is still ours then, no later run
 * touches it. Otherwise (ageing deleted it by key in that instant), again.
 */
int bv_fdb_add_static(struct bv_bridge *br, const __u8 mac[6],
		      unsigned int vid, unsigned int slot)
{
	struct bv_fdb_entry e = {
		.ifindex = br->ports[slot].ifindex,
		.slot = slot,
		.flags = BV_FDB_F_STATIC,
		.updated_ns = bv_fdb_now(br),
	}, old, got;
	struct bv_fdb_key key = { .vid = vid };
	int fd = br->fd[BV_MAP_FDB], err;

	memcpy(key.mac, mac, sizeof(key.mac));
	for (int i = 0; i < BV_FDB_ADD_TRIES; i++) {
		err = entry_delete(br, &key, &old);
		if (err && err != -ENOENT)
			return err;
		if (bpf_map_update_elem(fd, &key, &e, BPF_NOEXIST)) {
			err = -errno;
			if (err == -EEXIST)
				continue;	/* learned again meanwhile */
			return err == -E2BIG ? -ENOSPC : err;
		}
		err = bv_bridge_sync(br);
		if (err)
			return err;
		if (!bpf_map_lookup_elem(fd, &key, &got) && entry_is(&got, &e))
			return bv_bridge_forget_learned(br);
	}
	return -EAGAIN;
}

int bv_fdb_del(struct bv_bridge *br, const __u8 mac[6], unsigned int vid)
{
	struct bv_fdb_key key = { .vid = vid };
	struct bv_fdb_entry old;
	int err;

	memcpy(key.mac, mac, sizeof(key.mac));
	err = entry_delete(br, &key, &old);
	if (err)
		return err;
	return bv_bridge_forget_learned(br);
}

int bv_fdb_get(struct bv_bridge *br, const __u8 mac[6], unsigned int vid,
	       struct bv_fdb_entry *e)
{
	struct bv_fdb_key key = { .vid = vid };

	memcpy(key.mac, mac, sizeof(key.mac));
	if (bpf_map_lookup_elem(br->fd[BV_MAP_FDB], &key, e))
		return -errno;
	return 0;
}

int bv_fdb_put(struct bv_bridge *br, const __u8 mac[6], unsigned int vid,
	       const struct bv_fdb_entry *e)
{
	struct bv_fdb_key key = { .vid = vid };

	memcpy(key.mac, mac, sizeof(key.mac));
	if (bpf_map_update_elem(br->fd[BV_MAP_FDB], &key, e, BPF_ANY))
		return -errno;
	return bv_bridge_forget_learned(br);
}

int bv_fdb_flush(struct bv_bridge *br, const struct bv_fdb_filter *f,
		 size_t *deleted)
{
	struct bv_fdb_rec *all;
	struct bv_fdb_entry old;
	size_t cnt;
	int err;

	*deleted = 0;
	err = read_all(br, &all, &cnt);
	if (err)
		return err;
	for (size_t i = 0; i < cnt; i++) {
		if (!matches(f, &all[i]) ||
		    ((all[i].e.flags & BV_FDB_F_STATIC) && !f->with_static))
			continue;
		err = entry_delete(br, &all[i].key, &old);
		if (!err)
			(*deleted)++;
		else if (err != -ENOENT)
			break;
		err = 0;
	}
	free(all);
	if (err)
		return err;
	return *deleted ? bv_bridge_forget_learned(br) : 0;
}
