/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Port mirroring: the keys and values of the mirror maps, for the BPF
 * programs (bpf/lib/mirror.h) and the loader (loader/mirror.c). Maps of
 * their own, so that a bridge without mirrors reads nothing else.
 *
 * A mirror has an index (0..BV_MAX_MIRRORS-1); the datapath finds the
 * mirrors a frame goes to as bit masks of indexes:
 *   - bv_mirror_port[slot].rx / .tx: mirrors of that port's received /
 *     sent frames;
 *   - bv_mirror_vid[vid].port: port mirrors that take frames of @vid (all
 *     of them, VID 0 included, for a port mirror without a VID list);
 *     .vlan: VLAN mirrors (no port) of @vid;
 *   - bv_mirror_on[0]: the union of each kind, so that a bridge without
 *     mirrors pays one lookup per frame.
 * User space writes a mirror's entry and zeroes its counters before any
 * mask has its bit, and clears the masks before it frees the entry. The
 * datapath copies to bv_mirrors[i].ifindex only while that is not 0.
 */
#ifndef BPFVLAN_MIRROR_H
#define BPFVLAN_MIRROR_H

#include <linux/types.h>

#define BV_MAX_MIRRORS		32	/* bits of a mask */
#define BV_MIRROR_NAME_LEN	16	/* with its NUL, like IFNAMSIZ */

/* bv_mirror.dir: which frames of its source port a mirror copies. */
enum bv_mirror_dir {
	BV_MIRROR_INGRESS	= 1 << 0,	/* as received */
	BV_MIRROR_EGRESS	= 1 << 1,	/* as sent */
	BV_MIRROR_BOTH		= BV_MIRROR_INGRESS | BV_MIRROR_EGRESS,
};

/* bv_mirror.flags */
enum bv_mirror_flags {
	BV_MIRROR_F_VIDS	= 1 << 0,	/* a VID list selects (bv_mirror_vid) */
	BV_MIRROR_F_CONFIG	= 1 << 1,	/* made by `apply` (user space's alone) */
};

struct bv_mirror {
	__u32 ifindex;		/* destination device; 0: a free index */
	__u32 src_ifindex;	/* source port's device; 0: a VLAN mirror */
	__u16 src_slot;		/* its slot */
	__u8  dir;		/* enum bv_mirror_dir, of a port mirror */
	__u8  flags;		/* enum bv_mirror_flags */
	char  name[BV_MIRROR_NAME_LEN];	/* user space's alone */
};

struct bv_mirror_port {
	__u32 rx;		/* masks of mirror indexes */
	__u32 tx;
};

struct bv_mirror_vid {
	__u32 port;		/* port mirrors that take this VID */
	__u32 vlan;		/* VLAN mirrors of this VID */
};

struct bv_mirror_on {
	__u32 rx;		/* mirrors of received frames of a port */
	__u32 tx;		/* mirrors of sent frames of a port */
	__u32 vlan;		/* VLAN mirrors */
	__u32 pad;
};

/* Per CPU, per mirror index. */
struct bv_mirror_stats {
	__u64 packets;		/* copies sent to the destination */
	__u64 bytes;		/* their length, a tag in skb metadata included */
	__u64 failed;		/* copies that could not be made or sent */
};

#endif /* BPFVLAN_MIRROR_H */
