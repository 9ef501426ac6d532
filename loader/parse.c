// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/parse.h"

/* Decimal only, the whole word, no sign, within [min, max]. */
int bv_parse_uint(const char *s, unsigned long min, unsigned long max,
		  unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int bv_parse_vid(const char *s, uint16_t *vid)
{
	unsigned long v;
	int err = bv_parse_uint(s, BV_VID_MIN, BV_VID_MAX, &v);

	if (!err)
		*vid = v;
	return err;
}

int bv_parse_seconds(const char *s, unsigned int min_ms, unsigned int max_ms,
		     unsigned int *ms)
{
	unsigned long long v = 0;
	size_t whole = 0, frac = 0;
	const char *p = s;

	if (!s)
		return -EINVAL;
	/* Syntax first: DIGITS [ "." 1-3 DIGITS ] */
	for (; isdigit((unsigned char)*p); p++)
		whole++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			frac++;
	if (*p || !whole || (strchr(s, '.') && (!frac || frac > 3)))
		return -EINVAL;
	/* Then the value, in ms, saturating: 10 digits of seconds is plenty. */
	for (p = s; *p; p++) {
		if (*p == '.')
			continue;
		v = v * 10 + (*p - '0');
		if (v > 10000000000000ULL)
			return -ERANGE;
	}
	for (; frac < 3; frac++)
		v *= 10;
	if (v < min_ms || v > max_ms)
		return -ERANGE;
	*ms = v;
	return 0;
}

/* One element of a VID list: "N" or "N-M" with N <= M. */
static int parse_vid_range(const char *s, struct bv_vidset *set)
{
	char buf[16], *dash;
	uint16_t lo, hi;
	int err;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	err = bv_parse_vid(buf, &lo);
	if (err)
		return err;
	hi = lo;
	if (dash) {
		err = bv_parse_vid(dash + 1, &hi);
		if (err)
			return err;
		if (hi < lo)
			return -EINVAL;
	}
	for (unsigned int v = lo; v <= hi; v++)
		bv_vidset_set(set, v);
	return 0;
}

int bv_parse_vidlist(const char *s, struct bv_vidset *set)
{
	struct bv_vidset out = {};
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char elem[16];
		int err;

		if (len == 0 || len >= sizeof(elem))
			return -EINVAL;
		memcpy(elem, p, len);
		elem[len] = '\0';
		err = parse_vid_range(elem, &out);
		if (err)
			return err;
		if (!comma)
			break;
		p = comma + 1;
	}
	*set = out;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly "xx:xx:xx:xx:xx:xx", hex digits in either case. */
int bv_parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	uint8_t out[ETH_ALEN];

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (int i = 0; i < ETH_ALEN; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -EINVAL;
		out[i] = hi << 4 | lo;
	}
	memcpy(mac, out, ETH_ALEN);
	return 0;
}

bool bv_mac_unicast(const uint8_t mac[ETH_ALEN])
{
	static const uint8_t zero[ETH_ALEN];

	return !(mac[0] & 1) && memcmp(mac, zero, ETH_ALEN);
}

char *bv_mac_format(const uint8_t mac[ETH_ALEN], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}
