// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bpffs.h"
#include "bridge.h"
#include "dpstate.h"
#include "log.h"
#include "netns.h"
#include "port.h"

const char *const bv_obj_names[BV_NR_OBJS] = {
	[BV_MAP_IFINDEX]	= "bv_ifindex",
	[BV_MAP_IFINDEX_HI]	= "bv_ifindex_hi",
	[BV_MAP_LEARNED]	= "bv_learned",
	[BV_MAP_PORTS]		= "bv_ports",
	[BV_MAP_VLANS]		= "bv_vlans",
	[BV_MAP_FLOOD]		= "bv_flood",
	[BV_MAP_TX]		= "bv_tx",
	[BV_MAP_FDB]		= "bv_fdb",
	[BV_MAP_STATS]		= "bv_stats",
	[BV_MAP_CONFIG]		= "bv_config",
	[BV_MAP_GC]		= "bv_gc",
	[BV_MAP_LEARN_CNT]	= "bv_learn_cnt",
	[BV_MAP_AGE_QUEUE]	= "bv_age_queue",
	[BV_PROG_XDP]		= "xdp_ingress",
	[BV_PROG_TC]		= "tc_ingress",
	[BV_PROG_EGRESS_UNTAG]	= "xdp_egress_untag",
	[BV_PROG_EGRESS_TAG]	= "xdp_egress_tag",
};

int bv_bridge_name_check(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= BV_BRIDGE_NAME_MAX || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		goto bad;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			goto bad;
	return 0;
bad:
	pr_warn("invalid bridge name \"%s\" (1-%d characters: letters, digits, _ . -)\n",
		name, BV_BRIDGE_NAME_MAX - 1);
	return -EINVAL;
}

static struct bpf_program *skel_prog(struct bpfvlan *skel, enum bv_obj obj)
{
	switch (obj) {
	case BV_PROG_XDP:		return skel->progs.bv_xdp_ingress;
	case BV_PROG_TC:		return skel->progs.bv_tc_ingress;
	case BV_PROG_EGRESS_UNTAG:	return skel->progs.bv_xdp_egress_untag;
	case BV_PROG_EGRESS_TAG:	return skel->progs.bv_xdp_egress_tag;
	default:			return NULL;
	}
}

int bv_bridge_remove_pins(const char *name)
{
	char dir[256], path[512];
	struct dirent *de;
	int err = 0;
	DIR *d;

	if (bv_pin_path(dir, sizeof(dir), name, NULL))
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) && !err)
			err = -errno;
	}
	closedir(d);
	if (rmdir(dir) && !err)
		err = -errno;
	return err;
}

/* Arm the FDB ageing timer: run bv_gc_start once. */
static int start_gc(struct bpfvlan *skel)
{
	unsigned char frame[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = frame,
		    .data_size_in = sizeof(frame));
	int err;

	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bv_gc_start),
				     &opts);
	if (err)
		return err;
	return opts.retval ? -EIO : 0;
}

static int pin_objects(struct bpfvlan *skel, const char *name)
{
	char path[256];
	int err;

	for (int i = 0; i < BV_NR_OBJS; i++) {
		struct bpf_program *prog = skel_prog(skel, i);

		err = bv_pin_path(path, sizeof(path), name, bv_obj_names[i]);
		if (err)
			return err;
		if (prog) {
			err = bpf_program__pin(prog, path);
		} else {
			struct bpf_map *map = bpf_object__find_map_by_name(
				skel->obj, bv_obj_names[i]);

			err = map ? bpf_map__pin(map, path) : -ENOENT;
		}
		if (err)
			return err;
	}
	return 0;
}

/* mkdir the bridge's pin directory; a concurrent unload of the last
 * bridge may remove the root between bv_bpffs_prepare() and here.
 */
static int make_bridge_dir(const char *name, const char *dir)
{
	int err = mkdir(dir, 0700) ? -errno : 0;

	if (err == -ENOENT && !bv_bpffs_prepare())
		err = mkdir(dir, 0700) ? -errno : 0;
	if (err == -EEXIST)
		pr_warn("bridge %s already exists\n", name);
	else if (err)
		pr_warn("cannot create %s: %s\n", dir, strerror(-err));
	return err;
}

int bv_bridge_load(const char *name, const struct bv_load_opts *opts)
{
	struct bv_config cfg = {};
	struct bpfvlan *skel = NULL;
	struct bv_netns_id id;
	char dir[256];
	int lock_fd = -1, err;
	__u32 zero = 0;

	err = bv_bridge_name_check(name);
	if (err)
		return err;
	err = bv_bpffs_prepare();
	if (err)
		return err;
	err = bv_pin_path(dir, sizeof(dir), name, NULL);
	if (err)
		return err;
	err = make_bridge_dir(name, dir);
	if (err)
		return err;
	lock_fd = bv_bridge_dir_lock(name);
	if (lock_fd < 0) {
		err = lock_fd;
		goto fail;
	}

	cfg.ageing_ns = (__u64)opts->ageing_sec * 1000000000ULL;
	cfg.gc_interval_ns = cfg.ageing_ns / 4;
	if (cfg.gc_interval_ns < BV_TICK_NS)
		cfg.gc_interval_ns = BV_TICK_NS;
	if (cfg.gc_interval_ns > 30000000000ULL)
		cfg.gc_interval_ns = 30000000000ULL;
	cfg.fdb_size = opts->fdb_size;
	cfg.learn_max = BV_FDB_LEARN_MAX(opts->fdb_size);
	err = libbpf_num_possible_cpus();
	if (err < 0)
		goto fail;
	cfg.nr_cpus = err;
	err = bv_netns_self(&id);
	if (err)
		goto fail;
	cfg.netns_cookie = id.cookie;
	cfg.netns_ino = id.ino;

	skel = bpfvlan__open();
	if (!skel) {
		err = -errno;
		goto fail;
	}
	err = bpf_map__set_max_entries(skel->maps.bv_fdb, opts->fdb_size);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.bv_age_queue,
					       BV_AGE_QUEUE_SIZE(opts->fdb_size));
	if (err)
		goto fail;
	err = bpfvlan__load(skel);
	if (err) {
		pr_warn("cannot load the BPF programs of bridge %s: %s (run with -v for the verifier log)\n",
			name, strerror(-err));
		goto fail;
	}
	err = bpf_map_update_elem(bpf_map__fd(skel->maps.bv_config), &zero,
				  &cfg, BPF_ANY);
	if (err)
		goto fail;
	err = start_gc(skel);
	if (err) {
		pr_warn("cannot start FDB ageing of bridge %s: %s\n", name,
			strerror(-err));
		goto fail;
	}
	err = pin_objects(skel, name);
	if (err) {
		pr_warn("cannot pin bridge %s under %s: %s\n", name, dir,
			strerror(-err));
		goto fail;
	}
	bpfvlan__destroy(skel);
	close(lock_fd);
	return 0;
fail:
	bpfvlan__destroy(skel);
	bv_bridge_remove_pins(name);
	if (lock_fd >= 0)
		close(lock_fd);
	if (err == -EEXIST || err == 0)
		err = -EIO;
	return err;
}

static int load_ports(struct bv_bridge *br)
{
	for (__u32 slot = 0; slot < BV_MAX_PORTS; slot++)
		if (bpf_map_lookup_elem(br->fd[BV_MAP_PORTS], &slot,
					&br->ports[slot]))
			return -errno;
	return 0;
}

int bv_bridge_open(const char *name, struct bv_bridge **out)
{
	struct bv_netns_id id;
	struct bv_bridge *br;
	char path[256];
	__u32 zero = 0;
	int err;

	err = bv_bridge_name_check(name);
	if (err)
		return err;
	err = bv_bpffs_prepare();
	if (err)
		return err;
	br = calloc(1, sizeof(*br));
	if (!br)
		return -ENOMEM;
	snprintf(br->name, sizeof(br->name), "%s", name);
	for (int i = 0; i < BV_NR_OBJS; i++)
		br->fd[i] = -1;
	br->lock_fd = bv_bridge_dir_lock(name);
	if (br->lock_fd < 0) {
		err = br->lock_fd;
		if (err == -ENOENT)
			pr_warn("bridge %s does not exist (create it with: bpfvlan -b %s load)\n",
				name, name);
		goto fail;
	}
	for (int i = 0; i < BV_NR_OBJS; i++) {
		bv_pin_path(path, sizeof(path), name, bv_obj_names[i]);
		br->fd[i] = bpf_obj_get(path);
		if (br->fd[i] < 0) {
			err = -errno;
			pr_warn("bridge %s is incomplete: %s: %s (bpfvlan -b %s unload removes it)\n",
				name, path, strerror(-err), name);
			err = -EUCLEAN;
			goto fail;
		}
	}
	if (bpf_map_lookup_elem(br->fd[BV_MAP_CONFIG], &zero, &br->cfg)) {
		err = -errno;
		goto fail;
	}
	err = bv_netns_self(&id);
	if (err)
		goto fail;
	if (id.cookie != br->cfg.netns_cookie) {
		if (bv_netns_may_exist(br->cfg.netns_ino)) {
			pr_warn("bridge %s lives in another network namespace (select it with -n NETNS)\n",
				name);
			err = -EXDEV;
		} else {
			err = -EOWNERDEAD;	/* the caller says what it does */
		}
		goto fail;
	}
	err = load_ports(br);
	if (err)
		goto fail;
	*out = br;
	return 0;
fail:
	bv_bridge_close(br);
	return err;
}

void bv_bridge_close(struct bv_bridge *br)
{
	if (!br)
		return;
	bv_learn_counts_unmap(br);
	for (int i = 0; i < BV_NR_OBJS; i++)
		if (br->fd[i] >= 0)
			close(br->fd[i]);
	if (br->lock_fd >= 0)
		close(br->lock_fd);
	free(br);
}

int bv_bridge_unload(struct bv_bridge *br)
{
	char name[BV_BRIDGE_NAME_MAX];
	int err = 0, ret;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!br->ports[slot].ifindex)
			continue;
		ret = bv_port_detach_slot(br, slot);
		if (ret && !err)
			err = ret;
	}
	if (err)
		goto out;
	snprintf(name, sizeof(name), "%s", br->name);
	/* Unpin while still holding the lock; fds keep objects alive until close. */
	err = bv_bridge_remove_pins(name);
	if (err)
		pr_warn("cannot remove the pins of bridge %s: %s\n", name,
			strerror(-err));
	else
		rmdir(BV_PIN_ROOT);	/* only if no other bridge is left */
out:
	bv_bridge_close(br);
	return err;
}

int bv_bridge_save_port(struct bv_bridge *br, unsigned int slot)
{
	if (slot >= BV_MAX_PORTS)
		return -EINVAL;
	if (bpf_map_update_elem(br->fd[BV_MAP_PORTS], &slot, &br->ports[slot],
				BPF_ANY))
		return -errno;
	return 0;
}

int bv_bridge_slot_of(const struct bv_bridge *br, int ifindex)
{
	for (int slot = 0; slot < BV_MAX_PORTS; slot++)
		if (ifindex && br->ports[slot].ifindex == (__u32)ifindex)
			return slot;
	return -ENOENT;
}

/* Is @ifindex a port of the pinned bridge @name in the netns @cookie? */
static int bridge_has_port(const char *name, __u64 cookie, int ifindex)
{
	struct bv_config cfg = {};
	struct bv_port port;
	char path[256];
	__u32 zero = 0, slot;
	int cfg_fd, idx_fd, ports_fd, found = 0;

	bv_pin_path(path, sizeof(path), name, bv_obj_names[BV_MAP_PORTS]);
	ports_fd = bpf_obj_get(path);
	bv_pin_path(path, sizeof(path), name, bv_obj_names[BV_MAP_CONFIG]);
	cfg_fd = bpf_obj_get(path);
	bv_pin_path(path, sizeof(path), name,
		    bv_obj_names[ifindex < BV_IFINDEX_DIRECT ? BV_MAP_IFINDEX
							     : BV_MAP_IFINDEX_HI]);
	idx_fd = bpf_obj_get(path);
	/* The array index holds slot 0 for every absent ifindex: check. */
	if (cfg_fd >= 0 && idx_fd >= 0 && ports_fd >= 0 &&
	    !bpf_map_lookup_elem(cfg_fd, &zero, &cfg) &&
	    cfg.netns_cookie == cookie &&
	    !bpf_map_lookup_elem(idx_fd, &ifindex, &slot) &&
	    !bpf_map_lookup_elem(ports_fd, &slot, &port))
		found = port.ifindex == (__u32)ifindex;
	if (cfg_fd >= 0)
		close(cfg_fd);
	if (idx_fd >= 0)
		close(idx_fd);
	if (ports_fd >= 0)
		close(ports_fd);
	return found;
}

int bv_bridge_find_owner(const struct bv_bridge *self, int ifindex,
			 char owner[BV_BRIDGE_NAME_MAX])
{
	struct dirent *de;
	DIR *d = opendir(BV_PIN_ROOT);
	int ret = -ENOENT;

	if (!d)
		return -ENOENT;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, self->name))
			continue;
		if (bridge_has_port(de->d_name, self->cfg.netns_cookie, ifindex)) {
			size_t len = strnlen(de->d_name, BV_BRIDGE_NAME_MAX - 1);

			memcpy(owner, de->d_name, len);
			owner[len] = '\0';
			ret = 0;
			break;
		}
	}
	closedir(d);
	return ret;
}
