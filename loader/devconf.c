// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include "devconf.h"
#include "ethtool.h"
#include "log.h"

/* veth only: metadata tags would be invisible to XDP at the far end. */
static int txvlan_off(const char *dev, const struct bv_link *link,
		      struct bv_port *p)
{
	unsigned int on = 0;
	int err;

	if (strcmp(link->kind, "veth"))
		return 0;
	err = bv_txvlan_get(dev, &on);
	if (err || !on)
		return err == -EOPNOTSUPP ? 0 : err;
	err = bv_txvlan_set(dev, on, false);
	if (err) {
		pr_warn("cannot turn TX VLAN offload off on %s: %s\n", dev,
			strerror(-err));
		return err;
	}
	if (on & BV_TXVLAN_CTAG)
		p->flags |= BV_PORT_F_TXVLAN_OFF;
	if (on & BV_TXVLAN_STAG)
		p->flags |= BV_PORT_F_TXSTAG_OFF;
	return 0;
}

static void txvlan_restore(const char *dev, struct bv_port *p)
{
	unsigned int mask = 0;

	if (p->flags & BV_PORT_F_TXVLAN_OFF)
		mask |= BV_TXVLAN_CTAG;
	if (p->flags & BV_PORT_F_TXSTAG_OFF)
		mask |= BV_TXVLAN_STAG;
	if (!mask)
		return;
	if (bv_txvlan_set(dev, mask, true))
		pr_warn("cannot restore TX VLAN offload on %s\n", dev);
	p->flags &= ~(BV_PORT_F_TXVLAN_OFF | BV_PORT_F_TXSTAG_OFF);
}

int bv_devconf_apply(const char *dev, const struct bv_link *link,
		     struct bv_port *p)
{
	return txvlan_off(dev, link, p);
}

void bv_devconf_restore(const char *dev, struct bv_port *p)
{
	txvlan_restore(dev, p);
}
