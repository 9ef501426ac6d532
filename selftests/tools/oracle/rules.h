/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Where the Linux bridge and bpfvlan part ways, and nowhere else (README,
 * "bpfvlan vs the Linux bridge"). The Linux bridge is the one the test
 * builds: vlan_filtering 1, no default PVID, no STP, no multicast
 * snooping, no learning from link-local frames, VLAN offloads off on its
 * ports. What it sends is predicted with the reference model run on the
 * frame as the Linux bridge sees it (e.g. an 802.1Q tag of an access
 * port's own VID read as a priority tag), then the copies put back into
 * the frame's own bytes and cut by the Linux bridge's MTU check. Each
 * rule that makes the prediction differ from bpfvlan is named.
 */
#ifndef OR_RULES_H
#define OR_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "oracle.h"

enum or_rule {
	OR_RULE_STP_BPDU,	/* to 01:80:c2:00:00:00: Linux floods it */
	OR_RULE_TAGGED_ACCESS,	/* tag of an access port's own VID: Linux takes it */
	OR_RULE_NESTED_TAG,	/* priority tag + 802.1Q tag: Linux takes the PVID */
	OR_RULE_LOCAL_MAC,	/* to a port's own MAC: Linux keeps it */
	OR_RULE_MTU_SLACK,	/* untagged MTU + 15..18 bytes: Linux sends it */
	OR_RULE_SHORT_DOUBLE,	/* 802.1Q + tag in 20..23 bytes: Linux sends it */
	OR_NR_RULES,
};

#define OR_RULE(r)	(1U << (r))

const char *or_rule_name(enum or_rule r);
/* The rule called @name, or -1. */
int or_rule_by_name(const char *name);

/* One frame into port @in, and what bpfvlan's model did with it. */
struct or_case {
	const struct or_conf *conf;
	const struct bvm_fdb *fdb;	/* the model's FDB before the frame */
	unsigned int in;
	const uint8_t *frame;
	size_t len;
	uint64_t now;
	const uint8_t (*port_mac)[6];	/* the Linux bridge's ports, by port */
};

struct or_prediction {
	struct or_copies copies;	/* what the Linux bridge sends */
	unsigned int rules;		/* OR_RULE() bits that made it differ */
	/* The Linux bridge learned the source in VID @vid where bpfvlan
	 * did not (0: no such VID): the oracle forgets it on both sides.
	 */
	uint16_t relearn_vid;
};

/* What the Linux bridge does with @c (see above). */
void or_linux_predict(const struct or_case *c, struct or_prediction *p);

#endif /* OR_RULES_H */
