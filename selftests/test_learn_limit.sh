#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Bounded learning (DESIGN §2): a per-port learn-limit, room kept for
# static entries, and ageing that visits a bounded number of entries per
# tick. Bridge $BRIDGE (fdb-size 4096): P1, P2, P3 access 10.
#
#   cli        `attach ... learn-limit N` and `port set DEV learn-limit N`
#              show in `port show` (text, and JSON learn_limit / learned)
#   on_wire    a port at its limit forwards frames of new MACs without
#              learning them (events.learn_limit counts them); the MACs
#              it holds still get their unicast
#   frees      deleting entries (fdb flush dev, fdb del) gives the port
#              room to learn again
#   flood      a port with learn-limit 64 sprays 100000 source MACs: it
#              holds 64, every other port still learns
#   reserve    a port without limit sprays 100000 source MACs: learning
#              stops at 7/8 of fdb-size (fdb_full), `fdb add` still works
#   ageing     bridge $ABRIDGE (fdb-size 1048576, ageing 2): 30000 learned
#              MACs age out, and no tick of the ageing timer visited more
#              than BV_GC_BUDGET (4096) entries (bv_gc.max_tick_visits);
#              then the learned counts are 0 again

ALL_TESTS="limit_cli limit_on_wire limit_frees limit_flood limit_reserve
	   limit_ageing"
source "$(dirname "$0")/lib.sh"

BRIDGE=dpll$ID
ABRIDGE=dpla$ID
FDB_SIZE=4096
N1=dpl1-$ID N2=dpl2-$ID N3=dpl3-$ID NA1=dpla1-$ID NA2=dpla2-$ID
P1=dpl1$ID P2=dpl2$ID P3=dpl3$ID PA1=dpla1$ID PA2=dpla2$ID
PIN=/sys/fs/bpf/bpfvlan
GC_BUDGET=4096

setup()
{
	bridge_load fdb-size $FDB_SIZE || exit 1
	host_ns_add "$N1" "$P1" && host_ns_add "$N2" "$P2" && host_ns_add "$N3" "$P3" &&
		host_ns_add "$NA1" "$PA1" && host_ns_add "$NA2" "$PA2" || exit 1
	bv attach "$P1" access 10 learn-limit 4 && bv attach "$P2" access 10 &&
		bv attach "$P3" access 10 || exit 1
}

bva()
{
	"$BV_BIN" -b "$ABRIDGE" "$@"
}

# macs N PREFIX: N MACs, PREFIX (8 hex digits) followed by 0001, 0002...
macs()
{
	local i

	for ((i = 1; i <= $1; i++)); do
		printf '%s%04x\n' "$2" "$i"
	done
}

limit_cli()
{
	local t

	[ "$(port_json "$P1" learn_limit)" = 4 ] &&
		[ "$(port_json "$P1" learned)" = 0 ] &&
		[ "$(port_json "$P2" learn_limit)" = 0 ]
	check_err $? "port show -j: learn_limit/learned of $P1 are not 4/0 (or $P2 has a limit): $(bv -j port show)"
	t=$(bv port show dev "$P1")
	[[ "$t" == *"learned 0 learn-limit 4"* ]]
	check_err $? "port show text lacks 'learned 0 learn-limit 4': $t"
	bv port set "$P1" learn-limit 3 && [ "$(port_json "$P1" learn_limit)" = 3 ]
	check_err $? "port set learn-limit 3 not shown: $(bv -j port show dev "$P1")"
	bv port set "$P1" learn-limit 0 && [ "$(port_json "$P1" learn_limit)" = 0 ] &&
		[[ "$(bv port show dev "$P1")" != *learn-limit* ]]
	check_err $? "learn-limit 0 (none) not shown as none"
	bv port set "$P1" learn-limit 4
	log_test "learn-limit: attach option, port set, port show (text and JSON)"
}

limit_on_wire()
{
	local tx=() m out n ev before

	before=$(stat_of "$P1" .events.learn_limit)
	for m in $(macs 10 02d11100); do
		tx+=(--tx "$N1/eth0" "$(frame $BCAST "$m")")
	done
	out=$(pkt --wait 500 --rx "$N2/eth0" "${tx[@]}")
	n=$(count_at "$out" "$N2/eth0")
	[ "$n" -eq 10 ]
	check_err $? "$n of 10 frames from new MACs were forwarded, want all"
	busywait 1000 eval '[ "$(learned_on "$P1")" -eq 4 ]'
	check_err $? "$P1 (limit 4) holds $(learned_on "$P1") learned MACs"
	[ "$(port_json "$P1" learned)" = 4 ]
	check_err $? "port show says $P1 learned $(port_json "$P1" learned), want 4"
	ev=$(( $(stat_of "$P1" .events.learn_limit) - before ))
	[ "$ev" -eq 6 ]
	check_err $? "events.learn_limit on $P1 grew by $ev, want 6"

	# A MAC it holds gets unicast; one it could not learn is flooded.
	m=$(bv -j fdb show dev "$P1" | jq -r '.[0].mac' | tr -d :)
	out=$(pkt --rx "$N1/eth0" --rx "$N3/eth0" \
		--tx "$N2/eth0" "$(frame "$m" 02d1110000ff)")
	[ "$(count_at "$out" "$N1/eth0")" -eq 1 ] && [ "$(count_at "$out" "$N3/eth0")" -eq 0 ]
	check_err $? "unicast to learned $(colon "$m") not to $P1 only: $out"
	log_test "learn-limit: at the limit new MACs are forwarded, not learned"
}

limit_frees()
{
	local m

	bv fdb flush dev "$P1"
	[ "$(port_json "$P1" learned)" = 0 ]
	check_err $? "after fdb flush dev $P1, learned is $(port_json "$P1" learned)"
	for m in $(macs 4 02d11200); do
		pkt --wait 0 --tx "$N1/eth0" "$(frame $BCAST "$m")" >/dev/null
	done
	busywait 1000 eval '[ "$(learned_on "$P1")" -eq 4 ]'
	check_err $? "after the flush $P1 learned $(learned_on "$P1") new MACs, want 4"

	bv fdb del "$(colon 02d112000001)" vid 10
	[ "$(port_json "$P1" learned)" = 3 ]
	check_err $? "after fdb del, learned is $(port_json "$P1" learned), want 3"
	pkt --wait 0 --tx "$N1/eth0" "$(frame $BCAST 02d112000005)" >/dev/null
	busywait 1000 eval '[ -n "$(bv -j fdb show dev "$P1" | jq ".[] | select(.mac == \"02:d1:12:00:00:05\")")" ]'
	check_err $? "after fdb del, $P1 did not learn a new MAC"
	log_test "learn-limit: flush and del give the port room again"
}

limit_flood()
{
	local flood n new=02d1130000aa

	bv fdb flush
	bv port set "$P3" learn-limit 64
	flood=$("$BVFLOOD" --count 100000 --time-ms 20000 "$N3/eth0")
	check_err $? "bvflood failed: $flood"
	n=$(learned_on "$P3")
	[ "$n" -eq 64 ] && [ "$(port_json "$P3" learned)" = 64 ]
	check_err $? "$P3 (limit 64) holds $n learned MACs after the flood ($(port_json "$P3" learned) counted)"
	[ "$(stat_of "$P3" .events.learn_limit)" -gt 50000 ]
	check_err $? "events.learn_limit on $P3: $(stat_of "$P3" .events.learn_limit)"
	pkt --wait 0 --tx "$N2/eth0" "$(frame $BCAST $new)" >/dev/null
	busywait 1000 eval '[ -n "$(bv -j fdb show dev "$P2" | jq ".[] | select(.mac == \"$(colon $new)\")")" ]'
	check_err $? "after the flood, $P2 does not learn"
	log_test "learn-limit: a MAC flood from a limited port takes 64 entries"
}

limit_reserve()
{
	local flood n i max=$((FDB_SIZE - FDB_SIZE / 8))

	bv port set "$P3" learn-limit 0
	flood=$("$BVFLOOD" --count 100000 --time-ms 20000 --seed 0xf2 "$N3/eth0")
	check_err $? "bvflood failed: $flood"
	n=$(bv -j fdb show | jq 'length')
	[ "$n" -le "$max" ] && [ "$n" -gt $((max / 2)) ]
	check_err $? "the FDB holds $n entries after the flood, want at most $max (7/8 of $FDB_SIZE)"
	[ "$(stat_of "$P3" .events.fdb_full)" -gt 0 ]
	check_err $? "no fdb_full counted on $P3"
	for i in 1 2 3 4 5 6 7 8; do
		bv fdb add "02:d1:14:00:00:0$i" dev "$P2" vid 10 ||
			check_err 1 "fdb add $i failed after the MAC flood"
	done
	[ "$(bv -j fdb show dev "$P2" | jq '[.[] | select(.flags == ["static"])] | length')" -eq 8 ]
	check_err $? "the static entries are not all there"
	log_test "learn: room kept for static entries: fdb add works after a flood"
}

limit_ageing()
{
	local flood n gc

	"$BV_BIN" -b "$ABRIDGE" load fdb-size 1048576 ageing 2 || {
		check_err 1 "load fdb-size 1048576 failed"; log_test "ageing"; return; }
	defer "$BV_BIN" -b "$ABRIDGE" unload
	bva attach "$PA1" access 10 && bva attach "$PA2" access 10 ||
		check_err 1 "attach failed"
	flood=$("$BVFLOOD" --count 30000 --time-ms 20000 "$NA1/eth0")
	n=$(learned_on "$PA1" bva)
	log_info "learned $n MACs from the flood ($flood)"
	[ "$n" -gt 20000 ]
	check_err $? "only $n MACs learned from a 30000-MAC flood"
	busywait 60000 eval '[ "$(bva -j fdb show | jq length)" -eq 0 ]'
	check_err $? "$(bva -j fdb show | jq length) entries still shown 60 s after the flood (ageing 2)"
	busywait 30000 eval '[ "$(bpftool -j map dump pinned "$PIN/$ABRIDGE/bv_fdb" | jq length)" -eq 0 ]'
	check_err $? "ageing left $(bpftool -j map dump pinned "$PIN/$ABRIDGE/bv_fdb" | jq length) entries in bv_fdb"
	gc=$(bpftool -j map dump pinned "$PIN/$ABRIDGE/bv_gc" |
		jq -c '.[0].formatted.value | {max_tick_visits, aged, rotations}')
	log_info "ageing: $gc"
	[ -n "$gc" ] && printf '%s' "$gc" | jq -e --argjson b $GC_BUDGET --argjson n "$n" \
		'.max_tick_visits > 0 and .max_tick_visits <= $b and .aged >= $n' >/dev/null
	check_err $? "ageing visited more than $GC_BUDGET entries in a tick, or aged fewer than $n: $gc"
	[ "$(bva -j port show dev "$PA1" | jq '.[0].learned')" = 0 ]
	check_err $? "learned count of $PA1 is $(bva -j port show dev "$PA1" | jq '.[0].learned') after ageing"
	log_test "ageing: 30000 entries of a 1M table age out, <= $GC_BUDGET per tick"
}

require_root
require_cmd ip jq ethtool bpftool
require_built
require_tool "$BVFLOOD"
setup
tests_run
