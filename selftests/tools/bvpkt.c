// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvpkt: send crafted Ethernet frames and report, per endpoint, what
 * arrives. One process opens every endpoint first (each in its own network
 * namespace), then sends, then listens for --wait ms, so there is no race
 * between a background capture and the sender.
 *
 *   bvpkt [--wait MS] [--match HEX] [--count N] [--tally [--key]] \
 *         [--ready FILE] \
 *         [--rx EP]... [--tx EP HEX]...
 *
 * EP is [NETNS/]DEV (AF_PACKET, outer tag restored from PACKET_AUXDATA, as
 * libpcap does) or tap:[NETNS/]DEV (a persistent tap opened through
 * /dev/net/tun with IFF_VNET_HDR, non-blocking, the way QEMU uses it).
 * Without NETNS/, DEV is in the namespace bvpkt was started in.
 * Output: one line per received frame: "EP HEX". With --match, only frames
 * containing those bytes count. With --tally, no line per frame: at the
 * end, per endpoint, how many frames arrived in each form: "EP untagged N"
 * and "EP vid V N" (outer 802.1Q tag), for stress tests that see 10^5
 * frames. With --key too, frames are told apart by the byte that follows
 * the --match bytes (bvflood's seed: which sender): "EP key KK untagged N"
 * and "EP key KK vid V N". A tally may wait up to a day; SIGINT or SIGTERM
 * ends the wait early (what the sockets hold is read, the tally printed).
 * --ready FILE: FILE is made once every endpoint is open, so that a test
 * sending from another process knows when its frames will be seen.
 * Exit 0; 1 on error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EP		32
#define MAX_TX		64
#define FRAME_MAX	65536
#define VNET_HDR_LEN	12	/* virtio_net_hdr_mrg_rxbuf, as QEMU sets */
#define MAX_KEYED	64	/* --key: (key, form) pairs per endpoint */
#define WAIT_MAX_MS	60000
#define TALLY_WAIT_MAX_MS 86400000

/* --key: frames of one key in one form (untagged: vid -1). */
struct keyed {
	int key;
	int vid;
	unsigned long n;
};

struct endpoint {
	const char *spec;
	int fd;
	int is_tap;
	int ifindex;
	int received;
	unsigned long untagged;		/* --tally: frames without an outer tag */
	unsigned long *by_vid;		/* --tally: per VID of an outer 802.1Q tag */
	struct keyed keyed[MAX_KEYED];	/* --tally --key */
	int nr_keyed;
};

static struct endpoint eps[MAX_EP];
static int nr_eps;

/* The namespace bvpkt started in: where endpoints without NETNS/ live.
 * (Not /proc/1/ns/net: PID 1 may be out of reach, e.g. in a container.)
 */
static int home_netns = -1;

static int enter_netns(const char *ns)
{
	char path[sizeof("/var/run/netns/") + 256];
	int fd;

	if (!ns) {
		if (setns(home_netns, CLONE_NEWNET)) {
			fprintf(stderr, "bvpkt: netns (own): %s\n",
				strerror(errno));
			return -1;
		}
		return 0;
	}
	snprintf(path, sizeof(path), "/var/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "bvpkt: netns %s: %s\n", ns, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * Attaching to a tap turns its carrier on, but the stack transmits into it
 * (TC redirects) only once linkwatch, asynchronously, has set it running
 * and activated its qdisc; until then such frames are dropped. QEMU's taps
 * are open long before traffic, so wait for that (at most 1 s).
 */
static void tap_wait_running(const char *dev)
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	for (int i = 0; i < 200; i++) {
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) || (ifr.ifr_flags & IFF_RUNNING))
			break;
		usleep(5000);
	}
	/* The qdisc is activated right after the flag is set. */
	usleep(5000);
	close(fd);
}

static int open_tap(struct endpoint *ep, const char *dev)
{
	struct ifreq ifr = {};
	int hdr = VNET_HDR_LEN;

	ep->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ep->fd < 0)
		return -1;
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	if (strlen(dev) >= sizeof(ifr.ifr_name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(ifr.ifr_name, dev);
	if (ioctl(ep->fd, TUNSETIFF, &ifr) ||
	    ioctl(ep->fd, TUNSETVNETHDRSZ, &hdr))
		return -1;
	ep->is_tap = 1;
	tap_wait_running(dev);
	return 0;
}

static int open_packet(struct endpoint *ep, const char *dev)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int one = 1, rcvbuf = 32 << 20;

	ep->ifindex = if_nametoindex(dev);
	if (!ep->ifindex)
		return -1;
	ep->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (ep->fd < 0)
		return -1;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ep->ifindex;
	if (bind(ep->fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(ep->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)))
		return -1;
	/* Room for seconds of frames: a busy machine may not let bvpkt read
	 * for a while (root may force it; else the default stays).
	 */
	setsockopt(ep->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	/* Drop what was queued before the bind completed. */
	while (recv(ep->fd, NULL, 0, MSG_DONTWAIT | MSG_TRUNC) >= 0)
		;
	return 0;
}

static struct endpoint *endpoint(const char *spec)
{
	char buf[256], *dev, *slash;
	struct endpoint *ep;
	int tap = 0, err;

	for (int i = 0; i < nr_eps; i++)
		if (!strcmp(eps[i].spec, spec))
			return &eps[i];
	if (nr_eps == MAX_EP)
		return NULL;
	ep = &eps[nr_eps];
	ep->spec = spec;
	snprintf(buf, sizeof(buf), "%s", spec);
	dev = buf;
	if (!strncmp(dev, "tap:", 4)) {
		tap = 1;
		dev += 4;
	}
	slash = strchr(dev, '/');
	if (slash) {
		*slash = '\0';
		err = enter_netns(dev);
		dev = slash + 1;
	} else {
		err = enter_netns(NULL);
	}
	if (!err)
		err = tap ? open_tap(ep, dev) : open_packet(ep, dev);
	if (err) {
		fprintf(stderr, "bvpkt: %s: %s\n", spec, strerror(errno));
		return NULL;
	}
	nr_eps++;
	return ep;
}

static int hex_decode(const char *hex, unsigned char *out, size_t max)
{
	size_t n = 0;

	for (; *hex; hex++) {
		unsigned int v;

		if (*hex == ' ' || *hex == ':' || *hex == '.')
			continue;
		if (!hex[1] || sscanf(hex, "%2x", &v) != 1 || n == max)
			return -1;
		out[n++] = v;
		hex++;
	}
	return n;
}

static void print_frame(const struct endpoint *ep, const unsigned char *f,
			size_t len)
{
	printf("%s ", ep->spec);
	for (size_t i = 0; i < len; i++)
		printf("%02x", f[i]);
	putchar('\n');
}

static int outer_vid(const unsigned char *f, size_t len)
{
	if (len >= 16 && f[12] == 0x81 && f[13] == 0x00)
		return ((f[14] << 8) | f[15]) & 0x0fff;
	return -1;
}

/* --tally --key: count the frame by @key and its outer VID. */
static int tally_keyed(struct endpoint *ep, int key, const unsigned char *f,
		       size_t len)
{
	int vid = outer_vid(f, len), i;

	for (i = 0; i < ep->nr_keyed; i++)
		if (ep->keyed[i].key == key && ep->keyed[i].vid == vid)
			break;
	if (i == MAX_KEYED) {
		fprintf(stderr, "bvpkt: %s: more than %d keys and forms\n",
			ep->spec, MAX_KEYED);
		return -1;
	}
	if (i == ep->nr_keyed)
		ep->keyed[ep->nr_keyed++] = (struct keyed){ .key = key, .vid = vid };
	ep->keyed[i].n++;
	return 0;
}

/* --tally: count the frame by its outer 802.1Q VID (or as untagged). */
static int tally_frame(struct endpoint *ep, const unsigned char *f, size_t len)
{
	if (!ep->by_vid) {
		ep->by_vid = calloc(4096, sizeof(*ep->by_vid));
		if (!ep->by_vid)
			return -1;
	}
	if (outer_vid(f, len) >= 0)
		ep->by_vid[outer_vid(f, len)]++;
	else
		ep->untagged++;
	return 0;
}

/* Frames the socket dropped, its receive buffer full: on stderr, so that a
 * test can tell a frame bvpkt missed from one that never came.
 */
static void print_socket_drops(const struct endpoint *ep)
{
	struct tpacket_stats st = {};
	socklen_t len = sizeof(st);

	if (ep->fd >= 0 && !ep->is_tap &&
	    !getsockopt(ep->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) &&
	    st.tp_drops)
		fprintf(stderr, "bvpkt: %s: %u frames dropped by the socket (receive buffer full)\n",
			ep->spec, st.tp_drops);
}

static void print_tally(const struct endpoint *ep, int keyed)
{
	print_socket_drops(ep);
	for (int i = 0; i < ep->nr_keyed; i++) {
		const struct keyed *k = &ep->keyed[i];

		if (k->vid < 0)
			printf("%s key %02x untagged %lu\n", ep->spec, k->key, k->n);
		else
			printf("%s key %02x vid %d %lu\n", ep->spec, k->key,
			       k->vid, k->n);
	}
	if (keyed)
		return;
	printf("%s untagged %lu\n", ep->spec, ep->untagged);
	for (int vid = 0; ep->by_vid && vid < 4096; vid++)
		if (ep->by_vid[vid])
			printf("%s vid %d %lu\n", ep->spec, vid, ep->by_vid[vid]);
}

/* Where @m starts in @f, or -1; 0 for no @m. */
static long find(const unsigned char *f, size_t len,
		 const unsigned char *m, size_t mlen)
{
	if (!mlen)
		return 0;
	for (size_t i = 0; i + mlen <= len; i++)
		if (!memcmp(f + i, m, mlen))
			return i;
	return -1;
}

static int send_frame(struct endpoint *ep, const unsigned char *f, size_t len)
{
	static unsigned char buf[FRAME_MAX + VNET_HDR_LEN];
	ssize_t n;

	if (ep->is_tap) {
		/* A zero virtio-net header: no offloads, as for a plain frame. */
		memset(buf, 0, VNET_HDR_LEN);
		memcpy(buf + VNET_HDR_LEN, f, len);
		n = write(ep->fd, buf, len + VNET_HDR_LEN);
		return n == (ssize_t)(len + VNET_HDR_LEN) ? 0 : -1;
	}
	{
		struct sockaddr_ll sll = {
			.sll_family = AF_PACKET,
			.sll_ifindex = ep->ifindex,
			.sll_halen = ETH_ALEN,
		};

		memcpy(sll.sll_addr, f, ETH_ALEN);
		n = sendto(ep->fd, f, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll));
		return n == (ssize_t)len ? 0 : -1;
	}
}

/* Read one frame; restores the outer tag the kernel moved to metadata. */
static ssize_t recv_frame(struct endpoint *ep, unsigned char *f, size_t max)
{
	static unsigned char buf[FRAME_MAX + VNET_HDR_LEN];
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct sockaddr_ll from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &ctl, .msg_controllen = sizeof(ctl),
	};
	ssize_t n;

	if (ep->is_tap) {
		n = read(ep->fd, buf, sizeof(buf));
		if (n < VNET_HDR_LEN)
			return -1;
		n -= VNET_HDR_LEN;
		if ((size_t)n > max)
			n = max;
		memcpy(f, buf + VNET_HDR_LEN, n);
		return n;
	}
	n = recvmsg(ep->fd, &msg, MSG_DONTWAIT);
	if (n < 0 || from.sll_pkttype == PACKET_OUTGOING)
		return -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);
		uint16_t tpid, tci;

		if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA ||
		    !(aux->tp_status & TP_STATUS_VLAN_VALID) || n < 12)
			continue;
		tpid = htons(aux->tp_status & TP_STATUS_VLAN_TPID_VALID ?
			     aux->tp_vlan_tpid : ETH_P_8021Q);
		tci = htons(aux->tp_vlan_tci);
		memmove(buf + 16, buf + 12, n - 12);
		memcpy(buf + 12, &tpid, 2);
		memcpy(buf + 14, &tci, 2);
		n += 4;
	}
	if ((size_t)n > max)
		n = max;
	memcpy(f, buf, n);
	return n;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	static unsigned char frame[FRAME_MAX], match[256];
	struct { struct endpoint *ep; unsigned char *f; int len; } tx[MAX_TX];
	const char *ready = NULL;
	int nr_tx = 0, wait_ms = 300, count = 0, mlen = 0, total = 0, tally = 0;
	int key = 0;
	struct pollfd pfd[MAX_EP];
	long deadline;

	home_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home_netns < 0) {
		fprintf(stderr, "bvpkt: /proc/self/ns/net: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--wait") && i + 1 < argc) {
			wait_ms = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--ready") && i + 1 < argc) {
			ready = argv[++i];
		} else if (!strcmp(argv[i], "--tally")) {
			tally = 1;
		} else if (!strcmp(argv[i], "--key")) {
			key = 1;
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			count = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--match") && i + 1 < argc) {
			mlen = hex_decode(argv[++i], match, sizeof(match));
			if (mlen < 0)
				goto usage;
		} else if (!strcmp(argv[i], "--rx") && i + 1 < argc) {
			if (!endpoint(argv[++i]))
				return 1;
		} else if (!strcmp(argv[i], "--tx") && i + 2 < argc && nr_tx < MAX_TX) {
			tx[nr_tx].ep = endpoint(argv[++i]);
			tx[nr_tx].f = malloc(FRAME_MAX);
			if (!tx[nr_tx].ep || !tx[nr_tx].f)
				return 1;
			tx[nr_tx].len = hex_decode(argv[++i], tx[nr_tx].f, FRAME_MAX);
			if (tx[nr_tx].len < 0)
				goto usage;
			nr_tx++;
		} else {
			goto usage;
		}
	}
	if (wait_ms < 0 || wait_ms > (tally ? TALLY_WAIT_MAX_MS : WAIT_MAX_MS) ||
	    (key && (!tally || !mlen)))
		goto usage;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* Every endpoint open, bound and drained: a frame sent from now on
	 * is seen.
	 */
	if (ready) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

		if (fd < 0) {
			fprintf(stderr, "bvpkt: %s: %s\n", ready, strerror(errno));
			return 1;
		}
		close(fd);
	}
	for (int i = 0; i < nr_tx; i++) {
		if (send_frame(tx[i].ep, tx[i].f, tx[i].len)) {
			fprintf(stderr, "bvpkt: send on %s: %s\n", tx[i].ep->spec,
				strerror(errno));
			return 1;
		}
	}
	for (int i = 0; i < nr_eps; i++)
		pfd[i] = (struct pollfd){ .fd = eps[i].fd, .events = POLLIN };
	deadline = now_ms() + wait_ms;
	/* A signal ends the wait after one more pass over every socket: what
	 * they hold arrived before it (bvpkt may not have run for a while
	 * on a busy machine).
	 */
	for (int last = 0; !last; ) {
		long left = deadline - now_ms();
		int n;

		last = stop;
		if (!last && (left <= 0 || (count && total >= count)))
			break;
		n = last ? 0 : poll(pfd, nr_eps, left > 1000 ? 1000 : left);
		if (!last && n <= 0)
			continue;
		for (int i = 0; i < nr_eps; i++) {
			ssize_t len;

			if (!last && !(pfd[i].revents & POLLIN))
				continue;
			while ((len = recv_frame(&eps[i], frame, sizeof(frame))) >= 0) {
				long at = find(frame, len, match, mlen);
				int err = 0;

				if (at < 0 || (key && at + mlen >= len))
					continue;
				if (!tally)
					print_frame(&eps[i], frame, len);
				else if (key)
					err = tally_keyed(&eps[i], frame[at + mlen],
							  frame, len);
				else
					err = tally_frame(&eps[i], frame, len);
				if (err)
					return 1;
				total++;
			}
		}
	}
	for (int i = 0; tally && i < nr_eps; i++)
		print_tally(&eps[i], key);
	fflush(stdout);
	return 0;
usage:
	fprintf(stderr,
		"usage: bvpkt [--wait MS] [--count N] [--match HEX] [--tally [--key]] [--ready FILE] [--rx EP]... [--tx EP HEX]...\n"
		"  EP: [NETNS/]DEV or tap:[NETNS/]DEV\n");
	return 1;
}
