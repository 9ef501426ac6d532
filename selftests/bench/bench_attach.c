// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvbench attach NETNS PINDIR SPEC...: put the count-and-drop sink and the
 * limit programs on veths, then pin the counters and programs in PINDIR
 * (bpffs) for `bvbench run`. The attachments outlive this process; they go
 * with the devices (bench.sh deletes the namespace).
 *   sink=DEV[,DEV...]     count and drop what DEV receives
 *   redir=IN:OUT          limit: IN redirects everything to OUT
 *   bcast2=IN:OUT,OUT     limit: IN broadcasts to the OUTs (2 of them)
 *   bcast8=IN:OUT,...     the same with 8
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "bvbench_gen.h"
#include "bvbench.skel.h"

static int xdp_on(struct bpf_program *prog, const char *dev)
{
	int ifindex = bvb_ifindex(dev), err;

	if (ifindex < 0)
		return ifindex;
	err = bpf_xdp_attach(ifindex, bpf_program__fd(prog),
			     XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
			     NULL);
	if (err)
		fprintf(stderr, "bvbench: cannot attach %s to %s: %s\n",
			bpf_program__name(prog), dev, strerror(-err));
	return err;
}

static int sinks(struct bvbench *skel, char *list)
{
	char *save = NULL;
	int err = 0;

	for (char *d = strtok_r(list, ",", &save); d && !err;
	     d = strtok_r(NULL, ",", &save))
		err = xdp_on(skel->progs.bvb_sink, d);
	return err;
}

/* IN:OUT[,OUT...] -> @prog on IN, IN and OUTs into @map (key: ifindex, or
 * 0 for a DEVMAP of one entry).
 */
static int limit(struct bpf_program *prog, struct bpf_map *map, char *arg,
		 bool by_ifindex)
{
	char *outs = strchr(arg, ':'), *save = NULL;
	int in, err;
	__u32 key, val;

	if (!outs) {
		fprintf(stderr, "bvbench: \"%s\": expected IN:OUT[,OUT]\n", arg);
		return -EINVAL;
	}
	*outs++ = '\0';
	in = bvb_ifindex(arg);
	if (in < 0)
		return in;
	if (by_ifindex) {
		key = val = in;
		if (bpf_map_update_elem(bpf_map__fd(map), &key, &val, BPF_ANY))
			return -errno;
	}
	for (char *d = strtok_r(outs, ",", &save); d;
	     d = strtok_r(NULL, ",", &save)) {
		int out = bvb_ifindex(d);

		if (out < 0)
			return out;
		key = by_ifindex ? (__u32)out : 0;
		val = out;
		if (bpf_map_update_elem(bpf_map__fd(map), &key, &val, BPF_ANY)) {
			err = -errno;
			fprintf(stderr, "bvbench: %s: cannot add %s: %s\n",
				bpf_map__name(map), d, strerror(-err));
			return err;
		}
	}
	err = xdp_on(prog, arg);
	return err;
}

static int pin(const char *dir, const char *name, int fd)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (bpf_obj_pin(fd, path)) {
		fprintf(stderr, "bvbench: cannot pin %s: %s\n", path,
			strerror(errno));
		return -errno;
	}
	return 0;
}

int bvb_cmd_attach(int argc, char **argv)
{
	struct bvbench *skel;
	int err;

	if (argc < 3) {
		fprintf(stderr, "usage: bvbench attach NETNS PINDIR SPEC...\n");
		return -EINVAL;
	}
	err = bvb_netns_enter(argv[1]);
	if (err)
		return err;
	if (mkdir(argv[2], 0700) && errno != EEXIST) {
		fprintf(stderr, "bvbench: mkdir %s: %s\n", argv[2],
			strerror(errno));
		return -errno;
	}
	skel = bvbench__open_and_load();
	if (!skel) {
		err = -errno;
		fprintf(stderr, "bvbench: cannot load the BPF object: %s\n",
			strerror(-err));
		return err;
	}
	for (int i = 3; i < argc && !err; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "bvbench: bad spec \"%s\" (KIND=ARGS)\n",
				argv[i]);
			err = -EINVAL;
			break;
		}
		*eq++ = '\0';
		if (!strcmp(argv[i], "sink"))
			err = sinks(skel, eq);
		else if (!strcmp(argv[i], "redir"))
			err = limit(skel->progs.bvb_redir, skel->maps.bvb_tx,
				    eq, false);
		else if (!strcmp(argv[i], "bcast2"))
			err = limit(skel->progs.bvb_bcast2, skel->maps.bvb_bc2,
				    eq, true);
		else if (!strcmp(argv[i], "bcast8"))
			err = limit(skel->progs.bvb_bcast8, skel->maps.bvb_bc8,
				    eq, true);
		else {
			fprintf(stderr, "bvbench: unknown spec kind \"%s\" (sink, redir, bcast2, bcast8)\n",
				argv[i]);
			err = -EINVAL;
		}
	}
	if (!err)
		err = pin(argv[2], "count", bpf_map__fd(skel->maps.bvb_count));
	if (!err)
		err = pin(argv[2], "sink", bpf_program__fd(skel->progs.bvb_sink));
	if (!err)
		err = pin(argv[2], "redir", bpf_program__fd(skel->progs.bvb_redir));
	if (!err)
		err = pin(argv[2], "bcast2",
			  bpf_program__fd(skel->progs.bvb_bcast2));
	if (!err)
		err = pin(argv[2], "bcast8",
			  bpf_program__fd(skel->progs.bvb_bcast8));
	bvbench__destroy(skel);
	return err;
}
