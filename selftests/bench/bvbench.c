// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvbench: benchmark driver for bpfvlan (make bench). Subcommands:
 *   attach NETNS PINDIR SPEC...       sinks and limit programs on veths
 *   run NETNS PINDIR CASEFILE [OPTS]  live-frames cases, interleaved rounds
 *   testrun NETNS CASEFILE [OPTS]     plain BPF_PROG_TEST_RUN ns/frame
 *   fdb-fill NETNS BRIDGE DEV VID N MAC   N learned entries on DEV
 *   fdb-count BRIDGE                  entries in a bridge's FDB
 *   lines PROGPIN [TOP]               perf samples (stdin) by source line
 * Results are TSV lines on stdout; selftests/bench/bench.sh drives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bvbench_gen.h"

int bvb_netns_enter(const char *name)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "bvbench: netns %s: %s\n", name, strerror(-err));
		return err;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		fprintf(stderr, "bvbench: setns %s: %s\n", name, strerror(-err));
	}
	close(fd);
	return err;
}

int bvb_ifindex(const char *dev)
{
	unsigned int i = if_nametoindex(dev);

	if (!i) {
		fprintf(stderr, "bvbench: device %s not found\n", dev);
		return -ENODEV;
	}
	return (int)i;
}

int bvb_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "bvbench: cannot pin to CPU %d: %s\n", cpu,
			strerror(errno));
		return -errno;
	}
	return 0;
}

__u64 bvb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Parse hex digits (no separators) into @out. Returns the byte count. */
int bvb_hex(const char *hex, __u8 *out, size_t max)
{
	size_t n = strlen(hex);

	if (n % 2 || n / 2 > max)
		goto bad;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			goto bad;
		out[i] = b;
	}
	return (int)(n / 2);
bad:
	fprintf(stderr, "bvbench: bad hex \"%s\" (even digits, at most %zu bytes)\n",
		hex, max);
	return -EINVAL;
}

/* Split @line on blanks in place; returns the word count (<= max). */
int bvb_split(char *line, char **words, int max)
{
	char *save = NULL, *w;
	int n = 0;

	for (w = strtok_r(line, " \t\n", &save); w && n < max;
	     w = strtok_r(NULL, " \t\n", &save))
		words[n++] = w;
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bvb_trimmed_mean(double *v, int n)
{
	int lo = n / 10, hi = n - n / 10;
	double sum = 0;

	if (n <= 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	for (int i = lo; i < hi; i++)
		sum += v[i];
	return sum / (hi - lo);
}

int bvb_case_frame(const char *name, const char *hex, unsigned long size,
		   __u8 *buf, __u32 *len)
{
	static const __u8 mark[] = { 0xbe, 0xef, 0xca, 0x11 };
	__u8 hdr[BVB_MAX_HDR];
	int hlen = bvb_hex(hex, hdr, sizeof(hdr));
	bool tagged;

	if (hlen < 0)
		return hlen;
	tagged = hlen >= 14 && hdr[12] == 0x81 && hdr[13] == 0x00;
	if (hlen < 14 || (tagged && hlen < BVB_HDR_LEN)) {
		fprintf(stderr, "bvbench: case %s: header of %d bytes, need 14 (18 tagged) to %d\n",
			name, hlen, BVB_MAX_HDR);
		return -EINVAL;
	}
	*len = size + (tagged ? 4 : 0);
	if (*len > BVB_MAX_FRAME || *len < hlen + sizeof(mark) ||
	    *len < BVB_HDR_LEN) {
		fprintf(stderr, "bvbench: case %s: frame length %u out of range\n",
			name, *len);
		return -EINVAL;
	}
	memset(buf, 0, *len);
	memcpy(buf, hdr, hlen);
	memcpy(buf + hlen, mark, sizeof(mark));
	return 0;
}

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("BVB_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(FILE *f)
{
	fputs("usage: bvbench attach NETNS PINDIR SPEC...\n"
	      "       bvbench run NETNS PINDIR CASEFILE [-r ROUNDS] [-t SEC] [-c CPU] [-b BATCH] [-p] [-w PIN]...\n"
	      "       bvbench testrun NETNS CASEFILE [-r ROUNDS] [-c CPU] [-B]\n"
	      "       bvbench fdb-fill NETNS BRIDGE DEV VID N MAC\n"
	      "       bvbench fdb-count BRIDGE\n"
	      "       bvbench lines PROGPIN [TOP] < ADDRESSES\n"
	      "See selftests/bench/bench.sh and docs/PERFORMANCE.md.\n", f);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "attach",	bvb_cmd_attach },
		{ "run",	bvb_cmd_run },
		{ "testrun",	bvb_cmd_testrun },
		{ "fdb-fill",	bvb_cmd_fdb_fill },
		{ "fdb-count",	bvb_cmd_fdb_count },
		{ "lines",	bvb_cmd_lines },
	};

	libbpf_set_print(print_libbpf);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1) ? 1 : 0;
	usage(stderr);
	return 2;
}
