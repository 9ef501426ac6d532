// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* bpfvlan: eBPF/XDP 802.1Q VLAN bridge for KVM hosts — command line. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/port.h"
#include "cli.h"
#include "print.h"

#ifndef BV_VERSION
#define BV_VERSION "0.1"
#endif

struct bv_cli cli = { .bridge = BV_DEFAULT_BRIDGE };

static void usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan [OPTIONS] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  load [ageing SECS] [fdb-size N]                 create the bridge\n"
"  unload                                          detach every port, remove the bridge\n");
	bv_port_spec_usage(f, BV_PS_ATTACH, "  attach DEV", "  attach DEV");
	fprintf(f,
"  detach DEV\n"
"  port show [dev DEV]\n");
	bv_port_spec_usage(f, BV_PS_SET, "  port set DEV", NULL);
	bv_port_spec_usage(f, BV_PS_ADD, "  port add NAME", NULL);
	fprintf(f,
"  port del NAME\n"
"  vlan { show [dev DEV] | add dev DEV vid VIDLIST | del dev DEV vid VIDLIST }\n"
"  fdb { show [dev DEV] [vid VID] | add MAC dev DEV vid VID | del MAC vid VID |\n"
"        flush [dev DEV] [vid VID] [all] }\n"
"  mirror { show | add NAME [dev DEV [ingress|egress|both]] [vid VIDLIST] to DEV |\n"
"           del NAME }                             copy a port's or VLANs' frames to DEV\n"
"  stats [dev DEV] [rate [SECS]]                   counters; rate: per second over SECS\n"
"  top [dev DEV] [vid VID] [interval SECS] [count N]  live rates per port and VLAN\n"
"  monitor                                         follow link removal and XDP feature changes\n"
"  trace dev DEV FRAME                             what the bridge does with a frame, step by step\n"
"  apply -f FILE [check]                           make the bridge what FILE says\n"
"  show config                                     the bridge as a configuration file\n"
"  upgrade                                         this bpfvlan's programs into the running\n"
"                                                  bridge, in place, no frame lost\n"
"  help\n"
"\n"
"Options:\n"
"  -n, --netns NETNS    run in network namespace NETNS (like ip -n)\n"
"  -b, --bridge NAME    bridge to work on (default %s)\n"
"  -j, --json           JSON output\n"
"  -p, --pretty         pretty JSON\n"
"  -v, --verbose        more messages (twice: libbpf debug)\n"
"  -V, --version\n"
"  -h, --help\n"
"\n"
"VIDs are 1..4094; VIDLIST is like 10,20,100-199; fdb takes vlan VID for\n"
"vid VID. See bpfvlan(8).\n",
		BV_DEFAULT_BRIDGE);
}

int bv_bad_input(const char *fmt, ...)
{
	va_list ap;

	fputs("bpfvlan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	cli.bad_input = true;
	return -EINVAL;
}

const char *bv_next_arg(int *argc, char ***argv)
{
	const char *kw = (*argv)[0];

	if (*argc < 2) {
		bv_bad_input("\"%s\" needs a value\n", kw);
		return NULL;
	}
	(*argc)--;
	(*argv)++;
	return (*argv)[0];
}

bool bv_is_help(const char *word)
{
	return !strcmp(word, "help") || !strcmp(word, "-h") ||
	       !strcmp(word, "--help");
}

int bv_arg_vid(const char *word, const char *what, __u16 *vid)
{
	if (bv_parse_vid(word, vid))
		return bv_bad_input("invalid %s \"%s\" (VIDs are 1..4094)\n",
				    what, word);
	return 0;
}

int bv_arg_vidlist(const char *word, struct bv_vidset *set)
{
	if (bv_parse_vidlist(word, set))
		return bv_bad_input("invalid VID list \"%s\" (like 10,20,100-199; VIDs are 1..4094)\n",
				    word);
	return 0;
}

int bv_arg_mac(const char *word, __u8 mac[ETH_ALEN])
{
	if (bv_parse_mac(word, mac))
		return bv_bad_input("invalid MAC address \"%s\" (like 02:00:00:00:00:01)\n",
				    word);
	return 0;
}

int bv_arg_seconds(const char *word, const char *what, unsigned int min_ms,
		   unsigned int max_ms, unsigned int *ms)
{
	if (bv_parse_seconds(word, min_ms, max_ms, ms))
		return bv_bad_input("invalid %s \"%s\" (seconds, %u.%u..%u, like 1 or 0.5)\n",
				    what, word, min_ms / 1000,
				    min_ms % 1000 / 100, max_ms / 1000);
	return 0;
}

int bv_arg_unicast_mac(const char *word, __u8 mac[ETH_ALEN])
{
	int err = bv_arg_mac(word, mac);

	if (!err && !bv_mac_unicast(mac))
		err = bv_bad_input("%s is not a unicast MAC address\n", word);
	return err;
}

int bv_cli_open(struct bv_bridge **out)
{
	return bv_bridge_open_fresh(cli.bridge, out);
}

int bv_cli_open_port(const char *dev, struct bv_bridge **out,
		     unsigned int *slot)
{
	int err = bv_cli_open(out);

	if (err)
		return err;
	err = bv_port_of_dev(*out, dev, slot);
	if (err) {
		bv_bridge_close(*out);
		*out = NULL;
	}
	return err;
}

void bv_cmd_usage(FILE *f, const char *obj, const struct bv_cmd *cmds,
		  size_t n)
{
	char prefix[128];

	for (size_t i = 0; i < n; i++) {
		snprintf(prefix, sizeof(prefix), "%s bpfvlan %s %s",
			 i ? "      " : "Usage:", obj, cmds[i].usage);
		if (cmds[i].grammar)
			bv_port_spec_usage(f, cmds[i].grammar, prefix, prefix);
		else
			fprintf(f, "%s\n", prefix);
	}
}

int bv_cli_dispatch(const char *obj, const struct bv_cmd *cmds, size_t n,
		    void (*usage)(FILE *f), int argc, char **argv)
{
	char names[64];
	size_t off = 0;

	if ((argc > 0 && bv_is_help(argv[0])) ||
	    (argc > 1 && bv_is_help(argv[1]))) {	/* OBJECT [CMD] help */
		usage(stdout);
		return 0;
	}
	if (argc == 0)
		return cmds[0].fn(0, argv);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(argv[0], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	for (size_t i = 0; i < n && off < sizeof(names); i++)
		off += snprintf(names + off, sizeof(names) - off, "%s%s",
				!i ? "" : i + 1 == n ? " or " : ", ",
				cmds[i].name);
	usage(stderr);
	return bv_bad_input("unknown %s command \"%s\" (%s)\n", obj, argv[0],
			    names);
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

static const struct bv_cmd commands[] = {
	{ .name = "load", .fn = do_load },
	{ .name = "unload", .fn = do_unload },
	{ .name = "attach", .fn = do_attach },
	{ .name = "detach", .fn = do_detach },
	{ .name = "port", .fn = do_port },
	{ .name = "vlan", .fn = do_vlan },
	{ .name = "fdb", .fn = do_fdb },
	{ .name = "stats", .fn = do_stats },
	{ .name = "mirror", .fn = do_mirror },
	{ .name = "monitor", .fn = do_monitor },
	{ .name = "apply", .fn = do_apply },
	{ .name = "show", .fn = do_show },
	{ .name = "top", .fn = do_top },
	{ .name = "upgrade", .fn = do_upgrade },
	{ .name = "trace", .fn = do_trace },
	{ .name = "help", .fn = do_help },
};

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "netns",	required_argument, NULL, 'n' },
		{ "bridge",	required_argument, NULL, 'b' },
		{ "json",	no_argument,	   NULL, 'j' },
		{ "pretty",	no_argument,	   NULL, 'p' },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ "help",	no_argument,	   NULL, 'h' },
		{}
	};
	int opt, verbose = 0, err = -EINVAL;

	while ((opt = getopt_long(argc, argv, "+n:b:jpvVh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': cli.netns = optarg; break;
		case 'b': cli.bridge = optarg; break;
		case 'j': cli.json = true; break;
		case 'p': cli.pretty = true; break;
		case 'v': verbose++; break;
		case 'V':
			printf("bpfvlan %s\n", BV_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	bv_log_set_level(verbose >= 2 ? BV_LOG_DEBUG :
			 verbose ? BV_LOG_INFO : BV_LOG_WARN);
	bv_log_hook_libbpf();
	bv_print_init(cli.json, cli.pretty);
	if (bv_bridge_name_check(cli.bridge))
		return 2;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		/* Help needs no namespace, no bridge, no privileges. */
		if (argc < 2 || !bv_is_help(argv[1])) {
			if (cli.netns) {
				err = bv_netns_enter(cli.netns);
				if (err)
					return 1;
			}
		}
		err = commands[i].fn(argc - 1, argv + 1);
		bv_netlink_close();
		if (!err)
			return 0;
		if (cli.bad_input)
			return 2;
		bv_log_fallback(argv[0], err);
		return 1;
	}
	bv_bad_input("unknown command \"%s\" (try: bpfvlan help)\n", argv[0]);
	return 2;
}
