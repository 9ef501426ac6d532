#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Race: the TC flood walks a VLAN's members while user space changes them.
# One port floods VLAN 10 without pause (bvflood, unknown unicast, so every
# frame is flooded by the TC path: veth ports take no XDP) while a loop
# attaches, detaches and `vlan add/del`s other ports of VLAN 10, which
# reorders and resizes the VLAN's member list under the walk.
#
#   form   every copy leaves in the form of the port it leaves on: the
#          trunk (native VLAN 30) gets VLAN 10 tagged only, the access
#          ports untagged only, the churning access ports untagged, the
#          churning trunk tagged.
#   left   once a port has left VLAN 10 (`vlan del`, `detach`), no more of
#          its frames reach it.
#
# Bounded: the flood runs FLOOD_MS, the churn at most CHURN_ROUNDS rounds.

ALL_TESTS="flood_race_form flood_race_left"
source "$(dirname "$0")/lib.sh"

BRIDGE=dpfr$ID
NS=dps-$ID NT=dpt-$ID NA=dpa-$ID NC=dpc-$ID
PS=dps$ID PT=dpt$ID PA=dpa$ID
C1=dpc1$ID C2=dpc2$ID C3=dpc3$ID
FLOOD_MS=${FLOOD_MS:-30000}
CHURN_ROUNDS=${CHURN_ROUNDS:-400}
MARK_FLOOD=6276666c6f6f64	# "bvflood", in every frame bvflood sends

# churn_add PORT: a veth PORT here, its peer (named PORT's c-number) in $NC.
churn_add()
{
	local peer=${1:0:4}

	ip link add "$1" type veth peer name "$peer" netns "$NC" || return 1
	defer ip link del "$1"
	sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
	ip netns exec "$NC" ethtool -K "$peer" rxvlan off txvlan off >/dev/null 2>&1
	ip link set "$1" up && ip -n "$NC" link set "$peer" up
}

setup()
{
	local p

	bridge_load || exit 1
	ns_create "$NC" || exit 1
	host_ns_add "$NS" "$PS" && host_ns_add "$NT" "$PT" && host_ns_add "$NA" "$PA" ||
		exit 1
	for p in $C1 $C2 $C3; do
		churn_add "$p" || exit 1
	done
	bv attach "$PS" access 10 && bv attach "$PT" trunk 10,20 native 30 &&
		bv attach "$PA" access 10 || exit 1
}

# One round of changes to VLAN 10's membership: access ports join and
# leave (the untagged head of the member list, and its length), and a
# trunk gains and loses VID 10 (the tagged tail), in an order that shifts
# every index.
churn_round()
{
	bv attach "$C1" access 10
	bv vlan add dev "$C2" vid 10
	bv attach "$C3" access 10
	bv vlan del dev "$C2" vid 10
	bv detach "$C1"
	bv vlan add dev "$C2" vid 10
	bv detach "$C3"
	bv vlan del dev "$C2" vid 10
}

# tally_of OUT EP WHAT: a count from bvpkt --tally (WHAT: "untagged" or
# "vid N"), 0 if absent.
tally_of()
{
	printf '%s\n' "$1" | awk -v ep="$2" -v what="$3" '
		$1 == ep && substr($0, length(ep) + 2) ~ "^" what " " { n = $NF }
		END { print n + 0 }'
}

# tagged_of OUT EP: frames with any outer 802.1Q tag at EP.
tagged_of()
{
	printf '%s\n' "$1" | awk -v ep="$2" '$1 == ep && $2 == "vid" { n += $4 }
		END { print n + 0 }'
}

flood_race_form()
{
	local cap flood out rounds=0 deadline t u

	cap=$(mktemp)
	defer rm -f "$cap"
	"$BVPKT" --tally --wait $((FLOOD_MS + 1500)) --match $MARK_FLOOD \
		--rx "$NT/eth0" --rx "$NA/eth0" --rx "$NC/dpc1" --rx "$NC/dpc2" \
		--rx "$NC/dpc3" >"$cap" &
	local capture=$!
	sleep 0.3
	"$BVFLOOD" --count 100000000 --time-ms "$FLOOD_MS" "$NS/eth0" >/dev/null &
	flood=$!
	bv attach "$C2" trunk 20 || check_err 1 "attach $C2 failed"
	deadline=$(( $(date +%s%3N) + FLOOD_MS - 500 ))
	while [ $rounds -lt "$CHURN_ROUNDS" ] && [ "$(date +%s%3N)" -lt $deadline ]; do
		churn_round 2>/dev/null
		rounds=$((rounds + 1))
	done
	wait $flood
	wait $capture
	bv detach "$C2"
	out=$(cat "$cap")
	log_info "$rounds churn rounds; at the trunk $(tagged_of "$out" "$NT/eth0") tagged, $(tally_of "$out" "$NT/eth0" untagged) untagged; at the access port $(tally_of "$out" "$NA/eth0" untagged) untagged, $(tagged_of "$out" "$NA/eth0") tagged"

	[ $rounds -ge 3 ]
	check_err $? "only $rounds churn rounds ran"
	t=$(tally_of "$out" "$NT/eth0" "vid 10")
	[ "$t" -gt 1000 ]
	check_err $? "the trunk got only $t VLAN 10 frames: the flood did not run"
	u=$(tally_of "$out" "$NT/eth0" untagged)
	[ "$u" -eq 0 ]
	check_err $? "the trunk got $u VLAN 10 frame(s) untagged (into its native VLAN 30)"
	[ "$(tagged_of "$out" "$NT/eth0")" -eq "$t" ]
	check_err $? "the trunk got frames tagged with another VID: $(printf '%s\n' "$out" | grep "^$NT/eth0")"
	u=$(tally_of "$out" "$NA/eth0" untagged)
	[ "$u" -gt 1000 ]
	check_err $? "the access port got only $u frames"
	t=$(tagged_of "$out" "$NA/eth0")
	[ "$t" -eq 0 ]
	check_err $? "the access port got $t frame(s) tagged"
	for p in dpc1 dpc3; do
		t=$(tagged_of "$out" "$NC/$p")
		[ "$t" -eq 0 ]
		check_err $? "churning access port $p got $t frame(s) tagged"
	done
	u=$(tally_of "$out" "$NC/dpc2" untagged)
	[ "$u" -eq 0 ]
	check_err $? "churning trunk dpc2 got $u VLAN 10 frame(s) untagged"
	log_test "flood race: $rounds rounds of join/leave, every copy in its port's form"
}

# Ports that left VLAN 10 get none of its frames: C1 and C2 leave (vlan
# del, detach) during a flood; from then on nothing of it reaches them.
flood_race_left()
{
	local out flood

	bv attach "$C1" access 10 && bv attach "$C2" trunk 10,20 ||
		check_err 1 "attach failed"
	"$BVFLOOD" --count 100000000 --time-ms 3000 "$NS/eth0" >/dev/null &
	flood=$!
	sleep 0.5
	bv vlan del dev "$C2" vid 10 && bv detach "$C1"
	check_err $? "vlan del / detach failed"
	# Whatever was in flight has left; from now on nothing may arrive.
	sleep 0.2
	out=$("$BVPKT" --tally --wait 1500 --match $MARK_FLOOD \
		--rx "$NC/dpc1" --rx "$NC/dpc2" --rx "$NA/eth0")
	wait $flood
	bv detach "$C2"
	[ "$(tally_of "$out" "$NA/eth0" untagged)" -gt 100 ]
	check_err $? "the flood did not reach the access port: $out"
	[ "$(tally_of "$out" "$NC/dpc1" untagged)" -eq 0 ] &&
		[ "$(tagged_of "$out" "$NC/dpc1")" -eq 0 ]
	check_err $? "the detached port still got frames: $out"
	[ "$(tally_of "$out" "$NC/dpc2" untagged)" -eq 0 ] &&
		[ "$(tagged_of "$out" "$NC/dpc2")" -eq 0 ]
	check_err $? "the trunk that left VLAN 10 still got frames: $out"
	log_test "flood race: ports that left the VLAN get no more copies"
}

require_root
require_cmd ip jq ethtool
require_built
require_tool "$BVFLOOD"
setup
tests_run
