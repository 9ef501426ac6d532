/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Packet-test harness: the real bpfvlan programs (build/bpfvlan.skel.h),
 * configured from a model configuration, run with BPF_PROG_TEST_RUN on
 * veth ports of a private network namespace, and what they did, observed
 * from outside, in a form that compares with the reference model.
 *
 * One frame goes the way the kernel would take it: the XDP program first
 * (unless the port is TC-only); on XDP_PASS the TC program, with the outer
 * tag moved into skb metadata as the kernel's receive path does. test_run
 * performs no redirect, and on this kernel fentry/fexit and kprobes are not
 * available to watch one, so the harness works out where the frame goes:
 *   XDP unicast:  the one port the program counted tx on -> its bv_tx entry
 *   XDP flood:    the flood devmap of the VID in the copy's tag; for each
 *                 member but the ingress port, its egress program's form
 *                 (untag: bv_xdp_pop through a test wrapper; tag: as is)
 *   TC flood:     each bpf_clone_redirect copy as it is transmitted
 *                 (tracepoint net_dev_queue: device, bytes, metadata tag)
 *   TC redirect:  the port with one tx more than the clones it got; the
 *                 bytes test_run returns plus the metadata tag the skb had
 *                 when test_run freed it (tracepoint kfree_skb)
 * Not observable this way, so taken on trust and left to the topology
 * tests: the ifindex bpf_redirect() names (vs the port counted), the flags
 * of the XDP broadcast (BPF_F_EXCLUDE_INGRESS), and what the devmap egress
 * programs count.
 */
#ifndef BV_PKT_HARNESS_H
#define BV_PKT_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/types.h>
#include "bpfvlan_maps.h"
#include "bv_model.h"
#include "bv_test.h"

#define BVH_MAX_LINKS		16
#define BVH_MAX_COPIES		BV_OBS_MAX_XMIT
#define BVH_BUF_MAX		(BVM_FRAME_MAX + 16)
/* VLANs a frame can count in: its two outer tags' VIDs, the port's PVID. */
#define BVH_MAX_VIDS		3

struct bv_bridge;
struct bpfvlan;
struct bv_test;
struct bv_observe;

struct bvh_link {
	char name[IF_NAMESIZE];
	int ifindex;
};

/* How a port is attached, beyond the switching semantics. */
struct bvh_attach {
	bool tc_only;		/* no XDP program at ingress (mode tc) */
	bool xdp_tx;		/* takes XDP-redirected frames (ndo-xmit) */
	bool local_csum;	/* fed by a local stack: IP but ICMP goes to TC */
};

struct bvh {
	struct bpfvlan *skel;
	struct bv_test *test;
	struct bv_observe *obs;
	struct bv_bridge *br;		/* for loader/vlan.c */
	struct bvh_link link[BVH_MAX_LINKS];
	int nr_links;
	int ncpu;
	__u32 untag_prog_id, tag_prog_id;	/* the devmap egress programs */
	struct bvh_attach attach[BV_MAX_PORTS];
	struct bvm_stats *last;		/* counters at the last read, by slot */
	void *percpu;			/* read buffer for bv_stats */
	struct bvm_vlan_stats *vlast;	/* VLAN counters at the last read, by VID */
	void *vpercpu;			/* read buffer for bv_vlan_stats */
	/* The bridge's clock for bvh_step(), held (as the bridge's timer
	 * holds it for a second); 0: bvh_now() at each step.
	 */
	uint64_t clock;
};

/* Which programs handled the frame. */
enum bvh_path {
	BVH_PATH_NONE,		/* the kernel refused or would free it first */
	BVH_PATH_XDP,
	BVH_PATH_TC,		/* TC-only port */
	BVH_PATH_XDP_TC,	/* XDP handed it to TC */
};

struct bvh_copy {
	uint16_t slot;		/* BV_MAX_PORTS: not a port of the bridge */
	uint32_t ifindex;
	uint32_t len;
	uint8_t  bytes[BVH_BUF_MAX];	/* as on the wire (tags in the bytes) */
};

struct bvh_result {
	uint8_t path;		/* enum bvh_path */
	bool xdp_flood;		/* XDP flooded (tx counted as egress progs do) */
	int xdp_ret, tc_ret;
	bool to_host;		/* passed up the ingress device's stack */
	unsigned int nr_copies;
	struct bvh_copy copy[BVH_MAX_COPIES];
	struct bvm_stats *delta;	/* counter changes, by slot */
	/* Counter changes of the VLANs the frame could count in (read only
	 * those: bvh_stats_sweep() finds counts anywhere else).
	 */
	unsigned int nr_vids;
	uint16_t vid[BVH_MAX_VIDS];
	struct bvm_vlan_stats vdelta[BVH_MAX_VIDS];
};

/* Enter a private network namespace (gone with the process). 0/-errno. */
int bvh_netns_enter(void);
/* @n veth pairs "bvp<i>" (ports) / "bvq<i>" (sinks), up. */
int bvh_links_create(struct bvh *h, int n);
int bvh_link_set_mtu(struct bvh *h, int link, unsigned int mtu);

int bvh_open(struct bvh *h, unsigned int fdb_size, uint64_t ageing_ns);
void bvh_close(struct bvh *h);

/* Make the bridge's maps say what @cfg says about @slot (a port of @cfg,
 * whose ifindex is one of h->link[]); @a: how it is attached.
 */
int bvh_port_add(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot, const struct bvh_attach *a);
int bvh_port_del(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot);
/* `vlan add/del` on a trunk port: follow cfg's membership of @vid. */
int bvh_port_vid(struct bvh *h, const struct bvm_config *cfg,
		 unsigned int slot, uint16_t vid);
/* `port set learn-limit`: follow cfg's learn_limit of @slot. */
int bvh_port_learn_limit(struct bvh *h, const struct bvm_config *cfg,
			 unsigned int slot);
/* `port set isolated|locked|allow-ip`: follow cfg's port security of @slot. */
int bvh_port_security(struct bvh *h, const struct bvm_config *cfg,
		      unsigned int slot);
/* Give every VID in @vids its flood devmap now (one batch). */
int bvh_flood_prepare(struct bvh *h, const uint16_t *vids, unsigned int n);

int bvh_fdb_put(struct bvh *h, const struct bvm_fdb_entry *e);
/* The learned counts from the FDB and ports (after writing them directly). */
int bvh_counts_sync(struct bvh *h);
int bvh_fdb_del(struct bvh *h, uint16_t vid, const uint8_t mac[6]);
int bvh_fdb_flush(struct bvh *h);
/* The whole BPF FDB into @out (initialised with room for fdb_size). */
int bvh_fdb_read(struct bvh *h, struct bvm_fdb *out);
/* One entry; -ENOENT if absent. */
int bvh_fdb_get(struct bvh *h, uint16_t vid, const uint8_t mac[6],
		struct bvm_fdb_entry *e);

/* Zero every counter of the bridge (ports and VLANs), and the harness's
 * last reading.
 */
int bvh_stats_reset(struct bvh *h);
/*
 * bvh_run() reads the counters of the slots that hold ports only, and of
 * the VLANs the frame could count in; this reads all and checks that no
 * other slot or VLAN counted anything since. 0, or 1 with @why.
 */
int bvh_stats_sweep(struct bvh *h, char *why, size_t whylen);

int bvh_result_alloc(struct bvh_result *r);
void bvh_result_free(struct bvh_result *r);

/*
 * Send @frame into port @in_slot the way the kernel would and fill @r.
 * 0, or -errno when the test itself failed (not when the program did
 * something unexpected).
 */
int bvh_run(struct bvh *h, unsigned int in_slot, const uint8_t *frame,
	    size_t len, struct bvh_result *r);

/* The path the programs should take for a frame the model switched. */
enum bvh_path bvh_expected_path(const struct bvh *h,
				const struct bvm_config *cfg,
				const struct bvm_result *exp,
				unsigned int in_slot, const uint8_t *frame,
				size_t len);

/*
 * Compare what the programs did with what the model says: path, copies
 * (port and exact bytes), frame to host, every counter. 0 if they agree;
 * else 1 with the differences in @why. A copy on a port that is not a
 * member of the frame's VID (or tagged with another VID, or untagged on a
 * port whose PVID is another VID) sets *@leak.
 */
int bvh_compare(const struct bvh *h, const struct bvm_config *cfg,
		const struct bvm_result *exp, unsigned int in_slot,
		const uint8_t *frame, size_t len, const struct bvh_result *got,
		bool *leak, char *why, size_t whylen);

/* Compare the BPF FDB with the model's. 0 if equal; else 1, @why. */
int bvh_fdb_compare(struct bvh *h, const struct bvm_fdb *model,
		    char *why, size_t whylen);

/*
 * One frame both ways: through the programs (bvh_run) and through the model
 * (updating @fdb), then bvh_compare() plus the FDB entry the frame may have
 * touched. The bridge's clock is set to h->clock, or if 0 to bvh_now().
 * The programs read the clock themselves; the model is tried with
 * the clock read before and after the run (and the time the programs wrote
 * into the entry), so a clock tick during the run is no disagreement.
 * 0 if they agree, 1 if not (@why says how), -errno if the test failed.
 */
int bvh_step(struct bvh *h, const struct bvm_config *cfg, struct bvm_fdb *fdb,
	     unsigned int in_slot, const uint8_t *frame, size_t len,
	     struct bvm_result *exp, struct bvh_result *got, bool *leak,
	     char *why, size_t whylen);

/* Hex helpers for reproducers and messages. */
void bvh_hex(const uint8_t *b, size_t len, char *out, size_t outlen);
int bvh_unhex(const char *hex, uint8_t *out, size_t max);

/*
 * The bridge's clock as the tests set it: CLOCK_MONOTONIC_COARSE (the one
 * bpf_ktime_get_coarse_ns() reads) plus BVH_CLOCK_BASE. No timer runs in
 * the harness, so the programs see only what bvh_set_clock() writes; the
 * base keeps fixtures that date an entry past the ageing time from
 * wrapping below zero on a machine booted minutes ago.
 */
#define BVH_CLOCK_BASE	(86400ULL * 1000000000ULL)
uint64_t bvh_now(void);
/* Set the bridge's clock (bv_config.now_ns), which its timer would advance. */
int bvh_set_clock(struct bvh *h, uint64_t now);

#endif /* BV_PKT_HARNESS_H */
