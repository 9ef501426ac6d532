/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The MAC table (bv_fdb) from user space: dump, static entries, flush. */
#ifndef BPFVLAN_FDB_H
#define BPFVLAN_FDB_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/if_ether.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/vidset.h"

struct bv_fdb_rec {
	struct bv_fdb_key key;
	struct bv_fdb_entry e;
	__u64 age_ns;		/* since last seen (a static entry: added) */
};

/* Which entries a dump or flush takes; 0 / false fields match anything. */
struct bv_fdb_filter {
	int ifindex;
	unsigned int vid;
	const struct bv_vidset *vids;	/* only these VIDs (NULL: any) */
	bool with_static;	/* flush: static entries too */
};

/* Live entries matching @f, sorted by VID then MAC; free() *recs. */
int bv_fdb_dump(struct bv_bridge *br, const struct bv_fdb_filter *f,
		struct bv_fdb_rec **recs, size_t *n);
int bv_fdb_add_static(struct bv_bridge *br, const __u8 mac[ETH_ALEN],
		      unsigned int vid, unsigned int slot);
int bv_fdb_del(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid);
/* One entry as it is (-ENOENT if none), and put back as it was. */
int bv_fdb_get(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
	       struct bv_fdb_entry *e);
int bv_fdb_put(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
	       const struct bv_fdb_entry *e);
/* Delete entries matching @f (learned ones; static ones if asked). */
int bv_fdb_flush(struct bv_bridge *br, const struct bv_fdb_filter *f,
		 size_t *deleted);
/* Entries learned on port @idx (a slot, or BV_LEARN_CNT_BRIDGE: the
 * bridge's total) that are in the FDB now: the `learned` of port show.
 */
int bv_fdb_learned(struct bv_bridge *br, unsigned int idx, __s64 *n);

#endif /* BPFVLAN_FDB_H */
