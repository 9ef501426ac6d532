// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"

static volatile sig_atomic_t quit;
static struct {
	bool caught;
	sigset_t wait_mask;		/* the mask while waiting: signals get in */
	sigset_t saved_mask;
	struct sigaction saved_int, saved_term;
} sig;

uint64_t bv_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void on_signal(int signo)
{
	(void)signo;
	quit = 1;
}

/* The signals are blocked outside the waits: one that comes while a sample
 * is read or printed ends the next wait at once (ppoll lets it in).
 */
int bv_wait_signals_catch(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, &sig.saved_mask))
		return -errno;
	sig.wait_mask = sig.saved_mask;
	sigdelset(&sig.wait_mask, SIGINT);
	sigdelset(&sig.wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &sig.saved_int);
	sigaction(SIGTERM, &sa, &sig.saved_term);
	sig.caught = true;
	quit = 0;
	return 0;
}

void bv_wait_signals_release(void)
{
	if (!sig.caught)
		return;
	sigaction(SIGINT, &sig.saved_int, NULL);
	sigaction(SIGTERM, &sig.saved_term, NULL);
	sigprocmask(SIG_SETMASK, &sig.saved_mask, NULL);
	sig.caught = false;
}

/* 1 if the bytes waiting on @fd hold a 'q' (or the terminal is gone). */
static int read_keys(int fd)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0)
		return 1;
	return memchr(buf, 'q', n) || memchr(buf, 'Q', n) ? 1 : 0;
}

int bv_wait_until(uint64_t deadline_ns, int key_fd)
{
	struct pollfd pfd = { .fd = key_fd, .events = POLLIN };

	for (;;) {
		uint64_t now = bv_clock_ns();
		struct timespec left;
		int n;

		if (quit)
			return 1;
		if (now >= deadline_ns)
			return 0;
		left.tv_sec = (deadline_ns - now) / 1000000000ULL;
		left.tv_nsec = (deadline_ns - now) % 1000000000ULL;
		n = ppoll(&pfd, key_fd >= 0 ? 1 : 0, &left,
			  sig.caught ? &sig.wait_mask : NULL);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
			return 1;
		if (n > 0 && read_keys(key_fd))
			return 1;
	}
}
