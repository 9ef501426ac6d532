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

/* ---- addresses (allow-ip) ---------------------------------------------- */

/* IPv4 (mapped) and IPv6 addresses that frames and allow lists share. */
static const uint8_t ip_pool[][16] = {
	{ [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 },
	{ [10] = 0xff, [11] = 0xff, 192, 0, 2, 2 },
	{ [10] = 0xff, [11] = 0xff, 192, 0, 2, 3 },
	{ [10] = 0xff, [11] = 0xff, 198, 51, 100, 7 },
	{ [10] = 0xff, [11] = 0xff, 0, 0, 0, 0 },
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	{ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
	{ 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 9 },
	{ 0xfe, 0x80, [15] = 1 },
	{ 0 },					/* :: */
};
#define NR_IP_POOL	(sizeof(ip_pool) / sizeof(ip_pool[0]))

static const uint8_t *pool_ip(struct bvg *g, bool v4)
{
	/* entries 0-4 IPv4, 5-9 IPv6 */
	return ip_pool[bvg_below(g, 5) + (v4 ? 0 : 5)];
}

static void allow_add(struct bvm_port *p, const uint8_t *addr, uint8_t plen)
{
	if (p->nr_allow >= BV_ALLOW_IP_MAX)
		return;
	memcpy(p->allow[p->nr_allow].addr, addr, 16);
	p->allow[p->nr_allow].plen = plen;
	/* host bits zero, as the loader keeps them */
	for (unsigned int bit = plen; bit < 128; bit++)
		p->allow[p->nr_allow].addr[bit / 8] &= ~(0x80 >> (bit % 8));
	p->nr_allow++;
}

void bvg_security(struct bvg *g, unsigned int slot)
{
	struct bvm_port *p = &g->cfg->port[slot];

	p->isolated = bvg_chance(g, 30);
	p->locked = bvg_chance(g, 15);
	p->nr_allow = 0;
	if (!bvg_chance(g, 30))
		return;
	for (unsigned int i = 0, n = 1 + bvg_below(g, 3); i < n; i++) {
		static const uint8_t plens[] = { 128, 128, 126, 120, 64 };
		const uint8_t *a = ip_pool[bvg_below(g, NR_IP_POOL - 1)];

		allow_add(p, a, plens[bvg_below(g, sizeof(plens))]);
	}
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

/*
 * An IPv4, ARP or IPv6 header (ICMPv6 ND, with options) at @p, with
 * addresses of the pool, for the ethertype @type: what allow-ip checks.
 * Returns its length; the frame's length may cut it.
 */
static size_t put_l3(struct bvg *g, uint8_t *p, uint16_t type,
		     const uint8_t *src_mac)
{
	static const uint8_t icmp6_types[] = { 128, 130, 133, 134, 135, 135,
					       136, 136, 137, 143 };
	uint8_t mac[6];
	size_t n = 0, ext = 0;

	memcpy(mac, src_mac, 6);
	if (bvg_chance(g, 20))
		mac[5] ^= 1 + bvg_below(g, 255);	/* another MAC */
	if (type == 0x0800) {
		bool dhcp = bvg_chance(g, 20);

		p[0] = bvg_chance(g, 90) ? 0x45 : 0x46;
		put16(p + 2, 28);
		p[9] = dhcp ? 17 : bvg_chance(g, 50) ? 1 : 6;
		memcpy(p + 12, dhcp && bvg_chance(g, 70) ? ip_pool[4] + 12 :
		       pool_ip(g, true) + 12, 4);
		memset(p + 16, 0xff, 4);
		if (!dhcp || bvg_chance(g, 20))
			memcpy(p + 16, pool_ip(g, true) + 12, 4);
		put16(p + 20, 68);
		put16(p + 22, dhcp ? 67 : (uint16_t)bvg_below(g, 100));
		return 28;
	}
	if (type == 0x0806) {
		put16(p, bvg_chance(g, 95) ? 1 : 6);
		put16(p + 2, 0x0800);
		p[4] = 6;
		p[5] = bvg_chance(g, 95) ? 4 : 16;
		put16(p + 6, 1 + bvg_below(g, 2));
		memcpy(p + 8, mac, 6);
		memcpy(p + 14, pool_ip(g, true) + 12, 4);
		memset(p + 18, 0, 6);
		memcpy(p + 24, pool_ip(g, true) + 12, 4);
		return 28;
	}
	/* IPv6 */
	p[0] = 0x60;
	p[6] = bvg_chance(g, 70) ? 58 : bvg_chance(g, 50) ? 17 : 0;
	p[7] = 255;
	memcpy(p + 8, pool_ip(g, false), 16);
	memcpy(p + 24, pool_ip(g, false), 16);
	n = 40;
	if (p[6] == 0) {			/* hop-by-hop, then ICMPv6 */
		memset(p + n, 0, 8);
		p[n] = bvg_chance(g, 80) ? 58 : 60;
		ext = 8;
		n += 8;
	}
	if (p[6] == 58 || (ext && p[n - 8] == 58)) {
		uint8_t t = icmp6_types[bvg_below(g, sizeof(icmp6_types))];

		memset(p + n, 0, 24);
		p[n] = t;
		memcpy(p + n + 8, pool_ip(g, false), 16);
		n += t == 133 ? 8 : 24;
		for (unsigned int i = 0, k = bvg_below(g, 4); i < k; i++) {
			p[n] = bvg_chance(g, 70) ? 1 + bvg_below(g, 2) : 14;
			p[n + 1] = bvg_chance(g, 90) ? 1 : bvg_below(g, 3);
			memcpy(p + n + 2, mac, 6);
			n += 8;
		}
	}
	put16(p + 4, (uint16_t)(n - 40 + (bvg_chance(g, 10) ? 8 : 0)));
	return n;
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
	uint16_t type = types[bvg_below(g, sizeof(types) / sizeof(types[0]))];
	size_t l3 = 0;

	put16(b + n, type);
	n += 2;
	len = pick_len(g, n);
	if (len > BVM_FRAME_MAX)
		len = BVM_FRAME_MAX;
	for (size_t i = n; i < len; i++)
		b[i] = (uint8_t)bvg_rnd(g);
	/* Mostly whole headers with the pool's addresses where allow-ip
	 * looks; the length may cut them.
	 */
	if ((type == 0x0800 || type == 0x0806 || type == 0x86dd) &&
	    bvg_chance(g, 70)) {
		uint8_t hdr[256] = { 0 };

		l3 = put_l3(g, hdr, type, b + 6);
		if (len < n + l3 && bvg_chance(g, 80))
			len = n + l3 + bvg_below(g, 16);
		if (len > BVM_FRAME_MAX)
			len = BVM_FRAME_MAX;
		for (size_t i = n; i < len; i++)
			b[i] = i - n < l3 ? hdr[i - n] : (uint8_t)bvg_rnd(g);
	}
	g->len = len;
}
