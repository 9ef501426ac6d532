#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile traffic: spoofing a static MAC. h1's MAC is a static FDB entry
# (VLAN 10, port of h1). Attackers on access VLAN 10 -- atk on the XDP
# path, atc in mode tc -- and a trunk VM (VLANs 10, 20) send frames with
# h1's MAC as source.
#
#   static       broadcast and unicast frames from h1's MAC on other ports
#                of VLAN 10 are dropped and counted (drops.static_move on
#                the port they came in on), reach nobody, and the entry
#                stays on h1's port: traffic to h1 still goes to h1 only.
#   other_vlan   the same MAC in VLAN 20 is another key: forwarded there,
#                learned there, nothing counted.
#   learned      contrast: a learned (non-static) MAC does move when
#                spoofed -- that is what static entries are for.

ALL_TESTS="spoof_static spoof_other_vlan spoof_learned_moves"
source "$(dirname "$0")/lib.sh"

H1=hs-h1-$ID H2=hs-h2-$ID H3=hs-h3-$ID HK=hs-atk-$ID HC=hs-atc-$ID HT=hs-trk-$ID
P1=hs1$ID P2=hs2$ID P3=hs3$ID PK=hsk$ID PC=hsc$ID PT=hst$ID
MAC1='' MAC2=''

setup()
{
	bridge_load || exit 1
	host_ns_add "$H1" "$P1" gro && host_ns_add "$H2" "$P2" gro &&
		host_ns_add "$H3" "$P3" gro && host_ns_add "$HK" "$PK" gro &&
		host_ns_add "$HC" "$PC" gro && host_ns_add "$HT" "$PT" gro || exit 1
	bv attach "$P1" access 10 mode xdp && bv attach "$P2" access 10 mode xdp &&
		bv attach "$P3" access 20 mode xdp && bv attach "$PK" access 10 mode xdp &&
		bv attach "$PC" access 10 mode tc &&
		bv attach "$PT" trunk 10,20 mode xdp || exit 1
	MAC1=$(mac_of "$H1")
	MAC2=$(mac_of "$H2")
	bv fdb add "$(colon "$MAC1")" dev "$P1" vid 10 || exit 1
	# h2 is learned.
	pkt --wait 0 --tx "$H2/eth0" "$(frame $BCAST "$MAC2")" || exit 1
	busywait 1000 entry_is "$MAC2" 10 "$P2 " || exit 1
}

all_rx()
{
	rx_eps "$H1" "$H2" "$H3" "$HK" "$HC" "$HT"
}

spoof_static()
{
	local out bk bc bt fb fu ft f21

	bk=$(stat_of "$PK" .drops.static_move)
	bc=$(stat_of "$PC" .drops.static_move)
	bt=$(stat_of "$PT" .drops.static_move)
	fb=$(frame $BCAST "$MAC1")
	fu=$(frame "$MAC2" "$MAC1")
	ft=$(frame $BCAST "$MAC1" "$(tag 8100 0 10)")
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(all_rx) \
		--tx "$HK/eth0" "$fb" --tx "$HK/eth0" "$fu" \
		--tx "$HC/eth0" "$fb" --tx "$HC/eth0" "$fu" \
		--tx "$HT/eth0" "$ft")
	[ -z "$out" ]
	check_err $? "a frame spoofing h1's static MAC got through: $out"
	[ "$(stat_of "$PK" .drops.static_move)" -eq $((bk + 2)) ] &&
		[ "$(stat_of "$PC" .drops.static_move)" -eq $((bc + 2)) ] &&
		[ "$(stat_of "$PT" .drops.static_move)" -eq $((bt + 1)) ]
	check_err $? "drops.static_move: atk $bk->$(stat_of "$PK" .drops.static_move) (+2), atc $bc->$(stat_of "$PC" .drops.static_move) (+2), trunk $bt->$(stat_of "$PT" .drops.static_move) (+1)"
	[ "$(stat_of "$P1" .drops.static_move)" -eq 0 ]
	check_err $? "h1's own port counted static_move"
	[ "$(fdb_entry "$MAC1" 10)" = "$P1 static" ]
	check_err $? "the static entry moved: '$(fdb_entry "$MAC1" 10)'"

	# Traffic to h1 still reaches h1 only.
	f21=$(frame "$MAC1" "$MAC2")
	# shellcheck disable=SC2046
	out=$(pkt --wait 300 $(all_rx) --tx "$H2/eth0" "$f21")
	expect_at "$out" "$H1/eth0" "$f21"
	[ "$(count_at "$out" "$H1/eth0")" -eq "$(printf '%s\n' "$out" | grep -c .)" ]
	check_err $? "unicast to h1 went elsewhere too: $out"
	log_test "spoof: h1's static MAC from other ports dropped (static_move)"
}

spoof_other_vlan()
{
	local out f before

	before=$(stat_of "$PT" .drops.static_move)
	f=$(frame $BCAST "$MAC1" "$(tag 8100 0 20)")
	# shellcheck disable=SC2046
	out=$(pkt --wait 300 $(all_rx) --tx "$HT/eth0" "$f")
	expect_at "$out" "$H3/eth0" "$(untag "$f")"
	[ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ]
	check_err $? "VLAN 20 frame reached more than h3: $out"
	[ "$(fdb_entry "$MAC1" 20)" = "$PT " ] &&
		[ "$(fdb_entry "$MAC1" 10)" = "$P1 static" ]
	check_err $? "VLAN 20: '$(fdb_entry "$MAC1" 20)', VLAN 10: '$(fdb_entry "$MAC1" 10)'"
	[ "$(stat_of "$PT" .drops.static_move)" -eq "$before" ]
	check_err $? "a frame of VLAN 20 counted as static_move"
	log_test "spoof: the same MAC in VLAN 20 is another FDB key"
}

spoof_learned_moves()
{
	local out f

	f=$(frame $BCAST "$MAC2")
	out=$(pkt --wait 300 --rx "$H1/eth0" --tx "$HK/eth0" "$f")
	expect_at "$out" "$H1/eth0" "$f"
	busywait 1000 entry_is "$MAC2" 10 "$PK "
	check_err $? "a spoofed learned MAC did not move: '$(fdb_entry "$MAC2" 10)'"
	log_test "spoof: a learned MAC moves to the spoofer (contrast)"
}

run_tests --veth-xdp ip jq ethtool
