// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvbench testrun NETNS CASEFILE: plain BPF_PROG_TEST_RUN cost of one
 * program on one frame (no transmit; bpf_redirect* only sets the target).
 *
 * Each case line: NAME PROGPIN DEV HDRHEX SIZE MODE EXPECT
 *   PROGPIN  pinned XDP or TC program (e.g. a bridge's xdp_ingress)
 *   DEV      ingress device (ctx ingress_ifindex / ifindex)
 *   HDRHEX   the frame's first bytes, as in bvbench run's cases
 *   MODE     repeat: one call, many runs on the same frame (the frame must
 *            come out unchanged, else later runs see another frame);
 *            single: many calls of one run each, trimmed mean, minus that
 *            of an empty program timed the same way (for paths that
 *            rewrite the frame: tag push/pop)
 *   EXPECT   the verdict the path must return (XDP_REDIRECT = 4, ...)
 * Output: testrun NAME ROUND NS_PER_FRAME RETVAL
 * Each round also times, in repeat mode, an empty XDP program (empty_xdp)
 * and the steps any XDP switch needs, each alone (step.buff_len,
 * step.fdb_lookup, step.redirect: bvbench.bpf.c), the floor the decision
 * cost is read against.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bvbench_gen.h"
#include "bvbench.skel.h"

#define MAX_TR_CASES	32
#define REPEAT		1000000U
#define SINGLES		20000

struct bvb_tr_case {
	char name[64];
	int prog_fd, ifindex;
	__u32 type, len, expect;
	bool single;
	__u8 frame[BVB_MAX_FRAME];
};

/* ns per run, and the verdict of the last run. */
static int time_prog(int fd, __u32 type, int ifindex, const __u8 *frame,
		     __u32 len, bool single, double *ns, __u32 *retval)
{
	static double d[SINGLES];
	struct xdp_md xctx = { .data_end = len, .ingress_ifindex = ifindex };
	struct __sk_buff sctx = { .ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o,
		    .data_in = frame,
		    .data_size_in = len,
		    .repeat = single ? 1 : REPEAT);

	if (type == BPF_PROG_TYPE_XDP) {
		o.ctx_in = &xctx;
		o.ctx_size_in = sizeof(xctx);
	} else {
		o.ctx_in = &sctx;
		o.ctx_size_in = sizeof(sctx);
	}
	for (int i = 0; i < (single ? SINGLES : 1); i++) {
		if (bpf_prog_test_run_opts(fd, &o))
			return -errno;
		d[i] = o.duration;
	}
	/* Single runs are timed with a ~10 ns clock granularity: a trimmed
	 * mean (middle 80 %) dithers it away, and drops interrupted runs.
	 */
	*ns = single ? bvb_trimmed_mean(d, SINGLES) : d[0];
	*retval = o.retval;
	return 0;
}

static int parse_tr_case(char *line, struct bvb_tr_case *c)
{
	struct bpf_prog_info info = {};
	__u32 ilen = sizeof(info);
	char *w[8];
	int n = bvb_split(line, w, 8), err;

	c->prog_fd = -1;
	if (n != 7) {
		fprintf(stderr, "bvbench: testrun case \"%s\": need NAME PROGPIN DEV HDRHEX SIZE MODE EXPECT\n",
			n ? w[0] : "");
		return -EINVAL;
	}
	snprintf(c->name, sizeof(c->name), "%s", w[0]);
	c->prog_fd = bpf_obj_get(w[1]);
	if (c->prog_fd < 0 || bpf_obj_get_info_by_fd(c->prog_fd, &info, &ilen)) {
		err = -errno;
		fprintf(stderr, "bvbench: %s: %s\n", w[1], strerror(-err));
		return err;
	}
	c->type = info.type;
	c->ifindex = bvb_ifindex(w[2]);
	if (c->ifindex < 0)
		return c->ifindex;
	err = bvb_case_frame(c->name, w[3], strtoul(w[4], NULL, 10), c->frame,
			     &c->len);
	if (err)
		return err;
	c->single = !strcmp(w[5], "single");
	c->expect = strtoul(w[6], NULL, 10);
	return 0;
}

/* The map entries the step programs need: an FDB-sized hash holding
 * its key, a devmap entry (lo) to redirect to.
 */
static int steps_prepare(struct bvbench *skel)
{
	__u64 key = BVB_STEP_KEY, val[3] = {};
	__u32 zero = 0, lo = 1;

	if (bpf_map_update_elem(bpf_map__fd(skel->maps.bvb_fdb), &key, val,
				BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.bvb_step_tx), &zero,
				&lo, BPF_ANY))
		return -errno;
	return 0;
}

/* The step programs, in repeat mode: ns per run, as the cases print it. */
static int time_steps(struct bvbench *skel, int round)
{
	static const __u8 any[60];
	const struct {
		const char *name;
		const struct bpf_program *prog;
	} steps[] = {
		{ "step.buff_len", skel->progs.bvb_step_buflen },
		{ "step.fdb_lookup", skel->progs.bvb_step_hash },
		{ "step.redirect", skel->progs.bvb_step_redirect },
	};
	double ns;
	__u32 retval;
	int err;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		err = time_prog(bpf_program__fd(steps[i].prog),
				BPF_PROG_TYPE_XDP, 0, any, sizeof(any), false,
				&ns, &retval);
		if (err)
			return err;
		printf("testrun\t%s\t%d\t%.2f\t%u\n", steps[i].name, round,
		       ns, retval);
	}
	return 0;
}

int bvb_cmd_testrun(int argc, char **argv)
{
	static struct bvb_tr_case cases[MAX_TR_CASES];
	double base_xdp = 0, base_tc = 0, empty = 0, ns;
	struct bvbench *skel = NULL;
	int nr = 0, rounds = 5, cpu = -1, err, opt;
	bool baselines = true;
	char line[1024];
	__u32 retval;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: bvbench testrun NETNS CASEFILE [-r ROUNDS] [-c CPU] [-B]\n");
		return -EINVAL;
	}
	optind = 3;
	while ((opt = getopt(argc, argv, "r:c:B")) != -1) {
		if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'c')
			cpu = atoi(optarg);
		else if (opt == 'B')
			baselines = false;	/* for profiling one case */
		else
			return -EINVAL;
	}
	err = bvb_netns_enter(argv[1]);
	if (err)
		return err;
	f = fopen(argv[2], "r");
	if (!f) {
		fprintf(stderr, "bvbench: %s: %s\n", argv[2], strerror(errno));
		return -errno;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[strspn(line, " \t\n")] == '\0')
			continue;
		if (nr >= MAX_TR_CASES)
			err = -E2BIG;
		else
			err = parse_tr_case(line, &cases[nr++]);
	}
	fclose(f);
	if (!err)
		err = bvb_pin_cpu(cpu);
	if (!err) {
		skel = bvbench__open_and_load();
		if (!skel)
			err = -errno;
	}
	if (!err)
		err = steps_prepare(skel);
	for (int round = 0; round < rounds && !err; round++) {
		static const __u8 any[60];

		if (!baselines)
			goto cases;
		/* Baselines for single mode, once a round. */
		err = time_prog(bpf_program__fd(skel->progs.bvb_empty),
				BPF_PROG_TYPE_XDP, 0, any, sizeof(any), true,
				&base_xdp, &retval);
		if (!err)
			err = time_prog(bpf_program__fd(skel->progs.bvb_tc_empty),
					BPF_PROG_TYPE_SCHED_CLS, 0, any,
					sizeof(any), true, &base_tc, &retval);
		/* An empty program in repeat mode: the floor of any path. */
		if (!err)
			err = time_prog(bpf_program__fd(skel->progs.bvb_empty),
					BPF_PROG_TYPE_XDP, 0, any, sizeof(any),
					false, &empty, &retval);
		if (!err)
			printf("testrun\tbaseline_single_xdp\t%d\t%.2f\t1\n"
			       "testrun\tbaseline_single_tc\t%d\t%.2f\t2\n"
			       "testrun\tempty_xdp\t%d\t%.2f\t1\n",
			       round, base_xdp, round, base_tc, round, empty);
		if (!err)
			err = time_steps(skel, round);
cases:
		for (int i = 0; i < nr && !err; i++) {
			struct bvb_tr_case *c = &cases[(i + round) % nr];

			err = time_prog(c->prog_fd, c->type, c->ifindex,
					c->frame, c->len, c->single, &ns,
					&retval);
			if (err) {
				fprintf(stderr, "bvbench: testrun %s: %s\n",
					c->name, strerror(-err));
				break;
			}
			if (c->single)
				ns -= c->type == BPF_PROG_TYPE_XDP ? base_xdp
								   : base_tc;
			if (retval != c->expect)
				fprintf(stderr, "bvbench: testrun %s: verdict %u, expected %u\n",
					c->name, retval, c->expect);
			printf("testrun\t%s\t%d\t%.2f\t%u\n", c->name, round, ns,
			       retval);
		}
	}
	for (int i = 0; i < nr; i++)
		if (cases[i].prog_fd >= 0)
			close(cases[i].prog_fd);
	bvbench__destroy(skel);
	return err;
}
