#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile traffic: malformed frames written into taps the way QEMU writes
# them (bvpkt tap:DEV). tva is a VM's access tap on VLAN 10; tvt a VM's
# trunk tap on 10,20,30 without native VLAN; h1 (GRO: XDP egress) and h2
# (no GRO: TC egress) are on VLAN 10, h3 on VLAN 20 (and 30 has only tvt).
#
#   runts       0..13 bytes: the tap itself refuses them; 14..19 bytes
#               with an 802.1Q or 802.1ad outer type, and a cut inner
#               tag: drops.runt; 14..20-byte untagged frames are whole
#               frames and forwarded as they are.
#   bad_src     multicast, broadcast, zero source: drops.bad_src.
#   link_local  01:80:c2:00:00:00/03/0e: not forwarded, drops.link_local;
#               01:80:c2:00:00:10 is plain multicast and floods.
#   tags        20-byte tagged on access (tagged_on_access); priority tag +
#               inner 802.1Q tag: 24 bytes nested_tag, 20..23 bytes runt;
#               20-byte priority-tagged frame forwarded, untagged.
#   trunk       untagged and priority-tagged without native VLAN
#               (untagged_no_native), VIDs 40, 4011, 4095 not allowed
#               (vlan_not_allowed), VLAN 30 with no other member
#               (no_egress), a 16-byte tagged frame (runt); 20 bytes
#               tagged is a whole frame and forwarded.
#   hairpin     unicast to a MAC learned on the tap itself: drops.hairpin.
#   oversize    1600/4000/9000-byte frames into a 1500-MTU VLAN: nothing
#               delivered, drops.oversize on each egress port; 1514 bytes
#               untagged and 1518 priority-tagged still go through.
#   alive       after all that: the programs are still attached, frames
#               from the taps and a ping between h1 and h2 get through.
# Each case asserts the exact count of its drop reason on its port.

ALL_TESTS="bad_runts_refused bad_runts bad_src bad_link_local bad_tags
	   bad_trunk bad_hairpin bad_oversize bad_alive"
source "$(dirname "$0")/lib.sh"

H1=hm-h1-$ID H2=hm-h2-$ID H3=hm-h3-$ID
P1=hm1$ID P2=hm2$ID P3=hm3$ID
TA=hva$ID TT=hvt$ID
VM=0200000000a1			# the access VM's MAC
VT=0200000000b1			# the trunk VM's MAC
MAC1=''

# zeros N: N zero bytes as hex.
zeros()
{
	[ "$1" -gt 0 ] && printf "%0$(( 2 * $1 ))d" 0
}

# drop_is DEV REASON N: drops.REASON of DEV is N.
drop_is()
{
	local got

	got=$(stat_of "$1" ".drops.$2")
	[ "$got" -eq "$3" ]
	check_err $? "$1: drops.$2 is $got, want $3"
}

setup()
{
	bridge_load || exit 1
	tap_add "$TA" && tap_add "$TT" || exit 1
	host_ns_add "$H1" "$P1" gro && host_ns_add "$H2" "$P2" &&
		host_ns_add "$H3" "$P3" gro || exit 1
	bv attach "$TA" access 10 mode xdp && bv attach "$TT" trunk 10,20,30 mode xdp &&
		bv attach "$P1" access 10 mode xdp && bv attach "$P2" access 10 mode xdp &&
		bv attach "$P3" access 20 mode xdp || exit 1
	ip -n "$H1" addr add 192.0.2.1/24 dev eth0
	ip -n "$H2" addr add 192.0.2.2/24 dev eth0
	MAC1=$(mac_of "$H1")
	# h1 is learned (for the unicast oversize case).
	pkt --wait 0 --tx "$H1/eth0" "$(frame $BCAST "$MAC1")" || exit 1
}

# tx_tap TAP HEX...: write each frame into TAP, report what h1..h3 got of
# frames whose bytes contain the MATCH given in $MATCH.
tx_tap()
{
	local tap=$1 args=() f; shift

	for f in "$@"; do
		args+=(--tx "tap:$tap" "$f")
	done
	"$BVPKT" --match "$MATCH" --wait 400 --rx "$H1/eth0" --rx "$H2/eth0" \
		--rx "$H3/eth0" "${args[@]}"
}

bad_runts_refused()
{
	local n h all=${BCAST}${VM}88b5

	# The tap takes no frame shorter than an Ethernet header: such runts
	# cannot come from a VM (they are XDP's to drop on a NIC).
	for n in $(seq 0 13); do
		h=${all:0:$((2 * n))}
		"$BVPKT" --wait 0 --tx "tap:$TA" "$h" 2>/dev/null
		check_fail $? "the tap accepted a $n-byte frame"
	done
	drop_is "$TA" runt 0
	log_test "malformed: the tap refuses frames of 0..13 bytes"
}

bad_runts()
{
	local frames=() want=() n out tpid f

	for tpid in 8100 88a8; do
		f=${BCAST}${VM}${tpid}$(zeros 6)
		for n in $(seq 14 19); do
			frames+=("${f:0:$((2 * n))}")
		done
	done
	# Priority tag + an inner tag cut after its TPID: 18 bytes.
	frames+=("${BCAST}${VM}8100000081000000" )
	frames[-1]=${frames[-1]:0:36}
	# Whole untagged frames of 14..20 bytes: forwarded as they are.
	for n in $(seq 14 20); do
		want+=("${BCAST}${VM}88b5$(zeros $((n - 14)))")
	done
	out=$(MATCH="${BCAST}${VM}" tx_tap "$TA" "${frames[@]}" "${want[@]}")
	expect_at "$out" "$H1/eth0" "${want[@]}"
	expect_at "$out" "$H2/eth0" "${want[@]}"
	expect_at "$out" "$H3/eth0"
	drop_is "$TA" runt 13
	log_test "malformed: tagged runts 14..19 B dropped, short untagged pass"
}

bad_src()
{
	local out s frames=()

	for s in 01005e000001 ffffffffffff 000000000000 0300000000a1; do
		frames+=("$(frame $BCAST "$s")")
	done
	out=$(MATCH=$MARK tx_tap "$TA" "${frames[@]}")
	[ -z "$out" ]
	check_err $? "a frame with a group or zero source got through: $out"
	drop_is "$TA" bad_src 4
	log_test "malformed: group / zero source dropped (bad_src)"
}

bad_link_local()
{
	local out d frames=() mc

	for d in 0180c2000000 0180c2000003 0180c200000e; do
		frames+=("$(frame "$d" "$VM")")
	done
	mc=$(frame 0180c2000010 "$VM")
	out=$(MATCH=$MARK tx_tap "$TA" "${frames[@]}" "$mc")
	expect_at "$out" "$H1/eth0" "$mc"
	expect_at "$out" "$H2/eth0" "$mc"
	expect_at "$out" "$H3/eth0"
	drop_is "$TA" link_local 3
	log_test "malformed: link-local destinations kept (link_local)"
}

bad_tags()
{
	local out ta nt pt short=() n dbl

	ta=$(printf '%s%s8100000a88b5%s' $BCAST $VM "$(zeros 2)")
	# Priority tag + a whole inner 802.1Q tag: 24 bytes, nested_tag.
	# Shorter (20..23 bytes), the frame without its outer tag would be
	# a tagged runt itself: runt.
	dbl=${BCAST}${VM}810000008100001488b5$(zeros 2)
	nt=$dbl
	for n in 20 21 22 23; do
		short+=("${dbl:0:$((2 * n))}")
	done
	pt=$(printf '%s%s8100600088b5%s' $BCAST $VM "$(zeros 2)")
	out=$(MATCH="${BCAST}${VM}" tx_tap "$TA" "$ta" "$nt" "${short[@]}" "$pt")
	expect_at "$out" "$H1/eth0" "$(untag "$pt")"
	expect_at "$out" "$H2/eth0" "$(untag "$pt")"
	expect_at "$out" "$H3/eth0"
	drop_is "$TA" tagged_on_access 1
	drop_is "$TA" nested_tag 1
	drop_is "$TA" runt $((13 + 4))
	log_test "malformed: short tagged: on access, nested, runt, priority ok"
}

bad_trunk()
{
	local out ok short

	ok=$(frame $BCAST "$VT" "$(tag 8100 0 10)")
	# 20 bytes: tag + 4 bytes (the marker as "ethertype"): forwarded.
	short=${BCAST}${VT}8100000a${MARK}
	out=$(MATCH=$MARK tx_tap "$TT" \
		"$(frame $BCAST "$VT")" \
		"$(frame $BCAST "$VT" "$(tag 8100 4 0)")" \
		"$(frame $BCAST "$VT" "$(tag 8100 0 40)")" \
		"$(frame $BCAST "$VT" "$(tag 8100 0 4011)")" \
		"$(frame $BCAST "$VT" "$(tag 8100 7 4095)")" \
		"$(frame $BCAST "$VT" "$(tag 8100 0 30)")" \
		"${BCAST}${VT}8100000a" \
		"$short" "$ok")
	expect_at "$out" "$H1/eth0" "$(untag "$short")" "$(untag "$ok")"
	expect_at "$out" "$H2/eth0" "$(untag "$short")" "$(untag "$ok")"
	expect_at "$out" "$H3/eth0"
	drop_is "$TT" untagged_no_native 2
	drop_is "$TT" vlan_not_allowed 3
	drop_is "$TT" no_egress 1
	drop_is "$TT" runt 1
	log_test "malformed: trunk: no native, VIDs not allowed, lone VLAN, cut tag"
}

bad_hairpin()
{
	local out f

	# The VM's MAC is learned on the tap (from the frames above).
	f=$(frame "$VM" 0200000000a2)
	out=$(MATCH=$MARK tx_tap "$TA" "$f")
	[ -z "$out" ]
	check_err $? "a frame to a MAC on its own ingress port left: $out"
	drop_is "$TA" hairpin 1
	log_test "malformed: unicast back to ingress port dropped (hairpin)"
}

bad_oversize()
{
	local out n frames=() ok1 ok2 b1 b2

	b1=$(stat_of "$P1" .drops.oversize)
	b2=$(stat_of "$P2" .drops.oversize)
	for n in 1600 4000 9000; do
		frames+=("$(frame $BCAST "$VM")$(zeros $((n - 60)))")
	done
	# Unicast to h1, learned: oversize on h1's port only.
	frames+=("$(frame "$MAC1" "$VM")$(zeros 1940)")
	ok1="$(frame $BCAST "$VM")$(zeros 1454)"
	ok2="$(frame $BCAST "$VM" "$(tag 8100 0 0)")$(zeros 1454)"
	out=$(MATCH=$MARK tx_tap "$TA" "${frames[@]}" "$ok1" "$ok2")
	expect_at "$out" "$H1/eth0" "$ok1" "$(untag "$ok2")"
	expect_at "$out" "$H2/eth0" "$ok1" "$(untag "$ok2")"
	expect_at "$out" "$H3/eth0"
	drop_is "$P1" oversize $((b1 + 4))
	drop_is "$P2" oversize $((b2 + 3))
	drop_is "$TA" oversize 0
	log_test "malformed: frames above the MTU dropped (oversize)"
}

bad_alive()
{
	local out f

	bv -j port show | jq -e "[.[] | select(.ifname == \"$TA\" or .ifname == \"$TT\") |
		.xdp] == [true, true]" >/dev/null
	check_err $? "a tap lost its XDP program"
	f=$(frame $BCAST "$VM")
	out=$(MATCH=$MARK tx_tap "$TA" "$f")
	expect_at "$out" "$H1/eth0" "$f"
	expect_at "$out" "$H2/eth0" "$f"
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null
	check_err $? "h1 cannot ping h2 any more"
	log_test "malformed: the bridge still forwards"
}

run_tests --veth-xdp ip jq ethtool ping
