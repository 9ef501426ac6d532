#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Conformance: the cases of the kernel's net/forwarding/bridge_vlan_aware.sh
# that apply (other TPID as untagged, 802.1p to the PVID, untagged and
# 802.1p dropped without a PVID, VLAN deletion keeps the PVID) and the
# rest of DESIGN §2's ingress rules, each checked on the wire and by its
# named drop counter in `bpfvlan -j stats`.
# Ports: a, b access 10; t trunk 10,20 (no native); n trunk 10 native 20;
# p a tap on access 10. Two rounds: every port with XDP (decisions in XDP),
# then every port `mode tc` (decisions in TC, where the kernel has moved
# 802.1Q and 802.1ad tags into skb metadata). Tagged runts: XDP only.

ALL_TESTS="other_tpid_untagged priority_tag_to_pvid untagged_no_native
	   tagged_on_access nested_tag link_local bad_src hairpin
	   vlan_del_keeps_pvid tagged_runt"
source "$(dirname "$0")/lib.sh"

A=cf-a-$ID B=cf-b-$ID T=cf-t-$ID N=cf-n-$ID
P=tap:cfp$ID
ROUND=0
MODE=

setup()
{
	bridge_load || exit 1
	host_ns_add "$A" "cfa$ID" gro && host_ns_add "$B" "cfb$ID" gro &&
	host_ns_add "$T" "cft$ID" gro && host_ns_add "$N" "cfn$ID" gro || exit 1
	tap_add "cfp$ID" || exit 1
}

# attach_all xdp|tc
attach_all()
{
	local dev

	MODE=$1
	ROUND=$((ROUND + 1))
	for dev in "cfa$ID" "cfb$ID" "cft$ID" "cfn$ID" "cfp$ID"; do
		bv detach "$dev" 2>/dev/null
	done
	bv attach "cfa$ID" access 10 mode "$MODE" &&
	bv attach "cfb$ID" access 10 mode "$MODE" &&
	bv attach "cft$ID" trunk 10,20 mode "$MODE" &&
	bv attach "cfn$ID" trunk 10 native 20 mode "$MODE" &&
	bv attach "cfp$ID" access 10 mode "$MODE"
	check_err $? "cannot attach the ports in mode $MODE"
	log_test "conformance: ports attached, mode $MODE"
}

# send FRAME-ARGS...: pkt with every endpoint listening.
send()
{
	pkt --wait 300 --rx "$A/eth0" --rx "$B/eth0" --rx "$T/eth0" \
		--rx "$N/eth0" --rx "$P" "$@"
}

# dropped_on DEV REASON BEFORE N: drops.REASON of DEV grew by N.
dropped_on()
{
	local now

	now=$(stat_of "$1" ".drops.$2")
	[ "$now" -eq $(($3 + $4)) ]
	check_err $? "drops.$2 of $1 is $now, want $(($3 + $4))"
}

other_tpid_untagged()
{
	local fa ft fn out nn

	# 88a8 VID 3 + 8100 VID 5: untagged, so in the PVID; not VID 3 or 5.
	fa=$(frame $BCAST "$(mac 1)" 88a80003 81000005)
	ft=$(frame $BCAST "$(mac 2)" 88a80003 81000005)
	fn=$(frame $BCAST "$(mac 3)" 88a80003 81000005)
	nn=$(stat_of "cft$ID" .drops.untagged_no_native)
	out=$(send --tx "$A/eth0" "$fa" --tx "$T/eth0" "$ft" --tx "$N/eth0" "$fn")
	expect_at "$out" "$B/eth0" "$fa"
	expect_at "$out" "$P" "$fa"
	expect_at "$out" "$T/eth0" "$(tag_into "$fa" 8100000a)" \
		"$(tag_into "$fn" 81000014)"
	expect_at "$out" "$N/eth0" "$(tag_into "$fa" 8100000a)"
	expect_at "$out" "$A/eth0"
	bv -j fdb show | jq -e --arg m "$(colon "$(mac 1)")" \
		'[.[] | select(.mac == $m)] | length == 1 and .[0].vlan == 10' \
		>/dev/null
	check_err $? "source of the 88a8 frame not learned in VLAN 10 (only)"
	dropped_on "cft$ID" untagged_no_native "$nn" 1
	log_test "conformance ($MODE): 802.1ad outer tag is payload, frame in PVID"
}

priority_tag_to_pvid()
{
	local fa fn out

	fa=$(frame $BCAST "$(mac 10)" "$(tag 8100 6 0)")
	fn=$(frame $BCAST "$(mac 11)" "$(tag 8100 6 0)")
	out=$(send --tx "$A/eth0" "$fa" --tx "$N/eth0" "$fn")
	expect_at "$out" "$B/eth0" "$(untag "$fa")"
	expect_at "$out" "$P" "$(untag "$fa")"
	expect_at "$out" "$T/eth0" "$(tag_into "$(untag "$fa")" 8100c00a)" \
		"$(tag_into "$(untag "$fn")" 8100c014)"
	expect_at "$out" "$N/eth0" "$(tag_into "$(untag "$fa")" 8100c00a)"
	log_test "conformance ($MODE): 802.1p (VID 0) to the PVID, PCP kept"
}

untagged_no_native()
{
	local out nn

	nn=$(stat_of "cft$ID" .drops.untagged_no_native)
	out=$(send --tx "$T/eth0" "$(frame $BCAST "$(mac 20)")" \
		--tx "$T/eth0" "$(frame $BCAST "$(mac 21)" "$(tag 8100 3 0)")")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cft$ID" untagged_no_native "$nn" 2
	log_test "conformance ($MODE): untagged and 802.1p dropped on a trunk without native VLAN"
}

tagged_on_access()
{
	local out n

	n=$(stat_of "cfa$ID" .drops.tagged_on_access)
	out=$(send --tx "$A/eth0" "$(frame $BCAST "$(mac 30)" 8100000a)" \
		--tx "$A/eth0" "$(frame $BCAST "$(mac 30)" 81000014)")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfa$ID" tagged_on_access "$n" 2
	log_test "conformance ($MODE): tagged frames dropped on an access port"
}

nested_tag()
{
	local out na nt

	na=$(stat_of "cfa$ID" .drops.nested_tag)
	nt=$(stat_of "cft$ID" .drops.nested_tag)
	out=$(send --tx "$A/eth0" "$(frame $BCAST "$(mac 40)" 81000000 81000014)" \
		--tx "$T/eth0" "$(frame $BCAST "$(mac 41)" 8100a000 8100000a)")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfa$ID" nested_tag "$na" 1
	dropped_on "cft$ID" nested_tag "$nt" 1
	log_test "conformance ($MODE): priority tag + inner 802.1Q tag dropped"
}

link_local()
{
	local out n

	n=$(stat_of "cfa$ID" .drops.link_local)
	out=$(send --tx "$A/eth0" "$(frame 0180c200000e "$(mac 50)")" \
		--tx "$A/eth0" "$(frame 0180c2000000 "$(mac 50)")" \
		--tx "$A/eth0" "$(frame 0180c2000003 "$(mac 50)")")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfa$ID" link_local "$n" 3
	log_test "conformance ($MODE): 01:80:c2:00:00:0X not forwarded, counted"
}

bad_src()
{
	local out n

	n=$(stat_of "cfa$ID" .drops.bad_src)
	out=$(send --tx "$A/eth0" "$(frame $BCAST ffffffffffff)" \
		--tx "$A/eth0" "$(frame $BCAST 01005e000001)" \
		--tx "$A/eth0" "$(frame $BCAST 000000000000)")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfa$ID" bad_src "$n" 3
	log_test "conformance ($MODE): broadcast, multicast, zero source dropped"
}

hairpin()
{
	local out n

	send --tx "$A/eth0" "$(frame $BCAST "$(mac 60)")" >/dev/null
	n=$(stat_of "cfa$ID" .drops.hairpin)
	out=$(send --tx "$A/eth0" "$(frame "$(mac 60)" "$(mac 61)")")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfa$ID" hairpin "$n" 1
	log_test "conformance ($MODE): destination on the ingress port dropped"
}

vlan_del_keeps_pvid()
{
	local f out

	bv vlan add dev "cfn$ID" vid 30 && bv vlan del dev "cfn$ID" vid 30
	check_err $? "vlan add/del of VID 30 on n failed"
	bv -j vlan show dev "cfn$ID" | jq -e '.[0].vlans == [
		{"vlan": 10, "flags": []},
		{"vlan": 20, "flags": ["PVID", "Egress Untagged"]}]' >/dev/null
	check_err $? "VLANs of n are not 10 and native 20"
	f=$(frame $BCAST "$(mac 70)")
	out=$(send --tx "$N/eth0" "$f")
	expect_at "$out" "$T/eth0" "$(tag_into "$f" 81000014)"
	expect_at "$out" "$A/eth0"
	log_test "conformance ($MODE): adding and deleting a VLAN keeps the PVID"
}

tagged_runt()
{
	local out runt toa src=02000000c0fe

	if [ "$MODE" = tc ]; then
		log_info "tagged runts: XDP only (the kernel frees them before TC)"
		return 0
	fi
	runt=$(stat_of "cfp$ID" .drops.runt)
	toa=$(stat_of "cfp$ID" .drops.tagged_on_access)
	# 18 bytes 8100, 19 bytes 88a8: runts. 20 bytes 8100: long enough,
	# so it is judged as a tagged frame on an access port instead.
	out=$("$BVPKT" --match "$src" --wait 300 --rx "$A/eth0" \
		--rx "$B/eth0" --rx "$T/eth0" --rx "$N/eth0" \
		--tx "$P" "${BCAST}${src}8100000a88b5" \
		--tx "$P" "${BCAST}${src}88a8000a88b500" \
		--tx "$P" "${BCAST}${src}8100000a88b5beef")
	[ -z "$out" ]
	check_err $? "forwarded: $out"
	dropped_on "cfp$ID" runt "$runt" 2
	dropped_on "cfp$ID" tagged_on_access "$toa" 1
	log_test "conformance ($MODE): tagged runts from a tap dropped as runt"
}

require_root
require_cmd ip jq ethtool
require_built
[ -c /dev/net/tun ] || skip_test tun "no /dev/net/tun"
setup
MODES="xdp tc"
if ! veth_xdp_ok; then
	log_info "kernel $(uname -r): no usable bpf_xdp_metadata_rx_vlan_tag (6.18+): no XDP round (mode xdp on veths)"
	MODES=tc
fi
tests_run_rounds attach_all $MODES
