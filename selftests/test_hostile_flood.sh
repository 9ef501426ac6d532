#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile traffic: MAC flooding. A bridge with a small FDB (fdb-size 4096);
# h1 and h2 (VLAN 10) keep a ping going while the attacker, on the same
# VLAN, sends 100000 frames from 100000 distinct source MACs as fast as it
# can (bvflood). h2's MAC is a static entry; h1's is learned.
#
#   fills        the FDB fills up and stays bounded by its size; the
#                attacker's port counts events.fdb_full; the static entry
#                and h1's learned entry survive; the ping keeps getting
#                answers; and the attacker never sees a frame between h1
#                and h2 (the switch does not fail open into flooding).
#   flow_after   with the FDB full, unicast between h1 and h2 is still
#                delivered, to them only; a new MAC is not learned
#                (fdb_full on its port) but its frame is still forwarded.
#   flush        `fdb flush` empties the learned entries, the static one
#                stays, and learning works again.

ALL_TESTS="flood_fills_fdb flood_flow_after flood_flush"
source "$(dirname "$0")/lib.sh"

FDB_SIZE=4096
NFLOOD=100000
H1=hf-h1-$ID H2=hf-h2-$ID HA=hf-at-$ID
P1=hf1$ID P2=hf2$ID PA=hfa$ID
MAC1='' MAC2=''

setup()
{
	bridge_load fdb-size $FDB_SIZE || exit 1
	host_ns_add "$H1" "$P1" gro && host_ns_add "$H2" "$P2" gro &&
		host_ns_add "$HA" "$PA" gro || exit 1
	bv attach "$P1" access 10 mode xdp && bv attach "$P2" access 10 mode xdp &&
		bv attach "$PA" access 10 mode xdp || exit 1
	ip -n "$H1" addr add 192.0.2.1/24 dev eth0
	ip -n "$H2" addr add 192.0.2.2/24 dev eth0
	MAC1=$(mac_of "$H1")
	MAC2=$(mac_of "$H2")
	bv fdb add "$(colon "$MAC2")" dev "$P2" vid 10 || exit 1
	# Learn h1, fill both ARP caches.
	ip netns exec "$H1" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null || exit 1
}

flood_fills_fdb()
{
	local cap1 cap2 pingout flood n rx full got t0

	cap1=$(mktemp) cap2=$(mktemp) pingout=$(mktemp)
	defer rm -f "$cap1" "$cap2" "$pingout"
	# What the attacker receives between h1 and h2, both directions.
	"$BVPKT" --wait 4000 --match "${MAC2}${MAC1}0800" --rx "$HA/eth0" >"$cap1" &
	local c1=$!
	"$BVPKT" --wait 4000 --match "${MAC1}${MAC2}0800" --rx "$HA/eth0" >"$cap2" &
	local c2=$!
	ip netns exec "$H1" ping -c 150 -i 0.01 -W 1 192.0.2.2 >"$pingout" 2>&1 &
	local pp=$!
	sleep 0.2

	t0=$(date +%s%3N)
	flood=$("$BVFLOOD" --count $NFLOOD --time-ms 20000 "$HA/eth0")
	log_info "flood took $(( $(date +%s%3N) - t0 )) ms"
	check_err $? "bvflood failed: $flood"
	wait $pp
	wait $c1 $c2
	log_info "bvflood: $flood"

	[ "$(printf '%s' "$flood" | awk '{ print $2 }')" -eq $NFLOOD ]
	check_err $? "bvflood did not send $NFLOOD frames: $flood"
	rx=$(stat_of "$PA" .rx_packets)
	full=$(stat_of "$PA" .events.fdb_full)
	n=$(fdb_count)
	log_info "attacker port rx $rx, fdb_full $full; FDB $n entries"
	[ "$rx" -gt $FDB_SIZE ]
	check_err $? "only $rx flood frames reached the bridge"
	[ "$n" -le $FDB_SIZE ] && [ "$n" -gt $((FDB_SIZE / 2)) ]
	check_err $? "FDB holds $n entries: not filled up to, or beyond, $FDB_SIZE"
	[ "$full" -gt 0 ]
	check_err $? "events.fdb_full not counted on the attacker's port"
	[ "$(fdb_entry "$MAC2" 10)" = "$P2 static" ]
	check_err $? "static entry of h2 lost: '$(fdb_entry "$MAC2" 10)'"
	[ "$(fdb_entry "$MAC1" 10)" = "$P1 " ]
	check_err $? "learned entry of h1 lost: '$(fdb_entry "$MAC1" 10)'"
	got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$pingout")
	log_info "ping during the flood: $(grep -o '[0-9]* packets transmitted.*loss' "$pingout")"
	[ "${got:-0}" -gt 0 ]
	check_err $? "the ping h1 -> h2 got no answer during the flood"
	[ ! -s "$cap1" ] && [ ! -s "$cap2" ]
	check_err $? "the attacker received $(cat "$cap1" "$cap2" | wc -l) frame(s) between h1 and h2"
	log_test "flood: $NFLOOD MACs fill the FDB ($FDB_SIZE), no fail-open"
}

flood_flow_after()
{
	local f12 f21 fnew out before tx=() new=020000ab0001

	f12=$(frame "$MAC2" "$MAC1")
	f21=$(frame "$MAC1" "$MAC2")
	for _ in 1 2 3 4 5; do
		tx+=(--tx "$H1/eth0" "$f12" --tx "$H2/eth0" "$f21")
	done
	out=$(pkt --wait 400 --rx "$H1/eth0" --rx "$H2/eth0" --rx "$HA/eth0" "${tx[@]}")
	expect_at "$out" "$H2/eth0" "$f12" "$f12" "$f12" "$f12" "$f12"
	expect_at "$out" "$H1/eth0" "$f21" "$f21" "$f21" "$f21" "$f21"
	expect_at "$out" "$HA/eth0"

	# A newcomer cannot be learned, but its frame still goes through.
	before=$(stat_of "$P1" .events.fdb_full)
	fnew=$(frame $BCAST "$new")
	out=$(pkt --wait 400 --rx "$H2/eth0" --rx "$HA/eth0" --tx "$H1/eth0" "$fnew")
	expect_at "$out" "$H2/eth0" "$fnew"
	expect_at "$out" "$HA/eth0" "$fnew"
	[ -z "$(fdb_entry "$new" 10)" ]
	check_err $? "a new MAC was learned although the FDB is full"
	[ "$(stat_of "$P1" .events.fdb_full)" -gt "$before" ]
	check_err $? "events.fdb_full did not count the newcomer on h1's port"
	[ "$(fdb_count)" -le $FDB_SIZE ]
	check_err $? "FDB grew beyond $FDB_SIZE"
	log_test "flood: FDB full: h1 <-> h2 delivered, newcomer flooded"
}

flood_flush()
{
	local n new=020000ab0002

	bv fdb flush
	check_err $? "fdb flush failed"
	n=$(fdb_count)
	[ "$n" -eq 1 ] && [ "$(fdb_entry "$MAC2" 10)" = "$P2 static" ]
	check_err $? "after flush: $n entries, h2: '$(fdb_entry "$MAC2" 10)'"
	pkt --wait 0 --tx "$H1/eth0" "$(frame $BCAST "$new")"
	busywait 1000 entry_is "$new" 10 "$P1 "
	check_err $? "learning does not work again after the flush"
	log_test "flood: flush empties the learned entries, static stays"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool ping
require_built
require_tool "$BVFLOOD"
setup
tests_run
