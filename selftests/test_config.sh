#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The configuration file (`bpfvlan apply -f FILE`, `bpfvlan show config`)
# and the systemd unit, checked on the wire: apply loads a missing bridge
# and attaches what the file says; twice changes nothing (same programs,
# counters not reset); trunk VIDs change live while traffic flows; a mode
# or VID change re-attaches only that port; static FDB entries follow the
# file; ports attached by hand or by a hook survive; an invalid file or a
# failure at any step leaves the bridge as it was; show config round-trips;
# the unit passes systemd-analyze verify and its commands, run by hand,
# start, reload, stop (still forwarding) and restart without cutting a VM.

ALL_TESTS="apply_new apply_twice vlan_live reattach learn_limit internal_port
	   static_fdb owners
	   invalid_file rollback_each_step rollback_real_failure ageing_live
	   round_trip
	   unit_verify unit_commands"
source "$(dirname "$0")/lib.sh"

BRIDGE=cf$ID
NT=cfnt-$ID NA=cfna-$ID NB=cfnb-$ID NC=cfnc-$ID NH=cfnh-$ID
T=cft$ID A=cfa$ID B=cfb$ID C=cfc$ID H=cfh$ID M=cfm$ID X=cfx$ID
IP_T=198.51.100.1 IP_A=198.51.100.2 IP_H=198.51.100.3
MAC_S=020000000c01	# a static entry
DIR=
FILE=

# T: trunk 20,100-109 native 10 to host NT (untagged = VLAN 10).
# A: access 10 (NA), B: access 20 mode tc (NB), C: access 30 (NC).
# H: a "VM" attached by a hook (NH, access 10). M, X: spare veths.
setup()
{
	# Runs last: a bridge whose unload stopped at a port goes once the
	# links are gone.
	defer "$BV_BIN" -b "$BRIDGE" unload
	DIR=$(mktemp -d "/tmp/cf$ID.XXXXXX") || exit 1
	defer rm -rf "$DIR"
	FILE=$DIR/$BRIDGE.conf
	host_ns_add "$NT" "$T" && host_ns_add "$NA" "$A" && host_ns_add "$NB" "$B" &&
	host_ns_add "$NC" "$C" && host_ns_add "$NH" "$H" || exit 1
	ip link add "$M" type veth peer name "cfm2$ID" && defer ip link del "$M" &&
	ip link add "$X" type veth peer name "cfx2$ID" && defer ip link del "$X" ||
		exit 1
	ip link set "$M" up && ip link set "$X" up &&
		ip link set "cfm2$ID" up && ip link set "cfx2$ID" up
	ip -n "$NT" addr add $IP_T/24 dev eth0
	ip -n "$NA" addr add $IP_A/24 dev eth0
	ip -n "$NH" addr add $IP_H/24 dev eth0
	defer "$BV_BIN" -b "$BRIDGE" unload
}

base_conf()
{
	cat <<-EOF
	# test configuration
	bridge ageing 300
	port $T trunk 20,100-109 native 10
	port $A access 10
	port $B access 20 mode tc
	port $C access 30
	fdb 02:00:00:00:0c:01 dev $A vid 10
	EOF
}

# traffic: 20 frames into each of T, A, B (counters well above noise).
traffic()
{
	local i tx=()

	for ((i = 0; i < 20; i++)); do
		tx+=(--tx "$NT/eth0" "$(frame $BCAST 020000000e0f)"
		     --tx "$NA/eth0" "$(frame $BCAST 020000000a0f)"
		     --tx "$NB/eth0" "$(frame $BCAST 020000000b0f)")
	done
	pkt --wait 0 "${tx[@]}" >/dev/null
}

# kept BEFORE DEV...: every DEV's rx count is at least what BEFORE (the
# output of counts) said.
counts()
{
	local d

	for d in "$@"; do
		printf '%s=%s ' "$d" "$(rx_of "$d")"
	done
}

kept()
{
	local before=$1 d n; shift

	for d in "$@"; do
		n=$(printf '%s' "$before" | tr ' ' '\n' | sed -n "s/^$d=//p")
		[ "$(rx_of "$d")" -ge "$n" ] && [ "$n" -gt 0 ] || return 1
	done
}

# snapshot: what apply may change, as text.
snapshot()
{
	bv show config
	bv -j port show | jq -c '[.[] | {ifname, mode, pvid, vlans, attach, owner, learn_limit}] | sort_by(.ifname)'
	bv -j fdb show | jq -c '[.[] | select(.flags == ["static"]) | {mac, vlan, ifname}]'
}

apply_new()
{
	local out want

	base_conf >"$FILE"
	bv apply -f "$FILE"
	check_err $? "apply on a missing bridge failed"
	want=$(cat <<-EOF
	# bpfvlan configuration of bridge $BRIDGE
	bridge ageing 300 fdb-size 16384
	port $A access 10
	port $B access 20 mode tc
	port $C access 30
	port $T trunk 20,100-109 native 10
	fdb 02:00:00:00:0c:01 dev $A vid 10
	EOF
	)
	[ "$(bv show config)" = "$want" ]
	check_err $? "show config after apply: $(bv show config)"
	bv -j port show | jq -e 'length == 4 and all(.[]; .owner == "config")' >/dev/null
	check_err $? "ports not all owned by config: $(bv -j port show)"
	# On the wire: B's VLAN 20 leaves the trunk tagged 20, A's VLAN 10
	# untagged (native); neither reaches the other's VLAN.
	out=$(pkt --rx "$NT/eth0" --rx "$NA/eth0" --rx "$NB/eth0" --rx "$NC/eth0" \
		--tx "$NB/eth0" "$(frame $BCAST 020000000b01)" \
		--tx "$NA/eth0" "$(frame $BCAST 020000000a01)")
	expect_at "$out" "$NT/eth0" "$(frame $BCAST 020000000b01 "$(tag 8100 0 20)")" \
		"$(frame $BCAST 020000000a01)"
	deliver "$out" "$NA/eth0" 0
	deliver "$out" "$NB/eth0" 0
	deliver "$out" "$NC/eth0" 0
	log_test "apply: loads a missing bridge, attaches what the file says"
}

apply_twice()
{
	local before plan

	traffic
	before=$(counts $T $A $B)
	plan=$(bv apply -f "$FILE" check)
	[ -z "$plan" ]
	check_err $? "apply check of the applied file plans: $plan"
	bv apply -f "$FILE"
	check_err $? "second apply failed"
	kept "$before" $T $A $B
	check_err $? "second apply re-attached a port (counters reset): $before -> $(counts $T $A $B)"
	log_test "apply: twice changes nothing (no port re-attached)"
}

vlan_live()
{
	local ping_pid drops out

	out=$(pkt --rx "$NC/eth0" --tx "$NT/eth0" "$(frame $BCAST 020000000e01 "$(tag 8100 0 30)")")
	deliver "$out" "$NC/eth0" 0
	drops=$(stat_of "$T" .drops.vlan_not_allowed)
	[ "$drops" -ge 1 ]
	check_err $? "VID 30 on the trunk not counted as vlan_not_allowed"
	sed -i "s/^port $T .*/port $T trunk 20,30,100-104 native 10/" "$FILE"
	[ "$(bv apply -f "$FILE" check)" = "$(printf 'vlan add dev %s vid 30\nvlan del dev %s vid 105-109' $T $T)" ]
	check_err $? "plan of a trunk VID change: $(bv apply -f "$FILE" check)"
	# VLAN 10 (native, untagged) keeps flowing while the VIDs change.
	ip netns exec "$NA" ping -q -c 60 -i 0.05 -W 5 $IP_T >"$DIR/ping" 2>&1 &
	ping_pid=$!
	bv apply -f "$FILE"
	check_err $? "apply of the new VIDs failed"
	wait $ping_pid
	check_err $? "ping across the trunk lost packets during apply: $(cat "$DIR/ping")"
	[ "$(stat_of "$T" .drops.vlan_not_allowed)" -eq "$drops" ]
	check_err $? "the trunk was re-attached (its drop counts were reset)"
	out=$(pkt --rx "$NC/eth0" --rx "$NB/eth0" \
		--tx "$NT/eth0" "$(frame $BCAST 020000000e01 "$(tag 8100 0 30)")" \
		--tx "$NT/eth0" "$(frame $BCAST 020000000e01 "$(tag 8100 0 105)")")
	expect_at "$out" "$NC/eth0" "$(frame $BCAST 020000000e01)"
	[ "$(stat_of "$T" .drops.vlan_not_allowed)" -eq $((drops + 1)) ]
	check_err $? "VID 105 on the trunk was not dropped as vlan_not_allowed"
	log_test "apply: trunk VIDs change live (no re-attach, no loss on VLAN 10)"
}

reattach()
{
	local before out

	traffic
	before=$(counts $T $A)
	sed -i "s/^port $B .*/port $B access 30/" "$FILE"
	[ "$(bv apply -f "$FILE" check)" = "reattach $B access 30" ]
	check_err $? "plan of an access VID change: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE"
	check_err $? "apply of B's new VLAN failed"
	[ "$(rx_of "$B")" -eq 0 ] && kept "$before" $T $A
	check_err $? "not only $B re-attached: $before -> $(counts $B $T $A)"
	out=$(pkt --rx "$NT/eth0" --rx "$NC/eth0" --rx "$NA/eth0" \
		--tx "$NB/eth0" "$(frame $BCAST 020000000b02)")
	expect_at "$out" "$NT/eth0" "$(frame $BCAST 020000000b02 "$(tag 8100 0 30)")"
	expect_at "$out" "$NC/eth0" "$(frame $BCAST 020000000b02)"
	deliver "$out" "$NA/eth0" 0
	bv -j port show dev "$B" | jq -e '.[0].attach == "auto" and .[0].pvid == 30' >/dev/null
	check_err $? "$B is not access 30 mode auto: $(bv -j port show dev "$B")"
	log_test "apply: a VID or mode change re-attaches only that port"
}

learn_limit()
{
	local before i tx=()

	bv fdb flush dev "$A"
	traffic
	before=$(counts $A)
	sed -i "s/^port $A .*/port $A access 10 learn-limit 3/" "$FILE"
	[ "$(bv apply -f "$FILE" check)" = "port set $A learn-limit 3" ]
	check_err $? "plan of a learn limit: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE"
	check_err $? "apply of a learn limit failed"
	kept "$before" $A
	check_err $? "a learn limit re-attached $A: $before -> $(counts $A)"
	bv -j port show dev "$A" | jq -e '.[0].learn_limit == 3' >/dev/null
	check_err $? "learn limit of $A: $(bv -j port show dev "$A")"
	# One MAC learned already (traffic); six more sources: three in all.
	for ((i = 1; i <= 6; i++)); do
		tx+=(--tx "$NA/eth0" "$(frame $BCAST 02000000a1$(printf %02x $i))")
	done
	pkt --wait 0 "${tx[@]}" >/dev/null
	[ "$(learned_on "$A")" -eq 3 ]
	check_err $? "$A learned $(learned_on "$A") MACs under learn-limit 3"
	sed -i "s/^port $A .*/port $A access 10/" "$FILE"
	[ "$(bv apply -f "$FILE" check)" = "port set $A learn-limit 0" ]
	check_err $? "plan of no learn limit: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE" && bv -j port show dev "$A" | jq -e '.[0].learn_limit == 0' >/dev/null
	check_err $? "the learn limit of $A was not lifted"
	log_test "apply: a learn limit is set and lifted live, and holds"
}

internal_port()
{
	local i=cfi$ID line out

	defer ip link del "$i"
	line="port $i internal 30 mtu 1400 mac 02:00:00:00:0d:01"
	echo "$line" >>"$FILE"
	[ "$(bv apply -f "$FILE" check)" = "attach ${line#port }" ]
	check_err $? "plan of an internal port: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE"
	check_err $? "apply of an internal port failed"
	ip -j link show "$i" | jq -e '.[0].mtu == 1400 and .[0].address == "02:00:00:00:0d:01"' >/dev/null
	check_err $? "internal port $i not made as the file says: $(ip -br link show "$i")"
	bv show config | grep -qx "$line"
	check_err $? "show config lacks '$line': $(bv show config)"
	[ -z "$(bv apply -f "$FILE" check)" ]
	check_err $? "apply of the same file plans: $(bv apply -f "$FILE" check)"
	# The host's end is in VLAN 30: a broadcast from C reaches it.
	ip link set "$i" up
	out=$(pkt --rx "$i" --tx "$NC/eth0" "$(frame $BCAST 020000000c30)")
	deliver "$out" "$i" 1
	sed -i "/^port $i /d" "$FILE"
	[ "$(bv apply -f "$FILE" check)" = "detach $i" ]
	check_err $? "plan without the internal port: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE" && ! ip link show "$i" >/dev/null 2>&1
	check_err $? "the internal port $i was not deleted with its line"
	log_test "apply: an internal port is made, kept, and deleted with its line"
}

static_of()
{
	bv -j fdb show | jq -c '[.[] | select(.flags == ["static"]) | [.mac, .vlan, .ifname]]'
}

static_fdb()
{
	local out

	# On A: a frame for it from the trunk goes to A only.
	out=$(pkt --rx "$NA/eth0" --rx "$NH/eth0" \
		--tx "$NT/eth0" "$(frame $MAC_S 020000000e02)")
	deliver "$out" "$NA/eth0" 1
	# Moved to the trunk: now a frame for it from A leaves on the trunk.
	sed -i "s/^fdb 02:00:00:00:0c:01 .*/fdb 02:00:00:00:0c:01 dev $T vid 10/" "$FILE"
	echo "fdb 02:00:00:00:0c:02 dev $C vid 30" >>"$FILE"
	[ "$(bv apply -f "$FILE" check)" = "$(printf 'fdb add 02:00:00:00:0c:01 dev %s vid 10\nfdb add 02:00:00:00:0c:02 dev %s vid 30' $T $C)" ]
	check_err $? "plan of FDB changes: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE"
	check_err $? "apply of moved FDB entries failed"
	[ "$(static_of)" = "[[\"02:00:00:00:0c:01\",10,\"$T\"],[\"02:00:00:00:0c:02\",30,\"$C\"]]" ]
	check_err $? "static entries: $(static_of)"
	out=$(pkt --rx "$NT/eth0" --rx "$NA/eth0" \
		--tx "$NA/eth0" "$(frame $MAC_S 020000000a03)" \
		--tx "$NT/eth0" "$(frame $MAC_S 020000000e03)")
	deliver "$out" "$NT/eth0" 1
	deliver "$out" "$NA/eth0" 0	# hairpin on the trunk: dropped
	# Dropped from the file: gone.
	sed -i '/^fdb 02:00:00:00:0c:02/d' "$FILE"
	bv apply -f "$FILE"
	check_err $? "apply without an FDB line failed"
	[ "$(static_of)" = "[[\"02:00:00:00:0c:01\",10,\"$T\"]]" ]
	check_err $? "static entries after removing one: $(static_of)"
	log_test "apply: static FDB entries added, moved and removed"
}

owners()
{
	local before conf

	bv attach "$M" access 10 && bv attach "$H" access 10 owner hook
	check_err $? "attach of $M (by hand) or $H (owner hook) failed"
	sed -i "/^port $C /d; /dev $C /d" "$FILE"
	# Someone removed C's clsact (and our filter with it): still detached.
	tc qdisc del dev "$C" clsact
	bv apply -f "$FILE"
	check_err $? "apply without $C (its clsact removed by hand) failed"
	bv -j port show | jq -e --arg m "$M" --arg h "$H" --arg c "$C" \
		'any(.[]; .ifname == $m and .owner == "manual") and
		 any(.[]; .ifname == $h and .owner == "hook") and
		 all(.[]; .ifname != $c)' >/dev/null
	check_err $? "apply did not keep $M and $H or did not detach $C: $(bv -j port show)"
	[ "$(tc_ids "$C")" = "[]" ] && [ "$(xdp_id "$C")" = 0 ]
	check_err $? "$C still has a program after its detach"
	conf=$(bv show config)
	printf '%s\n' "$conf" | grep -qx "port $M access 10" &&
		printf '%s\n' "$conf" | grep -qx "# port $H access 10" &&
		! printf '%s\n' "$conf" | grep -q "^port $H"
	check_err $? "show config: $M not a line or $H not a comment: $conf"
	# Named by the file with its settings: taken over, not re-attached.
	pkt --wait 0 --tx "cfm2$ID" "$(frame $BCAST 020000000f01)" >/dev/null
	before=$(counts $M)
	echo "port $M access 10" >>"$FILE"
	[ "$(bv apply -f "$FILE" check)" = "own $M (attached by manual)" ]
	check_err $? "plan of taking $M over: $(bv apply -f "$FILE" check)"
	bv apply -f "$FILE" && kept "$before" $M
	check_err $? "taking $M over re-attached it"
	# Then the file's: gone with its line.
	sed -i "/^port $M /d" "$FILE"
	bv apply -f "$FILE"
	bv -j port show | jq -e --arg m "$M" 'all(.[]; .ifname != $m)' >/dev/null
	check_err $? "$M, taken over by the file, survived its removal from the file"
	log_test "apply: manual and hook ports survive, the file's own go"
}

# refused RC WORD: apply of $DIR/bad.conf exits RC naming WORD, changes nothing.
refused()
{
	local rc=$1 word=$2 before after err rx

	traffic
	before=$(snapshot)
	rx=$(counts $T $A $B)
	err=$(bv apply -f "$DIR/bad.conf" 2>&1 >/dev/null)
	[ $? -eq "$rc" ]
	check_err $? "apply of a bad file did not exit $rc: $err"
	printf '%s' "$err" | grep -qF -- "$word"
	check_err $? "message does not name $word: $err"
	# Refused before any step ran, not changed and rolled back.
	! printf '%s' "$err" | grep -q "at step"
	check_err $? "refused only after changing something: $err"
	after=$(snapshot)
	[ "$before" = "$after" ] && kept "$rx" $T $A $B
	check_err $? "a refused apply changed the bridge: $after"
}

invalid_file()
{
	{ cat "$FILE"; echo "port $X access 4095"; } >"$DIR/bad.conf"
	refused 2 "$DIR/bad.conf:$(( $(wc -l <"$FILE") + 1 )):"
	refused 2 "\"4095\""
	{ cat "$FILE"; echo "port $X access 10"; echo "fdb 02:00:00:00:0c:09 dev $X vid 11"; } >"$DIR/bad.conf"
	refused 2 "not in VLAN 11"
	sed "s/^port $A .*/port $A access 11/" "$FILE" >"$DIR/bad.conf"
	echo "port cfnone$ID access 10" >>"$DIR/bad.conf"
	refused 1 "cfnone$ID"
	sed "s/^bridge .*/bridge ageing 60 fdb-size 1024/" "$FILE" >"$DIR/bad.conf"
	refused 1 "fdb-size"
	# A device of another bridge; the other steps of the file would work.
	"$BV_BIN" -b "cf2$ID" load && defer "$BV_BIN" -b "cf2$ID" unload &&
		"$BV_BIN" -b "cf2$ID" attach "$X" access 10
	check_err $? "cannot set up a second bridge"
	{ sed "s/^bridge .*/bridge ageing 60/" "$FILE"; echo "port $X access 10"; } >"$DIR/bad.conf"
	refused 1 "cf2$ID"
	"$BV_BIN" -b "cf2$ID" unload
	log_test "apply: an invalid file (syntax, device, fdb-size, busy) changes nothing"
}

# The changes of every kind at once: ageing, a learn limit, a new port,
# trunk VIDs both ways, a re-attach, a detach, static entries removed
# (one by vlan del) and added.
change_conf()
{
	cat <<-EOF
	bridge ageing 60
	port $T trunk 20,30,100-102,200 native 10 learn-limit 100
	port $A access 10 mode tc
	port $X access 20
	fdb 02:00:00:00:0c:05 dev $X vid 20
	EOF
}

rollback_each_step()
{
	local before n k err

	# B (access 30 since reattach): to be detached, with its entry; an
	# entry in a VLAN the trunk leaves (vlan del flushes it).
	echo "fdb 02:00:00:00:0c:04 dev $B vid 30" >>"$FILE"
	echo "fdb 02:00:00:00:0c:06 dev $T vid 103" >>"$FILE"
	bv apply -f "$FILE" || check_err 1 "setup apply failed"
	change_conf >"$DIR/change.conf"
	n=$(bv apply -f "$DIR/change.conf" check | wc -l)
	[ "$n" -ge 9 ]
	check_err $? "the change plans only $n steps: $(bv apply -f "$DIR/change.conf" check)"
	before=$(snapshot)
	for ((k = 1; k <= n; k++)); do
		err=$(BPFVLAN_TEST_FAIL_STEP=$k bv apply -f "$DIR/change.conf" 2>&1)
		[ $? -eq 1 ]
		check_err $? "apply failing at step $k did not exit 1: $err"
		printf '%s' "$err" | grep -q "step $k .*failing as asked" &&
			printf '%s' "$err" | grep -q "is as before apply"
		check_err $? "apply failing at step $k: $err"
		[ "$(snapshot)" = "$before" ]
		check_err $? "failure at step $k left the bridge changed: $(bv show config)"
		[ "$(tc_ids "$X")" = "[]" ] && [ "$(xdp_id "$X")" = 0 ] &&
			! tc qdisc show dev "$X" | grep -q clsact
		check_err $? "failure at step $k left a program or clsact on $X"
	done
	log_test "apply: a failure at any of $n steps is rolled back to the same state"
}

rollback_real_failure()
{
	local before err

	# A foreign tc filter where bpfvlan puts its own: attaching X fails
	# after earlier steps (ageing, ownership...) have run.
	printf '%s\n' '__attribute__((section("tc"), used)) int cf_foreign(void *c) { return 0; }' \
		'char _l[] __attribute__((section("license"), used)) = "GPL";' >"$DIR/foreign.c"
	clang -O2 -target bpf -c "$DIR/foreign.c" -o "$DIR/foreign.o" &&
		tc qdisc add dev "$X" clsact &&
		tc filter add dev "$X" ingress prio 183 handle 0xb7a0 bpf da \
			obj "$DIR/foreign.o" sec tc
	check_err $? "cannot put a foreign tc filter on $X"
	before=$(snapshot)
	err=$(bv apply -f "$DIR/change.conf" 2>&1)
	[ $? -eq 1 ]
	check_err $? "apply with a busy $X did not fail: $err"
	printf '%s' "$err" | grep -q "$X already has a tc filter" &&
		printf '%s' "$err" | grep -q "failed at step [2-9]"
	check_err $? "failure not named, or at step 1: $err"
	[ "$(snapshot)" = "$before" ]
	check_err $? "the failed apply left the bridge changed: $(bv show config)"
	[ "$(tc -j filter show dev "$X" ingress | jq length)" -ge 1 ]
	check_err $? "the foreign filter on $X is gone"
	tc qdisc del dev "$X" clsact
	bv apply -f "$DIR/change.conf"
	check_err $? "apply after the filter is gone failed"
	bv apply -f "$DIR/change.conf" check | grep -q . && check_err 1 "not all applied"
	log_test "apply: a real failure part-way (busy tc hook) is rolled back"
}

fdb_has()
{
	bv -j fdb show | jq -e --arg m "$1" 'any(.[]; .mac == $m)' >/dev/null
}

# The datapath ages by the new time at once: a learned MAC is flooded to
# again (reaches the hook's VM on the same VLAN) once it aged out.
ageing_live()
{
	local m=02:00:00:00:0a:77 out

	pkt --wait 0 --tx "$NA/eth0" "$(frame $BCAST 020000000a77)" >/dev/null
	out=$(pkt --rx "$NA/eth0" --rx "$NH/eth0" --tx "$NT/eth0" "$(frame 020000000a77 020000000e07)")
	deliver "$out" "$NA/eth0" 1
	deliver "$out" "$NH/eth0" 0
	sed -i "s/^bridge .*/bridge ageing 1/" "$DIR/change.conf"
	[ "$(bv apply -f "$DIR/change.conf" check)" = "ageing 1" ]
	check_err $? "plan of an ageing change: $(bv apply -f "$DIR/change.conf" check)"
	bv apply -f "$DIR/change.conf"
	check_err $? "apply of ageing 1 failed"
	busywait 10000 eval '! fdb_has $m'
	check_err $? "$m did not age out within 10 s of ageing 1"
	out=$(pkt --rx "$NA/eth0" --rx "$NH/eth0" --tx "$NT/eth0" "$(frame 020000000a77 020000000e07)")
	deliver "$out" "$NA/eth0" 1
	deliver "$out" "$NH/eth0" 1
	sed -i "s/^bridge .*/bridge ageing 60/" "$DIR/change.conf"
	bv apply -f "$DIR/change.conf"
	check_err $? "apply of ageing 60 failed"
	log_test "apply: a new ageing time takes effect live"
}

# Without comment lines: the ports of a hook do not survive an unload.
config_only()
{
	grep -v '^#'
}

round_trip()
{
	local saved again

	bv show config >"$DIR/saved.conf"
	[ -z "$(bv apply -f "$DIR/saved.conf" check)" ]
	check_err $? "apply of show config plans: $(bv apply -f "$DIR/saved.conf" check)"
	saved=$(config_only <"$DIR/saved.conf")
	bv unload && bv apply -f "$DIR/saved.conf"
	check_err $? "unload and apply of the shown config failed"
	again=$(bv show config | config_only)
	[ "$again" = "$saved" ]
	check_err $? "a fresh bridge from show config differs: $saved -> $again"
	bv attach "$H" access 10 owner hook	# the VM, back for the unit tests
	log_test "show config: valid input; on a fresh bridge it makes the same"
}

UNIT=
unit_verify()
{
	local err man=()

	if ! command -v systemd-analyze >/dev/null; then
		log_info "systemd-analyze missing: unit not verified"
		return 0
	fi
	mkdir -p "$DIR/unit" "$DIR/man/man8"
	UNIT=$DIR/unit/bpfvlan@.service
	sed -e "s|@SBINDIR@|$(cd "$(dirname "$BV_BIN")" && pwd)|g" \
	    -e "s|@CONFDIR@|$DIR|g" "$SELFTESTS/../systemd/bpfvlan@.service.in" >"$UNIT"
	cp "$SELFTESTS/../docs/bpfvlan.8" "$DIR/man/man8/"
	command -v man >/dev/null || man=(--man=no)
	err=$(MANPATH=$DIR/man systemd-analyze verify "${man[@]}" "$UNIT" 2>&1)
	check_err $? "systemd-analyze verify failed: $err"
	[ -z "$err" ]
	check_err $? "systemd-analyze verify warns: $err"
	log_test "unit: systemd-analyze verify bpfvlan@.service"
}

# exec_line KEY: the unit's KEY= command with %i expanded.
exec_line()
{
	sed -n "s/^$1=//p" "$UNIT" | sed "s/%i/$BRIDGE/g"
}

# run_line KEY: run it as systemd would (no shell; the unit's lines have
# no quotes, so splitting at spaces is systemd's splitting).
run_line()
{
	local cmd

	read -ra cmd <<<"$(exec_line "$1")"
	"${cmd[@]}"
}

start_unit()
{
	local cmd

	run_line ExecStartPre || return 1
	read -ra cmd <<<"$(exec_line ExecStart)"
	"${cmd[@]}" >>"$DIR/monitor.log" 2>&1 &
	MON=$!
	defer kill "$MON"
}

# stop_unit: as systemd stops it: ExecStop (if any), SIGTERM to the main
# process, ExecStopPost (if any).
stop_unit()
{
	local err=0

	[ -z "$(exec_line ExecStop)" ] || run_line ExecStop || err=1
	stop_monitor "$MON" || err=1
	[ -z "$(exec_line ExecStopPost)" ] || run_line ExecStopPost || err=1
	return $err
}

MON=
unit_commands()
{
	local before ping_pid out

	if [ -z "$UNIT" ]; then
		log_info "no unit file (systemd-analyze missing): commands not run"
		return 0
	fi
	[ "$(exec_line ExecStartPre)" = "$(cd "$(dirname "$BV_BIN")" && pwd)/bpfvlan -b $BRIDGE apply -f $DIR/$BRIDGE.conf" ]
	check_err $? "ExecStartPre is not apply of the bridge's file: $(exec_line ExecStartPre)"
	change_conf >"$FILE"
	start_unit
	check_err $? "ExecStartPre failed"
	busywait 5000 kill -0 "$MON"
	check_err $? "ExecStart (monitor) is not running"
	# Reload: the file again, changed.
	sed -i "s/^bridge .*/bridge ageing 120/" "$FILE"
	run_line ExecReload
	check_err $? "ExecReload failed"
	bv show config | grep -qx "bridge ageing 120 fdb-size 16384"
	check_err $? "reload did not apply the new ageing: $(bv show config)"
	# Stop: the monitor ends, the bridge keeps forwarding.
	stop_unit
	check_err $? "the unit did not stop cleanly (monitor on SIGTERM)"
	out=$(pkt --rx "$NT/eth0" --tx "$NH/eth0" "$(frame $BCAST 020000000d01)")
	deliver "$out" "$NT/eth0" 1
	# Restart with a VM's port (owner hook) up: not detached, its
	# counters kept, its ping to the trunk host not interrupted.
	pkt --wait 0 --tx "$NH/eth0" "$(frame $BCAST 020000000d02)" >/dev/null
	before=$(counts $H)
	ip netns exec "$NH" ping -q -c 40 -i 0.05 -W 5 $IP_T >"$DIR/ping" 2>&1 &
	ping_pid=$!
	start_unit
	check_err $? "ExecStartPre failed on restart"
	wait $ping_pid
	check_err $? "the VM's ping lost packets over a restart: $(cat "$DIR/ping")"
	kept "$before" $H
	check_err $? "restart re-attached the VM port $H or reset its counters"
	stop_unit
	check_err $? "the unit did not stop cleanly after the restart"
	log_test "unit: start, reload, stop (still forwarding), restart (VM kept)"
}

require_root
require_cmd ip jq ethtool tc clang ping
require_built
setup
tests_run
