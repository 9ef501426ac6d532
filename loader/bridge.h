/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A bpfvlan bridge: the BPF objects pinned under /sys/fs/bpf/bpfvlan/NAME/,
 * opened and locked for the length of one command.
 */
#ifndef BV_BRIDGE_H
#define BV_BRIDGE_H

#include <stdint.h>
#include "bpfvlan_maps.h"

#define BV_BRIDGE_NAME_MAX	16	/* like IFNAMSIZ */
#define BV_DEFAULT_BRIDGE	"bv0"
#define BV_AGEING_MAX_SEC	1000000
#define BV_FDB_SIZE_MAX		(1U << 24)
/* The FDB is swept for aged entries every quarter of the ageing time,
 * within these bounds.
 */
#define BV_GC_INTERVAL_MIN_NS	BV_TICK_NS
#define BV_GC_INTERVAL_MAX_NS	(30 * 1000000000ULL)

/* Pinned objects, in the order of bv_obj_names[]. */
enum bv_obj {
	BV_MAP_IFINDEX,
	BV_MAP_IFINDEX_HI,
	BV_MAP_LEARNED,
	BV_MAP_PORTS,
	BV_MAP_VLANS,
	BV_MAP_FLOOD,
	BV_MAP_TX,
	BV_MAP_FDB,
	BV_MAP_STATS,
	BV_MAP_VLAN_STATS,
	BV_MAP_CONFIG,
	BV_MAP_GC,
	BV_MAP_LEARN_CNT,
	BV_MAP_AGE_QUEUE,
	BV_PROG_XDP,
	BV_PROG_TC,
	BV_PROG_EGRESS_UNTAG,
	BV_PROG_EGRESS_TAG,
	BV_NR_OBJS,
};

extern const char *const bv_obj_names[BV_NR_OBJS];

struct bv_bridge {
	char name[BV_BRIDGE_NAME_MAX];
	int lock_fd;			/* pin directory, flock'ed */
	int fd[BV_NR_OBJS];
	struct bv_config cfg;
	struct bv_port ports[BV_MAX_PORTS];	/* copy of bv_ports */
	struct bv_learn_count *counts;	/* bv_learn_cnt, mapped (dpstate.h) */
};

struct bv_load_opts {
	unsigned int ageing_sec;
	unsigned int fdb_size;
};

int bv_bridge_name_check(const char *name);
/* `load`: create the bridge in the current netns and pin it. */
int bv_bridge_load(const char *name, const struct bv_load_opts *opts);
/* Open an existing bridge (locked). Every failure prints why, except
 * -EOWNERDEAD. -ENOENT if missing (or unloaded while we waited);
 * -EXDEV (message) if it lives in another network namespace; -EOWNERDEAD
 * (no message) if that namespace is gone; -EUCLEAN if half-made.
 */
int bv_bridge_open(const char *name, struct bv_bridge **out);
void bv_bridge_close(struct bv_bridge *br);
/* Remove every pin of the bridge and its directory (the caller holds the
 * lock). Programs still attached keep running.
 */
int bv_bridge_remove_pins(const char *name);
/* What is left of a bridge that cannot be opened (half-made: -EUCLEAN,
 * or its netns gone: -EOWNERDEAD): remove its pins, under its lock.
 */
int bv_bridge_purge(const char *name);

/* Change the ageing time of a running bridge (and its sweep interval). */
int bv_bridge_set_ageing(struct bv_bridge *br, unsigned int sec);
/* Write ports[slot] back to bv_ports. */
int bv_bridge_save_port(struct bv_bridge *br, unsigned int slot);
/* Slot of the port with @ifindex, or -ENOENT. */
int bv_bridge_slot_of(const struct bv_bridge *br, int ifindex);
/* Name of another bridge in this netns that has @ifindex as a port. */
int bv_bridge_find_owner(const struct bv_bridge *self, int ifindex,
			 char owner[BV_BRIDGE_NAME_MAX]);

#endif /* BV_BRIDGE_H */
