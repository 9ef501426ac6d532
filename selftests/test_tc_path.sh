#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The TC path: frames XDP cannot carry still arrive.
# VLAN 10: q1, q3 access (peers with GRO), q2 access (peer with neither
# XDP nor GRO: redirecting XDP frames into it would lose them), q4 trunk
# (peer with GRO). VLAN 20: j1, j2 access with MTU 9000 on both ends of
# their veths, js access with MTU 1500 (all peers with GRO).
# Checked: unicast and flood reach q2 through TC (xdp_to_tc), while the
# same traffic to q3 stays in XDP; full-size frames are not "oversize"
# when they leave a trunk tagged (1518 bytes); jumbo frames (bvpkt, ping
# -s 8000) go through TC; a jumbo frame for js is dropped as oversize.

ALL_TESTS="unicast_to_non_xdp_peer flood_with_non_xdp_member
	   full_size_tagged jumbo_through_tc jumbo_oversize"
source "$(dirname "$0")/lib.sh"

ns_of() { printf 'tq-%s-%s' "$1" "$ID"; }
ep_of() { printf '%s/eth0' "$(ns_of "$1")"; }
dev_of() { printf 'tq%s%s' "$1" "$ID"; }

setup()
{
	local h

	bridge_load || exit 1
	host_ns_add "$(ns_of q1)" "$(dev_of q1)" gro &&
	host_ns_add "$(ns_of q2)" "$(dev_of q2)" &&
	host_ns_add "$(ns_of q3)" "$(dev_of q3)" gro &&
	host_ns_add "$(ns_of q4)" "$(dev_of q4)" gro &&
	host_ns_add "$(ns_of j1)" "$(dev_of j1)" gro &&
	host_ns_add "$(ns_of j2)" "$(dev_of j2)" gro &&
	host_ns_add "$(ns_of js)" "$(dev_of js)" gro || exit 1
	# MTU before attach: an XDP program fixes a veth's MTU limit.
	for h in j1 j2; do
		ip link set "$(dev_of $h)" mtu 9000 &&
			ip -n "$(ns_of $h)" link set eth0 mtu 9000 || exit 1
	done
	bv attach "$(dev_of q1)" access 10 mode xdp && bv attach "$(dev_of q2)" access 10 mode xdp &&
	bv attach "$(dev_of q3)" access 10 mode xdp && bv attach "$(dev_of q4)" trunk 10 mode xdp &&
	bv attach "$(dev_of j1)" access 20 mode xdp && bv attach "$(dev_of j2)" access 20 mode xdp &&
	bv attach "$(dev_of js)" access 20 mode xdp || exit 1
	ip -n "$(ns_of q1)" addr add 192.0.2.1/24 dev eth0
	ip -n "$(ns_of q2)" addr add 192.0.2.2/24 dev eth0
	ip -n "$(ns_of j1)" addr add 198.51.100.1/24 dev eth0
	ip -n "$(ns_of j2)" addr add 198.51.100.2/24 dev eth0
}

to_tc()
{
	stat_of "$(dev_of "$1")" .events.xdp_to_tc
}

# big DST SRC LEN: an untagged frame of LEN bytes carrying the marker.
big()
{
	printf '%s%s88b5%s%0*d' "$1" "$2" "$MARK" $(( ($3 - 18) * 2 )) 0
}

unicast_to_non_xdp_peer()
{
	local out f before

	bv -j port show | jq -e --arg q2 "$(dev_of q2)" \
		'all(.[]; .xdp and .xdp_tx == (.ifname != $q2))' >/dev/null
	check_err $? "want XDP on every port, xdp_tx on all but q2"
	ip netns exec "$(ns_of q1)" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null
	check_err $? "q1 cannot ping q2"

	# q2's MAC is learned now; q3's from a first frame.
	pkt --wait 100 --tx "$(ep_of q3)" "$(frame $BCAST 02000000a003)" \
		>/dev/null
	before=$(to_tc q1)
	f=$(frame "$(mac_of "$(ns_of q2)")" 02000000a001)
	out=$(pkt --wait 300 --rx "$(ep_of q2)" --rx "$(ep_of q3)" \
		--rx "$(ep_of q4)" --tx "$(ep_of q1)" "$f")
	expect_at "$out" "$(ep_of q2)" "$f"
	expect_at "$out" "$(ep_of q3)"
	expect_at "$out" "$(ep_of q4)"
	[ "$(to_tc q1)" -eq $((before + 1)) ]
	check_err $? "unicast to q2 did not go through TC"

	before=$(to_tc q1)
	f=$(frame 02000000a003 02000000a001)
	out=$(pkt --wait 300 --rx "$(ep_of q2)" --rx "$(ep_of q3)" \
		--tx "$(ep_of q1)" "$f")
	expect_at "$out" "$(ep_of q3)" "$f"
	expect_at "$out" "$(ep_of q2)"
	[ "$(to_tc q1)" -eq "$before" ]
	check_err $? "unicast to q3 (peer with GRO) went through TC"
	log_test "tc path: unicast to a peer without XDP/GRO via TC, to q3 via XDP"
}

flood_with_non_xdp_member()
{
	local out f g before10 before20

	before10=$(to_tc q3)
	before20=$(to_tc j1)
	f=$(frame $BCAST 02000000a013)
	g=$(frame $BCAST 02000000a021)
	out=$(pkt --wait 400 --rx "$(ep_of q1)" --rx "$(ep_of q2)" \
		--rx "$(ep_of q4)" --rx "$(ep_of j2)" --rx "$(ep_of js)" \
		--tx "$(ep_of q3)" "$f" --tx "$(ep_of j1)" "$g")
	expect_at "$out" "$(ep_of q1)" "$f"
	expect_at "$out" "$(ep_of q2)" "$f"
	expect_at "$out" "$(ep_of q4)" "$(tag_into "$f" 8100000a)"
	expect_at "$out" "$(ep_of j2)" "$g"
	expect_at "$out" "$(ep_of js)" "$g"
	[ "$(to_tc q3)" -eq $((before10 + 1)) ]
	check_err $? "flood in VLAN 10 (q2 a member) did not go through TC"
	[ "$(to_tc j1)" -eq "$before20" ]
	check_err $? "flood in VLAN 20 (all members XDP) went through TC"
	log_test "tc path: flood with a non-XDP member via TC, reaches all once"
}

full_size_tagged()
{
	local out f u before

	# 1514 bytes: a full 1500-byte MTU frame, 1518 once tagged on q4.
	f=$(big $BCAST 02000000a031 1514)
	before=$(to_tc q1)
	out=$(pkt --wait 400 --rx "$(ep_of q2)" --rx "$(ep_of q3)" \
		--rx "$(ep_of q4)" --tx "$(ep_of q1)" "$f")
	expect_at "$out" "$(ep_of q2)" "$f"
	expect_at "$out" "$(ep_of q3)" "$f"
	expect_at "$out" "$(ep_of q4)" "$(tag_into "$f" 8100000a)"
	[ "$(to_tc q1)" -eq $((before + 1)) ]
	check_err $? "flood with q2 as member did not go through TC"

	# Unicast q3 -> q4 in XDP (both peers with GRO).
	pkt --wait 100 --tx "$(ep_of q4)" "$(frame $BCAST 02000000a034 8100000a)" \
		>/dev/null
	u=$(big 02000000a034 02000000a033 1514)
	before=$(to_tc q3)
	out=$(pkt --wait 300 --rx "$(ep_of q4)" --tx "$(ep_of q3)" "$u")
	expect_at "$out" "$(ep_of q4)" "$(tag_into "$u" 8100000a)"
	[ "$(to_tc q3)" -eq "$before" ]
	check_err $? "1514-byte unicast to q4 did not stay in XDP"
	[ "$(stat_of "$(dev_of q4)" .drops.oversize)" -eq 0 ]
	check_err $? "a full-size frame was counted oversize on the trunk"
	log_test "tc path: 1514-byte frames leave a trunk as 1518 (TC and XDP)"
}

jumbo_through_tc()
{
	local out f u before1 before2

	before1=$(to_tc j1)
	f=$(big $BCAST 02000000a041 8000)
	out=$(pkt --wait 400 --rx "$(ep_of j2)" --tx "$(ep_of j1)" "$f")
	expect_at "$out" "$(ep_of j2)" "$f"
	pkt --wait 100 --tx "$(ep_of j2)" "$(frame $BCAST 02000000a042)" >/dev/null
	u=$(big 02000000a042 02000000a041 8000)
	out=$(pkt --wait 300 --rx "$(ep_of j2)" --rx "$(ep_of js)" \
		--tx "$(ep_of j1)" "$u")
	expect_at "$out" "$(ep_of j2)" "$u"
	expect_at "$out" "$(ep_of js)"
	[ "$(to_tc j1)" -eq $((before1 + 2)) ]
	check_err $? "8000-byte flood + unicast: xdp_to_tc of j1 is $(to_tc j1), want $((before1 + 2))"

	before1=$(to_tc j1)
	before2=$(to_tc j2)
	ip netns exec "$(ns_of j1)" ping -c 3 -i 0.2 -W 1 -s 8000 -M "do" \
		198.51.100.2 >/dev/null
	check_err $? "ping -s 8000 from j1 to j2 failed"
	[ "$(to_tc j1)" -ge $((before1 + 3)) ] && [ "$(to_tc j2)" -ge $((before2 + 3)) ]
	check_err $? "the 8000-byte pings did not go through TC"
	log_test "tc path: 8000-byte frames and ping -s 8000 delivered via TC"
}

jumbo_oversize()
{
	local out f n

	pkt --wait 100 --tx "$(ep_of js)" "$(frame $BCAST 02000000a05f)" >/dev/null
	n=$(stat_of "$(dev_of js)" .drops.oversize)
	# Flood: j2 gets it, js (MTU 1500) not. Unicast to js: dropped.
	f=$(big $BCAST 02000000a051 8000)
	out=$(pkt --wait 400 --rx "$(ep_of j2)" --rx "$(ep_of js)" \
		--tx "$(ep_of j1)" "$f" \
		--tx "$(ep_of j1)" "$(big 02000000a05f 02000000a051 8000)")
	expect_at "$out" "$(ep_of j2)" "$f"
	expect_at "$out" "$(ep_of js)"
	[ "$(stat_of "$(dev_of js)" .drops.oversize)" -eq $((n + 2)) ]
	check_err $? "drops.oversize of js did not count the flood copy and the unicast"
	log_test "tc path: 8000-byte frames for an MTU 1500 port dropped as oversize"
}

run_tests --veth-xdp ip jq ethtool ping
