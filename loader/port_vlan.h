/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* `vlan add/del`: a trunk port's tagged VIDs, changed live. */
#ifndef BV_PORTVLAN_H
#define BV_PORTVLAN_H

#include <stdbool.h>
#include "bridge.h"
#include "vidset.h"

/*
 * Trunk ports: add or remove tagged VIDs, all or nothing: a failure in
 * the middle of the list takes back what was done. Removing also flushes
 * the port's FDB entries in those VIDs (static ones too), and is refused
 * if it would leave the port in no VLAN. The native VID is left alone.
 * Prints why on failure.
 */
int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add);

#endif /* BV_PORTVLAN_H */
