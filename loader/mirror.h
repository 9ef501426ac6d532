/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The loader's side of mirrors (bpfvlan/mirror.h): what a port's removal needs. */
#ifndef BV_MIRROR_H
#define BV_MIRROR_H

#include "bridge.h"

/* Port @slot is leaving the bridge: remove the mirrors of its frames
 * (each with a message). VLAN mirrors stay.
 */
int bv_mirror_port_gone(struct bv_bridge *br, unsigned int slot);

#endif /* BV_MIRROR_H */
