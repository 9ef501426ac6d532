#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# A small topology that touches every kind of port once, for the kernel
# matrix (selftests/kernels/), where a guest under TCG runs 20-50x slower
# than this machine: the other topology tests go deeper, this one wide.
#
# Two hypervisors (namespaces), each with its bridge, joined by a veth
# trunk 10,20 (both tagged; h1's end in mode tc):
#   h1: VMs a (access 10, GRO: XDP into it), b (access 10), c (access 20),
#       d (access 10, mode xdp; mode auto before 6.8, which refuses it), and the host's own internal port hi on
#       VLAN 10 (192.0.2.100)
#   h2: VMs f (access 10), g (access 20)
# a, b, d, f: 192.0.2.1, .2, .4, .11; c, g: 192.0.2.3, .13 -- one subnet,
# so only the VLANs keep them apart. Checked: each mode gives its path;
# ping within a VLAN on one bridge and across the trunk, none across
# VLANs; a broadcast reaches its VLAN's ports only, tagged 10 on the
# trunk's wire; the host reaches VMs through its internal port; TCP across
# the trunk and into the host; d's device deleted while attached with XDP
# (a VM destroyed), after which the bridge forgets it and still switches;
# unload leaves no pin and no program on the ports.

ALL_TESTS="attach_modes ping_access no_ping_across_vlans flood_in_vlan
	   ping_across_trunk internal_port tcp port_device_gone unload"
source "$(dirname "$0")/lib.sh"

H1=sm-h1-$ID H2=sm-h2-$ID
BR1=sma$ID BR2=smb$ID
HI=smi$ID
TCP_BYTES=1048576
TCP_TIMEOUT=100	# seconds: a guest under TCG is slow

bv1() { "$BV_BIN" -n "$H1" -b "$BR1" "$@"; }
bv2() { "$BV_BIN" -n "$H2" -b "$BR2" "$@"; }

vm_ns() { printf 'sm-%s-%s' "$1" "$ID"; }

declare -A IP=([a]=192.0.2.1 [b]=192.0.2.2 [c]=192.0.2.3 [d]=192.0.2.4
	       [f]=192.0.2.11 [g]=192.0.2.13 [hi]=192.0.2.100)

# vm_add HV VM [gro]: VM's namespace, its eth0 behind port vm-VM of HV.
vm_add()
{
	local ns

	ns=$(vm_ns "$2")
	ns_create "$ns" && hv_port_add "$1" "$ns" "vm-$2" ${3:-} &&
		ip -n "$ns" addr add "${IP[$2]}/24" dev eth0
}

setup()
{
	ns_create "$H1" && ns_create "$H2" || exit 1
	bv1 load || exit 1
	defer "$BV_BIN" -n "$H1" -b "$BR1" unload
	bv2 load || exit 1
	defer "$BV_BIN" -n "$H2" -b "$BR2" unload
	vm_add "$H1" a gro && vm_add "$H1" b && vm_add "$H1" c &&
		vm_add "$H1" d gro && vm_add "$H2" f && vm_add "$H2" g || exit 1
	ip -n "$H1" link add trk type veth peer name trk netns "$H2" || exit 1
	ip -n "$H1" link set trk up && ip -n "$H2" link set trk up || exit 1
	# Before 6.8 mode xdp on a veth is refused, changing nothing
	# (README, Kernels): d is then attached in mode auto instead.
	if veth_xdp_ok; then
		D_PATH=xdp+tc
		bv1 attach vm-d access 10 mode xdp || exit 1
	else
		D_PATH=tc
		D_REFUSED=$(bv1 attach vm-d access 10 mode xdp 2>&1)
		D_RC=$?
		D_AFTER=$(bv1 -j port show dev vm-d 2>/dev/null | jq length)
		bv1 attach vm-d access 10 || exit 1
	fi
	bv1 attach vm-a access 10 && bv1 attach vm-b access 10 &&
		bv1 attach vm-c access 20 &&
		bv1 attach trk trunk 10,20 mode tc &&
		bv2 attach vm-f access 10 && bv2 attach vm-g access 20 &&
		bv2 attach trk trunk 10,20 || exit 1
	bv1 port add "$HI" internal 10 &&
		ip -n "$H1" addr add "${IP[hi]}/24" dev "$HI" &&
		ip -n "$H1" link set "$HI" up || exit 1
}

# path_is DEV PATH: `port show` on h1 gives DEV that path (tc, xdp+tc).
path_is()
{
	[ "$(bv1 -j port show dev "$1" | jq -r '.[0].path')" = "$2" ]
}

attach_modes()
{
	path_is vm-a tc
	check_err $? "vm-a (mode auto, a veth): path not tc: $(bv1 -j port show dev vm-a)"
	path_is vm-d "$D_PATH"
	check_err $? "vm-d: path not $D_PATH: $(bv1 -j port show dev vm-d)"
	path_is trk tc
	check_err $? "trk (mode tc): path not tc: $(bv1 -j port show dev trk)"
	if [ "$D_PATH" = xdp+tc ]; then
		ip -n "$H1" -d -j link show vm-d | jq -e '.[0].xdp.prog.id > 0' >/dev/null
		check_err $? "vm-d has no XDP program"
	else
		[ "$D_RC" -ne 0 ] && [[ $D_REFUSED == *bpf_xdp_metadata_rx_vlan_tag* ]]
		check_err $? "mode xdp on veth vm-d not refused on $(uname -r) (exit $D_RC): $D_REFUSED"
		[ "${D_AFTER:-0}" -eq 0 ]
		check_err $? "the refused attach left vm-d attached"
	fi
	log_test "smoke: load; attach in modes auto, xdp and tc gives each its path"
}

# reach FROM TO: FROM (a VM, or hi: the host h1) pings TO's address.
reach()
{
	local ns

	ns=$(vm_ns "$1")
	[ "$1" = hi ] && ns=$H1
	ip netns exec "$ns" ping -c 2 -i 0.3 -W 3 "${IP[$2]}" >/dev/null 2>&1
}

# no_reach FROM TO: no answer to one ping within a second.
no_reach()
{
	local ns

	ns=$(vm_ns "$1")
	[ "$1" = hi ] && ns=$H1
	! ip netns exec "$ns" ping -c 1 -W 1 "${IP[$2]}" >/dev/null 2>&1
}

ping_access()
{
	reach a b
	check_err $? "a cannot ping b (both VLAN 10, bridge h1)"
	reach b a
	check_err $? "b cannot ping a"
	reach d a
	check_err $? "d (path $D_PATH) cannot ping a"
	log_test "smoke: access ports ping within VLAN 10"
}

no_ping_across_vlans()
{
	no_reach c a
	check_err $? "c (VLAN 20) pings a (VLAN 10)"
	no_reach g b
	check_err $? "g (VLAN 20, h2) pings b (VLAN 10, h1)"
	log_test "smoke: no ping across VLANs, here or over the trunk"
}

flood_in_vlan()
{
	local f out ep eps=()

	for ep in a b c f g; do
		eps+=(--rx "$(vm_ns $ep)/eth0")
	done
	f=$(frame $BCAST 020000005301)
	out=$(pkt --wait 1500 "${eps[@]}" --rx "$H2/trk" --tx "$(vm_ns a)/eth0" "$f")
	expect_at "$out" "$(vm_ns b)/eth0" "$f"
	expect_at "$out" "$(vm_ns f)/eth0" "$f"
	expect_at "$out" "$H2/trk" "$(tag_into "$f" "$(tag 8100 0 10)")"
	expect_at "$out" "$(vm_ns c)/eth0"
	expect_at "$out" "$(vm_ns g)/eth0"
	expect_at "$out" "$(vm_ns a)/eth0"
	log_test "smoke: a broadcast reaches VLAN 10 only, tagged 10 on the trunk"
}

ping_across_trunk()
{
	reach a f
	check_err $? "a (h1) cannot ping f (h2) on VLAN 10"
	reach g c
	check_err $? "g (h2) cannot ping c (h1) on VLAN 20"
	log_test "smoke: ping across the trunk on VLANs 10 and 20"
}

internal_port()
{
	reach hi a
	check_err $? "the host (internal port) cannot ping a"
	reach f hi
	check_err $? "f (behind the trunk) cannot ping the host"
	no_reach hi c
	check_err $? "the host on VLAN 10 pings c on VLAN 20"
	log_test "smoke: the host's internal port reaches VLAN 10, here and behind the trunk"
}

tcp()
{
	local got

	got=$(tcp_received "$(vm_ns f)" "${IP[f]}" "$(vm_ns b)")
	[ "${got:-0}" -ge $TCP_BYTES ]
	check_err $? "TCP f -> b across the trunk: $got of $TCP_BYTES bytes"
	got=$(tcp_received "$H1" "${IP[hi]}" "$(vm_ns f)")
	[ "${got:-0}" -ge $TCP_BYTES ]
	check_err $? "TCP host -> f through the internal port: $got of $TCP_BYTES bytes"
	log_test "smoke: TCP across the trunk, and from the host's internal port"
}

# d's device goes while attached with XDP, as when a VM is destroyed: the
# next command forgets the port; the bridge still switches VLAN 10.
port_device_gone()
{
	ip -n "$H1" link del vm-d
	check_err $? "deleting vm-d failed"
	bv1 -j port show | jq -e 'all(.[]; .ifname != "vm-d")' >/dev/null
	check_err $? "vm-d still a port after its device went: $(bv1 -j port show)"
	reach a b
	check_err $? "a cannot ping b after vm-d went"
	log_test "smoke: a port's device deleted while attached with XDP: forgotten"
}

# unload: no pin left, no program on the ports that were attached.
unload()
{
	local dev

	bv1 unload
	check_err $? "unload failed"
	[ ! -e "/sys/fs/bpf/bpfvlan/$BR1" ]
	check_err $? "pins left in /sys/fs/bpf/bpfvlan/$BR1"
	for dev in vm-a vm-b vm-c trk; do
		ip -n "$H1" -d -j link show "$dev" | jq -e '.[0].xdp == null' >/dev/null &&
			[ -z "$(ip netns exec "$H1" tc filter show dev "$dev" ingress)" ]
		check_err $? "a program left on $dev after unload"
	done
	log_test "smoke: unload leaves no pin and no program"
}

run_tests ip jq ethtool ping iperf3 ss timeout
