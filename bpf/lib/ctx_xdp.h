/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* XDP adapter: give a frame its egress form in place, redirect, flood. */
#ifndef BV_LIB_CTX_XDP_H
#define BV_LIB_CTX_XDP_H

#include "forward.h"
#include "stats.h"

/* Move the 12 MAC bytes 4 bytes towards the head (room for a tag). The
 * copy order is safe for the overlap: each word is read before written.
 */
static __always_inline void bv_macs_down(__u32 *w)
{
	w[0] = w[1];
	w[1] = w[2];
	w[2] = w[3];
}

static __always_inline void bv_macs_up(__u32 *w)
{
	w[3] = w[2];
	w[2] = w[1];
	w[1] = w[0];
}

/* Insert an 802.1Q tag with @tci (host order) after the MACs. */
static __always_inline int bv_xdp_push(struct xdp_md *ctx, __u16 tci)
{
	void *data, *data_end;
	__be16 *tag;

	if (bpf_xdp_adjust_head(ctx, -BV_VLAN_HLEN))
		return -1;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + ETH_HLEN + BV_VLAN_HLEN > data_end)
		return -1;
	bv_macs_down(data);
	tag = data + 2 * ETH_ALEN;
	tag[0] = bpf_htons(ETH_P_8021Q);
	tag[1] = bpf_htons(tci);
	return 0;
}

/* Remove the outer tag (the frame is known to carry one). */
static __always_inline int bv_xdp_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + ETH_HLEN + BV_VLAN_HLEN > data_end)
		return -1;
	bv_macs_up(data);
	return bpf_xdp_adjust_head(ctx, BV_VLAN_HLEN) ? -1 : 0;
}

static __always_inline int bv_xdp_set_tci(struct xdp_md *ctx, __u16 tci)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__be16 *tag = data + 2 * ETH_ALEN;

	if ((void *)(tag + 2) > data_end)
		return -1;
	tag[1] = bpf_htons(tci);
	return 0;
}

/*
 * Give the frame described by @h (as received) its egress form: untagged,
 * or tagged with @tci. Only an outer 802.1Q tag is ours to pop or rewrite.
 */
static __always_inline int bv_xdp_set_form(struct xdp_md *ctx,
					   const struct bv_hdr *h,
					   int untagged, __u16 tci)
{
	if (h->outer_type == ETH_P_8021Q) {
		if (untagged)
			return bv_xdp_pop(ctx);
		return h->tci == tci ? 0 : bv_xdp_set_tci(ctx, tci);
	}
	return untagged ? 0 : bv_xdp_push(ctx, tci);
}

#endif /* BV_LIB_CTX_XDP_H */
