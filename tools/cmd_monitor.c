// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * monitor: keep the bridge in step with the kernel without restarting
 * anything. A port whose link is deleted is removed; a port whose
 * ndo-xmit ability or MTU changes (a veth peer gaining or losing XDP/GRO)
 * moves between the XDP and TC egress paths. Runs until SIGINT/SIGTERM.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/port.h"
#include "cli.h"
#include "print.h"

/* Fallback re-check, in case a change raised no notification. */
#define MONITOR_PERIOD_MS	5000

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Port names as last seen: a deleted link's name can no longer be asked. */
static char last_name[BV_MAX_PORTS][BV_IFNAME_BUF];

static void remember_names(const struct bv_port *ports)
{
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++)
		if (ports[slot].ifindex)
			bv_ifname(ports[slot].ifindex, last_name[slot]);
}

static void report(const struct bv_port *old, const struct bv_port *now)
{
	char name[BV_IFNAME_BUF];

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		const char *what = NULL;

		if (!old[slot].ifindex)
			continue;
		if (!now[slot].ifindex)
			what = "removed";
		else if (bv_port_xdp_ok(&old[slot]) != bv_port_xdp_ok(&now[slot]))
			what = bv_port_xdp_ok(&now[slot]) ? "egress xdp" : "egress tc";
		else
			continue;
		if (!now[slot].ifindex && last_name[slot][0])
			memcpy(name, last_name[slot], sizeof(name));
		else
			bv_ifname(old[slot].ifindex, name);
		bv_print_init(cli.json, cli.pretty);	/* one object per line */
		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_ANY, "ifname", "%s", name);
		bv_print_uint(PRINT_JSON, "ifindex", NULL, old[slot].ifindex);
		bv_print_string(PRINT_ANY, "event", " %s", what);
		bv_close_object(PRINT_JSON);
		bv_print_nl();
		bv_print_finish();
	}
}

/* Every slot of @br, free ones zeroed. */
static void ports_of(const struct bv_bridge *br, struct bv_port *ports)
{
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		const struct bv_port *p = bv_bridge_port(br, slot);

		if (p)
			ports[slot] = *p;
		else
			memset(&ports[slot], 0, sizeof(ports[slot]));
	}
}

static int refresh_once(void)
{
	static struct bv_port before[BV_MAX_PORTS], now[BV_MAX_PORTS];
	struct bv_bridge *br;
	int err;

	err = bv_bridge_open(cli.bridge, &br);
	if (err)
		return err;
	ports_of(br, before);
	err = bv_bridge_refresh(br);
	if (!err) {
		ports_of(br, now);
		report(before, now);
		remember_names(now);
	}
	bv_bridge_close(br);
	return err;
}

int do_monitor(int argc, char **argv)
{
	static const struct timespec period = {
		.tv_sec = MONITOR_PERIOD_MS / 1000,
		.tv_nsec = MONITOR_PERIOD_MS % 1000 * 1000000L,
	};
	sigset_t stop_sigs, wait_mask;
	struct pollfd pfd[2];
	int fds[2], err;

	if (argc > 0) {
		if (bv_is_help(argv[0])) {
			printf("Usage: bpfvlan [-b BRIDGE] monitor\n"
			       "  follow link removal and XDP feature changes until interrupted\n");
			return 0;
		}
		return bv_bad_input("unknown argument \"%s\" to monitor\n",
				    argv[0]);
	}
	err = bv_watch_open();
	if (err) {
		pr_warn("cannot listen for link events: %s\n", strerror(-err));
		return err;
	}
	err = refresh_once();
	if (err)
		return err;
	/* SIGINT/SIGTERM get in only while waiting (ppoll): one that comes
	 * during a refresh ends the next wait at once, not a period later.
	 */
	sigemptyset(&stop_sigs);
	sigaddset(&stop_sigs, SIGINT);
	sigaddset(&stop_sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop_sigs, &wait_mask);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	bv_watch_fds(fds);
	for (int i = 0; i < 2; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };

	while (!stop) {
		int n = ppoll(pfd, 2, &period, &wait_mask);

		if (stop)
			break;
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			err = bv_watch_drain();
			if (err) {
				pr_warn("cannot read link events: %s\n",
					strerror(-err));
				return err;
			}
		}
		/* The bridge may have been unloaded under us: then we stop. */
		err = refresh_once();
		if (err)
			return err == -ENOENT ? 0 : err;
	}
	return 0;
}
