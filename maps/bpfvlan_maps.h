/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * bpfvlan map contract: every key, value and enum shared by the BPF
 * programs and the loader/CLI. This file is the single source of truth;
 * BTF carries these names into `bpftool map dump`.
 *
 * Byte order: all integers below are host order, except MAC addresses
 * (wire order, as bytes).
 */
#ifndef BPFVLAN_MAPS_H
#define BPFVLAN_MAPS_H

#include <linux/types.h>

#define BV_VID_MIN		1
#define BV_VID_MAX		4094
#define BV_NR_VIDS		4096	/* arrays indexed by VID */

/* Ports per bridge. Bitmaps in bv_vlan are indexed by port slot. */
#define BV_MAX_PORTS		512
#define BV_PORT_WORDS		(BV_MAX_PORTS / 64)

#define BV_DEFAULT_AGEING_SEC	300
#define BV_DEFAULT_FDB_SIZE	16384

/* XDP floods a VLAN of at most this many ports, through a DEVMAP_HASH of
 * that size: the kernel's broadcast walks every bucket of the map, so the
 * map is kept small. A larger VLAN floods through TC.
 */
#define BV_FLOOD_XDP_MAX	32

/* The XDP fast path handles frames up to this size (untagged form, no
 * FCS): a standard 1500-byte MTU frame. Anything larger goes to TC.
 */
#define BV_XDP_MAX_UNTAGGED	1514

/* Learning refreshes an entry's timestamp at most this often. */
#define BV_FDB_REFRESH_NS	1000000000ULL

/* The datapath's clock: bv_config.now_ns, advanced by the bridge's BPF
 * timer every tick, so that no frame pays for a clock read.
 */
#define BV_TICK_NS		1000000000ULL

/* Ports with an ifindex below this are found by array (bv_ifindex); others
 * by hash (bv_ifindex_hi).
 */
#define BV_IFINDEX_DIRECT	65536

enum bv_port_mode {
	BV_MODE_NONE	= 0,
	BV_MODE_ACCESS	= 1,
	BV_MODE_TRUNK	= 2,
};

enum bv_attach_mode {
	BV_ATTACH_AUTO	= 0,	/* XDP on ports fed by the wire (NICs), else TC */
	BV_ATTACH_TC	= 1,	/* TC only */
	BV_ATTACH_XDP	= 2,	/* native XDP plus TC on any port that has it */
};

/* bv_port.flags */
enum bv_port_flags {
	BV_PORT_F_XDP		= 1 << 0,	/* our XDP program is attached */
	BV_PORT_F_XDP_TX	= 1 << 1,	/* accepts XDP-redirected frames (ndo-xmit) */
	BV_PORT_F_CLSACT	= 1 << 2,	/* we created the clsact qdisc */
	BV_PORT_F_TXVLAN_OFF	= 1 << 3,	/* we turned TX VLAN offload off */
	BV_PORT_F_TXSTAG_OFF	= 1 << 4,	/* ... and its 802.1ad twin */
	/* A local stack (veth peer, tap guest...: loader/policy.c) sends on
	 * this port: its TCP/UDP
	 * frames may carry a checksum left to offload (CHECKSUM_PARTIAL),
	 * which an XDP redirect would lose. XDP hands them to TC.
	 */
	BV_PORT_F_LOCAL_CSUM	= 1 << 5,
	/* The bridge's end of a veth pair bpfvlan made for the host's own
	 * IP (`port add NAME internal VID`); the host has the other end.
	 */
	BV_PORT_F_INTERNAL	= 1 << 6,
};

/* Per port, indexed by slot (0..BV_MAX_PORTS-1). ifindex 0 = free slot. */
struct bv_port {
	__u32 ifindex;
	__u16 pvid;		/* access VID, or trunk native VID; 0 = none */
	__u8  mode;		/* enum bv_port_mode */
	__u8  attach;		/* enum bv_attach_mode */
	__u32 flags;		/* enum bv_port_flags */
	__u32 mtu;		/* at attach; used only to choose the XDP path */
};

/* bv_vlan.flags */
enum bv_vlan_flags {
	/* at most BV_FLOOD_XDP_MAX members, all in the VLAN's flood devmap,
	 * and each accepts XDP-redirected frames: XDP may flood
	 */
	BV_VLAN_F_XDP_FLOOD	= 1 << 0,
};

/*
 * Per VID: which slots are members and which of them send untagged (bitmaps,
 * for O(1) checks), and the same members as a list, untagged ones first,
 * which the TC path walks to flood.
 */
struct bv_vlan {
	__u64 members[BV_PORT_WORDS];
	__u64 untagged[BV_PORT_WORDS];
	__u32 flags;		/* enum bv_vlan_flags */
	__u16 nr_members;
	__u16 nr_untagged;	/* list[0..nr_untagged) send untagged */
	__u16 list[BV_MAX_PORTS];	/* member slots */
};

struct bv_fdb_key {
	__u16 vid;
	__u8  mac[6];
};

/* bv_fdb_entry.flags */
enum bv_fdb_flags {
	BV_FDB_F_STATIC	= 1 << 0,	/* never ages, never moves */
};

struct bv_fdb_entry {
	__u32 ifindex;
	__u16 slot;
	__u16 flags;		/* enum bv_fdb_flags */
	__u64 updated_ns;	/* CLOCK_MONOTONIC_COARSE, last time seen */
};

struct bv_config {
	__u64 now_ns;		/* CLOCK_MONOTONIC_COARSE at the last tick */
	__u64 ageing_ns;
	__u64 gc_interval_ns;
	/* Network namespace the bridge lives in: its cookie (never reused)
	 * says which; its inode lets `unload` see whether it still exists.
	 */
	__u64 netns_cookie;
	__u64 netns_ino;
	__u32 fdb_size;
	__u32 nr_cpus;		/* possible CPUs: bound of per-CPU walks */
};

/*
 * Per CPU, per port: the source last learned there and the tick it was
 * (bv_config.now_ns). A frame from the same source in the same tick needs
 * no FDB lookup: the entry was checked (and refreshed if due) this tick.
 * A move clears the key from the old port on every CPU; user space clears
 * the whole map when it changes the FDB or the ports.
 */
struct bv_learned {
	__u64 key;		/* bv_learn_key(): VID << 48 | MAC; 0 = none */
	__u64 now_ns;
};

/*
 * Why a frame was not forwarded. Order is ABI for the stats map; names
 * are in bpfvlan_names.h and appear in `bpfvlan stats`.
 */
enum bv_drop_reason {
	BV_DROP_RUNT = 0,		/* shorter than its Ethernet/802.1Q header */
	BV_DROP_BAD_SRC,		/* source MAC multicast, broadcast or zero */
	BV_DROP_LINK_LOCAL,		/* 01:80:c2:00:00:0X, passed to the host stack */
	BV_DROP_TAGGED_ON_ACCESS,	/* 802.1Q tag with a VID on an access port */
	BV_DROP_VLAN_NOT_ALLOWED,	/* trunk: tagged VID not in its list */
	BV_DROP_UNTAGGED_NO_NATIVE,	/* trunk without native VLAN: untagged */
	BV_DROP_NESTED_TAG,		/* priority tag hiding an 802.1Q tag */
	BV_DROP_STATIC_MOVE,		/* source is a static MAC of another port */
	BV_DROP_HAIRPIN,		/* destination is on the ingress port */
	BV_DROP_NO_EGRESS,		/* flood with no other member in the VLAN */
	BV_DROP_OVERSIZE,		/* larger than the egress port's MTU */
	BV_DROP_TX_ERROR,		/* redirect or tag rewrite failed */
	BV_DROP_MAX,
};

/* Events counted per port that are not drops. */
enum bv_event {
	BV_EV_FDB_FULL = 0,		/* a new MAC could not be learned */
	BV_EV_XDP_TO_TC,		/* XDP handed the frame to the TC path */
	BV_EV_MAX,
};

/* Per CPU, per slot. */
struct bv_port_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 drops[BV_DROP_MAX];
	__u64 events[BV_EV_MAX];
};

#endif /* BPFVLAN_MAPS_H */
