// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: the reference model (selftests/model), one group per rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "bv_model.h"

#define SEC_NS		1000000000ULL
#define NOW		(1000 * SEC_NS)
#define AGEING		(300 * SEC_NS)

/* Ports: A (access 10), B (access 10), F (access 4011), T (trunk 10,4011,
 * 4094 native 1), U (trunk 10, 4094, no native), at scattered slots.
 */
enum { A = 0, B = 7, F = 64, T = 130, U = 511 };

struct env {
	struct bvm_config *cfg;
	struct bvm_fdb fdb;
	struct bvm_result *res;
	struct bvm_stats *stats;
	uint8_t frame[BVM_FRAME_MAX];
	size_t len;
};

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t M1[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t M2[6] = { 0x02, 0, 0, 0, 0, 0x02 };

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	e->cfg = calloc(1, sizeof(*e->cfg));
	e->res = calloc(1, sizeof(*e->res));
	e->stats = calloc(BV_MAX_PORTS, sizeof(*e->stats));
	if (!e->cfg || !e->res || !e->stats || bvm_fdb_init(&e->fdb, 8))
		return -1;
	bvm_config_init(e->cfg, AGEING, 8);
	bvm_port_access(e->cfg, A, 1, 10, 1500);
	bvm_port_access(e->cfg, B, 2, 10, 1500);
	bvm_port_access(e->cfg, F, 3, 4011, 1500);
	bvm_port_trunk(e->cfg, T, 4, 1, 1500);
	bvm_port_vid(e->cfg, T, 10, true);
	bvm_port_vid(e->cfg, T, 4011, true);
	bvm_port_vid(e->cfg, T, 4094, true);
	bvm_port_trunk(e->cfg, U, 5, 0, 1400);
	bvm_port_vid(e->cfg, U, 10, true);
	bvm_port_vid(e->cfg, U, 4094, true);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	bvm_fdb_free(&e->fdb);
	free(e->cfg);
	free(e->res);
	free(e->stats);
	free(e);
	return 0;
}

/* dst, src, then up to two tags (tpid, tci; tpid 0 = none), type 0x88b5,
 * payload counting up to @len bytes in all.
 */
static void frame(struct env *e, const uint8_t *dst, const uint8_t *src,
		  uint16_t tpid1, uint16_t tci1, uint16_t tpid2, uint16_t tci2,
		  size_t len)
{
	uint8_t *b = e->frame;
	size_t n = 12;

	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	if (tpid1) {
		b[n++] = tpid1 >> 8; b[n++] = tpid1 & 0xff;
		b[n++] = tci1 >> 8; b[n++] = tci1 & 0xff;
	}
	if (tpid2) {
		b[n++] = tpid2 >> 8; b[n++] = tpid2 & 0xff;
		b[n++] = tci2 >> 8; b[n++] = tci2 & 0xff;
	}
	b[n++] = 0x88;
	b[n++] = 0xb5;
	for (uint8_t v = 0; n < len; v++)
		b[n++] = v;
	e->len = len;
}

static void run(struct env *e, unsigned int in, uint64_t now)
{
	bvm_switch(e->cfg, &e->fdb, in, e->frame, e->len, now, e->res);
}

static void assert_drop(struct env *e, enum bv_drop_reason reason)
{
	assert_int_equal(e->res->verdict, BVM_DROP);
	assert_string_equal(bv_drop_name(e->res->reason),
			    bv_drop_name(reason));
}

/* The copy on @slot, or fail. */
static const struct bvm_copy *copy_on(struct env *e, unsigned int slot)
{
	for (unsigned int i = 0; i < e->res->nr_copies; i++)
		if (e->res->copy[i].slot == slot)
			return &e->res->copy[i];
	fail_msg("no copy on slot %u", slot);
	return NULL;
}

static void learn_entry(struct env *e, uint16_t vid, const uint8_t *mac,
			unsigned int slot, uint64_t updated, bool is_static)
{
	struct bvm_fdb_entry en = {
		.vid = vid, .ifindex = e->cfg->port[slot].ifindex,
		.slot = slot, .is_static = is_static, .updated_ns = updated,
	};

	memcpy(en.mac, mac, 6);
	assert_int_equal(bvm_fdb_put(&e->fdb, &en), 0);
}

/* ---- configuration ------------------------------------------------------ */

static void membership(void **state)
{
	struct env *e = *state;

	assert_true(bvm_is_member(&e->cfg->port[A], 10));
	assert_false(bvm_is_member(&e->cfg->port[A], 4011));
	assert_true(bvm_is_member(&e->cfg->port[T], 1));	/* native */
	assert_true(bvm_is_member(&e->cfg->port[T], 4094));
	assert_false(bvm_is_member(&e->cfg->port[U], 1));
	bvm_port_vid(e->cfg, U, 0, true);
	bvm_port_vid(e->cfg, U, 4095, true);
	assert_false(bvm_is_member(&e->cfg->port[U], 0));
	assert_false(bvm_is_member(&e->cfg->port[U], 4095));
	assert_false(bvm_is_member(&e->cfg->port[9], 10));	/* no port */
}

/* ---- runts, sources, link-local ------------------------------------------- */

static void runts(void **state)
{
	struct env *e = *state;

	frame(e, BCAST, M1, 0, 0, 0, 0, 14);
	e->len = 13;
	run(e, A, NOW);
	assert_drop(e, BV_DROP_RUNT);
	e->len = 14;
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	frame(e, BCAST, M1, 0x8100, 4011, 0, 0, 19);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_RUNT);
	frame(e, BCAST, M1, 0x88a8, 5, 0, 0, 19);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_RUNT);
	frame(e, BCAST, M1, 0x8100, 4011, 0, 0, 20);
	run(e, T, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	/* 802.1Q + another tag: 24 bytes at least */
	frame(e, BCAST, M1, 0x8100, 4011, 0x88a8, 3, 23);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_RUNT);
	frame(e, BCAST, M1, 0x8100, 4011, 0x88a8, 3, 24);
	run(e, T, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	/* no learning from a runt */
	assert_null(bvm_fdb_find(&e->fdb, 10, M2));
}

static void bad_sources(void **state)
{
	struct env *e = *state;
	const uint8_t zero[6] = { 0 }, mc[6] = { 0x01, 0, 0x5e, 0, 0, 1 };

	frame(e, BCAST, zero, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_BAD_SRC);
	frame(e, M2, mc, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_BAD_SRC);
	frame(e, M2, BCAST, 0x8100, 10, 0, 0, 60);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_BAD_SRC);
	assert_int_equal(e->fdb.n, 0);
}

static void link_local(void **state)
{
	struct env *e = *state;
	uint8_t ll[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };

	for (int last = 0; last <= 0x0f; last++) {
		ll[5] = last;
		frame(e, ll, M1, 0x8100, 4011, 0, 0, 60);
		run(e, T, NOW);
		assert_int_equal(e->res->verdict, BVM_TO_HOST);
		assert_int_equal(e->res->reason, BV_DROP_LINK_LOCAL);
	}
	assert_int_equal(e->fdb.n, 0);		/* not learned */
	ll[5] = 0x10;
	frame(e, ll, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_true(e->res->flood);
}

/* ---- classification --------------------------------------------------------- */

static void access_ports(void **state)
{
	struct env *e = *state;

	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, F, NOW);
	assert_int_equal(e->res->vid, 4011);
	assert_int_equal(e->res->tci, 4011);
	frame(e, BCAST, M1, 0x8100, 5 << 13, 0, 0, 60);	/* priority */
	run(e, F, NOW);
	assert_int_equal(e->res->vid, 4011);
	assert_int_equal(e->res->tci, 5 << 13 | 4011);
	frame(e, BCAST, M1, 0x8100, 4011, 0, 0, 60);	/* its own VID */
	run(e, F, NOW);
	assert_drop(e, BV_DROP_TAGGED_ON_ACCESS);
	frame(e, BCAST, M1, 0x8100, 0, 0x8100, 10, 60);	/* hop attempt */
	run(e, F, NOW);
	assert_drop(e, BV_DROP_NESTED_TAG);
	frame(e, BCAST, M1, 0x88a8, 10, 0, 0, 60);	/* 802.1ad: untagged */
	run(e, F, NOW);
	assert_int_equal(e->res->vid, 4011);
	assert_int_equal(e->res->tci, 4011);		/* no PCP from 802.1ad */
}

static void trunk_ports(void **state)
{
	struct env *e = *state;

	frame(e, BCAST, M1, 0x8100, 3 << 13 | 1 << 12 | 4094, 0, 0, 60);
	run(e, T, NOW);
	assert_int_equal(e->res->vid, 4094);
	assert_int_equal(e->res->tci, 3 << 13 | 1 << 12 | 4094);
	frame(e, BCAST, M1, 0x8100, 1, 0, 0, 60);	/* native, tagged */
	run(e, T, NOW);
	assert_int_equal(e->res->vid, 1);
	frame(e, BCAST, M1, 0x8100, 20, 0, 0, 60);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_VLAN_NOT_ALLOWED);
	frame(e, BCAST, M1, 0x8100, 4095, 0, 0, 60);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_VLAN_NOT_ALLOWED);
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, T, NOW);
	assert_int_equal(e->res->vid, 1);
	assert_int_equal(e->res->tci, 1);
	run(e, U, NOW);
	assert_drop(e, BV_DROP_UNTAGGED_NO_NATIVE);
	frame(e, BCAST, M1, 0x8100, 2 << 13, 0, 0, 60);	/* priority */
	run(e, U, NOW);
	assert_drop(e, BV_DROP_UNTAGGED_NO_NATIVE);
	run(e, T, NOW);
	assert_int_equal(e->res->tci, 2 << 13 | 1);
	/* the inner tag is payload */
	frame(e, BCAST, M1, 0x8100, 10, 0x8100, 4094, 60);
	run(e, T, NOW);
	assert_int_equal(e->res->vid, 10);
}

/* ---- egress forms ------------------------------------------------------------ */

static void forms(void **state)
{
	struct env *e = *state;
	const struct bvm_copy *c;
	const uint8_t *b;

	/* tagged 4011 (PCP 6) from the trunk: untagged on F */
	frame(e, BCAST, M1, 0x8100, 6 << 13 | 4011, 0, 0, 60);
	run(e, T, NOW);
	c = copy_on(e, F);
	assert_int_equal(c->form, BVM_UNTAGGED);
	assert_int_equal(bvm_copy_len(e->res, c), 56);
	b = e->res->bytes[c->form];
	assert_memory_equal(b, e->frame, 12);
	assert_memory_equal(b + 12, e->frame + 16, 44);

	/* untagged from A: tagged 10 on the trunks, 0x0a after 0x81 0x00 */
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	c = copy_on(e, T);
	assert_int_equal(c->form, BVM_TAGGED);
	assert_int_equal(bvm_copy_len(e->res, c), 64);
	b = e->res->bytes[c->form];
	assert_int_equal(b[12], 0x81);
	assert_int_equal(b[13], 0x00);
	assert_int_equal(b[14], 0x00);
	assert_int_equal(b[15], 0x0a);
	assert_memory_equal(b + 16, e->frame + 12, 48);
	assert_int_equal(copy_on(e, B)->form, BVM_UNTAGGED);

	/* a priority tag gets the VID written into it, PCP kept */
	frame(e, BCAST, M1, 0x8100, 7 << 13, 0, 0, 60);
	run(e, F, NOW);
	b = e->res->bytes[copy_on(e, T)->form];
	assert_int_equal(b[14], 0xef);		/* 7 << 5 | 0x0f */
	assert_int_equal(b[15], 0xab);
	assert_int_equal(bvm_copy_len(e->res, copy_on(e, T)), 60);

	/* 802.1ad outer: kept as payload under our tag */
	frame(e, BCAST, M1, 0x88a8, 0x123, 0, 0, 60);
	run(e, A, NOW);
	b = e->res->bytes[copy_on(e, U)->form];
	assert_int_equal(b[12], 0x81);
	assert_int_equal(b[16], 0x88);
	assert_int_equal(b[17], 0xa8);
	assert_memory_equal(e->res->bytes[copy_on(e, B)->form], e->frame, 60);
}

/* ---- learning ------------------------------------------------------------------ */

static void learning(void **state)
{
	struct env *e = *state;
	struct bvm_fdb_entry *en;

	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_NEW);
	en = bvm_fdb_find(&e->fdb, 10, M1);
	assert_non_null(en);
	assert_int_equal(en->slot, A);
	assert_int_equal(en->updated_ns, NOW);
	assert_null(bvm_fdb_find(&e->fdb, 4011, M1));	/* per VLAN */

	run(e, A, NOW + SEC_NS - 1);			/* < 1 s: kept */
	assert_int_equal(e->res->learn, BVM_LEARN_KEPT);
	assert_int_equal(en->updated_ns, NOW);
	run(e, A, NOW + SEC_NS);			/* 1 s: refreshed */
	assert_int_equal(e->res->learn, BVM_LEARN_REFRESHED);
	assert_int_equal(en->updated_ns, NOW + SEC_NS);

	run(e, A, NOW);		/* stamped after @now was read: not refreshed */
	assert_int_equal(e->res->learn, BVM_LEARN_KEPT);
	assert_int_equal(en->updated_ns, NOW + SEC_NS);

	run(e, B, NOW + 2 * SEC_NS);			/* moves */
	assert_int_equal(e->res->learn, BVM_LEARN_MOVED);
	assert_int_equal(en->slot, B);
	assert_int_equal(en->ifindex, 2);
}

static void static_entries(void **state)
{
	struct env *e = *state;

	learn_entry(e, 10, M1, A, 0, true);
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, B, NOW);					/* spoofed */
	assert_drop(e, BV_DROP_STATIC_MOVE);
	assert_int_equal(bvm_fdb_find(&e->fdb, 10, M1)->slot, A);
	run(e, A, NOW);					/* its own port */
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_int_equal(e->res->learn, BVM_LEARN_KEPT);
	assert_int_equal(bvm_fdb_find(&e->fdb, 10, M1)->updated_ns, 0);
	/* never ages: unicast to it long after */
	frame(e, M1, M2, 0, 0, 0, 0, 60);
	run(e, B, NOW + 10 * AGEING);
	assert_false(e->res->flood);
	assert_int_equal(e->res->nr_copies, 1);
	assert_int_equal(e->res->copy[0].slot, A);
}

static void fdb_full(void **state)
{
	struct env *e = *state;
	uint8_t mac[6] = { 0x02, 0xee, 0, 0, 0, 0 };

	for (int i = 0; i < 8; i++) {
		mac[5] = i;
		learn_entry(e, 4094, mac, U, NOW, false);
	}
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_FULL);
	assert_int_equal(e->res->verdict, BVM_FORWARD);	/* still forwarded */
	assert_null(bvm_fdb_find(&e->fdb, 10, M1));
	bvm_account(e->res, A, e->len, e->stats);
	assert_int_equal(e->stats[A].events[BV_EV_FDB_FULL], 1);
	/* a known MAC still moves */
	mac[5] = 3;
	frame(e, BCAST, mac, 0x8100, 4094, 0, 0, 60);
	run(e, T, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_MOVED);
}

/* Learning fills the table only up to learn_max; statics take the rest. */
static void learn_bound(void **state)
{
	struct env *e = *state;
	uint8_t mac[6] = { 0x02, 0xee, 0, 0, 0, 0 };

	assert_int_equal(e->cfg->learn_max, 7);	/* 8 - 8 / 8 */
	for (int i = 0; i < 7; i++) {
		mac[5] = i;
		frame(e, BCAST, mac, 0, 0, 0, 0, 60);
		run(e, A, NOW);
		assert_int_equal(e->res->learn, BVM_LEARN_NEW);
	}
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, B, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_FULL);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_int_equal(bvm_fdb_learned(e->cfg, &e->fdb, BV_MAX_PORTS), 7);
	/* the reserve takes a static entry */
	learn_entry(e, 10, M2, B, NOW, true);
	assert_int_equal(e->fdb.n, 8);
}

static void learn_limit(void **state)
{
	struct env *e = *state;

	e->cfg->port[A].learn_limit = 1;
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_NEW);
	/* a second MAC: forwarded, not learned, counted */
	frame(e, BCAST, M2, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_LIMIT);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_null(bvm_fdb_find(&e->fdb, 10, M2));
	bvm_account(e->res, A, e->len, e->stats);
	assert_int_equal(e->stats[A].events[BV_EV_LEARN_LIMIT], 1);
	assert_int_equal(e->stats[A].events[BV_EV_FDB_FULL], 0);
	/* the MAC it holds is refreshed */
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW + 2 * SEC_NS);
	assert_int_equal(e->res->learn, BVM_LEARN_REFRESHED);
	/* a MAC of B does not move to A, which is full */
	frame(e, BCAST, M2, 0, 0, 0, 0, 60);
	run(e, B, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_NEW);
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_LIMIT);
	assert_int_equal(bvm_fdb_find(&e->fdb, 10, M2)->slot, B);
	/* other ports are not limited */
	assert_int_equal(bvm_fdb_learned(e->cfg, &e->fdb, B), 1);
	/* without a limit, the MAC moves to A */
	e->cfg->port[A].learn_limit = 0;
	run(e, A, NOW);
	assert_int_equal(e->res->learn, BVM_LEARN_MOVED);
}

/* ---- port security --------------------------------------------------------------- */

static void isolation(void **state)
{
	struct env *e = *state;
	struct bvm_vlan_stats v = {};

	e->cfg->port[A].isolated = e->cfg->port[B].isolated = true;
	/* a flood from A skips B, reaches the trunk */
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_int_equal(e->res->nr_copies, 2);	/* T and U */
	assert_int_equal(e->res->copy[0].slot, T);
	/* known unicast A -> B: dropped, the source learned */
	learn_entry(e, 10, M2, B, NOW, false);
	frame(e, M2, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_ISOLATED);
	assert_non_null(bvm_fdb_find(&e->fdb, 10, M1));
	/* the trunk reaches both */
	frame(e, BCAST, M2, 0x8100, 10, 0, 0, 60);
	run(e, T, NOW);
	assert_int_equal(e->res->nr_copies, 3);	/* A, B, U */
	/* every other member isolated: a flood to nobody, counted so */
	e->cfg->port[T].isolated = e->cfg->port[U].isolated = true;
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_ISOLATED);
	assert_true(e->res->flood);
	bvm_account_vlan(e->res, e->len, &v);
	assert_int_equal(v.flood_packets, 1);
	assert_int_equal(v.drops[BV_DROP_ISOLATED - BV_DROP_FIRST_CLASSIFIED], 1);
}

static void locked(void **state)
{
	struct env *e = *state;

	e->cfg->port[A].locked = true;
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_LOCKED_SRC);
	assert_int_equal(e->fdb.n, 0);	/* nothing learned */
	learn_entry(e, 10, M1, B, NOW, true);	/* static, but B's */
	run(e, A, NOW);
	assert_drop(e, BV_DROP_LOCKED_SRC);
	learn_entry(e, 10, M1, A, NOW, true);
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	assert_int_equal(e->res->learn, BVM_LEARN_KEPT);
	/* another VLAN's static entry is not this VLAN's */
	frame(e, BCAST, M1, 0x8100, 4094, 0, 0, 60);
	e->cfg->port[T].locked = true;
	learn_entry(e, 4011, M1, T, NOW, true);
	run(e, T, NOW);
	assert_drop(e, BV_DROP_LOCKED_SRC);
}

/* The frame's bytes after its ethertype (0x0800 or 0x0806 here). */
static void l3(struct env *e, uint16_t type, const uint8_t *body, size_t n)
{
	e->frame[12] = type >> 8;
	e->frame[13] = type & 0xff;
	memcpy(e->frame + 14, body, n);
}

static void allow_ip(void **state)
{
	static const uint8_t ip_ok[] = { 0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 1,
					 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
					 8, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t dhcp[] = { 0x45, 0, 1, 0x48, 0, 0, 0, 0, 64, 17,
					0, 0, 0, 0, 0, 0, 255, 255, 255, 255,
					0, 68, 0, 67, 1, 0x34, 0, 0 };
	struct env *e = *state;
	struct bvm_port *p = &e->cfg->port[A];
	uint8_t ip[sizeof(ip_ok)], arp[28] = { 0, 1, 8, 0, 6, 4, 0, 1 };

	p->nr_allow = 1;	/* 192.0.2.0/30 */
	memcpy(p->allow[0].addr, (uint8_t[16]){ [10] = 0xff, [11] = 0xff,
						192, 0, 2, 0 }, 16);
	p->allow[0].plen = 96 + 30;
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	l3(e, 0x0800, ip_ok, sizeof(ip_ok));
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	memcpy(ip, ip_ok, sizeof(ip));
	ip[15] = 4;			/* 192.0.2.4: outside the /30 */
	l3(e, 0x0800, ip, sizeof(ip));
	run(e, A, NOW);
	assert_drop(e, BV_DROP_IP_SPOOF);
	l3(e, 0x0800, dhcp, sizeof(dhcp));
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	/* ARP: sender MAC the source's, sender IP allowed */
	memcpy(arp + 8, M1, 6);
	memcpy(arp + 14, (uint8_t[]){ 192, 0, 2, 3 }, 4);
	l3(e, 0x0806, arp, sizeof(arp));
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	memcpy(arp + 8, M2, 6);
	l3(e, 0x0806, arp, sizeof(arp));
	run(e, A, NOW);
	assert_drop(e, BV_DROP_ARP_SPOOF);
	/* cut short: dropped */
	frame(e, BCAST, M1, 0, 0, 0, 0, 14 + 20);
	l3(e, 0x0800, ip_ok, 20);
	run(e, A, NOW);
	assert_drop(e, BV_DROP_IP_SPOOF);
	/* not IP: passes; another port: no check */
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	l3(e, 0x0800, ip, sizeof(ip));
	run(e, B, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
}

/* ---- forwarding ------------------------------------------------------------------ */

static void flooding(void **state)
{
	struct env *e = *state;

	frame(e, BCAST, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_true(e->res->flood);
	assert_int_equal(e->res->nr_copies, 3);		/* B, T, U */
	copy_on(e, B);
	copy_on(e, T);
	copy_on(e, U);
	/* unknown unicast floods too */
	frame(e, M2, M1, 0x8100, 4011, 0, 0, 60);
	run(e, T, NOW);
	assert_true(e->res->flood);
	assert_int_equal(e->res->nr_copies, 1);		/* F */
	/* a VLAN with no other member */
	bvm_port_vid(e->cfg, U, 100, true);
	frame(e, BCAST, M1, 0x8100, 100, 0, 0, 60);
	run(e, U, NOW);
	assert_drop(e, BV_DROP_NO_EGRESS);
	assert_non_null(bvm_fdb_find(&e->fdb, 100, M1));	/* learned */
}

static void unicast(void **state)
{
	struct env *e = *state;
	const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 9 };

	learn_entry(e, 10, M2, U, NOW, false);
	frame(e, M2, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_false(e->res->flood);
	assert_int_equal(e->res->nr_copies, 1);
	assert_int_equal(e->res->copy[0].slot, U);
	assert_int_equal(e->res->copy[0].form, BVM_TAGGED);
	/* live up to the ageing time, and when stamped after @now */
	run(e, A, NOW + AGEING);
	assert_false(e->res->flood);
	run(e, A, NOW - SEC_NS);
	assert_false(e->res->flood);
	/* aged: flood */
	run(e, A, NOW + AGEING + 1);
	assert_true(e->res->flood);
	/* learned port left the VLAN: flood */
	learn_entry(e, 10, M2, U, NOW, false);
	bvm_port_vid(e->cfg, U, 10, false);
	run(e, A, NOW);
	assert_true(e->res->flood);
	bvm_port_vid(e->cfg, U, 10, true);
	/* slot now holds another device: flood */
	e->cfg->port[U].ifindex = 99;
	run(e, A, NOW);
	assert_true(e->res->flood);
	e->cfg->port[U].ifindex = 5;
	/* hairpin */
	frame(e, M2, M1, 0x8100, 10, 0, 0, 60);
	run(e, U, NOW);
	assert_drop(e, BV_DROP_HAIRPIN);
	/* a multicast destination floods even if "learned" */
	learn_entry(e, 10, mc, U, NOW, true);
	frame(e, mc, M1, 0, 0, 0, 0, 60);
	run(e, A, NOW);
	assert_true(e->res->flood);
}

static void mtu(void **state)
{
	struct env *e = *state;

	/* U has MTU 1400: 1414 bytes untagged fit, tagged 1418 fit too */
	frame(e, BCAST, M1, 0, 0, 0, 0, 1414);
	run(e, A, NOW);
	assert_false(copy_on(e, U)->oversize);
	assert_int_equal(bvm_copy_len(e->res, copy_on(e, U)), 1418);
	frame(e, BCAST, M1, 0, 0, 0, 0, 1415);
	run(e, A, NOW);
	assert_true(copy_on(e, U)->oversize);
	assert_false(copy_on(e, T)->oversize);
	memset(e->stats, 0, BV_MAX_PORTS * sizeof(*e->stats));
	bvm_account(e->res, A, e->len, e->stats);
	assert_int_equal(e->stats[U].drops[BV_DROP_OVERSIZE], 1);
	assert_int_equal(e->stats[U].tx_packets, 0);
	assert_int_equal(e->stats[T].tx_packets, 1);
	assert_int_equal(e->stats[T].tx_bytes, 1419);
	assert_int_equal(e->stats[A].rx_bytes, 1415);
}

static void accounting(void **state)
{
	struct env *e = *state;

	frame(e, BCAST, M1, 0x8100, 20, 0, 0, 60);
	run(e, T, NOW);
	bvm_account(e->res, T, e->len, e->stats);
	frame(e, BCAST, M1, 0x8100, 10, 0, 0, 60);
	run(e, T, NOW);
	bvm_account(e->res, T, e->len, e->stats);
	assert_int_equal(e->stats[T].rx_packets, 2);
	assert_int_equal(e->stats[T].rx_bytes, 120);
	assert_int_equal(e->stats[T].drops[BV_DROP_VLAN_NOT_ALLOWED], 1);
	assert_int_equal(e->stats[A].tx_bytes, 56);	/* untagged */
	assert_int_equal(e->stats[U].tx_bytes, 60);	/* tagged */
	assert_int_equal(e->stats[B].tx_packets, 1);
}

/* Per VLAN: only frames classified into it; drops after classification. */
static void vlan_accounting(void **state)
{
	struct env *e = *state;
	struct bvm_vlan_stats v10 = {}, none = {}, zero = {};

	frame(e, BCAST, M1, 0x8100, 20, 0, 0, 60);	/* VID 20 not on T */
	run(e, T, NOW);
	bvm_account_vlan(e->res, e->len, &none);
	frame(e, BCAST, M1, 0, 0, 0, 0, 60);		/* U: no native VLAN */
	run(e, U, NOW);
	bvm_account_vlan(e->res, e->len, &none);
	assert_memory_equal(&none, &zero, sizeof(zero));

	frame(e, BCAST, M1, 0x8100, 10, 0, 0, 60);	/* flood */
	run(e, T, NOW);
	bvm_account_vlan(e->res, e->len, &v10);
	frame(e, BCAST, M2, 0, 0, 0, 0, 1415);		/* flood, U too small */
	run(e, A, NOW);
	bvm_account_vlan(e->res, e->len, &v10);
	frame(e, M2, M1, 0x8100, 10, 0, 0, 60);		/* known unicast to A */
	run(e, T, NOW);
	assert_int_equal(e->res->verdict, BVM_FORWARD);
	bvm_account_vlan(e->res, e->len, &v10);
	frame(e, M1, M1, 0x8100, 10, 0, 0, 60);		/* to itself: hairpin */
	run(e, T, NOW);
	bvm_account_vlan(e->res, e->len, &v10);

	assert_int_equal(v10.rx_packets, 4);
	assert_int_equal(v10.rx_bytes, 60 + 1415 + 60 + 60);
	assert_int_equal(v10.flood_packets, 2);
	assert_int_equal(v10.drops[BV_DROP_OVERSIZE - BV_DROP_FIRST_CLASSIFIED], 1);
	assert_int_equal(v10.drops[BV_DROP_HAIRPIN - BV_DROP_FIRST_CLASSIFIED], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T_(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T_(membership),
		T_(runts),
		T_(bad_sources),
		T_(link_local),
		T_(access_ports),
		T_(trunk_ports),
		T_(forms),
		T_(learning),
		T_(static_entries),
		T_(fdb_full),
		T_(learn_bound),
		T_(learn_limit),
		T_(isolation),
		T_(locked),
		T_(allow_ip),
		T_(flooding),
		T_(unicast),
		T_(mtu),
		T_(accounting),
		T_(vlan_accounting),
#undef T_
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
