// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * `bpfvlan trace`: test runs of the bridge's pinned XDP and TC programs
 * in trace mode (maps/bpfvlan_trace.h, bpf/lib/trace.h), and their
 * records turned into the egress set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan/log.h"
#include "bpfvlan/trace.h"
#include "bridge.h"
#include "proginfo.h"

#define BV_XDP_DROP	1	/* enum xdp_action, without linux/bpf.h's users */
#define BV_XDP_PASS	2
#define BV_XDP_REDIRECT	4

/* The bv_trace map of the program @prog_fd, or -EOPNOTSUPP. */
static int trace_map_fd(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 *ids, nr;
	int fd = -EOPNOTSUPP, err = bv_prog_info_maps(prog_fd, &info, &ids, &nr);

	if (err)
		return err;
	for (__u32 i = 0; fd < 0 && i < nr; i++) {
		struct bpf_map_info mi = {};
		__u32 mlen = sizeof(mi);
		int m = bpf_map_get_fd_by_id(ids[i]);

		if (m < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(m, &mi, &mlen) &&
		    !strcmp(mi.name, "bv_trace") &&
		    mi.value_size == sizeof(struct bv_trace_rec))
			fd = m;
		else
			close(m);
	}
	free(ids);
	return fd;
}

/* This run's record: the CPU's whose nonce is ours (the run's CPU). */
static int read_record(int map_fd, __u32 nonce, __u8 hook,
		       struct bv_trace_rec *out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bv_trace_rec *all;
	__u32 zero = 0;
	int err = -ENOENT;

	if (ncpu < 0)
		return ncpu;
	all = calloc(ncpu, sizeof(*all));	/* 8-byte multiple: no padding */
	if (!all)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &zero, all)) {
		err = -errno;
	} else {
		for (int c = 0; c < ncpu; c++) {
			if (all[c].nonce == nonce && all[c].hook == hook) {
				*out = all[c];
				err = 0;
				break;
			}
		}
	}
	free(all);
	return err;
}

static __u32 new_nonce(void)
{
	static __u32 seq;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u32)(ts.tv_nsec ^ ts.tv_sec << 20) ^ (__u32)getpid() << 8 ^
	       ++seq * 0x9e3779b9U;
}

/*
 * Run program @prog_fd (its @hook) once on the @n bytes @in, which go,
 * then read the record its run @nonce left in @map_fd into @rec.
 */
static int run_and_read(int prog_fd, struct bpf_test_run_opts *o, __u8 *in,
			size_t n, int map_fd, __u32 nonce, __u8 hook,
			struct bv_trace_rec *rec)
{
	const char *name = hook == BV_TRACE_HOOK_XDP ? "XDP" : "TC";
	int err;

	o->data_in = in;
	o->data_size_in = n;
	err = bpf_prog_test_run_opts(prog_fd, o);
	err = err ? -errno : 0;
	free(in);
	if (err) {
		pr_warn("cannot trace the frame through %s: %s\n", name,
			strerror(-err));
		return err;
	}
	err = read_record(map_fd, nonce, hook, rec);
	if (err)
		pr_warn("the %s program left no trace record: %s\n", name,
			strerror(-err));
	return err;
}

static int run_xdp(struct bv_bridge *br, int map_fd, __u32 ifindex,
		   const __u8 *frame, size_t len, struct bv_trace *t)
{
	size_t n = sizeof(struct bv_trace_req) + len;
	struct bv_trace_req req = {
		.magic = BV_TRACE_MAGIC,
		.ifindex = ifindex,
		.nonce = new_nonce(),
	};
	struct xdp_md md = {
		.data = sizeof(req),
		.data_end = n,
		.ingress_ifindex = BV_TRACE_LO_IFINDEX,
	};
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &md,
		    .ctx_size_in = sizeof(md), .repeat = 1);
	__u8 *in = malloc(n);
	int err;

	if (!in)
		return -ENOMEM;
	memcpy(in, &req, sizeof(req));
	memcpy(in + sizeof(req), frame, len);
	err = run_and_read(br->fd[BV_PROG_XDP], &o, in, n, map_fd, req.nonce,
			   BV_TRACE_HOOK_XDP, &t->xdp);
	t->ran_xdp = !err;
	t->xdp_ret = o.retval;
	return err;
}

/* The frame with a dummy 802.1Q tag in front of its own, which the
 * program pops: its own outer tag then sits in skb metadata, as at a port.
 */
static int run_tc(struct bv_bridge *br, int map_fd, __u32 ifindex,
		  const __u8 *frame, size_t len, struct bv_trace *t)
{
	size_t n = len + 4;
	struct __sk_buff skb = {};
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &skb,
		    .ctx_size_in = sizeof(skb), .repeat = 1);
	__u32 nonce = new_nonce();
	__u8 *in = malloc(n);
	int err;

	if (!in)
		return -ENOMEM;
	memcpy(in, frame, 12);
	in[12] = 0x81;
	in[13] = 0x00;
	in[14] = in[15] = 0;
	memcpy(in + 16, frame + 12, len - 12);
	skb.cb[BV_TRACE_CB_MAGIC] = BV_TRACE_MAGIC;
	skb.cb[BV_TRACE_CB_IFINDEX] = ifindex;
	skb.cb[BV_TRACE_CB_NONCE] = nonce;
	skb.cb[BV_TRACE_CB_FLAGS] = BV_TRACE_CB_DUMMY;
	err = run_and_read(br->fd[BV_PROG_TC], &o, in, n, map_fd, nonce,
			   BV_TRACE_HOOK_TC, &t->tc);
	t->ran_tc = !err;
	t->tc_ret = o.retval;
	return err;
}

static struct bv_trace_egress *add_egress(struct bv_bridge *br,
					  struct bv_trace *t, __u32 slot,
					  __u16 vid, bool tagged)
{
	struct bv_trace_egress *e;

	if (t->nr_egress >= BV_MAX_PORTS || slot >= BV_MAX_PORTS)
		return NULL;
	e = &t->egress[t->nr_egress++];
	e->slot = slot;
	e->ifindex = br->ports[slot].ifindex;
	e->vid = vid;
	e->tagged = tagged;
	e->oversize = false;
	return e;
}

/* The slot of @ifindex (-1: none): from the ports as read at open. */
static int slot_of(const struct bv_bridge *br, __u32 ifindex)
{
	for (int s = 0; s < BV_MAX_PORTS; s++)
		if (ifindex && br->ports[s].ifindex == ifindex)
			return s;
	return -1;
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) ? info.id
								  : 0;
}

/* An XDP flood: every member of the VID's flood devmap but the ingress
 * port, untagged where its egress program pops the tag.
 */
static int xdp_flood_egress(struct bv_bridge *br, struct bv_trace *t)
{
	__u32 untag_id = prog_id(br->fd[BV_PROG_EGRESS_UNTAG]);
	__u32 vid = t->xdp.vid, id, key, next, *prev = NULL;
	__u32 in_ifindex = br->ports[t->in_slot].ifindex;
	struct bpf_devmap_val val;
	int fd, err = 0;

	if (bpf_map_lookup_elem(br->fd[BV_MAP_FLOOD], &vid, &id))
		return -errno;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		int slot;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &val)) {
			err = -errno;
			break;
		}
		slot = slot_of(br, val.ifindex);
		if (val.ifindex == in_ifindex || slot < 0)
			continue;
		add_egress(br, t, slot, vid, val.bpf_prog.id != untag_id);
	}
	close(fd);
	return err;
}

static void tc_egress(struct bv_bridge *br, struct bv_trace *t)
{
	const struct bv_trace_rec *r = &t->tc;

	for (__u32 s = 0; s < BV_MAX_PORTS; s++) {
		__u64 bit = 1ULL << (s % 64);
		struct bv_trace_egress *e;

		if (r->egress[s / 64] & bit)
			add_egress(br, t, s, r->vid,
				   !(r->untagged[s / 64] & bit));
		if (r->oversize[s / 64] & bit) {
			e = add_egress(br, t, s, r->vid,
				       !bv_port_untagged(&br->ports[s], r->vid));
			if (e)
				e->oversize = true;
		}
	}
}

/* Is the FDB table full (a new entry cannot be inserted)? */
static bool fdb_full(struct bv_bridge *br)
{
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info), n = 0;
	struct bv_fdb_key k, next;
	void *prev = NULL;

	if (bpf_obj_get_info_by_fd(br->fd[BV_MAP_FDB], &info, &ilen))
		return false;
	while (n < info.max_entries &&
	       !bpf_map_get_next_key(br->fd[BV_MAP_FDB], prev, &next)) {
		k = next;
		prev = &k;
		n++;
	}
	return n >= info.max_entries;
}

/*
 * The one effect a frame's own learning has on its own decision: a
 * destination that is its own source is found on the ingress port once
 * learned there, and the frame is dropped as hairpin, by the first hook
 * (lib/forward.h looks the destination up after learning). A trace run
 * learns nothing, so its lookup did not see that entry; its record says
 * whether the frame would be learned there. Returns true if so (@r is
 * then the hairpin drop).
 */
static bool self_hairpin(struct bv_bridge *br, const __u8 *frame,
			 struct bv_trace_rec *r)
{
	if (r->stage != BV_TRACE_DECIDED || memcmp(frame, frame + 6, 6) ||
	    r->action == BV_TRACE_ACT_LOCAL ||
	    (r->action == BV_TRACE_ACT_DROP && r->reason != BV_DROP_NO_EGRESS &&
	     r->reason != BV_DROP_ISOLATED))
		return false;
	if (r->learn == BV_TRACE_LEARN_NEW && fdb_full(br)) {
		r->learn = BV_TRACE_LEARN_FULL;
		return false;
	}
	if (r->learn != BV_TRACE_LEARN_NEW && r->learn != BV_TRACE_LEARN_MOVE &&
	    r->learn != BV_TRACE_LEARN_REFRESH)
		return false;
	r->action = BV_TRACE_ACT_DROP;
	r->reason = BV_DROP_HAIRPIN;
	r->xdp = BV_TRACE_XDP_DROP;
	memset(r->egress, 0, sizeof(r->egress));
	memset(r->untagged, 0, sizeof(r->untagged));
	memset(r->oversize, 0, sizeof(r->oversize));
	r->nr_egress = 0;
	return true;
}

int bv_trace_frame(struct bv_bridge *br, unsigned int slot, const __u8 *frame,
		   size_t len, struct bv_trace *t)
{
	const struct bv_port *p = &br->ports[slot];
	bool tagged = len >= 14 && frame[12] == 0x81 && frame[13] == 0x00;
	bool stag = len >= 14 && frame[12] == 0x88 && frame[13] == 0xa8;
	int map_fd, err;

	memset(t, 0, sizeof(*t));
	t->in_slot = slot;
	if (len < BV_TRACE_FRAME_MIN || len > BV_TRACE_FRAME_MAX)
		return -EINVAL;
	map_fd = trace_map_fd(br->fd[BV_PROG_TC]);
	if (map_fd < 0) {
		if (map_fd == -EOPNOTSUPP)
			pr_warn("bridge %s was loaded by a bpfvlan without trace: unload and load it again\n",
				br->name);
		else
			pr_warn("cannot read the programs of bridge %s: %s\n",
				br->name, strerror(-map_fd));
		return map_fd;
	}
	if (p->flags & BV_PORT_F_XDP) {
		t->path = BV_TRACE_PATH_XDP;
		err = run_xdp(br, map_fd, p->ifindex, frame, len, t);
		if (err)
			goto out;
		t->rec = &t->xdp;
		if (self_hairpin(br, frame, &t->xdp))
			t->xdp_ret = BV_XDP_DROP;
		if (t->xdp_ret != BV_XDP_PASS) {
			if (t->xdp.xdp == BV_TRACE_XDP_REDIRECT)
				add_egress(br, t, t->xdp.out_slot, t->xdp.vid,
					   !bv_port_untagged(&br->ports[t->xdp.out_slot],
							     t->xdp.vid));
			else if (t->xdp.xdp == BV_TRACE_XDP_BROADCAST)
				err = xdp_flood_egress(br, t);
			goto out;
		}
		t->path = BV_TRACE_PATH_XDP_TC;
	} else {
		t->path = BV_TRACE_PATH_TC;
	}
	/* The kernel frees a tagged runt before TC. */
	if (t->path == BV_TRACE_PATH_TC && (tagged || stag) && len < 20) {
		t->path = BV_TRACE_PATH_KERNEL;
		goto out;
	}
	err = run_tc(br, map_fd, p->ifindex, frame, len, t);
	if (err)
		goto out;
	t->rec = &t->tc;
	if (self_hairpin(br, frame, &t->tc))
		t->tc_ret = TC_ACT_SHOT;
	tc_egress(br, t);
out:
	close(map_fd);
	return err;
}
