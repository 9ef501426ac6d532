// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
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

const char *bv_kernel_release(void)
{
	static char release[sizeof(((struct utsname *)0)->release)];
	struct utsname u;

	if (!release[0] && !uname(&u))
		snprintf(release, sizeof(release), "%s", u.release);
	return release;
}

/* -1: not asked yet. */
static int netdev_family = -1, rx_vlan_tag = -1;

bool bv_kernel_netdev_family(void)
{
	if (netdev_family < 0) {
		netdev_family = bv_netdev_family_exists();
		pr_debug("kernel %s: netdev genl family %s\n",
			 bv_kernel_release(), netdev_family ? "yes" : "no");
	}
	return netdev_family;
}

bool bv_kernel_rx_vlan_tag(void)
{
	const char *release = bv_kernel_release();

	if (rx_vlan_tag < 0) {
		rx_vlan_tag = has_kfunc(RX_VLAN_TAG_KFUNC);
		pr_debug("kernel %s: %s %s\n", release, RX_VLAN_TAG_KFUNC,
			 rx_vlan_tag ? "yes" : "no");
		if (rx_vlan_tag && !bv_kernel_dev_bound_safe(release)) {
			pr_info("kernel %s: %s not used: the device-bound XDP program it needs crashes kernels before %d.%d when its device is deleted\n",
				release, RX_VLAN_TAG_KFUNC,
				BV_DEV_BOUND_SAFE_MAJOR, BV_DEV_BOUND_SAFE_MINOR);
			rx_vlan_tag = 0;
		}
	}
	return rx_vlan_tag;
}

/* 1 if @release is at or above @major.@minor, 0 if below, -1 if it is
 * no version at all.
 */
static int release_at_least(const char *release, unsigned long major,
			    unsigned long minor)
{
	unsigned long ma, mi;
	const char *s = release;
	char *end;

	ma = strtoul(s, &end, 10);
	if (end == s || *end != '.')
		return -1;
	s = end + 1;
	mi = strtoul(s, &end, 10);
	if (end == s)
		return -1;
	return ma > major || (ma == major && mi >= minor);
}

int bv_kernel_floor_check(const char *release)
{
	if (release_at_least(release, BV_KERNEL_FLOOR_MAJOR,
			     BV_KERNEL_FLOOR_MINOR))
		return 0;
	pr_warn("kernel %s is older than %d.%d, the oldest kernel bpfvlan runs on\n",
		release, BV_KERNEL_FLOOR_MAJOR, BV_KERNEL_FLOOR_MINOR);
	return -EOPNOTSUPP;
}

bool bv_kernel_dev_bound_safe(const char *release)
{
	return release_at_least(release, BV_DEV_BOUND_SAFE_MAJOR,
				BV_DEV_BOUND_SAFE_MINOR) == 1;
}
