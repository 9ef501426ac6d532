/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A set of VIDs as a bitmap indexed by VID: what a trunk carries, what a
 * VID list on the command line or in a config file names. Below both the
 * loader and the CLI; no I/O.
 */
#ifndef BPFVLAN_VIDSET_H
#define BPFVLAN_VIDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpfvlan_maps.h"

#define BV_VID_WORDS	(BV_NR_VIDS / 64)

struct bv_vidset {
	uint64_t bits[BV_VID_WORDS];
};

static inline bool bv_vid_valid(unsigned long vid)
{
	return vid >= BV_VID_MIN && vid <= BV_VID_MAX;
}

static inline bool bv_vidset_test(const struct bv_vidset *set, unsigned int vid)
{
	return vid < BV_NR_VIDS && (set->bits[vid / 64] >> (vid % 64)) & 1;
}

static inline void bv_vidset_set(struct bv_vidset *set, unsigned int vid)
{
	if (vid < BV_NR_VIDS)
		set->bits[vid / 64] |= 1ULL << (vid % 64);
}

static inline void bv_vidset_clear(struct bv_vidset *set, unsigned int vid)
{
	if (vid < BV_NR_VIDS)
		set->bits[vid / 64] &= ~(1ULL << (vid % 64));
}

unsigned int bv_vidset_count(const struct bv_vidset *set);
/* Room for any set formatted: the worst case, "1-2,4-5,...", is about 3.4
 * characters per VID.
 */
#define BV_VIDSET_FMT_MAX	(4 * BV_NR_VIDS)
/* Writes "10,20,100-199" (ranges compressed) into buf; returns buf. */
char *bv_vidset_format(const struct bv_vidset *set, char *buf, size_t len);

#endif /* BPFVLAN_VIDSET_H */
