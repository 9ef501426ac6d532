/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* `bpfvlan top`: what one refresh shows (top_view.c), from two samples. */
#ifndef BV_TOP_H
#define BV_TOP_H

#include "sample.h"

struct bv_top_filter {
	__u32 ifindex;		/* dev DEV: that port and its VLANs; 0 = all */
	__u16 vid;		/* vid VID: that VLAN and its ports; 0 = all */
};

struct bv_top_frame {
	const char *bridge;
	unsigned int interval_ms;	/* asked for */
	unsigned int max_rows;		/* screen rows; 0: no limit */
	bool screen;			/* full-screen: say how to quit */
};

/*
 * One refresh: ports and VLANs with their rates from @prev to @cur,
 * sorted by rate, highest first; as text (a table) or one JSON document.
 */
void bv_top_print(const struct bv_top_frame *fr, const struct bv_top_filter *f,
		  const struct bv_sample *prev, const struct bv_sample *cur);

#endif /* BV_TOP_H */
