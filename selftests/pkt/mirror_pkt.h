/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Packet tests of port mirroring (mirror_pkt.c), run by test_pkt. */
#ifndef BV_PKT_MIRROR_H
#define BV_PKT_MIRROR_H

#include <stdbool.h>
#include "harness.h"

/* The ports the cases use: an access port and a trunk of VID 4011. */
struct pkt_mirror_slots {
	unsigned int access, trunk;
	int access_ifindex, trunk_ifindex;
};

/*
 * The mirror cases on the bridge of @h as set up (@flavor names the
 * attachment; @xdp_in: the access port has XDP), copies going to the
 * device @dest_ifindex, which is no port. 0 if all passed, else 1 (each
 * case prints its TEST line).
 */
int pkt_mirror_cases(struct bvh *h, const char *flavor, bool xdp_in,
		     const struct pkt_mirror_slots *sl, int dest_ifindex);

#endif /* BV_PKT_MIRROR_H */
