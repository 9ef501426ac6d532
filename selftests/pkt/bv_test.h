/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Shared by the test-only BPF objects (bv_test.bpf.c, bv_observe.bpf.c) and
 * the packet tests / fuzzer. Needs __u8.. __u64 from the includer
 * (linux/types.h, or vmlinux.h in BPF).
 */
#ifndef BV_TEST_H
#define BV_TEST_H

/* skb->cb[0] for bv_test_tc: the frame starts with a dummy tag to pop;
 * cb[1]: the frame has an outer tag that must end up in skb metadata.
 */
#define BV_TEST_RX_DUMMY		0xb7d0771e
/* bv_test_tc's return when its own setup failed (not a TC action). */
#define BV_TEST_TC_SETUP_FAILED		0x7e

/* Bytes of each transmitted frame the observer keeps. */
#define BV_OBS_DATA		4096
/* Frames one program run may transmit (bpf_clone_redirect copies). */
#define BV_OBS_MAX_XMIT		32

/* One skb handed to __dev_queue_xmit by the test process. */
struct bv_obs_xmit {
	__u32 ifindex;
	__u32 len;		/* skb->len: outer tag in metadata not included */
	__u16 vlan_proto;	/* host order; 0: no tag in metadata */
	__u16 vlan_tci;
	__u32 pad;
	__u8  data[BV_OBS_DATA];
};

/*
 * What one test_run of the TC program did, seen from outside (tracepoints,
 * bv_observe.bpf.c): every skb handed to a device's transmit (the flood
 * copies of bpf_clone_redirect) and the metadata tag of test_run's own skb
 * when it was freed (the form of the frame bpf_redirect() would send).
 * Only while armed, and only for the test's own process.
 */
struct bv_obs {
	__u32 tgid;		/* set by the test */
	__u32 armed;		/* set by the test around each run */
	__u64 free_lo, free_hi;	/* bpf_prog_test_run_skb() code, from kallsyms */
	__u32 netns_ino;	/* the test's network namespace */
	__u32 pad0;

	__u32 tc_frees;		/* test_run skbs freed: 1 per run */
	__u32 tc_len;
	__u16 tc_vlan_proto;	/* host order; 0: no tag in metadata */
	__u16 tc_vlan_tci;

	__u32 nr_xmit;		/* may exceed BV_OBS_MAX_XMIT: then truncated */
	__u32 pad;
	struct bv_obs_xmit xmit[BV_OBS_MAX_XMIT];
};

#endif /* BV_TEST_H */
