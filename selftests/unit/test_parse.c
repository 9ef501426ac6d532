// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: command-line value parsers (loader/parse.c), device names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "netlink.h"
#include "bpfvlan/iplist.h"
#include "bpfvlan/parse.h"

static void vid_bounds(void **state)
{
	uint16_t vid = 0;

	(void)state;
	assert_int_equal(bv_parse_vid("1", &vid), 0);
	assert_int_equal(vid, 1);
	assert_int_equal(bv_parse_vid("4094", &vid), 0);
	assert_int_equal(vid, 4094);
	assert_int_equal(bv_parse_vid("4011", &vid), 0);
	assert_int_equal(vid, 0xfab);
	assert_int_equal(bv_parse_vid("0", &vid), -ERANGE);
	assert_int_equal(bv_parse_vid("4095", &vid), -ERANGE);
	assert_int_equal(bv_parse_vid("99999999999999999999", &vid), -ERANGE);
	assert_int_equal(bv_parse_vid("abc", &vid), -EINVAL);
	assert_int_equal(bv_parse_vid("10a", &vid), -EINVAL);
	assert_int_equal(bv_parse_vid("-1", &vid), -EINVAL);
	assert_int_equal(bv_parse_vid("+5", &vid), -EINVAL);
	assert_int_equal(bv_parse_vid(" 5", &vid), -EINVAL);
	assert_int_equal(bv_parse_vid("", &vid), -EINVAL);
	assert_int_equal(vid, 0xfab);	/* failures leave the output alone */
}

static void vidlist_ranges(void **state)
{
	struct bv_vidset set;
	char buf[64];

	(void)state;
	assert_int_equal(bv_parse_vidlist("10,20,100-199", &set), 0);
	assert_int_equal(bv_vidset_count(&set), 102);
	assert_true(bv_vidset_test(&set, 10));
	assert_true(bv_vidset_test(&set, 199));
	assert_false(bv_vidset_test(&set, 200));
	assert_string_equal(bv_vidset_format(&set, buf, sizeof(buf)),
			    "10,20,100-199");
	assert_int_equal(bv_parse_vidlist("1-4094", &set), 0);
	assert_int_equal(bv_vidset_count(&set), 4094);
	assert_int_equal(bv_parse_vidlist("5,5,4-6", &set), 0);
	assert_string_equal(bv_vidset_format(&set, buf, sizeof(buf)), "4-6");
}

static void vidlist_rejects(void **state)
{
	static const char *const bad[] = {
		"", ",", "10,", ",10", "10,,20", "20-10", "0", "4095", "1-4095",
		"0-5", "10-", "-10", "a", "10-20-30", "1 0", "10;20",
		"123456789012345678",
	};
	struct bv_vidset set;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = bv_parse_vidlist(bad[i], &set);

		if (err != -EINVAL && err != -ERANGE)
			fail_msg("\"%s\" accepted (%d)", bad[i], err);
	}
}

static void mac_forms(void **state)
{
	const uint8_t want[6] = { 0x02, 0x00, 0xab, 0xCD, 0x00, 0x01 };
	uint8_t mac[6];
	char buf[18];

	(void)state;
	assert_int_equal(bv_parse_mac("02:00:ab:CD:00:01", mac), 0);
	assert_memory_equal(mac, want, 6);
	bv_mac_format(mac, buf);
	assert_string_equal(buf, "02:00:ab:cd:00:01");
	assert_int_equal(bv_parse_mac("02:00:ab:cd:00", mac), -EINVAL);
	assert_int_equal(bv_parse_mac("02:00:ab:cd:00:01:02", mac), -EINVAL);
	assert_int_equal(bv_parse_mac("02-00-ab-cd-00-01", mac), -EINVAL);
	assert_int_equal(bv_parse_mac("0g:00:ab:cd:00:01", mac), -EINVAL);
	assert_int_equal(bv_parse_mac("2:0:ab:cd:0:1", mac), -EINVAL);
	assert_int_equal(bv_parse_mac("", mac), -EINVAL);
}

/* Names of new links (internal ports): the kernel's rule, and no "%". */
static void ifname_rules(void **state)
{
	(void)state;
	assert_true(bv_ifname_valid("mgmt0"));
	assert_true(bv_ifname_valid("vlan4011"));
	assert_true(bv_ifname_valid("a"));
	assert_true(bv_ifname_valid("eth0.90-x_y"));
	assert_true(bv_ifname_valid("abcdefghijklmno"));	/* 15 */
	assert_false(bv_ifname_valid("abcdefghijklmnop"));	/* 16 */
	assert_false(bv_ifname_valid(""));
	assert_false(bv_ifname_valid("."));
	assert_false(bv_ifname_valid(".."));
	assert_false(bv_ifname_valid("a/b"));
	assert_false(bv_ifname_valid("a:b"));
	assert_false(bv_ifname_valid("bvi%d"));
	assert_false(bv_ifname_valid("a b"));
	assert_false(bv_ifname_valid("a\tb"));
	assert_false(bv_ifname_valid("a\nb"));
}

static void uint_ranges(void **state)
{
	unsigned long v;

	(void)state;
	assert_int_equal(bv_parse_uint("300", 1, 1000000, &v), 0);
	assert_int_equal(v, 300);
	assert_int_equal(bv_parse_uint("0", 1, 10, &v), -ERANGE);
	assert_int_equal(bv_parse_uint("11", 1, 10, &v), -ERANGE);
	assert_int_equal(bv_parse_uint("1e3", 1, 10000, &v), -EINVAL);
	assert_int_equal(bv_parse_uint("0x10", 1, 100, &v), -EINVAL);
}

static void seconds(void **state)
{
	static const char *const bad[] = {
		"", ".", "1.", ".5", "1.2345", "1..2", "1.2.3", "-1", "+1",
		" 1", "1 ", "1s", "1e3", "0x10", "1,5", "nan",
	};
	unsigned int ms = 77;

	(void)state;
	assert_int_equal(bv_parse_seconds("1", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 1000);
	assert_int_equal(bv_parse_seconds("0.5", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 500);
	assert_int_equal(bv_parse_seconds("0.1", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 100);
	assert_int_equal(bv_parse_seconds("2.125", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 2125);
	assert_int_equal(bv_parse_seconds("007.50", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 7500);
	assert_int_equal(bv_parse_seconds("3600", 100, 3600000, &ms), 0);
	assert_int_equal(ms, 3600000);
	ms = 77;
	assert_int_equal(bv_parse_seconds("0.099", 100, 3600000, &ms), -ERANGE);
	assert_int_equal(bv_parse_seconds("0", 100, 3600000, &ms), -ERANGE);
	assert_int_equal(bv_parse_seconds("3600.001", 100, 3600000, &ms), -ERANGE);
	assert_int_equal(bv_parse_seconds("99999999999999999999999", 100,
					  3600000, &ms), -ERANGE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(bv_parse_seconds(bad[i], 0, 3600000, &ms), -EINVAL);
	assert_int_equal(ms, 77);	/* failures leave the output alone */
}

/* allow-ip lists: sorted, no duplicates, read back as written. */
static void iplist_forms(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "192.0.2.5", "192.0.2.5" },
		{ "any", "any" },
		{ "2001:db8::5,192.0.2.5,192.0.2.5", "192.0.2.5,2001:db8::5" },
		{ "10.0.0.0/8,fe80::/64,0.0.0.0/0", "0.0.0.0/0,10.0.0.0/8,fe80::/64" },
		{ "192.0.2.1/32,2001:DB8::1/128", "192.0.2.1,2001:db8::1" },
		{ "::/0", "::/0" },
	};
	static const char *const bad[] = {
		"", ",", "192.0.2.5,", "10.0.0.1/8", "192.0.2.5/33",
		"2001:db8::1/129", "2001:db8::1/64", "host", "192.0.2",
		"1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,"
		"1.1.1.9,1.1.1.10,1.1.1.11,1.1.1.12,1.1.1.13,1.1.1.14,1.1.1.15,"
		"1.1.1.16,1.1.1.17", "192.0.2.5/-1", "anyway",
	};
	struct bv_iplist l, again;
	char buf[BV_IPLIST_FMT_MAX];
	uint8_t a[16];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(bv_iplist_parse(ok[i].in, &l), 0);
		assert_string_equal(bv_iplist_format(&l, buf, sizeof(buf)),
				    ok[i].out);
		assert_int_equal(bv_iplist_parse(buf, &again), 0);
		assert_memory_equal(&l, &again, sizeof(l));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (bv_iplist_parse(bad[i], &l) != -EINVAL)
			fail_msg("allow-ip \"%s\" taken", bad[i]);
	assert_int_equal(bv_iplist_parse("10.0.0.0/8,2001:db8::/64", &l), 0);
	bv_ip4_mapped((const uint8_t[]){ 10, 9, 8, 7 }, a);
	assert_true(bv_iplist_allows(&l, a));
	bv_ip4_mapped((const uint8_t[]){ 11, 0, 0, 1 }, a);
	assert_false(bv_iplist_allows(&l, a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vid_bounds),
		cmocka_unit_test(vidlist_ranges),
		cmocka_unit_test(vidlist_rejects),
		cmocka_unit_test(mac_forms),
		cmocka_unit_test(iplist_forms),
		cmocka_unit_test(uint_ranges),
		cmocka_unit_test(seconds),
		cmocka_unit_test(ifname_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
