#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile traffic: ports whose link is deleted under a MAC flood (the basic
# case is test_port_delete.sh). Bridge with fdb-size 4096; h1, h2, h3 and
# the attacker on access VLAN 10.
#
#   victim    h2's link is deleted while h1 pings it and the attacker
#             floods: frames to h2's MAC, still in the FDB, are dropped
#             (tx_error: its devmap entry went with the device) rather
#             than sent anywhere else; the next command removes the port
#             and its FDB entries; a new port that takes h2's slot gets no
#             frame meant for h2 as unicast: they flood (h3 sees them).
#   attacker  the attacker's own link is deleted in the middle of its
#             flood, with `bpfvlan monitor` running: the flood stops, the
#             monitor removes the port, which frees the FDB the flood had
#             filled, so learning works again without waiting for ageing.
#   pins      the bridge's pins are the ones `load` made, and `unload`
#             leaves no pin and no program on the remaining ports.

ALL_TESTS="linkdel_victim linkdel_attacker linkdel_pins"
source "$(dirname "$0")/lib.sh"

FDB_SIZE=4096
H1=hd-h1-$ID H2=hd-h2-$ID H3=hd-h3-$ID H4=hd-h4-$ID HA=hd-at-$ID
P1=hd1$ID P2=hd2$ID P3=hd3$ID P4=hd4$ID PA=hda$ID
PINS=/sys/fs/bpf/bpfvlan/$BRIDGE
PINS_AT_LOAD=
MAC1='' MAC2=''

# entries_of DEV: FDB entries pointing to DEV (by name).
entries_of()
{
	bv -j fdb show | jq --arg d "$1" '[.[] | select(.ifname == $d)] | length'
}

slot_of()
{
	bv -j port show dev "$1" | jq -r '.[0].slot'
}

setup()
{
	bridge_load fdb-size $FDB_SIZE || exit 1
	PINS_AT_LOAD=$(ls "$PINS")
	ns_create "$H4" || exit 1	# its port comes in linkdel_victim
	host_ns_add "$H1" "$P1" gro && host_ns_add "$H2" "$P2" gro &&
		host_ns_add "$H3" "$P3" gro && host_ns_add "$HA" "$PA" gro || exit 1
	bv attach "$P1" access 10 mode xdp && bv attach "$P2" access 10 mode xdp &&
		bv attach "$P3" access 10 mode xdp && bv attach "$PA" access 10 mode xdp || exit 1
	ip -n "$H1" addr add 192.0.2.1/24 dev eth0
	ip -n "$H2" addr add 192.0.2.2/24 dev eth0
	MAC1=$(mac_of "$H1")
	MAC2=$(mac_of "$H2")
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null || exit 1
}

linkdel_victim()
{
	local fp pp slot2 before out f tx=() fl

	slot2=$(slot_of "$P2")
	before=$(stat_of "$P1" .drops.tx_error)
	fl=$(mktemp)
	defer rm -f "$fl"
	"$BVFLOOD" --count 200000 --time-ms 10000 "$HA/eth0" >"$fl" &
	fp=$!
	ip netns exec "$H1" ping -c 50 -i 0.01 -W 1 192.0.2.2 >/dev/null 2>&1 &
	pp=$!
	sleep 0.2
	ip link del "$P2"
	check_err $? "cannot delete $P2"

	# No command has run since: the FDB still sends h2's MAC to its slot.
	f=$(frame "$MAC2" "$MAC1")
	for _ in 1 2 3 4 5; do
		tx+=(--tx "$H1/eth0" "$f")
	done
	out=$(pkt --wait 300 --rx "$H3/eth0" --rx "$HA/eth0" "${tx[@]}")
	[ -z "$out" ]
	check_err $? "frames to the deleted port's MAC went elsewhere: $out"
	wait $fp
	check_err $? "bvflood failed: $(cat "$fl")"
	wait $pp
	log_info "bvflood: $(cat "$fl")"
	[ "$(stat_of "$P1" .drops.tx_error)" -ge $((before + 5)) ]
	check_err $? "drops.tx_error of h1's port: $before -> $(stat_of "$P1" .drops.tx_error), want +5 or more"

	# That command (stats) noticed: port and FDB entries are gone.
	bv -j port show | jq -e --arg d "$P2" 'all(.[]; .ifname != $d)' >/dev/null
	check_err $? "$P2 still listed as a port"
	bv -j fdb show | jq -e --arg m "$(colon "$MAC2")" \
		'all(.[]; .mac != $m and (.ifname | startswith("ifindex") | not))' >/dev/null
	check_err $? "FDB entries of the deleted port left: $(bv -j fdb show | jq -c --arg m "$(colon "$MAC2")" '[.[] | select(.mac == $m)]')"

	# A new port takes the freed slot; frames for h2 must not follow it.
	host_add "$H4" "$P4" gro && bv attach "$P4" access 10 mode xdp
	check_err $? "cannot attach $P4"
	[ "$(slot_of "$P4")" = "$slot2" ]
	check_err $? "$P4 took slot $(slot_of "$P4"), not h2's old slot $slot2"
	out=$(pkt --wait 300 --rx "$H3/eth0" --rx "$H4/eth0" --tx "$H1/eth0" "$f")
	expect_at "$out" "$H3/eth0" "$f"
	expect_at "$out" "$H4/eth0" "$f"
	log_test "linkdel: victim deleted under flood: no stale unicast"
}

monitor_removed()
{
	grep -q "\"ifname\":\"ifindex $1\".*\"event\":\"removed\"\|\"ifindex\":$1,\"event\":\"removed\"" "$2"
}

linkdel_attacker()
{
	local mon mp fl fp ifa n new=020000cd0001

	mon=$(mktemp) fl=$(mktemp)
	defer rm -f "$mon" "$fl"
	"$BV_BIN" -b "$BRIDGE" -j monitor >"$mon" 2>&1 &
	mp=$!
	defer kill $mp
	ifa=$(cat /sys/class/net/"$PA"/ifindex)
	bv fdb flush
	"$BVFLOOD" --count 5000000 --time-ms 15000 "$HA/eth0" >"$fl" &
	fp=$!
	# Until the FDB is full of the attacker's MACs (bounded by busywait).
	busywait 5000 test_fdb_full
	check_err $? "the flood did not fill the FDB"
	ip link del "$PA"
	check_err $? "cannot delete $PA"
	wait $fp
	check_err $? "bvflood failed: $(cat "$fl")"
	log_info "bvflood: $(cat "$fl")"
	grep -q 'end link-gone' "$fl"
	check_err $? "the flood did not end with its link: $(cat "$fl")"

	busywait 8000 monitor_removed "$ifa" "$mon"
	check_err $? "monitor did not report the attacker's port removed: $(cat "$mon")"
	n=$(fdb_count)
	[ "$n" -lt 10 ]
	check_err $? "$n FDB entries left after the attacker's port went away"
	pkt --wait 0 --tx "$H1/eth0" "$(frame $BCAST "$new")"
	busywait 1000 learned "$new"
	check_err $? "learning does not work after the attacker's port went away"
	stop_monitor $mp
	check_err $? "monitor did not exit cleanly on SIGTERM"
	log_test "linkdel: attacker deleted mid-flood: monitor frees FDB"
}

# Full for learning: 7/8 of fdb-size (the rest is kept for static entries).
test_fdb_full()
{
	[ "$(bv -j fdb show | jq length)" -ge $((FDB_SIZE - FDB_SIZE / 8 - 16)) ]
}

learned()
{
	bv -j fdb show | jq -e --arg m "$(colon "$1")" 'any(.[]; .mac == $m)' >/dev/null
}

linkdel_pins()
{
	local dev

	[ "$(ls "$PINS")" = "$PINS_AT_LOAD" ]
	check_err $? "pins changed: $(ls "$PINS" | tr '\n' ' ') (at load: $(printf '%s ' $PINS_AT_LOAD))"
	bv unload
	check_err $? "unload failed"
	[ ! -e "$PINS" ]
	check_err $? "$PINS left after unload"
	for dev in "$P1" "$P3" "$P4"; do
		! ip -d link show "$dev" | grep -q 'prog/xdp'
		check_err $? "$dev still has an XDP program"
		[ -z "$(tc filter show dev "$dev" ingress 2>/dev/null)" ]
		check_err $? "$dev still has a tc filter"
	done
	log_test "linkdel: pins as made by load; unload leaves nothing"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool ping tc
require_built
require_tool "$BVFLOOD"
setup
tests_run
