// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "bpfvlan/port.h"
#include "vlan.h"

static void assign_bit(__u64 *w, unsigned int bit, bool on)
{
	if (on)
		w[bit / 64] |= 1ULL << (bit % 64);
	else
		w[bit / 64] &= ~(1ULL << (bit % 64));
}

int bv_vlan_read(struct bv_bridge *br, unsigned int vid, struct bv_vlan *v)
{
	__u32 key = vid;

	if (bpf_map_lookup_elem(br->fd[BV_MAP_VLANS], &key, v))
		return -errno;
	return 0;
}

int bv_vlan_read_all(struct bv_bridge *br, struct bv_vlan **table)
{
	struct bv_vlan *t = calloc(BV_NR_VIDS, sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	for (unsigned int vid = 0; vid < BV_NR_VIDS; vid++) {
		err = bv_vlan_read(br, vid, &t[vid]);
		if (err) {
			free(t);
			return err;
		}
	}
	*table = t;
	return 0;
}

bool bv_vlan_floods_in_xdp(const struct bv_vlan *v)
{
	return v->nr_members && v->nr_members <= BV_FLOOD_XDP_MAX;
}

/* Derived fields: the flood list (untagged first), counts, flags. */
static void vlan_derive(const struct bv_bridge *br, struct bv_vlan *v)
{
	bool xdp_flood = true;
	unsigned int n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
			if (!bv_vlan_has(v, slot) ||
			    bv_vlan_untagged(v, slot) != (pass == 0))
				continue;
			v->list[n++] = slot;
			if (!bv_port_xdp_ok(&br->ports[slot]))
				xdp_flood = false;
		}
		if (pass == 0)
			v->nr_untagged = n;
	}
	v->nr_members = n;
	v->flags = bv_vlan_floods_in_xdp(v) && xdp_flood ? BV_VLAN_F_XDP_FLOOD
							  : 0;
	memset(v->list + n, 0, sizeof(v->list) - n * sizeof(v->list[0]));
}

static int flood_map_new(unsigned int vid)
{
	char name[16];
	int fd;

	snprintf(name, sizeof(name), "bv_flood_%u", vid);
	fd = bpf_map_create(BPF_MAP_TYPE_DEVMAP_HASH, name, sizeof(__u32),
			    sizeof(struct bpf_devmap_val), BV_FLOOD_XDP_MAX,
			    NULL);
	return fd < 0 ? -errno : fd;
}

/* fd of the VID's flood devmap; made and inserted when @create. */
static int flood_map(struct bv_bridge *br, unsigned int vid, bool create)
{
	__u32 key = vid, id;
	int fd, err;

	if (!bpf_map_lookup_elem(br->fd[BV_MAP_FLOOD], &key, &id)) {
		fd = bpf_map_get_fd_by_id(id);
		return fd < 0 ? -errno : fd;
	}
	if (!create)
		return -ENOENT;
	fd = flood_map_new(vid);
	if (fd < 0)
		return fd;
	if (bpf_map_update_elem(br->fd[BV_MAP_FLOOD], &key, &fd, BPF_ANY)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/*
 * Give every VID of @vids its flood devmap, inserting the missing ones with
 * one batch update: each single update (or delete) of a map-in-map waits
 * for an RCU grace period, about 10 ms here, which made attaching a 1-4094
 * trunk take half a minute. Without batch support, one by one.
 */
int bv_vlan_flood_prepare(struct bv_bridge *br, const struct bv_vidset *vids)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 *keys = calloc(BV_NR_VIDS, sizeof(*keys));
	int *fds = calloc(BV_NR_VIDS, sizeof(*fds));
	__u32 id, n = 0, done;
	int err = 0;

	if (!keys || !fds) {
		err = -ENOMEM;
		goto out;
	}
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		__u32 key = vid;

		if (!bv_vidset_test(vids, vid) ||
		    !bpf_map_lookup_elem(br->fd[BV_MAP_FLOOD], &key, &id))
			continue;
		fds[n] = flood_map_new(vid);
		if (fds[n] < 0) {
			err = fds[n];
			goto out;
		}
		keys[n++] = vid;
	}
	done = n;
	if (n && bpf_map_update_batch(br->fd[BV_MAP_FLOOD], keys, fds, &done,
				      &opts)) {
		for (__u32 i = 0; i < n && !err; i++)
			if (bpf_map_update_elem(br->fd[BV_MAP_FLOOD], &keys[i],
						&fds[i], BPF_ANY))
				err = -errno;
	}
out:
	for (__u32 i = 0; fds && i < n; i++)
		close(fds[i]);
	free(keys);
	free(fds);
	return err;
}

/* Put @slot's entry into the open flood devmap @fd, in the form the VLAN
 * @v sends it (untagged or tagged).
 */
static int flood_entry_put(struct bv_bridge *br, int fd,
			   const struct bv_vlan *v, unsigned int slot)
{
	struct bpf_devmap_val val = { .ifindex = br->ports[slot].ifindex };
	__u32 key = val.ifindex;

	val.bpf_prog.fd = br->fd[bv_vlan_untagged(v, slot) ?
				 BV_PROG_EGRESS_UNTAG : BV_PROG_EGRESS_TAG];
	if (bpf_map_update_elem(fd, &key, &val, BPF_ANY))
		return -errno;
	return 0;
}

/*
 * Keep the VID's flood devmap a subset of its members: @slot joining gets
 * its entry while the VLAN fits in XDP; leaving loses it; a VLAN that
 * comes back within BV_FLOOD_XDP_MAX gets every member's entry (@fill).
 * A VLAN left empty keeps its (empty) flood devmap until the bridge goes:
 * taking it out of bv_flood would cost a grace period per VID (see above).
 */
static int flood_update(struct bv_bridge *br, unsigned int vid,
			const struct bv_vlan *v, unsigned int slot,
			enum bv_membership how, bool fill)
{
	__u32 key = br->ports[slot].ifindex;
	int fd, err = 0;

	fd = flood_map(br, vid, how != BV_LEAVE);
	if (fd == -ENOENT && how == BV_LEAVE)
		return 0;
	if (fd < 0)
		return fd;
	if (how == BV_LEAVE) {
		if (bpf_map_delete_elem(fd, &key) && errno != ENOENT)
			err = -errno;
	} else if (bv_vlan_floods_in_xdp(v)) {
		err = flood_entry_put(br, fd, v, slot);
	}
	for (unsigned int i = 0; fill && !err && i < v->nr_members; i++)
		err = flood_entry_put(br, fd, v, v->list[i]);
	close(fd);
	return err;
}

static int vlan_write(struct bv_bridge *br, unsigned int vid,
		      const struct bv_vlan *v)
{
	__u32 key = vid;

	if (bpf_map_update_elem(br->fd[BV_MAP_VLANS], &key, v, BPF_ANY))
		return -errno;
	return 0;
}

int bv_vlan_set(struct bv_bridge *br, unsigned int slot, unsigned int vid,
		enum bv_membership how)
{
	struct bv_vlan v, shown;
	bool fill, was_member;
	int err;

	if (slot >= BV_MAX_PORTS || vid >= BV_NR_VIDS)
		return -EINVAL;
	err = bv_vlan_read(br, vid, &v);
	if (err)
		return err;
	/* Back within the XDP flood size: every member needs its entry. */
	fill = how == BV_LEAVE && v.nr_members == BV_FLOOD_XDP_MAX + 1;
	was_member = bv_vlan_has(&v, slot);
	assign_bit(v.members, slot, how != BV_LEAVE);
	assign_bit(v.untagged, slot, how == BV_JOIN_UNTAGGED);
	vlan_derive(br, &v);

	/* A joining port gets its flood entry before the datapath can see
	 * it as a member; a leaving one loses membership first, and XDP
	 * floods again only once the devmap holds every member.
	 */
	if (how != BV_LEAVE) {
		err = flood_update(br, vid, &v, slot, how, false);
		if (!err)
			err = vlan_write(br, vid, &v);
		/* No member after all: no flood entry either. */
		if (err && !was_member)
			flood_update(br, vid, &v, slot, BV_LEAVE, false);
	} else {
		shown = v;
		if (fill)
			shown.flags &= ~BV_VLAN_F_XDP_FLOOD;
		err = vlan_write(br, vid, &shown);
		if (!err)
			err = flood_update(br, vid, &v, slot, how, fill);
		if (!err && fill)
			err = vlan_write(br, vid, &v);
	}
	return err;
}

int bv_vlan_refresh(struct bv_bridge *br, unsigned int vid)
{
	struct bv_vlan v;
	int err = bv_vlan_read(br, vid, &v);

	if (err)
		return err;
	vlan_derive(br, &v);
	return vlan_write(br, vid, &v);
}
