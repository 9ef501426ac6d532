// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* allow-ip lists (bpfvlan/iplist.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/iplist.h"
#include "bpfvlan/parse.h"

void bv_ip4_mapped(const uint8_t ip4[4], uint8_t addr[16])
{
	memset(addr, 0, 16);
	addr[10] = addr[11] = 0xff;
	memcpy(addr + 12, ip4, 4);
}

static bool is_mapped(const uint8_t addr[16])
{
	static const uint8_t prefix[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(addr, prefix, sizeof(prefix));
}

/* Do the bits of @addr past @plen all read zero? */
static bool host_bits_zero(const uint8_t addr[16], unsigned int plen)
{
	for (unsigned int bit = plen; bit < 128; bit++)
		if (addr[bit / 8] & (0x80 >> (bit % 8)))
			return false;
	return true;
}

static bool in_prefix(const struct bv_ip_prefix *p, const uint8_t addr[16])
{
	for (unsigned int bit = 0; bit < p->plen; bit++)
		if ((addr[bit / 8] ^ p->addr[bit / 8]) & (0x80 >> (bit % 8)))
			return false;
	return true;
}

/* "ADDR[/N]" of @len bytes at @s. */
static int parse_prefix(const char *s, size_t len, struct bv_ip_prefix *p)
{
	char word[64], *slash;
	unsigned long plen;
	uint8_t ip4[4];
	bool v4;

	if (!len || len >= sizeof(word))
		return -EINVAL;
	memcpy(word, s, len);
	word[len] = '\0';
	slash = strchr(word, '/');
	if (slash)
		*slash = '\0';
	memset(p, 0, sizeof(*p));
	v4 = inet_pton(AF_INET, word, ip4) == 1;
	if (v4)
		bv_ip4_mapped(ip4, p->addr);
	else if (inet_pton(AF_INET6, word, p->addr) != 1)
		return -EINVAL;
	if (!slash)
		plen = v4 ? 32 : 128;
	else if (bv_parse_uint(slash + 1, 0, v4 ? 32 : 128, &plen))
		return -EINVAL;
	p->plen = v4 ? plen + 96 : plen;
	return host_bits_zero(p->addr, p->plen) ? 0 : -EINVAL;
}

static int cmp_prefix(const struct bv_ip_prefix *a, const struct bv_ip_prefix *b)
{
	int c = memcmp(a->addr, b->addr, 16);

	return c ? c : (int)a->plen - (int)b->plen;
}

int bv_iplist_add(struct bv_iplist *l, const struct bv_ip_prefix *p)
{
	unsigned int at = 0;

	while (at < l->nr && cmp_prefix(&l->p[at], p) < 0)
		at++;
	if (at < l->nr && !cmp_prefix(&l->p[at], p))
		return 0;
	if (l->nr >= BV_ALLOW_IP_MAX)
		return -ENOSPC;
	memmove(&l->p[at + 1], &l->p[at], (l->nr - at) * sizeof(l->p[0]));
	l->p[at] = *p;
	l->nr++;
	return 0;
}

int bv_iplist_parse(const char *s, struct bv_iplist *l)
{
	memset(l, 0, sizeof(*l));
	if (!strcmp(s, "any"))
		return 0;
	for (;;) {
		size_t len = strcspn(s, ",");
		struct bv_ip_prefix p;

		if (parse_prefix(s, len, &p) || bv_iplist_add(l, &p))
			return -EINVAL;
		if (!s[len])
			return 0;
		s += len + 1;
	}
}

char *bv_ip_prefix_format(const struct bv_ip_prefix *p, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	bool v4 = is_mapped(p->addr) && p->plen >= 96;

	if (v4)
		inet_ntop(AF_INET, p->addr + 12, addr, sizeof(addr));
	else
		inet_ntop(AF_INET6, p->addr, addr, sizeof(addr));
	if (p->plen == 128)
		snprintf(buf, len, "%s", addr);
	else
		snprintf(buf, len, "%s/%u", addr, v4 ? p->plen - 96 : p->plen);
	return buf;
}

char *bv_iplist_format(const struct bv_iplist *l, char *buf, size_t len)
{
	size_t off = 0;
	char one[64];

	snprintf(buf, len, "any");
	for (unsigned int i = 0; i < l->nr && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "," : "",
				bv_ip_prefix_format(&l->p[i], one, sizeof(one)));
	return buf;
}

bool bv_iplist_has(const struct bv_iplist *l, const struct bv_ip_prefix *p)
{
	for (unsigned int i = 0; i < l->nr; i++)
		if (!cmp_prefix(&l->p[i], p))
			return true;
	return false;
}

bool bv_iplist_allows(const struct bv_iplist *l, const uint8_t addr[16])
{
	for (unsigned int i = 0; i < l->nr; i++)
		if (in_prefix(&l->p[i], addr))
			return true;
	return false;
}
