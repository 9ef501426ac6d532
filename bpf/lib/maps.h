/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Map definitions of one bpfvlan bridge. Keys and values: maps/bpfvlan_maps.h. */
#ifndef BV_LIB_MAPS_H
#define BV_LIB_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpfvlan_maps.h"

/* ifindex -> slot, by array for ifindex < BV_IFINDEX_DIRECT (an inlined
 * lookup), by hash above. A stale or empty entry is caught by checking
 * bv_ports[slot].ifindex.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_IFINDEX_DIRECT);
	__type(key, __u32);
	__type(value, __u32);
} bv_ifindex SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
} bv_ifindex_hi SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bv_port);
} bv_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_NR_VIDS);
	__type(key, __u32);
	__type(value, struct bv_vlan);
} bv_vlans SEC(".maps");

/* Unicast egress by slot; no egress program (ingress gives the final form).
 * Defined before bv_flood: clang 14 emits struct bpf_devmap_val as a
 * bare forward when it first meets it in an inner-map template.
 */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} bv_tx SEC(".maps");

/* Flood sets: VID -> DEVMAP_HASH of the VLAN's member ports (key ifindex),
 * each value carrying the egress program that gives the copy its form;
 * filled only while the VLAN has at most BV_FLOOD_XDP_MAX members. Inner
 * maps made at runtime must match this template exactly.
 */
struct bv_flood_inner {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, BV_FLOOD_XDP_MAX);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, BV_NR_VIDS);
	__type(key, __u32);
	__array(values, struct bv_flood_inner);
} bv_flood SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BV_DEFAULT_FDB_SIZE);	/* set by `load fdb-size` */
	__type(key, struct bv_fdb_key);
	__type(value, struct bv_fdb_entry);
} bv_fdb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bv_port_stats);
} bv_stats SEC(".maps");

/* Learned entries per port and in all (bpfvlan_maps.h). Mappable: user
 * space changes the counts with atomic adds too, when it deletes entries.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BV_MAX_PORTS + 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bv_learn_count);
} bv_learn_cnt SEC(".maps");

/* Keys (bv_learn_key()) of the learned entries, for ageing to visit a few
 * at a time (lib/gc.h). Sized by `load` (BV_AGE_QUEUE_SIZE).
 */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, BV_AGE_QUEUE_SIZE(BV_DEFAULT_FDB_SIZE));
	__type(value, __u64);
} bv_age_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BV_NR_VIDS);
	__type(key, __u32);
	__type(value, struct bv_vlan_stats);
} bv_vlan_stats SEC(".maps");

/* Mappable: user space changes a field of it (the ageing time) in place,
 * without writing back the fields the datapath and the timer keep.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bv_config);
} bv_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BV_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bv_learned);
} bv_learned SEC(".maps");

/* `allow-ip` prefixes per port (bpfvlan_maps.h, lib/guard.h). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BV_ALLOW_IP_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bv_allow_ip_key);
	__type(value, __u8);
} bv_allow_ip SEC(".maps");

/* Which build of this object loaded the bridge (bpfvlan_maps.h, "Versioning"):
 * written by user space only, never read by the datapath.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bv_build);
} bv_build SEC(".maps");

#endif /* BV_LIB_MAPS_H */
