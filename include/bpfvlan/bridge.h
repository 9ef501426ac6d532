/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * libbpfvlan, the library behind the bpfvlan command and the libvirt hook:
 * a bridge, the BPF objects pinned under /sys/fs/bpf/bpfvlan/NAME/, opened
 * and locked for the length of one command. A caller holds it as an opaque
 * handle and reads what it may through the accessors below; everything
 * else of the library takes the handle (port.h, vlan.h, fdb.h...).
 */
#ifndef BPFVLAN_BRIDGE_H
#define BPFVLAN_BRIDGE_H

#include <stdbool.h>
#include <string.h>
#include "bpfvlan_maps.h"

#define BV_BRIDGE_NAME_MAX	16	/* like IFNAMSIZ */
#define BV_DEFAULT_BRIDGE	"bv0"
#define BV_AGEING_MAX_SEC	1000000
#define BV_FDB_SIZE_MIN		16
#define BV_FDB_SIZE_MAX		(1U << 24)

struct bv_bridge;

struct bv_load_opts {
	unsigned int ageing_sec;
	unsigned int fdb_size;
};

/* A bridge name: 1-15 letters, digits, _ and - (bpffs refuses a dot; a
 * load's build directory has a "~").
 */
static inline bool bv_bridge_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= BV_BRIDGE_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '_' && *p != '-')
			return false;
	return true;
}

/* bv_bridge_name_valid(), or -EINVAL with a message. */
int bv_bridge_name_check(const char *name);
/* Is there a bridge @name? 1 yes, 0 no, or -errno. */
int bv_bridge_exists(const char *name);
/* `load`: create the bridge in the current netns and pin it. */
int bv_bridge_load(const char *name, const struct bv_load_opts *opts);
/* Open an existing bridge (locked). Every failure prints why, except
 * -EOWNERDEAD. -ENOENT if missing (or unloaded while we waited);
 * -EXDEV (message) if it lives in another network namespace; -EOWNERDEAD
 * (no message) if that namespace is gone; -EUCLEAN if half-made.
 */
int bv_bridge_open(const char *name, struct bv_bridge **out);
/* bv_bridge_open, then bv_bridge_refresh: what a command works on. Every
 * failure prints why.
 */
int bv_bridge_open_fresh(const char *name, struct bv_bridge **out);
void bv_bridge_close(struct bv_bridge *br);
/*
 * Bring the bridge up to date with the kernel: ports whose link is gone
 * are removed, and each port's ability to take XDP frames (ndo-xmit, which
 * a veth gains and loses with its peer's XDP/GRO) and MTU are read again.
 */
int bv_bridge_refresh(struct bv_bridge *br);
/* What the last bv_bridge_refresh repaired on a port's device: */
enum bv_repair {
	BV_REPAIR_NONE,
	/* RX VLAN offload of an XDP port was on again (XDP would take
	 * tagged frames for untagged): turned off again
	 */
	BV_REPAIR_RXVLAN_OFF,
	/* ... and could not be turned off: the port is TC only now */
	BV_REPAIR_TC_ONLY,
};
/* The enum bv_repair of the port in @slot since the last refresh. */
unsigned int bv_bridge_port_repair(const struct bv_bridge *br,
				   unsigned int slot);
/*
 * `unload`: detach every port of bridge @name, then unpin everything. Of
 * a bridge that cannot be opened (half-made, or its network namespace
 * gone) only the pins are left: they are removed, with a message.
 */
int bv_bridge_unload(const char *name);
/* 1 if bridge @name runs the programs of another build of bpfvlan (an
 * older one: `bpfvlan upgrade` replaces them), 0 if of this one or if
 * there is no such bridge, or a negative errno.
 */
int bv_bridge_stale(const char *name);
/* Test hooks of `upgrade` (the installed CLI passes none). */
struct bv_upgrade_test {
	unsigned int fail_step;	/* fail at step N (1..), 0: none */
	unsigned int kill_step;	/* SIGKILL at step N: a crash there */
	const char *migrate;	/* maps to migrate as if changed: "all"
				 * (those with a rule) or names separated
				 * by commas; NULL: none */
	const char *no_rule;	/* ... and these, without a rule (refused) */
};
/*
 * Replace the programs of running bridge @name by this bpfvlan's, in
 * place: maps kept where their layout is the same, made or migrated where
 * not (bpfvlan_maps.h, "Versioning"), every attachment swapped atomically.
 * On any failure the bridge runs its old programs, as before.
 */
int bv_bridge_upgrade(const char *name, const struct bv_upgrade_test *test);
/* Change the ageing time of a running bridge (and its sweep interval). */
int bv_bridge_set_ageing(struct bv_bridge *br, unsigned int sec);

const char *bv_bridge_name(const struct bv_bridge *br);
/* The bridge's configuration as the datapath reads it (bpfvlan_maps.h). */
const struct bv_config *bv_bridge_config(const struct bv_bridge *br);
/* The port in @slot (0..BV_MAX_PORTS-1), or NULL if the slot is free. */
const struct bv_port *bv_bridge_port(const struct bv_bridge *br,
				     unsigned int slot);
/* Slot of the port with @ifindex, or -ENOENT. */
int bv_bridge_slot_of(const struct bv_bridge *br, int ifindex);

#endif /* BPFVLAN_BRIDGE_H */
