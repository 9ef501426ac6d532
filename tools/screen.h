/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A full-screen view on a plain terminal with ANSI sequences (no curses):
 * the alternate screen, no cursor, no line wrap (long lines are cut at
 * the right margin), keys read one at a time without echo. Everything is
 * restored on close.
 */
#ifndef BV_SCREEN_H
#define BV_SCREEN_H

#include <stdbool.h>

/* stdout must be a terminal; keys are read from stdin if it is one.
 * Call it before anything is printed: it sets the buffers of stdout and
 * stderr (messages appear at close, on the main screen). 0 or -errno.
 */
int bv_screen_open(void);
void bv_screen_close(void);
/* The fd to read keys from, or -1. */
int bv_screen_key_fd(void);
/* Rows of the terminal (24 if unknown). */
unsigned int bv_screen_rows(void);
/* Start a new frame: cursor home, screen cleared. */
void bv_screen_clear(void);

#endif /* BV_SCREEN_H */
