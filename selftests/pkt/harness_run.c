// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Packet-test harness, running side: one frame through the XDP program and,
 * on XDP_PASS, the TC program; then where its copies went and in what form,
 * from the programs' verdicts, the observer and the counters (harness.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "harness_int.h"	/* first: struct bv_obs for the observer skeleton */
#include "bpfvlan.skel.h"
#include "bv_test.skel.h"
#include "bv_observe.skel.h"
#include "bridge.h"

/* ---- running a frame ---------------------------------------------------- */

int bvh_result_alloc(struct bvh_result *r)
{
	memset(r, 0, sizeof(*r));
	r->delta = calloc(BV_MAX_PORTS, sizeof(*r->delta));
	return r->delta ? 0 : -ENOMEM;
}

void bvh_result_free(struct bvh_result *r)
{
	free(r->delta);
	r->delta = NULL;
}

static unsigned int slot_of_ifindex(const struct bvh *h, uint32_t ifindex)
{
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++)
		if (ifindex && h->br->ports[s].ifindex == ifindex)
			return s;
	return BV_MAX_PORTS;
}

static struct bvh_copy *new_copy(struct bvh *h, struct bvh_result *r,
				 uint32_t ifindex)
{
	struct bvh_copy *c;

	if (r->nr_copies >= BVH_MAX_COPIES)
		return NULL;
	c = &r->copy[r->nr_copies++];
	c->ifindex = ifindex;
	c->slot = slot_of_ifindex(h, ifindex);
	c->len = 0;
	return c;
}

/* Bytes + a metadata tag -> bytes as they go on the wire. */
static void wire_form(struct bvh_copy *c, const uint8_t *data, uint32_t len,
		      uint16_t vlan_proto, uint16_t vlan_tci)
{
	if (len > BVM_FRAME_MAX)
		len = BVM_FRAME_MAX;
	if (!vlan_proto || len < 12) {
		memcpy(c->bytes, data, len);
		c->len = len;
		return;
	}
	memcpy(c->bytes, data, 12);
	c->bytes[12] = vlan_proto >> 8;
	c->bytes[13] = vlan_proto & 0xff;
	c->bytes[14] = vlan_tci >> 8;
	c->bytes[15] = vlan_tci & 0xff;
	memcpy(c->bytes + 16, data + 12, len - 12);
	c->len = len + 4;
}

static void obs_arm(struct bvh *h)
{
	struct bv_obs *o = &h->obs->bss->obs;

	o->nr_xmit = 0;
	o->tc_frees = 0;
	o->tc_len = 0;
	o->tc_vlan_proto = o->tc_vlan_tci = 0;
	__atomic_store_n(&o->armed, 1, __ATOMIC_SEQ_CST);
}

static void obs_disarm(struct bvh *h)
{
	__atomic_store_n(&h->obs->bss->obs.armed, 0, __ATOMIC_SEQ_CST);
}

static int run_pop(struct bvh *h, struct bvh_copy *c)
{
	uint8_t out[BVH_BUF_MAX];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = c->bytes,
		    .data_size_in = c->len, .data_out = out,
		    .data_size_out = sizeof(out), .repeat = 1);
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(h->test->progs.bv_test_pop),
				     &o);
	if (err)
		return -errno;
	if (o.retval != XDP_PASS_) {
		c->len = 0;	/* the egress program dropped it: no copy */
		return 0;
	}
	memcpy(c->bytes, out, o.data_size_out);
	c->len = o.data_size_out;
	return 0;
}

/*
 * An XDP flood: test_run does not broadcast, so take the VID's flood devmap
 * (the VID is in the tag every flood copy starts with) and make one copy per
 * member but the ingress device, given its form by the member's egress
 * program, and counted as that program counts it.
 */
static int xdp_flood_copies(struct bvh *h, uint32_t in_ifindex,
			    const uint8_t *data, uint32_t len,
			    struct bvh_result *r)
{
	struct bpf_devmap_val val;
	__u32 vid, id, key, *prev = NULL, next;
	int fd, err = 0;

	if (len < 18 || bvh_be16(data + 12) != ETH_P_8021Q) {
		fprintf(stderr, "XDP flood copy without an 802.1Q tag\n");
		return -EPROTO;
	}
	vid = bvh_be16(data + 14) & 0x0fff;
	if (bpf_map_lookup_elem(h->br->fd[BV_MAP_FLOOD], &vid, &id))
		return -errno;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct bvh_copy *c;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &val)) {
			err = -errno;
			break;
		}
		if (val.ifindex == in_ifindex)	/* BPF_F_EXCLUDE_INGRESS */
			continue;
		c = new_copy(h, r, val.ifindex);
		if (!c) {
			err = -E2BIG;
			break;
		}
		wire_form(c, data, len, 0, 0);
		if (val.bpf_prog.id == h->untag_prog_id)
			err = run_pop(h, c);
		else if (val.bpf_prog.id != h->tag_prog_id)
			err = -EPROTO;	/* not one of ours */
		if (err)
			break;
		if (!c->len) {
			r->nr_copies--;
			continue;
		}
		if (c->slot < BV_MAX_PORTS) {
			r->delta[c->slot].tx_packets++;
			r->delta[c->slot].tx_bytes += c->len;
		}
	}
	close(fd);
	return err;
}

static int run_xdp(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
		   size_t len, uint8_t *out, uint32_t *out_len,
		   struct bvh_result *r)
{
	struct xdp_md md = {
		.data_end = len,
		.ingress_ifindex = h->br->ports[in_slot].ifindex,
	};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = len,
		    .data_out = out, .data_size_out = BVH_BUF_MAX,
		    .ctx_in = &md, .ctx_size_in = sizeof(md), .repeat = 1);

	if (bpf_prog_test_run_opts(
		bpf_program__fd(h->skel->progs.bv_xdp_ingress), &o))
		return -errno;
	r->xdp_ret = o.retval;
	*out_len = o.data_size_out;
	return 0;
}

struct tc_run {
	uint8_t out[BVH_BUF_MAX];
	uint32_t out_len;
};

static int run_tc(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
		  size_t len, struct tc_run *t, struct bvh_result *r)
{
	uint8_t in[BVH_BUF_MAX];
	struct __sk_buff skb = {
		.ifindex = h->br->ports[in_slot].ifindex,
		.ingress_ifindex = h->br->ports[in_slot].ifindex,
	};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_out = t->out,
		    .data_size_out = sizeof(t->out), .ctx_in = &skb,
		    .ctx_size_in = sizeof(skb), .repeat = 1);
	uint32_t n = len;
	int err;

	/* The kernel's receive path moves the outer tag into metadata:
	 * bv_test_tc pops this dummy tag and bpf_skb_vlan_pop does that.
	 */
	memcpy(in, frame, 12);
	in[12] = 0x81;
	in[13] = 0x00;
	in[14] = in[15] = 0;
	memcpy(in + 16, frame + 12, len - 12);
	n = len + 4;
	skb.cb[0] = BV_TEST_RX_DUMMY;
	skb.cb[1] = len >= 18 && bvh_is_tag_type(bvh_be16(frame + 12));
	o.data_size_in = n;

	obs_arm(h);
	err = bpf_prog_test_run_opts(
		bpf_program__fd(h->test->progs.bv_test_tc), &o);
	obs_disarm(h);
	if (err)
		return -errno;
	if (o.retval == BV_TEST_TC_SETUP_FAILED) {
		fprintf(stderr, "bv_test_tc could not prepare the skb\n");
		return -EPROTO;
	}
	r->tc_ret = o.retval;
	t->out_len = o.data_size_out;
	return 0;
}

/* What the TC program sent: its clones, and the skb it redirected. */
static int tc_copies(struct bvh *h, const struct tc_run *t,
		     struct bvh_result *r)
{
	const struct bv_obs *ob = &h->obs->bss->obs;
	unsigned int target = BV_MAX_PORTS, candidates = 0;
	struct bvh_copy *c;

	if (ob->nr_xmit > BV_OBS_MAX_XMIT)
		return -E2BIG;
	if (ob->tc_frees != 1) {
		fprintf(stderr, "saw %u test_run skbs freed, want 1\n",
			ob->tc_frees);
		return -EPROTO;
	}
	for (__u32 i = 0; i < ob->nr_xmit; i++) {
		const struct bv_obs_xmit *x = &ob->xmit[i];

		if (x->len > BV_OBS_DATA) {
			fprintf(stderr, "a %u-byte copy: the observer keeps %u\n",
				x->len, BV_OBS_DATA);
			return -E2BIG;
		}

		c = new_copy(h, r, x->ifindex);
		if (!c)
			return -E2BIG;
		wire_form(c, x->data, x->len, x->vlan_proto, x->vlan_tci);
	}
	switch (r->tc_ret) {
	case TC_ACT_OK:
		r->to_host = true;
		return 0;
	case TC_ACT_SHOT:
		return 0;
	case TC_ACT_REDIRECT:
		break;
	default:
		fprintf(stderr, "TC verdict %d\n", r->tc_ret);
		return -EPROTO;
	}
	/*
	 * bpf_redirect()'s target is not visible after test_run; the
	 * program counts tx on the port it redirects to, so it is the one
	 * port with one more tx than the clones sent there.
	 */
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++) {
		__u64 clones = 0;

		for (unsigned int i = 0; i < r->nr_copies; i++)
			clones += r->copy[i].slot == s;
		if (r->delta[s].tx_packets == clones + 1) {
			target = s;
			candidates++;
		} else if (r->delta[s].tx_packets != clones) {
			candidates += 2;
		}
	}
	if (candidates != 1) {
		fprintf(stderr, "cannot tell the TC redirect target from tx counters\n");
		return -EPROTO;
	}
	c = new_copy(h, r, h->br->ports[target].ifindex);
	if (!c)
		return -E2BIG;
	wire_form(c, t->out, t->out_len, ob->tc_vlan_proto, ob->tc_vlan_tci);
	return 0;
}

/* What the XDP program redirected: to one port, or to a VLAN's members. */
static int xdp_copies(struct bvh *h, unsigned int in_slot, const uint8_t *out,
		      uint32_t out_len, struct bvh_result *r)
{
	unsigned int target = BV_MAX_PORTS, with_tx = 0;
	struct bpf_devmap_val v;
	struct bvh_copy *c;
	__u32 slot;

	/* Unicast counts tx on its port; flood copies are counted by the
	 * egress programs, which do not run here.
	 */
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++) {
		if (r->delta[s].tx_packets) {
			target = s;
			with_tx++;
		}
	}
	if (!with_tx) {
		r->xdp_flood = true;
		return xdp_flood_copies(h, h->br->ports[in_slot].ifindex, out,
					out_len, r);
	}
	if (with_tx != 1 || r->delta[target].tx_packets != 1) {
		fprintf(stderr, "XDP redirect: tx counted on %u ports\n", with_tx);
		return -EPROTO;
	}
	slot = target;
	if (bpf_map_lookup_elem(h->br->fd[BV_MAP_TX], &slot, &v))
		return -errno;
	c = new_copy(h, r, v.ifindex);
	if (!c)
		return -E2BIG;
	wire_form(c, out, out_len, 0, 0);
	return 0;
}

/*
 * The VLANs a frame can be classified into, right or wrong: the VIDs of
 * its outer two tags (802.1Q or 802.1ad) and the ingress port's PVID.
 */
static void candidate_vids(const struct bvh *h, unsigned int in_slot,
			   const uint8_t *frame, size_t len,
			   struct bvh_result *r)
{
	uint16_t vids[BVH_MAX_VIDS];
	unsigned int n = 0;
	size_t off = 12;

	for (int i = 0; i < 2 && off + 4 <= len &&
	     bvh_is_tag_type(bvh_be16(frame + off)); i++, off += 4)
		vids[n++] = bvh_be16(frame + off + 2) & 0x0fff;
	vids[n++] = h->br->ports[in_slot].pvid;

	r->nr_vids = 0;
	for (unsigned int i = 0; i < n; i++) {
		bool dup = false;

		for (unsigned int j = 0; j < r->nr_vids; j++)
			dup |= r->vid[j] == vids[i];
		if (vids[i] && vids[i] < BV_NR_VIDS && !dup)
			r->vid[r->nr_vids++] = vids[i];
	}
}

static int read_delta(struct bvh *h, struct bvh_result *r)
{
	struct bvm_stats *cur = calloc(BV_MAX_PORTS, sizeof(*cur));
	struct bvm_vlan_stats vcur;
	int err;

	if (!cur)
		return -ENOMEM;
	err = bvh_stats_read_ports(h, cur);
	if (!err) {
		for (unsigned int s = 0; s < BV_MAX_PORTS; s++)
			bvh_stats_sub(&r->delta[s], &cur[s], &h->last[s]);
		memcpy(h->last, cur, BV_MAX_PORTS * sizeof(*cur));
	}
	for (unsigned int i = 0; !err && i < r->nr_vids; i++) {
		err = bvh_vlan_stats_read(h, r->vid[i], &vcur);
		if (err)
			break;
		bvh_vlan_stats_sub(&r->vdelta[i], &vcur, &h->vlast[r->vid[i]]);
		h->vlast[r->vid[i]] = vcur;
	}
	free(cur);
	return err;
}

int bvh_run(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
	    size_t len, struct bvh_result *r)
{
	static struct tc_run t;
	uint8_t out[BVH_BUF_MAX];
	uint32_t out_len = 0;
	int err;

	r->path = BVH_PATH_NONE;
	r->xdp_flood = false;
	r->xdp_ret = r->tc_ret = -1;
	r->to_host = false;
	r->nr_copies = 0;
	memset(r->delta, 0, BV_MAX_PORTS * sizeof(*r->delta));
	candidate_vids(h, in_slot, frame, len, r);
	memset(r->vdelta, 0, sizeof(r->vdelta));

	if (len < ETH_HLEN || len > BVM_FRAME_MAX)
		return 0;	/* no device delivers it: test_run refuses it */
	if (h->attach[in_slot].tc_only) {
		/* The kernel frees tagged runts before TC. */
		if (bvh_is_tag_type(bvh_be16(frame + 12)) && len < 20)
			return 0;
		r->path = BVH_PATH_TC;
		err = run_tc(h, in_slot, frame, len, &t, r);
	} else {
		r->path = BVH_PATH_XDP;
		err = run_xdp(h, in_slot, frame, len, out, &out_len, r);
		if (!err && r->xdp_ret == XDP_PASS_) {
			/* XDP must hand the frame on exactly as it came */
			if (out_len != len || memcmp(out, frame, len)) {
				fprintf(stderr, "XDP_PASS with the frame changed\n");
				return -EPROTO;
			}
			r->path = BVH_PATH_XDP_TC;
			err = run_tc(h, in_slot, frame, len, &t, r);
		} else if (!err && r->xdp_ret != XDP_DROP_ &&
			   r->xdp_ret != XDP_REDIRECT_) {
			fprintf(stderr, "XDP verdict %d\n", r->xdp_ret);
			return -EPROTO;
		}
	}
	if (!err)
		err = read_delta(h, r);
	if (err)
		return err;
	if (r->path == BVH_PATH_XDP)
		return r->xdp_ret == XDP_REDIRECT_ ?
		       xdp_copies(h, in_slot, out, out_len, r) : 0;
	return tc_copies(h, &t, r);
}
