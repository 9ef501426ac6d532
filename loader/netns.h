/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Network namespace of the command (`-n NETNS`, like `ip -n`). */
#ifndef BV_NETNS_H
#define BV_NETNS_H

#include <linux/types.h>

/* Join /var/run/netns/NAME; mounts (and so bpffs pins) stay the caller's. */
int bv_netns_enter(const char *name);
/* Inode of the current network namespace: the bridge's netns identity. */
int bv_netns_ino(__u64 *ino);

#endif /* BV_NETNS_H */
