/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A port's settings in words: the one grammar of
 *
 *   attach DEV access VID [mode auto|xdp|tc] [learn-limit N]
 *              [isolated on|off] [locked on|off] [allow-ip LIST|any]
 *              [owner OWNER]
 *   port set DEV [learn-limit N] [isolated on|off] [locked on|off]
 *                [allow-ip LIST|any]
 *   port add NAME internal VID [mtu N] [mac MAC]
 *   port DEV trunk VIDLIST [native VID] ...      (a configuration file)
 *   <bpfvlan:port mode="trunk" vlans="..." native="..." attach="..."/>
 *
 * and of what `show config` writes. A port is a kind with its value
 * (access VID, trunk VIDLIST, internal VID) and keywords, each at most
 * once. One table of keywords (port_spec.c) drives the parsing, the
 * messages, the usage text, the writer and the comparison for every
 * reader: a new port keyword is one row there, with its field in
 * struct bv_conf_port (and what the datapath does with it).
 *
 * Parsing is pure: no I/O; a failure is -EINVAL and one line in @err that
 * names the word at fault, the same for the same words in every reader
 * (but for the name the reader gives a keyword: an XML attribute).
 */
#ifndef BPFVLAN_PORT_SPEC_H
#define BPFVLAN_PORT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include "bpfvlan/iplist.h"
#include "bpfvlan/vidset.h"
#include "bpfvlan_maps.h"

/*
 * A port as words say it. For every keyword the zero value is its
 * default, which the writer leaves out.
 */
struct bv_conf_port {
	char dev[IF_NAMESIZE];
	__u8 mode;			/* enum bv_port_mode */
	__u8 attach;			/* mode: enum bv_attach_mode */
	__u8 owner;			/* owner: enum bv_port_owner */
	/* Not a keyword: which one of the owner attaches the port (the
	 * hook: the domain's UUID), as bv_port.owner_id; zero: none.
	 */
	__u8 owner_id[BV_OWNER_ID_LEN];
	__u16 pvid;			/* access VID, native VID; 0: none */
	__u32 learn_limit;		/* learned MACs at most; 0: no limit */
	bool isolated;			/* isolated on: BV_PORT_F_ISOLATED */
	bool locked;			/* locked on: BV_PORT_F_LOCKED */
	struct bv_iplist allow_ip;	/* allow-ip: empty = any (no check) */
	struct bv_vidset tagged;	/* trunk: tagged VIDs (a file: never pvid) */
	/* An internal port (`port add DEV internal VID`): an access port
	 * whose device bpfvlan makes; DEV is the host's end. mtu 0 and no
	 * MAC: whatever it has.
	 */
	bool internal;
	bool has_mac;
	__u8 mac[ETH_ALEN];
	unsigned int mtu;
	unsigned int given;		/* keywords given: bv_port_spec_bit() */
	unsigned int line;		/* in the file; 0 when read from a bridge */
};

/* Who reads the words; each keyword names the readers that take it. */
enum bv_ps_reader {
	BV_PS_ATTACH	= 1 << 0,	/* attach DEV KIND VALUE [KEYWORD VALUE]... */
	BV_PS_FILE	= 1 << 1,	/* port DEV KIND VALUE ... (and show config) */
	BV_PS_SET	= 1 << 2,	/* port set DEV KEYWORD VALUE...: changed live */
	BV_PS_ADD	= 1 << 3,	/* port add NAME internal VID ... */
	BV_PS_XML	= 1 << 4,	/* <bpfvlan:port ATTRIBUTE="VALUE".../> */
};

#define BV_PS_ERR_MAX		256
/* Room for any port's words: a VID list and every keyword. */
#define BV_PS_FMT_MAX		(BV_VIDSET_FMT_MAX + BV_IPLIST_FMT_MAX + 128)

/*
 * @argv: KIND VALUE [KEYWORD VALUE]... as @reader takes them. Fills @p
 * but for its dev (the caller's); p->given says which keywords were
 * given. 0, or -EINVAL with the reason in @err.
 */
int bv_port_spec_parse(unsigned int reader, int argc, char **argv,
		       struct bv_conf_port *p, char err[BV_PS_ERR_MAX]);
/* KEYWORD VALUE... alone (`port set`): into @p, p->given says which. */
int bv_port_spec_parse_keywords(unsigned int reader, int argc, char **argv,
				struct bv_conf_port *p,
				char err[BV_PS_ERR_MAX]);
/*
 * The attributes of a <bpfvlan:port>: @attr(@ctx, NAME) is the value of
 * attribute NAME, or NULL. A trunk may leave vlans= out for native=.
 */
int bv_port_spec_parse_xml(const char *(*attr)(const void *ctx,
					       const char *name),
			   const void *ctx, struct bv_conf_port *p,
			   char err[BV_PS_ERR_MAX]);
/* Is NAME an attribute of <bpfvlan:port> that the grammar reads? */
bool bv_port_spec_xml_attr(const char *name);

/* Is @word a kind of port (access, trunk, internal) that @reader takes? */
bool bv_port_spec_kind(unsigned int reader, const char *word);
/* The bit of keyword @word in bv_conf_port.given (0: no such keyword). */
unsigned int bv_port_spec_bit(const char *word);
/* The keywords @reader takes, as bits of bv_conf_port.given. */
unsigned int bv_port_spec_keywords(unsigned int reader);

/*
 * The words of @p as the file (and `attach`) takes them: "access 10",
 * "trunk 10,20 native 30 mode tc learn-limit 64", "internal 90 mtu 9000";
 * keywords at their default left out. Returns buf.
 */
char *bv_port_spec_format(const struct bv_conf_port *p, char *buf, size_t len);
/* "KEYWORD VALUE ..." of the keywords in @mask, defaults too. Returns buf. */
char *bv_port_spec_format_keywords(const struct bv_conf_port *p,
				   unsigned int mask, char *buf, size_t len);

/* Copy the fields of the keywords in @mask from @src to @dst. */
void bv_port_spec_copy(struct bv_conf_port *dst, const struct bv_conf_port *src,
		       unsigned int mask);
/*
 * Do @have and @want agree on every keyword in @mask? One that @want
 * leaves at zero where zero means "whatever it has" (an internal port's
 * mtu, mac) is not compared. Their kinds and values are the caller's.
 */
bool bv_port_spec_same(const struct bv_conf_port *have,
		       const struct bv_conf_port *want, unsigned int mask);
/* The keywords of @mask on which they do not agree (as above). */
unsigned int bv_port_spec_differ(const struct bv_conf_port *have,
				 const struct bv_conf_port *want,
				 unsigned int mask);

/*
 * Usage text from the table: a synopsis line per kind @reader takes
 * ("@first access VID [mode auto|xdp|tc] ...", the next ones after @rest,
 * of the same width; cut at 79 columns and continued under the kind; one
 * line of keywords for a reader without kinds), and the lines that
 * explain each kind and keyword.
 */
void bv_port_spec_usage(FILE *f, unsigned int reader, const char *first,
			const char *rest);
/* The keywords of @reader as "learn-limit N, isolated on|off". Returns buf. */
char *bv_port_spec_synopsis(unsigned int reader, char *buf, size_t len);
void bv_port_spec_help(FILE *f, unsigned int reader);

/* Keyword <-> value of the enumerated keywords. */
const char *bv_attach_name(unsigned int attach);
const char *bv_owner_name(unsigned int owner);
int bv_owner_parse(const char *word, __u8 *owner);

#endif /* BPFVLAN_PORT_SPEC_H */
