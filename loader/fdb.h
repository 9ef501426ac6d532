/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The loader's side of the FDB (bpfvlan/fdb.h): the learned-entry counts
 * (bv_learn_cnt), mapped and shared with the datapath.
 */
#ifndef BV_FDB_H
#define BV_FDB_H

#include "bpfvlan/fdb.h"
#include "bridge.h"

/* A port starts in @slot: nothing learned yet. */
int bv_fdb_learned_reset(struct bv_bridge *br, unsigned int slot);
void bv_fdb_learned_unmap(struct bv_bridge *br);

#endif /* BV_FDB_H */
