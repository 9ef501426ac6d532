// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Test-only tracing programs that watch the real bpfvlan TC program run
 * under BPF_PROG_TEST_RUN, which performs no redirect and returns the
 * frame's bytes without the tag the program may have left in skb metadata:
 *   net_dev_queue - each bpf_clone_redirect() copy of a flood, with its
 *                   device, metadata tag and bytes
 *   kfree_skb     - test_run's own skb when it is freed: the final form
 *                   (metadata tag) of the frame the program redirected
 * Both are tracepoints (tp_btf); on this kernel fentry/kprobes are not
 * available. Everything goes to the global `obs`, read through the skeleton,
 * and only while the test has armed it, for its own process.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "bv_test.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct bv_obs obs;

/* Before 6.2 a metadata tag was flagged by a bit, not by a non-zero
 * vlan_all (commit "net: remove skb->vlan_present"): Debian 12's 6.1.
 */
struct sk_buff___pre62 {
	__u8 vlan_present:1;
} __attribute__((preserve_access_index));

static __always_inline int vlan_present(const struct sk_buff *skb)
{
	if (bpf_core_field_exists(skb->vlan_all))
		return skb->vlan_all != 0;
	return BPF_CORE_READ_BITFIELD_PROBED((struct sk_buff___pre62 *)skb,
					     vlan_present);
}

static __always_inline int mine(void)
{
	return obs.armed && (bpf_get_current_pid_tgid() >> 32) == obs.tgid;
}

/* A softirq may run on the test's task for anyone's traffic: only frames
 * sent on devices of the test's network namespace count.
 */
static __always_inline int in_test_netns(const struct sk_buff *skb)
{
	return BPF_CORE_READ(skb, dev, nd_net.net, ns.inum) == obs.netns_ino;
}

SEC("tp_btf/net_dev_queue")
int BPF_PROG(obs_xmit, struct sk_buff *skb)
{
	struct bv_obs_xmit *x;
	__u32 n = obs.nr_xmit, len;

	if (!mine() || !in_test_netns(skb))
		return 0;
	obs.nr_xmit = n + 1;
	if (n >= BV_OBS_MAX_XMIT)
		return 0;
	x = &obs.xmit[n];
	x->ifindex = skb->dev->ifindex;
	x->len = skb->len;
	x->vlan_proto = vlan_present(skb) ? bpf_ntohs(skb->vlan_proto) : 0;
	x->vlan_tci = vlan_present(skb) ? skb->vlan_tci : 0;
	len = skb->len;
	if (len > BV_OBS_DATA)
		len = BV_OBS_DATA;
	bpf_probe_read_kernel(x->data, len, skb->data);
	return 0;
}

/* test_run frees its skb with kfree_skb() from bpf_prog_test_run_skb(),
 * whose address range the test sets in free_lo/free_hi.
 */
SEC("tp_btf/kfree_skb")
int BPF_PROG(obs_free, struct sk_buff *skb, void *location)
{
	__u64 loc = (__u64)location;

	if (!mine() || loc < obs.free_lo || loc >= obs.free_hi)
		return 0;
	obs.tc_frees++;
	obs.tc_len = skb->len;
	obs.tc_vlan_proto = vlan_present(skb) ? bpf_ntohs(skb->vlan_proto) : 0;
	obs.tc_vlan_tci = vlan_present(skb) ? skb->vlan_tci : 0;
	return 0;
}
