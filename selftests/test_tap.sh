#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# TAP ports driven the way QEMU drives them: persistent taps (`ip tuntap`)
# opened through /dev/net/tun, non-blocking, with a virtio-net header
# (bvpkt tap:DEV). tpa is an access tap on VLAN 10, tpt a trunk tap on
# 10,20; x and y are veth VMs on VLANs 10 and 20. Frames written into a
# tap reach the VM of their VLAN only; frames from the VMs reach the
# readers, untagged on the access tap and with the tag in the bytes read
# on the trunk tap. Two rounds: VM peers with GRO (XDP into the VMs, XDP
# floods) and without (TC into the VMs, TC floods into the taps).

ALL_TESTS="tap_to_vm vm_to_tap trunk_tap_tags"
source "$(dirname "$0")/lib.sh"

X=tp-x-$ID Y=tp-y-$ID
TA=tap:tpa$ID TT=tap:tpt$ID
ROUND=0
PATH_MODE=

setup()
{
	bridge_load || exit 1
	tap_add "tpa$ID" && tap_add "tpt$ID" || exit 1
	host_ns_add "$X" "tpx$ID" && host_ns_add "$Y" "tpy$ID" || exit 1
	bv attach "tpa$ID" access 10 mode xdp && bv attach "tpt$ID" trunk 10,20 mode xdp &&
	bv attach "tpx$ID" access 10 mode xdp && bv attach "tpy$ID" access 20 mode xdp || exit 1
}

# path_set xdp|tc: GRO of the VMs' eth0 on/off; the taps always take XDP.
path_set()
{
	local on=off want=false

	PATH_MODE=$1
	ROUND=$((ROUND + 1))
	[ "$PATH_MODE" = xdp ] && on=on && want=true
	ip netns exec "$X" ethtool -K eth0 gro $on >/dev/null &&
		ip netns exec "$Y" ethtool -K eth0 gro $on >/dev/null || return 1
	RET=0
	bv -j port show | jq -e "all(.[]; .xdp and .xdp_tx ==
		(if .ifname | test(\"^tp[xy]\") then $want else true end))" \
		>/dev/null
	check_err $? "want XDP on every port, xdp_tx $want on the VMs' ports, true on the taps"
	log_test "tap: VM peers with GRO $on -> $PATH_MODE path"
}


tap_to_vm()
{
	local f uc out before

	before=$(xdp_to_tc_total)
	f=$(frame $BCAST "$(mac 1)")
	out=$(pkt --wait 400 --rx "$X/eth0" --rx "$Y/eth0" --rx "$TT" \
		--tx "$TA" "$f")
	expect_at "$out" "$X/eth0" "$f"
	expect_at "$out" "$Y/eth0"
	expect_at "$out" "$TT" "$(tag_into "$f" 8100000a)"
	# Known unicast from the VM back to the tap, and from the tap to it.
	uc=$(frame "$(mac 1)" "$(mac 2)")
	out=$(pkt --wait 300 --rx "$TA" --rx "$TT" --rx "$Y/eth0" \
		--tx "$X/eth0" "$uc")
	expect_at "$out" "$TA" "$uc"
	expect_at "$out" "$TT"
	expect_at "$out" "$Y/eth0"
	uc=$(frame "$(mac 2)" "$(mac 1)")
	out=$(pkt --wait 300 --rx "$X/eth0" --rx "$TT" --rx "$Y/eth0" \
		--tx "$TA" "$uc")
	expect_at "$out" "$X/eth0" "$uc"
	expect_at "$out" "$TT"
	expect_at "$out" "$Y/eth0"
	path_check "$before"
	log_test "tap ($PATH_MODE): frames written into the access tap reach VLAN 10 only"
}

vm_to_tap()
{
	local fx fy out before

	before=$(xdp_to_tc_total)
	fx=$(frame $BCAST "$(mac 3)")
	fy=$(frame $BCAST "$(mac 4)")
	out=$(pkt --wait 400 --rx "$TA" --rx "$TT" --tx "$X/eth0" "$fx" \
		--tx "$Y/eth0" "$fy")
	expect_at "$out" "$TA" "$fx"
	expect_at "$out" "$TT" "$(tag_into "$fx" 8100000a)" \
		"$(tag_into "$fy" 81000014)"
	path_check "$before"
	log_test "tap ($PATH_MODE): VM frames read untagged on the access tap, tagged on the trunk tap"
}

trunk_tap_tags()
{
	local f10 f20 f30 uc out before

	before=$(xdp_to_tc_total)
	# PCP 6 on VLAN 20; VLAN 30 is not allowed on the trunk tap.
	f10=$(frame $BCAST "$(mac 5)" 8100000a)
	f20=$(frame $BCAST "$(mac 6)" 8100c014)
	f30=$(frame $BCAST "$(mac 7)" 8100001e)
	out=$(pkt --wait 400 --rx "$TA" --rx "$X/eth0" --rx "$Y/eth0" \
		--tx "$TT" "$f10" --tx "$TT" "$f20" --tx "$TT" "$f30")
	expect_at "$out" "$TA" "$(untag "$f10")"
	expect_at "$out" "$X/eth0" "$(untag "$f10")"
	expect_at "$out" "$Y/eth0" "$(untag "$f20")"
	# Known unicast from the VM on VLAN 20 to the MAC behind the tap.
	uc=$(frame "$(mac 6)" "$(mac 8)")
	out=$(pkt --wait 300 --rx "$TA" --rx "$TT" --rx "$X/eth0" \
		--tx "$Y/eth0" "$uc")
	expect_at "$out" "$TT" "$(tag_into "$uc" 81000014)"
	expect_at "$out" "$TA"
	expect_at "$out" "$X/eth0"
	path_check "$before"
	log_test "tap ($PATH_MODE): the trunk tap's tags classify and come back in the bytes"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool
require_built
[ -c /dev/net/tun ] || { echo "SKIP: no /dev/net/tun"; exit $ksft_skip; }
setup
tests_run_rounds path_set xdp tc
