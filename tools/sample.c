// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/stats.h"
#include "bpfvlan/vlan.h"
#include "cli.h"
#include "clock.h"
#include "sample.h"

/* Membership: the VLANs of each port, the member count of each VLAN. */
static int read_members(struct bv_bridge *br, struct bv_sample *s)
{
	struct bv_vlan *t;
	int err = bv_vlan_read_all(br, &t);

	if (err)
		return err;
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		s->members[vid] = t[vid].nr_members;
		for (unsigned int i = 0; i < s->nr_ports; i++)
			if (bv_vlan_has(&t[vid], s->port[i].slot))
				bv_vidset_set(&s->port[i].vids, vid);
	}
	free(t);
	return 0;
}

int bv_sample_dev(const char *dev, __u32 *ifindex)
{
	struct bv_bridge *br;
	int slot, err;

	*ifindex = 0;
	if (!dev)
		return 0;
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_arg_dev_filter(br, dev, &slot);
	if (!err)
		*ifindex = bv_bridge_port(br, slot)->ifindex;
	bv_bridge_close(br);
	return err;
}

/* The mirrors, with their counters (read with them). */
static int read_mirrors(struct bv_bridge *br, struct bv_sample *s)
{
	struct bv_mirror_info *list;
	size_t n;
	int err = bv_mirror_list(br, &list, &n);

	if (err)
		return err;
	s->nr_mirrors = n < BV_MAX_MIRRORS ? n : BV_MAX_MIRRORS;
	memcpy(s->mirror, list, s->nr_mirrors * sizeof(*list));
	free(list);
	return 0;
}

int bv_sample_take(struct bv_sample *s, bool with_vlans)
{
	struct bv_bridge *br;
	int err = bv_cli_open(&br);

	if (err)
		return err;
	memset(s, 0, sizeof(*s));
	s->with_vlans = with_vlans;
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		struct bv_sample_port *p = &s->port[s->nr_ports];
		const struct bv_port *port = bv_bridge_port(br, slot);

		if (!port)
			continue;
		p->slot = slot;
		p->ifindex = port->ifindex;
		bv_ifname(p->ifindex, p->name);
		s->nr_ports++;
	}
	if (with_vlans)
		err = read_members(br, s);
	/* The counters last, close together, at one time. */
	s->ns = bv_clock_ns();
	for (unsigned int i = 0; !err && i < s->nr_ports; i++)
		err = bv_stats_read(br, s->port[i].slot, &s->port[i].st);
	if (!err && with_vlans)
		err = bv_stats_read_vlans(br, s->vlan);
	if (!err && with_vlans)
		err = read_mirrors(br, s);
	bv_bridge_close(br);
	return err;
}

const struct bv_mirror_info *bv_sample_mirror(const struct bv_sample *s,
					      unsigned int index,
					      const char *name)
{
	for (unsigned int i = 0; i < s->nr_mirrors; i++)
		if (s->mirror[i].index == index)
			return strcmp(s->mirror[i].spec.name, name) ? NULL
								   : &s->mirror[i];
	return NULL;
}

const struct bv_sample_port *bv_sample_port(const struct bv_sample *s,
					    unsigned int slot, __u32 ifindex)
{
	for (unsigned int i = 0; i < s->nr_ports; i++)
		if (s->port[i].slot == slot)
			return s->port[i].ifindex == ifindex ? &s->port[i] : NULL;
	return NULL;
}
