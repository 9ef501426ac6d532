/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the fake loader of the CLI fuzz harness saw during one command. */
#ifndef BV_FUZZ_CLI_STUBS_H
#define BV_FUZZ_CLI_STUBS_H

struct fz_stub_state {
	int open;	/* bridges opened and not yet closed */
	int changes;	/* calls that would change the bridge or the kernel */
	int upgrades;	/* bv_bridge_upgrade(): apply's may precede its change */
	int waits;	/* waits between samples (fake_clock.c) */
	int samples;	/* VLAN counter reads */
};

extern struct fz_stub_state fz_stub;

#endif /* BV_FUZZ_CLI_STUBS_H */
