// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Packet tests: the real XDP and TC programs run with BPF_PROG_TEST_RUN on
 * a fixed bridge, one table row per rule of DESIGN §2. Each row gives a
 * frame, the FDB before it, and by hand: the verdict and drop reason, each
 * port a copy leaves on with its outer tag, and the source's FDB entry
 * after. Each row runs on three attachments of the same bridge:
 *   mixed    - XDP everywhere; every port but A2 takes XDP frames, so
 *              VLAN 1 floods and unicast to A2 or S2 go XDP -> TC
 *   xdp->tc  - XDP everywhere, no port takes XDP frames: forwards go to TC
 *   tc       - TC only (attach mode tc): frames reach TC with the outer tag
 *              in skb metadata
 * Besides the row's own expectations, every row is compared with the
 * reference model (bytes, every counter of every port and of the frame's
 * VLAN, FDB entry), no other port or VLAN may count anything, and the
 * drop reasons are asserted in the bridge's counters (bv_stats).
 *
 * Root only; exits 4 (skip) otherwise. Output: "TEST: ... [ OK ]" lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bv_test.skel.h"
#include "bpfvlan/iplist.h"
#include "harness.h"
#include "mirror_pkt.h"

/* The tables leave trailing fields out: zero means "none" in each. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define SEC_NS		1000000000ULL
#define AGEING_NS	(300 * SEC_NS)
#define FDB_SIZE	64
#define MAX_OUT		8
#define MAX_PRE		4

/* ---- the bridge ----------------------------------------------------------- */

struct port_def {
	const char *name;
	unsigned int slot;
	uint8_t mode;
	uint16_t pvid;
	uint16_t vids[4];	/* trunk members besides the native VID */
	unsigned int mtu;
	bool no_xdp_tx;		/* in the "mixed" attachment */
	unsigned int learn_limit;
};

/* Slots are scattered on purpose: bitmap words 0, 1, 2, 3, 4, 7. */
static const struct port_def ports[] = {
	{ "A1", 0,   BV_MODE_ACCESS, 1 },
	{ "A2", 1,   BV_MODE_ACCESS, 1, .no_xdp_tx = true },
	{ "F1", 63,  BV_MODE_ACCESS, 4011 },
	{ "F2", 64,  BV_MODE_ACCESS, 4011 },
	{ "M1", 65,  BV_MODE_ACCESS, 4094 },
	{ "M2", 66,  BV_MODE_ACCESS, 4094 },
	{ "T1", 130, BV_MODE_TRUNK,  0,    { 1, 4011, 4094 } },
	{ "T2", 200, BV_MODE_TRUNK,  1,    { 4011, 4094 }, .mtu = 9000 },
	{ "T3", 511, BV_MODE_TRUNK,  4094, { 4011 } },
	{ "S1", 300, BV_MODE_ACCESS, 5 },
	{ "S2", 301, BV_MODE_ACCESS, 6, .mtu = 1400 },
	{ "S3", 302, BV_MODE_ACCESS, 6, .learn_limit = 2 },
};
#define NR_PORTS	(sizeof(ports) / sizeof(ports[0]))

enum flavor { MIXED, XDP_TO_TC, TC_ONLY, NR_FLAVORS };
static const char *const flavor_name[] = { "mixed", "xdp->tc", "tc" };

static unsigned int slot_of(const char *name)
{
	for (size_t i = 0; i < NR_PORTS; i++)
		if (!strcmp(ports[i].name, name))
			return ports[i].slot;
	fprintf(stderr, "test table: no port %s\n", name);
	abort();
}

/* ---- frames --------------------------------------------------------------- */

enum mac_name { NO_MAC, H1, H2, H3, H4, H5, H6, BCAST, MCAST, LL00, LL0E,
		LL10, ZERO, SRC_MC };

static void mac_of(enum mac_name m, uint8_t mac[6])
{
	static const uint8_t macs[][6] = {
		[H1]	= { 0x02, 0, 0, 0, 0, 0x01 },
		[H2]	= { 0x02, 0, 0, 0, 0, 0x02 },
		[H3]	= { 0x02, 0, 0, 0, 0, 0x03 },
		[H4]	= { 0x02, 0, 0, 0, 0, 0x04 },
		[H5]	= { 0x02, 0, 0, 0, 0, 0x05 },
		[H6]	= { 0x02, 0, 0, 0, 0, 0x06 },
		[BCAST]	= { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		[MCAST]	= { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		[LL00]	= { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 },
		[LL0E]	= { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e },
		[LL10]	= { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x10 },
		[ZERO]	= { 0 },
		[SRC_MC] = { 0x03, 0, 0, 0, 0, 0x01 },
	};

	memcpy(mac, macs[m], 6);
}

struct tag {
	uint16_t tpid;
	uint16_t tci;
};

#define Q(pcp, vid)	{ 0x8100, (uint16_t)((pcp) << 13 | (vid)) }
#define QD(pcp, vid)	{ 0x8100, (uint16_t)((pcp) << 13 | 1 << 12 | (vid)) }
#define AD(vid)		{ 0x88a8, (vid) }

struct frame_def {
	enum mac_name dst, src;
	struct tag tags[3];	/* outermost first; tpid 0 ends the list */
	unsigned int len;	/* total; 0 = 64; shorter cuts the frame */
	uint16_t type;		/* ethertype after the tags; 0 = 0x88b5 */
	uint8_t proto;		/* IPv4 protocol / IPv6 next header */
	const char *l3;		/* hex of the bytes after the ethertype */
};

/* Build: MACs, tags, ethertype (0x88b5 unless set), a counting payload
 * (with the IP protocol byte in place for IPv4/IPv6), cut to len.
 */
static size_t build(const struct frame_def *f, const struct tag *outer,
		    bool drop_outer, uint8_t *b)
{
	size_t n = 12, want = f->len ? f->len : 64, i = 0, l3;

	mac_of(f->dst, b);
	mac_of(f->src, b + 6);
	if (outer && outer->tpid) {
		b[n++] = outer->tpid >> 8;
		b[n++] = outer->tpid & 0xff;
		b[n++] = outer->tci >> 8;
		b[n++] = outer->tci & 0xff;
	}
	if (drop_outer && f->tags[0].tpid == 0x8100)
		i = 1;
	for (; i < 3 && f->tags[i].tpid; i++) {
		b[n++] = f->tags[i].tpid >> 8;
		b[n++] = f->tags[i].tpid & 0xff;
		b[n++] = f->tags[i].tci >> 8;
		b[n++] = f->tags[i].tci & 0xff;
	}
	b[n++] = (f->type ? f->type : 0x88b5) >> 8;
	b[n++] = (f->type ? f->type : 0x88b5) & 0xff;
	l3 = n;
	if (f->l3)
		n += bvh_unhex(f->l3, b + n, BVH_BUF_MAX - n);
	/* The expected form of a cut frame is cut by as much. */
	if (drop_outer && f->tags[0].tpid == 0x8100)
		want -= 4;
	if (outer && outer->tpid)
		want += 4;
	for (uint8_t v = 0; n < want; v++)
		b[n++] = v;
	if (f->type == 0x0800 && l3 + 9 < n && !f->l3)
		b[l3 + 9] = f->proto;
	if (f->type == 0x86dd && l3 + 6 < n && !f->l3)
		b[l3 + 6] = f->proto;
	return want < n ? want : n;
}

/* ---- the table -------------------------------------------------------------- */

enum pre_kind { P_FRESH, P_OLD, P_AGED, P_STATIC, P_STALE };

struct pre {
	enum mac_name mac;
	uint16_t vid;
	const char *port;
	enum pre_kind kind;
};

enum verdict { V_FWD, V_DROP, V_HOST, V_NONE };

struct out {
	const char *port;
	int tci;		/* outer 802.1Q tag leaving; -1: untagged */
	bool oversize;		/* dropped as too large, counted on the port */
};

enum after { A_ANY, A_ABSENT, A_ON, A_KEPT, A_REFRESHED };

struct row {
	const char *name;
	const char *in;
	struct frame_def f;
	struct pre pre[MAX_PRE];
	enum verdict verdict;
	uint8_t reason;
	struct out out[MAX_OUT];
	bool xdp_mixed;		/* the mixed attachment forwards in XDP */
	enum after after;	/* the source's entry {VID, src} after */
	const char *after_port;
	uint16_t vid;		/* VID of that entry */
	bool fill_fdb;		/* fill the FDB up before the frame */
	bool fill_learned;	/* learned entries up to the learning bound */
	bool limited;		/* the ingress port is at its learn limit */
	/* Port security for this row only (`port set DEV isolated on`,
	 * `locked on`), taken off again after it.
	 */
	const char *isolated[6];
	const char *locked[2];
	struct { const char *port, *list; } allow;	/* allow-ip */
	bool tc_drop;		/* a drop TC decides (XDP hands it over) */
};

#define UNTAG		-1
#define T(pcp, vid)	((pcp) << 13 | (vid))

/* L3 bodies for the allow-ip rows. */
#define ALLOW_F1	"192.0.2.1,2001:db8::1,fe80::1"
#define IP4_ICMP(src)	"4500003200004000400100" "00" src "c0000202"
#define ARP(sha, spa)	"0001080006040001" sha spa "000000000000c0000202"
#define LL1		"fe800000000000000000000000000001"
#define IP6(plen, nh, src) "60000000" plen nh "ff" src "ff020000000000000000000000000001"
#define NA(target)	"8800000020000000" target
#define NS(target)	"8700000000000000" target

static const struct row rows[] = {
	/* --- access ports --- */
	{ .name = "access: untagged VID 1 floods to VLAN 1 only",
	  .in = "A1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "A2", UNTAG }, { "T1", T(0, 1) }, { "T2", UNTAG } },
	  .after = A_ON, .after_port = "A1", .vid = 1 },
	{ .name = "access: untagged VID 4011 floods, tagged 0xFAB on trunks",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "access: untagged VID 4094 floods, untagged on native trunk T3",
	  .in = "M1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "M2", UNTAG }, { "T1", T(0, 4094) }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "access: priority tag -> access VID, PCP 5 kept on trunks",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .tags = { Q(5, 0) } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(5, 4011) }, { "T2", T(5, 4011) },
		   { "T3", T(5, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "access: priority tag with DEI, PCP 7: both kept",
	  .in = "M1", .f = { .dst = BCAST, .src = H1, .tags = { QD(7, 0) } },
	  .verdict = V_FWD,
	  .out = { { "M2", UNTAG }, { "T1", T(7, 4094) | 1 << 12 },
		   { "T2", T(7, 4094) | 1 << 12 }, { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "access: tagged VID 20 dropped (tagged_on_access)",
	  .in = "A1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 20) } },
	  .verdict = V_DROP, .reason = BV_DROP_TAGGED_ON_ACCESS,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "access: tagged with its own VID 4011 dropped",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_TAGGED_ON_ACCESS,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011 },
	{ .name = "access: double tag 1/4011 dropped (no VLAN hopping)",
	  .in = "A1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 1), Q(0, 4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_TAGGED_ON_ACCESS,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "access: priority tag + inner 4011 dropped (nested_tag)",
	  .in = "A1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 0), Q(0, 4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_NESTED_TAG,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "access: 802.1ad outer tag is untagged, kept as payload",
	  .in = "A1", .f = { .dst = BCAST, .src = H1, .tags = { AD(4011) } },
	  .verdict = V_FWD,
	  .out = { { "A2", UNTAG }, { "T1", T(0, 1) }, { "T2", UNTAG } },
	  .after = A_ON, .after_port = "A1", .vid = 1 },
	{ .name = "access: 802.1ad + inner 802.1Q 4094 stays in VLAN 4011",
	  .in = "F1",
	  .f = { .dst = BCAST, .src = H1, .tags = { AD(100), Q(0, 4094) } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "access: priority tag + inner 802.1ad is not nested",
	  .in = "F1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(3, 0), AD(5) } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(3, 4011) }, { "T2", T(3, 4011) },
		   { "T3", T(3, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	/* --- trunk ports --- */
	{ .name = "trunk: tagged 4011 (listed) -> VLAN 4011",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(2, 4011) } },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(2, 4011) },
		   { "T3", T(2, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "trunk: tagged 4094 -> VLAN 4094, native on T3 untagged",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4094) } },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4094 },
	{ .name = "trunk: tagged 1 (listed, not native) -> VLAN 1",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(6, 1) } },
	  .verdict = V_FWD,
	  .out = { { "A1", UNTAG }, { "A2", UNTAG }, { "T2", UNTAG } },
	  .after = A_ON, .after_port = "T1", .vid = 1 },
	{ .name = "trunk: tagged VID 20 not listed dropped (vlan_not_allowed)",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 20) } },
	  .verdict = V_DROP, .reason = BV_DROP_VLAN_NOT_ALLOWED,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 20 },
	{ .name = "trunk: VID 4095 never allowed",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4095) } },
	  .verdict = V_DROP, .reason = BV_DROP_VLAN_NOT_ALLOWED,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4095 },
	{ .name = "trunk: VID 5 of another port's VLAN not allowed",
	  .in = "T2", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 5) } },
	  .verdict = V_DROP, .reason = BV_DROP_VLAN_NOT_ALLOWED,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 5 },
	{ .name = "trunk: untagged without native dropped",
	  .in = "T1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_DROP, .reason = BV_DROP_UNTAGGED_NO_NATIVE,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "trunk: priority tag without native dropped",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(4, 0) } },
	  .verdict = V_DROP, .reason = BV_DROP_UNTAGGED_NO_NATIVE,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "trunk: untagged -> native VID 1",
	  .in = "T2", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "A1", UNTAG }, { "A2", UNTAG }, { "T1", T(0, 1) } },
	  .after = A_ON, .after_port = "T2", .vid = 1 },
	{ .name = "trunk: untagged -> native VID 4094",
	  .in = "T3", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T1", T(0, 4094) },
		   { "T2", T(0, 4094) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T3", .vid = 4094 },
	{ .name = "trunk: tagged with the native VID accepted",
	  .in = "T3", .f = { .dst = BCAST, .src = H1, .tags = { Q(1, 4094) } },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T1", T(1, 4094) },
		   { "T2", T(1, 4094) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T3", .vid = 4094 },
	{ .name = "trunk: priority tag -> native, PCP kept",
	  .in = "T3", .f = { .dst = BCAST, .src = H1, .tags = { Q(7, 0) } },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T1", T(7, 4094) },
		   { "T2", T(7, 4094) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T3", .vid = 4094 },
	{ .name = "trunk: inner tag is payload, not re-classified",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011), Q(0, 4094) } },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "trunk: 802.1ad outer -> native 4094, tagged copies 8100+88a8",
	  .in = "T3", .f = { .dst = BCAST, .src = H1, .tags = { AD(4011) } },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T1", T(0, 4094) },
		   { "T2", T(0, 4094) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T3", .vid = 4094 },
	{ .name = "trunk: 802.1ad outer on a trunk without native dropped",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { AD(4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_UNTAGGED_NO_NATIVE,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "trunk: priority tag + inner 802.1Q dropped (nested_tag)",
	  .in = "T2",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 0), Q(0, 4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_NESTED_TAG,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	/* --- sources and link-local --- */
	{ .name = "source broadcast dropped (bad_src)",
	  .in = "A1", .f = { .dst = H2, .src = BCAST },
	  .verdict = V_DROP, .reason = BV_DROP_BAD_SRC,
	  .xdp_mixed = true, .after = A_ANY },
	{ .name = "source multicast dropped (bad_src)",
	  .in = "T1", .f = { .dst = H2, .src = SRC_MC, .tags = { Q(0, 4011) } },
	  .verdict = V_DROP, .reason = BV_DROP_BAD_SRC,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011 },
	{ .name = "source zero dropped (bad_src)",
	  .in = "F1", .f = { .dst = BCAST, .src = ZERO },
	  .verdict = V_DROP, .reason = BV_DROP_BAD_SRC,
	  .xdp_mixed = true, .after = A_ANY },
	{ .name = "link-local 01:80:c2:00:00:00 to host, not forwarded",
	  .in = "A1", .f = { .dst = LL00, .src = H1 },
	  .verdict = V_HOST, .reason = BV_DROP_LINK_LOCAL,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "link-local 01:80:c2:00:00:0e tagged on trunk to host",
	  .in = "T1", .f = { .dst = LL0E, .src = H1, .tags = { Q(0, 4011) } },
	  .verdict = V_HOST, .reason = BV_DROP_LINK_LOCAL,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011 },
	{ .name = "01:80:c2:00:00:10 is not link-local: flooded",
	  .in = "F1", .f = { .dst = LL10, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	/* --- forwarding --- */
	{ .name = "multicast floods",
	  .in = "M1", .f = { .dst = MCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "M2", UNTAG }, { "T1", T(0, 4094) }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "unknown unicast floods",
	  .in = "F2", .f = { .dst = H2, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F2", .vid = 4011 },
	{ .name = "known unicast to an access port only, untagged",
	  .in = "T1", .f = { .dst = H2, .src = H1, .tags = { Q(0, 4011) } },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "known unicast to a trunk only, tagged 0xFAB",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "T2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T2", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "known unicast trunk to trunk, tag and PCP unchanged",
	  .in = "T1", .f = { .dst = H2, .src = H1, .tags = { Q(6, 4094) } },
	  .pre = { { H2, 4094, "T2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T2", T(6, 4094) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4094 },
	{ .name = "known unicast to native trunk leaves untagged",
	  .in = "T1", .f = { .dst = H2, .src = H1, .tags = { Q(2, 4094) } },
	  .pre = { { H2, 4094, "T3", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4094 },
	{ .name = "known unicast per VLAN: same MAC in VLAN 1 is another entry",
	  .in = "T1", .f = { .dst = H2, .src = H1, .tags = { Q(0, 1) } },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "A1", UNTAG }, { "A2", UNTAG }, { "T2", UNTAG } },
	  .after = A_ON, .after_port = "T1", .vid = 1 },
	/* --- checksums a local sender left to offload (BV_PORT_F_LOCAL_CSUM) --- */
	{ .name = "local port: IPv4/TCP unicast goes XDP -> TC",
	  .in = "F1", .f = { .dst = H2, .src = H1, .type = 0x0800, .proto = 6 },
	  .pre = { { H2, 4011, "T2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T2", T(0, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "local port: IPv4/ICMP unicast stays in XDP",
	  .in = "F1", .f = { .dst = H2, .src = H1, .type = 0x0800, .proto = 1 },
	  .pre = { { H2, 4011, "T2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T2", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "local port: IPv6/UDP broadcast goes XDP -> TC",
	  .in = "M1",
	  .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .proto = 17 },
	  .verdict = V_FWD,
	  .out = { { "M2", UNTAG }, { "T1", T(0, 4094) }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "local port: ICMPv6 broadcast stays in XDP",
	  .in = "M1",
	  .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .proto = 58 },
	  .verdict = V_FWD,
	  .out = { { "M2", UNTAG }, { "T1", T(0, 4094) }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "local port: priority-tagged IPv4/UDP goes XDP -> TC",
	  .in = "F1",
	  .f = { .dst = H2, .src = H1, .tags = { Q(3, 0) }, .type = 0x0800,
		 .proto = 17 },
	  .pre = { { H2, 4011, "T2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "T2", T(3, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "wire port: tagged IPv4/TCP stays in XDP",
	  .in = "T1",
	  .f = { .dst = H2, .src = H1, .tags = { Q(0, 4011) }, .type = 0x0800,
		 .proto = 6 },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "unicast to a port not taking XDP goes XDP -> TC",
	  .in = "A1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 1, "A2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "A2", UNTAG } },
	  .after = A_ON, .after_port = "A1", .vid = 1 },
	{ .name = "unicast to a learned port no longer a member floods",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "M1", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "unicast to a stale slot (other ifindex) floods",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "F2", P_STALE } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "unicast to an aged entry floods",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "F2", P_AGED } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "unicast to a static entry (never ages)",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "T3", P_STATIC } },
	  .verdict = V_FWD,
	  .out = { { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "hairpin: destination on the ingress port dropped",
	  .in = "T2", .f = { .dst = H2, .src = H1, .tags = { Q(0, 4011) } },
	  .pre = { { H2, 4011, "T2", P_FRESH } },
	  .verdict = V_DROP, .reason = BV_DROP_HAIRPIN,
	  .xdp_mixed = true, .after = A_ON, .after_port = "T2", .vid = 4011 },
	{ .name = "hairpin: frame to its own source MAC",
	  .in = "F1", .f = { .dst = H1, .src = H1 },
	  .verdict = V_DROP, .reason = BV_DROP_HAIRPIN,
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "no other member in the VLAN: no_egress",
	  .in = "S1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_DROP, .reason = BV_DROP_NO_EGRESS,
	  .xdp_mixed = true, .after = A_ON, .after_port = "S1", .vid = 5 },
	/* --- learning --- */
	{ .name = "learning: a MAC moves to the port it is seen on",
	  .in = "F2", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F2", .vid = 4011 },
	{ .name = "learning: seen again within 1 s: timestamp kept",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "learning: seen again after 2 s: timestamp refreshed",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_OLD } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_REFRESHED, .after_port = "F1",
	  .vid = 4011 },
	{ .name = "static MAC spoofed from another port dropped (static_move)",
	  .in = "F2", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_STATIC } },
	  .verdict = V_DROP, .reason = BV_DROP_STATIC_MOVE,
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "static MAC spoofed from a trunk dropped",
	  .in = "T1", .f = { .dst = H3, .src = H1, .tags = { Q(0, 4011) } },
	  .pre = { { H1, 4011, "F1", P_STATIC } },
	  .verdict = V_DROP, .reason = BV_DROP_STATIC_MOVE,
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "static MAC from its own port forwarded, entry kept",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_STATIC } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "static MAC of VLAN 4011 is free in VLAN 4094",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4094) } },
	  .pre = { { H1, 4011, "F1", P_STATIC } },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T2", T(0, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4094 },
	{ .name = "FDB full: source not learned, frame flooded, fdb_full counted",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011, .fill_fdb = true },
	{ .name = "FDB full: a known MAC still moves (no room needed)",
	  .in = "F2", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F2", .vid = 4011,
	  .fill_fdb = true },
	{ .name = "FDB: learning stops short of the static reserve (fdb_full)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011,
	  .fill_learned = true },
	{ .name = "FDB: at the learning bound a known MAC still moves",
	  .in = "F2", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F2", .vid = 4011,
	  .fill_learned = true },
	/* --- learn-limit (S3: 2) --- */
	{ .name = "learn-limit: a 3rd MAC on a port holding 2: forwarded, not learned",
	  .in = "S3", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H2, 6, "S3", P_FRESH }, { H3, 6, "S3", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG } },
	  .after = A_ABSENT, .vid = 6, .limited = true },
	{ .name = "learn-limit: a port at its limit still refreshes its MACs",
	  .in = "S3", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 6, "S3", P_OLD }, { H2, 6, "S3", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG } },
	  .after = A_REFRESHED, .after_port = "S3", .vid = 6 },
	{ .name = "learn-limit: a MAC moving to a port at its limit stays put",
	  .in = "S3", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 6, "S2", P_FRESH }, { H2, 6, "S3", P_FRESH },
		   { H3, 6, "S3", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG } },
	  .after = A_KEPT, .after_port = "S2", .vid = 6, .limited = true },
	{ .name = "learn-limit: entries of other ports, stale ones, do not count",
	  .in = "S3", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H2, 6, "S2", P_FRESH }, { H3, 6, "S3", P_STALE },
		   { H4, 6, "S3", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG } },
	  .after = A_ON, .after_port = "S3", .vid = 6 },
	/* --- port security: isolated (the Linux bridge's isolated on) --- */
	{ .name = "isolated: unicast between two isolated ports dropped",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .isolated = { "F1", "F2" },
	  .verdict = V_DROP, .reason = BV_DROP_ISOLATED,
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "isolated: priority-tagged unicast to an isolated port dropped",
	  .in = "F1", .f = { .dst = H2, .src = H1, .tags = { Q(5, 0) } },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .isolated = { "F1", "F2" },
	  .verdict = V_DROP, .reason = BV_DROP_ISOLATED,
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "isolated: flood from an isolated port skips isolated ones",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .isolated = { "F1", "F2" },
	  .verdict = V_FWD,
	  .out = { { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "isolated: isolated port to the uplink (known unicast)",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "T1", P_FRESH } },
	  .isolated = { "F1", "F2" },
	  .verdict = V_FWD, .out = { { "T1", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "isolated: uplink to an isolated port (known unicast)",
	  .in = "T1", .f = { .dst = H2, .src = H1, .tags = { Q(3, 4011) } },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .isolated = { "F1", "F2" },
	  .verdict = V_FWD, .out = { { "F2", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "isolated: uplink flood reaches every isolated port (XDP)",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) } },
	  .isolated = { "F1", "F2" },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "isolated: one isolated port, one not: they talk",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .isolated = { "F1" },
	  .verdict = V_FWD, .out = { { "F2", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "isolated: VID 4094 flood with only isolated members dropped",
	  .in = "M1", .f = { .dst = BCAST, .src = H1 },
	  .isolated = { "M1", "M2", "T1", "T2", "T3" },
	  .verdict = V_DROP, .reason = BV_DROP_ISOLATED, .tc_drop = true,
	  .after = A_ON, .after_port = "M1", .vid = 4094 },
	{ .name = "isolated: VID 4094 priority-tagged flood, PCP kept on trunks",
	  .in = "M1", .f = { .dst = BCAST, .src = H1, .tags = { Q(6, 0) } },
	  .isolated = { "M1", "M2", "T3" },
	  .verdict = V_FWD,
	  .out = { { "T1", T(6, 4094) }, { "T2", T(6, 4094) } },
	  .after = A_ON, .after_port = "M1", .vid = 4094 },
	/* --- port security: locked (only static sources, no learning) --- */
	{ .name = "locked: a source with a static entry on the port floods",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_STATIC } },
	  .locked = { "F1" },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "locked: a source without a static entry: dropped, not learned",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .locked = { "F1" },
	  .verdict = V_DROP, .reason = BV_DROP_LOCKED_SRC,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "locked: a learned entry on the port is not enough",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_OLD }, { H2, 4011, "F2", P_FRESH } },
	  .locked = { "F1" },
	  .verdict = V_DROP, .reason = BV_DROP_LOCKED_SRC,
	  .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	{ .name = "locked: a static entry on another port is not the port's",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .pre = { { H1, 4011, "F2", P_STATIC } },
	  .locked = { "F1" },
	  .verdict = V_DROP, .reason = BV_DROP_LOCKED_SRC,
	  .after = A_KEPT, .after_port = "F2", .vid = 4011 },
	{ .name = "locked: static entry of another VLAN does not count",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4094) } },
	  .pre = { { H1, 4011, "T1", P_STATIC } },
	  .locked = { "T1" },
	  .verdict = V_DROP, .reason = BV_DROP_LOCKED_SRC,
	  .after = A_ABSENT, .vid = 4094 },
	{ .name = "locked: VID 4094 priority-tagged on a locked trunk, static",
	  .in = "T3", .f = { .dst = BCAST, .src = H1, .tags = { Q(3, 0) } },
	  .pre = { { H1, 4094, "T3", P_STATIC } },
	  .locked = { "T3" },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T1", T(3, 4094) },
		   { "T2", T(3, 4094) } },
	  .xdp_mixed = true, .after = A_KEPT, .after_port = "T3", .vid = 4094 },
	{ .name = "locked + isolated: static source, unicast to an isolated port",
	  .in = "F1", .f = { .dst = H2, .src = H1 },
	  .pre = { { H1, 4011, "F1", P_STATIC }, { H2, 4011, "F2", P_FRESH } },
	  .locked = { "F1" }, .isolated = { "F1", "F2" },
	  .verdict = V_DROP, .reason = BV_DROP_ISOLATED,
	  .after = A_KEPT, .after_port = "F1", .vid = 4011 },
	/* --- port security: allow-ip (F1: 192.0.2.1, 2001:db8::1, fe80::1) --- */
	{ .name = "allow-ip: IPv4 from its own address floods",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0800,
			     .l3 = IP4_ICMP("c0000201") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: IPv4 from another address (ip_spoof), not learned",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0800,
			     .l3 = IP4_ICMP("c00002fe") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: priority-tagged IPv4 spoof dropped",
	  .in = "F1", .f = { .dst = H2, .src = H1, .tags = { Q(5, 0) },
			     .type = 0x0800, .l3 = IP4_ICMP("0a000001") },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: DHCP discover from 0.0.0.0 passes",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0800,
			     .l3 = "45000148000000004011000000000000ffffffff"
				   "0044004301340000" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: 0.0.0.0 to anything but DHCP (ip_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0800,
			     .l3 = "45000148000000004011000000000000c0000202"
				   "0044004301340000" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: ARP from its own IP and MAC floods",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0806,
			     .l3 = ARP("020000000001", "c0000201") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: gratuitous ARP for the gateway's IP (arp_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0806,
			     .l3 = ARP("020000000001", "c00002fe") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ARP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: ARP whose sender MAC is not the source (arp_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0806,
			     .l3 = ARP("020000000009", "c0000201") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ARP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: ARP probe from 0.0.0.0 passes",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x0806,
			     .l3 = ARP("020000000001", "00000000") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: IPv6 UDP from another address (ip_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd,
			     .l3 = IP6("0008", "11", "20010db8000000000000000000000002")
				   "0035003500080000" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: IPv6 UDP from its own address floods",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd,
			     .l3 = IP6("0008", "11", "20010db8000000000000000000000001")
				   "0035003500080000" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: NA for its own address, its own MAC, floods",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 90,
			     .l3 = IP6("0020", "3a", LL1)
				   NA("20010db8000000000000000000000001")
				   "0201020000000001" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: NA for another address (nd_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 90,
			     .l3 = IP6("0020", "3a", LL1)
				   NA("20010db80000000000000000000000fe")
				   "0201020000000001" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ND_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: NA with another MAC in its option (nd_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 90,
			     .l3 = IP6("0020", "3a", LL1)
				   NA("20010db8000000000000000000000001")
				   "0201020000000009" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ND_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: NA behind a hop-by-hop header checked (nd_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 98,
			     .l3 = IP6("0028", "00", LL1) "3a00050200000100"
				   NA("20010db80000000000000000000000fe") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ND_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: DAD from :: for its own address passes",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 80,
			     .l3 = IP6("0018", "3a", "00000000000000000000000000000000")
				   NS("20010db8000000000000000000000001") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: DAD from :: for another address (nd_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 80,
			     .l3 = IP6("0018", "3a", "00000000000000000000000000000000")
				   NS("20010db80000000000000000000000fe") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ND_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: MLDv2 report from :: (behind hop-by-hop) passes",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 90,
			     .l3 = IP6("0024", "00", "00000000000000000000000000000000")
				   "3a00050200000100" "8f00000000000001"
				   "04000000ff020000000000000000000000000016" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,	/* XDP -> TC: next header 0 is no ICMPv6 to it */
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: ICMPv6 echo from :: (ip_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 80,
			     .l3 = IP6("0008", "3a", "00000000000000000000000000000000")
				   "8000000000010001" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: a router advertisement is dropped (nd_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .type = 0x86dd, .len = 80,
			     .l3 = IP6("0010", "3a", LL1)
				   "8600000040000708" "0000000000000000" },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_ND_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: an 802.1ad frame could hide IP (ip_spoof)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .tags = { AD(7) },
			     .type = 0x0800, .l3 = IP4_ICMP("c0000201") },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4011 },
	{ .name = "allow-ip: other ethertypes pass",
	  .in = "F1", .f = { .dst = BCAST, .src = H1 },
	  .allow = { "F1", ALLOW_F1 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "allow-ip: trunk, VID 4094: a prefix allows, spoof dropped",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(2, 4094) },
			     .type = 0x0800, .l3 = IP4_ICMP("c6336401") },
	  .allow = { "T1", "198.51.100.0/24" },
	  .verdict = V_FWD,
	  .out = { { "M1", UNTAG }, { "M2", UNTAG }, { "T2", T(2, 4094) },
		   { "T3", UNTAG } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4094 },
	{ .name = "allow-ip: trunk, VID 4094: outside the prefix (ip_spoof)",
	  .in = "T1", .f = { .dst = BCAST, .src = H1, .tags = { Q(2, 4094) },
			     .type = 0x0800, .l3 = IP4_ICMP("c6336501") },
	  .allow = { "T1", "198.51.100.0/24" },
	  .verdict = V_DROP, .reason = BV_DROP_IP_SPOOF,
	  .after = A_ABSENT, .vid = 4094 },
	/* --- sizes --- */
	{ .name = "runt: 13 bytes (no device delivers it)",
	  .in = "A1", .f = { .dst = BCAST, .src = H1, .len = 13 },
	  .verdict = V_NONE,
	  .xdp_mixed = true, .after = A_ANY },
	{ .name = "runt: 14-byte untagged frame is switched",
	  .in = "A1", .f = { .dst = BCAST, .src = H1, .len = 14 },
	  .verdict = V_FWD,
	  .out = { { "A2", UNTAG }, { "T1", T(0, 1) }, { "T2", UNTAG } },
	  .after = A_ON, .after_port = "A1", .vid = 1 },
	{ .name = "runt: tagged 19 bytes dropped in XDP (runt)",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) }, .len = 19 },
	  .verdict = V_DROP, .reason = BV_DROP_RUNT,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011 },
	{ .name = "runt: 802.1ad 18 bytes dropped in XDP (runt)",
	  .in = "A1",
	  .f = { .dst = BCAST, .src = H1, .tags = { AD(7) }, .len = 18 },
	  .verdict = V_DROP, .reason = BV_DROP_RUNT,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 1 },
	{ .name = "runt: 802.1Q + 802.1ad in 23 bytes dropped (runt)",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011), AD(9) },
		 .len = 23 },
	  .verdict = V_DROP, .reason = BV_DROP_RUNT,
	  .xdp_mixed = true, .after = A_ABSENT, .vid = 4011 },
	{ .name = "runt: 802.1Q + 802.1ad in 24 bytes is switched",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011), AD(9) },
		 .len = 24 },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "runt: tagged 20 bytes is switched",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) }, .len = 20 },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "size: 1514-byte untagged frame stays on XDP",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .len = 1514 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG }, { "T1", T(0, 4011) }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "size: 1518-byte tagged frame stays on XDP",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) }, .len = 1518 },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG }, { "F2", UNTAG }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011) } },
	  .xdp_mixed = true, .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "size: 1515 bytes: XDP -> TC, oversize but on T2 (MTU 9000)",
	  .in = "F1", .f = { .dst = BCAST, .src = H1, .len = 1515 },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG, .oversize = true },
		   { "T1", T(0, 4011), .oversize = true }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011), .oversize = true } },
	  .after = A_ON, .after_port = "F1", .vid = 4011 },
	{ .name = "size: 1415-byte frame too large for MTU 1400 (oversize)",
	  .in = "S3", .f = { .dst = BCAST, .src = H1, .len = 1415 },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG, .oversize = true } },
	  .after = A_ON, .after_port = "S3", .vid = 6 },
	{ .name = "size: 1414-byte frame to MTU 1400 port fits",
	  .in = "S3", .f = { .dst = BCAST, .src = H1, .len = 1414 },
	  .verdict = V_FWD,
	  .out = { { "S2", UNTAG } },
	  .after = A_ON, .after_port = "S3", .vid = 6 },
	{ .name = "size: 3600 bytes (XDP multi-buffer) to TC, fits T2 (MTU 9000)",
	  .in = "T1",
	  .f = { .dst = BCAST, .src = H1, .tags = { Q(0, 4011) }, .len = 3600 },
	  .verdict = V_FWD,
	  .out = { { "F1", UNTAG, .oversize = true },
		   { "F2", UNTAG, .oversize = true }, { "T2", T(0, 4011) },
		   { "T3", T(0, 4011), .oversize = true } },
	  .after = A_ON, .after_port = "T1", .vid = 4011 },
	{ .name = "size: 3000-byte unicast to MTU 1500 dropped (oversize)",
	  .in = "T1",
	  .f = { .dst = H2, .src = H1, .tags = { Q(0, 4011) }, .len = 3000 },
	  .pre = { { H2, 4011, "F2", P_FRESH } },
	  .verdict = V_FWD,
	  .out = { { "F2", UNTAG, .oversize = true } },
	  .after = A_ON, .after_port = "T1", .vid = 4011 },
};
#define NR_ROWS		(sizeof(rows) / sizeof(rows[0]))

/* ---- running ---------------------------------------------------------------- */

struct ctx {
	struct bvh h;
	struct bvm_config *cfg;
	struct bvm_fdb fdb;
	struct bvm_result *exp;
	struct bvh_result got;
	char why[16384];
};

static int setup_bridge(struct ctx *c, enum flavor fl)
{
	int err;

	for (size_t i = 0; i < NR_PORTS; i++) {
		if (c->cfg->port[ports[i].slot].used) {
			err = bvh_port_del(&c->h, c->cfg, ports[i].slot);
			if (err)
				return err;
		}
	}
	bvm_config_init(c->cfg, AGEING_NS, FDB_SIZE);
	for (size_t i = 0; i < NR_PORTS; i++) {
		const struct port_def *p = &ports[i];
		unsigned int mtu = p->mtu ? p->mtu : 1500;
		struct bvh_attach a = {
			.tc_only = fl == TC_ONLY,
			.xdp_tx = fl == MIXED && !p->no_xdp_tx,
			/* access ports stand for VM taps, trunks for NICs */
			.local_csum = p->mode == BV_MODE_ACCESS,
		};

		err = bvh_link_set_mtu(&c->h, i, mtu);
		if (err)
			return err;
		if (p->mode == BV_MODE_ACCESS) {
			bvm_port_access(c->cfg, p->slot, c->h.link[i].ifindex,
					p->pvid, mtu);
		} else {
			bvm_port_trunk(c->cfg, p->slot, c->h.link[i].ifindex,
				       p->pvid, mtu);
			for (int v = 0; v < 4 && p->vids[v]; v++)
				bvm_port_vid(c->cfg, p->slot, p->vids[v], true);
		}
		c->cfg->port[p->slot].learn_limit = p->learn_limit;
		err = bvh_port_add(&c->h, c->cfg, p->slot, &a);
		if (err)
			return err;
	}
	return 0;
}

static int setup_fdb(struct ctx *c, const struct row *r, uint64_t now)
{
	int err = bvh_fdb_flush(&c->h);

	c->fdb.n = 0;
	for (int i = 0; !err && i < MAX_PRE && r->pre[i].port; i++) {
		const struct pre *p = &r->pre[i];
		unsigned int slot = slot_of(p->port);
		struct bvm_fdb_entry e = {
			.vid = p->vid,
			.ifindex = c->cfg->port[slot].ifindex,
			.slot = slot,
			.updated_ns = now,
		};

		mac_of(p->mac, e.mac);
		switch (p->kind) {
		case P_FRESH:
			e.updated_ns = now - SEC_NS / 2;
			break;
		case P_OLD:
			e.updated_ns = now - 2 * SEC_NS;
			break;
		case P_AGED:
			e.updated_ns = now - AGEING_NS - 10 * SEC_NS;
			break;
		case P_STATIC:
			e.is_static = true;
			e.updated_ns = now - AGEING_NS - 10 * SEC_NS;
			break;
		case P_STALE:
			e.ifindex += 1000;	/* the slot now holds another */
			break;
		}
		err = bvm_fdb_put(&c->fdb, &e);
		if (!err)
			err = bvh_fdb_put(&c->h, &e);
	}
	/* Learned entries of VLAN 5 on S1, up to the learning bound. */
	for (uint8_t i = 0; !err && r->fill_learned &&
	     bvm_fdb_learned(c->cfg, &c->fdb, BV_MAX_PORTS) < c->cfg->learn_max;
	     i++) {
		struct bvm_fdb_entry e = {
			.vid = 5, .mac = { 0x02, 0xef, 0, 0, 0, i },
			.ifindex = c->cfg->port[slot_of("S1")].ifindex,
			.slot = slot_of("S1"), .updated_ns = now,
		};

		err = bvm_fdb_put(&c->fdb, &e);
		if (!err)
			err = bvh_fdb_put(&c->h, &e);
	}
	/* Static entries of VLAN 3000 on S1 take the rest of the room. */
	for (uint8_t i = 0; !err && r->fill_fdb && c->fdb.n < FDB_SIZE; i++) {
		struct bvm_fdb_entry e = {
			.vid = 3000, .mac = { 0x02, 0xee, 0, 0, 0, i },
			.ifindex = c->cfg->port[slot_of("S1")].ifindex,
			.slot = slot_of("S1"), .is_static = true,
			.updated_ns = now,
		};

		err = bvm_fdb_put(&c->fdb, &e);
		if (!err)
			err = bvh_fdb_put(&c->h, &e);
	}
	return err;
}

static enum bvh_path want_path(const struct row *r, enum flavor fl)
{
	/* the kernel frees tagged frames under 20 bytes before TC */
	bool tagged_runt = r->verdict == V_DROP && r->reason == BV_DROP_RUNT &&
			   r->f.len < 20;

	if (r->verdict == V_NONE)
		return BVH_PATH_NONE;
	if (fl == TC_ONLY)
		return tagged_runt ? BVH_PATH_NONE : BVH_PATH_TC;
	if (r->verdict == V_HOST)
		return BVH_PATH_XDP_TC;
	if (r->verdict == V_DROP)
		return r->tc_drop ? BVH_PATH_XDP_TC : BVH_PATH_XDP;
	return fl == MIXED && r->xdp_mixed ? BVH_PATH_XDP : BVH_PATH_XDP_TC;
}

/* Frames counted in VLAN @vid by the last run (0 if not read). */
static uint64_t vlan_rx(const struct bvh_result *g, uint16_t vid)
{
	for (unsigned int i = 0; i < g->nr_vids; i++)
		if (g->vid[i] == vid)
			return g->vdelta[i].rx_packets;
	return 0;
}

#define FAIL(...)							\
	do {								\
		n += snprintf(msg + n, n < len ? len - n : 0, __VA_ARGS__); \
		bad = 1;						\
	} while (0)

/* The row's own expectations, by hand; appended to @msg. */
static int check_row(struct ctx *c, const struct row *r, enum flavor fl,
		     size_t flen, uint64_t t0,
		     char *msg, size_t len)
{
	const struct bvh_result *g = &c->got;
	unsigned int in = slot_of(r->in), n = 0, bad = 0;
	bool seen[BVH_MAX_COPIES] = {};
	enum bvh_path path = want_path(r, fl);
	struct bvm_fdb_entry e;
	uint8_t src[6];
	int err;

	if (g->path != path)
		FAIL("  row: path %d, want %d\n", g->path, path);
	if (path == BVH_PATH_NONE)
		return bad;
	if (r->verdict == V_HOST && !g->to_host)
		FAIL("  row: not passed to the host\n");
	if (r->verdict == V_DROP || r->verdict == V_HOST) {
		if (g->delta[in].drops[r->reason] != 1)
			FAIL("  row: drops.%s on %s: +%llu, want +1\n",
			     bv_drop_name(r->reason), r->in,
			     (unsigned long long)g->delta[in].drops[r->reason]);
		if (g->nr_copies)
			FAIL("  row: %u copies sent, want none\n", g->nr_copies);
	}
	for (int i = 0; r->verdict == V_FWD && i < MAX_OUT && r->out[i].port; i++) {
		const struct out *o = &r->out[i];
		unsigned int slot = slot_of(o->port);
		struct tag outer = { 0x8100, (uint16_t)o->tci };
		uint8_t want[BVH_BUF_MAX];
		size_t wlen = build(&r->f, o->tci >= 0 ? &outer : NULL, true,
				    want);
		bool found = false;

		if (o->oversize) {
			if (g->delta[slot].drops[BV_DROP_OVERSIZE] != 1)
				FAIL("  row: drops.oversize on %s: +%llu, want +1\n",
				     o->port, (unsigned long long)
				     g->delta[slot].drops[BV_DROP_OVERSIZE]);
		}
		for (unsigned int j = 0; j < g->nr_copies; j++) {
			if (g->copy[j].slot != slot || seen[j])
				continue;
			seen[j] = found = true;
			if (o->oversize)
				FAIL("  row: oversize copy sent on %s\n", o->port);
			else if (g->copy[j].len != wlen ||
				 memcmp(g->copy[j].bytes, want, wlen))
				FAIL("  row: copy on %s has other bytes\n", o->port);
		}
		if (!found && !o->oversize)
			FAIL("  row: no copy on %s\n", o->port);
		if (!o->oversize && g->delta[slot].tx_packets != 1)
			FAIL("  row: tx_packets on %s: +%llu, want +1\n", o->port,
			     (unsigned long long)g->delta[slot].tx_packets);
	}
	for (unsigned int j = 0; j < g->nr_copies; j++)
		if (!seen[j])
			FAIL("  row: unexpected copy on slot %u\n", g->copy[j].slot);
	if ((r->fill_fdb || r->fill_learned) && r->after == A_ABSENT &&
	    g->delta[in].events[BV_EV_FDB_FULL] != 1)
		FAIL("  row: events.fdb_full on %s: +%llu, want +1\n", r->in,
		     (unsigned long long)g->delta[in].events[BV_EV_FDB_FULL]);
	if (g->delta[in].events[BV_EV_LEARN_LIMIT] != r->limited)
		FAIL("  row: events.learn_limit on %s: +%llu, want +%d\n", r->in,
		     (unsigned long long)g->delta[in].events[BV_EV_LEARN_LIMIT],
		     r->limited);
	if (g->delta[in].rx_packets != 1 || g->delta[in].rx_bytes != flen)
		FAIL("  row: rx on %s: +%llu/%llu bytes, want +1/%zu\n", r->in,
		     (unsigned long long)g->delta[in].rx_packets,
		     (unsigned long long)g->delta[in].rx_bytes, flen);
	if (r->verdict == V_FWD && vlan_rx(g, r->vid) != 1)
		FAIL("  row: rx in vlan %u: +%llu, want +1\n", r->vid,
		     (unsigned long long)vlan_rx(g, r->vid));

	mac_of(r->f.src, src);
	err = bvh_fdb_get(&c->h, r->vid, src, &e);
	switch (r->after) {
	case A_ANY:
		break;
	case A_ABSENT:
		if (!err)
			FAIL("  row: source learned on slot %u, want not\n", e.slot);
		break;
	case A_ON:
		if (err || e.slot != slot_of(r->after_port) ||
		    e.ifindex != c->cfg->port[e.slot].ifindex || e.is_static)
			FAIL("  row: source not learned on %s\n", r->after_port);
		else if (e.updated_ns < t0)
			FAIL("  row: source entry not stamped now\n");
		break;
	case A_KEPT:
	case A_REFRESHED:
		if (err || e.slot != slot_of(r->after_port))
			FAIL("  row: source entry not on %s\n", r->after_port);
		else if ((e.updated_ns >= t0) != (r->after == A_REFRESHED))
			FAIL("  row: source entry %s\n", r->after == A_KEPT ?
			     "refreshed, want kept" : "not refreshed");
		break;
	}
	return bad;
}

/* The row's port security on (@on) or off again, in the model and maps. */
static int row_security(struct ctx *c, const struct row *r, bool on)
{
	int err = 0;

	for (int i = 0; !err && i < 6 && r->isolated[i]; i++) {
		unsigned int slot = slot_of(r->isolated[i]);

		c->cfg->port[slot].isolated = on;
		err = bvh_port_security(&c->h, c->cfg, slot);
	}
	for (int i = 0; !err && i < 2 && r->locked[i]; i++) {
		unsigned int slot = slot_of(r->locked[i]);

		c->cfg->port[slot].locked = on;
		err = bvh_port_security(&c->h, c->cfg, slot);
	}
	if (!err && r->allow.port) {
		struct bvm_port *p = &c->cfg->port[slot_of(r->allow.port)];
		struct bv_iplist l = {};

		if (on && bv_iplist_parse(r->allow.list, &l))
			return -EINVAL;
		p->nr_allow = l.nr;
		for (unsigned int i = 0; i < l.nr; i++) {
			memcpy(p->allow[i].addr, l.p[i].addr, 16);
			p->allow[i].plen = l.p[i].plen;
		}
		err = bvh_port_security(&c->h, c->cfg, slot_of(r->allow.port));
	}
	return err;
}

static int run_row_secured(struct ctx *c, const struct row *r,
			   enum flavor fl, char *msg, size_t len);

static int run_row(struct ctx *c, const struct row *r, enum flavor fl,
		   char *msg, size_t len)
{
	int err = row_security(c, r, true), ret;

	ret = err ?: run_row_secured(c, r, fl, msg, len);
	err = row_security(c, r, false);
	return ret ?: err;
}

static int run_row_secured(struct ctx *c, const struct row *r,
			   enum flavor fl, char *msg, size_t len)
{
	uint8_t frame[BVH_BUF_MAX];
	size_t flen = build(&r->f, NULL, false, frame);
	unsigned int in = slot_of(r->in);
	uint64_t t0 = bvh_now();
	bool leak = false;
	int err, ret;

	err = setup_fdb(c, r, t0);
	if (!err)
		err = bvh_stats_reset(&c->h);
	if (err)
		return err;
	ret = bvh_step(&c->h, c->cfg, &c->fdb, in, frame, flen, c->exp,
		       &c->got, &leak, c->why, sizeof(c->why));
	if (ret < 0)
		return ret;
	if (ret) {
		snprintf(msg, len, "  model disagrees%s:\n%.3900s",
			 leak ? " (LEAK)" : "", c->why);
		return 1;
	}
	ret = bvh_stats_sweep(&c->h, c->why, sizeof(c->why));
	if (ret < 0)
		return ret;
	if (ret) {
		snprintf(msg, len, "  counted outside its ports and VLANs:\n%.3900s",
			 c->why);
		return 1;
	}
	return check_row(c, r, fl, flen, t0, msg, len);
}

/*
 * The destination cache (bv_learned, lib/fdb.h) answers a frame to the
 * destination the port's last frame went to, in the same tick: frames of
 * one sequence with the bridge's clock held. Each frame is compared with
 * the model, and a unicast must leave on @port (NULL: flooded).
 */
struct cache_step {
	const char *in;
	struct frame_def f;
	const char *port;
};

static int cache_step(struct ctx *c, const struct cache_step *s, char *msg,
		      size_t len)
{
	uint8_t frame[BVH_BUF_MAX];
	size_t flen = build(&s->f, NULL, false, frame);
	bool leak = false;
	int ret;

	ret = bvh_step(&c->h, c->cfg, &c->fdb, slot_of(s->in), frame, flen,
		       c->exp, &c->got, &leak, c->why, sizeof(c->why));
	if (ret < 0)
		return ret;
	if (ret) {
		snprintf(msg, len, "  frame from %s: model disagrees%s:\n%.3900s",
			 s->in, leak ? " (LEAK)" : "", c->why);
		return 1;
	}
	if (s->port && (c->got.nr_copies != 1 ||
			c->got.copy[0].slot != slot_of(s->port))) {
		snprintf(msg, len, "  frame from %s: %u copies (first on slot %u), want one on %s\n",
			 s->in, c->got.nr_copies,
			 c->got.nr_copies ? c->got.copy[0].slot : 0, s->port);
		return 1;
	}
	if (!s->port && c->got.nr_copies < 2) {
		snprintf(msg, len, "  frame from %s: %u copies, want a flood\n",
			 s->in, c->got.nr_copies);
		return 1;
	}
	return 0;
}

/* Runs @steps (the port's cache filled by the first ones) after @change. */
static int cache_case(struct ctx *c, enum flavor fl, const char *name,
		      const struct cache_step *steps, int n,
		      int (*change)(struct ctx *c))
{
	char msg[4096] = "", full[128];
	int err = 0;

	snprintf(full, sizeof(full), "pkt %s: %s", flavor_name[fl], name);
	c->fdb.n = 0;
	c->h.clock = bvh_now();
	err = bvh_fdb_flush(&c->h);
	for (int i = 0; !err && i < n; i++) {
		if (i == n - 1 && change)
			err = change(c);
		if (!err)
			err = cache_step(c, &steps[i], msg, sizeof(msg));
	}
	c->h.clock = 0;
	if (err < 0)
		printf("TEST: %-60s [FAIL]\n\ttest error: %s\n", full,
		       strerror(-err));
	else if (err)
		printf("TEST: %-60s [FAIL]\n%s", full, msg);
	else
		printf("TEST: %-60s [ OK ]\n", full);
	return err != 0;
}

/* `fdb del` of H2 in VLAN 4011, as user space does it. */
static int del_h2(struct ctx *c)
{
	uint8_t mac[6];

	mac_of(H2, mac);
	bvm_fdb_del(&c->fdb, 4011, mac);
	return bvh_fdb_del(&c->h, 4011, mac);
}

/* The held clock goes past the ageing time. */
static int age_all(struct ctx *c)
{
	c->h.clock += AGEING_NS + SEC_NS;
	return 0;
}

static int cache_cases(struct ctx *c, enum flavor fl)
{
	/* H2 learned on F2; F1 sends to it twice (the second from cache). */
	const struct cache_step learn = { "F2", { BCAST, H2 } };
	const struct cache_step to_f2 = { "F1", { H2, H1 }, "F2" };
	const struct cache_step moved[] = {
		learn, to_f2, to_f2,
		{ "T1", { BCAST, H2, { Q(0, 4011) } } },	/* H2 moves */
		{ "F1", { H2, H1 }, "T1" },
	};
	const struct cache_step deleted[] = {
		learn, to_f2, to_f2, { "F1", { H2, H1 } },
	};
	const struct cache_step aged[] = {
		learn, to_f2, to_f2, { "F1", { H2, H1 } },
	};
	int fail = 0;

	fail |= cache_case(c, fl, "dest cache: unicast follows a MAC that moves",
			   moved, 5, NULL);
	fail |= cache_case(c, fl, "dest cache: an entry user space deletes",
			   deleted, 4, del_h2);
	fail |= cache_case(c, fl, "dest cache: an entry that ages out",
			   aged, 4, age_all);
	return fail;
}

/* The devmap egress untag logic (bv_xdp_pop) through its wrapper. */
static int pop_cases(struct ctx *c)
{
	static const struct {
		const char *name;
		const char *in, *out;	/* hex; out NULL: dropped */
	} cases[] = {
		{ "egress untag: 802.1Q tag 0xFAB removed",
		  "ffffffffffff02000000000181000fab88b50001",
		  "ffffffffffff02000000000188b50001" },
		{ "egress untag: outer tag of a double tag only",
		  "ffffffffffff0200000000018100affe81000001080045",
		  "ffffffffffff020000000001810000010800 45" },
		{ "egress untag: 18-byte frame becomes 14 bytes",
		  "ffffffffffff020000000001810000010800",
		  "ffffffffffff0200000000010800" },
		{ "egress untag: 17 bytes dropped",
		  "ffffffffffff0200000000018100000108", NULL },
	};
	int fail = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t in[64], want[64], out[64];
		char hex[160], clean[160];
		size_t k = 0;
		int n, wn = 0, err;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in,
			    .data_out = out, .data_size_out = sizeof(out),
			    .repeat = 1);

		n = bvh_unhex(cases[i].in, in, sizeof(in));
		if (cases[i].out) {
			for (const char *s = cases[i].out; *s; s++)
				if (*s != ' ')
					clean[k++] = *s;
			clean[k] = '\0';
			wn = bvh_unhex(clean, want, sizeof(want));
		}
		o.data_size_in = n;
		err = bpf_prog_test_run_opts(
			bpf_program__fd(c->h.test->progs.bv_test_pop), &o);
		if (err || n < 0 || wn < 0) {
			printf("TEST: %-60s [FAIL]\n\ttest_run: %s\n",
			       cases[i].name, strerror(errno));
			fail = 1;
			continue;
		}
		if (cases[i].out ? o.retval != 2 || (int)o.data_size_out != wn ||
				   memcmp(out, want, wn)
				 : o.retval != 1) {
			bvh_hex(out, o.data_size_out, hex, sizeof(hex));
			printf("TEST: %-60s [FAIL]\n\tret %u, out %s\n",
			       cases[i].name, o.retval, hex);
			fail = 1;
			continue;
		}
		printf("TEST: %-60s [ OK ]\n", cases[i].name);
	}
	return fail;
}

int main(void)
{
	struct ctx *c;
	int fail = 0, err, nrows = 0;
	char msg[4096];

	if (geteuid()) {
		printf("SKIP: packet tests need root\n");
		return 4;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	c->cfg = calloc(1, sizeof(*c->cfg));
	c->exp = calloc(1, sizeof(*c->exp));
	if (!c->cfg || !c->exp || bvh_result_alloc(&c->got) ||
	    bvm_fdb_init(&c->fdb, FDB_SIZE))
		return 1;
	err = bvh_netns_enter();
	if (!err)
		err = bvh_links_create(&c->h, NR_PORTS + 1);	/* + a mirror's */
	if (!err)
		err = bvh_open(&c->h, FDB_SIZE, AGEING_NS);
	if (err) {
		fprintf(stderr, "setup failed: %s\n", strerror(-err));
		return 1;
	}
	{
		/* Every VID of the table gets its flood map in one batch. */
		static const uint16_t vids[] = { 1, 5, 6, 4011, 4094 };

		err = bvh_flood_prepare(&c->h, vids, 5);
		if (err) {
			fprintf(stderr, "flood maps: %s\n", strerror(-err));
			return 1;
		}
	}

	for (int fl = 0; fl < NR_FLAVORS; fl++) {
		err = setup_bridge(c, fl);
		if (err) {
			fprintf(stderr, "bridge (%s): %s\n", flavor_name[fl],
				strerror(-err));
			return 1;
		}
		for (size_t i = 0; i < NR_ROWS; i++) {
			const struct row *r = &rows[i];
			char name[128];

			msg[0] = '\0';
			err = run_row(c, r, fl, msg, sizeof(msg));
			snprintf(name, sizeof(name), "pkt %s: %s",
				 flavor_name[fl], r->name);
			nrows++;
			if (err < 0) {
				printf("TEST: %-60s [FAIL]\n\ttest error: %s\n",
				       name, strerror(-err));
				fail = 1;
			} else if (err) {
				printf("TEST: %-60s [FAIL]\n%s", name, msg);
				fail = 1;
			} else {
				printf("TEST: %-60s [ OK ]\n", name);
			}
		}
		fail |= cache_cases(c, fl);
		{
			const struct pkt_mirror_slots sl = {
				.access = slot_of("F1"), .trunk = slot_of("T1"),
				.access_ifindex = c->cfg->port[slot_of("F1")].ifindex,
				.trunk_ifindex = c->cfg->port[slot_of("T1")].ifindex,
			};

			fail |= pkt_mirror_cases(&c->h, flavor_name[fl],
						 fl != TC_ONLY, &sl,
						 c->h.link[NR_PORTS].ifindex);
		}
	}
	fail |= pop_cases(c);
	printf("== packet tests: %zu rows x %d attachments = %d cases, %s\n",
	       NR_ROWS, NR_FLAVORS, nrows, fail ? "FAILED" : "all passed");
	bvh_close(&c->h);
	bvh_result_free(&c->got);
	bvm_fdb_free(&c->fdb);
	free(c->cfg);
	free(c->exp);
	free(c);
	return fail;
}
