// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/conf.h"
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/log.h"
#include "bpfvlan/mirror.h"
#include "bridge.h"
#include "port.h"
#include "vlan.h"

/* An internal port by its host's end, with the MTU and MAC it has. */
static int read_internal(struct bv_bridge *br, unsigned int slot,
			 struct bv_conf_port *c)
{
	struct bv_link host;
	int err = bv_internal_host(br, slot, &host);

	if (err)
		return err;
	snprintf(c->dev, sizeof(c->dev), "%s", host.name);
	c->internal = true;
	c->mtu = host.mtu;
	c->has_mac = true;
	memcpy(c->mac, host.mac, sizeof(c->mac));
	return 0;
}

/* @names[slot]: the name the file knows the port by. */
static int read_ports(struct bv_bridge *br, struct bv_conf *out,
		      char (*names)[IF_NAMESIZE])
{
	struct bv_vlan *table;
	int err = bv_vlan_read_all(br, &table);

	if (err)
		return err;
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		const struct bv_port *p = &br->ports[slot];
		struct bv_conf_port *c;

		if (!p->ifindex)
			continue;
		c = bv_conf_add_port(out);
		if (!c) {
			err = -ENOMEM;
			break;
		}
		/* A file names a port by its device: one without a name
		 * (gone since the refresh) cannot be written down.
		 */
		if (!if_indextoname(p->ifindex, c->dev)) {
			err = -ENODEV;
			pr_warn("port ifindex %u of bridge %s has no device name (gone?): try again\n",
				p->ifindex, br->name);
			break;
		}
		if ((p->flags & BV_PORT_F_INTERNAL) && read_internal(br, slot, c))
			pr_info("internal port %s has lost its host's end\n",
				c->dev);
		memcpy(names[slot], c->dev, IF_NAMESIZE);
		bv_port_to_spec(p, c);
		err = bv_port_allow_ip(br, slot, &c->allow_ip);
		if (err)
			break;
		for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
			if (vid != p->pvid && bv_vlan_has(&table[vid], slot))
				bv_vidset_set(&c->tagged, vid);
	}
	free(table);
	return err;
}

/* The host's MAC on its internal port comes with the port: not an entry
 * of the file.
 */
static bool internal_mac(const struct bv_conf *c, const char *dev,
			 const struct bv_fdb_rec *r)
{
	const struct bv_conf_port *p = bv_conf_port_find(c, dev);

	return p && p->internal && p->has_mac && r->key.vid == p->pvid &&
	       !memcmp(r->key.mac, p->mac, sizeof(p->mac));
}

static int read_static(struct bv_bridge *br, struct bv_conf *out,
		       char (*names)[IF_NAMESIZE])
{
	struct bv_fdb_filter all = {};
	struct bv_fdb_rec *recs;
	size_t n;
	int err = bv_fdb_dump(br, &all, &recs, &n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		unsigned int slot = recs[i].e.slot;
		struct bv_conf_fdb *e;

		if (!(recs[i].e.flags & BV_FDB_F_STATIC) || slot >= BV_MAX_PORTS ||
		    br->ports[slot].ifindex != recs[i].e.ifindex ||
		    internal_mac(out, names[slot], &recs[i]))
			continue;
		e = bv_conf_add_fdb(out);
		if (!e) {
			err = -ENOMEM;
			break;
		}
		memcpy(e->mac, recs[i].key.mac, sizeof(e->mac));
		e->vid = recs[i].key.vid;
		memcpy(e->dev, names[slot], sizeof(e->dev));
	}
	free(recs);
	return err;
}

/* The mirrors. A port mirror names its port as the file does (an
 * internal port by its host's end); one whose destination device is gone
 * has "ifindex N" there, which the writer comments out and apply sees
 * differ from any file's.
 */
static int read_mirrors(struct bv_bridge *br, struct bv_conf *out,
			char (*names)[IF_NAMESIZE])
{
	struct bv_mirror_info *list;
	size_t n;
	int err = bv_mirror_list(br, &list, &n);

	if (err)
		return err;
	for (size_t i = 0; !err && i < n; i++) {
		struct bv_mirror_spec *m;

		m = bv_conf_add_mirror(out);
		if (!m) {
			err = -ENOMEM;
			break;
		}
		*m = list[i].spec;
		if (m->dev[0] && list[i].src_slot < BV_MAX_PORTS &&
		    names[list[i].src_slot][0])
			memcpy(m->dev, names[list[i].src_slot], IF_NAMESIZE);
	}
	free(list);
	return err;
}

int bv_conf_read(struct bv_bridge *br, struct bv_conf *out)
{
	char (*names)[IF_NAMESIZE] = calloc(BV_MAX_PORTS, IF_NAMESIZE);
	int err = names ? 0 : -ENOMEM;

	bv_conf_init(out);
	out->ageing_sec = br->cfg.ageing_ns / 1000000000ULL;
	out->fdb_size = br->cfg.fdb_size;
	if (!err)
		err = read_ports(br, out, names);
	if (!err)
		err = read_static(br, out, names);
	if (!err)
		err = read_mirrors(br, out, names);
	free(names);
	if (err) {
		bv_conf_free(out);
		return err;
	}
	bv_conf_sort(out);
	return 0;
}
