#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The FDB: learning (seen in `bpfvlan -j fdb show` and in the pinned bv_fdb
# through bpftool), independent learning per VLAN, a MAC moving port,
# static entries (never moved, a frame from a static MAC on another port
# dropped and counted), fdb del, fdb flush and its filters, fdb show
# filters, and ageing on a second bridge with `load ageing 2`. Forwarding
# is checked on the wire: a known MAC gets its frame on one port only, an
# unknown (or aged) one is flooded.

ALL_TESTS="learn_from_ping learn_per_vlan mac_moves static_entry
	   show_filters fdb_del vlan_word fdb_flush ageing"
source "$(dirname "$0")/lib.sh"

BRIDGE=yfdb$ID			# default ageing (300 s)
ABRIDGE=yfag$ID			# ageing 2 s
N1=yf1-$ID N2=yf2-$ID N3=yf3-$ID N4=yf4-$ID NT=yft-$ID
P1=yf1$ID P2=yf2$ID P3=yf3$ID P4=yf4$ID PT=yft$ID
NA1=yfa1-$ID NA2=yfa2-$ID NA3=yfa3-$ID
PA1=yfa1$ID PA2=yfa2$ID PA3=yfa3$ID
PIN=/sys/fs/bpf/bpfvlan

# Bridge $BRIDGE: P1, P2, P3 access 10; P4 access 20; PT trunk 10,20.
# Bridge $ABRIDGE: PA1, PA2, PA3 access 10. Half the peers have GRO, so
# both the XDP and the TC path learn.
setup()
{
	bridge_load || exit 1
	"$BV_BIN" -b "$ABRIDGE" load ageing 2 || exit 1
	defer "$BV_BIN" -b "$ABRIDGE" unload
	host_ns_add "$N1" "$P1" gro && host_ns_add "$N2" "$P2" &&
	host_ns_add "$N3" "$P3" gro && host_ns_add "$N4" "$P4" &&
	host_ns_add "$NT" "$PT" gro && host_ns_add "$NA1" "$PA1" gro &&
	host_ns_add "$NA2" "$PA2" && host_ns_add "$NA3" "$PA3" gro || exit 1
	bv attach "$P1" access 10 mode xdp && bv attach "$P2" access 10 mode xdp &&
	bv attach "$P3" access 10 mode xdp && bv attach "$P4" access 20 mode xdp &&
	bv attach "$PT" trunk 10,20 mode xdp || exit 1
	bva attach "$PA1" access 10 mode xdp && bva attach "$PA2" access 10 mode xdp &&
	bva attach "$PA3" access 10 mode xdp || exit 1
	ip -n "$N1" addr add 192.0.2.1/24 dev eth0
	ip -n "$N2" addr add 192.0.2.2/24 dev eth0
}

bva()
{
	"$BV_BIN" -b "$ABRIDGE" "$@"
}

# bytes HEX12: the MAC as bpftool prints a __u8[6]: [2,0,0,0,0,1].
bytes()
{
	local i sep=

	printf '['
	for ((i = 0; i < 12; i += 2)); do
		printf '%s%d' "$sep" "0x${1:i:2}"
		sep=,
	done
	printf ']'
}

ifindex_of()
{
	ip -j link show "$1" | jq '.[0].ifindex'
}

# fdb_is BVCMD HEX12 VID DEV FLAGS: exactly one such entry, as given.
fdb_is()
{
	$1 -j fdb show | jq -e --arg mac "$(colon "$2")" --argjson vid "$3" \
		--arg dev "$4" --argjson flags "$5" \
		'[.[] | select(.mac == $mac and .vlan == $vid)] |
		 length == 1 and .[0].ifname == $dev and .[0].flags == $flags' \
		>/dev/null
}

fdb_absent()
{
	[ -z "$(fdb_json "$@")" ]
}

# map_has BRIDGE HEX12 VID DEV FLAGS: the pinned bv_fdb, read by bpftool
# with BTF (named fields), holds {vid, mac} -> {ifindex of DEV, flags}.
map_has()
{
	bpftool -j map dump pinned "$PIN/$1/bv_fdb" |
		jq -e --argjson mac "$(bytes "$2")" --argjson vid "$3" \
		--argjson idx "$(ifindex_of "$4")" --argjson flags "$5" \
		'any(.[].formatted; .key.vid == $vid and .key.mac == $mac and
		     .value.ifindex == $idx and .value.flags == $flags)' \
		>/dev/null
}

map_lacks()
{
	bpftool -j map dump pinned "$PIN/$1/bv_fdb" |
		jq -e --argjson mac "$(bytes "$2")" --argjson vid "$3" \
		'all(.[].formatted; .key.vid != $vid or .key.mac != $mac)' \
		>/dev/null
}

# dp_aged BRIDGE HEX12 VID: by the datapath's own clock (bv_config.now_ns,
# which its timer moves once a tick), the entry is aged, or it is gone.
# Its clock is read after the caller's `fdb show`, and only moves on: if
# the entry is live by it now, it was live when fdb show hid it.
dp_aged()
{
	local clock

	clock=$(bpftool -j map dump pinned "$PIN/$1/bv_config" |
		jq -c '.[0].formatted.value | {now_ns, ageing_ns}')
	bpftool -j map dump pinned "$PIN/$1/bv_fdb" |
		jq -e --argjson mac "$(bytes "$2")" --argjson vid "$3" \
		--argjson c "$clock" 'all(.[].formatted;
			.key.vid != $vid or .key.mac != $mac or
			$c.now_ns - .value.updated_ns > $c.ageing_ns)' >/dev/null
}

# announce NS HEX12 [TAG]: a broadcast from HEX12 sent by NS, to be learned.
# A port with XDP takes the frame in NAPI, after bvpkt is gone: learned()
# waits for it.
announce()
{
	pkt --wait 0 --tx "$1/eth0" "$(frame $BCAST "$2" ${3:+"$3"})" >/dev/null
}

# learned BVCMD HEX12 VID DEV FLAGS: fdb_is, given a second to happen.
learned()
{
	busywait 1000 fdb_is "$@"
}

learn_from_ping()
{
	local m1 m2 keys

	m1=$(mac_of "$N1")
	m2=$(mac_of "$N2")
	ip netns exec "$N1" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null
	check_err $? "$N1 cannot ping $N2 in VLAN 10"
	fdb_is bv "$m1" 10 "$P1" '[]'
	check_err $? "$(colon "$m1") not learned on $P1 VLAN 10: $(bv -j fdb show)"
	fdb_is bv "$m2" 10 "$P2" '[]'
	check_err $? "$(colon "$m2") not learned on $P2 VLAN 10: $(bv -j fdb show)"
	keys=$(fdb_json bv "$m1" 10 | jq -c 'keys')
	[ "$keys" = '["age","flags","ifname","mac","vlan"]' ]
	check_err $? "fdb show -j keys are $keys, not mac, vlan, ifname, flags, age"
	fdb_json bv "$m1" 10 | jq -e '.age | type == "number" and . >= 0' >/dev/null
	check_err $? "age is not a non-negative number: $(fdb_json bv "$m1" 10)"
	map_has "$BRIDGE" "$m1" 10 "$P1" 0 && map_has "$BRIDGE" "$m2" 10 "$P2" 0
	check_err $? "bpftool map dump of bv_fdb lacks {vid 10, mac} of the pinging hosts"
	log_test "fdb: ping learns both MACs (fdb show -j and bpftool map dump)"
}

learn_per_vlan()
{
	local m=027966000001 src=0279660000f0 out

	announce "$N1" $m
	announce "$N4" $m
	learned bv $m 10 "$P1" '[]' && learned bv $m 20 "$P4" '[]'
	check_err $? "$(colon $m) not learned as VLAN 10 on $P1 and VLAN 20 on $P4: $(bv -j fdb show)"
	map_has "$BRIDGE" $m 10 "$P1" 0 && map_has "$BRIDGE" $m 20 "$P4" 0
	check_err $? "bv_fdb lacks the {10, mac} or {20, mac} entry"

	# From the trunk, VLAN 20 to the MAC: to P4 only; VLAN 10: to P1 only.
	out=$(pkt --rx "$N1/eth0" --rx "$N2/eth0" --rx "$N3/eth0" \
		--rx "$N4/eth0" \
		--tx "$NT/eth0" "$(frame $m $src "$(tag 8100 0 20)")")
	deliver "$out" "$N4/eth0" 1
	deliver "$out" "$N1/eth0" 0
	deliver "$out" "$N2/eth0" 0
	deliver "$out" "$N3/eth0" 0
	out=$(pkt --rx "$N1/eth0" --rx "$N2/eth0" --rx "$N3/eth0" \
		--rx "$N4/eth0" \
		--tx "$NT/eth0" "$(frame $m $src "$(tag 8100 0 10)")")
	deliver "$out" "$N1/eth0" 1
	deliver "$out" "$N2/eth0" 0
	deliver "$out" "$N3/eth0" 0
	deliver "$out" "$N4/eth0" 0
	frames_at "$out" "$N1/eth0" | grep -q "^${m}${src}88b5"
	check_err $? "frame to $(colon $m) did not reach $N1 untagged"
	log_test "fdb: one MAC learned independently in VLAN 10 and VLAN 20"
}

mac_moves()
{
	local m=027966000002 src=0279660000f1 out

	announce "$N1" $m
	learned bv $m 10 "$P1" '[]'
	check_err $? "$(colon $m) not learned on $P1"
	announce "$N2" $m
	learned bv $m 10 "$P2" '[]'
	check_err $? "$(colon $m) not moved to $P2: $(fdb_json bv $m 10)"
	map_has "$BRIDGE" $m 10 "$P2" 0
	check_err $? "bv_fdb still has $(colon $m) on another port"
	out=$(pkt --rx "$N1/eth0" --rx "$N2/eth0" --rx "$NT/eth0" \
		--tx "$N3/eth0" "$(frame $m $src)")
	deliver "$out" "$N2/eth0" 1
	deliver "$out" "$N1/eth0" 0
	deliver "$out" "$NT/eth0" 0
	log_test "fdb: a MAC that moves port is re-learned on the new port"
}

static_entry()
{
	local s=027966000003 src=0279660000f2 out before after

	bv fdb add "$(colon $s)" dev "$P1" vid 10
	check_err $? "fdb add $(colon $s) dev $P1 vid 10 failed"
	fdb_is bv $s 10 "$P1" '["static"]'
	check_err $? "static entry not shown with flags [\"static\"]: $(bv -j fdb show)"
	map_has "$BRIDGE" $s 10 "$P1" 1
	check_err $? "bv_fdb lacks the static entry (flags 1)"

	# The static MAC shows up on P2: dropped, counted, not moved.
	before=$(stat_of "$P2" .drops.static_move)
	out=$(pkt --rx "$N1/eth0" --rx "$N3/eth0" --rx "$NT/eth0" \
		--tx "$N2/eth0" "$(frame $BCAST $s)")
	[ -z "$out" ]
	check_err $? "a frame from static $(colon $s) on $P2 was forwarded: $out"
	after=$(stat_of "$P2" .drops.static_move)
	[ "$after" -eq $((before + 1)) ]
	check_err $? "drops.static_move on $P2 went $before -> $after, not +1"
	fdb_is bv $s 10 "$P1" '["static"]'
	check_err $? "learning moved the static entry: $(fdb_json bv $s 10)"

	# On its own port the static MAC is forwarded and stays static.
	out=$(pkt --rx "$N2/eth0" --tx "$N1/eth0" "$(frame $BCAST $s)")
	deliver "$out" "$N2/eth0" 1
	fdb_is bv $s 10 "$P1" '["static"]'
	check_err $? "static entry changed after a frame on its own port"

	# Unicast to it goes to P1 only.
	out=$(pkt --rx "$N1/eth0" --rx "$N2/eth0" --rx "$NT/eth0" \
		--tx "$N3/eth0" "$(frame $s $src)")
	deliver "$out" "$N1/eth0" 1
	deliver "$out" "$N2/eth0" 0
	deliver "$out" "$NT/eth0" 0
	log_test "fdb: static entry: flags [static], not moved, static_move counted"
}

show_filters()
{
	local s2=027966000004 l4=027966000005 lt=027966000006 j

	bv fdb add "$(colon $s2)" dev "$PT" vid 20 || check_err 1 "fdb add on the trunk failed"
	announce "$N4" $l4
	announce "$NT" $lt "$(tag 8100 0 20)"
	learned bv $l4 20 "$P4" '[]' && learned bv $lt 20 "$PT" '[]'
	check_err $? "tagged VID 20 frame from the trunk not learned in VLAN 20"

	j=$(bv -j fdb show dev "$P1")
	printf '%s' "$j" | jq -e --arg d "$P1" 'length >= 2 and all(.[]; .ifname == $d)' >/dev/null
	check_err $? "fdb show dev $P1 is not only (and all of) $P1's entries: $j"
	printf '%s' "$j" | jq -e '[.[].mac] | index("02:79:66:00:00:03") != null' >/dev/null
	check_err $? "fdb show dev $P1 lacks its static entry: $j"

	j=$(bv -j fdb show vid 20)
	printf '%s' "$j" | jq -e 'length >= 4 and all(.[]; .vlan == 20)' >/dev/null
	check_err $? "fdb show vid 20 is not only (and all of) VLAN 20: $j"

	j=$(bv -j fdb show dev "$PT" vid 20)
	printf '%s' "$j" | jq -e --arg d "$PT" --arg s "$(colon $s2)" \
		--arg l "$(colon $lt)" \
		'all(.[]; .ifname == $d and .vlan == 20) and
		 ([.[].mac] | index($s) != null and index($l) != null)' >/dev/null
	check_err $? "fdb show dev $PT vid 20 is not exactly $PT's VLAN 20 entries: $j"
	[ "$(bv fdb show dev "$PT" vid 20 | wc -l)" -eq "$(printf '%s' "$j" | jq length)" ]
	check_err $? "text and JSON fdb show dev $PT vid 20 differ in length"
	log_test "fdb: show filters dev DEV, vid VID, both"
}

fdb_del()
{
	local s=027966000003 m=027966000001 src=0279660000f3 out

	bv fdb del "$(colon $s)" vid 10
	check_err $? "fdb del of the static entry failed"
	fdb_absent bv $s 10 && map_lacks "$BRIDGE" $s 10
	check_err $? "static entry still there after fdb del"
	# Unknown again: flooded.
	out=$(pkt --rx "$N1/eth0" --rx "$N2/eth0" --rx "$NT/eth0" \
		--rx "$N4/eth0" --tx "$N3/eth0" "$(frame $s $src)")
	deliver "$out" "$N1/eth0" 1
	deliver "$out" "$N2/eth0" 1
	deliver "$out" "$NT/eth0" 1
	deliver "$out" "$N4/eth0" 0

	# A learned entry: only its VLAN's entry goes.
	bv fdb del "$(colon $m)" vid 20
	check_err $? "fdb del of a learned entry failed"
	fdb_absent bv $m 20 && fdb_is bv $m 10 "$P1" '[]'
	check_err $? "fdb del vid 20 did not remove exactly the VLAN 20 entry: $(bv -j fdb show)"
	bv fdb del "$(colon $m)" vid 20 2>/dev/null
	check_fail $? "fdb del of a missing entry succeeded"
	log_test "fdb: del removes a static and a learned entry; unknown MAC floods"
}

# `vlan VID`, as iproute2's bridge fdb says it, is `vid VID`.
vlan_word()
{
	local s=027966000007

	bv fdb add "$(colon $s)" dev "$PT" vlan 20
	check_err $? "fdb add MAC dev DEV vlan 20 failed"
	fdb_is bv $s 20 "$PT" '["static"]'
	check_err $? "fdb add ... vlan 20 made no static entry in VLAN 20: $(bv -j fdb show)"
	[ "$(bv -j fdb show dev "$PT" vlan 20)" = "$(bv -j fdb show dev "$PT" vid 20)" ]
	check_err $? "fdb show vlan 20 and fdb show vid 20 differ"
	bv fdb del "$(colon $s)" vlan 20
	check_err $? "fdb del MAC vlan 20 failed"
	fdb_absent bv $s 20
	check_err $? "fdb del MAC vlan 20 left the entry: $(bv -j fdb show)"
	log_test "fdb: vlan VID, as bridge fdb says it, for vid VID (add, show, del)"
}

fdb_flush()
{
	local l1=027966000011 l2=027966000012 l4=027966000014
	local lt=027966000015 s1=027966000016 s2=027966000017 e

	announce "$N1" $l1
	announce "$N2" $l2
	announce "$N4" $l4
	announce "$NT" $lt "$(tag 8100 0 20)"
	bv fdb add "$(colon $s1)" dev "$P1" vid 10 &&
	bv fdb add "$(colon $s2)" dev "$PT" vid 20 ||
		check_err 1 "fdb add failed"
	learned bv $l1 10 "$P1" '[]' && learned bv $l2 10 "$P2" '[]' &&
	learned bv $l4 20 "$P4" '[]' && learned bv $lt 20 "$PT" '[]'
	check_err $? "entries to flush not learned: $(bv -j fdb show)"

	bv fdb flush dev "$P1"
	check_err $? "fdb flush dev $P1 failed"
	fdb_absent bv $l1 10
	check_err $? "fdb flush dev $P1 left its learned entry"
	fdb_is bv $s1 10 "$P1" '["static"]' && fdb_is bv $l2 10 "$P2" '[]' &&
		fdb_is bv $l4 20 "$P4" '[]'
	check_err $? "fdb flush dev $P1 removed a static entry or another port's"

	bv fdb flush vid 20
	fdb_absent bv $l4 20 && fdb_absent bv $lt 20
	check_err $? "fdb flush vid 20 left learned VLAN 20 entries"
	fdb_is bv $s2 20 "$PT" '["static"]' && fdb_is bv $l2 10 "$P2" '[]'
	check_err $? "fdb flush vid 20 removed a static or a VLAN 10 entry"

	bv fdb flush
	e=$(bv -j fdb show | jq -c '[.[] | select(.flags == [])]')
	fdb_absent bv $l2 10 && [ "$e" = "[]" ]
	check_err $? "fdb flush left learned entries: $e"
	fdb_is bv $s1 10 "$P1" '["static"]' && fdb_is bv $s2 20 "$PT" '["static"]'
	check_err $? "fdb flush (without all) removed static entries"

	bv fdb flush dev "$PT" all
	fdb_absent bv $s2 20 && fdb_is bv $s1 10 "$P1" '["static"]'
	check_err $? "fdb flush dev $PT all: wrong static entries removed"
	bv fdb flush all
	fdb_absent bv $s1 10 && map_lacks "$BRIDGE" $s1 10
	check_err $? "fdb flush all left a static entry"
	log_test "fdb: flush (learned only), dev/vid filters, all"
}

ageing()
{
	local a=027966000021 s=027966000022 src=0279660000f4 out

	bva fdb add "$(colon $s)" dev "$PA3" vid 10
	announce "$NA1" $a
	learned bva $a 10 "$PA1" '[]'
	check_err $? "$(colon $a) not learned on $PA1"
	# Known: to PA1 only.
	out=$(pkt --rx "$NA1/eth0" --rx "$NA3/eth0" \
		--tx "$NA2/eth0" "$(frame $a $src)")
	deliver "$out" "$NA1/eth0" 1
	deliver "$out" "$NA3/eth0" 0

	busywait 8000 fdb_absent bva $a 10
	check_err $? "$(colon $a) still in fdb show 8 s after learning with ageing 2"
	# fdb show calls aged what forwarding calls aged, no sooner: the
	# datapath agrees, and a frame sent now is flooded to PA1 and PA3.
	dp_aged "$ABRIDGE" $a 10
	check_err $? "fdb show hid $(colon $a) while the datapath's clock still has it live"
	out=$(pkt --rx "$NA1/eth0" --rx "$NA3/eth0" \
		--tx "$NA2/eth0" "$(frame $a $src)")
	deliver "$out" "$NA1/eth0" 1
	deliver "$out" "$NA3/eth0" 1
	busywait 3000 map_lacks "$ABRIDGE" $a 10
	check_err $? "aged $(colon $a) not removed from bv_fdb by the ageing timer"

	fdb_is bva $s 10 "$PA3" '["static"]'
	check_err $? "static entry aged out: $(bva -j fdb show)"
	out=$(pkt --rx "$NA1/eth0" --rx "$NA3/eth0" \
		--tx "$NA2/eth0" "$(frame $s $src)")
	deliver "$out" "$NA3/eth0" 1
	deliver "$out" "$NA1/eth0" 0
	log_test "fdb: ageing 2: learned entry expires and floods; static stays"
}

run_tests --veth-xdp ip jq ethtool ping bpftool
