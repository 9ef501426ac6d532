/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The clock samples are timed with (CLOCK_MONOTONIC) and the wait between
 * two samples (`top`, `stats rate`). In a file of their own so that the
 * CLI fuzz harness can put a fake clock in their place.
 */
#ifndef BV_CLOCK_H
#define BV_CLOCK_H

#include <stdint.h>

uint64_t bv_clock_ns(void);

/* From here on SIGINT and SIGTERM end the next wait (not the process). */
int bv_wait_signals_catch(void);
/* Back to the signal handling before bv_wait_signals_catch(). */
void bv_wait_signals_release(void);

/*
 * Wait until @deadline_ns (bv_clock_ns() time) or until the user quits:
 * a caught signal, or a key 'q' read from @key_fd (-1: no keys), or the
 * terminal hung up. 1 to quit, 0 at the deadline, or -errno.
 */
int bv_wait_until(uint64_t deadline_ns, int key_fd);

#endif /* BV_CLOCK_H */
