#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile traffic: VLAN hopping from an access port. Two hypervisors (own
# namespaces, one bridge each) joined by a trunk that carries 20,4011 and
# has native VLAN 10 on both sides -- the attackers' VLAN, the classic
# setting of the double-tag attack. Attackers atk (XDP path) and atc (mode
# tc: TC path) sit on access VLAN 10 of h1; every other VLAN has a VM on
# both hypervisors, and VLAN 10 has a witness on each (w1, w2).
#
#   tagged        tag of another VLAN, double tag (native outer + victim
#                 inner), with PCP: dropped at the access port, counted
#                 as tagged_on_access; nothing reaches any port.
#   nested        priority tag (VID 0) in front of an 802.1Q tag, also
#                 twice: dropped, nested_tag.
#   qinq_payload  802.1ad outer tag + 802.1Q inner tag, priority tag +
#                 802.1ad + 802.1Q, TPID 0x9100 + 802.1Q: untagged for
#                 classification, so VLAN 10 payload -- reaches the VLAN 10
#                 witnesses on both sides (across the trunk, untagged as
#                 native) byte for byte (priority tag stripped), and no
#                 port of VLAN 20 or 4011 on either side.
#   unicast       untagged unicast to MACs learned in VLAN 20: flooded in
#                 VLAN 10 only (FDB keys are {VID, MAC}).
# Two rounds: trunk ends with XDP (mode xdp), then both in mode tc, so the far
# side classifies what crossed the trunk on each path.

ALL_TESTS="hop_tagged hop_nested hop_qinq_payload hop_unicast_other_vlan
	   hop_counters_b"
source "$(dirname "$0")/lib.sh"

H1=hx-h1-$ID H2=hx-h2-$ID
BR1=hxa$ID BR2=hxb$ID
ATTACKERS="atk atc"
ROUND=
# VMs: name, hypervisor, port, VLAN.
VMS="w1:1:w10:10 v1:1:v20:20 x1:1:v4011:4011 w2:2:w10:10 v2:2:v20:20 x2:2:v4011:4011"
VICTIMS="v1 x1 v2 x2"		# every VM outside VLAN 10

bv1() { "$BV_BIN" -n "$H1" -b "$BR1" "$@"; }
bv2() { "$BV_BIN" -n "$H2" -b "$BR2" "$@"; }
ns_of() { printf 'hx-%s-%s' "$1" "$ID"; }
ep() { printf '%s/eth0' "$(ns_of "$1")"; }

# vm_add HV VM PORT: VM's eth0 (GRO on: XDP egress; offloads off) and the
# port PORT in hypervisor namespace HV.
vm_add()
{
	hv_vm_add "$1" "$(ns_of "$2")" "$3" gro
}

setup()
{
	local v name hv port vid

	hv_add "$H1" "$BR1" && hv_add "$H2" "$BR2" || exit 1
	vm_add "$H1" atk atk && vm_add "$H1" atc atc || exit 1
	bv1 attach atk access 10 && bv1 attach atc access 10 mode tc || exit 1
	for v in $VMS; do
		IFS=: read -r name hv port vid <<<"$v"
		if [ "$hv" = 1 ]; then
			vm_add "$H1" "$name" "$port" &&
				bv1 attach "$port" access "$vid" mode xdp || exit 1
		else
			vm_add "$H2" "$name" "$port" &&
				bv2 attach "$port" access "$vid" mode xdp || exit 1
		fi
	done
	hv_trunk_add "$H1" "$H2" || exit 1
}

# trunk_attach MODE: (re)attach both trunk ends in MODE (xdp or tc), and
# let the victims announce themselves: their MACs are learned in their
# VLAN on both bridges (the far side through the trunk).
trunk_attach()
{
	local v

	ROUND=$1
	bv1 detach trk >/dev/null 2>&1
	bv2 detach trk >/dev/null 2>&1
	bv1 attach trk trunk 20,4011 native 10 mode "$ROUND" &&
		bv2 attach trk trunk 20,4011 native 10 mode "$ROUND"
	check_err $? "cannot attach the trunk in mode $ROUND"
	# Each trunk end learns whether its peer now runs XDP (ndo-xmit).
	bv1 port show >/dev/null && bv2 port show >/dev/null
	for v in $VICTIMS; do
		pkt --wait 0 --tx "$(ep "$v")" \
			"$(frame $BCAST "$(mac_of "$(ns_of "$v")")")"
		check_err $? "cannot send from $v"
	done
	busywait 2000 fdb_has_victims
	check_err $? "the victims' MACs were not learned on both bridges"
	log_test "hop ($ROUND): trunks attached, victims learned"
}

fdb_has_victims()
{
	[ "$(bv1 -j fdb show | jq '[.[] | select(.vlan != 10)] | length')" -eq 4 ] &&
		[ "$(bv2 -j fdb show | jq '[.[] | select(.vlan != 10)] | length')" -eq 4 ]
}

# send_all FRAME...: every FRAME from each attacker; prints bvpkt's report
# of what reached any VM.
send_all()
{
	local args=() a f v

	for v in $VMS; do
		args+=(--rx "$(ep "${v%%:*}")")
	done
	for a in $ATTACKERS; do
		for f in "$@"; do
			args+=(--tx "$(ep "$a")" "$f")
		done
	done
	pkt --wait 600 "${args[@]}"
}

# no_victim_got OUT: nothing at any VM outside VLAN 10.
no_victim_got()
{
	local v

	for v in $VICTIMS; do
		expect_at "$1" "$(ep "$v")"
	done
}

# drops_grew REASON N BEFORE...: each attacker's drops.REASON grew by N
# from its BEFORE value (in the order of $ATTACKERS).
drops_grew()
{
	local reason=$1 n=$2 a now; shift 2

	for a in $ATTACKERS; do
		now=$(stat_on bv1 "$a" ".drops.$reason")
		[ "$now" -eq $(( $1 + n )) ]
		check_err $? "$a: drops.$reason $1 -> $now, want +$n"
		shift
	done
}

before_drops()
{
	local a

	for a in $ATTACKERS; do
		stat_on bv1 "$a" ".drops.$1"
	done
}

hop_tagged()
{
	local src out before frames=() dst

	src=$(mac_of "$(ns_of atk)")
	before=$(before_drops tagged_on_access)
	for dst in $BCAST "$(mac_of "$(ns_of v2)")"; do
		frames+=("$(frame "$dst" "$src" "$(tag 8100 0 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 10)" "$(tag 8100 0 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 10)" "$(tag 8100 0 4011)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 4011)" "$(tag 8100 0 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 5 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 10)")")
	done
	out=$(send_all "${frames[@]}")
	[ -z "$out" ]
	check_err $? "a tagged frame from an access port got through: $out"
	# shellcheck disable=SC2086
	drops_grew tagged_on_access ${#frames[@]} $before
	log_test "hop ($ROUND): tagged / double-tagged from access dropped"
}

hop_nested()
{
	local src out before frames=() dst

	src=$(mac_of "$(ns_of atk)")
	before=$(before_drops nested_tag)
	for dst in $BCAST "$(mac_of "$(ns_of x2)")"; do
		frames+=("$(frame "$dst" "$src" "$(tag 8100 0 0)" "$(tag 8100 0 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 7 0)" "$(tag 8100 0 4011)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 0)" "$(tag 8100 0 10)" "$(tag 8100 0 20)")"
			 "$(frame "$dst" "$src" "$(tag 8100 0 0)" "$(tag 8100 0 0)" "$(tag 8100 0 20)")")
	done
	out=$(send_all "${frames[@]}")
	[ -z "$out" ]
	check_err $? "a priority-tagged frame hiding an 802.1Q tag got through: $out"
	# shellcheck disable=SC2086
	drops_grew nested_tag ${#frames[@]} $before
	log_test "hop ($ROUND): priority tag + inner tag dropped (nested_tag)"
}

hop_qinq_payload()
{
	local src out q1 q2 q3 q4 frames=() want=() dst

	src=$(mac_of "$(ns_of atk)")
	for dst in $BCAST "$(mac_of "$(ns_of v1)")"; do
		q1=$(frame "$dst" "$src" "$(tag 88a8 0 20)" "$(tag 8100 0 20)")
		q2=$(frame "$dst" "$src" "$(tag 88a8 0 10)" "$(tag 8100 0 4011)")
		q3=$(frame "$dst" "$src" "$(tag 9100 0 20)" "$(tag 8100 0 20)")
		# A priority tag in front of 802.1ad: VLAN 10, the
		# priority tag leaves at the untagged egress.
		q4=$(frame "$dst" "$src" "$(tag 8100 3 0)" "$(tag 88a8 0 20)" "$(tag 8100 0 20)")
		frames+=("$q1" "$q2" "$q3" "$q4")
		want+=("$q1" "$q2" "$q3" "$(untag "$q4")")
	done
	out=$(send_all "${frames[@]}")
	no_victim_got "$out"
	# Each attacker's frames, once each, at both VLAN 10 witnesses.
	expect_at "$out" "$(ep w1)" "${want[@]}" "${want[@]}"
	expect_at "$out" "$(ep w2)" "${want[@]}" "${want[@]}"
	log_test "hop ($ROUND): 802.1ad/9100 + inner tag stay in VLAN 10, both hv"
}

hop_unicast_other_vlan()
{
	local src out frames=() v

	src=$(mac_of "$(ns_of atk)")
	for v in $VICTIMS; do
		frames+=("$(frame "$(mac_of "$(ns_of "$v")")" "$src")")
	done
	out=$(send_all "${frames[@]}")
	no_victim_got "$out"
	expect_at "$out" "$(ep w1)" "${frames[@]}" "${frames[@]}"
	expect_at "$out" "$(ep w2)" "${frames[@]}" "${frames[@]}"
	log_test "hop ($ROUND): unicast to other VLANs' MACs floods VLAN 10 only"
}

# The far side never saw a frame it had to drop: nothing tagged with a
# victim VID came over the trunk from VLAN 10.
hop_counters_b()
{
	local n

	n=$(bv2 -j stats dev trk | jq '[.[0].drops[]] | add')
	[ "$n" -eq 0 ]
	check_err $? "h2's trunk dropped $n frame(s): $(bv2 -j stats dev trk | jq -c '.[0].drops')"
	n=$(stat_on bv1 trk .drops.vlan_not_allowed)
	[ "$n" -eq 0 ]
	check_err $? "h1's trunk dropped $n frame(s) as vlan_not_allowed"
	log_test "hop ($ROUND): no drop on either trunk end"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool
require_built
setup
tests_run_rounds trunk_attach xdp tc
