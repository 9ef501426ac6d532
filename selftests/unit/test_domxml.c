// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* cmocka: the bpfvlan metadata of a libvirt domain XML (tools/libvirt/domxml.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "bpfvlan_maps.h"
#include "domxml.h"

/* Three ethernet interfaces, a bridge-type one, and METADATA in between. */
#define DOMAIN(metadata)						\
	DOMAIN_UUID("<uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n", metadata)
#define DOMAIN_UUID(uuid, metadata)					\
	"<domain type='qemu'>\n"					\
	"  <name>web1</name>\n"						\
	uuid								\
	"  <metadata>\n"						\
	"    <app:info xmlns:app='urn:example:app'><app:port dev='web1-0'/></app:info>\n" \
	metadata							\
	"  </metadata>\n"						\
	"  <devices>\n"							\
	"    <interface type='ethernet'>\n"				\
	"      <mac address='52:54:00:aa:00:01'/>\n"			\
	"      <target dev='web1-0' managed='yes'/>\n"			\
	"      <model type='virtio'/>\n"				\
	"    </interface>\n"						\
	"    <interface type='ethernet'>\n"				\
	"      <mac address='52:54:00:aa:00:02'/>\n"			\
	"      <target dev='vnet7'/>\n"					\
	"    </interface>\n"						\
	"    <interface type='ethernet'>\n"				\
	"      <mac address='52:54:00:aa:00:03'/>\n"			\
	"      <target dev='admintap' managed='no'/>\n"			\
	"    </interface>\n"						\
	"    <interface type='bridge'>\n"				\
	"      <mac address='52:54:00:aa:00:04'/>\n"			\
	"      <source bridge='br0'/><target dev='vnet8'/>\n"		\
	"    </interface>\n"						\
	"  </devices>\n"						\
	"</domain>\n"

#define PORTS(body)							\
	"    <bpfvlan:ports xmlns:bpfvlan='urn:bpfvlan:libvirt:1'>\n"	\
	body								\
	"    </bpfvlan:ports>\n"

static struct bv_lv_domain dom;
static char err[BV_LV_ERR_MAX];

static int parse(const char *xml, bool need_all)
{
	bv_domxml_free(&dom);
	return bv_domxml_parse(xml, strlen(xml), need_all, &dom, err);
}

/* Parsing fails, and the message contains @what. */
static void expect_bad(const char *xml, const char *what)
{
	assert_int_equal(parse(xml, true), -EINVAL);
	if (!strstr(err, what))
		fail_msg("message \"%s\" lacks \"%s\"", err, what);
	assert_int_equal(dom.nr_ports, 0);
	assert_null(dom.ports);
}

static int teardown(void **state)
{
	(void)state;
	bv_domxml_free(&dom);
	return 0;
}

static void good_ports(void **state)
{
	static const uint8_t mac2[6] = { 0x52, 0x54, 0, 0xaa, 0, 0x02 };
	static const uint8_t uuid[16] = {
		0x4d, 0xea, 0x22, 0xb3, 0x1d, 0x52, 0xd8, 0xf3,
		0x25, 0x16, 0x78, 0x2e, 0x98, 0xab, 0x3f, 0xa0,
	};
	const struct bv_lv_port *p;

	(void)state;
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' bridge='bv1' mode='access' vlan='4011'/>\n"
		"<bpfvlan:port mac='52:54:00:AA:00:02' mode='trunk' vlans='20,30-39' native='30' attach='tc'/>\n"
	)), true), 0);
	assert_string_equal(dom.name, "web1");
	assert_true(dom.has_uuid);
	assert_memory_equal(dom.uuid, uuid, sizeof(uuid));
	assert_int_equal(dom.nr_ports, 2);

	p = &dom.ports[0];
	assert_string_equal(p->port.dev, "web1-0");
	assert_string_equal(p->bridge, "bv1");
	assert_int_equal(p->port.mode, BV_MODE_ACCESS);
	assert_int_equal(p->port.pvid, 4011);
	assert_int_equal(bv_vidset_count(&p->port.tagged), 0);
	assert_int_equal(p->port.attach, BV_ATTACH_AUTO);
	assert_true(p->has_mac);	/* taken from the interface */
	assert_int_equal(p->mac[5], 0x01);
	assert_true(p->static_mac);	/* default on access ports */
	assert_false(p->unmanaged);

	p = &dom.ports[1];
	assert_string_equal(p->port.dev, "vnet7");	/* tap name from the interface */
	assert_memory_equal(p->mac, mac2, 6);
	assert_string_equal(p->bridge, "bv0");	/* default bridge */
	assert_int_equal(p->port.mode, BV_MODE_TRUNK);
	assert_int_equal(p->port.pvid, 30);
	assert_int_equal(bv_vidset_count(&p->port.tagged), 11);
	assert_true(bv_vidset_test(&p->port.tagged, 20));
	assert_true(bv_vidset_test(&p->port.tagged, 39));
	assert_false(bv_vidset_test(&p->port.tagged, 21));
	assert_int_equal(p->port.attach, BV_ATTACH_TC);
	assert_false(p->static_mac);	/* trunks learn */
}

/* One ethernet interface with libvirt's words of port security. */
#define SEC_DOMAIN(iface_extra, attrs)					\
	"<domain><name>vm</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>" \
	"<metadata><bpfvlan:ports xmlns:bpfvlan='urn:bpfvlan:libvirt:1'>"	\
	"<bpfvlan:port dev='web1-0' " attrs "/></bpfvlan:ports></metadata>" \
	"<devices><interface type='ethernet'>"				\
	"<mac address='52:54:00:aa:00:01'/><target dev='web1-0'/>"	\
	iface_extra "</interface></devices></domain>"

static const char *ips_of(const struct bv_lv_port *p, char *buf)
{
	return bv_iplist_format(&p->port.allow_ip, buf, BV_IPLIST_FMT_MAX);
}

static void port_security(void **state)
{
	char buf[BV_IPLIST_FMT_MAX];
	const struct bv_lv_port *p;

	(void)state;
	/* Defaults: an access port with its MAC static is locked, nothing
	 * else; a trunk is not locked.
	 */
	assert_int_equal(parse(SEC_DOMAIN("", "mode='access' vlan='10'"), true), 0);
	p = &dom.ports[0];
	assert_true(p->port.locked);
	assert_false(p->port.isolated);
	assert_int_equal(p->port.allow_ip.nr, 0);
	assert_int_equal(parse(SEC_DOMAIN("", "mode='trunk' vlans='10'"), true), 0);
	assert_false(dom.ports[0].port.locked);
	assert_int_equal(parse(SEC_DOMAIN("", "mode='access' vlan='10' fdb='learn'"), true), 0);
	assert_false(dom.ports[0].port.locked);
	/* The metadata's words. */
	assert_int_equal(parse(SEC_DOMAIN("", "mode='access' vlan='10' lock='no' "
					  "isolated='yes' ips='192.0.2.5'"), true), 0);
	p = &dom.ports[0];
	assert_false(p->port.locked);
	assert_true(p->port.isolated);
	assert_string_equal(ips_of(p, buf), "192.0.2.5");
	/* IPv6 brings the link-local address of the MAC along. */
	assert_int_equal(parse(SEC_DOMAIN("", "mode='access' vlan='10' "
					  "ips='192.0.2.5,2001:db8::5'"), true), 0);
	assert_string_equal(ips_of(&dom.ports[0], buf),
			    "192.0.2.5,2001:db8::5,fe80::5054:ff:feaa:1");
	assert_int_equal(parse(SEC_DOMAIN("", "mode='access' vlan='10' "
					  "ips='2001:db8::5,fe80::/64'"), true), 0);
	assert_string_equal(ips_of(&dom.ports[0], buf), "2001:db8::5,fe80::/64");
	/* libvirt's words: <port isolated='yes'/>, nwfilter's filterref. */
	assert_int_equal(parse(SEC_DOMAIN(
		"<port isolated='yes'/><filterref filter='clean-traffic'>"
		"<parameter name='IP' value='10.0.0.5'/>"
		"<parameter name='IP' value='10.0.0.6'/>"
		"<parameter name='CTRL_IP_LEARNING' value='none'/></filterref>",
		"mode='access' vlan='10'"), true), 0);
	p = &dom.ports[0];
	assert_true(p->port.isolated);
	assert_true(p->port.locked);
	assert_string_equal(ips_of(p, buf), "10.0.0.5,10.0.0.6");
	/* The metadata wins. */
	assert_int_equal(parse(SEC_DOMAIN(
		"<port isolated='yes'/><filterref filter='no-ip-spoofing'>"
		"<parameter name='IP' value='10.0.0.5'/></filterref>",
		"mode='access' vlan='10' isolated='no' ips='any'"), true), 0);
	p = &dom.ports[0];
	assert_false(p->port.isolated);
	assert_int_equal(p->port.allow_ip.nr, 0);
	/* A filter of someone else's, or one without IP: no list. */
	assert_int_equal(parse(SEC_DOMAIN(
		"<filterref filter='my-filter'><parameter name='IP' value='10.0.0.5'/></filterref>",
		"mode='access' vlan='10'"), true), 0);
	assert_int_equal(dom.ports[0].port.allow_ip.nr, 0);
	assert_int_equal(parse(SEC_DOMAIN("<filterref filter='clean-traffic'/>",
					  "mode='access' vlan='10'"), true), 0);
	assert_int_equal(dom.ports[0].port.allow_ip.nr, 0);
	/* Refused: a lock without a static MAC, an IP bpfvlan cannot take. */
	expect_bad(SEC_DOMAIN("", "mode='access' vlan='10' fdb='learn' lock='yes'"),
		   "lock=\"yes\" needs the VM's MAC static");
	expect_bad(SEC_DOMAIN("", "mode='trunk' vlans='10' lock='yes'"),
		   "lock=\"yes\" needs the VM's MAC static");
	expect_bad(SEC_DOMAIN("<filterref filter='clean-traffic'>"
			      "<parameter name='IP' value='10.0.0.300'/></filterref>",
			      "mode='access' vlan='10'"),
		   "filterref parameter IP=\"10.0.0.300\"");
	expect_bad(SEC_DOMAIN("", "mode='access' vlan='10' isolated='on'"),
		   "invalid isolated \"on\" (yes or no)");
}

static void match_by_dev_and_mac(void **state)
{
	(void)state;
	/* dev and mac of the same interface: fine */
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='admintap' mac='52:54:00:aa:00:03' mode='access' vlan='10' fdb='learn'/>\n"
	)), true), 0);
	assert_int_equal(dom.nr_ports, 1);
	assert_true(dom.ports[0].unmanaged);
	assert_false(dom.ports[0].static_mac);
	/* dev of one interface, MAC of another: no interface has both */
	expect_bad(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mac='52:54:00:aa:00:02' mode='access' vlan='10'/>\n")),
		"no <interface>");
}

static void no_metadata(void **state)
{
	(void)state;
	/* Only someone else's metadata: not ours, nothing to do. */
	assert_int_equal(parse(DOMAIN(""), true), 0);
	assert_int_equal(dom.nr_ports, 0);
	assert_int_equal(parse("<domain><name>x</name></domain>", true), 0);
	assert_int_equal(dom.nr_ports, 0);
	/* Our element name in another namespace is not ours either. */
	assert_int_equal(parse(DOMAIN(
		"<x:ports xmlns:x='urn:bpfvlan:libvirt:2'><x:port dev='web1-0' mode='bogus'/></x:ports>\n"
	), true), 0);
	assert_int_equal(dom.nr_ports, 0);
}

static void foreign_namespaces_ignored(void **state)
{
	(void)state;
	assert_int_equal(parse(DOMAIN(PORTS(
		"<!-- a comment -->\n"
		"<other:note xmlns:other='urn:example:other'>text</other:note>\n"
		"<bpfvlan:port xmlns:o='urn:example:o' o:owner='ops' dev='web1-0' mode='access' vlan='10'/>\n"
	)), true), 0);
	assert_int_equal(dom.nr_ports, 1);
}

static void missing_attributes(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS("<bpfvlan:port mode='access' vlan='10'/>\n")),
		   "needs dev=");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' vlan='10'/>\n")),
		   "needs mode=");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access'/>\n")),
		   "needs vlan=");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk'/>\n")),
		   "needs vlans= or native=");
	/* a trunk with only a native VLAN is a valid port */
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mode='trunk' native='7'/>\n")), true), 0);
	assert_int_equal(dom.ports[0].port.pvid, 7);
}

static void bad_vids(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='0'/>\n")),
		   "invalid vlan \"0\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='4095'/>\n")),
		   "invalid vlan \"4095\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10x'/>\n")),
		   "invalid vlan \"10x\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan=''/>\n")),
		   "invalid vlan");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk' vlans='30-20'/>\n")),
		   "invalid vlans \"30-20\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk' vlans='10,4095'/>\n")),
		   "invalid vlans");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk' vlans='10' native='-1'/>\n")),
		   "invalid native \"-1\"");
	/* access takes one VID, trunk a list: the other word is a mistake */
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10' native='20'/>\n")),
		   "not native=");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk' vlan='10'/>\n")),
		   "not vlan=");
}

static void unknown_words(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='Access' vlan='10'/>\n")),
		   "unknown mode \"Access\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlna='10'/>\n")),
		   "unknown attribute \"vlna\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10' attach='fast'/>\n")),
		   "unknown attach \"fast\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10' fdb='none'/>\n")),
		   "unknown fdb \"none\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='trunk' vlans='10' fdb='static'/>\n")),
		   "fdb=\"static\" needs mode=\"access\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:prot dev='web1-0' mode='access' vlan='10'/>\n")),
		   "unknown element bpfvlan:prot");
	expect_bad(DOMAIN("<bv:port xmlns:bv='urn:bpfvlan:libvirt:1' dev='web1-0' mode='access' vlan='10'/>\n"),
		   "unknown element bpfvlan:port in <metadata>");
	expect_bad(DOMAIN(PORTS("") PORTS("")), "more than one bpfvlan:ports");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10' bridge='a-bridge-name-too-long'/>\n")),
		   "invalid bridge");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port mac='52:54:00:aa:00:0g' mode='access' vlan='10'/>\n")),
		   "invalid mac");
}

static void interface_must_exist(void **state)
{
	(void)state;
	/* Starting: metadata for a tap the domain does not have is an error. */
	expect_bad(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n"
		"<bpfvlan:port dev='web1-9' mode='access' vlan='10'/>\n")),
		"dev=\"web1-9\": no <interface>");
	expect_bad(DOMAIN(PORTS(
		"<bpfvlan:port mac='52:54:00:aa:00:99' mode='access' vlan='10'/>\n")),
		"no <interface> of the domain has this MAC");
	/* Stopping: libvirt may have dropped tap names; such ports are kept
	 * as their metadata says (the stop needs their bridges).
	 */
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n"
		"<bpfvlan:port dev='web1-9' bridge='bv2' mode='access' vlan='10'/>\n")), false), 0);
	assert_int_equal(dom.nr_ports, 2);
	assert_string_equal(dom.ports[0].port.dev, "web1-0");
	assert_string_equal(dom.ports[1].bridge, "bv2");
}

/* Names follow the rules every reader applies (bv_ifname_valid,
 * bv_bridge_name_valid), before the hook looks for a device or a path.
 */
static void bad_names(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' bridge='../../x' mode='access' vlan='10'/>\n")),
		   "invalid bridge \"../../x\" (1-15 characters: letters, digits, _ -)");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' bridge='bv.1' mode='access' vlan='10'/>\n")),
		   "invalid bridge \"bv.1\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0' bridge='' mode='access' vlan='10'/>\n")),
		   "invalid bridge \"\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='../web1' mode='access' vlan='10'/>\n")),
		   "invalid dev \"../web1\" (1-15 characters, no / : % or spaces)");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='..' mode='access' vlan='10'/>\n")),
		   "invalid dev \"..\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='a b' mode='access' vlan='10'/>\n")),
		   "invalid dev \"a b\"");
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='web1-0123456789a' mode='access' vlan='10'/>\n")),
		   "invalid dev");
	/* At a stop as at a start. */
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' bridge='../x' mode='access' vlan='10'/>\n")),
		false), -EINVAL);
	assert_non_null(strstr(err, "invalid bridge"));
}

/* The hook records the domain's UUID on its ports: one is needed, valid. */
static void uuid_needed(void **state)
{
	(void)state;
	expect_bad(DOMAIN_UUID("", PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n")),
		   "no <uuid> in the domain XML");
	expect_bad(DOMAIN_UUID("<uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa</uuid>",
			       PORTS("<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n")),
		   "invalid <uuid> \"4dea22b3-1d52-d8f3-2516-782e98ab3fa\"");
	expect_bad(DOMAIN_UUID("<uuid>4dea22b3x1d52-d8f3-2516-782e98ab3fa0</uuid>", ""),
		   "invalid <uuid>");
	expect_bad(DOMAIN_UUID("<uuid>00000000-0000-0000-0000-000000000000</uuid>", ""),
		   "invalid <uuid>");
	expect_bad(DOMAIN_UUID("<uuid/>", ""), "invalid <uuid> \"\"");
	/* Without bpfvlan ports the UUID does not matter. */
	assert_int_equal(parse(DOMAIN_UUID("", ""), true), 0);
	assert_false(dom.has_uuid);
	/* Upper case is the same UUID. */
	assert_int_equal(parse(DOMAIN_UUID("<uuid>4DEA22B3-1D52-D8F3-2516-782E98AB3FA0</uuid>", ""),
			       true), 0);
	assert_int_equal(dom.uuid[0], 0x4d);
	assert_int_equal(dom.uuid[15], 0xa0);
}

static void one_port_per_interface(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n"
		"<bpfvlan:port mac='52:54:00:aa:00:01' mode='access' vlan='20'/>\n")),
		"already has a bpfvlan port");
}

static void ethernet_only(void **state)
{
	(void)state;
	expect_bad(DOMAIN(PORTS("<bpfvlan:port dev='vnet8' mode='access' vlan='10'/>\n")),
		   "type='bridge'");
}

static void not_a_domain(void **state)
{
	(void)state;
	expect_bad("<domain><name>x</name><metadata>", "cannot parse the domain XML: line 1");
	expect_bad("<network><name>x</name></network>", "not a libvirt domain XML");
	expect_bad("", "cannot parse");
	/* External entities are not expanded (nor DTDs fetched). */
	assert_int_equal(parse("<!DOCTYPE domain [<!ENTITY ext SYSTEM 'file:///etc/passwd'>]>"
			       "<domain><name>&ext;</name></domain>", true), 0);
	assert_string_equal(dom.name, "");
	assert_int_equal(parse("<!DOCTYPE domain SYSTEM 'http://127.0.0.1:1/x.dtd'>"
			       "<domain><name>x</name></domain>", true), 0);
	assert_string_equal(dom.name, "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(good_ports, teardown),
		cmocka_unit_test_teardown(port_security, teardown),
		cmocka_unit_test_teardown(match_by_dev_and_mac, teardown),
		cmocka_unit_test_teardown(no_metadata, teardown),
		cmocka_unit_test_teardown(foreign_namespaces_ignored, teardown),
		cmocka_unit_test_teardown(missing_attributes, teardown),
		cmocka_unit_test_teardown(bad_vids, teardown),
		cmocka_unit_test_teardown(unknown_words, teardown),
		cmocka_unit_test_teardown(interface_must_exist, teardown),
		cmocka_unit_test_teardown(bad_names, teardown),
		cmocka_unit_test_teardown(uuid_needed, teardown),
		cmocka_unit_test_teardown(one_port_per_interface, teardown),
		cmocka_unit_test_teardown(ethernet_only, teardown),
		cmocka_unit_test_teardown(not_a_domain, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
