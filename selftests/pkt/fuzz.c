// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Differential fuzzer: random bridge configurations and random frames,
 * biased to the shapes that break VLAN switches, through the real XDP and
 * TC programs (BPF_PROG_TEST_RUN, see harness.h) and through the reference
 * model (selftests/model). Any disagreement - path, copies and their exact
 * bytes, frame to host, any counter of any port, the FDB - or any copy on a
 * port that is not a member of the frame's VID stops the run with a
 * reproducer: seed, configuration, FDB, ingress port and frame.
 *
 *   fuzz [--seconds N] [--frames N] [--seed N] [--trace] [-v]
 *
 * --trace: `bpfvlan trace` of each frame first (trace_diff.c), which must
 * change nothing and say what the programs then do.
 *
 * A seed gives the same configurations and frames every time; the clock the
 * programs read (FDB timestamps) is real, and the model reads the same one.
 * Root only; exits 4 (skip) otherwise, 1 on a disagreement.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bv_gen.h"
#include "harness.h"
#include "trace_diff.h"

#define SEC_NS		1000000000ULL
#define FDB_SIZE	48
#define FULL_CHECK	128	/* frames between whole-FDB comparisons */

_Static_assert(BVG_MAX_PORTS >= BVH_MAX_LINKS, "a port per link");

struct fuzz {
	struct bvg g;		/* configurations and frames */
	uint64_t seed;
	struct bvh h;
	struct bvm_fdb fdb;
	struct bvm_result *exp;
	struct bvh_result got;
	char why[32768];
	bool verbose;
	bool trace;		/* --trace */
	struct bv_trace *t;
	uint64_t traced, trace_agree, trace_paths[4];
	/* statistics */
	uint64_t frames, configs, paths[4], verdicts[3], reasons[BV_DROP_MAX];
	uint64_t copies, events, oversize, fdb_full, learn_limit;
};

/* ---- configurations ----------------------------------------------------- */

/* A random port on link @link at @slot, written to the model and the maps. */
static int make_port(struct fuzz *f, int link, unsigned int slot)
{
	struct bvh_attach a = {
		.tc_only = bvg_chance(&f->g, 20),
		.xdp_tx = bvg_chance(&f->g, 75),
		.local_csum = bvg_chance(&f->g, 50),
	};
	unsigned int mtu = bvg_mtu(&f->g);
	int err;

	err = bvh_link_set_mtu(&f->h, link, mtu);
	if (err)
		return err;
	bvg_port(&f->g, slot, f->h.link[link].ifindex, mtu);
	bvg_security(&f->g, slot);
	return bvh_port_add(&f->h, f->g.cfg, slot, &a);
}

static bool slot_used(struct fuzz *f, unsigned int slot)
{
	for (int i = 0; i < f->g.nr_ports; i++)
		if (f->g.slots[i] == slot)
			return true;
	return false;
}

static int new_config(struct fuzz *f)
{
	int err;

	for (int i = 0; i < f->g.nr_ports; i++) {
		err = bvh_port_del(&f->h, f->g.cfg, f->g.slots[i]);
		if (err)
			return err;
	}
	err = bvh_fdb_flush(&f->h);
	if (!err)
		err = bvh_stats_reset(&f->h);
	if (err)
		return err;
	bvm_config_init(f->g.cfg, (bvg_chance(&f->g, 50) ? 5 : 300) * SEC_NS,
			FDB_SIZE);
	{
		struct bv_config c = { .ageing_ns = f->g.cfg->ageing_ns,
				       .fdb_size = FDB_SIZE,
				       .learn_max = f->g.cfg->learn_max,
				       .nr_cpus = f->h.ncpu };
		__u32 zero = 0;

		if (bpf_map_update_elem(bpf_map__fd(f->h.skel->maps.bv_config),
					&zero, &c, BPF_ANY))
			return -errno;
	}
	f->fdb.n = 0;

	f->g.nr_ports = 2 + bvg_below(&f->g, BVH_MAX_LINKS - 1);
	for (int i = 0; i < f->g.nr_ports; i++) {
		unsigned int slot;

		do {	/* low slots, or anywhere in the bitmaps */
			slot = bvg_chance(&f->g, 50) ? bvg_below(&f->g, 20) :
						       bvg_below(&f->g, BV_MAX_PORTS);
		} while (slot_used(f, slot));
		f->g.slots[i] = slot;
		err = make_port(f, i, slot);
		if (err)
			return err;
	}
	bvg_macs(&f->g);
	/* Half the configurations hold the bridge's clock, as its timer does
	 * between ticks (time still passes for the FDB: age_entries), so
	 * frames meet the caches of the same tick (bv_learned) often.
	 */
	f->h.clock = bvg_chance(&f->g, 50) ? bvh_now() : 0;
	f->configs++;
	return 0;
}

/* ---- FDB events ----------------------------------------------------------- */

static int fdb_put(struct fuzz *f, const struct bvm_fdb_entry *e)
{
	if (!bvm_fdb_find(&f->fdb, e->vid, e->mac) && f->fdb.n >= FDB_SIZE)
		return 0;	/* full: `fdb add` would fail; skip it */
	if (bvm_fdb_put(&f->fdb, e))
		return 0;
	return bvh_fdb_put(&f->h, e);
}

/* `fdb add`: a static MAC on a port, in one of its VIDs or any. */
static int add_static(struct fuzz *f)
{
	unsigned int slot = f->g.slots[bvg_below(&f->g, f->g.nr_ports)];
	struct bvm_fdb_entry e = {
		.vid = bvg_pool_vid(&f->g),
		.ifindex = f->g.cfg->port[slot].ifindex,
		.slot = slot,
		.is_static = true,
		.updated_ns = bvh_now(),
	};

	memcpy(e.mac, f->g.macs[bvg_below(&f->g, BVG_NR_MACS)], 6);
	return fdb_put(f, &e);
}

/* An entry whose slot now holds another device (a port replaced). */
static int add_stale(struct fuzz *f)
{
	unsigned int slot = f->g.slots[bvg_below(&f->g, f->g.nr_ports)];
	struct bvm_fdb_entry e = {
		.vid = bvg_pool_vid(&f->g),
		.ifindex = f->g.cfg->port[slot].ifindex + 100 + bvg_below(&f->g, 100),
		.slot = slot,
		.updated_ns = bvh_now(),
	};

	memcpy(e.mac, f->g.macs[bvg_below(&f->g, BVG_NR_MACS)], 6);
	return fdb_put(f, &e);
}

/* Time passes for the FDB: every learned entry gets older by the same. */
static int age_entries(struct fuzz *f)
{
	static const uint64_t steps[] = { SEC_NS / 2, SEC_NS + SEC_NS / 10,
					  3 * SEC_NS, 6 * SEC_NS, 301 * SEC_NS };
	uint64_t d = steps[bvg_below(&f->g, sizeof(steps) / sizeof(steps[0]))];
	int err;

	for (unsigned int i = 0; i < f->fdb.n; i++) {
		struct bvm_fdb_entry *e = &f->fdb.e[i];

		if (e->is_static)
			continue;
		e->updated_ns -= d;
		err = bvh_fdb_put(&f->h, e);
		if (err)
			return err;
	}
	return 0;
}

/* A learned entry stamped just after now, as another CPU may leave it. */
static int stamp_ahead(struct fuzz *f)
{
	struct bvm_fdb_entry *e;

	if (!f->fdb.n)
		return 0;
	e = &f->fdb.e[bvg_below(&f->g, f->fdb.n)];
	if (e->is_static)
		return 0;
	e->updated_ns = bvh_now() + SEC_NS / 4;
	return bvh_fdb_put(&f->h, e);
}

/* `vlan add/del` on a trunk port. */
static int toggle_vid(struct fuzz *f)
{
	unsigned int slot = f->g.slots[bvg_below(&f->g, f->g.nr_ports)];
	struct bvm_port *p = &f->g.cfg->port[slot];
	uint16_t vid = bvg_pool_vid(&f->g);

	if (p->mode != BV_MODE_TRUNK || vid == p->pvid)
		return 0;
	bvm_port_vid(f->g.cfg, slot, vid, !bvm_is_member(p, vid));
	return bvh_port_vid(&f->h, f->g.cfg, slot, vid);
}

/* `port set DEV learn-limit N`, maybe below what the port holds. */
static int set_limit(struct fuzz *f)
{
	unsigned int slot = f->g.slots[bvg_below(&f->g, f->g.nr_ports)];

	f->g.cfg->port[slot].learn_limit = bvg_learn_limit(&f->g);
	return bvh_port_learn_limit(&f->h, f->g.cfg, slot);
}

/* `port set DEV isolated on|off locked on|off`. */
static int set_security(struct fuzz *f)
{
	unsigned int slot = f->g.slots[bvg_below(&f->g, f->g.nr_ports)];

	bvg_security(&f->g, slot);
	return bvh_port_security(&f->h, f->g.cfg, slot);
}

/*
 * Detach a port and attach another device in its slot, the FDB kept: its
 * entries now name a slot that holds another ifindex.
 */
static int replace_port(struct fuzz *f)
{
	int i = bvg_below(&f->g, f->g.nr_ports), spare = f->g.nr_ports, err;
	unsigned int slot = f->g.slots[i];
	struct bvh_link tmp;

	if (spare >= BVH_MAX_LINKS)
		return 0;
	err = bvh_port_del(&f->h, f->g.cfg, slot);
	if (err)
		return err;
	memset(&f->g.cfg->port[slot], 0, sizeof(f->g.cfg->port[slot]));
	err = make_port(f, spare, slot);
	/* port i is now on the spare link; the old one becomes the spare */
	tmp = f->h.link[i];
	f->h.link[i] = f->h.link[spare];
	f->h.link[spare] = tmp;
	return err;
}

/* ---- reporting ---------------------------------------------------------------- */

static void print_config(struct fuzz *f)
{
	printf("config (ageing %llu s, fdb size %u, clock %s):\n",
	       (unsigned long long)(f->g.cfg->ageing_ns / SEC_NS),
	       f->g.cfg->fdb_size, f->h.clock ? "held" : "running");
	for (int i = 0; i < f->g.nr_ports; i++) {
		unsigned int s = f->g.slots[i];
		const struct bvm_port *p = &f->g.cfg->port[s];
		const struct bvh_attach *a = &f->h.attach[s];

		printf("  slot %3u ifindex %3u %-6s pvid %4u mtu %4u limit %u%s%s%s%s vids",
		       s, p->ifindex, p->mode == BV_MODE_ACCESS ? "access" :
		       "trunk", p->pvid, p->mtu, p->learn_limit,
		       a->tc_only ? " tc-only" : "", a->xdp_tx ? " xdp-tx" : "",
		       p->isolated ? " isolated" : "", p->locked ? " locked" : "");
		for (unsigned int v = 1; v < 4095; v++)
			if (bvm_is_member(p, v))
				printf(" %u", v);
		for (unsigned int i = 0; i < p->nr_allow; i++) {
			printf(i ? "," : " allow-ip ");
			for (int b = 0; b < 16; b++)
				printf("%02x", p->allow[i].addr[b]);
			printf("/%u", p->allow[i].plen);
		}
		printf("\n");
	}
}

static void print_fdb(const struct bvm_fdb *fdb, uint64_t now)
{
	printf("model FDB (%u entries, now %llu):\n", fdb->n,
	       (unsigned long long)now);
	for (unsigned int i = 0; i < fdb->n; i++) {
		const struct bvm_fdb_entry *e = &fdb->e[i];

		printf("  vid %4u %02x:%02x:%02x:%02x:%02x:%02x slot %3u ifindex %3u%s age %.3f s\n",
		       e->vid, e->mac[0], e->mac[1], e->mac[2], e->mac[3],
		       e->mac[4], e->mac[5], e->slot, e->ifindex,
		       e->is_static ? " static" : "",
		       (double)(int64_t)(now - e->updated_ns) / SEC_NS);
	}
}

static void reproducer(struct fuzz *f, const struct bvm_fdb *before,
		       const char *what)
{
	char hex[2 * BVM_FRAME_MAX + 1];

	printf("FAIL: %s\n", what);
	printf("reproduce: fuzz --seed %llu --frames %llu  (config #%llu, frame #%llu)\n",
	       (unsigned long long)f->seed,
	       (unsigned long long)f->frames + 1,
	       (unsigned long long)f->configs,
	       (unsigned long long)f->frames + 1);
	print_config(f);
	print_fdb(before, bvh_now());
	bvh_hex(f->g.frame, f->g.len, hex, sizeof(hex));
	printf("frame: in slot %u, %zu bytes: %s\n", f->g.in_slot, f->g.len, hex);
	printf("model: %s", bvm_verdict_name(f->exp->verdict));
	if (f->exp->verdict != BVM_FORWARD)
		printf(" (%s)", bv_drop_name(f->exp->reason));
	printf(", VID %u, %u copies\n", f->exp->vid, f->exp->nr_copies);
	printf("differences:\n%s", f->why);
}

/* ---- the run -------------------------------------------------------------------- */

static int one_frame(struct fuzz *f)
{
	struct bvm_fdb before = f->fdb;
	bool leak = false, traced;
	int ret;

	before.e = malloc((f->fdb.n ? f->fdb.n : 1) * sizeof(*before.e));
	if (!before.e)
		return -ENOMEM;
	memcpy(before.e, f->fdb.e, f->fdb.n * sizeof(*before.e));

	bvg_frame(&f->g);
	traced = f->trace && f->g.len >= BV_TRACE_FRAME_MIN &&
		 f->g.len <= BVM_FRAME_MAX;
	if (traced) {
		ret = bvt_trace(&f->h, f->g.in_slot, f->g.frame, f->g.len, f->t,
				f->why, sizeof(f->why));
		if (ret) {
			if (ret < 0)
				snprintf(f->why, sizeof(f->why),
					 "  trace failed: %s\n", strerror(-ret));
			reproducer(f, &before, "trace changed the bridge, or failed");
			free(before.e);
			return ret < 0 ? ret : 1;
		}
	}
	ret = bvh_step(&f->h, f->g.cfg, &f->fdb, f->g.in_slot, f->g.frame, f->g.len,
		       f->exp, &f->got, &leak, f->why, sizeof(f->why));
	if (!ret && traced) {
		ret = bvt_compare(&f->h, f->t, f->g.in_slot, f->g.frame,
				  f->g.len, &f->got, f->why, sizeof(f->why));
		if (ret)
			reproducer(f, &before, "trace and the programs disagree");
		f->traced++;
		f->trace_agree += !ret;
		f->trace_paths[f->got.path]++;
	} else if (ret < 0) {
		snprintf(f->why, sizeof(f->why), "  test error: %s\n",
			 strerror(-ret));
		reproducer(f, &before, "the harness could not run the frame");
	} else if (ret) {
		reproducer(f, &before, leak ? "frame LEAKED out of its VLAN" :
			   "programs and model disagree");
	}
	free(before.e);
	if (ret)
		return ret < 0 ? ret : 1;

	f->frames++;
	f->paths[f->got.path]++;
	if (f->got.path != BVH_PATH_NONE) {
		f->verdicts[f->exp->verdict]++;
		if (f->exp->verdict != BVM_FORWARD)
			f->reasons[f->exp->reason]++;
		f->copies += f->got.nr_copies;
		for (unsigned int i = 0; f->exp->verdict == BVM_FORWARD &&
		     i < f->exp->nr_copies; i++)
			f->oversize += f->exp->copy[i].oversize;
		f->fdb_full += f->exp->learn == BVM_LEARN_FULL;
		f->learn_limit += f->exp->learn == BVM_LEARN_LIMIT;
	}
	return 0;
}

/* The whole FDB, and the counters of slots that hold no port. */
static int full_check(struct fuzz *f)
{
	int ret = bvh_fdb_compare(&f->h, &f->fdb, f->why, sizeof(f->why));

	if (ret > 0) {
		printf("FAIL: FDB differs after frame #%llu (seed %llu)\n%s",
		       (unsigned long long)f->frames,
		       (unsigned long long)f->seed, f->why);
		print_config(f);
		return ret;
	}
	if (!ret)
		ret = bvh_stats_sweep(&f->h, f->why, sizeof(f->why));
	if (ret > 0) {
		printf("FAIL: counters of a slot without a port, or of a VLAN no frame was in, moved by frame #%llu (seed %llu)\n%s",
		       (unsigned long long)f->frames,
		       (unsigned long long)f->seed, f->why);
		print_config(f);
	}
	return ret;
}

static int event(struct fuzz *f)
{
	unsigned int r = bvg_below(&f->g, 1000);

	f->events++;
	if (r < 20)
		return age_entries(f);
	if (r < 25)
		return add_static(f);
	if (r < 28)
		return add_stale(f);
	if (r < 33)
		return toggle_vid(f);
	if (r < 35)
		return replace_port(f);
	if (r < 38)
		return stamp_ahead(f);
	if (r < 41)
		return set_limit(f);
	if (r < 45)
		return set_security(f);
	f->events--;
	return 0;
}

static void summary(struct fuzz *f, double secs)
{
	printf("== fuzz: seed %llu, %llu configurations, %llu frames in %.1f s: %.0f frames/s\n",
	       (unsigned long long)f->seed, (unsigned long long)f->configs,
	       (unsigned long long)f->frames, secs, f->frames / secs);
	printf("   paths: xdp %llu, xdp->tc %llu, tc %llu, refused/freed by the kernel %llu\n",
	       (unsigned long long)f->paths[BVH_PATH_XDP],
	       (unsigned long long)f->paths[BVH_PATH_XDP_TC],
	       (unsigned long long)f->paths[BVH_PATH_TC],
	       (unsigned long long)f->paths[BVH_PATH_NONE]);
	printf("   forwarded %llu (%llu copies, %llu oversize), to host %llu, FDB full %llu, learn limit %llu, FDB/config events %llu\n",
	       (unsigned long long)f->verdicts[BVM_FORWARD],
	       (unsigned long long)f->copies,
	       (unsigned long long)f->oversize,
	       (unsigned long long)f->verdicts[BVM_TO_HOST],
	       (unsigned long long)f->fdb_full,
	       (unsigned long long)f->learn_limit,
	       (unsigned long long)f->events);
	if (f->trace)
		printf("   trace: %llu frames, %llu agree (xdp %llu, xdp->tc %llu, tc %llu, kernel %llu)\n",
		       (unsigned long long)f->traced,
		       (unsigned long long)f->trace_agree,
		       (unsigned long long)f->trace_paths[BVH_PATH_XDP],
		       (unsigned long long)f->trace_paths[BVH_PATH_XDP_TC],
		       (unsigned long long)f->trace_paths[BVH_PATH_TC],
		       (unsigned long long)f->trace_paths[BVH_PATH_NONE]);
	printf("   drops:");
	for (int i = 0; i < BV_DROP_MAX; i++)
		if (i != BV_DROP_LINK_LOCAL && i != BV_DROP_OVERSIZE &&
		    i != BV_DROP_TX_ERROR)
			printf(" %s %llu", bv_drop_name(i),
			       (unsigned long long)f->reasons[i]);
	printf("\n");
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 't' },
		{ "frames", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "trace", no_argument, NULL, 'T' },
		{}
	};
	unsigned long long max_frames = ~0ULL;
	double seconds = 45;
	struct timespec t0;
	struct fuzz *f;
	int c, err = 0;

	f = calloc(1, sizeof(*f));
	if (!f)
		return 1;
	f->seed = time(NULL);
	while ((c = getopt_long(argc, argv, "t:n:s:vT", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			seconds = strtod(optarg, NULL);
			break;
		case 'n':
			max_frames = strtoull(optarg, NULL, 0);
			break;
		case 's':
			f->seed = strtoull(optarg, NULL, 0);
			break;
		case 'v':
			f->verbose = true;
			break;
		case 'T':
			f->trace = true;
			break;
		default:
			fprintf(stderr, "usage: %s [--seconds N] [--frames N] [--seed N] [--trace] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	if (geteuid()) {
		printf("SKIP: the fuzzer needs root\n");
		return 4;
	}
	f->g.rng = f->seed;
	f->g.cfg = calloc(1, sizeof(*f->g.cfg));
	f->exp = calloc(1, sizeof(*f->exp));
	f->t = calloc(1, sizeof(*f->t));
	if (!f->g.cfg || !f->exp || !f->t || bvh_result_alloc(&f->got) ||
	    bvm_fdb_init(&f->fdb, FDB_SIZE))
		return 1;
	err = bvh_netns_enter();
	if (!err)
		err = bvh_links_create(&f->h, BVH_MAX_LINKS);
	if (!err)
		err = bvh_open(&f->h, FDB_SIZE, 300 * SEC_NS);
	if (!err)
		err = bvh_flood_prepare(&f->h, bvg_vid_pool, bvg_nr_pool);
	if (err) {
		fprintf(stderr, "setup failed: %s\n", strerror(-err));
		return 1;
	}
	printf("== fuzz: seed %llu, up to %.0f s\n", (unsigned long long)f->seed,
	       seconds);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!err && f->frames < max_frames && elapsed(&t0) < seconds) {
		unsigned int n = 200 + bvg_below(&f->g, 1800);

		err = new_config(f);
		for (unsigned int i = 0; !err && i < n &&
		     f->frames < max_frames; i++) {
			err = event(f);
			if (!err)
				err = one_frame(f);
			if (!err && f->frames % FULL_CHECK == 0)
				err = full_check(f);
			if (!err && (i & 255) == 0 && elapsed(&t0) >= seconds)
				break;
		}
		if (!err)
			err = full_check(f);
		if (f->verbose)
			summary(f, elapsed(&t0));
	}
	if (err < 0)
		fprintf(stderr, "fuzz: %s\n", strerror(-err));
	summary(f, elapsed(&t0));
	printf("TEST: %-60s [%s]\n", f->trace ?
	       "fuzz: trace, programs and model agree, trace changed nothing" :
	       "fuzz: programs and model agree, no leak",
	       err ? "FAIL" : " OK ");
	bvh_close(&f->h);
	bvh_result_free(&f->got);
	bvm_fdb_free(&f->fdb);
	free(f->g.cfg);
	free(f->exp);
	free(f->t);
	free(f);
	return err ? 1 : 0;
}
