// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvbench lines PROGPIN [TOP]: where a program's time goes, by source line.
 * Reads sampled instruction addresses (hex, one a line, e.g. from
 * `perf script -F ip,sym`) on stdin, maps each into the program's JIT image
 * with the kernel's jited line info, and prints the TOP source lines by
 * share of the samples. Samples outside the program are ignored. For
 * bench.sh perf (no libbfd needed, unlike `bpftool prog dump jited`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bench.h"

struct bvb_line {
	__u64 addr;		/* start of the line's code in the JIT image */
	__u32 rec;		/* index into line_info */
	__u64 hits;
};

static int cmp_addr(const void *a, const void *b)
{
	const struct bvb_line *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct bvb_line *x = a, *y = b;

	return x->hits > y->hits ? -1 : x->hits < y->hits;
}

/* Last line starting at or before @ip (lines sorted by address). */
static struct bvb_line *line_of(struct bvb_line *l, __u32 n, __u64 ip)
{
	__u32 lo = 0, hi = n;

	if (!n || ip < l[0].addr)
		return NULL;
	while (hi - lo > 1) {
		__u32 mid = (lo + hi) / 2;

		if (l[mid].addr <= ip)
			lo = mid;
		else
			hi = mid;
	}
	return &l[lo];
}

int bvb_cmd_lines(int argc, char **argv)
{
	struct bpf_prog_info info = {};
	struct bpf_line_info *li = NULL;
	struct bvb_line *lines = NULL;
	__u64 *jli = NULL, *ksyms = NULL, total = 0, seen = 0, ip;
	__u32 *flens = NULL, nf;
	__u32 len = sizeof(info), n, top = argc > 2 ? atoi(argv[2]) : 20;
	struct btf *btf = NULL;
	char buf[64];
	int fd, err = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: bvbench lines PROGPIN [TOP] < ADDRESSES\n");
		return -EINVAL;
	}
	fd = bpf_obj_get(argv[1]);
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		fprintf(stderr, "bvbench: %s: %s\n", argv[1], strerror(-err));
		goto out;
	}
	n = info.nr_jited_line_info;
	if (!n || n != info.nr_line_info || !info.btf_id) {
		fprintf(stderr, "bvbench: %s has no line info\n", argv[1]);
		err = -ENOENT;
		goto out;
	}
	nf = info.nr_jited_ksyms;
	jli = calloc(n, sizeof(*jli));
	li = calloc(n, sizeof(*li));
	lines = calloc(n, sizeof(*lines));
	ksyms = calloc(nf ? nf : 1, sizeof(*ksyms));
	flens = calloc(nf ? nf : 1, sizeof(*flens));
	if (!jli || !li || !lines || !ksyms || !flens) {
		err = -ENOMEM;
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.nr_jited_line_info = n;
	info.jited_line_info_rec_size = sizeof(__u64);
	info.jited_line_info = (__u64)(unsigned long)jli;
	info.nr_line_info = n;
	info.line_info_rec_size = sizeof(*li);
	info.line_info = (__u64)(unsigned long)li;
	/* The JIT images of the main program and its subprograms. */
	info.nr_jited_ksyms = nf;
	info.jited_ksyms = (__u64)(unsigned long)ksyms;
	info.nr_jited_func_lens = nf;
	info.jited_func_lens = (__u64)(unsigned long)flens;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf) {
		err = -errno;
		goto out;
	}
	for (__u32 i = 0; i < n; i++) {
		lines[i].addr = jli[i];
		lines[i].rec = i;
	}
	qsort(lines, n, sizeof(*lines), cmp_addr);
	while (fgets(buf, sizeof(buf), stdin)) {
		struct bvb_line *l;
		bool ours = false;

		total++;
		ip = strtoull(buf, NULL, 16);
		for (__u32 f = 0; f < nf && !ours; f++)
			ours = ip >= ksyms[f] && ip < ksyms[f] + flens[f];
		if (!ours)
			continue;
		l = line_of(lines, n, ip);
		if (l) {
			l->hits++;
			seen++;
		}
	}
	if (!seen)
		goto out;	/* no sample in this program */
	qsort(lines, n, sizeof(*lines), cmp_hits);
	printf("%llu of %llu samples in %s\n", (unsigned long long)seen,
	       (unsigned long long)total, info.name);
	for (__u32 i = 0; i < n && i < top && lines[i].hits; i++) {
		const struct bpf_line_info *r = &li[lines[i].rec];
		const char *file = btf__name_by_offset(btf, r->file_name_off);
		const char *src = btf__name_by_offset(btf, r->line_off);
		const char *base = file ? strrchr(file, '/') : NULL;

		while (src && (*src == ' ' || *src == '\t'))
			src++;
		snprintf(buf, sizeof(buf), "%s:%u", base ? base + 1 : file ? file : "?",
			 BPF_LINE_INFO_LINE_NUM(r->line_col));
		printf("%6.2f%%  %-24s %s\n", 100.0 * lines[i].hits / seen, buf,
		       src ? src : "");
	}
out:
	btf__free(btf);
	free(jli);
	free(ksyms);
	free(flens);
	free(li);
	free(lines);
	if (fd >= 0)
		close(fd);
	return err;
}
