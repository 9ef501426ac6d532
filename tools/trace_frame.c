// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * `bpfvlan trace`'s FRAME: words (`src MAC dst MAC [vlan VID [pcp N]]
 * [arp ... | ipv4 ... | ipv6 ...]`) or `hex BYTES` into the bytes of a
 * frame as on the wire (tags in the bytes, no FCS).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "trace_frame.h"

#define ETH_MIN_LEN	60	/* without FCS */

static void put16(__u8 *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static unsigned int ip_csum(const __u8 *p, size_t len)
{
	__u32 sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static int arg_ip(const char *word, int af, __u8 *out)
{
	if (inet_pton(af, word, out) != 1)
		return bv_bad_input("invalid %s address \"%s\"\n",
				    af == AF_INET ? "IPv4" : "IPv6", word);
	return 0;
}

static int arg_uint(const char *word, const char *what, unsigned long max,
		    unsigned long min, unsigned int *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(word, &end, 10);
	if (errno || end == word || *end || n < min || n > max ||
	    !isdigit((unsigned char)word[0]))
		return bv_bad_input("invalid %s \"%s\" (%lu..%lu)\n", what,
				    word, min, max);
	*v = n;
	return 0;
}

/* `tcp|udp DPORT` after an IP header: its 8 or 20 bytes at @l4. */
static size_t put_l4(__u8 *l4, int proto, unsigned int dport)
{
	if (proto == 6) {
		put16(l4, 40000);
		put16(l4 + 2, dport);
		l4[12] = 5 << 4;	/* data offset */
		l4[13] = 0x02;		/* SYN */
		put16(l4 + 14, 65535);
		return 20;
	}
	if (proto == 17) {
		put16(l4, 40000);
		put16(l4 + 2, dport);
		put16(l4 + 4, 8);
		return 8;
	}
	return 0;
}

/* [tcp|udp DPORT]: the protocol (59: none) and port; words taken. */
static int parse_l4(int argc, char **argv, int *proto, unsigned int *dport)
{
	*proto = 0;
	if (argc < 1)
		return 0;
	if (strcmp(argv[0], "tcp") && strcmp(argv[0], "udp"))
		return 0;
	*proto = argv[0][0] == 't' ? 6 : 17;
	if (argc < 2)
		return bv_bad_input("\"%s\" needs a destination port\n",
				    argv[0]);
	if (arg_uint(argv[1], "port", 65535, 1, dport))
		return -EINVAL;
	return 2;
}

static int frame_words(int argc, char **argv, struct bv_trace_frame *f)
{
	bool has_src = false, has_dst = false, has_vlan = false;
	unsigned int vid = 0, pcp = 0, dport = 0;
	__u8 *p = f->bytes, *l3;
	int proto = 0, n;

	memset(f, 0, sizeof(*f));
	while (argc > 0) {
		const char *kw = argv[0], *val;

		if (!strcmp(kw, "src") || !strcmp(kw, "dst")) {
			val = bv_next_arg(&argc, &argv);
			if (!val || bv_arg_mac(val, kw[0] == 's' ? p + 6 : p))
				return -EINVAL;
			*(kw[0] == 's' ? &has_src : &has_dst) = true;
		} else if (!strcmp(kw, "vlan")) {
			__u16 v;

			val = bv_next_arg(&argc, &argv);
			if (!val || bv_arg_vid(val, "VID", &v))
				return -EINVAL;
			vid = v;
			has_vlan = true;
		} else if (!strcmp(kw, "pcp")) {
			if (!has_vlan)
				return bv_bad_input("pcp needs vlan VID first\n");
			val = bv_next_arg(&argc, &argv);
			if (!val || arg_uint(val, "pcp", 7, 0, &pcp))
				return -EINVAL;
		} else {
			break;
		}
		argc--;
		argv++;
	}
	if (!has_src || !has_dst)
		return bv_bad_input("the frame needs src MAC and dst MAC\n");
	n = 12;
	if (has_vlan) {
		put16(p + 12, 0x8100);
		put16(p + 14, pcp << 13 | vid);
		n = 16;
	}
	l3 = p + n + 2;
	if (argc == 0) {
		put16(p + n, 0x88b5);	/* local experimental ethertype */
		f->len = n + 2;
	} else if (!strcmp(argv[0], "arp")) {
		if (argc != 3)
			return bv_bad_input("arp takes SENDER-IP TARGET-IP\n");
		put16(p + n, 0x0806);
		put16(l3, 1);
		put16(l3 + 2, 0x0800);
		l3[4] = 6;
		l3[5] = 4;
		put16(l3 + 6, 1);	/* request */
		memcpy(l3 + 8, p + 6, 6);
		if (arg_ip(argv[1], AF_INET, l3 + 14) ||
		    arg_ip(argv[2], AF_INET, l3 + 24))
			return -EINVAL;
		f->len = l3 + 28 - p;
	} else if (!strcmp(argv[0], "ipv4")) {
		size_t l4len;

		if (argc < 3)
			return bv_bad_input("ipv4 takes SRC DST [tcp|udp DPORT]\n");
		if (arg_ip(argv[1], AF_INET, l3 + 12) ||
		    arg_ip(argv[2], AF_INET, l3 + 16))
			return -EINVAL;
		n = parse_l4(argc - 3, argv + 3, &proto, &dport);
		if (n < 0)
			return n;
		if (argc != 3 + n)
			return bv_bad_input("unexpected \"%s\" after the IPv4 header\n",
					    argv[3 + n]);
		put16(l3 - 2, 0x0800);
		l4len = put_l4(l3 + 20, proto, dport);
		l3[0] = 0x45;
		put16(l3 + 2, 20 + l4len);
		l3[8] = 64;
		l3[9] = proto ? proto : 253;	/* 253: experimental */
		put16(l3 + 10, ip_csum(l3, 20));
		f->len = l3 + 20 + l4len - p;
	} else if (!strcmp(argv[0], "ipv6")) {
		size_t l4len;

		if (argc < 3)
			return bv_bad_input("ipv6 takes SRC DST [tcp|udp DPORT]\n");
		if (arg_ip(argv[1], AF_INET6, l3 + 8) ||
		    arg_ip(argv[2], AF_INET6, l3 + 24))
			return -EINVAL;
		n = parse_l4(argc - 3, argv + 3, &proto, &dport);
		if (n < 0)
			return n;
		if (argc != 3 + n)
			return bv_bad_input("unexpected \"%s\" after the IPv6 header\n",
					    argv[3 + n]);
		put16(l3 - 2, 0x86dd);
		l4len = put_l4(l3 + 40, proto, dport);
		l3[0] = 0x60;
		put16(l3 + 4, l4len);
		l3[6] = proto ? proto : 59;	/* 59: no next header */
		l3[7] = 64;
		f->len = l3 + 40 + l4len - p;
	} else {
		return bv_bad_input("unknown word \"%s\" in the frame (arp, ipv4, ipv6 or hex)\n",
				    argv[0]);
	}
	if (f->len < ETH_MIN_LEN)
		f->len = ETH_MIN_LEN;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One word of hex: "0x0010:" offsets are skipped, "ffff", "ff:ff" taken. */
static int hex_token(const char *tok, size_t n, struct bv_trace_frame *f)
{
	int hi = -1;

	if (n && tok[n - 1] == ':')
		return 0;	/* tcpdump's offset */
	for (size_t i = 0; i < n; i++) {
		int v = hexval((unsigned char)tok[i]);

		if (tok[i] == ':' || tok[i] == '-')
			continue;
		if (v < 0)
			return -EINVAL;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (f->len >= sizeof(f->bytes))
			return -E2BIG;
		f->bytes[f->len++] = hi << 4 | v;
		hi = -1;
	}
	return hi < 0 ? 0 : -EINVAL;
}

static int frame_hex(int argc, char **argv, struct bv_trace_frame *f)
{
	memset(f, 0, sizeof(*f));
	if (argc < 1)
		return bv_bad_input("hex needs the frame's bytes\n");
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];

		while (*s) {
			size_t n;
			int err;

			while (isspace((unsigned char)*s))
				s++;
			n = strcspn(s, " \t\n");
			if (!n)
				break;
			err = hex_token(s, n, f);
			if (err == -E2BIG)
				return bv_bad_input("the frame is longer than %d bytes\n",
						    BV_TRACE_FRAME_MAX);
			if (err)
				return bv_bad_input("invalid hex \"%.*s\" (bytes like 0a0b or 0a:0b; tcpdump -xx lines)\n",
						    (int)n, s);
			s += n;
		}
	}
	if (f->len < BV_TRACE_FRAME_MIN)
		return bv_bad_input("a frame has %d bytes at least, not %zu\n",
				    BV_TRACE_FRAME_MIN, f->len);
	return 0;
}

int bv_trace_frame_parse(int argc, char **argv, struct bv_trace_frame *f)
{
	if (argc < 1)
		return bv_bad_input("trace needs a frame: src MAC dst MAC ... or hex BYTES\n");
	if (!strcmp(argv[0], "hex"))
		return frame_hex(argc - 1, argv + 1, f);
	return frame_words(argc, argv, f);
}
