/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* A running bridge as configuration: what `show config` prints and what
 * `apply` compares its file with.
 */
#ifndef BV_CONF_READ_H
#define BV_CONF_READ_H

#include "bridge.h"
#include "conf.h"

/* Ports (sorted by name, with their owners) and static FDB entries of
 * @br; bv_conf_free() the result.
 */
int bv_conf_read(struct bv_bridge *br, struct bv_conf *out);

#endif /* BV_CONF_READ_H */
