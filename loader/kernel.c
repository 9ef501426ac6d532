// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/btf.h>
#include "bpfvlan/log.h"
#include "kernel.h"
#include "netlink.h"

#define RX_VLAN_TAG_KFUNC	"bpf_xdp_metadata_rx_vlan_tag"

/* vmlinux BTF names the kfunc: libbpf resolves it from the same place. */
static bool has_kfunc(const char *name)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	bool found;

	if (!vmlinux) {
		pr_debug("no vmlinux BTF (%s): no kfunc %s\n", strerror(errno),
			 name);
		return false;
	}
	found = btf__find_by_name_kind(vmlinux, name, BTF_KIND_FUNC) > 0;
	btf__free(vmlinux);
	return found;
}

const struct bv_kernel *bv_kernel(void)
{
	static struct bv_kernel k;
	static bool probed;
	struct utsname u;

	if (probed)
		return &k;
	probed = true;
	if (!uname(&u))
		snprintf(k.release, sizeof(k.release), "%s", u.release);
	k.netdev_family = bv_netdev_family_exists();
	k.rx_vlan_tag = has_kfunc(RX_VLAN_TAG_KFUNC);
	pr_debug("kernel %s: netdev family %s, %s %s\n", k.release,
		 k.netdev_family ? "yes" : "no", RX_VLAN_TAG_KFUNC,
		 k.rx_vlan_tag ? "yes" : "no");
	return &k;
}

int bv_kernel_floor_check(const char *release)
{
	unsigned long major, minor;
	const char *s = release;
	char *end;

	major = strtoul(s, &end, 10);
	if (end == s || *end != '.')
		return 0;
	s = end + 1;
	minor = strtoul(s, &end, 10);
	if (end == s)
		return 0;
	if (major > BV_KERNEL_FLOOR_MAJOR ||
	    (major == BV_KERNEL_FLOOR_MAJOR && minor >= BV_KERNEL_FLOOR_MINOR))
		return 0;
	pr_warn("kernel %s is older than %d.%d, the oldest kernel bpfvlan runs on\n",
		release, BV_KERNEL_FLOOR_MAJOR, BV_KERNEL_FLOOR_MINOR);
	return -EOPNOTSUPP;
}
