/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Port mirroring (`bpfvlan mirror`): copies of the frames a port receives
 * or sends, or of the frames of a set of VLANs, to a destination device
 * that is no port of any bridge (a monitoring VM's tap, a veth to a
 * capture namespace). The datapath side: bpf/lib/mirror.h.
 *
 * Loops are impossible by construction: a destination is never a port
 * (nor a veth whose peer is one), and a device that is a destination (or
 * whose veth peer is one) cannot be attached. A port that leaves the
 * bridge (detach, its device deleted, unload) takes its mirrors with it.
 */
#ifndef BPFVLAN_MIRROR_H_API
#define BPFVLAN_MIRROR_H_API

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <net/if.h>
#include "bpfvlan_mirror.h"
#include "bpfvlan/bridge.h"
#include "bpfvlan/vidset.h"

/* One mirror, in the words of `mirror add` and of the config file. */
struct bv_mirror_spec {
	char name[BV_MIRROR_NAME_LEN];
	char dev[IF_NAMESIZE];		/* source port; "" for a VLAN mirror */
	unsigned int dir;		/* enum bv_mirror_dir, with dev */
	bool has_vids;
	struct bv_vidset vids;		/* with has_vids */
	char to[IF_NAMESIZE];		/* destination */
	/* Who made it: BV_OWNER_MANUAL (`mirror add`) or BV_OWNER_CONFIG
	 * (`apply`, which manages its own and those its file names).
	 */
	unsigned int owner;
	unsigned int line;		/* of the config file, for messages */
};

/* A mirror name: 1-15 letters, digits, _ - . */
bool bv_mirror_name_valid(const char *name);
/* "ingress", "egress", "both" -> enum bv_mirror_dir; 0 if none. */
unsigned int bv_mirror_dir_parse(const char *word);
const char *bv_mirror_dir_name(unsigned int dir);
/* Same selection and destination (the name and owner are not compared). */
bool bv_mirror_spec_same(const struct bv_mirror_spec *a,
			 const struct bv_mirror_spec *b);

/*
 * `NAME [dev DEV [ingress|egress|both]] [vid VIDLIST] to DEV` (argv[0] is
 * NAME) into @m; a port mirror's direction defaults to both. 0, or
 * -EINVAL with @msg naming the word at fault. Pure: the devices are
 * looked up by bv_mirror_add.
 */
int bv_mirror_spec_parse(int argc, char *const *argv,
			 struct bv_mirror_spec *m, char *msg, size_t len);
/* @m in those words, on one line without its newline; device names
 * through @quote (NULL: bare). 0 or -EIO.
 */
int bv_mirror_spec_write(const struct bv_mirror_spec *m, FILE *f,
			 char *(*quote)(const char *, char *, size_t));

/* A running mirror: its spec, as read back, and its counters. */
struct bv_mirror_info {
	struct bv_mirror_spec spec;
	unsigned int index;		/* in the mirror maps */
	unsigned int src_slot;		/* the source port's, of a port mirror */
	int to_ifindex;
	bool to_gone;			/* the destination device is gone */
	struct bv_mirror_stats stats;	/* summed over CPUs */
};

/*
 * Add mirror @m: checked before anything changes (name taken, unknown or
 * unfit device, no room), then published so that the datapath copies
 * nothing before the mirror is whole. Says why not.
 */
int bv_mirror_add(struct bv_bridge *br, const struct bv_mirror_spec *m);
/* What bv_mirror_add checks, alone (`apply ... check`). */
int bv_mirror_add_check(struct bv_bridge *br, const struct bv_mirror_spec *m);
/* Remove mirror @name; -ENOENT (message) if there is none. */
int bv_mirror_del(struct bv_bridge *br, const char *name);
/* Record who manages mirror @name (BV_OWNER_MANUAL or BV_OWNER_CONFIG). */
int bv_mirror_own(struct bv_bridge *br, const char *name, unsigned int owner);
/* Every mirror of the bridge, by name; free() *out. */
int bv_mirror_list(struct bv_bridge *br, struct bv_mirror_info **out,
		   size_t *n);
/*
 * Is @ifindex (or its veth peer @peer_ifindex, 0 for none) a mirror
 * destination of a bridge of this netns? Then -EBUSY, with a message
 * naming the mirror and its bridge: @ifindex is not to be attached.
 */
int bv_mirror_check_not_dest(const struct bv_bridge *br, const char *dev,
			     int ifindex, int peer_ifindex);

#endif /* BPFVLAN_MIRROR_H_API */
