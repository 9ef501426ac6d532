// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* vlan show / add / del, shown like `bridge vlan show`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/port.h"
#include "bpfvlan/vlan.h"
#include "cli.h"
#include "print.h"
#include "show.h"

static void print_port_vlans(const struct bv_port *p, unsigned int slot,
			     const struct bv_vlan *table)
{
	char name[BV_IFNAME_BUF];
	bool first = true;

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%-16s", bv_ifname(p->ifindex, name));
	if (p->flags & BV_PORT_F_INTERNAL)	/* the host's own port */
		bv_print_bool(PRINT_JSON, "internal", NULL, true);
	bv_open_array(PRINT_JSON, "vlans");
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		bool untagged;

		if (!bv_vlan_has(&table[vid], slot))
			continue;
		untagged = bv_vlan_untagged(&table[vid], slot);
		if (!first)
			bv_print_string(PRINT_FP, NULL, "%-16s", "");
		first = false;
		bv_open_object(PRINT_JSON, NULL);
		bv_print_uint(PRINT_ANY, "vlan", " %llu", vid);
		bv_open_array(PRINT_JSON, "flags");
		if (vid == p->pvid)
			bv_print_string(PRINT_ANY, NULL, " %s", "PVID");
		if (untagged)
			bv_print_string(PRINT_ANY, NULL, " %s", "Egress Untagged");
		bv_close_array(PRINT_JSON);
		bv_close_object(PRINT_JSON);
		bv_print_nl();
	}
	bv_close_array(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	if (first)
		bv_print_nl();	/* a port in no VLAN still gets its line */
}

static int read_vlans(struct bv_bridge *br, void **state)
{
	return bv_vlan_read_all(br, (struct bv_vlan **)state);
}

static int show_port_vlans(struct bv_bridge *br, unsigned int slot,
			   void *state)
{
	print_port_vlans(bv_bridge_port(br, slot), slot, state);
	return 0;
}

static const struct bv_show vlan_view = {
	.cmd = "vlan show",
	.text_header = "port             vlan-id",
	.begin = read_vlans,
	.port = show_port_vlans,
	.end = free,
};

static void vlan_usage(FILE *f);

static int vlan_change(int argc, char **argv, bool add)
{
	const char *dev = NULL, *vidlist = NULL;
	struct bv_vidset vids;
	struct bv_bridge *br;
	unsigned int slot;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "dev")) {
			dev = bv_next_arg(&argc, &argv);
			if (!dev)
				return -EINVAL;
		} else if (!strcmp(argv[0], "vid")) {
			vidlist = bv_next_arg(&argc, &argv);
			if (!vidlist)
				return -EINVAL;
		} else {
			return bv_bad_input("unknown argument \"%s\" to vlan %s\n",
					    argv[0], add ? "add" : "del");
		}
	}
	if (!dev || !vidlist) {
		vlan_usage(stderr);
		return bv_bad_input("vlan %s needs dev DEV and vid VIDLIST\n",
				    add ? "add" : "del");
	}
	err = bv_arg_vidlist(vidlist, &vids);
	if (err)
		return err;

	err = bv_cli_open_port(dev, &br, &slot);
	if (err)
		return err;
	err = bv_port_vlan_change(br, slot, &vids, add);
	bv_bridge_close(br);
	return err;
}

static int vlan_show(int argc, char **argv)
{
	return bv_show_ports(argc, argv, &vlan_view);
}

static int vlan_add(int argc, char **argv)
{
	return vlan_change(argc, argv, true);
}

static int vlan_del(int argc, char **argv)
{
	return vlan_change(argc, argv, false);
}

static const struct bv_cmd vlan_cmds[] = {
	{ .name = "show", .fn = vlan_show, .usage = "show [dev DEV]" },
	{ .name = "add", .fn = vlan_add, .usage = "add dev DEV vid VIDLIST" },
	{ .name = "del", .fn = vlan_del, .usage = "del dev DEV vid VIDLIST" },
};

static void vlan_usage(FILE *f)
{
	bv_cmd_usage(f, "vlan", vlan_cmds, BV_ARRAY_LEN(vlan_cmds));
	fprintf(f,
"  add             trunk: carry more VIDs, live\n"
"  del             trunk: stop carrying VIDs (not its native VID)\n");
}

int do_vlan(int argc, char **argv)
{
	return bv_cli_dispatch("vlan", vlan_cmds, BV_ARRAY_LEN(vlan_cmds),
			       vlan_usage, argc, argv);
}
