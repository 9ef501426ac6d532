// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conf_read.h"
#include "fdb.h"
#include "netlink.h"
#include "vlan.h"

static int read_ports(struct bv_bridge *br, struct bv_conf *out)
{
	struct bv_vlan *table;
	char name[BV_IFNAME_BUF];
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
		snprintf(c->dev, sizeof(c->dev), "%s", bv_ifname(p->ifindex, name));
		c->mode = p->mode;
		c->attach = p->attach;
		c->owner = bv_port_owner(p);
		c->pvid = p->pvid;
		c->learn_limit = p->learn_limit;
		for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
			if (vid != p->pvid && bv_vlan_has(&table[vid], slot))
				bv_vidset_set(&c->tagged, vid);
	}
	free(table);
	return err;
}

static int read_static(struct bv_bridge *br, struct bv_conf *out)
{
	struct bv_fdb_filter all = {};
	char name[BV_IFNAME_BUF];
	struct bv_fdb_rec *recs;
	size_t n;
	int err = bv_fdb_dump(br, &all, &recs, &n);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		struct bv_conf_fdb *e;

		if (!(recs[i].e.flags & BV_FDB_F_STATIC))
			continue;
		e = bv_conf_add_fdb(out);
		if (!e) {
			err = -ENOMEM;
			break;
		}
		memcpy(e->mac, recs[i].key.mac, sizeof(e->mac));
		e->vid = recs[i].key.vid;
		snprintf(e->dev, sizeof(e->dev), "%s",
			 bv_ifname(recs[i].e.ifindex, name));
	}
	free(recs);
	return err;
}

int bv_conf_read(struct bv_bridge *br, struct bv_conf *out)
{
	int err;

	bv_conf_init(out);
	out->ageing_sec = br->cfg.ageing_ns / 1000000000ULL;
	out->fdb_size = br->cfg.fdb_size;
	err = read_ports(br, out);
	if (!err)
		err = read_static(br, out);
	if (err) {
		bv_conf_free(out);
		return err;
	}
	bv_conf_sort(out);
	return 0;
}
