// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The bpfvlan metadata of a libvirt domain XML, read with libxml2. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/iplist.h"
#include "bpfvlan/link.h"
#include "bpfvlan/parse.h"
#include "bpfvlan_maps.h"
#include "domxml.h"

#define XSTR(s)	((const xmlChar *)(s))

static int fail(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, BV_LV_ERR_MAX, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* An element called @name in namespace @ns (NULL: in none). */
static bool is_elem(const xmlNode *n, const char *name, const char *ns)
{
	if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, XSTR(name)))
		return false;
	if (!ns)
		return !n->ns;
	return n->ns && n->ns->href && !xmlStrcmp(n->ns->href, XSTR(ns));
}

static bool in_our_ns(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !xmlStrcmp(n->ns->href, XSTR(BV_LV_NS));
}

static xmlNode *child(const xmlNode *parent, const char *name)
{
	for (xmlNode *n = parent->children; n; n = n->next)
		if (is_elem(n, name, NULL))
			return n;
	return NULL;
}

/* Attribute without namespace, or NULL; libvirt's own attributes have none. */
static const char *attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!a->ns && !xmlStrcmp(a->name, XSTR(name)) && a->children)
			return (const char *)a->children->content;
	return NULL;
}

/* A device or bridge name, by the rule every other reader of names
 * applies, before anything uses it to look for a device or a path.
 */
static int copy_dev(char dst[IF_NAMESIZE], const char *src)
{
	if (!bv_ifname_valid(src))
		return -EINVAL;
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

static int copy_bridge(char dst[BV_LV_BRIDGE_MAX], const char *src)
{
	if (!bv_bridge_name_valid(src) || strlen(src) >= BV_LV_BRIDGE_MAX)
		return -EINVAL;
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

#define DEV_RULE	"(1-15 characters, no / : %% or spaces)"
#define BRIDGE_RULE	"(1-15 characters: letters, digits, _ -)"

/* What a message calls a <bpfvlan:port>. */
static void port_label(const xmlNode *n, unsigned int idx, char *buf,
		       size_t size)
{
	const char *dev = attr(n, "dev"), *mac = attr(n, "mac");

	if (dev)
		snprintf(buf, size, "bpfvlan port dev=\"%.32s\"", dev);
	else if (mac)
		snprintf(buf, size, "bpfvlan port mac=\"%.32s\"", mac);
	else
		snprintf(buf, size, "bpfvlan port #%u", idx + 1);
}

/* The hook's own attributes; the port grammar has the others. */
static const char *const hook_attrs[] = { "dev", "mac", "bridge", "fdb", NULL };

static int check_attrs(const xmlNode *n, const char *label, char *err)
{
	for (xmlAttr *a = n->properties; a; a = a->next) {
		bool known = bv_port_spec_xml_attr((const char *)a->name);

		if (a->ns)
			continue;	/* someone else's extension */
		for (const char *const *k = hook_attrs; *k && !known; k++)
			known = !xmlStrcmp(a->name, XSTR(*k));
		if (!known)
			return fail(err, "%s: unknown attribute \"%s\"", label,
				    (const char *)a->name);
	}
	return 0;
}

static const char *node_attr(const void *node, const char *name)
{
	return attr(node, name);
}

/* The attributes of one <bpfvlan:port> (not yet its interface). */
static int parse_port(const xmlNode *n, const char *label,
		      struct bv_lv_port *p, char *err)
{
	const char *bridge = attr(n, "bridge"), *fdb = attr(n, "fdb");
	const char *dev = attr(n, "dev"), *mac = attr(n, "mac");
	char msg[BV_PS_ERR_MAX];
	int ret;

	ret = check_attrs(n, label, err);
	if (ret)
		return ret;
	if (!dev && !mac)
		return fail(err, "%s: needs dev= (tap name) or mac=", label);
	if (dev && copy_dev(p->port.dev, dev))
		return fail(err, "%s: invalid dev \"%.32s\" " DEV_RULE, label,
			    dev);
	if (mac && bv_parse_mac(mac, p->mac))
		return fail(err, "%s: invalid mac \"%s\"", label, mac);
	p->has_mac = mac != NULL;
	if (copy_bridge(p->bridge, bridge ? bridge : BV_LV_DEFAULT_BRIDGE))
		return fail(err, "%s: invalid bridge \"%.32s\" " BRIDGE_RULE,
			    label, bridge);
	if (bv_port_spec_parse_xml(node_attr, n, &p->port, msg))
		return fail(err, "%s: %s", label, msg);

	/* A VM's MAC is static on its access port unless fdb="learn". */
	p->static_mac = p->port.mode == BV_MODE_ACCESS;
	if (fdb && !strcmp(fdb, "learn"))
		p->static_mac = false;
	else if (fdb && !strcmp(fdb, "static") && p->port.mode == BV_MODE_TRUNK)
		return fail(err, "%s: fdb=\"static\" needs mode=\"access\"",
			    label);
	else if (fdb && strcmp(fdb, "static"))
		return fail(err, "%s: unknown fdb \"%s\" (static or learn)",
			    label, fdb);
	return 0;
}

/*
 * libvirt's own words about port security in the <interface> @iface:
 * <port isolated='yes'/>, <filterref filter='NAME'> and its
 * <parameter name='IP' value='ADDR'/> (IPV6 too).
 */
static int read_security(const xmlNode *iface, const char *label,
			 struct bv_lv_port *p, char *err)
{
	const xmlNode *port = child(iface, "port"), *ref = child(iface, "filterref");
	const char *v;

	v = port ? attr(port, "isolated") : NULL;
	p->lv_isolated = v && !strcmp(v, "yes");
	if (!ref)
		return 0;
	v = attr(ref, "filter");
	snprintf(p->filter, sizeof(p->filter), "%s", v ? v : "");
	for (xmlNode *n = ref->children; n; n = n->next) {
		const char *name, *value;
		struct bv_iplist one;

		if (!is_elem(n, "parameter", NULL))
			continue;
		name = attr(n, "name");
		value = attr(n, "value");
		if (!name || (strcmp(name, "IP") && strcmp(name, "IPV6")))
			continue;
		if (!value || !strcmp(value, "any") ||
		    bv_iplist_parse(value, &one) || one.nr != 1 ||
		    bv_iplist_add(&p->filter_ips, &one.p[0]))
			return fail(err, "%s: filterref parameter %s=\"%.48s\" is no address bpfvlan takes (at most %d)",
				    label, name, value ? value : "",
				    BV_ALLOW_IP_MAX);
	}
	return 0;
}

static bool filter_is(const struct bv_lv_port *p, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(p->filter, *names))
			return true;
	return false;
}

/* The EUI-64 link-local address of @mac. */
static void eui64_ll(const uint8_t mac[ETH_ALEN], struct bv_ip_prefix *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->addr[0] = 0xfe;
	ll->addr[1] = 0x80;
	ll->addr[8] = mac[0] ^ 2;
	ll->addr[9] = mac[1];
	ll->addr[10] = mac[2];
	ll->addr[11] = 0xff;
	ll->addr[12] = 0xfe;
	ll->addr[13] = mac[3];
	ll->addr[14] = mac[4];
	ll->addr[15] = mac[5];
	ll->plen = 128;
}

static bool has_ipv6(const struct bv_iplist *l)
{
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	for (unsigned int i = 0; i < l->nr; i++)
		if (l->p[i].plen < 96 || memcmp(l->p[i].addr, mapped, 12))
			return true;
	return false;
}

/* Port security where the metadata leaves it out (domxml.h). */
static int port_security(struct bv_lv_port *p, const char *label, char *err)
{
	/* Their MAC part (clean-traffic, no-mac-spoofing) is the lock, on
	 * wherever the MAC is static.
	 */
	static const char *const ip_filters[] = {
		"clean-traffic", "no-ip-spoofing", "no-arp-spoofing",
		"no-arp-ip-spoofing", NULL,
	};
	unsigned int given = p->port.given;
	struct bv_ip_prefix ll;

	if (!(given & bv_port_spec_bit("isolated")))
		p->port.isolated = p->lv_isolated;
	if (!(given & bv_port_spec_bit("locked")))
		p->port.locked = p->static_mac;
	else if (p->port.locked && !p->static_mac)
		return fail(err, "%s: lock=\"yes\" needs the VM's MAC static (an access port without fdb=\"learn\")",
			    label);
	if (!(given & bv_port_spec_bit("allow-ip")) && filter_is(p, ip_filters))
		p->port.allow_ip = p->filter_ips;
	if (!has_ipv6(&p->port.allow_ip) || !p->has_mac)
		return 0;
	eui64_ll(p->mac, &ll);
	if (bv_iplist_allows(&p->port.allow_ip, ll.addr))
		return 0;
	if (bv_iplist_add(&p->port.allow_ip, &ll))
		return fail(err, "%s: no room for the link-local address in ips= (at most %d)",
			    label, BV_ALLOW_IP_MAX);
	return 0;
}

/*
 * Find the <interface> of @p (by dev and/or MAC: both must agree) and take
 * its tap name, MAC and managed flag. 1 if found, 0 if not.
 */
static int match_interface(const xmlNode *devices, const char *label,
			   struct bv_lv_port *p, char *err)
{
	for (xmlNode *n = devices ? devices->children : NULL; n; n = n->next) {
		xmlNode *target, *macn;
		const char *dev = NULL, *mac = NULL, *type, *managed = NULL;
		uint8_t ifmac[ETH_ALEN];
		bool has_ifmac;

		if (!is_elem(n, "interface", NULL))
			continue;
		target = child(n, "target");
		macn = child(n, "mac");
		if (target) {
			dev = attr(target, "dev");
			managed = attr(target, "managed");
		}
		if (macn)
			mac = attr(macn, "address");
		has_ifmac = mac && !bv_parse_mac(mac, ifmac);
		if (p->port.dev[0] && (!dev || strcmp(dev, p->port.dev)))
			continue;
		if (p->has_mac && (!has_ifmac || memcmp(ifmac, p->mac, ETH_ALEN)))
			continue;

		type = attr(n, "type");
		if (!type || strcmp(type, "ethernet"))
			return fail(err, "%s: its interface is type='%s'; bpfvlan needs type='ethernet'",
				    label, type ? type : "");
		if (dev && copy_dev(p->port.dev, dev))
			return fail(err, "%s: invalid interface target dev \"%.32s\" " DEV_RULE,
				    label, dev);
		if (has_ifmac) {
			memcpy(p->mac, ifmac, ETH_ALEN);
			p->has_mac = true;
		}
		p->unmanaged = managed && !strcmp(managed, "no");
		return read_security(n, label, p, err) ?: 1;
	}
	return 0;
}

static bool same_interface(const struct bv_lv_port *a,
			   const struct bv_lv_port *b)
{
	if (a->port.dev[0] && b->port.dev[0] && !strcmp(a->port.dev, b->port.dev))
		return true;
	return a->has_mac && b->has_mac && !memcmp(a->mac, b->mac, ETH_ALEN);
}

static int parse_ports(const xmlNode *ports, const xmlNode *devices,
		       bool need_all, struct bv_lv_domain *dom, char *err)
{
	unsigned int max = 0, idx = 0;
	char label[96];
	int ret;

	for (xmlNode *n = ports->children; n; n = n->next)
		max++;
	dom->ports = calloc(max ? max : 1, sizeof(*dom->ports));
	if (!dom->ports)
		return fail(err, "out of memory");

	for (xmlNode *n = ports->children; n; n = n->next) {
		struct bv_lv_port *p = &dom->ports[dom->nr_ports];

		if (!in_our_ns(n))
			continue;	/* text, comments, other namespaces */
		if (xmlStrcmp(n->name, XSTR("port")))
			return fail(err, "unknown element bpfvlan:%s in bpfvlan:ports",
				    (const char *)n->name);
		port_label(n, idx++, label, sizeof(label));
		ret = parse_port(n, label, p, err);
		if (ret)
			return ret;
		ret = match_interface(devices, label, p, err);
		if (ret < 0)
			return ret;
		/* At a stop, the port's bridge is what counts: kept. */
		if (!ret && need_all)
			return fail(err, "%s: no <interface> of the domain has this %s",
				    label, p->port.dev[0] ? "target dev" : "MAC");
		if (ret) {
			ret = port_security(p, label, err);
			if (ret)
				return ret;
		}
		for (unsigned int i = 0; i < dom->nr_ports; i++)
			if (same_interface(&dom->ports[i], p))
				return fail(err, "%s: its interface already has a bpfvlan port",
					    label);
		dom->nr_ports++;
	}
	return 0;
}

static int parse_domain(const xmlNode *root, bool need_all,
			struct bv_lv_domain *dom, char *err)
{
	const xmlNode *metadata, *ports = NULL, *name, *uuid;
	int ret;

	if (!root || !is_elem(root, "domain", NULL))
		return fail(err, "not a libvirt domain XML (no <domain>)");
	name = child(root, "name");
	if (name && name->children && name->children->content)
		snprintf(dom->name, sizeof(dom->name), "%s",
			 (const char *)name->children->content);
	uuid = child(root, "uuid");
	if (uuid) {
		const char *text = uuid->children ?
			(const char *)uuid->children->content : "";

		if (!text || bv_parse_uuid(text, dom->uuid))
			return fail(err, "invalid <uuid> \"%.40s\"",
				    text ? text : "");
		dom->has_uuid = true;
	}
	metadata = child(root, "metadata");
	for (xmlNode *n = metadata ? metadata->children : NULL; n; n = n->next) {
		if (!in_our_ns(n))
			continue;
		if (xmlStrcmp(n->name, XSTR("ports")))
			return fail(err, "unknown element bpfvlan:%s in <metadata> (bpfvlan:ports)",
				    (const char *)n->name);
		if (ports)
			return fail(err, "more than one bpfvlan:ports in <metadata>");
		ports = n;
	}
	if (!ports)
		return 0;
	ret = parse_ports(ports, child(root, "devices"), need_all, dom, err);
	if (!ret && dom->nr_ports && !dom->has_uuid)
		return fail(err, "no <uuid> in the domain XML (the hook records it as its ports' owner)");
	return ret;
}

int bv_domxml_parse(const char *xml, size_t len, bool need_all,
		    struct bv_lv_domain *dom, char err[BV_LV_ERR_MAX])
{
	xmlDoc *doc;
	int ret;

	memset(dom, 0, sizeof(*dom));
	err[0] = '\0';
	if (len > INT32_MAX)
		return fail(err, "domain XML too large");
	/* No network, no entity expansion, errors kept for our message. */
	doc = xmlReadMemory(xml, (int)len, "domain.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();

		return fail(err, "cannot parse the domain XML: line %d: %.*s",
			    e ? e->line : 0,
			    e && e->message ? (int)strcspn(e->message, "\n") : 7,
			    e && e->message ? e->message : "unknown");
	}
	ret = parse_domain(xmlDocGetRootElement(doc), need_all, dom, err);
	xmlFreeDoc(doc);
	if (ret) {
		free(dom->ports);
		dom->ports = NULL;
		dom->nr_ports = 0;
	}
	return ret;
}

void bv_domxml_free(struct bv_lv_domain *dom)
{
	free(dom->ports);
	dom->ports = NULL;
	dom->nr_ports = 0;
}
