// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/conf.h"

static const char *const attach_names[] = {
	[BV_ATTACH_AUTO]	= "auto",
	[BV_ATTACH_TC]		= "tc",
	[BV_ATTACH_XDP]		= "xdp",
};

static const char *const owner_names[BV_OWNER_MAX] = {
	[BV_OWNER_MANUAL]	= "manual",
	[BV_OWNER_CONFIG]	= "config",
	[BV_OWNER_HOOK]		= "hook",
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static int name_parse(const char *const *names, size_t n, const char *word,
		      __u8 *out)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(word, names[i])) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

const char *bv_attach_name(unsigned int attach)
{
	return attach < ARRAY_LEN(attach_names) ? attach_names[attach] : "?";
}

int bv_attach_parse(const char *word, __u8 *attach)
{
	return name_parse(attach_names, ARRAY_LEN(attach_names), word, attach);
}

const char *bv_owner_name(unsigned int owner)
{
	return owner < ARRAY_LEN(owner_names) ? owner_names[owner] : "?";
}

int bv_owner_parse(const char *word, __u8 *owner)
{
	return name_parse(owner_names, ARRAY_LEN(owner_names), word, owner);
}

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

const struct bv_conf_port *bv_conf_port_find(const struct bv_conf *c,
					     const char *dev)
{
	for (size_t i = 0; i < c->nr_ports; i++)
		if (!strcmp(c->ports[i].dev, dev))
			return &c->ports[i];
	return NULL;
}

const struct bv_conf_fdb *bv_conf_fdb_find(const struct bv_conf *c,
					   const __u8 mac[6], unsigned int vid)
{
	for (size_t i = 0; i < c->nr_fdb; i++)
		if (c->fdb[i].vid == vid && !memcmp(c->fdb[i].mac, mac, 6))
			return &c->fdb[i];
	return NULL;
}

bool bv_conf_port_has_vid(const struct bv_conf_port *p, unsigned int vid)
{
	return (p->pvid && p->pvid == vid) || bv_vidset_test(&p->tagged, vid);
}

bool bv_conf_port_same(const struct bv_conf_port *a,
		       const struct bv_conf_port *b)
{
	if (a->internal != b->internal ||
	    (b->internal && b->mtu && a->mtu != b->mtu) ||
	    (b->internal && b->has_mac &&
	     (!a->has_mac || memcmp(a->mac, b->mac, sizeof(a->mac)))))
		return false;
	return a->mode == b->mode && a->attach == b->attach &&
	       a->pvid == b->pvid && a->learn_limit == b->learn_limit &&
	       !memcmp(&a->tagged, &b->tagged, sizeof(a->tagged));
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

void bv_conf_sort(struct bv_conf *c)
{
	if (c->nr_ports)
		qsort(c->ports, c->nr_ports, sizeof(*c->ports), cmp_port);
	if (c->nr_fdb)
		qsort(c->fdb, c->nr_fdb, sizeof(*c->fdb), cmp_fdb);
}

char *bv_conf_port_args(const struct bv_conf_port *p, char *buf, size_t len)
{
	char list[BV_VIDSET_FMT_MAX];
	size_t off;

	if (p->internal) {
		off = snprintf(buf, len, "internal %u", p->pvid);
		if (p->mtu && off < len)
			off += snprintf(buf + off, len - off, " mtu %u", p->mtu);
		if (p->has_mac && off < len)
			snprintf(buf + off, len - off,
				 " mac %02x:%02x:%02x:%02x:%02x:%02x",
				 p->mac[0], p->mac[1], p->mac[2], p->mac[3],
				 p->mac[4], p->mac[5]);
		return buf;
	}
	if (p->mode == BV_MODE_ACCESS) {
		snprintf(buf, len, "access %u", p->pvid);
	} else if (bv_vidset_count(&p->tagged)) {
		snprintf(buf, len, "trunk %s",
			 bv_vidset_format(&p->tagged, list, sizeof(list)));
	} else {
		/* Only the native VLAN: the list names it (the parser
		 * takes a native VID in the list as native only).
		 */
		snprintf(buf, len, "trunk %u", p->pvid);
	}
	off = strlen(buf);
	if (p->mode == BV_MODE_TRUNK && p->pvid && off < len)
		off += snprintf(buf + off, len - off, " native %u", p->pvid);
	if (p->attach != BV_ATTACH_AUTO && off < len)
		off += snprintf(buf + off, len - off, " mode %s",
				bv_attach_name(p->attach));
	if (p->learn_limit && off < len)
		snprintf(buf + off, len - off, " learn-limit %u", p->learn_limit);
	return buf;
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

int bv_conf_write(const struct bv_conf *c, const char *bridge, FILE *f)
{
	char *args = malloc(BV_CONF_ARGS_MAX);
	bool hooked = false;

	if (!args)
		return -ENOMEM;
	fprintf(f, "# bpfvlan configuration of bridge %s\n", bridge);
	fprintf(f, "bridge ageing %u fdb-size %u\n", c->ageing_sec, c->fdb_size);
	for (size_t i = 0; i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		if (!port_is_written(p)) {
			hooked = true;
			continue;
		}
		fprintf(f, "port %s %s\n", p->dev,
			bv_conf_port_args(p, args, BV_CONF_ARGS_MAX));
	}
	for (size_t i = 0; i < c->nr_fdb; i++) {
		const struct bv_conf_fdb *e = &c->fdb[i];
		const struct bv_conf_port *p = bv_conf_port_find(c, e->dev);

		fprintf(f, "%sfdb %02x:%02x:%02x:%02x:%02x:%02x dev %s vid %u\n",
			p && !port_is_written(p) ? "# " : "",
			e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4],
			e->mac[5], e->dev, e->vid);
	}
	if (hooked)
		fprintf(f, "# Not configuration (attached by a hook, or a trunk with no VLAN):\n");
	for (size_t i = 0; hooked && i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		if (port_is_written(p))
			continue;
		if (p->mode == BV_MODE_TRUNK && !p->pvid &&
		    !bv_vidset_count(&p->tagged))
			fprintf(f, "# port %s trunk (no VLAN)\n", p->dev);
		else
			fprintf(f, "# port %s %s\n", p->dev,
				bv_conf_port_args(p, args, BV_CONF_ARGS_MAX));
	}
	free(args);
	return ferror(f) ? -EIO : 0;
}
