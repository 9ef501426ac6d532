// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Port mirroring (bpfvlan/mirror.h): a mirror is an entry of bv_mirrors
 * and its bit in the masks the datapath reads (maps/bpfvlan_mirror.h).
 * Publishing order: counters zeroed and entry written before any mask has
 * the mirror's bit; on removal the bits go first, the entry last. The
 * VID list lives only in the masks of bv_mirror_vid, read back from them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if_arp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/port.h"
#include "bpffs.h"
#include "datapath.h"
#include "mirror.h"
#include "port.h"

/* --- the maps ------------------------------------------------------- */

static int read_entries(struct bv_bridge *br,
			struct bv_mirror ent[BV_MAX_MIRRORS])
{
	for (__u32 i = 0; i < BV_MAX_MIRRORS; i++)
		if (bpf_map_lookup_elem(br->fd[BV_MAP_MIRRORS], &i, &ent[i]))
			return -errno;
	return 0;
}

/* Index of mirror @name, or -ENOENT. */
static int find_name(const struct bv_mirror ent[BV_MAX_MIRRORS],
		     const char *name)
{
	for (int i = 0; i < BV_MAX_MIRRORS; i++)
		if (ent[i].ifindex && !strncmp(ent[i].name, name,
					       BV_MIRROR_NAME_LEN))
			return i;
	return -ENOENT;
}

/* The whole VID table: one batch each way (4096 entries). */
static int read_vids(struct bv_bridge *br, struct bv_mirror_vid *vids)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 *keys = calloc(BV_NR_VIDS, sizeof(*keys));
	__u32 count = BV_NR_VIDS, out_batch;
	struct bv_mirror_vid *vals = calloc(BV_NR_VIDS, sizeof(*vals));
	int err = 0;

	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	if (bpf_map_lookup_batch(br->fd[BV_MAP_MIRROR_VID], NULL, &out_batch,
				 keys, vals, &count, &opts) && errno != ENOENT) {
		err = -errno;
		goto out;
	}
	memset(vids, 0, BV_NR_VIDS * sizeof(*vids));
	for (__u32 i = 0; i < count; i++)
		if (keys[i] < BV_NR_VIDS)
			vids[keys[i]] = vals[i];
out:
	free(keys);
	free(vals);
	return err;
}

static int write_vids(struct bv_bridge *br, const struct bv_mirror_vid *vids)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 *keys = calloc(BV_NR_VIDS, sizeof(*keys));
	__u32 count = BV_NR_VIDS;
	int err = 0;

	if (!keys)
		return -ENOMEM;
	for (__u32 i = 0; i < BV_NR_VIDS; i++)
		keys[i] = i;
	if (bpf_map_update_batch(br->fd[BV_MAP_MIRROR_VID], keys, vids, &count,
				 &opts))
		err = -errno;
	free(keys);
	return err;
}

/* Set (@on) or clear the bit of mirror @idx in every VID @m selects. */
static int set_vids(struct bv_bridge *br, unsigned int idx,
		    const struct bv_mirror_spec *m, bool on)
{
	struct bv_mirror_vid *vids = calloc(BV_NR_VIDS, sizeof(*vids));
	__u32 bit = 1U << idx;
	int err;

	if (!vids)
		return -ENOMEM;
	err = read_vids(br, vids);
	for (unsigned int v = 0; !err && v < BV_NR_VIDS; v++) {
		bool want = on && (m->has_vids ? bv_vidset_test(&m->vids, v)
					       : !!m->dev[0]);

		vids[v].port &= ~bit;
		vids[v].vlan &= ~bit;
		if (want && m->dev[0])
			vids[v].port |= bit;
		else if (want)
			vids[v].vlan |= bit;
	}
	if (!err)
		err = write_vids(br, vids);
	free(vids);
	return err;
}

static int set_port_bits(struct bv_bridge *br, unsigned int idx,
			 unsigned int slot, unsigned int dir, bool on)
{
	struct bv_mirror_port mp;
	__u32 key = slot, bit = 1U << idx;

	if (bpf_map_lookup_elem(br->fd[BV_MAP_MIRROR_PORT], &key, &mp))
		return -errno;
	mp.rx &= ~bit;
	mp.tx &= ~bit;
	if (on && (dir & BV_MIRROR_INGRESS))
		mp.rx |= bit;
	if (on && (dir & BV_MIRROR_EGRESS))
		mp.tx |= bit;
	if (bpf_map_update_elem(br->fd[BV_MAP_MIRROR_PORT], &key, &mp, BPF_ANY))
		return -errno;
	return 0;
}

/* bv_mirror_on from the entries, without the one of @skip (-1: none). */
static int write_on(struct bv_bridge *br,
		    const struct bv_mirror ent[BV_MAX_MIRRORS], int skip)
{
	struct bv_mirror_on on = {};
	__u32 zero = 0;

	for (int i = 0; i < BV_MAX_MIRRORS; i++) {
		if (!ent[i].ifindex || i == skip)
			continue;
		if (!ent[i].src_ifindex)
			on.vlan |= 1U << i;
		if (ent[i].src_ifindex && (ent[i].dir & BV_MIRROR_INGRESS))
			on.rx |= 1U << i;
		if (ent[i].src_ifindex && (ent[i].dir & BV_MIRROR_EGRESS))
			on.tx |= 1U << i;
	}
	if (bpf_map_update_elem(br->fd[BV_MAP_MIRROR_ON], &zero, &on, BPF_ANY))
		return -errno;
	return 0;
}

static int zero_stats(struct bv_bridge *br, unsigned int idx)
{
	return bv_datapath_zero_percpu(br->fd[BV_MAP_MIRROR_STATS], idx,
				       sizeof(struct bv_mirror_stats) / sizeof(__u64));
}

BV_ALL_COUNTERS(struct bv_mirror_stats);

static int read_stats(struct bv_bridge *br, unsigned int idx,
		      struct bv_mirror_stats *sum)
{
	return bv_datapath_sum_percpu(br->fd[BV_MAP_MIRROR_STATS], idx,
				      (__u64 *)sum, sizeof(*sum) / sizeof(__u64));
}

/*
 * Take mirror @idx out of the datapath: its bits, then its entry. Every
 * step is tried (a removal half done would leave bits of a free index).
 */
static int remove_index(struct bv_bridge *br, struct bv_mirror ent[BV_MAX_MIRRORS],
			unsigned int idx)
{
	const struct bv_mirror_spec none = {};
	struct bv_mirror empty = {};
	__u32 key = idx;
	int err = 0, ret;

	if (ent[idx].src_ifindex)
		err = set_port_bits(br, idx, ent[idx].src_slot, 0, false);
	ret = set_vids(br, idx, &none, false);
	if (ret && !err)
		err = ret;
	ret = write_on(br, ent, idx);
	if (ret && !err)
		err = ret;
	if (bpf_map_update_elem(br->fd[BV_MAP_MIRRORS], &key, &empty, BPF_ANY) &&
	    !err)
		err = -errno;
	if (!err)
		ent[idx] = empty;
	return err;
}

/* --- checks --------------------------------------------------------- */

/* Why @link cannot be a mirror destination of @br: -errno and a message. */
static int check_dest(struct bv_bridge *br, const char *name,
		      const struct bv_link *link)
{
	char owner[BV_BRIDGE_NAME_MAX];
	char peer[BV_IFNAME_BUF];

	if (link->arptype != ARPHRD_ETHER) {
		pr_warn("%s is not an Ethernet device: no mirror destination\n",
			name);
		return -EINVAL;
	}
	if (bv_bridge_slot_of(br, link->ifindex) >= 0) {
		pr_warn("%s is a port of bridge %s: a mirror destination cannot be a port\n",
			name, br->name);
		return -EBUSY;
	}
	if (!bv_port_bridge_of(br, link->ifindex, owner)) {
		pr_warn("%s is a port of bridge %s: a mirror destination cannot be a port\n",
			name, owner);
		return -EBUSY;
	}
	if (!link->peer_ifindex)
		return 0;
	/* A veth whose far end is a port would feed the copies back in. */
	if (bv_bridge_slot_of(br, link->peer_ifindex) >= 0 ||
	    !bv_port_bridge_of(br, link->peer_ifindex, owner)) {
		pr_warn("%s: its peer %s is a port of bridge %s: the copies would come back into it\n",
			name, bv_ifname(link->peer_ifindex, peer),
			bv_bridge_slot_of(br, link->peer_ifindex) >= 0 ?
			br->name : owner);
		return -EBUSY;
	}
	return 0;
}

/* The source port's slot and the destination, or why not. */
static int resolve(struct bv_bridge *br, const struct bv_mirror_spec *m,
		   const struct bv_mirror ent[BV_MAX_MIRRORS],
		   unsigned int *slot, struct bv_link *to, int *idx)
{
	int err;

	if (!bv_mirror_name_valid(m->name)) {
		pr_warn("invalid mirror name \"%s\" (1-%d characters: letters, digits, _ - .)\n",
			m->name, BV_MIRROR_NAME_LEN - 1);
		return -EINVAL;
	}
	if (find_name(ent, m->name) >= 0) {
		pr_warn("mirror %s already exists in bridge %s\n", m->name,
			br->name);
		return -EEXIST;
	}
	if (!m->dev[0] && !m->has_vids) {
		pr_warn("mirror %s needs dev DEV or vid VIDLIST\n", m->name);
		return -EINVAL;
	}
	if (m->has_vids && !bv_vidset_count(&m->vids)) {
		pr_warn("mirror %s: empty VID list\n", m->name);
		return -EINVAL;
	}
	if (m->dev[0]) {
		if (!m->dir || m->dir > BV_MIRROR_BOTH) {
			pr_warn("mirror %s: no direction\n", m->name);
			return -EINVAL;
		}
		err = bv_port_of_dev(br, m->dev, slot);
		if (err)
			return err;
	}
	err = bv_link_get(m->to, 0, to);
	if (err == -ENODEV)
		pr_warn("device %s not found\n", m->to);
	else if (err)
		pr_warn("cannot look up device %s: %s\n", m->to,
			strerror(-err));
	if (!err)
		err = check_dest(br, m->to, to);
	if (err)
		return err;
	for (*idx = 0; *idx < BV_MAX_MIRRORS; (*idx)++)
		if (!ent[*idx].ifindex)
			return 0;
	pr_warn("bridge %s has %d mirrors already: no room for %s\n", br->name,
		BV_MAX_MIRRORS, m->name);
	return -ENOSPC;
}

int bv_mirror_add_check(struct bv_bridge *br, const struct bv_mirror_spec *m)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	unsigned int slot = 0;
	struct bv_link to;
	int idx, err = read_entries(br, ent);

	if (err) {
		pr_warn("cannot read the mirrors of bridge %s: %s\n", br->name,
			strerror(-err));
		return err;
	}
	return resolve(br, m, ent, &slot, &to, &idx);
}

/* --- add, del, list ------------------------------------------------- */

int bv_mirror_add(struct bv_bridge *br, const struct bv_mirror_spec *m)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	unsigned int slot = 0;
	struct bv_link to;
	__u32 key;
	int idx, err = read_entries(br, ent);

	if (err) {
		pr_warn("cannot read the mirrors of bridge %s: %s\n", br->name,
			strerror(-err));
		return err;
	}
	err = resolve(br, m, ent, &slot, &to, &idx);
	if (err)
		return err;
	key = idx;
	memset(&ent[idx], 0, sizeof(ent[idx]));
	ent[idx].ifindex = to.ifindex;
	if (m->dev[0]) {
		ent[idx].src_ifindex = br->ports[slot].ifindex;
		ent[idx].src_slot = slot;
		ent[idx].dir = m->dir;
	}
	ent[idx].flags = (m->has_vids ? BV_MIRROR_F_VIDS : 0) |
			 (m->owner == BV_OWNER_CONFIG ? BV_MIRROR_F_CONFIG : 0);
	memcpy(ent[idx].name, m->name, strlen(m->name));

	err = zero_stats(br, idx);
	if (!err && bpf_map_update_elem(br->fd[BV_MAP_MIRRORS], &key,
					&ent[idx], BPF_ANY))
		err = -errno;
	if (!err)
		err = set_vids(br, idx, m, true);
	if (!err && m->dev[0])
		err = set_port_bits(br, idx, slot, m->dir, true);
	if (!err)
		err = write_on(br, ent, -1);
	if (!err)
		return 0;
	pr_warn("cannot add mirror %s to bridge %s: %s\n", m->name, br->name,
		strerror(-err));
	remove_index(br, ent, idx);
	return err;
}

int bv_mirror_del(struct bv_bridge *br, const char *name)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	int idx, err = read_entries(br, ent);

	if (err) {
		pr_warn("cannot read the mirrors of bridge %s: %s\n", br->name,
			strerror(-err));
		return err;
	}
	idx = find_name(ent, name);
	if (idx < 0) {
		pr_warn("no mirror %s in bridge %s\n", name, br->name);
		return -ENOENT;
	}
	err = remove_index(br, ent, idx);
	if (err)
		pr_warn("cannot remove mirror %s from bridge %s: %s\n", name,
			br->name, strerror(-err));
	return err;
}

int bv_mirror_own(struct bv_bridge *br, const char *name, unsigned int owner)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	int idx, err = read_entries(br, ent);
	__u32 key;

	idx = err ? err : find_name(ent, name);
	if (idx < 0) {
		pr_warn("no mirror %s in bridge %s\n", name, br->name);
		return idx;
	}
	key = idx;
	ent[idx].flags &= ~BV_MIRROR_F_CONFIG;
	if (owner == BV_OWNER_CONFIG)
		ent[idx].flags |= BV_MIRROR_F_CONFIG;
	if (bpf_map_update_elem(br->fd[BV_MAP_MIRRORS], &key, &ent[idx],
				BPF_ANY))
		return -errno;
	return 0;
}

static int cmp_info(const void *a, const void *b)
{
	return strcmp(((const struct bv_mirror_info *)a)->spec.name,
		      ((const struct bv_mirror_info *)b)->spec.name);
}

/* @e (index @idx) as a spec and its counters, its VIDs from @vids. */
static int info_of(struct bv_bridge *br, const struct bv_mirror *e,
		   unsigned int idx, const struct bv_mirror_vid *vids,
		   struct bv_mirror_info *info)
{
	char name[BV_IFNAME_BUF];
	struct bv_link link;

	memset(info, 0, sizeof(*info));
	info->index = idx;
	memcpy(info->spec.name, e->name, BV_MIRROR_NAME_LEN - 1);
	if (e->src_ifindex) {
		snprintf(info->spec.dev, sizeof(info->spec.dev), "%s",
			 bv_ifname(e->src_ifindex, name));
		info->spec.dir = e->dir;
		info->src_slot = e->src_slot;
	}
	info->spec.has_vids = e->flags & BV_MIRROR_F_VIDS;
	info->spec.owner = e->flags & BV_MIRROR_F_CONFIG ? BV_OWNER_CONFIG
							 : BV_OWNER_MANUAL;
	for (unsigned int v = BV_VID_MIN; info->spec.has_vids && v <= BV_VID_MAX; v++)
		if ((e->src_ifindex ? vids[v].port : vids[v].vlan) & (1U << idx))
			bv_vidset_set(&info->spec.vids, v);
	info->to_ifindex = e->ifindex;
	if (bv_link_get(NULL, e->ifindex, &link)) {
		info->to_gone = true;
		snprintf(info->spec.to, sizeof(info->spec.to), "%s",
			 bv_ifname(e->ifindex, name));
	} else {
		snprintf(info->spec.to, sizeof(info->spec.to), "%s", link.name);
	}
	return read_stats(br, idx, &info->stats);
}

int bv_mirror_list(struct bv_bridge *br, struct bv_mirror_info **out,
		   size_t *n)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	struct bv_mirror_vid *vids = calloc(BV_NR_VIDS, sizeof(*vids));
	struct bv_mirror_info *list = calloc(BV_MAX_MIRRORS, sizeof(*list));
	size_t nr = 0;
	int err = 0;

	if (!vids || !list) {
		err = -ENOMEM;
		goto fail;
	}
	memset(ent, 0, sizeof(ent));
	if (br->fd[BV_MAP_MIRRORS] >= 0) {	/* none before mirrors */
		err = read_entries(br, ent);
		if (!err)
			err = read_vids(br, vids);
	}
	for (unsigned int i = 0; !err && i < BV_MAX_MIRRORS; i++)
		if (ent[i].ifindex)
			err = info_of(br, &ent[i], i, vids, &list[nr++]);
	if (err)
		goto fail;
	qsort(list, nr, sizeof(*list), cmp_info);
	free(vids);
	*out = list;
	*n = nr;
	return 0;
fail:
	free(vids);
	free(list);
	return err;
}

/* --- ports and destinations ----------------------------------------- */

int bv_mirror_port_gone(struct bv_bridge *br, unsigned int slot)
{
	struct bv_mirror ent[BV_MAX_MIRRORS];
	const struct bv_port *p = &br->ports[slot];
	char name[BV_IFNAME_BUF];
	int err = read_entries(br, ent), ret;

	for (unsigned int i = 0; !err && i < BV_MAX_MIRRORS; i++) {
		if (!ent[i].ifindex || !ent[i].src_ifindex ||
		    ent[i].src_slot != slot || ent[i].src_ifindex != p->ifindex)
			continue;
		pr_warn("mirror %s removed: its source port %s left bridge %s\n",
			ent[i].name, bv_ifname(p->ifindex, name), br->name);
		ret = remove_index(br, ent, i);
		if (ret && !err)
			err = ret;
	}
	return err;
}

/* Name of the mirror of @ents with destination @ifindex, or NULL. */
static const char *dest_in(const struct bv_mirror ents[BV_MAX_MIRRORS],
			   int ifindex)
{
	for (int i = 0; ifindex && i < BV_MAX_MIRRORS; i++)
		if (ents[i].ifindex == (__u32)ifindex)
			return ents[i].name;
	return NULL;
}

/* The mirrors of pinned bridge @name, if it lives in netns @cookie. */
static int read_pinned(const char *name, __u64 cookie,
		      struct bv_mirror ents[BV_MAX_MIRRORS])
{
	struct bv_config cfg = {};
	char path[256];
	__u32 zero = 0;
	int fd, cfd, err = -ENOENT;

	bv_bpffs_path(path, sizeof(path), name, "bv_config");
	cfd = bpf_obj_get(path);
	bv_bpffs_path(path, sizeof(path), name, "bv_mirrors");
	fd = bpf_obj_get(path);
	if (fd >= 0 && cfd >= 0 && !bpf_map_lookup_elem(cfd, &zero, &cfg) &&
	    cfg.netns_cookie == cookie) {
		err = 0;
		for (__u32 i = 0; !err && i < BV_MAX_MIRRORS; i++)
			if (bpf_map_lookup_elem(fd, &i, &ents[i]))
				err = -errno;
	}
	if (fd >= 0)
		close(fd);
	if (cfd >= 0)
		close(cfd);
	return err;
}

static int refuse(const char *dev, const char *what, const char *mirror,
		  const char *bridge)
{
	char m[BV_MIRROR_NAME_LEN];

	snprintf(m, sizeof(m), "%s", mirror);
	pr_warn("%s %s the destination of mirror %s of bridge %s: it cannot be a port (bpfvlan -b %s mirror del %s first)\n",
		dev, what, m, bridge, bridge, m);
	return -EBUSY;
}

int bv_mirror_check_not_dest(const struct bv_bridge *br, const char *dev,
			     int ifindex, int peer_ifindex)
{
	struct bv_mirror ents[BV_MAX_MIRRORS];
	const char *m;
	struct dirent *de;
	DIR *d;
	int err = 0;

	/* Every bridge by its pins, @br too: apply checks its steps against
	 * a stand-in of a bridge not loaded yet, which has no maps.
	 */
	d = opendir(BV_PIN_ROOT);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (!bv_bridge_name_valid(de->d_name) ||
		    read_pinned(de->d_name, br->cfg.netns_cookie, ents))
			continue;
		if ((m = dest_in(ents, ifindex)))
			err = refuse(dev, "is", m, de->d_name);
		else if ((m = dest_in(ents, peer_ifindex)))
			err = refuse(dev, "is the peer of", m, de->d_name);
	}
	closedir(d);
	return err;
}
