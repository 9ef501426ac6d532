// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* stats: per-port counters and named drop reasons. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "netlink.h"
#include "print.h"
#include "show.h"
#include "stats.h"

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

static void print_stats(const struct bv_port *p, const struct bv_port_stats *s)
{
	char name[BV_IFNAME_BUF];

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%s:", bv_ifname(p->ifindex, name));
	bv_print_uint(PRINT_ANY, "rx_packets", " rx %llu", s->rx_packets);
	bv_print_uint(PRINT_ANY, "rx_bytes", " (%llu bytes)", s->rx_bytes);
	bv_print_uint(PRINT_ANY, "tx_packets", "  tx %llu", s->tx_packets);
	bv_print_uint(PRINT_ANY, "tx_bytes", " (%llu bytes)", s->tx_bytes);
	print_counters("drops", "drop ", s->drops, BV_DROP_MAX, bv_drop_name);
	print_counters("events", "", s->events, BV_EV_MAX, bv_event_name);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

static int show_stats(struct bv_bridge *br, unsigned int slot, void *state)
{
	struct bv_port_stats s;
	int err = bv_stats_read(br, slot, &s);

	(void)state;
	if (!err)
		print_stats(&br->ports[slot], &s);
	return err;
}

static const struct bv_show stats_view = {
	.cmd = "stats",
	.port = show_stats,
};

int do_stats(int argc, char **argv)
{
	if (argc > 0 && !strcmp(argv[0], "show")) {
		argc--;
		argv++;
	}
	if (argc > 0 && bv_is_help(argv[0])) {
		printf("Usage: bpfvlan stats [show] [dev DEV]\n");
		return 0;
	}
	return bv_show_ports(argc, argv, &stats_view);
}
