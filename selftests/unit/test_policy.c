// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: where native XDP goes, which device features change (loader/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "bpfvlan_maps.h"
#include "policy.h"

#define YES	BV_NATIVE_YES
#define NO	BV_NATIVE_NO
#define UNKNOWN	BV_NATIVE_UNKNOWN

/* A kernel with bpf_xdp_metadata_rx_vlan_tag (6.8+). */
static enum bv_no_xdp pol(int attach, const char *kind, int native)
{
	return bv_port_xdp_policy(attach, kind, native, true);
}

/* One without it (6.1, 6.3-6.7). */
static enum bv_no_xdp old(int attach, const char *kind, int native)
{
	return bv_port_xdp_policy(attach, kind, native, false);
}

static void auto_mode(void **state)
{
	(void)state;
	/* hardware NIC (no rtnetlink kind) with native XDP: XDP */
	assert_int_equal(pol(BV_ATTACH_AUTO, "", YES), BV_NOXDP_NONE);
	/* without native XDP: TC */
	assert_int_equal(pol(BV_ATTACH_AUTO, "", NO), BV_NOXDP_DRIVER);
	/* fed by a local stack: TC, native XDP or not */
	assert_int_equal(pol(BV_ATTACH_AUTO, "veth", YES), BV_NOXDP_LOCAL);
	assert_int_equal(pol(BV_ATTACH_AUTO, "tun", YES), BV_NOXDP_LOCAL);
	assert_int_equal(pol(BV_ATTACH_AUTO, "macvtap", NO), BV_NOXDP_DRIVER);
	/* a bond's XDP program runs on its slaves, with their ifindex: TC */
	assert_int_equal(pol(BV_ATTACH_AUTO, "bond", YES), BV_NOXDP_SLAVES);
	assert_int_equal(pol(BV_ATTACH_AUTO, "team", YES), BV_NOXDP_SLAVES);
	/* none of it is an error */
	for (int why = 0; why < BV_NOXDP_MAX; why++)
		assert_false(bv_no_xdp_refused(BV_ATTACH_AUTO, why));
}

static void forced_modes(void **state)
{
	(void)state;
	assert_int_equal(pol(BV_ATTACH_XDP, "veth", YES), BV_NOXDP_NONE);
	assert_int_equal(pol(BV_ATTACH_XDP, "", YES), BV_NOXDP_NONE);
	assert_int_equal(pol(BV_ATTACH_XDP, "veth", NO), BV_NOXDP_DRIVER);
	assert_int_equal(pol(BV_ATTACH_TC, "", YES), BV_NOXDP_MODE_TC);
	assert_int_equal(pol(BV_ATTACH_TC, "veth", YES), BV_NOXDP_MODE_TC);
	assert_int_equal(pol(99, "", YES), BV_NOXDP_MODE_TC);
	/* mode xdp on a bond: refused by the caller, never XDP */
	assert_int_equal(pol(BV_ATTACH_XDP, "bond", YES), BV_NOXDP_SLAVES);
	assert_true(bv_no_xdp_refused(BV_ATTACH_XDP, BV_NOXDP_SLAVES));
	assert_true(bv_no_xdp_refused(BV_ATTACH_XDP, BV_NOXDP_DRIVER));
	assert_false(bv_no_xdp_refused(BV_ATTACH_XDP, BV_NOXDP_NONE));
	assert_false(bv_no_xdp_refused(BV_ATTACH_TC, BV_NOXDP_MODE_TC));
}

/*
 * A kernel without the RX VLAN kfunc: XDP only where the tags are in the
 * frame. A veth's peer may keep them in skb metadata (its TX VLAN
 * offload): XDP would put such a frame into the native/access VLAN.
 */
static void kernel_without_kfunc(void **state)
{
	(void)state;
	assert_int_equal(old(BV_ATTACH_XDP, "veth", YES), BV_NOXDP_KERNEL_TAGS);
	assert_true(bv_no_xdp_refused(BV_ATTACH_XDP, BV_NOXDP_KERNEL_TAGS));
	/* mode auto keeps veths on TC anyway, for the reason it always had */
	assert_int_equal(old(BV_ATTACH_AUTO, "veth", YES), BV_NOXDP_LOCAL);
	/* tun writes the bytes QEMU wrote, tags included */
	assert_int_equal(old(BV_ATTACH_XDP, "tun", YES), BV_NOXDP_NONE);
	/* a NIC's tags are in the frame with RX VLAN offload off (devconf) */
	assert_int_equal(old(BV_ATTACH_AUTO, "", YES), BV_NOXDP_NONE);
	assert_int_equal(old(BV_ATTACH_XDP, "", YES), BV_NOXDP_NONE);
	/* and the driver's own answer still comes first */
	assert_int_equal(old(BV_ATTACH_XDP, "veth", NO), BV_NOXDP_DRIVER);
	assert_int_equal(old(BV_ATTACH_TC, "veth", YES), BV_NOXDP_MODE_TC);
}

/* A kernel without XDP features (before 6.3): a NIC's driver is unknown
 * until the attach; it counts as native, the attach finds out.
 */
static void native_unknown(void **state)
{
	(void)state;
	assert_int_equal(old(BV_ATTACH_AUTO, "", UNKNOWN), BV_NOXDP_NONE);
	assert_int_equal(old(BV_ATTACH_XDP, "", UNKNOWN), BV_NOXDP_NONE);
	assert_int_equal(old(BV_ATTACH_AUTO, "bond", UNKNOWN), BV_NOXDP_SLAVES);
	assert_int_equal(old(BV_ATTACH_TC, "", UNKNOWN), BV_NOXDP_MODE_TC);
}

static void no_xdp_names(void **state)
{
	(void)state;
	assert_string_equal(bv_no_xdp_name(BV_NOXDP_NONE), "");
	for (int why = 1; why < BV_NOXDP_MAX; why++)
		assert_true(bv_no_xdp_name(why)[0]);
	assert_string_equal(bv_no_xdp_name(BV_NOXDP_MAX), "?");
}

/* The reason lives in four bits of the port's flags, beside the others. */
static void no_xdp_in_flags(void **state)
{
	struct bv_port p = { .flags = BV_PORT_F_XDP_TX | BV_PORT_F_OWNER_MASK };

	(void)state;
	assert_true(BV_NOXDP_MAX - 1 <=
		    BV_PORT_F_NOXDP_MASK >> BV_PORT_NOXDP_SHIFT);
	bv_port_set_no_xdp(&p, BV_NOXDP_KERNEL_TAGS);
	assert_int_equal(bv_port_no_xdp(&p), BV_NOXDP_KERNEL_TAGS);
	bv_port_set_no_xdp(&p, BV_NOXDP_NONE);
	assert_int_equal(bv_port_no_xdp(&p), BV_NOXDP_NONE);
	assert_int_equal(p.flags, BV_PORT_F_XDP_TX | BV_PORT_F_OWNER_MASK);
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
		cmocka_unit_test(kernel_without_kfunc),
		cmocka_unit_test(native_unknown),
		cmocka_unit_test(no_xdp_names),
		cmocka_unit_test(no_xdp_in_flags),
		cmocka_unit_test(plan_nic),
		cmocka_unit_test(plan_fixed),
		cmocka_unit_test(plan_veth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
