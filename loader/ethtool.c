// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * VLAN features through the ethtool features ioctl: the bits are found by
 * their names in the device's feature string set, as ethtool(8) does.
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

static const char *const feature_names[BV_NR_FEATURES] = {
	[BV_FEAT_TX_CTAG]	= "tx-vlan-hw-insert",
	[BV_FEAT_TX_STAG]	= "tx-vlan-stag-hw-insert",
	[BV_FEAT_RX_CTAG]	= "rx-vlan-hw-parse",
	[BV_FEAT_RX_STAG]	= "rx-vlan-stag-hw-parse",
	[BV_FEAT_FILTER_CTAG]	= "rx-vlan-filter",
	[BV_FEAT_FILTER_STAG]	= "rx-vlan-stag-filter",
	[BV_FEAT_GRO]		= "rx-gro",
};

const char *bv_feature_name(enum bv_feature f)
{
	return f < BV_NR_FEATURES ? feature_names[f] : "?";
}

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

/* Where each feature's bit is (-1: the kernel has no such feature), and
 * the number of 32-bit feature words.
 */
static int feature_bits(const char *ifname, int bit[BV_NR_FEATURES],
			unsigned int *words)
{
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
	for (unsigned int f = 0; f < BV_NR_FEATURES; f++)
		bit[f] = -1;
	for (unsigned int i = 0; !err && i < count; i++)
		for (unsigned int f = 0; f < BV_NR_FEATURES; f++)
			if (!strncmp((char *)strs->data + i * ETH_GSTRING_LEN,
				     feature_names[f], ETH_GSTRING_LEN))
				bit[f] = i;
	free(strs);
	*words = (count + 31) / 32;
	return err;
}

static bool has_bit(__u32 word, int bit)
{
	return (word >> (bit % 32)) & 1;
}

int bv_features_get(const char *ifname, struct bv_features *out)
{
	struct ethtool_gfeatures *gf;
	int bit[BV_NR_FEATURES];
	unsigned int words;
	int err;

	err = feature_bits(ifname, bit, &words);
	if (err)
		return err;
	gf = calloc(1, sizeof(*gf) + words * sizeof(gf->features[0]));
	if (!gf)
		return -ENOMEM;
	gf->cmd = ETHTOOL_GFEATURES;
	gf->size = words;
	err = ethtool_ioctl(ifname, gf);
	memset(out, 0, sizeof(*out));
	for (unsigned int f = 0; !err && f < BV_NR_FEATURES; f++) {
		const struct ethtool_get_features_block *b;

		if (bit[f] < 0)
			continue;
		b = &gf->features[bit[f] / 32];
		if (has_bit(b->active, bit[f]))
			out->active |= BV_FEAT(f);
		/* ethtool(8)'s [fixed]: not available, or never changeable */
		if (has_bit(b->available, bit[f]) &&
		    !has_bit(b->never_changed, bit[f]))
			out->changeable |= BV_FEAT(f);
	}
	free(gf);
	return err;
}

int bv_features_set(const char *ifname, unsigned int mask, bool on)
{
	struct ethtool_sfeatures *sf;
	struct bv_features now;
	int bit[BV_NR_FEATURES];
	unsigned int words;
	int err;

	err = feature_bits(ifname, bit, &words);
	if (err)
		return err;
	sf = calloc(1, sizeof(*sf) + words * sizeof(sf->features[0]));
	if (!sf)
		return -ENOMEM;
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = words;
	for (unsigned int f = 0; f < BV_NR_FEATURES; f++) {
		__u32 b;

		if (!(mask & BV_FEAT(f)))
			continue;
		if (bit[f] < 0) {
			err = -EOPNOTSUPP;
			goto out;
		}
		b = 1U << (bit[f] % 32);
		sf->features[bit[f] / 32].valid |= b;
		if (on)
			sf->features[bit[f] / 32].requested |= b;
	}
	err = ethtool_ioctl(ifname, sf);
	/* A positive return flags "not exactly as requested"; check it. */
	if (!err)
		err = bv_features_get(ifname, &now);
	if (!err && (now.active & mask) != (on ? mask : 0))
		err = -EOPNOTSUPP;
out:
	free(sf);
	return err;
}
