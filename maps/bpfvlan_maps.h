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

/*
 * Versioning of the map layout (`bpfvlan upgrade`, loader/upgrade.c).
 * A running bridge keeps its pinned maps across an upgrade; the new
 * programs are loaded against them. Each map is judged on its own, by
 * name, against the pinned one:
 *   - same type, key size, value size, max_entries, flags and BTF value
 *     type name: the same layout, reused as it is (state kept as is);
 *   - absent from the running bridge (a map a new version adds): made
 *     empty, and pinned with the rest;
 *   - anything else is a changed layout: a new map is made beside the
 *     old one and the state copied by the map's rule in the table of
 *     loader/upgrade_map.c (copy, counters, FDB merge, flood devmaps...);
 *     the programs switch to it, and only then is the old one unpinned.
 *     A map without a rule, or a change its rule cannot take, refuses
 *     the upgrade before anything changes.
 * So, for a future change:
 *   - add fields only at the end of a value (the rules copy the old value
 *     as a prefix and zero the rest: a new field must mean "nothing" as
 *     zero); never reorder, resize or reuse a field (a pad included) in
 *     place;
 *   - a field whose meaning changes needs a new struct name (the BTF type
 *     name then differs, and no generic rule applies) and a rule of its
 *     own in loader/upgrade_map.c;
 *   - a new map needs nothing, unless its empty state is wrong: then a
 *     rule that fills it;
 *   - the key of a map never changes (a new map instead);
 *   - enum values (drop reasons, flags, modes) are only appended.
 * bv_build says which build of the BPF object loaded the bridge, so that
 * `apply` knows it must upgrade first.
 */
struct bv_build {
	__u64 object_hash;	/* FNV-1a of the BPF object (loader/upgrade.c) */
};

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
	/* Device settings bpfvlan changed, undone at detach (loader/port_dev.c) */
	BV_PORT_F_RXVLAN_OFF	= 1 << 6,	/* RX VLAN offload (802.1Q) off */
	BV_PORT_F_RXSTAG_OFF	= 1 << 7,	/* ... and 802.1ad */
	BV_PORT_F_FILTER_OFF	= 1 << 8,	/* rx-vlan-filter off */
	BV_PORT_F_STAG_FILTER_OFF = 1 << 9,	/* rx-vlan-stag-filter off */
	BV_PORT_F_PROMISC	= 1 << 10,	/* IFF_PROMISC set */
	/* The bridge's end of a veth pair bpfvlan made for the host's own
	 * IP (`port add NAME internal VID`); the host has the other end.
	 */
	BV_PORT_F_INTERNAL	= 1 << 11,
	/* Port security (`isolated on`, `locked on`), set by the user:
	 * an isolated port sends nothing to another isolated port and
	 * receives nothing from one (unicast or flood), as the Linux
	 * bridge's `isolated on`; a locked port forwards only frames whose
	 * source has a static FDB entry on it, and learns nothing.
	 */
	BV_PORT_F_ISOLATED	= 1 << 12,
	BV_PORT_F_LOCKED	= 1 << 13,
	/* `allow-ip LIST`: IPv4/IPv6/ARP/ND sources checked against the
	 * port's prefixes in bv_allow_ip (lib/guard.h).
	 */
	BV_PORT_F_ALLOW_IP	= 1 << 14,
	/* Who attached the port: two bits holding an enum bv_port_owner.
	 * `apply` manages the ports its file names or that it attached, and
	 * leaves the others alone (README, "Configuration file").
	 */
	BV_PORT_F_OWNER_MASK	= 3 << 16,
	/* Why the port has no XDP program: an enum bv_no_xdp, for `port
	 * show` (loader/policy.c); 0 on a port with XDP.
	 */
	BV_PORT_F_NOXDP_MASK	= 15 << 24,
};

#define BV_PORT_OWNER_SHIFT	16
#define BV_PORT_NOXDP_SHIFT	24

enum bv_no_xdp {
	BV_NOXDP_NONE		= 0,	/* it has XDP (or attached before this was kept) */
	BV_NOXDP_MODE_TC	= 1,	/* attached with mode tc */
	BV_NOXDP_LOCAL		= 2,	/* mode auto, fed by a local stack */
	BV_NOXDP_SLAVES		= 3,	/* bond or team */
	BV_NOXDP_DRIVER		= 4,	/* driver without native XDP */
	BV_NOXDP_RX_FIXED	= 5,	/* RX VLAN offload fixed on */
	BV_NOXDP_KERNEL_TAGS	= 6,	/* kernel without the RX VLAN kfunc, and
					 * tags may be outside the frame */
	BV_NOXDP_RX_ON		= 7,	/* RX VLAN offload turned on after attach,
					 * and it could not be turned off again */
	BV_NOXDP_MAX,
};

#define BV_OWNER_ID_LEN		16	/* a UUID */

enum bv_port_owner {
	BV_OWNER_MANUAL	= 0,	/* `attach` by hand (the default) */
	BV_OWNER_CONFIG	= 1,	/* `apply -f FILE` */
	BV_OWNER_HOOK	= 2,	/* a hook that follows VMs (libvirt) */
	BV_OWNER_MAX,
};

/*
 * Per port, indexed by slot (0..BV_MAX_PORTS-1). ifindex 0 = free slot.
 * A port's pvid is fixed from attach to detach: the datapath gives a frame
 * of VID v leaving this port its form from it (untagged iff v == pvid).
 */
struct bv_port {
	__u32 ifindex;
	__u16 pvid;		/* access VID, or trunk native VID; 0 = none */
	__u8  mode;		/* enum bv_port_mode */
	__u8  attach;		/* enum bv_attach_mode */
	__u32 flags;		/* enum bv_port_flags */
	__u32 mtu;		/* at attach; used only to choose the XDP path */
	__u32 learn_limit;	/* learned MACs this port may hold; 0 = no limit */
	/* Which one of its owner attached the port: for owner hook, the
	 * libvirt domain's UUID, so that a domain's stop detaches its own
	 * ports only (README, "libvirt"); all zero: none recorded. User
	 * space's alone: the datapath never reads it.
	 */
	__u8  owner_id[BV_OWNER_ID_LEN];
};

/*
 * Rules about a port that the BPF programs and the loader both apply,
 * stated once here (inline, so each side compiles its own copy).
 */
#define BV_ETH_HLEN		14	/* ETH_HLEN, without <linux/if_ether.h> */

/*
 * A frame of VLAN @vid leaves port @p untagged iff @vid is the port's
 * pvid (an access port's VID, a trunk's native VID), else tagged. XDP and
 * TC give unicast and every flood copy their form by it; the loader picks
 * each flood devmap entry's egress program by it.
 */
static inline __attribute__((always_inline)) int
bv_port_untagged(const struct bv_port *p, __u32 vid)
{
	return p->pvid == vid;
}

/*
 * Does port @p take XDP-redirected frames of every size XDP forwards
 * (BV_XDP_MAX_UNTAGGED)? XDP unicasts to it only then, and floods a VLAN
 * only when every member does (BV_VLAN_F_XDP_FLOOD, set by the loader).
 */
static inline __attribute__((always_inline)) int
bv_port_takes_xdp(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_XDP_TX) &&
	       p->mtu + BV_ETH_HLEN >= BV_XDP_MAX_UNTAGGED;
}

/*
 * `allow-ip`: the prefixes a port's frames may come from, in an LPM trie
 * keyed by slot and address. IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d),
 * so one lookup serves both. prefixlen counts the slot's 32 bits too
 * (BV_ALLOW_IP_PLEN). The loader removes a port's prefixes before its
 * slot is reused.
 */
#define BV_ALLOW_IP_MAX		16	/* prefixes per port */
#define BV_ALLOW_IP_ENTRIES	4096	/* in the bridge */
#define BV_ALLOW_IP_PLEN(plen6)	(32 + (plen6))

struct bv_allow_ip_key {
	__u32 prefixlen;	/* 32 (the slot) + the IPv6 prefix length */
	__u32 slot;		/* big endian: the trie compares bytes */
	__u8  addr[16];		/* network order */
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
 * which the TC path walks to flood. User space rewrites an entry in place
 * while the datapath reads it: the datapath trusts neither the list nor
 * nr_untagged for a copy's port or form, only each slot's member bit and
 * the port's own pvid (lib/ctx_skb.h).
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
	BV_FDB_F_DEAD	= 1 << 1,	/* being aged out (for an instant): a miss */
};

/*
 * ifindex, slot and flags are the entry's owner: one 64-bit word, which
 * the datapath changes only by compare-and-swap from a value it read
 * without BV_FDB_F_STATIC (lib/fdb.h), so it can never turn a static
 * entry into anything else.
 */
struct bv_fdb_entry {
	__u32 ifindex;
	__u16 slot;
	__u16 flags;		/* enum bv_fdb_flags */
	__u64 updated_ns;	/* CLOCK_MONOTONIC_COARSE, last time seen */
	__u32 gc_round;		/* ageing rotation that last saw it (lib/gc.h) */
	__u32 pad;
};

/*
 * Learning bounds (DESIGN §2: learning is bounded). Learned entries may
 * fill bv_fdb only up to BV_FDB_LEARN_MAX(fdb-size): the rest is kept for
 * static entries, so `fdb add` works after a MAC flood. Each port may also
 * hold at most bv_port.learn_limit learned entries.
 */
#define BV_FDB_STATIC_RESERVE(size)	((size) / 8)
#define BV_FDB_LEARN_MAX(size)		((size) - BV_FDB_STATIC_RESERVE(size))

/* The ageing queue (bv_age_queue) holds the key of every learned entry,
 * plus keys of entries user space deleted, until ageing drops them.
 */
#define BV_AGE_QUEUE_SIZE(size)		(2 * BV_FDB_LEARN_MAX(size) + 64)

/* Ageing visits at most this many entries per tick (lib/gc.h). */
#define BV_GC_BUDGET			4096

/*
 * Learned entries, per port slot (index BV_MAX_PORTS: the whole bridge),
 * in bv_learn_cnt. The datapath and user space change `learned` with
 * atomic adds; `added` and `seen` let ageing correct a count that a race
 * left too high (lib/gc.h).
 */
#define BV_LEARN_CNT_BRIDGE	BV_MAX_PORTS
struct bv_learn_count {
	__s64 learned;		/* learned entries held (the port's own ifindex) */
	__s64 added;		/* learned here since this ageing rotation began */
	__s64 seen;		/* seen live here by this ageing rotation */
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
	__u32 learn_max;	/* BV_FDB_LEARN_MAX(fdb_size) */
	__u32 gc_wanted;	/* learning found the ageing queue full */
	__u32 gc_round;		/* ageing rotation under way (lib/gc.h) */
	/* Bumped by the datapath after each change of an entry's owner it
	 * makes (a move, an ageing claim): the destination caches in
	 * bv_learned are only good for the generation they were filled in.
	 */
	__u32 fdb_gen;
};

/*
 * Per CPU, per port, caches that save FDB and allow-ip lookups (lib/fdb.h,
 * lib/guard.h):
 *   - the source last learned there and the tick it was (bv_config.now_ns).
 *     A frame from the same source in the same tick needs no FDB lookup:
 *     the entry was checked (and refreshed if due) this tick. A move
 *     clears the key from the old port on every CPU;
 *   - the destination last looked up for a frame from there: its entry's
 *     owner word and timestamp as read, good in the same tick and FDB
 *     generation (bv_config.fdb_gen) only.
 * User space clears the whole map when it changes the FDB or the ports.
 */
struct bv_learned {
	__u64 key;		/* bv_learn_key(): VID << 48 | MAC; 0 = none */
	__u64 now_ns;
	__u64 dst_key;		/* struct bv_fdb_key as a word; 0 = none */
	__u64 dst_owner;	/* the entry's ifindex, slot, flags (one word) */
	__u64 dst_updated_ns;	/* the entry's updated_ns */
	__u64 dst_now_ns;	/* the tick it was looked up in */
	__u32 dst_gen;		/* bv_config.fdb_gen before it was looked up */
	__u32 pad;
	/* `allow-ip`: the address last found allowed for a frame from
	 * there (its 16 bytes as two words), and the tick it was.
	 */
	__u64 ip_hi;
	__u64 ip_lo;
	__u64 ip_now_ns;
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
	BV_DROP_ISOLATED,		/* isolated port to isolated port */
	BV_DROP_LOCKED_SRC,		/* locked port: source without a static entry */
	BV_DROP_IP_SPOOF,		/* allow-ip: IPv4/IPv6 source not allowed */
	BV_DROP_ARP_SPOOF,		/* allow-ip: ARP sender IP or MAC not its own */
	BV_DROP_ND_SPOOF,		/* allow-ip: ND target or link-layer option,
					 * a router advertisement or redirect */
	BV_DROP_MAX,
};

/* Reasons from this one on are decided once the frame has a VID: they are
 * counted per VLAN too (bv_vlan_stats.drops[reason - this]).
 */
#define BV_DROP_FIRST_CLASSIFIED	BV_DROP_STATIC_MOVE
#define BV_VLAN_DROP_MAX		(BV_DROP_MAX - BV_DROP_FIRST_CLASSIFIED)

/* Events counted per port that are not drops. */
enum bv_event {
	BV_EV_FDB_FULL = 0,		/* a new MAC could not be learned */
	BV_EV_XDP_TO_TC,		/* XDP handed the frame to the TC path */
	BV_EV_LEARN_LIMIT,		/* not learned: the port is at its learn-limit */
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

/*
 * Per CPU, per VID: frames classified into the VLAN, counted once, by the
 * hook that switched them (XDP, or TC for a frame XDP handed on), where
 * the ingress port counts rx. Drops are counted as the ports count them:
 * a flood copy too large for one member is one oversize drop.
 */
struct bv_vlan_stats {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 flood_packets;	/* of those, flooded: broadcast, multicast, unknown */
	__u64 drops[BV_VLAN_DROP_MAX];
};

#endif /* BPFVLAN_MAPS_H */
