// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The port grammar (bpfvlan/port_spec.h): the kinds of port and the table
 * of keywords, and everything that reads and writes them. A keyword is a
 * row of keywords[]: its word, its XML attribute, the kinds and readers
 * that take it, its value's type and field, its usage text.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/iplist.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/port_spec.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define STR_(x)		#x
#define STR(x)		STR_(x)

/* Kinds of port, as bits of a keyword's .kinds. */
#define K_ACCESS	(1u << 0)
#define K_TRUNK		(1u << 1)
#define K_INTERNAL	(1u << 2)

#define ATTACH		BV_PS_ATTACH
#define FILE_		BV_PS_FILE
#define SET		BV_PS_SET
#define ADD		BV_PS_ADD
#define XML		BV_PS_XML

enum type {
	T_VID,		/* 1..4094 */
	T_VIDLIST,	/* 10,20,100-199 */
	T_UINT,		/* min..max */
	T_ENUM,		/* one of names */
	T_MAC,		/* a unicast MAC; .flag says it was given */
	T_BOOL,		/* on|off (XML: yes|no), a bool */
	T_IPLIST,	/* 192.0.2.5,2001:db8::/64 or any: a struct bv_iplist */
};

/* An enumerated value's words, in the order usage lists them. */
struct name {
	const char *word;
	unsigned int value;
};

static const struct name attach_names[] = {
	{ "auto", BV_ATTACH_AUTO },
	{ "xdp", BV_ATTACH_XDP },
	{ "tc", BV_ATTACH_TC },
	{},
};

static const struct name owner_names[] = {
	{ "manual", BV_OWNER_MANUAL },
	{ "config", BV_OWNER_CONFIG },
	{ "hook", BV_OWNER_HOOK },
	{},
};

/* A value and where it goes in struct bv_conf_port. */
struct value {
	enum type type;
	size_t off, size;	/* the field */
	size_t flag;		/* T_MAC: the bool that says it is set */
	unsigned long min, max;	/* T_UINT */
	const struct name *names;	/* T_ENUM */
};

#define FIELD(f)	.off = offsetof(struct bv_conf_port, f),	\
			.size = sizeof(((struct bv_conf_port *)0)->f)

struct kind {
	const char *word;	/* "access" */
	const char *arg;	/* its value in usage: "VID", "VIDLIST" */
	const char *what;	/* and in messages: "VID", "VID list" */
	const char *xml;	/* XML: the attribute of the value; NULL: none */
	const char *xml_or;	/* XML: a keyword that may stand for the value */
	unsigned int bit;	/* K_* */
	unsigned int readers;
	__u8 mode;
	bool internal;
	struct value v;
	const char *help;	/* usage: "LABEL\tTEXT" lines, "\tTEXT" goes on */
};

static const struct kind kinds[] = {
	{ .word = "access", .arg = "VID", .what = "VID", .xml = "vlan",
	  .bit = K_ACCESS, .readers = ATTACH | FILE_ | XML,
	  .mode = BV_MODE_ACCESS, .v = { T_VID, FIELD(pvid) },
	  .help = "access VID\tuntagged port in VLAN VID (a VM tap)" },
	{ .word = "trunk", .arg = "VIDLIST", .what = "VID list", .xml = "vlans",
	  .xml_or = "native", .bit = K_TRUNK, .readers = ATTACH | FILE_ | XML,
	  .mode = BV_MODE_TRUNK, .v = { T_VIDLIST, FIELD(tagged) },
	  .help = "trunk VIDLIST\ttagged port for VIDLIST, e.g. 10,20,100-199 (the uplink)" },
	{ .word = "internal", .arg = "VID", .what = "VID", .bit = K_INTERNAL,
	  .readers = FILE_ | ADD, .mode = BV_MODE_ACCESS, .internal = true,
	  .v = { T_VID, FIELD(pvid) },
	  .help = "internal VID\ta device NAME for the host's own IP, on VLAN VID: a\n"
		  "\tveth pair whose other end (bviN) is an access port\n"
		  "\tof VID; NAME is left down for ip addr/link" },
};

struct keyword {
	const char *word;	/* on the command line, in the file */
	const char *xml;	/* XML attribute; NULL: not in the metadata */
	unsigned int kinds;	/* K_*: the kinds of port that take it */
	unsigned int readers;	/* BV_PS_*: who reads it */
	struct value v;
	bool unset_is_any;	/* left at zero: whatever the port has */
	const char *arg;	/* its value in usage */
	const char *help;
};

/* Bit i of bv_conf_port.given is keywords[i]; at most 32 rows. */
static const struct keyword keywords[] = {
	{ .word = "native", .xml = "native", .kinds = K_TRUNK,
	  .readers = ATTACH | FILE_ | XML, .v = { T_VID, FIELD(pvid) },
	  .arg = "VID",
	  .help = "native VID\ttrunk: untagged frames belong to VID, which leaves\n"
		  "\tuntagged" },
	{ .word = "mode", .xml = "attach", .kinds = K_ACCESS | K_TRUNK,
	  .readers = ATTACH | FILE_ | XML,
	  .v = { T_ENUM, FIELD(attach), .names = attach_names },
	  .arg = "auto|xdp|tc",
	  .help = "mode auto\tXDP fast path plus TC on NICs (frames from the wire);\n"
		  "\tTC only on veth/tap ports, fed by a local stack, and\n"
		  "\ton bonds (default)\n"
		  "mode xdp\tXDP fast path plus TC on any port with native XDP\n"
		  "\t(veth ports: kernel 6.18 or later)\n"
		  "mode tc\tTC only" },
	{ .word = "learn-limit", .kinds = K_ACCESS | K_TRUNK,
	  .readers = ATTACH | FILE_ | SET,
	  .v = { T_UINT, FIELD(learn_limit), .min = 0, .max = BV_FDB_SIZE_MAX },
	  .arg = "N",
	  .help = "learn-limit N\tlearn at most N MACs on the port (0: no limit, the\n"
		  "\tdefault): frames from further MACs are forwarded, not\n"
		  "\tlearned; MACs held beyond a lowered limit stay until\n"
		  "\tthey age out" },
	{ .word = "isolated", .xml = "isolated", .kinds = K_ACCESS | K_TRUNK,
	  .readers = ATTACH | FILE_ | SET | XML, .v = { T_BOOL, FIELD(isolated) },
	  .arg = "on|off",
	  .help = "isolated on\tno frame to or from another isolated port, unicast\n"
		  "\tor flood; non-isolated ports (the uplink) reach it and\n"
		  "\tare reached (bridge link set DEV isolated on)" },
	{ .word = "locked", .xml = "lock", .kinds = K_ACCESS | K_TRUNK,
	  .readers = ATTACH | FILE_ | SET | XML, .v = { T_BOOL, FIELD(locked) },
	  .arg = "on|off",
	  .help = "locked on\tforward only frames whose source MAC has a static\n"
		  "\tentry on the port (fdb add MAC dev DEV vid VID); learn\n"
		  "\tnothing there; others are dropped as locked_src" },
	{ .word = "allow-ip", .xml = "ips", .kinds = K_ACCESS | K_TRUNK,
	  .readers = ATTACH | FILE_ | SET | XML,
	  .v = { T_IPLIST, FIELD(allow_ip) },
	  .arg = "LIST|any",
	  .help = "allow-ip LIST\tthe port's IPv4/IPv6 addresses or prefixes, e.g.\n"
		  "\t192.0.2.5,2001:db8::5,fe80::/64 (at most "
		  STR(BV_ALLOW_IP_MAX) "): IPv4 and\n"
		  "\tIPv6 sources, ARP sender IP and MAC, ND targets and\n"
		  "\tlink-layer options must be its own (ip_spoof,\n"
		  "\tarp_spoof, nd_spoof); DHCP from 0.0.0.0 and DAD\n"
		  "\tfrom :: pass; RAs are dropped. any: no check" },
	{ .word = "owner", .kinds = K_ACCESS | K_TRUNK, .readers = ATTACH,
	  .v = { T_ENUM, FIELD(owner), .names = owner_names },
	  .arg = "OWNER",
	  .help = "owner manual\tattached by hand (default): apply -f leaves it alone\n"
		  "owner hook\tattached by a hook that follows VMs (libvirt): apply\n"
		  "\tleaves it alone, show config prints it as a comment\n"
		  "owner config\tmanaged by apply -f: detached when the file no longer\n"
		  "\tnames it" },
	{ .word = "mtu", .kinds = K_INTERNAL, .readers = FILE_ | ADD,
	  .v = { T_UINT, FIELD(mtu), .min = BV_INTERNAL_MTU_MIN,
		 .max = BV_INTERNAL_MTU_MAX },
	  .unset_is_any = true, .arg = "N",
	  .help = "mtu N\tMTU of both ends (" STR(BV_INTERNAL_MTU_MIN) ".."
		  STR(BV_INTERNAL_MTU_MAX) ", default 1500)" },
	{ .word = "mac", .kinds = K_INTERNAL, .readers = FILE_ | ADD,
	  .v = { T_MAC, FIELD(mac), .flag = offsetof(struct bv_conf_port, has_mac) },
	  .unset_is_any = true, .arg = "MAC",
	  .help = "mac MAC\tMAC of NAME (default random)" },
};

static int fail(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, BV_PS_ERR_MAX, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A word in a message: quoted, and cut short if very long. */
#define W(word)		(int)(strlen(word) > 40 ? 40 : strlen(word)), (word)
#define WF		"\"%.*s\""

/* "a, b or c" of @n words from @word(i). */
static char *word_list(char *buf, size_t len, size_t n,
		       const char *(*word)(size_t i, const void *arg),
		       const void *arg)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s",
				!i ? "" : i + 1 == n ? " or " : ", ",
				word(i, arg));
	return buf;
}

/* --- values ------------------------------------------------------------- */

static void *field(struct bv_conf_port *p, const struct value *v)
{
	return (char *)p + v->off;
}

static const void *cfield(const struct bv_conf_port *p, const struct value *v)
{
	return (const char *)p + v->off;
}

static unsigned long get_uint(const struct bv_conf_port *p,
			      const struct value *v)
{
	const void *f = cfield(p, v);

	switch (v->size) {
	case 1: return *(const __u8 *)f;
	case 2: return *(const __u16 *)f;
	case 4: return *(const __u32 *)f;
	}
	return 0;
}

static void set_uint(struct bv_conf_port *p, const struct value *v,
		     unsigned long x)
{
	void *f = field(p, v);

	switch (v->size) {
	case 1: *(__u8 *)f = x; break;
	case 2: *(__u16 *)f = x; break;
	case 4: *(__u32 *)f = x; break;
	}
}

static const char *name_word(size_t i, const void *arg)
{
	return ((const struct name *)arg)[i].word;
}

static size_t nr_names(const struct name *names)
{
	size_t n = 0;

	while (names[n].word)
		n++;
	return n;
}

static const char *enum_word(const struct name *names, unsigned long x)
{
	for (const struct name *n = names; n->word; n++)
		if (n->value == x)
			return n->word;
	return "?";
}

static bool is_set(const struct bv_conf_port *p, const struct value *v)
{
	if (v->type == T_MAC)
		return *(const bool *)((const char *)p + v->flag);
	if (v->type == T_VIDLIST)
		return bv_vidset_count(cfield(p, v));
	if (v->type == T_BOOL)
		return *(const bool *)cfield(p, v);
	if (v->type == T_IPLIST)
		return ((const struct bv_iplist *)cfield(p, v))->nr;
	return get_uint(p, v);
}

/* A yes/no value: on|off in words, yes|no in XML attributes. */
static int parse_bool(const struct value *v, const char *name,
		      const char *word, bool xml, struct bv_conf_port *p,
		      char *err)
{
	const char *yes = xml ? "yes" : "on", *no = xml ? "no" : "off";

	if (strcmp(word, yes) && strcmp(word, no))
		return fail(err, "invalid %s " WF " (%s or %s)", name, W(word),
			    yes, no);
	*(bool *)field(p, v) = !strcmp(word, yes);
	return 0;
}

/* @word as the value of the keyword or kind a reader calls @name (@xml:
 * an attribute of <bpfvlan:port>).
 */
static int parse_value(const struct value *v, const char *name,
		       const char *word, bool xml, struct bv_conf_port *p,
		       char *err)
{
	unsigned long x;
	__u16 vid;
	char list[64];

	switch (v->type) {
	case T_VID:
		if (bv_parse_vid(word, &vid))
			return fail(err, "invalid %s " WF " (VIDs are 1..4094)",
				    name, W(word));
		set_uint(p, v, vid);
		return 0;
	case T_VIDLIST:
		if (bv_parse_vidlist(word, field(p, v)))
			return fail(err, "invalid %s " WF " (like 10,20,100-199; VIDs are 1..4094)",
				    name, W(word));
		return 0;
	case T_UINT:
		if (bv_parse_uint(word, v->min, v->max, &x))
			return fail(err, "invalid %s " WF " (%lu..%lu)", name,
				    W(word), v->min, v->max);
		set_uint(p, v, x);
		return 0;
	case T_ENUM:
		for (const struct name *n = v->names; n->word; n++)
			if (!strcmp(word, n->word)) {
				set_uint(p, v, n->value);
				return 0;
			}
		return fail(err, "unknown %s " WF " (%s)", name, W(word),
			    word_list(list, sizeof(list), nr_names(v->names),
				      name_word, v->names));
	case T_MAC:
		if (bv_parse_mac(word, field(p, v)) ||
		    !bv_mac_unicast(field(p, v)))
			return fail(err, "invalid %s " WF " (unicast, like 02:00:00:00:00:01)",
				    name, W(word));
		*(bool *)((char *)p + v->flag) = true;
		return 0;
	case T_BOOL:
		return parse_bool(v, name, word, xml, p, err);
	case T_IPLIST:
		if (bv_iplist_parse(word, field(p, v)))
			return fail(err, "invalid %s " WF " (like 192.0.2.5,2001:db8::/64, at most "
				    STR(BV_ALLOW_IP_MAX) ", host bits zero; or any)",
				    name, W(word));
		return 0;
	}
	return -EINVAL;
}

static char *format_value(const struct bv_conf_port *p, const struct value *v,
			  char *buf, size_t len)
{
	switch (v->type) {
	case T_VID:
	case T_UINT:
		snprintf(buf, len, "%lu", get_uint(p, v));
		break;
	case T_VIDLIST:
		bv_vidset_format(cfield(p, v), buf, len);
		break;
	case T_ENUM:
		snprintf(buf, len, "%s", enum_word(v->names, get_uint(p, v)));
		break;
	case T_MAC:
		if (len >= 18)
			bv_mac_format(cfield(p, v), buf);
		break;
	case T_BOOL:
		snprintf(buf, len, "%s", *(const bool *)cfield(p, v) ? "on" : "off");
		break;
	case T_IPLIST:
		bv_iplist_format(cfield(p, v), buf, len);
		break;
	}
	return buf;
}

/* --- kinds and keywords -------------------------------------------------- */

static const struct kind *kind_find(unsigned int reader, const char *word)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if ((kinds[i].readers & reader) && !strcmp(kinds[i].word, word))
			return &kinds[i];
	return NULL;
}

static const struct kind *kind_of(const struct bv_conf_port *p)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].internal == p->internal && kinds[i].mode == p->mode)
			return &kinds[i];
	return &kinds[1];	/* no mode: what the file writes for a trunk */
}

static const char *kind_word(size_t i, const void *arg)
{
	return ((const struct kind *const *)arg)[i]->word;
}

/* The kinds @reader takes: "access or trunk". */
static char *kind_list(unsigned int reader, char *buf, size_t len)
{
	const struct kind *ks[ARRAY_LEN(kinds)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].readers & reader)
			ks[n++] = &kinds[i];
	return word_list(buf, len, n, kind_word, ks);
}

unsigned int bv_port_spec_bit(const char *word)
{
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (!strcmp(keywords[i].word, word))
			return 1u << i;
	return 0;
}

unsigned int bv_port_spec_keywords(unsigned int reader)
{
	unsigned int mask = 0;

	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (keywords[i].readers & reader)
			mask |= 1u << i;
	return mask;
}

bool bv_port_spec_kind(unsigned int reader, const char *word)
{
	return kind_find(reader, word);
}

/* --- readers -------------------------------------------------------------- */

/* KEYWORD VALUE pairs: each a keyword of @reader (and of @kind, if any),
 * each at most once.
 */
static int parse_keywords(unsigned int reader, const struct kind *kind,
			  int argc, char **argv, struct bv_conf_port *p,
			  char *err)
{
	for (int i = 0; i < argc; i += 2) {
		const struct keyword *k = NULL;
		unsigned int bit = 0;
		int ret;

		for (size_t j = 0; j < ARRAY_LEN(keywords); j++)
			if (!strcmp(argv[i], keywords[j].word) &&
			    (keywords[j].readers & reader) &&
			    (!kind || (keywords[j].kinds & kind->bit))) {
				k = &keywords[j];
				bit = 1u << j;
				break;
			}
		if (!k && kind)
			return fail(err, "unknown option " WF " for %s ports",
				    W(argv[i]), kind->word);
		if (!k)
			return fail(err, "unknown option " WF " for port set",
				    W(argv[i]));
		if (p->given & bit)
			return fail(err, WF " given twice", W(argv[i]));
		if (i + 1 >= argc)
			return fail(err, WF " needs a value", W(argv[i]));
		ret = parse_value(&k->v, k->word, argv[i + 1], false, p, err);
		if (ret)
			return ret;
		p->given |= bit;
	}
	return 0;
}

int bv_port_spec_parse(unsigned int reader, int argc, char **argv,
		       struct bv_conf_port *p, char err[BV_PS_ERR_MAX])
{
	const struct kind *kind;
	char list[64];
	int ret;

	err[0] = '\0';
	if (argc < 1)
		return fail(err, "a port needs its mode (%s)",
			    kind_list(reader, list, sizeof(list)));
	kind = kind_find(reader, argv[0]);
	if (!kind)
		return fail(err, "unknown port mode " WF " (%s)", W(argv[0]),
			    kind_list(reader, list, sizeof(list)));
	if (argc < 2)
		return fail(err, WF " needs a %s", W(argv[0]), kind->what);
	p->mode = kind->mode;
	p->internal = kind->internal;
	ret = parse_value(&kind->v, kind->what, argv[1], false, p, err);
	if (!ret)
		ret = parse_keywords(reader, kind, argc - 2, argv + 2, p, err);
	return ret;
}

int bv_port_spec_parse_keywords(unsigned int reader, int argc, char **argv,
				struct bv_conf_port *p,
				char err[BV_PS_ERR_MAX])
{
	err[0] = '\0';
	return parse_keywords(reader, NULL, argc, argv, p, err);
}

static const struct keyword *keyword_of(const char *word)
{
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (!strcmp(keywords[i].word, word))
			return &keywords[i];
	return NULL;
}

int bv_port_spec_parse_xml(const char *(*attr)(const void *ctx,
					       const char *name),
			   const void *ctx, struct bv_conf_port *p,
			   char err[BV_PS_ERR_MAX])
{
	const char *mode = attr(ctx, "mode"), *val;
	const struct keyword *alt;
	const struct kind *kind;
	char list[64];
	int ret;

	err[0] = '\0';
	if (!mode)
		return fail(err, "needs mode=\"access\" or mode=\"trunk\"");
	kind = kind_find(XML, mode);
	if (!kind)
		return fail(err, "unknown mode " WF " (%s)", W(mode),
			    kind_list(XML, list, sizeof(list)));
	p->mode = kind->mode;
	p->internal = kind->internal;
	/* Words of another kind of port: a mistake, not a default. */
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].xml && strcmp(kinds[i].xml, kind->xml) &&
		    attr(ctx, kinds[i].xml))
			return fail(err, "mode=\"%s\" takes %s=, not %s=",
				    kind->word, kind->xml, kinds[i].xml);
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (keywords[i].xml && !(keywords[i].kinds & kind->bit) &&
		    attr(ctx, keywords[i].xml))
			return fail(err, "mode=\"%s\" takes %s=, not %s=",
				    kind->word, kind->xml, keywords[i].xml);
	val = attr(ctx, kind->xml);
	alt = kind->xml_or ? keyword_of(kind->xml_or) : NULL;
	if (!val && !(alt && attr(ctx, alt->xml))) {
		if (alt)
			return fail(err, "mode=\"%s\" needs %s= or %s=",
				    kind->word, kind->xml, alt->xml);
		return fail(err, "mode=\"%s\" needs %s=", kind->word, kind->xml);
	}
	if (val) {
		ret = parse_value(&kind->v, kind->xml, val, true, p, err);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++) {
		const struct keyword *k = &keywords[i];

		if (!(k->readers & XML) || !(val = attr(ctx, k->xml)))
			continue;
		ret = parse_value(&k->v, k->xml, val, true, p, err);
		if (ret)
			return ret;
		p->given |= 1u << i;
	}
	return 0;
}

bool bv_port_spec_xml_attr(const char *name)
{
	if (!strcmp(name, "mode"))
		return true;
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].xml && !strcmp(kinds[i].xml, name))
			return true;
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (keywords[i].xml && !strcmp(keywords[i].xml, name))
			return true;
	return false;
}

/* --- writer, copy, comparison --------------------------------------------- */

/* Append " WORD VALUE" of keyword @k at @off of @buf. */
static size_t append(const struct bv_conf_port *p, const struct keyword *k,
		     char *buf, size_t len, size_t off)
{
	char val[BV_VIDSET_FMT_MAX > BV_IPLIST_FMT_MAX ? BV_VIDSET_FMT_MAX
						       : BV_IPLIST_FMT_MAX];

	if (off >= len)
		return off;
	return off + snprintf(buf + off, len - off, "%s%s %s", off ? " " : "",
			      k->word, format_value(p, &k->v, val, sizeof(val)));
}

char *bv_port_spec_format(const struct bv_conf_port *p, char *buf, size_t len)
{
	const struct kind *kind = kind_of(p);
	const struct value *v = &kind->v;
	char val[BV_VIDSET_FMT_MAX];
	size_t off;

	/* A trunk with only its native VLAN: the list names it (the file
	 * takes a native VID in the list as native only).
	 */
	if (v->type == T_VIDLIST && !is_set(p, v))
		snprintf(val, sizeof(val), "%u", p->pvid);
	else
		format_value(p, v, val, sizeof(val));
	off = snprintf(buf, len, "%s %s", kind->word, val);
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if ((keywords[i].readers & FILE_) &&
		    (keywords[i].kinds & kind->bit) && is_set(p, &keywords[i].v))
			off = append(p, &keywords[i], buf, len, off);
	return buf;
}

char *bv_port_spec_format_keywords(const struct bv_conf_port *p,
				   unsigned int mask, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (mask & (1u << i))
			off = append(p, &keywords[i], buf, len, off);
	return buf;
}

void bv_port_spec_copy(struct bv_conf_port *dst, const struct bv_conf_port *src,
		       unsigned int mask)
{
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++) {
		const struct value *v = &keywords[i].v;

		if (!(mask & (1u << i)))
			continue;
		memcpy(field(dst, v), cfield(src, v), v->size);
		if (v->type == T_MAC)
			*(bool *)((char *)dst + v->flag) =
				*(const bool *)((const char *)src + v->flag);
	}
}

unsigned int bv_port_spec_differ(const struct bv_conf_port *have,
				 const struct bv_conf_port *want,
				 unsigned int mask)
{
	unsigned int differ = 0;

	for (size_t i = 0; i < ARRAY_LEN(keywords); i++) {
		const struct keyword *k = &keywords[i];

		if (!(mask & (1u << i)) || (k->unset_is_any && !is_set(want, &k->v)))
			continue;
		if (is_set(have, &k->v) != is_set(want, &k->v) ||
		    memcmp(cfield(have, &k->v), cfield(want, &k->v), k->v.size))
			differ |= 1u << i;
	}
	return differ;
}

bool bv_port_spec_same(const struct bv_conf_port *have,
		       const struct bv_conf_port *want, unsigned int mask)
{
	return !bv_port_spec_differ(have, want, mask);
}

/* --- usage ------------------------------------------------------------------ */

#define USAGE_COLS	79

/* "@prefix [KEYWORD ARG]..." of the keywords of @reader and @kinds. */
static void usage_line(FILE *f, unsigned int reader, unsigned int kinds_bits,
		       const char *prefix, const char *kind, const char *arg)
{
	size_t indent = strlen(prefix) + 1, col;

	col = fprintf(f, "%s%s%s%s%s", prefix, kind ? " " : "", kind ? kind : "",
		      arg ? " " : "", arg ? arg : "");
	for (size_t j = 0; j < ARRAY_LEN(keywords); j++) {
		const struct keyword *k = &keywords[j];
		size_t w = strlen(k->word) + strlen(k->arg) + 4;

		if (!(k->readers & reader) || !(k->kinds & kinds_bits))
			continue;
		if (col + w > USAGE_COLS)
			col = fprintf(f, "\n%*s", (int)indent, "") - 1;
		col += fprintf(f, " [%s %s]", k->word, k->arg);
	}
	fputc('\n', f);
}

void bv_port_spec_usage(FILE *f, unsigned int reader, const char *first,
			const char *rest)
{
	bool any = false;

	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		if (!(kinds[i].readers & reader))
			continue;
		usage_line(f, reader, kinds[i].bit, any ? rest : first,
			   kinds[i].word, kinds[i].arg);
		any = true;
	}
	if (!any)
		usage_line(f, reader, ~0u, first, NULL, NULL);
}

char *bv_port_spec_synopsis(unsigned int reader, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(keywords) && off < len; i++)
		if (keywords[i].readers & reader)
			off += snprintf(buf + off, len - off, "%s%s %s",
					off ? ", " : "", keywords[i].word,
					keywords[i].arg);
	return buf;
}

/* "LABEL\tTEXT" lines as "  LABEL           TEXT"; "\tTEXT" goes on. */
static void help_lines(FILE *f, const char *help)
{
	while (*help) {
		size_t line = strcspn(help, "\n"), label = strcspn(help, "\t");

		if (label > line)
			label = line;
		fprintf(f, "  %-15.*s %.*s\n", (int)label, help,
			label < line ? (int)(line - label - 1) : 0,
			label < line ? help + label + 1 : "");
		help += line + (help[line] == '\n');
	}
}

void bv_port_spec_help(FILE *f, unsigned int reader)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].readers & reader)
			help_lines(f, kinds[i].help);
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (keywords[i].readers & reader)
			help_lines(f, keywords[i].help);
}

/* --- names ----------------------------------------------------------------- */

const char *bv_attach_name(unsigned int attach)
{
	return enum_word(attach_names, attach);
}

const char *bv_owner_name(unsigned int owner)
{
	return enum_word(owner_names, owner);
}

int bv_owner_parse(const char *word, __u8 *owner)
{
	for (const struct name *n = owner_names; n->word; n++)
		if (!strcmp(word, n->word)) {
			*owner = n->value;
			return 0;
		}
	return -EINVAL;
}
