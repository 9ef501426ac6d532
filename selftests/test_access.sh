#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Access ports: hosts on the same VLAN reach each other, on the XDP path
# and on the TC path; an ARP broadcast from VLAN 10 reaches every VLAN 10
# port and no VLAN 20 port; a tagged frame from an access port is dropped.
# Attach modes: the default puts veth ports on TC only; TCP through
# `mode xdp` veth ports arrives with valid checksums (the sender left them
# to offload, which an XDP redirect would lose); mode xdp needs native XDP.

ALL_TESTS="ping_same_vlan_xdp ping_same_vlan_tc arp_stays_in_vlan
	   no_ping_across_vlans tagged_on_access_dropped tcp_checksums_mode_xdp
	   default_mode_veth_is_tc mode_xdp_needs_native_xdp"
source "$(dirname "$0")/lib.sh"

# h1, h2: VLAN 10; h3, h4: VLAN 20. h1/h3 peers have GRO (XDP egress),
# h2/h4 not (TC egress), so each case crosses both paths.
setup()
{
	local i

	bridge_load || exit 1
	host_ns_add "h1-$ID" "a1$ID" gro && host_ns_add "h2-$ID" "a2$ID" &&
	host_ns_add "h3-$ID" "a3$ID" gro && host_ns_add "h4-$ID" "a4$ID" || exit 1
	bv attach "a1$ID" access 10 mode xdp && bv attach "a2$ID" access 10 mode xdp &&
	bv attach "a3$ID" access 20 mode xdp && bv attach "a4$ID" access 20 mode xdp || exit 1
	for i in 1 2 3 4; do
		ip -n "h$i-$ID" addr add "192.0.2.$i/24" dev eth0
	done
}

ping_same_vlan_xdp()
{
	# h1 -> h2 and back: after the first exchange both MACs are learned,
	# so unicast to h1 (GRO peer) goes through XDP.
	ip netns exec "h2-$ID" ping -c 3 -i 0.2 -W 1 192.0.2.1 >/dev/null
	check_err $? "h2 cannot ping h1 in VLAN 10"
	[ "$(stat_of "a1$ID" .tx_packets)" -gt 0 ]
	check_err $? "nothing counted as sent to a1"
	log_test "access: ping within VLAN 10 (XDP egress)"
}

ping_same_vlan_tc()
{
	local before after

	before=$(stat_of "a1$ID" .events.xdp_to_tc)
	ip netns exec "h1-$ID" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null
	check_err $? "h1 cannot ping h2 in VLAN 10"
	after=$(stat_of "a1$ID" .events.xdp_to_tc)
	[ "$after" -gt "$before" ]
	check_err $? "frames to a2 (peer without XDP/GRO) did not take the TC path"
	log_test "access: ping within VLAN 10 (TC egress, peer lacks XDP/GRO)"
}

arp_stays_in_vlan()
{
	local mac1 arp out i

	mac1=$(mac_of "h1-$ID")
	# ARP who-has 192.0.2.2 tell 192.0.2.1, with the test marker after it.
	arp="${BCAST}${mac1}08060001080006040001${mac1}c0000201000000000000c0000202${MARK}000000000000000000000000000000"
	out=$("$BVPKT" --match "08060001080006040001${mac1}" --wait 400 \
		--rx "h2-$ID/eth0" --rx "h3-$ID/eth0" --rx "h4-$ID/eth0" \
		--tx "h1-$ID/eth0" "$arp")
	[ "$(count_at "$out" "h2-$ID/eth0")" -eq 1 ]
	check_err $? "ARP did not reach h2 (VLAN 10) exactly once: $out"
	for i in 3 4; do
		[ "$(count_at "$out" "h$i-$ID/eth0")" -eq 0 ]
		check_err $? "ARP from VLAN 10 reached h$i (VLAN 20)"
	done
	frames_at "$out" "h2-$ID/eth0" | grep -q "^${BCAST}${mac1}0806"
	check_err $? "ARP did not arrive untagged at h2"
	log_test "access: ARP from VLAN 10 reaches VLAN 10 only"
}

no_ping_across_vlans()
{
	ip netns exec "h1-$ID" ping -c 2 -i 0.2 -W 1 192.0.2.3 >/dev/null 2>&1
	check_fail $? "h1 (VLAN 10) reached h3 (VLAN 20)"
	ip netns exec "h4-$ID" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
	check_fail $? "h4 (VLAN 20) reached h2 (VLAN 10)"
	log_test "access: no ping across VLANs"
}

tagged_on_access_dropped()
{
	local out before

	before=$(stat_of "a1$ID" .drops.tagged_on_access)
	out=$(pkt --wait 300 --rx "h2-$ID/eth0" --rx "h3-$ID/eth0" \
		--rx "h4-$ID/eth0" \
		--tx "h1-$ID/eth0" "$(frame $BCAST 020000000001 "$(tag 8100 0 20)")" \
		--tx "h1-$ID/eth0" "$(frame $BCAST 020000000001 "$(tag 8100 0 10)")")
	[ -z "$out" ]
	check_err $? "a tagged frame from an access port was forwarded: $out"
	[ "$(stat_of "a1$ID" .drops.tagged_on_access)" -eq $((before + 2)) ]
	check_err $? "drops.tagged_on_access did not count both frames"
	log_test "access: tagged frames (VID 20, and its own VID 10) dropped"
}

tcp_checksums_mode_xdp()
{
	local before csum

	# h2 (no GRO, its TCP left to checksum offload) sends to h1, whose port
	# takes XDP frames: without the guard XDP would redirect the segments
	# with their checksums unfinished.
	before=$(stat_of "a2$ID" .events.xdp_to_tc)
	ip netns exec "h1-$ID" timeout 10 iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	busywait 2000 ip netns exec "h1-$ID" sh -c "ss -ltn | grep -q :5201"
	ip netns exec "h2-$ID" timeout 8 iperf3 -c 192.0.2.1 -p 5201 -n 4M \
		>/dev/null 2>&1
	check_err $? "TCP h2 -> h1 through mode xdp ports failed"
	wait
	csum=$(ip netns exec "h1-$ID" nstat -az TcpInCsumErrors | awk '/TcpInCsumErrors/ { print $2 }')
	[ "${csum:-1}" -eq 0 ]
	check_err $? "h1 saw $csum TCP checksum errors"
	[ "$(stat_of "a2$ID" .events.xdp_to_tc)" -gt $((before + 100)) ]
	check_err $? "TCP from a veth port did not go XDP -> TC"
	log_test "access: TCP through mode xdp ports keeps offloaded checksums"
}

default_mode_veth_is_tc()
{
	local j

	host_ns_add "h5-$ID" "a5$ID" gro || exit 1
	bv attach "a5$ID" access 10
	check_err $? "attach in the default mode failed"
	j=$(bv -j port show dev "a5$ID")
	[ "$(jq -r '.[0].attach + " " + .[0].path' <<<"$j")" = "auto tc" ]
	check_err $? "default mode on a veth is not TC only: $j"
	ip -j link show "a5$ID" | jq -e '.[0].xdp == null' >/dev/null
	check_err $? "an XDP program is on a veth port in the default mode"
	ip netns exec "h5-$ID" ethtool -k eth0 |
		grep -q "^tcp-segmentation-offload: on"
	check_err $? "the VM side of a default-mode port lost TSO"
	bv detach "a5$ID"
	log_test "access: default mode on a veth port is TC only (peer keeps TSO)"
}

mode_xdp_needs_native_xdp()
{
	local out

	ip link add "d6$ID" type ifb || exit 1
	defer ip link del "d6$ID"
	out=$(bv attach "d6$ID" access 10 mode xdp 2>&1)
	[ $? -eq 1 ] && grep -q "d6$ID.*no native XDP" <<<"$out"
	check_err $? "mode xdp on an ifb device: $out"
	bv -j port show | jq -e --arg d "d6$ID" 'all(.[]; .ifname != $d)' >/dev/null
	check_err $? "the refused port was added"
	tc qdisc show dev "d6$ID" | grep -q clsact
	check_fail $? "the refused attach left a clsact qdisc"
	log_test "access: mode xdp is refused where the driver has no native XDP"
}

run_tests --veth-xdp ip jq ethtool ping iperf3 ss nstat
