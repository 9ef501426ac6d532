// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* stats: per-port counters and named drop reasons. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "netlink.h"
#include "print.h"
#include "stats.h"

static void print_stats(const struct bv_port *p, const struct bv_port_stats *s)
{
	char name[IF_NAMESIZE + 16];

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%s:", bv_ifname(p->ifindex, name));
	bv_print_uint(PRINT_ANY, "rx_packets", " rx %llu", s->rx_packets);
	bv_print_uint(PRINT_ANY, "rx_bytes", " (%llu bytes)", s->rx_bytes);
	bv_print_uint(PRINT_ANY, "tx_packets", "  tx %llu", s->tx_packets);
	bv_print_uint(PRINT_ANY, "tx_bytes", " (%llu bytes)", s->tx_bytes);
	bv_open_object(PRINT_JSON, "drops");
	for (unsigned int r = 0; r < BV_DROP_MAX; r++) {
		char fmt[64];

		snprintf(fmt, sizeof(fmt), "\n    drop %s %%llu", bv_drop_name(r));
		bv_print_uint(s->drops[r] ? PRINT_ANY : PRINT_JSON,
			      bv_drop_name(r), fmt, s->drops[r]);
	}
	bv_close_object(PRINT_JSON);
	bv_open_object(PRINT_JSON, "events");
	for (unsigned int e = 0; e < BV_EV_MAX; e++) {
		char fmt[64];

		snprintf(fmt, sizeof(fmt), "\n    %s %%llu", bv_event_name(e));
		bv_print_uint(s->events[e] ? PRINT_ANY : PRINT_JSON,
			      bv_event_name(e), fmt, s->events[e]);
	}
	bv_close_object(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

int do_stats(int argc, char **argv)
{
	const char *dev = NULL;
	struct bv_port_stats s;
	struct bv_bridge *br;
	int err, only;

	for (; argc > 0; argc--, argv++) {
		if (bv_is_help(argv[0])) {
			printf("Usage: bpfvlan stats [dev DEV]\n");
			return 0;
		} else if (!strcmp(argv[0], "dev")) {
			dev = bv_next_arg(&argc, &argv);
			if (!dev)
				return -EINVAL;
		} else if (strcmp(argv[0], "show")) {
			return bv_bad_input("unknown argument \"%s\" to stats\n",
					    argv[0]);
		}
	}
	err = bv_cli_open(&br);
	if (err)
		return err;
	err = bv_arg_dev_filter(br, dev, &only);
	if (err)
		goto out;
	bv_open_array(PRINT_JSON, NULL);
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!br->ports[slot].ifindex || (only >= 0 && (int)slot != only))
			continue;
		err = bv_stats_read(br, slot, &s);
		if (err)
			break;
		print_stats(&br->ports[slot], &s);
	}
	bv_close_array(PRINT_JSON);
	bv_print_finish();
out:
	bv_bridge_close(br);
	return err;
}
