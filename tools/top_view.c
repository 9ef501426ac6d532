// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * One refresh of `bpfvlan top`: a row per port and per VLAN with its
 * rates, sorted by rate, printed through the one print path: a table as
 * text, one JSON document (rates and the counters they come from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "print.h"
#include "rate.h"
#include "bpfvlan/link.h"
#include "bpfvlan/stats.h"
#include "top.h"

/* Drop reasons named in a row of the text table. */
#define TOP_REASONS	2

struct port_row {
	const struct bv_sample_port *p;
	struct bv_port_rates r;
};

struct vlan_row {
	unsigned int vid;
	const struct bv_vlan_stats *st;
	struct bv_vlan_rates r;
};

struct mirror_row {
	const struct bv_mirror_info *m;
	double pps, bps, fail_pps;
};

static struct port_row port_rows[BV_MAX_PORTS];
static struct mirror_row mirror_rows[BV_MAX_MIRRORS];
static struct vlan_row vlan_rows[BV_NR_VIDS];

static int cmp_double(double a, double b)
{
	return a > b ? -1 : a < b ? 1 : 0;	/* highest first */
}

static int port_cmp(const void *a, const void *b)
{
	const struct port_row *x = a, *y = b;
	int c = cmp_double(x->r.rx_pps + x->r.tx_pps, y->r.rx_pps + y->r.tx_pps);

	if (!c)
		c = cmp_double(x->r.rx_bps + x->r.tx_bps,
			       y->r.rx_bps + y->r.tx_bps);
	return c ? c : strcmp(x->p->name, y->p->name);
}

static int vlan_cmp(const void *a, const void *b)
{
	const struct vlan_row *x = a, *y = b;
	int c = cmp_double(x->r.rx_pps, y->r.rx_pps);

	if (!c)
		c = cmp_double(x->r.rx_bps, y->r.rx_bps);
	return c ? c : (int)x->vid - (int)y->vid;
}

static unsigned int port_rows_make(const struct bv_top_filter *f,
				   const struct bv_sample *prev,
				   const struct bv_sample *cur, uint64_t ns)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cur->nr_ports; i++) {
		const struct bv_sample_port *p = &cur->port[i];
		const struct bv_sample_port *was;

		if (f->ifindex ? p->ifindex != f->ifindex :
		    f->vid && !bv_vidset_test(&p->vids, f->vid))
			continue;
		was = bv_sample_port(prev, p->slot, p->ifindex);
		port_rows[n].p = p;
		bv_port_rates(was ? &was->st : NULL, &p->st, ns, &port_rows[n].r);
		n++;
	}
	qsort(port_rows, n, sizeof(port_rows[0]), port_cmp);
	return n;
}

/* VLANs shown: VID, or the VLANs of port DEV, or every VLAN with members
 * or with traffic in the interval.
 */
static unsigned int vlan_rows_make(const struct bv_top_filter *f,
				   const struct bv_sample *prev,
				   const struct bv_sample *cur, uint64_t ns)
{
	const struct bv_sample_port *dev = NULL;
	unsigned int n = 0;

	for (unsigned int i = 0; f->ifindex && i < cur->nr_ports; i++)
		if (cur->port[i].ifindex == f->ifindex)
			dev = &cur->port[i];
	for (unsigned int vid = BV_VID_MIN; vid <= BV_VID_MAX; vid++) {
		struct vlan_row *row = &vlan_rows[n];

		if (f->vid ? vid != f->vid :
		    f->ifindex ? !dev || !bv_vidset_test(&dev->vids, vid) : 0)
			continue;
		row->vid = vid;
		row->st = &cur->vlan[vid];
		bv_vlan_rates(&prev->vlan[vid], row->st, ns, &row->r);
		if (f->vid || f->ifindex || cur->members[vid] ||
		    row->r.rx_pps > 0 || row->r.drop_pps > 0)
			n++;
	}
	qsort(vlan_rows, n, sizeof(vlan_rows[0]), vlan_cmp);
	return n;
}

/* Mirrors shown: all, or those of port DEV, or those that copy VID. */
static unsigned int mirror_rows_make(const struct bv_top_filter *f,
				     const struct bv_sample *prev,
				     const struct bv_sample *cur, uint64_t ns)
{
	char name[BV_IFNAME_BUF];
	unsigned int n = 0;

	if (f->ifindex)
		bv_ifname(f->ifindex, name);
	for (unsigned int i = 0; i < cur->nr_mirrors; i++) {
		const struct bv_mirror_info *m = &cur->mirror[i], *was;
		struct bv_mirror_stats p = {};

		if (f->ifindex ? strcmp(m->spec.dev, name) :
		    f->vid && m->spec.has_vids && !bv_vidset_test(&m->spec.vids, f->vid))
			continue;
		was = bv_sample_mirror(prev, m->index, m->spec.name);
		/* Counters that went back belong to a mirror made again. */
		if (was && was->stats.packets <= m->stats.packets &&
		    was->stats.failed <= m->stats.failed)
			p = was->stats;
		mirror_rows[n].m = m;
		mirror_rows[n].pps = bv_per_sec(m->stats.packets - p.packets, ns);
		mirror_rows[n].bps = 8 * bv_per_sec(m->stats.bytes - p.bytes, ns);
		mirror_rows[n].fail_pps = bv_per_sec(m->stats.failed - p.failed, ns);
		n++;
	}
	return n;
}

static void print_mirror_row(const struct mirror_row *row)
{
	const struct bv_mirror_info *m = row->m;

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "name", "%-16s", m->spec.name);
	bv_print_string(PRINT_ANY, "to", " %-16s", m->spec.to);
	bv_print_rate(PRINT_ANY, "pps", " %9s", row->pps);
	bv_print_rate(PRINT_ANY, "bps", " %9s", row->bps);
	bv_print_rate(PRINT_ANY, "failed_pps", " %9s", row->fail_pps);
	bv_print_uint(PRINT_JSON, "packets", NULL, m->stats.packets);
	bv_print_uint(PRINT_JSON, "bytes", NULL, m->stats.bytes);
	bv_print_uint(PRINT_JSON, "failed", NULL, m->stats.failed);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

/* "hairpin 12, no_egress 3": the TOP_REASONS highest non-zero rates. */
static void top_reasons(const double *pps, unsigned int n,
			       unsigned int first, char *buf, size_t len)
{
	bool used[BV_DROP_MAX] = {};
	size_t off = 0;

	buf[0] = '\0';
	for (int k = 0; k < TOP_REASONS; k++) {
		int best = -1;
		char v[16];

		for (unsigned int i = 0; i < n && i < BV_DROP_MAX; i++)
			if (!used[i] && pps[i] > 0 && (best < 0 || pps[i] > pps[best]))
				best = i;
		if (best < 0)
			break;
		used[best] = true;
		off += snprintf(buf + off, off < len ? len - off : 0, "%s%s %s",
				k ? ", " : "", bv_drop_name(first + best),
				bv_fmt_si(pps[best], v, sizeof(v)));
	}
}

static void print_port_row(const struct port_row *row)
{
	const struct bv_port_stats *s = &row->p->st;
	const struct bv_port_rates *r = &row->r;
	char why[128];

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_ANY, "ifname", "%-16s", row->p->name);
	bv_print_rate(PRINT_ANY, "rx_pps", " %9s", r->rx_pps);
	bv_print_rate(PRINT_ANY, "rx_bps", " %9s", r->rx_bps);
	bv_print_rate(PRINT_ANY, "tx_pps", " %9s", r->tx_pps);
	bv_print_rate(PRINT_ANY, "tx_bps", " %9s", r->tx_bps);
	bv_print_rate(PRINT_ANY, "drop_pps", " %9s", r->drop_pps);
	top_reasons(r->drops_pps, BV_DROP_MAX, 0, why, sizeof(why));
	if (why[0])
		bv_print_string(PRINT_FP, NULL, "  %s", why);
	bv_open_object(PRINT_JSON, "drops_pps");
	for (unsigned int i = 0; i < BV_DROP_MAX; i++)
		bv_print_rate(PRINT_JSON, bv_drop_name(i), NULL, r->drops_pps[i]);
	bv_close_object(PRINT_JSON);
	bv_print_uint(PRINT_JSON, "rx_packets", NULL, s->rx_packets);
	bv_print_uint(PRINT_JSON, "rx_bytes", NULL, s->rx_bytes);
	bv_print_uint(PRINT_JSON, "tx_packets", NULL, s->tx_packets);
	bv_print_uint(PRINT_JSON, "tx_bytes", NULL, s->tx_bytes);
	bv_open_object(PRINT_JSON, "drops");
	for (unsigned int i = 0; i < BV_DROP_MAX; i++)
		bv_print_uint(PRINT_JSON, bv_drop_name(i), NULL, s->drops[i]);
	bv_close_object(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

static void print_vlan_row(const struct vlan_row *row, unsigned int members)
{
	const struct bv_vlan_stats *s = row->st;
	const struct bv_vlan_rates *r = &row->r;
	char why[128];

	bv_open_object(PRINT_JSON, NULL);
	bv_print_uint(PRINT_ANY, "vlan", "%-5llu", row->vid);
	bv_print_uint(PRINT_ANY, "members", " %7llu", members);
	bv_print_rate(PRINT_ANY, "rx_pps", " %9s", r->rx_pps);
	bv_print_rate(PRINT_ANY, "rx_bps", " %9s", r->rx_bps);
	bv_print_rate(PRINT_ANY, "flood_pps", " %9s", r->flood_pps);
	bv_print_rate(PRINT_ANY, "drop_pps", " %9s", r->drop_pps);
	top_reasons(r->drops_pps, BV_VLAN_DROP_MAX, BV_DROP_FIRST_CLASSIFIED,
		    why, sizeof(why));
	if (why[0])
		bv_print_string(PRINT_FP, NULL, "  %s", why);
	bv_open_object(PRINT_JSON, "drops_pps");
	for (unsigned int i = 0; i < BV_VLAN_DROP_MAX; i++)
		bv_print_rate(PRINT_JSON, bv_drop_name(BV_DROP_FIRST_CLASSIFIED + i),
			      NULL, r->drops_pps[i]);
	bv_close_object(PRINT_JSON);
	bv_print_uint(PRINT_JSON, "rx_packets", NULL, s->rx_packets);
	bv_print_uint(PRINT_JSON, "rx_bytes", NULL, s->rx_bytes);
	bv_print_uint(PRINT_JSON, "flood_packets", NULL, s->flood_packets);
	bv_open_object(PRINT_JSON, "drops");
	for (unsigned int i = 0; i < BV_VLAN_DROP_MAX; i++)
		bv_print_uint(PRINT_JSON, bv_drop_name(BV_DROP_FIRST_CLASSIFIED + i),
			      NULL, s->drops[i]);
	bv_close_object(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	bv_print_nl();
}

static void print_title(const struct bv_top_frame *fr, uint64_t ns,
			unsigned int nports, unsigned int nvlans)
{
	char line[160], now[16];
	time_t t = time(NULL);

	strftime(now, sizeof(now), "%H:%M:%S", localtime(&t));
	snprintf(line, sizeof(line),
		 "bpfvlan top - bridge %s - %s - every %u.%03u s (measured %llu.%03llu s) - %u ports, %u VLANs%s\n",
		 fr->bridge, now, fr->interval_ms / 1000, fr->interval_ms % 1000,
		 (unsigned long long)(ns / 1000000000ULL),
		 (unsigned long long)(ns / 1000000ULL % 1000), nports, nvlans,
		 fr->screen ? " - q quits" : "");
	bv_print_string(PRINT_FP, NULL, "%s", line);
}

/* Rows for ports and VLANs: the screen less the title, two headers, the
 * blank line between, and the last line (a newline there would scroll).
 */
static unsigned int top_avail(const struct bv_top_frame *fr)
{
	return fr->max_rows > 5 ? fr->max_rows - 5 : 0;
}

static void print_headers(bool vlans)
{
	char line[128];

	if (vlans)
		snprintf(line, sizeof(line), "\n%-5s %7s %9s %9s %9s %9s  %s\n",
			 "VLAN", "MEMBERS", "RX pps", "RX bit/s", "FLOOD/s",
			 "DROP/s", "TOP DROPS/s");
	else
		snprintf(line, sizeof(line), "%-16s %9s %9s %9s %9s %9s  %s\n",
			 "PORT", "RX pps", "RX bit/s", "TX pps", "TX bit/s",
			 "DROP/s", "TOP DROPS/s");
	bv_print_string(PRINT_FP, NULL, "%s", line);
}

void bv_top_print(const struct bv_top_frame *fr, const struct bv_top_filter *f,
		  const struct bv_sample *prev, const struct bv_sample *cur)
{
	uint64_t ns = bv_elapsed_ns(prev->ns, cur->ns);
	unsigned int np = port_rows_make(f, prev, cur, ns);
	unsigned int nv = vlan_rows_make(f, prev, cur, ns);
	unsigned int nm = mirror_rows_make(f, prev, cur, ns);
	unsigned int show_p = np, show_v = nv, show_m = nm;

	if (fr->max_rows && np + nv > top_avail(fr)) {
		unsigned int avail = top_avail(fr);

		/* VLANs get up to half the rows, ports the rest, and back. */
		show_v = nv < avail / 2 ? nv : avail / 2;
		show_p = np < avail - show_v ? np : avail - show_v;
		show_v = nv < avail - show_p ? nv : avail - show_p;
	}

	bv_open_object(PRINT_JSON, NULL);
	bv_print_string(PRINT_JSON, "bridge", NULL, fr->bridge);
	bv_print_uint(PRINT_JSON, "elapsed_ms", NULL, ns / 1000000ULL);
	print_title(fr, ns, np, nv);
	print_headers(false);
	bv_open_array(PRINT_JSON, "ports");
	for (unsigned int i = 0; i < (bv_print_is_json() ? np : show_p); i++)
		print_port_row(&port_rows[i]);
	bv_close_array(PRINT_JSON);
	print_headers(true);
	bv_open_array(PRINT_JSON, "vlans");
	for (unsigned int i = 0; i < (bv_print_is_json() ? nv : show_v); i++)
		print_vlan_row(&vlan_rows[i], cur->members[vlan_rows[i].vid]);
	bv_close_array(PRINT_JSON);
	/* Mirrors in the rows left, if any: a section only when there are. */
	if (nm && (bv_print_is_json() || !fr->max_rows ||
		   top_avail(fr) > show_p + show_v + 2))
		bv_print_string(PRINT_FP, NULL, "%s",
				"\nMIRROR           TO                  COPY/s     bit/s    FAIL/s\n");
	if (fr->max_rows && !bv_print_is_json())
		show_m = top_avail(fr) > show_p + show_v + 2 ?
			 top_avail(fr) - show_p - show_v - 2 : 0;
	bv_open_array(PRINT_JSON, "mirrors");
	for (unsigned int i = 0; i < nm && i < show_m; i++)
		print_mirror_row(&mirror_rows[i]);
	bv_close_array(PRINT_JSON);
	bv_close_object(PRINT_JSON);
	bv_print_finish();
}
