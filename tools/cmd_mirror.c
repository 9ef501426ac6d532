// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* mirror show / add / del: port and VLAN mirroring (bpfvlan/mirror.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/mirror.h"
#include "cli.h"
#include "print.h"

static void print_vlans(const struct bv_mirror_spec *m)
{
	static char buf[BV_VIDSET_FMT_MAX];

	if (!m->has_vids)
		return;
	bv_print_string(PRINT_FP, NULL, " vid %s",
			bv_vidset_format(&m->vids, buf, sizeof(buf)));
	bv_open_array(PRINT_JSON, "vlans");
	for (unsigned int v = BV_VID_MIN; v <= BV_VID_MAX; v++)
		if (bv_vidset_test(&m->vids, v))
			bv_print_uint(PRINT_JSON, NULL, NULL, v);
	bv_close_array(PRINT_JSON);
}

/* The counters of one mirror, in a JSON object already open. */
void bv_mirror_print_counters(const struct bv_mirror_info *mi)
{
	bv_print_uint(PRINT_ANY, "packets", "  copied %llu", mi->stats.packets);
	bv_print_uint(PRINT_ANY, "bytes", " (%llu bytes)", mi->stats.bytes);
	bv_print_uint(PRINT_ANY, "failed", " failed %llu", mi->stats.failed);
}

static void print_mirror(const struct bv_mirror_info *mi)
{
	const struct bv_mirror_spec *m = &mi->spec;

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "name", "%s:", m->name);
	if (m->dev[0]) {
		bv_print_string(PRINT_ANY, "dev", " dev %s", m->dev);
		bv_print_string(PRINT_ANY, "direction", " %s",
				bv_mirror_dir_name(m->dir));
	}
	print_vlans(m);
	bv_print_string(PRINT_ANY, "to", " to %s", m->to);
	if (mi->to_gone)
		bv_print_string(PRINT_FP, NULL, "%s", " (gone)");
	bv_print_bool(PRINT_JSON, "to_gone", NULL, mi->to_gone);
	bv_mirror_print_counters(mi);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

static int mirror_show(int argc, char **argv)
{
	struct bv_mirror_info *list;
	struct bv_bridge *br;
	size_t n;
	int err;

	if (argc > 0)
		return bv_bad_input("unknown argument \"%s\" to mirror show\n",
				    argv[0]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_mirror_list(br, &list, &n);
	bv_bridge_close(br);
	if (err) {
		fprintf(stderr, "bpfvlan: cannot read the mirrors of bridge %s: %s\n",
			cli.bridge, strerror(-err));
		return err;
	}
	bv_open_array(PRINT_JSON, NULL);
	for (size_t i = 0; i < n; i++)
		print_mirror(&list[i]);
	bv_close_array(PRINT_JSON);
	bv_print_finish();
	free(list);
	return 0;
}

static int mirror_add(int argc, char **argv)
{
	struct bv_mirror_spec m;
	struct bv_bridge *br;
	char msg[256];
	int err;

	if (bv_mirror_spec_parse(argc, argv, &m, msg, sizeof(msg)))
		return bv_bad_input("%s\n", msg);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_mirror_add(br, &m);
	bv_bridge_close(br);
	return err;
}

static int mirror_del(int argc, char **argv)
{
	struct bv_bridge *br;
	int err;

	if (argc != 1)
		return bv_bad_input("mirror del needs one NAME\n");
	if (!bv_mirror_name_valid(argv[0]))
		return bv_bad_input("invalid mirror name \"%s\"\n", argv[0]);
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_mirror_del(br, argv[0]);
	bv_bridge_close(br);
	return err;
}

static const struct bv_cmd mirror_cmds[] = {
	{ .name = "show", .fn = mirror_show, .usage = "show" },
	{ .name = "add", .fn = mirror_add,
	  .usage = "add NAME [dev DEV [ingress|egress|both]] [vid VIDLIST] to DEV" },
	{ .name = "del", .fn = mirror_del, .usage = "del NAME" },
};

static void mirror_usage(FILE *f)
{
	bv_cmd_usage(f, "mirror", mirror_cmds, BV_ARRAY_LEN(mirror_cmds));
	fprintf(f,
"  add             copy to DEV (no port of a bridge) the frames port dev\n"
"                  receives (ingress), sends (egress) or both (the default),\n"
"                  each as it is on that port's wire; with vid, only those of\n"
"                  VIDLIST. vid without dev: every frame the bridge forwards\n"
"                  in VIDLIST, tagged. Copies are made on the TC path.\n"
"  del             stop and remove mirror NAME\n");
}

int do_mirror(int argc, char **argv)
{
	return bv_cli_dispatch("mirror", mirror_cmds, BV_ARRAY_LEN(mirror_cmds),
			       mirror_usage, argc, argv);
}
