/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The oracle's wire: AF_PACKET endpoints on devices of named network
 * namespaces, frames in and out as bytes. A received frame gets back the
 * outer tag the kernel moved into skb metadata (PACKET_AUXDATA), as
 * libpcap does: what a sender put on the wire is what the bytes show.
 */
#ifndef OR_WIRE_H
#define OR_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct or_ep {
	int fd;
	int ifindex;
	char name[16];
};

/* An fd for /var/run/netns/NAME, and joining a namespace by it. */
int or_netns_open(const char *name);
int or_netns_enter(int fd, const char *name);

/*
 * A device of the current namespace: MTU, VLAN offloads off, GRO on or
 * off (a veth whose peer has GRO takes XDP-redirected frames), its MAC.
 */
int or_dev_prepare(const char *dev, unsigned int mtu, bool gro);
int or_dev_mac(const char *dev, uint8_t mac[6]);

/* A packet socket on @dev (current namespace), nothing queued yet. */
int or_ep_open(struct or_ep *ep, const char *dev);
void or_ep_close(struct or_ep *ep);
/* Send @f as is: 0 or -errno (-EMSGSIZE: over the MTU, -EINVAL: runt). */
int or_ep_send(const struct or_ep *ep, const uint8_t *f, size_t len);
/* One received frame (outgoing ones skipped), -EAGAIN if none is queued. */
ssize_t or_ep_recv(const struct or_ep *ep, uint8_t *f, size_t max);
/* Wait up to @ms for a frame: 1 if one is queued, 0 if not, -errno. */
int or_ep_wait(const struct or_ep *ep, int ms);

#endif /* OR_WIRE_H */
