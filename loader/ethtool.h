/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The VLAN features of a port's device (ethtool -k), read and changed
 * through the ethtool features ioctl. loader/port_dev.c says which ones
 * bpfvlan changes and why.
 */
#ifndef BV_ETHTOOL_H
#define BV_ETHTOOL_H

#include <stdbool.h>

/* Bit numbers of the masks below; names as `ethtool -k` prints them. */
enum bv_feature {
	BV_FEAT_TX_CTAG,	/* "tx-vlan-hw-insert": 802.1Q TX offload */
	BV_FEAT_TX_STAG,	/* "tx-vlan-stag-hw-insert": 802.1ad */
	BV_FEAT_RX_CTAG,	/* "rx-vlan-hw-parse": 802.1Q RX offload */
	BV_FEAT_RX_STAG,	/* "rx-vlan-stag-hw-parse" */
	BV_FEAT_FILTER_CTAG,	/* "rx-vlan-filter": NIC drops unregistered VIDs */
	BV_FEAT_FILTER_STAG,	/* "rx-vlan-stag-filter" */
	BV_FEAT_GRO,		/* "rx-gro": a veth with it takes XDP frames */
	BV_NR_FEATURES,
};

#define BV_FEAT(f)	(1U << (f))

struct bv_features {
	unsigned int active;		/* on now */
	unsigned int changeable;	/* not [fixed] */
};

const char *bv_feature_name(enum bv_feature f);
int bv_features_get(const char *ifname, struct bv_features *f);
/* Turn the features in @mask on or off; -EOPNOTSUPP if the device did not
 * follow for all of them (it may have followed for some).
 */
int bv_features_set(const char *ifname, unsigned int mask, bool on);

#endif /* BV_ETHTOOL_H */
