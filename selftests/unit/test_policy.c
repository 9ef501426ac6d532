// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: where native XDP goes, which device features change (loader/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "bpfvlan_maps.h"
#include "policy.h"

static void auto_mode(void **state)
{
	(void)state;
	/* hardware NIC (no rtnetlink kind) with native XDP: XDP */
	assert_true(bv_port_wants_xdp(BV_ATTACH_AUTO, "", true));
	/* without native XDP: TC */
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "", false));
	/* fed by a local stack: TC, native XDP or not */
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "veth", true));
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "tun", true));
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "macvtap", true));
	/* a bond's XDP program runs on its slaves, with their ifindex: TC */
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "bond", true));
	assert_false(bv_port_wants_xdp(BV_ATTACH_AUTO, "team", true));
}

static void no_xdp_reasons(void **state)
{
	(void)state;
	assert_null(bv_port_no_xdp_reason("", true));
	assert_null(bv_port_no_xdp_reason("veth", true));
	assert_non_null(bv_port_no_xdp_reason("", false));
	assert_non_null(bv_port_no_xdp_reason("bond", true));
	assert_non_null(bv_port_no_xdp_reason("team", true));
	assert_non_null(bv_port_no_xdp_reason("bond", false));
}

static void forced_modes(void **state)
{
	(void)state;
	assert_true(bv_port_wants_xdp(BV_ATTACH_XDP, "veth", true));
	assert_true(bv_port_wants_xdp(BV_ATTACH_XDP, "", true));
	assert_false(bv_port_wants_xdp(BV_ATTACH_XDP, "veth", false));
	assert_false(bv_port_wants_xdp(BV_ATTACH_TC, "", true));
	assert_false(bv_port_wants_xdp(BV_ATTACH_TC, "veth", true));
	assert_false(bv_port_wants_xdp(99, "", true));
	/* mode xdp on a bond: refused by the caller, never XDP */
	assert_false(bv_port_wants_xdp(BV_ATTACH_XDP, "bond", true));
}

#define F(f)		BV_FEAT(BV_FEAT_##f)
#define RX		(F(RX_CTAG) | F(RX_STAG))
#define TX		(F(TX_CTAG) | F(TX_STAG))
#define FILTERS		(F(FILTER_CTAG) | F(FILTER_STAG))
#define ALL		((1U << BV_NR_FEATURES) - 1)

/* A NIC as most drivers have it: RX offload and VLAN filter on. */
static void plan_nic(void **state)
{
	struct bv_features f = { .active = RX | F(FILTER_CTAG) | TX,
				 .changeable = ALL };
	struct bv_feature_plan p;

	(void)state;
	bv_feature_plan(&f, false, true, &p);
	assert_true(p.xdp);
	assert_int_equal(p.off, RX | F(FILTER_CTAG));	/* TX: veth only */
	assert_int_equal(p.stuck, 0);
	/* TC only: RX offload stays (TC reads the tag from the skb) */
	bv_feature_plan(&f, false, false, &p);
	assert_false(p.xdp);
	assert_int_equal(p.off, F(FILTER_CTAG));
}

static void plan_fixed(void **state)
{
	struct bv_features f = { .active = F(RX_CTAG) | F(FILTER_STAG),
				 .changeable = ALL & ~(F(RX_CTAG) | F(FILTER_STAG)) };
	struct bv_feature_plan p;

	(void)state;
	/* RX offload fixed on: XDP would not see the tags */
	bv_feature_plan(&f, false, true, &p);
	assert_false(p.xdp);
	assert_int_equal(p.off, 0);
	assert_int_equal(p.stuck, F(RX_CTAG) | F(FILTER_STAG));
	bv_feature_plan(&f, false, false, &p);
	assert_int_equal(p.stuck, F(FILTER_STAG));
	/* fixed off is fine */
	f.active = 0;
	bv_feature_plan(&f, false, true, &p);
	assert_true(p.xdp);
	assert_int_equal(p.off | p.stuck, 0);
}

static void plan_veth(void **state)
{
	struct bv_features f = { .active = RX | TX, .changeable = RX | TX };
	struct bv_feature_plan p;

	(void)state;
	bv_feature_plan(&f, true, true, &p);
	assert_true(p.xdp);
	assert_int_equal(p.off, RX | TX);
	bv_feature_plan(&f, true, false, &p);
	assert_int_equal(p.off, TX);
	/* only what is on is turned off */
	f.active = F(TX_STAG) | F(RX_CTAG);
	bv_feature_plan(&f, true, true, &p);
	assert_int_equal(p.off, F(TX_STAG) | F(RX_CTAG));
}

static void local_kinds(void **state)
{
	(void)state;
	assert_true(bv_kind_is_local("veth"));
	assert_true(bv_kind_is_local("tun"));
	assert_true(bv_kind_is_local("macvlan"));
	assert_false(bv_kind_is_local("bond"));
	assert_false(bv_kind_is_local("vlan"));
	assert_false(bv_kind_is_local("veth0"));
	assert_false(bv_kind_is_local(""));
	assert_false(bv_kind_is_local(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(auto_mode),
		cmocka_unit_test(forced_modes),
		cmocka_unit_test(local_kinds),
		cmocka_unit_test(no_xdp_reasons),
		cmocka_unit_test(plan_nic),
		cmocka_unit_test(plan_fixed),
		cmocka_unit_test(plan_veth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
