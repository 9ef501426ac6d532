/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * struct bv_bridge as the loader holds it (bpfvlan/bridge.h is its public
 * face): the fds of the pinned objects and copies of what the datapath
 * reads. Every file of the loader that works on a bridge includes this
 * header, which includes nothing of the loader.
 */
#ifndef BV_BRIDGE_H
#define BV_BRIDGE_H

#include "bpfvlan/bridge.h"
#include <stddef.h>
#include "bpfvlan_maps.h"

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
	BV_MAP_ALLOW_IP,
	BV_MAP_MIRRORS,		/* port mirroring (loader/mirror.c) */
	BV_MAP_MIRROR_PORT,
	BV_MAP_MIRROR_VID,
	BV_MAP_MIRROR_ON,
	BV_MAP_MIRROR_STATS,
	BV_MAP_BUILD,
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
	struct bv_learn_count *counts;	/* bv_learn_cnt, mapped (fdb.c) */
	__u8 repair[BV_MAX_PORTS];	/* enum bv_repair, by the last refresh */
	/* Maps laid out by another build (unload only): a port goes with
	 * its hooks, and its map entries with the maps, unread.
	 */
	bool foreign_maps;
};

/* The first program of bv_obj_names[]: the maps come before it. */
#define BV_FIRST_PROG	BV_PROG_XDP

/* Open bridge @name like bv_bridge_open(), but a map it lacks (one a
 * newer version adds: `upgrade` makes it) has fd -1 instead of failing.
 */
int bv_bridge_open_old(const char *name, struct bv_bridge **out);
/* 0 if every map of open bridge @br has the layout this build's programs
 * expect; else -ESTALE, said if @say (upgrade.c).
 */
int bv_upgrade_layout_check(struct bv_bridge *br, bool say);
/* Run a bv_gc_start program once: it arms (or takes over) the ageing
 * timer of the bridge whose bv_gc it uses. 0 or negative errno.
 */
int bv_bridge_arm_timer(int gc_start_fd);
/* bpf_map_lookup_elem() into @dst of @size bytes, whatever the value size
 * of map @fd (a bridge of another build): cut off or zero-filled.
 */
int bv_map_lookup_sized(int fd, const void *key, void *dst, size_t size);
/* Write this build's bv_build value into the map @fd. */
int bv_bridge_stamp(int fd);
/* Remove the pins of builds of @name whose process died (bridge.c). */
void bv_bridge_remove_dead_builds(const char *name);
/* "~NAME~PID": where `load` and `upgrade` build a pin directory. */
void bv_bridge_build_name(char *buf, size_t len, const char *name, long pid);

/* Write ports[slot] back to bv_ports. */
int bv_bridge_save_port(struct bv_bridge *br, unsigned int slot);
/* Remove every pin of the bridge and its directory (the caller holds the
 * lock). Programs still attached keep running.
 */
int bv_bridge_remove_pins(const char *name);
/* bv_bridge_unload() of an open bridge; closes @br. */
int bv_bridge_destroy(struct bv_bridge *br);

#endif /* BV_BRIDGE_H */
