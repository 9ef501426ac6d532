/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Which network namespace a bridge lives in (bv_netns_enter: bpfvlan/link.h). */
#ifndef BV_NETNS_H
#define BV_NETNS_H

#include <stdbool.h>
#include <linux/types.h>
#include "bpfvlan/link.h"

struct bv_netns_id {
	__u64 cookie;	/* SO_NETNS_COOKIE: unique for the system's uptime */
	__u64 ino;	/* nsfs inode: reused once the namespace is gone */
};

/* Identity of the current network namespace. */
int bv_netns_self(struct bv_netns_id *id);
/*
 * Could a network namespace with inode @ino still exist? Looks at the named
 * ones (/var/run/netns) and those of running processes; false means gone.
 */
bool bv_netns_may_exist(__u64 ino);

#endif /* BV_NETNS_H */
