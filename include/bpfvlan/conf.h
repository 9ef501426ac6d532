/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A bridge described as data: what a configuration file says (`apply -f`)
 * or what is running (`show config`). One struct for both lets apply
 * compute the difference, and lets show config print valid input. A port
 * is in the words of the port grammar (bpfvlan/port_spec.h). The data and
 * the parser are pure; bv_conf_write() writes to a stream the caller
 * gives, bv_conf_file_read() reads a file, bv_conf_read() a bridge.
 */
#ifndef BPFVLAN_CONF_H
#define BPFVLAN_CONF_H

#include <stdbool.h>
#include <stdio.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include "bpfvlan/mirror.h"
#include "bpfvlan/port_spec.h"
#include "bpfvlan/vidset.h"

struct bv_conf_fdb {
	__u8 mac[ETH_ALEN];
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
	struct bv_mirror_spec *mirrors;
	size_t nr_mirrors;
};

/* Empty, with the defaults of `load`. */
void bv_conf_init(struct bv_conf *c);
void bv_conf_free(struct bv_conf *c);
/* A new zeroed entry at the end, or NULL (no memory). */
struct bv_conf_port *bv_conf_add_port(struct bv_conf *c);
struct bv_conf_fdb *bv_conf_add_fdb(struct bv_conf *c);
struct bv_mirror_spec *bv_conf_add_mirror(struct bv_conf *c);
const struct bv_mirror_spec *bv_conf_mirror_find(const struct bv_conf *c,
						 const char *name);
const struct bv_conf_port *bv_conf_port_find(const struct bv_conf *c,
					     const char *dev);
const struct bv_conf_fdb *bv_conf_fdb_find(const struct bv_conf *c,
					   const __u8 mac[ETH_ALEN],
					   unsigned int vid);
/* Is the port a member of @vid (its PVID or a tagged VID)? */
bool bv_conf_port_has_vid(const struct bv_conf_port *p, unsigned int vid);
/* Is the port @have as @want says? bv_port_spec_same() over every
 * keyword of the file: same kind, VIDs, attach mode, learn limit; an
 * internal port's MTU and MAC if @want gives them. The owner is not
 * compared.
 */
bool bv_conf_port_same(const struct bv_conf_port *have,
		       const struct bv_conf_port *want);
/* Ports by name, FDB entries by VID then MAC, mirrors by name: a stable
 * order to print.
 */
void bv_conf_sort(struct bv_conf *c);

/* The configuration file for @c: valid input to the parser, which reads
 * it back as @c. Ports attached by a hook are written as comments, with
 * their FDB entries and mirrors: a saved file then does not capture VM
 * taps. So is a mirror whose destination has no device name ("ifindex
 * N": gone). 0,
 * -EIO, or -EINVAL (nothing written) if a name is no device name
 * (bv_ifname_valid): a port whose device is gone cannot be written.
 */
int bv_conf_write(const struct bv_conf *c, const char *bridge, FILE *f);
/*
 * A device name as a word of the file: bare if it reads back so, else in
 * double quotes ("#x", names with a byte that is not printable ASCII or
 * is a space), where \" and \\ stand for themselves and \xHH for a byte.
 * Returns buf.
 */
#define BV_CONF_NAME_MAX	(2 + 4 * IF_NAMESIZE)
char *bv_conf_quote(const char *name, char *buf, size_t len);

/* --- the file (conf_parse.c) ---------------------------------------- */

/*
 * The configuration file of a bridge (`bpfvlan apply -f FILE`), one
 * statement per line, in the words of the command line:
 *
 *   bridge [ageing SECS] [fdb-size N]
 *   port DEV KIND VALUE [KEYWORD VALUE]...   (the grammar of port_spec.h)
 *   fdb MAC dev DEV vid VID
 *   mirror NAME [dev DEV [ingress|egress|both]] [vid VIDLIST] to DEV
 *
 * '#' starts a comment where a word starts. A word in double quotes may
 * hold any byte: \" and \\ stand for themselves, \xHH for byte HH (not
 * 00); `show config` quotes the device names that need it (bv_conf_quote).
 * What the file leaves out has
 * its default (ageing 300, fdb-size 16384, mode auto, no learn limit).
 * The parser is pure: no I/O, no messages; an error says the line and
 * names the word at fault.
 */
struct bv_conf_error {
	unsigned int line;	/* 1-based */
	char msg[256];		/* names the word at fault */
};

/* Parse @len bytes of @text (a NUL byte is an error). On success *out is
 * the bridge the file describes, every port owned by the config; on
 * failure *out is empty and @err says where and why. 0 or -EINVAL
 * (-ENOMEM).
 */
int bv_conf_parse(const char *text, size_t len, struct bv_conf *out,
		  struct bv_conf_error *err);

#define BV_CONF_FILE_MAX	(16U << 20)	/* far more than 512 ports need */

/* Read @path ("-": standard input) into a malloc'ed, NUL-terminated
 * buffer; *len excludes the NUL. -EFBIG past BV_CONF_FILE_MAX.
 */
int bv_conf_file_read(const char *path, char **buf, size_t *len);

/* --- a running bridge (conf_read.c) ----------------------------------- */

struct bv_bridge;
/* Ports (sorted by name, with their owners), static FDB entries and
 * mirrors (one whose destination device is gone has "ifindex N" for it:
 * written as a comment) of @br, as `show config` prints them and `apply`
 * compares its file with;
 * bv_conf_free() the result. -ENODEV, with a message, if a port's device
 * has no name (gone since the refresh): a file could not name it.
 */
int bv_conf_read(struct bv_bridge *br, struct bv_conf *out);

#endif /* BPFVLAN_CONF_H */
