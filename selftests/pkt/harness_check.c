// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Packet-test harness, checking side: what the programs should have done
 * for a frame the model switched (path, copies, counters, FDB), compared
 * with what they did; and one frame both ways (bvh_step).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness_int.h"
#include "bridge.h"

/* ---- expectations and comparison ---------------------------------------- */

static bool xdp_ok(const struct bvh *h, unsigned int slot)
{
	const struct bv_port *p = &h->br->ports[slot];

	return (p->flags & BV_PORT_F_XDP_TX) &&
	       p->mtu + ETH_HLEN >= BV_XDP_MAX_UNTAGGED;
}

/* Small enough for XDP: at most 1514 bytes without an outer 802.1Q tag. */
static bool xdp_size(const uint8_t *frame, size_t len)
{
	if (len >= 16 && bvh_be16(frame + 12) == ETH_P_8021Q)
		len -= 4;
	return len <= BV_XDP_MAX_UNTAGGED;
}

/*
 * IPv4/IPv6 but ICMP, behind up to two tags: a local sender may have left
 * its L4 checksum to offload, so XDP hands it to TC (BV_PORT_F_LOCAL_CSUM).
 */
static bool may_need_csum(const uint8_t *frame, size_t len)
{
	size_t l3 = ETH_HLEN;
	uint16_t type = bvh_be16(frame + 12);

	for (int tags = 0; tags < 2 && bvh_is_tag_type(type); tags++) {
		if (l3 + 4 > len)
			return false;
		type = bvh_be16(frame + l3 + 2);
		l3 += 4;
	}
	if (type == 0x0800)
		return l3 + 10 <= len && frame[l3 + 9] != 1;
	if (type == 0x86dd)
		return l3 + 7 <= len && frame[l3 + 6] != 58;
	return false;
}

enum bvh_path bvh_expected_path(const struct bvh *h,
				const struct bvm_config *cfg,
				const struct bvm_result *exp,
				unsigned int in_slot, const uint8_t *frame,
				size_t len)
{
	if (len < ETH_HLEN)
		return BVH_PATH_NONE;
	if (h->attach[in_slot].tc_only)
		return bvh_is_tag_type(bvh_be16(frame + 12)) && len < 20 ?
		       BVH_PATH_NONE : BVH_PATH_TC;
	if (exp->verdict == BVM_DROP && exp->reason == BV_DROP_RUNT)
		return BVH_PATH_XDP;
	if (!xdp_size(frame, len))
		return BVH_PATH_XDP_TC;
	/* XDP floods nothing from an isolated port: TC skips the isolated
	 * members (a flood with nobody else is dropped there)
	 */
	if (exp->flood && cfg->port[in_slot].isolated)
		return BVH_PATH_XDP_TC;
	switch (exp->verdict) {
	case BVM_DROP:
		return BVH_PATH_XDP;
	case BVM_TO_HOST:
		return BVH_PATH_XDP_TC;
	}
	if (h->attach[in_slot].local_csum && may_need_csum(frame, len))
		return BVH_PATH_XDP_TC;
	if (!exp->flood)
		return xdp_ok(h, exp->copy[0].slot) ? BVH_PATH_XDP
						    : BVH_PATH_XDP_TC;
	/* XDP floods only if every member of the VLAN takes XDP frames */
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++)
		if (bvm_is_member(&cfg->port[s], exp->vid) && !xdp_ok(h, s))
			return BVH_PATH_XDP_TC;
	return BVH_PATH_XDP;
}

static const char *path_name(int path)
{
	static const char *const names[] = { "none", "xdp", "tc", "xdp->tc" };

	return path >= 0 && path <= BVH_PATH_XDP_TC ? names[path] : "?";
}

static void say_hex(struct why *w, const char *what, const uint8_t *b,
		    size_t len)
{
	char hex[2 * 96 + 4];

	bvh_hex(b, len > 96 ? 96 : len, hex, sizeof(hex));
	bvh_say(w, "    %s (%zu bytes): %s%s\n", what, len, hex,
		len > 96 ? "..." : "");
}

/*
 * Does the copy on @c->slot carry the frame out of its VLAN? On a port
 * whose PVID is the VID it leaves untagged (what follows the MACs is
 * payload, an inner tag included); anywhere else it must carry an outer
 * 802.1Q tag with the VID.
 */
static const char *leaks(const struct bvm_config *cfg,
			 const struct bvm_result *exp, unsigned int in_slot,
			 const struct bvh_copy *c)
{
	const struct bvm_port *p;

	if (c->slot >= BV_MAX_PORTS)
		return "left on a device that is not a port";
	p = &cfg->port[c->slot];
	if (exp->verdict != BVM_FORWARD || !exp->vid)
		return "left although the frame has no VLAN";
	if (c->slot == in_slot)
		return "left on its ingress port";
	if (!bvm_is_member(p, exp->vid))
		return "left on a port that is not a member of its VID";
	if (p->pvid == exp->vid)
		return NULL;
	if (c->len < 16 || bvh_be16(c->bytes + 12) != ETH_P_8021Q)
		return "left without a tag on a port that tags its VID";
	if ((bvh_be16(c->bytes + 14) & 0x0fff) != exp->vid)
		return "left tagged with another VID";
	return NULL;
}

int bvh_compare(const struct bvh *h, const struct bvm_config *cfg,
		const struct bvm_result *exp, unsigned int in_slot,
		const uint8_t *frame, size_t len, const struct bvh_result *got,
		bool *leak, char *why, size_t whylen)
{
	struct why w = { .buf = why, .len = whylen };
	enum bvh_path path = bvh_expected_path(h, cfg, exp, in_slot, frame, len);
	bool matched[BVH_MAX_COPIES] = {};
	struct bvm_vlan_stats want_vlan = {};
	bool vlan_read = false;
	struct bvm_stats *want;

	if (whylen)
		why[0] = '\0';
	*leak = false;
	for (unsigned int i = 0; i < got->nr_copies; i++) {
		const char *l = leaks(cfg, exp, in_slot, &got->copy[i]);

		if (l) {
			*leak = true;
			bvh_say(&w, "  LEAK: copy on slot %u (ifindex %u): %s (VID %u)\n",
				got->copy[i].slot, got->copy[i].ifindex, l, exp->vid);
		}
	}
	if (path == BVH_PATH_NONE && got->path == BVH_PATH_NONE)
		return w.n ? 1 : 0;
	if (got->path != path)
		bvh_say(&w, "  path: want %s, got %s (xdp ret %d, tc ret %d)\n",
			path_name(path), path_name(got->path), got->xdp_ret,
			got->tc_ret);
	if (got->to_host != (exp->verdict == BVM_TO_HOST))
		bvh_say(&w, "  to host: want %d, got %d\n",
			exp->verdict == BVM_TO_HOST, got->to_host);

	/* Copies: the same ports, the same bytes, in any order. */
	for (unsigned int i = 0; exp->verdict == BVM_FORWARD &&
	     i < exp->nr_copies; i++) {
		const struct bvm_copy *ec = &exp->copy[i];
		const uint8_t *eb = exp->bytes[ec->form];
		uint32_t el = exp->len[ec->form];
		bool found = false;

		for (unsigned int j = 0; j < got->nr_copies; j++) {
			const struct bvh_copy *gc = &got->copy[j];

			if (matched[j] || gc->slot != ec->slot)
				continue;
			matched[j] = found = true;
			if (ec->oversize) {
				bvh_say(&w, "  slot %u: copy sent, want dropped as oversize\n",
					ec->slot);
			} else if (gc->len != el || memcmp(gc->bytes, eb, el)) {
				uint32_t at = 0;

				while (at < el && at < gc->len &&
				       gc->bytes[at] == eb[at])
					at++;
				bvh_say(&w, "  slot %u: bytes differ from offset %u\n",
					ec->slot, at);
				say_hex(&w, "want", eb, el);
				say_hex(&w, "got ", gc->bytes, gc->len);
			}
			break;
		}
		if (!found && !ec->oversize) {
			bvh_say(&w, "  slot %u: no copy, want one (%s)\n", ec->slot,
				ec->form == BVM_TAGGED ? "tagged" : "untagged");
			say_hex(&w, "want", eb, el);
		}
	}
	for (unsigned int j = 0; j < got->nr_copies; j++)
		if (!matched[j]) {
			bvh_say(&w, "  slot %u (ifindex %u): unexpected copy\n",
				got->copy[j].slot, got->copy[j].ifindex);
			say_hex(&w, "got ", got->copy[j].bytes, got->copy[j].len);
		}

	/* Counters: the model's, plus the hand-over to TC. */
	want = calloc(BV_MAX_PORTS, sizeof(*want));
	if (!want)
		return -ENOMEM;
	bvm_account(exp, in_slot, len, want);
	/* XDP counts each frame it hands to TC, but for a link-local one it
	 * decided on itself (TC passes that up).
	 */
	if (path == BVH_PATH_XDP_TC &&
	    (exp->verdict != BVM_TO_HOST || !xdp_size(frame, len)))
		want[in_slot].events[BV_EV_XDP_TO_TC]++;
	for (unsigned int s = 0; s < BV_MAX_PORTS; s++)
		bvh_stats_diff(&w, s, &want[s], &got->delta[s]);
	free(want);

	/* Per VLAN: the model's VLAN counts, every other VLAN read nothing. */
	bvm_account_vlan(exp, len, &want_vlan);
	for (unsigned int i = 0; i < got->nr_vids; i++) {
		bool mine = got->vid[i] == exp->vid;

		bvh_vlan_stats_diff(&w, got->vid[i],
				    mine ? &want_vlan : &(struct bvm_vlan_stats){},
				    &got->vdelta[i]);
		vlan_read |= mine;
	}
	if (exp->vid && !vlan_read)
		bvh_say(&w, "  vlan %u: not among the VLANs read (harness)\n",
			exp->vid);
	return w.n ? 1 : 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct bvm_fdb_entry *x = a, *y = b;

	if (x->vid != y->vid)
		return x->vid < y->vid ? -1 : 1;
	return memcmp(x->mac, y->mac, 6);
}

static void say_entry(struct why *w, const char *who,
		      const struct bvm_fdb_entry *e)
{
	bvh_say(w, "    %s: vid %u %02x:%02x:%02x:%02x:%02x:%02x ifindex %u slot %u%s updated %llu\n",
		who, e->vid, e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4],
		e->mac[5], e->ifindex, e->slot, e->is_static ? " static" : "",
		(unsigned long long)e->updated_ns);
}

int bvh_fdb_compare(struct bvh *h, const struct bvm_fdb *model, char *why,
		    size_t whylen)
{
	struct why w = { .buf = why, .len = whylen };
	struct bvm_fdb got, want;
	unsigned int i = 0, j = 0;
	int err;

	if (whylen)
		why[0] = '\0';
	err = bvm_fdb_init(&got, model->cap + BV_MAX_PORTS);
	if (err)
		return err;
	err = bvh_fdb_read(h, &got);
	if (err) {
		bvm_fdb_free(&got);
		return err;
	}
	want = *model;
	want.e = malloc((model->n ? model->n : 1) * sizeof(*want.e));
	if (!want.e) {
		bvm_fdb_free(&got);
		return -ENOMEM;
	}
	memcpy(want.e, model->e, model->n * sizeof(*want.e));
	qsort(want.e, want.n, sizeof(*want.e), entry_cmp);
	qsort(got.e, got.n, sizeof(*got.e), entry_cmp);
	while (i < want.n || j < got.n) {
		int c = i >= want.n ? 1 : j >= got.n ? -1 :
			entry_cmp(&want.e[i], &got.e[j]);

		if (c < 0) {
			bvh_say(&w, "  FDB: entry missing\n");
			say_entry(&w, "want", &want.e[i++]);
		} else if (c > 0) {
			bvh_say(&w, "  FDB: unexpected entry\n");
			say_entry(&w, "got ", &got.e[j++]);
		} else {
			if (want.e[i].ifindex != got.e[j].ifindex ||
			    want.e[i].slot != got.e[j].slot ||
			    want.e[i].is_static != got.e[j].is_static ||
			    want.e[i].updated_ns != got.e[j].updated_ns) {
				bvh_say(&w, "  FDB: entry differs\n");
				say_entry(&w, "want", &want.e[i]);
				say_entry(&w, "got ", &got.e[j]);
			}
			i++;
			j++;
		}
	}
	free(want.e);
	bvm_fdb_free(&got);
	return w.n ? 1 : 0;
}

/* ---- one frame, both ways ----------------------------------------------- */

static bool entry_same(const struct bvm_fdb_entry *a,
		       const struct bvm_fdb_entry *b)
{
	return a->ifindex == b->ifindex && a->slot == b->slot &&
	       a->is_static == b->is_static && a->updated_ns == b->updated_ns;
}

/* The entry of the frame's source in the model and in the map agree? */
static int touched_entry(struct bvh *h, const struct bvm_fdb *fdb,
			 const struct bvm_result *exp, const uint8_t *frame,
			 struct why *w)
{
	const struct bvm_fdb_entry *want;
	struct bvm_fdb_entry got;
	int err;

	if (!exp->vid)
		return 0;
	want = bvm_fdb_find(fdb, exp->vid, frame + 6);
	err = bvh_fdb_get(h, exp->vid, frame + 6, &got);
	if (err && err != -ENOENT)
		return err;
	if (!want && !err) {
		bvh_say(w, "  FDB: source learned, want not\n");
		say_entry(w, "got ", &got);
	} else if (want && err) {
		bvh_say(w, "  FDB: source not learned\n");
		say_entry(w, "want", want);
	} else if (want && !entry_same(want, &got)) {
		bvh_say(w, "  FDB: source entry differs\n");
		say_entry(w, "want", want);
		say_entry(w, "got ", &got);
	}
	return 0;
}

static int check_once(struct bvh *h, const struct bvm_config *cfg,
		      struct bvm_fdb *fdb, unsigned int in_slot,
		      const uint8_t *frame, size_t len, uint64_t now,
		      struct bvm_result *exp, const struct bvh_result *got,
		      bool *leak, char *why, size_t whylen)
{
	struct why w;
	int ret;

	bvm_switch(cfg, fdb, in_slot, frame, len, now, exp);
	ret = bvh_compare(h, cfg, exp, in_slot, frame, len, got, leak, why,
			  whylen);
	if (ret < 0)
		return ret;
	w.buf = why;
	w.len = whylen;
	w.used = strlen(why);
	w.n = ret;
	ret = touched_entry(h, fdb, exp, frame, &w);
	if (ret < 0)
		return ret;
	return w.n ? 1 : 0;
}

int bvh_step(struct bvh *h, const struct bvm_config *cfg, struct bvm_fdb *fdb,
	     unsigned int in_slot, const uint8_t *frame, size_t len,
	     struct bvm_result *exp, struct bvh_result *got, bool *leak,
	     char *why, size_t whylen)
{
	struct bvm_fdb_entry *saved, written;
	unsigned int saved_n = fdb->n;
	uint64_t t[3], t0, t1;
	int ret, nt = 2, err;

	saved = malloc((fdb->n ? fdb->n : 1) * sizeof(*saved));
	if (!saved)
		return -ENOMEM;
	memcpy(saved, fdb->e, fdb->n * sizeof(*saved));
	t0 = h->clock ? h->clock : bvh_now();
	err = bvh_set_clock(h, t0);
	if (!err)
		err = bvh_run(h, in_slot, frame, len, got);
	t1 = t0;	/* the programs read the bridge's clock, set to t0 */
	if (err) {
		free(saved);
		return err;
	}
	t[0] = t0;
	t[1] = t1;
	ret = check_once(h, cfg, fdb, in_slot, frame, len, t0, exp, got, leak,
			 why, whylen);
	/* A clock tick during the run: the programs may have seen t1, or a
	 * time in between, which they wrote into the source's entry.
	 */
	if (ret == 1 && t1 != t0 && exp->vid &&
	    !bvh_fdb_get(h, exp->vid, frame + 6, &written) &&
	    written.updated_ns > t0 && written.updated_ns < t1)
		t[nt++] = written.updated_ns;
	for (int i = 1; ret == 1 && i < nt; i++) {
		if (t[i] == t0)
			continue;
		memcpy(fdb->e, saved, saved_n * sizeof(*saved));
		fdb->n = saved_n;
		ret = check_once(h, cfg, fdb, in_slot, frame, len, t[i], exp,
				 got, leak, why, whylen);
	}
	if (ret == 1) {		/* report against the first reading */
		memcpy(fdb->e, saved, saved_n * sizeof(*saved));
		fdb->n = saved_n;
		ret = check_once(h, cfg, fdb, in_slot, frame, len, t0, exp,
				 got, leak, why, whylen);
	}
	free(saved);
	return ret;
}

/* VLANs that counted something the frames' reads did not see. */
static int vlan_sweep(struct bvh *h, struct why *w)
{
	struct bvm_vlan_stats *cur = calloc(BV_NR_VIDS, sizeof(*cur));
	int err;

	if (!cur)
		return -ENOMEM;
	err = bvh_vlan_stats_read_all(h, cur);
	for (unsigned int vid = 0; !err && vid < BV_NR_VIDS; vid++) {
		if (memcmp(&cur[vid], &h->vlast[vid], sizeof(cur[vid]))) {
			struct bvm_vlan_stats d;

			bvh_vlan_stats_sub(&d, &cur[vid], &h->vlast[vid]);
			bvh_say(w, "  vlan %u (no frame of it) counted:\n", vid);
			bvh_vlan_stats_diff(w, vid, &(struct bvm_vlan_stats){},
					    &d);
		}
	}
	if (!err)
		memcpy(h->vlast, cur, BV_NR_VIDS * sizeof(*cur));
	free(cur);
	return err;
}

int bvh_stats_sweep(struct bvh *h, char *why, size_t whylen)
{
	struct why w = { .buf = why, .len = whylen };
	struct bvm_stats *cur = calloc(BV_MAX_PORTS, sizeof(*cur));
	int err;

	if (!cur)
		return -ENOMEM;
	if (whylen)
		why[0] = '\0';
	err = vlan_sweep(h, &w);
	if (!err)
		err = bvh_stats_read_all(h, cur);
	for (unsigned int s = 0; !err && s < BV_MAX_PORTS; s++) {
		if (memcmp(&cur[s], &h->last[s], sizeof(cur[s]))) {
			struct bvm_stats d;

			bvh_stats_sub(&d, &cur[s], &h->last[s]);
			bvh_say(&w, "  slot %u (no port) counted:\n", s);
			bvh_stats_diff(&w, s, &(struct bvm_stats){}, &d);
		}
	}
	if (!err)
		memcpy(h->last, cur, BV_MAX_PORTS * sizeof(*cur));
	free(cur);
	return err ? err : w.n ? 1 : 0;
}
