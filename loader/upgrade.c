// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * `bpfvlan upgrade`: this bpfvlan's programs replace those of a running
 * bridge, in place, while it forwards.
 *
 *   1. plan: each map kept (same layout), made (new) or migrated
 *      (changed, by its rule: upgrade_map.c); a change without a rule
 *      refuses the upgrade here, before anything is made;
 *   2. load the new object over the kept maps; when a map migrates, stop
 *      the ageing timer (below: stop_timer); migrate, pass 1 (copy);
 *   3. make what each attachment will get: the XDP program of each XDP
 *      port, the flood devmaps with the new egress programs; pin all of
 *      the new bridge in a build directory ("~NAME~PID", as `load` does);
 *   4. swap, each atomic on its own, none ever detached: the flood
 *      devmaps (one batch update of bv_flood), XDP on each port
 *      (XDP_FLAGS_REPLACE with the old program), TC on each port
 *      (cls_bpf replace, same handle and priority);
 *   5. wait for a grace period (no old program runs any more), migrate,
 *      pass 2 (what the old programs did after pass 1); stamp bv_build;
 *   6. exchange the build directory with the bridge's (RENAME_EXCHANGE:
 *      every pin changes at once);
 *   7. the timer: the new bv_gc_start sets the new callback on the
 *      running timer (bpf_timer_init answers -EBUSY, set_callback
 *      replaces the callback and its program), or arms the timer stopped
 *      in step 2 or that of a new bv_gc;
 *   8. remove the old pins: maps and programs no longer used go with
 *      their last reference.
 * A failure in steps 1-7 undoes what was done, in reverse: the bridge
 * runs its old programs over its old maps, as before (its timer armed
 * again by the program that had armed it). The test build
 * fails any step on demand (struct bv_upgrade_test).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpffs.h"
#include "bridge.h"
#include "datapath.h"
#include "hooks.h"
#include "proginfo.h"
#include "upgrade.h"
#include "xdpprog.h"

enum up_act { UP_REUSE, UP_CREATE, UP_MIGRATE };

struct up_port {
	int old_tc;		/* the program attached now; -1: none */
	int old_xdp, new_xdp;	/* -1: no XDP */
	bool tc_done, xdp_done;
};

struct up {
	const struct bv_upgrade_test *test;
	unsigned int step;
	struct bv_bridge *br;		/* the running bridge, locked */
	struct bv_bridge *nb;		/* the new objects (fds borrowed) */
	struct bpfvlan *skel;
	enum up_act act[BV_FIRST_PROG];
	struct bv_mig mig[BV_FIRST_PROG];
	struct up_port port[BV_MAX_PORTS];
	int flood_old[BV_NR_VIDS];	/* inner devmaps, -1: none */
	int flood_new[BV_NR_VIDS];
	bool flood_done;
	struct bv_build stamp_old;
	bool stamped, exchanged;
	bool timer_stopped;
	int timer_prog;			/* what armed the timer; -1: none */
	int build_lock;
	char build[BV_BRIDGE_NAME_MAX + 24];
	char build_dir[256], dir[256];
};

/* Count a step; the test build's fault fails it. */
static int step(struct up *u, const char *fmt, ...)
{
	char what[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	u->step++;
	pr_info("upgrade of bridge %s, step %u: %s\n", u->br->name, u->step,
		what);
	if (u->test && u->test->kill_step == u->step)
		kill(getpid(), SIGKILL);
	if (u->test && u->test->fail_step == u->step) {
		pr_warn("cannot upgrade bridge %s: step %u (%s) failed (injected by a test)\n",
			u->br->name, u->step, what);
		return -EIO;
	}
	return 0;
}

static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	if (!list)
		return false;
	if (!strcmp(list, "all"))
		return true;
	for (const char *p = list; *p; ) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && !strncmp(p, name, n))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

static void shape_of_map(struct bpfvlan *skel, struct bpf_map *m,
			 struct bv_map_shape *s)
{
	const struct btf *btf = bpf_object__btf(skel->obj);
	__u32 id = bpf_map__btf_value_type_id(m);
	const struct btf_type *t = btf && id ? btf__type_by_id(btf, id) : NULL;

	memset(s, 0, sizeof(*s));
	s->type = bpf_map__type(m);
	s->key_size = bpf_map__key_size(m);
	s->value_size = bpf_map__value_size(m);
	s->max_entries = bpf_map__max_entries(m);
	s->flags = bpf_map__map_flags(m);
	if (t)
		snprintf(s->btf_name, sizeof(s->btf_name), "%s",
			 btf__name_by_offset(btf, t->name_off));
}

static void shape_str(const struct bv_map_shape *s, char *buf, size_t len)
{
	snprintf(buf, len, "type %u, key %u, value %u \"%s\", %u entries, flags 0x%x",
		 s->type, s->key_size, s->value_size, s->btf_name,
		 s->max_entries, s->flags);
}

int bv_upgrade_layout_check(struct bv_bridge *br, bool say)
{
	struct bv_map_shape have, want;
	struct bpfvlan *skel = bpfvlan__open();
	int err = 0;

	if (!skel)
		return -errno;
	bpf_map__set_max_entries(skel->maps.bv_fdb, br->cfg.fdb_size);
	bpf_map__set_max_entries(skel->maps.bv_age_queue,
				 BV_AGE_QUEUE_SIZE(br->cfg.fdb_size));
	for (int i = 0; !err && i < BV_FIRST_PROG; i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(skel->obj,
								 bv_obj_names[i]);

		if (!m || br->fd[i] < 0)
			continue;
		err = bv_map_shape_of_fd(br->fd[i], &have);
		if (err)
			break;
		shape_of_map(skel, m, &want);
		if (!bv_map_shape_same(&have, &want)) {
			if (say)
				pr_warn("bridge %s was loaded by another build of bpfvlan, whose map %s differs: upgrade it first (bpfvlan -b %s upgrade)\n",
					br->name, bv_obj_names[i], br->name);
			err = -ESTALE;
		}
	}
	bpfvlan__destroy(skel);
	return err;
}

/* Step 1: keep, make or migrate each map. */
static int plan_map(struct up *u, int i)
{
	const char *name = bv_obj_names[i];
	struct bpf_map *m = bpf_object__find_map_by_name(u->skel->obj, name);
	struct bv_mig *mig = &u->mig[i];
	char from[160], to[160];
	bool forced, norule;
	int err;

	if (!m) {
		pr_warn("cannot upgrade bridge %s: the BPF object has no map %s\n",
			u->br->name, name);
		return -ENOENT;
	}
	if (u->br->fd[i] < 0) {
		u->act[i] = UP_CREATE;
		pr_info("upgrade of bridge %s: map %s is new\n", u->br->name,
			name);
		return 0;
	}
	mig->old_fd = u->br->fd[i];
	err = bv_map_shape_of_fd(mig->old_fd, &mig->old);
	if (err)
		return err;
	shape_of_map(u->skel, m, &mig->new);
	/* "all": every map that has a rule (a map without one cannot be
	 * migrated: bpfvlan_maps.h); by name: that map, rule or not.
	 */
	forced = u->test && listed(u->test->migrate, name) &&
		 (strcmp(u->test->migrate, "all") ||
		  bv_mig_rule_of(name) != BV_MIG_NONE);
	norule = u->test && listed(u->test->no_rule, name);
	if (bv_map_shape_same(&mig->old, &mig->new) && !forced && !norule) {
		u->act[i] = UP_REUSE;
		return bpf_map__reuse_fd(m, mig->old_fd);
	}
	mig->rule = norule ? BV_MIG_NONE : bv_mig_rule_of(name);
	shape_str(&mig->old, from, sizeof(from));
	shape_str(&mig->new, to, sizeof(to));
	if (bv_mig_check(mig->rule, &mig->old, &mig->new)) {
		pr_warn("cannot upgrade bridge %s: map %s changed (%s, now %s) and no rule migrates it; nothing changed\n",
			u->br->name, name, from, to);
		return -EOPNOTSUPP;
	}
	pr_info("upgrade of bridge %s: map %s migrates by rule %s (%s, now %s)\n",
		u->br->name, name, bv_mig_rule_name(mig->rule), from, to);
	u->act[i] = UP_MIGRATE;
	return 0;
}

static int plan_and_load(struct up *u)
{
	__u32 size = u->br->cfg.fdb_size;
	int err;

	u->skel = bpfvlan__open();
	if (!u->skel) {
		err = -errno;
		pr_warn("cannot open the BPF object: %s\n", strerror(-err));
		return err;
	}
	err = bpf_map__set_max_entries(u->skel->maps.bv_fdb, size);
	if (!err)
		err = bpf_map__set_max_entries(u->skel->maps.bv_age_queue,
					       BV_AGE_QUEUE_SIZE(size));
	for (int i = 0; !err && i < BV_FIRST_PROG; i++)
		err = plan_map(u, i);
	if (!err)
		err = step(u, "load the new programs");
	if (err)
		return err;
	err = bpfvlan__load(u->skel);
	if (err)
		pr_warn("cannot load the new BPF programs of bridge %s: %s (run with -v for the verifier log)\n",
			u->br->name, strerror(-err));
	return err;
}

/* The new bridge as loader code sees one: its fds, the old ports. */
static int new_bridge(struct up *u)
{
	struct bv_bridge *nb = calloc(1, sizeof(*nb));
	char prog[BV_BRIDGE_NAME_MAX + 32];

	if (!nb)
		return -ENOMEM;
	memcpy(nb, u->br, sizeof(*nb));
	nb->lock_fd = -1;
	nb->counts = NULL;
	for (int i = 0; i < BV_NR_OBJS; i++) {
		if (i < BV_FIRST_PROG) {
			nb->fd[i] = bpf_map__fd(bpf_object__find_map_by_name(
					u->skel->obj, bv_obj_names[i]));
			continue;
		}
		/* Pinned as "xdp_ingress", the program is "bv_xdp_ingress". */
		snprintf(prog, sizeof(prog), "bv_%s", bv_obj_names[i]);
		nb->fd[i] = bpf_program__fd(bpf_object__find_program_by_name(
					u->skel->obj, prog));
		if (nb->fd[i] < 0) {
			free(nb);
			return -ENOENT;
		}
	}
	u->nb = nb;
	return 0;
}

static bool migrates_any(const struct up *u)
{
	for (int i = 0; i < BV_FIRST_PROG; i++)
		if (u->act[i] == UP_MIGRATE)
			return true;
	return false;
}

/*
 * The program whose callback the bridge's timer runs: bv_gc_start of the
 * build that last armed it (the timer holds it: it is loaded still), over
 * the bridge's bv_gc, and not this build's. In *@fd, or -1 if no timer
 * runs.
 */
static int find_timer_prog(struct up *u, int *fd)
{
	__u32 gc = bv_obj_id(u->br->fd[BV_MAP_GC]);
	__u32 ours = bv_obj_id(bpf_program__fd(u->skel->progs.bv_gc_start));
	__u32 id = 0;

	*fd = -1;
	if (!gc || !ours)
		return -errno;
	while (!bpf_prog_get_next_id(id, &id)) {
		int p = id == ours ? -1 : bpf_prog_get_fd_by_id(id);

		if (p < 0)
			continue;	/* ours, or gone meanwhile */
		if (bv_prog_is(p, "bv_gc_start", gc) == 1) {
			*fd = p;
			return 0;
		}
		close(p);
	}
	return errno == ENOENT ? 0 : -errno;
}

/*
 * Step 2, when a map migrates: the ageing timer stops until step 7 arms
 * it with the new callback. Running on, the old callback would rotate
 * over the old maps and over those both versions share (the FDB, the
 * learn counts) while the new ones are copied: a rotation of the old
 * timer after the copy of bv_config marks the entries it visits with a
 * round number that the new timer reaches too, which then drops their
 * keys (they would never age) and settles counts that it did not see
 * (each port's `learned` clamped to 0). Seen on 6.1 under QEMU, where
 * loading the new programs takes a minute and the old timer rotates
 * twice meanwhile.
 * Writing bv_gc's element from user space frees its timer (the kernel
 * does so on an update of an array's value, bpf_timer_cancel_and_free),
 * waiting for a callback under way. A tick that starts between the read
 * and the write (they are microseconds apart; ticks a second) may have
 * its first writes to the element undone. Until step 7, the bridge's
 * clock (bv_config.now_ns) stands still and no entry ages: for the
 * upgrade's time, a fraction of a second.
 */
static int stop_timer(struct up *u)
{
	int fd = u->br->fd[BV_MAP_GC], err;
	__u32 zero = 0;
	void *val;

	if (!migrates_any(u) || fd < 0)
		return 0;
	err = step(u, "stop the ageing timer");
	if (!err)
		err = find_timer_prog(u, &u->timer_prog);
	val = calloc(1, u->mig[BV_MAP_GC].old.value_size);
	if (!err && !val)
		err = -ENOMEM;
	if (!err && (bpf_map_lookup_elem(fd, &zero, val) ||
		     bpf_map_update_elem(fd, &zero, val, BPF_EXIST)))
		err = -errno;
	free(val);
	if (err) {
		pr_warn("cannot upgrade bridge %s: cannot stop its ageing timer: %s\n",
			u->br->name, strerror(-err));
		return err;
	}
	u->timer_stopped = true;
	if (u->timer_prog < 0)
		pr_info("upgrade of bridge %s: its ageing timer was not running\n",
			u->br->name);
	return 0;
}

static int migrate_pass1(struct up *u)
{
	int err;

	for (int i = 0; i < BV_FIRST_PROG; i++) {
		if (u->act[i] != UP_MIGRATE)
			continue;
		u->mig[i].new_fd = u->nb->fd[i];
		err = step(u, "copy map %s", bv_obj_names[i]);
		if (!err)
			err = bv_mig_copy(&u->mig[i]);
		if (err) {
			pr_warn("cannot upgrade bridge %s: cannot copy map %s: %s\n",
				u->br->name, bv_obj_names[i], strerror(-err));
			return err;
		}
	}
	return 0;
}

static int migrate_pass2(struct up *u)
{
	int err = bv_datapath_sync(u->nb);

	for (int i = 0; !err && i < BV_FIRST_PROG; i++) {
		if (u->act[i] != UP_MIGRATE)
			continue;
		err = step(u, "copy what the old programs did to map %s",
			   bv_obj_names[i]);
		if (!err && u->mig[i].rule == BV_MIG_AGE_QUEUE)
			err = bv_mig_refill_queue(u->nb->fd[i], u->nb);
		else if (!err)
			err = bv_mig_finish(&u->mig[i]);
		if (err)
			pr_warn("cannot upgrade bridge %s: cannot finish the copy of map %s: %s\n",
				u->br->name, bv_obj_names[i], strerror(-err));
	}
	return err;
}

static int prog_fd_of_id(__u32 id)
{
	int fd = bpf_prog_get_fd_by_id(id);

	return fd < 0 ? -errno : fd;
}

/* Step 3: what port @slot's hooks run now, and its new XDP program. */
static int prepare_port(struct up *u, unsigned int slot, const char *dev)
{
	const struct bv_port *p = &u->br->ports[slot];
	struct up_port *up = &u->port[slot];
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = p->ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, q, .handle = BV_TC_HANDLE,
		    .priority = BV_TC_PRIO);
	__u32 id = 0;
	int err;

	err = bpf_tc_query(&hook, &q);
	if (err == -ENOENT || err == -EINVAL || err == -ENODEV) {
		pr_info("upgrade of bridge %s: %s has no TC program of ours (gone?): left as it is\n",
			u->br->name, dev);
		return 0;
	}
	if (!err) {
		up->old_tc = prog_fd_of_id(q.prog_id);
		err = up->old_tc < 0 ? up->old_tc : 0;
	}
	if (!err && (p->flags & BV_PORT_F_XDP) &&
	    !bpf_xdp_query_id(p->ifindex, XDP_FLAGS_DRV_MODE, &id) && id) {
		up->old_xdp = prog_fd_of_id(id);
		err = up->old_xdp < 0 ? up->old_xdp : 0;
		if (!err && bv_xdp_prog_is_ours(u->br, up->old_xdp) != 1) {
			pr_info("upgrade of bridge %s: the XDP program of %s is not ours: left as it is\n",
				u->br->name, dev);
			close(up->old_xdp);
			up->old_xdp = -1;
		}
		if (!err && up->old_xdp >= 0)
			err = step(u, "load the XDP program of %s", dev);
		if (!err && up->old_xdp >= 0)
			err = bv_xdp_prog_load(u->nb, p->ifindex, &up->new_xdp);
	}
	if (err)
		pr_warn("cannot upgrade bridge %s: port %s: %s\n", u->br->name,
			dev, strerror(-err));
	return err;
}

static void port_name(const struct bv_port *p, char *buf, size_t len)
{
	struct bv_link link;

	if (bv_link_get(NULL, p->ifindex, &link))
		snprintf(buf, len, "ifindex %u", p->ifindex);
	else
		snprintf(buf, len, "%s", link.name);
}

static int prepare_ports(struct up *u)
{
	char dev[64];
	int err;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!u->br->ports[slot].ifindex)
			continue;
		port_name(&u->br->ports[slot], dev, sizeof(dev));
		err = prepare_port(u, slot, dev);
		if (err)
			return err;
	}
	return 0;
}

/* A copy of VID @vid's flood devmap @old_fd, with the new egress programs. */
static int flood_copy(struct up *u, unsigned int vid, int old_fd)
{
	__u32 key, *prev = NULL, next;
	char name[BPF_OBJ_NAME_LEN];
	int fd, err = 0;

	snprintf(name, sizeof(name), "bv_flood_%u", vid);
	fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, name, sizeof(__u32),
			    sizeof(struct bpf_devmap_val), BV_FLOOD_XDP_MAX,
			    NULL);
	if (fd < 0)
		return -errno;
	while (!err && !bpf_map_get_next_key(old_fd, prev, &next)) {
		struct bpf_devmap_val v = {};
		int slot;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(old_fd, &key, &v))
			continue;
		slot = bv_bridge_slot_of(u->br, key);
		if (slot < 0)
			continue;	/* a port gone: not copied */
		v.bpf_prog.fd = u->nb->fd[bv_port_untagged(&u->br->ports[slot], vid) ?
					  BV_PROG_EGRESS_UNTAG : BV_PROG_EGRESS_TAG];
		if (bpf_map_update_elem(fd, &key, &v, BPF_ANY))
			err = -errno;
	}
	if (!err && errno != ENOENT)
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static int prepare_flood(struct up *u)
{
	int err = step(u, "make the flood devmaps with the new egress programs");

	for (__u32 vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++) {
		__u32 id;

		if (bpf_map_lookup_elem(u->br->fd[BV_MAP_FLOOD], &vid, &id))
			continue;
		u->flood_old[vid] = bpf_map_get_fd_by_id(id);
		if (u->flood_old[vid] < 0) {
			err = -errno;
			break;
		}
		u->flood_new[vid] = flood_copy(u, vid, u->flood_old[vid]);
		if (u->flood_new[vid] < 0)
			err = u->flood_new[vid];
	}
	if (err)
		pr_warn("cannot upgrade bridge %s: cannot make its flood devmaps: %s\n",
			u->br->name, strerror(-err));
	return err;
}

/* Put the flood devmaps of @fds into bv_flood, in one batch (one grace
 * period); one by one where batches are missing.
 */
static int flood_put(struct up *u, const int *fds)
{
	__u32 keys[BV_NR_VIDS], n = 0, done;
	int vals[BV_NR_VIDS], err = 0;

	for (__u32 vid = 0; vid < BV_NR_VIDS; vid++)
		if (fds[vid] >= 0) {
			keys[n] = vid;
			vals[n++] = fds[vid];
		}
	done = n;
	if (n && bpf_map_update_batch(u->nb->fd[BV_MAP_FLOOD], keys, vals,
				      &done, NULL))
		for (__u32 i = 0; i < n && !err; i++)
			if (bpf_map_update_elem(u->nb->fd[BV_MAP_FLOOD], &keys[i],
						&vals[i], BPF_ANY))
				err = -errno;
	return err;
}

/* Step 3: the new bridge, pinned whole in a directory of its own. */
static int pin_build(struct up *u)
{
	char path[512];
	int err;

	bv_bridge_remove_dead_builds(u->br->name);
	bv_bridge_build_name(u->build, sizeof(u->build), u->br->name, getpid());
	if (bv_bpffs_path(u->build_dir, sizeof(u->build_dir), u->build, NULL) ||
	    bv_bpffs_path(u->dir, sizeof(u->dir), u->br->name, NULL))
		return -ENAMETOOLONG;
	err = step(u, "pin the new bridge in %s", u->build_dir);
	if (err)
		return err;
	if (mkdir(u->build_dir, 0700)) {
		err = -errno;
		pr_warn("cannot upgrade bridge %s: %s: %s\n", u->br->name,
			u->build_dir, strerror(-err));
		return err;
	}
	u->build_lock = bv_bpffs_lock(u->build);
	if (u->build_lock < 0)
		return u->build_lock;
	for (int i = 0; i < BV_NR_OBJS; i++) {
		err = bv_bpffs_path(path, sizeof(path), u->build, bv_obj_names[i]);
		if (!err && bpf_obj_pin(u->nb->fd[i], path))
			err = -errno;
		if (err) {
			pr_warn("cannot upgrade bridge %s: cannot pin %s: %s\n",
				u->br->name, path, strerror(-err));
			return err;
		}
	}
	return 0;
}

static int tc_swap(int ifindex, int fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = BV_TC_HANDLE,
		    .priority = BV_TC_PRIO, .prog_fd = fd,
		    .flags = BPF_TC_F_REPLACE);

	return bpf_tc_attach(&hook, &o);
}

static int xdp_swap(int ifindex, int fd, int old_fd)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = old_fd);

	return bpf_xdp_attach(ifindex, fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE,
			      &o);
}

/* Step 4. */
static int swap_all(struct up *u)
{
	char dev[64];
	int err;

	err = step(u, "swap the flood devmaps");
	if (!err)
		err = flood_put(u, u->flood_new);
	if (err) {
		pr_warn("cannot upgrade bridge %s: cannot swap its flood devmaps: %s\n",
			u->br->name, strerror(-err));
		return err;
	}
	u->flood_done = u->act[BV_MAP_FLOOD] == UP_REUSE;
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		const struct bv_port *p = &u->br->ports[slot];
		struct up_port *up = &u->port[slot];

		if (up->new_xdp < 0)
			continue;
		port_name(p, dev, sizeof(dev));
		err = step(u, "swap the XDP program of %s", dev);
		if (!err)
			err = xdp_swap(p->ifindex, up->new_xdp, up->old_xdp);
		if (err) {
			pr_warn("cannot upgrade bridge %s: cannot replace the XDP program of %s: %s\n",
				u->br->name, dev, strerror(-err));
			return err;
		}
		up->xdp_done = true;
	}
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		const struct bv_port *p = &u->br->ports[slot];
		struct up_port *up = &u->port[slot];

		if (up->old_tc < 0)
			continue;
		port_name(p, dev, sizeof(dev));
		err = step(u, "swap the TC program of %s", dev);
		if (!err)
			err = tc_swap(p->ifindex, u->nb->fd[BV_PROG_TC]);
		if (err) {
			pr_warn("cannot upgrade bridge %s: cannot replace the TC program of %s: %s\n",
				u->br->name, dev, strerror(-err));
			return err;
		}
		up->tc_done = true;
	}
	return 0;
}

static int stamp(struct up *u)
{
	__u32 zero = 0;
	int err = step(u, "stamp the bridge with this build");

	if (!err && u->br->fd[BV_MAP_BUILD] >= 0 &&
	    bpf_map_lookup_elem(u->br->fd[BV_MAP_BUILD], &zero, &u->stamp_old))
		err = -errno;
	if (!err)
		err = bv_bridge_stamp(u->nb->fd[BV_MAP_BUILD]);
	if (!err)
		u->stamped = true;
	return err;
}

static int exchange(struct up *u)
{
	int err = step(u, "exchange the pins");

	if (!err && renameat2(AT_FDCWD, u->build_dir, AT_FDCWD, u->dir,
			      RENAME_EXCHANGE))
		err = -errno;
	if (err)
		pr_warn("cannot upgrade bridge %s: cannot exchange %s and %s: %s\n",
			u->br->name, u->build_dir, u->dir, strerror(-err));
	else
		u->exchanged = true;
	return err;
}

/* Step 7: run the new bv_gc_start once. */
static int timer(struct up *u)
{
	int err = step(u, "hand the ageing timer to the new programs");

	if (!err)
		err = bv_bridge_arm_timer(bpf_program__fd(u->skel->progs.bv_gc_start));
	if (err)
		pr_warn("cannot upgrade bridge %s: cannot hand its ageing timer to the new programs: %s\n",
			u->br->name, strerror(-err));
	return err;
}

/* Undo steps 2-7, in reverse: each swap by the same atomic swap, then the
 * timer stopped in step 2 is armed again.
 */
static void roll_back(struct up *u)
{
	__u32 zero = 0;

	if (u->exchanged &&
	    renameat2(AT_FDCWD, u->build_dir, AT_FDCWD, u->dir, RENAME_EXCHANGE))
		pr_warn("bridge %s: cannot put its pins back: %s\n", u->br->name,
			strerror(errno));
	if (u->stamped && u->br->fd[BV_MAP_BUILD] >= 0 &&
	    u->act[BV_MAP_BUILD] == UP_REUSE)
		bpf_map_update_elem(u->br->fd[BV_MAP_BUILD], &zero,
				    &u->stamp_old, BPF_ANY);
	for (int slot = BV_MAX_PORTS - 1; slot >= 0; slot--) {
		struct up_port *up = &u->port[slot];
		int ifindex = u->br->ports[slot].ifindex;

		if (up->tc_done && tc_swap(ifindex, up->old_tc))
			pr_warn("bridge %s: cannot put the old TC program back on ifindex %d\n",
				u->br->name, ifindex);
		if (up->xdp_done && xdp_swap(ifindex, up->old_xdp, up->new_xdp))
			pr_warn("bridge %s: cannot put the old XDP program back on ifindex %d\n",
				u->br->name, ifindex);
	}
	if (u->flood_done && flood_put(u, u->flood_old))
		pr_warn("bridge %s: cannot put its old flood devmaps back\n",
			u->br->name);
	if (u->timer_stopped && u->timer_prog >= 0 &&
	    bv_bridge_arm_timer(u->timer_prog))
		pr_warn("bridge %s: cannot restart its ageing timer (bpfvlan -b %s upgrade does)\n",
			u->br->name, u->br->name);
}

static void up_free(struct up *u)
{
	for (int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (u->port[slot].old_tc >= 0)
			close(u->port[slot].old_tc);
		if (u->port[slot].old_xdp >= 0)
			close(u->port[slot].old_xdp);
		if (u->port[slot].new_xdp >= 0)
			close(u->port[slot].new_xdp);
	}
	for (int vid = 0; vid < BV_NR_VIDS; vid++) {
		if (u->flood_old[vid] >= 0)
			close(u->flood_old[vid]);
		if (u->flood_new[vid] >= 0)
			close(u->flood_new[vid]);
	}
	for (int i = 0; i < BV_FIRST_PROG; i++)
		bv_mig_free(&u->mig[i]);
	if (u->build[0])
		bv_bridge_remove_pins(u->build);
	u->build[0] = 0;
	if (u->build_lock >= 0)
		close(u->build_lock);
	if (u->timer_prog >= 0)
		close(u->timer_prog);
	free(u->nb);
	bpfvlan__destroy(u->skel);
	bv_bridge_close(u->br);
	free(u);
}

/* After the exchange: the old pins (now in the build directory) and the
 * old bridge's fds go; the lock is the new directory's (build_lock).
 */
static void drop_old(struct up *u)
{
	bv_bridge_remove_pins(u->build);
	u->build[0] = 0;
	for (int i = 0; i < BV_FIRST_PROG; i++)
		bv_mig_free(&u->mig[i]);
	bv_bridge_close(u->br);
	u->br = NULL;
}

static int run(struct up *u)
{
	int err = plan_and_load(u);

	if (!err)
		err = new_bridge(u);
	if (!err)
		err = stop_timer(u);
	if (!err)
		err = migrate_pass1(u);
	if (!err)
		err = prepare_ports(u);
	if (!err)
		err = prepare_flood(u);
	if (!err)
		err = pin_build(u);
	if (!err)
		err = swap_all(u);
	if (!err)
		err = migrate_pass2(u);
	if (!err)
		err = stamp(u);
	if (!err)
		err = exchange(u);
	if (!err)
		err = timer(u);
	if (err)
		roll_back(u);
	return err;
}

struct held_signals {
	sigset_t mask;
	struct sigaction pipe;
};

static void hold_signals(struct held_signals *h)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &h->mask);
	sigaction(SIGPIPE, &ign, &h->pipe);
}

static void release_signals(struct held_signals *h)
{
	sigaction(SIGPIPE, &h->pipe, NULL);
	sigprocmask(SIG_SETMASK, &h->mask, NULL);
}

int bv_bridge_upgrade(const char *name, const struct bv_upgrade_test *test)
{
	struct up *u = calloc(1, sizeof(*u));
	struct held_signals saved;
	int err;

	if (!u) {
		pr_warn("out of memory\n");
		return -ENOMEM;
	}
	u->test = test;
	u->build_lock = -1;
	u->timer_prog = -1;
	for (int vid = 0; vid < BV_NR_VIDS; vid++)
		u->flood_old[vid] = u->flood_new[vid] = -1;
	for (int slot = 0; slot < BV_MAX_PORTS; slot++)
		u->port[slot].old_tc = u->port[slot].old_xdp =
			u->port[slot].new_xdp = -1;
	err = bv_bridge_open_old(name, &u->br);
	if (err == -EOWNERDEAD)
		pr_warn("the network namespace of bridge %s is gone (bpfvlan -b %s unload removes the bridge)\n",
			name, name);
	if (err) {
		free(u);
		return err;
	}
	/* Only SIGKILL stops an upgrade between its first swap and its
	 * commit or undo: a closed pipe (`bpfvlan upgrade | head`), ^C or a
	 * hang-up wait until it is done. (After a SIGKILL there: run
	 * upgrade again; it swaps every port to its version.)
	 */
	hold_signals(&saved);
	err = run(u);
	if (!err) {
		pr_info("upgraded bridge %s in %u steps\n", name, u->step);
		drop_old(u);
	}
	up_free(u);
	release_signals(&saved);
	return err;
}
