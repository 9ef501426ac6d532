// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/parse.h"
#include "bpfvlan/plan.h"

static struct bv_step *add_step(struct bv_plan *plan, size_t *cap,
				enum bv_step_kind kind)
{
	struct bv_step *s;

	if (plan->n == *cap) {
		size_t ncap = *cap ? 2 * *cap : 16;

		s = realloc(plan->steps, ncap * sizeof(*s));
		if (!s)
			return NULL;
		plan->steps = s;
		*cap = ncap;
	}
	s = &plan->steps[plan->n];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->seq = plan->n++;
	return s;
}

/* @a minus @b */
static void vids_minus(const struct bv_vidset *a, const struct bv_vidset *b,
		       struct bv_vidset *out)
{
	for (int i = 0; i < BV_VID_WORDS; i++)
		out->bits[i] = a->bits[i] & ~b->bits[i];
}

/* Only what changes live differs: a trunk's tagged VIDs (`vlan add/del`)
 * and the keywords of `port set`.
 */
static bool changes_live(const struct bv_conf_port *a,
			 const struct bv_conf_port *b)
{
	struct bv_conf_port b_live = *b;

	/* Equal but for what changes live? */
	bv_port_spec_copy(&b_live, a, bv_port_spec_keywords(BV_PS_SET));
	if (a->mode == BV_MODE_TRUNK)
		b_live.tagged = a->tagged;
	return bv_conf_port_same(a, &b_live);
}

static int plan_port(struct bv_plan *plan, size_t *cap,
		     const struct bv_conf_port *old,
		     const struct bv_conf_port *w)
{
	struct bv_step *s;
	struct bv_vidset add, del;

	if (!old) {
		s = add_step(plan, cap, BV_STEP_ATTACH);
		if (!s)
			return -ENOMEM;
		s->port = w;
		return 0;
	}
	if (!bv_conf_port_same(old, w) && !changes_live(old, w)) {
		s = add_step(plan, cap, BV_STEP_REATTACH);
		if (!s)
			return -ENOMEM;
		s->port = w;
		s->old = old;
		return 0;	/* attached again, by the file */
	}
	if (old->owner != BV_OWNER_CONFIG) {
		s = add_step(plan, cap, BV_STEP_OWN);
		if (!s)
			return -ENOMEM;
		s->port = w;
		s->old = old;
	}
	if (!bv_port_spec_same(old, w, bv_port_spec_keywords(BV_PS_SET))) {
		s = add_step(plan, cap, BV_STEP_SET);
		if (!s)
			return -ENOMEM;
		s->port = w;
		s->old = old;
	}
	vids_minus(&w->tagged, &old->tagged, &add);
	vids_minus(&old->tagged, &w->tagged, &del);
	if (bv_vidset_count(&add)) {
		s = add_step(plan, cap, BV_STEP_VLAN_ADD);
		if (!s)
			return -ENOMEM;
		s->port = w;
		s->vids = add;
	}
	if (bv_vidset_count(&del)) {
		s = add_step(plan, cap, BV_STEP_VLAN_DEL);
		if (!s)
			return -ENOMEM;
		s->port = w;
		s->vids = del;
	}
	return 0;
}

/* Will the port @dev be detached (and so lose its static entries)? */
static bool port_goes(const struct bv_plan *plan, const char *dev)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct bv_step *s = &plan->steps[i];

		if ((s->kind == BV_STEP_REATTACH || s->kind == BV_STEP_DETACH) &&
		    !strcmp(s->old->dev, dev))
			return true;
	}
	return false;
}

/* Does `vlan del` take @vid from @dev (flushing its entries there)? */
static bool vid_leaves(const struct bv_plan *plan, const char *dev,
		       unsigned int vid)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct bv_step *s = &plan->steps[i];

		if (s->kind == BV_STEP_VLAN_DEL && !strcmp(s->port->dev, dev) &&
		    bv_vidset_test(&s->vids, vid))
			return true;
	}
	return false;
}

static int plan_fdb(struct bv_plan *plan, size_t *cap,
		    const struct bv_conf *cur, const struct bv_conf *want)
{
	struct bv_step *s;

	/* Running static entries on the file's ports that the file drops;
	 * those of ports that go, or in VLANs their port leaves, go with them.
	 */
	for (size_t i = 0; cur && i < cur->nr_fdb; i++) {
		const struct bv_conf_fdb *e = &cur->fdb[i];

		if (!bv_conf_port_find(want, e->dev) || port_goes(plan, e->dev) ||
		    vid_leaves(plan, e->dev, e->vid) ||
		    bv_conf_fdb_find(want, e->mac, e->vid))
			continue;
		s = add_step(plan, cap, BV_STEP_FDB_DEL);
		if (!s)
			return -ENOMEM;
		s->fdb = e;
	}
	/* The file's entries not running as they are (new, moved, or on a
	 * port attached again).
	 */
	for (size_t i = 0; i < want->nr_fdb; i++) {
		const struct bv_conf_fdb *w = &want->fdb[i];
		const struct bv_conf_fdb *e =
			cur ? bv_conf_fdb_find(cur, w->mac, w->vid) : NULL;

		if (e && !strcmp(e->dev, w->dev) && !port_goes(plan, e->dev))
			continue;
		s = add_step(plan, cap, BV_STEP_FDB_ADD);
		if (!s)
			return -ENOMEM;
		s->fdb = w;
	}
	return 0;
}

/* Is port @dev attached again (a reattach)? */
static bool port_reattached(const struct bv_plan *plan, const char *dev)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->steps[i].kind == BV_STEP_REATTACH &&
		    !strcmp(plan->steps[i].old->dev, dev))
			return true;
	return false;
}

static int add_mirror_step(struct bv_plan *plan, size_t *cap,
			   enum bv_step_kind kind,
			   const struct bv_mirror_spec *m)
{
	struct bv_step *s = add_step(plan, cap, kind);

	if (!s)
		return -ENOMEM;
	s->mirror = m;
	return 0;
}

/*
 * A running mirror stays as it is if the file has it the same and its
 * source port stays; else it goes (del) first. A mirror apply does not
 * manage goes only with its source port, and comes back with it if the
 * port is attached again. Then the file's mirrors that are not running as
 * they are come (add), or become the file's (own).
 */
static int plan_mirrors(struct bv_plan *plan, size_t *cap,
			const struct bv_conf *cur, const struct bv_conf *want)
{
	int err = 0;

	for (size_t i = 0; !err && cur && i < cur->nr_mirrors; i++) {
		const struct bv_mirror_spec *m = &cur->mirrors[i];
		const struct bv_mirror_spec *w = bv_conf_mirror_find(want, m->name);
		bool goes = m->dev[0] && port_goes(plan, m->dev);

		if (!goes && (w ? bv_mirror_spec_same(m, w)
				: m->owner != BV_OWNER_CONFIG))
			continue;
		err = add_mirror_step(plan, cap, BV_STEP_MIRROR_DEL, m);
		if (!err && !w && m->owner != BV_OWNER_CONFIG &&
		    port_reattached(plan, m->dev))
			err = add_mirror_step(plan, cap, BV_STEP_MIRROR_ADD, m);
	}
	for (size_t i = 0; !err && i < want->nr_mirrors; i++) {
		const struct bv_mirror_spec *w = &want->mirrors[i];
		const struct bv_mirror_spec *m =
			cur ? bv_conf_mirror_find(cur, w->name) : NULL;

		if (!m || !bv_mirror_spec_same(m, w) ||
		    (m->dev[0] && port_goes(plan, m->dev)))
			err = add_mirror_step(plan, cap, BV_STEP_MIRROR_ADD, w);
		else if (m->owner != BV_OWNER_CONFIG)
			err = add_mirror_step(plan, cap, BV_STEP_MIRROR_OWN, m);
	}
	return err;
}

static int cmp_step(const void *x, const void *y)
{
	const struct bv_step *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;	/* the file's order */
}

int bv_plan_make(const struct bv_conf *cur, const struct bv_conf *want,
		 struct bv_plan *plan)
{
	size_t cap = 0;
	struct bv_step *s;
	int err = -ENOMEM;

	memset(plan, 0, sizeof(*plan));
	plan->ageing_sec = want->ageing_sec;
	plan->fdb_size = want->fdb_size;
	if (!cur && !add_step(plan, &cap, BV_STEP_LOAD))
		goto fail;
	if (cur && cur->ageing_sec != want->ageing_sec &&
	    !add_step(plan, &cap, BV_STEP_AGEING))
		goto fail;
	for (size_t i = 0; i < want->nr_ports; i++) {
		const struct bv_conf_port *w = &want->ports[i];

		err = plan_port(plan, &cap, cur ? bv_conf_port_find(cur, w->dev)
						: NULL, w);
		if (err)
			goto fail;
	}
	for (size_t i = 0; cur && i < cur->nr_ports; i++) {
		const struct bv_conf_port *old = &cur->ports[i];

		if (old->owner != BV_OWNER_CONFIG ||
		    bv_conf_port_find(want, old->dev))
			continue;
		s = add_step(plan, &cap, BV_STEP_DETACH);
		if (!s) {
			err = -ENOMEM;
			goto fail;
		}
		s->old = old;
	}
	err = plan_fdb(plan, &cap, cur, want);
	if (!err)
		err = plan_mirrors(plan, &cap, cur, want);
	if (err)
		goto fail;
	/* qsort is not stable: cmp_step breaks ties by seq. */
	if (plan->n)
		qsort(plan->steps, plan->n, sizeof(*plan->steps), cmp_step);
	return 0;
fail:
	bv_plan_free(plan);
	return err;
}

void bv_plan_free(struct bv_plan *plan)
{
	free(plan->steps);
	memset(plan, 0, sizeof(*plan));
}

/* "mirror add NAME ...", as the command line takes it. */
static void mirror_describe(const struct bv_mirror_spec *m, char *buf,
			    size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f) {
		snprintf(buf, len, "mirror add %s", m->name);
		return;
	}
	fprintf(f, "mirror add ");
	bv_mirror_spec_write(m, f, NULL);
	fputc('\0', f);
	fclose(f);
	buf[len - 1] = '\0';
}

char *bv_step_describe(const struct bv_plan *plan, const struct bv_step *s,
		       char *buf, size_t len)
{
	char *args = malloc(BV_PS_FMT_MAX), *list = malloc(BV_VIDSET_FMT_MAX);
	char mac[18];

	if (!args || !list) {
		snprintf(buf, len, "(out of memory)");
		goto out;
	}
	switch (s->kind) {
	case BV_STEP_LOAD:
		snprintf(buf, len, "load ageing %u fdb-size %u",
			 plan->ageing_sec, plan->fdb_size);
		break;
	case BV_STEP_AGEING:
		snprintf(buf, len, "ageing %u", plan->ageing_sec);
		break;
	case BV_STEP_OWN:
		snprintf(buf, len, "own %s (attached by %s)", s->port->dev,
			 bv_owner_name(s->old->owner));
		break;
	case BV_STEP_SET:
		snprintf(buf, len, "port set %s %s", s->port->dev,
			 bv_port_spec_format_keywords(s->port,
				bv_port_spec_differ(s->old, s->port,
					bv_port_spec_keywords(BV_PS_SET)),
				args, BV_PS_FMT_MAX));
		break;
	case BV_STEP_ATTACH:
	case BV_STEP_REATTACH:
		snprintf(buf, len, "%s %s %s",
			 s->kind == BV_STEP_ATTACH ? "attach" : "reattach",
			 s->port->dev,
			 bv_port_spec_format(s->port, args, BV_PS_FMT_MAX));
		break;
	case BV_STEP_VLAN_ADD:
	case BV_STEP_VLAN_DEL:
		snprintf(buf, len, "vlan %s dev %s vid %s",
			 s->kind == BV_STEP_VLAN_ADD ? "add" : "del",
			 s->port->dev,
			 bv_vidset_format(&s->vids, list, BV_VIDSET_FMT_MAX));
		break;
	case BV_STEP_DETACH:
		snprintf(buf, len, "detach %s", s->old->dev);
		break;
	case BV_STEP_FDB_DEL:
		snprintf(buf, len, "fdb del %s vid %u",
			 bv_mac_format(s->fdb->mac, mac), s->fdb->vid);
		break;
	case BV_STEP_FDB_ADD:
		snprintf(buf, len, "fdb add %s dev %s vid %u",
			 bv_mac_format(s->fdb->mac, mac), s->fdb->dev,
			 s->fdb->vid);
		break;
	case BV_STEP_MIRROR_DEL:
		snprintf(buf, len, "mirror del %s", s->mirror->name);
		break;
	case BV_STEP_MIRROR_OWN:
		snprintf(buf, len, "own mirror %s", s->mirror->name);
		break;
	case BV_STEP_MIRROR_ADD:
		mirror_describe(s->mirror, buf, len);
		break;
	}
out:
	free(args);
	free(list);
	return buf;
}
