#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# `bpfvlan upgrade` under traffic (issue 17). One bridge: vm1, vm2, vm5 on
# VLAN 10, vm3, vm4 on VLAN 20 (access ports, VMs in namespaces), and a
# trunk 10,20 to a far namespace (mode xdp where veths take XDP). Three
# counted streams of 60-byte frames at a fixed rate (bvflood, numbered,
# told apart by a seed byte; bvpkt tallies every frame at every VM):
#   s1  vm1 -> vm2, VLAN 10, access to access      (vm2's MAC learned)
#   s2  vm3 -> far, VLAN 20, access to trunk       (far's MAC learned)
#   s3  far -> vm1, tagged 10, trunk to access     (vm1's MAC static)
# A stream passes when every frame it sent arrived where it should, in
# the form it should (untagged at a VM, tagged 20 at far), and not one
# arrived anywhere else (no wrong VLAN, no flooding of known unicast).
#
#   from_old     the bridge loaded and attached by bpfvlan of commit
#                $BV_UPGRADE_FROM (built in a temporary git worktree),
#                upgraded by this one while the streams run: 0 lost, 0
#                wrong; the static entry and the learned MACs, owners
#                (a hook port), VLANs, NIC settings and counters kept;
#                the new map (bv_build) made; a bridge of the old
#                build unloaded by this one (nothing left); then
#                `apply -f FILE check` of such a bridge says it upgrades
#                first and changes nothing, and `apply -f` upgrades it.
#   self         upgrade from itself, then with every map migrated as if
#                its layout had changed (the copy path: ports, VLANs,
#                FDB with ages and static flags, learn counts, counters),
#                then again, under the streams: 0 lost, 0 wrong; learned
#                entries still age afterwards.
#   grown        a layout that really changed: this tree built again with
#                fields appended to struct bv_port, bv_fdb_entry and
#                bv_port_stats (a copy patched by sed: the product has no
#                such knob), upgraded to under the streams: bv_ports,
#                bv_fdb and bv_stats migrate (their values copied as a
#                prefix, zeros after), 0 lost, 0 wrong, state and
#                counters kept; going back to this build (the values
#                would shrink) is refused, changing nothing; this build
#                unloads it without reading its maps.
#   refused      a changed map without a rule: refused, nothing changed.
#   faults       every step of an upgrade (with every map migrated)
#                fails in turn (the test build's hook): each time the
#                bridge still runs its old programs, pins and maps, no
#                build directory is left, and the streams lose nothing;
#                its ageing timer (stopped while maps migrate) runs again.
#   killed       an upgrade killed (SIGKILL) between the TC swaps of two
#                ports: every port is still the bridge's (one runs the new
#                program: its name and maps are the bridge's), nothing is
#                detached, traffic still flows; `upgrade` again puts every
#                port on one version and removes the dead build's pins.
#   repeat       50 upgrades in a row under the streams: the programs of
#                the bridge (by their use of its bv_ports), its pins and
#                its flood devmaps are as many after as before, and every
#                replaced program and devmap is gone.
#   timing       a 64-port bridge with 10000 learned MACs: how long an
#                upgrade takes, kept and migrated (printed; no assertion).

ALL_TESTS="upgrade_from_old upgrade_self upgrade_grown upgrade_refused upgrade_faults upgrade_killed upgrade_repeat upgrade_timing"
source "$(dirname "$0")/lib.sh"

BV_UPGRADE_FROM=${BV_UPGRADE_FROM:-3a70309}	# after issue 15's merge
OLD_BUILD=$BUILD/upgrade-from-$BV_UPGRADE_FROM
OLD_BIN=$OLD_BUILD/bpfvlan
GROWN_BUILD=$BUILD/upgrade-grown
GROWN_BIN=$GROWN_BUILD/bpfvlan
PPS=${UPGRADE_PPS:-500}			# frames a second, per stream
REPEAT=${UPGRADE_REPEAT:-50}

NS1=up-v1-$ID NS2=up-v2-$ID NS3=up-v3-$ID NS4=up-v4-$ID NS5=up-v5-$ID
FAR=up-far-$ID
P1=bu1$ID P2=bu2$ID P3=bu3$ID P4=bu4$ID P5=bu5$ID PT=but$ID
MAC1=02:00:00:17:00:01 MAC2=02:00:00:17:00:02 MAC3=02:00:00:17:00:03
MACF=02:00:00:17:00:0f
MATCH=6276666c6f6f64			# "bvflood": bvpkt --key is the seed
TRUNK_MODE=auto
CAP=$(mktemp /tmp/bvupgrade.XXXXXX)
defer rm -f "$CAP" "$CAP.s1" "$CAP.s2" "$CAP.s3" "$CAP.conf" "$CAP.drops" "$CAP.ready"
CAP_PID='' S_PIDS=()
CUR=bv				# the bpfvlan that reads the bridge now

# The bpfvlan of commit BV_UPGRADE_FROM, built once into $OLD_BUILD.
old_build()
{
	local top wt

	[ -x "$OLD_BIN" ] && return 0
	top=$(git -C "$SELFTESTS" rev-parse --show-toplevel 2>/dev/null) ||
		return 1
	if ! git -C "$top" cat-file -e "$BV_UPGRADE_FROM^{commit}" 2>/dev/null; then
		log_info "commit $BV_UPGRADE_FROM is not in this clone (a shallow one?): git fetch --unshallow"
		return 1
	fi
	wt=$(mktemp -d /tmp/bvupgrade-wt.XXXXXX)
	git -C "$top" worktree add -q --detach "$wt" "$BV_UPGRADE_FROM" ||
		return 1
	make -C "$wt" -j2 BUILD="$OLD_BUILD" "$OLD_BIN" >"$CAP" 2>&1
	local rc=$?
	git -C "$top" worktree remove --force "$wt"
	rm -rf "$wt"
	[ $rc -eq 0 ] || { tail -5 "$CAP"; return 1; }
}

# This tree, its map values grown: a copy of the files git knows (tracked
# or new), patched, built into $GROWN_BUILD (again at each run: the tree
# may have changed).
grown_build()
{
	local top src rc

	top=$(git -C "$SELFTESTS" rev-parse --show-toplevel 2>/dev/null) ||
		return 1
	src=$(mktemp -d /tmp/bvupgrade-grown.XXXXXX)
	(cd "$top" && git ls-files -co --exclude-standard -z |
		xargs -0 cp --parents -t "$src") || { rm -rf "$src"; return 1; }
	# A field after the last of each struct (bpfvlan_maps.h: fields are
	# only appended).
	sed -i -e '/^struct bv_port {/,/^};/ s|^\(\t__u8  owner_id\[BV_OWNER_ID_LEN\];\)$|\1\n\t__u32 grown;|' \
	       -e '/^struct bv_fdb_entry {/,/^};/ s|^\(\t__u32 pad;\)$|\1\n\t__u64 grown;|' \
	       -e '/^struct bv_port_stats {/,/^};/ s|^\(\t__u64 events\[BV_EV_MAX\];\)$|\1\n\t__u64 grown;|' \
		"$src/maps/bpfvlan_maps.h"
	[ "$(grep -c 'grown;' "$src/maps/bpfvlan_maps.h")" -eq 3 ] ||
		{ log_info "grown_build: bpfvlan_maps.h did not take the patch"; rm -rf "$src"; return 1; }
	make -C "$src" -j2 BUILD="$GROWN_BUILD" "$GROWN_BIN" >"$CAP" 2>&1
	rc=$?
	rm -rf "$src"
	[ $rc -eq 0 ] || { tail -5 "$CAP"; return 1; }
}

bv_grown()
{
	"$GROWN_BIN" -b "$BRIDGE" "$@"
}

bv_old()
{
	"$OLD_BIN" -b "$BRIDGE" "$@"
}

# topology BIN: the bridge loaded by BIN (bv or bv_old), its ports, the
# static entry, and the learned MACs primed.
topology()
{
	local bin=$1

	$bin load ageing 600 || return 1
	$bin attach "$P1" access 10 &&
	$bin attach "$P2" access 10 owner hook &&
	$bin attach "$P3" access 20 &&
	$bin attach "$P4" access 20 &&
	$bin attach "$P5" access 10 &&
	$bin attach "$PT" trunk 10,20 mode "$TRUNK_MODE" &&
	$bin fdb add "$MAC1" dev "$P1" vid 10 || return 1
	# vm2's MAC and far's in VLAN 20: learned
	"$BVFLOOD" --count 3 --src "$MAC2" --seed 0x45 "$NS2/eth0" >/dev/null &&
	"$BVFLOOD" --count 3 --src "$MACF" --vid 20 --seed 0x46 "$FAR/eth0" >/dev/null
}

setup()
{
	local ns

	for ns in "$NS1" "$NS2" "$NS3" "$NS4" "$NS5" "$FAR"; do
		ns_create "$ns" || exit 1
	done
	host_add "$NS1" "$P1" gro && host_add "$NS2" "$P2" &&
	host_add "$NS3" "$P3" && host_add "$NS4" "$P4" &&
	host_add "$NS5" "$P5" && host_add "$FAR" "$PT" gro || exit 1
	veth_xdp_ok && TRUNK_MODE=xdp
	defer "$BV_BIN" -b "$BRIDGE" unload
}

fdb_has()
{
	bv -j fdb show | jq -e --arg m "$1" --argjson v "$2" --arg f "$3" \
		'any(.[]; .mac == $m and .vlan == $v and ((.flags | index("static")) != null) == ($f == "static"))' >/dev/null
}

# streams_start: the capture, then the three streams (until streams_stop).
streams_start()
{
	local eps=() ns

	for ns in "$NS1" "$NS2" "$NS3" "$NS4" "$NS5" "$FAR"; do
		eps+=(--rx "$ns/eth0")
	done
	rm -f "$CAP.ready"
	"$BVPKT" --wait 900000 --tally --key --match "$MATCH" --ready "$CAP.ready" \
		"${eps[@]}" >"$CAP" 2>"$CAP.drops" &
	CAP_PID=$!
	defer kill "$CAP_PID"
	# Its six sockets open before anything is sent.
	busywait 20000 test -e "$CAP.ready" || return 1
	"$BVFLOOD" --count 100000000 --time-ms 900000 --pps "$PPS" --seed 0x11 \
		--src "$MAC1" --dst "$MAC2" "$NS1/eth0" >"$CAP.s1" &
	S_PIDS=($!)
	"$BVFLOOD" --count 100000000 --time-ms 900000 --pps "$PPS" --seed 0x22 \
		--src "$MAC3" --dst "$MACF" "$NS3/eth0" >"$CAP.s2" &
	S_PIDS+=($!)
	"$BVFLOOD" --count 100000000 --time-ms 900000 --pps "$PPS" --seed 0x33 \
		--vid 10 --src "$MACF" --dst "$MAC1" "$FAR/eth0" >"$CAP.s3" &
	S_PIDS+=($!)
	defer kill "${S_PIDS[@]}"
	sleep 1		# some frames before the upgrade (not an assertion)
}

# sent FILE: frames a stream handed to its device.
sent()
{
	awk '{ print $2 }' "$1"
}

# tally KEY EP FORM: frames of stream KEY that EP saw in FORM.
tally()
{
	awk -v ep="$2" -v k="$1" -v f="$3" '
		$1 == ep && $3 == k {
			form = $4 == "untagged" ? "untagged" : "vid" $5
			n = $NF
			if (form == f) s += n
		}
		END { print s + 0 }' "$CAP"
}

# elsewhere KEY EP FORM: frames of stream KEY seen anywhere but EP in FORM.
elsewhere()
{
	awk -v ep="$2" -v k="$1" -v f="$3" '
		$3 == k {
			form = $4 == "untagged" ? "untagged" : "vid" $5
			if ($1 != ep || form != f) s += $NF
		}
		END { print s + 0 }' "$CAP"
}

# Where lost frames went: the bridge's drop counters, the devices'.
losses()
{
	local p

	$CUR -j stats | jq -c '.[] | {ifname, rx_packets, tx_packets, drops: (.drops | with_entries(select(.value > 0))), events}'
	for p in "$P1" "$P2" "$P3" "$PT"; do
		ethtool -S "$p" 2>/dev/null | grep -v ': 0$' | sed "s/^/$p/"
		ip -s -s link show dev "$p" | sed "s/^/$p /"
	done
	ip netns exec "$FAR" ethtool -S eth0 | grep -v ': 0$' | sed 's/^/far/'
	ip -n "$FAR" -s -s link show dev eth0 | sed 's/^/far /'
	ip netns exec "$FAR" cat /proc/net/softnet_stat | sed 's/^/softnet /'
}

# streams_stop WHAT: stop the streams, then the capture; check them.
streams_stop()
{
	local what=$1 key file ep form s got other total=0 lost=0

	kill -TERM "${S_PIDS[@]}" 2>/dev/null
	wait "${S_PIDS[@]}" 2>/dev/null
	sleep 1		# the last frames on their way (not an assertion)
	kill -TERM "$CAP_PID" 2>/dev/null
	wait "$CAP_PID" 2>/dev/null
	for s in "0x11 s1 $NS2/eth0 untagged" "0x22 s2 $FAR/eth0 vid20" \
		 "0x33 s3 $NS1/eth0 untagged"; do
		read -r key file ep form <<<"$s"
		key=${key#0x}
		s=$(sent "$CAP.$file")
		got=$(tally "$key" "$ep" "$form")
		other=$(elsewhere "$key" "$ep" "$form")
		[ -n "$s" ] && [ "$s" -gt 0 ]
		check_err $? "$what: stream $file sent nothing: $(cat "$CAP.$file")"
		[ "$got" -eq "$s" ]
		check_err $? "$what: stream $file sent $s frames, $got arrived at $ep ($form)"
		[ "$other" -eq 0 ]
		check_err $? "$what: stream $file: $other frames arrived elsewhere or in another form"
		total=$((total + s))
		lost=$((lost + s - got))
	done
	log_info "$what: $total frames sent during the upgrades, $lost lost"
	# A frame the capture's socket dropped (its buffer full on a busy
	# machine) was not lost by the bridge: said, and still a failure.
	[ -s "$CAP.drops" ] && log_info "$(cat "$CAP.drops")"
	[ "$lost" -eq 0 ] || losses
	UPGRADE_SENT=$((${UPGRADE_SENT:-0} + total))
	UPGRADE_LOST=$((${UPGRADE_LOST:-0} + lost))
}

# state BIN: what must survive an upgrade, as BIN (bv, or bv_old for a
# bridge of the old build, which this build reads only once upgraded):
# ports, owners, VLANs, the static entry, the learned MACs, NIC settings.
state()
{
	$1 -j port show | jq -c '[.[] | {ifname, owner, learned: (.learned > 0)}]'
	$1 -j vlan show | jq -c .
	$1 -j fdb show | jq -c '[.[] | select(.mac | startswith("02:00:00:17")) | {mac, vlan, ifname, flags}] | sort_by(.mac, .vlan)'
	ethtool -k "$P1" | sort
	ethtool -k "$PT" | sort
}

# The bridge's programs: pinned, attached (TC on every port, XDP on the
# trunk) by id.
prog_ids()
{
	local p

	for p in tc_ingress xdp_ingress xdp_egress_untag xdp_egress_tag; do
		bpftool -j prog show pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/$p" 2>/dev/null |
			jq -r '.id // empty'
	done
	for p in "$P1" "$P2" "$P3" "$P4" "$P5" "$PT"; do
		tc -j filter show dev "$p" ingress | jq -r '.[] | select(.options.handle == "0xb7a0") | .options.prog.id // empty'
	done
	ip -j link show dev "$PT" | jq -r '.[0].xdp.prog.id // empty'
}

map_ids()
{
	local f

	for f in /sys/fs/bpf/bpfvlan/"$BRIDGE"/bv_*; do
		bpftool -j map show pinned "$f" | jq -r .id
	done
}

# clock_runs: the bridge's clock (bv_config.now_ns, written by each tick
# of its ageing timer, one a second) moves within 10 s.
clock_runs()
{
	local t0 i

	t0=$(bpftool -j map dump pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_config" |
		jq '.[0].formatted.value.now_ns')
	for ((i = 0; i < 20; i++)); do
		sleep 0.5
		[ "$(bpftool -j map dump pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_config" |
			jq '.[0].formatted.value.now_ns')" != "$t0" ] && return 0
	done
	return 1
}

# rx_packets BIN PORT
rx_packets()
{
	$1 -j stats dev "$2" | jq -r '.[0].rx_packets'
}

upgrade_from_old()
{
	local before after rx progs out

	RET=0
	if [ ! -x "$OLD_BIN" ]; then
		skip_case "upgrade from $BV_UPGRADE_FROM under traffic" upgrade_old \
			  "no bpfvlan of $BV_UPGRADE_FROM (not in this clone, or it did not build)"
		return
	fi
	topology bv_old
	check_err $? "the bridge of $BV_UPGRADE_FROM"
	streams_start
	check_err $? "streams"
	before=$(state bv_old)
	rx=$(rx_packets bv_old "$P1")
	bv upgrade
	check_err $? "upgrade from $BV_UPGRADE_FROM"
	sleep 1
	streams_stop "from $BV_UPGRADE_FROM"
	after=$(state bv)
	[ "$before" = "$after" ]
	check_err $? "state changed: $(diff <(echo "$before") <(echo "$after"))"
	fdb_has "$MAC1" 10 static && fdb_has "$MAC2" 10 learned &&
		fdb_has "$MACF" 20 learned
	check_err $? "static entry or learned MACs lost"
	[ "$(rx_packets bv "$P1")" -gt "$rx" ]
	check_err $? "counters of $P1 restarted"
	[ -e "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_build" ]
	check_err $? "no bv_build pinned after the upgrade"
	# A bridge of the old build, unloaded by this one (it lacks maps of
	# this build: they are not read); then again: apply -f upgrades it.
	bv unload
	topology bv_old
	progs=$(my_progs)
	out=$(bv unload 2>&1)
	check_err $? "this build cannot unload a bridge of $BV_UPGRADE_FROM: $out"
	[ ! -e "/sys/fs/bpf/bpfvlan/$BRIDGE" ] && [ -z "$(prog_ids)" ]
	check_err $? "pins or hooks left by the unload: $(prog_ids | tr '\n' ' ')"
	busywait 10000 gone prog "$progs"
	check_err $? "programs of the bridge of $BV_UPGRADE_FROM left after its unload"
	topology bv_old
	# The hook's port is not the file's: apply leaves it alone.
	printf 'port %s access 10\nport %s access 20\nport %s access 20\nport %s access 10\nport %s trunk 10,20 mode %s\nfdb %s dev %s vid 10\n' \
		"$P1" "$P3" "$P4" "$P5" "$PT" "$TRUNK_MODE" "$MAC1" "$P1" >"$CAP.conf"
	# check: says so, shows the plan, changes nothing.
	progs=$(prog_ids)
	bv apply -f "$CAP.conf" check >"$CAP" 2>&1
	check_err $? "apply -f check on a bridge of $BV_UPGRADE_FROM: $(cat "$CAP")"
	grep -q "apply upgrades it first" "$CAP"
	check_err $? "apply check did not say it upgrades first: $(cat "$CAP")"
	[ "$progs" = "$(prog_ids)" ] && [ ! -e "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_build" ]
	check_err $? "apply check changed the bridge of $BV_UPGRADE_FROM"
	bv -v apply -f "$CAP.conf" 2>"$CAP"
	check_err $? "apply -f on a bridge of $BV_UPGRADE_FROM: $(cat "$CAP")"
	grep -q "upgrading it first" "$CAP"
	check_err $? "apply did not upgrade the bridge of $BV_UPGRADE_FROM"
	[ -e "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_build" ]
	check_err $? "no bv_build pinned after apply"
	bv -v apply -f "$CAP.conf" 2>"$CAP"
	check_err $? "apply -f again"
	grep -q "upgrading it first" "$CAP"
	check_fail $? "apply upgraded a bridge of its own build"
	fdb_has "$MAC2" 10 learned
	check_err $? "apply's upgrade lost a learned MAC"
	bv -j port show | jq -e --arg p "$P2" 'any(.[]; .ifname == $p and .owner == "hook")' >/dev/null
	check_err $? "apply's upgrade lost the hook's port"
	bv unload
	log_test "upgrade from $BV_UPGRADE_FROM under traffic"
}

upgrade_self()
{
	local before after learned

	RET=0
	topology bv
	check_err $? "topology"
	streams_start
	check_err $? "streams"
	before=$(state bv)
	bv upgrade
	check_err $? "upgrade from itself"
	BPFVLAN_TEST_UPGRADE_MIGRATE=all bv_test upgrade
	check_err $? "upgrade with every map migrated"
	bv upgrade
	check_err $? "upgrade after the migration"
	sleep 1
	streams_stop "self and migrated"
	after=$(state bv)
	[ "$before" = "$after" ]
	check_err $? "state changed: $(diff <(echo "$before") <(echo "$after"))"
	learned=$(bv -j port show | jq -c '[.[] | .learned]')
	BPFVLAN_TEST_UPGRADE_MIGRATE=all bv_test upgrade
	check_err $? "upgrade with every map migrated, without traffic"
	[ "$learned" = "$(bv -j port show | jq -c '[.[] | .learned]')" ]
	check_err $? "learn counts changed by the migration: $learned, now $(bv -j port show | jq -c '[.[] | .learned]')"
	bv unload
	log_test "upgrade from itself and with every map migrated, under traffic"
}

upgrade_grown()
{
	local before after rx progs out

	RET=0
	if ! grown_build; then
		check_err 1 "the grown build did not build"
		log_test "upgrade to a changed layout under traffic"
		return
	fi
	topology bv
	check_err $? "topology"
	streams_start
	check_err $? "streams"
	before=$(state bv)
	rx=$(rx_packets bv "$P1")
	out=$(bv_grown -v upgrade 2>&1)
	check_err $? "upgrade to the grown layout: $out"
	CUR=bv_grown
	for m in bv_ports bv_fdb bv_stats; do
		grep -q "map $m migrates" <<<"$out"
		check_err $? "map $m was not migrated: $out"
	done
	sleep 1
	streams_stop "to a grown layout"
	after=$(state bv_grown)
	[ "$before" = "$after" ]
	check_err $? "state changed: $(diff <(echo "$before") <(echo "$after"))"
	[ "$(rx_packets bv_grown "$P1")" -gt "$rx" ]
	check_err $? "counters of $P1 restarted"
	bpftool -j map show pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_fdb" |
		jq -e '.bytes_value == 32' >/dev/null
	check_err $? "bv_fdb's value did not grow"
	progs=$(prog_ids)
	out=$(bv upgrade 2>&1)
	check_fail $? "an upgrade to smaller values succeeded"
	grep -q "no rule migrates it; nothing changed" <<<"$out"
	check_err $? "no message: $out"
	[ "$progs" = "$(prog_ids)" ]
	check_err $? "a refused upgrade changed the programs"
	# This build unloads it (a downgrade, then `systemctl stop`): its
	# maps are not read with this build's smaller structs (it says so),
	# and still nothing of the bridge is left.
	progs=$(my_progs)
	out=$(bv unload 2>&1)
	check_err $? "this build cannot unload a bridge of the grown layout: $out"
	grep -q "removing its hooks and pins only" <<<"$out"
	check_err $? "the unload read the grown maps: $out"
	CUR=bv
	[ ! -e "/sys/fs/bpf/bpfvlan/$BRIDGE" ] && [ -z "$(prog_ids)" ]
	check_err $? "pins or hooks left by the unload: $(prog_ids | tr '\n' ' ')"
	busywait 10000 gone prog "$progs"
	check_err $? "programs of the grown bridge left after its unload"
	log_test "upgrade to a changed layout under traffic, and not back"
}

upgrade_refused()
{
	local progs maps out

	RET=0
	topology bv
	progs=$(prog_ids)
	maps=$(map_ids)
	out=$(BPFVLAN_TEST_UPGRADE_NO_RULE=bv_fdb bv_test upgrade 2>&1)
	check_fail $? "an upgrade of a changed map without a rule succeeded"
	grep -q "map bv_fdb changed.*no rule migrates it; nothing changed" <<<"$out"
	check_err $? "no message naming the map: $out"
	[ "$progs" = "$(prog_ids)" ] && [ "$maps" = "$(map_ids)" ]
	check_err $? "a refused upgrade changed programs or maps"
	bv unload
	log_test "upgrade of a layout without a rule is refused, nothing changed"
}

upgrade_faults()
{
	local progs maps pins n rc out steps=0

	RET=0
	topology bv
	progs=$(prog_ids)
	maps=$(map_ids)
	pins=$(ls "/sys/fs/bpf/bpfvlan/$BRIDGE")
	streams_start
	check_err $? "streams"
	for ((n = 1; n <= 200; n++)); do
		out=$(BPFVLAN_TEST_UPGRADE_MIGRATE=all BPFVLAN_TEST_UPGRADE_FAIL_STEP=$n \
		      bv_test upgrade 2>&1)
		rc=$?
		[ $rc -eq 0 ] && break
		steps=$n
		grep -q "step $n .*injected by a test" <<<"$out"
		check_err $? "step $n: not the injected failure: $out"
		[ "$progs" = "$(prog_ids)" ]
		check_err $? "step $n failed, and the bridge's programs changed"
		[ "$maps" = "$(map_ids)" ]
		check_err $? "step $n failed, and the bridge's maps changed"
		[ "$pins" = "$(ls "/sys/fs/bpf/bpfvlan/$BRIDGE")" ] &&
			! ls /sys/fs/bpf/bpfvlan | grep -q "^~$BRIDGE~"
		check_err $? "step $n failed, and the pins changed or a build directory is left"
		[ $RET -eq 0 ] || break
	done
	[ $rc -eq 0 ] && [ "$steps" -ge 10 ]
	check_err $? "the upgrade did not pass after $steps failed steps"
	# The timer, stopped before the copy, runs again after a failure
	# (at the last step: the hand-over) and after a success.
	clock_runs
	check_err $? "the bridge's clock stands still after an upgrade"
	BPFVLAN_TEST_UPGRADE_MIGRATE=all BPFVLAN_TEST_UPGRADE_FAIL_STEP=$steps \
		bv_test upgrade >/dev/null 2>&1
	check_fail $? "the upgrade did not fail at step $steps"
	clock_runs
	check_err $? "the bridge's clock stands still after a failed upgrade"
	streams_stop "faults at each of $steps steps"
	log_info "each of $steps steps failed once; the old version kept running"
	bv unload
	log_test "a failure at any step of an upgrade leaves the old version running"
}

upgrade_killed()
{
	local n ports tc

	RET=0
	topology bv
	ports=$(bv -j port show | jq -c '[.[].ifname]')
	# The step that swaps the second port's TC program (-v names them).
	n=$(BPFVLAN_TEST_UPGRADE_FAIL_STEP=100000 bv_test -v upgrade 2>&1 |
		sed -n "s/.*step \([0-9]*\): swap the TC program of $P2\$/\1/p")
	[ -n "$n" ]
	check_err $? "no step swaps the TC program of $P2"
	streams_start
	check_err $? "streams"
	BPFVLAN_TEST_UPGRADE_KILL_STEP=$n bv_test upgrade >/dev/null 2>&1
	[ $? -eq 137 ]
	check_err $? "the upgrade was not killed at step $n"
	ls /sys/fs/bpf/bpfvlan | grep -q "^~$BRIDGE~"
	check_err $? "no build directory left by the killed upgrade (was it killed in the swap?)"
	[ "$(bv -j port show | jq -c '[.[].ifname]')" = "$ports" ]
	check_err $? "ports changed after a killed upgrade: $(bv port show 2>&1)"
	bv upgrade
	check_err $? "upgrade after a killed one"
	! ls /sys/fs/bpf/bpfvlan | grep -q "^~$BRIDGE~"
	check_err $? "the dead build's directory is still there"
	tc=$(prog_ids | sed -n 1p)
	for p in "$P1" "$P2" "$P3" "$P4" "$P5" "$PT"; do
		[ "$(tc -j filter show dev "$p" ingress | jq -r '.[] | select(.options.handle == "0xb7a0") | .options.prog.id')" = "$tc" ]
		check_err $? "$p does not run the pinned TC program"
	done
	sleep 1
	streams_stop "a killed upgrade, then another"
	bv unload
	log_test "an upgrade killed in the middle: ports kept, the next upgrade completes it"
}

# my_progs: programs that use the bridge's bv_ports (all of its own).
my_progs()
{
	local id

	id=$(bpftool -j map show pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_ports" | jq .id)
	bpftool -j prog show | jq --argjson id "$id" \
		'[.[] | select((.map_ids // []) | index($id))] | map(.id) | sort | .[]'
}

# flood_maps: the flood devmaps in bv_flood.
flood_maps()
{
	local hex

	bpftool -j map dump pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_flood" |
		jq -r '.[] | select(.key[0] != "0x00" or .key[1] != "0x00") |
			.value | reverse | map(ltrimstr("0x")) | join("")' |
		while read -r hex; do echo $((16#$hex)); done | sort -n
}

# gone prog|map IDS: none of the programs (maps) IDS is loaded any more.
gone()
{
	local id

	for id in $2; do
		bpftool "$1" show id "$id" >/dev/null 2>&1 && return 1
	done
	return 0
}

upgrade_repeat()
{
	local progs0 pins0 flood0 progs flood old_progs='' old_flood='' i

	RET=0
	topology bv
	progs0=$(my_progs | wc -l)
	pins0=$(ls "/sys/fs/bpf/bpfvlan/$BRIDGE" | wc -l)
	flood0=$(flood_maps | wc -l)
	streams_start
	check_err $? "streams"
	for ((i = 1; i <= REPEAT; i++)); do
		progs=$(my_progs)
		flood=$(flood_maps)
		bv upgrade
		check_err $? "upgrade $i of $REPEAT"
		old_progs+=" $progs"
		old_flood+=" $flood"
		[ $RET -eq 0 ] || break
	done
	sleep 1
	streams_stop "$REPEAT upgrades in a row"
	busywait 10000 gone prog "$old_progs"
	check_err $? "programs of replaced versions still loaded"
	busywait 10000 gone map "$old_flood"
	check_err $? "flood devmaps of replaced versions still there"
	[ "$(my_progs | wc -l)" -eq "$progs0" ]
	check_err $? "the bridge has $(my_progs | wc -l) programs, $progs0 before"
	[ "$(ls "/sys/fs/bpf/bpfvlan/$BRIDGE" | wc -l)" -eq "$pins0" ]
	check_err $? "pins: $(ls "/sys/fs/bpf/bpfvlan/$BRIDGE" | wc -l), $pins0 before"
	[ "$(flood_maps | wc -l)" -eq "$flood0" ]
	check_err $? "flood devmaps: $(flood_maps | wc -l), $flood0 before"
	log_info "$REPEAT upgrades: $progs0 programs, $pins0 pins, $flood0 flood devmaps before and after"
	bv unload
	log_test "$REPEAT upgrades in a row under traffic, nothing leaked"
}

upgrade_timing()
{
	local ns=up-64-$ID i t0 t1 n

	RET=0
	ns_create "$ns" || { check_err 1 "namespace"; log_test "timing"; return; }
	bv load || { check_err 1 "load"; log_test "timing"; return; }
	for ((i = 0; i < 64; i++)); do
		ip link add "bu$i-$ID" type veth peer name "e$i" netns "$ns" &&
		ip link set "bu$i-$ID" up && ip -n "$ns" link set "e$i" up &&
		bv attach "bu$i-$ID" access $((10 + i % 8)) >/dev/null ||
			{ check_err 1 "port $i"; break; }
	done
	defer bash -c "for i in \$(seq 0 63); do ip link del bu\$i-$ID; done"
	"$BVFLOOD" --count 10000 --seed 0x64 "$ns/e0" >/dev/null
	n=$(bv -j fdb show | jq length)
	[ "$n" -ge 10000 ]
	check_err $? "only $n FDB entries learned"
	t0=$(date +%s%N)
	bv upgrade
	check_err $? "upgrade"
	t1=$(date +%s%N)
	log_info "upgrade of a 64-port bridge with $n FDB entries: $(( (t1 - t0) / 1000000 )) ms (maps kept)"
	t0=$(date +%s%N)
	BPFVLAN_TEST_UPGRADE_MIGRATE=all bv_test upgrade
	check_err $? "upgrade, every map migrated"
	t1=$(date +%s%N)
	log_info "... with every map migrated: $(( (t1 - t0) / 1000000 )) ms; FDB then $(bv -j fdb show | jq length) entries"
	bv unload
	log_test "timing: 64 ports, 10000 FDB entries"
}

case " ${BV_CASES:-$ALL_TESTS} " in
*" upgrade_from_old "*)
	old_build || log_info "no bpfvlan of $BV_UPGRADE_FROM: upgrade_from_old is skipped" ;;
esac
run_tests bpftool jq tc ethtool git
log_info "in all: ${UPGRADE_SENT:-0} frames sent during upgrades, ${UPGRADE_LOST:-0} lost"
