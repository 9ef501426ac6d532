#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Trunk ports. s1 is the upstream switch on trunk 10,20,4011 native 30;
# s2 a second trunk 10,20,30,50,4011 without native VLAN; a, b, c, d are
# access hosts on VLANs 10, 20, 30 and 4011 (0xFAB). Checked on the wire:
# the exact 802.1Q tag (TPID, PCP, DEI, VID) an access frame gets on a
# trunk, PCP/DEI kept trunk to trunk, non-allowed VIDs dropped, the native
# VLAN untagged both ways. Every case runs twice: with GRO on every peer
# (bpfvlan forwards in XDP: no events.xdp_to_tc) and with GRO off (every
# forwarded frame goes through TC: one xdp_to_tc per frame).

ALL_TESTS="access_frames_get_tag pcp_dei_kept not_allowed_dropped
	   native_vlan"
source "$(dirname "$0")/lib.sh"

S1=tk-s1-$ID S2=tk-s2-$ID
A=tk-a-$ID B=tk-b-$ID C=tk-c-$ID D=tk-d-$ID
ALL_NS="$S1 $S2 $A $B $C $D"
ROUND=0		# part of every MAC, so rounds never see each other's FDB
PATH_MODE=

setup()
{
	bridge_load || exit 1
	host_ns_add "$S1" "tks1$ID" && host_ns_add "$S2" "tks2$ID" &&
	host_ns_add "$A" "tka$ID" && host_ns_add "$B" "tkb$ID" &&
	host_ns_add "$C" "tkc$ID" && host_ns_add "$D" "tkd$ID" || exit 1
	bv attach "tks1$ID" trunk 10,20,4011 native 30 mode xdp &&
	bv attach "tks2$ID" trunk 10,20,30,50,4011 mode xdp &&
	bv attach "tka$ID" access 10 mode xdp && bv attach "tkb$ID" access 20 mode xdp &&
	bv attach "tkc$ID" access 30 mode xdp && bv attach "tkd$ID" access 4011 mode xdp ||
		exit 1
}

# path_set xdp|tc: GRO on/off on every peer, then check bpfvlan's view.
path_set()
{
	gro_round "$1" trunk $ALL_NS
}

access_frames_get_tag()
{
	local fa fb fd uc learn out before

	before=$(xdp_to_tc_total)
	fa=$(frame $BCAST "$(mac 1)")
	fb=$(frame $BCAST "$(mac 2)")
	fd=$(frame $BCAST "$(mac 3)")
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$A/eth0" "$fa" \
		--tx "$B/eth0" "$fb" --tx "$D/eth0" "$fd")
	expect_at "$out" "$S1/eth0" "$(tag_into "$fa" 8100000a)" \
		"$(tag_into "$fb" 81000014)" "$(tag_into "$fd" 81000fab)"
	expect_at "$out" "$S2/eth0" "$(tag_into "$fa" 8100000a)" \
		"$(tag_into "$fb" 81000014)" "$(tag_into "$fd" 81000fab)"
	expect_at "$out" "$A/eth0"
	expect_at "$out" "$B/eth0"
	expect_at "$out" "$C/eth0"
	expect_at "$out" "$D/eth0"

	# Known unicast to a MAC behind s1 in VLAN 4011.
	learn=$(frame $BCAST "$(mac 4)" 81000fab)
	out=$(pkt --wait 300 --rx "$D/eth0" --tx "$S1/eth0" "$learn")
	expect_at "$out" "$D/eth0" "$(untag "$learn")"
	uc=$(frame "$(mac 4)" "$(mac 3)")
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 300 $(rx_eps $ALL_NS) --tx "$D/eth0" "$uc")
	expect_at "$out" "$S1/eth0" "$(tag_into "$uc" 81000fab)"
	expect_at "$out" "$S2/eth0"
	expect_at "$out" "$C/eth0"
	path_check "$before" 5
	log_test "trunk ($PATH_MODE): access frames leave trunks as 8100 + PCP 0 + VID"
}

pcp_dei_kept()
{
	local f10 ffab learn uc out before

	before=$(xdp_to_tc_total)
	# PCP 5, DEI 1: TCI 0xb000 | VID.
	f10=$(frame $BCAST "$(mac 10)" "$(tag 8100 5 $((0x1000 | 10)))")
	ffab=$(frame $BCAST "$(mac 11)" "$(tag 8100 5 $((0x1000 | 4011)))")
	[ "${f10:24:8}" = 8100b00a ] && [ "${ffab:24:8}" = 8100bfab ]
	check_err $? "test bug: tag bytes ${f10:24:8} ${ffab:24:8}"
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S1/eth0" "$f10" \
		--tx "$S1/eth0" "$ffab")
	expect_at "$out" "$S2/eth0" "$f10" "$ffab"
	expect_at "$out" "$A/eth0" "$(untag "$f10")"
	expect_at "$out" "$D/eth0" "$(untag "$ffab")"
	expect_at "$out" "$B/eth0"
	expect_at "$out" "$C/eth0"

	# Known unicast trunk to trunk keeps them too (PCP 7, VID 20).
	learn=$(frame $BCAST "$(mac 12)" 81000014)
	out=$(pkt --wait 300 --rx "$B/eth0" --tx "$S2/eth0" "$learn")
	expect_at "$out" "$B/eth0" "$(untag "$learn")"
	uc=$(frame "$(mac 12)" "$(mac 13)" 8100f014)
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 300 $(rx_eps $ALL_NS) --tx "$S1/eth0" "$uc")
	expect_at "$out" "$S2/eth0" "$uc"
	expect_at "$out" "$B/eth0"
	path_check "$before" 4
	log_test "trunk ($PATH_MODE): PCP/DEI kept trunk to trunk, untagged to access"
}

not_allowed_dropped()
{
	local out before drops

	before=$(xdp_to_tc_total)
	drops=$(stat_of "tks1$ID" .drops.vlan_not_allowed)
	# 50: allowed on s2 only; 40: on no port; 4095: never a VID.
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) \
		--tx "$S1/eth0" "$(frame $BCAST "$(mac 20)" 81000032)" \
		--tx "$S1/eth0" "$(frame $BCAST "$(mac 20)" 81000028)" \
		--tx "$S1/eth0" "$(frame $BCAST "$(mac 20)" 8100afff)")
	[ -z "$out" ]
	check_err $? "a frame of a VID s1 may not carry was forwarded: $out"
	[ "$(stat_of "tks1$ID" .drops.vlan_not_allowed)" -eq $((drops + 3)) ]
	check_err $? "drops.vlan_not_allowed of s1 did not count 3 frames"
	path_check "$before" 0
	log_test "trunk ($PATH_MODE): tagged frames of non-allowed VIDs dropped"
}

native_vlan()
{
	local fs fc ft fp u1 u2 out before

	before=$(xdp_to_tc_total)
	fs=$(frame $BCAST "$(mac 30)")
	ft=$(frame $BCAST "$(mac 31)" 8100001e)
	fp=$(frame $BCAST "$(mac 32)" "$(tag 8100 3 0)")
	fc=$(frame $BCAST "$(mac 33)")
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S1/eth0" "$fs" \
		--tx "$S1/eth0" "$ft" --tx "$S1/eth0" "$fp" --tx "$C/eth0" "$fc")
	expect_at "$out" "$C/eth0" "$fs" "$(untag "$ft")" "$(untag "$fp")"
	expect_at "$out" "$S2/eth0" "$(tag_into "$fs" 8100001e)" "$ft" \
		"$(tag_into "$(untag "$fp")" 8100601e)" "$(tag_into "$fc" 8100001e)"
	expect_at "$out" "$S1/eth0" "$fc"
	expect_at "$out" "$A/eth0"
	expect_at "$out" "$B/eth0"
	expect_at "$out" "$D/eth0"

	# Known unicast both ways across the native VLAN.
	u1=$(frame "$(mac 33)" "$(mac 30)")
	u2=$(frame "$(mac 30)" "$(mac 33)")
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 300 $(rx_eps $ALL_NS) --tx "$S1/eth0" "$u1")
	expect_at "$out" "$C/eth0" "$u1"
	expect_at "$out" "$S2/eth0"
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 300 $(rx_eps $ALL_NS) --tx "$C/eth0" "$u2")
	expect_at "$out" "$S1/eth0" "$u2"
	expect_at "$out" "$S2/eth0"
	path_check "$before" 6
	log_test "trunk ($PATH_MODE): native VLAN 30 untagged in and out of s1"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool
require_built
setup
tests_run_rounds path_set xdp tc
