// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvoracle: the Linux bridge as a second oracle for bpfvlan
 * (selftests/guest/test_bridge_oracle.sh builds the bridges).
 *
 *   bvoracle config --seed N --ports N [--config FILE]
 *	A random port configuration from the fuzzer's generator (conf.c):
 *	the ports of FILE, if given, then random ones up to N.
 *   bvoracle run --config FILE --hv NS --sinks NS --linux BR --bpfvlan BV
 *		  [--gro] [--seed N --frames N] [--frame PORT:HEX[:RULES]]...
 *	The frames given (RULES: the rules the bridges must differ by,
 *	comma-separated, or "same"; RULE? a rule they may differ by too),
 *	then N random frames of the generator
 *	(seed N), each into the same port of both bridges; what leaves each
 *	port is compared with bpfvlan's model and with what the rules say the
 *	Linux bridge sends (rules.h). Prints the counts; on a difference no
 *	rule explains, a reproducer. --gro: GRO on at bpfvlan's far ends,
 *	which lets its XDP path (ports attached `mode xdp`) redirect into
 *	them. Exit 0, 1 on a difference, 2 on bad input, 3 if the test bed
 *	failed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf.h"
#include "bpfvlan/log.h"
#include "rules.h"
#include "run.h"

#define MAX_FIXED	64

struct fixed {
	unsigned int port;
	uint8_t b[BVM_FRAME_MAX];
	size_t len;
	int rules;		/* OR_RULE() bits, or -1: any */
	unsigned int may;	/* OR_RULE() bits allowed besides */
};

static int usage(void)
{
	fprintf(stderr,
		"usage: bvoracle config --seed N --ports N [--config FILE]\n"
		"       bvoracle run --config FILE --hv NS --sinks NS --linux BR --bpfvlan BV\n"
		"                    [--gro] [--seed N --frames N] [--frame PORT:HEX[:RULES]]...\n");
	return 2;
}

static int parse_ul(const char *s, unsigned long long max,
		    unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || end == s || *end || *out > max ? -EINVAL : 0;
}

static int unhex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s);

	if (n % 2 || n / 2 > max)
		return -EINVAL;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -EINVAL;
		out[i] = v;
	}
	*len = n / 2;
	return 0;
}

static int parse_rules(char *s, int *out, unsigned int *may)
{
	char *save = NULL;

	*out = 0;
	*may = 0;
	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(t);
		bool optional = len > 1 && t[len - 1] == '?';
		int r;

		if (!strcmp(t, "same"))
			continue;
		if (optional)
			t[len - 1] = '\0';
		r = or_rule_by_name(t);
		if (r < 0) {
			fprintf(stderr, "bvoracle: no rule %s\n", t);
			return -EINVAL;
		}
		if (optional)
			*may |= OR_RULE(r);
		else
			*out |= OR_RULE(r);
	}
	return 0;
}

/* PORT:HEX[:RULES] */
static int parse_fixed(char *arg, struct fixed *f)
{
	char *hex = strchr(arg, ':'), *rules;
	unsigned long long port;

	if (!hex)
		return -EINVAL;
	*hex++ = '\0';
	rules = strchr(hex, ':');
	if (rules)
		*rules++ = '\0';
	f->rules = -1;
	if (parse_ul(arg, OR_MAX_PORTS - 1, &port) ||
	    unhex(hex, f->b, sizeof(f->b), &f->len) ||
	    (rules && parse_rules(rules, &f->rules, &f->may)))
		return -EINVAL;
	f->port = port;
	return 0;
}

static int cmd_config(unsigned long long seed, unsigned long long ports,
		      const char *base)
{
	static struct bvm_config cfg;
	struct or_conf c;

	if (ports < 2 || ports > OR_MAX_PORTS)
		return usage();
	or_conf_init(&c, &cfg);
	if (base && or_conf_read(&c, base, false))
		return 2;
	or_conf_generate(&c, seed, ports);
	printf("# bvoracle config --seed %llu --ports %llu\n", seed, ports);
	or_conf_print(&c, stdout);
	return 0;
}

static int cmd_run(const char *path, const struct or_names *names,
		   unsigned long long seed, unsigned long long frames,
		   const struct fixed *fixed, int nr_fixed)
{
	static struct bvm_config cfg;
	struct or_conf c;
	struct or_run *r;
	int err = 0;

	or_conf_init(&c, &cfg);
	if (or_conf_read(&c, path, true))
		return 2;
	for (int i = 0; i < nr_fixed; i++) {
		if (fixed[i].port >= c.nr_ports) {
			fprintf(stderr, "bvoracle: no port %u\n", fixed[i].port);
			return 2;
		}
	}
	r = or_run_open(names, &c);
	if (!r)
		return 3;
	for (int i = 0; !err && i < nr_fixed; i++)
		err = or_run_frame(r, fixed[i].port, fixed[i].b, fixed[i].len,
				   fixed[i].rules, fixed[i].may);
	if (!err && frames)
		err = or_run_random(r, seed, frames);
	if (!err)
		err = or_run_fdb_check(r);
	or_run_summary(r);
	or_run_close(r);
	if (err < 0)
		fprintf(stderr, "bvoracle: %s\n", strerror(-err));
	return err < 0 ? 3 : err;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "ports", required_argument, NULL, 'p' },
		{ "frames", required_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'c' },
		{ "hv", required_argument, NULL, 'H' },
		{ "sinks", required_argument, NULL, 'S' },
		{ "linux", required_argument, NULL, 'L' },
		{ "bpfvlan", required_argument, NULL, 'B' },
		{ "frame", required_argument, NULL, 'f' },
		{ "gro", no_argument, NULL, 'g' },
		{}
	};
	static struct fixed fixed[MAX_FIXED];
	unsigned long long seed = 0, ports = 0, frames = 0;
	struct or_names names = {};
	const char *config = NULL, *cmd;
	int nr_fixed = 0, opt;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	optind = 2;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int bad = 0;

		switch (opt) {
		case 's': bad = parse_ul(optarg, ~0ULL, &seed); break;
		case 'p': bad = parse_ul(optarg, OR_MAX_PORTS, &ports); break;
		case 'n': bad = parse_ul(optarg, 100000000, &frames); break;
		case 'c': config = optarg; break;
		case 'H': names.hv = optarg; break;
		case 'S': names.sinks = optarg; break;
		case 'L': names.lbr = optarg; break;
		case 'B': names.bv = optarg; break;
		case 'g': names.gro = true; break;
		case 'f':
			bad = nr_fixed == MAX_FIXED ||
			      parse_fixed(optarg, &fixed[nr_fixed++]);
			break;
		default: bad = 1;
		}
		if (bad)
			return usage();
	}
	if (optind != argc)
		return usage();
	if (!strcmp(cmd, "config"))
		return cmd_config(seed, ports, config);
	if (strcmp(cmd, "run") || !config || !names.hv || !names.sinks ||
	    !names.lbr || !names.bv)
		return usage();
	bv_log_hook_libbpf();
	return cmd_run(config, &names, seed, frames, fixed, nr_fixed);
}
