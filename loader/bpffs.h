/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* bpffs: mount if needed, the pin directory of each bridge, its lock. */
#ifndef BV_BPFFS_H
#define BV_BPFFS_H

#include <stddef.h>

#define BV_BPFFS	"/sys/fs/bpf"
#define BV_PIN_ROOT	BV_BPFFS "/bpfvlan"

/* Mount bpffs at /sys/fs/bpf if it is not, and create BV_PIN_ROOT. */
int bv_bpffs_prepare(void);
/* BV_PIN_ROOT/BRIDGE[/OBJ] into @buf; -ENAMETOOLONG if it does not fit. */
int bv_bpffs_path(char *buf, size_t len, const char *bridge, const char *obj);
/* Open the bridge's pin directory and take its flock (exclusive), making
 * sure the directory locked is still the one at its path. Returns the
 * locked fd, -ENOENT when the bridge does not exist (or was unloaded while
 * we waited), -EAGAIN if it kept being unloaded and loaded again.
 */
int bv_bpffs_lock(const char *bridge);

#endif /* BV_BPFFS_H */
