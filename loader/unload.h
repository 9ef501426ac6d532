/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* `unload`: the end of a bridge. */
#ifndef BV_UNLOAD_H
#define BV_UNLOAD_H

#include "bridge.h"

/* Detach every port, then unpin everything; closes @br. */
int bv_bridge_unload(struct bv_bridge *br);

#endif /* BV_UNLOAD_H */
