/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Logging: quiet by default, -v for more; libbpf's log goes through here. */
#ifndef BPFVLAN_LOG_H
#define BPFVLAN_LOG_H

#include <stdbool.h>

enum bv_log_level {
	BV_LOG_WARN,
	BV_LOG_INFO,
	BV_LOG_DEBUG,
};

void bv_log_set_level(enum bv_log_level level);
void bv_log(enum bv_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Send libbpf's own messages through bv_log (shown with -v). */
void bv_log_hook_libbpf(void);
/*
 * A failure must say why in one line: if nothing was warned about since
 * the start, say that @what failed with @err (negative errno).
 */
void bv_log_fallback(const char *what, int err);

#define pr_warn(...)	bv_log(BV_LOG_WARN, __VA_ARGS__)
#define pr_info(...)	bv_log(BV_LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	bv_log(BV_LOG_DEBUG, __VA_ARGS__)

#endif /* BPFVLAN_LOG_H */
