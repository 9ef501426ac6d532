// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Packet-test harness, set-up side: namespace and links, loading the real
 * programs with the test wrappers and the observer, writing configuration
 * and FDB entries into the bridge's maps, reading its counters.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "harness_int.h"	/* first: struct bv_obs for the observer skeleton */
#include "bpfvlan.skel.h"
#include "bv_test.skel.h"
#include "bv_observe.skel.h"
#include "bridge.h"
#include "datapath.h"
#include "port_ip.h"
#include "bpfvlan/port.h"
#include "vlan.h"

/* ---- namespace and links ------------------------------------------------ */

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int bvh_netns_enter(void)
{
	if (unshare(CLONE_NEWNET)) {
		int err = -errno;

		fprintf(stderr, "unshare(CLONE_NEWNET): %s\n", strerror(-err));
		return err;
	}
	/* No IPv6 autoconfiguration traffic from the links made below. */
	write_file("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	write_file("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
	return system("ip link set lo up") ? -EIO : 0;
}

int bvh_links_create(struct bvh *h, int n)
{
	char cmd[256];

	if (n > BVH_MAX_LINKS)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		struct bvh_link *l = &h->link[i];

		snprintf(l->name, sizeof(l->name), "bvp%d", i);
		/* The sink end takes any size a port may send. */
		snprintf(cmd, sizeof(cmd),
			 "ip link add %s type veth peer name bvq%d && "
			 "ip link set bvq%d mtu 9000 up && ip link set %s up",
			 l->name, i, i, l->name);
		if (system(cmd)) {
			fprintf(stderr, "cannot create veth %s\n", l->name);
			return -EIO;
		}
		l->ifindex = if_nametoindex(l->name);
		if (!l->ifindex)
			return -ENODEV;
		h->nr_links = i + 1;
	}
	return 0;
}

int bvh_link_set_mtu(struct bvh *h, int link, unsigned int mtu)
{
	struct ifreq ifr = {};
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", h->link[link].name);
	ifr.ifr_mtu = mtu;
	if (ioctl(fd, SIOCSIFMTU, &ifr)) {
		err = -errno;
		fprintf(stderr, "cannot set MTU %u on %s: %s\n", mtu,
			ifr.ifr_name, strerror(-err));
	}
	close(fd);
	return err;
}

/* ---- loading ------------------------------------------------------------ */

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* The test object's maps are the bridge's own. */
static int reuse_bridge_maps(struct bvh *h)
{
	struct bpf_map *m, *real;
	int err;

	bpf_object__for_each_map(m, h->test->obj) {
		real = bpf_object__find_map_by_name(h->skel->obj,
						    bpf_map__name(m));
		if (!real)
			continue;
		err = bpf_map__reuse_fd(m, bpf_map__fd(real));
		if (err)
			return err;
	}
	return 0;
}

/* [start, end) of a kernel function, from /proc/kallsyms. */
static int kernel_func_range(const char *name, __u64 *lo, __u64 *hi)
{
	unsigned long long addr, start = 0, end = ~0ULL;
	char type, sym[256], line[512];
	FILE *f = fopen("/proc/kallsyms", "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name))
			start = addr;
	rewind(f);
	while (start && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    addr > start && addr < end)
			end = addr;
	fclose(f);
	if (!start || end == ~0ULL) {
		fprintf(stderr, "%s not found in /proc/kallsyms\n", name);
		return -ENOENT;
	}
	*lo = start;
	*hi = end;
	return 0;
}

static int load_observer(struct bvh *h)
{
	struct bv_observe *o;
	struct stat st;
	int err;

	o = bv_observe__open_and_load();
	if (!o)
		return -errno;
	h->obs = o;
	o->bss->obs.tgid = getpid();
	if (stat("/proc/self/ns/net", &st))
		return -errno;
	o->bss->obs.netns_ino = st.st_ino;
	err = kernel_func_range("bpf_prog_test_run_skb", &o->bss->obs.free_lo,
				&o->bss->obs.free_hi);
	if (!err)
		err = bv_observe__attach(o);
	if (err)
		fprintf(stderr, "cannot attach the observer: %s\n",
			strerror(-err));
	return err;
}

int bvh_open(struct bvh *h, unsigned int fdb_size, uint64_t ageing_ns)
{
	struct bv_config cfg = { .ageing_ns = ageing_ns, .fdb_size = fdb_size,
				 .learn_max = BV_FDB_LEARN_MAX(fdb_size) };
	__u32 zero = 0, key = 0;
	int err, fd;

	h->ncpu = libbpf_num_possible_cpus();
	cfg.nr_cpus = h->ncpu;
	h->last = calloc(BV_MAX_PORTS, sizeof(*h->last));
	h->percpu = calloc((size_t)BV_MAX_PORTS * h->ncpu,
			   sizeof(struct bv_port_stats));
	h->vlast = calloc(BV_NR_VIDS, sizeof(*h->vlast));
	h->vpercpu = calloc((size_t)BV_NR_VIDS * h->ncpu,
			    sizeof(struct bv_vlan_stats));
	h->br = calloc(1, sizeof(*h->br));
	if (h->ncpu < 0 || !h->last || !h->percpu || !h->vlast ||
	    !h->vpercpu || !h->br)
		return -ENOMEM;

	h->skel = bpfvlan__open();
	if (!h->skel)
		return -errno;
	err = bpf_map__set_max_entries(h->skel->maps.bv_fdb, fdb_size);
	if (!err)
		err = bpf_map__set_max_entries(h->skel->maps.bv_age_queue,
					       BV_AGE_QUEUE_SIZE(fdb_size));
	if (!err)
		err = bpfvlan__load(h->skel);
	if (err) {
		fprintf(stderr, "cannot load bpfvlan: %s\n", strerror(-err));
		return err;
	}
	err = bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_config), &zero,
				  &cfg, BPF_ANY);
	if (err)
		return -errno;

	h->test = bv_test__open();
	if (!h->test)
		return -errno;
	err = reuse_bridge_maps(h);
	if (!err)
		err = bv_test__load(h->test);
	if (err) {
		fprintf(stderr, "cannot load the test wrappers: %s\n",
			strerror(-err));
		return err;
	}
	fd = bpf_program__fd(h->skel->progs.bv_tc_ingress);
	if (bpf_map_update_elem(bpf_map__fd(h->test->maps.bv_test_progs), &key,
				&fd, BPF_ANY))
		return -errno;
	err = load_observer(h);
	if (err)
		return err;

	/* What loader/vlan.c needs of a bridge. */
	snprintf(h->br->name, sizeof(h->br->name), "pkt");
	h->br->lock_fd = -1;
	for (int i = 0; i < BV_NR_OBJS; i++)
		h->br->fd[i] = -1;
	h->br->fd[BV_MAP_VLANS] = bpf_map__fd(h->skel->maps.bv_vlans);
	h->br->fd[BV_MAP_FLOOD] = bpf_map__fd(h->skel->maps.bv_flood);
	h->br->fd[BV_MAP_PORTS] = bpf_map__fd(h->skel->maps.bv_ports);
	h->br->fd[BV_MAP_TX] = bpf_map__fd(h->skel->maps.bv_tx);
	h->br->fd[BV_MAP_IFINDEX] = bpf_map__fd(h->skel->maps.bv_ifindex);
	h->br->fd[BV_MAP_IFINDEX_HI] = bpf_map__fd(h->skel->maps.bv_ifindex_hi);
	h->br->fd[BV_MAP_LEARNED] = bpf_map__fd(h->skel->maps.bv_learned);
	h->br->fd[BV_MAP_CONFIG] = bpf_map__fd(h->skel->maps.bv_config);
	h->br->fd[BV_MAP_FDB] = bpf_map__fd(h->skel->maps.bv_fdb);
	h->br->fd[BV_MAP_STATS] = bpf_map__fd(h->skel->maps.bv_stats);
	h->br->fd[BV_MAP_VLAN_STATS] = bpf_map__fd(h->skel->maps.bv_vlan_stats);
	h->br->fd[BV_MAP_LEARN_CNT] = bpf_map__fd(h->skel->maps.bv_learn_cnt);
	h->br->fd[BV_MAP_AGE_QUEUE] = bpf_map__fd(h->skel->maps.bv_age_queue);
	h->br->fd[BV_MAP_ALLOW_IP] = bpf_map__fd(h->skel->maps.bv_allow_ip);
	h->br->fd[BV_PROG_EGRESS_UNTAG] =
		bpf_program__fd(h->skel->progs.bv_xdp_egress_untag);
	h->br->fd[BV_PROG_EGRESS_TAG] =
		bpf_program__fd(h->skel->progs.bv_xdp_egress_tag);
	h->br->cfg = cfg;

	h->untag_prog_id = prog_id(h->br->fd[BV_PROG_EGRESS_UNTAG]);
	h->tag_prog_id = prog_id(h->br->fd[BV_PROG_EGRESS_TAG]);
	return 0;
}

void bvh_close(struct bvh *h)
{
	bv_observe__destroy(h->obs);
	bv_test__destroy(h->test);
	bpfvlan__destroy(h->skel);
	free(h->br);
	free(h->last);
	free(h->percpu);
	free(h->vlast);
	free(h->vpercpu);
	memset(h, 0, sizeof(*h));
}

/* ---- configuration ------------------------------------------------------ */

static int save_port(struct bvh *h, unsigned int slot)
{
	__u32 key = slot;

	if (bpf_map_update_elem(h->br->fd[BV_MAP_PORTS], &key,
				&h->br->ports[slot], BPF_ANY))
		return -errno;
	return 0;
}

int bvh_flood_prepare(struct bvh *h, const uint16_t *vids, unsigned int n)
{
	struct bv_vidset set = {};

	for (unsigned int i = 0; i < n; i++)
		bv_vidset_set(&set, vids[i]);
	return bv_vlan_flood_prepare(h->br, &set);
}

/* The model port's allow-ip prefixes as the loader keeps them. */
static const struct bv_iplist *allow_list(const struct bvm_port *mp,
					  struct bv_iplist *l)
{
	for (unsigned int i = 0; i < mp->nr_allow; i++) {
		struct bv_ip_prefix p = { .plen = mp->allow[i].plen };

		memcpy(p.addr, mp->allow[i].addr, 16);
		bv_iplist_add(l, &p);
	}
	return l;
}

int bvh_port_add(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot, const struct bvh_attach *a)
{
	const struct bvm_port *mp = &cfg->port[slot];
	struct bv_port *p = &h->br->ports[slot];
	struct bpf_devmap_val tx = { .ifindex = mp->ifindex };
	struct bv_vidset vids = {};
	__u32 key = slot, ifindex = mp->ifindex;
	int err;

	memset(p, 0, sizeof(*p));
	p->ifindex = mp->ifindex;
	p->pvid = mp->pvid;
	p->mode = mp->mode;
	p->attach = a->tc_only ? BV_ATTACH_TC : BV_ATTACH_AUTO;
	p->flags = (a->tc_only ? 0 : BV_PORT_F_XDP) |
		   (a->xdp_tx ? BV_PORT_F_XDP_TX : 0) |
		   (a->local_csum ? BV_PORT_F_LOCAL_CSUM : 0) |
		   (mp->isolated ? BV_PORT_F_ISOLATED : 0) |
		   (mp->locked ? BV_PORT_F_LOCKED : 0) |
		   (mp->nr_allow ? BV_PORT_F_ALLOW_IP : 0);
	p->mtu = mp->mtu;
	p->learn_limit = mp->learn_limit;
	h->attach[slot] = *a;
	err = bv_port_ip_add(h->br, slot, &(struct bv_iplist){},
			     allow_list(mp, &(struct bv_iplist){}));
	if (!err)
		err = save_port(h, slot);
	if (err)
		return err;
	if (bpf_map_update_elem(h->br->fd[BV_MAP_TX], &key, &tx, BPF_ANY))
		return -errno;
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bvm_is_member(mp, vid))
			bv_vidset_set(&vids, vid);
	err = bv_vlan_flood_prepare(h->br, &vids);
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(&vids, vid))
			err = bv_vlan_set(h->br, slot, vid,
					  vid == mp->pvid ? BV_JOIN_UNTAGGED
							  : BV_JOIN_TAGGED);
	if (!err)
		err = bvh_counts_sync(h);
	if (err)
		return err;
	return bv_datapath_index_port(h->br, ifindex, key);
}

/* The whole VLAN table (the map, not the model) in one batch: a syscall
 * per VID made port deletion most of a packet test's run time under TCG.
 */
static int vlans_read(struct bvh *h, struct bv_vlan *table)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	static __u32 keys[BV_NR_VIDS];
	__u32 out_batch, count = BV_NR_VIDS;

	if (bpf_map_lookup_batch(h->br->fd[BV_MAP_VLANS], NULL, &out_batch,
				 keys, table, &count, &opts) && errno != ENOENT)
		return -errno;
	if (count != BV_NR_VIDS)
		return -EIO;
	for (__u32 i = 0; i < count; i++)
		if (keys[i] != i)
			return -EIO;
	return 0;
}

int bvh_port_del(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot)
{
	struct bv_port *p = &h->br->ports[slot];
	__u32 key = slot, ifindex = p->ifindex;
	struct bv_vlan *table;
	int err;

	(void)cfg;
	table = calloc(BV_NR_VIDS, sizeof(*table));
	if (!table)
		return -ENOMEM;
	err = vlans_read(h, table);
	for (unsigned int vid = BV_VID_MIN; !err && vid <= BV_VID_MAX; vid++)
		if (bv_vlan_has(&table[vid], slot))
			err = bv_vlan_set(h->br, slot, vid, BV_LEAVE);
	free(table);
	if (err)
		return err;
	bpf_map_delete_elem(h->br->fd[BV_MAP_TX], &key);
	bv_datapath_unindex_port(h->br, ifindex);
	err = bv_port_ip_clear(h->br, slot);
	if (err)
		return err;
	memset(p, 0, sizeof(*p));
	memset(&h->attach[slot], 0, sizeof(h->attach[slot]));
	err = save_port(h, slot);
	/* As the loader's detach (which flushes the port's entries), clear
	 * the caches (bv_learned): the slot's learn cache would otherwise let
	 * the next port in it skip learning a source the FDB has on this one.
	 */
	return err ?: bvh_counts_sync(h) ?: bv_datapath_forget_learned(h->br);
}

int bvh_port_learn_limit(struct bvh *h, const struct bvm_config *cfg,
			 unsigned int slot)
{
	h->br->ports[slot].learn_limit = cfg->port[slot].learn_limit;
	return save_port(h, slot);
}

int bvh_port_security(struct bvh *h, const struct bvm_config *cfg,
		      unsigned int slot)
{
	const struct bvm_port *mp = &cfg->port[slot];
	struct bv_port *p = &h->br->ports[slot];
	struct bv_iplist have = {}, want = {};
	int err;

	/* as `port set` does: prefixes in, flags, prefixes out, and the
	 * caches cleared (a source learned before a lock is no longer
	 * good, nor an address allowed before)
	 */
	err = bv_port_allow_ip(h->br, slot, &have);
	allow_list(mp, &want);
	if (!err)
		err = bv_port_ip_add(h->br, slot, &have, &want);
	if (err)
		return err;
	p->flags &= ~(BV_PORT_F_ISOLATED | BV_PORT_F_LOCKED |
		      BV_PORT_F_ALLOW_IP);
	p->flags |= (mp->isolated ? BV_PORT_F_ISOLATED : 0) |
		    (mp->locked ? BV_PORT_F_LOCKED : 0) |
		    (mp->nr_allow ? BV_PORT_F_ALLOW_IP : 0);
	err = save_port(h, slot);
	if (!err)
		err = bv_port_ip_prune(h->br, slot, &have, &want);
	return err ?: bv_datapath_forget_learned(h->br);
}

int bvh_port_vid(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot, uint16_t vid)
{
	const struct bvm_port *mp = &cfg->port[slot];
	bool member = bvm_is_member(mp, vid);
	struct bv_vidset set = {};
	int err;

	if (!member)
		return bv_vlan_set(h->br, slot, vid, BV_LEAVE);
	bv_vidset_set(&set, vid);
	err = bv_vlan_flood_prepare(h->br, &set);
	if (err)
		return err;
	return bv_vlan_set(h->br, slot, vid, vid == mp->pvid ?
			   BV_JOIN_UNTAGGED : BV_JOIN_TAGGED);
}

/* ---- FDB ---------------------------------------------------------------- */

static void fdb_key(struct bv_fdb_key *k, uint16_t vid, const uint8_t mac[6])
{
	memset(k, 0, sizeof(*k));
	k->vid = vid;
	memcpy(k->mac, mac, 6);
}

int bvh_fdb_put(struct bvh *h, const struct bvm_fdb_entry *e)
{
	struct bv_fdb_entry v = {
		.ifindex = e->ifindex,
		.slot = e->slot,
		.flags = e->is_static ? BV_FDB_F_STATIC : 0,
		.updated_ns = e->updated_ns,
	};
	struct bv_fdb_key k;

	fdb_key(&k, e->vid, e->mac);
	if (bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_fdb), &k, &v,
				BPF_ANY))
		return -errno;
	return bvh_counts_sync(h) ?: bv_datapath_forget_learned(h->br);
}

int bvh_fdb_del(struct bvh *h, uint16_t vid, const uint8_t mac[6])
{
	struct bv_fdb_key k;

	fdb_key(&k, vid, mac);
	if (bpf_map_delete_elem(bpf_map__fd(h->skel->maps.bv_fdb), &k))
		return -errno;
	return bvh_counts_sync(h) ?: bv_datapath_forget_learned(h->br);
}

/* Also empties the ageing queue, which no timer drains here. */
int bvh_fdb_flush(struct bvh *h)
{
	int fd = bpf_map__fd(h->skel->maps.bv_fdb);
	int qfd = bpf_map__fd(h->skel->maps.bv_age_queue);
	struct bv_fdb_key k;
	__u64 key;

	while (!bpf_map_get_next_key(fd, NULL, &k))
		if (bpf_map_delete_elem(fd, &k))
			return -errno;
	while (!bpf_map_lookup_and_delete_elem(qfd, NULL, &key))
		;
	return bvh_counts_sync(h) ?: bv_datapath_forget_learned(h->br);
}

/*
 * The harness writes entries and ports behind the datapath's back; the
 * learned counts (bv_learn_cnt) must then say what the FDB holds, as they
 * would had the datapath and loader made those changes.
 */
int bvh_counts_sync(struct bvh *h)
{
	static struct bv_learn_count counts[BV_MAX_PORTS + 1];
	static __u32 keys[BV_MAX_PORTS + 1];
	int fd = bpf_map__fd(h->skel->maps.bv_fdb);
	__u32 n = BV_MAX_PORTS + 1;
	struct bv_fdb_key k, next;
	struct bv_fdb_entry v;
	void *prev = NULL;

	memset(counts, 0, sizeof(counts));
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &v))
			return -errno;
		if (v.flags & BV_FDB_F_STATIC)
			continue;
		counts[BV_LEARN_CNT_BRIDGE].learned++;
		if (v.slot < BV_MAX_PORTS && h->br->ports[v.slot].ifindex &&
		    h->br->ports[v.slot].ifindex == v.ifindex)
			counts[v.slot].learned++;
	}
	for (__u32 i = 0; i < n; i++)
		keys[i] = i;
	if (bpf_map_update_batch(h->br->fd[BV_MAP_LEARN_CNT], keys, counts,
				 &n, NULL))
		return -errno;
	return 0;
}

static void entry_from_map(struct bvm_fdb_entry *e, const struct bv_fdb_key *k,
			   const struct bv_fdb_entry *v)
{
	memset(e, 0, sizeof(*e));
	e->vid = k->vid;
	memcpy(e->mac, k->mac, 6);
	e->ifindex = v->ifindex;
	e->slot = v->slot;
	e->is_static = v->flags & BV_FDB_F_STATIC;
	e->updated_ns = v->updated_ns;
}

int bvh_fdb_get(struct bvh *h, uint16_t vid, const uint8_t mac[6],
		struct bvm_fdb_entry *e)
{
	struct bv_fdb_entry v;
	struct bv_fdb_key k;

	fdb_key(&k, vid, mac);
	if (bpf_map_lookup_elem(bpf_map__fd(h->skel->maps.bv_fdb), &k, &v))
		return -errno;
	entry_from_map(e, &k, &v);
	return 0;
}

int bvh_fdb_read(struct bvh *h, struct bvm_fdb *out)
{
	int fd = bpf_map__fd(h->skel->maps.bv_fdb);
	struct bv_fdb_key k, next;
	struct bv_fdb_entry v;
	struct bvm_fdb_entry e;
	void *prev = NULL;
	int err;

	out->n = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &v))
			return -errno;
		entry_from_map(&e, &k, &v);
		err = bvm_fdb_put(out, &e);
		if (err)
			return err;
	}
	return 0;
}

/* ---- counters ----------------------------------------------------------- */

static void stats_add(struct bvm_stats *s, const struct bv_port_stats *c)
{
	s->rx_packets += c->rx_packets;
	s->rx_bytes += c->rx_bytes;
	s->tx_packets += c->tx_packets;
	s->tx_bytes += c->tx_bytes;
	for (int i = 0; i < BV_DROP_MAX; i++)
		s->drops[i] += c->drops[i];
	for (int i = 0; i < BV_EV_MAX; i++)
		s->events[i] += c->events[i];
}

void bvh_stats_sub(struct bvm_stats *d, const struct bvm_stats *a,
		   const struct bvm_stats *b)
{
	d->rx_packets = a->rx_packets - b->rx_packets;
	d->rx_bytes = a->rx_bytes - b->rx_bytes;
	d->tx_packets = a->tx_packets - b->tx_packets;
	d->tx_bytes = a->tx_bytes - b->tx_bytes;
	for (int i = 0; i < BV_DROP_MAX; i++)
		d->drops[i] = a->drops[i] - b->drops[i];
	for (int i = 0; i < BV_EV_MAX; i++)
		d->events[i] = a->events[i] - b->events[i];
}

/* All @n entries of the per-CPU array @map in one batch: keys into @keys,
 * each entry's per-CPU values into @values (n * ncpu of them).
 */
static int percpu_read_all(struct bpf_map *map, __u32 *keys, void *values,
			   __u32 n)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 count = n, out_batch;

	if (bpf_map_lookup_batch(bpf_map__fd(map), NULL, &out_batch, keys,
				 values, &count, &opts) && errno != ENOENT)
		return -errno;
	return count == n ? 0 : -EIO;
}

int bvh_stats_read_all(struct bvh *h, struct bvm_stats *now)
{
	static __u32 keys[BV_MAX_PORTS];
	struct bv_port_stats *pc = h->percpu;
	int err;

	err = percpu_read_all(h->skel->maps.bv_stats, keys, pc, BV_MAX_PORTS);
	if (err)
		return err;
	memset(now, 0, BV_MAX_PORTS * sizeof(*now));
	for (__u32 i = 0; i < BV_MAX_PORTS; i++)
		for (int c = 0; c < h->ncpu; c++)
			stats_add(&now[keys[i]], &pc[i * h->ncpu + c]);
	return 0;
}

int bvh_stats_read_ports(struct bvh *h, struct bvm_stats *now)
{
	struct bv_port_stats *pc = h->percpu;
	int fd = bpf_map__fd(h->skel->maps.bv_stats);

	memcpy(now, h->last, BV_MAX_PORTS * sizeof(*now));
	for (__u32 slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!h->br->ports[slot].ifindex)
			continue;
		if (bpf_map_lookup_elem(fd, &slot, pc))
			return -errno;
		memset(&now[slot], 0, sizeof(now[slot]));
		for (int c = 0; c < h->ncpu; c++)
			stats_add(&now[slot], &pc[c]);
	}
	return 0;
}

static void vlan_stats_add(struct bvm_vlan_stats *s,
			   const struct bv_vlan_stats *c)
{
	s->rx_packets += c->rx_packets;
	s->rx_bytes += c->rx_bytes;
	s->flood_packets += c->flood_packets;
	for (int i = 0; i < BV_VLAN_DROP_MAX; i++)
		s->drops[i] += c->drops[i];
}

void bvh_vlan_stats_sub(struct bvm_vlan_stats *d,
			const struct bvm_vlan_stats *a,
			const struct bvm_vlan_stats *b)
{
	d->rx_packets = a->rx_packets - b->rx_packets;
	d->rx_bytes = a->rx_bytes - b->rx_bytes;
	d->flood_packets = a->flood_packets - b->flood_packets;
	for (int i = 0; i < BV_VLAN_DROP_MAX; i++)
		d->drops[i] = a->drops[i] - b->drops[i];
}

int bvh_vlan_stats_read(struct bvh *h, unsigned int vid,
			struct bvm_vlan_stats *now)
{
	int fd = bpf_map__fd(h->skel->maps.bv_vlan_stats);
	struct bv_vlan_stats *pc = h->vpercpu;
	__u32 key = vid;

	if (bpf_map_lookup_elem(fd, &key, pc))
		return -errno;
	memset(now, 0, sizeof(*now));
	for (int c = 0; c < h->ncpu; c++)
		vlan_stats_add(now, &pc[c]);
	return 0;
}

int bvh_vlan_stats_read_all(struct bvh *h, struct bvm_vlan_stats *now)
{
	static __u32 keys[BV_NR_VIDS];
	struct bv_vlan_stats *pc = h->vpercpu;
	int err;

	err = percpu_read_all(h->skel->maps.bv_vlan_stats, keys, pc,
			      BV_NR_VIDS);
	if (err)
		return err;
	memset(now, 0, BV_NR_VIDS * sizeof(*now));
	for (__u32 i = 0; i < BV_NR_VIDS; i++)
		for (int c = 0; c < h->ncpu; c++)
			vlan_stats_add(&now[keys[i]], &pc[i * h->ncpu + c]);
	return 0;
}

int bvh_stats_reset(struct bvh *h)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	static __u32 keys[BV_NR_VIDS];
	__u32 count = BV_MAX_PORTS;

	/* Every port, then every VLAN, in one batch each (a syscall per
	 * port made this most of a packet test's run time under TCG).
	 */
	for (__u32 i = 0; i < BV_NR_VIDS; i++)
		keys[i] = i;
	memset(h->percpu, 0,
	       (size_t)BV_MAX_PORTS * h->ncpu * sizeof(struct bv_port_stats));
	if (bpf_map_update_batch(bpf_map__fd(h->skel->maps.bv_stats), keys,
				 h->percpu, &count, &opts))
		return -errno;
	memset(h->last, 0, BV_MAX_PORTS * sizeof(*h->last));

	count = BV_NR_VIDS;
	memset(h->vpercpu, 0,
	       (size_t)BV_NR_VIDS * h->ncpu * sizeof(struct bv_vlan_stats));
	if (bpf_map_update_batch(bpf_map__fd(h->skel->maps.bv_vlan_stats),
				 keys, h->vpercpu, &count, &opts))
		return -errno;
	memset(h->vlast, 0, BV_NR_VIDS * sizeof(*h->vlast));
	return 0;
}

/* "  slot 3 drops.runt: want +1, got +0": one counter of a slot or a VLAN
 * (@what @id), named @name@sub, when it is not as the model says.
 */
static void counter_diff(struct why *w, const char *what, unsigned int id,
			 const char *name, const char *sub, __u64 want,
			 __u64 got)
{
	if (want != got)
		bvh_say(w, "  %s %u %s%s: want +%llu, got +%llu\n", what, id,
			name, sub, (unsigned long long)want,
			(unsigned long long)got);
}

void bvh_stats_diff(struct why *w, unsigned int slot,
		    const struct bvm_stats *want, const struct bvm_stats *got)
{
#define CMP(field, name, sub)	\
	counter_diff(w, "slot", slot, name, sub, want->field, got->field)
	if (!memcmp(want, got, sizeof(*want)))
		return;
	CMP(rx_packets, "rx_packets", "");
	CMP(rx_bytes, "rx_bytes", "");
	CMP(tx_packets, "tx_packets", "");
	CMP(tx_bytes, "tx_bytes", "");
	for (int i = 0; i < BV_DROP_MAX; i++)
		CMP(drops[i], "drops.", bv_drop_name(i));
	CMP(events[BV_EV_FDB_FULL], "events.fdb_full", "");
	CMP(events[BV_EV_XDP_TO_TC], "events.xdp_to_tc", "");
	CMP(events[BV_EV_LEARN_LIMIT], "events.learn_limit", "");
#undef CMP
}

void bvh_vlan_stats_diff(struct why *w, unsigned int vid,
			 const struct bvm_vlan_stats *want,
			 const struct bvm_vlan_stats *got)
{
#define CMP(field, name, sub)	\
	counter_diff(w, "vlan", vid, name, sub, want->field, got->field)
	if (!memcmp(want, got, sizeof(*want)))
		return;
	CMP(rx_packets, "rx_packets", "");
	CMP(rx_bytes, "rx_bytes", "");
	CMP(flood_packets, "flood_packets", "");
	for (int i = 0; i < BV_VLAN_DROP_MAX; i++)
		CMP(drops[i], "drops.",
		    bv_drop_name(BV_DROP_FIRST_CLASSIFIED + i));
#undef CMP
}

/* ---- small helpers ------------------------------------------------------ */

void bvh_say(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int k;

	w->n++;
	if (w->used + 1 >= w->len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(w->buf + w->used, w->len - w->used, fmt, ap);
	va_end(ap);
	if (k > 0)
		w->used += (size_t)k < w->len - w->used ? (size_t)k
							: w->len - w->used - 1;
}


void bvh_hex(const uint8_t *b, size_t len, char *out, size_t outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 3 <= outlen; i++)
		o += snprintf(out + o, outlen - o, "%02x", b[i]);
	if (outlen)
		out[o < outlen ? o : outlen - 1] = '\0';
}

int bvh_unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1]; hex += 2) {
		unsigned int v;

		if (n >= max || sscanf(hex, "%2x", &v) != 1)
			return -EINVAL;
		out[n++] = v;
	}
	return hex[0] ? -EINVAL : (int)n;
}

int bvh_set_clock(struct bvh *h, uint64_t now)
{
	struct bv_config cfg;
	__u32 zero = 0;
	int fd = h->br->fd[BV_MAP_CONFIG];

	if (bpf_map_lookup_elem(fd, &zero, &cfg))
		return -errno;
	cfg.now_ns = now;
	if (bpf_map_update_elem(fd, &zero, &cfg, BPF_ANY))
		return -errno;
	return 0;
}

uint64_t bvh_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return BVH_CLOCK_BASE + (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
