// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Test-only wrappers around the real bpfvlan programs, for BPF_PROG_TEST_RUN
 * (packet tests and the differential fuzzer). Its maps are the bridge's own
 * (the test reuses the fds of the loaded bpfvlan skeleton).
 *
 * - bv_test_pop: the devmap egress untag logic (bv_xdp_pop), which cannot be
 *   test-run in its SEC("xdp/devmap") program.
 * - bv_test_tc: the TC ingress program as the kernel runs it. At TC ingress
 *   the kernel has already moved a frame's outer tag (802.1Q or 802.1ad)
 *   into skb metadata, but test_run cannot set skb->vlan_*. So the test puts
 *   a dummy 802.1Q tag in front of every frame: popping it makes
 *   bpf_skb_vlan_pop move the real outer tag, if any, into metadata, exactly
 *   one tag, as skb_vlan_untag() does. (It also keeps test_run from refusing
 *   truncated IPv4/IPv6 frames, which it checks for by ethertype.) Then it
 *   tail-calls the real bv_tc_ingress (bv_test_progs[0]).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "bpf/lib/ctx_xdp.h"
#include "bv_test.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The bridge's devmaps are used through pointers only in this object, so
 * clang would describe their value type as a forward declaration, which
 * libbpf cannot size: one variable of that type gives BTF the full struct.
 */
struct bpf_devmap_val bv_test_btf_devmap_val;

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bv_test_progs SEC(".maps");

SEC("xdp")
int bv_test_pop(struct xdp_md *ctx)
{
	return bv_xdp_pop(ctx) ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int bv_test_tc(struct __sk_buff *skb)
{
	if (skb->cb[0] != BV_TEST_RX_DUMMY || bpf_skb_vlan_pop(skb) ||
	    !!skb->vlan_present != !!skb->cb[1])
		return BV_TEST_TC_SETUP_FAILED;
	bpf_tail_call(skb, &bv_test_progs, 0);
	return BV_TEST_TC_SETUP_FAILED;
}
