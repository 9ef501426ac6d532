// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * `bpfvlan trace` against the datapath (fuzz --trace): before the fuzzer
 * sends a frame, trace it (loader/trace.c, the programs in trace mode)
 * and check that the trace changed nothing: the FDB (every entry, its
 * timestamps too), the learned counts, the counters of every port and of
 * the frame's VLANs. After the real run, trace's answer must be what the
 * programs did: the path (XDP, XDP then TC, TC), the ports a copy left on
 * and each copy's form (tagged or not, from its length), the copies
 * dropped as oversize, the drop reason counted on the ingress port, a
 * frame passed to the host.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "harness_int.h"
#include "bpfvlan.skel.h"
#include "bridge.h"
#include "trace_diff.h"

#define FDB_MAX		4096

struct fdb_item {
	struct bv_fdb_key k;
	struct bv_fdb_entry e;
};

struct snap {
	struct fdb_item fdb[FDB_MAX];
	unsigned int nr_fdb;
	struct bv_learn_count cnt[BV_MAX_PORTS + 1];
	struct bvm_stats ports[BV_MAX_PORTS];
	unsigned int nr_vids;
	uint16_t vid[4];
	struct bvm_vlan_stats vlan[4];
};

static struct snap before, after;

static void say(char *why, size_t len, const char *fmt, ...)
{
	size_t used = strlen(why);
	va_list ap;

	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(why + used, len - used, fmt, ap);
	va_end(ap);
}

static int snap_take(struct bvh *h, const uint16_t *vids, unsigned int nv,
		     struct snap *s)
{
	int fd = h->br->fd[BV_MAP_FDB];
	struct bv_fdb_key k, next;
	void *prev = NULL;
	int err;

	s->nr_fdb = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (s->nr_fdb >= FDB_MAX)
			return -E2BIG;
		s->fdb[s->nr_fdb].k = k;
		if (bpf_map_lookup_elem(fd, &k, &s->fdb[s->nr_fdb].e))
			return -errno;
		s->nr_fdb++;
	}
	for (__u32 i = 0; i <= BV_MAX_PORTS; i++)
		if (bpf_map_lookup_elem(h->br->fd[BV_MAP_LEARN_CNT], &i,
					&s->cnt[i]))
			return -errno;
	err = bvh_stats_read_all(h, s->ports);
	s->nr_vids = 0;
	for (unsigned int i = 0; !err && i < nv && i < 4; i++) {
		s->vid[s->nr_vids] = vids[i];
		err = bvh_vlan_stats_read(h, vids[i], &s->vlan[s->nr_vids++]);
	}
	return err;
}

/* 0, or 1 with what the trace changed in @why. */
static int snap_compare(const struct snap *a, const struct snap *b, char *why,
			size_t len)
{
	int diff = 0;

	if (a->nr_fdb != b->nr_fdb ||
	    memcmp(a->fdb, b->fdb, a->nr_fdb * sizeof(a->fdb[0]))) {
		say(why, len, "  trace changed the FDB (%u entries, then %u)\n",
		    a->nr_fdb, b->nr_fdb);
		diff = 1;
	}
	if (memcmp(a->cnt, b->cnt, sizeof(a->cnt))) {
		say(why, len, "  trace changed the learned counts\n");
		diff = 1;
	}
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++) {
		if (memcmp(&a->ports[s], &b->ports[s], sizeof(a->ports[s]))) {
			say(why, len, "  trace changed the counters of slot %u\n", s);
			diff = 1;
		}
	}
	for (unsigned int i = 0; i < a->nr_vids; i++) {
		if (memcmp(&a->vlan[i], &b->vlan[i], sizeof(a->vlan[i]))) {
			say(why, len, "  trace changed the counters of VLAN %u\n",
			    a->vid[i]);
			diff = 1;
		}
	}
	return diff;
}

/* VLANs the frame may count in: its outer tags' VIDs, the port's PVID. */
static unsigned int frame_vids(const struct bvh *h, unsigned int in_slot,
			       const uint8_t *frame, size_t len, uint16_t *vids)
{
	unsigned int n = 0;
	size_t off = 12;

	for (int i = 0; i < 2 && off + 4 <= len &&
	     bvh_is_tag_type(bvh_be16(frame + off)); i++, off += 4)
		if (bvh_be16(frame + off + 2) & 0xfff)
			vids[n++] = bvh_be16(frame + off + 2) & 0xfff;
	if (h->br->ports[in_slot].pvid)
		vids[n++] = h->br->ports[in_slot].pvid;
	return n;
}

int bvt_trace(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
	      size_t len, struct bv_trace *t, char *why, size_t whylen)
{
	uint16_t vids[4];
	unsigned int nv = frame_vids(h, in_slot, frame, len, vids);
	int err;

	why[0] = 0;
	h->br->fd[BV_PROG_XDP] = bpf_program__fd(h->skel->progs.bv_xdp_ingress);
	h->br->fd[BV_PROG_TC] = bpf_program__fd(h->skel->progs.bv_tc_ingress);
	/* The clock the real run will see (bvh_step sets it again). */
	err = bvh_set_clock(h, h->clock ? h->clock : bvh_now());
	if (!err)
		err = snap_take(h, vids, nv, &before);
	if (!err)
		err = bv_trace_frame(h->br, in_slot, frame, len, t);
	if (!err)
		err = snap_take(h, vids, nv, &after);
	if (err)
		return err;
	return snap_compare(&before, &after, why, whylen);
}

static enum bvh_path path_of(const struct bv_trace *t)
{
	switch (t->path) {
	case BV_TRACE_PATH_XDP:
		return BVH_PATH_XDP;
	case BV_TRACE_PATH_XDP_TC:
		return BVH_PATH_XDP_TC;
	case BV_TRACE_PATH_TC:
		return BVH_PATH_TC;
	}
	return BVH_PATH_NONE;
}

/* The copy's form from its length: 1 tagged, 0 untagged, -1 neither. */
static int copy_tagged(const uint8_t *frame, size_t len,
		       const struct bvh_copy *c)
{
	size_t bare = len - (bvh_be16(frame + 12) == ETH_P_8021Q ? 4 : 0);

	if (c->len == bare + 4)
		return 1;
	return c->len == bare ? 0 : -1;
}

static const struct bv_trace_egress *egress_of(const struct bv_trace *t,
					       unsigned int slot)
{
	for (unsigned int i = 0; i < t->nr_egress; i++)
		if (t->egress[i].slot == slot)
			return &t->egress[i];
	return NULL;
}

/* The reason counted on the ingress port, BV_DROP_MAX if none, or -1 if
 * more than one. Oversize drops count on the egress ports.
 */
static int drop_counted(const struct bvh_result *got, unsigned int in_slot)
{
	int reason = BV_DROP_MAX;

	for (int r = 0; r < BV_DROP_MAX; r++) {
		if (r == BV_DROP_OVERSIZE || !got->delta[in_slot].drops[r])
			continue;
		if (reason != BV_DROP_MAX || got->delta[in_slot].drops[r] != 1)
			return -1;
		reason = r;
	}
	return reason;
}

/* What trace says is dropped on the ingress port: a reason, or none. */
static int drop_traced(const struct bv_trace *t)
{
	const struct bv_trace_rec *r = t->rec;

	if (!r)
		return BV_DROP_MAX;
	if (r->stage == BV_TRACE_RUNT)
		return BV_DROP_RUNT;
	if (r->stage != BV_TRACE_DECIDED)
		return BV_DROP_MAX;
	return r->reason == BV_DROP_OVERSIZE ? BV_DROP_MAX : r->reason;
}

int bvt_compare(const struct bvh *h, const struct bv_trace *t,
		unsigned int in_slot, const uint8_t *frame, size_t len,
		const struct bvh_result *got, char *why, size_t whylen)
{
	unsigned int sent = 0;
	int diff = 0, want, have;

	why[0] = 0;
	if (path_of(t) != got->path) {
		say(why, whylen, "  path: trace %s, programs %d\n",
		    bv_trace_path_name(t->path), got->path);
		return 1;
	}
	if (got->path == BVH_PATH_NONE)
		return 0;
	for (unsigned int i = 0; i < got->nr_copies; i++) {
		const struct bvh_copy *c = &got->copy[i];
		const struct bv_trace_egress *e = egress_of(t, c->slot);
		int tagged = copy_tagged(frame, len, c);

		if (!e || e->oversize) {
			say(why, whylen, "  a copy left on slot %u: trace has %s\n",
			    c->slot, e ? "it oversize" : "none there");
			diff = 1;
		} else if (tagged != e->tagged) {
			say(why, whylen, "  slot %u: copy %s (%u bytes), trace says %s\n",
			    c->slot, tagged < 0 ? "of another length" :
			    tagged ? "tagged" : "untagged", c->len,
			    e->tagged ? "tagged" : "untagged");
			diff = 1;
		}
	}
	for (unsigned int i = 0; i < t->nr_egress; i++) {
		const struct bv_trace_egress *e = &t->egress[i];
		bool there = false;

		for (unsigned int j = 0; j < got->nr_copies; j++)
			there |= got->copy[j].slot == e->slot;
		if (e->oversize) {
			if (!got->delta[e->slot].drops[BV_DROP_OVERSIZE]) {
				say(why, whylen, "  slot %u: trace says oversize, not counted\n",
				    e->slot);
				diff = 1;
			}
			continue;
		}
		sent++;
		if (!there) {
			say(why, whylen, "  trace sends a copy to slot %u, the programs did not\n",
			    e->slot);
			diff = 1;
		}
	}
	(void)sent;
	want = drop_traced(t);
	have = drop_counted(got, in_slot);
	if (want != have) {
		say(why, whylen, "  drop: trace %s, counted %s\n",
		    want < BV_DROP_MAX ? bv_drop_name(want) : "none",
		    have < 0 ? "several" : have < BV_DROP_MAX ?
		    bv_drop_name(have) : "none");
		diff = 1;
	}
	if (t->rec && (t->rec->action == BV_TRACE_ACT_LOCAL) != got->to_host) {
		say(why, whylen, "  to host: trace %d, programs %d\n",
		    t->rec->action == BV_TRACE_ACT_LOCAL, got->to_host);
		diff = 1;
	}
	(void)h;
	return diff;
}
