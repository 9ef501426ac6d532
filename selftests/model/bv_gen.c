// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Random configurations and frames for the model (see bv_gen.h). */
#include <string.h>
#include "bv_gen.h"

const uint16_t bvg_vid_pool[] = { 1, 2, 10, 100, 255, 256, 2047, 2048,
				  4011, 4093, 4094 };
const unsigned int bvg_nr_pool = sizeof(bvg_vid_pool) / sizeof(bvg_vid_pool[0]);

/* ---- randomness (splitmix64: small, fast, the same everywhere) ---------- */

uint64_t bvg_rnd(struct bvg *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned int bvg_below(struct bvg *g, unsigned int n)
{
	return n ? bvg_rnd(g) % n : 0;
}

bool bvg_chance(struct bvg *g, unsigned int pct)
{
	return bvg_below(g, 100) < pct;
}

uint16_t bvg_pool_vid(struct bvg *g)
{
	return bvg_vid_pool[bvg_below(g, bvg_nr_pool)];
}

/* ---- configurations ----------------------------------------------------- */

unsigned int bvg_mtu(struct bvg *g)
{
	static const unsigned int mtus[] = { 1500, 1500, 1500, 1400, 9000,
					     1280, 1504, 2000 };

	return mtus[bvg_below(g, sizeof(mtus) / sizeof(mtus[0]))];
}

uint32_t bvg_learn_limit(struct bvg *g)
{
	return bvg_chance(g, 70) ? 0 : 1 + bvg_below(g, 4);
}

void bvg_port(struct bvg *g, unsigned int slot, uint32_t ifindex,
	      unsigned int mtu)
{
	if (bvg_chance(g, 40)) {
		bvm_port_access(g->cfg, slot, ifindex, bvg_pool_vid(g), mtu);
	} else {
		uint16_t native = bvg_chance(g, 50) ? bvg_pool_vid(g) : 0;
		unsigned int n = 1 + bvg_below(g, 5);

		bvm_port_trunk(g->cfg, slot, ifindex, native, mtu);
		for (unsigned int i = 0; i < n; i++)
			bvm_port_vid(g->cfg, slot, bvg_pool_vid(g), true);
		if (bvg_chance(g, 10))	/* a VID off the pool */
			bvm_port_vid(g->cfg, slot, 1 + bvg_below(g, 4094), true);
	}
	g->cfg->port[slot].learn_limit = bvg_learn_limit(g);
}

void bvg_security(struct bvg *g, unsigned int slot)
{
	g->cfg->port[slot].isolated = bvg_chance(g, 30);
	g->cfg->port[slot].locked = bvg_chance(g, 15);
}

void bvg_macs(struct bvg *g)
{
	for (int i = 0; i < BVG_NR_MACS; i++) {
		uint64_t r = bvg_rnd(g);

		memcpy(g->macs[i], &r, 6);
		g->macs[i][0] = (g->macs[i][0] & 0xfc) | 0x02;
	}
}

/* ---- frames --------------------------------------------------------------- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void pick_dst(struct bvg *g, uint8_t *m)
{
	unsigned int r = bvg_below(g, 100);

	if (r < 25) {
		memset(m, 0xff, 6);
	} else if (r < 33) {
		uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, (uint8_t)bvg_rnd(g) };

		memcpy(m, mc, 6);
	} else if (r < 43) {	/* link-local, and the first addresses after */
		uint8_t ll[6] = { 0x01, 0x80, 0xc2, 0, 0,
				  (uint8_t)bvg_below(g, 0x22) };

		memcpy(m, ll, 6);
	} else if (r < 93) {
		memcpy(m, g->macs[bvg_below(g, BVG_NR_MACS)], 6);
	} else {
		uint64_t x = bvg_rnd(g);

		memcpy(m, &x, 6);
	}
}

static void pick_src(struct bvg *g, uint8_t *m)
{
	unsigned int r = bvg_below(g, 100);

	if (r < 88) {
		memcpy(m, g->macs[bvg_below(g, BVG_NR_MACS)], 6);
	} else if (r < 92) {
		memset(m, 0, 6);
	} else if (r < 96) {
		uint64_t x = bvg_rnd(g);

		memcpy(m, &x, 6);
		m[0] |= 1;
	} else {
		memset(m, 0xff, 6);
	}
}

/* A VID for a tag: the ingress port's own, the pool's, or anything. */
static uint16_t tag_vid(struct bvg *g)
{
	const struct bvm_port *p = &g->cfg->port[g->in_slot];
	unsigned int r = bvg_below(g, 100);

	if (r < 45) {
		for (int tries = 0; tries < 8; tries++) {
			uint16_t v = bvg_pool_vid(g);

			if (bvm_is_member(p, v))
				return v;
		}
		return p->pvid;
	}
	if (r < 85)
		return bvg_pool_vid(g);
	if (r < 90)
		return 0;
	if (r < 95)
		return 4095;
	return bvg_below(g, 4096);
}

static size_t put_tag(struct bvg *g, uint8_t *p, uint16_t tpid, uint16_t vid)
{
	put16(p, tpid);
	put16(p + 2, (uint16_t)(bvg_below(g, 16) << 12) | vid);
	return 4;
}

/* The tags after the MACs, in shapes that matter to classification. */
static size_t put_tags(struct bvg *g, uint8_t *p)
{
	unsigned int r = bvg_below(g, 100);
	size_t n = 0;

	if (r < 30)
		return 0;				/* untagged */
	if (r < 62)
		return put_tag(g, p, 0x8100, tag_vid(g));
	if (r < 72) {					/* priority tag + ... */
		n = put_tag(g, p, 0x8100, 0);
		if (bvg_chance(g, 40))
			n += put_tag(g, p + n, 0x8100, tag_vid(g));
		else if (bvg_chance(g, 30))
			n += put_tag(g, p + n, 0x88a8, tag_vid(g));
		return n;
	}
	if (r < 82) {					/* 802.1ad outer */
		n = put_tag(g, p, 0x88a8, tag_vid(g));
		if (bvg_chance(g, 50))
			n += put_tag(g, p + n, 0x8100, tag_vid(g));
		return n;
	}
	if (r < 95) {					/* double 802.1Q */
		n = put_tag(g, p, 0x8100, tag_vid(g));
		return n + put_tag(g, p + n, 0x8100, tag_vid(g));
	}
	for (int i = 0; i < 3; i++)			/* stacks */
		n += put_tag(g, p + n, bvg_chance(g, 50) ? 0x8100 : 0x88a8,
			     tag_vid(g));
	return n;
}

static size_t pick_len(struct bvg *g, size_t hdr)
{
	static const size_t edges[] = { 1514, 1515, 1518, 1519, 1418, 1419,
					1294, 1295, 1522, 1523 };
	unsigned int r = bvg_below(g, 100);

	if (r < 60)
		return 60 + bvg_below(g, 69);
	if (r < 78)
		return bvg_below(g, 65);		/* cut anywhere in 0..64 */
	if (r < 86)
		return hdr + bvg_below(g, 8);		/* just past the headers */
	if (r < 94)
		return edges[bvg_below(g, sizeof(edges) / sizeof(edges[0]))];
	if (r < 98)
		return 100 + bvg_below(g, 1500);
	return 1600 + bvg_below(g, 2000);	/* > 3520: XDP multi-buffer */
}

void bvg_frame(struct bvg *g)
{
	static const uint16_t types[] = { 0x0800, 0x0806, 0x86dd, 0x88b5,
					  0x8100, 0x88a8, 0x0040, 0x05dc };
	uint8_t *b = g->frame;
	size_t n = 12, len;

	g->in_slot = g->slots[bvg_below(g, g->nr_ports)];
	pick_dst(g, b);
	pick_src(g, b + 6);
	n += put_tags(g, b + n);
	put16(b + n, types[bvg_below(g, sizeof(types) / sizeof(types[0]))]);
	n += 2;
	len = pick_len(g, n);
	if (len > BVM_FRAME_MAX)
		len = BVM_FRAME_MAX;
	for (size_t i = n; i < len; i++)
		b[i] = (uint8_t)bvg_rnd(g);
	g->len = len;
}
