// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * tools/clock.c for the CLI fuzz harness: a clock that jumps to each
 * deadline at once, so `top` and `stats rate` never sleep; the fourth wait
 * of a command quits as a key q would, so `top` without `count` ends.
 */
#include "clock.h"
#include "cli_stubs.h"
#include "fuzz.h"

#define FAKE_WAITS	3

static uint64_t fake_now = 1000000000ULL;

uint64_t bv_clock_ns(void)
{
	fake_now += 1000;	/* time passes a little between reads */
	return fake_now;
}

int bv_wait_signals_catch(void)
{
	return 0;
}

void bv_wait_signals_release(void)
{
}

int bv_wait_until(uint64_t deadline_ns, int key_fd)
{
	FZ_ASSERT(key_fd == -1);	/* no terminal in the harness */
	if (++fz_stub.waits > FAKE_WAITS)
		return 1;
	if (deadline_ns > fake_now)
		fake_now = deadline_ns;
	return 0;
}
