/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The veth pair behind an internal port, through libnl-route: created in
 * one request, its bridge end made quiet (no IPv6 address of its own) and
 * brought up, and deleted again (deleting either end deletes both).
 */
#ifndef BV_VETH_H
#define BV_VETH_H

#include <linux/types.h>

struct bv_veth_req {
	const char *host;	/* the host's end, left down for the admin */
	const char *port;	/* the bridge's end; "%d" lets the kernel number it */
	unsigned int mtu;	/* of both ends; 0: the kernel's default */
	const __u8 *mac;	/* of the host's end; NULL: random */
};

/* -EEXIST (no message) if a device has one of the names. */
int bv_veth_create(const struct bv_veth_req *req);
/* Bridge end: no IPv6 link-local address (no DAD, RS or MLD of its own on
 * the host's segment), then up.
 */
int bv_veth_port_up(int ifindex);
int bv_veth_delete(int ifindex);

#endif /* BV_VETH_H */
