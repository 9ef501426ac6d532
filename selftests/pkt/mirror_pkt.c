// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Packet tests of port mirroring (bpf/lib/mirror.h): the mirror maps are
 * written as their contract says (maps/bpfvlan_mirror.h), a frame runs
 * through the real programs twice, without and with the mirror, and:
 *   - the mirrored run sends exactly one copy to the destination (no port
 *     of the bridge), byte for byte the frame in the form the mirror
 *     promises (as received, as sent on the port, or tagged for a VLAN
 *     mirror), VID 4011 (0xFAB) for byte order;
 *   - every other copy and every port's rx/tx count is the same as
 *     without the mirror (a mirror changes nothing else);
 *   - the mirror's counters say one copy of that length;
 *   - a frame a mirror wants leaves XDP for TC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bpfvlan_mirror.h"
#include "harness.h"
#include "mirror_pkt.h"

#define ALL_VIDS	0xffff	/* a port mirror without a VID list */

struct mirror_case {
	const char *name;
	unsigned int in_slot;
	uint8_t frame[64];
	size_t len;
	/* the mirror: its source port and direction, or a VLAN mirror */
	unsigned int src_slot;
	int src_ifindex;
	uint8_t dir;		/* enum bv_mirror_dir; 0: a VLAN mirror */
	uint16_t vid;		/* selected VID, or ALL_VIDS */
	uint8_t want[68];	/* the copy the destination must get */
	size_t want_len;	/* 0: none */
};

/* Write mirror 0 (or clear every mirror map when !@m). */
static int set_mirror(struct bvh *h, const struct mirror_case *m,
		      int dest_ifindex)
{
	struct bv_mirror e = {};
	struct bv_mirror_port mp = {};
	struct bv_mirror_vid mv;
	struct bv_mirror_on on = {};
	int ncpu = libbpf_num_possible_cpus();
	struct bv_mirror_stats *zero = calloc(ncpu, sizeof(*zero));
	__u32 key = 0;
	int err = 0;

	if (!zero)
		return -ENOMEM;
	if (m) {
		e.ifindex = dest_ifindex;
		e.src_ifindex = m->dir ? m->src_ifindex : 0;
		e.src_slot = m->src_slot;
		e.dir = m->dir;
		snprintf(e.name, sizeof(e.name), "pkt");
		mp.rx = m->dir & BV_MIRROR_INGRESS ? 1 : 0;
		mp.tx = m->dir & BV_MIRROR_EGRESS ? 1 : 0;
		on.rx = mp.rx;
		on.tx = mp.tx;
		on.vlan = !m->dir;
	}
	if (bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_mirror_stats),
				&key, zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_mirrors), &key,
				&e, BPF_ANY))
		err = -errno;
	for (__u32 v = 0; !err && v < BV_NR_VIDS; v++) {
		bool sel = m && (m->vid == ALL_VIDS || m->vid == v);

		mv.port = sel && m->dir;
		mv.vlan = sel && !m->dir;
		if (bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_mirror_vid),
					&v, &mv, BPF_ANY))
			err = -errno;
	}
	for (__u32 s = 0; !err && s < BV_MAX_PORTS; s++) {
		struct bv_mirror_port p = m && s == m->src_slot ? mp :
					  (struct bv_mirror_port){};

		if (bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_mirror_port),
					&s, &p, BPF_ANY))
			err = -errno;
	}
	key = 0;
	if (!err && bpf_map_update_elem(bpf_map__fd(h->skel->maps.bv_mirror_on),
					&key, &on, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}

static int read_counters(struct bvh *h, struct bv_mirror_stats *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bv_mirror_stats *pc = calloc(ncpu, sizeof(*pc));
	__u32 key = 0;
	int err = 0;

	if (!pc)
		return -ENOMEM;
	memset(sum, 0, sizeof(*sum));
	if (bpf_map_lookup_elem(bpf_map__fd(h->skel->maps.bv_mirror_stats),
				&key, pc))
		err = -errno;
	for (int c = 0; !err && c < ncpu; c++) {
		sum->packets += pc[c].packets;
		sum->bytes += pc[c].bytes;
		sum->failed += pc[c].failed;
	}
	free(pc);
	return err;
}

/* Is @c among the copies of @r (same port, same bytes)? */
static bool has_copy(const struct bvh_result *r, const struct bvh_copy *c)
{
	for (unsigned int i = 0; i < r->nr_copies; i++)
		if (r->copy[i].slot == c->slot && r->copy[i].len == c->len &&
		    !memcmp(r->copy[i].bytes, c->bytes, c->len))
			return true;
	return false;
}

/* The mirrored run @m against the plain one @p. 0, or 1 with @why. */
static int compare(const struct mirror_case *mc, int dest_ifindex,
		   const struct bvh_result *p, const struct bvh_result *m,
		   const struct bv_mirror_stats *st, bool xdp_in,
		   char *why, size_t len)
{
	unsigned int to_dest = 0, others = 0;
	const struct bvh_copy *copy = NULL;
	char hex[2 * 68 + 1];

	for (unsigned int i = 0; i < m->nr_copies; i++) {
		if (m->copy[i].ifindex == (uint32_t)dest_ifindex) {
			to_dest++;
			copy = &m->copy[i];
			continue;
		}
		others++;
		if (!has_copy(p, &m->copy[i])) {
			snprintf(why, len, "a copy on slot %u not sent without the mirror\n",
				 m->copy[i].slot);
			return 1;
		}
	}
	if (to_dest != !!mc->want_len) {
		snprintf(why, len, "%u copies to the destination, want %u\n",
			 to_dest, !!mc->want_len);
		return 1;
	}
	if (copy && (copy->len != mc->want_len ||
		     memcmp(copy->bytes, mc->want, copy->len))) {
		bvh_hex(copy->bytes, copy->len < 68 ? copy->len : 68, hex,
			sizeof(hex));
		snprintf(why, len, "the destination got %s\n", hex);
		return 1;
	}
	if (others != p->nr_copies) {
		snprintf(why, len, "%u other copies, %u without the mirror\n",
			 others, p->nr_copies);
		return 1;
	}
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++)
		if (m->delta[s].rx_packets != p->delta[s].rx_packets ||
		    m->delta[s].tx_packets != p->delta[s].tx_packets ||
		    m->delta[s].tx_bytes != p->delta[s].tx_bytes) {
			snprintf(why, len, "slot %u counted otherwise than without the mirror\n",
				 s);
			return 1;
		}
	if (st->packets != !!mc->want_len || st->bytes != mc->want_len ||
	    st->failed) {
		snprintf(why, len, "mirror counted %llu copies, %llu bytes, %llu failed\n",
			 (unsigned long long)st->packets,
			 (unsigned long long)st->bytes,
			 (unsigned long long)st->failed);
		return 1;
	}
	if (xdp_in && m->path != BVH_PATH_XDP_TC) {
		snprintf(why, len, "path %u: XDP kept a frame a mirror wants\n",
			 m->path);
		return 1;
	}
	return 0;
}

/* A frame: DST, SRC (last byte @src), an optional tag, ethertype 0x88b5,
 * payload to 60 bytes.
 */
static size_t frame(uint8_t *b, const uint8_t dst[6], uint8_t src, int tci)
{
	static const uint8_t mac[6] = { 0x02, 0xbe, 0xef, 0x00, 0x00, 0x00 };
	size_t off = 12;

	memset(b, 0, 60);
	memcpy(b, dst, 6);
	memcpy(b + 6, mac, 6);
	b[11] = src;
	if (tci >= 0) {
		b[off++] = 0x81;
		b[off++] = 0x00;
		b[off++] = tci >> 8;
		b[off++] = tci & 0xff;
	}
	b[off++] = 0x88;
	b[off++] = 0xb5;
	memcpy(b + off, "mirror", 6);
	return 60;
}

/* @f with a tag of @tci inserted after the MACs. */
static size_t tagged(uint8_t *out, const uint8_t *f, size_t len, uint16_t tci)
{
	memcpy(out, f, 12);
	out[12] = 0x81;
	out[13] = 0x00;
	out[14] = tci >> 8;
	out[15] = tci & 0xff;
	memcpy(out + 16, f + 12, len - 12);
	return len + 4;
}

static int run_case(struct bvh *h, const struct mirror_case *mc,
		    int dest_ifindex, bool xdp_in, struct bvh_result *p,
		    struct bvh_result *m, char *why, size_t len)
{
	struct bv_mirror_stats st;
	int err = set_mirror(h, NULL, dest_ifindex);

	if (!err)
		err = bvh_run(h, mc->in_slot, mc->frame, mc->len, p);
	if (!err)
		err = set_mirror(h, mc, dest_ifindex);
	if (!err)
		err = bvh_run(h, mc->in_slot, mc->frame, mc->len, m);
	if (!err)
		err = read_counters(h, &st);
	if (!err)
		err = compare(mc, dest_ifindex, p, m, &st, xdp_in, why, len);
	if (set_mirror(h, NULL, dest_ifindex) && !err)
		err = -EIO;
	return err;
}

int pkt_mirror_cases(struct bvh *h, const char *flavor, bool xdp_in,
		     const struct pkt_mirror_slots *sl, int dest_ifindex)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static struct mirror_case mc[5];
	struct bvh_result p, m;
	uint8_t t1_copy[68];
	char why[512], name[128];
	int fail = 0, err;

	if (bvh_result_alloc(&p) || bvh_result_alloc(&m))
		return 1;
	/* From an access port of 4011, mirrored as received: untagged. */
	mc[0] = (struct mirror_case){ .name = "mirror: ingress of access 4011, as received",
		.in_slot = sl->access, .src_slot = sl->access,
		.src_ifindex = sl->access_ifindex,
		.dir = BV_MIRROR_INGRESS, .vid = ALL_VIDS };
	mc[0].len = frame(mc[0].frame, bcast, 1, -1);
	memcpy(mc[0].want, mc[0].frame, mc[0].len);
	mc[0].want_len = mc[0].len;
	/* The same flood, mirrored as it leaves the trunk: tagged 0xFAB. */
	mc[1] = mc[0];
	mc[1].name = "mirror: egress of a trunk, tagged 4011 as sent";
	mc[1].src_slot = sl->trunk;
	mc[1].src_ifindex = sl->trunk_ifindex;
	mc[1].dir = BV_MIRROR_EGRESS;
	mc[1].want_len = tagged(t1_copy, mc[0].frame, mc[0].len, 0x0fab);
	memcpy(mc[1].want, t1_copy, mc[1].want_len);
	/* From the trunk, PCP 5: a VLAN mirror of 4011 keeps its tag. */
	mc[2] = (struct mirror_case){ .name = "mirror: VLAN 4011, a tagged frame as it came (PCP 5)",
		.in_slot = sl->trunk, .vid = 4011 };
	mc[2].len = frame(mc[2].frame, bcast, 2, 0xafab);
	memcpy(mc[2].want, mc[2].frame, mc[2].len);
	mc[2].want_len = mc[2].len;
	/* From the access port: the VLAN mirror's copy is tagged 4011, PCP 0. */
	mc[3] = mc[0];
	mc[3].name = "mirror: VLAN 4011, an untagged frame tagged 0x0FAB";
	mc[3].dir = 0;
	mc[3].vid = 4011;
	mc[3].want_len = tagged(mc[3].want, mc[0].frame, mc[0].len, 0x0fab);
	/* A port mirror of another VID takes nothing (XDP still hands the
	 * frame to TC: it does not look at VIDs).
	 */
	mc[4] = mc[0];
	mc[4].name = "mirror: ingress of access 4011 in VID 4094 only: none";
	mc[4].vid = 4094;
	mc[4].want_len = 0;

	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "pkt %s: %s", flavor, mc[i].name);
		why[0] = '\0';
		err = run_case(h, &mc[i], dest_ifindex, xdp_in, &p, &m, why,
			       sizeof(why));
		if (err < 0)
			printf("TEST: %-60s [FAIL]\n\ttest error: %s\n", name,
			       strerror(-err));
		else if (err)
			printf("TEST: %-60s [FAIL]\n\t%s", name, why);
		else
			printf("TEST: %-60s [ OK ]\n", name);
		fail |= err != 0;
	}
	bvh_result_free(&p);
	bvh_result_free(&m);
	return fail;
}
