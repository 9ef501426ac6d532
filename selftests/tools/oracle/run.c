// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Frames through the Linux bridge and bpfvlan, compared (see run.h). */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bv_gen.h"
#include "conf.h"
#include "fdbs.h"
#include "rules.h"
#include "run.h"
#include "wire.h"

#define BARRIER_WAIT_MS	10000	/* a lost barrier is a broken test bed */
#define BARRIER_LEN	60
#define FDB_CAP		1024	/* model entries; 12 MACs x a few VIDs */
#define FDB_CHECK_EVERY	128	/* frames between FDB comparisons */
/* Frames and configurations drawn from one seed, in two streams. */
#define FRAME_STREAM	0x6f7261636c65ULL

enum { LNX, BPF, NR_BRIDGES };

static const char *const bridge_name[NR_BRIDGES] = { "Linux", "bpfvlan" };
static const char prefix[NR_BRIDGES] = { 'l', 'b' };

struct or_run {
	const struct or_names *names;
	const struct or_conf *conf;
	int hv_fd, sinks_fd;
	struct or_ep ep[NR_BRIDGES][OR_MAX_PORTS];	/* far ends of the ports */
	struct or_ep bar_in[NR_BRIDGES], bar_out[NR_BRIDGES];
	struct or_ports ports[NR_BRIDGES];		/* bridge-side ifindexes */
	int lbr_ifindex;
	struct bv_bridge *bv;			/* open for the run */
	uint8_t lmac[OR_MAX_PORTS][6];
	struct bvm_fdb fdb;			/* the model's */
	uint32_t barrier_seq;
	uint64_t seed;				/* of the random frames */
	uint64_t t0;				/* or_run_open() done */
	/* one frame */
	struct or_copies got[NR_BRIDGES];
	struct or_copies want_bpf;
	struct or_prediction lnx;
	struct bvm_result res;
	/* counts */
	unsigned long frames, unsendable, agree, diverged, forwarded, copies;
	unsigned long rule[OR_NR_RULES], fdb_checks;
};

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ---- setup ------------------------------------------------------------ */

/* Run on this CPU only: frames and barriers then share one backlog. */
static int pin_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return -errno;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

static void port_name(char *buf, size_t len, int b, const char *suffix)
{
	snprintf(buf, len, "%c%s", prefix[b], suffix);
}

/*
 * In SINKS: the far ends, MTU and offloads, and their sockets. GRO on at
 * bpfvlan's far ends if asked: its XDP can then redirect into the ports.
 */
static int open_sinks(struct or_run *r)
{
	char dev[IF_NAMESIZE], idx[8];
	int err;

	err = or_netns_enter(r->sinks_fd, r->names->sinks);
	for (int b = 0; !err && b < NR_BRIDGES; b++) {
		bool gro = b == BPF && r->names->gro;

		for (unsigned int i = 0; !err && i < r->conf->nr_ports; i++) {
			snprintf(idx, sizeof(idx), "%u", i);
			port_name(dev, sizeof(dev), b, idx);
			err = or_dev_prepare(dev, r->conf->cfg->port[i].mtu, gro);
			if (!err)
				err = or_ep_open(&r->ep[b][i], dev);
		}
		port_name(dev, sizeof(dev), b, "x");
		if (!err)
			err = or_dev_prepare(dev, 1500, gro);
		if (!err)
			err = or_ep_open(&r->bar_in[b], dev);
		port_name(dev, sizeof(dev), b, "y");
		if (!err)
			err = or_dev_prepare(dev, 1500, gro);
		if (!err)
			err = or_ep_open(&r->bar_out[b], dev);
	}
	return err;
}

/* In HV: the bridges' side of each port, and both FDBs empty. */
static int open_bridges(struct or_run *r)
{
	char dev[IF_NAMESIZE], idx[8];
	int err;

	err = or_netns_enter(r->hv_fd, r->names->hv);
	for (int b = 0; !err && b < NR_BRIDGES; b++) {
		r->ports[b].n = r->conf->nr_ports;
		for (unsigned int i = 0; !err && i < r->conf->nr_ports; i++) {
			snprintf(idx, sizeof(idx), "%u", i);
			port_name(dev, sizeof(dev), b, idx);
			err = or_dev_prepare(dev, r->conf->cfg->port[i].mtu,
					     false);
			r->ports[b].ifindex[i] = if_nametoindex(dev);
			if (!err && b == LNX)
				err = or_dev_mac(dev, r->lmac[i]);
		}
	}
	r->lbr_ifindex = if_nametoindex(r->names->lbr);
	if (!err && !r->lbr_ifindex) {
		fprintf(stderr, "bvoracle: no Linux bridge %s in %s\n",
			r->names->lbr, r->names->hv);
		err = -ENODEV;
	}
	if (!err)
		err = or_lbr_open();
	if (!err)
		err = or_lbr_flush(r->lbr_ifindex);
	if (!err)	/* bpfvlan reads the new MTUs */
		err = or_bv_open(r->names->bv, &r->bv);
	if (!err)
		err = or_bv_flush(r->bv);
	return err;
}

struct or_run *or_run_open(const struct or_names *names,
			   const struct or_conf *conf)
{
	struct or_run *r = calloc(1, sizeof(*r));
	int err;

	if (!r)
		return NULL;
	r->names = names;
	r->conf = conf;
	for (int b = 0; b < NR_BRIDGES; b++) {
		r->bar_in[b].fd = r->bar_out[b].fd = -1;
		for (int i = 0; i < OR_MAX_PORTS; i++)
			r->ep[b][i].fd = -1;
	}
	r->hv_fd = or_netns_open(names->hv);
	r->sinks_fd = or_netns_open(names->sinks);
	err = r->hv_fd < 0 ? r->hv_fd : r->sinks_fd < 0 ? r->sinks_fd : 0;
	if (!err)
		err = pin_cpu();
	if (!err)
		err = bvm_fdb_init(&r->fdb, FDB_CAP);
	if (!err)
		err = open_sinks(r);
	if (!err)
		err = open_bridges(r);
	if (err) {
		fprintf(stderr, "bvoracle: setup: %s\n", strerror(-err));
		or_run_close(r);
		return NULL;
	}
	r->t0 = clock_ns(CLOCK_MONOTONIC);
	return r;
}

void or_run_close(struct or_run *r)
{
	if (!r)
		return;
	for (int b = 0; b < NR_BRIDGES; b++) {
		or_ep_close(&r->bar_in[b]);
		or_ep_close(&r->bar_out[b]);
		for (int i = 0; i < OR_MAX_PORTS; i++)
			or_ep_close(&r->ep[b][i]);
	}
	or_lbr_close();
	or_bv_close(r->bv);
	bvm_fdb_free(&r->fdb);
	free(r);
}

/* ---- the barrier ------------------------------------------------------ */

static void barrier_frame(uint8_t *f, uint32_t seq)
{
	static const uint8_t head[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* broadcast */
		0x02, 0xba, 0x55, 0x1e, 0x00, 0x01,	/* the barrier's source */
		0x88, 0xb5, 'B', 'A', 'R',
	};

	memset(f, 0, BARRIER_LEN);
	memcpy(f, head, sizeof(head));
	memcpy(f + sizeof(head), &seq, sizeof(seq));
}

/*
 * Wait for barrier @seq at the barrier port of bridge @b. Anything else
 * there is a frame that reached the barrier VLAN: -EXDEV.
 */
static int barrier_wait(struct or_run *r, int b, uint32_t seq)
{
	uint8_t want[BARRIER_LEN], buf[OR_FRAME_MAX];
	struct timespec t0, t;
	int err, ms = 0;

	barrier_frame(want, seq);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ms < BARRIER_WAIT_MS) {
		ssize_t n;

		err = or_ep_wait(&r->bar_out[b], BARRIER_WAIT_MS - ms);
		if (err < 0)
			return err;
		while ((n = or_ep_recv(&r->bar_out[b], buf, sizeof(buf))) >= 0) {
			if (n == BARRIER_LEN && !memcmp(buf, want, n))
				return 0;
			fprintf(stderr, "bvoracle: %s: a frame other than the barrier reached the barrier VLAN\n",
				bridge_name[b]);
			return -EXDEV;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
	}
	fprintf(stderr, "bvoracle: %s: barrier %u lost\n", bridge_name[b], seq);
	return -ETIMEDOUT;
}

/* Send a barrier through both bridges and wait until it is out. */
static int barrier(struct or_run *r)
{
	uint8_t f[BARRIER_LEN];
	int err = 0;

	barrier_frame(f, ++r->barrier_seq);
	for (int b = 0; !err && b < NR_BRIDGES; b++)
		err = or_ep_send(&r->bar_in[b], f, sizeof(f));
	for (int b = 0; !err && b < NR_BRIDGES; b++)
		err = barrier_wait(r, b, r->barrier_seq);
	return err;
}

/* Everything queued at the far ends of bridge @b's ports. */
static int collect(struct or_run *r, int b)
{
	static uint8_t buf[OR_FRAME_MAX];
	ssize_t n;

	or_copies_clear(&r->got[b]);
	for (unsigned int i = 0; i < r->conf->nr_ports; i++)
		while ((n = or_ep_recv(&r->ep[b][i], buf, sizeof(buf))) >= 0)
			or_copies_add(&r->got[b], i, buf, n);
	if (or_ep_recv(&r->bar_in[b], buf, sizeof(buf)) >= 0) {
		fprintf(stderr, "bvoracle: %s: a frame reached the barrier VLAN\n",
			bridge_name[b]);
		return -EXDEV;
	}
	return 0;
}

/* ---- reporting -------------------------------------------------------- */

static void print_rules(unsigned int rules)
{
	const char *sep = "";

	if (!rules)
		printf("none");
	for (int i = 0; i < OR_NR_RULES; i++) {
		if (rules & OR_RULE(i)) {
			printf("%s%s", sep, or_rule_name(i));
			sep = ",";
		}
	}
}

static void print_fdb(const struct bvm_fdb *fdb)
{
	printf("  learned before the frame (%u):", fdb->n);
	for (unsigned int i = 0; i < fdb->n; i++) {
		const struct bvm_fdb_entry *e = &fdb->e[i];

		printf("%s vid %u %02x:%02x:%02x:%02x:%02x:%02x port %u",
		       i % 3 ? "," : "\n   ", e->vid, e->mac[0], e->mac[1],
		       e->mac[2], e->mac[3], e->mac[4], e->mac[5], e->slot);
	}
	printf("\n");
}

static void reproducer(struct or_run *r, const struct bvm_fdb *before,
		       unsigned int in, const uint8_t *frame, size_t len,
		       const char *what)
{
	printf("FAIL: frame #%lu: %s\n", r->frames, what);
	if (r->seed)
		printf("reproduce: bvoracle run ... --seed %llu --frames %lu (the last one)\n",
		       (unsigned long long)r->seed, r->frames);
	printf("config:\n");
	or_conf_print(r->conf, stdout);
	print_fdb(before);
	printf("frame: port %u, %zu bytes: ", in, len);
	or_hex_print(frame, len);
	printf("\n  bpfvlan's model: %s", bvm_verdict_name(r->res.verdict));
	if (r->res.verdict != BVM_FORWARD)
		printf(" (%s)", bv_drop_name(r->res.reason));
	printf(", VID %u\n", r->res.vid);
	or_copies_print("bpfvlan sent", &r->got[BPF]);
	or_copies_print("its model says", &r->want_bpf);
	or_copies_print("Linux bridge sent", &r->got[LNX]);
	printf("  rules say the Linux bridge sends (rules ");
	print_rules(r->lnx.rules);
	printf("):\n");
	or_copies_print("predicted", &r->lnx.copies);
}

/* ---- one frame -------------------------------------------------------- */

/* The Linux bridge learned the source where bpfvlan did not: forget it. */
static int relearn(struct or_run *r, const uint8_t *frame, uint16_t vid)
{
	const uint8_t *src = frame + 6;
	int err;

	err = or_lbr_del(&r->ports[LNX], r->conf->cfg, src, vid);
	if (!err)
		err = or_bv_del(r->bv, src, vid);
	bvm_fdb_del(&r->fdb, vid, src);
	return err;
}

/* Both sent it, or both refused it alike (MTU, runt): 1 if refused. */
static int send_both(struct or_run *r, unsigned int in, const uint8_t *frame,
		     size_t len)
{
	int err[NR_BRIDGES];

	for (int b = 0; b < NR_BRIDGES; b++)
		err[b] = or_ep_send(&r->ep[b][in], frame, len);
	if (err[LNX] != err[BPF]) {
		fprintf(stderr, "bvoracle: frame #%lu: sent into one bridge only (%s / %s)\n",
			r->frames, strerror(-err[LNX]), strerror(-err[BPF]));
		return -EIO;
	}
	if (err[LNX] == -EMSGSIZE || err[LNX] == -EINVAL)
		return 1;
	return err[LNX];
}

/*
 * What each bridge sent, against bpfvlan's model and the rules: 0, or 1
 * with a reproducer printed. Counts the frame.
 */
static int judge(struct or_run *r, const struct bvm_fdb *before,
		 unsigned int in, const uint8_t *frame, size_t len, int expect,
		 unsigned int may)
{
	const char *why = NULL;

	if (!or_copies_equal(&r->got[BPF], &r->want_bpf))
		why = "bpfvlan differs from its model";
	else if (!or_copies_equal(&r->got[LNX], &r->lnx.copies))
		why = "the Linux bridge differs from bpfvlan, and no rule says so";
	if (why) {
		reproducer(r, before, in, frame, len, why);
		return 1;
	}
	r->forwarded += r->want_bpf.n > 0;
	r->copies += r->want_bpf.n;
	if (or_copies_equal(&r->lnx.copies, &r->want_bpf)) {
		r->agree++;
		r->lnx.rules = 0;	/* none made a difference */
	} else {
		r->diverged++;
		for (int i = 0; i < OR_NR_RULES; i++)
			r->rule[i] += !!(r->lnx.rules & OR_RULE(i));
	}
	if (expect >= 0 && (r->lnx.rules & ~may) != (unsigned int)expect) {
		printf("FAIL: frame #%lu: the bridges differ by rules ", r->frames);
		print_rules(r->lnx.rules);
		printf(", want ");
		print_rules(expect);
		printf("\n");
		reproducer(r, before, in, frame, len, "not the difference wanted");
		return 1;
	}
	return 0;
}

int or_run_frame(struct or_run *r, unsigned int in, const uint8_t *frame,
		 size_t len, int expect, unsigned int may)
{
	struct bvm_fdb before = r->fdb;
	struct or_case c = {
		.conf = r->conf, .fdb = &before, .in = in, .frame = frame,
		.len = len, .port_mac = (const uint8_t (*)[6])r->lmac,
	};
	int err;

	r->frames++;
	err = send_both(r, in, frame, len);
	if (err > 0 && expect >= 0) {
		printf("FAIL: frame #%lu: a packet socket cannot send it\n",
		       r->frames);
		return 1;
	}
	if (err) {
		r->unsendable += err > 0;
		return err < 0 ? err : 0;
	}
	before.e = malloc(FDB_CAP * sizeof(*before.e));
	if (!before.e)
		return -ENOMEM;
	memcpy(before.e, r->fdb.e, r->fdb.n * sizeof(*before.e));
	c.now = clock_ns(CLOCK_MONOTONIC_COARSE);
	bvm_switch(r->conf->cfg, &r->fdb, in, frame, len, c.now, &r->res);
	or_copies_from_model(&r->want_bpf, &r->res);
	or_linux_predict(&c, &r->lnx);

	err = barrier(r);
	for (int b = 0; !err && b < NR_BRIDGES; b++)
		err = collect(r, b);
	if (!err)
		err = judge(r, &before, in, frame, len, expect, may);
	if (!err && r->lnx.relearn_vid)
		err = relearn(r, frame, r->lnx.relearn_vid);
	if (!err && r->frames % FDB_CHECK_EVERY == 0)
		err = or_run_fdb_check(r);
	free(before.e);
	return err;
}

int or_run_random(struct or_run *r, uint64_t seed, unsigned long n)
{
	struct bvg g = { .rng = seed ^ FRAME_STREAM, .cfg = r->conf->cfg,
			 .nr_ports = r->conf->nr_ports };
	int err = 0;

	r->seed = seed;
	for (unsigned int i = 0; i < r->conf->nr_ports; i++)
		g.slots[i] = i;
	bvg_macs(&g);
	for (unsigned long i = 0; !err && i < n; i++) {
		bvg_frame(&g);
		err = or_run_frame(r, g.in_slot, g.frame, g.len, -1, 0);
	}
	r->seed = 0;
	return err;
}

/* Entries of @a missing from @b, printed; their number. */
static unsigned int missing(const char *what, const struct bvm_fdb *a,
			    const struct bvm_fdb *b)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < a->n; i++) {
		const struct bvm_fdb_entry *e = &a->e[i], *o;

		o = bvm_fdb_find(b, e->vid, e->mac);
		if (o && o->slot == e->slot)
			continue;
		printf("  %s: vid %u %02x:%02x:%02x:%02x:%02x:%02x on port %u\n",
		       what, e->vid, e->mac[0], e->mac[1], e->mac[2], e->mac[3],
		       e->mac[4], e->mac[5], e->slot);
		n++;
	}
	return n;
}

int or_run_fdb_check(struct or_run *r)
{
	struct bvm_fdb got[NR_BRIDGES] = {};
	unsigned int bad = 0;
	int err = 0;

	r->fdb_checks++;
	for (int b = 0; !err && b < NR_BRIDGES; b++)
		err = bvm_fdb_init(&got[b], FDB_CAP);
	if (!err)
		err = or_lbr_dump(r->lbr_ifindex, &r->ports[LNX], &got[LNX]);
	if (!err)
		err = or_bv_dump(r->bv, &r->ports[BPF], &got[BPF]);
	if (!err) {
		bad += missing("model learned, Linux did not", &r->fdb, &got[LNX]);
		bad += missing("Linux learned, the model did not", &got[LNX], &r->fdb);
		bad += missing("model learned, bpfvlan did not", &r->fdb, &got[BPF]);
		bad += missing("bpfvlan learned, the model did not", &got[BPF], &r->fdb);
		if (bad) {
			printf("FAIL: after frame #%lu: the learned MACs differ (%u)\n",
			       r->frames, bad);
			if (r->seed)
				printf("reproduce: bvoracle run ... --seed %llu --frames %lu\n",
				       (unsigned long long)r->seed, r->frames);
			err = 1;
		}
	}
	for (int b = 0; b < NR_BRIDGES; b++)
		bvm_fdb_free(&got[b]);
	return err;
}

void or_run_summary(const struct or_run *r)
{
	printf("frames %lu sent %lu same %lu differ %lu; bpfvlan forwarded %lu (%lu copies); fdb_checks %lu; %.1f s\n",
	       r->frames, r->frames - r->unsendable, r->agree, r->diverged,
	       r->forwarded, r->copies, r->fdb_checks,
	       (clock_ns(CLOCK_MONOTONIC) - r->t0) / 1e9);
	for (int i = 0; i < OR_NR_RULES; i++)
		printf("rule %s %lu\n", or_rule_name(i), r->rule[i]);
}
