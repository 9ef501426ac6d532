#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bpfvlan demo (`make demo`): the KVM use case on one machine. Two
# "hypervisors" are network namespaces, each with its own bpfvlan bridge
# (selected with -n, as `ip -n` does); four "VMs" are namespaces on access
# ports in VLANs 10 and 20; one veth is the trunk between the hypervisors;
# the first hypervisor has its own address on VLAN 20 (an internal port).
# It prints the bpfvlan commands it runs, pings that must work (same VLAN,
# across the trunk) and pings that must not (across VLANs), then `vlan
# show`, `fdb show` and `stats`. Everything is removed on exit, also when
# interrupted. Exit 0 when every ping behaved as expected.

source "$(dirname "$0")/lib.sh"

HV1=bvdemo-hv1 HV2=bvdemo-hv2		# hypervisors (network namespaces)
BR1=demo-hv1 BR2=demo-hv2		# their bpfvlan bridges
PIN=/sys/fs/bpf/bpfvlan
FAILED=0

bold()
{
	if [ -t 1 ]; then
		printf '\033[1m%s\033[0m\n' "$*"
	else
		printf '%s\n' "$*"
	fi
}

# bpfvlan ARGS...: show the command as a user would type it, then run it.
bpfvlan()
{
	printf '  $ bpfvlan %s\n' "$*"
	"$BV_BIN" "$@"
}

die()
{
	echo "demo: $*" >&2
	EXIT_STATUS=1
	exit 1
}

vm_ns()
{
	printf 'bvdemo-%s' "$1"
}

# vm_add HV VM VLAN N: VM (a namespace, MAC 52:54:00:00:00:N, IP
# 192.0.2.N) on tap-like port vnetVLAN of hypervisor HV.
vm_add()
{
	local hv=$1 vm=$2 vlan=$3 n=$4 ns

	ns=$(vm_ns "$vm")
	ns_create "$ns" || return 1
	ip -n "$hv" link add "vnet$vlan" type veth peer name eth0 netns "$ns" \
		address "52:54:00:00:00:$n" || return 1
	# GRO on the VM side lets bpfvlan's XDP path deliver into this veth,
	# as it always can into a real tap.
	ip netns exec "$ns" ethtool -K eth0 gro on >/dev/null 2>&1
	ip -n "$ns" addr add "192.0.2.$n/24" dev eth0
	ip -n "$ns" link set eth0 up
	ip -n "$hv" link set "vnet$vlan" up
}

build()
{
	local hv br

	for hv in $HV1 $HV2; do
		if ip netns list | grep -qw "$hv"; then
			die "namespace $hv exists: is another demo running? (ip netns del $hv)"
		fi
	done
	for br in $BR1 $BR2; do
		[ -e "$PIN/$br" ] &&
			die "bridge $br exists: is another demo running? ($BV_BIN -b $br unload)"
	done

	bold "bpfvlan demo: two KVM hypervisors, VMs in VLAN 10 and 20, one trunk"
	cat <<-EOF

	   $HV1                                  $HV2
	  vm11 (VLAN 10) -- vnet10 -+                  +- vnet10 -- vm21 (VLAN 10)
	                            [$BR1]==eth1==[$BR2]
	  vm12 (VLAN 20) -- vnet20 -+   trunk 10,20    +- vnet20 -- vm22 (VLAN 20)
	  host (VLAN 20) -- mgmt0 --+

	  All four VMs share one IP subnet, 192.0.2.0/24: only the VLANs keep
	  them apart. Hypervisors and VMs are network namespaces, VM taps and
	  the trunk are veth pairs.

	EOF
	ns_create "$HV1" && ns_create "$HV2" || die "cannot create namespaces"
	vm_add "$HV1" vm11 10 11 && vm_add "$HV1" vm12 20 12 &&
	vm_add "$HV2" vm21 10 21 && vm_add "$HV2" vm22 20 22 ||
		die "cannot create the VMs"
	hv_trunk_add "$HV1" "$HV2" eth1 || die "cannot create the trunk"

	for hv in 1 2; do
		local ns=bvdemo-hv$hv b=demo-hv$hv

		bold "Hypervisor $ns: one bridge, two VM ports, the trunk"
		bpfvlan -n "$ns" -b "$b" load || die "load failed"
		defer "$BV_BIN" -n "$ns" -b "$b" unload
		bpfvlan -n "$ns" -b "$b" attach vnet10 access 10 &&
		bpfvlan -n "$ns" -b "$b" attach vnet20 access 20 &&
		bpfvlan -n "$ns" -b "$b" attach eth1 trunk 10,20 ||
			die "attach failed"
		echo
	done
	bold "The host $HV1 itself on VLAN 20: an internal port, 192.0.2.100"
	bpfvlan -n "$HV1" -b "$BR1" port add mgmt0 internal 20 &&
	ip -n "$HV1" addr add 192.0.2.100/24 dev mgmt0 &&
	ip -n "$HV1" link set mgmt0 up || die "cannot add the internal port"
	echo
	bold "Ports of $BR1 (path: XDP fast path plus TC; xdp-tx: XDP can send into it)"
	bpfvlan -n "$HV1" -b "$BR1" port show
	echo
}

# ping_vm FROM TO COUNT: FROM (a VM, or "host1": the host $HV1 on its
# internal port) pings TO's address; 0 if a reply came.
ping_vm()
{
	local ns

	ns=$(vm_ns "$1")
	[ "$1" = host1 ] && ns=$HV1
	ip netns exec "$ns" ping -c "$3" -i 0.2 -W 1 \
		"192.0.2.${2#vm}" >/dev/null 2>&1
}

expect_ping()
{
	local from=$1 to=$2 what=$3

	if ping_vm "$from" "$to" 3; then
		printf '  %-6s -> %-6s %-40s replies      ok\n' "$from" "$to" "$what"
	else
		printf '  %-6s -> %-6s %-40s NO REPLY     FAIL\n' "$from" "$to" "$what"
		FAILED=1
	fi
}

expect_isolated()
{
	local from=$1 to=$2 what=$3

	if ping_vm "$from" "$to" 1; then
		printf '  %-6s -> %-6s %-40s REPLIES      FAIL\n' "$from" "$to" "$what"
		FAILED=1
	else
		printf '  %-6s -> %-6s %-40s no reply     ok\n' "$from" "$to" "$what"
	fi
}

pings()
{
	bold "Same VLAN, across the trunk: must work"
	expect_ping vm11 vm21 "(VLAN 10, hv1 -> hv2)"
	expect_ping vm22 vm12 "(VLAN 20, hv2 -> hv1)"
	expect_ping host1 vm22 "(host of hv1 on VLAN 20 -> hv2)"
	echo
	bold "Across VLANs: must be isolated"
	expect_isolated vm11 vm12 "(VLAN 10 -> VLAN 20, same hypervisor)"
	expect_isolated vm11 vm22 "(VLAN 10 -> VLAN 20, across the trunk)"
	expect_isolated vm21 vm12 "(VLAN 10 -> VLAN 20, across the trunk)"
	expect_isolated host1 vm21 "(host on VLAN 20 -> VLAN 10)"
	echo
}

show()
{
	bold "What the bridge of $HV1 knows"
	bpfvlan -n "$HV1" -b "$BR1" vlan show
	echo
	bpfvlan -n "$HV1" -b "$BR1" fdb show
	echo
	bpfvlan -n "$HV1" -b "$BR1" stats
	echo
	cat <<-EOF
	  (rx/tx: frames per port. Non-zero drops are listed by reason, and
	   xdp_to_tc counts frames the XDP fast path left to the TC path.
	   For scripts, add -j: bpfvlan -n $HV1 -b $BR1 -j -p stats)

	EOF
}

require_root
require_cmd ip ping ethtool
[ -x "$BV_BIN" ] || die "$BV_BIN missing (make)"
build
pings
show
if [ $FAILED -ne 0 ]; then
	bold "demo: FAILED (a ping did not behave as expected)"
	EXIT_STATUS=1
else
	bold "demo: OK. Everything it made is removed on exit."
fi
