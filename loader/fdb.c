// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "datapath.h"
#include "fdb.h"

/* --- learned-entry counts (bv_learn_cnt) ----------------------------------- */

#define BV_COUNTS_LEN	((BV_MAX_PORTS + 1) * sizeof(struct bv_learn_count))

static long page_round(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	return (len + page - 1) / page * page;
}

/* The counts are shared with the datapath through the mapped array, and
 * changed with atomic adds as the datapath does.
 */
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

void bv_fdb_learned_unmap(struct bv_bridge *br)
{
	if (br->counts)
		munmap(br->counts, page_round(BV_COUNTS_LEN));
	br->counts = NULL;
}

/* @idx: a port slot or BV_LEARN_CNT_BRIDGE. */
static int learned_add(struct bv_bridge *br, unsigned int idx, __s64 delta)
{
	struct bv_learn_count *c = counts_of(br);

	if (!c)
		return -errno;
	if (idx > BV_LEARN_CNT_BRIDGE)
		return -EINVAL;
	__atomic_fetch_add(&c[idx].learned, delta, __ATOMIC_SEQ_CST);
	return 0;
}

/* A learned entry of (@slot, @ifindex) was deleted: count it off. */
static int learned_deleted(struct bv_bridge *br, unsigned int slot,
			   __u32 ifindex)
{
	int err = 0;

	if (slot < BV_MAX_PORTS && br->ports[slot].ifindex == ifindex)
		err = learned_add(br, slot, -1);
	if (!err)
		err = learned_add(br, BV_LEARN_CNT_BRIDGE, -1);
	return err;
}

int bv_fdb_learned_reset(struct bv_bridge *br, unsigned int slot)
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

int bv_fdb_learned(struct bv_bridge *br, unsigned int idx, __s64 *n)
{
	struct bv_learn_count *c = counts_of(br);

	if (!c)
		return -errno;
	if (idx > BV_LEARN_CNT_BRIDGE)
		return -EINVAL;
	*n = __atomic_load_n(&c[idx].learned, __ATOMIC_SEQ_CST);
	return 0;
}

/* --- entries ------------------------------------------------------------- */

/*
 * The datapath's clock, which its timer advances once a tick: what it
 * calls aged is what `fdb show` must call aged, never a moment sooner (a
 * frame sent right after would still find the entry). The user clock
 * only if the map cannot be read.
 */
static __u64 now_ns(const struct bv_bridge *br)
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
static bool live(const struct bv_bridge *br, const struct bv_fdb_entry *e,
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
	__u64 now = now_ns(br);
	size_t cnt, kept = 0;
	struct bv_fdb_rec *all;
	int err;

	err = read_all(br, &all, &cnt);
	if (err)
		return err;
	for (size_t i = 0; i < cnt; i++) {
		if (!matches(f, &all[i]) || !live(br, &all[i].e, now))
			continue;
		all[i].age_ns = now > all[i].e.updated_ns ?
				now - all[i].e.updated_ns : 0;
		all[kept++] = all[i];
	}
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
	return learned_deleted(br, old->slot, old->ifindex);
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
int bv_fdb_add_static(struct bv_bridge *br, const __u8 mac[ETH_ALEN],
		      unsigned int vid, unsigned int slot)
{
	struct bv_fdb_entry e = {
		.ifindex = br->ports[slot].ifindex,
		.slot = slot,
		.flags = BV_FDB_F_STATIC,
		.updated_ns = now_ns(br),
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
		err = bv_datapath_sync(br);
		if (err)
			return err;
		if (!bpf_map_lookup_elem(fd, &key, &got) && entry_is(&got, &e))
			return bv_datapath_forget_learned(br);
	}
	return -EAGAIN;
}

int bv_fdb_del(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid)
{
	struct bv_fdb_key key = { .vid = vid };
	struct bv_fdb_entry old;
	int err;

	memcpy(key.mac, mac, sizeof(key.mac));
	err = entry_delete(br, &key, &old);
	if (err)
		return err;
	return bv_datapath_forget_learned(br);
}

int bv_fdb_get(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
	       struct bv_fdb_entry *e)
{
	struct bv_fdb_key key = { .vid = vid };

	memcpy(key.mac, mac, sizeof(key.mac));
	if (bpf_map_lookup_elem(br->fd[BV_MAP_FDB], &key, e))
		return -errno;
	return 0;
}

int bv_fdb_put(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
	       const struct bv_fdb_entry *e)
{
	struct bv_fdb_key key = { .vid = vid };

	memcpy(key.mac, mac, sizeof(key.mac));
	if (bpf_map_update_elem(br->fd[BV_MAP_FDB], &key, e, BPF_ANY))
		return -errno;
	return bv_datapath_forget_learned(br);
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
	return *deleted ? bv_datapath_forget_learned(br) : 0;
}
