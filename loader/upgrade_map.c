// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The migration of a map whose layout changed (upgrade.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bpfvlan/log.h"
#include "upgrade.h"

/*
 * The rule of each map of the bridge. A map a new version adds needs a
 * row only if it must be migrated in a later version; a map without a
 * row cannot change layout (its upgrade is refused).
 */
static const struct {
	const char *map;
	enum bv_mig_rule rule;
} rules[] = {
	{ .map = "bv_ifindex",		.rule = BV_MIG_COPY },
	{ .map = "bv_ifindex_hi",	.rule = BV_MIG_COPY },
	{ .map = "bv_learned",		.rule = BV_MIG_EMPTY },
	{ .map = "bv_ports",		.rule = BV_MIG_COPY },
	{ .map = "bv_vlans",		.rule = BV_MIG_COPY },
	{ .map = "bv_flood",		.rule = BV_MIG_FLOOD },
	{ .map = "bv_tx",		.rule = BV_MIG_DEVMAP },
	{ .map = "bv_fdb",		.rule = BV_MIG_HASH },
	{ .map = "bv_stats",		.rule = BV_MIG_COUNTERS },
	{ .map = "bv_vlan_stats",	.rule = BV_MIG_COUNTERS },
	{ .map = "bv_config",		.rule = BV_MIG_COPY },
	{ .map = "bv_gc",		.rule = BV_MIG_COPY },	/* not its timer */
	{ .map = "bv_learn_cnt",	.rule = BV_MIG_COUNTERS },
	{ .map = "bv_age_queue",	.rule = BV_MIG_AGE_QUEUE },
	{ .map = "bv_allow_ip",		.rule = BV_MIG_COPY },
	{ .map = "bv_build",		.rule = BV_MIG_EMPTY },	/* upgrade stamps it */
	{ .map = "bv_mirrors",		.rule = BV_MIG_COPY },
	{ .map = "bv_mirror_port",	.rule = BV_MIG_COPY },
	{ .map = "bv_mirror_vid",	.rule = BV_MIG_COPY },
	{ .map = "bv_mirror_on",	.rule = BV_MIG_COPY },
	{ .map = "bv_mirror_stats",	.rule = BV_MIG_COUNTERS },
};

enum bv_mig_rule bv_mig_rule_of(const char *map)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].map, map))
			return rules[i].rule;
	return BV_MIG_NONE;
}

const char *bv_mig_rule_name(enum bv_mig_rule rule)
{
	static const char *const names[] = {
		[BV_MIG_NONE] = "none", [BV_MIG_COPY] = "copy",
		[BV_MIG_COUNTERS] = "counters", [BV_MIG_HASH] = "hash",
		[BV_MIG_EMPTY] = "empty", [BV_MIG_AGE_QUEUE] = "age-queue",
		[BV_MIG_FLOOD] = "flood", [BV_MIG_DEVMAP] = "devmap",
	};

	return rule < sizeof(names) / sizeof(names[0]) ? names[rule] : "?";
}

static bool percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Flags the kernel adds itself: devmaps are read-only to programs. */
#define BV_KERNEL_FLAGS		BPF_F_RDONLY_PROG

/* A map created without BTF (the kernel refused it for the map type:
 * devmaps, queues) has no name: it matches any.
 */
static bool names_match(const char *a, const char *b)
{
	return !a[0] || !b[0] || !strcmp(a, b);
}

int bv_mig_check(enum bv_mig_rule rule, const struct bv_map_shape *old,
		 const struct bv_map_shape *new)
{
	if (rule == BV_MIG_NONE)
		return -EOPNOTSUPP;
	if (rule == BV_MIG_EMPTY)
		return 0;
	/* Fields are only appended (bpfvlan_maps.h); a struct whose
	 * meaning changed has a new name and needs a rule of its own.
	 */
	if (old->type != new->type || old->key_size != new->key_size ||
	    old->value_size > new->value_size ||
	    old->max_entries > new->max_entries ||
	    !names_match(old->btf_name, new->btf_name))
		return -EOPNOTSUPP;
	if (rule == BV_MIG_COUNTERS && (old->value_size % 8 ||
					new->value_size % 8))
		return -EOPNOTSUPP;
	return 0;
}

static void btf_name_of(__u32 btf_id, __u32 type_id, char *buf, size_t len)
{
	struct btf *btf;
	const struct btf_type *t;

	buf[0] = 0;
	if (!btf_id || !type_id)
		return;
	btf = btf__load_from_kernel_by_id(btf_id);
	if (!btf)
		return;
	t = btf__type_by_id(btf, type_id);
	if (t)
		snprintf(buf, len, "%s", btf__name_by_offset(btf, t->name_off));
	btf__free(btf);
}

int bv_map_shape_of_fd(int fd, struct bv_map_shape *s)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	s->type = info.type;
	s->key_size = info.key_size;
	s->value_size = info.value_size;
	s->max_entries = info.max_entries;
	s->flags = info.map_flags;
	btf_name_of(info.btf_id, info.btf_value_type_id, s->btf_name,
		    sizeof(s->btf_name));
	return 0;
}

int bv_map_shape_same(const struct bv_map_shape *a,
		      const struct bv_map_shape *b)
{
	return a->type == b->type && a->key_size == b->key_size &&
	       a->value_size == b->value_size &&
	       a->max_entries == b->max_entries &&
	       !((a->flags ^ b->flags) & ~BV_KERNEL_FLAGS) &&
	       names_match(a->btf_name, b->btf_name);
}

size_t bv_mig_value_len(__u32 type, size_t value_size, unsigned int ncpu)
{
	return percpu(type) ? ncpu * ((value_size + 7) & ~(size_t)7)
			    : value_size;
}

void bv_mig_value(void *dst, size_t dst_size, const void *src,
		  size_t src_size, unsigned int ncpu)
{
	size_t ds = ncpu ? (dst_size + 7) & ~(size_t)7 : dst_size;
	size_t ss = ncpu ? (src_size + 7) & ~(size_t)7 : src_size;

	for (unsigned int c = 0; c < (ncpu ? ncpu : 1); c++) {
		memset((char *)dst + c * ds, 0, ds);
		memcpy((char *)dst + c * ds, (const char *)src + c * ss,
		       src_size);
	}
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

struct mig_buf {
	void *key, *next, *oval, *nval;
	size_t olen, nlen;
	unsigned int ncpu;	/* 0: not per-CPU */
};

static int buf_init(struct mig_buf *b, const struct bv_mig *m)
{
	int ncpu = libbpf_num_possible_cpus();

	if (ncpu < 0)
		return ncpu;
	b->ncpu = percpu(m->old.type) ? ncpu : 0;
	b->olen = bv_mig_value_len(m->old.type, m->old.value_size, ncpu);
	b->nlen = bv_mig_value_len(m->new.type, m->new.value_size, ncpu);
	b->key = calloc(1, m->old.key_size);
	b->next = calloc(1, m->old.key_size);
	b->oval = calloc(1, b->olen);
	b->nval = calloc(1, b->nlen);
	return b->key && b->next && b->oval && b->nval ? 0 : -ENOMEM;
}

static void buf_free(struct mig_buf *b)
{
	free(b->key);
	free(b->next);
	free(b->oval);
	free(b->nval);
}

/* Walk @m's old map: @fn for each entry (its value in b->oval). */
static int walk(struct bv_mig *m, struct mig_buf *b,
		int (*fn)(struct bv_mig *, struct mig_buf *))
{
	void *prev = NULL;
	int err;

	while (!bpf_map_get_next_key(m->old_fd, prev, b->next)) {
		memcpy(b->key, b->next, m->old.key_size);
		prev = b->key;
		if (bpf_map_lookup_elem(m->old_fd, b->key, b->oval)) {
			if (errno == ENOENT)
				continue;	/* deleted meanwhile */
			return -errno;
		}
		err = fn(m, b);
		if (err)
			return err;
	}
	return errno == ENOENT ? 0 : -errno;
}

static int put(struct bv_mig *m, struct mig_buf *b, __u64 flags)
{
	bv_mig_value(b->nval, m->new.value_size, b->oval, m->old.value_size,
		     b->ncpu);
	if (bpf_map_update_elem(m->new_fd, b->key, b->nval, flags) &&
	    !(flags == BPF_NOEXIST && errno == EEXIST))
		return -errno;
	return 0;
}

static int copy_one(struct bv_mig *m, struct mig_buf *b)
{
	/* A new array is all zeros already. */
	if (m->old.type != BPF_MAP_TYPE_HASH && all_zero(b->oval, b->olen))
		return 0;
	return put(m, b, BPF_ANY);
}

/* A devmap entry names its egress program by id when read, by fd when
 * written: bv_tx has none, so the entry goes without.
 */
static int copy_devmap(struct bv_mig *m, struct mig_buf *b)
{
	struct bpf_devmap_val v = {};

	memcpy(&v, b->oval, m->old.value_size < sizeof(v) ?
			    m->old.value_size : sizeof(v));
	if (!v.ifindex)
		return 0;
	v.bpf_prog.fd = 0;
	return bpf_map_update_elem(m->new_fd, b->key, &v, BPF_ANY) ? -errno : 0;
}

/*
 * What pass 1 copied, kept for pass 2: records of key and old value,
 * sorted by key once pass 1 is done.
 */
static size_t rec_size(const struct bv_mig *m, const struct mig_buf *b)
{
	return m->old.key_size + b->olen;
}

static int snap_add(struct bv_mig *m, struct mig_buf *b)
{
	size_t rs = rec_size(m, b);

	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		void *p = realloc(m->snap, cap * rs);

		if (!p)
			return -ENOMEM;
		m->snap = p;
		m->cap = cap;
	}
	memcpy((char *)m->snap + m->n * rs, b->key, m->old.key_size);
	memcpy((char *)m->snap + m->n * rs + m->old.key_size, b->oval, b->olen);
	m->n++;
	return 0;
}

static int rec_cmp(const void *a, const void *b, void *key_size)
{
	return memcmp(a, b, *(const __u32 *)key_size);
}

static void snap_sort(struct bv_mig *m, const struct mig_buf *b)
{
	qsort_r(m->snap, m->n, rec_size(m, b), rec_cmp, &m->old.key_size);
}

/* The record of @key, or NULL. */
static void *snap_find(const struct bv_mig *m, const struct mig_buf *b,
		       const void *key)
{
	size_t lo = 0, hi = m->n, rs = rec_size(m, b);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		char *r = (char *)m->snap + mid * rs;
		int c = memcmp(key, r, m->old.key_size);

		if (!c)
			return r;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Counters (not zero) and hash entries: kept, then copied. */
static int snap_one(struct bv_mig *m, struct mig_buf *b)
{
	int err;

	if (m->rule == BV_MIG_COUNTERS && all_zero(b->oval, b->olen))
		return 0;
	err = snap_add(m, b);
	return err ? err : put(m, b, BPF_ANY);
}

int bv_mig_copy(struct bv_mig *m)
{
	struct mig_buf b = {};
	int err;

	switch (m->rule) {
	case BV_MIG_COPY:
	case BV_MIG_HASH:
	case BV_MIG_DEVMAP:
	case BV_MIG_COUNTERS:
		break;
	case BV_MIG_EMPTY:
	case BV_MIG_AGE_QUEUE:
	case BV_MIG_FLOOD:	/* upgrade.c */
		return 0;
	default:
		return -EOPNOTSUPP;
	}
	err = buf_init(&b, m);
	if (!err)
		err = walk(m, &b, m->rule == BV_MIG_DEVMAP ? copy_devmap :
				  m->rule == BV_MIG_COPY ? copy_one : snap_one);
	if (!err)
		snap_sort(m, &b);
	buf_free(&b);
	return err;
}

/*
 * Counters, pass 2: what the old programs counted after pass 1 (the old
 * map's value now less the snapshot) added to the new map. In a mappable
 * array (bv_learn_cnt) by atomic adds, as the datapath adds; elsewhere by
 * a rewrite of the value, where a frame counted by a new program on the
 * same counter between the read and the write is lost (per-CPU traffic
 * counters: an instant, once per upgrade).
 */
static int add_delta(struct bv_mig *m, struct mig_buf *b, const void *then)
{
	__u64 *now = b->oval, *val = b->nval;
	const __u64 *old = then;
	size_t ostride = b->ncpu ? (m->old.value_size + 7) / 8 : m->old.value_size / 8;
	size_t nstride = b->ncpu ? (m->new.value_size + 7) / 8 : m->new.value_size / 8;
	bool changed = false;

	if (m->mapped) {
		__u64 *dst = (__u64 *)((char *)m->mapped +
				       (size_t)*(__u32 *)b->key * m->new.value_size);

		for (size_t i = 0; i < m->old.value_size / 8; i++)
			__atomic_fetch_add(&dst[i], now[i] - (old ? old[i] : 0),
					   __ATOMIC_RELAXED);
		return 0;
	}
	if (bpf_map_lookup_elem(m->new_fd, b->key, b->nval))
		return -errno;
	for (unsigned int c = 0; c < (b->ncpu ? b->ncpu : 1); c++)
		for (size_t i = 0; i < m->old.value_size / 8; i++) {
			__u64 d = now[c * ostride + i] -
				  (old ? old[c * ostride + i] : 0);

			if (d)
				changed = true;
			val[c * nstride + i] += d;
		}
	if (changed && bpf_map_update_elem(m->new_fd, b->key, b->nval, BPF_ANY))
		return -errno;
	return 0;
}

static int delta_one(struct bv_mig *m, struct mig_buf *b)
{
	char *r = snap_find(m, b, b->key);

	return add_delta(m, b, r ? r + m->old.key_size : NULL);
}

/* Is the new map's entry of b->key still what pass 1 made of @then? */
static int new_is(struct bv_mig *m, struct mig_buf *b, const void *then)
{
	void *want = calloc(1, b->nlen);
	int same;

	if (!want)
		return -ENOMEM;
	bv_mig_value(want, m->new.value_size, then, m->old.value_size, b->ncpu);
	same = !bpf_map_lookup_elem(m->new_fd, b->key, b->nval) &&
	       !memcmp(b->nval, want, b->nlen);
	free(want);
	return same;
}

/*
 * Hash, pass 2: what the old programs did after pass 1, merged in. An
 * entry made meanwhile is added (unless the new programs made it too); an
 * entry changed or deleted meanwhile (refreshed, moved, aged out) is
 * changed or deleted in the new map too, unless the new programs changed
 * it since (theirs is newer). m->seen marks the records still in the
 * old map; hash_gone() takes the others.
 */
static int hash_merge(struct bv_mig *m, struct mig_buf *b)
{
	char *r = snap_find(m, b, b->key);
	int same;

	if (!r)
		return put(m, b, BPF_NOEXIST);
	m->seen[(r - (char *)m->snap) / rec_size(m, b)] = 1;
	if (!memcmp(r + m->old.key_size, b->oval, b->olen))
		return 0;			/* unchanged */
	same = new_is(m, b, r + m->old.key_size);
	if (same < 0)
		return same;
	return same ? put(m, b, BPF_EXIST) : 0;
}

/* ... and the entries pass 1 copied that the old map no longer has. */
static int hash_gone(struct bv_mig *m, struct mig_buf *b)
{
	size_t rs = rec_size(m, b);
	int same;

	for (size_t i = 0; i < m->n; i++) {
		char *r = (char *)m->snap + i * rs;

		if (m->seen[i])
			continue;
		memcpy(b->key, r, m->old.key_size);
		same = new_is(m, b, r + m->old.key_size);
		if (same < 0)
			return same;
		if (same && bpf_map_delete_elem(m->new_fd, b->key) &&
		    errno != ENOENT)
			return -errno;
	}
	return 0;
}

static size_t page_round(size_t len)
{
	size_t page = sysconf(_SC_PAGESIZE);

	return (len + page - 1) / page * page;
}

/*
 * The ageing queue, made again: the key of every learned entry of the
 * FDB queued, before the new timer runs (so before any end-of-rotation
 * marker it queues: a marker ahead of a key would end a rotation that
 * has not seen the entry, and lower its port's count). The old queue's
 * keys go with it, so a key's visit must count even for an entry the
 * rotation under way has visited already (lib/gc.h drops a second key of
 * an entry visited in the same round): the round number moves on, in the
 * mapped bv_config, by an atomic add. The old queue's end-of-rotation
 * marker goes too: one is queued after the keys, so that the rotation
 * under way ends once it has seen every entry (lib/gc.h keeps one marker
 * queued; should its bv_gc say none was, a second one follows, and the
 * rotation it ends may lower a count until learning counts it again).
 * No old timer callback runs meanwhile (upgrade.c stops the timer before
 * pass 1 when a map migrates): one that visited an entry after this
 * would mark it visited in the new round, and its key here would be
 * dropped (the entry would no longer age).
 */
int bv_mig_refill_queue(int queue_fd, struct bv_bridge *nb)
{
	struct bv_fdb_key key, next, *prev = NULL;
	struct bv_config *cfg;
	__u64 k;
	struct bv_fdb_entry e;
	void *mem;

	while (!bpf_map_get_next_key(nb->fd[BV_MAP_FDB], prev, &next)) {
		k = (__u64)next.vid << 48;
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(nb->fd[BV_MAP_FDB], &key, &e) ||
		    (e.flags & BV_FDB_F_STATIC))
			continue;
		for (int i = 0; i < 6; i++)
			k |= (__u64)key.mac[i] << (40 - 8 * i);
		if (bpf_map_update_elem(queue_fd, NULL, &k, BPF_ANY))
			return -errno;
	}
	if (errno != ENOENT)
		return -errno;
	k = 0;		/* the marker that ends the rotation under way */
	if (bpf_map_update_elem(queue_fd, NULL, &k, BPF_ANY))
		return -errno;
	mem = mmap(NULL, page_round(sizeof(*cfg)), PROT_READ | PROT_WRITE,
		   MAP_SHARED, nb->fd[BV_MAP_CONFIG], 0);
	if (mem == MAP_FAILED)
		return -errno;
	cfg = mem;
	__atomic_fetch_add(&cfg->gc_round, 1, __ATOMIC_RELAXED);
	munmap(mem, page_round(sizeof(*cfg)));
	return 0;
}

int bv_mig_finish(struct bv_mig *m)
{
	struct mig_buf b = {};
	int err;

	switch (m->rule) {
	case BV_MIG_HASH:
	case BV_MIG_COUNTERS:
		break;
	default:	/* BV_MIG_AGE_QUEUE: after the timer (upgrade.c) */
		return 0;
	}
	err = buf_init(&b, m);
	if (!err && m->rule == BV_MIG_COUNTERS &&
	    (m->new.flags & BPF_F_MMAPABLE) && !b.ncpu) {
		m->mapped_len = page_round((size_t)m->new.value_size *
					   m->new.max_entries);
		m->mapped = mmap(NULL, m->mapped_len, PROT_READ | PROT_WRITE,
				 MAP_SHARED, m->new_fd, 0);
		if (m->mapped == MAP_FAILED) {
			m->mapped = NULL;
			err = -errno;
		}
	}
	if (!err && m->rule == BV_MIG_HASH) {
		m->seen = calloc(m->n ? m->n : 1, 1);
		err = m->seen ? walk(m, &b, hash_merge) : -ENOMEM;
		if (!err)
			err = hash_gone(m, &b);
	} else if (!err) {
		err = walk(m, &b, delta_one);
	}
	buf_free(&b);
	if (m->mapped)
		munmap(m->mapped, m->mapped_len);
	m->mapped = NULL;
	return err;
}

void bv_mig_free(struct bv_mig *m)
{
	free(m->snap);
	free(m->seen);
	m->snap = NULL;
	m->seen = NULL;
	m->n = m->cap = 0;
}
