// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cmocka: the configuration file (loader/conf_parse.c), its writer
 * (loader/conf.c) and the plan from a running bridge to a file
 * (loader/plan.c), run through the model of plan_sim.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "bpfvlan/conf.h"
#include "plan_sim.h"

static void parse_ok(const char *text, struct bv_conf *c)
{
	struct bv_conf_error err;
	int ret = bv_conf_parse(text, strlen(text), c, &err);

	if (ret)
		fail_msg("parse failed at line %u: %s\n--\n%s", err.line,
			 err.msg, text);
}

/* The text written for @c. */
static char *write_conf(const struct bv_conf *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(bv_conf_write(c, "bv0", f), 0);
	fclose(f);
	return buf;
}

static void example(void **state)
{
	struct bv_conf c;
	const struct bv_conf_port *p;
	char list[64];

	(void)state;
	parse_ok("# /etc/bpfvlan/bv0.conf\n"
		 "bridge ageing 30 fdb-size 4096\n"
		 "\n"
		 "port eth0 trunk 10,20,100-199 native 30 mode auto\n"
		 "\tport  vnet0   access 10   # a VM\n"
		 "port vnet1 access 4011 learn-limit 64 mode tc\n"
		 "fdb 52:54:00:12:34:56 dev vnet0 vid 10\n", &c);
	assert_int_equal(c.ageing_sec, 30);
	assert_int_equal(c.fdb_size, 4096);
	assert_int_equal(c.nr_ports, 3);
	p = bv_conf_port_find(&c, "eth0");
	assert_non_null(p);
	assert_int_equal(p->mode, BV_MODE_TRUNK);
	assert_int_equal(p->pvid, 30);
	assert_int_equal(p->attach, BV_ATTACH_AUTO);
	assert_int_equal(p->owner, BV_OWNER_CONFIG);
	assert_int_equal(p->line, 4);
	assert_string_equal(bv_vidset_format(&p->tagged, list, sizeof(list)),
			    "10,20,100-199");
	p = bv_conf_port_find(&c, "vnet1");
	assert_non_null(p);
	assert_int_equal(p->mode, BV_MODE_ACCESS);
	assert_int_equal(p->pvid, 0xfab);
	assert_int_equal(p->attach, BV_ATTACH_TC);
	assert_int_equal(p->learn_limit, 64);
	assert_int_equal(bv_conf_port_find(&c, "vnet0")->learn_limit, 0);
	assert_int_equal(c.nr_fdb, 1);
	assert_string_equal(c.fdb[0].dev, "vnet0");
	assert_int_equal(c.fdb[0].vid, 10);
	assert_int_equal(c.fdb[0].mac[5], 0x56);
	bv_conf_free(&c);
}

static void defaults(void **state)
{
	struct bv_conf c;

	(void)state;
	parse_ok("", &c);
	assert_int_equal(c.ageing_sec, 300);
	assert_int_equal(c.fdb_size, 16384);
	assert_int_equal(c.nr_ports, 0);
	parse_ok("# nothing\r\n\r\n   \t\nbridge\n", &c);
	assert_int_equal(c.ageing_sec, 300);
	parse_ok("bridge fdb-size 16\n", &c);	/* ageing stays default */
	assert_int_equal(c.ageing_sec, 300);
	assert_int_equal(c.fdb_size, 16);
	bv_conf_free(&c);
}

/* The native VID is untagged: in the list it counts as native only. */
static void native_in_list(void **state)
{
	struct bv_conf c, again;
	char *text;

	(void)state;
	parse_ok("port t1 trunk 10,20 native 10\nport t2 trunk 30 native 30\n", &c);
	assert_false(bv_vidset_test(&c.ports[0].tagged, 10));
	assert_int_equal(bv_vidset_count(&c.ports[0].tagged), 1);
	assert_int_equal(bv_vidset_count(&c.ports[1].tagged), 0);
	text = write_conf(&c);
	assert_non_null(strstr(text, "port t1 trunk 20 native 10\n"));
	assert_non_null(strstr(text, "port t2 trunk 30 native 30\n"));
	parse_ok(text, &again);
	assert_true(sim_same(&again, &c));
	free(text);
	bv_conf_free(&c);
	bv_conf_free(&again);
}

static const struct bad_case {
	const char *text;
	unsigned int line;
	const char *word;	/* the message names it */
} bad_cases[] = {
	{ "frob\n", 1, "\"frob\"" },
	{ "\n# c\nport eth0 access 4095\n", 3, "\"4095\"" },
	{ "port eth0 access 0\n", 1, "\"0\"" },
	{ "port eth0 trunk 10,,20\n", 1, "\"10,,20\"" },
	{ "port eth0 trunk 20-10\n", 1, "\"20-10\"" },
	{ "port eth0 trunk 10 native 5000\n", 1, "\"5000\"" },
	{ "port eth0 access 10 native 20\n", 1, "\"native\"" },
	{ "port eth0 access 10 mode fast\n", 1, "\"fast\"" },
	{ "port eth0 access 10 mode tc mode xdp\n", 1, "\"mode\" given twice" },
	{ "port eth0 access 10 mode\n", 1, "\"mode\" needs a value" },
	{ "port eth0 access 10 extra\n", 1, "\"extra\"" },
	{ "port h0 internal 10 mode tc\n", 1, "\"mode\"" },
	{ "port h0 internal 10 learn-limit 4\n", 1, "\"learn-limit\"" },
	{ "port h0 access 10 mtu 1500\n", 1, "\"mtu\"" },
	{ "port h0 internal 10 mtu 67\n", 1, "\"67\"" },
	{ "port h0 internal 10 mtu 65536\n", 1, "\"65536\"" },
	{ "port h0 internal 10 mac 01:00:00:00:00:01\n", 1, "\"01:00:00:00:00:01\"" },
	{ "port h0 internal 4095\n", 1, "\"4095\"" },
	{ "port eth0 access 10 learn-limit -1\n", 1, "\"-1\"" },
	{ "port eth0 access 10 learn-limit 16777217\n", 1, "\"16777217\"" },
	{ "port eth0 access 10 learn-limit 5 learn-limit 5\n", 1,
	  "\"learn-limit\" given twice" },
	{ "port eth0 access\n", 1, "port" },
	{ "port eth0 bridge 10\n", 1, "\"bridge\"" },
	{ "port eth0/1 access 10\n", 1, "\"eth0/1\"" },
	{ "port 0123456789abcdef access 10\n", 1, "\"0123456789abcdef\"" },
	{ "port eth0 access 10\nport eth0 access 20\n", 2, "already at line 1" },
	{ "bridge\nbridge ageing 10\n", 2, "bridge" },
	{ "bridge ageing 0\n", 1, "\"0\"" },
	{ "bridge ageing 1000001\n", 1, "\"1000001\"" },
	{ "bridge fdb-size 15\n", 1, "\"15\"" },
	{ "bridge frob 1\n", 1, "\"frob\"" },
	{ "bridge ageing 10 ageing 20\n", 1, "\"ageing\" given twice" },
	{ "bridge native 10\n", 1, "\"native\"" },
	{ "port vm1 access 10\nfdb 02:00:00:00:00:01 dev vm2 vid 10\n", 2,
	  "\"vm2\" is not a port" },
	/* the entry may come first; the error names its line */
	{ "fdb 02:00:00:00:00:01 dev vm1 vid 10\nport vm1 access 20\n", 1,
	  "not in VLAN 10" },
	{ "port vm1 access 10\nfdb 01:00:5e:00:00:01 dev vm1 vid 10\n", 2,
	  "\"01:00:5e:00:00:01\" is not a unicast" },
	{ "port vm1 access 10\nfdb 00:00:00:00:00:00 dev vm1 vid 10\n", 2,
	  "not a unicast" },
	{ "port vm1 access 10\nfdb 02:00:00:00:00:0g dev vm1 vid 10\n", 2,
	  "\"02:00:00:00:00:0g\"" },
	{ "port vm1 access 10\nfdb 02:00:00:00:00:01 dev vm1\n", 2, "fdb" },
	{ "port vm1 access 10\nfdb 02:00:00:00:00:01 dev vm1 vid 10 dev vm1\n",
	  2, "\"dev\" given twice" },
	{ "port vm1 access 10\nport vm2 access 10\n"
	  "fdb 02:00:00:00:00:01 dev vm1 vid 10\n"
	  "fdb 02:00:00:00:00:01 dev vm2 vid 10\n", 4, "already at line 3" },
	{ "port a access 1 mode tc mode tc mode tc mode tc mode tc mode tc "
	  "mode tc mode tc mode tc mode tc mode tc mode tc mode tc mode tc "
	  "mode tc\n", 1, "more than 32 words" },
	/* quoted words */
	{ "port \"#x access 10\n", 1, "without its closing quote" },
	{ "port \"#x\"y access 10\n", 1, "runs on after its closing quote" },
	{ "port \"a\\qb\" access 10\n", 1, "unknown escape" },
	{ "port \"a\\x4\" access 10\n", 1, "two hex digits" },
	{ "port \"a\\x00b\" access 10\n", 1, "not 00" },
	{ "port \"a b\" access 10\n", 1, "\"a b\"" },
	{ "port \"a\\x2fb\" access 10\n", 1, "\"a/b\"" },
	{ "port \"\" access 10\n", 1, "invalid device name" },
};

static void rejects(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		struct bv_conf c;
		struct bv_conf_error err;
		int ret = bv_conf_parse(b->text, strlen(b->text), &c, &err);

		if (ret != -EINVAL || err.line != b->line ||
		    !strstr(err.msg, b->word))
			fail_msg("case %zu: ret %d line %u \"%s\"; want line %u naming %s",
				 i, ret, err.line, err.msg, b->line, b->word);
		assert_int_equal(c.nr_ports, 0);	/* nothing half-parsed */
		assert_null(c.ports);
	}
}

static void rejects_nul(void **state)
{
	static const char text[] = "port a access 10\nport b\0 access 10\n";
	struct bv_conf c;
	struct bv_conf_error err;

	(void)state;
	assert_int_equal(bv_conf_parse(text, sizeof(text) - 1, &c, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "NUL"));
}

static void too_many_ports(void **state)
{
	size_t cap = (BV_MAX_PORTS + 1) * 32, off = 0;
	char *text = malloc(cap);
	struct bv_conf c;
	struct bv_conf_error err;

	(void)state;
	assert_non_null(text);
	for (int i = 0; i < BV_MAX_PORTS + 1; i++)
		off += snprintf(text + off, cap - off, "port p%d access 10\n", i);
	assert_int_equal(bv_conf_parse(text, off, &c, &err), -EINVAL);
	assert_int_equal(err.line, BV_MAX_PORTS + 1);
	off = 0;
	for (int i = 0; i < BV_MAX_PORTS; i++)
		off += snprintf(text + off, cap - off, "port p%d access 10\n", i);
	assert_int_equal(bv_conf_parse(text, off, &c, &err), 0);
	assert_int_equal(c.nr_ports, BV_MAX_PORTS);
	bv_conf_free(&c);
	free(text);
}

/* The writer's output parses back to the same bridge; hook ports are
 * comments, and so are their entries.
 */
static void write_round_trip(void **state)
{
	struct bv_conf c, again;
	struct bv_conf_port *hook;
	char *text;

	(void)state;
	parse_ok("bridge ageing 45 fdb-size 1024\n"
		 "port eth0 trunk 1-4094 native 4094 mode xdp\n"
		 "port vm1 access 10 mode tc learn-limit 16777216\n"
		 "port vm2 access 20\n"
		 "fdb 02:00:00:00:00:01 dev vm1 vid 10\n"
		 "fdb 02:00:00:00:00:02 dev vm2 vid 20\n", &c);
	text = write_conf(&c);
	assert_non_null(strstr(text, "\nport vm1 access 10 mode tc learn-limit 16777216\n"));
	parse_ok(text, &again);
	assert_true(sim_same(&again, &c));
	free(text);
	bv_conf_free(&again);

	hook = (struct bv_conf_port *)bv_conf_port_find(&c, "vm2");
	hook->owner = BV_OWNER_HOOK;
	text = write_conf(&c);
	assert_non_null(strstr(text, "\n# port vm2 access 20\n"));
	assert_non_null(strstr(text, "\n# fdb 02:00:00:00:00:02 dev vm2 vid 20\n"));
	assert_non_null(strstr(text, "\nport vm1 access 10 mode tc learn-limit 16777216\n"));
	assert_non_null(strstr(text, "\nbridge ageing 45 fdb-size 1024\n"));
	parse_ok(text, &again);
	assert_null(bv_conf_port_find(&again, "vm2"));
	assert_int_equal(again.nr_ports, 2);
	assert_int_equal(again.nr_fdb, 1);
	free(text);
	bv_conf_free(&again);
	bv_conf_free(&c);
}

/* Device names a file cannot hold bare ("#x" would be a comment; bytes
 * that are not printable ASCII) are quoted, and read back the same.
 */
static void write_odd_names(void **state)
{
	static const char *const names[] = {
		"#x", "\"q", "a\"b", "a\\b", "x\001y", "caf\xc3\xa9", "#", "a#b",
		"\x7f\x1f!",
	};
	static const char *const quoted[] = {
		"\"#x\"", "\"\\\"q\"", "a\"b", "a\\b", "\"x\\x01y\"",
		"\"caf\\xc3\\xa9\"", "\"#\"", "a#b", "\"\\x7f\\x1f!\"",
	};
	char buf[BV_CONF_NAME_MAX], line[128];
	struct bv_conf c, again;
	char *text;

	(void)state;
	bv_conf_init(&c);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct bv_conf_port *p = bv_conf_add_port(&c);
		struct bv_conf_fdb *e = bv_conf_add_fdb(&c);

		assert_non_null(p);
		assert_non_null(e);
		snprintf(p->dev, sizeof(p->dev), "%s", names[i]);
		p->mode = BV_MODE_ACCESS;
		p->pvid = 10 + i;
		p->owner = BV_OWNER_CONFIG;
		snprintf(e->dev, sizeof(e->dev), "%s", names[i]);
		e->vid = p->pvid;
		e->mac[0] = 2;
		e->mac[5] = i;
		assert_string_equal(bv_conf_quote(names[i], buf, sizeof(buf)),
				    quoted[i]);
	}
	text = write_conf(&c);
	snprintf(line, sizeof(line), "\nport %s access 10\n", quoted[0]);
	assert_non_null(strstr(text, line));
	parse_ok(text, &again);
	assert_true(sim_same(&again, &c));
	free(text);
	bv_conf_free(&again);
	/* A port whose device is gone has no name to write: nothing is. */
	snprintf(c.ports[0].dev, sizeof(c.ports[0].dev), "ifindex 7");
	assert_int_equal(bv_conf_write(&c, "bv0", stdout), -EINVAL);
	bv_conf_free(&c);
}

/* --- plans --------------------------------------------------------------- */

/* A running bridge: parsed, then owners set from "dev=owner" pairs. */
static void running(const char *text, const char *owners, struct bv_conf *c)
{
	char buf[256], *save, *tok;

	parse_ok(text, c);
	snprintf(buf, sizeof(buf), "%s", owners ? owners : "");
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		struct bv_conf_port *p;
		__u8 owner;

		assert_non_null(eq);
		*eq = '\0';
		p = sim_port(c, tok);
		assert_non_null(p);
		assert_int_equal(bv_owner_parse(eq + 1, &owner), 0);
		p->owner = owner;
	}
}

/* The plan from @cur (NULL: no bridge) to @file, described one step a
 * line, and checked against the model: it lands where apply promises.
 */
static char *plan_of(const struct bv_conf *cur, const struct bv_conf *file)
{
	struct bv_conf sim, want;
	struct bv_plan plan;
	char desc[BV_STEP_DESC_MAX];
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	assert_int_equal(bv_plan_make(cur, file, &plan), 0);
	for (size_t i = 0; i < plan.n; i++) {
		if (i)
			assert_true(plan.steps[i - 1].kind <= plan.steps[i].kind);
		fprintf(f, "%s\n", bv_step_describe(&plan, &plan.steps[i],
						    desc, sizeof(desc)));
	}
	fclose(f);

	bv_conf_init(&sim);
	if (cur) {
		for (size_t i = 0; i < cur->nr_ports; i++)
			*bv_conf_add_port(&sim) = cur->ports[i];
		for (size_t i = 0; i < cur->nr_fdb; i++)
			*bv_conf_add_fdb(&sim) = cur->fdb[i];
		sim.ageing_sec = cur->ageing_sec;
		sim.fdb_size = cur->fdb_size;
	}
	assert_int_equal(sim_expect(cur, file, &want), 0);
	if (!sim_run(&sim, &plan) || !sim_same(&sim, &want))
		fail_msg("the plan does not land on the file:\n%s", out);
	bv_conf_free(&sim);
	bv_conf_free(&want);
	bv_plan_free(&plan);
	return out;
}

#define BASE	"bridge ageing 300\n"					\
		"port eth0 trunk 10,20,100-199 native 30\n"		\
		"port vm1 access 10\n"					\
		"port vm2 access 20 mode tc\n"				\
		"fdb 02:00:00:00:00:01 dev vm1 vid 10\n"

static void expect_plan(const char *cur_text, const char *owners,
			const char *file_text, const char *want)
{
	struct bv_conf cur, file;
	char *got;

	if (cur_text)
		running(cur_text, owners, &cur);
	parse_ok(file_text, &file);
	got = plan_of(cur_text ? &cur : NULL, &file);
	if (strcmp(got, want))
		fail_msg("plan:\n%s--- want:\n%s", got, want);
	free(got);
	if (cur_text)
		bv_conf_free(&cur);
	bv_conf_free(&file);
}

static void expect_plan_of(const struct bv_conf *cur, const struct bv_conf *file,
			   const char *want)
{
	char *got = plan_of(cur, file);

	if (strcmp(got, want))
		fail_msg("plan:\n%s--- want:\n%s", got, want);
	free(got);
}

/* Internal ports: a kind of port line, its own options; MTU and MAC
 * left out match whatever the running port has.
 */
static void internal_ports(void **state)
{
	struct bv_conf c, have, again;
	char *text;

	(void)state;
	parse_ok("port mgmt0 internal 30 mtu 9000 mac 02:00:00:00:00:aa\n"
		 "port vlan90 internal 90\n"
		 "fdb 02:00:00:00:00:01 dev vlan90 vid 90\n", &c);
	assert_true(c.ports[0].internal);
	assert_int_equal(c.ports[0].mode, BV_MODE_ACCESS);
	assert_int_equal(c.ports[0].pvid, 30);
	assert_int_equal(c.ports[0].mtu, 9000);
	assert_true(c.ports[0].has_mac);
	assert_int_equal(c.ports[0].mac[5], 0xaa);
	assert_int_equal(c.ports[1].mtu, 0);
	assert_false(c.ports[1].has_mac);
	text = write_conf(&c);
	assert_non_null(strstr(text, "\nport mgmt0 internal 30 mtu 9000 mac 02:00:00:00:00:aa\n"));
	assert_non_null(strstr(text, "\nport vlan90 internal 90\n"));
	parse_ok(text, &again);
	assert_true(sim_same(&again, &c));
	free(text);
	bv_conf_free(&again);

	/* Running with its own MTU and MAC: the file without them matches. */
	running("port mgmt0 internal 30 mtu 9000 mac 02:00:00:00:00:aa\n"
		"port vlan90 internal 90 mtu 1500 mac 02:00:00:00:00:bb\n"
		"fdb 02:00:00:00:00:01 dev vlan90 vid 90\n", NULL, &have);
	expect_plan_of(&have, &c, "");
	bv_conf_free(&c);
	parse_ok("port mgmt0 internal 30 mtu 1500\nport vlan90 internal 91\n", &c);
	expect_plan_of(&have, &c, "reattach mgmt0 internal 30 mtu 1500\n"
				  "reattach vlan90 internal 91\n");
	bv_conf_free(&c);
	bv_conf_free(&have);
}

static void plan_nothing(void **state)
{
	(void)state;
	expect_plan(BASE, NULL, BASE, "");
	/* order of lines and comments do not matter */
	expect_plan(BASE, NULL,
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10 # pinned\n"
		    "port vm2 access 20 mode tc\nport vm1 access 10\n"
		    "port eth0 trunk 100-199,10,20,30 native 30\n", "");
}

static void plan_fresh(void **state)
{
	(void)state;
	expect_plan(NULL, NULL, BASE,
		    "load ageing 300 fdb-size 16384\n"
		    "attach eth0 trunk 10,20,100-199 native 30\n"
		    "attach vm1 access 10\n"
		    "attach vm2 access 20 mode tc\n"
		    "fdb add 02:00:00:00:00:01 dev vm1 vid 10\n");
}

static void plan_live_changes(void **state)
{
	(void)state;
	/* The learn limit: `port set`, live, on access and trunk ports. */
	expect_plan(BASE, "vm1=manual",
		    "port eth0 trunk 10,20,100-199 native 30 learn-limit 1000\n"
		    "port vm1 access 10 learn-limit 4\nport vm2 access 20 mode tc\n"
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10\n",
		    "own vm1 (attached by manual)\n"
		    "port set eth0 learn-limit 1000\n"
		    "port set vm1 learn-limit 4\n");
	/* Port security too, and only the keywords that change. */
	expect_plan(BASE, "vm1=config vm2=config",
		    "port eth0 trunk 10,20,100-199 native 30 locked on\n"
		    "port vm1 access 10 isolated on locked on\n"
		    "port vm2 access 20 mode tc\n"
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10\n",
		    "port set eth0 locked on\n"
		    "port set vm1 isolated on locked on\n");
	expect_plan(BASE, NULL,
		    "bridge ageing 60\n"
		    "port eth0 trunk 10,100-209 native 30\n"
		    "port vm1 access 10\nport vm2 access 20 mode tc\n"
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10\n",
		    "ageing 60\n"
		    "vlan add dev eth0 vid 200-209\n"
		    "vlan del dev eth0 vid 20\n");
}

/* Access VID, native VID, port mode or attach mode: attached again, and
 * its static entries with it.
 */
static void plan_reattach(void **state)
{
	(void)state;
	expect_plan(BASE, NULL,
		    "port eth0 trunk 10,20,100-199 native 40\n"
		    "port vm1 access 10 mode tc learn-limit 8\n"
		    "port vm2 trunk 20\n"
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10\n",
		    "reattach eth0 trunk 10,20,100-199 native 40\n"
		    "reattach vm1 access 10 mode tc learn-limit 8\n"
		    "reattach vm2 trunk 20\n"
		    "fdb add 02:00:00:00:00:01 dev vm1 vid 10\n");
}

/* New ports come before the old go; static entries last. */
static void plan_order(void **state)
{
	(void)state;
	expect_plan(BASE, NULL,
		    "port eth1 trunk 10,20,100-199 native 30\n"
		    "port vm1 access 11\n"
		    "port vm2 access 20 mode tc\n"
		    "port vm3 access 10\n"
		    "fdb 02:00:00:00:00:01 dev vm3 vid 10\n",
		    "attach eth1 trunk 10,20,100-199 native 30\n"
		    "attach vm3 access 10\n"
		    "reattach vm1 access 11\n"
		    "detach eth0\n"
		    "fdb add 02:00:00:00:00:01 dev vm3 vid 10\n");
}

/* The ownership rule: ports attached by hand or by a hook survive a file
 * that does not name them; one the file names becomes the file's.
 */
static void plan_owners(void **state)
{
	(void)state;
	expect_plan(BASE "port vnet7 access 10\n"
		    "fdb 02:00:00:00:00:07 dev vnet7 vid 10\n",
		    "eth0=manual vm1=hook vnet7=hook",
		    "port eth0 trunk 10,20,100-199 native 30\n",
		    "own eth0 (attached by manual)\n"
		    "detach vm2\n");
	/* A file entry takes a MAC from a hook port; its own are dropped. */
	expect_plan(BASE "port vnet7 access 10\n"
		    "fdb 02:00:00:00:00:07 dev vnet7 vid 10\n",
		    "vnet7=hook",
		    "port vm1 access 10\nport vm2 access 20 mode tc\n"
		    "port eth0 trunk 10,20,100-199 native 30\n"
		    "fdb 02:00:00:00:00:07 dev vm1 vid 10\n",
		    "fdb del 02:00:00:00:00:01 vid 10\n"
		    "fdb add 02:00:00:00:00:07 dev vm1 vid 10\n");
	/* Taken over with other settings: attached again by the file. */
	expect_plan(BASE, "vm1=hook",
		    "port vm1 access 20\nport vm2 access 20 mode tc\n"
		    "port eth0 trunk 10,20,100-199 native 30\n",
		    "reattach vm1 access 20\n");
}

static void plan_fdb_moves(void **state)
{
	(void)state;
	expect_plan(BASE, NULL,
		    "port eth0 trunk 10,20,100-199 native 30\n"
		    "port vm1 access 10\nport vm2 access 20 mode tc\n"
		    "fdb 02:00:00:00:00:01 dev eth0 vid 10\n"
		    "fdb 02:00:00:00:00:09 dev vm2 vid 20\n",
		    "fdb add 02:00:00:00:00:01 dev eth0 vid 10\n"
		    "fdb add 02:00:00:00:00:09 dev vm2 vid 20\n");
	/* Dropped with its VLAN: vlan del flushes it, no step of its own. */
	expect_plan(BASE "fdb 02:00:00:00:00:05 dev eth0 vid 150\n", NULL,
		    "port eth0 trunk 10,20,100-149 native 30\n"
		    "port vm1 access 10\nport vm2 access 20 mode tc\n"
		    "fdb 02:00:00:00:00:01 dev vm1 vid 10\n",
		    "vlan del dev eth0 vid 150-199\n");
	/* Dropped with its port: detach removes it, no step of its own. */
	expect_plan(BASE, NULL,
		    "port eth0 trunk 10,20,100-199 native 30\n"
		    "port vm2 access 20 mode tc\n",
		    "detach vm1\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example),
		cmocka_unit_test(defaults),
		cmocka_unit_test(native_in_list),
		cmocka_unit_test(rejects),
		cmocka_unit_test(rejects_nul),
		cmocka_unit_test(too_many_ports),
		cmocka_unit_test(write_round_trip),
		cmocka_unit_test(write_odd_names),
		cmocka_unit_test(plan_nothing),
		cmocka_unit_test(plan_fresh),
		cmocka_unit_test(plan_live_changes),
		cmocka_unit_test(plan_reattach),
		cmocka_unit_test(plan_order),
		cmocka_unit_test(plan_owners),
		cmocka_unit_test(plan_fdb_moves),
		cmocka_unit_test(internal_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
