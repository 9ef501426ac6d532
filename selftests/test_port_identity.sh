#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# A port is known by its ifindex, which the kernel gives again to a device
# made after the port's was deleted (`ip link add ... index N`). Such a
# device must not inherit the port: not its VLAN, not its FDB entries.
#
#   reused        port P (access 10, a MAC learned on it) is deleted with
#                 no bpfvlan command run, and a new device takes its
#                 ifindex: the next command removes the stale port; the
#                 new device's frames are not switched and no VLAN 10
#                 frame reaches it; it can be attached as a port anew.
#   other_bridge  the new device can join another bridge, and unloading
#                 the first bridge (which still lists the stale port)
#                 leaves the other bridge's program on it.
#   netlink_error a port whose link query fails (injected) is left as it
#                 was by the refresh: nothing read from a failed answer
#                 is written (MTU), and the command says why.
#   detach_error  a detach whose link query fails says so and leaves the
#                 port whole (published, programs on), not unpublished
#                 with its programs left on the device; detach then works.

ALL_TESTS="reused other_bridge netlink_error detach_error"
source "$(dirname "$0")/lib.sh"

BRIDGE=cti$ID
BRIDGE2=ctj$ID
NP=ctip-$ID NQ=ctiq-$ID NN=ctin-$ID NR=ctir-$ID
P=ctip$ID Q=ctiq$ID NEW=ctin$ID R=ctir$ID S=ctis$ID U=ctiu$ID V=ctiv$ID W=ctiw$ID

setup()
{
	bridge_load || exit 1
	"$BV_BIN" -b "$BRIDGE2" load || exit 1
	defer "$BV_BIN" -b "$BRIDGE2" unload
	ns_create "$NN" || exit 1
	host_ns_add "$NP" "$P" && host_ns_add "$NQ" "$Q" && host_ns_add "$NR" "$R" || exit 1
	bv attach "$P" access 10 && bv attach "$Q" access 10 || exit 1
	"$BV_BIN" -b "$BRIDGE2" attach "$R" access 10 || exit 1
}

# new_at INDEX NAME: a veth NAME with ifindex INDEX, its peer eth0 in $NN.
new_at()
{
	ip link add "$2" index "$1" type veth peer name eth0 netns "$NN" || return 1
	defer ip link del "$2"
	sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
	ip netns exec "$NN" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip netns exec "$NN" ethtool -K eth0 rxvlan off txvlan off >/dev/null 2>&1
	ip link set "$2" up && ip -n "$NN" link set eth0 up
}

# replace DEV NAME: delete DEV (no bpfvlan command runs) and make NAME
# with the same ifindex.
replace()
{
	local index

	index=$(cat "/sys/class/net/$1/ifindex") || return 1
	ip link del "$1" || return 1
	new_at "$index" "$2" || return 1
	[ "$(cat "/sys/class/net/$2/ifindex")" = "$index" ]
}

# ports_with IFINDEX [BRIDGE]: ports of the bridge with that ifindex.
ports_with()
{
	"$BV_BIN" -b "${2:-$BRIDGE}" -j port show |
		jq --argjson i "$1" '[.[] | select(.ifindex == $i)] | length'
}

reused()
{
	local mac index out f

	mac=$(mac_of "$NP")
	pkt --wait 0 --tx "$NP/eth0" "$(frame $BCAST "$mac")" >/dev/null
	busywait 2000 eval "bv -j fdb show | jq -e 'any(.[]; .ifname == \"$P\")' >/dev/null"
	check_err $? "no MAC learned on $P"
	index=$(cat "/sys/class/net/$P/ifindex")
	replace "$P" "$NEW"
	check_err $? "cannot make $NEW with ifindex $index"

	# The next command (any) finds the port gone.
	[ "$(ports_with "$index")" -eq 0 ]
	check_err $? "$NEW (ifindex $index) is listed as a port: $(bv -j port show dev "$NEW" 2>&1)"
	bv -j fdb show | jq -e --argjson i "$index" --arg d "$NEW" \
		'all(.[]; .ifname != $d)' >/dev/null
	check_err $? "FDB entries point to $NEW: $(bv -j fdb show)"
	bv -j vlan show | jq -e --arg d "$NEW" 'all(.[]; .ifname != $d)' >/dev/null
	check_err $? "$NEW is in a VLAN: $(bv -j vlan show)"

	# Not switched, either way; the old MAC is unknown (flooded to Q only).
	f=$(frame $BCAST 027469000001)
	out=$(pkt --rx "$NQ/eth0" --tx "$NN/eth0" "$f")
	expect_at "$out" "$NQ/eth0"
	f=$(frame "$mac" 027469000002)
	out=$(pkt --rx "$NN/eth0" --tx "$NQ/eth0" "$(frame $BCAST 027469000002)" \
		--tx "$NQ/eth0" "$f")
	expect_at "$out" "$NN/eth0"

	# It can become a port of its own, in its own VLAN.
	bv attach "$NEW" access 20
	check_err $? "attach $NEW access 20 failed"
	[ "$(bv -j vlan show dev "$NEW" | jq -c '[.[0].vlans[].vlan]')" = "[20]" ]
	check_err $? "$NEW is in $(bv -j vlan show dev "$NEW" | jq -c '[.[0].vlans[].vlan]'), not [20]"
	bv detach "$NEW"
	check_err $? "detach $NEW failed"
	log_test "identity: a new device with a deleted port's ifindex is no port"
}

other_bridge()
{
	local index out f

	index=$(cat "/sys/class/net/$Q/ifindex")
	ip link del "$NEW"
	replace "$Q" "$S"
	check_err $? "cannot make $S with ifindex $index"
	# No command of $BRIDGE ran: it still lists the old port.
	"$BV_BIN" -b "$BRIDGE2" attach "$S" access 10
	check_err $? "attach $S to $BRIDGE2 refused"
	bv unload
	check_err $? "unload of $BRIDGE failed"
	[ "$(ports_with "$index" "$BRIDGE2")" -eq 1 ]
	check_err $? "$S is no longer a port of $BRIDGE2"
	tc filter show dev "$S" ingress | grep -q bv_tc_ingress
	check_err $? "unload of $BRIDGE removed $BRIDGE2's program from $S"
	f=$(frame $BCAST 027469000003)
	out=$(pkt --rx "$NR/eth0" --tx "$NN/eth0" "$f")
	expect_at "$out" "$NR/eth0" "$f"
	"$BV_BIN" -b "$BRIDGE2" detach "$S"
	check_err $? "detach $S from $BRIDGE2 failed"
	bridge_load
	check_err $? "cannot load $BRIDGE again"
	log_test "identity: unload of a bridge leaves a reused ifindex alone"
}

netlink_error()
{
	local index flog out err

	flog=$(mktemp)
	defer rm -f "$flog"
	# $U in the slot before $V: a failed query of $V must not get what
	# was read for another port.
	ip link add "$U" type veth peer name "${U}p" && defer ip link del "$U"
	ip link add "$V" type veth peer name "${V}p" && defer ip link del "$V"
	bv attach "$U" access 10 && bv attach "$V" access 10
	check_err $? "attach $U and $V failed"
	ip link set dev "$V" mtu 1400
	[ "$(bv -j port show dev "$V" | jq ".[0].mtu")" = 1400 ]
	check_err $? "mtu of $V is $(bv -j port show dev "$V" | jq ".[0].mtu"), not 1400"
	index=$(cat "/sys/class/net/$V/ifindex")
	ip link set dev "$V" mtu 1300
	out=$(env LD_PRELOAD="$BVFAULT" BVFAULT_GETLINK="$index" BVFAULT_LOG="$flog" \
		"$BV_BIN" -b "$BRIDGE" -j port show 2>"$flog.err")
	err=$(cat "$flog.err"; rm -f "$flog.err")
	[ -s "$flog" ]
	check_err $? "the injected netlink fault was never hit"
	# Still the last MTU read, and still a port.
	[ "$(printf '%s' "$out" | jq --argjson i "$index" '.[] | select(.ifindex == $i) | .mtu')" = 1400 ]
	check_err $? "port ifindex $index after its failed query: $(printf '%s' "$out" | jq -c --argjson i "$index" '.[] | select(.ifindex == $i)')"
	printf '%s' "$err" | grep -q "ifindex $index"
	check_err $? "the refresh did not say that port ifindex $index could not be queried: $err"
	[ "$(bv -j port show dev "$V" | jq ".[0].mtu")" = 1300 ]
	check_err $? "the next command did not read mtu 1300 of $V"
	log_test "identity: a failed link query leaves the port as it was"
}

detach_error()
{
	local index flog rc

	flog=$(mktemp)
	defer rm -f "$flog"
	ip link add "$W" type veth peer name "${W}p" && defer ip link del "$W"
	bv attach "$W" access 10
	check_err $? "attach $W failed"
	index=$(cat "/sys/class/net/$W/ifindex")
	env LD_PRELOAD="$BVFAULT" BVFAULT_GETLINK="$index" BVFAULT_LOG="$flog" \
		"$BV_BIN" -b "$BRIDGE" detach "$W" 2>/dev/null
	rc=$?
	[ -s "$flog" ]
	check_err $? "the injected netlink fault was never hit"
	[ $rc -eq 1 ]
	check_err $? "detach with its link query failing exited $rc, not 1"
	[ "$(ports_with "$index")" -eq 1 ] && tc filter show dev "$W" ingress | grep -q bv_tc_ingress
	check_err $? "after the failed detach, $W is $( [ "$(ports_with "$index")" -eq 1 ] || printf 'no port ')with tc filter [$(tc filter show dev "$W" ingress)]"
	bv detach "$W"
	check_err $? "detach $W failed"
	[ "$(ports_with "$index")" -eq 0 ] && [ -z "$(tc filter show dev "$W" ingress)" ]
	check_err $? "detach left $W as a port or its tc filter"
	log_test "identity: a detach that cannot query the link changes nothing"
}

require_root
require_cmd ip jq ethtool tc
require_built
require_tool "$BVFAULT"
setup
tests_run
