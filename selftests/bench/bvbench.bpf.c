// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Benchmark programs (DESIGN §6): a live-frames generator, a count-and-drop
 * sink, and the two limits bpfvlan is compared against (a bare redirect to
 * the next veth, a broadcast to k ports). Not part of bpfvlan.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bvbench_gen.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Generator settings: see bvbench_gen.h. */
struct bvb_gen_cfg gen_cfg;

SEC("xdp")
int bvb_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *h = data;
	__u32 v;

	if (data + BVB_HDR_LEN > data_end)
		return XDP_DROP;
	__builtin_memcpy(h, gen_cfg.hdr, BVB_HDR_LEN);
	if (gen_cfg.src_seq) {
		v = gen_cfg.src_next++;
		h[9] = v >> 16;
		h[10] = v >> 8;
		h[11] = v;
	}
	if (gen_cfg.dst_mask) {
		v = gen_cfg.dst_next++ & gen_cfg.dst_mask;
		h[3] = v >> 16;
		h[4] = v >> 8;
		h[5] = v;
	}
	return bpf_redirect(gen_cfg.ifindex, 0);
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BVB_SINK_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} bvb_count SEC(".maps");

SEC("xdp")
int bvb_sink(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex % BVB_SINK_SLOTS;
	__u64 *n = bpf_map_lookup_elem(&bvb_count, &key);

	if (n)
		(*n)++;
	return XDP_DROP;
}

/* The limit for unicast: redirect to the next veth, nothing else. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bvb_tx SEC(".maps");

SEC("xdp")
int bvb_redir(struct xdp_md *ctx __attribute__((unused)))
{
	return bpf_redirect_map(&bvb_tx, 0, 0);
}

/* The limit for a flood: broadcast to the other k ports of a devmap that
 * holds the ingress port too (as bpfvlan's flood maps do), no egress
 * program.
 */
struct bvb_bcast_map {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
};

struct bvb_bcast_map bvb_bc2 SEC(".maps");
struct bvb_bcast_map bvb_bc8 SEC(".maps");

SEC("xdp")
int bvb_bcast2(struct xdp_md *ctx __attribute__((unused)))
{
	return bpf_redirect_map(&bvb_bc2, 0,
				BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

SEC("xdp")
int bvb_bcast8(struct xdp_md *ctx __attribute__((unused)))
{
	return bpf_redirect_map(&bvb_bc8, 0,
				BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

/*
 * The steps no XDP switch can leave out, each alone, timed like the
 * decision (testrun, repeat): the multi-buffer check of an xdp.frags
 * program, one FDB-sized hash lookup (bpfvlan's bv_fdb: 8-byte key, 24-byte
 * value, 16384 entries; bvbench testrun puts the key in), and the devmap
 * redirect (to an entry bvbench testrun makes).
 */
SEC("xdp.frags")
int bvb_step_buflen(struct xdp_md *ctx)
{
	return bpf_xdp_get_buff_len(ctx) ? XDP_DROP : XDP_PASS;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u64[3]);
} bvb_fdb SEC(".maps");

SEC("xdp")
int bvb_step_hash(struct xdp_md *ctx __attribute__((unused)))
{
	__u64 key = BVB_STEP_KEY;

	return bpf_map_lookup_elem(&bvb_fdb, &key) ? XDP_DROP : XDP_PASS;
}

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bvb_step_tx SEC(".maps");

SEC("xdp")
int bvb_step_redirect(struct xdp_md *ctx __attribute__((unused)))
{
	return bpf_redirect_map(&bvb_step_tx, 0, 0);
}

/* Baselines for single-shot BPF_PROG_TEST_RUN timings. */
SEC("xdp")
int bvb_empty(struct xdp_md *ctx __attribute__((unused)))
{
	return XDP_DROP;
}

SEC("tc")
int bvb_tc_empty(struct __sk_buff *skb __attribute__((unused)))
{
	return TC_ACT_SHOT;
}
