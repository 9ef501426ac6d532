/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * bvoracle: the Linux bridge as a second oracle for bpfvlan. Types shared
 * by its parts: main.c (command line), conf.c (port configurations),
 * run.c (frames through both bridges), rules.c (where the two may differ),
 * copies.c (what left which port), fdbs.c (learned MACs), wire.c (sockets).
 */
#ifndef OR_ORACLE_H
#define OR_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bv_model.h"

#define OR_MAX_PORTS	16	/* per bridge, besides the two barrier ports */
#define OR_MAX_COPIES	64	/* frames seen per sent frame, all ports */
#define OR_FRAME_MAX	(BVM_FRAME_MAX + 8)

/* A port configuration (conf.c): the model's, plus the barrier VLAN. */
struct or_conf {
	struct bvm_config *cfg;		/* ports in slots 0..nr_ports-1 */
	unsigned int nr_ports;
	uint16_t barrier_vid;		/* a VID no port is a member of */
};

/* One frame seen on (or sent to) port @port. */
struct or_frame {
	unsigned int port;
	size_t len;
	uint8_t b[OR_FRAME_MAX];
};

/* The frames that left the ports of one bridge for one frame sent. */
struct or_copies {
	unsigned int n;
	bool overflow;			/* more than OR_MAX_COPIES */
	struct or_frame f[OR_MAX_COPIES];
};

/* copies.c */
void or_copies_clear(struct or_copies *c);
void or_copies_add(struct or_copies *c, unsigned int port, const uint8_t *b,
		   size_t len);
/*
 * Can a far end's packet socket see this copy? The kernel frees a frame
 * whose outer type is 802.1Q or 802.1ad below 20 bytes (skb_vlan_untag)
 * first, so a tagged copy of 15..19 bytes, which both bridges send where
 * the frame is that short, is compared by neither.
 */
bool or_frame_visible(const uint8_t *b, size_t len);
/* The copies the model says leave and a far end sees (not oversize). */
void or_copies_from_model(struct or_copies *c, const struct bvm_result *res);
/* Same frames on the same ports, in any order. */
bool or_copies_equal(struct or_copies *a, struct or_copies *b);
/* "port 2: 0a0b..., port 3: ..." or "none", one line per copy, indented. */
void or_copies_print(const char *label, const struct or_copies *c);

void or_hex_print(const uint8_t *b, size_t len);

#endif /* OR_ORACLE_H */
