/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Anti-spoofing of a port with `allow-ip` (BV_PORT_F_ALLOW_IP): what the
 * frame says about its sender at layer 3 must be one of the port's
 * prefixes (bv_allow_ip). Pure over the frame's bytes [data, data_end),
 * the L3 header at h->l3_off; no helper but the trie lookup. The rules
 * (the model has the same, selftests/model):
 *   IPv4   the source is allowed; 0.0.0.0 only for a DHCP client's
 *          broadcast (UDP to 255.255.255.255 port 67, no IP options)
 *   ARP    Ethernet/IPv4 only; the sender MAC is the frame's source and
 *          the sender IP is allowed or 0.0.0.0 (a probe)
 *   IPv6   the source is allowed; :: only for duplicate address
 *          detection (a neighbour solicitation whose target is allowed)
 *          and for MLD (sent before the link-local address is ready).
 *          Up to two extension headers (hop-by-hop, routing, destination
 *          options) are looked through to find ICMPv6. In ND: an
 *          advertisement's target is allowed; source/target link-layer
 *          options (in RS, NS, NA) carry the frame's source MAC; router
 *          advertisements and redirects are dropped
 *   an 802.1Q or 802.1ad tag where L3 begins (it would hide the above):
 *          dropped
 *   anything else passes.
 * A truncated header of these kinds is dropped. Drops: ip_spoof,
 * arp_spoof, nd_spoof.
 */
#ifndef BV_LIB_GUARD_H
#define BV_LIB_GUARD_H

#include "compiler.h"
#include "maps.h"
#include "parse.h"

#define BV_ETH_P_ARP		0x0806
#define BV_IPPROTO_UDP		17
#define BV_IPV6_HBH		0
#define BV_IPV6_ROUTING		43
#define BV_IPV6_DSTOPTS		60
#define BV_ND_RS		133
#define BV_ND_RA		134
#define BV_ND_NS		135
#define BV_ND_NA		136
#define BV_ND_REDIRECT		137
#define BV_ND_OPT_SLLA		1
#define BV_ND_OPT_TLLA		2
#define BV_ND_MAX_OPTS		3	/* options looked at; more: dropped */
#define BV_IPV6_MAX_EXT		2	/* extension headers looked through */
#define BV_IPV6_EXT_MAX_OFF	512	/* where ICMPv6 may start, at most;
					 * ND options may go twice as far */

/*
 * Is the address (16 bytes, as two words loaded from them: @hi bytes 0-7,
 * @lo bytes 8-15) one of the prefixes of the port in @slot? From this
 * CPU's cache of the port (@lc, bv_learned) when it holds that address
 * from this tick; user space clears the caches when prefixes change.
 */
static __always_inline int bv_ip_ok(struct bv_learned *lc, __u32 slot,
				    __u64 hi, __u64 lo,
				    const struct bv_config *cfg)
{
	struct bv_allow_ip_key k = {
		.prefixlen = BV_ALLOW_IP_PLEN(128),
		.slot = bpf_htonl(slot),
	};

	if (bv_likely(lc && lc->ip_now_ns == cfg->now_ns && lc->ip_hi == hi &&
		      lc->ip_lo == lo))
		return 1;
	__builtin_memcpy(k.addr, &hi, 8);
	__builtin_memcpy(k.addr + 8, &lo, 8);
	if (!bpf_map_lookup_elem(&bv_allow_ip, &k))
		return 0;
	if (lc) {
		lc->ip_hi = hi;
		lc->ip_lo = lo;
		lc->ip_now_ns = cfg->now_ns;
	}
	return 1;
}

/* An IPv4 address (as loaded from its 4 bytes) as IPv4-mapped IPv6. */
static __always_inline int bv_ip4_ok(struct bv_learned *lc, __u32 slot,
				     __u32 addr, const struct bv_config *cfg)
{
	return bv_ip_ok(lc, slot, 0, (__u64)addr << 32 | 0xffff0000ULL, cfg);
}

static __always_inline __u64 bv_load64(const void *p)
{
	return *(const __u64 *)p;
}

static __always_inline int bv_guard_ipv4(struct bv_learned *lc, __u32 slot,
					 __u8 *ip, void *data_end,
					 const struct bv_config *cfg)
{
	__u32 src;

	if ((void *)(ip + 24) > data_end)
		return BV_DROP_IP_SPOOF;
	src = *(__u32 *)(ip + 12);
	if (src)
		return bv_ip4_ok(lc, slot, src, cfg) ? 0 : BV_DROP_IP_SPOOF;
	/* DHCP DISCOVER/REQUEST: version 4, IHL 5, UDP, to 255.255.255.255,
	 * destination port 67
	 */
	if (ip[0] == 0x45 && ip[9] == BV_IPPROTO_UDP &&
	    *(__u32 *)(ip + 16) == 0xffffffff &&
	    *(__be16 *)(ip + 22) == bpf_htons(67))
		return 0;
	return BV_DROP_IP_SPOOF;
}

static __always_inline int bv_guard_arp(struct bv_learned *lc, __u32 slot,
					const struct bv_hdr *h, __u8 *arp,
					void *data_end,
					const struct bv_config *cfg)
{
	__u32 spa;

	/* htype 1, ptype 0x0800, hlen 6, plen 4, then sha, spa, tha, tpa */
	if ((void *)(arp + 28) > data_end ||
	    *(__be16 *)arp != bpf_htons(1) ||
	    *(__be16 *)(arp + 2) != bpf_htons(ETH_P_IP) ||
	    arp[4] != 6 || arp[5] != 4)
		return BV_DROP_ARP_SPOOF;
	if (bv_mac_load(arp + 8) != h->smac)
		return BV_DROP_ARP_SPOOF;
	spa = *(__u32 *)(arp + 14);
	if (spa && !bv_ip4_ok(lc, slot, spa, cfg))
		return BV_DROP_ARP_SPOOF;
	return 0;
}

/*
 * ND options from offset @off of the IPv6 header at @ip to @end (the end
 * of its payload): each source/target link-layer address option is one
 * 8-byte unit holding the frame's source MAC; at most BV_ND_MAX_OPTS
 * options.
 */
static __always_inline int bv_guard_nd_opts(const struct bv_hdr *h, __u8 *ip,
					    __u32 off, __u32 end,
					    void *data_end)
{
	for (int i = 0; i < BV_ND_MAX_OPTS; i++) {
		__u8 *opt;
		__u8 len;

		if (off >= end)
			return 0;
		if (off > BV_IPV6_EXT_MAX_OFF * 2)
			return BV_DROP_ND_SPOOF;
		opt = ip + off;
		if ((void *)(opt + 8) > data_end || off + 8 > end)
			return BV_DROP_ND_SPOOF;
		len = opt[1];
		if (!len)
			return BV_DROP_ND_SPOOF;
		if ((opt[0] == BV_ND_OPT_SLLA || opt[0] == BV_ND_OPT_TLLA) &&
		    (len != 1 || bv_mac_load(opt + 2) != h->smac))
			return BV_DROP_ND_SPOOF;
		off += len * 8;
	}
	return off >= end ? 0 : BV_DROP_ND_SPOOF;
}

/* MLD query, report, done; MLDv2 report. */
static __always_inline int bv_is_mld(__u8 type)
{
	return type == 130 || type == 131 || type == 132 || type == 143;
}

/* ICMPv6 at offset @off of the IPv6 header at @ip (its payload ends at
 * offset @end), from source @hi/@lo.
 */
static __always_inline int bv_guard_icmp6(struct bv_learned *lc, __u32 slot,
					  const struct bv_hdr *h, __u8 *ip,
					  __u32 off, __u32 end, void *data_end,
					  __u64 hi, __u64 lo,
					  const struct bv_config *cfg)
{
	int unspec = !hi && !lo;
	__u8 *icmp;
	__u8 type;

	if (off > BV_IPV6_EXT_MAX_OFF)
		return BV_DROP_IP_SPOOF;
	icmp = ip + off;
	if ((void *)(icmp + 8) > data_end)
		return BV_DROP_IP_SPOOF;
	type = icmp[0];
	if (type == BV_ND_RA || type == BV_ND_REDIRECT)
		return BV_DROP_ND_SPOOF;
	if (type != BV_ND_NS && type != BV_ND_NA) {
		if (unspec && bv_is_mld(type))
			return 0;	/* RFC 3590: before a link-local address */
		if (unspec || !bv_ip_ok(lc, slot, hi, lo, cfg))
			return BV_DROP_IP_SPOOF;
		if (type == BV_ND_RS)
			return bv_guard_nd_opts(h, ip, off + 8, end, data_end);
		return 0;
	}
	if ((void *)(icmp + 24) > data_end)
		return BV_DROP_ND_SPOOF;
	if (unspec) {
		/* DAD: a solicitation for an address of its own */
		if (type != BV_ND_NS)
			return BV_DROP_IP_SPOOF;
		if (!bv_ip_ok(lc, slot, bv_load64(icmp + 8),
			      bv_load64(icmp + 16), cfg))
			return BV_DROP_ND_SPOOF;
	} else {
		if (!bv_ip_ok(lc, slot, hi, lo, cfg))
			return BV_DROP_IP_SPOOF;
		if (type == BV_ND_NA &&
		    !bv_ip_ok(lc, slot, bv_load64(icmp + 8),
			      bv_load64(icmp + 16), cfg))
			return BV_DROP_ND_SPOOF;
	}
	return bv_guard_nd_opts(h, ip, off + 24, end, data_end);
}

static __always_inline int bv_guard_ipv6(struct bv_learned *lc, __u32 slot,
					 const struct bv_hdr *h, __u8 *ip,
					 void *data_end,
					 const struct bv_config *cfg)
{
	__u32 off = 40, end;
	__u64 hi, lo;
	__u8 nh;

	if ((void *)(ip + 40) > data_end)
		return BV_DROP_IP_SPOOF;
	hi = bv_load64(ip + 8);
	lo = bv_load64(ip + 16);
	nh = ip[6];
	end = 40 + bpf_ntohs(*(__be16 *)(ip + 4));
	for (int i = 0; i < BV_IPV6_MAX_EXT; i++) {
		__u8 *x;

		if (nh != BV_IPV6_HBH && nh != BV_IPV6_ROUTING &&
		    nh != BV_IPV6_DSTOPTS)
			break;
		if (off > BV_IPV6_EXT_MAX_OFF)
			return BV_DROP_IP_SPOOF;
		x = ip + off;
		if ((void *)(x + 2) > data_end)
			return BV_DROP_IP_SPOOF;
		nh = x[0];
		off += (x[1] + 1) * 8;
	}
	if (nh == BV_IPPROTO_ICMPV6)
		return bv_guard_icmp6(lc, slot, h, ip, off, end, data_end,
				      hi, lo, cfg);
	/* ICMPv6 (ND) may hide behind more extension headers */
	if (nh == BV_IPV6_HBH || nh == BV_IPV6_ROUTING || nh == BV_IPV6_DSTOPTS)
		return BV_DROP_ND_SPOOF;
	if ((!hi && !lo) || !bv_ip_ok(lc, slot, hi, lo, cfg))
		return BV_DROP_IP_SPOOF;
	return 0;
}

/*
 * 0 if the frame from the port in @slot (with allow-ip) may go on; else
 * the drop reason.
 */
static __always_inline int bv_guard(struct bv_learned *lc, __u32 slot,
				    const struct bv_hdr *h, void *data,
				    void *data_end,
				    const struct bv_config *cfg)
{
	__u16 type = h->outer_type == ETH_P_8021Q ? h->next_type
						 : h->outer_type;
	__u8 *l3 = data + (h->l3_off & 0x1f);

	switch (type) {
	case ETH_P_IP:
		return bv_guard_ipv4(lc, slot, l3, data_end, cfg);
	case BV_ETH_P_ARP:
		return bv_guard_arp(lc, slot, h, l3, data_end, cfg);
	case ETH_P_IPV6:
		return bv_guard_ipv6(lc, slot, h, l3, data_end, cfg);
	case ETH_P_8021Q:
	case ETH_P_8021AD:
		return BV_DROP_IP_SPOOF;
	}
	return 0;
}

#endif /* BV_LIB_GUARD_H */
