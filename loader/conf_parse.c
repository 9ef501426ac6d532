// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Parser of the configuration file (bpfvlan/conf.h), next to its writer
 * (conf.c). Statements are a table of keywords; a port line's words are
 * the port grammar's (port_spec.c), which attach, port set/add and the
 * libvirt metadata read too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/conf.h"
#include "bpfvlan/link.h"
#include "bpfvlan/parse.h"

#define MAX_WORDS	32	/* the longest statement has 8 */
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

struct ctx {
	struct bv_conf *conf;
	struct bv_conf_error *err;
	unsigned int line;
	bool seen_bridge;
};

static int fail(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	c->err->line = c->line;
	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A word in a message: quoted, and cut short if very long. */
#define W(word)		(int)(strlen(word) > 40 ? 40 : strlen(word)), (word)
#define WF		"\"%.*s\""

/* --- values ------------------------------------------------------------ */

static int val_uint(struct ctx *c, const char *kw, const char *val,
		    unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long v;

	if (bv_parse_uint(val, min, max, &v))
		return fail(c, "invalid %s " WF " (%lu..%lu)", kw, W(val), min,
			    max);
	*out = v;
	return 0;
}

static int val_vid(struct ctx *c, const char *what, const char *val,
		   __u16 *vid)
{
	if (bv_parse_vid(val, vid))
		return fail(c, "invalid %s " WF " (VIDs are 1..4094)", what,
			    W(val));
	return 0;
}

static int val_dev(struct ctx *c, const char *val, char dev[IF_NAMESIZE])
{
	if (!bv_ifname_valid(val))
		return fail(c, "invalid device name " WF " (1-%d characters, no / : %% or spaces)",
			    W(val), IF_NAMESIZE - 1);
	memcpy(dev, val, strlen(val) + 1);
	return 0;
}

/* --- statements ---------------------------------------------------------- */

/* `bridge [ageing SECS] [fdb-size N]`, each at most once. */
static int stmt_bridge(struct ctx *c, int argc, char **argv)
{
	static const struct {
		const char *kw;
		unsigned long min, max;
		size_t off;
	} opts[] = {
		{ "ageing", 1, BV_AGEING_MAX_SEC, offsetof(struct bv_conf, ageing_sec) },
		{ "fdb-size", BV_FDB_SIZE_MIN, BV_FDB_SIZE_MAX,
		  offsetof(struct bv_conf, fdb_size) },
	};
	unsigned int seen = 0;

	if (c->seen_bridge)
		return fail(c, "a second \"bridge\" line (one per file)");
	c->seen_bridge = true;
	for (int i = 1; i < argc; i += 2) {
		size_t k = 0;

		while (k < ARRAY_LEN(opts) && strcmp(argv[i], opts[k].kw))
			k++;
		if (k == ARRAY_LEN(opts))
			return fail(c, "unknown option " WF " to bridge", W(argv[i]));
		if (seen & (1u << k))
			return fail(c, WF " given twice", W(argv[i]));
		seen |= 1u << k;
		if (i + 1 >= argc)
			return fail(c, WF " needs a value", W(argv[i]));
		if (val_uint(c, opts[k].kw, argv[i + 1], opts[k].min, opts[k].max,
			     (unsigned int *)((char *)c->conf + opts[k].off)))
			return -EINVAL;
	}
	return 0;
}

/* `port DEV KIND VALUE [KEYWORD VALUE]...`: the port grammar (port_spec.h). */
static int stmt_port(struct ctx *c, int argc, char **argv)
{
	struct bv_conf_port p = { .line = c->line, .owner = BV_OWNER_CONFIG };
	const struct bv_conf_port *dup;
	struct bv_conf_port *slot;
	char msg[BV_PS_ERR_MAX];
	int err;

	if (argc < 4)
		return fail(c, "\"port\" needs DEV access VID, DEV trunk VIDLIST or DEV internal VID");
	err = val_dev(c, argv[1], p.dev);
	if (err)
		return err;
	if (bv_port_spec_parse(BV_PS_FILE, argc - 2, argv + 2, &p, msg))
		return fail(c, "%s", msg);
	bv_vidset_clear(&p.tagged, p.pvid);	/* the native VID is untagged */
	dup = bv_conf_port_find(c->conf, p.dev);
	if (dup)
		return fail(c, "port " WF " already at line %u", W(p.dev),
			    dup->line);
	if (c->conf->nr_ports >= BV_MAX_PORTS)
		return fail(c, "more than %d ports", BV_MAX_PORTS);
	slot = bv_conf_add_port(c->conf);
	if (!slot)
		return -ENOMEM;
	*slot = p;
	return 0;
}

static int stmt_fdb(struct ctx *c, int argc, char **argv)
{
	struct bv_conf_fdb e = { .line = c->line };
	const struct bv_conf_fdb *dup;
	struct bv_conf_fdb *slot;
	bool have_dev = false, have_vid = false;
	int err;

	if (argc < 2 || bv_parse_mac(argv[1], e.mac))
		return fail(c, "\"fdb\" needs a MAC like 02:00:00:00:00:01, not " WF,
			    W(argc < 2 ? "" : argv[1]));
	if (!bv_mac_unicast(e.mac))
		return fail(c, WF " is not a unicast MAC address", W(argv[1]));
	for (int i = 2; i < argc; i += 2) {
		bool is_dev = !strcmp(argv[i], "dev");

		if (!is_dev && strcmp(argv[i], "vid"))
			return fail(c, "unknown option " WF " to fdb", W(argv[i]));
		if (is_dev ? have_dev : have_vid)
			return fail(c, WF " given twice", W(argv[i]));
		if (i + 1 >= argc)
			return fail(c, WF " needs a value", W(argv[i]));
		if (is_dev) {
			have_dev = true;
			err = val_dev(c, argv[i + 1], e.dev);
		} else {
			have_vid = true;
			err = val_vid(c, "VID", argv[i + 1], &e.vid);
		}
		if (err)
			return err;
	}
	if (!have_dev || !have_vid)
		return fail(c, "\"fdb\" needs MAC dev DEV vid VID");
	dup = bv_conf_fdb_find(c->conf, e.mac, e.vid);
	if (dup)
		return fail(c, "fdb " WF " vid %u already at line %u", W(argv[1]),
			    e.vid, dup->line);
	slot = bv_conf_add_fdb(c->conf);
	if (!slot)
		return -ENOMEM;
	*slot = e;
	return 0;
}

/* `mirror NAME ...`: the mirror grammar (bpfvlan/mirror.h). */
static int stmt_mirror(struct ctx *c, int argc, char **argv)
{
	struct bv_mirror_spec m, *slot;
	const struct bv_mirror_spec *dup;
	char msg[256];

	if (bv_mirror_spec_parse(argc - 1, argv + 1, &m, msg, sizeof(msg)))
		return fail(c, "%s", msg);
	m.line = c->line;
	m.owner = BV_OWNER_CONFIG;
	dup = bv_conf_mirror_find(c->conf, m.name);
	if (dup)
		return fail(c, "mirror " WF " already at line %u", W(m.name),
			    dup->line);
	if (c->conf->nr_mirrors >= BV_MAX_MIRRORS)
		return fail(c, "more than %d mirrors", BV_MAX_MIRRORS);
	slot = bv_conf_add_mirror(c->conf);
	if (!slot)
		return -ENOMEM;
	*slot = m;
	return 0;
}

static const struct {
	const char *kw;
	int (*parse)(struct ctx *c, int argc, char **argv);
} statements[] = {
	{ "bridge",	stmt_bridge },
	{ "port",	stmt_port },
	{ "fdb",	stmt_fdb },
	{ "mirror",	stmt_mirror },
};

/* --- lines ---------------------------------------------------------------- */

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

/*
 * The quoted word at @p (its opening quote), unescaped in place (it only
 * gets shorter); *end: past its closing quote. bv_conf_quote() writes it.
 */
static int unquote(struct ctx *c, char *p, char **end)
{
	char *out = p, *in = p + 1;

	for (;;) {
		char ch = *in++;
		int hi, lo;

		if (!ch)
			return fail(c, "a quoted word without its closing quote");
		if (ch == '"')
			break;
		if (ch == '\\') {
			ch = *in++;
			if (ch == 'x') {
				hi = bv_hexval(in[0]);
				lo = hi < 0 ? -1 : bv_hexval(in[1]);
				if (lo < 0 || (!hi && !lo))
					return fail(c, "\\x in a quoted word needs two hex digits, not 00");
				ch = (char)(hi << 4 | lo);
				in += 2;
			} else if (ch != '"' && ch != '\\') {
				return fail(c, "unknown escape in a quoted word (\\\", \\\\ or \\xHH)");
			}
		}
		*out++ = ch;
	}
	if (*in && !is_space(*in))
		return fail(c, "a quoted word runs on after its closing quote");
	*out = '\0';
	*end = in;
	return 0;
}

/* Split @line (modified) into words up to a comment. */
static int split(struct ctx *c, char *line, char **argv, int *argc)
{
	int err;

	*argc = 0;
	for (char *p = line; *p;) {
		while (is_space(*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (*argc == MAX_WORDS)
			return fail(c, "more than %d words", MAX_WORDS);
		argv[(*argc)++] = p;
		if (*p == '"') {
			err = unquote(c, p, &p);
			if (err)
				return err;
			continue;
		}
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	return 0;
}

static int parse_line(struct ctx *c, char *line)
{
	char *argv[MAX_WORDS];
	int argc, err;

	err = split(c, line, argv, &argc);
	if (err || !argc)
		return err;
	for (size_t i = 0; i < sizeof(statements) / sizeof(statements[0]); i++)
		if (!strcmp(argv[0], statements[i].kw))
			return statements[i].parse(c, argc, argv);
	return fail(c, "unknown statement " WF " (bridge, port, fdb or mirror)",
		    W(argv[0]));
}

/* Static entries name ports of the file, in one of their VLANs. */
static int check_fdb(struct ctx *c)
{
	for (size_t i = 0; i < c->conf->nr_fdb; i++) {
		const struct bv_conf_fdb *e = &c->conf->fdb[i];
		const struct bv_conf_port *p = bv_conf_port_find(c->conf, e->dev);

		c->line = e->line;
		if (!p)
			return fail(c, "fdb: " WF " is not a port in this file",
				    W(e->dev));
		if (!bv_conf_port_has_vid(p, e->vid))
			return fail(c, "fdb: port " WF " (line %u) is not in VLAN %u",
				    W(e->dev), p->line, e->vid);
	}
	return 0;
}

/* A mirror's source is a port of the file (as an fdb entry's), and no
 * mirror sends its copies to one (a loop).
 */
static int check_mirrors(struct ctx *c)
{
	for (size_t i = 0; i < c->conf->nr_mirrors; i++) {
		const struct bv_mirror_spec *m = &c->conf->mirrors[i];
		const struct bv_conf_port *p = bv_conf_port_find(c->conf, m->to);

		c->line = m->line;
		if (m->dev[0] && !bv_conf_port_find(c->conf, m->dev))
			return fail(c, "mirror %s: " WF " is not a port in this file",
				    m->name, W(m->dev));
		if (p)
			return fail(c, "mirror %s: its destination " WF " is a port (line %u)",
				    m->name, W(m->to), p->line);
	}
	return 0;
}

int bv_conf_parse(const char *text, size_t len, struct bv_conf *out,
		  struct bv_conf_error *err)
{
	struct ctx c = { .conf = out, .err = err, .line = 0 };
	size_t off = 0;
	int ret = 0;

	bv_conf_init(out);
	memset(err, 0, sizeof(*err));
	if (memchr(text, '\0', len)) {
		c.line = 1;
		for (const char *p = text; *p; p++)
			c.line += *p == '\n';
		ret = fail(&c, "a NUL byte (not a text file)");
		goto out;
	}
	while (!ret && off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;
		char *line = malloc(n + 1);

		if (!line) {
			ret = -ENOMEM;
			break;
		}
		memcpy(line, text + off, n);
		line[n] = '\0';
		c.line++;
		ret = parse_line(&c, line);
		free(line);
		off += n + 1;
	}
	if (!ret)
		ret = check_fdb(&c);
	if (!ret)
		ret = check_mirrors(&c);
out:
	if (ret) {
		if (ret == -ENOMEM && !err->msg[0])
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		bv_conf_free(out);
	}
	return ret;
}
