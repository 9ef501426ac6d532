/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * `apply -f FILE`: bring a bridge to what its configuration says, by the
 * steps of plan.h. Everything is checked before anything changes; then
 * the steps run in order, and on a failure the steps done are undone in
 * reverse, so that the bridge is left as it was.
 */
#ifndef BPFVLAN_APPLY_H
#define BPFVLAN_APPLY_H

#include "bpfvlan/bridge.h"
#include "bpfvlan/conf.h"
#include "bpfvlan/plan.h"

struct bv_apply {
	char name[BV_BRIDGE_NAME_MAX];
	struct bv_bridge *br;		/* open and locked; NULL: no bridge yet */
	struct bv_conf cur;		/* the running state (empty: no bridge) */
	const struct bv_conf *want;	/* the file's */
	struct bv_plan plan;
};

/*
 * Open bridge @name if it exists (and keep it locked), read its state,
 * plan the way to @want and check every step against the system: devices
 * exist, are no port of another bridge and run no foreign XDP program;
 * mode xdp has native XDP; the MAC table size is unchanged. Changes
 * nothing. @want must outlive @a. Close @a in any case.
 */
int bv_apply_prepare(const char *name, const struct bv_conf *want,
		     struct bv_apply *a);
/*
 * The same for `apply check` of a bridge loaded by another build, which
 * `apply` upgrades first (upgrade.h): read as it is (the maps that build
 * lacks as empty; its ports not repaired), planned as after the upgrade.
 * -ESTALE, said, if its maps' layout is not this build's: the plan can
 * be read only after the upgrade.
 */
int bv_apply_prepare_stale(const char *name, const struct bv_conf *want,
			   struct bv_apply *a);
/*
 * A failure a test asks for, to reach every rollback: step @step (1-based)
 * fails before it runs or, @inside, after part of its work (a reattach
 * between its detach and its attach, an fdb add between the delete of
 * the entry it replaces and its add; other steps after their work).
 */
struct bv_apply_fault {
	unsigned int step;
	bool inside;
};

/*
 * Run the plan. On a failure, undo what was done and return the first
 * error: each step puts back what it did (a re-attached or detached
 * port's static and learned entries too), so the bridge is left as it
 * was, but for the traffic counters of a port attached again. @fault:
 * NULL, or a test's failure.
 */
int bv_apply_run(struct bv_apply *a, const struct bv_apply_fault *fault);
void bv_apply_close(struct bv_apply *a);

#endif /* BPFVLAN_APPLY_H */
