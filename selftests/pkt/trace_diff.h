/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* `bpfvlan trace` against the datapath, for the fuzzer (trace_diff.c). */
#ifndef BV_PKT_TRACE_DIFF_H
#define BV_PKT_TRACE_DIFF_H

#include "bpfvlan/trace.h"
#include "harness.h"

/*
 * Trace @frame into port @in_slot on the harness's bridge, checking that
 * the trace changed nothing. 0; 1 with what it changed in @why; -errno.
 */
int bvt_trace(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
	      size_t len, struct bv_trace *t, char *why, size_t whylen);

/* Trace's answer against what the programs did with the frame (@got).
 * 0 if they agree, else 1 with the differences in @why.
 */
int bvt_compare(const struct bvh *h, const struct bv_trace *t,
		unsigned int in_slot, const uint8_t *frame, size_t len,
		const struct bvh_result *got, char *why, size_t whylen);

#endif /* BV_PKT_TRACE_DIFF_H */
