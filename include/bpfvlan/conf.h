/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A bridge described as data: what a configuration file says (`apply -f`)
 * or what is running (`show config`). One struct for both lets apply
 * compute the difference, and lets show config print valid input. No I/O
 * except bv_conf_write() to a stream the caller gives.
 */
#ifndef BV_CONF_H
#define BV_CONF_H

#include <stdbool.h>
#include <stdio.h>
#include <net/if.h>
#include "vidset.h"

/* An internal port's MTU (loader/internal.h). */
#define BV_CONF_MTU_MIN		68
#define BV_CONF_MTU_MAX		65535

struct bv_conf_port {
	char dev[IF_NAMESIZE];
	__u8 mode;			/* enum bv_port_mode */
	__u8 attach;			/* enum bv_attach_mode */
	__u8 owner;			/* enum bv_port_owner */
	__u16 pvid;			/* access VID, trunk native VID; 0: none */
	__u32 learn_limit;		/* learned MACs at most; 0: no limit */
	struct bv_vidset tagged;	/* trunk: tagged VIDs, never pvid */
	/* An internal port (`port add DEV internal VID`): an access port
	 * whose device bpfvlan makes; DEV is the host's end. mtu 0 and no
	 * MAC in a file: whatever it has.
	 */
	bool internal;
	bool has_mac;
	__u8 mac[6];
	unsigned int mtu;
	unsigned int line;		/* in the file; 0 when read from a bridge */
};

struct bv_conf_fdb {
	__u8 mac[6];
	__u16 vid;
	char dev[IF_NAMESIZE];
	unsigned int line;
};

struct bv_conf {
	unsigned int ageing_sec;
	unsigned int fdb_size;
	struct bv_conf_port *ports;
	size_t nr_ports;
	struct bv_conf_fdb *fdb;	/* static entries */
	size_t nr_fdb;
};

/* Empty, with the defaults of `load`. */
void bv_conf_init(struct bv_conf *c);
void bv_conf_free(struct bv_conf *c);
/* A new zeroed entry at the end, or NULL (no memory). */
struct bv_conf_port *bv_conf_add_port(struct bv_conf *c);
struct bv_conf_fdb *bv_conf_add_fdb(struct bv_conf *c);
const struct bv_conf_port *bv_conf_port_find(const struct bv_conf *c,
					     const char *dev);
const struct bv_conf_fdb *bv_conf_fdb_find(const struct bv_conf *c,
					   const __u8 mac[6], unsigned int vid);
/* Is the port a member of @vid (its PVID or a tagged VID)? */
bool bv_conf_port_has_vid(const struct bv_conf_port *p, unsigned int vid);
/* Is the port @have as @want says? Same kind, mode, VIDs, attach mode,
 * learn limit; an internal port's MTU and MAC if @want gives them. The
 * owner is not compared.
 */
bool bv_conf_port_same(const struct bv_conf_port *have,
		       const struct bv_conf_port *want);
/* Ports by name, FDB entries by VID then MAC: a stable order to print. */
void bv_conf_sort(struct bv_conf *c);

/* The words of a port's settings, as `attach DEV` and `port DEV` take
 * them: "access 10", "trunk 10,20 native 30 mode tc learn-limit 64"
 * (defaults omitted: mode auto, no learn limit).
 */
#define BV_CONF_ARGS_MAX	(BV_VIDSET_FMT_MAX + 64)
char *bv_conf_port_args(const struct bv_conf_port *p, char *buf, size_t len);

/* The configuration file for @c: valid input to the parser. Ports
 * attached by a hook are written as comments, with their FDB entries: a
 * saved file then does not capture VM taps. 0 or -EIO.
 */
int bv_conf_write(const struct bv_conf *c, const char *bridge, FILE *f);

/* Keyword <-> value, shared by the CLI and the file. */
const char *bv_attach_name(unsigned int attach);
int bv_attach_parse(const char *word, __u8 *attach);
const char *bv_owner_name(unsigned int owner);
int bv_owner_parse(const char *word, __u8 *owner);

static inline unsigned int bv_port_owner(const struct bv_port *p)
{
	return (p->flags & BV_PORT_F_OWNER_MASK) >> BV_PORT_OWNER_SHIFT;
}

static inline void bv_port_set_owner(struct bv_port *p, unsigned int owner)
{
	p->flags = (p->flags & ~BV_PORT_F_OWNER_MASK) |
		   ((owner << BV_PORT_OWNER_SHIFT) & BV_PORT_F_OWNER_MASK);
}

#endif /* BV_CONF_H */
