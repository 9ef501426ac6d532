// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "port_vlan.h"
#include "vlan.h"

int bv_port_vlan_read(struct bv_bridge *br, unsigned int slot,
		      struct bv_vidset *vids)
{
	struct bv_vlan v;
	int err;

	memset(vids, 0, sizeof(*vids));
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		err = bv_vlan_read(br, vid, &v);
		if (err)
			return err;
		if (bv_vlan_has(&v, slot))
			bv_vidset_set(vids, vid);
	}
	return 0;
}

static enum bv_membership membership(__u16 pvid, const struct bv_vidset *tagged,
				     unsigned int vid)
{
	if (vid == pvid)
		return BV_JOIN_UNTAGGED;
	return bv_vidset_test(tagged, vid) ? BV_JOIN_TAGGED : BV_LEAVE;
}

int bv_port_vlan_join(struct bv_bridge *br, unsigned int slot, __u16 pvid,
		      const struct bv_vidset *tagged)
{
	struct bv_vidset vids = *tagged;
	int err;

	if (pvid)
		bv_vidset_set(&vids, pvid);
	err = bv_vlan_flood_prepare(br, &vids);
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++) {
		enum bv_membership how = membership(pvid, tagged, vid);

		if (how != BV_LEAVE)
			err = bv_vlan_set(br, slot, vid, how);
	}
	return err;
}

int bv_port_vlan_leave(struct bv_bridge *br, unsigned int slot)
{
	struct bv_vidset vids;
	int err = bv_port_vlan_read(br, slot, &vids);

	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_set(br, slot, vid, BV_LEAVE);
	return err;
}

int bv_port_vlan_refresh(struct bv_bridge *br, unsigned int slot)
{
	struct bv_vidset vids;
	int err = bv_port_vlan_read(br, slot, &vids);

	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_refresh(br, vid);
	return err;
}

/* The VIDs of @vids that @add changes on a port now in @cur: not the
 * native VID (attach sets it), not one already as asked.
 */
static void vids_to_change(const struct bv_port *p, const struct bv_vidset *cur,
			   const struct bv_vidset *vids, bool add,
			   struct bv_vidset *todo)
{
	memset(todo, 0, sizeof(*todo));
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(vids, vid) && vid != p->pvid &&
		    add != bv_vidset_test(cur, vid))
			bv_vidset_set(todo, vid);
}

/* Take the VIDs of @done back to how they were before @add; 0 or the
 * first VID that could not be.
 */
static unsigned int undo(struct bv_bridge *br, unsigned int slot,
			 const struct bv_vidset *done, bool add)
{
	unsigned int failed = 0;

	for (unsigned int vid = BV_VID_MAX; vid >= BV_VID_MIN; vid--)
		if (bv_vidset_test(done, vid) &&
		    bv_vlan_set(br, slot, vid, add ? BV_LEAVE : BV_JOIN_TAGGED) &&
		    !failed)
			failed = vid;
	return failed;
}

/* `del`: the port's FDB entries in the VIDs it left, static ones too. */
static int flush_vids(struct bv_bridge *br, unsigned int slot,
		      const struct bv_vidset *vids)
{
	struct bv_fdb_filter f = {
		.ifindex = br->ports[slot].ifindex,
		.vids = vids,
		.with_static = true,
	};
	size_t n;

	return bv_fdb_flush(br, &f, &n);
}

/* `vlan add/del` on a port: a trunk's tagged VIDs, never its native one. */
static int change_allowed(const struct bv_port *p, const char *dev,
			  const struct bv_vidset *vids, bool add)
{
	if (p->mode != BV_MODE_TRUNK) {
		pr_warn("%s is an access port: its VLAN is set by attach (detach and attach it again)\n",
			dev);
		return -EINVAL;
	}
	if (!add && p->pvid && bv_vidset_test(vids, p->pvid)) {
		pr_warn("VLAN %u is the native VLAN of %s (detach and attach it again to change it)\n",
			p->pvid, dev);
		return -EINVAL;
	}
	return 0;
}

int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add)
{
	const char *verb = add ? "add" : "remove", *dir = add ? "to" : "from";
	struct bv_vidset cur, todo, done = {};
	const struct bv_port *p = bv_bridge_port(br, slot);
	char dev[BV_IFNAME_BUF];
	unsigned int vid = 0, bad;
	int err;

	if (!p)
		return -ENOENT;
	bv_ifname(p->ifindex, dev);
	err = change_allowed(p, dev, vids, add);
	if (err)
		return err;
	err = bv_port_vlan_read(br, slot, &cur);
	if (err) {
		pr_warn("cannot read the VLANs of %s: %s\n", dev, strerror(-err));
		return err;
	}
	vids_to_change(p, &cur, vids, add, &todo);
	if (!add && bv_vidset_count(&todo) == bv_vidset_count(&cur)) {
		pr_warn("%s would be left in no VLAN: a trunk keeps one at least (detach it instead)\n",
			dev);
		return -EINVAL;
	}
	if (add) {
		err = bv_vlan_flood_prepare(br, &todo);
		if (err) {
			pr_warn("cannot prepare the VLANs to add to %s: %s\n",
				dev, strerror(-err));
			return err;
		}
	}
	for (vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		if (!bv_vidset_test(&todo, vid))
			continue;
		err = bv_vlan_set(br, slot, vid, add ? BV_JOIN_TAGGED : BV_LEAVE);
		if (err)
			break;
		bv_vidset_set(&done, vid);
	}
	if (!err && !add) {
		vid = 0;
		err = flush_vids(br, slot, &todo);
	}
	if (!err)
		return 0;

	bad = undo(br, slot, &done, add);
	if (bad)
		pr_warn("cannot %s VLAN %u %s %s: %s; VLAN %u could not be restored either\n",
			verb, vid, dir, dev, strerror(-err), bad);
	else if (vid)
		pr_warn("cannot %s VLAN %u %s %s: %s (no VLAN changed)\n", verb,
			vid, dir, dev, strerror(-err));
	else
		pr_warn("cannot flush the FDB entries of %s: %s (no VLAN changed)\n",
			dev, strerror(-err));
	return err;
}
