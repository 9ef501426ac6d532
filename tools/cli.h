/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Shared state and argument helpers of the bpfvlan command line. */
#ifndef BV_CLI_H
#define BV_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "bpfvlan/bridge.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/port_spec.h"

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
int bv_arg_mac(const char *word, __u8 mac[ETH_ALEN]);
/* Seconds ("1", "0.5") into ms in [min_ms, max_ms]; @what names the value. */
int bv_arg_seconds(const char *word, const char *what, unsigned int min_ms,
		   unsigned int max_ms, unsigned int *ms);
/* A MAC a host may have: not multicast, not zero. */
int bv_arg_unicast_mac(const char *word, __u8 mac[ETH_ALEN]);

/* `dev DEV` filter of the show commands: the slot, or -1 when !dev. */
int bv_arg_dev_filter(struct bv_bridge *br, const char *dev, int *slot);

#define BV_ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* A command, or a subcommand of an object (`bpfvlan port set ...`). */
struct bv_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* "show [dev DEV]": its synopsis */
	unsigned int grammar;	/* BV_PS_*: the port grammar follows usage */
};

/*
 * `bpfvlan OBJECT [CMD] ARGS`: run the subcommand argv[0] of @cmds (none:
 * the first, which shows state). `OBJECT help` and `OBJECT CMD help` print
 * @usage on stdout; an unknown subcommand is bad input, with @usage on
 * stderr.
 */
int bv_cli_dispatch(const char *obj, const struct bv_cmd *cmds, size_t n,
		    void (*usage)(FILE *f), int argc, char **argv);
/* "Usage: bpfvlan OBJECT CMD ..." lines of @cmds. */
void bv_cmd_usage(FILE *f, const char *obj, const struct bv_cmd *cmds,
		  size_t n);

/* Open the selected bridge and bring it up to date (locked until close). */
int bv_cli_open(struct bv_bridge **br);
/* bv_cli_open(), and the slot of port @dev in it (closed again if @dev is
 * no port of it); says why not.
 */
int bv_cli_open_port(const char *dev, struct bv_bridge **br,
		     unsigned int *slot);

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
int do_mirror(int argc, char **argv);

/*
 * Test hooks: a test build of bpfvlan (build/bpfvlan-test, which links
 * selftests/tools/test_hooks.c) says here what failure apply's steps are
 * to meet (BPFVLAN_TEST_FAIL_STEP). The installed bpfvlan has no such
 * hook: its (weak) default in cmd_apply.c asks for none and reads no
 * environment. true: *f says the failure.
 */
struct bv_apply_fault;
bool bv_cli_test_fault(struct bv_apply_fault *f);
int do_show(int argc, char **argv);
int do_upgrade(int argc, char **argv);
/* The test build's hooks of `upgrade` (selftests/tools/test_hooks.c);
 * the installed bpfvlan has none (false).
 */
bool bv_cli_test_upgrade(struct bv_upgrade_test *t);
int do_top(int argc, char **argv);
int do_trace(int argc, char **argv);

/* The counters of a mirror in an open JSON object (cmd_mirror.c). */
struct bv_mirror_info;
void bv_mirror_print_counters(const struct bv_mirror_info *mi);

#endif /* BV_CLI_H */
