/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Shared state and argument helpers of the bpfvlan command line. */
#ifndef BV_CLI_H
#define BV_CLI_H

#include <stdbool.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/parse.h"

struct bv_cli {
	const char *netns;
	const char *bridge;
	bool json;
	bool pretty;
	bool bad_input;		/* exit 2 rather than 1 */
};

extern struct bv_cli cli;

/* Report bad command-line input; returns -EINVAL. */
int bv_bad_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The next word after keyword argv[0], or a message and NULL. */
const char *bv_next_arg(int *argc, char ***argv);
bool bv_is_help(const char *word);

/* Value parsers that name the bad word in their message. */
int bv_arg_vid(const char *word, const char *what, __u16 *vid);
int bv_arg_vidlist(const char *word, struct bv_vidset *set);
int bv_arg_mac(const char *word, __u8 mac[6]);
/* Seconds ("1", "0.5") into ms in [min_ms, max_ms]; @what names the value. */
int bv_arg_seconds(const char *word, const char *what, unsigned int min_ms,
		   unsigned int max_ms, unsigned int *ms);
/* A MAC a host may have: not multicast, not zero. */
int bv_arg_unicast_mac(const char *word, __u8 mac[6]);

/* `dev DEV` filter of the show commands: the slot, or -1 when !dev. */
int bv_arg_dev_filter(struct bv_bridge *br, const char *dev, int *slot);

/* Open the selected bridge and bring it up to date (locked until close). */
int bv_cli_open(struct bv_bridge **br);

int do_load(int argc, char **argv);
int do_unload(int argc, char **argv);
int do_attach(int argc, char **argv);
int do_detach(int argc, char **argv);
int do_port(int argc, char **argv);
int do_vlan(int argc, char **argv);
int do_fdb(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_apply(int argc, char **argv);
int do_show(int argc, char **argv);
int do_top(int argc, char **argv);

#endif /* BV_CLI_H */
