// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Reference model of bpfvlan switching (see bv_model.h). Written for
 * reading, not speed: each rule of DESIGN §2 is one short function, in the
 * order the bridge applies them:
 *   runt -> bad source -> link-local -> classify -> locked source ->
 *   allow-ip -> learn -> forward (isolation) -> shape
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bv_model.h"

#define NSEC_PER_SEC		1000000000ULL
#define REFRESH_NS		NSEC_PER_SEC	/* learning refresh interval */

/* ---- configuration ------------------------------------------------------ */

void bvm_config_init(struct bvm_config *cfg, uint64_t ageing_ns,
		     uint32_t fdb_size)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ageing_ns = ageing_ns;
	cfg->fdb_size = fdb_size;
	cfg->learn_max = BV_FDB_LEARN_MAX(fdb_size);
}

bool bvm_is_member(const struct bvm_port *p, unsigned int vid)
{
	return p->used && vid < BV_NR_VIDS && (p->vids[vid / 8] >> (vid % 8)) & 1;
}

void bvm_port_vid(struct bvm_config *cfg, unsigned int slot, uint16_t vid,
		  bool member)
{
	struct bvm_port *p = &cfg->port[slot];

	if (vid < BV_VID_MIN || vid > BV_VID_MAX)
		return;		/* 0 and 4095 are never members */
	if (member)
		p->vids[vid / 8] |= 1 << (vid % 8);
	else
		p->vids[vid / 8] &= ~(1 << (vid % 8));
}

static void port_init(struct bvm_port *p, uint32_t ifindex, uint8_t mode,
		      uint16_t pvid, uint32_t mtu)
{
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->ifindex = ifindex;
	p->mode = mode;
	p->pvid = pvid;
	p->mtu = mtu;
}

void bvm_port_access(struct bvm_config *cfg, unsigned int slot,
		     uint32_t ifindex, uint16_t vid, uint32_t mtu)
{
	port_init(&cfg->port[slot], ifindex, BV_MODE_ACCESS, vid, mtu);
	bvm_port_vid(cfg, slot, vid, true);
}

void bvm_port_trunk(struct bvm_config *cfg, unsigned int slot,
		    uint32_t ifindex, uint16_t native, uint32_t mtu)
{
	port_init(&cfg->port[slot], ifindex, BV_MODE_TRUNK, native, mtu);
	if (native)
		bvm_port_vid(cfg, slot, native, true);
}

/* ---- FDB ---------------------------------------------------------------- */

int bvm_fdb_init(struct bvm_fdb *fdb, unsigned int cap)
{
	fdb->e = calloc(cap ? cap : 1, sizeof(*fdb->e));
	fdb->n = 0;
	fdb->cap = cap;
	return fdb->e ? 0 : -ENOMEM;
}

void bvm_fdb_free(struct bvm_fdb *fdb)
{
	free(fdb->e);
	fdb->e = NULL;
	fdb->n = fdb->cap = 0;
}

struct bvm_fdb_entry *bvm_fdb_find(const struct bvm_fdb *fdb, uint16_t vid,
				   const uint8_t mac[6])
{
	for (unsigned int i = 0; i < fdb->n; i++)
		if (fdb->e[i].vid == vid && !memcmp(fdb->e[i].mac, mac, 6))
			return &fdb->e[i];
	return NULL;
}

int bvm_fdb_put(struct bvm_fdb *fdb, const struct bvm_fdb_entry *e)
{
	struct bvm_fdb_entry *old = bvm_fdb_find(fdb, e->vid, e->mac);

	if (old) {
		*old = *e;
		return 0;
	}
	if (fdb->n >= fdb->cap)
		return -ENOSPC;
	fdb->e[fdb->n++] = *e;
	return 0;
}

unsigned int bvm_fdb_learned(const struct bvm_config *cfg,
			     const struct bvm_fdb *fdb, unsigned int slot)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fdb->n; i++) {
		const struct bvm_fdb_entry *e = &fdb->e[i];

		if (e->is_static)
			continue;
		if (slot == BV_MAX_PORTS ||
		    (e->slot == slot && cfg->port[slot].used &&
		     e->ifindex == cfg->port[slot].ifindex))
			n++;
	}
	return n;
}

void bvm_fdb_del(struct bvm_fdb *fdb, uint16_t vid, const uint8_t mac[6])
{
	struct bvm_fdb_entry *e = bvm_fdb_find(fdb, vid, mac);

	if (e)
		*e = fdb->e[--fdb->n];
}

/* Time since the entry was last seen. Signed: an entry stamped after @now
 * was read (by another CPU) is younger than zero, not very old.
 */
static int64_t fdb_age(const struct bvm_fdb_entry *e, uint64_t now)
{
	return (int64_t)(now - e->updated_ns);
}

/* An entry counts until the ageing time has passed; static ones always. */
static bool fdb_live(const struct bvm_config *cfg,
		     const struct bvm_fdb_entry *e, uint64_t now)
{
	return e->is_static || fdb_age(e, now) <= (int64_t)cfg->ageing_ns;
}

/* ---- frame -------------------------------------------------------------- */

struct frame {
	const uint8_t *dst, *src;
	uint16_t outer_type;	/* ethertype after the MACs */
	bool     tagged;	/* outer tag is 802.1Q: the one that classifies */
	uint16_t tci;		/* of an outer tag (802.1Q or 802.1ad) */
	uint16_t next_type;	/* ethertype after an outer tag */
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool is_tag_type(uint16_t type)
{
	return type == BVM_TPID_8021Q || type == BVM_TPID_8021AD;
}

/*
 * Rule: a frame shorter than its Ethernet header, a frame with an outer
 * 802.1Q/802.1ad tag shorter than 20 bytes, or one whose outer 802.1Q tag
 * is followed by another tag and that is shorter than 24 bytes (without the
 * outer tag it would itself be a tagged runt) is a runt.
 */
static bool parse(const uint8_t *b, size_t len, struct frame *f)
{
	if (len < BVM_ETH_HLEN)
		return false;
	f->dst = b;
	f->src = b + 6;
	f->outer_type = be16(b + 12);
	f->tagged = f->outer_type == BVM_TPID_8021Q;
	f->tci = 0;
	f->next_type = 0;
	if (!is_tag_type(f->outer_type))
		return true;
	if (len < BVM_TAGGED_MIN)
		return false;
	f->tci = be16(b + 14);
	f->next_type = be16(b + 16);
	if (f->tagged && is_tag_type(f->next_type) &&
	    len < BVM_TAGGED_MIN + BVM_TAG_LEN)
		return false;
	return true;
}

static bool mac_multicast(const uint8_t *m)
{
	return m[0] & 1;
}

static bool mac_zero(const uint8_t *m)
{
	static const uint8_t zero[6];

	return !memcmp(m, zero, 6);
}

/* IEEE 802.1D reserved group addresses 01:80:c2:00:00:00 .. 0f. */
static bool mac_link_local(const uint8_t *m)
{
	return m[0] == 0x01 && m[1] == 0x80 && m[2] == 0xc2 && m[3] == 0 &&
	       m[4] == 0 && m[5] <= 0x0f;
}

/* ---- rules -------------------------------------------------------------- */

static void drop(struct bvm_result *res, enum bv_drop_reason reason)
{
	res->verdict = BVM_DROP;
	res->reason = reason;
}

/*
 * Classification: port mode + outer 802.1Q tag -> VID (0 = dropped, reason
 * set). An 802.1ad outer tag is payload: such a frame counts as untagged.
 */
static uint16_t classify(const struct bvm_port *in, const struct frame *f,
			 struct bvm_result *res)
{
	uint16_t tag_vid = f->tagged ? (f->tci & 0x0fff) : 0;
	uint16_t vid;

	/* A priority tag (VID 0) in front of an 802.1Q tag: the
	 * double-tagging hop. Dropped on every port.
	 */
	if (f->tagged && tag_vid == 0 && f->next_type == BVM_TPID_8021Q) {
		drop(res, BV_DROP_NESTED_TAG);
		return 0;
	}
	if (in->mode == BV_MODE_ACCESS) {
		/* untagged and priority-tagged: the access VID */
		if (tag_vid) {
			drop(res, BV_DROP_TAGGED_ON_ACCESS);
			return 0;
		}
		vid = in->pvid;
	} else if (tag_vid) {
		vid = tag_vid;			/* trunk, tagged */
	} else if (in->pvid) {
		vid = in->pvid;			/* trunk, untagged: native */
	} else {
		drop(res, BV_DROP_UNTAGGED_NO_NATIVE);
		return 0;
	}
	if (!bvm_is_member(in, vid)) {
		drop(res, BV_DROP_VLAN_NOT_ALLOWED);
		return 0;
	}
	/* PCP/DEI of an incoming tag are kept (priority tag too); an
	 * untagged frame gets PCP 0.
	 */
	res->tci = (f->tagged ? (f->tci & 0xf000) : 0) | vid;
	return vid;
}

/* May port @slot hold one more learned entry (its learn limit)? */
static bool under_limit(const struct bvm_config *cfg,
			const struct bvm_fdb *fdb, unsigned int slot)
{
	uint32_t limit = cfg->port[slot].learn_limit;

	return !limit || bvm_fdb_learned(cfg, fdb, slot) < limit;
}

/* Is there room for one more learned entry? Learning fills at most
 * learn_max of the table; the rest is kept for static entries.
 */
static bool room_to_learn(const struct bvm_config *cfg,
			  const struct bvm_fdb *fdb)
{
	return bvm_fdb_learned(cfg, fdb, BV_MAX_PORTS) < cfg->learn_max &&
	       fdb->n < cfg->fdb_size;
}

/*
 * Learning on key {vid, source MAC}. Returns false if the frame must be
 * dropped (a static MAC of another port). A port at its learn limit
 * learns nothing, neither a new MAC nor one moving to it; a new MAC also
 * needs room. Either way the frame goes on.
 */
static bool learn(const struct bvm_config *cfg, struct bvm_fdb *fdb,
		  unsigned int in_slot, uint16_t vid, const uint8_t *src,
		  uint64_t now, struct bvm_result *res)
{
	const struct bvm_port *in = &cfg->port[in_slot];
	struct bvm_fdb_entry *e = bvm_fdb_find(fdb, vid, src);
	struct bvm_fdb_entry ne = {
		.vid = vid, .ifindex = in->ifindex, .slot = in_slot,
		.updated_ns = now,
	};

	if (e && e->is_static) {
		/* static entries never move and never age */
		if (e->ifindex != in->ifindex) {
			drop(res, BV_DROP_STATIC_MOVE);
			return false;
		}
		res->learn = BVM_LEARN_KEPT;
		return true;
	}
	if (e && e->ifindex == in->ifindex && e->slot == in_slot) {
		/* known here: refresh at most once a second */
		if (fdb_age(e, now) >= (int64_t)REFRESH_NS) {
			e->updated_ns = now;
			res->learn = BVM_LEARN_REFRESHED;
		} else {
			res->learn = BVM_LEARN_KEPT;
		}
		return true;
	}
	memcpy(ne.mac, src, 6);
	if (!under_limit(cfg, fdb, in_slot)) {
		res->learn = BVM_LEARN_LIMIT;
	} else if (e) {
		*e = ne;			/* moved here (or aged elsewhere) */
		res->learn = BVM_LEARN_MOVED;
	} else if (!room_to_learn(cfg, fdb) || bvm_fdb_put(fdb, &ne)) {
		res->learn = BVM_LEARN_FULL;
	} else {
		res->learn = BVM_LEARN_NEW;
	}
	return true;
}

static enum bvm_form form_on(const struct bvm_port *p, uint16_t vid)
{
	return p->pvid == vid ? BVM_UNTAGGED : BVM_TAGGED;
}

static void add_copy(const struct bvm_config *cfg, unsigned int slot,
		     struct bvm_result *res)
{
	struct bvm_copy *c = &res->copy[res->nr_copies++];

	c->slot = slot;
	c->form = form_on(&cfg->port[slot], res->vid);
	c->oversize = false;
}

/*
 * Known unicast: the learned port, while its entry is live, the port still
 * holds that slot and is a member of the VID. Returns the slot, or -1 to
 * flood.
 */
static int known_port(const struct bvm_config *cfg, const struct bvm_fdb *fdb,
		      uint16_t vid, const uint8_t *dst, uint64_t now)
{
	const struct bvm_fdb_entry *e = bvm_fdb_find(fdb, vid, dst);
	const struct bvm_port *p;

	if (mac_multicast(dst) || !e || !fdb_live(cfg, e, now))
		return -1;
	if (e->slot >= BV_MAX_PORTS)
		return -1;
	p = &cfg->port[e->slot];
	if (!p->used || p->ifindex != e->ifindex || !bvm_is_member(p, vid))
		return -1;
	return e->slot;
}

/*
 * Port isolation: nothing goes from an isolated port to another isolated
 * port, unicast or flood; both talk to every port that is not isolated.
 */
static bool isolated_pair(const struct bvm_config *cfg, unsigned int in_slot,
			  unsigned int out_slot)
{
	return cfg->port[in_slot].isolated && cfg->port[out_slot].isolated;
}

static void forward(const struct bvm_config *cfg, const struct bvm_fdb *fdb,
		    unsigned int in_slot, const struct frame *f, uint64_t now,
		    struct bvm_result *res)
{
	int out = known_port(cfg, fdb, res->vid, f->dst, now);
	bool skipped = false;

	if (out >= 0) {
		if ((unsigned int)out == in_slot) {
			drop(res, BV_DROP_HAIRPIN);
			return;
		}
		if (isolated_pair(cfg, in_slot, out)) {
			drop(res, BV_DROP_ISOLATED);
			return;
		}
		res->verdict = BVM_FORWARD;
		add_copy(cfg, out, res);
		return;
	}
	/* Broadcast, multicast, unknown unicast: every other member. */
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (slot == in_slot || !bvm_is_member(&cfg->port[slot], res->vid))
			continue;
		if (isolated_pair(cfg, in_slot, slot))
			skipped = true;
		else
			add_copy(cfg, slot, res);
	}
	if (!res->nr_copies) {
		/* Members there were, but all isolated: a flood that
		 * reached nobody (counted as a flood of its VLAN).
		 */
		res->flood = skipped;
		drop(res, skipped ? BV_DROP_ISOLATED : BV_DROP_NO_EGRESS);
		return;
	}
	res->verdict = BVM_FORWARD;
	res->flood = true;
}

/* ---- allow-ip ------------------------------------------------------------ */

static bool allowed(const struct bvm_port *p, const uint8_t addr[16])
{
	for (unsigned int i = 0; i < p->nr_allow; i++) {
		const struct bvm_prefix *x = &p->allow[i];
		unsigned int bit;

		for (bit = 0; bit < x->plen; bit++)
			if ((addr[bit / 8] ^ x->addr[bit / 8]) & (0x80 >> (bit % 8)))
				break;
		if (bit == x->plen)
			return true;
	}
	return false;
}

static bool allowed4(const struct bvm_port *p, const uint8_t *ip4)
{
	uint8_t a[16] = { [10] = 0xff, [11] = 0xff };

	memcpy(a + 12, ip4, 4);
	return allowed(p, a);
}

static bool all_zero(const uint8_t *b, size_t n)
{
	while (n--)
		if (*b++)
			return false;
	return true;
}

/* Rule: IPv4 needs 24 bytes; its source is allowed, or 0.0.0.0 for a DHCP
 * client: version 4 IHL 5, UDP, to 255.255.255.255, destination port 67.
 */
static uint8_t guard_ipv4(const struct bvm_port *in, const uint8_t *ip,
			  size_t n)
{
	static const uint8_t bcast[4] = { 0xff, 0xff, 0xff, 0xff };

	if (n < 24)
		return BV_DROP_IP_SPOOF;
	if (!all_zero(ip + 12, 4))
		return allowed4(in, ip + 12) ? 0 : BV_DROP_IP_SPOOF;
	if (ip[0] == 0x45 && ip[9] == 17 && !memcmp(ip + 16, bcast, 4) &&
	    be16(ip + 22) == 67)
		return 0;
	return BV_DROP_IP_SPOOF;
}

/* Rule: Ethernet/IPv4 ARP only; sender MAC = frame source; sender IP
 * allowed or 0.0.0.0 (a probe).
 */
static uint8_t guard_arp(const struct bvm_port *in, const struct frame *f,
			 const uint8_t *a, size_t n)
{
	if (n < 28 || be16(a) != 1 || be16(a + 2) != 0x0800 || a[4] != 6 ||
	    a[5] != 4 || memcmp(a + 8, f->src, 6))
		return BV_DROP_ARP_SPOOF;
	if (!all_zero(a + 14, 4) && !allowed4(in, a + 14))
		return BV_DROP_ARP_SPOOF;
	return 0;
}

/* Rule: ND options from @off to @end (offsets in the IPv6 packet @ip of
 * @n bytes): at most 3 looked at, more is a drop; each 8 bytes at least
 * and whole; a source/target link-layer option is one unit holding the
 * frame's source MAC. Options past offset 1024 are not looked for.
 */
static uint8_t guard_nd_opts(const struct frame *f, const uint8_t *ip,
			     size_t n, size_t off, size_t end)
{
	for (int i = 0; i < 3; i++) {
		const uint8_t *o = ip + off;

		if (off >= end)
			return 0;
		if (off > 1024 || off + 8 > n || off + 8 > end || !o[1])
			return BV_DROP_ND_SPOOF;
		if ((o[0] == 1 || o[0] == 2) &&
		    (o[1] != 1 || memcmp(o + 2, f->src, 6)))
			return BV_DROP_ND_SPOOF;
		off += o[1] * 8;
	}
	return off >= end ? 0 : BV_DROP_ND_SPOOF;
}

/*
 * Rule: IPv6 needs 40 bytes; up to two extension headers (0, 43, 60) are
 * skipped to find ICMPv6 (a header starting past offset 512, or cut
 * short, is ip_spoof; a third one, nd_spoof). ICMPv6: RA and redirect
 * are nd_spoof; MLD (130-132, 143) may come from ::; NS/NA need 24 bytes
 * (nd_spoof); from :: only NS with an allowed target (DAD), else
 * ip_spoof; other sources must be allowed
 * (ip_spoof), an NA's target too (nd_spoof); RS/NS/NA options as above.
 * Anything else: an allowed source that is not ::.
 */
static uint8_t guard_ipv6(const struct bvm_port *in, const struct frame *f,
			  const uint8_t *ip, size_t n)
{
	size_t off = 40, end;
	const uint8_t *src = ip + 8, *icmp;
	bool unspec;
	uint8_t nh;

	if (n < 40)
		return BV_DROP_IP_SPOOF;
	unspec = all_zero(src, 16);
	nh = ip[6];
	end = 40 + be16(ip + 4);
	for (int i = 0; i < 2 && (nh == 0 || nh == 43 || nh == 60); i++) {
		if (off > 512 || off + 2 > n)
			return BV_DROP_IP_SPOOF;
		nh = ip[off];
		off += (ip[off + 1] + 1) * 8;
	}
	if (nh == 0 || nh == 43 || nh == 60)
		return BV_DROP_ND_SPOOF;
	if (nh != 58)
		return !unspec && allowed(in, src) ? 0 : BV_DROP_IP_SPOOF;
	if (off > 512 || off + 8 > n)
		return BV_DROP_IP_SPOOF;
	icmp = ip + off;
	if (icmp[0] == 134 || icmp[0] == 137)
		return BV_DROP_ND_SPOOF;
	if (icmp[0] != 135 && icmp[0] != 136) {
		if (unspec && (icmp[0] == 130 || icmp[0] == 131 ||
			       icmp[0] == 132 || icmp[0] == 143))
			return 0;	/* MLD from :: (RFC 3590) */
		if (unspec || !allowed(in, src))
			return BV_DROP_IP_SPOOF;
		return icmp[0] == 133 ? guard_nd_opts(f, ip, n, off + 8, end) : 0;
	}
	if (off + 24 > n)
		return BV_DROP_ND_SPOOF;
	if (unspec) {
		if (icmp[0] != 135)
			return BV_DROP_IP_SPOOF;
		if (!allowed(in, icmp + 8))
			return BV_DROP_ND_SPOOF;
	} else {
		if (!allowed(in, src))
			return BV_DROP_IP_SPOOF;
		if (icmp[0] == 136 && !allowed(in, icmp + 8))
			return BV_DROP_ND_SPOOF;
	}
	return guard_nd_opts(f, ip, n, off + 24, end);
}

/*
 * allow-ip: what the frame says at L3 about its sender is the port's own.
 * L3 starts after the outer 802.1Q tag; a tag there (802.1Q or 802.1ad,
 * which could hide the rest) is ip_spoof; other ethertypes pass.
 */
static uint8_t guard(const struct bvm_port *in, const struct frame *f,
		     const uint8_t *b, size_t len)
{
	size_t l3 = f->tagged ? BVM_ETH_HLEN + BVM_TAG_LEN : BVM_ETH_HLEN;
	uint16_t type = f->tagged ? f->next_type : f->outer_type;

	switch (type) {
	case 0x0800:
		return guard_ipv4(in, b + l3, len - l3);
	case 0x0806:
		return guard_arp(in, f, b + l3, len - l3);
	case 0x86dd:
		return guard_ipv6(in, f, b + l3, len - l3);
	case BVM_TPID_8021Q:
	case BVM_TPID_8021AD:
		return BV_DROP_IP_SPOOF;
	}
	return 0;
}

/*
 * A locked port: a frame goes on only if its source has a static entry
 * on this port (then learning keeps it as it is); else it is dropped and
 * nothing is learned.
 */
static bool locked_src_ok(const struct bvm_fdb *fdb, const struct bvm_port *in,
			  uint16_t vid, const uint8_t *src)
{
	const struct bvm_fdb_entry *e = bvm_fdb_find(fdb, vid, src);

	return e && e->is_static && e->ifindex == in->ifindex;
}

/*
 * The two egress forms. Untagged: the outer 802.1Q tag removed (an 802.1ad
 * outer tag stays, it is payload). Tagged: the outer 802.1Q tag rewritten
 * with the TCI, or one inserted after the MACs.
 */
static void shape(const uint8_t *b, size_t len, const struct frame *f,
		  struct bvm_result *res)
{
	uint8_t *u = res->bytes[BVM_UNTAGGED], *t = res->bytes[BVM_TAGGED];

	if (f->tagged) {
		memcpy(u, b, 12);
		memcpy(u + 12, b + 16, len - 16);
		res->len[BVM_UNTAGGED] = len - 4;
		memcpy(t, b, len);
		res->len[BVM_TAGGED] = len;
	} else {
		memcpy(u, b, len);
		res->len[BVM_UNTAGGED] = len;
		memcpy(t, b, 12);
		memcpy(t + 16, b + 12, len - 12);
		res->len[BVM_TAGGED] = len + 4;
	}
	t[12] = BVM_TPID_8021Q >> 8;
	t[13] = BVM_TPID_8021Q & 0xff;
	t[14] = res->tci >> 8;
	t[15] = res->tci & 0xff;
}

uint32_t bvm_copy_len(const struct bvm_result *res, const struct bvm_copy *c)
{
	return res->len[c->form];
}

/*
 * MTU: a copy is too large if, without its outermost tag (802.1Q or
 * 802.1ad, which the kernel keeps out of the length it checks), it exceeds
 * the port's MTU plus the Ethernet header.
 */
static bool fits(const struct bvm_port *p, const uint8_t *b, uint32_t len)
{
	uint32_t l2 = len;

	if (len >= BVM_ETH_HLEN + BVM_TAG_LEN && is_tag_type(be16(b + 12)))
		l2 -= BVM_TAG_LEN;
	return l2 <= p->mtu + BVM_ETH_HLEN;
}

void bvm_switch(const struct bvm_config *cfg, struct bvm_fdb *fdb,
		unsigned int in_slot, const uint8_t *frame, size_t len,
		uint64_t now, struct bvm_result *res)
{
	const struct bvm_port *in = &cfg->port[in_slot];
	struct frame f;

	res->verdict = BVM_DROP;
	res->reason = 0;
	res->learn = BVM_LEARN_NONE;
	res->flood = false;
	res->vid = res->tci = 0;
	res->nr_copies = 0;
	res->len[0] = res->len[1] = 0;

	if (len > BVM_FRAME_MAX || !parse(frame, len, &f)) {
		drop(res, BV_DROP_RUNT);
		return;
	}
	if (mac_multicast(f.src) || mac_zero(f.src)) {
		drop(res, BV_DROP_BAD_SRC);
		return;
	}
	if (mac_link_local(f.dst)) {
		res->verdict = BVM_TO_HOST;
		res->reason = BV_DROP_LINK_LOCAL;
		return;
	}
	res->vid = classify(in, &f, res);
	if (!res->vid)
		return;
	if (in->locked && !locked_src_ok(fdb, in, res->vid, f.src)) {
		drop(res, BV_DROP_LOCKED_SRC);
		return;
	}
	if (in->nr_allow) {
		uint8_t why = guard(in, &f, frame, len);

		if (why) {
			drop(res, why);
			return;
		}
	}
	if (!learn(cfg, fdb, in_slot, res->vid, f.src, now, res))
		return;
	forward(cfg, fdb, in_slot, &f, now, res);
	if (res->verdict != BVM_FORWARD)
		return;
	shape(frame, len, &f, res);
	for (unsigned int i = 0; i < res->nr_copies; i++) {
		struct bvm_copy *c = &res->copy[i];

		c->oversize = !fits(&cfg->port[c->slot], res->bytes[c->form],
				    res->len[c->form]);
	}
}

/*
 * Counting: every frame is received (rx) on its ingress port; a drop or a
 * frame to the host counts its reason there; each copy that leaves counts
 * tx (bytes as on the wire) on its port, a copy too large counts oversize
 * on its port. A source not learned (FDB full, port at its learn limit)
 * counts an event on the ingress port.
 */
void bvm_account(const struct bvm_result *res, unsigned int in_slot,
		 size_t len, struct bvm_stats *stats)
{
	struct bvm_stats *in = &stats[in_slot];

	in->rx_packets++;
	in->rx_bytes += len;
	if (res->learn == BVM_LEARN_FULL)
		in->events[BV_EV_FDB_FULL]++;
	if (res->learn == BVM_LEARN_LIMIT)
		in->events[BV_EV_LEARN_LIMIT]++;
	if (res->verdict != BVM_FORWARD) {
		in->drops[res->reason]++;
		return;
	}
	for (unsigned int i = 0; i < res->nr_copies; i++) {
		const struct bvm_copy *c = &res->copy[i];
		struct bvm_stats *out = &stats[c->slot];

		if (c->oversize) {
			out->drops[BV_DROP_OVERSIZE]++;
			continue;
		}
		out->tx_packets++;
		out->tx_bytes += bvm_copy_len(res, c);
	}
}

/*
 * Per VLAN: a frame counts (rx, and flooded or not) in the VLAN it was
 * classified into, and nowhere before classification; a drop decided after
 * classification counts its reason there, each oversize copy one oversize.
 */
void bvm_account_vlan(const struct bvm_result *res, size_t len,
		      struct bvm_vlan_stats *v)
{
	if (!res->vid)
		return;
	v->rx_packets++;
	v->rx_bytes += len;
	if (res->flood)
		v->flood_packets++;
	if (res->verdict != BVM_FORWARD) {
		if (res->reason >= BV_DROP_FIRST_CLASSIFIED)
			v->drops[res->reason - BV_DROP_FIRST_CLASSIFIED]++;
		return;
	}
	for (unsigned int i = 0; i < res->nr_copies; i++)
		if (res->copy[i].oversize)
			v->drops[BV_DROP_OVERSIZE - BV_DROP_FIRST_CLASSIFIED]++;
}

const char *bvm_verdict_name(unsigned int verdict)
{
	switch (verdict) {
	case BVM_DROP:		return "drop";
	case BVM_TO_HOST:	return "to_host";
	case BVM_FORWARD:	return "forward";
	default:		return "?";
	}
}
