/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A port's `allow-ip` list: IPv4 and IPv6 addresses and prefixes, kept
 * sorted and without duplicates, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d,
 * prefix length + 96) as the datapath's trie holds them. Below the loader
 * and the CLI; no I/O.
 */
#ifndef BPFVLAN_IPLIST_H
#define BPFVLAN_IPLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpfvlan_maps.h"

struct bv_ip_prefix {
	uint8_t addr[16];	/* network order; host bits zero */
	uint8_t plen;		/* 0..128, IPv6 terms */
};

/* Empty: no check (`allow-ip any`). Unused entries are all zero, so two
 * lists are equal iff their bytes are.
 */
struct bv_iplist {
	uint8_t nr;
	struct bv_ip_prefix p[BV_ALLOW_IP_MAX];
};

/* Room for any list in words. */
#define BV_IPLIST_FMT_MAX	(BV_ALLOW_IP_MAX * 44)

/*
 * "192.0.2.5,10.1.0.0/16,2001:db8::/64" (comma-separated; a bare address
 * is /32 or /128), or "any" for the empty list. A prefix with host bits
 * set, more than BV_ALLOW_IP_MAX entries, or an empty item is -EINVAL.
 */
int bv_iplist_parse(const char *s, struct bv_iplist *l);
/* The list in those words ("any" if empty). Returns buf. */
char *bv_iplist_format(const struct bv_iplist *l, char *buf, size_t len);
/* One prefix in those words. Returns buf (at least 44 bytes). */
char *bv_ip_prefix_format(const struct bv_ip_prefix *p, char *buf, size_t len);
/* Add @p (kept sorted, no duplicate): 0, or -ENOSPC. */
int bv_iplist_add(struct bv_iplist *l, const struct bv_ip_prefix *p);
/* Is @p one of @l's entries (the same prefix, not one inside it)? */
bool bv_iplist_has(const struct bv_iplist *l, const struct bv_ip_prefix *p);
/* Does @l allow the address @addr (16 bytes, IPv4 mapped)? */
bool bv_iplist_allows(const struct bv_iplist *l, const uint8_t addr[16]);
/* @ip4 (4 bytes, network order) as IPv4-mapped IPv6 into @addr. */
void bv_ip4_mapped(const uint8_t ip4[4], uint8_t addr[16]);

#endif /* BPFVLAN_IPLIST_H */
