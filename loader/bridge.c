// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfvlan.skel.h"
#include "bpfvlan/log.h"
#include "bpffs.h"
#include "bridge.h"
#include "fdb.h"
#include "kernel.h"
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
	[BV_MAP_VLAN_STATS]	= "bv_vlan_stats",
	[BV_MAP_CONFIG]		= "bv_config",
	[BV_MAP_GC]		= "bv_gc",
	[BV_MAP_LEARN_CNT]	= "bv_learn_cnt",
	[BV_MAP_AGE_QUEUE]	= "bv_age_queue",
	[BV_MAP_ALLOW_IP]	= "bv_allow_ip",
	[BV_MAP_MIRRORS]	= "bv_mirrors",
	[BV_MAP_MIRROR_PORT]	= "bv_mirror_port",
	[BV_MAP_MIRROR_VID]	= "bv_mirror_vid",
	[BV_MAP_MIRROR_ON]	= "bv_mirror_on",
	[BV_MAP_MIRROR_STATS]	= "bv_mirror_stats",
	[BV_MAP_BUILD]		= "bv_build",
	[BV_PROG_XDP]		= "xdp_ingress",
	[BV_PROG_TC]		= "tc_ingress",
	[BV_PROG_EGRESS_UNTAG]	= "xdp_egress_untag",
	[BV_PROG_EGRESS_TAG]	= "xdp_egress_tag",
};

int bv_bridge_name_check(const char *name)
{
	if (bv_bridge_name_valid(name))
		return 0;
	pr_warn("invalid bridge name \"%s\" (1-%d characters: letters, digits, _ -)\n",
		name, BV_BRIDGE_NAME_MAX - 1);
	return -EINVAL;
}

int bv_bridge_exists(const char *bridge)
{
	char dir[256];
	struct stat st;
	int err = bv_bpffs_path(dir, sizeof(dir), bridge, NULL);

	if (err)
		return err;
	if (stat(dir, &st))
		return errno == ENOENT ? 0 : -errno;
	return 1;
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

	if (bv_bpffs_path(dir, sizeof(dir), name, NULL))
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

static void config_set_ageing(struct bv_config *cfg, unsigned int sec)
{
	cfg->ageing_ns = (__u64)sec * 1000000000ULL;
	cfg->gc_interval_ns = cfg->ageing_ns / 4;
	if (cfg->gc_interval_ns < BV_GC_INTERVAL_MIN_NS)
		cfg->gc_interval_ns = BV_GC_INTERVAL_MIN_NS;
	if (cfg->gc_interval_ns > BV_GC_INTERVAL_MAX_NS)
		cfg->gc_interval_ns = BV_GC_INTERVAL_MAX_NS;
}

/*
 * The ageing time, live: the datapath and the timer read it from
 * bv_config each time. The timer and the datapath keep other fields of
 * the same value (now_ns, the ageing rotation), so the two fields are
 * stored in place through a mapping of the map, never by writing the
 * whole value back. A new sweep interval counts from the next sweep.
 */
int bv_bridge_set_ageing(struct bv_bridge *br, unsigned int sec)
{
	long page = sysconf(_SC_PAGESIZE);
	struct bv_config want = {};
	volatile struct bv_config *cfg;
	void *mem;

	config_set_ageing(&want, sec);
	mem = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED,
		   br->fd[BV_MAP_CONFIG], 0);
	if (mem == MAP_FAILED)
		return -errno;
	cfg = mem;
	cfg->ageing_ns = want.ageing_ns;	/* aligned 8-byte stores */
	cfg->gc_interval_ns = want.gc_interval_ns;
	munmap(mem, page);
	br->cfg.ageing_ns = want.ageing_ns;
	br->cfg.gc_interval_ns = want.gc_interval_ns;
	return 0;
}

/* FNV-1a over the BPF object this bpfvlan carries: another build, another
 * hash (bpfvlan_maps.h, "Versioning").
 */
static __u64 object_hash(void)
{
	size_t len;
	const unsigned char *p = bpfvlan__elf_bytes(&len);
	__u64 h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

int bv_bridge_stamp(int fd)
{
	struct bv_build b = { .object_hash = object_hash() };
	__u32 zero = 0;

	return bpf_map_update_elem(fd, &zero, &b, BPF_ANY) ? -errno : 0;
}

/* Was open bridge @br loaded by another build? Then its maps must still
 * be as this build reads them: a value larger than this build's struct
 * would overrun it.
 */
static int check_build(struct bv_bridge *br)
{
	struct bv_build b = {};
	__u32 zero = 0;

	if (br->fd[BV_MAP_BUILD] < 0 ||
	    bpf_map_lookup_elem(br->fd[BV_MAP_BUILD], &zero, &b) ||
	    b.object_hash == object_hash())
		return 0;
	return bv_upgrade_layout_check(br, true);
}

int bv_bridge_stale(const char *name)
{
	struct bv_build b = {};
	char path[256];
	__u32 zero = 0;
	int fd, err;

	err = bv_bridge_exists(name);
	if (err <= 0)
		return err;
	err = bv_bpffs_path(path, sizeof(path), name, bv_obj_names[BV_MAP_BUILD]);
	if (err)
		return err;
	fd = bpf_obj_get(path);
	if (fd < 0)
		return errno == ENOENT ? 1 : -errno;
	err = bpf_map_lookup_elem(fd, &zero, &b) ? -errno : 0;
	close(fd);
	if (err)
		return err;
	return b.object_hash != object_hash();
}

/* Arm the FDB ageing timer: run bv_gc_start once. */
int bv_bridge_arm_timer(int gc_start_fd)
{
	unsigned char frame[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		    .data_in = frame,
		    .data_size_in = sizeof(frame));
	int err;

	err = bpf_prog_test_run_opts(gc_start_fd, &opts);
	if (err)
		return err;
	return opts.retval ? -EIO : 0;
}

static int pin_objects(struct bpfvlan *skel, const char *dir_name)
{
	char path[256];
	int err;

	for (int i = 0; i < BV_NR_OBJS; i++) {
		struct bpf_program *prog = skel_prog(skel, i);

		err = bv_bpffs_path(path, sizeof(path), dir_name, bv_obj_names[i]);
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

static int make_config(const char *name, const struct bv_load_opts *opts,
		       struct bv_config *cfg)
{
	struct bv_netns_id id;
	int err;

	memset(cfg, 0, sizeof(*cfg));
	config_set_ageing(cfg, opts->ageing_sec);
	cfg->fdb_size = opts->fdb_size;
	cfg->learn_max = BV_FDB_LEARN_MAX(opts->fdb_size);
	err = libbpf_num_possible_cpus();
	if (err < 0) {
		pr_warn("cannot load bridge %s: cannot count the CPUs: %s\n",
			name, strerror(-err));
		return err;
	}
	cfg->nr_cpus = err;
	err = bv_netns_self(&id);
	if (err) {
		pr_warn("cannot load bridge %s: cannot identify the network namespace: %s\n",
			name, strerror(-err));
		return err;
	}
	cfg->netns_cookie = id.cookie;
	cfg->netns_ino = id.ino;
	return 0;
}

/* Load the programs and maps of bridge @name, configured and ticking. */
static int load_objects(const char *name, const struct bv_load_opts *opts,
			struct bpfvlan **out)
{
	struct bv_config cfg;
	struct bpfvlan *skel;
	__u32 zero = 0;
	int err;

	err = make_config(name, opts, &cfg);
	if (err)
		return err;
	skel = bpfvlan__open();
	if (!skel) {
		err = -errno;
		pr_warn("cannot open the BPF object of bridge %s: %s\n", name,
			strerror(-err));
		return err;
	}
	err = bpf_map__set_max_entries(skel->maps.bv_fdb, opts->fdb_size);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.bv_age_queue,
					       BV_AGE_QUEUE_SIZE(opts->fdb_size));
	if (err) {
		pr_warn("cannot size the FDB of bridge %s to %u entries: %s\n",
			name, opts->fdb_size, strerror(-err));
		goto fail;
	}
	err = bpfvlan__load(skel);
	if (err) {
		pr_warn("cannot load the BPF programs of bridge %s: %s (run with -v for the verifier log)\n",
			name, strerror(-err));
		goto fail;
	}
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.bv_config), &zero,
				&cfg, BPF_ANY)) {
		err = -errno;
		pr_warn("cannot configure bridge %s: %s\n", name, strerror(-err));
		goto fail;
	}
	err = bv_bridge_stamp(bpf_map__fd(skel->maps.bv_build));
	if (err) {
		pr_warn("cannot stamp bridge %s: %s\n", name, strerror(-err));
		goto fail;
	}
	err = bv_bridge_arm_timer(bpf_program__fd(skel->progs.bv_gc_start));
	if (err) {
		pr_warn("cannot start FDB ageing of bridge %s: %s\n", name,
			strerror(-err));
		goto fail;
	}
	*out = skel;
	return 0;
fail:
	bpfvlan__destroy(skel);
	return err;
}

/*
 * `load` builds a bridge in a directory of its own, "~NAME~PID" (no bridge
 * name has a "~"), and renames it to NAME once complete: no other command
 * ever finds a bridge half-made, and of two loads of one name exactly one
 * wins the rename (RENAME_NOREPLACE).
 */
void bv_bridge_build_name(char *buf, size_t len, const char *name, long pid)
{
	snprintf(buf, len, "~%s~%ld", name, pid);
}

/* The build directories of loads of @name that died before the rename:
 * their process is gone and nobody holds their lock.
 */
void bv_bridge_remove_dead_builds(const char *name)
{
	char prefix[BV_BRIDGE_NAME_MAX + 2];
	size_t plen;
	struct dirent *de;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "~%s~", name);
	plen = strlen(prefix);
	d = opendir(BV_PIN_ROOT);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[256], *end;
		long pid;
		int fd;

		if (strncmp(de->d_name, prefix, plen))
			continue;
		errno = 0;
		pid = strtol(de->d_name + plen, &end, 10);
		if (errno || *end || pid <= 0 || !kill(pid, 0) || errno != ESRCH)
			continue;
		if (bv_bpffs_path(path, sizeof(path), de->d_name, NULL))
			continue;
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!flock(fd, LOCK_EX | LOCK_NB)) {
			pr_info("removing %s, left by a load that died\n", path);
			bv_bridge_remove_pins(de->d_name);
		}
		close(fd);
	}
	closedir(d);
}

/* mkdir the build directory; a concurrent unload of the last bridge may
 * remove the root between bv_bpffs_prepare() and here.
 */
static int make_build_dir(const char *name, const char *dir)
{
	int err = mkdir(dir, 0700) ? -errno : 0;

	if (err == -ENOENT && !bv_bpffs_prepare())
		err = mkdir(dir, 0700) ? -errno : 0;
	if (err)
		pr_warn("cannot create bridge %s: %s: %s\n", name, dir,
			strerror(-err));
	return err;
}

static int exists_msg(const char *name)
{
	pr_warn("bridge %s already exists\n", name);
	return -EEXIST;
}

int bv_bridge_load(const char *name, const struct bv_load_opts *opts)
{
	char build[BV_BRIDGE_NAME_MAX + 24], build_dir[256], dir[256];
	struct bpfvlan *skel = NULL;
	int lock_fd = -1, err;

	err = bv_bridge_name_check(name);
	if (!err)
		err = bv_kernel_floor_check(bv_kernel_release());
	if (!err)
		err = bv_bpffs_prepare();
	if (err)
		return err;
	bv_bridge_build_name(build, sizeof(build), name, getpid());
	if (bv_bpffs_path(dir, sizeof(dir), name, NULL) ||
	    bv_bpffs_path(build_dir, sizeof(build_dir), build, NULL))
		return -ENAMETOOLONG;
	if (!access(dir, F_OK))
		return exists_msg(name);	/* before any work */
	bv_bridge_remove_dead_builds(name);
	err = make_build_dir(name, build_dir);
	if (err)
		return err;
	lock_fd = bv_bpffs_lock(build);
	if (lock_fd < 0) {
		err = lock_fd;
		pr_warn("cannot lock %s: %s\n", build_dir, strerror(-err));
		goto fail;
	}
	err = load_objects(name, opts, &skel);
	if (err)
		goto fail;
	err = pin_objects(skel, build);
	if (err) {
		pr_warn("cannot pin bridge %s under %s: %s\n", name, build_dir,
			strerror(-err));
		goto fail;
	}
	if (renameat2(AT_FDCWD, build_dir, AT_FDCWD, dir, RENAME_NOREPLACE)) {
		err = -errno;
		if (err == -EEXIST || err == -ENOTEMPTY)
			exists_msg(name);
		else
			pr_warn("cannot create bridge %s: rename %s to %s: %s\n",
				name, build_dir, dir, strerror(-err));
		goto fail;
	}
	bpfvlan__destroy(skel);
	close(lock_fd);
	return 0;
fail:
	bpfvlan__destroy(skel);
	bv_bridge_remove_pins(build);
	if (lock_fd >= 0)
		close(lock_fd);
	return err ? err : -EIO;
}

static int value_size_of(int fd, __u32 *size)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*size = info.value_size;
	return 0;
}

/*
 * Look up @key in map @fd, of values of @vsize bytes, into @dst of @size
 * bytes: a bridge of another build (`upgrade`, or one refused for it)
 * may have larger values than this build's structs; the rest is cut off,
 * a shorter value zero-filled.
 */
static int lookup_sized(int fd, __u32 vsize, const void *key, void *dst,
			size_t size)
{
	void *buf;
	int err = 0;

	if (vsize == size)
		return bpf_map_lookup_elem(fd, key, dst) ? -errno : 0;
	buf = calloc(1, vsize > size ? vsize : size);
	if (!buf)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, key, buf))
		err = -errno;
	else
		memcpy(dst, buf, size);
	free(buf);
	return err;
}

int bv_map_lookup_sized(int fd, const void *key, void *dst, size_t size)
{
	__u32 vsize = 0;
	int err = value_size_of(fd, &vsize);

	return err ? err : lookup_sized(fd, vsize, key, dst, size);
}

static int load_ports(struct bv_bridge *br)
{
	__u32 vsize = 0;
	int err = value_size_of(br->fd[BV_MAP_PORTS], &vsize);

	for (__u32 slot = 0; !err && slot < BV_MAX_PORTS; slot++)
		err = lookup_sized(br->fd[BV_MAP_PORTS], vsize, &slot,
				   &br->ports[slot], sizeof(br->ports[slot]));
	return err;
}

/* Lock bridge @name's pin directory; says why not. */
static int lock_bridge(const char *name)
{
	int fd = bv_bpffs_lock(name);

	if (fd == -ENOENT)
		pr_warn("bridge %s does not exist (create it with: bpfvlan -b %s load)\n",
			name, name);
	else if (fd == -EAGAIN)
		pr_warn("bridge %s keeps being unloaded and loaded again: try again\n",
			name);
	else if (fd < 0)
		pr_warn("cannot lock bridge %s: %s\n", name, strerror(-fd));
	return fd;
}

/* The bridge's config; -EXDEV / -EOWNERDEAD if it is of another netns. */
static int check_netns(struct bv_bridge *br)
{
	struct bv_netns_id id;
	__u32 zero = 0, vsize = 0;
	int err;

	err = value_size_of(br->fd[BV_MAP_CONFIG], &vsize);
	if (!err)
		err = lookup_sized(br->fd[BV_MAP_CONFIG], vsize, &zero,
				   &br->cfg, sizeof(br->cfg));
	if (err) {
		pr_warn("cannot read the configuration of bridge %s: %s\n",
			br->name, strerror(-err));
		return err;
	}
	err = bv_netns_self(&id);
	if (err) {
		pr_warn("cannot identify the network namespace: %s\n",
			strerror(-err));
		return err;
	}
	if (id.cookie == br->cfg.netns_cookie)
		return 0;
	if (!bv_netns_may_exist(br->cfg.netns_ino))
		return -EOWNERDEAD;	/* the caller says what it does */
	pr_warn("bridge %s lives in another network namespace (select it with -n NETNS)\n",
		br->name);
	return -EXDEV;
}

static int open_bridge(const char *name, bool old, struct bv_bridge **out)
{
	struct bv_bridge *br;
	char path[256];
	int err;

	err = bv_bridge_name_check(name);
	if (err)
		return err;
	err = bv_bpffs_prepare();
	if (err)
		return err;
	br = calloc(1, sizeof(*br));
	if (!br) {
		pr_warn("out of memory\n");
		return -ENOMEM;
	}
	snprintf(br->name, sizeof(br->name), "%s", name);
	for (int i = 0; i < BV_NR_OBJS; i++)
		br->fd[i] = -1;
	br->lock_fd = lock_bridge(name);
	if (br->lock_fd < 0) {
		err = br->lock_fd;
		goto fail;
	}
	for (int i = 0; i < BV_NR_OBJS; i++) {
		bv_bpffs_path(path, sizeof(path), name, bv_obj_names[i]);
		br->fd[i] = bpf_obj_get(path);
		if (br->fd[i] < 0 && errno == ENOENT && i < BV_FIRST_PROG) {
			if (old)
				continue;	/* upgrade makes it */
			pr_warn("bridge %s was loaded by an older bpfvlan (it has no %s): upgrade it first (bpfvlan -b %s upgrade)\n",
				name, bv_obj_names[i], name);
			err = -ESTALE;
			goto fail;
		}
		if (br->fd[i] < 0) {
			err = -errno;
			pr_warn("bridge %s is incomplete: %s: %s (bpfvlan -b %s unload removes it)\n",
				name, path, strerror(-err), name);
			err = -EUCLEAN;
			goto fail;
		}
	}
	err = check_netns(br);
	if (!err && !old)
		err = check_build(br);
	if (err)
		goto fail;
	err = load_ports(br);
	if (err) {
		pr_warn("cannot read the ports of bridge %s: %s\n", name,
			strerror(-err));
		goto fail;
	}
	*out = br;
	return 0;
fail:
	bv_bridge_close(br);
	return err;
}

int bv_bridge_open(const char *name, struct bv_bridge **out)
{
	return open_bridge(name, false, out);
}

int bv_bridge_open_old(const char *name, struct bv_bridge **out)
{
	return open_bridge(name, true, out);
}

void bv_bridge_close(struct bv_bridge *br)
{
	if (!br)
		return;
	bv_fdb_learned_unmap(br);
	for (int i = 0; i < BV_NR_OBJS; i++)
		if (br->fd[i] >= 0)
			close(br->fd[i]);
	if (br->lock_fd >= 0)
		close(br->lock_fd);
	free(br);
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

int bv_bridge_open_fresh(const char *name, struct bv_bridge **out)
{
	struct bv_bridge *br;
	int err = bv_bridge_open(name, &br);

	if (err == -EOWNERDEAD)
		pr_warn("the network namespace of bridge %s is gone (bpfvlan -b %s unload removes the bridge)\n",
			name, name);
	if (err)
		return err;
	err = bv_bridge_refresh(br);
	if (err) {
		pr_warn("cannot refresh the ports of bridge %s: %s\n", name,
			strerror(-err));
		bv_bridge_close(br);
		return err;
	}
	*out = br;
	return 0;
}

int bv_bridge_refresh(struct bv_bridge *br)
{
	int err;

	memset(br->repair, 0, sizeof(br->repair));
	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!br->ports[slot].ifindex)
			continue;
		err = bv_port_refresh(br, slot);
		if (err)
			return err;
	}
	return 0;
}

unsigned int bv_bridge_port_repair(const struct bv_bridge *br,
				   unsigned int slot)
{
	return slot < BV_MAX_PORTS ? br->repair[slot] : BV_REPAIR_NONE;
}

int bv_bridge_destroy(struct bv_bridge *br)
{
	char name[BV_BRIDGE_NAME_MAX];
	int err = 0, ret;

	for (unsigned int slot = 0; slot < BV_MAX_PORTS; slot++) {
		if (!br->ports[slot].ifindex)
			continue;
		ret = bv_port_detach(br, slot);
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

const char *bv_bridge_name(const struct bv_bridge *br)
{
	return br->name;
}

const struct bv_config *bv_bridge_config(const struct bv_bridge *br)
{
	return &br->cfg;
}

const struct bv_port *bv_bridge_port(const struct bv_bridge *br,
				     unsigned int slot)
{
	return slot < BV_MAX_PORTS && br->ports[slot].ifindex ?
	       &br->ports[slot] : NULL;
}

/* What is left of a bridge that cannot be opened (half-made: -EUCLEAN,
 * or its netns gone: -EOWNERDEAD): remove its pins, under its lock.
 */
static int purge(const char *name)
{
	int fd, err;

	fd = lock_bridge(name);
	if (fd < 0)
		return fd;
	err = bv_bridge_remove_pins(name);
	if (err)
		pr_warn("cannot remove the pins of bridge %s: %s\n", name,
			strerror(-err));
	close(fd);
	return err;
}

int bv_bridge_unload(const char *name)
{
	struct bv_bridge *br;
	/* A bridge of another bpfvlan too: unload needs no upgrade. */
	int err = bv_bridge_open_old(name, &br);

	/* Half-made, or its namespace (and so its ports) gone: only pins left. */
	if (err == -EUCLEAN || err == -EOWNERDEAD) {
		pr_warn("removing what is left of bridge %s%s\n", name,
			err == -EOWNERDEAD ? " (its network namespace is gone)" : "");
		return purge(name);
	}
	if (err)
		return err;
	/* One whose maps are not this build's (an older one's lacks some, a
	 * newer one's, after a downgrade, may be laid out otherwise) is not
	 * read beyond its ports (read size-safely).
	 */
	for (int i = 0; i < BV_FIRST_PROG; i++)
		br->foreign_maps |= br->fd[i] < 0;
	if (!br->foreign_maps)
		br->foreign_maps = bv_upgrade_layout_check(br, false) != 0;
	if (br->foreign_maps)
		pr_warn("bridge %s was loaded by a bpfvlan with other maps: removing its hooks and pins only\n",
			name);
	return bv_bridge_destroy(br);
}
