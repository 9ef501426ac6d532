// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: where native XDP goes (loader/policy.c). */
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
	/* fed by NICs: XDP */
	assert_true(bv_port_wants_xdp(BV_ATTACH_AUTO, "bond", true));
	assert_true(bv_port_wants_xdp(BV_ATTACH_AUTO, "team", true));
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
