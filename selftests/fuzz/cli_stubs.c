// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libbpfvlan as the CLI fuzz harness sees it: every call of the public
 * API (include/bpfvlan/) that tools/ makes into the kernel, over a fake
 * in-memory bridge, so that a command runs from its words to its output
 * without touching the kernel (no bpffs, no netlink, no maps). Built, like
 * tools/, without loader/ on the include path; of loader/ only the pure
 * files are linked (fuzz.mk), so a call these stubs forgot is a link
 * error, never a real syscall.
 *
 * Each stub that receives parsed values checks what the CLI promised to
 * pass (VIDs 1..4094, unicast MACs, known ports...) and counts the calls
 * that would change state: bad input must change nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpfvlan/apply.h"
#include "bpfvlan/fdb.h"
#include "bpfvlan/internal.h"
#include "bpfvlan/link.h"
#include "bpfvlan/log.h"
#include "bpfvlan/mirror.h"
#include "bpfvlan/parse.h"
#include "bpfvlan/port.h"
#include "bpfvlan/stats.h"
#include "bpfvlan/trace.h"
#include "bpfvlan/vlan.h"
#include "cli_stubs.h"
#include "fuzz.h"

struct fz_stub_state fz_stub;

/* The bridge is opaque to tools/: the fake has what the accessors give. */
struct bv_bridge {
	char name[BV_BRIDGE_NAME_MAX];
	struct bv_config cfg;
	struct bv_port ports[BV_MAX_PORTS];
};

/* The fake bridge's ports: two access ports, two trunks, slots with gaps. */
static const struct fake_port {
	unsigned int slot;
	int ifindex;
	const char *name;
	__u8 mode;
	__u16 pvid;
	const char *vids;	/* trunk: tagged VIDs */
	const char *host;	/* internal port: the host's end */
} fake_ports[] = {
	{ 0, 11, "vm1",  BV_MODE_ACCESS, 10,   NULL, NULL },
	{ 1, 12, "vm2",  BV_MODE_ACCESS, 4011, NULL, NULL },
	{ 2, 13, "eth0", BV_MODE_TRUNK,  1,    "10,20,100-199,4011,4094", NULL },
	{ 7, 14, "up2",  BV_MODE_TRUNK,  0,    "30", NULL },
	{ 9, 15, "bvi0", BV_MODE_ACCESS, 1,    NULL, "mgmt0" },
};
#define NR_FAKE		(sizeof(fake_ports) / sizeof(fake_ports[0]))
/* A link that exists but is no port: attach works on it. */
#define FREE_DEV	"vm9"

static bool vidset_ok(const struct bv_vidset *set)
{
	return !bv_vidset_test(set, 0) && !bv_vidset_test(set, BV_VID_MAX + 1);
}

/* By the port's name, or an internal port by its host's end. */
static const struct fake_port *fake_by_name(const char *name)
{
	for (size_t i = 0; i < NR_FAKE; i++)
		if (!strcmp(fake_ports[i].name, name) ||
		    (fake_ports[i].host && !strcmp(fake_ports[i].host, name)))
			return &fake_ports[i];
	return NULL;
}

static const struct fake_port *fake_by_ifindex(int ifindex)
{
	for (size_t i = 0; i < NR_FAKE; i++)
		if (fake_ports[i].ifindex == ifindex)
			return &fake_ports[i];
	return NULL;
}

static void fake_vids(const struct fake_port *fp, struct bv_vidset *set)
{
	memset(set, 0, sizeof(*set));
	if (fp->vids)
		FZ_ASSERT(!bv_parse_vidlist(fp->vids, set));
	if (fp->pvid)
		bv_vidset_set(set, fp->pvid);
}

static void fake_vlan(unsigned int vid, struct bv_vlan *v)
{
	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < NR_FAKE; i++) {
		const struct fake_port *fp = &fake_ports[i];
		struct bv_vidset set;

		fake_vids(fp, &set);
		if (!bv_vidset_test(&set, vid))
			continue;
		v->members[fp->slot / 64] |= 1ULL << (fp->slot % 64);
		if (vid == fp->pvid)
			v->untagged[fp->slot / 64] |= 1ULL << (fp->slot % 64);
		v->list[v->nr_members++] = fp->slot;
	}
}

static bool port_ok(const struct bv_bridge *br, unsigned int slot)
{
	return slot < BV_MAX_PORTS && br->ports[slot].ifindex;
}

/* --- bridge.h ----------------------------------------------------------- */

int bv_bridge_name_check(const char *name)
{
	if (bv_bridge_name_valid(name))
		return 0;
	pr_warn("invalid bridge name \"%s\"\n", name);
	return -EINVAL;
}

int bv_bridge_load(const char *name, const struct bv_load_opts *opts)
{
	FZ_ASSERT(!bv_bridge_name_check(name));
	FZ_ASSERT(opts->ageing_sec >= 1 && opts->ageing_sec <= BV_AGEING_MAX_SEC);
	FZ_ASSERT(opts->fdb_size >= 16 && opts->fdb_size <= BV_FDB_SIZE_MAX);
	fz_stub.changes++;
	return 0;
}

/* Bridge "gone" is missing, "half" is half-made; any other exists. */
int bv_bridge_open(const char *name, struct bv_bridge **out)
{
	struct bv_bridge *br;

	FZ_ASSERT(!bv_bridge_name_check(name));
	if (!strcmp(name, "gone")) {
		pr_warn("bridge %s not found\n", name);
		return -ENOENT;
	}
	if (!strcmp(name, "half"))
		return -EUCLEAN;
	br = calloc(1, sizeof(*br));
	if (!br)
		return -ENOMEM;
	snprintf(br->name, sizeof(br->name), "%s", name);
	br->cfg.ageing_ns = 300ULL * 1000000000ULL;
	br->cfg.fdb_size = BV_DEFAULT_FDB_SIZE;
	for (size_t i = 0; i < NR_FAKE; i++) {
		struct bv_port *p = &br->ports[fake_ports[i].slot];

		p->ifindex = fake_ports[i].ifindex;
		p->mode = fake_ports[i].mode;
		p->pvid = fake_ports[i].pvid;
		p->flags = BV_PORT_F_XDP | (i % 2 ? BV_PORT_F_XDP_TX : 0) |
			   (fake_ports[i].host ? BV_PORT_F_INTERNAL : 0);
		p->mtu = 1500;
	}
	fz_stub.open++;
	*out = br;
	return 0;
}

int bv_bridge_open_fresh(const char *name, struct bv_bridge **out)
{
	return bv_bridge_open(name, out);
}

/* Bridge "old" was loaded by another build: apply upgrades it first. */
int bv_bridge_stale(const char *name)
{
	FZ_ASSERT(!bv_bridge_name_check(name));
	return !strcmp(name, "old");
}

int bv_bridge_upgrade(const char *name,
		      const struct bv_upgrade_test *test __attribute__((unused)))
{
	FZ_ASSERT(!bv_bridge_name_check(name));
	if (!strcmp(name, "gone"))
		return -ENOENT;
	fz_stub.upgrades++;
	return 0;
}

void bv_bridge_close(struct bv_bridge *br)
{
	if (!br)
		return;
	fz_stub.open--;
	free(br);
}

/* "half" is only pins: removed; "gone" does not exist. */
int bv_bridge_unload(const char *name)
{
	FZ_ASSERT(!bv_bridge_name_check(name));
	if (!strcmp(name, "gone")) {
		pr_warn("bridge %s not found\n", name);
		return -ENOENT;
	}
	fz_stub.changes++;
	return 0;
}

int bv_bridge_refresh(struct bv_bridge *br)
{
	FZ_ASSERT(br);
	return 0;
}

int bv_bridge_slot_of(const struct bv_bridge *br, int ifindex)
{
	const struct fake_port *fp = fake_by_ifindex(ifindex);

	FZ_ASSERT(br);
	return fp ? (int)fp->slot : -ENOENT;
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
	return port_ok(br, slot) ? &br->ports[slot] : NULL;
}

unsigned int bv_bridge_port_repair(const struct bv_bridge *br,
				   unsigned int slot)
{
	FZ_ASSERT(br && slot < BV_MAX_PORTS);
	return BV_REPAIR_NONE;	/* the stubbed refresh repairs nothing */
}

/* --- port.h ------------------------------------------------------------- */

/* An internal port (`port add`): any port name or host's end exists, and
 * so does FREE_DEV. A device: FREE_DEV attaches.
 */
static int attach_internal(const struct bv_conf_port *p)
{
	FZ_ASSERT(bv_ifname_valid(p->dev) && p->mode == BV_MODE_ACCESS);
	FZ_ASSERT(!p->mtu || (p->mtu >= BV_INTERNAL_MTU_MIN &&
			      p->mtu <= BV_INTERNAL_MTU_MAX));
	FZ_ASSERT(!p->has_mac || bv_mac_unicast(p->mac));
	if (fake_by_name(p->dev) || !strcmp(p->dev, FREE_DEV)) {
		pr_warn("device %s already exists\n", p->dev);
		return -EEXIST;
	}
	fz_stub.changes++;
	return 0;
}

int bv_port_attach(struct bv_bridge *br, const struct bv_conf_port *p)
{
	FZ_ASSERT(br && memchr(p->dev, 0, sizeof(p->dev)));
	FZ_ASSERT(p->attach == BV_ATTACH_AUTO || p->attach == BV_ATTACH_TC ||
		  p->attach == BV_ATTACH_XDP);
	FZ_ASSERT(p->owner < BV_OWNER_MAX);
	if (p->internal)
		return attach_internal(p);
	if (p->mode == BV_MODE_ACCESS) {
		FZ_ASSERT(bv_vid_valid(p->pvid));
	} else {
		FZ_ASSERT(p->mode == BV_MODE_TRUNK);
		FZ_ASSERT(!p->pvid || bv_vid_valid(p->pvid));
		FZ_ASSERT(vidset_ok(&p->tagged) && bv_vidset_count(&p->tagged));
	}
	if (fake_by_name(p->dev)) {
		pr_warn("%s is already a port of bridge %s\n", p->dev, br->name);
		return -EEXIST;
	}
	if (strcmp(p->dev, FREE_DEV)) {
		pr_warn("device %s not found\n", p->dev);
		return -ENODEV;
	}
	fz_stub.changes++;
	return 0;
}

int bv_port_detach(struct bv_bridge *br, unsigned int slot)
{
	FZ_ASSERT(port_ok(br, slot));	/* internal or not: the CLI chose */
	fz_stub.changes++;
	return 0;
}

int bv_port_of_dev(struct bv_bridge *br, const char *dev, unsigned int *slot)
{
	const struct fake_port *fp = fake_by_name(dev);

	FZ_ASSERT(br && dev);
	if (!fp) {
		pr_warn("%s %s\n", dev, strcmp(dev, FREE_DEV) ?
			"not found" : "is not a port");
		return strcmp(dev, FREE_DEV) ? -ENODEV : -ENOENT;
	}
	*slot = fp->slot;
	return 0;
}

int bv_port_set(struct bv_bridge *br, unsigned int slot,
		const struct bv_conf_port *p, unsigned int mask)
{
	FZ_ASSERT(port_ok(br, slot));
	FZ_ASSERT(mask && !(mask & ~bv_port_spec_keywords(BV_PS_SET)));
	FZ_ASSERT(p->learn_limit <= BV_FDB_SIZE_MAX);
	fz_stub.changes++;
	return 0;
}

int bv_port_vlan_change(struct bv_bridge *br, unsigned int slot,
			const struct bv_vidset *vids, bool add)
{
	const struct bv_port *p = &br->ports[slot];

	FZ_ASSERT(port_ok(br, slot));
	FZ_ASSERT(vidset_ok(vids) && bv_vidset_count(vids));
	/* The loader's rules: refused with a message, nothing changed. */
	if (p->mode != BV_MODE_TRUNK ||
	    (!add && bv_vidset_test(vids, p->pvid))) {
		pr_warn("VLANs of slot %u cannot change so\n", slot);
		return -EINVAL;
	}
	fz_stub.changes++;
	return 0;
}

/* --- internal.h --------------------------------------------------------- */

int bv_internal_host(const struct bv_bridge *br, unsigned int slot,
		     struct bv_link *host)
{
	const struct fake_port *fp;

	FZ_ASSERT(port_ok(br, slot));
	fp = fake_by_ifindex(br->ports[slot].ifindex);
	if (!fp || !fp->host)
		return -ENOENT;
	memset(host, 0, sizeof(*host));
	snprintf(host->name, sizeof(host->name), "%s", fp->host);
	return 0;
}

/* --- vlan.h ------------------------------------------------------------- */

int bv_vlan_read(struct bv_bridge *br, unsigned int vid, struct bv_vlan *v)
{
	FZ_ASSERT(br && vid < BV_NR_VIDS);
	fake_vlan(vid, v);
	return 0;
}

int bv_vlan_read_all(struct bv_bridge *br, struct bv_vlan **table)
{
	struct bv_vlan *t = calloc(BV_NR_VIDS, sizeof(*t));

	FZ_ASSERT(br);
	if (!t)
		return -ENOMEM;
	for (unsigned int vid = 1; vid < BV_NR_VIDS; vid++)
		fake_vlan(vid, &t[vid]);
	*table = t;
	return 0;
}

/* --- fdb.h -------------------------------------------------------------- */

static void filter_ok(const struct bv_bridge *br, const struct bv_fdb_filter *f)
{
	FZ_ASSERT(!f->vid || bv_vid_valid(f->vid));
	FZ_ASSERT(!f->ifindex || fake_by_ifindex(f->ifindex));
	FZ_ASSERT(!f->vids);	/* the CLI filters by one VID at most */
	FZ_ASSERT(br);
}

int bv_fdb_dump(struct bv_bridge *br, const struct bv_fdb_filter *f,
		struct bv_fdb_rec **recs, size_t *n)
{
	static const struct bv_fdb_rec all[] = {
		{ .key = { .vid = 10, .mac = { 2, 0, 0, 0, 0, 1 } },
		  .e = { .ifindex = 11, .slot = 0, .flags = BV_FDB_F_STATIC },
		  .age_ns = 1000 * 1000000000ULL },
		{ .key = { .vid = 10, .mac = { 2, 0, 0, 0, 0, 2 } },
		  .e = { .ifindex = 13, .slot = 2 }, .age_ns = 12000000000ULL },
		{ .key = { .vid = 4011, .mac = { 2, 0, 0, 0, 0, 3 } },
		  .e = { .ifindex = 12, .slot = 1 } },
	};
	struct bv_fdb_rec *r = malloc(sizeof(all));

	filter_ok(br, f);
	if (!r)
		return -ENOMEM;
	*n = 0;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if ((!f->vid || f->vid == all[i].key.vid) &&
		    (!f->ifindex || f->ifindex == (int)all[i].e.ifindex))
			r[(*n)++] = all[i];
	*recs = r;
	return 0;
}

int bv_fdb_add_static(struct bv_bridge *br, const __u8 mac[6],
		      unsigned int vid, unsigned int slot)
{
	FZ_ASSERT(port_ok(br, slot) && bv_vid_valid(vid));
	FZ_ASSERT(bv_mac_unicast(mac));
	fz_stub.changes++;
	return mac[5] == 0xee ? -ENOSPC : 0;
}

int bv_fdb_del(struct bv_bridge *br, const __u8 mac[6], unsigned int vid)
{
	FZ_ASSERT(br && mac && bv_vid_valid(vid));
	fz_stub.changes++;
	return mac[5] & 1 ? -ENOENT : 0;
}

int bv_fdb_flush(struct bv_bridge *br, const struct bv_fdb_filter *f,
		 size_t *deleted)
{
	filter_ok(br, f);
	fz_stub.changes++;
	*deleted = 2;
	return 0;
}

int bv_fdb_find(struct bv_bridge *br, const __u8 mac[ETH_ALEN], unsigned int vid,
		struct bv_fdb_rec *r)
{
	FZ_ASSERT(br && mac && bv_vid_valid(vid));
	if (mac[5] & 1)
		return -ENOENT;
	memset(r, 0, sizeof(*r));
	r->key.vid = vid;
	memcpy(r->key.mac, mac, 6);
	r->e.ifindex = 11 + mac[5] % 6;	/* a port, or no port (16) */
	r->e.slot = mac[5] % 3;
	r->e.flags = mac[4] & 1 ? BV_FDB_F_STATIC : 0;
	r->age_ns = (__u64)mac[3] * 7000000000ULL;
	return 0;
}

int bv_fdb_learned(struct bv_bridge *br, unsigned int idx, __s64 *n)
{
	FZ_ASSERT(br && idx <= BV_LEARN_CNT_BRIDGE);
	*n = idx;
	return 0;
}

int bv_port_allow_ip(struct bv_bridge *br, unsigned int slot,
		     struct bv_iplist *l)
{
	FZ_ASSERT(port_ok(br, slot));
	memset(l, 0, sizeof(*l));
	if (slot & 1)
		return bv_iplist_parse("192.0.2.5,2001:db8::/64", l);
	return 0;
}

/* --- trace.h ------------------------------------------------------------ */

/* A record made up from the frame's bytes: every stage, action, reason,
 * path and egress form gets printed somewhere in a run.
 */
int bv_trace_frame(struct bv_bridge *br, unsigned int slot, const __u8 *frame,
		   size_t len, struct bv_trace *t)
{
	struct bv_trace_rec *r = &t->tc;

	FZ_ASSERT(port_ok(br, slot));
	FZ_ASSERT(len >= BV_TRACE_FRAME_MIN && len <= BV_TRACE_FRAME_MAX);
	memset(t, 0, sizeof(*t));
	t->in_slot = slot;
	t->path = frame[len - 1] % 4;
	t->ran_xdp = t->path != BV_TRACE_PATH_TC;
	t->ran_tc = t->path != BV_TRACE_PATH_XDP;
	t->xdp.stage = frame[len - 2] % (BV_TRACE_SETUP_FAILED + 1);
	t->xdp.xdp = frame[len - 3] % BV_TRACE_XDP_MAX;
	if (t->path == BV_TRACE_PATH_KERNEL)
		return 0;
	t->rec = t->ran_tc ? &t->tc : &t->xdp;
	r = t->ran_tc ? &t->tc : &t->xdp;
	r->stage = frame[len - 4] % (BV_TRACE_SETUP_FAILED + 1);
	r->action = frame[13] % 4;
	r->reason = frame[12] % (BV_DROP_MAX + 1);
	r->learn = frame[11] % BV_TRACE_LEARN_MAX;
	r->vid = frame[10] & 1 ? 10 : 0;
	r->out_slot = 2;
	for (unsigned int i = 0; i < NR_FAKE && i < (frame[9] & 7); i++) {
		struct bv_trace_egress *e = &t->egress[t->nr_egress++];

		e->slot = fake_ports[i].slot;
		e->ifindex = fake_ports[i].ifindex;
		e->vid = r->vid;
		e->tagged = frame[8] >> i & 1;
		e->oversize = frame[7] >> i & 1;
	}
	return 0;
}

/* --- stats.h ------------------------------------------------------------ */

int bv_stats_read(struct bv_bridge *br, unsigned int slot,
		  struct bv_port_stats *sum)
{
	FZ_ASSERT(port_ok(br, slot));
	memset(sum, 0, sizeof(*sum));
	sum->rx_packets = slot * 3;
	sum->drops[slot % BV_DROP_MAX] = slot + 1;
	sum->events[slot % BV_EV_MAX] = ~0ULL;
	return 0;
}

/* Counters that grow from one sample to the next, but for VID 4011,
 * whose counters start again every other sample (as after unload/load).
 */
int bv_stats_read_vlans(struct bv_bridge *br, struct bv_vlan_stats *sum)
{
	unsigned int n = ++fz_stub.samples;

	FZ_ASSERT(br);
	memset(sum, 0, BV_NR_VIDS * sizeof(*sum));
	for (unsigned int vid = 1; vid < BV_NR_VIDS; vid += 7) {
		unsigned int k = vid == 4011 ? n % 2 : n;

		sum[vid].rx_packets = k * vid;
		sum[vid].rx_bytes = k * vid * 64;
		sum[vid].flood_packets = k;
		sum[vid].drops[vid % BV_VLAN_DROP_MAX] = k * 2;
	}
	return 0;
}

/* --- link.h ------------------------------------------------------------- */

const char *bv_ifname(int ifindex, char buf[BV_IFNAME_BUF])
{
	const struct fake_port *fp = fake_by_ifindex(ifindex);

	if (fp)
		snprintf(buf, BV_IFNAME_BUF, "%s", fp->name);
	else
		snprintf(buf, BV_IFNAME_BUF, "ifindex %d", ifindex);
	return buf;
}

void bv_netlink_close(void)
{
}

/* Checks like loader/netns.c; "ns1" exists (and is not entered). */
int bv_netns_enter(const char *name)
{
	FZ_ASSERT(name);
	if (!*name || strchr(name, '/')) {
		pr_warn("invalid network namespace name \"%s\"\n", name);
		return -EINVAL;
	}
	if (strcmp(name, "ns1")) {
		pr_warn("network namespace \"%s\" not found\n", name);
		return -ENOENT;
	}
	return 0;
}

/* monitor stops at once: it would otherwise wait for link events. */
int bv_watch_open(void)
{
	return -EPERM;
}

int bv_watch_fds(int fds[2])
{
	(void)fds;
	FZ_ASSERT(!"bv_watch_fds after a failed bv_watch_open");
	return -EPERM;
}

int bv_watch_drain(void)
{
	FZ_ASSERT(!"bv_watch_drain after a failed bv_watch_open");
	return -EPERM;
}

/* --- conf.h, apply.h ---------------------------------------------------- */

/* "good.conf" names the fake ports and the free device; "bad.conf" has a
 * syntax error; other files do not exist. Nothing is read from disk.
 */
int bv_conf_file_read(const char *path, char **buf, size_t *len)
{
	static const char good[] =
		"bridge ageing 60\n"
		"port eth0 trunk 10,20,100-199 native 1 mode xdp\n"
		"port vm9 access 10 # a VM\n"
		"fdb 02:00:00:00:00:01 dev vm9 vid 10\n";
	static const char bad[] = "port vm9 access 4095\n";
	const char *text = !strcmp(path, "good.conf") ? good :
			   !strcmp(path, "bad.conf") ? bad : NULL;

	if (!text)
		return -ENOENT;
	*len = strlen(text);
	*buf = strdup(text);
	return *buf ? 0 : -ENOMEM;
}

int bv_conf_read(struct bv_bridge *br, struct bv_conf *out)
{
	FZ_ASSERT(br);
	bv_conf_init(out);
	for (size_t i = 0; i < NR_FAKE; i++) {
		const struct fake_port *fp = &fake_ports[i];
		struct bv_conf_port *p = bv_conf_add_port(out);

		if (!p) {
			bv_conf_free(out);
			return -ENOMEM;
		}
		snprintf(p->dev, sizeof(p->dev), "%s", fp->name);
		p->mode = fp->mode;
		p->pvid = fp->pvid;
		p->owner = i % BV_OWNER_MAX;
		fake_vids(fp, &p->tagged);
		bv_vidset_clear(&p->tagged, fp->pvid);
	}
	bv_conf_sort(out);
	return 0;
}

/* What reaches apply was checked by the parser. */
int bv_apply_prepare(const char *name, const struct bv_conf *want,
		     struct bv_apply *a)
{
	memset(a, 0, sizeof(*a));
	FZ_ASSERT(!bv_bridge_name_check(name));
	for (size_t i = 0; i < want->nr_ports; i++) {
		const struct bv_conf_port *p = &want->ports[i];

		FZ_ASSERT(p->dev[0] && p->owner == BV_OWNER_CONFIG);
		FZ_ASSERT(!p->pvid || bv_vid_valid(p->pvid));
		FZ_ASSERT(vidset_ok(&p->tagged) &&
			  !bv_vidset_test(&p->tagged, p->pvid));
		FZ_ASSERT(p->pvid || bv_vidset_count(&p->tagged));
	}
	snprintf(a->name, sizeof(a->name), "%s", name);
	bv_conf_init(&a->cur);
	return bv_plan_make(NULL, want, &a->plan);
}

int bv_apply_prepare_stale(const char *name, const struct bv_conf *want,
			   struct bv_apply *a)
{
	FZ_ASSERT(bv_bridge_stale(name) == 1);
	return bv_apply_prepare(name, want, a);
}

int bv_apply_run(struct bv_apply *a, const struct bv_apply_fault *fault)
{
	FZ_ASSERT(a->plan.n);
	/* The fuzzed CLI is the installed one: it has no test hook. */
	FZ_ASSERT(!fault);
	fz_stub.changes++;
	return 0;
}

void bv_apply_close(struct bv_apply *a)
{
	bv_plan_free(&a->plan);
	bv_conf_free(&a->cur);
}

/* --- mirror.h ----------------------------------------------------------- */

/* One fake mirror, "m0", a VLAN mirror of 10 to "cap0". */
int bv_mirror_add(struct bv_bridge *br, const struct bv_mirror_spec *m)
{
	FZ_ASSERT(br && bv_mirror_name_valid(m->name) && m->to[0]);
	FZ_ASSERT(m->dev[0] || m->has_vids);
	FZ_ASSERT(!m->dev[0] || (m->dir && m->dir <= BV_MIRROR_BOTH));
	for (unsigned int v = 0; m->has_vids && v < BV_NR_VIDS; v++)
		FZ_ASSERT(!bv_vidset_test(&m->vids, v) || bv_vid_valid(v));
	fz_stub.changes++;
	return strcmp(m->name, "m0") ? 0 : -EEXIST;
}

int bv_mirror_del(struct bv_bridge *br, const char *name)
{
	FZ_ASSERT(br && bv_mirror_name_valid(name));
	fz_stub.changes++;
	return strcmp(name, "m0") ? -ENOENT : 0;
}

int bv_mirror_list(struct bv_bridge *br, struct bv_mirror_info **out,
		   size_t *n)
{
	struct bv_mirror_info *mi = calloc(1, sizeof(*mi));

	FZ_ASSERT(br);
	if (!mi)
		return -ENOMEM;
	snprintf(mi->spec.name, sizeof(mi->spec.name), "m0");
	snprintf(mi->spec.to, sizeof(mi->spec.to), "cap0");
	mi->spec.has_vids = true;
	bv_vidset_set(&mi->spec.vids, 10);
	mi->stats.packets = 3;
	mi->stats.bytes = 180;
	*out = mi;
	*n = 1;
	return 0;
}
