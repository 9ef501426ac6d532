// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpfvlan-libvirt-hook: libvirt's qemu hook (installed as
 * /etc/libvirt/hooks/qemu.d/bpfvlan). libvirt runs it as
 *   HOOK DOMAIN PHASE SUBPHASE EXTRA   with the domain XML on stdin,
 * with a scrubbed environment, so it links the loader instead of running
 * the bpfvlan command.
 *
 *   start begin, reconnect begin   attach the taps named in the domain's
 *                                  bpfvlan metadata (domxml.h), as the
 *                                  owner rule lets it (bpfvlan/port.h); a
 *                                  failure detaches the VM's ports again
 *                                  and exits 1, and libvirt does not run
 *                                  the VM (at reconnect, a port the rule
 *                                  keeps from the hook is left as it is)
 *   stopped end, release end       detach the ports recorded as this
 *                                  domain's (its UUID, bv_port.owner_id):
 *                                  never a port whose tap name another
 *                                  domain has been given meanwhile
 *   any other phase                exit 0, touch nothing
 *
 * Nothing goes to stdout: libvirt reads it as a new domain XML at some
 * phases (migrate, restore).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/fdb.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/port.h"
#include "bpfvlan/vlan.h"
#include "domxml.h"

#define XML_MAX		(64U << 20)	/* far above any domain XML */

enum job { JOB_NONE, JOB_ATTACH, JOB_RECONNECT, JOB_DETACH };

/* The bridges a domain's ports name, opened (and locked) in name order so
 * that two hooks running at once cannot wait for each other.
 */
struct bridges {
	unsigned int nr;
	struct bv_bridge **br;
};

static enum job job_of(const char *phase, const char *sub)
{
	if (!strcmp(phase, "start") && !strcmp(sub, "begin"))
		return JOB_ATTACH;
	if (!strcmp(phase, "reconnect") && !strcmp(sub, "begin"))
		return JOB_RECONNECT;
	if ((!strcmp(phase, "stopped") || !strcmp(phase, "release")) &&
	    !strcmp(sub, "end"))
		return JOB_DETACH;
	return JOB_NONE;
}

static int read_all(FILE *f, char **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap), *tmp;

	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (ferror(f)) {
			free(buf);
			return -EIO;
		}
		if (n < cap)
			break;
		if (cap >= XML_MAX) {
			free(buf);
			return -EFBIG;
		}
		tmp = realloc(buf, cap * 2);
		if (!tmp)
			break;
		buf = tmp;
		cap *= 2;
	}
	if (!buf)
		return -ENOMEM;
	*out = buf;
	*len = n;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void close_bridges(struct bridges *bs)
{
	for (unsigned int i = 0; i < bs->nr; i++)
		if (bs->br[i])
			bv_bridge_close(bs->br[i]);
	free(bs->br);
	bs->br = NULL;
	bs->nr = 0;
}

/*
 * Open every bridge the ports name and bring it up to date (ports whose
 * tap is gone are removed). For a detach (@must_exist false) a bridge
 * that does not exist is left out: it has no port to detach.
 */
static int open_bridges(const struct bv_lv_domain *dom, bool must_exist,
			struct bridges *bs)
{
	const char **names = calloc(dom->nr_ports, sizeof(*names));
	unsigned int nr = 0;
	int err = 0;

	bs->nr = 0;
	bs->br = calloc(dom->nr_ports, sizeof(*bs->br));
	if (!names || !bs->br) {
		free(names);
		free(bs->br);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < dom->nr_ports; i++)
		names[nr++] = dom->ports[i].bridge;
	qsort(names, nr, sizeof(*names), cmp_names);
	for (unsigned int i = 0; i < nr && !err; i++) {
		struct bv_bridge *br;

		if (i && !strcmp(names[i], names[i - 1]))
			continue;
		if (!must_exist && bv_bridge_exists(names[i]) <= 0)
			continue;
		err = bv_bridge_open_fresh(names[i], &br);
		if (err)
			break;
		bs->br[bs->nr++] = br;
	}
	free(names);
	if (err)
		close_bridges(bs);
	return err;
}

static struct bv_bridge *bridge_of(const struct bridges *bs,
				   const struct bv_lv_port *p)
{
	for (unsigned int i = 0; i < bs->nr; i++)
		if (!strcmp(bv_bridge_name(bs->br[i]), p->bridge))
			return bs->br[i];
	return NULL;
}

/* Is @slot attached exactly as @p asks (mode, VLANs, attach mode, port
 * security), for this domain?
 */
static bool port_is(struct bv_bridge *br, unsigned int slot,
		    const struct bv_lv_domain *dom, const struct bv_lv_port *p)
{
	const struct bv_port *cur = bv_bridge_port(br, slot);
	struct bv_vidset have, want = p->port.tagged;
	struct bv_iplist ips;

	if (!bv_port_is_of(br, slot, BV_OWNER_HOOK, dom->uuid))
		return false;
	if (cur->mode != p->port.mode || cur->pvid != p->port.pvid ||
	    cur->attach != p->port.attach ||
	    !(cur->flags & BV_PORT_F_ISOLATED) != !p->port.isolated ||
	    !(cur->flags & BV_PORT_F_LOCKED) != !p->port.locked)
		return false;
	if (bv_port_allow_ip(br, slot, &ips) ||
	    memcmp(&ips, &p->port.allow_ip, sizeof(ips)))
		return false;
	if (bv_port_vlan_read(br, slot, &have))
		return false;
	if (p->port.pvid)
		bv_vidset_set(&want, p->port.pvid);
	return !memcmp(&have, &want, sizeof(have));
}

/*
 * The VM's MAC as a static entry in its access VLAN. Refused where the
 * MAC is someone else's in that VLAN: static on another port (two VMs
 * with one MAC), or learned there and not aged out (a host that is up,
 * such as the gateway behind the trunk, whose frames would then drop as
 * static_move). The Linux bridge does not move a MAC either.
 */
static int add_static_mac(struct bv_bridge *br, unsigned int slot,
			  const struct bv_lv_port *p)
{
	char mac[18], other[BV_IFNAME_BUF];
	struct bv_fdb_rec r;
	int err;

	bv_mac_format(p->mac, mac);
	if (!p->has_mac || !bv_mac_unicast(p->mac)) {
		pr_warn("%s: no unicast MAC in the domain XML for a static FDB entry (fdb=\"learn\" turns it off)\n",
			p->port.dev);
		return -EINVAL;
	}
	/* The FDB key is {VID, MAC}: one entry at most to look at. */
	err = bv_fdb_find(br, p->mac, p->port.pvid, &r);
	if (!err && (r.e.slot != slot ||
		     r.e.ifindex != bv_bridge_port(br, slot)->ifindex)) {
		bv_ifname(r.e.ifindex, other);
		if (r.e.flags & BV_FDB_F_STATIC)
			pr_warn("%s: MAC %s is already static on another port in VLAN %u\n",
				p->port.dev, mac, p->port.pvid);
		else
			pr_warn("%s: MAC %s is in use on port %s in VLAN %u (seen %llu s ago): not made static here\n",
				p->port.dev, mac, other, p->port.pvid,
				(unsigned long long)(r.age_ns / 1000000000ULL));
		return -EADDRINUSE;
	}
	err = err == -ENOENT ? 0 : err;
	if (!err)
		err = bv_fdb_add_static(br, p->mac, p->port.pvid, slot);
	if (err)
		pr_warn("%s: cannot add MAC %s to VLAN %u: %s\n", p->port.dev,
			mac, p->port.pvid, strerror(-err));
	return err;
}

/* A VM's tap: a tun/tap device, or a macvtap. The hook attaches nothing
 * else, free or not: a domain cannot name the host's uplink.
 */
static bool is_vm_tap(const struct bv_link *link)
{
	return !strcmp(link->kind, "tun") || !strcmp(link->kind, "macvtap");
}

/*
 * Attach one tap for @dom. A port already attached for it as asked
 * (reconnect) is kept; one attached otherwise is attached again if the
 * owner rule lets the hook change it (bv_port_may_change): a port of the
 * admin's, of apply's, an internal port or another domain's is refused.
 */
static int attach_port(struct bv_bridge *br, const struct bv_lv_domain *dom,
		       const struct bv_lv_port *p)
{
	struct bv_conf_port want = p->port;
	struct bv_link link;
	int slot, err;

	want.owner = BV_OWNER_HOOK;	/* apply -f leaves VM taps alone */
	memcpy(want.owner_id, dom->uuid, sizeof(want.owner_id));
	if (!p->port.dev[0]) {
		pr_warn("the interface with MAC %02x:%02x:%02x:%02x:%02x:%02x has no tap name (<target dev>) in the domain XML\n",
			p->mac[0], p->mac[1], p->mac[2], p->mac[3], p->mac[4],
			p->mac[5]);
		return -EINVAL;
	}
	if (bv_link_get(p->port.dev, 0, &link)) {
		pr_warn("tap %s not found\n", p->port.dev);
		return -ENODEV;
	}
	slot = bv_bridge_slot_of(br, link.ifindex);
	if (slot >= 0) {
		err = bv_port_may_change(br, slot, BV_OWNER_HOOK, dom->uuid);
		if (err)
			return err;
	}
	if (!is_vm_tap(&link)) {
		pr_warn("%s is not a tap (kind \"%s\"): the hook attaches VM taps only\n",
			p->port.dev, link.kind[0] ? link.kind : "none");
		return -EPERM;
	}
	if (slot >= 0 && !port_is(br, slot, dom, p)) {
		pr_info("%s: attached with other settings: attaching again\n",
			p->port.dev);
		err = bv_port_detach_as(br, slot, BV_OWNER_HOOK, dom->uuid);
		if (err)
			return err;
		slot = -1;
	}
	if (slot < 0) {
		err = bv_port_attach(br, &want);
		if (err)
			return err;
		slot = bv_bridge_slot_of(br, link.ifindex);
		if (slot < 0)
			return slot;
	}
	return p->static_mac ? add_static_mac(br, slot, p) : 0;
}

/* Detach the ports of @br recorded as @dom's, whatever their names are
 * now: a tap name another domain has since been given is that domain's.
 */
static int detach_own(struct bv_bridge *br, const struct bv_lv_domain *dom)
{
	int err, ret = 0;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!bv_port_is_of(br, slot, BV_OWNER_HOOK, dom->uuid))
			continue;
		err = bv_port_detach_as(br, slot, BV_OWNER_HOOK, dom->uuid);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/*
 * At "start begin", all or nothing. At "reconnect begin" (libvirtd
 * restarted; the VM runs, and a failure here would kill it) a port the
 * owner rule keeps from the hook is left as it is, with its message.
 */
static int attach_domain(const struct bv_lv_domain *dom, bool reconnect)
{
	struct bridges bs;
	unsigned int i;
	int err;

	err = open_bridges(dom, true, &bs);
	if (err)
		return err;
	for (i = 0; i < dom->nr_ports && !err; i++) {
		err = attach_port(bridge_of(&bs, &dom->ports[i]), dom,
				  &dom->ports[i]);
		if (err == -EPERM && reconnect)
			err = 0;
	}
	/* All or nothing: the VM will not run, none of its ports stays. */
	for (unsigned int j = 0; err && j < bs.nr; j++)
		detach_own(bs.br[j], dom);
	close_bridges(&bs);
	return err;
}

/*
 * At "stopped end" and again at "release end" (whichever finds them):
 * the ports recorded as this domain's, on the bridges its metadata names.
 */
static int detach_domain(const struct bv_lv_domain *dom)
{
	struct bridges bs;
	int err, ret = 0;

	/* Opening refreshes the bridges: ports whose tap is gone go. */
	err = open_bridges(dom, false, &bs);
	if (err)
		return err;
	for (unsigned int i = 0; i < bs.nr; i++) {
		err = detach_own(bs.br[i], dom);
		if (err && !ret)
			ret = err;
	}
	close_bridges(&bs);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan-libvirt-hook DOMAIN PHASE SUBPHASE [EXTRA]  (domain XML on stdin)\n"
"libvirt's qemu hook: attaches a domain's taps to bpfvlan at \"start begin\"\n"
"and \"reconnect begin\", detaches them at \"stopped end\" and \"release end\",\n"
"as the domain's <metadata> says (namespace %s). See bpfvlan(8).\n",
		BV_LV_NS);
}

int main(int argc, char **argv)
{
	char err_msg[BV_LV_ERR_MAX];
	struct bv_lv_domain dom;
	enum job job;
	size_t len;
	char *xml;
	int err;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stderr);
		return 0;
	}
	if (argc < 4) {
		usage(stderr);
		return 2;
	}
	job = job_of(argv[2], argv[3]);
	if (job == JOB_NONE)
		return 0;

	err = read_all(stdin, &xml, &len);
	if (err) {
		pr_warn("domain %s: cannot read the domain XML on stdin: %s\n",
			argv[1], strerror(-err));
		return 1;
	}
	err = bv_domxml_parse(xml, len, job != JOB_DETACH, &dom, err_msg);
	free(xml);
	if (err) {
		pr_warn("domain %s: %s\n", argv[1], err_msg);
		return 1;
	}
	/* No bpfvlan port: not ours, nothing to open. */
	if (dom.nr_ports) {
		bv_log_hook_libbpf();
		err = job == JOB_DETACH ? detach_domain(&dom)
					: attach_domain(&dom, job == JOB_RECONNECT);
		bv_netlink_close();
	}
	bv_domxml_free(&dom);
	return err ? 1 : 0;
}
