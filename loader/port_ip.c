// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A port's `allow-ip` prefixes in the datapath's trie (bv_allow_ip, keyed
 * by slot and IPv4-mapped IPv6 prefix: bpfvlan_maps.h). The port's
 * BV_PORT_F_ALLOW_IP flag turns the checks on (lib/guard.h); its writers
 * order their steps so that a frame never meets the flag without the
 * prefixes it was given: new prefixes go in before the flag, old ones go
 * out after it. The datapath's per-CPU cache of an allowed address
 * (bv_learned) is cleared after prefixes go.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <bpf/bpf.h>
#include "bpfvlan/log.h"
#include "datapath.h"
#include "port_ip.h"

static void key_of(unsigned int slot, const struct bv_ip_prefix *p,
		   struct bv_allow_ip_key *k)
{
	memset(k, 0, sizeof(*k));
	k->prefixlen = BV_ALLOW_IP_PLEN(p->plen);
	k->slot = htonl(slot);
	memcpy(k->addr, p->addr, sizeof(k->addr));
}

/* The prefixes of the trie's keys that belong to @slot, into @l. */
static int read_keys(struct bv_bridge *br, unsigned int slot,
		     struct bv_iplist *l)
{
	struct bv_allow_ip_key k, next;
	void *prev = NULL;
	int fd = br->fd[BV_MAP_ALLOW_IP];

	memset(l, 0, sizeof(*l));
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct bv_ip_prefix p = {};

		k = next;
		prev = &k;
		if (ntohl(k.slot) != slot || k.prefixlen < BV_ALLOW_IP_PLEN(0))
			continue;
		p.plen = k.prefixlen - BV_ALLOW_IP_PLEN(0);
		memcpy(p.addr, k.addr, sizeof(p.addr));
		if (bv_iplist_add(l, &p))
			return -EOVERFLOW;
	}
	return errno == ENOENT ? 0 : -errno;
}

int bv_port_allow_ip(struct bv_bridge *br, unsigned int slot,
		     struct bv_iplist *l)
{
	memset(l, 0, sizeof(*l));
	if (slot >= BV_MAX_PORTS || !br->ports[slot].ifindex)
		return -ENOENT;
	if (!(br->ports[slot].flags & BV_PORT_F_ALLOW_IP))
		return 0;
	return read_keys(br, slot, l);
}

static int del_prefix(struct bv_bridge *br, unsigned int slot,
		      const struct bv_ip_prefix *p)
{
	struct bv_allow_ip_key k;

	key_of(slot, p, &k);
	if (bpf_map_delete_elem(br->fd[BV_MAP_ALLOW_IP], &k) && errno != ENOENT)
		return -errno;
	return 0;
}

int bv_port_ip_add(struct bv_bridge *br, unsigned int slot,
		   const struct bv_iplist *have, const struct bv_iplist *want)
{
	__u8 one = 1;
	int err = 0;
	unsigned int i;

	for (i = 0; i < want->nr; i++) {
		struct bv_allow_ip_key k;

		if (bv_iplist_has(have, &want->p[i]))
			continue;
		key_of(slot, &want->p[i], &k);
		if (bpf_map_update_elem(br->fd[BV_MAP_ALLOW_IP], &k, &one,
					BPF_ANY)) {
			err = -errno;
			break;
		}
	}
	if (!err)
		return 0;
	pr_warn("bridge %s: cannot add allow-ip prefixes: %s\n", br->name,
		strerror(-err));
	while (i--)
		if (!bv_iplist_has(have, &want->p[i]))
			del_prefix(br, slot, &want->p[i]);
	return err;
}

int bv_port_ip_prune(struct bv_bridge *br, unsigned int slot,
		     const struct bv_iplist *have, const struct bv_iplist *want)
{
	int err = 0;

	for (unsigned int i = 0; !err && i < have->nr; i++)
		if (!bv_iplist_has(want, &have->p[i]))
			err = del_prefix(br, slot, &have->p[i]);
	/* an address allowed by a prefix gone may sit in a CPU's cache */
	return err ?: bv_datapath_forget_learned(br);
}

int bv_port_ip_clear(struct bv_bridge *br, unsigned int slot)
{
	struct bv_iplist l;
	int err = read_keys(br, slot, &l);

	for (unsigned int i = 0; !err && i < l.nr; i++)
		err = del_prefix(br, slot, &l.p[i]);
	return err;
}
