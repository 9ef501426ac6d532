// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <string.h>
#include "log.h"
#include "netlink.h"
#include "probe.h"

int bv_port_probe(struct bv_port *p, const char *ifname, unsigned int mtu)
{
	__u64 features = 0;
	int err;

	err = bv_xdp_features(p->ifindex, &features);
	if (err)
		pr_debug("xdp-features of %s unknown (%s): assuming no XDP\n",
			 ifname, strerror(-err));
	p->mtu = mtu;
	if (features & BV_NETDEV_XDP_ACT_NDO_XMIT)
		p->flags |= BV_PORT_F_XDP_TX;
	else
		p->flags &= ~BV_PORT_F_XDP_TX;
	return features & BV_NETDEV_XDP_ACT_BASIC ? 1 : 0;
}
