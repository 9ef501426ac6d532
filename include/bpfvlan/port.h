/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Ports: attach a device to a bridge (device settings, maps, then TC,
 * then XDP, so that a failure at any step is rolled back to the previous
 * state) and detach it (removing exactly what attach made).
 */
#ifndef BPFVLAN_PORT_H
#define BPFVLAN_PORT_H

#include <stdbool.h>
#include <linux/if_ether.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/port_spec.h"
#include "bpfvlan/vidset.h"

/*
 * `attach DEV ...` as @p says (bpfvlan/port_spec.h): p->dev becomes a port
 * with p->owner; an internal port (`port add NAME internal VID`) makes
 * its veth pair first (bv_internal_add). All or nothing; prints why.
 */
int bv_port_attach(struct bv_bridge *br, const struct bv_conf_port *p);
/* `detach DEV` of port @slot: exactly what attach made goes; an internal
 * port's veth pair is deleted (`port del`).
 */
int bv_port_detach(struct bv_bridge *br, unsigned int slot);
/*
 * Slot of @dev in @br; prints why not (unknown device, not a port). The
 * host's end of an internal port names that port.
 */
int bv_port_of_dev(struct bv_bridge *br, const char *dev, unsigned int *slot);
/* `port set DEV KEYWORD VALUE...`: the keywords of @mask that change live
 * (BV_PS_SET), from @p. A lowered learn-limit leaves the MACs held beyond
 * it until they age out.
 */
int bv_port_set(struct bv_bridge *br, unsigned int slot,
		const struct bv_conf_port *p, unsigned int mask);

/* The allow-ip prefixes of port @slot (empty: any). 0 or -errno. */
int bv_port_allow_ip(struct bv_bridge *br, unsigned int slot,
		     struct bv_iplist *l);

/*
 * The owner rule: who may change a port once it is attached. An admin
 * (owner manual: `attach`, `detach`) and apply (owner config, as its plan
 * says) may change any port. A hook (owner hook: the libvirt hook) may
 * only change a port that was attached as owner hook, for the same @id
 * (its domain's UUID, BV_OWNER_ID_LEN bytes) or for none recorded; never
 * a port attached by hand or by apply, nor an internal port (either of
 * its ends). It attaches free devices only (bv_port_attach refuses the
 * others). 0, -ENOENT (no port), or -EPERM with a message naming the
 * device and who owns it.
 */
int bv_port_may_change(struct bv_bridge *br, unsigned int slot,
		       unsigned int owner, const __u8 *id);
/* bv_port_detach if bv_port_may_change allows it. */
int bv_port_detach_as(struct bv_bridge *br, unsigned int slot,
		      unsigned int owner, const __u8 *id);
/* Was port @slot (not an internal one) attached by @owner for @id, as
 * its record says (none recorded: no)? What a hook detaches at a stop.
 */
bool bv_port_is_of(const struct bv_bridge *br, unsigned int slot,
		   unsigned int owner, const __u8 *id);

/* Who manages the port: enum bv_port_owner. */
static inline unsigned int bv_port_owner(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_OWNER_MASK) >> BV_PORT_OWNER_SHIFT;
}

/* Why the port has no XDP program: enum bv_no_xdp (0: it has one, or
 * was attached by a bpfvlan that did not keep why).
 */
static inline unsigned int bv_port_no_xdp(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_NOXDP_MASK) >> BV_PORT_NOXDP_SHIFT;
}

/* enum bv_no_xdp in words, for messages and port show; "" for none. */
const char *bv_no_xdp_name(unsigned int why);

#endif /* BPFVLAN_PORT_H */
