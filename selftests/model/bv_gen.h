/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Random bridge configurations and frames for the reference model, biased
 * to the shapes that break VLAN switches (byte-order VIDs, priority tags,
 * 802.1ad, stacked tags, link-local and multicast addresses, runts, MTU
 * edges). The differential fuzzer (selftests/pkt/fuzz.c) and the Linux
 * bridge oracle (selftests/tools/oracle) draw from it. A seed gives the same
 * sequence everywhere (splitmix64).
 */
#ifndef BV_GEN_H
#define BV_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bv_model.h"

#define BVG_NR_MACS	12	/* unicast MACs a configuration's frames use */
#define BVG_MAX_PORTS	16

struct bvg {
	uint64_t rng;
	struct bvm_config *cfg;			/* the ports, by slot */
	unsigned int slots[BVG_MAX_PORTS];	/* the slots that hold ports */
	int nr_ports;
	uint8_t macs[BVG_NR_MACS][6];
	/* the last frame bvg_frame() made, and its ingress slot */
	unsigned int in_slot;
	uint8_t frame[BVM_FRAME_MAX];
	size_t len;
};

/* VIDs every configuration draws from: byte-order traps and the ends. */
extern const uint16_t bvg_vid_pool[];
extern const unsigned int bvg_nr_pool;

uint64_t bvg_rnd(struct bvg *g);
/* 0..n-1 (0 if n is 0) */
unsigned int bvg_below(struct bvg *g, unsigned int n);
/* true with probability pct % */
bool bvg_chance(struct bvg *g, unsigned int pct);
uint16_t bvg_pool_vid(struct bvg *g);

/* A port MTU: mostly 1500, else one of a few that sit at edges. */
unsigned int bvg_mtu(struct bvg *g);
/* A learn limit: mostly none, else small enough for a few MACs to reach. */
uint32_t bvg_learn_limit(struct bvg *g);
/*
 * The port in @slot of g->cfg: access (40 %) or trunk with up to five VIDs
 * of the pool (sometimes one off it) and a native VID half the time, and a
 * learn limit.
 */
void bvg_port(struct bvg *g, unsigned int slot, uint32_t ifindex,
	      unsigned int mtu);
/*
 * Port security of the port in @slot: isolated (30 %), locked (15 %), or
 * neither. Apart from bvg_port(): the Linux bridge oracle draws ports
 * without it.
 */
void bvg_security(struct bvg *g, unsigned int slot);
/* New unicast MACs for the frames (locally administered). */
void bvg_macs(struct bvg *g);
/* A frame into one of g->slots: g->in_slot, g->frame, g->len. */
void bvg_frame(struct bvg *g);

#endif /* BV_GEN_H */
