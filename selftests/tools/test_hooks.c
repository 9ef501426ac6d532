// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The test hooks of bpfvlan (tools/cli.h), linked into its test build
 * (build/bpfvlan-test) only: the installed binary never reads them.
 *
 *   BPFVLAN_TEST_FAIL_STEP=N         apply's step N fails before it runs
 *   BPFVLAN_TEST_FAIL_STEP=N:inside  ... after part of its work
 *                                    (bpfvlan/apply.h: struct bv_apply_fault)
 *
 *   BPFVLAN_TEST_UPGRADE_FAIL_STEP=N  upgrade's step N fails (bpfvlan -v
 *                                    names each step)
 *   BPFVLAN_TEST_UPGRADE_KILL_STEP=N  ... is killed (SIGKILL) at step N
 *   BPFVLAN_TEST_UPGRADE_MIGRATE=MAPS upgrade migrates these maps (all, or
 *                                    names with commas) as if their layout
 *                                    had changed
 *   BPFVLAN_TEST_UPGRADE_NO_RULE=MAPS ... and these as changed without a
 *                                    rule: the upgrade must be refused
 *
 * Anything else in the variable is refused, so that a test's typo cannot
 * pass as "no failure asked".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/apply.h"
#include "bpfvlan/parse.h"
#include "cli.h"

bool bv_cli_test_fault(struct bv_apply_fault *f)
{
	const char *env = getenv("BPFVLAN_TEST_FAIL_STEP");
	char num[16] = "";
	const char *colon;
	unsigned long n;

	if (!env)
		return false;
	colon = strchr(env, ':');
	snprintf(num, sizeof(num), "%.*s",
		 colon ? (int)(colon - env) : (int)strlen(env), env);
	if (bv_parse_uint(num, 1, 1000000, &n) ||
	    (colon && strcmp(colon, ":inside"))) {
		fprintf(stderr, "bpfvlan-test: BPFVLAN_TEST_FAIL_STEP=\"%s\": want N or N:inside\n",
			env);
		exit(2);
	}
	f->step = n;
	f->inside = colon != NULL;
	return true;
}

bool bv_cli_test_upgrade(struct bv_upgrade_test *t)
{
	const char *step = getenv("BPFVLAN_TEST_UPGRADE_FAIL_STEP");
	const char *kill = getenv("BPFVLAN_TEST_UPGRADE_KILL_STEP");
	unsigned long n = 0, k = 0;

	if ((step && bv_parse_uint(step, 1, 1000000, &n)) ||
	    (kill && bv_parse_uint(kill, 1, 1000000, &k))) {
		fprintf(stderr, "bpfvlan-test: BPFVLAN_TEST_UPGRADE_FAIL_STEP or _KILL_STEP: want N\n");
		exit(2);
	}
	t->fail_step = n;
	t->kill_step = k;
	t->migrate = getenv("BPFVLAN_TEST_UPGRADE_MIGRATE");
	t->no_rule = getenv("BPFVLAN_TEST_UPGRADE_NO_RULE");
	return step || kill || t->migrate || t->no_rule;
}
