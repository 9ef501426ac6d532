// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvreach: a reachability matrix in one process (under TCG every ping
 * process costs seconds).
 *
 *   bvreach [--timeout MS] EP... [-- EP...]...
 *   EP: LABEL=NETNS/DEV/ADDR/PREFIX, e.g. vm1=ns-vm1/eth0/10.9.0.1/24
 *
 * Gives each DEV its IPv4 address and brings it up, then every endpoint
 * pings every other one of its group (groups are separated by --): ICMP
 * echo requests from a raw socket in its namespace, through its stack, so
 * ARP resolves the neighbour as for `ping -c 1 -w`; a request again every
 * 200 ms until the reply or the timeout (default 4000 ms). Prints one line
 * per ordered pair, in the order given: "FROM TO 1" (a reply came) or
 * "FROM TO 0". Exit 0; 1 if the test bed failed; 2 on bad input.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EPS		64
#define RESEND_MS	200

struct ep {
	char label[32];
	char netns[128];
	char dev[IF_NAMESIZE];
	struct in_addr addr;
	unsigned int prefix;
	int group;
	int fd;			/* raw ICMP socket in netns */
	bool reached[MAX_EPS];	/* a reply from ep[j] */
};

static struct ep eps[MAX_EPS];
static int nr_eps;

static int parse_ep(const char *arg, int group, struct ep *e)
{
	char buf[256], *label, *netns, *dev, *addr, *prefix, *end;
	unsigned long p;

	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, arg);
	label = buf;
	netns = strchr(label, '=');
	if (!netns)
		return -EINVAL;
	*netns++ = '\0';
	dev = strchr(netns, '/');
	addr = dev ? strchr(dev + 1, '/') : NULL;
	prefix = addr ? strchr(addr + 1, '/') : NULL;
	if (!prefix)
		return -EINVAL;
	*dev++ = '\0';
	*addr++ = '\0';
	*prefix++ = '\0';
	p = strtoul(prefix, &end, 10);
	if (*end || p < 1 || p > 32 || !inet_aton(addr, &e->addr) ||
	    strlen(label) >= sizeof(e->label) ||
	    strlen(netns) >= sizeof(e->netns) || strlen(dev) >= IF_NAMESIZE ||
	    !*label || !*netns || !*dev)
		return -EINVAL;
	strcpy(e->label, label);
	strcpy(e->netns, netns);
	strcpy(e->dev, dev);
	e->prefix = p;
	e->group = group;
	e->fd = -1;
	return 0;
}

static int enter_netns(const char *name)
{
	char path[sizeof("/var/run/netns/") + 128];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		err = -errno;
	if (fd >= 0)
		close(fd);
	return err;
}

static int dev_ioctl(int fd, unsigned long req, const char *dev,
		     struct ifreq *ifr)
{
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", dev);
	return ioctl(fd, req, ifr) ? -errno : 0;
}

/* In the endpoint's namespace: address, netmask, up; the raw socket. */
static int ep_open(struct ep *e)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct ifreq ifr = {};
	int fd, err;

	err = enter_netns(e->netns);
	if (err)
		return err;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	sin.sin_addr = e->addr;
	memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
	err = dev_ioctl(fd, SIOCSIFADDR, e->dev, &ifr);
	if (!err) {
		sin.sin_addr.s_addr = htonl(~0U << (32 - e->prefix));
		memcpy(&ifr.ifr_netmask, &sin, sizeof(sin));
		err = dev_ioctl(fd, SIOCSIFNETMASK, e->dev, &ifr);
	}
	if (!err)
		err = dev_ioctl(fd, SIOCGIFFLAGS, e->dev, &ifr);
	if (!err) {
		ifr.ifr_flags |= IFF_UP;
		err = dev_ioctl(fd, SIOCSIFFLAGS, e->dev, &ifr);
	}
	close(fd);
	if (err)
		return err;
	e->fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       IPPROTO_ICMP);
	return e->fd < 0 ? -errno : 0;
}

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* An echo request from ep[i] to ep[j]: its id says both. */
static void ping(int i, int j, uint16_t seq)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = eps[j].addr };
	uint8_t pkt[sizeof(struct icmphdr) + 16] = {};
	struct icmphdr *h = (struct icmphdr *)pkt;

	h->type = ICMP_ECHO;
	h->un.echo.id = htons((uint16_t)(i << 8 | j));
	h->un.echo.sequence = htons(seq);
	memcpy(pkt + sizeof(*h), "bvreach", 7);
	h->checksum = csum(pkt, sizeof(pkt));
	/* an unresolved neighbour may fail the send: that is no reply */
	sendto(eps[i].fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to,
	       sizeof(to));
}

/* Replies that reached ep[i]'s namespace (raw sockets see every ICMP). */
static void receive(int i)
{
	uint8_t buf[1500];
	ssize_t n;

	while ((n = recv(eps[i].fd, buf, sizeof(buf), 0)) > 0) {
		const struct iphdr *ip = (const struct iphdr *)buf;
		const struct icmphdr *h;
		size_t hl = ip->ihl * 4;
		uint16_t id;

		if ((size_t)n < hl + sizeof(*h))
			continue;
		h = (const struct icmphdr *)(buf + hl);
		id = ntohs(h->un.echo.id);
		if (h->type != ICMP_ECHOREPLY || id >> 8 != i ||
		    (id & 0xff) >= nr_eps ||
		    ip->saddr != eps[id & 0xff].addr.s_addr)
			continue;
		eps[i].reached[id & 0xff] = true;
	}
}

static bool pair(int i, int j)
{
	return i != j && eps[i].group == eps[j].group;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void probe(long timeout_ms)
{
	struct pollfd pfd[MAX_EPS];
	long end = now_ms() + timeout_ms, next = 0;
	uint16_t seq = 0;

	for (int i = 0; i < nr_eps; i++)
		pfd[i] = (struct pollfd){ .fd = eps[i].fd, .events = POLLIN };
	for (long t = now_ms(); t < end; t = now_ms()) {
		bool open = false;

		if (t >= next) {
			seq++;
			for (int i = 0; i < nr_eps; i++)
				for (int j = 0; j < nr_eps; j++)
					if (pair(i, j) && !eps[i].reached[j])
						ping(i, j, seq);
			next = t + RESEND_MS;
		}
		if (poll(pfd, nr_eps, next - t) > 0)
			for (int i = 0; i < nr_eps; i++)
				if (pfd[i].revents & POLLIN)
					receive(i);
		for (int i = 0; i < nr_eps; i++)
			for (int j = 0; j < nr_eps; j++)
				open |= pair(i, j) && !eps[i].reached[j];
		if (!open)
			break;
	}
}

int main(int argc, char **argv)
{
	long timeout_ms = 4000;
	int group = 0, err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			timeout_ms = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "--")) {
			group++;
		} else if (nr_eps == MAX_EPS ||
			   parse_ep(argv[i], group, &eps[nr_eps++])) {
			fprintf(stderr, "usage: bvreach [--timeout MS] LABEL=NETNS/DEV/ADDR/PREFIX... [-- ...]\n");
			return 2;
		}
	}
	if (timeout_ms <= 0 || timeout_ms > 600000)
		return 2;
	for (int i = 0; i < nr_eps; i++) {
		err = ep_open(&eps[i]);
		if (err) {
			fprintf(stderr, "bvreach: %s (%s/%s): %s\n", eps[i].label,
				eps[i].netns, eps[i].dev, strerror(-err));
			return 1;
		}
	}
	probe(timeout_ms);
	for (int i = 0; i < nr_eps; i++)
		for (int j = 0; j < nr_eps; j++)
			if (pair(i, j))
				printf("%s %s %d\n", eps[i].label, eps[j].label,
				       eps[i].reached[j]);
	return 0;
}
