/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* bvbench: the benchmark driver (selftests/bench). Shared helpers. */
#ifndef BVB_BENCH_H
#define BVB_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#define BVB_MAX_FRAME	1600
#define BVB_MAX_HDR	64	/* headers a case may give (L2, L3, L4) */
#define BVB_MAX_SINKS	16
#define BVB_MAX_WATCH	16

/* Errors: negative errno; messages go to stderr, results to stdout (TSV). */
int bvb_netns_enter(const char *name);
int bvb_ifindex(const char *dev);
int bvb_pin_cpu(int cpu);
__u64 bvb_now_ns(void);
int bvb_hex(const char *hex, __u8 *out, size_t max);
int bvb_split(char *line, char **words, int max);
double bvb_trimmed_mean(double *v, int n);	/* middle 80 % */

/*
 * A case's frame: @hex (the frame's first 14..BVB_MAX_HDR bytes: an
 * Ethernet or 802.1Q header, optionally followed by L3/L4 headers), then
 * zeros with a marker. @size is the untagged form's length: a frame whose
 * outer ethertype is 0x8100 is 4 bytes longer. Sets *@len.
 */
int bvb_case_frame(const char *name, const char *hex, unsigned long size,
		   __u8 *buf, __u32 *len);

/* Subcommands. argv[0] is the subcommand name. */
int bvb_cmd_attach(int argc, char **argv);
int bvb_cmd_run(int argc, char **argv);
int bvb_cmd_testrun(int argc, char **argv);
int bvb_cmd_fdb_fill(int argc, char **argv);
int bvb_cmd_fdb_count(int argc, char **argv);
int bvb_cmd_lines(int argc, char **argv);

#endif /* BVB_BENCH_H */
