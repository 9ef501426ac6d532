#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# What a real NIC port needs (loader/port_dev.c), shown on veths.
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
# RX VLAN offload turned on again after attach (ethtool -K, an ifup
# script, a driver reset) on an XDP port: with a NIC whose driver does not
# report the tag it took out (no kfunc answer), XDP would switch tagged
# frames into the native VLAN. The refresh of every command, and monitor
# on the feature change event, turn it off again, or (it cannot be: a
# fault injected) take XDP off the port, with a line saying so.
#
# Device settings: RX VLAN offload off on XDP ports and promiscuous mode
# on every port while attached, each restored at detach and at unload only
# if bpfvlan changed it, and also when the port is dropped because its TC
# program vanished (`tc qdisc del dev DEV clsact` by another tool). A bond (if the kernel has bonding) never gets XDP:
# its program would run on the slaves.

ALL_TESTS="hidden_tag_trunk_native hidden_tag_trunk_no_native
	   hidden_tag_qinq tags_in_bytes_stay_xdp rx_offload_restored
	   promisc_restored dropped_port_restored rx_offload_back_on
	   bond_is_tc_only"
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
	bridge_load || exit 1
	# GRO on every peer: every port takes XDP frames (xdp_tx), so what
	# goes to TC goes there for the tag alone.
	host_ns_add "$S1" "ncs1$ID" gro && host_ns_add "$S2" "ncs2$ID" gro &&
	host_ns_add "$A" "nca$ID" gro && host_ns_add "$C" "ncc$ID" gro || exit 1
	feeder_add "$S1" && feeder_add "$S2" || exit 1
	bv attach "ncs1$ID" trunk 10 native 30 mode "$PORT_MODE" &&
	bv attach "ncs2$ID" trunk 10 mode "$PORT_MODE" &&
	bv attach "nca$ID" access 10 mode "$PORT_MODE" &&
	bv attach "ncc$ID" access 30 mode "$PORT_MODE" || exit 1
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
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S1/fd0" "$f10" --tx "$S1/fd0" "$f20")
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
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S2/fd0" "$f10")
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
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S1/fd0" "$f")
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
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $ALL_NS) --tx "$S1/eth0" "$f10" --tx "$S1/eth0" "$fu")
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

# settings DEV: what bpfvlan may change on DEV, one line each: VLAN
# offloads and filters (ethtool -k), promiscuity, XDP program, qdiscs.
settings()
{
	ethtool -k "$1" | grep vlan
	ip -d -j link show "$1" | jq -c '.[0] | {promisc: any(.flags[]; . == "PROMISC"),
		promiscuity, xdp: (.xdp != null)}'
	tc qdisc show dev "$1" | grep -v "qdisc noqueue" || true
}

# A port whose TC program another tool removed is dropped by the next
# command (a port is the device carrying its bridge's TC program): what
# bpfvlan changed on the device must come back as at a detach. $x (mode
# xdp: XDP, RX and TX VLAN offloads off, promisc) loses its clsact qdisc,
# $t (mode tc: TX VLAN offload off, promisc) only its filter.
dropped_port_restored()
{
	local x=ncdx$ID t=ncdt$ID bx bt

	veth_pair "$x" && veth_pair "$t" ||
		{ check_err 1 "veth setup"; log_test "nic: dropped port"; return; }
	bx=$(settings "$x") && bt=$(settings "$t")
	bv attach "$x" trunk 10 native 30 mode xdp && bv attach "$t" access 10 mode tc
	check_err $? "attach failed"
	[ "$(settings "$x")" != "$bx" ] && [ "$(settings "$t")" != "$bt" ]
	check_err $? "attach changed nothing on $x or $t: the test shows nothing"
	tc qdisc del dev "$x" clsact && tc filter del dev "$t" ingress
	check_err $? "cannot remove the TC programs"
	bv port show >/dev/null
	check_err $? "port show (the refresh) failed"
	[ "$(bv -j port show | jq --arg x "$x" --arg t "$t" \
		'[.[] | select(.ifname == $x or .ifname == $t)] | length')" -eq 0 ]
	check_err $? "$x or $t still a port: $(bv -j port show)"
	[ "$(settings "$x")" = "$bx" ]
	check_err $? "$x after the drop: $(diff <(echo "$bx") <(settings "$x") | grep '^[<>]' | tr '\n' ' ')"
	[ "$(settings "$t")" = "$bt" ]
	check_err $? "$t after the drop: $(diff <(echo "$bt") <(settings "$t") | grep '^[<>]' | tr '\n' ' ')"
	log_test "nic: a port dropped for a removed TC program gets its settings back"
}

# rx_on DEV: RX VLAN offload (802.1Q) is on.
rx_on()
{
	[ "$(feature "$1" rx-vlan-offload)" = on ]
}

rx_offload_back_on()
{
	local r=nc-r-$ID p=ncr$ID err mon flog out f10 fu

	host_ns_add "$r" "$p" gro && bv attach "$p" trunk 10 native 30 mode xdp ||
		{ check_err 1 "setup of $p"; log_test "nic: rx offload back on"; return; }
	! rx_on "$p"
	check_err $? "$p: RX VLAN offload on after attach"

	# Any command: off again, said on stderr.
	ethtool -K "$p" rxvlan on && rx_on "$p"
	check_err $? "cannot turn RX VLAN offload on for the test"
	err=$(bv port show 2>&1 >/dev/null)
	! rx_on "$p"
	check_err $? "$p: RX VLAN offload still on after a command"
	[[ "$err" == *"$p: rx-vlan-hw-parse was turned on again: turned off"* ]]
	check_err $? "the command did not say it: \"$err\""

	# monitor: off again on the event (or its first refresh, if it
	# subscribes after the change), and an event line.
	mon=$(mktemp) && defer rm -f "$mon"
	"$BV_BIN" -b "$BRIDGE" -j monitor >"$mon" 2>/dev/null &
	local pid=$!
	defer kill $pid
	ethtool -K "$p" rxvlan on
	busywait 15000 eval "jq -e --arg p $p 'select(.ifname == \$p and .event == \"rxvlan off again\")' $mon >/dev/null"
	check_err $? "monitor printed no rxvlan event for $p: $(cat "$mon")"
	! rx_on "$p"
	check_err $? "$p: RX VLAN offload still on under monitor"
	kill $pid && wait $pid 2>/dev/null

	# It cannot be turned off (bvfault): TC only, and still switched by
	# the tag, not into the native VLAN.
	flog=$(mktemp) && defer rm -f "$flog"
	ethtool -K "$p" rxvlan on
	err=$(LD_PRELOAD="$BVFAULT" BVFAULT_ETHTOOL_SET="$p" BVFAULT_LOG="$flog" \
		"$BV_BIN" -b "$BRIDGE" port show 2>&1 >/dev/null)
	grep -q "ETHTOOL_SFEATURES $p" "$flog"
	check_err $? "the fault was not hit: the test did not run"
	[[ "$err" == *"$p: rx-vlan-hw-parse was turned on again and cannot be turned off: TC only"* ]]
	check_err $? "the command did not say it: \"$err\""
	[ "$(port_json "$p" path)" = tc ] && ! ip link show "$p" | grep -qw xdp
	check_err $? "$p still has XDP: $(port_json "$p"); $(ip link show "$p")"
	f10=$(frame $BCAST 020000000601 8100000a)
	fu=$(frame $BCAST 020000000602)
	# shellcheck disable=SC2046,SC2086
	out=$(pkt --wait 400 $(rx_eps $A $C) --tx "$r/eth0" "$f10" --tx "$r/eth0" "$fu")
	expect_at "$out" "$A/eth0" "$(untag "$f10")"
	expect_at "$out" "$C/eth0" "$fu"
	bv detach "$p"
	check_err $? "detach of $p"
	log_test "nic: RX VLAN offload on again after attach: off again, or TC only"
}

# Needs the bonding driver; skipped (and recorded: selftests/skips.expected
# lists it for this machine) without it.
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
# The veths take mode xdp (6.8+), except for the bond case alone (as the
# kernel matrix runs it on 6.1): it needs no XDP on them.
PORT_MODE=xdp
if [ "${BV_CASES:-}" = bond_is_tc_only ] && ! veth_xdp_ok; then
	PORT_MODE=auto
else
	require_veth_xdp
fi
require_cmd ip jq ethtool tc
require_built
setup
tests_run
