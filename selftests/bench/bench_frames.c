// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvbench run NETNS PINDIR CASEFILE: live-frames cases, interleaved.
 *
 * Each case line: NAME SIZE GENDEV HDRHEX K SINKS [src=seq] [dst=MASK] [max=N]
 *   SIZE    frame length without FCS, untagged form (a tagged header adds 4)
 *   GENDEV  veth the generator redirects into (the frame arrives at its peer)
 *   HDRHEX  the frame's first bytes, hex: a 14-byte Ethernet or 18-byte
 *           802.1Q header, optionally followed by L3/L4 headers (the
 *           generator rewrites the first 18 bytes of every frame; the rest
 *           stays as the test run wrote it into the page)
 *   K       copies of each frame expected at SINKS in total (0: a drop case,
 *           the SINKS must see nothing and the rate is frames sent per s)
 *   SINKS   comma list of devices carrying the sink, or -
 * Every round runs every case once, starting one case further on than the
 * round before. Output, one TSV line per measurement:
 *   frames NAME SIZE ROUND SENT DELIVERED K NS MPPS LATE
 * MPPS counts frames in (delivered copies / K), NS is the wall time of the
 * BPF_PROG_TEST_RUN call, LATE the copies counted after it returned.
 * With -p, BPF run-time stats are on (BPF_ENABLE_STATS) and each watched
 * program's share is printed too:
 *   prog NAME SIZE ROUND PROG RUNS RUN_NS
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bvbench_gen.h"
#include "bvbench.skel.h"

#define MAX_CASES	128
#define WARMUP_FRAMES	20000ULL
#define MIN_FRAMES	20000ULL
#define MAX_FRAMES	50000000ULL

struct bvb_case {
	char name[64];
	unsigned int size, len, k, nr_sinks;
	int gen_ifindex;
	int sinks[BVB_MAX_SINKS];
	__u8 frame[BVB_MAX_FRAME];
	bool src_seq;
	__u32 dst_mask;
	__u64 max_frames;
	__u64 frames;		/* per measurement, from the warm-up */
};

struct bvb_watch {
	int fd;
	char name[BPF_OBJ_NAME_LEN];
	__u64 runs, ns;
};

struct bvb_run {
	struct bvbench *skel;
	int count_fd, ncpu;
	__u64 *percpu;
	struct bvb_case cases[MAX_CASES];
	int nr_cases;
	struct bvb_watch watch[BVB_MAX_WATCH];
	int nr_watch;
	double sec;
	__u32 batch;		/* live-frames batch size, 0: the kernel's 64 */
};

static int parse_case(char *line, struct bvb_case *c)
{
	char *w[12], *save = NULL;
	int n = bvb_split(line, w, 12), err;

	if (n < 6) {
		fprintf(stderr, "bvbench: case \"%s\": need NAME SIZE GENDEV HDRHEX K SINKS\n",
			n ? w[0] : "");
		return -EINVAL;
	}
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", w[0]);
	c->size = strtoul(w[1], NULL, 10);
	c->gen_ifindex = bvb_ifindex(w[2]);
	if (c->gen_ifindex < 0)
		return c->gen_ifindex;
	err = bvb_case_frame(c->name, w[3], c->size, c->frame, &c->len);
	if (err)
		return err;
	c->k = strtoul(w[4], NULL, 10);
	if (strcmp(w[5], "-")) {
		for (char *d = strtok_r(w[5], ",", &save); d;
		     d = strtok_r(NULL, ",", &save)) {
			if (c->nr_sinks >= BVB_MAX_SINKS)
				return -E2BIG;
			c->sinks[c->nr_sinks] = bvb_ifindex(d);
			if (c->sinks[c->nr_sinks] < 0)
				return c->sinks[c->nr_sinks];
			c->nr_sinks++;
		}
	}
	c->max_frames = MAX_FRAMES;
	for (int i = 6; i < n; i++) {
		if (!strcmp(w[i], "src=seq"))
			c->src_seq = true;
		else if (!strncmp(w[i], "dst=", 4))
			c->dst_mask = strtoul(w[i] + 4, NULL, 0);
		else if (!strncmp(w[i], "max=", 4))
			c->max_frames = strtoull(w[i] + 4, NULL, 0);
		else {
			fprintf(stderr, "bvbench: case %s: unknown option %s\n",
				c->name, w[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static int load_cases(struct bvb_run *r, const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int err = 0;

	if (!f) {
		fprintf(stderr, "bvbench: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[strspn(line, " \t\n")] == '\0')
			continue;
		if (r->nr_cases >= MAX_CASES) {
			err = -E2BIG;
			break;
		}
		err = parse_case(line, &r->cases[r->nr_cases]);
		if (!err)
			r->nr_cases++;
	}
	fclose(f);
	return err;
}

/* Copies counted so far at the case's sinks. */
static __u64 sink_total(struct bvb_run *r, const struct bvb_case *c)
{
	__u64 total = 0;

	for (unsigned int i = 0; i < c->nr_sinks; i++) {
		__u32 key = c->sinks[i] % BVB_SINK_SLOTS;

		if (bpf_map_lookup_elem(r->count_fd, &key, r->percpu))
			continue;
		for (int cpu = 0; cpu < r->ncpu; cpu++)
			total += r->percpu[cpu];
	}
	return total;
}

/* Wait (at most 100 ms) until the sinks stop counting. */
static __u64 sink_settle(struct bvb_run *r, const struct bvb_case *c)
{
	__u64 prev = sink_total(r, c), cur;

	for (int i = 0; i < 100; i++) {
		usleep(1000);
		cur = sink_total(r, c);
		if (cur == prev)
			break;
		prev = cur;
	}
	return prev;
}

static void watch_read(struct bvb_run *r, __u64 *runs, __u64 *ns)
{
	for (int i = 0; i < r->nr_watch; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		runs[i] = ns[i] = 0;
		if (!bpf_obj_get_info_by_fd(r->watch[i].fd, &info, &len)) {
			runs[i] = info.run_cnt;
			ns[i] = info.run_time_ns;
		}
	}
}

/* A pinned program, or "xdp:DEV": the XDP program on DEV (each bpfvlan
 * port runs its own, unpinned). An fd, or -1 with errno set.
 */
static int watch_open(const char *spec)
{
	__u32 id = 0;
	int ifindex;

	if (strncmp(spec, "xdp:", 4))
		return bpf_obj_get(spec);
	ifindex = if_nametoindex(spec + 4);
	if (!ifindex)
		return -1;
	if (bpf_xdp_query_id(ifindex, XDP_FLAGS_DRV_MODE, &id) || !id) {
		errno = ENOENT;
		return -1;
	}
	return bpf_prog_get_fd_by_id(id);
}

static int watch_add(struct bvb_run *r, int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (fd < 0 || r->nr_watch >= BVB_MAX_WATCH)
		return fd < 0 ? -errno : -E2BIG;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	r->watch[r->nr_watch].fd = fd;
	snprintf(r->watch[r->nr_watch].name, BPF_OBJ_NAME_LEN, "%s", info.name);
	r->nr_watch++;
	return 0;
}

/* One measurement of @frames frames. */
static int measure(struct bvb_run *r, struct bvb_case *c, __u64 frames,
		   __u64 *sent, __u64 *delivered, __u64 *ns, __u64 *late)
{
	struct bvb_gen_cfg *g = &r->skel->bss->gen_cfg;
	LIBBPF_OPTS(bpf_test_run_opts, o,
		    .data_in = c->frame,
		    .data_size_in = c->len,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
		    .batch_size = r->batch);
	__u64 before, at_return, t0, t1, done = 0;
	int err = 0;

	memcpy(g->hdr, c->frame, BVB_HDR_LEN);
	g->ifindex = c->gen_ifindex;
	g->src_seq = c->src_seq;
	g->dst_mask = c->dst_mask;
	before = sink_total(r, c);
	t0 = bvb_now_ns();
	/* repeat is 32 bits; large counts go in pieces. */
	while (done < frames) {
		__u64 n = frames - done;

		o.repeat = n > 100000000ULL ? 100000000U : (__u32)n;
		err = bpf_prog_test_run_opts(bpf_program__fd(r->skel->progs.bvb_gen),
					     &o);
		if (err) {
			err = -errno;
			fprintf(stderr, "bvbench: case %s: test run: %s\n",
				c->name, strerror(-err));
			return err;
		}
		done += o.repeat;
	}
	t1 = bvb_now_ns();
	at_return = sink_total(r, c);
	*delivered = sink_settle(r, c) - before;
	*late = before + *delivered - at_return;
	*sent = done;
	*ns = t1 - t0;
	return 0;
}

static double mpps_of(const struct bvb_case *c, __u64 sent, __u64 delivered,
		      __u64 ns)
{
	double in = c->k ? (double)delivered / c->k : (double)sent;

	return ns ? in * 1e3 / ns : 0;
}

/* Size the case's measurements to about r->sec: a short run, then one of
 * a tenth of the target, each estimating the rate.
 */
static int warm_up(struct bvb_run *r, struct bvb_case *c)
{
	__u64 sent, delivered, ns, late, n = WARMUP_FRAMES;
	int err;

	for (int pass = 0; pass < 2; pass++) {
		err = measure(r, c, n, &sent, &delivered, &ns, &late);
		if (err)
			return err;
		/* Frames sent per second, whatever got through. */
		n = (__u64)((ns ? sent * 1e9 / ns : 1e6) * r->sec *
			    (pass ? 1 : 0.1));
		if (n < MIN_FRAMES)
			n = MIN_FRAMES;
		if (n > c->max_frames)
			n = c->max_frames;
	}
	c->frames = n;
	return 0;
}

static int run_case(struct bvb_run *r, struct bvb_case *c, int round,
		    bool profile)
{
	__u64 sent, delivered, ns, late;
	__u64 runs0[BVB_MAX_WATCH], ns0[BVB_MAX_WATCH];
	__u64 runs1[BVB_MAX_WATCH], ns1[BVB_MAX_WATCH];
	int err;

	if (profile)
		watch_read(r, runs0, ns0);
	err = measure(r, c, c->frames, &sent, &delivered, &ns, &late);
	if (err)
		return err;
	printf("frames\t%s\t%u\t%d\t%llu\t%llu\t%u\t%llu\t%.4f\t%llu\n",
	       c->name, c->size, round, (unsigned long long)sent,
	       (unsigned long long)delivered, c->k, (unsigned long long)ns,
	       mpps_of(c, sent, delivered, ns), (unsigned long long)late);
	if (!profile)
		return 0;
	watch_read(r, runs1, ns1);
	for (int i = 0; i < r->nr_watch; i++) {
		if (runs1[i] == runs0[i])
			continue;
		printf("prog\t%s\t%u\t%d\t%s\t%llu\t%llu\t%llu\n", c->name,
		       c->size, round, r->watch[i].name,
		       (unsigned long long)(runs1[i] - runs0[i]),
		       (unsigned long long)(ns1[i] - ns0[i]),
		       (unsigned long long)sent);
	}
	return 0;
}

static int open_pinned(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return bpf_obj_get(path);
}

int bvb_cmd_run(int argc, char **argv)
{
	struct bvb_run *r;
	int rounds = 5, cpu = -1, stats_fd = -1, err, opt;
	bool profile = false;
	const char *pindir, *casefile;

	if (argc < 4) {
		fprintf(stderr, "usage: bvbench run NETNS PINDIR CASEFILE [-r ROUNDS] [-t SEC] [-c CPU] [-b BATCH] [-p] [-w PIN]...\n");
		return -EINVAL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->sec = 0.2;
	r->count_fd = -1;
	pindir = argv[2];
	casefile = argv[3];
	err = bvb_netns_enter(argv[1]);
	if (err)
		goto out;
	r->skel = bvbench__open_and_load();
	if (!r->skel) {
		err = -errno;
		fprintf(stderr, "bvbench: cannot load the BPF object: %s\n",
			strerror(-err));
		goto out;
	}
	optind = 4;
	while ((opt = getopt(argc, argv, "r:t:c:b:pw:")) != -1) {
		switch (opt) {
		case 'b': r->batch = atoi(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 't': r->sec = atof(optarg); break;
		case 'c': cpu = atoi(optarg); break;
		case 'p': profile = true; break;
		case 'w':
			err = watch_add(r, watch_open(optarg));
			if (err) {
				fprintf(stderr, "bvbench: cannot watch %s: %s\n",
					optarg, strerror(-err));
				goto out;
			}
			break;
		default:
			err = -EINVAL;
			goto out;
		}
	}
	r->ncpu = libbpf_num_possible_cpus();
	r->percpu = calloc(r->ncpu > 0 ? r->ncpu : 1, sizeof(__u64));
	r->count_fd = open_pinned(pindir, "count");
	if (r->ncpu <= 0 || !r->percpu || r->count_fd < 0) {
		err = r->count_fd < 0 ? -errno : -ENOMEM;
		fprintf(stderr, "bvbench: %s/count: %s\n", pindir, strerror(-err));
		goto out;
	}
	if (profile) {
		static const char *const ours[] = { "sink", "redir", "bcast2",
						    "bcast8" };

		stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		if (stats_fd < 0) {
			err = -errno;
			fprintf(stderr, "bvbench: cannot enable BPF stats: %s\n",
				strerror(-err));
			goto out;
		}
		watch_add(r, dup(bpf_program__fd(r->skel->progs.bvb_gen)));
		for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
			watch_add(r, open_pinned(pindir, ours[i]));
	}
	err = load_cases(r, casefile);
	if (err)
		goto out;
	err = bvb_pin_cpu(cpu);
	if (err)
		goto out;
	for (int i = 0; i < r->nr_cases && !err; i++)
		err = warm_up(r, &r->cases[i]);
	for (int round = 0; round < rounds && !err; round++)
		for (int i = 0; i < r->nr_cases && !err; i++)
			err = run_case(r, &r->cases[(i + round) % r->nr_cases],
				       round, profile);
out:
	for (int i = 0; i < r->nr_watch; i++)
		close(r->watch[i].fd);
	if (stats_fd >= 0)
		close(stats_fd);
	if (r->count_fd >= 0)
		close(r->count_fd);
	free(r->percpu);
	bvbench__destroy(r->skel);
	free(r);
	return err;
}
