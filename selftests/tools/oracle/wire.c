// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* AF_PACKET endpoints in network namespaces (see wire.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include "ethtool.h"
#include "wire.h"

#define VLAN_FEATURES	(BV_FEAT(BV_FEAT_TX_CTAG) | BV_FEAT(BV_FEAT_TX_STAG) | \
			 BV_FEAT(BV_FEAT_RX_CTAG) | BV_FEAT(BV_FEAT_RX_STAG))

int or_netns_open(const char *name)
{
	char path[sizeof("/var/run/netns/") + 256];
	int fd;

	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fd = -errno;
		fprintf(stderr, "bvoracle: netns %s: %s\n", name, strerror(-fd));
	}
	return fd;
}

int or_netns_enter(int fd, const char *name)
{
	if (setns(fd, CLONE_NEWNET)) {
		int err = -errno;

		fprintf(stderr, "bvoracle: joining netns %s: %s\n", name,
			strerror(-err));
		return err;
	}
	return 0;
}

static int dev_ioctl(const char *dev, unsigned long req, struct ifreq *ifr)
{
	int fd, err = 0;

	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", dev);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, req, ifr))
		err = -errno;
	close(fd);
	return err;
}

int or_dev_prepare(const char *dev, unsigned int mtu, bool gro)
{
	struct ethtool_value gro_cmd = { .cmd = ETHTOOL_SGRO, .data = gro };
	struct ifreq ifr = { .ifr_mtu = (int)mtu };
	int err;

	err = dev_ioctl(dev, SIOCSIFMTU, &ifr);
	if (err) {
		fprintf(stderr, "bvoracle: %s: MTU %u: %s\n", dev, mtu,
			strerror(-err));
		return err;
	}
	/* veth has all four; the tags then cross as bytes */
	err = bv_features_set(dev, VLAN_FEATURES, false);
	if (err) {
		fprintf(stderr, "bvoracle: %s: VLAN offloads off: %s\n", dev,
			strerror(-err));
		return err;
	}
	ifr = (struct ifreq){ .ifr_data = (void *)&gro_cmd };
	err = dev_ioctl(dev, SIOCETHTOOL, &ifr);
	if (err)
		fprintf(stderr, "bvoracle: %s: GRO %s: %s\n", dev,
			gro ? "on" : "off", strerror(-err));
	return err;
}

int or_dev_mac(const char *dev, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int err;

	err = dev_ioctl(dev, SIOCGIFHWADDR, &ifr);
	if (err) {
		fprintf(stderr, "bvoracle: %s: MAC: %s\n", dev, strerror(-err));
		return err;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int or_ep_open(struct or_ep *ep, const char *dev)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
	};
	int one = 1, err;

	snprintf(ep->name, sizeof(ep->name), "%s", dev);
	ep->ifindex = if_nametoindex(dev);
	if (!ep->ifindex) {
		err = -errno;
		goto fail;
	}
	ep->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (ep->fd < 0) {
		err = -errno;
		goto fail;
	}
	sll.sll_ifindex = ep->ifindex;
	if (bind(ep->fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(ep->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one))) {
		err = -errno;
		close(ep->fd);
		goto fail;
	}
	/* what was queued before the bind completed */
	while (recv(ep->fd, NULL, 0, MSG_DONTWAIT | MSG_TRUNC) >= 0)
		;
	return 0;
fail:
	ep->fd = -1;
	fprintf(stderr, "bvoracle: packet socket on %s: %s\n", dev,
		strerror(-err));
	return err;
}

void or_ep_close(struct or_ep *ep)
{
	if (ep->fd >= 0)
		close(ep->fd);
	ep->fd = -1;
}

int or_ep_send(const struct or_ep *ep, const uint8_t *f, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = ep->ifindex,
		.sll_halen = ETH_ALEN,
	};
	ssize_t n;

	if (len >= ETH_ALEN)
		memcpy(sll.sll_addr, f, ETH_ALEN);
	n = sendto(ep->fd, f, len, 0, (struct sockaddr *)&sll, sizeof(sll));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

ssize_t or_ep_recv(const struct or_ep *ep, uint8_t *f, size_t max)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct sockaddr_ll from;
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;

	if (max < 16)
		return -EINVAL;
	do {
		/* 4 bytes kept free at the front for a tag to restore */
		iov = (struct iovec){ .iov_base = f + 4, .iov_len = max - 4 };
		msg = (struct msghdr){
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = &ctl, .msg_controllen = sizeof(ctl),
		};
		n = recvmsg(ep->fd, &msg, MSG_DONTWAIT);
		if (n < 0)
			return -errno;
	} while (from.sll_pkttype == PACKET_OUTGOING);

	memmove(f, f + 4, n);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata aux;
		uint16_t tpid, tci;

		if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
			continue;
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
		if (!(aux.tp_status & TP_STATUS_VLAN_VALID) || n < 12)
			continue;
		tpid = htons(aux.tp_status & TP_STATUS_VLAN_TPID_VALID ?
			     aux.tp_vlan_tpid : ETH_P_8021Q);
		tci = htons(aux.tp_vlan_tci);
		memmove(f + 16, f + 12, n - 12);
		memcpy(f + 12, &tpid, 2);
		memcpy(f + 14, &tci, 2);
		n += 4;
	}
	return n;
}

int or_ep_wait(const struct or_ep *ep, int ms)
{
	struct pollfd p = { .fd = ep->fd, .events = POLLIN };
	int n;

	do {
		n = poll(&p, 1, ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n > 0;
}
