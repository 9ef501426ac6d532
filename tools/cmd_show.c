// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* show config: the running bridge as a configuration file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/conf.h"
#include "bpfvlan/log.h"
#include "cli.h"
#include "print.h"

static void show_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan [-b BRIDGE] show config\n"
"  the running bridge as a configuration file for apply -f (ports, static\n"
"  FDB entries, mirrors); ports a hook attached (VMs) appear as comments\n");
}

static void json_vids(const char *key, const struct bv_vidset *set)
{
	bv_open_array(PRINT_JSON, key);
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++)
		if (bv_vidset_test(set, vid))
			bv_print_uint(PRINT_JSON, NULL, NULL, vid);
	bv_close_array(PRINT_JSON);
}

/* -j: the same data, keyed like port show and fdb show. */
static void print_json(const struct bv_conf *c)
{
	char mac[18];

	bv_open_object(PRINT_JSON, NULL);
	bv_print_uint(PRINT_JSON, "ageing", NULL, c->ageing_sec);
	bv_print_uint(PRINT_JSON, "fdb_size", NULL, c->fdb_size);
	bv_open_array(PRINT_JSON, "ports");
	for (size_t i = 0; i < c->nr_ports; i++) {
		const struct bv_conf_port *p = &c->ports[i];

		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_JSON, "ifname", NULL, p->dev);
		bv_print_string(PRINT_JSON, "mode", NULL,
				p->mode == BV_MODE_ACCESS ? "access" : "trunk");
		if (p->pvid)
			bv_print_uint(PRINT_JSON, "pvid", NULL, p->pvid);
		json_vids("tagged", &p->tagged);
		bv_print_string(PRINT_JSON, "attach", NULL,
				bv_attach_name(p->attach));
		bv_print_string(PRINT_JSON, "owner", NULL,
				bv_owner_name(p->owner));
		bv_close_object(PRINT_JSON);
	}
	bv_close_array(PRINT_JSON);
	bv_open_array(PRINT_JSON, "fdb");
	for (size_t i = 0; i < c->nr_fdb; i++) {
		bv_mac_format(c->fdb[i].mac, mac);
		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_JSON, "mac", NULL, mac);
		bv_print_uint(PRINT_JSON, "vlan", NULL, c->fdb[i].vid);
		bv_print_string(PRINT_JSON, "ifname", NULL, c->fdb[i].dev);
		bv_close_object(PRINT_JSON);
	}
	bv_close_array(PRINT_JSON);
	bv_open_array(PRINT_JSON, "mirrors");
	for (size_t i = 0; i < c->nr_mirrors; i++) {
		const struct bv_mirror_spec *m = &c->mirrors[i];

		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_JSON, "name", NULL, m->name);
		if (m->dev[0]) {
			bv_print_string(PRINT_JSON, "dev", NULL, m->dev);
			bv_print_string(PRINT_JSON, "direction", NULL,
					bv_mirror_dir_name(m->dir));
		}
		if (m->has_vids)
			json_vids("vlans", &m->vids);
		bv_print_string(PRINT_JSON, "to", NULL, m->to);
		bv_print_string(PRINT_JSON, "owner", NULL,
				bv_owner_name(m->owner));
		bv_close_object(PRINT_JSON);
	}
	bv_close_array(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	bv_print_finish();
}

static int show_config(void)
{
	struct bv_bridge *br;
	struct bv_conf c;
	int err;

	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_conf_read(br, &c);
	bv_bridge_close(br);
	if (err) {
		/* -ENODEV: a port without a device name, said already. */
		if (err != -ENODEV)
			pr_warn("cannot read bridge %s: %s\n", cli.bridge,
				strerror(-err));
		return err;
	}
	if (cli.json)
		print_json(&c);
	else
		err = bv_conf_write(&c, cli.bridge, stdout);
	bv_conf_free(&c);
	fflush(stdout);
	return err;
}

int do_show(int argc, char **argv)
{
	if (argc == 0 || bv_is_help(argv[0]) ||
	    (argc > 1 && bv_is_help(argv[1]))) {
		show_usage(argc ? stdout : stderr);
		return argc ? 0 : bv_bad_input("show needs an object (config)\n");
	}
	if (strcmp(argv[0], "config"))
		return bv_bad_input("unknown object \"%s\" to show (config)\n",
				    argv[0]);
	if (argc > 1)
		return bv_bad_input("unknown argument \"%s\" to show config\n",
				    argv[1]);
	return show_config();
}
