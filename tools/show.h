/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
#ifndef BV_SHOW_H
#define BV_SHOW_H

#include "bpfvlan/bridge.h"

/* A per-port view: parse `[dev DEV]`, open the bridge, one JSON array. */
struct bv_show {
	const char *cmd;		/* "port show", for messages */
	const char *text_header;	/* a text line before the ports, or NULL */
	/* Optional: read what every port needs, once (into *state). */
	int (*begin)(struct bv_bridge *br, void **state);
	int (*port)(struct bv_bridge *br, unsigned int slot, void *state);
	/* Optional: more elements of the array after the ports, when no
	 * `dev DEV` narrows the view (stats: the mirrors).
	 */
	int (*tail)(struct bv_bridge *br);
	void (*end)(void *state);
};

int bv_show_ports(int argc, char **argv, const struct bv_show *show);

#endif /* BV_SHOW_H */
