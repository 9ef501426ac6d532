// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * TX VLAN offload through the ethtool features ioctl: the bits are found by
 * their names in the device's feature string set. Both tag protocols count:
 * a frame whose outer 802.1ad tag sits in skb metadata (TC path, forwarded
 * untagged with that tag kept as payload) would otherwise cross a veth with
 * the tag hidden from the far end's XDP, which then classifies the inner
 * 802.1Q tag: a VLAN hop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include "ethtool.h"

static const char *const txvlan_features[] = {
	"tx-vlan-hw-insert",		/* 802.1Q */
	"tx-vlan-stag-hw-insert",	/* 802.1ad */
};
#define NR_TXVLAN	(sizeof(txvlan_features) / sizeof(txvlan_features[0]))

static int ethtool_ioctl(const char *ifname, void *cmd)
{
	struct ifreq ifr = {};
	int fd, err = 0;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCETHTOOL, &ifr))
		err = -errno;
	close(fd);
	return err;
}

/* Indexes of the TX VLAN feature bits and the number of feature words. */
static int txvlan_bits(const char *ifname, unsigned int bit[NR_TXVLAN],
		       unsigned int *words)
{
	unsigned int found = 0;
	struct ethtool_sset_info *info;
	struct ethtool_gstrings *strs;
	unsigned int count;
	int err;

	info = calloc(1, sizeof(*info) + sizeof(__u32));
	if (!info)
		return -ENOMEM;
	info->cmd = ETHTOOL_GSSET_INFO;
	info->sset_mask = 1ULL << ETH_SS_FEATURES;
	err = ethtool_ioctl(ifname, info);
	count = info->data[0];
	free(info);
	if (err)
		return err;

	strs = calloc(1, sizeof(*strs) + (size_t)count * ETH_GSTRING_LEN);
	if (!strs)
		return -ENOMEM;
	strs->cmd = ETHTOOL_GSTRINGS;
	strs->string_set = ETH_SS_FEATURES;
	strs->len = count;
	err = ethtool_ioctl(ifname, strs);
	for (unsigned int i = 0; !err && i < count; i++) {
		for (unsigned int f = 0; f < NR_TXVLAN; f++) {
			if (!strncmp((char *)strs->data + i * ETH_GSTRING_LEN,
				     txvlan_features[f], ETH_GSTRING_LEN)) {
				bit[f] = i;
				found |= 1U << f;
			}
		}
	}
	free(strs);
	if (err)
		return err;
	if (found != (1U << NR_TXVLAN) - 1)
		return -EOPNOTSUPP;
	*words = (count + 31) / 32;
	return 0;
}

int bv_txvlan_get(const char *ifname, unsigned int *on)
{
	struct ethtool_gfeatures *gf;
	unsigned int bit[NR_TXVLAN], words;
	int err;

	err = txvlan_bits(ifname, bit, &words);
	if (err)
		return err;
	gf = calloc(1, sizeof(*gf) + words * sizeof(gf->features[0]));
	if (!gf)
		return -ENOMEM;
	gf->cmd = ETHTOOL_GFEATURES;
	gf->size = words;
	err = ethtool_ioctl(ifname, gf);
	if (!err)
		*on = 0;
	for (unsigned int f = 0; !err && f < NR_TXVLAN; f++)
		if ((gf->features[bit[f] / 32].active >> (bit[f] % 32)) & 1)
			*on |= 1U << f;
	free(gf);
	return err;
}

int bv_txvlan_set(const char *ifname, unsigned int mask, bool on)
{
	struct ethtool_sfeatures *sf;
	unsigned int bit[NR_TXVLAN], words;
	int err;

	err = txvlan_bits(ifname, bit, &words);
	if (err)
		return err;
	sf = calloc(1, sizeof(*sf) + words * sizeof(sf->features[0]));
	if (!sf)
		return -ENOMEM;
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = words;
	for (unsigned int f = 0; f < NR_TXVLAN; f++) {
		__u32 b = 1U << (bit[f] % 32);

		if (!(mask & (1U << f)))
			continue;
		sf->features[bit[f] / 32].valid |= b;
		if (on)
			sf->features[bit[f] / 32].requested |= b;
	}
	err = ethtool_ioctl(ifname, sf);
	/* A positive return flags "not exactly as requested"; check it. */
	if (!err) {
		unsigned int now = 0;

		err = bv_txvlan_get(ifname, &now);
		if (!err && (now & mask) != (on ? mask : 0))
			err = -EOPNOTSUPP;
	}
	free(sf);
	return err;
}
