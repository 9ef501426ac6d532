/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Inside the packet-test harness: what its three files share. */
#ifndef BV_PKT_HARNESS_INT_H
#define BV_PKT_HARNESS_INT_H

#include <linux/if_ether.h>
#include "harness.h"

#define XDP_DROP_	1	/* XDP verdicts, without <linux/bpf.h> here */
#define XDP_PASS_	2
#define XDP_REDIRECT_	4

/* Messages for a disagreement, appended into a caller's buffer. */
struct why {
	char *buf;
	size_t len, used;
	int n;			/* how many things differ */
};

void bvh_say(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The counters that differ between @want and @got, for @slot. */
void bvh_stats_diff(struct why *w, unsigned int slot,
		    const struct bvm_stats *want, const struct bvm_stats *got);

void bvh_stats_sub(struct bvm_stats *d, const struct bvm_stats *a,
		   const struct bvm_stats *b);
/* Counters of every slot / of the slots holding ports (the others keep
 * h->last), summed over CPUs, into @now (BV_MAX_PORTS entries).
 */
int bvh_stats_read_all(struct bvh *h, struct bvm_stats *now);
int bvh_stats_read_ports(struct bvh *h, struct bvm_stats *now);

/* Per VLAN: the same, for one VID, or all (BV_NR_VIDS entries). */
void bvh_vlan_stats_sub(struct bvm_vlan_stats *d,
			const struct bvm_vlan_stats *a,
			const struct bvm_vlan_stats *b);
void bvh_vlan_stats_diff(struct why *w, unsigned int vid,
			 const struct bvm_vlan_stats *want,
			 const struct bvm_vlan_stats *got);
int bvh_vlan_stats_read(struct bvh *h, unsigned int vid,
			struct bvm_vlan_stats *now);
int bvh_vlan_stats_read_all(struct bvh *h, struct bvm_vlan_stats *now);

static inline uint16_t bvh_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline bool bvh_is_tag_type(uint16_t t)
{
	return t == ETH_P_8021Q || t == ETH_P_8021AD;
}

#endif /* BV_PKT_HARNESS_INT_H */
