// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netlink/utils.h>
#include "log.h"
#include "portdev.h"

int bv_port_dev_check(const char *dev, const struct bv_link *link)
{
	char type[32], master[BV_IFNAME_BUF];

	if (link->flags & IFF_LOOPBACK) {
		pr_warn("%s is a loopback device: it cannot be a port\n", dev);
		return -EINVAL;
	}
	if (link->arptype != ARPHRD_ETHER) {
		nl_llproto2str(link->arptype, type, sizeof(type));
		pr_warn("%s is not an Ethernet device (link/%s): it cannot be a port\n",
			dev, type);
		return -EINVAL;
	}
	if (link->master) {
		pr_warn("%s is enslaved to %s, which would take its frames: release it first (ip link set dev %s nomaster)\n",
			dev, bv_ifname(link->master, master), dev);
		return -EINVAL;
	}
	return 0;
}
