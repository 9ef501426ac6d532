/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * One sample of a bridge's counters, the input of rates (`top`, `stats
 * rate`): every port (slot, ifindex, name, VLANs, counters) and, if asked,
 * every VLAN (member count, counters), with the CLOCK_MONOTONIC time the
 * counters were read. The bridge is locked only while a sample is taken.
 */
#ifndef BV_SAMPLE_H
#define BV_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include "bpfvlan_maps.h"
#include "bpfvlan/link.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/vidset.h"

struct bv_sample_port {
	unsigned int slot;
	__u32 ifindex;
	char name[BV_IFNAME_BUF];
	struct bv_vidset vids;		/* its VLANs (with_vlans only) */
	struct bv_port_stats st;
};

struct bv_sample {
	uint64_t ns;			/* bv_clock_ns() when the counters were read */
	bool with_vlans;
	unsigned int nr_ports;
	struct bv_sample_port port[BV_MAX_PORTS];
	__u16 members[BV_NR_VIDS];	/* ports in each VLAN */
	struct bv_vlan_stats vlan[BV_NR_VIDS];
	unsigned int nr_mirrors;	/* with_vlans only */
	struct bv_mirror_info mirror[BV_MAX_MIRRORS];
};

/* The ifindex of port @dev of the selected bridge (cli), or 0 if !@dev. */
int bv_sample_dev(const char *dev, __u32 *ifindex);

/* Open the selected bridge (cli), read the sample, close it. */
int bv_sample_take(struct bv_sample *s, bool with_vlans);

/* The mirror of @s at @index if it is still @name (the same one), or NULL. */
const struct bv_mirror_info *bv_sample_mirror(const struct bv_sample *s,
					      unsigned int index,
					      const char *name);
/* The port of @s in @slot if it is still @ifindex (the same port), or NULL. */
const struct bv_sample_port *bv_sample_port(const struct bv_sample *s,
					    unsigned int slot, __u32 ifindex);

#endif /* BV_SAMPLE_H */
