// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The Linux bridge predicted from bpfvlan's model and the rules where the
 * two differ (see rules.h). The kernel code each rule stands on is named
 * at the rule (net/bridge/, Linux 6.1 and 6.12 alike).
 */
#include <stdlib.h>
#include <string.h>
#include "rules.h"

#define NOT_A_TAG	0x88b5	/* an ethertype the model takes as payload */

static const char *const names[OR_NR_RULES] = {
	[OR_RULE_STP_BPDU]	= "stp_bpdu",
	[OR_RULE_TAGGED_ACCESS]	= "tagged_access",
	[OR_RULE_NESTED_TAG]	= "nested_tag",
	[OR_RULE_LOCAL_MAC]	= "local_mac",
	[OR_RULE_MTU_SLACK]	= "mtu_slack",
	[OR_RULE_SHORT_DOUBLE]	= "short_double_tag",
};

const char *or_rule_name(enum or_rule r)
{
	return r < OR_NR_RULES ? names[r] : "?";
}

int or_rule_by_name(const char *name)
{
	for (int r = 0; r < OR_NR_RULES; r++)
		if (!strcmp(names[r], name))
			return r;
	return -1;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static bool is_tag(uint16_t type)
{
	return type == BVM_TPID_8021Q || type == BVM_TPID_8021AD;
}

static bool outer_8021q(const uint8_t *f, size_t len)
{
	return len >= BVM_ETH_HLEN + BVM_TAG_LEN &&
	       be16(f + 12) == BVM_TPID_8021Q;
}

/* The frame as the model sees it, and how to put a copy back. */
struct rewrite {
	bool bpdu;		/* destination 01:80:c2:00:00:00 */
	uint16_t inner;		/* the inner TPID replaced, or 0 */
};

/*
 * br_handle_frame(): with STP off the Bridge Group Address is forwarded
 * like any multicast ("must forward to keep loop detection"); bpfvlan runs
 * no STP and forwards no link-local frame. Seen as a plain multicast.
 */
static bool stp_bpdu(uint8_t *f, size_t len)
{
	static const uint8_t bpdu[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };

	if (len < BVM_ETH_HLEN || memcmp(f, bpdu, 6))
		return false;
	f[5] = 0x10;		/* 01:80:c2:00:00:10, not link-local */
	return true;
}

/*
 * __allowed_ingress(): an access port (`bridge vlan add vid V pvid
 * untagged`) is a member of V, so a frame tagged V is let in, as V, its
 * PCP/DEI kept; bpfvlan drops every tagged frame on an access port
 * (tagged_on_access). Seen as priority-tagged, which both take as V.
 */
static bool tagged_access(const struct or_case *c, uint8_t *f, size_t len)
{
	const struct bvm_port *p = &c->conf->cfg->port[c->in];

	if (p->mode != BV_MODE_ACCESS || !outer_8021q(f, len) ||
	    (be16(f + 14) & 0x0fff) != p->pvid)
		return false;
	put16(f + 14, be16(f + 14) & 0xf000);
	return true;
}

/*
 * __allowed_ingress(): a priority tag gives the PVID, whatever follows it;
 * bpfvlan drops a priority tag in front of an 802.1Q tag (nested_tag: the
 * double-tagging hop). Seen with the inner TPID as 802.1ad, which is
 * payload to both; put back into the copies.
 */
static bool nested_tag(uint8_t *f, size_t len, struct rewrite *w)
{
	if (!outer_8021q(f, len) || (be16(f + 14) & 0x0fff) ||
	    len < BVM_ETH_HLEN + 2 * BVM_TAG_LEN ||
	    be16(f + 16) != BVM_TPID_8021Q)
		return false;
	w->inner = BVM_TPID_8021Q;
	put16(f + 16, BVM_TPID_8021AD);
	return true;
}

/*
 * skb_vlan_untag() needs 20 bytes of a tagged frame, which an 802.1Q tag
 * and another tag behind it in 20..23 bytes have; the Linux bridge sends
 * such a frame on. bpfvlan drops it as a runt: untagged, it would be a
 * tagged runt of 16..19 bytes, which the receiver frees (as the far ends
 * here do with the Linux bridge's untagged copies: or_frame_visible()).
 * Seen with the inner TPID as a plain ethertype.
 */
static bool short_double(uint8_t *f, size_t len, struct rewrite *w)
{
	if (!outer_8021q(f, len) || len < BVM_TAGGED_MIN ||
	    len >= BVM_TAGGED_MIN + BVM_TAG_LEN || !is_tag(be16(f + 16)))
		return false;
	if (!w->inner)
		w->inner = be16(f + 16);
	put16(f + 16, NOT_A_TAG);
	return true;
}

/*
 * br_vlan_add() makes the port's own MAC a local FDB entry in each of its
 * VLANs, and br_handle_frame_finish() keeps a frame to it for the bridge
 * itself (here a member of no VLAN: dropped). bpfvlan ports have no MAC of
 * their own (internal ports are the host's).
 */
static bool to_port_mac(const struct or_case *c, const struct bvm_result *r,
			const uint8_t *f)
{
	for (unsigned int i = 0; i < c->conf->nr_ports; i++)
		if (!memcmp(f, c->port_mac[i], 6) &&
		    bvm_is_member(&c->conf->cfg->port[i], r->vid))
			return true;
	return false;
}

/*
 * br_dev_queue_push_xmit() and the veth behind it check is_skb_forwardable():
 * up to MTU + 14 + 4 bytes, with or without a tag; bpfvlan allows the 4
 * bytes only to a tag (802.1Q or 802.1ad) the copy carries.
 */
static bool linux_fits(const struct bvm_port *p, size_t len)
{
	return len <= p->mtu + BVM_ETH_HLEN + BVM_TAG_LEN;
}

/* The copies of @r in the bytes of the frame sent: undo the rewrites. */
static void copies_of(const struct or_case *c, const struct bvm_result *r,
		      const struct rewrite *w, struct or_prediction *p)
{
	or_copies_clear(&p->copies);
	for (unsigned int i = 0; i < r->nr_copies; i++) {
		const struct bvm_copy *cp = &r->copy[i];
		uint32_t len = r->len[cp->form];
		uint8_t b[BVM_FRAME_MAX + BVM_TAG_LEN];

		if (cp->oversize) {
			if (!linux_fits(&c->conf->cfg->port[cp->slot], len))
				continue;
			p->rules |= OR_RULE(OR_RULE_MTU_SLACK);
		}
		memcpy(b, r->bytes[cp->form], len);
		if (w->bpdu)
			b[5] = 0x00;
		if (w->inner)	/* the inner tag follows the copy's MACs or tag */
			put16(b + (cp->form == BVM_TAGGED ? 16 : 12), w->inner);
		if (or_frame_visible(b, len))
			or_copies_add(&p->copies, cp->slot, b, len);
	}
}

void or_linux_predict(const struct or_case *c, struct or_prediction *p)
{
	static struct bvm_result r;
	static uint8_t f[BVM_FRAME_MAX];
	struct bvm_fdb fdb = *c->fdb;
	struct rewrite w = {};

	p->rules = 0;
	p->relearn_vid = 0;
	or_copies_clear(&p->copies);
	if (c->len > sizeof(f))
		return;
	memcpy(f, c->frame, c->len);
	w.bpdu = stp_bpdu(f, c->len);
	if (w.bpdu)
		p->rules |= OR_RULE(OR_RULE_STP_BPDU);
	if (tagged_access(c, f, c->len))
		p->rules |= OR_RULE(OR_RULE_TAGGED_ACCESS);
	if (nested_tag(f, c->len, &w))
		p->rules |= OR_RULE(OR_RULE_NESTED_TAG);
	if (short_double(f, c->len, &w))
		p->rules |= OR_RULE(OR_RULE_SHORT_DOUBLE);

	/* the model on a copy of the FDB: the real one learns once, below */
	fdb.e = malloc((fdb.cap ? fdb.cap : 1) * sizeof(*fdb.e));
	if (!fdb.e)
		abort();
	memcpy(fdb.e, c->fdb->e, fdb.n * sizeof(*fdb.e));
	bvm_switch(c->conf->cfg, &fdb, c->in, f, c->len, c->now, &r);
	free(fdb.e);

	if (p->rules && r.learn != BVM_LEARN_NONE)
		p->relearn_vid = r.vid;	/* bpfvlan dropped it unlearned */
	if (r.verdict != BVM_FORWARD)
		return;
	if (to_port_mac(c, &r, f)) {
		p->rules |= OR_RULE(OR_RULE_LOCAL_MAC);
		return;
	}
	copies_of(c, &r, &w, p);
}
