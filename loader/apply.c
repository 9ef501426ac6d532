// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/apply.h"
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/log.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/parse.h"
#include "bpffs.h"
#include "bridge.h"
#include "netlink.h"
#include "netns.h"
#include "port.h"
#include "port_vlan.h"

/* --- prepare: read, plan, check ------------------------------------------ */

static int open_running(struct bv_apply *a, bool stale)
{
	int err = stale ? bv_bridge_open_old(a->name, &a->br)
			: bv_bridge_open_fresh(a->name, &a->br);

	if (!err && stale && bv_upgrade_layout_check(a->br, false)) {
		pr_warn("bridge %s has maps of another layout: its plan can be read after its upgrade (bpfvlan -b %s upgrade)\n",
			a->name, a->name);
		return -ESTALE;
	}
	if (!err) {
		err = bv_conf_read(a->br, &a->cur);
		/* -ENODEV: a port without a device name, said already. */
		if (err && err != -ENODEV)
			pr_warn("cannot read bridge %s: %s\n", a->name,
				strerror(-err));
	}
	return err;
}

/* An internal port makes its device: the name must be free; a port does
 * not change between internal and not (the device would have to go).
 */
static int check_internal(const struct bv_step *s)
{
	struct bv_link link;

	if (s->kind == BV_STEP_REATTACH && s->old->internal != s->port->internal) {
		pr_warn("%s is %s internal port in the bridge and %s in the file: detach or delete it first\n",
			s->port->dev, s->old->internal ? "an" : "not an",
			s->port->internal ? "one" : "not");
		return -EINVAL;
	}
	if (s->kind == BV_STEP_ATTACH && !bv_link_get(s->port->dev, 0, &link)) {
		pr_warn("device %s already exists (an internal port makes its own; line %u)\n",
			s->port->dev, s->port->line);
		return -EEXIST;
	}
	return 0;
}

/*
 * What can be known of the mirrors to add before anything changes: the
 * destination exists and is no running port that stays (the file's own
 * ports the parser has refused), and there is room. bv_mirror_add checks
 * the rest when it runs (a failure there is rolled back).
 */
static int check_mirrors(struct bv_apply *a)
{
	size_t n = a->cur.nr_mirrors;
	struct bv_link link;

	for (size_t i = 0; i < a->plan.n; i++) {
		const struct bv_step *s = &a->plan.steps[i];
		const struct bv_conf_port *p;

		if (s->kind == BV_STEP_MIRROR_DEL)
			n--;
		if (s->kind != BV_STEP_MIRROR_ADD)
			continue;
		n++;
		if (bv_link_get(s->mirror->to, 0, &link)) {
			pr_warn("mirror %s: device %s not found (line %u)\n",
				s->mirror->name, s->mirror->to, s->mirror->line);
			return -ENODEV;
		}
		p = bv_conf_port_find(&a->cur, s->mirror->to);
		if (p && (p->owner != BV_OWNER_CONFIG ||
			  bv_conf_port_find(a->want, p->dev))) {
			pr_warn("mirror %s: %s is a port of bridge %s: a mirror destination cannot be a port\n",
				s->mirror->name, s->mirror->to, a->name);
			return -EBUSY;
		}
	}
	if (n > BV_MAX_MIRRORS) {
		pr_warn("bridge %s would have more than %d mirrors\n", a->name,
			BV_MAX_MIRRORS);
		return -ENOSPC;
	}
	return 0;
}

static int check_steps(struct bv_apply *a)
{
	struct bv_bridge *self = a->br;
	struct bv_netns_id id;
	size_t attaching = 0;
	int err = 0;

	if (!self) {
		/* No bridge yet: a stand-in for "another bridge has it". */
		self = calloc(1, sizeof(*self));
		if (!self)
			return -ENOMEM;
		snprintf(self->name, sizeof(self->name), "%s", a->name);
		err = bv_netns_self(&id);
		self->cfg.netns_cookie = id.cookie;
	}
	for (size_t i = 0; !err && i < a->plan.n; i++) {
		const struct bv_step *s = &a->plan.steps[i];

		if (s->kind == BV_STEP_ATTACH)
			attaching++;
		if ((s->kind == BV_STEP_ATTACH || s->kind == BV_STEP_REATTACH) &&
		    (s->port->internal || (s->old && s->old->internal))) {
			err = check_internal(s);
		} else if (s->kind == BV_STEP_ATTACH || s->kind == BV_STEP_REATTACH) {
			err = bv_port_attach_check(self, s->port,
						   s->kind == BV_STEP_REATTACH);
		}
	}
	if (!err)
		err = check_mirrors(a);
	if (!err && a->cur.nr_ports + attaching > BV_MAX_PORTS) {
		pr_warn("bridge %s would have more than %d ports\n", a->name,
			BV_MAX_PORTS);
		err = -ENOSPC;
	}
	if (self != a->br)
		free(self);
	return err;
}

static int prepare(const char *name, const struct bv_conf *want,
		   struct bv_apply *a, bool stale)
{
	int err;

	memset(a, 0, sizeof(*a));
	bv_conf_init(&a->cur);
	err = bv_bridge_name_check(name);
	if (err)
		return err;
	snprintf(a->name, sizeof(a->name), "%s", name);
	err = bv_bpffs_prepare();
	if (!err)
		err = bv_bridge_exists(name);
	if (err > 0)
		err = open_running(a, stale);
	if (err)
		return err;
	if (a->br && a->cur.fdb_size != want->fdb_size) {
		pr_warn("bridge %s has fdb-size %u, the file says %u: the MAC table's size is set at load (bpfvlan -b %s unload, which stops forwarding, then apply)\n",
			name, a->cur.fdb_size, want->fdb_size, name);
		return -EOPNOTSUPP;
	}
	a->want = want;
	err = bv_plan_make(a->br ? &a->cur : NULL, want, &a->plan);
	if (!err)
		err = check_steps(a);
	return err;
}

int bv_apply_prepare(const char *name, const struct bv_conf *want,
		     struct bv_apply *a)
{
	return prepare(name, want, a, false);
}

int bv_apply_prepare_stale(const char *name, const struct bv_conf *want,
			   struct bv_apply *a)
{
	return prepare(name, want, a, true);
}

void bv_apply_close(struct bv_apply *a)
{
	bv_plan_free(&a->plan);
	bv_conf_free(&a->cur);
	bv_bridge_close(a->br);
	a->br = NULL;
}

/* --- the steps and their undoing ------------------------------------------- */

static int slot_of(struct bv_apply *a, const char *dev, unsigned int *slot)
{
	return bv_port_of_dev(a->br, dev, slot);
}

/* @p as the file says it, attached by @owner (an internal port: made). */
static int attach(struct bv_apply *a, const struct bv_conf_port *p,
		  unsigned int owner)
{
	struct bv_conf_port want = *p;

	want.owner = owner;
	return bv_port_attach(a->br, &want);
}

static int detach(struct bv_apply *a, const char *dev)
{
	unsigned int slot;
	int err = slot_of(a, dev, &slot);

	return err ? err : bv_port_detach(a->br, slot);
}

static int fdb_add(struct bv_apply *a, const struct bv_conf_fdb *e)
{
	unsigned int slot;
	int err = slot_of(a, e->dev, &slot);

	if (!err)
		err = bv_fdb_add_static(a->br, e->mac, e->vid, slot);
	if (err)
		pr_warn("cannot add the FDB entry of line %u on %s vid %u: %s\n",
			e->line, e->dev, e->vid, strerror(-err));
	return err;
}

/* The running static entries of @dev (in @vids; NULL: all) back. */
static int restore_static(struct bv_apply *a, const char *dev,
			  const struct bv_vidset *vids)
{
	int err = 0, ret;

	for (size_t i = 0; i < a->cur.nr_fdb; i++) {
		const struct bv_conf_fdb *e = &a->cur.fdb[i];

		if (strcmp(e->dev, dev) || (vids && !bv_vidset_test(vids, e->vid)))
			continue;
		ret = fdb_add(a, e);
		if (!err)
			err = ret;
	}
	return err;
}

/* What a step needs to be undone, beyond the plan. */
struct undo {
	bool had_entry;			/* fdb add: the entry it replaced */
	struct bv_fdb_entry entry;
	/* detach, reattach, vlan del: the learned entries of the port that
	 * it removes (in the VIDs it leaves), put back with the port.
	 */
	struct bv_fdb_rec *learned;
	size_t nr_learned;
	/* The step failed having done part of its work: undo it too. */
	bool partial;
	/* The step failed, and could not put back what it had done. */
	bool unrestored;
};

/* Keep the learned entries of @dev (in @vids; NULL: all) in @u: every
 * one the table holds, for the ageing time may be a step's, not the one
 * the rollback puts back.
 */
static int save_learned(struct bv_apply *a, const char *dev,
			const struct bv_vidset *vids, struct undo *u)
{
	struct bv_fdb_filter f = { .vids = vids, .with_aged = true };
	unsigned int slot;
	size_t kept = 0;
	int err = slot_of(a, dev, &slot);

	if (!err) {
		f.ifindex = bv_bridge_port(a->br, slot)->ifindex;
		err = bv_fdb_dump(a->br, &f, &u->learned, &u->nr_learned);
	}
	if (err) {
		pr_warn("cannot read the FDB entries of %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	for (size_t i = 0; i < u->nr_learned; i++)
		if (!(u->learned[i].e.flags & BV_FDB_F_STATIC))
			u->learned[kept++] = u->learned[i];
	u->nr_learned = kept;
	return 0;
}

/* The learned entries kept in @u back on @dev, as they were. */
static int restore_learned(struct bv_apply *a, const char *dev,
			   const struct undo *u)
{
	unsigned int slot;
	int err = u->nr_learned ? slot_of(a, dev, &slot) : 0, ret;

	for (size_t i = 0; !err && i < u->nr_learned; i++) {
		struct bv_fdb_entry e = u->learned[i].e;

		e.slot = slot;
		e.ifindex = bv_bridge_port(a->br, slot)->ifindex;
		ret = bv_fdb_restore(a->br, u->learned[i].key.mac,
				     u->learned[i].key.vid, &e);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/* A running port back as it was: attached again, with its static and
 * learned entries.
 */
static int restore_port(struct bv_apply *a, const struct bv_conf_port *old,
			const struct undo *u)
{
	int err = attach(a, old, old->owner);

	if (!err)
		err = restore_static(a, old->dev, NULL);
	if (!err)
		err = restore_learned(a, old->dev, u);
	return err;
}

static int vlan_change(struct bv_apply *a, const struct bv_step *s, bool add)
{
	unsigned int slot;
	int err = slot_of(a, s->port->dev, &slot);

	return err ? err : bv_port_vlan_change(a->br, slot, &s->vids, add);
}

/* `port set`: the keywords that change live, as @p has them. */
static int set_live(struct bv_apply *a, const struct bv_conf_port *p)
{
	unsigned int slot;
	int err = slot_of(a, p->dev, &slot);

	if (!err)
		err = bv_port_set(a->br, slot, p, bv_port_spec_keywords(BV_PS_SET));
	if (err)
		pr_warn("cannot change the settings of %s: %s\n", p->dev,
			strerror(-err));
	return err;
}

static int set_owner(struct bv_apply *a, const char *dev, unsigned int owner)
{
	unsigned int slot;
	int err = slot_of(a, dev, &slot);

	return err ? err : bv_port_own(a->br, slot, owner);
}

static int load(struct bv_apply *a)
{
	struct bv_load_opts opts = {
		.ageing_sec = a->plan.ageing_sec,
		.fdb_size = a->plan.fdb_size,
	};
	int err = bv_bridge_load(a->name, &opts);

	if (err)
		return err;
	err = bv_bridge_open(a->name, &a->br);
	if (err)
		bv_bridge_remove_pins(a->name);
	return err;
}

/* A test's failure inside a step (bv_apply_run's @fault). */
static int injected(bool fault)
{
	return fault ? -EIO : 0;
}

/* `reattach`: detach | attach; on a failure after the detach, the port
 * is attached again as it was.
 */
static int reattach(struct bv_apply *a, const struct bv_step *s,
		    struct undo *u, bool fault)
{
	int err = save_learned(a, s->old->dev, NULL, u);

	if (!err)
		err = detach(a, s->old->dev);
	if (err)
		return err;
	err = injected(fault);
	if (!err)
		err = attach(a, s->port, BV_OWNER_CONFIG);
	if (err && restore_port(a, s->old, u)) {
		pr_warn("rollback: cannot attach %s again as it was\n",
			s->old->dev);
		u->unrestored = true;
	}
	return err;
}

/* `fdb add`: the entry it replaces deleted | the static entry added; on a
 * failure after the delete, the old entry is put back, all of it.
 */
static int fdb_replace(struct bv_apply *a, const struct bv_step *s,
		       struct undo *u, bool fault)
{
	const struct bv_conf_fdb *e = s->fdb;
	char mac[18];
	int err;

	u->had_entry = !bv_fdb_get(a->br, e->mac, e->vid, &u->entry);
	if (u->had_entry) {
		err = bv_fdb_del(a->br, e->mac, e->vid);
		if (err == -ENOENT)	/* aged out meanwhile */
			u->had_entry = false;
		else if (err)
			return err;
	}
	err = injected(fault);
	if (!err)
		err = fdb_add(a, e);
	if (err && u->had_entry &&
	    bv_fdb_restore(a->br, e->mac, e->vid, &u->entry)) {
		pr_warn("rollback: cannot put the FDB entry of %s vid %u back\n",
			bv_mac_format(e->mac, mac), e->vid);
		u->unrestored = true;
	}
	return err;
}

/* The steps of one part. */
static int step_one(struct bv_apply *a, const struct bv_step *s,
		    struct undo *u)
{
	int err;

	switch (s->kind) {
	case BV_STEP_LOAD:
		return load(a);
	case BV_STEP_AGEING:
		return bv_bridge_set_ageing(a->br, a->plan.ageing_sec);
	case BV_STEP_OWN:
		return set_owner(a, s->port->dev, BV_OWNER_CONFIG);
	case BV_STEP_SET:
		return set_live(a, s->port);
	case BV_STEP_ATTACH:
		return attach(a, s->port, BV_OWNER_CONFIG);
	case BV_STEP_VLAN_ADD:
		return vlan_change(a, s, true);
	case BV_STEP_VLAN_DEL:
		err = save_learned(a, s->port->dev, &s->vids, u);
		return err ? err : vlan_change(a, s, false);
	case BV_STEP_DETACH:
		err = save_learned(a, s->old->dev, NULL, u);
		return err ? err : detach(a, s->old->dev);
	case BV_STEP_FDB_DEL:
		err = bv_fdb_del(a->br, s->fdb->mac, s->fdb->vid);
		if (err)
			pr_warn("cannot delete the FDB entry on %s vid %u: %s\n",
				s->fdb->dev, s->fdb->vid, strerror(-err));
		return err;
	case BV_STEP_MIRROR_DEL:
		return bv_mirror_del(a->br, s->mirror->name);
	case BV_STEP_MIRROR_OWN:
		return bv_mirror_own(a->br, s->mirror->name, BV_OWNER_CONFIG);
	case BV_STEP_MIRROR_ADD:
		return bv_mirror_add(a->br, s->mirror);
	default:
		return -EINVAL;
	}
}

/*
 * Run step @s. A step of two parts that fails after its first part puts
 * that part back itself; one of a single part does all of it or nothing.
 * @fault: a test's failure inside the step, between its two parts (the
 * detach and attach of a reattach, the delete and add of an fdb add) or
 * after its one part (which u->partial then asks the rollback to undo).
 */
static int step_do(struct bv_apply *a, const struct bv_step *s,
		   struct undo *u, bool fault)
{
	int err;

	if (s->kind == BV_STEP_REATTACH)
		return reattach(a, s, u, fault);
	if (s->kind == BV_STEP_FDB_ADD)
		return fdb_replace(a, s, u, fault);
	err = step_one(a, s, u);
	if (err || !fault)
		return err;
	u->partial = true;
	return injected(fault);
}

static int step_undo(struct bv_apply *a, const struct bv_step *s,
		     const struct undo *u)
{
	int err;

	switch (s->kind) {
	case BV_STEP_LOAD:
		err = bv_bridge_destroy(a->br);	/* closes it */
		a->br = NULL;
		return err;
	case BV_STEP_AGEING:
		return bv_bridge_set_ageing(a->br, a->cur.ageing_sec);
	case BV_STEP_OWN:
		return set_owner(a, s->port->dev, s->old->owner);
	case BV_STEP_SET:
		return set_live(a, s->old);
	case BV_STEP_ATTACH:
		return detach(a, s->port->dev);
	case BV_STEP_VLAN_ADD:
		return vlan_change(a, s, false);
	case BV_STEP_VLAN_DEL:
		err = vlan_change(a, s, true);
		if (!err)
			err = restore_static(a, s->port->dev, &s->vids);
		return err ? err : restore_learned(a, s->port->dev, u);
	case BV_STEP_REATTACH:
		err = detach(a, s->port->dev);
		return err ? err : restore_port(a, s->old, u);
	case BV_STEP_DETACH:
		return restore_port(a, s->old, u);
	case BV_STEP_FDB_DEL:
		return fdb_add(a, s->fdb);
	case BV_STEP_FDB_ADD:
		err = bv_fdb_del(a->br, s->fdb->mac, s->fdb->vid);
		if (err && err != -ENOENT)
			return err;
		return u->had_entry ? bv_fdb_restore(a->br, s->fdb->mac,
						     s->fdb->vid, &u->entry) : 0;
	case BV_STEP_MIRROR_DEL:	/* its counters start again */
		return bv_mirror_add(a->br, s->mirror);
	case BV_STEP_MIRROR_OWN:
		return bv_mirror_own(a->br, s->mirror->name, s->mirror->owner);
	case BV_STEP_MIRROR_ADD:
		return bv_mirror_del(a->br, s->mirror->name);
	}
	return -EINVAL;
}

int bv_apply_run(struct bv_apply *a, const struct bv_apply_fault *fault)
{
	char *desc = malloc(BV_STEP_DESC_MAX);
	struct undo *undo = calloc(a->plan.n + 1, sizeof(*undo));
	size_t done;
	int err = 0, uerr = 0, ret;

	if (!desc || !undo) {
		err = -ENOMEM;
		goto out;
	}
	for (done = 0; done < a->plan.n; done++) {
		const struct bv_step *s = &a->plan.steps[done];
		bool here = fault && fault->step == done + 1;

		bv_step_describe(&a->plan, s, desc, BV_STEP_DESC_MAX);
		if (here && !fault->inside) {
			pr_warn("step %zu (%s): failing as asked (a test)\n",
				done + 1, desc);
			err = -EIO;
			break;
		}
		if (here)
			pr_warn("step %zu (%s): failing inside it as asked (a test)\n",
				done + 1, desc);
		pr_info("%s\n", desc);
		err = step_do(a, s, &undo[done], here);
		if (err) {
			pr_warn("apply to bridge %s failed at step %zu (%s): %s\n",
				a->name, done + 1, desc, strerror(-err));
			if (undo[done].unrestored)
				uerr = err;
			if (undo[done].partial)
				done++;
			break;
		}
	}
	if (!err)
		goto out;
	while (done-- > 0) {
		const struct bv_step *s = &a->plan.steps[done];

		bv_step_describe(&a->plan, s, desc, BV_STEP_DESC_MAX);
		pr_info("undo: %s\n", desc);
		ret = step_undo(a, s, &undo[done]);
		if (ret) {
			pr_warn("rollback: cannot undo \"%s\": %s\n", desc,
				strerror(-ret));
			if (!uerr)
				uerr = ret;
		}
	}
	if (uerr)
		pr_warn("bridge %s may differ from before apply: see the messages above\n",
			a->name);
	else
		pr_warn("bridge %s is as before apply\n", a->name);
out:
	for (size_t i = 0; undo && i < a->plan.n; i++)
		free(undo[i].learned);
	free(desc);
	free(undo);
	return err;
}
