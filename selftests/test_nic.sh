#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# What a real NIC port needs (loader/devconf.c), shown on veths.
#
# Tags outside the frame: s1 (trunk 10 native 30) and s2 (trunk 10, no
# native VLAN) are upstream switches in namespaces whose frames reach
# their eth0 through a tc mirred redirect, which keeps the tag in skb
# metadata; eth0 keeps TX VLAN offload on (the default), so the tag
# crosses the veth outside the frame, where XDP on the bpfvlan side
# cannot see it (as after a NIC's RX VLAN offload). a and c are access
# hosts on VLANs 10 and 30. Such frames must be switched by their tag:
# XDP hands them to TC. Frames with the tag in the bytes, and untagged
# ones, keep the XDP path.
#
# Device settings: RX VLAN offload off on XDP ports and promiscuous mode
# on every port while attached, each restored at detach and at unload only
# if bpfvlan changed it. A bond (if the kernel has bonding) never gets XDP:
# its program would run on the slaves.

ALL_TESTS="hidden_tag_trunk_native hidden_tag_trunk_no_native
	   hidden_tag_qinq tags_in_bytes_stay_xdp rx_offload_restored
	   promisc_restored bond_is_tc_only"
source "$(dirname "$0")/lib.sh"

BRIDGE=ncbr$ID
S1=nc-s1-$ID S2=nc-s2-$ID A=nc-a-$ID C=nc-c-$ID
ALL_NS="$S1 $S2 $A $C"

# feeder_add NS: frames sent on fd0 in NS leave its eth0 with any tag they
# carry held in skb metadata: the kernel moves a received tag there, and
# mirred keeps it; eth0's TX VLAN offloads (both TPIDs) are on.
feeder_add()
{
	local ns=$1

	ip -n "$ns" link add fd0 type veth peer name fd1 || return 1
	ip -n "$ns" link set fd0 up && ip -n "$ns" link set fd1 up || return 1
	ip netns exec "$ns" ethtool -K eth0 txvlan on tx-vlan-stag-hw-insert on \
		>/dev/null || return 1
	ip netns exec "$ns" tc qdisc add dev fd1 clsact &&
	ip netns exec "$ns" tc filter add dev fd1 ingress u32 match u32 0 0 \
		action mirred egress redirect dev eth0
}

setup()
{
	local ns

	bridge_load || exit 1
	for ns in $ALL_NS; do
		ns_create "$ns" || exit 1
	done
	# GRO on every peer: every port takes XDP frames (xdp_tx), so what
	# goes to TC goes there for the tag alone.
	host_add "$S1" "ncs1$ID" gro && host_add "$S2" "ncs2$ID" gro &&
	host_add "$A" "nca$ID" gro && host_add "$C" "ncc$ID" gro || exit 1
	feeder_add "$S1" && feeder_add "$S2" || exit 1
	bv attach "ncs1$ID" trunk 10 native 30 mode xdp &&
	bv attach "ncs2$ID" trunk 10 mode xdp &&
	bv attach "nca$ID" access 10 mode xdp &&
	bv attach "ncc$ID" access 30 mode xdp || exit 1
}

every_ep()
{
	local ns

	for ns in $ALL_NS; do
		printf -- '--rx %s/eth0 ' "$ns"
	done
}

# to_tc DEV: events.xdp_to_tc of port DEV.
to_tc()
{
	stat_of "$1" .events.xdp_to_tc
}

hidden_tag_trunk_native()
{
	local f10 f20 out before drops

	before=$(to_tc "ncs1$ID")
	drops=$(stat_of "ncs1$ID" .drops.vlan_not_allowed)
	f10=$(frame $BCAST 020000000101 8100000a)
	f20=$(frame $BCAST 020000000102 81000014)
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(every_ep) --tx "$S1/fd0" "$f10" --tx "$S1/fd0" "$f20")
	expect_at "$out" "$A/eth0" "$(untag "$f10")"
	expect_at "$out" "$C/eth0"
	expect_at "$out" "$S2/eth0" "$f10"
	[ "$(stat_of "ncs1$ID" .drops.vlan_not_allowed)" -eq $((drops + 1)) ]
	check_err $? "VID 20, not allowed on s1, was not dropped as vlan_not_allowed"
	[ "$(to_tc "ncs1$ID")" -eq $((before + 2)) ]
	check_err $? "xdp_to_tc of s1 grew by $(( $(to_tc "ncs1$ID") - before )), want 2"
	log_test "nic: tag outside the frame on a trunk with native VLAN: its VLAN, not the native one"
}

hidden_tag_trunk_no_native()
{
	local f10 out before

	before=$(to_tc "ncs2$ID")
	f10=$(frame $BCAST 020000000201 8100a00a)
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(every_ep) --tx "$S2/fd0" "$f10")
	expect_at "$out" "$A/eth0" "$(untag "$f10")"
	expect_at "$out" "$S1/eth0" "$f10"
	expect_at "$out" "$C/eth0"
	[ "$(to_tc "ncs2$ID")" -eq $((before + 1)) ]
	check_err $? "xdp_to_tc of s2 grew by $(( $(to_tc "ncs2$ID") - before )), want 1"
	log_test "nic: tag outside the frame on a trunk without native VLAN: forwarded"
}

# An outer 802.1ad tag counts as untagged (native VLAN 30), also when it is
# held outside the frame: the 802.1Q tag behind it is payload.
hidden_tag_qinq()
{
	local f out before

	before=$(to_tc "ncs1$ID")
	f=$(frame $BCAST 020000000301 88a80064 8100000a)
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(every_ep) --tx "$S1/fd0" "$f")
	expect_at "$out" "$C/eth0" "$f"
	expect_at "$out" "$A/eth0"
	expect_at "$out" "$S2/eth0"
	[ "$(to_tc "ncs1$ID")" -eq $((before + 1)) ]
	check_err $? "xdp_to_tc of s1 grew by $(( $(to_tc "ncs1$ID") - before )), want 1"
	log_test "nic: 802.1ad tag outside the frame: native VLAN, inner tag kept"
}

# The same port keeps the XDP path for tags in the bytes and untagged frames.
tags_in_bytes_stay_xdp()
{
	local f10 fu out before

	before=$(xdp_to_tc_total)
	f10=$(frame $BCAST 020000000401 8100000a)
	fu=$(frame $BCAST 020000000402)
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(every_ep) --tx "$S1/eth0" "$f10" --tx "$S1/eth0" "$fu")
	expect_at "$out" "$A/eth0" "$(untag "$f10")"
	expect_at "$out" "$C/eth0" "$fu"
	expect_at "$out" "$S2/eth0" "$f10"
	[ "$(xdp_to_tc_total)" -eq "$before" ]
	check_err $? "xdp_to_tc grew by $(( $(xdp_to_tc_total) - before )), want 0"
	log_test "nic: tags in the bytes and untagged frames keep the XDP path"
}

# feature DEV NAME: on or off, as `ethtool -k` says.
feature()
{
	ethtool -k "$1" | awk -v f="$2:" '$1 == f { print $2 }'
}

veth_pair()
{
	ip link add "$1" type veth peer name "$1p" || return 1
	defer ip link del "$1"
	ip link set "$1" up && ip link set "$1p" up
}

# rx_is DEV STATE: both RX VLAN offloads of DEV are STATE.
rx_is()
{
	[ "$(feature "$1" rx-vlan-offload)" = "$2" ] &&
		[ "$(feature "$1" rx-vlan-stag-hw-parse)" = "$2" ]
}

rx_offload_restored()
{
	local x=ncx$ID y=ncy$ID t=nct$ID u=ncu$ID

	veth_pair "$x" && veth_pair "$y" && veth_pair "$t" && veth_pair "$u" ||
		{ check_err 1 "veth setup"; log_test "nic: rx offload"; return; }
	rx_is "$x" on
	check_err $? "veth $x does not start with RX VLAN offload on"
	ethtool -K "$y" rxvlan off >/dev/null

	# $u on a bridge of its own, for unload.
	"$BV_BIN" -b "nco$ID" load && defer "$BV_BIN" -b "nco$ID" unload &&
		"$BV_BIN" -b "nco$ID" attach "$u" access 10 mode xdp
	check_err $? "second bridge nco$ID"
	bv attach "$x" access 10 mode xdp && bv attach "$y" access 10 mode xdp &&
		bv attach "$t" access 10 mode tc
	check_err $? "attach failed"
	rx_is "$x" off
	check_err $? "$x (mode xdp): RX VLAN offload still on while attached"
	rx_is "$t" on
	check_err $? "$t (mode tc): RX VLAN offload changed, though XDP does not run there"
	bv detach "$x" && bv detach "$y" && bv detach "$t"
	check_err $? "detach failed"
	rx_is "$x" on
	check_err $? "$x: RX VLAN offload not back on after detach"
	[ "$(feature "$y" rx-vlan-offload)" = off ] &&
		[ "$(feature "$y" rx-vlan-stag-hw-parse)" = on ]
	check_err $? "$y: rx-vlan-hw-parse (off before attach) and rx-vlan-stag-hw-parse (on) not as they were"
	rx_is "$t" on
	check_err $? "$t: RX VLAN offload changed"
	rx_is "$u" off
	check_err $? "$u (mode xdp): RX VLAN offload still on while attached"
	"$BV_BIN" -b "nco$ID" unload
	check_err $? "unload of nco$ID failed"
	rx_is "$u" on
	check_err $? "$u: RX VLAN offload not back on after unload"
	log_test "nic: RX VLAN offload off on XDP ports while attached, restored if bpfvlan turned it off"
}

# promisc DEV: "FLAG COUNT": whether IFF_PROMISC is set, and the count.
promisc()
{
	ip -d -j link show "$1" |
		jq -r '.[0] | "\(any(.flags[]; . == "PROMISC")) \(.promiscuity)"'
}

promisc_restored()
{
	local x=ncpx$ID y=ncpy$ID

	veth_pair "$x" && veth_pair "$y" ||
		{ check_err 1 "veth setup"; log_test "nic: promisc"; return; }
	[ "$(promisc "$x")" = "false 0" ]
	check_err $? "$x does not start non-promiscuous: $(promisc "$x")"
	ip link set "$y" promisc on
	bv attach "$x" trunk 10 && bv attach "$y" access 10 mode xdp
	check_err $? "attach failed"
	[ "$(promisc "$x")" = "true 1" ]
	check_err $? "$x (mode auto, TC only): not promiscuous while attached: $(promisc "$x")"
	[ "$(promisc "$y")" = "true 1" ]
	check_err $? "$y: promiscuity not 1 while attached: $(promisc "$y")"
	bv detach "$x" && bv detach "$y"
	check_err $? "detach failed"
	[ "$(promisc "$x")" = "false 0" ]
	check_err $? "$x: still promiscuous after detach: $(promisc "$x")"
	[ "$(promisc "$y")" = "true 1" ]
	check_err $? "$y: promisc set by the admin before attach not kept: $(promisc "$y")"
	log_test "nic: ports promiscuous while attached, the admin's promisc kept"
}

# Needs the bonding driver; skipped (and said so) without it.
bond_is_tc_only()
{
	local b=ncb$ID ns=$A out f

	if ! ip link add "$b" type bond mode active-backup 2>/dev/null; then
		skip_case "nic: a bond gets TC only (its XDP would run on the slaves)" \
			bonding "no bonding in this kernel"
		return
	fi
	defer ip link del "$b"
	ip link add ncbs$ID type veth peer name eth1 netns "$ns" &&
		defer ip link del ncbs$ID &&
		ip netns exec "$ns" ethtool -K eth1 gro on >/dev/null &&
		ip link set ncbs$ID master "$b" && ip link set "$b" up &&
		ip -n "$ns" link set eth1 up
	check_err $? "bond setup"
	bv attach "$b" trunk 10 mode xdp 2>/dev/null
	check_fail $? "mode xdp on a bond was accepted"
	bv attach "$b" trunk 10
	check_err $? "attach of the bond (mode auto) failed"
	[ "$(bv -j port show dev "$b" | jq -r '.[0].xdp')" = false ]
	check_err $? "the bond has XDP: $(bv -j port show dev "$b")"
	f=$(frame $BCAST 020000000501 8100000a)
	out=$(pkt --wait 400 --rx "$A/eth0" --rx "$C/eth0" --tx "$ns/eth1" "$f")
	expect_at "$out" "$A/eth0" "$(untag "$f")"
	expect_at "$out" "$C/eth0"
	bv detach "$b"
	check_err $? "detach of the bond failed"
	log_test "nic: a bond gets TC only (its XDP would run on the slaves)"
}

require_root
require_cmd ip jq ethtool tc
require_built
setup
tests_run
