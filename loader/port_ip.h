/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* A port's allow-ip prefixes in the datapath (port_ip.c). */
#ifndef BV_PORT_IP_H
#define BV_PORT_IP_H

#include "bpfvlan/iplist.h"
#include "bridge.h"

/* Put the prefixes of @want that @have lacks into the trie for @slot; on
 * failure none of them stays.
 */
int bv_port_ip_add(struct bv_bridge *br, unsigned int slot,
		   const struct bv_iplist *have, const struct bv_iplist *want);
/* Take the prefixes of @have that @want lacks out; clears the caches. */
int bv_port_ip_prune(struct bv_bridge *br, unsigned int slot,
		     const struct bv_iplist *have, const struct bv_iplist *want);
/* Every prefix of @slot out (a port leaving; its slot may be reused). */
int bv_port_ip_clear(struct bv_bridge *br, unsigned int slot);

#endif /* BV_PORT_IP_H */
