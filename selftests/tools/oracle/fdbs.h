/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The learned MACs of the two bridges the oracle compares, kept equal
 * between frames: the Linux bridge's FDB through rtnetlink (what `bridge
 * fdb` does), bpfvlan's through its loader (what `bpfvlan fdb` does). All
 * calls work in the current network namespace, the bridges'.
 *
 * Entries come out as model FDB entries (bv_model.h) whose slot is the
 * port's index in @ports (the oracle's port number); entries on devices
 * not in @ports are left out.
 */
#ifndef OR_FDBS_H
#define OR_FDBS_H

#include <stdint.h>
#include "oracle.h"

struct or_ports {
	unsigned int n;
	int ifindex[OR_MAX_PORTS];
};

/* The Linux bridge with ifindex @br. */
int or_lbr_open(void);
void or_lbr_close(void);
int or_lbr_flush(int br);
/* Delete {@mac, @vid} wherever it is among the @ports that @cfg makes
 * members of @vid (the kernel refuses the others); 0 if it was nowhere.
 */
int or_lbr_del(const struct or_ports *ports, const struct bvm_config *cfg,
	       const uint8_t mac[6], uint16_t vid);
/* Learned (not local, not static) entries into @out. */
int or_lbr_dump(int br, const struct or_ports *ports, struct bvm_fdb *out);

/*
 * The bpfvlan bridge @name, open (and locked against other bpfvlan
 * commands, as one is) from or_bv_open() to or_bv_close(). Open brings its
 * ports up to date (their MTUs), as every bpfvlan command does.
 */
struct bv_bridge;
int or_bv_open(const char *name, struct bv_bridge **br);
void or_bv_close(struct bv_bridge *br);
int or_bv_flush(struct bv_bridge *br);
int or_bv_del(struct bv_bridge *br, const uint8_t mac[6], uint16_t vid);
int or_bv_dump(struct bv_bridge *br, const struct or_ports *ports,
	       struct bvm_fdb *out);

#endif /* OR_FDBS_H */
