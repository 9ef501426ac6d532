// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "datapath.h"
#include "fdb.h"
#include "publish.h"
#include "stats.h"
#include "vlan.h"

int bv_port_unpublish(struct bv_bridge *br, unsigned int slot)
{
	struct bv_port *p = &br->ports[slot];
	struct bv_fdb_filter f = { .ifindex = p->ifindex, .with_static = true };
	struct bv_vidset vids;
	__u32 key = p->ifindex, skey = slot;
	size_t n;
	int err;

	err = bv_vlan_port_vids(br, slot, &vids);
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_set(br, slot, vid, BV_LEAVE);
	if (err)
		return err;
	bpf_map_delete_elem(br->fd[BV_MAP_TX], &skey);
	bv_bridge_unindex_port(br, key);
	/* No run that still saw the port (a flood walk deciding a copy for
	 * it from its pvid, a frame being learned on it) outlives this: its
	 * slot may then go to another port, and its entries are all made.
	 */
	err = bv_bridge_sync(br);
	if (!err)
		err = bv_fdb_flush(br, &f, &n);
	memset(p, 0, sizeof(*p));
	if (!err)
		err = bv_bridge_save_port(br, slot);
	return err;
}

static enum bv_membership membership(__u16 pvid, const struct bv_vidset *tagged,
				     unsigned int vid)
{
	if (vid == pvid)
		return BV_JOIN_UNTAGGED;
	return bv_vidset_test(tagged, vid) ? BV_JOIN_TAGGED : BV_LEAVE;
}

int bv_port_publish(struct bv_bridge *br, unsigned int slot, __u16 pvid,
		    const struct bv_vidset *tagged)
{
	struct bv_port *p = &br->ports[slot];
	struct bpf_devmap_val tx = { .ifindex = p->ifindex };
	__u32 key = p->ifindex, skey = slot;
	struct bv_vidset vids = *tagged;
	struct bv_port keep;
	int err;

	if (pvid)
		bv_vidset_set(&vids, pvid);
	err = bv_vlan_flood_prepare(br, &vids);
	if (!err)
		err = bv_stats_reset(br, slot);
	if (!err)
		err = bv_learn_count_reset(br, slot);
	if (!err)
		err = bv_bridge_save_port(br, slot);
	if (!err && bpf_map_update_elem(br->fd[BV_MAP_TX], &skey, &tx, BPF_ANY))
		err = -errno;
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++) {
		enum bv_membership how = membership(pvid, tagged, vid);

		if (how != BV_LEAVE)
			err = bv_vlan_set(br, slot, vid, how);
	}
	/* Last: from here on the datapath sees frames of this port. */
	if (!err)
		err = bv_bridge_index_port(br, key, skey);
	if (!err)
		return 0;
	keep = *p;		/* the caller still owns the port's settings */
	bv_port_unpublish(br, slot);
	*p = keep;
	return err;
}
