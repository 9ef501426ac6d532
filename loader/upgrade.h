/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * `upgrade`'s map migration (bpfvlan_maps.h, "Versioning"): the rule of
 * each map whose layout changed, and the copy of its state from the old
 * map into the new one made beside it. Pass 1 copies before the programs
 * switch; pass 2, after the switch and a grace period (no program uses
 * the old map any more), copies what the old programs did meanwhile.
 */
#ifndef BV_UPGRADE_H
#define BV_UPGRADE_H

#include <stddef.h>
#include <linux/types.h>
#include "bridge.h"

enum bv_mig_rule {
	BV_MIG_NONE,		/* no rule: the upgrade is refused */
	BV_MIG_COPY,		/* every entry, once (user space writes them) */
	BV_MIG_COUNTERS,	/* __u64 counters: copied, then what the old
				 * programs counted after the copy added */
	BV_MIG_HASH,		/* entries; pass 2 merges what changed meanwhile */
	BV_MIG_EMPTY,		/* a cache or a stamp: starts empty */
	BV_MIG_AGE_QUEUE,	/* refilled with the key of every learned
				 * entry of the (new) FDB */
	BV_MIG_FLOOD,		/* flood devmaps: made again (upgrade.c) */
	BV_MIG_DEVMAP,		/* devmap entries, without egress programs */
};

/* What decides whether a map's layout is the same. */
struct bv_map_shape {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 flags;
	char btf_name[64];	/* the value's BTF type name; "" unknown */
};

struct bv_mig {
	enum bv_mig_rule rule;
	int old_fd;
	int new_fd;
	struct bv_map_shape old;
	struct bv_map_shape new;
	void *snap;		/* COUNTERS, HASH: key and value of each
				 * entry pass 1 copied, sorted by key */
	size_t n, cap;
	unsigned char *seen;	/* HASH, pass 2: still in the old map */
	void *mapped;		/* pass 2 of a mappable array: its memory */
	size_t mapped_len;
};

enum bv_mig_rule bv_mig_rule_of(const char *map);
const char *bv_mig_rule_name(enum bv_mig_rule rule);
/* Can @rule take a map from @old to @new? 0, or -EOPNOTSUPP. */
int bv_mig_check(enum bv_mig_rule rule, const struct bv_map_shape *old,
		 const struct bv_map_shape *new);
int bv_map_shape_of_fd(int fd, struct bv_map_shape *s);
int bv_map_shape_same(const struct bv_map_shape *a,
		      const struct bv_map_shape *b);
/* Pass 1 (before the switch) and pass 2 (after); @nb: the new maps. */
int bv_mig_copy(struct bv_mig *m);
int bv_mig_finish(struct bv_mig *m);
/* BV_MIG_AGE_QUEUE, once the new timer runs: queue @queue_fd refilled
 * from @nb's FDB (upgrade_map.c says why then).
 */
int bv_mig_refill_queue(int queue_fd, struct bv_bridge *nb);
void bv_mig_free(struct bv_mig *m);

/*
 * One value of a map of value size @src_size into one of @dst_size
 * (>= @src_size): the old value as a prefix, zeros after. Per-CPU maps
 * (@ncpu > 0) hold @ncpu values, each rounded up to 8 bytes.
 */
void bv_mig_value(void *dst, size_t dst_size, const void *src,
		  size_t src_size, unsigned int ncpu);
/* Bytes of one value as lookup returns it. */
size_t bv_mig_value_len(__u32 type, size_t value_size, unsigned int ncpu);

#endif /* BV_UPGRADE_H */
