// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * top: packets, bits and drops per second, per port and per VLAN, from
 * two samples of the counters an interval apart (the time between them
 * measured, not assumed). Full-screen on a terminal until q or ^C; lines
 * (a table per refresh, or with -j one JSON document per line) when
 * stdout is not a terminal or with `count N`.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "clock.h"
#include "print.h"
#include "screen.h"
#include "top.h"

#define TOP_DEFAULT_MS		1000
#define TOP_MIN_MS		100
#define TOP_MAX_MS		3600000

struct top_args {
	const char *dev;
	__u16 vid;
	unsigned int interval_ms;
	unsigned long count;		/* refreshes; 0: until quit */
};

static int usage(void)
{
	printf("Usage: bpfvlan [-j] top [dev DEV] [vid VID] [interval SECS] [count N]\n"
	       "  rates per port and per VLAN, sorted by rate, every SECS (default 1,\n"
	       "  0.1..3600); dev/vid: only that port or VLAN and its VLANs or ports.\n"
	       "  Full-screen on a terminal (q or ^C quits); with count N, -j, or\n"
	       "  stdout not a terminal: N refreshes (or until ^C) as lines or JSON.\n");
	return 0;
}

static int parse_args(int argc, char **argv, struct top_args *a, bool *help)
{
	*a = (struct top_args){ .interval_ms = TOP_DEFAULT_MS };
	*help = false;
	for (; argc > 0; argc--, argv++) {
		const char *kw = argv[0], *val;

		if (bv_is_help(kw)) {
			*help = true;
			return 0;
		}
		if (strcmp(kw, "dev") && strcmp(kw, "vid") &&
		    strcmp(kw, "interval") && strcmp(kw, "count"))
			return bv_bad_input("unknown argument \"%s\" to top\n", kw);
		val = bv_next_arg(&argc, &argv);
		if (!val)
			return -EINVAL;
		if (!strcmp(kw, "dev")) {
			a->dev = val;
		} else if (!strcmp(kw, "vid")) {
			if (bv_arg_vid(val, "VID", &a->vid))
				return -EINVAL;
		} else if (!strcmp(kw, "interval")) {
			if (bv_arg_seconds(val, "interval", TOP_MIN_MS,
					   TOP_MAX_MS, &a->interval_ms))
				return -EINVAL;
		} else if (bv_parse_uint(val, 1, UINT_MAX, &a->count)) {
			return bv_bad_input("invalid count \"%s\" (1..%u)\n",
					    val, UINT_MAX);
		}
	}
	return 0;
}

/* Refresh until count, q, ^C or SIGTERM; the first interval shows a note. */
static int run(const struct top_args *a, const struct bv_top_filter *f,
	       struct bv_top_frame *fr, struct bv_sample *s)
{
	struct bv_sample *prev = &s[0], *cur = &s[1], *t;
	int err = bv_sample_take(prev, true);

	if (!err && fr->screen) {
		bv_screen_clear();
		printf("bpfvlan top - bridge %s - first sample, next in %u.%03u s - q quits\n",
		       fr->bridge, a->interval_ms / 1000, a->interval_ms % 1000);
		fflush(stdout);
	}
	for (unsigned long i = 0; !err && (!a->count || i < a->count); i++) {
		err = bv_wait_until(prev->ns + a->interval_ms * 1000000ULL,
				    fr->screen ? bv_screen_key_fd() : -1);
		if (err)
			break;
		err = bv_sample_take(cur, true);
		if (err)
			break;
		if (fr->screen) {
			fr->max_rows = bv_screen_rows();
			bv_screen_clear();
		}
		bv_print_init(cli.json, cli.pretty);	/* a document per refresh */
		bv_top_print(fr, f, prev, cur);
		t = prev;
		prev = cur;
		cur = t;
	}
	return err > 0 ? 0 : err;	/* 1: the user quit */
}

int do_top(int argc, char **argv)
{
	struct bv_top_frame fr = { .bridge = cli.bridge };
	struct bv_top_filter f = {};
	struct bv_sample *s;
	struct top_args a;
	bool help;
	int err;

	err = parse_args(argc, argv, &a, &help);
	if (err || help)
		return err ? err : usage();
	f.vid = a.vid;
	fr.interval_ms = a.interval_ms;
	fr.screen = !cli.json && !a.count && isatty(STDOUT_FILENO);
	s = calloc(2, sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = bv_wait_signals_catch();
	if (!err && fr.screen)
		err = bv_screen_open();		/* first: before any message */
	if (!err)
		err = bv_sample_dev(a.dev, &f.ifindex);
	if (!err)
		err = run(&a, &f, &fr, s);
	bv_screen_close();
	bv_wait_signals_release();
	free(s);
	return err;
}
