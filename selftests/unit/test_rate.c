// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: rates from two samples of counters (tools/rate.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "rate.h"

#define MS	1000000ULL
#define SEC	1000000000ULL

static void elapsed_measured(void **state)
{
	(void)state;
	assert_int_equal(bv_elapsed_ns(5 * SEC, 6 * SEC + 250 * MS), 1250 * MS);
	/* the same instant, or a clock that went back: no time, no rate */
	assert_int_equal(bv_elapsed_ns(7 * SEC, 7 * SEC), 0);
	assert_int_equal(bv_elapsed_ns(7 * SEC, 6 * SEC), 0);
	assert_true(bv_per_sec(100, 0) == 0.0);
	/* the measured time, never an assumed second */
	assert_true(bv_per_sec(100, SEC) == 100.0);
	assert_true(bv_per_sec(100, 1250 * MS) == 80.0);
	assert_true(bv_per_sec(1, 2 * SEC) == 0.5);
	assert_true(bv_per_sec(UINT64_MAX, SEC) > 1.8e19);
}

static void port_rates_from_delta(void **state)
{
	struct bv_port_stats a = {}, b = {};
	struct bv_port_rates r;

	(void)state;
	a.rx_packets = 1000;
	a.rx_bytes = 64000;
	a.tx_packets = 10;
	a.tx_bytes = 1500;
	a.drops[BV_DROP_HAIRPIN] = 7;
	b = a;
	b.rx_packets += 500;
	b.rx_bytes += 32000;
	b.tx_packets += 5;
	b.tx_bytes += 750;
	b.drops[BV_DROP_HAIRPIN] += 2;
	b.drops[BV_DROP_NO_EGRESS] += 3;
	bv_port_rates(&a, &b, 500 * MS, &r);
	assert_true(r.rx_pps == 1000.0);
	assert_true(r.rx_bps == 512000.0);		/* bits */
	assert_true(r.tx_pps == 10.0);
	assert_true(r.tx_bps == 12000.0);
	assert_true(r.drops_pps[BV_DROP_HAIRPIN] == 4.0);
	assert_true(r.drops_pps[BV_DROP_NO_EGRESS] == 6.0);
	assert_true(r.drops_pps[BV_DROP_RUNT] == 0.0);
	assert_true(r.drop_pps == 10.0);
	/* nothing moved: zero everywhere */
	bv_port_rates(&b, &b, SEC, &r);
	assert_true(r.rx_pps == 0.0 && r.tx_bps == 0.0 && r.drop_pps == 0.0);
}

/* A new port in the slot, or the same device attached again, counts from
 * zero: one counter going backwards means all start again.
 */
static void port_restart(void **state)
{
	struct bv_port_stats old = {}, now = {};
	struct bv_port_rates r;

	(void)state;
	old.rx_packets = 1000000;
	old.rx_bytes = 64000000;
	old.tx_packets = 3;
	now.rx_packets = 200;
	now.rx_bytes = 12800;
	now.tx_packets = 5;	/* grew past the old value: still from zero */
	assert_true(bv_port_stats_restarted(&old, &now));
	bv_port_rates(&old, &now, SEC, &r);
	assert_true(r.rx_pps == 200.0);
	assert_true(r.rx_bps == 102400.0);
	assert_true(r.tx_pps == 5.0);
	/* one drop counter alone going back is a restart too */
	now = old;
	now.rx_packets += 10;
	old.drops[BV_DROP_TX_ERROR] = 1;
	assert_true(bv_port_stats_restarted(&old, &now));
	bv_port_rates(&old, &now, SEC, &r);
	assert_true(r.rx_pps == 1000010.0);
	/* so is an event counter */
	now = old;
	old.events[BV_EV_FDB_FULL] = 1;
	assert_true(bv_port_stats_restarted(&old, &now));
	old.events[BV_EV_FDB_FULL] = 0;
	assert_false(bv_port_stats_restarted(&old, &now));
	/* no previous sample: a port that came in the interval */
	bv_port_rates(NULL, &now, 2 * SEC, &r);
	assert_true(r.rx_pps == 500000.0);
}

/* 64-bit counters do not wrap in practice; one that did would look like a
 * restart: a rate from zero, never a huge or negative one.
 */
static void counter_wrap(void **state)
{
	struct bv_port_stats a = {}, b = {};
	struct bv_port_rates r;

	(void)state;
	a.rx_packets = UINT64_MAX - 5;
	b.rx_packets = 4;
	bv_port_rates(&a, &b, SEC, &r);
	assert_true(r.rx_pps == 4.0);
}

static void vlan_rates(void **state)
{
	struct bv_vlan_stats a = {}, b = {};
	struct bv_vlan_rates r;
	const int noeg = BV_DROP_NO_EGRESS - BV_DROP_FIRST_CLASSIFIED;

	(void)state;
	a.rx_packets = 10;
	a.flood_packets = 4;
	b = a;
	b.rx_packets += 30;
	b.rx_bytes += 3000;
	b.flood_packets += 6;
	b.drops[noeg] += 3;
	bv_vlan_rates(&a, &b, 3 * SEC, &r);
	assert_true(r.rx_pps == 10.0);
	assert_true(r.rx_bps == 8000.0);
	assert_true(r.flood_pps == 2.0);
	assert_true(r.drops_pps[noeg] == 1.0);
	assert_true(r.drop_pps == 1.0);
	/* restarted (unload and load between the samples) */
	assert_true(bv_vlan_stats_restarted(&b, &a));
	bv_vlan_rates(&b, &a, SEC, &r);
	assert_true(r.rx_pps == 10.0 && r.flood_pps == 4.0);
	bv_vlan_rates(NULL, &a, SEC, &r);
	assert_true(r.rx_pps == 10.0);
}

static void si_format(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(bv_fmt_si(0, b, sizeof(b)), "0");
	assert_string_equal(bv_fmt_si(-3, b, sizeof(b)), "0");
	assert_string_equal(bv_fmt_si(0.5, b, sizeof(b)), "0.5");
	assert_string_equal(bv_fmt_si(7, b, sizeof(b)), "7");
	assert_string_equal(bv_fmt_si(950, b, sizeof(b)), "950");
	assert_string_equal(bv_fmt_si(999.4, b, sizeof(b)), "999");
	assert_string_equal(bv_fmt_si(999.6, b, sizeof(b)), "1.00k");
	assert_string_equal(bv_fmt_si(1234, b, sizeof(b)), "1.23k");
	assert_string_equal(bv_fmt_si(12345, b, sizeof(b)), "12.3k");
	assert_string_equal(bv_fmt_si(123456, b, sizeof(b)), "123k");
	assert_string_equal(bv_fmt_si(10e9, b, sizeof(b)), "10.0G");
	assert_string_equal(bv_fmt_si(1e30, b, sizeof(b)), "1000000000000E");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elapsed_measured),
		cmocka_unit_test(port_rates_from_delta),
		cmocka_unit_test(port_restart),
		cmocka_unit_test(counter_wrap),
		cmocka_unit_test(vlan_rates),
		cmocka_unit_test(si_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
