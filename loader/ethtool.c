// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * TX VLAN offload through the ethtool features ioctl: the bit is found by
 * its name, "tx-vlan-hw-insert", in the device's feature string set.
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

#define TXVLAN_FEATURE	"tx-vlan-hw-insert"

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

/* Index of the TX VLAN feature bit and the number of feature words. */
static int txvlan_bit(const char *ifname, unsigned int *bit,
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
	if (!err) {
		err = -EOPNOTSUPP;
		for (unsigned int i = 0; i < count; i++) {
			if (!strncmp((char *)strs->data + i * ETH_GSTRING_LEN,
				     TXVLAN_FEATURE, ETH_GSTRING_LEN)) {
				*bit = i;
				*words = (count + 31) / 32;
				err = 0;
				break;
			}
		}
	}
	free(strs);
	return err;
}

int bv_txvlan_get(const char *ifname, bool *on)
{
	struct ethtool_gfeatures *gf;
	unsigned int bit, words;
	int err;

	err = txvlan_bit(ifname, &bit, &words);
	if (err)
		return err;
	gf = calloc(1, sizeof(*gf) + words * sizeof(gf->features[0]));
	if (!gf)
		return -ENOMEM;
	gf->cmd = ETHTOOL_GFEATURES;
	gf->size = words;
	err = ethtool_ioctl(ifname, gf);
	if (!err)
		*on = (gf->features[bit / 32].active >> (bit % 32)) & 1;
	free(gf);
	return err;
}

int bv_txvlan_set(const char *ifname, bool on)
{
	struct ethtool_sfeatures *sf;
	unsigned int bit, words;
	int err;

	err = txvlan_bit(ifname, &bit, &words);
	if (err)
		return err;
	sf = calloc(1, sizeof(*sf) + words * sizeof(sf->features[0]));
	if (!sf)
		return -ENOMEM;
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = words;
	sf->features[bit / 32].valid = 1U << (bit % 32);
	sf->features[bit / 32].requested = on ? 1U << (bit % 32) : 0;
	err = ethtool_ioctl(ifname, sf);
	/* A positive return flags "not exactly as requested"; check it. */
	if (!err) {
		bool now = !on;

		err = bv_txvlan_get(ifname, &now);
		if (!err && now != on)
			err = -EOPNOTSUPP;
	}
	free(sf);
	return err;
}
