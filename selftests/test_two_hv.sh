#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Two hypervisors: namespaces h1 and h2, each with its own bridge (loaded
# with `bpfvlan -n NS -b NAME`), joined by a veth trunk carrying 20 tagged
# and 10 as native VLAN (untagged). VMs (namespaces) on access ports: v11,
# v13 (h1, VLAN 10), v12 (h1, VLAN 20), v21 (h2, VLAN 10), v22 (h2, VLAN
# 20). VMs of one VLAN ping each other across the trunk, never across
# VLANs; an ARP broadcast from VLAN 10 reaches the VLAN 10 VMs of both
# hosts only; a QinQ frame [88a8][8100 VID 20] from VLAN 10 stays in VLAN
# 10 on h2 with both tags (no hop into VLAN 20). Three rounds:
#   xdp     every port with XDP, VM peers with GRO: no frame goes to TC;
#   tc      trunk ports `mode tc` on both sides;
#   tc-xdp  h1 all `mode tc`, h2 all XDP: h1's TC path sends the tag (an
#           skb metadata tag on the way) into the trunk and h2's XDP must
#           find it in the bytes -- which holds only because bpfvlan turns
#           TX VLAN offload off on veth ports (802.1ad's too: the QinQ
#           frame crosses untagged with its 88a8 tag in skb metadata).
# On a kernel where bpfvlan puts no XDP on veths (before 6.8), one round
# instead:
#   tc-all  every port `mode tc`.

ALL_TESTS="ping_same_vlan no_ping_across_vlans arp_stays_in_vlan qinq_no_hop
	   path_taken"
source "$(dirname "$0")/lib.sh"

H1=tv-h1-$ID H2=tv-h2-$ID
BR1=tva$ID BR2=tvb$ID
VMS="v11 v12 v13 v21 v22"
ROUND=

bv1() { "$BV_BIN" -n "$H1" -b "$BR1" "$@"; }
bv2() { "$BV_BIN" -n "$H2" -b "$BR2" "$@"; }

vm_ns() { printf 'tv-%s-%s' "$1" "$ID"; }
vm_ip() { printf '192.0.2.%s' "${1#v}"; }

# vm_add HV VM: VM's eth0 (GRO on, VLAN offloads off) and its port VM in HV.
vm_add()
{
	hv_vm_add "$1" "$(vm_ns "$2")" "$2" gro &&
		ip -n "$(vm_ns "$2")" addr add "$(vm_ip "$2")/24" dev eth0
}

setup()
{
	hv_add "$H1" "$BR1" && hv_add "$H2" "$BR2" || exit 1
	vm_add "$H1" v11 && vm_add "$H1" v12 && vm_add "$H1" v13 &&
	vm_add "$H2" v21 && vm_add "$H2" v22 || exit 1
	# The trunk: no offload settings here; bpfvlan must make tags bytes.
	hv_trunk_add "$H1" "$H2" || exit 1
}

# attach_all MODE1 MODE2 TRUNK1 TRUNK2 GRO: (re)attach every port; MODEn
# for the VM ports of hn, TRUNKn for its trunk port (xdp or tc); GRO on or
# off on h1's trunk.
attach_all()
{
	local hv br

	for br in bv1 bv2; do
		$br -j port show | jq -r '.[].ifname' | while read -r dev; do
			$br detach "$dev"
		done
	done
	bv1 attach v11 access 10 mode "$1" && bv1 attach v13 access 10 mode "$1" &&
	bv1 attach v12 access 20 mode "$1" &&
	bv2 attach v21 access 10 mode "$2" && bv2 attach v22 access 20 mode "$2" &&
	bv1 attach trk trunk 20 native 10 mode "$3" &&
	bv2 attach trk trunk 20 native 10 mode "$4"
	RET=$?
	# GRO on h1's trunk in tc-xdp: h2's trunk can then take XDP frames,
	# so h2 floods in XDP too and a frame it misclassifies is sent on
	# by XDP rather than rescued by its TC program.
	ip netns exec "$H1" ethtool -K trk gro "$5" >/dev/null
	# A port's XDP_TX depends on its peer: trk of h1 learns that trk of h2
	# got XDP at the next command on h1's bridge (or from `monitor`).
	bv1 port show >/dev/null && bv2 port show >/dev/null
	for hv in v11 v12 v13 v21 v22; do
		ip -n "$(vm_ns "$hv")" neigh flush dev eth0
	done
	retmsg="cannot attach the ports"
	log_test "two hv ($ROUND): attach VMs $1/$2, trunk $3/$4"
}

ping_from()
{
	ip netns exec "$(vm_ns "$1")" ping -c 2 -i 0.2 -W 1 "$(vm_ip "$2")" \
		>/dev/null 2>&1
}

ping_same_vlan()
{
	ping_from v11 v21
	check_err $? "v11 (h1) cannot ping v21 (h2) in VLAN 10"
	ping_from v21 v13
	check_err $? "v21 (h2) cannot ping v13 (h1) in VLAN 10"
	ping_from v22 v12
	check_err $? "v22 (h2) cannot ping v12 (h1) in VLAN 20"
	log_test "two hv ($ROUND): ping within VLAN 10 and 20 across the trunk"
}

no_ping_across_vlans()
{
	local from to

	for from in v11 v12 v21 v22; do
		case $from in
		v11) to=v22 ;; v22) to=v11 ;; v12) to=v21 ;; v21) to=v12 ;;
		esac
		ping_from $from $to
		check_fail $? "$from reached $to in another VLAN"
	done
	log_test "two hv ($ROUND): no ping across VLANs, both directions"
}

arp_stays_in_vlan()
{
	local mac arp out

	mac=$(mac_of "$(vm_ns v11)")
	# who-has 192.0.2.99 (nobody) tell 192.0.2.11, marker after it.
	arp="${BCAST}${mac}08060001080006040001${mac}c000020b000000000000c0000263${MARK}00000000000000000000000000000000"
	out=$(pkt --wait 500 --rx "$(vm_ns v12)/eth0" --rx "$(vm_ns v13)/eth0" \
		--rx "$(vm_ns v21)/eth0" --rx "$(vm_ns v22)/eth0" \
		--tx "$(vm_ns v11)/eth0" "$arp")
	expect_at "$out" "$(vm_ns v13)/eth0" "$arp"
	expect_at "$out" "$(vm_ns v21)/eth0" "$arp"
	expect_at "$out" "$(vm_ns v12)/eth0"
	expect_at "$out" "$(vm_ns v22)/eth0"
	log_test "two hv ($ROUND): ARP from VLAN 10 on h1 reaches VLAN 10 VMs only"
}

qinq_no_hop()
{
	local f out

	f=$(frame $BCAST 02000000b011 88a80003 81000014)
	out=$(pkt --wait 500 --rx "$(vm_ns v12)/eth0" --rx "$(vm_ns v13)/eth0" \
		--rx "$(vm_ns v21)/eth0" --rx "$(vm_ns v22)/eth0" \
		--tx "$(vm_ns v11)/eth0" "$f")
	expect_at "$out" "$(vm_ns v13)/eth0" "$f"
	expect_at "$out" "$(vm_ns v21)/eth0" "$f"
	expect_at "$out" "$(vm_ns v12)/eth0"
	expect_at "$out" "$(vm_ns v22)/eth0"
	log_test "two hv ($ROUND): QinQ frame from VLAN 10 stays in VLAN 10, tags kept"
}

to_tc_total()
{
	$1 -j stats | jq '[.[].events.xdp_to_tc] | add // 0'
}

path_taken()
{
	local n

	[ "$(stat_on bv1 trk .rx_packets)" -gt 0 ] &&
		[ "$(stat_on bv2 trk .rx_packets)" -gt 0 ]
	check_err $? "a trunk port counted no frames"
	case $ROUND in
	xdp)
		n=$(( $(to_tc_total bv1) + $(to_tc_total bv2) ))
		[ "$n" -eq 0 ]
		check_err $? "$n frame(s) went to TC with XDP everywhere"
		;;
	tc)
		bv1 -j port show dev trk | jq -e '.[0].xdp == false' >/dev/null &&
			bv2 -j port show dev trk | jq -e '.[0].xdp == false' >/dev/null
		check_err $? "a trunk port in mode tc has XDP"
		[ "$(stat_on bv1 v11 .events.xdp_to_tc)" -gt 0 ] &&
			[ "$(stat_on bv2 v21 .events.xdp_to_tc)" -gt 0 ]
		check_err $? "frames towards a TC-only trunk did not go through TC"
		;;
	tc-xdp)
		bv1 -j port show | jq -e 'all(.[]; .xdp == false)' >/dev/null
		check_err $? "a port of h1 in mode tc has XDP"
		# Everything from h1 is forwarded by h2's XDP. (A tag left
		# in skb metadata would reach it as an untagged frame, in
		# native VLAN 10: VLAN 20 pings fail, QinQ hops to VLAN 20.)
		n=$(stat_on bv2 trk .events.xdp_to_tc)
		[ "$n" -eq 0 ]
		check_err $? "h2's trunk handed $n frame(s) to TC"
		;;
	tc-all)
		bv1 -j port show | jq -e 'all(.[]; .xdp == false)' >/dev/null &&
			bv2 -j port show | jq -e 'all(.[]; .xdp == false)' >/dev/null
		check_err $? "a port in mode tc has XDP"
		;;
	esac
	log_test "two hv ($ROUND): frames took the $ROUND path"
}

require_root
require_cmd ip jq ethtool ping
require_built
setup
ROUNDS="xdp tc tc-xdp"
if ! veth_xdp_ok; then
	log_info "kernel $(uname -r): no usable bpf_xdp_metadata_rx_vlan_tag (6.18+): TC only (no mode xdp on veths)"
	ROUNDS=tc-all
fi
for ROUND in $ROUNDS; do
	case $ROUND in
	xdp) attach_all xdp xdp xdp xdp off ;;
	tc) attach_all xdp xdp tc tc off ;;
	tc-xdp) attach_all tc xdp tc xdp on ;;
	tc-all) attach_all tc tc tc tc off ;;
	esac
	tests_run
done
