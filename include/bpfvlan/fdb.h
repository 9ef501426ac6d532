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
	/* dump: aged entries too, that ageing has not deleted yet (which
	 * `fdb show` leaves out): all the table holds.
	 */
	bool with_aged;
};

/* Live entries matching @f (all, f->with_aged), sorted by VID then
 * MAC; free() *recs.
 */
int bv_fdb_dump(struct bv_bridge *br, const struct bv_fdb_filter *f,
		struct bv_fdb_rec **recs, size_t *n);
int bv_fdb_add_static(struct bv_bridge *br, const __u8 mac[ETH_ALEN],
		      unsigned int vid, unsigned int slot);
int bv_fdb_del(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid);
/* The entry of {@vid, @mac} as `fdb show` sees it: -ENOENT if there is
 * none or it has aged out.
 */
int bv_fdb_find(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
		struct bv_fdb_rec *r);
/* One entry as it is (-ENOENT if none). */
int bv_fdb_get(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
	       struct bv_fdb_entry *e);
/*
 * Put back entry @e of {@vid, @mac}, read before a change that removed
 * it, all of it. A static entry as it was, in place of whatever holds the
 * key. A learned one as learning makes one: where no entry is (a newer
 * one, learned meanwhile, stays), counted on its port (if the port still
 * has e->slot) and the bridge, and queued for ageing: it ages out when it
 * would have. e->slot is the port's slot now.
 */
int bv_fdb_restore(struct bv_bridge *br, const __u8 mac[ETH_ALEN],
		   unsigned int vid, const struct bv_fdb_entry *e);
/* Delete entries matching @f (learned ones; static ones if asked). */
int bv_fdb_flush(struct bv_bridge *br, const struct bv_fdb_filter *f,
		 size_t *deleted);
/* Entries learned on port @idx (a slot, or BV_LEARN_CNT_BRIDGE: the
 * bridge's total) that are in the FDB now: the `learned` of port show.
 */
int bv_fdb_learned(struct bv_bridge *br, unsigned int idx, __s64 *n);

#endif /* BPFVLAN_FDB_H */
