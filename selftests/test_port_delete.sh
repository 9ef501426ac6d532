#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# A port's link deleted while traffic flows through it: nothing breaks,
# the other ports keep forwarding, `bpfvlan -j monitor` reports the removal
# (name and ifindex) and removes the port and its FDB entries at once, so a
# frame to the deleted VM's MAC is flooded in its VLAN and goes nowhere
# else. Without a monitor, the next bpfvlan command removes the port. At the
# end unload leaves no pins.

ALL_TESTS="delete_under_traffic monitor_reports no_stale_forwarding
	   refresh_without_monitor unload_after_delete"
source "$(dirname "$0")/lib.sh"

BRIDGE=ypd$ID
PIN=/sys/fs/bpf/bpfvlan
N1=ypd1-$ID N2=ypd2-$ID N3=ypd3-$ID N4=ypd4-$ID N5=ypd5-$ID
N6=ypd6-$ID N7=ypd7-$ID N8=ypd8-$ID
P1=ypd1$ID P2=ypd2$ID P3=ypd3$ID P4=ypd4$ID P5=ypd5$ID
P6=ypd6$ID P7=ypd7$ID P8=ypd8$ID
TMP=
MON=			# pid of the background monitor
M2='' M7=''		# MACs of the VMs whose port goes
IDX2='' IDX8=''

# P1, P2, P3, P4, P7, P8: access 10 (P2 and P8 are deleted with a monitor
# running, P7 without); P5: access 20; P6: trunk 10,20.
setup()
{
	local i

	TMP=$(mktemp -d) || exit 1
	defer rm -rf "$TMP"
	bridge_load || exit 1
	host_ns_add "$N1" "$P1" gro && host_ns_add "$N2" "$P2" gro &&
	host_ns_add "$N3" "$P3" && host_ns_add "$N4" "$P4" gro &&
	host_ns_add "$N5" "$P5" gro && host_ns_add "$N6" "$P6" &&
	host_ns_add "$N7" "$P7" gro && host_ns_add "$N8" "$P8" || exit 1
	for i in 1 2 3 4 7 8; do
		bv attach "ypd$i$ID" access 10 mode xdp || exit 1
	done
	bv attach "$P5" access 20 mode xdp && bv attach "$P6" trunk 10,20 mode xdp || exit 1
	for i in 1 2 3 4 5 7; do
		ip -n "ypd$i-$ID" addr add "192.0.2.$i/24" dev eth0
	done
	M2=$(mac_of "$N2")
	M7=$(mac_of "$N7")
	IDX2=$(ip -j link show "$P2" | jq '.[0].ifindex')
	IDX8=$(ip -j link show "$P8" | jq '.[0].ifindex')
}

end_monitor()
{
	[ -n "$MON" ] || return 0
	kill "$MON" 2>/dev/null
	wait "$MON"
	local rc=$?
	MON=
	return $rc
}

# monitor_ready: the monitor listens to netlink and has read the bridge.
monitor_ready()
{
	[ "$(find "/proc/$MON/fd" -lname 'socket:*' 2>/dev/null | wc -l)" -ge 4 ]
}

in_fdb()
{
	bv -j fdb show | jq -e --arg m "$(colon "$1")" \
		'any(.[]; .mac == $m)' >/dev/null
}

port_listed()
{
	bv -j port show | jq -e --argjson i "$1" 'any(.[]; .ifindex == $i)' >/dev/null
}

rx_above()
{
	[ "$(rx_of "$1")" -gt "$2" ]
}

monitor_lines()
{
	[ "$(wc -l <"$TMP/mon")" -ge "$1" ]
}

# flooded_in_10 OUT: exactly one copy at each other VLAN 10 host (the
# trunk's tagged 10), none in VLAN 20.
flooded_in_10()
{
	local ns

	for ns in $N3 $N4 $N6; do
		[ "$(count_at "$1" "$ns/eth0")" -eq 1 ]
		check_err $? "frame not flooded once to $ns: $1"
	done
	[ "$(count_at "$1" "$N5/eth0")" -eq 0 ]
	check_err $? "frame for VLAN 10 reached VLAN 20: $1"
	frames_at "$1" "$N6/eth0" | grep -q "^.\{24\}$(tag 8100 0 10)"
	check_err $? "flood copy on the trunk is not tagged 10: $1"
}

delete_under_traffic()
{
	local p12 p34 before

	# Bounded: it also stops by itself once the bridge is unloaded.
	"$BV_BIN" -b "$BRIDGE" -j monitor >"$TMP/mon" 2>"$TMP/mon.err" &
	MON=$!
	defer end_monitor
	busywait 5000 monitor_ready
	check_err $? "bpfvlan monitor did not start: $(cat "$TMP/mon.err")"

	# Learn, then keep VLAN 10 busy: into P2 (deleted) and P3 <-> P4.
	ip netns exec "$N1" ping -c 1 -W 1 192.0.2.2 >/dev/null &&
	ip netns exec "$N3" ping -c 1 -W 1 192.0.2.4 >/dev/null
	check_err $? "no ping in VLAN 10 before the deletion"
	ip netns exec "$N1" ping -f -w 3 -q 192.0.2.2 >/dev/null 2>&1 &
	p12=$!
	ip netns exec "$N3" ping -f -w 3 -q 192.0.2.4 >/dev/null 2>&1 &
	p34=$!
	before=$(rx_of "$P1")
	busywait 2000 rx_above "$P1" $((before + 100))
	check_err $? "no flood ping traffic through $P1"

	ip link del "$P2"
	check_err $? "ip link del $P2 failed"
	wait "$p12"
	wait "$p34"
	check_err $? "flood ping $N3 -> $N4 got no reply at all"

	ip netns exec "$N3" ping -c 2 -i 0.2 -W 1 192.0.2.4 >/dev/null &&
	ip netns exec "$N1" ping -c 2 -i 0.2 -W 1 192.0.2.3 >/dev/null &&
	ip netns exec "$N7" ping -c 2 -i 0.2 -W 1 192.0.2.1 >/dev/null
	check_err $? "VLAN 10 hosts cannot ping each other after $P2 went"
	kill -0 "$MON" 2>/dev/null
	check_err $? "the monitor died: $(cat "$TMP/mon.err")"
	log_test "port delete: link deleted under flood ping, other ports keep working"
}

monitor_reports()
{
	# One more, idle port, so that two reports follow each other.
	ip link del "$P8"
	busywait 5000 monitor_lines 2
	check_err $? "monitor reported $(wc -l <"$TMP/mon") events, not 2: $(cat "$TMP/mon" "$TMP/mon.err")"
	jq -e -s --arg p2 "$P2" --argjson i2 "$IDX2" --arg p8 "$P8" \
		--argjson i8 "$IDX8" '
		any(.[]; . == {"ifname": $p2, "ifindex": $i2, "event": "removed"}) and
		any(.[]; . == {"ifname": $p8, "ifindex": $i8, "event": "removed"})' \
		"$TMP/mon" >/dev/null
	check_err $? "monitor -j output lacks the removals of $P2/$IDX2 and $P8/$IDX8: $(cat "$TMP/mon")"
	while read -r line; do
		printf '%s' "$line" | jq -e 'type == "object"' >/dev/null 2>&1
		check_err $? "monitor -j line is not a JSON object: $line"
	done <"$TMP/mon"
	log_test "port delete: monitor -j reports each removal, name and ifindex"
}

no_stale_forwarding()
{
	local out

	! port_listed "$IDX2" && ! port_listed "$IDX8"
	check_err $? "deleted ports still in port show"
	! in_fdb "$M2"
	check_err $? "FDB entry of the deleted VM's MAC is still there"
	out=$(pkt --rx "$N3/eth0" --rx "$N4/eth0" --rx "$N5/eth0" \
		--rx "$N6/eth0" --tx "$N1/eth0" "$(frame "$M2" 027970000001)")
	flooded_in_10 "$out"
	log_test "port delete: frame to the deleted VM's MAC floods in its VLAN only"
}

refresh_without_monitor()
{
	local out idx7 rc

	kill -0 "$MON" 2>/dev/null
	check_err $? "the monitor died: $(cat "$TMP/mon.err")"
	end_monitor
	rc=$?
	[ $rc -eq 0 ]
	check_err $? "the monitor exited $rc, not 0, on SIGTERM: $(cat "$TMP/mon.err")"
	idx7=$(ip -j link show "$P7" | jq '.[0].ifindex')
	ip netns exec "$N1" ping -c 1 -W 1 192.0.2.7 >/dev/null
	in_fdb "$M7"
	check_err $? "$N7's MAC not learned"

	ip link del "$P7"
	# Before any bpfvlan command: the stale entry must not send the
	# frame anywhere outside VLAN 10 (bpfvlan drops it, or floods it).
	out=$(pkt --rx "$N3/eth0" --rx "$N4/eth0" --rx "$N5/eth0" \
		--rx "$N6/eth0" --tx "$N1/eth0" "$(frame "$M7" 027970000002)")
	[ "$(count_at "$out" "$N5/eth0")" -eq 0 ] &&
		[ "$(count_at "$out" "$N3/eth0")" -le 1 ] &&
		[ "$(count_at "$out" "$N4/eth0")" -le 1 ]
	check_err $? "frame to a deleted port's MAC went astray: $out"
	[ "$(count_at "$out" "$N3/eth0")" -eq 1 ] ||
		log_info "before refresh, a frame to a deleted port's MAC is dropped, not flooded"

	# Any command brings the bridge up to date.
	bv port show >/dev/null
	check_err $? "port show failed after the deletion"
	! port_listed "$idx7" && ! in_fdb "$M7"
	check_err $? "port show did not remove the deleted port and its FDB entries"
	out=$(pkt --rx "$N3/eth0" --rx "$N4/eth0" --rx "$N5/eth0" \
		--rx "$N6/eth0" --tx "$N1/eth0" "$(frame "$M7" 027970000002)")
	flooded_in_10 "$out"
	log_test "port delete: without monitor, the next command removes the port"
}

unload_after_delete()
{
	bv unload
	check_err $? "unload after port deletions failed"
	[ ! -e "$PIN/$BRIDGE" ]
	check_err $? "pins left under $PIN/$BRIDGE: $(ls "$PIN/$BRIDGE" 2>&1)"
	[ "$(ip -j link show "$P1" | jq -r '.[0].xdp.prog.name // "none"')" = none ]
	check_err $? "unload left XDP on $P1"
	log_test "port delete: unload afterwards leaves no pins"
}

run_tests --veth-xdp ip jq ethtool ping timeout
