// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/conf.h"
#include "bpfvlan/link.h"
#include "bpfvlan/parse.h"

void bv_conf_init(struct bv_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->ageing_sec = BV_DEFAULT_AGEING_SEC;
	c->fdb_size = BV_DEFAULT_FDB_SIZE;
}

void bv_conf_free(struct bv_conf *c)
{
	free(c->ports);
	free(c->fdb);
	free(c->mirrors);
	bv_conf_init(c);
}

/* Grow *arr of *n elements of @size by one zeroed element. */
static void *grow(void **arr, size_t *n, size_t size)
{
	char *p;

	/* Double at powers of two: amortised O(1) appends. */
	if (!(*n & (*n - 1)) || !*n) {
		p = realloc(*arr, (*n ? 2 * *n : 8) * size);
		if (!p)
			return NULL;
		*arr = p;
	}
	p = (char *)*arr + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

struct bv_conf_port *bv_conf_add_port(struct bv_conf *c)
{
	return grow((void **)&c->ports, &c->nr_ports, sizeof(*c->ports));
}

struct bv_conf_fdb *bv_conf_add_fdb(struct bv_conf *c)
{
	return grow((void **)&c->fdb, &c->nr_fdb, sizeof(*c->fdb));
}

struct bv_mirror_spec *bv_conf_add_mirror(struct bv_conf *c)
{
	return grow((void **)&c->mirrors, &c->nr_mirrors, sizeof(*c->mirrors));
}

const struct bv_mirror_spec *bv_conf_mirror_find(const struct bv_conf *c,
						 const char *name)
{
	for (size_t i = 0; i < c->nr_mirrors; i++)
		if (!strcmp(c->mirrors[i].name, name))
			return &c->mirrors[i];
	return NULL;
}

const struct bv_conf_port *bv_conf_port_find(const struct bv_conf *c,
					     const char *dev)
{
	for (size_t i = 0; i < c->nr_ports; i++)
		if (!strcmp(c->ports[i].dev, dev))
			return &c->ports[i];
	return NULL;
}

const struct bv_conf_fdb *bv_conf_fdb_find(const struct bv_conf *c,
					   const __u8 mac[ETH_ALEN],
					   unsigned int vid)
{
	for (size_t i = 0; i < c->nr_fdb; i++)
		if (c->fdb[i].vid == vid && !memcmp(c->fdb[i].mac, mac, ETH_ALEN))
			return &c->fdb[i];
	return NULL;
}

bool bv_conf_port_has_vid(const struct bv_conf_port *p, unsigned int vid)
{
	return (p->pvid && p->pvid == vid) || bv_vidset_test(&p->tagged, vid);
}

bool bv_conf_port_same(const struct bv_conf_port *have,
		       const struct bv_conf_port *want)
{
	return have->internal == want->internal && have->mode == want->mode &&
	       have->pvid == want->pvid &&
	       !memcmp(&have->tagged, &want->tagged, sizeof(have->tagged)) &&
	       bv_port_spec_same(have, want, bv_port_spec_keywords(BV_PS_FILE));
}

static int cmp_port(const void *x, const void *y)
{
	const struct bv_conf_port *a = x, *b = y;

	return strcmp(a->dev, b->dev);
}

static int cmp_fdb(const void *x, const void *y)
{
	const struct bv_conf_fdb *a = x, *b = y;

	if (a->vid != b->vid)
		return a->vid < b->vid ? -1 : 1;
	return memcmp(a->mac, b->mac, sizeof(a->mac));
}

static int cmp_mirror(const void *x, const void *y)
{
	const struct bv_mirror_spec *a = x, *b = y;

	return strcmp(a->name, b->name);
}

void bv_conf_sort(struct bv_conf *c)
{
	if (c->nr_mirrors)
		qsort(c->mirrors, c->nr_mirrors, sizeof(*c->mirrors),
		      cmp_mirror);
	if (c->nr_ports)
		qsort(c->ports, c->nr_ports, sizeof(*c->ports), cmp_port);
	if (c->nr_fdb)
		qsort(c->fdb, c->nr_fdb, sizeof(*c->fdb), cmp_fdb);
}

/* Hook ports are the hook's to make; a trunk left with no VLAN at all
 * (`vlan del` of every VID) has no form in the file.
 */
static bool port_is_written(const struct bv_conf_port *p)
{
	return p->owner != BV_OWNER_HOOK &&
	       (p->mode != BV_MODE_TRUNK || p->pvid ||
		bv_vidset_count(&p->tagged));
}

/* A byte a bare word may hold: printable, not a space. */
static bool bare_byte(unsigned char ch)
{
	return ch > ' ' && ch < 0x7f;
}

char *bv_conf_quote(const char *name, char *buf, size_t len)
{
	bool quote = !name[0] || name[0] == '#' || name[0] == '"';
	size_t n = 0;

	for (const char *p = name; *p && !quote; p++)
		quote = !bare_byte(*p);
	if (!quote) {
		snprintf(buf, len, "%s", name);
		return buf;
	}
	n += snprintf(buf + n, len - n, "\"");
	for (const unsigned char *p = (const unsigned char *)name;
	     *p && n < len; p++) {
		if (*p == '"' || *p == '\\')
			n += snprintf(buf + n, len - n, "\\%c", *p);
		else if (*p < ' ' || *p >= 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", *p);
		else
			n += snprintf(buf + n, len - n, "%c", *p);
	}
	if (n < len)
		snprintf(buf + n, len - n, "\"");
	return buf;
}

/* Can every name of @c be written so that it reads back? A port whose
 * device has no name (gone: "ifindex N") cannot.
 */
static bool names_writable(const struct bv_conf *c)
{
	for (size_t i = 0; i < c->nr_ports; i++)
		if (!bv_ifname_valid(c->ports[i].dev))
			return false;
	for (size_t i = 0; i < c->nr_fdb; i++)
		if (!bv_ifname_valid(c->fdb[i].dev))
			return false;
	for (size_t i = 0; i < c->nr_mirrors; i++)
		if (c->mirrors[i].dev[0] && !bv_ifname_valid(c->mirrors[i].dev))
			return false;
	return true;
}

int bv_conf_write(const struct bv_conf *c, const char *bridge, FILE *f)
{
	char *args = malloc(BV_PS_FMT_MAX), name[BV_CONF_NAME_MAX];
	bool hooked = false;

	if (!args)
		return -ENOMEM;
	if (!names_writable(c)) {
		free(args);
		return -EINVAL;
	}
	fprintf(f, "# bpfvlan configuration of bridge %s\n", bridge);
	fprintf(f, "bridge ageing %u fdb-size %u\n", c->ageing_sec, c->fdb_size);
	for (size_t i = 0; i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		if (!port_is_written(p)) {
			hooked = true;
			continue;
		}
		fprintf(f, "port %s %s\n", bv_conf_quote(p->dev, name, sizeof(name)),
			bv_port_spec_format(p, args, BV_PS_FMT_MAX));
	}
	for (size_t i = 0; i < c->nr_fdb; i++) {
		const struct bv_conf_fdb *e = &c->fdb[i];
		const struct bv_conf_port *p = bv_conf_port_find(c, e->dev);
		char mac[18];

		fprintf(f, "%sfdb %s dev %s vid %u\n",
			p && !port_is_written(p) ? "# " : "",
			bv_mac_format(e->mac, mac),
			bv_conf_quote(e->dev, name, sizeof(name)), e->vid);
	}
	for (size_t i = 0; i < c->nr_mirrors; i++) {
		const struct bv_mirror_spec *m = &c->mirrors[i];
		const struct bv_conf_port *p = bv_conf_port_find(c, m->dev);

		bool gone = !bv_ifname_valid(m->to);	/* "ifindex N" */

		fprintf(f, "%smirror ",
			gone || (p && !port_is_written(p)) ? "# " : "");
		bv_mirror_spec_write(m, f, gone ? NULL : bv_conf_quote);
		fprintf(f, "%s\n", gone ? " (the destination is gone)" : "");
	}
	if (hooked)
		fprintf(f, "# Not configuration (attached by a hook, or a trunk with no VLAN):\n");
	for (size_t i = 0; hooked && i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		if (port_is_written(p))
			continue;
		bv_conf_quote(p->dev, name, sizeof(name));
		if (p->mode == BV_MODE_TRUNK && !p->pvid &&
		    !bv_vidset_count(&p->tagged))
			fprintf(f, "# port %s trunk (no VLAN)\n", name);
		else
			fprintf(f, "# port %s %s\n", name,
				bv_port_spec_format(p, args, BV_PS_FMT_MAX));
	}
	free(args);
	return ferror(f) ? -EIO : 0;
}
