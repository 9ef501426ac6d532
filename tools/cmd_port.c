// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* attach / detach / port show, set, add, del: ports, in the port grammar. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/port.h"
#include "bpfvlan/vlan.h"
#include "cli.h"
#include "print.h"
#include "show.h"

static void attach_usage(FILE *f)
{
	bv_port_spec_usage(f, BV_PS_ATTACH, "Usage: bpfvlan attach DEV",
			   "       bpfvlan attach DEV");
	bv_port_spec_help(f, BV_PS_ATTACH);
}

/*
 * `attach DEV ...`, `port add NAME internal ...`: argv[0] the device
 * (checked by the caller), then the port's words as @reader takes them.
 */
static int attach_words(unsigned int reader, int argc, char **argv)
{
	struct bv_conf_port want = {};
	char msg[BV_PS_ERR_MAX];
	struct bv_bridge *br;
	int err;

	if (bv_port_spec_parse(reader, argc - 1, argv + 1, &want, msg))
		return bv_bad_input("%s\n", msg);
	/* No device has a longer name: the kernel's rule. */
	if (strlen(argv[0]) >= sizeof(want.dev)) {
		pr_warn("device %s not found\n", argv[0]);
		return -ENODEV;
	}
	strcpy(want.dev, argv[0]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_port_attach(br, &want);
	bv_bridge_close(br);
	return err;
}

int do_attach(int argc, char **argv)
{
	if (argc > 0 && bv_is_help(argv[0])) {
		attach_usage(stdout);
		return 0;
	}
	if (argc < 2) {
		attach_usage(stderr);
		return bv_bad_input("attach needs DEV and a port mode (access VID or trunk VIDLIST)\n");
	}
	if (argc < 3 || !bv_port_spec_kind(BV_PS_ATTACH, argv[1]))
		attach_usage(stderr);
	return attach_words(BV_PS_ATTACH, argc, argv);
}

/* `detach DEV` and `port del NAME`: a port, plain or internal. */
static int remove_port(int argc, char **argv, bool internal)
{
	const char *cmd = internal ? "port del" : "detach";
	struct bv_bridge *br;
	unsigned int slot;
	bool is_internal;
	int err;

	if (argc == 0)
		return bv_bad_input("%s needs %s\n", cmd, internal ? "NAME" : "DEV");
	if (argc > 1)
		return bv_bad_input("unknown argument \"%s\" to %s\n", argv[1],
				    cmd);
	err = bv_cli_open_port(argv[0], &br, &slot);
	if (err)
		return err;
	is_internal = bv_bridge_port(br, slot)->flags & BV_PORT_F_INTERNAL;
	if (is_internal != internal) {
		pr_warn(is_internal ?
			"%s is an internal port: remove it with bpfvlan port del %s\n" :
			"%s is not an internal port (detach it with bpfvlan detach %s)\n",
			argv[0], argv[0]);
		err = -EINVAL;
	} else {
		err = bv_port_detach(br, slot);
	}
	bv_bridge_close(br);
	return err;
}

int do_detach(int argc, char **argv)
{
	if (argc > 0 && bv_is_help(argv[0])) {
		printf("Usage: bpfvlan detach DEV\n");
		return 0;
	}
	return remove_port(argc, argv, false);
}

/* `dev DEV` filter shared by the show commands: its slot, or -1 for all. */
int bv_arg_dev_filter(struct bv_bridge *br, const char *dev, int *slot)
{
	unsigned int s;
	int err;

	*slot = -1;
	if (!dev)
		return 0;
	err = bv_port_of_dev(br, dev, &s);
	if (!err)
		*slot = s;
	return err;
}

static const char *mode_name(__u8 mode)
{
	return mode == BV_MODE_ACCESS ? "access" :
	       mode == BV_MODE_TRUNK ? "trunk" : "none";
}

/* "internal": whether bpfvlan made the port for the host; "host_ifname":
 * the host's end (absent once moved to another netns).
 */
static void print_internal(const struct bv_port *p, unsigned int slot,
			   const struct bv_bridge *br)
{
	struct bv_link host;

	bv_print_bool(PRINT_JSON, "internal", NULL,
		      p->flags & BV_PORT_F_INTERNAL);
	if (!(p->flags & BV_PORT_F_INTERNAL))
		return;
	if (bv_internal_host(br, slot, &host))
		bv_print_string(PRINT_FP, NULL, "  internal %s", "?");
	else
		bv_print_string(PRINT_ANY, "host_ifname", "  internal %s",
				host.name);
}

/* "owner_uuid": which one of its owner attached the port (the libvirt
 * hook: the domain), when recorded.
 */
static void print_owner_id(const struct bv_port *p)
{
	static const __u8 none[BV_OWNER_ID_LEN];
	char uuid[BV_UUID_FMT_LEN];

	if (memcmp(p->owner_id, none, sizeof(none)))
		bv_print_string(PRINT_JSON, "owner_uuid", NULL,
				bv_uuid_format(p->owner_id, uuid));
}

/* allow-ip: a JSON array (empty: any), and in the text when set. */
static void print_allow_ip(const struct bv_iplist *ips)
{
	char one[64], list[BV_IPLIST_FMT_MAX];

	bv_open_array(PRINT_JSON, "allow_ip");
	for (unsigned int i = 0; i < ips->nr; i++)
		bv_print_string(PRINT_JSON, NULL, NULL,
				bv_ip_prefix_format(&ips->p[i], one, sizeof(one)));
	bv_close_array(PRINT_JSON);
	if (ips->nr)
		bv_print_string(PRINT_FP, NULL, "  allow-ip %s",
				bv_iplist_format(ips, list, sizeof(list)));
}

static void print_port(const struct bv_bridge *br, unsigned int slot,
		       const struct bv_vidset *vids, __s64 learned,
		       const struct bv_iplist *ips)
{
	const struct bv_port *p = bv_bridge_port(br, slot);
	char name[BV_IFNAME_BUF], list[BV_VIDSET_FMT_MAX];
	bool xdp = p->flags & BV_PORT_F_XDP;

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%-16s", bv_ifname(p->ifindex, name));
	bv_print_uint(PRINT_JSON, "ifindex", NULL, p->ifindex);
	bv_print_uint(PRINT_JSON, "slot", NULL, slot);
	bv_print_string(PRINT_ANY, "mode", " %s", mode_name(p->mode));
	if (p->mode == BV_MODE_ACCESS) {
		bv_print_uint(PRINT_ANY, "pvid", " %llu", p->pvid);
	} else {
		struct bv_vidset tagged = *vids;

		bv_vidset_clear(&tagged, p->pvid);
		bv_print_string(PRINT_FP, NULL, " %s",
				bv_vidset_format(&tagged, list, sizeof(list)));
		if (p->pvid)
			bv_print_uint(PRINT_ANY, "pvid", " native %llu", p->pvid);
	}
	bv_open_array(PRINT_JSON, "vlans");
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(vids, vid))
			bv_print_uint(PRINT_JSON, NULL, NULL, vid);
	bv_close_array(PRINT_JSON);
	print_internal(p, slot, br);
	bv_print_string(PRINT_ANY, "attach", "  mode %s",
			bv_attach_name(p->attach));
	bv_print_string(PRINT_ANY, "path", "  path %s", xdp ? "xdp+tc" : "tc");
	bv_print_bool(PRINT_ANY, "xdp", NULL, xdp);
	bv_print_bool(PRINT_ANY, "xdp_tx", "  xdp-tx %s",
		      bv_port_takes_xdp(p));
	bv_print_uint(PRINT_ANY, "mtu", "  mtu %llu", p->mtu);
	bv_print_uint(PRINT_ANY, "learned", "  learned %llu",
		      learned > 0 ? learned : 0);
	bv_print_uint(PRINT_JSON, "learn_limit", NULL, p->learn_limit);
	if (p->learn_limit)
		bv_print_uint(PRINT_FP, NULL, " learn-limit %llu",
			      p->learn_limit);
	bv_print_bool(PRINT_JSON, "isolated", NULL,
		      p->flags & BV_PORT_F_ISOLATED);
	if (p->flags & BV_PORT_F_ISOLATED)
		bv_print_string(PRINT_FP, NULL, "  %s", "isolated");
	bv_print_bool(PRINT_JSON, "locked", NULL, p->flags & BV_PORT_F_LOCKED);
	if (p->flags & BV_PORT_F_LOCKED)
		bv_print_string(PRINT_FP, NULL, "  %s", "locked");
	print_allow_ip(ips);
	bv_print_string(PRINT_ANY, "owner", "  owner %s",
			bv_owner_name(bv_port_owner(p)));
	print_owner_id(p);
	/* Why not XDP; unknown for a port attached by an older bpfvlan. */
	if (!xdp && bv_port_no_xdp(p))
		bv_print_string(PRINT_ANY, "no_xdp", "  no-xdp: %s",
				bv_no_xdp_name(bv_port_no_xdp(p)));
	bv_print_nl();
	bv_close_object(PRINT_JSON);
}

static int read_vlans(struct bv_bridge *br, void **state)
{
	return bv_vlan_read_all(br, (struct bv_vlan **)state);
}

static int show_port(struct bv_bridge *br, unsigned int slot, void *state)
{
	const struct bv_vlan *table = state;
	struct bv_vidset vids = {};
	struct bv_iplist ips;
	__s64 learned;
	int err;

	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bv_vlan_has(&table[vid], slot))
			bv_vidset_set(&vids, vid);
	err = bv_fdb_learned(br, slot, &learned);
	if (!err)
		err = bv_port_allow_ip(br, slot, &ips);
	if (!err)
		print_port(br, slot, &vids, learned, &ips);
	return err;
}

static const struct bv_show port_view = {
	.cmd = "port show",
	.begin = read_vlans,
	.port = show_port,
	.end = free,
};

/* port set DEV KEYWORD VALUE... */
static int port_set(int argc, char **argv)
{
	struct bv_conf_port want = {};
	char msg[BV_PS_ERR_MAX];
	struct bv_bridge *br;
	unsigned int slot;
	int err;

	if (argc < 1)
		return bv_bad_input("port set needs DEV\n");
	if (bv_port_spec_parse_keywords(BV_PS_SET, argc - 1, argv + 1, &want, msg))
		return bv_bad_input("%s\n", msg);
	if (!want.given) {
		char kws[BV_PS_FMT_MAX];

		return bv_bad_input("port set %s: nothing to set (%s)\n", argv[0],
				    bv_port_spec_synopsis(BV_PS_SET, kws,
							  sizeof(kws)));
	}
	err = bv_cli_open_port(argv[0], &br, &slot);
	if (err)
		return err;
	err = bv_port_set(br, slot, &want, want.given);
	if (err)
		pr_warn("cannot change the settings of %s: %s\n", argv[0],
			strerror(-err));
	bv_bridge_close(br);
	return err;
}

/* port add NAME internal VID [mtu N] [mac MAC] */
static int port_add(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "internal"))
		return bv_bad_input("port add needs NAME internal VID\n");
	if (!bv_ifname_valid(argv[0]))
		return bv_bad_input("invalid device name \"%s\" (1-%d characters, no / : %% or spaces)\n",
				    argv[0], IF_NAMESIZE - 1);
	return attach_words(BV_PS_ADD, argc, argv);
}

static int port_del(int argc, char **argv)
{
	return remove_port(argc, argv, true);
}

static int port_show(int argc, char **argv)
{
	return bv_show_ports(argc, argv, &port_view);
}

static const struct bv_cmd port_cmds[] = {
	{ .name = "show", .fn = port_show, .usage = "show [dev DEV]" },
	{ .name = "set", .fn = port_set, .usage = "set DEV",
	  .grammar = BV_PS_SET },
	{ .name = "add", .fn = port_add, .usage = "add NAME",
	  .grammar = BV_PS_ADD },
	{ .name = "del", .fn = port_del, .usage = "del NAME" },
};

static void port_usage(FILE *f)
{
	bv_cmd_usage(f, "port", port_cmds, BV_ARRAY_LEN(port_cmds));
	bv_port_spec_help(f, BV_PS_SET | BV_PS_ADD);
	fprintf(f, "  %-15s %s\n", "del NAME",
		"delete an internal port (NAME or its bviN end)");
}

int do_port(int argc, char **argv)
{
	return bv_cli_dispatch("port", port_cmds, BV_ARRAY_LEN(port_cmds),
			       port_usage, argc, argv);
}
