// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* apply -f FILE [check]: a bridge as its configuration file says. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/apply.h"
#include "bpfvlan/log.h"
#include "cli.h"
#include "print.h"

static void apply_usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan [-b BRIDGE] apply -f FILE [check]\n"
"  Make bridge BRIDGE (loaded if missing) what FILE describes, changing\n"
"  only what differs; \"-\" reads standard input. With check, print the\n"
"  steps and change nothing. FILE holds lines of:\n"
"    bridge [ageing SECS] [fdb-size N]\n");
	bv_port_spec_usage(f, BV_PS_FILE, "    port DEV", "    port DEV");
	fprintf(f,
"    fdb MAC dev DEV vid VID\n"
"  Ports the file does not name are detached only if an earlier apply\n"
"  attached them. See bpfvlan(8), CONFIGURATION FILE.\n");
}

/* The file, parsed; a bad file is bad input (exit 2), named by line. */
static int read_conf(const char *path, struct bv_conf *conf)
{
	struct bv_conf_error perr;
	size_t len;
	char *text;
	int err;

	err = bv_conf_file_read(path, &text, &len);
	if (err) {
		pr_warn("cannot read %s: %s\n", path, strerror(-err));
		return err;
	}
	err = bv_conf_parse(text, len, conf, &perr);
	free(text);
	if (err == -EINVAL)
		return bv_bad_input("%s:%u: %s\n", path, perr.line, perr.msg);
	if (err)
		pr_warn("cannot parse %s: %s\n", path, strerror(-err));
	return err;
}

static void print_plan(const struct bv_apply *a)
{
	char *desc = malloc(BV_STEP_DESC_MAX);

	if (!desc)
		return;
	bv_open_array(PRINT_JSON, NULL);
	for (size_t i = 0; i < a->plan.n; i++) {
		bv_step_describe(&a->plan, &a->plan.steps[i], desc,
				 BV_STEP_DESC_MAX);
		bv_print_string(PRINT_ANY, NULL, "%s", desc);
		bv_print_nl();
	}
	bv_close_array(PRINT_JSON);
	bv_print_finish();
	free(desc);
}

/* The installed bpfvlan: no test hook (cli.h; a test build overrides). */
__attribute__((weak)) bool bv_cli_test_fault(struct bv_apply_fault *f)
{
	(void)f;
	return false;
}

/*
 * A bridge loaded by another build of bpfvlan (a package upgrade, then
 * `systemctl restart bpfvlan@BRIDGE`) gets this build's programs first,
 * in place (`bpfvlan upgrade`); `check` only says so (1: stale).
 */
static int upgrade_first(bool check)
{
	int stale = bv_bridge_stale(cli.bridge);

	if (stale <= 0)
		return stale;
	if (check) {
		fprintf(stderr, "bridge %s was loaded by another build of bpfvlan: apply upgrades it first (bpfvlan upgrade)\n",
			cli.bridge);
		return 1;
	}
	pr_info("bridge %s was loaded by another build of bpfvlan: upgrading it first\n",
		cli.bridge);
	return bv_bridge_upgrade(cli.bridge, NULL);
}

int do_apply(int argc, char **argv)
{
	const char *path = NULL;
	struct bv_apply_fault fault;
	struct bv_conf want;
	struct bv_apply a;
	bool check = false;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (bv_is_help(argv[0])) {
			apply_usage(stdout);
			return 0;
		} else if (!strcmp(argv[0], "-f")) {
			path = bv_next_arg(&argc, &argv);
			if (!path)
				return -EINVAL;
		} else if (!strcmp(argv[0], "check")) {
			check = true;
		} else {
			apply_usage(stderr);
			return bv_bad_input("unknown argument \"%s\" to apply\n",
					    argv[0]);
		}
	}
	if (!path) {
		apply_usage(stderr);
		return bv_bad_input("apply needs -f FILE\n");
	}
	err = read_conf(path, &want);
	if (err)
		return err;
	err = upgrade_first(check);
	if (err == 1)
		err = bv_apply_prepare_stale(cli.bridge, &want, &a);
	else if (!err)
		err = bv_apply_prepare(cli.bridge, &want, &a);
	if (!err && check)
		print_plan(&a);
	else if (!err)
		err = bv_apply_run(&a, bv_cli_test_fault(&fault) ? &fault : NULL);
	bv_apply_close(&a);
	bv_conf_free(&want);
	return err;
}
