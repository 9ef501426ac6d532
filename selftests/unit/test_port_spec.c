// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cmocka: the port grammar (loader/port_spec.c) and its readers: attach's
 * words, port set and port add, the configuration file (conf_parse.c) and
 * the libvirt metadata (tools/libvirt/domxml.c). Every keyword goes
 * through its writer and back; a keyword given twice is refused by every
 * reader; the same bad words give the same message everywhere.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "bpfvlan/conf.h"
#include "bpfvlan/port_spec.h"
#include "domxml.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_WORDS	16

/* @words split at spaces into @argv (modified in place). */
static int split(char *words, char **argv)
{
	int argc = 0;

	for (char *w = strtok(words, " "); w; w = strtok(NULL, " "))
		if (argc < MAX_WORDS)
			argv[argc++] = w;
	return argc;
}

/* bv_port_spec_parse() of @words; the message in @err. */
static int parse(unsigned int reader, const char *words,
		 struct bv_conf_port *p, char err[BV_PS_ERR_MAX])
{
	char buf[256], *argv[MAX_WORDS];

	snprintf(buf, sizeof(buf), "%s", words);
	memset(p, 0, sizeof(*p));
	return bv_port_spec_parse(reader, split(buf, argv), argv, p, err);
}

static int parse_keywords(unsigned int reader, const char *words,
			  struct bv_conf_port *p, char err[BV_PS_ERR_MAX])
{
	char buf[256], *argv[MAX_WORDS];

	snprintf(buf, sizeof(buf), "%s", words);
	memset(p, 0, sizeof(*p));
	return bv_port_spec_parse_keywords(reader, split(buf, argv), argv, p,
					   err);
}

/* One case per keyword, each given away from its default. */
static const struct round_trip {
	const char *keyword;
	unsigned int reader;
	const char *words;
} round_trips[] = {
	{ "native",	 BV_PS_ATTACH, "trunk 10,20 native 4011" },
	{ "mode",	 BV_PS_ATTACH, "access 4011 mode xdp" },
	{ "mode",	 BV_PS_FILE,   "trunk 1-4094 mode tc" },
	{ "learn-limit", BV_PS_ATTACH, "access 10 learn-limit 16777216" },
	{ "learn-limit", BV_PS_SET,    "learn-limit 64" },
	{ "isolated",	 BV_PS_ATTACH, "access 4094 isolated on" },
	{ "isolated",	 BV_PS_SET,    "isolated on" },
	{ "locked",	 BV_PS_FILE,   "trunk 10,4011 locked on" },
	{ "locked",	 BV_PS_SET,    "locked on" },
	{ "allow-ip",	 BV_PS_ATTACH, "access 10 allow-ip 10.0.0.0/8,192.0.2.5,2001:db8::/64" },
	{ "allow-ip",	 BV_PS_SET,    "allow-ip fe80::1" },
	{ "owner",	 BV_PS_ATTACH, "trunk 30 owner hook" },
	{ "mtu",	 BV_PS_ADD,    "internal 90 mtu 9000" },
	{ "mac",	 BV_PS_FILE,   "internal 90 mac 02:00:00:00:0f:ab" },
};

static void round_trip_every_keyword(void **state)
{
	unsigned int covered = 0, all = bv_port_spec_keywords(~0u);

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(round_trips); i++) {
		const struct round_trip *r = &round_trips[i];
		unsigned int bit = bv_port_spec_bit(r->keyword);
		struct bv_conf_port p, again;
		char err[BV_PS_ERR_MAX], words[BV_PS_FMT_MAX];
		char file[BV_PS_FMT_MAX], expect[64];
		const char *kw_words;
		int ret;

		assert_int_not_equal(bit, 0);
		assert_true(bv_port_spec_keywords(r->reader) & bit);
		ret = r->reader == BV_PS_SET ?
		      parse_keywords(r->reader, r->words, &p, err) :
		      parse(r->reader, r->words, &p, err);
		if (ret)
			fail_msg("%s: %s", r->words, err);
		assert_true(p.given & bit);
		/* The keyword written back is the words it came from. */
		kw_words = strstr(r->words, r->keyword);
		snprintf(expect, sizeof(expect), "%s", kw_words);
		bv_port_spec_format_keywords(&p, bit, words, sizeof(words));
		assert_string_equal(words, expect);
		assert_int_equal(parse_keywords(r->reader, words, &again, err), 0);
		assert_true(bv_port_spec_same(&again, &p, bit));
		/* What the file takes, written as the file writes it. */
		if (r->reader != BV_PS_SET) {
			bv_port_spec_format(&p, file, sizeof(file));
			assert_int_equal(parse(BV_PS_FILE, file, &again, err), 0);
			assert_true(bv_port_spec_same(&again, &p,
					bv_port_spec_keywords(BV_PS_FILE)));
			if (bv_port_spec_keywords(BV_PS_FILE) & bit)
				assert_non_null(strstr(file, expect));
		}
		covered |= bit;
	}
	/* A new keyword needs its case here. */
	assert_int_equal(covered, all);
}

static void format_leaves_defaults_out(void **state)
{
	struct bv_conf_port p;
	char err[BV_PS_ERR_MAX], out[BV_PS_FMT_MAX];

	(void)state;
	assert_int_equal(parse(BV_PS_ATTACH, "access 10 mode auto learn-limit 0 owner manual",
			       &p, err), 0);
	assert_string_equal(bv_port_spec_format(&p, out, sizeof(out)), "access 10");
	assert_int_equal(parse(BV_PS_FILE, "trunk 10,20,100-199 native 30 mode xdp learn-limit 5",
			       &p, err), 0);
	assert_string_equal(bv_port_spec_format(&p, out, sizeof(out)),
			    "trunk 10,20,100-199 native 30 mode xdp learn-limit 5");
	/* A trunk with only its native VLAN names it in the list. */
	memset(&p, 0, sizeof(p));
	p.mode = BV_MODE_TRUNK;
	p.pvid = 7;
	assert_string_equal(bv_port_spec_format(&p, out, sizeof(out)),
			    "trunk 7 native 7");
}

/* --- a keyword given twice ------------------------------------------------ */

static const char *const twice[] = {
	"access 10 mode tc mode xdp",
	"trunk 10 native 20 native 30",
	"access 10 learn-limit 5 learn-limit 5",
	"access 10 isolated on isolated off",
	"access 10 locked on locked on",
	"access 10 owner hook owner hook",
};

static void twice_in_attach(void **state)
{
	struct bv_conf_port p;
	char err[BV_PS_ERR_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(twice); i++) {
		assert_int_equal(parse(BV_PS_ATTACH, twice[i], &p, err), -EINVAL);
		assert_non_null(strstr(err, "\" given twice"));
	}
	assert_int_equal(parse(BV_PS_ADD, "internal 10 mtu 1500 mtu 9000", &p, err),
			 -EINVAL);
	assert_non_null(strstr(err, "\"mtu\" given twice"));
	assert_int_equal(parse_keywords(BV_PS_SET, "learn-limit 1 learn-limit 2",
					&p, err), -EINVAL);
	assert_string_equal(err, "\"learn-limit\" given twice");
}

static int parse_file(const char *words, struct bv_conf_error *err)
{
	char text[256];
	struct bv_conf c;
	int ret;

	snprintf(text, sizeof(text), "port eth0 %s\n", words);
	ret = bv_conf_parse(text, strlen(text), &c, err);
	bv_conf_free(&c);
	return ret;
}

static void twice_in_the_file(void **state)
{
	struct bv_conf_error err;

	(void)state;
	for (size_t i = 0; i + 1 < ARRAY_LEN(twice); i++) {	/* no owner in files */
		assert_int_equal(parse_file(twice[i], &err), -EINVAL);
		assert_non_null(strstr(err.msg, "\" given twice"));
	}
	assert_int_equal(parse_file("internal 10 mac 02:00:00:00:00:01 mac 02:00:00:00:00:01",
				    &err), -EINVAL);
	assert_string_equal(err.msg, "\"mac\" given twice");
}

/* A domain with one tap, web1-0, and a <bpfvlan:port> of @attrs. */
static int parse_xml(const char *attrs, char err[BV_LV_ERR_MAX])
{
	char xml[1024];
	struct bv_lv_domain dom;
	int ret;

	snprintf(xml, sizeof(xml),
		 "<domain><name>vm</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid><metadata>"
		 "<bpfvlan:ports xmlns:bpfvlan='urn:bpfvlan:libvirt:1'>"
		 "<bpfvlan:port dev='web1-0' %s/></bpfvlan:ports></metadata>"
		 "<devices><interface type='ethernet'>"
		 "<mac address='52:54:00:aa:00:01'/><target dev='web1-0'/>"
		 "</interface></devices></domain>", attrs);
	ret = bv_domxml_parse(xml, strlen(xml), true, &dom, err);
	bv_domxml_free(&dom);
	return ret;
}

static void twice_in_the_metadata(void **state)
{
	char err[BV_LV_ERR_MAX];

	(void)state;
	/* XML has no attribute twice: the document is refused whole. */
	assert_int_equal(parse_xml("mode='access' vlan='10' attach='tc' attach='xdp'",
				   err), -EINVAL);
	assert_non_null(strstr(err, "cannot parse the domain XML"));
	assert_int_equal(parse_xml("mode='access' vlan='10' attach='tc'", err), 0);
	assert_int_equal(parse_xml("mode='access' vlan='10' isolated='yes' lock='no'",
				   err), 0);
}

/* --- the same bad words, the same message --------------------------------- */

static const struct same_error {
	const char *words;	/* attach and the file */
	const char *attrs;	/* the metadata */
	const char *msg;	/* attach and the file */
	const char *xml_msg;	/* the metadata: the keyword as XML names it */
} same_errors[] = {
	{ "access 10 mode fast", "mode='access' vlan='10' attach='fast'",
	  "unknown mode \"fast\" (auto, xdp or tc)",
	  "unknown attach \"fast\" (auto, xdp or tc)" },
	{ "access 4095", "mode='access' vlan='4095'",
	  "invalid VID \"4095\" (VIDs are 1..4094)",
	  "invalid vlan \"4095\" (VIDs are 1..4094)" },
	{ "trunk 20-10", "mode='trunk' vlans='20-10'",
	  "invalid VID list \"20-10\" (like 10,20,100-199; VIDs are 1..4094)",
	  "invalid vlans \"20-10\" (like 10,20,100-199; VIDs are 1..4094)" },
	{ "trunk 10 native 0x1e", "mode='trunk' vlans='10' native='0x1e'",
	  "invalid native \"0x1e\" (VIDs are 1..4094)",
	  "invalid native \"0x1e\" (VIDs are 1..4094)" },
	{ "access 10 isolated yes", "mode='access' vlan='10' isolated='on'",
	  "invalid isolated \"yes\" (on or off)",
	  "invalid isolated \"on\" (yes or no)" },
	{ "trunk 10 locked 1", "mode='trunk' vlans='10' lock='true'",
	  "invalid locked \"1\" (on or off)",
	  "invalid lock \"true\" (yes or no)" },
	{ "access 10 allow-ip 10.0.0.1/8", "mode='access' vlan='10' ips='10.0.0.1/8'",
	  "invalid allow-ip \"10.0.0.1/8\" (like 192.0.2.5,2001:db8::/64, at most 16, host bits zero; or any)",
	  "invalid ips \"10.0.0.1/8\" (like 192.0.2.5,2001:db8::/64, at most 16, host bits zero; or any)" },
	{ "bridge 10", "mode='bridge' vlan='10'",
	  NULL,		/* the kinds each takes differ: below */
	  "unknown mode \"bridge\" (access or trunk)" },
};

static void same_error_everywhere(void **state)
{
	struct bv_conf_port p;
	struct bv_conf_error ferr;
	char err[BV_PS_ERR_MAX], xerr[BV_LV_ERR_MAX];
	const char *label = "bpfvlan port dev=\"web1-0\": ";

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(same_errors); i++) {
		const struct same_error *e = &same_errors[i];

		assert_int_equal(parse(BV_PS_ATTACH, e->words, &p, err), -EINVAL);
		assert_int_equal(parse_file(e->words, &ferr), -EINVAL);
		if (e->msg) {
			assert_string_equal(err, e->msg);
			assert_string_equal(ferr.msg, e->msg);
		}
		assert_int_equal(parse_xml(e->attrs, xerr), -EINVAL);
		assert_int_equal(strncmp(xerr, label, strlen(label)), 0);
		assert_string_equal(xerr + strlen(label), e->xml_msg);
	}
	/* attach takes access and trunk; a file internal ports too. */
	assert_int_equal(parse(BV_PS_ATTACH, "internal 10", &p, err), -EINVAL);
	assert_string_equal(err, "unknown port mode \"internal\" (access or trunk)");
	assert_int_equal(parse_file("bridge 10", &ferr), -EINVAL);
	assert_string_equal(ferr.msg,
			    "unknown port mode \"bridge\" (access, trunk or internal)");
}

/* Keywords go only where the table says. */
static void keywords_where_they_belong(void **state)
{
	struct bv_conf_port p;
	char err[BV_PS_ERR_MAX], xerr[BV_LV_ERR_MAX];

	(void)state;
	assert_int_equal(parse(BV_PS_ATTACH, "access 10 native 20", &p, err), -EINVAL);
	assert_string_equal(err, "unknown option \"native\" for access ports");
	assert_int_equal(parse(BV_PS_FILE, "access 10 owner hook", &p, err), -EINVAL);
	assert_int_equal(parse(BV_PS_FILE, "internal 10 mode tc", &p, err), -EINVAL);
	assert_int_equal(parse_keywords(BV_PS_SET, "mode tc", &p, err), -EINVAL);
	assert_string_equal(err, "unknown option \"mode\" for port set");
	assert_int_equal(parse(BV_PS_ATTACH, "trunk 10 mode", &p, err), -EINVAL);
	assert_string_equal(err, "\"mode\" needs a value");
	assert_int_equal(parse(BV_PS_ATTACH, "trunk", &p, err), -EINVAL);
	assert_string_equal(err, "\"trunk\" needs a VID list");
	assert_int_equal(parse_xml("mode='access' vlan='10' native='20'", xerr),
			 -EINVAL);
	assert_non_null(strstr(xerr, "mode=\"access\" takes vlan=, not native="));
	assert_true(bv_port_spec_xml_attr("attach"));
	assert_false(bv_port_spec_xml_attr("mode-"));
	assert_false(bv_port_spec_xml_attr("learn-limit"));
	assert_true(bv_port_spec_xml_attr("isolated"));
	assert_true(bv_port_spec_xml_attr("lock"));
	assert_true(bv_port_spec_xml_attr("ips"));
	assert_false(bv_port_spec_xml_attr("locked"));
	assert_int_equal(parse(BV_PS_ADD, "internal 10 isolated on", &p, err),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_every_keyword),
		cmocka_unit_test(format_leaves_defaults_out),
		cmocka_unit_test(twice_in_attach),
		cmocka_unit_test(twice_in_the_file),
		cmocka_unit_test(twice_in_the_metadata),
		cmocka_unit_test(same_error_everywhere),
		cmocka_unit_test(keywords_where_they_belong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
