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

/* Two ethernet interfaces, a bridge-type one, and METADATA in between. */
#define DOMAIN(metadata)						\
	"<domain type='qemu'>\n"					\
	"  <name>web1</name>\n"						\
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
	const struct bv_lv_port *p;

	(void)state;
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' bridge='bv1' mode='access' vlan='4011'/>\n"
		"<bpfvlan:port mac='52:54:00:AA:00:02' mode='trunk' vlans='20,30-39' native='30' attach='tc'/>\n"
	)), true), 0);
	assert_string_equal(dom.name, "web1");
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
	/* Stopping: libvirt has dropped tap names; such ports are left out. */
	assert_int_equal(parse(DOMAIN(PORTS(
		"<bpfvlan:port dev='web1-0' mode='access' vlan='10'/>\n"
		"<bpfvlan:port dev='web1-9' mode='access' vlan='10'/>\n")), false), 0);
	assert_int_equal(dom.nr_ports, 1);
	assert_string_equal(dom.ports[0].port.dev, "web1-0");
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
		cmocka_unit_test_teardown(match_by_dev_and_mac, teardown),
		cmocka_unit_test_teardown(no_metadata, teardown),
		cmocka_unit_test_teardown(foreign_namespaces_ignored, teardown),
		cmocka_unit_test_teardown(missing_attributes, teardown),
		cmocka_unit_test_teardown(bad_vids, teardown),
		cmocka_unit_test_teardown(unknown_words, teardown),
		cmocka_unit_test_teardown(interface_must_exist, teardown),
		cmocka_unit_test_teardown(one_port_per_interface, teardown),
		cmocka_unit_test_teardown(ethernet_only, teardown),
		cmocka_unit_test_teardown(not_a_domain, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
