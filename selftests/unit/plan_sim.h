/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A model of what apply's steps do to a bridge, on struct bv_conf: the
 * unit tests and the config fuzzer run a plan through it and check that
 * it lands on what the ownership rule promises (loader/plan.h):
 * the file's ports and entries, plus the ports apply does not manage.
 */
#ifndef BV_PLAN_SIM_H
#define BV_PLAN_SIM_H

#include <stdbool.h>
#include <string.h>
#include "bpfvlan/conf.h"
#include "bpfvlan/plan.h"

static inline void sim_drop_port(struct bv_conf *c, const char *dev)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nr_ports; i++)
		if (strcmp(c->ports[i].dev, dev))
			c->ports[k++] = c->ports[i];
	c->nr_ports = k;
	k = 0;
	for (size_t i = 0; i < c->nr_fdb; i++)	/* detach flushes them */
		if (strcmp(c->fdb[i].dev, dev))
			c->fdb[k++] = c->fdb[i];
	c->nr_fdb = k;
	k = 0;
	for (size_t i = 0; i < c->nr_mirrors; i++)	/* and its mirrors */
		if (strcmp(c->mirrors[i].dev, dev))
			c->mirrors[k++] = c->mirrors[i];
	c->nr_mirrors = k;
}

static inline void sim_drop_mirror(struct bv_conf *c, const char *name)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nr_mirrors; i++)
		if (strcmp(c->mirrors[i].name, name))
			c->mirrors[k++] = c->mirrors[i];
	c->nr_mirrors = k;
}

/* `vlan del` flushes the port's entries in the VIDs it leaves. */
static inline void sim_drop_vid_fdb(struct bv_conf *c, const char *dev,
				    const struct bv_vidset *vids)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nr_fdb; i++)
		if (strcmp(c->fdb[i].dev, dev) ||
		    !bv_vidset_test(vids, c->fdb[i].vid))
			c->fdb[k++] = c->fdb[i];
	c->nr_fdb = k;
}

static inline struct bv_conf_port *sim_port(struct bv_conf *c, const char *dev)
{
	return (struct bv_conf_port *)bv_conf_port_find(c, dev);
}

static inline void sim_drop_fdb(struct bv_conf *c, const __u8 *mac,
				unsigned int vid)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nr_fdb; i++)
		if (c->fdb[i].vid != vid || memcmp(c->fdb[i].mac, mac, 6))
			c->fdb[k++] = c->fdb[i];
	c->nr_fdb = k;
}

/* Run @plan on @c (a copy of the running state). false: a step made no
 * sense there (a port missing, a VID already as asked...).
 */
static inline bool sim_run(struct bv_conf *c, const struct bv_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct bv_step *s = &plan->steps[i];
		struct bv_conf_port *p;
		struct bv_conf_fdb *e;
		struct bv_mirror_spec *m;

		switch (s->kind) {
		case BV_STEP_LOAD:
			if (c->nr_ports || c->nr_fdb)
				return false;
			c->ageing_sec = plan->ageing_sec;
			c->fdb_size = plan->fdb_size;
			break;
		case BV_STEP_AGEING:
			c->ageing_sec = plan->ageing_sec;
			break;
		case BV_STEP_OWN:
			p = sim_port(c, s->port->dev);
			if (!p || p->owner == BV_OWNER_CONFIG)
				return false;
			p->owner = BV_OWNER_CONFIG;
			break;
		case BV_STEP_SET:
			p = sim_port(c, s->port->dev);
			if (!p || bv_port_spec_same(p, s->port,
					bv_port_spec_keywords(BV_PS_SET)))
				return false;
			bv_port_spec_copy(p, s->port,
					  bv_port_spec_keywords(BV_PS_SET));
			break;
		case BV_STEP_ATTACH:
			if (sim_port(c, s->port->dev))
				return false;
			p = bv_conf_add_port(c);
			if (!p)
				return false;
			*p = *s->port;
			p->owner = BV_OWNER_CONFIG;
			break;
		case BV_STEP_REATTACH:
		case BV_STEP_DETACH:
			if (!sim_port(c, s->old->dev))
				return false;
			sim_drop_port(c, s->old->dev);
			if (s->kind == BV_STEP_DETACH)
				break;
			p = bv_conf_add_port(c);
			if (!p)
				return false;
			*p = *s->port;
			p->owner = BV_OWNER_CONFIG;
			break;
		case BV_STEP_VLAN_ADD:
		case BV_STEP_VLAN_DEL:
			p = sim_port(c, s->port->dev);
			if (!p || p->mode != BV_MODE_TRUNK || !bv_vidset_count(&s->vids))
				return false;
			for (unsigned int v = 1; v <= BV_VID_MAX; v++) {
				if (!bv_vidset_test(&s->vids, v))
					continue;
				if (bv_vidset_test(&p->tagged, v) !=
				    (s->kind == BV_STEP_VLAN_DEL))
					return false;	/* not a change */
				if (s->kind == BV_STEP_VLAN_ADD)
					bv_vidset_set(&p->tagged, v);
				else
					bv_vidset_clear(&p->tagged, v);
			}
			if (s->kind == BV_STEP_VLAN_DEL)
				sim_drop_vid_fdb(c, p->dev, &s->vids);
			break;
		case BV_STEP_FDB_DEL:
			if (!bv_conf_fdb_find(c, s->fdb->mac, s->fdb->vid))
				return false;
			sim_drop_fdb(c, s->fdb->mac, s->fdb->vid);
			break;
		case BV_STEP_FDB_ADD:
			p = sim_port(c, s->fdb->dev);
			if (!p || !bv_conf_port_has_vid(p, s->fdb->vid))
				return false;
			sim_drop_fdb(c, s->fdb->mac, s->fdb->vid);
			e = bv_conf_add_fdb(c);
			if (!e)
				return false;
			*e = *s->fdb;
			break;
		case BV_STEP_MIRROR_DEL:
			if (!bv_conf_mirror_find(c, s->mirror->name))
				return false;
			sim_drop_mirror(c, s->mirror->name);
			break;
		case BV_STEP_MIRROR_OWN:
			m = (struct bv_mirror_spec *)bv_conf_mirror_find(c,
							s->mirror->name);
			if (!m || m->owner == BV_OWNER_CONFIG)
				return false;
			m->owner = BV_OWNER_CONFIG;
			break;
		case BV_STEP_MIRROR_ADD:
			if (bv_conf_mirror_find(c, s->mirror->name) ||
			    (s->mirror->dev[0] && !sim_port(c, s->mirror->dev)))
				return false;
			m = bv_conf_add_mirror(c);
			if (!m)
				return false;
			*m = *s->mirror;
			break;
		}
	}
	return true;
}

/* Do @got and @want hold the same ports (settings and owner) and the
 * same static entries, in any order?
 */
static inline bool sim_same(const struct bv_conf *got,
			    const struct bv_conf *want)
{
	if (got->ageing_sec != want->ageing_sec ||
	    got->fdb_size != want->fdb_size ||
	    got->nr_ports != want->nr_ports || got->nr_fdb != want->nr_fdb ||
	    got->nr_mirrors != want->nr_mirrors)
		return false;
	for (size_t i = 0; i < want->nr_mirrors; i++) {
		const struct bv_mirror_spec *w = &want->mirrors[i];
		const struct bv_mirror_spec *g = bv_conf_mirror_find(got, w->name);

		if (!g || !bv_mirror_spec_same(g, w) || g->owner != w->owner)
			return false;
	}
	for (size_t i = 0; i < want->nr_ports; i++) {
		const struct bv_conf_port *w = &want->ports[i];
		const struct bv_conf_port *g = bv_conf_port_find(got, w->dev);

		if (!g || !bv_conf_port_same(g, w) || g->owner != w->owner)
			return false;
	}
	for (size_t i = 0; i < want->nr_fdb; i++) {
		const struct bv_conf_fdb *w = &want->fdb[i];
		const struct bv_conf_fdb *g = bv_conf_fdb_find(got, w->mac, w->vid);

		if (!g || strcmp(g->dev, w->dev))
			return false;
	}
	return true;
}

/* What apply promises from @cur and @file: the file's ports and entries,
 * and the ports it does not manage (not config, not in the file) with
 * their entries, unless the file takes an entry's MAC and VID; the file's
 * mirrors, and those it does not manage (not config, not in the file)
 * whose source port (if any) is left.
 */
static inline int sim_expect(const struct bv_conf *cur,
			     const struct bv_conf *file, struct bv_conf *out)
{
	bv_conf_init(out);
	out->ageing_sec = file->ageing_sec;
	out->fdb_size = file->fdb_size;
	for (size_t i = 0; i < file->nr_ports; i++) {
		struct bv_conf_port *p = bv_conf_add_port(out);

		if (!p)
			return -1;
		*p = file->ports[i];
	}
	for (size_t i = 0; cur && i < cur->nr_ports; i++) {
		const struct bv_conf_port *c = &cur->ports[i];
		struct bv_conf_port *p;

		if (c->owner == BV_OWNER_CONFIG || bv_conf_port_find(file, c->dev))
			continue;
		p = bv_conf_add_port(out);
		if (!p)
			return -1;
		*p = *c;
	}
	for (size_t i = 0; i < file->nr_fdb; i++) {
		struct bv_conf_fdb *e = bv_conf_add_fdb(out);

		if (!e)
			return -1;
		*e = file->fdb[i];
	}
	for (size_t i = 0; cur && i < cur->nr_fdb; i++) {
		const struct bv_conf_fdb *c = &cur->fdb[i];
		const struct bv_conf_port *p = bv_conf_port_find(cur, c->dev);
		struct bv_conf_fdb *e;

		if (!p || p->owner == BV_OWNER_CONFIG ||
		    bv_conf_port_find(file, c->dev) ||
		    bv_conf_fdb_find(file, c->mac, c->vid))
			continue;
		e = bv_conf_add_fdb(out);
		if (!e)
			return -1;
		*e = *c;
	}
	for (size_t i = 0; i < file->nr_mirrors; i++) {
		struct bv_mirror_spec *m = bv_conf_add_mirror(out);

		if (!m)
			return -1;
		*m = file->mirrors[i];
	}
	for (size_t i = 0; cur && i < cur->nr_mirrors; i++) {
		const struct bv_mirror_spec *c = &cur->mirrors[i];
		struct bv_mirror_spec *m;

		if (c->owner == BV_OWNER_CONFIG ||
		    bv_conf_mirror_find(file, c->name) ||
		    (c->dev[0] && !bv_conf_port_find(out, c->dev)))
			continue;
		m = bv_conf_add_mirror(out);
		if (!m)
			return -1;
		*m = *c;
	}
	return 0;
}

#endif /* BV_PLAN_SIM_H */
