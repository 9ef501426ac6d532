// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "bpfvlan/log.h"

static enum bv_log_level log_level = BV_LOG_WARN;
static bool warned;
static bool libbpf_warned;	/* hidden unless -v */

void bv_log_set_level(enum bv_log_level level)
{
	log_level = level;
}

void bv_log(enum bv_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level == BV_LOG_WARN)
		warned = true;
	if (level > log_level)
		return;
	va_start(ap, fmt);
	if (level == BV_LOG_WARN)
		fputs("bpfvlan: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	/* libbpf warnings are detail for -v: our own message names the
	 * device or value at fault.
	 */
	enum bv_log_level ours = level == LIBBPF_DEBUG ? BV_LOG_DEBUG
						       : BV_LOG_INFO;

	if (level == LIBBPF_WARN)
		libbpf_warned = true;
	if (ours > log_level)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void bv_log_hook_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}

void bv_log_fallback(const char *what, int err)
{
	if (warned)
		return;
	/* libbpf's warnings may be about errors we expect (a missing qdisc):
	 * not shown by default, but pointed to.
	 */
	pr_warn("%s failed: %s%s\n", what, strerror(-err),
		libbpf_warned && log_level < BV_LOG_INFO ?
		" (bpfvlan -v shows libbpf's messages)" : "");
}
