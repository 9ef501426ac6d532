// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* The frame shared by the per-port views: `port show`, `vlan show`, `stats`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "cli.h"
#include "print.h"
#include "show.h"

int bv_show_ports(int argc, char **argv, const struct bv_show *show)
{
	const char *dev = NULL;
	struct bv_bridge *br;
	char name[BV_IFNAME_BUF];
	void *state = NULL;
	int err, only;

	for (; argc > 0; argc--, argv++) {
		if (bv_is_help(argv[0])) {
			printf("Usage: bpfvlan %s [dev DEV]\n", show->cmd);
			return 0;
		}
		if (strcmp(argv[0], "dev"))
			return bv_bad_input("unknown argument \"%s\" to %s\n",
					    argv[0], show->cmd);
		dev = bv_next_arg(&argc, &argv);
		if (!dev)
			return -EINVAL;
	}
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_arg_dev_filter(br, dev, &only);
	if (err)
		goto out;
	if (show->begin) {
		err = show->begin(br, &state);
		if (err) {
			pr_warn("%s: cannot read bridge %s: %s\n", show->cmd,
				bv_bridge_name(br), strerror(-err));
			goto out;
		}
	}
	if (show->text_header)
		bv_print_string(PRINT_FP, NULL, "%s\n", show->text_header);
	bv_open_array(PRINT_JSON, NULL);
	for (unsigned int slot = 0; !err && slot < BV_MAX_PORTS; slot++) {
		const struct bv_port *p = bv_bridge_port(br, slot);

		if (!p || (only >= 0 && (int)slot != only))
			continue;
		err = show->port(br, slot, state);
		if (err)
			pr_warn("%s: cannot read port %s of bridge %s: %s\n",
				show->cmd, bv_ifname(p->ifindex, name),
				bv_bridge_name(br), strerror(-err));
	}
	if (!err && only < 0 && show->tail)
		err = show->tail(br);
	bv_close_array(PRINT_JSON);
	bv_print_finish();
	if (show->end)
		show->end(state);
out:
	bv_bridge_close(br);
	return err;
}
