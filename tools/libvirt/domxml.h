/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The bpfvlan part of a libvirt domain XML: the <bpfvlan:ports> element in
 * <metadata> (namespace BV_LV_NS), each <bpfvlan:port> matched to the
 * domain's <interface> by tap name (dev=) or MAC (mac=):
 *
 *   <bpfvlan:ports xmlns:bpfvlan="urn:bpfvlan:libvirt:1">
 *     <bpfvlan:port dev="web1-0" bridge="bv0" mode="access" vlan="10"/>
 *     <bpfvlan:port mac="52:54:00:aa:00:02" mode="trunk" vlans="20,30-39" native="30"/>
 *   </bpfvlan:ports>
 *
 * Attributes dev=, mac=, bridge= and fdb= are the hook's; the others are
 * the port grammar's (bv_port_spec_parse_xml), as attach reads it.
 *
 * Port security (README, "Port security" and "libvirt"): where the
 * metadata leaves them out,
 *   - isolated comes from the interface's <port isolated='yes'/>;
 *   - lock is on for a port whose MAC is made static (access ports, unless
 *     fdb="learn"); lock="yes" needs that static MAC;
 *   - ips comes from the IP parameters of a <filterref> to clean-traffic,
 *     no-ip-spoofing, no-arp-spoofing or no-arp-ip-spoofing;
 * and a list with an IPv6 entry gets the EUI-64 link-local address of the
 * interface's MAC (the VM's ND comes from it).
 *
 * Pure: no I/O and no messages; on bad input the one-line reason is
 * written to the caller's buffer.
 */
#ifndef BV_DOMXML_H
#define BV_DOMXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include "bpfvlan/port_spec.h"

#define BV_LV_NS		"urn:bpfvlan:libvirt:1"
#define BV_LV_BRIDGE_MAX	16	/* BV_BRIDGE_NAME_MAX */
#define BV_LV_DEFAULT_BRIDGE	"bv0"
#define BV_LV_ERR_MAX		256

struct bv_lv_port {
	/* From the matched <interface>. */
	uint8_t mac[ETH_ALEN];
	bool has_mac;
	bool unmanaged;			/* <target managed='no'/>: the admin's tap */
	/* From <bpfvlan:port>: its bridge, the port in the words of the
	 * port grammar (bpfvlan/port_spec.h: mode=, vlan=, vlans=, native=,
	 * attach=...), port.dev the tap ("" when the XML has none).
	 */
	char bridge[BV_LV_BRIDGE_MAX];
	struct bv_conf_port port;
	bool static_mac;		/* fdb="static": the MAC as a static FDB entry */
	/* From the <interface>: libvirt's <port isolated='yes'/>, and a
	 * <filterref filter='...'> of libvirt's anti-spoofing filters with
	 * its IP parameters (bv_domxml_parse turns them into port security,
	 * see there).
	 */
	bool lv_isolated;
	char filter[32];
	struct bv_iplist filter_ips;
};

struct bv_lv_domain {
	char name[256];
	/* <uuid>, which the hook records as the owner of the domain's ports
	 * (bv_port.owner_id); a domain with bpfvlan ports must have one.
	 */
	uint8_t uuid[16];
	bool has_uuid;
	unsigned int nr_ports;
	struct bv_lv_port *ports;
};

/*
 * Parse @xml (@len bytes). With @need_all, a <bpfvlan:port> that matches
 * no <interface> is an error (a VM starting); without, it is kept as its
 * metadata says (a VM stopping: libvirt may have dropped the tap names
 * from the XML by then, and the stop needs only the ports' bridges).
 * Names (dev=, bridge=, <target dev>) follow the rules of every other
 * reader (bv_ifname_valid, bv_bridge_name_valid), or are an error.
 * 0 on success (nr_ports 0 without bpfvlan metadata), else -EINVAL with
 * the reason in @err. bv_domxml_free() in both cases.
 */
int bv_domxml_parse(const char *xml, size_t len, bool need_all,
		    struct bv_lv_domain *dom, char err[BV_LV_ERR_MAX]);
void bv_domxml_free(struct bv_lv_domain *dom);

#endif /* BV_DOMXML_H */
