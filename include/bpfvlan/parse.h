/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Parsers for command-line values. Pure functions: no I/O, no messages;
 * they return 0 or -EINVAL/-ERANGE and the caller names the bad word.
 */
#ifndef BPFVLAN_PARSE_H
#define BPFVLAN_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/if_ether.h>
#include "bpfvlan/vidset.h"

int bv_parse_uint(const char *s, unsigned long min, unsigned long max,
		  unsigned long *out);
int bv_parse_vid(const char *s, uint16_t *vid);
/* Seconds with up to three decimals ("1", "0.5", "2.125") into ms, in
 * [min_ms, max_ms].
 */
int bv_parse_seconds(const char *s, unsigned int min_ms, unsigned int max_ms,
		     unsigned int *ms);
/* "10,20,100-199": comma-separated VIDs and inclusive ranges. */
int bv_parse_vidlist(const char *s, struct bv_vidset *set);
int bv_parse_mac(const char *s, uint8_t mac[ETH_ALEN]);

/* A MAC a host may have: not a group address (multicast, broadcast), not
 * all zero. The one rule for a static FDB entry, an internal port's MAC,
 * a VM's MAC.
 */
bool bv_mac_unicast(const uint8_t mac[ETH_ALEN]);
/* "02:00:00:00:00:01" (lower case); returns buf. */
char *bv_mac_format(const uint8_t mac[ETH_ALEN], char buf[18]);

#endif /* BPFVLAN_PARSE_H */
