// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* upgrade: this bpfvlan's programs into a running bridge (loader/upgrade.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static void upgrade_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan [-b BRIDGE] upgrade\n"
"  Replace the programs of running bridge BRIDGE with this bpfvlan's, in\n"
"  place: every port stays attached (TC and XDP programs are swapped\n"
"  atomically, never detached), its owners, VLANs, FDB (learned and\n"
"  static entries, with their ages), learn counts and counters are kept;\n"
"  maps whose layout changed are migrated, a change it cannot migrate is\n"
"  refused. On any failure the bridge keeps running its old programs.\n"
"  apply -f runs it first when the bridge was loaded by another build.\n");
}

/* The installed bpfvlan: no test hook (cli.h; a test build overrides). */
__attribute__((weak)) bool bv_cli_test_upgrade(struct bv_upgrade_test *t)
{
	(void)t;
	return false;
}

int do_upgrade(int argc, char **argv)
{
	struct bv_upgrade_test test = {};

	if (argc > 0) {
		if (bv_is_help(argv[0])) {
			upgrade_usage(stdout);
			return 0;
		}
		upgrade_usage(stderr);
		return bv_bad_input("unknown argument \"%s\" to upgrade\n",
				    argv[0]);
	}
	return bv_bridge_upgrade(cli.bridge,
				 bv_cli_test_upgrade(&test) ? &test : NULL);
}
