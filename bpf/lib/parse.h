/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Ethernet / 802.1Q header parsing into struct bv_hdr, for both hooks. */
#ifndef BV_LIB_PARSE_H
#define BV_LIB_PARSE_H

#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>

#ifndef ETH_P_8021AD
#define ETH_P_8021AD	0x88A8
#endif
#define BV_VLAN_HLEN	4
#define BV_VID_MASK	0x0fff
/* A tagged frame shorter than this is freed by the kernel before TC. */
#define BV_TAGGED_MIN	20
/* An 802.1Q tag followed by another tag: shorter than this, the frame
 * without its outer tag would itself be a tagged runt (and TC could not pop
 * it: bpf_skb_vlan_pop then fails pulling the next tag into metadata).
 */
#define BV_DOUBLE_TAGGED_MIN	(BV_TAGGED_MIN + BV_VLAN_HLEN)

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "bv_mac_load() and struct bv_fdb_key words assume a little-endian CPU"
#endif

/*
 * A MAC address as one number: its 6 bytes in wire order in the low 48
 * bits, byte 0 lowest, as this little-endian CPU loads them. Two loads
 * instead of six, and compared, tested and put into keys as one word.
 */
static __always_inline __u64 bv_mac_load(const void *p)
{
	return *(const __u32 *)p | (__u64)*(const __u16 *)(p + 4) << 32;
}

static __always_inline int bv_is_multicast(__u64 mac)
{
	return mac & 1;
}

/* IEEE 802.1D reserved group addresses 01:80:c2:00:00:00..0f. */
static __always_inline int bv_is_link_local(__u64 mac)
{
	return (mac & 0xf0ffffffffffULL) == 0xc28001ULL;
}

/* What the switching decision needs from a frame. Host byte order but the
 * MACs (bv_mac_load()).
 */
struct bv_hdr {
	__u64 dmac;
	__u64 smac;
	__u16 outer_type;	/* outermost ethertype after the MACs */
	__u16 tci;		/* outer tag's TCI, when outer_type is a tag */
	__u16 next_type;	/* ethertype after the outer tag */
	__u16 l3_off;		/* where L3 begins in the bytes the hook sees:
				 * after the outer 802.1Q tag if it is there */
	__u64 len;		/* frame length, outer tag included */
};

static __always_inline int bv_is_tag_type(__u16 type)
{
	return type == ETH_P_8021Q || type == ETH_P_8021AD;
}

/* A runt though long enough for its outer tag: see BV_DOUBLE_TAGGED_MIN. */
static __always_inline int bv_short_double_tag(const struct bv_hdr *h)
{
	return h->outer_type == ETH_P_8021Q && bv_is_tag_type(h->next_type) &&
	       h->len < BV_DOUBLE_TAGGED_MIN;
}

/*
 * Parse the frame at [data, data_end) as it is on the wire (the XDP view,
 * or a TC skb without a metadata tag). Returns 0, or -1 for a runt: shorter
 * than 14 bytes, a tagged frame shorter than BV_TAGGED_MIN, or a short
 * double-tagged one (bv_short_double_tag).
 */
static __always_inline int bv_parse_bytes(void *data, void *data_end,
					  struct bv_hdr *h)
{
	__be16 *type = data + 2 * ETH_ALEN;	/* then TCI, inner type */

	/* Every field set on every path: clang may otherwise carry an
	 * undefined value along, which the verifier refuses to read.
	 */
	*h = (struct bv_hdr){ .len = data_end - data };
	if (data + ETH_HLEN > data_end)
		return -1;
	h->dmac = bv_mac_load(data);
	h->smac = bv_mac_load(data + ETH_ALEN);
	h->outer_type = bpf_ntohs(type[0]);
	h->l3_off = ETH_HLEN;
	if (!bv_is_tag_type(h->outer_type))
		return 0;
	if (data + BV_TAGGED_MIN > data_end)
		return -1;
	if (h->outer_type == ETH_P_8021Q)
		h->l3_off = ETH_HLEN + BV_VLAN_HLEN;
	h->tci = bpf_ntohs(type[1]);
	h->next_type = bpf_ntohs(type[2]);
	return bv_short_double_tag(h) ? -1 : 0;
}

#define BV_IPPROTO_ICMP		1
#define BV_IPPROTO_ICMPV6	58

/* The L3 protocol byte (IPv4 protocol, IPv6 next header) at @off, or -1. */
static __always_inline int bv_l4_proto(void *data, void *data_end, __u32 off)
{
	__u8 *p = data + off;

	if ((void *)(p + 1) > data_end)
		return -1;
	return *p;
}

/*
 * Could this frame carry an L4 checksum its sender left to offload
 * (CHECKSUM_PARTIAL)? XDP cannot see that skb state, and a redirect loses
 * it, so the receiver would get a wrong checksum. Any IPv4/IPv6 frame
 * (behind up to two tags) but ICMP/ICMPv6, whose checksums the stack
 * always computes. Frames from the wire never carry such a state.
 */
static __always_inline int bv_may_need_csum(void *data, void *data_end,
					    const struct bv_hdr *h)
{
	__u16 type = h->outer_type;
	__u32 l3 = ETH_HLEN;
	__be16 *t;
	int proto;

	if (bv_is_tag_type(type)) {
		type = h->next_type;
		l3 += BV_VLAN_HLEN;
		if (bv_is_tag_type(type)) {
			t = data + ETH_HLEN + 2 * BV_VLAN_HLEN - 2;
			if ((void *)(t + 1) > data_end)
				return 0;
			type = bpf_ntohs(*t);
			l3 += BV_VLAN_HLEN;
		}
	}
	if (type == ETH_P_IP) {
		proto = bv_l4_proto(data, data_end, l3 + 9);
		return proto >= 0 && proto != BV_IPPROTO_ICMP;
	}
	if (type == ETH_P_IPV6) {
		proto = bv_l4_proto(data, data_end, l3 + 6);
		return proto >= 0 && proto != BV_IPPROTO_ICMPV6;
	}
	return 0;
}

#endif /* BV_LIB_PARSE_H */
