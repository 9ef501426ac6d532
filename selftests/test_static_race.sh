#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Race: static FDB entries against learning and ageing. One MAC is sent
# without pause from two ports at once (bvflood --src), so the bridge moves
# its learned entry back and forth on every frame, on both CPUs; the bridge
# ages with `ageing 1`, so its timer sweeps the FDB every second. Meanwhile
# `fdb add` makes that MAC static on a third port, again and again.
#
#   static_wins   after every `fdb add` that said OK, the entry is static
#                 on the port asked for, and still is a while later, with
#                 the two senders' frames dropped as static_move.
#   learned_again after `fdb del`, learning takes the MAC again (the
#                 senders are still running).
#
# Bounded: at most ROUNDS rounds; after RACE_MS, no new round once
# MIN_ROUNDS are done (the two senders take both CPUs: on a busy machine a
# round may take seconds, and it must not fail for that), and none after
# HARD_MS.

ALL_TESTS="static_wins"
source "$(dirname "$0")/lib.sh"

BRIDGE=dpsr$ID
NA=dpa-$ID NB=dpb-$ID NC=dpc-$ID
PA=dpa$ID PB=dpb$ID PC=dpc$ID
MAC=02:d5:00:00:00:01
ROUNDS=${ROUNDS:-150}
RACE_MS=${RACE_MS:-30000}
MIN_ROUNDS=10
HARD_MS=150000

setup()
{
	bridge_load ageing 1 || exit 1
	host_ns_add "$NA" "$PA" && host_ns_add "$NB" "$PB" && host_ns_add "$NC" "$PC" ||
		exit 1
	bv attach "$PA" access 10 && bv attach "$PB" access 10 &&
		bv attach "$PC" access 10 || exit 1
}

# on_cpu N: a taskset prefix pinning to CPU N, where there is such a CPU.
on_cpu()
{
	[ "$(nproc)" -gt "$1" ] && command -v taskset >/dev/null && echo "taskset -c $1"
}

# entry_of: "IFNAME FLAGS" of the MAC's VLAN 10 entry, or nothing.
entry_of()
{
	bv -j fdb show vid 10 | jq -r --arg m "$MAC" \
		'.[] | select(.mac == $m) | "\(.ifname) \(.flags | join(","))"'
}

static_wins()
{
	local fb fc rounds=0 lost=0 gone=0 relearn=0 start now e drops

	# One sender per CPU, so that their frames interleave finely and
	# nearly every frame moves the entry. They run until the rounds end.
	$(on_cpu 0) "$BVFLOOD" --src $MAC --count 100000000 --time-ms "$HARD_MS" \
		"$NB/eth0" >/dev/null &
	fb=$!
	$(on_cpu 1) "$BVFLOOD" --src $MAC --count 100000000 --time-ms "$HARD_MS" \
		"$NC/eth0" >/dev/null &
	fc=$!
	busywait 5000 eval '[ -n "$(entry_of)" ]'
	check_err $? "the senders' MAC is not learned"
	start=$(date +%s%3N)
	while [ $rounds -lt "$ROUNDS" ]; do
		now=$(( $(date +%s%3N) - start ))
		[ $now -ge $((HARD_MS - 10000)) ] && break
		[ $now -ge "$RACE_MS" ] && [ $rounds -ge $MIN_ROUNDS ] && break
		rounds=$((rounds + 1))
		if ! bv fdb add $MAC dev "$PA" vid 10; then
			check_err 1 "fdb add failed in round $rounds"
			break
		fi
		e=$(entry_of)
		if [ "$e" != "$PA static" ]; then
			lost=$((lost + 1))
			log_info "round $rounds: right after fdb add: '$e'"
		fi
		sleep 0.05
		e=$(entry_of)
		if [ "$e" != "$PA static" ]; then
			gone=$((gone + 1))
			log_info "round $rounds: 50 ms after fdb add: '$e'"
		fi
		bv fdb del $MAC vid 10
		# The senders take it back: learned on one of their ports.
		busywait 5000 eval '[[ "$(entry_of)" =~ ^($PB|$PC)\ $ ]]' ||
			relearn=$((relearn + 1))
	done
	drops=$(( $(stat_of "$PB" .drops.static_move) + $(stat_of "$PC" .drops.static_move) ))
	kill $fb $fc 2>/dev/null
	wait $fb $fc
	log_info "$rounds rounds; static lost at once $lost, later $gone; static_move drops $drops"
	[ $rounds -ge $MIN_ROUNDS ]
	check_err $? "only $rounds rounds ran in $((HARD_MS / 1000)) s"
	[ $lost -eq 0 ] && [ $gone -eq 0 ]
	check_err $? "fdb add said OK, but the static entry was lost in $((lost + gone)) of $rounds rounds"
	[ "$drops" -gt 0 ]
	check_err $? "no frame of the senders was dropped as static_move"
	[ $relearn -eq 0 ]
	check_err $? "after fdb del, learning did not take the MAC back in $relearn rounds"
	log_test "static race: fdb add wins against learning and ageing ($rounds rounds)"
}

require_root
require_cmd ip jq ethtool
require_built
require_tool "$BVFLOOD"
setup
tests_run
