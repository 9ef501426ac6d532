// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "bpffs.h"
#include "internal.h"
#include "log.h"
#include "port.h"
#include "unload.h"

int bv_bridge_unload(struct bv_bridge *br)
{
	char name[BV_BRIDGE_NAME_MAX];
	int err = 0, ret;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!br->ports[slot].ifindex)
			continue;
		/* Internal ports go with the veth pair bpfvlan made for them. */
		if (br->ports[slot].flags & BV_PORT_F_INTERNAL)
			ret = bv_internal_del(br, slot);
		else
			ret = bv_port_detach_slot(br, slot);
		if (ret && !err)
			err = ret;
	}
	if (err)
		goto out;
	snprintf(name, sizeof(name), "%s", br->name);
	/* Unpin while still holding the lock; fds keep objects alive until close. */
	err = bv_bridge_remove_pins(name);
	if (err)
		pr_warn("cannot remove the pins of bridge %s: %s\n", name,
			strerror(-err));
	else
		rmdir(BV_PIN_ROOT);	/* only if no other bridge is left */
out:
	bv_bridge_close(br);
	return err;
}
