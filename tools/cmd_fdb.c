// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* fdb show / add / del / flush, shown like `bridge fdb show`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/port.h"
#include "bpfvlan/vlan.h"
#include "cli.h"
#include "print.h"

static void fdb_usage(FILE *f);

/* `vid VID`, or `vlan VID` as iproute2's bridge fdb says it. */
static bool is_vid(const char *word)
{
	return !strcmp(word, "vid") || !strcmp(word, "vlan");
}

/* `dev DEV` and `vid VID` words shared by show and flush. */
struct fdb_args {
	const char *dev;
	__u16 vid;
	bool all;
};

static int parse_filter(int argc, char **argv, const char *cmd,
			struct fdb_args *a, bool allow_all)
{
	const char *val;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "dev")) {
			a->dev = bv_next_arg(&argc, &argv);
			if (!a->dev)
				return -EINVAL;
		} else if (is_vid(argv[0])) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			err = bv_arg_vid(val, "VID", &a->vid);
			if (err)
				return err;
		} else if (allow_all && !strcmp(argv[0], "all")) {
			a->all = true;
		} else {
			return bv_bad_input("unknown argument \"%s\" to fdb %s\n",
					    argv[0], cmd);
		}
	}
	return 0;
}

/* Parse the `dev DEV` and `vid VID` words of @cmd, open the bridge, and
 * make the filter they say.
 */
static int open_filtered(int argc, char **argv, const char *cmd,
			 bool allow_all, struct bv_bridge **br,
			 struct bv_fdb_filter *f)
{
	struct fdb_args a = {};
	int slot, err;

	err = parse_filter(argc, argv, cmd, &a, allow_all);
	if (!err)
		err = bv_cli_open(br);
	if (err)
		return err;
	err = bv_arg_dev_filter(*br, a.dev, &slot);
	if (err) {
		bv_bridge_close(*br);
		return err;
	}
	*f = (struct bv_fdb_filter){
		.ifindex = slot >= 0 ? (int)bv_bridge_port(*br, slot)->ifindex : 0,
		.vid = a.vid,
		.with_static = a.all,
	};
	return 0;
}

static void print_entry(const struct bv_fdb_rec *r)
{
	char mac[18], name[BV_IFNAME_BUF];
	bool is_static = r->e.flags & BV_FDB_F_STATIC;
	__u64 age = r->age_ns;

	bv_mac_format(r->key.mac, mac);
	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "mac", "%s", mac);
	bv_print_string(PRINT_ANY, "ifname", " dev %s", bv_ifname(r->e.ifindex, name));
	bv_print_uint(PRINT_ANY, "vlan", " vlan %llu", r->key.vid);
	bv_open_array(PRINT_JSON, "flags");
	if (is_static)
		bv_print_string(PRINT_ANY, NULL, " %s", "static");
	bv_close_array(PRINT_JSON);
	bv_print_uint(PRINT_JSON, "age", NULL, age / 1000000000ULL);
	if (!is_static)
		bv_print_uint(PRINT_FP, NULL, " age %llus", age / 1000000000ULL);
	bv_print_nl();
	bv_close_object(PRINT_JSON);
}

static int fdb_show(int argc, char **argv)
{
	struct bv_fdb_filter f;
	struct bv_fdb_rec *recs;
	struct bv_bridge *br;
	size_t n;
	int err;

	err = open_filtered(argc, argv, "show", false, &br, &f);
	if (err)
		return err;
	err = bv_fdb_dump(br, &f, &recs, &n);
	if (err)
		goto out;
	bv_open_array(PRINT_JSON, NULL);
	for (size_t i = 0; i < n; i++)
		print_entry(&recs[i]);
	bv_close_array(PRINT_JSON);
	bv_print_finish();
	free(recs);
out:
	bv_bridge_close(br);
	return err;
}

static int fdb_add(int argc, char **argv)
{
	const char *dev = NULL, *vidw = NULL, *val, *mac_word;
	struct bv_bridge *br;
	unsigned int slot;
	struct bv_vlan v;
	__u8 mac[ETH_ALEN];
	__u16 vid;
	int err;

	if (argc < 1)
		return bv_bad_input("fdb add needs MAC dev DEV vid VID\n");
	mac_word = argv[0];
	err = bv_arg_unicast_mac(argv[0], mac);
	if (err)
		return err;
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "dev") || is_vid(argv[0])) {
			bool is_dev = !strcmp(argv[0], "dev");

			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			if (is_dev)
				dev = val;
			else
				vidw = val;
		} else {
			return bv_bad_input("unknown argument \"%s\" to fdb add\n",
					    argv[0]);
		}
	}
	if (!dev || !vidw)
		return bv_bad_input("fdb add needs MAC dev DEV vid VID\n");
	err = bv_arg_vid(vidw, "VID", &vid);
	if (err)
		return err;

	err = bv_cli_open_port(dev, &br, &slot);
	if (err)
		return err;
	err = bv_vlan_read(br, vid, &v);
	if (err) {
		pr_warn("cannot read VLAN %u of bridge %s: %s\n", vid,
			bv_bridge_name(br), strerror(-err));
		goto out;
	}
	if (!bv_vlan_has(&v, slot)) {
		pr_warn("%s is not a member of VLAN %u\n", dev, vid);
		err = -EINVAL;
		goto out;
	}
	err = bv_fdb_add_static(br, mac, vid, slot);
	if (err == -ENOSPC)
		pr_warn("cannot add %s vlan %u: the FDB is full (fdb-size %u)\n",
			mac_word, vid, bv_bridge_config(br)->fdb_size);
	else if (err)
		pr_warn("cannot add %s vlan %u: %s\n", mac_word, vid,
			strerror(-err));
out:
	bv_bridge_close(br);
	return err;
}

static int fdb_del(int argc, char **argv)
{
	struct bv_bridge *br;
	const char *mac_word;
	__u8 mac[ETH_ALEN];
	__u16 vid;
	int err;

	if (argc != 3 || !is_vid(argv[1]))
		return bv_bad_input("usage: bpfvlan fdb del MAC vid VID\n");
	mac_word = argv[0];
	err = bv_arg_mac(mac_word, mac);
	if (!err)
		err = bv_arg_vid(argv[2], "VID", &vid);
	if (err)
		return err;
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_fdb_del(br, mac, vid);
	if (err == -ENOENT)
		pr_warn("no FDB entry for %s in VLAN %u\n", mac_word, vid);
	else if (err)
		pr_warn("cannot delete %s vlan %u: %s\n", mac_word, vid,
			strerror(-err));
	bv_bridge_close(br);
	return err;
}

static int fdb_flush(int argc, char **argv)
{
	struct bv_fdb_filter f;
	struct bv_bridge *br;
	size_t n = 0;
	int err;

	err = open_filtered(argc, argv, "flush", true, &br, &f);
	if (err)
		return err;
	err = bv_fdb_flush(br, &f, &n);
	if (!err)
		pr_info("flushed %zu entries\n", n);
	bv_bridge_close(br);
	return err;
}

static const struct bv_cmd fdb_cmds[] = {
	{ .name = "show", .fn = fdb_show, .usage = "show [dev DEV] [vid VID]" },
	{ .name = "add", .fn = fdb_add, .usage = "add MAC dev DEV vid VID" },
	{ .name = "del", .fn = fdb_del, .usage = "del MAC vid VID" },
	{ .name = "flush", .fn = fdb_flush,
	  .usage = "flush [dev DEV] [vid VID] [all]" },
};

static void fdb_usage(FILE *f)
{
	bv_cmd_usage(f, "fdb", fdb_cmds, BV_ARRAY_LEN(fdb_cmds));
	fprintf(f,
"  add             a static entry: never ages or moves\n"
"  flush           learned entries; with all, static ones too\n"
"  vid VID         also vlan VID, as bridge fdb says it\n");
}

int do_fdb(int argc, char **argv)
{
	return bv_cli_dispatch("fdb", fdb_cmds, BV_ARRAY_LEN(fdb_cmds),
			       fdb_usage, argc, argv);
}
