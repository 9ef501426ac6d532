/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The difference between a running bridge and its configuration file, as
 * the list of steps that `apply` takes, in the order that disturbs traffic
 * least. Pure: no I/O.
 *
 * What apply manages (the ownership rule): the ports the file names, and
 * the ports it attached before (owner config) -- those the file no longer
 * names are detached. Ports attached by hand or by a hook that the file
 * does not name are left alone, with their VLANs and static FDB entries.
 * On the ports it manages, the static FDB entries are exactly the file's.
 * Mirrors likewise: those the file names (by name) and those apply made
 * are the file's; others (`mirror add` by hand) stay, unless their source
 * port is detached; one whose port is attached again is made again.
 */
#ifndef BPFVLAN_PLAN_H
#define BPFVLAN_PLAN_H

#include "bpfvlan/conf.h"

/* In the order they run. */
enum bv_step_kind {
	BV_STEP_LOAD,		/* create the bridge */
	BV_STEP_AGEING,		/* live: the timer reads it every tick */
	BV_STEP_MIRROR_DEL,	/* first: a destination may become a port */
	BV_STEP_OWN,		/* a port as the file says becomes the file's */
	BV_STEP_SET,		/* live: `port set DEV KEYWORD VALUE...` */
	BV_STEP_ATTACH,		/* new ports first: a replacement uplink is */
	BV_STEP_VLAN_ADD,	/* up before the old one goes */
	BV_STEP_REATTACH,	/* mode, access VID, native VID or attach mode */
	BV_STEP_VLAN_DEL,
	BV_STEP_DETACH,
	BV_STEP_FDB_DEL,
	BV_STEP_FDB_ADD,	/* their ports and VLANs exist */
	BV_STEP_MIRROR_OWN,	/* a mirror as the file says becomes the file's */
	BV_STEP_MIRROR_ADD,	/* last: their ports exist, and no port is a
				 * destination any more */
};

struct bv_step {
	enum bv_step_kind kind;
	const struct bv_conf_port *port;	/* the file's (own, attach, vlan, reattach) */
	const struct bv_conf_port *old;		/* the running one (own, reattach, detach) */
	const struct bv_conf_fdb *fdb;		/* add: the file's; del: the running one */
	/* mirror add: the file's (or a running one of a port attached
	 * again, put back as it was); del, own: the running one
	 */
	const struct bv_mirror_spec *mirror;
	struct bv_vidset vids;			/* vlan add / del */
	unsigned int seq;			/* order of making */
};

struct bv_plan {
	struct bv_step *steps;
	size_t n;
	unsigned int ageing_sec;		/* load, ageing */
	unsigned int fdb_size;			/* load */
};

/*
 * Steps from @cur (the running bridge; NULL if there is none: it is
 * loaded first) to @want. The steps point into @cur and @want, which must
 * outlive the plan. 0 or -ENOMEM.
 */
int bv_plan_make(const struct bv_conf *cur, const struct bv_conf *want,
		 struct bv_plan *plan);
void bv_plan_free(struct bv_plan *plan);

/* A step in words, as the commands it amounts to ("vlan add dev eth0 vid
 * 30", "reattach vnet0 access 20"). Returns buf.
 */
#define BV_STEP_DESC_MAX	(BV_PS_FMT_MAX + 64)
char *bv_step_describe(const struct bv_plan *plan, const struct bv_step *s,
		       char *buf, size_t len);

#endif /* BPFVLAN_PLAN_H */
