// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* load / unload: the bridge's lifecycle. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static void load_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan [-b BRIDGE] load [ageing SECS] [fdb-size N]\n"
"  ageing SECS   learned MACs expire after SECS seconds (1..%d, default %d)\n"
"  fdb-size N    MAC table entries (16..%u, default %d)\n",
		BV_AGEING_MAX_SEC, BV_DEFAULT_AGEING_SEC, BV_FDB_SIZE_MAX,
		BV_DEFAULT_FDB_SIZE);
}

int do_load(int argc, char **argv)
{
	struct bv_load_opts opts = {
		.ageing_sec = BV_DEFAULT_AGEING_SEC,
		.fdb_size = BV_DEFAULT_FDB_SIZE,
	};
	unsigned long v;
	const char *val;

	for (; argc > 0; argc--, argv++) {
		if (bv_is_help(argv[0])) {
			load_usage(stdout);
			return 0;
		} else if (!strcmp(argv[0], "ageing")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			if (bv_parse_uint(val, 1, BV_AGEING_MAX_SEC, &v))
				return bv_bad_input("invalid ageing \"%s\" (seconds, 1..%d)\n",
						    val, BV_AGEING_MAX_SEC);
			opts.ageing_sec = v;
		} else if (!strcmp(argv[0], "fdb-size")) {
			val = bv_next_arg(&argc, &argv);
			if (!val)
				return -EINVAL;
			if (bv_parse_uint(val, 16, BV_FDB_SIZE_MAX, &v))
				return bv_bad_input("invalid fdb-size \"%s\" (16..%u)\n",
						    val, BV_FDB_SIZE_MAX);
			opts.fdb_size = v;
		} else {
			load_usage(stderr);
			return bv_bad_input("unknown argument \"%s\" to load\n",
					    argv[0]);
		}
	}
	return bv_bridge_load(cli.bridge, &opts);
}

int do_unload(int argc, char **argv)
{
	if (argc > 0) {
		if (bv_is_help(argv[0])) {
			printf("Usage: bpfvlan [-b BRIDGE] unload\n"
			       "  detach every port and remove the bridge's pins\n");
			return 0;
		}
		return bv_bad_input("unknown argument \"%s\" to unload\n",
				    argv[0]);
	}
	return bv_bridge_unload(cli.bridge);
}
