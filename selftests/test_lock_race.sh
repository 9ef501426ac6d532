#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Concurrent commands on one bridge are serialised by a flock on its pin
# directory, which `unload` removes and `load` makes anew.
#
#   stale_lock  a command waiting for the lock while the bridge is unloaded
#               and loaded again must not go on with the lock of the dead
#               directory: it waits for the new bridge's lock (held here by
#               another process) before it touches anything.
#   race        rounds of load, attach, port show and unload run at once:
#               no command sees a half-made bridge, and after each round
#               the bridge is whole or absent, and a device carries
#               bpfvlan's programs exactly when it is a port.

ALL_TESTS="stale_lock race"
source "$(dirname "$0")/lib.sh"

BRIDGE=ctl$ID
PIN=/sys/fs/bpf/bpfvlan
D1=ctl1$ID D2=ctl2$ID
ROUNDS=${ROUNDS:-12}
TMP=
NR_PINS=		# pins of a whole bridge, counted on one loaded alone

setup()
{
	local d

	TMP=$(mktemp -d) || exit 1
	defer rm -rf "$TMP"
	for d in $D1 $D2; do
		ip link add "$d" type veth peer name "${d}p" || exit 1
		defer ip link del "$d"
		ip link set "$d" up && ip link set "${d}p" up
	done
	"$BV_BIN" -b "ctr$ID" load || exit 1
	defer "$BV_BIN" -b "ctr$ID" unload
	NR_PINS=$(ls "$PIN/ctr$ID" | wc -l)
	"$BV_BIN" -b "ctr$ID" unload || exit 1
}

# hold NAME DIR: a process that holds DIR's flock until $TMP/NAME.go
# exists (at most 60 s); returns once the lock is held.
hold()
{
	flock "$2" sh -c "touch '$TMP/$1.held'; i=0;
		while [ ! -e '$TMP/$1.go' ] && [ \$i -lt 1200 ]; do
			sleep 0.05; i=\$((i + 1)); done" &
	defer touch "$TMP/$1.go"
	busywait 10000 test -e "$TMP/$1.held"
}

release()
{
	touch "$TMP/$1.go"
}

# waits_on PID INODE: PID is blocked on a flock of INODE (/proc/locks).
waits_on()
{
	grep -Eq "^[0-9]+: -> FLOCK +ADVISORY +WRITE +$1 +[0-9a-f]+:[0-9a-f]+:$2 " /proc/locks
}

# done_or_waits PID INODE: PID has exited, or waits for INODE's lock.
done_or_waits()
{
	! kill -0 "$1" 2>/dev/null || waits_on "$1" "$2"
}

stale_lock()
{
	local old=ct~old~$ID ino1 ino2 pid rc

	RET=0
	bridge_load || { check_err 1 "cannot load $BRIDGE"; log_test "lock: stale"; return; }
	ino1=$(stat -c %i "$PIN/$BRIDGE")
	hold h1 "$PIN/$BRIDGE"
	check_err $? "cannot hold the lock of $BRIDGE"

	"$BV_BIN" -b "$BRIDGE" attach "$D1" access 10 2>"$TMP/attach.err" &
	pid=$!
	busywait 10000 waits_on $pid "$ino1"
	check_err $? "attach does not wait for the lock of $BRIDGE"

	# What `unload` + `load` do while attach waits: the locked directory
	# leaves the path and a new bridge comes in its place. (The old one
	# is moved aside, not removed, so that its pins can be cleaned.)
	mv "$PIN/$BRIDGE" "$PIN/$old"
	check_err $? "cannot move $PIN/$BRIDGE aside"
	defer rm -rf "$PIN/$old"
	bv load
	check_err $? "cannot load $BRIDGE again"
	ino2=$(stat -c %i "$PIN/$BRIDGE")
	hold h2 "$PIN/$BRIDGE"
	check_err $? "cannot hold the lock of the new $BRIDGE"

	release h1
	busywait 10000 done_or_waits $pid "$ino2"
	check_err $? "attach neither ended nor waits for the new bridge's lock"
	kill -0 $pid 2>/dev/null
	check_err $? "attach went on with the lock of the unloaded bridge while the new one was locked"

	release h2
	wait $pid
	rc=$?
	[ $rc -eq 0 ]
	check_err $? "attach after the reload failed (rc $rc): $(cat "$TMP/attach.err")"
	bv -j port show | jq -e --arg d "$D1" 'any(.[]; .ifname == $d)' >/dev/null
	check_err $? "$D1 is not a port of the new bridge"
	bv unload
	check_err $? "unload failed"
	log_test "lock: a waiter on an unloaded bridge takes the new bridge's lock"
}

# has_progs DEV: DEV carries a tc filter or an XDP program.
has_progs()
{
	[ -n "$(tc filter show dev "$1" ingress 2>/dev/null)" ] ||
		ip -d link show "$1" | grep -q 'prog/xdp'
}

# check_round N: the bridge is whole (every pin) or absent; a device has
# programs exactly when it is a port.
check_round()
{
	local n=$1 d ports="" pins

	if [ -e "$PIN/$BRIDGE" ]; then
		pins=$(ls "$PIN/$BRIDGE" | wc -l)
		[ "$pins" -eq "$NR_PINS" ]
		check_err $? "round $n: bridge with $pins pins (want $NR_PINS): $(ls "$PIN/$BRIDGE" | tr '\n' ' ')"
		ports=$(bv -j port show | jq -r '.[].ifname')
		check_err $? "round $n: port show failed"
	fi
	for d in $D1 $D2; do
		if printf '%s\n' "$ports" | grep -qx "$d"; then
			has_progs "$d"
			check_err $? "round $n: port $d has no program"
		else
			! has_progs "$d"
			check_err $? "round $n: $d has programs but is no port: $(tc filter show dev "$d" ingress)"
		fi
	done
}

# leave_clean: unload what is there; remove programs a failure left.
leave_clean()
{
	local d

	[ -e "$PIN/$BRIDGE" ] && bv unload 2>/dev/null
	for d in $D1 $D2; do
		tc qdisc del dev "$d" clsact 2>/dev/null
		ip link set dev "$d" xdp off 2>/dev/null
	done
}

race()
{
	local n pids p cmd ok=0 failed=0

	RET=0
	defer leave_clean
	for ((n = 1; n <= ROUNDS; n++)); do
		# Every other round starts with the bridge there.
		[ $((n % 2)) -eq 1 ] && bv load
		pids=()
		for cmd in "load" "attach $D1 access 10" "unload" \
			   "attach $D2 trunk 10,20" "port show" "load" "unload"; do
			# shellcheck disable=SC2086
			"$BV_BIN" -b "$BRIDGE" $cmd >/dev/null 2>>"$TMP/race.err" &
			pids+=($!)
		done
		for p in "${pids[@]}"; do
			if wait "$p"; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
		done
		check_round $n
		leave_clean
		[ $RET -ne 0 ] && break
	done
	! grep -qi 'incomplete\|cannot pin\|cannot create' "$TMP/race.err"
	check_err $? "a command saw a half-made bridge: $(grep -i 'incomplete\|cannot pin\|cannot create' "$TMP/race.err" | head -3)"
	log_info "$ok commands succeeded, $failed refused (bridge missing or already there)"
	log_test "lock: $ROUNDS rounds of load/attach/show/unload at once"
}

run_tests ip jq tc flock
