// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* attach / detach / port show / port add, del (internal ports). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "conf.h"
#include "dpstate.h"
#include "internal.h"
#include "log.h"
#include "netlink.h"
#include "policy.h"
#include "port.h"
#include "print.h"
#include "show.h"
#include "vlan.h"

static void attach_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan attach DEV access VID [mode auto|xdp|tc] [learn-limit N]\n"
"                      [owner OWNER]\n"
"       bpfvlan attach DEV trunk VIDLIST [native VID] [mode auto|xdp|tc]\n"
"                      [learn-limit N] [owner OWNER]\n"
"  access VID      untagged port in VLAN VID (a VM tap)\n"
"  trunk VIDLIST   tagged port for VIDLIST, e.g. 10,20,100-199 (the uplink)\n"
"  native VID      trunk: untagged frames belong to VID, which leaves untagged\n"
"  mode auto       XDP fast path plus TC on NICs (frames from the wire);\n"
"                  TC only on veth/tap ports, fed by a local stack, and on\n"
"                  bonds (default)\n"
"  mode xdp        XDP fast path plus TC on any port with native XDP\n"
"  mode tc         TC only\n"
"  learn-limit N   learn at most N MACs on this port (0: no limit, default);\n"
"                  frames from further MACs are forwarded, not learned\n"
"  owner manual    attached by hand (default): apply -f leaves it alone\n"
"  owner hook      attached by a hook that follows VMs (libvirt): apply\n"
"                  leaves it alone, show config prints it as a comment\n"
"  owner config    managed by apply -f: detached when the file no longer\n"
"                  names it\n");
}

/* `learn-limit N`: 0 (no limit) .. the largest FDB. */
static int parse_learn_limit(const char *word, __u32 *limit)
{
	unsigned long v;

	if (bv_parse_uint(word, 0, BV_FDB_SIZE_MAX, &v))
		return bv_bad_input("invalid learn-limit \"%s\" (0..%u, 0: no limit)\n",
				    word, BV_FDB_SIZE_MAX);
	*limit = v;
	return 0;
}

static int parse_mode(const char *word, __u8 *attach)
{
	if (bv_attach_parse(word, attach))
		return bv_bad_input("invalid mode \"%s\" (auto, xdp or tc)\n",
				    word);
	return 0;
}

static int parse_owner(const char *word, __u8 *owner)
{
	if (bv_owner_parse(word, owner))
		return bv_bad_input("invalid owner \"%s\" (manual, config or hook)\n",
				    word);
	return 0;
}

int do_attach(int argc, char **argv)
{
	struct bv_port_req req = { .attach = BV_ATTACH_AUTO };
	struct bv_bridge *br;
	const char *val;
	int err;

	if (argc > 0 && bv_is_help(argv[0])) {
		attach_usage(stdout);
		return 0;
	}
	if (argc < 2) {
		attach_usage(stderr);
		return bv_bad_input("attach needs DEV and a port mode (access VID or trunk VIDLIST)\n");
	}
	req.dev = argv[0];
	if (strcmp(argv[1], "access") && strcmp(argv[1], "trunk")) {
		attach_usage(stderr);
		return bv_bad_input("unknown port mode \"%s\" (access or trunk)\n",
				    argv[1]);
	}
	if (argc < 3) {
		attach_usage(stderr);
		return bv_bad_input("attach %s %s needs %s\n", argv[0], argv[1],
				    strcmp(argv[1], "access") ? "a VID list" : "a VID");
	}
	if (!strcmp(argv[1], "access")) {
		req.mode = BV_MODE_ACCESS;
		err = bv_arg_vid(argv[2], "VID", &req.pvid);
	} else {
		req.mode = BV_MODE_TRUNK;
		err = bv_arg_vidlist(argv[2], &req.vids);
	}
	if (err)
		return err;
	argc -= 3;
	argv += 3;
	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "native") && req.mode == BV_MODE_TRUNK) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = bv_arg_vid(val, "native VID", &req.pvid);
		} else if (!strcmp(argv[0], "mode")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = parse_mode(val, &req.attach);
		} else if (!strcmp(argv[0], "owner")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = parse_owner(val, &req.owner);
		} else if (!strcmp(argv[0], "learn-limit")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = parse_learn_limit(val, &req.learn_limit);
		} else {
			err = bv_bad_input("unknown argument \"%s\" to attach %s\n",
					   argv[0], req.mode == BV_MODE_ACCESS ?
					   "access" : "trunk");
		}
		if (err)
			return err;
	}

	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_port_attach(br, &req);
	bv_bridge_close(br);
	return err;
}

int do_detach(int argc, char **argv)
{
	struct bv_bridge *br;
	unsigned int slot;
	int err;

	if (argc > 0 && bv_is_help(argv[0])) {
		printf("Usage: bpfvlan detach DEV\n");
		return 0;
	}
	if (argc == 0)
		return bv_bad_input("detach needs DEV\n");
	if (argc > 1)
		return bv_bad_input("unknown argument \"%s\" to detach\n",
				    argv[1]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_port_of_dev(br, argv[0], &slot);
	if (!err && (br->ports[slot].flags & BV_PORT_F_INTERNAL)) {
		pr_warn("%s is an internal port: remove it with bpfvlan port del %s\n",
			argv[0], argv[0]);
		err = -EINVAL;
	} else if (!err) {
		err = bv_port_detach_slot(br, slot);
	}
	bv_bridge_close(br);
	return err;
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

static void print_port(const struct bv_bridge *br, unsigned int slot,
		       const struct bv_vidset *vids, __s64 learned)
{
	const struct bv_port *p = &br->ports[slot];
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
		      bv_port_xdp_ok(p));
	bv_print_uint(PRINT_ANY, "mtu", "  mtu %llu", p->mtu);
	bv_print_uint(PRINT_ANY, "learned", "  learned %llu",
		      learned > 0 ? learned : 0);
	bv_print_uint(PRINT_JSON, "learn_limit", NULL, p->learn_limit);
	if (p->learn_limit)
		bv_print_uint(PRINT_FP, NULL, " learn-limit %llu",
			      p->learn_limit);
	bv_print_string(PRINT_ANY, "owner", "  owner %s",
			bv_owner_name(bv_port_owner(p)));
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
	__s64 learned;
	int err;

	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bv_vlan_has(&table[vid], slot))
			bv_vidset_set(&vids, vid);
	err = bv_learn_count_read(br, slot, &learned);
	if (!err)
		print_port(br, slot, &vids, learned);
	return err;
}

static const struct bv_show port_view = {
	.cmd = "port show",
	.begin = read_vlans,
	.port = show_port,
	.end = free,
};

static void port_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan port show [dev DEV]\n"
"       bpfvlan port set DEV learn-limit N\n"
"       bpfvlan port add NAME internal VID [mtu N] [mac MAC]\n"
"       bpfvlan port del NAME\n"
"  learn-limit N          learn at most N MACs on DEV (0: no limit); MACs it\n"
"                         holds beyond a lowered limit stay until they age out\n"
"  add NAME internal VID  a device NAME for the host's own IP, on VLAN VID:\n"
"                         a veth pair whose other end (bviN) is an access\n"
"                         port of VID; NAME is left down for ip addr/link\n"
"  mtu N                  MTU of both ends (%d..%d, default 1500)\n"
"  mac MAC                MAC of NAME (default random)\n"
"  del NAME               delete an internal port (NAME or its bviN end)\n",
		BV_INTERNAL_MTU_MIN, BV_INTERNAL_MTU_MAX);
}

/* port set DEV learn-limit N */
static int port_set(int argc, char **argv)
{
	struct bv_bridge *br;
	unsigned int slot;
	__u32 limit = 0;
	bool have = false;
	int err;

	if (argc < 1) {
		port_usage(stderr);
		return bv_bad_input("port set needs DEV\n");
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "learn-limit"))
			return bv_bad_input("unknown argument \"%s\" to port set\n",
					    argv[i]);
		if (i + 1 >= argc)
			return bv_bad_input("\"learn-limit\" needs a value\n");
		err = parse_learn_limit(argv[++i], &limit);
		if (err)
			return err;
		have = true;
	}
	if (!have)
		return bv_bad_input("port set %s: nothing to set (learn-limit N)\n",
				    argv[0]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_port_of_dev(br, argv[0], &slot);
	if (!err)
		err = bv_port_set_learn_limit(br, slot, limit);
	if (err && err != -ENODEV && err != -ENOENT)
		pr_warn("cannot set learn-limit on %s: %s\n", argv[0],
			strerror(-err));
	bv_bridge_close(br);
	return err;
}

static int port_add(int argc, char **argv)
{
	struct bv_internal_req req = {};
	struct bv_bridge *br;
	unsigned long mtu;
	const char *val;
	__u8 mac[6];
	int err;

	if (argc < 3 || strcmp(argv[1], "internal")) {
		port_usage(stderr);
		return bv_bad_input("port add needs NAME internal VID\n");
	}
	req.name = argv[0];
	if (!bv_ifname_valid(req.name))
		return bv_bad_input("invalid device name \"%s\" (1-%d characters, no / : %% or spaces)\n",
				    req.name, IF_NAMESIZE - 1);
	err = bv_arg_vid(argv[2], "VID", &req.vid);
	if (err)
		return err;
	for (argc -= 3, argv += 3; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "mtu")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			if (bv_parse_uint(val, BV_INTERNAL_MTU_MIN,
					  BV_INTERNAL_MTU_MAX, &mtu))
				return bv_bad_input("invalid mtu \"%s\" (%d..%d)\n",
						    val, BV_INTERNAL_MTU_MIN,
						    BV_INTERNAL_MTU_MAX);
			req.mtu = mtu;
		} else if (!strcmp(argv[0], "mac")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = bv_arg_unicast_mac(val, mac);
			if (err)
				return err;
			req.mac = mac;
		} else {
			return bv_bad_input("unknown argument \"%s\" to port add\n",
					    argv[0]);
		}
	}
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_internal_add(br, &req);
	bv_bridge_close(br);
	return err;
}

static int port_del(int argc, char **argv)
{
	struct bv_bridge *br;
	unsigned int slot;
	int err;

	if (argc == 0)
		return bv_bad_input("port del needs NAME\n");
	if (argc > 1)
		return bv_bad_input("unknown argument \"%s\" to port del\n",
				    argv[1]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_port_of_dev(br, argv[0], &slot);
	if (!err && !(br->ports[slot].flags & BV_PORT_F_INTERNAL)) {
		pr_warn("%s is not an internal port (detach it with bpfvlan detach %s)\n",
			argv[0], argv[0]);
		err = -EINVAL;
	} else if (!err) {
		err = bv_internal_del(br, slot);
	}
	bv_bridge_close(br);
	return err;
}

int do_port(int argc, char **argv)
{
	if ((argc > 0 && bv_is_help(argv[0])) ||
	    (argc > 1 && bv_is_help(argv[1]))) {	/* port [CMD] help */
		port_usage(stdout);
		return 0;
	}
	if (argc == 0 || !strcmp(argv[0], "show"))
		return bv_show_ports(argc ? argc - 1 : 0, argv + (argc ? 1 : 0),
				     &port_view);
	if (!strcmp(argv[0], "set"))
		return port_set(argc - 1, argv + 1);
	if (!strcmp(argv[0], "add"))
		return port_add(argc - 1, argv + 1);
	if (!strcmp(argv[0], "del"))
		return port_del(argc - 1, argv + 1);
	port_usage(stderr);
	return bv_bad_input("unknown port command \"%s\" (show, set, add, del)\n",
			    argv[0]);
}
