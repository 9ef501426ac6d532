/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The configuration file of a bridge (`bpfvlan apply -f FILE`), one
 * statement per line, in the words of the command line:
 *
 *   bridge [ageing SECS] [fdb-size N]
 *   port DEV access VID [mode auto|xdp|tc] [learn-limit N]
 *   port DEV trunk VIDLIST [native VID] [mode auto|xdp|tc] [learn-limit N]
 *   port DEV internal VID [mtu N] [mac MAC]
 *   fdb MAC dev DEV vid VID
 *
 * '#' starts a comment where a word starts. What the file leaves out has
 * its default (ageing 300, fdb-size 16384, mode auto, no learn limit).
 * Pure: no I/O, no messages; an error says the line and names the word at
 * fault.
 */
#ifndef BV_CONF_PARSE_H
#define BV_CONF_PARSE_H

#include <stddef.h>
#include "conf.h"

struct bv_conf_error {
	unsigned int line;	/* 1-based */
	char msg[256];		/* names the word at fault */
};

/* Parse @len bytes of @text (a NUL byte is an error). On success *out is
 * the bridge the file describes, every port owned by the config; on
 * failure *out is empty and @err says where and why. 0 or -EINVAL
 * (-ENOMEM).
 */
int bv_conf_parse(const char *text, size_t len, struct bv_conf *out,
		  struct bv_conf_error *err);

#endif /* BV_CONF_PARSE_H */
