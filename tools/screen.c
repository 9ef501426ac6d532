// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "screen.h"

#define ALT_SCREEN_ON	"\033[?1049h"
#define ALT_SCREEN_OFF	"\033[?1049l"
#define CURSOR_OFF	"\033[?25l"
#define CURSOR_ON	"\033[?25h"
#define WRAP_OFF	"\033[?7l"
#define WRAP_ON		"\033[?7h"
#define HOME_CLEAR	"\033[H\033[J"

static struct {
	bool open;
	bool keys;		/* stdin is a terminal in non-canonical mode */
	struct termios saved;
	char buf[1 << 16];	/* one frame, written at once */
	char errbuf[1 << 14];	/* messages, held until close */
} scr;

int bv_screen_open(void)
{
	struct termios t;

	if (!isatty(STDOUT_FILENO))
		return -ENOTTY;
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &scr.saved)) {
		t = scr.saved;
		/* Keys one at a time, not echoed; ^C still a signal. */
		t.c_lflag &= ~(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		scr.keys = !tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	/* Before any output (setvbuf's rule): stays for the process. A
	 * message written while the screen is up would vanish with the
	 * alternate screen: stderr holds it until close.
	 */
	setvbuf(stdout, scr.buf, _IOFBF, sizeof(scr.buf));
	setvbuf(stderr, scr.errbuf, _IOFBF, sizeof(scr.errbuf));
	fputs(ALT_SCREEN_ON CURSOR_OFF WRAP_OFF, stdout);
	fflush(stdout);
	scr.open = true;
	return 0;
}

void bv_screen_close(void)
{
	if (!scr.open)
		return;
	fputs(WRAP_ON CURSOR_ON ALT_SCREEN_OFF, stdout);
	fflush(stdout);
	fflush(stderr);
	if (scr.keys)
		tcsetattr(STDIN_FILENO, TCSANOW, &scr.saved);
	scr.keys = false;
	scr.open = false;
}

int bv_screen_key_fd(void)
{
	return scr.keys ? STDIN_FILENO : -1;
}

unsigned int bv_screen_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || ws.ws_row < 3)
		return 24;
	return ws.ws_row;
}

void bv_screen_clear(void)
{
	fputs(HOME_CLEAR, stdout);
}
