// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* stats: per-port counters and named drop reasons; rates over an interval. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/stats.h"
#include "cli.h"
#include "clock.h"
#include "print.h"
#include "rate.h"
#include "sample.h"
#include "show.h"

#define RATE_DEFAULT_MS		1000
#define RATE_MIN_MS		100
#define RATE_MAX_MS		3600000

/* A JSON object of named counters (all of them); as text, the non-zero ones,
 * one per line.
 */
static void print_counters(const char *key, const char *prefix,
			   const __u64 *v, unsigned int n,
			   const char *(*name)(unsigned int))
{
	bv_open_object(PRINT_JSON, key);
	for (unsigned int i = 0; i < n; i++) {
		char fmt[64];

		snprintf(fmt, sizeof(fmt), "\n    %s%s %%llu", prefix, name(i));
		bv_print_uint(v[i] ? PRINT_ANY : PRINT_JSON, name(i), fmt, v[i]);
	}
	bv_close_object(PRINT_JSON);
}

/* Rates next to the counters: rx_pps, rx_bps, tx_pps, tx_bps, drops_pps. */
static void print_rates(const struct bv_port_rates *r)
{
	bv_print_rate(PRINT_ANY, "rx_pps", "\n    rate rx %s pps", r->rx_pps);
	bv_print_rate(PRINT_ANY, "rx_bps", " %sbit/s", r->rx_bps);
	bv_print_rate(PRINT_ANY, "tx_pps", "  tx %s pps", r->tx_pps);
	bv_print_rate(PRINT_ANY, "tx_bps", " %sbit/s", r->tx_bps);
	bv_open_object(PRINT_JSON, "drops_pps");
	for (unsigned int i = 0; i < BV_DROP_MAX; i++) {
		char fmt[64];

		snprintf(fmt, sizeof(fmt), "\n    drop/s %s %%s", bv_drop_name(i));
		bv_print_rate(r->drops_pps[i] > 0 ? PRINT_ANY : PRINT_JSON,
			      bv_drop_name(i), fmt, r->drops_pps[i]);
	}
	bv_close_object(PRINT_JSON);
}

static void print_stats(const char *name, const struct bv_port_stats *s,
			const struct bv_port_rates *rates)
{
	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%s:", name);
	bv_print_uint(PRINT_ANY, "rx_packets", " rx %llu", s->rx_packets);
	bv_print_uint(PRINT_ANY, "rx_bytes", " (%llu bytes)", s->rx_bytes);
	bv_print_uint(PRINT_ANY, "tx_packets", "  tx %llu", s->tx_packets);
	bv_print_uint(PRINT_ANY, "tx_bytes", " (%llu bytes)", s->tx_bytes);
	if (rates)
		print_rates(rates);
	print_counters("drops", "drop ", s->drops, BV_DROP_MAX, bv_drop_name);
	print_counters("events", "", s->events, BV_EV_MAX, bv_event_name);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

static int show_stats(struct bv_bridge *br, unsigned int slot, void *state)
{
	char name[BV_IFNAME_BUF];
	struct bv_port_stats s;
	int err = bv_stats_read(br, slot, &s);

	(void)state;
	if (!err)
		print_stats(bv_ifname(bv_bridge_port(br, slot)->ifindex, name), &s,
			    NULL);
	return err;
}

/*
 * The bridge's mirrors, a line each with its name and counters (`mirror
 * show` has the rest). In JSON only for `stats mirrors`, as an array of
 * its own: `stats -j` stays an array of ports, which scripts iterate.
 */
static int print_mirrors(struct bv_bridge *br)
{
	struct bv_mirror_info *list;
	size_t n;
	int err = bv_mirror_list(br, &list, &n);

	if (err) {
		fprintf(stderr, "bpfvlan: stats: cannot read the mirrors of bridge %s: %s\n",
			bv_bridge_name(br), strerror(-err));
		return err;
	}
	for (size_t i = 0; i < n; i++) {
		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_ANY, "name", "mirror %s:",
				list[i].spec.name);
		bv_mirror_print_counters(&list[i]);
		bv_close_object(PRINT_JSON);
		bv_print_nl();
	}
	free(list);
	return 0;
}

/* After the ports in text; JSON has them under `stats mirrors`. */
static int show_mirrors(struct bv_bridge *br)
{
	return bv_print_is_json() ? 0 : print_mirrors(br);
}

/* `stats mirrors`: the mirrors' counters alone. */
static int show_mirror_stats(void)
{
	struct bv_bridge *br;
	int err = bv_cli_open(&br);

	if (err)
		return err;
	bv_open_array(PRINT_JSON, NULL);
	err = print_mirrors(br);
	bv_close_array(PRINT_JSON);
	bv_print_finish();
	bv_bridge_close(br);
	return err;
}

static const struct bv_show stats_view = {
	.cmd = "stats",
	.port = show_stats,
	.tail = show_mirrors,
};

/*
 * Two samples @ms apart; the ports of the second with their rates. A port
 * that came in between counts from zero (all it counted was in the
 * interval); one that left is not shown.
 */
static int show_rates(const char *dev, unsigned int ms)
{
	struct bv_sample *s = calloc(2, sizeof(*s));
	uint64_t elapsed;
	__u32 only;
	int err;

	if (!s)
		return -ENOMEM;
	err = bv_sample_dev(dev, &only);
	if (!err)
		err = bv_sample_take(&s[0], false);
	if (!err)
		err = bv_wait_until(s[0].ns + ms * 1000000ULL, -1);
	if (!err)
		err = bv_sample_take(&s[1], false);
	if (err)
		goto out;
	elapsed = bv_elapsed_ns(s[0].ns, s[1].ns);
	bv_open_array(PRINT_JSON, NULL);
	for (unsigned int i = 0; i < s[1].nr_ports; i++) {
		const struct bv_sample_port *p = &s[1].port[i];
		const struct bv_sample_port *was;
		struct bv_port_rates r;

		if (only && p->ifindex != only)
			continue;
		was = bv_sample_port(&s[0], p->slot, p->ifindex);
		bv_port_rates(was ? &was->st : NULL, &p->st, elapsed, &r);
		print_stats(p->name, &p->st, &r);
	}
	bv_close_array(PRINT_JSON);
	bv_print_finish();
out:
	free(s);
	return err < 0 ? err : 0;
}

static int usage(void)
{
	printf("Usage: bpfvlan stats [show] [dev DEV] [rate [SECS]]\n"
	       "       bpfvlan stats [show] mirrors\n"
	       "  mirrors: each mirror's copies (packets, bytes) and failures\n"
	       "  rate: sample twice, SECS apart (default 1, 0.1..3600), and add\n"
	       "        rx_pps, rx_bps, tx_pps, tx_bps (bit/s), drops_pps\n");
	return 0;
}

int do_stats(int argc, char **argv)
{
	unsigned int ms = RATE_DEFAULT_MS;
	const char *dev = NULL;
	bool rate = false;
	int n = argc;
	char **args = argv;

	if (n > 0 && !strcmp(args[0], "show")) {
		n--;
		args++;
	}
	if (n == 1 && !strcmp(args[0], "mirrors"))
		return show_mirror_stats();
	for (int i = 0; i < n; i++) {
		if (bv_is_help(args[i]))
			return usage();
		if (!strcmp(args[i], "dev")) {
			if (i + 1 >= n)
				return bv_bad_input("\"dev\" needs a value\n");
			dev = args[++i];
		} else if (!strcmp(args[i], "rate")) {
			rate = true;
			/* An optional value: any next word but a keyword. */
			if (i + 1 < n && strcmp(args[i + 1], "dev") &&
			    !bv_is_help(args[i + 1]) &&
			    bv_arg_seconds(args[++i], "rate interval",
					   RATE_MIN_MS, RATE_MAX_MS, &ms))
				return -EINVAL;
		} else {
			return bv_bad_input("unknown argument \"%s\" to stats\n",
					    args[i]);
		}
	}
	if (rate)
		return show_rates(dev, ms);
	return bv_show_ports(n, args, &stats_view);
}
