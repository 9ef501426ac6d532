// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * trace: what the bridge does with a frame, step by step, from its own
 * programs run in trace mode on the live maps (bpfvlan/trace.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/fdb.h"
#include "bpfvlan/link.h"
#include "bpfvlan/port.h"
#include "bpfvlan/trace.h"
#include "bpfvlan_names.h"
#include "cli.h"
#include "print.h"
#include "trace_frame.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: bpfvlan trace dev DEV FRAME\n"
"FRAME := src MAC dst MAC [vlan VID [pcp N]]\n"
"         [arp SENDER-IP TARGET-IP | ipv4 SRC DST [tcp|udp DPORT] |\n"
"          ipv6 SRC DST [tcp|udp DPORT]]\n"
"       | hex BYTES...      (as tcpdump -xx prints them; offsets skipped)\n"
"\n"
"Runs the frame through the bridge's own XDP and TC programs, on the live\n"
"tables, in a mode that learns, counts and sends nothing, and prints each\n"
"step: ingress port, VLAN, source checks, FDB lookup, egress ports and\n"
"their form, or the drop reason; and which path carries the frame.\n");
}


static const char *mode_name(const struct bv_port *p)
{
	return p->mode == BV_MODE_ACCESS ? "access" :
	       p->mode == BV_MODE_TRUNK ? "trunk" : "none";
}

static unsigned int be16(const __u8 *p)
{
	return p[0] << 8 | p[1];
}

static void mac_str(const __u8 *m, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
}

static bool is_classify_drop(unsigned int r)
{
	return r == BV_DROP_TAGGED_ON_ACCESS || r == BV_DROP_VLAN_NOT_ALLOWED ||
	       r == BV_DROP_UNTAGGED_NO_NATIVE || r == BV_DROP_NESTED_TAG;
}

/* Why the frame is in its VLAN (or in none), from the frame and the port. */
static void print_classify(const struct bv_port *p, const __u8 *fr,
			   size_t len, const struct bv_trace_rec *r)
{
	unsigned int type = len >= 14 ? be16(fr + 12) : 0;
	bool tagged = type == 0x8100 && len >= 16;
	unsigned int vid = tagged ? be16(fr + 14) & 0xfff : 0;
	char why[128];

	if (r->stage == BV_TRACE_DECIDED && is_classify_drop(r->reason))
		snprintf(why, sizeof(why), "dropped: %s", bv_drop_name(r->reason));
	else if (r->stage != BV_TRACE_DECIDED || r->reason == BV_DROP_BAD_SRC ||
		 r->reason == BV_DROP_LINK_LOCAL)
		snprintf(why, sizeof(why), "not classified");
	else if (tagged && vid)
		snprintf(why, sizeof(why), "802.1Q tag, VID %u", vid);
	else if (tagged)
		snprintf(why, sizeof(why), "priority tag: the port's %s VID %u",
			 p->mode == BV_MODE_ACCESS ? "access" : "native", p->pvid);
	else
		snprintf(why, sizeof(why), "%suntagged: the port's %s VID %u",
			 type == 0x88a8 ? "802.1ad outer tag (payload), " : "",
			 p->mode == BV_MODE_ACCESS ? "access" : "native", p->pvid);
	if (r->vid)
		bv_print_uint(PRINT_ANY, "vlan", "\nvlan:     %llu", r->vid);
	else
		bv_print_string(PRINT_FP, NULL, "\nvlan:     %s", "none");
	bv_print_string(PRINT_ANY, "classify", " (%s)", why);
}

static void print_source(const struct bv_port *p, const struct bv_trace_rec *r)
{
	bool reached = r->stage == BV_TRACE_DECIDED && r->vid &&
		       !is_classify_drop(r->reason);

	bv_open_object(PRINT_JSON, "source");
	bv_print_bool(PRINT_JSON, "locked", NULL, p->flags & BV_PORT_F_LOCKED);
	bv_print_bool(PRINT_JSON, "isolated", NULL,
		      p->flags & BV_PORT_F_ISOLATED);
	bv_print_bool(PRINT_JSON, "allow_ip", NULL,
		      p->flags & BV_PORT_F_ALLOW_IP);
	bv_print_string(PRINT_FP, NULL, "\nsource:   %s", "");
	if (r->reason == BV_DROP_BAD_SRC)
		bv_print_string(PRINT_FP, NULL, "%s", "multicast or zero source: dropped");
	else if (r->reason == BV_DROP_LOCKED_SRC)
		bv_print_string(PRINT_FP, NULL, "%s",
				"locked port, no static entry of it for this source: dropped");
	else if (r->reason >= BV_DROP_IP_SPOOF && r->reason <= BV_DROP_ND_SPOOF)
		bv_print_string(PRINT_FP, NULL, "allow-ip: %s, dropped",
				bv_drop_name(r->reason));
	else if (r->reason == BV_DROP_STATIC_MOVE)
		bv_print_string(PRINT_FP, NULL, "%s",
				"a static entry of another port: dropped");
	else if (reached)
		bv_print_string(PRINT_FP, NULL, "%s",
				p->flags & BV_PORT_F_LOCKED ?
				"locked port, a static entry of it: passes" :
				"passes");
	else
		bv_print_string(PRINT_FP, NULL, "%s", "not checked");
	if (p->flags & BV_PORT_F_ALLOW_IP && reached &&
	    !(r->reason >= BV_DROP_IP_SPOOF && r->reason <= BV_DROP_ND_SPOOF))
		bv_print_string(PRINT_FP, NULL, "%s", "; allow-ip: passes");
	if (p->flags & BV_PORT_F_ISOLATED)
		bv_print_string(PRINT_FP, NULL, "%s", "; isolated port");
	bv_print_string(PRINT_ANY, "learn", "\nlearn:    %s",
			bv_trace_learn_name(r->learn));
	if (p->learn_limit)
		bv_print_uint(PRINT_ANY, "learn_limit", " (learn-limit %llu)",
			      p->learn_limit);
	bv_close_object(PRINT_JSON);
}

/* The destination's FDB entry as the tables hold it now. */
static void print_fdb(struct bv_bridge *br, const __u8 *fr, __u32 in_ifindex,
		      const struct bv_trace_rec *r)
{
	const struct bv_config *cfg = bv_bridge_config(br);
	char mac[18], name[BV_IFNAME_BUF];
	struct bv_fdb_rec e;
	const char *result;
	int slot;

	if (r->stage != BV_TRACE_DECIDED || !r->vid ||
	    is_classify_drop(r->reason) || r->action == BV_TRACE_ACT_LOCAL ||
	    (r->action == BV_TRACE_ACT_DROP && r->reason <= BV_DROP_STATIC_MOVE) ||
	    r->reason == BV_DROP_LOCKED_SRC ||
	    (r->reason >= BV_DROP_IP_SPOOF && r->reason <= BV_DROP_ND_SPOOF))
		return;
	mac_str(fr, mac);
	bv_open_object(PRINT_JSON, "fdb");
	bv_print_string(PRINT_ANY, "mac", "\nfdb:      %s", mac);
	bv_print_uint(PRINT_ANY, "vlan", " vlan %llu: ", r->vid);
	if (fr[0] & 1) {
		bv_print_string(PRINT_ANY, "result", "%s", "multicast");
		goto out;
	}
	if (r->reason == BV_DROP_HAIRPIN && !memcmp(fr, fr + 6, 6)) {
		/* learned on the ingress port by this very frame */
		bv_print_string(PRINT_ANY, "result", "%s", "hit");
		bv_print_string(PRINT_ANY, "ifname", " on %s",
				bv_ifname(in_ifindex, name));
		bv_print_string(PRINT_FP, NULL, "%s",
				" (the frame's own source, learned by it)");
		goto out;
	}
	if (bv_fdb_find(br, fr, r->vid, &e)) {
		bv_print_string(PRINT_ANY, "result", "%s", "miss");
		goto out;
	}
	slot = bv_bridge_slot_of(br, e.e.ifindex);
	if (r->action == BV_TRACE_ACT_UNICAST || r->reason == BV_DROP_HAIRPIN ||
	    (r->reason == BV_DROP_ISOLATED && slot >= 0 &&
	     e.e.slot == slot && (e.e.flags & BV_FDB_F_STATIC ||
				  e.age_ns <= cfg->ageing_ns)))
		result = "hit";
	else if (!(e.e.flags & BV_FDB_F_STATIC) && e.age_ns > cfg->ageing_ns)
		result = "aged";
	else	/* its port is gone, or not a member of the VLAN */
		result = "stale";
	bv_print_string(PRINT_ANY, "result", "%s", result);
	bv_print_string(PRINT_ANY, "ifname", " on %s",
			bv_ifname(e.e.ifindex, name));
	bv_print_bool(PRINT_JSON, "static", NULL, e.e.flags & BV_FDB_F_STATIC);
	if (e.e.flags & BV_FDB_F_STATIC)
		bv_print_string(PRINT_FP, NULL, "%s", " (static)");
	else
		bv_print_uint(PRINT_ANY, "age", " (learned, %llu s ago)",
			      e.age_ns / 1000000000ULL);
out:
	bv_close_object(PRINT_JSON);
}

static void print_result(const struct bv_trace *t)
{
	const struct bv_trace_rec *r = t->rec;
	char name[BV_IFNAME_BUF];
	unsigned int sent = 0;

	if (t->path == BV_TRACE_PATH_KERNEL) {
		bv_print_string(PRINT_ANY, "action", "\naction:   %s", "drop");
		bv_print_string(PRINT_ANY, "drop_reason", " (%s)", "kernel_tagged_runt");
		return;
	}
	if (r->stage == BV_TRACE_RUNT) {
		bv_print_string(PRINT_ANY, "action", "\naction:   %s", "drop");
		bv_print_string(PRINT_ANY, "drop_reason", " (%s)",
				bv_drop_name(BV_DROP_RUNT));
		return;
	}
	if (r->stage == BV_TRACE_NO_PORT || r->stage == BV_TRACE_SETUP_FAILED) {
		bv_print_string(PRINT_ANY, "action", "\naction:   %s", "none");
		bv_print_string(PRINT_FP, NULL, " (%s)",
				"the program did not take the frame");
		return;
	}
	bv_print_string(PRINT_ANY, "action", "\naction:   %s",
			bv_trace_action_name(r->action));
	for (unsigned int i = 0; i < t->nr_egress; i++)
		sent += !t->egress[i].oversize;
	if (r->action == BV_TRACE_ACT_DROP || r->action == BV_TRACE_ACT_LOCAL ||
	    r->reason < BV_DROP_MAX)
		bv_print_string(PRINT_ANY, "drop_reason", " (%s)",
				bv_drop_name(r->reason));
	else if (!sent && r->action != BV_TRACE_ACT_LOCAL)
		bv_print_string(PRINT_FP, NULL, "%s", " (no copy leaves)");
	bv_open_array(PRINT_JSON, "egress");
	for (unsigned int i = 0; i < t->nr_egress; i++) {
		const struct bv_trace_egress *e = &t->egress[i];

		bv_open_object(PRINT_JSON, NULL);
		bv_print_string(PRINT_ANY, "ifname", "\negress:   %s",
				bv_ifname(e->ifindex, name));
		bv_print_uint(PRINT_ANY, "vlan", " vlan %llu", e->vid);
		bv_print_bool(PRINT_JSON, "tagged", NULL, e->tagged);
		bv_print_string(PRINT_FP, NULL, " %s",
				e->tagged ? "tagged" : "untagged");
		bv_print_bool(PRINT_JSON, "oversize", NULL, e->oversize);
		if (e->oversize)
			bv_print_string(PRINT_FP, NULL, "%s",
					" (larger than its MTU: dropped, oversize)");
		bv_close_object(PRINT_JSON);
	}
	bv_close_array(PRINT_JSON);
}

/* Which hook carries the frame, and why it goes to TC when it does. */
static void print_path(const struct bv_trace *t)
{
	const char *why = NULL;

	bv_print_string(PRINT_ANY, "path", "\npath:     %s",
			bv_trace_path_name(t->path));
	if (t->ran_xdp && t->xdp.stage == BV_TRACE_PARSE_TO_TC)
		why = "to_tc_multibuffer_or_larger_than_xdp_max";
	else if (t->ran_xdp && t->xdp.stage == BV_TRACE_DECIDED)
		why = bv_trace_xdp_name(t->xdp.xdp);
	else if (t->ran_xdp && t->xdp.stage == BV_TRACE_RUNT)
		why = "drop";
	if (why)
		bv_print_string(PRINT_ANY, "xdp", " (xdp: %s)", why);
	if (t->path == BV_TRACE_PATH_TC)
		bv_print_string(PRINT_FP, NULL, "%s", " (a TC-only port)");
}

static int parse(int argc, char **argv, const char **dev,
		 struct bv_trace_frame *f)
{
	if (argc < 1 || strcmp(argv[0], "dev"))
		return bv_bad_input("trace needs dev DEV first\n");
	*dev = bv_next_arg(&argc, &argv);
	if (!*dev)
		return -EINVAL;
	return bv_trace_frame_parse(argc - 1, argv + 1, f);
}

int do_trace(int argc, char **argv)
{
	struct bv_trace_frame *f = calloc(1, sizeof(*f));
	struct bv_trace *t = calloc(1, sizeof(*t));
	char name[BV_IFNAME_BUF], src[18], dst[18];
	const struct bv_port *p;
	struct bv_bridge *br = NULL;
	unsigned int slot;
	const char *dev = NULL;
	int err;

	if (!f || !t) {
		err = -ENOMEM;
		goto out;
	}
	if (argc > 0 && bv_is_help(argv[0])) {
		usage(stdout);
		err = 0;
		goto out;
	}
	err = parse(argc, argv, &dev, f);
	if (err)
		goto out;
	err = bv_cli_open_port(dev, &br, &slot);
	if (err)
		goto out;
	err = bv_trace_frame(br, slot, f->bytes, f->len, t);
	if (err)
		goto out;
	p = bv_bridge_port(br, slot);
	mac_str(f->bytes + 6, src);
	mac_str(f->bytes, dst);
	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_FP, NULL, "frame:    %s", src);
	bv_print_string(PRINT_FP, NULL, " > %s", dst);
	bv_print_uint(PRINT_FP, NULL, ", %llu bytes", f->len);
	bv_print_uint(PRINT_JSON, "len", NULL, f->len);
	bv_print_string(PRINT_ANY, "ifname", "\ningress:  %s",
			bv_ifname(p->ifindex, name));
	bv_print_string(PRINT_ANY, "mode", " %s", mode_name(p));
	bv_print_uint(PRINT_ANY, "pvid", " pvid %llu", p->pvid);
	bv_print_string(PRINT_FP, NULL, ", %s",
			p->flags & BV_PORT_F_XDP ? "XDP then TC" : "TC only");
	print_classify(p, f->bytes, f->len, t->rec ? t->rec : &t->xdp);
	if (t->rec) {
		print_source(p, t->rec);
		print_fdb(br, f->bytes, p->ifindex, t->rec);
	}
	if (t->rec || t->path == BV_TRACE_PATH_KERNEL)
		print_result(t);
	print_path(t);
	bv_print_nl();
	bv_close_object(PRINT_JSON);
	bv_print_finish();
out:
	bv_bridge_close(br);
	free(f);
	free(t);
	return err;
}
