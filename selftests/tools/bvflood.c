// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvflood: MAC flooding for the hostile-traffic tests. Sends --count
 * frames from as many distinct source MACs, as fast as it can (sendmmsg
 * batches on an AF_PACKET socket), for at most --time-ms.
 *
 *   bvflood [--count N] [--time-ms MS] [--dst MAC] [--src MAC] [--seed BYTE]
 *           [--vid VID] [--pps N] [NETNS/]DEV
 *
 * Source MAC i is 02:SEED:b3:b2:b1:b0, with b3..b0 the bytes of
 * i * 0x9e3779b1 (mod 2^32): distinct for every i, spread over the hash,
 * locally administered unicast. Frames are 60 bytes, ethertype 0x88b5,
 * payload "bvflood", SEED and i, to DST (default 02:00:00:00:ff:fe, an
 * unknown unicast, so the bridge floods them): a receiver tells senders
 * apart by the byte after "bvflood". With --src, every frame comes from
 * that one MAC instead (a MAC that the bridge sees at a high rate). With
 * --vid, frames carry an 802.1Q tag of that VID (PCP 0) in their bytes.
 * With --pps, at most N frames a second (evenly, in small batches).
 *
 * Prints one line: "sent N dropped D end count|time|link-gone|signal". A
 * link that disappears under the flood (the test deletes it) ends the run
 * normally, and so does SIGINT or SIGTERM (a stream a test stops when
 * done: every frame counted in N was handed to the device). Exit 0, or 1 on any other error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN	60
#define BATCH		64
#define MAX_TIME_MS	86400000	/* a day: the soak runs for hours */

struct opts {
	unsigned long count;
	long time_ms;
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	int fixed_src;
	uint8_t seed;
	unsigned long vid;	/* 0: untagged */
	unsigned long pps;	/* 0: as fast as it can */
	const char *ep;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	if (!*s || *end || errno || *out > max) {
		fprintf(stderr, "bvflood: invalid number \"%s\"\n", s);
		return -EINVAL;
	}
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	unsigned int b[ETH_ALEN];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6) {
		fprintf(stderr, "bvflood: invalid MAC \"%s\"\n", s);
		return -EINVAL;
	}
	for (int i = 0; i < ETH_ALEN; i++)
		mac[i] = b[i];
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	unsigned long v;

	*o = (struct opts){
		.count = 100000, .time_ms = 10000, .seed = 0xf1,
		.dst = { 0x02, 0, 0, 0, 0xff, 0xfe },
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int err = 0;

		if (!strcmp(a, "--count") && val) {
			err = parse_ulong(val, 100000000, &o->count);
		} else if (!strcmp(a, "--time-ms") && val) {
			err = parse_ulong(val, MAX_TIME_MS, &v);
			o->time_ms = v;
		} else if (!strcmp(a, "--seed") && val) {
			err = parse_ulong(val, 255, &v);
			o->seed = v;
		} else if (!strcmp(a, "--dst") && val) {
			err = parse_mac(val, o->dst);
		} else if (!strcmp(a, "--vid") && val) {
			err = parse_ulong(val, 4094, &o->vid);
		} else if (!strcmp(a, "--pps") && val) {
			err = parse_ulong(val, 100000000, &o->pps);
		} else if (!strcmp(a, "--src") && val) {
			err = parse_mac(val, o->src);
			o->fixed_src = 1;
		} else if (a[0] != '-' && !o->ep && i == argc - 1) {
			o->ep = a;
			continue;
		} else {
			return -EINVAL;
		}
		if (err)
			return err;
		i++;
	}
	return o->ep ? 0 : -EINVAL;
}

/* [NETNS/]DEV: enter NETNS (if given), bind a raw packet socket to DEV. */
static int open_ep(const char *spec, int *ifindex)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	char buf[256], *dev = buf, *slash, path[300];
	int fd;

	snprintf(buf, sizeof(buf), "%s", spec);
	slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		dev = slash + 1;
		snprintf(path, sizeof(path), "/var/run/netns/%s", buf);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET)) {
			fprintf(stderr, "bvflood: netns %s: %s\n", buf,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	*ifindex = if_nametoindex(dev);
	if (!*ifindex) {
		fprintf(stderr, "bvflood: %s: %s\n", dev, strerror(errno));
		return -1;
	}
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "bvflood: socket: %s\n", strerror(errno));
		return -1;
	}
	sll.sll_ifindex = *ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "bvflood: bind %s: %s\n", dev, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void fill(uint8_t *f, const struct opts *o, uint32_t i)
{
	uint32_t x = i * 0x9e3779b1u;
	uint8_t *p = f + 12;

	memcpy(f, o->dst, ETH_ALEN);
	f[6] = 0x02;
	f[7] = o->seed;
	f[8] = x >> 24;
	f[9] = x >> 16;
	f[10] = x >> 8;
	f[11] = x;
	if (o->fixed_src)
		memcpy(f + 6, o->src, ETH_ALEN);
	if (o->vid) {
		*p++ = 0x81;
		*p++ = 0x00;
		*p++ = o->vid >> 8;
		*p++ = o->vid;
	}
	*p++ = 0x88;
	*p++ = 0xb5;
	memcpy(p, "bvflood", 7);
	p[7] = o->seed;
	memcpy(p + 8, &i, sizeof(i));
}

/* --pps: wait until frame @done is due, @start_ms being frame 0's time. */
static void pace(const struct opts *o, long start_ms, unsigned long done)
{
	long due, now;

	if (!o->pps)
		return;
	due = start_ms + (long)(done * 1000 / o->pps);
	now = now_ms();
	if (due > now) {
		struct timespec ts = {
			.tv_sec = (due - now) / 1000,
			.tv_nsec = (due - now) % 1000 * 1000000L,
		};

		nanosleep(&ts, NULL);
	}
}

static int link_gone(int err)
{
	return err == ENXIO || err == ENODEV || err == ENETDOWN;
}

static volatile sig_atomic_t stopped;

static void on_signal(int sig)
{
	(void)sig;
	stopped = 1;
}

int main(int argc, char **argv)
{
	static uint8_t frames[BATCH][FRAME_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_halen = ETH_ALEN };
	unsigned long sent = 0, dropped = 0;
	const char *end = "count";
	long deadline, start;
	unsigned int batch;
	struct opts o;
	int fd;

	if (parse_args(argc, argv, &o)) {
		fprintf(stderr,
			"usage: bvflood [--count N] [--time-ms MS] [--dst MAC] [--src MAC] [--seed BYTE] [--vid VID] [--pps N] [NETNS/]DEV\n");
		return 1;
	}
	fd = open_ep(o.ep, &to.sll_ifindex);
	if (fd < 0)
		return 1;
	memcpy(to.sll_addr, o.dst, ETH_ALEN);
	for (int b = 0; b < BATCH; b++) {
		iov[b] = (struct iovec){ .iov_base = frames[b], .iov_len = FRAME_LEN };
		msgs[b].msg_hdr = (struct msghdr){
			.msg_name = &to, .msg_namelen = sizeof(to),
			.msg_iov = &iov[b], .msg_iovlen = 1,
		};
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	start = now_ms();
	deadline = start + o.time_ms;
	/* Paced: batches of about 20 ms of frames. */
	batch = o.pps && o.pps / 50 < BATCH ? (o.pps / 50 ? o.pps / 50 : 1)
					     : BATCH;
	while (sent + dropped < o.count) {
		unsigned long left = o.count - sent - dropped;
		unsigned int n = left < batch ? left : batch;
		int done;

		pace(&o, start, sent + dropped);
		if (stopped) {
			end = "signal";
			break;
		}
		if (now_ms() >= deadline) {
			end = "time";
			break;
		}
		for (unsigned int b = 0; b < n; b++)
			fill(frames[b], &o, sent + dropped + b);
		done = sendmmsg(fd, msgs, n, 0);
		if (done > 0) {
			sent += done;
			continue;
		}
		if (done < 0 && link_gone(errno)) {
			end = "link-gone";
			break;
		}
		if (done < 0 && errno != ENOBUFS && errno != EAGAIN &&
		    errno != EINTR) {
			fprintf(stderr, "bvflood: send: %s\n", strerror(errno));
			close(fd);
			return 1;
		}
		dropped++;	/* the queue is full: skip this MAC */
		sched_yield();
	}
	printf("sent %lu dropped %lu end %s\n", sent, dropped, end);
	close(fd);
	return 0;
}
