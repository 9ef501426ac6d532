// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The bpfvlan metadata of a libvirt domain XML, read with libxml2. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
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

static int copy_name(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (!len || len >= size)
		return -EINVAL;
	memcpy(dst, src, len + 1);
	return 0;
}

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
	if (dev && copy_name(p->port.dev, sizeof(p->port.dev), dev))
		return fail(err, "%s: invalid dev \"%s\"", label, dev);
	if (mac && bv_parse_mac(mac, p->mac))
		return fail(err, "%s: invalid mac \"%s\"", label, mac);
	p->has_mac = mac != NULL;
	if (copy_name(p->bridge, sizeof(p->bridge),
		      bridge ? bridge : BV_LV_DEFAULT_BRIDGE))
		return fail(err, "%s: invalid bridge \"%s\"", label, bridge);
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
		if (dev && copy_name(p->port.dev, sizeof(p->port.dev), dev))
			return fail(err, "%s: invalid interface target dev \"%s\"",
				    label, dev);
		if (has_ifmac) {
			memcpy(p->mac, ifmac, ETH_ALEN);
			p->has_mac = true;
		}
		p->unmanaged = managed && !strcmp(managed, "no");
		return 1;
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
		if (!ret && need_all)
			return fail(err, "%s: no <interface> of the domain has this %s",
				    label, p->port.dev[0] ? "target dev" : "MAC");
		if (!ret) {
			memset(p, 0, sizeof(*p));
			continue;
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
	const xmlNode *metadata, *ports = NULL, *name;

	if (!root || !is_elem(root, "domain", NULL))
		return fail(err, "not a libvirt domain XML (no <domain>)");
	name = child(root, "name");
	if (name && name->children && name->children->content)
		snprintf(dom->name, sizeof(dom->name), "%s",
			 (const char *)name->children->content);
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
	return parse_ports(ports, child(root, "devices"), need_all, dom, err);
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
