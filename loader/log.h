/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Logging: quiet by default, -v for more; libbpf's log goes through here. */
#ifndef BV_LOG_H
#define BV_LOG_H

enum bv_log_level {
	BV_LOG_WARN,
	BV_LOG_INFO,
	BV_LOG_DEBUG,
};

void bv_log_set_level(enum bv_log_level level);
void bv_log(enum bv_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Send libbpf's own messages through bv_log (warnings only unless -v). */
void bv_log_hook_libbpf(void);

#define pr_warn(...)	bv_log(BV_LOG_WARN, __VA_ARGS__)
#define pr_info(...)	bv_log(BV_LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	bv_log(BV_LOG_DEBUG, __VA_ARGS__)

#endif /* BV_LOG_H */
