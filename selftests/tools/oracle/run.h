/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Frames through both bridges (run.c). The test builds, in network
 * namespace HV, a Linux bridge with ports l0..lN-1 and a bpfvlan bridge
 * with ports b0..bN-1, each port a veth whose peer of the same name is in
 * namespace SINKS; plus, on each bridge, two access ports of the barrier
 * VLAN: lx, ly and bx, by. Every frame is sent into the same port of both
 * bridges from SINKS, then a barrier frame into lx and bx; once it is out
 * of ly and by, every copy of the frame has reached its port's socket.
 * The process runs on one CPU, and every hop of the frame and of the
 * barrier is a FIFO there: the CPU's backlog, or on bpfvlan's XDP path the
 * veths' NAPI polls, in the order they were scheduled.
 */
#ifndef OR_RUN_H
#define OR_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include "oracle.h"

struct or_names {
	const char *hv;		/* namespace of the bridges */
	const char *sinks;	/* namespace of the far ends */
	const char *lbr;	/* the Linux bridge device */
	const char *bv;		/* the bpfvlan bridge */
	bool gro;		/* GRO on at bpfvlan's far ends (its XDP path) */
};

struct or_run;

/* Open everything for @conf; MTUs set, FDBs flushed. NULL on error. */
struct or_run *or_run_open(const struct or_names *names,
			   const struct or_conf *conf);
void or_run_close(struct or_run *r);

/*
 * One frame into port @in of both bridges. @expect: OR_RULE() bits the
 * difference must have (a fixed case), or -1 (any documented one); @may:
 * bits it may have besides (a rule that random ports of the case bring).
 * 0 if the Linux bridge did what the rules say, 1 if not (a reproducer
 * printed), -errno if the test itself failed.
 */
int or_run_frame(struct or_run *r, unsigned int in, const uint8_t *frame,
		 size_t len, int expect, unsigned int may);
/* @n random frames of the generator, seeded by @seed. */
int or_run_random(struct or_run *r, uint64_t seed, unsigned long n);
/* The learned MACs of the Linux bridge, bpfvlan and the model agree. */
int or_run_fdb_check(struct or_run *r);
/* Counts: frames, agreements, each rule's divergences. */
void or_run_summary(const struct or_run *r);

#endif /* OR_RUN_H */
