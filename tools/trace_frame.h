/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* `bpfvlan trace`'s FRAME words into bytes (tools/trace_frame.c). */
#ifndef BV_TRACE_FRAME_H
#define BV_TRACE_FRAME_H

#include <stddef.h>
#include <linux/types.h>
#include "bpfvlan/trace.h"

struct bv_trace_frame {
	__u8 bytes[BV_TRACE_FRAME_MAX];
	size_t len;
};

/* The frame @argv describes; bad input says why (-EINVAL). */
int bv_trace_frame_parse(int argc, char **argv, struct bv_trace_frame *f);

#endif /* BV_TRACE_FRAME_H */
