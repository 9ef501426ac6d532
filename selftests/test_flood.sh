#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Flooding and learning over 8 ports and 5 VLANs, access and trunk mixed:
#   f1, f2 access 10      f3 access 20      f4 trunk 1,10,20,4094
#   f5 trunk 20,30 native 10                f6 access 30
#   f7 access 1           f8 access 4094
# From every port, in every VLAN it is a member of, a broadcast, a
# multicast and an unknown unicast frame reach every other member of that
# VLAN exactly once, in that member's form (untagged, or 8100 + VID), and
# no other port. VID 1 and VID 4094 cross access and trunk both ways. A
# learned unicast goes to exactly one port, once. Two rounds: GRO on every
# peer (XDP floods: no xdp_to_tc), then off (every frame through TC).

ALL_TESTS="flood_every_vlan known_unicast vid_1_and_4094"
source "$(dirname "$0")/lib.sh"

# port:vid:u|t, u = the port sends that VID untagged.
MEMBERS="1:10:u 2:10:u 3:20:u 4:1:t 4:10:t 4:20:t 4:4094:t 5:10:u 5:20:t
	 5:30:t 6:30:u 7:1:u 8:4094:u"
PORTS="1 2 3 4 5 6 7 8"
MCAST=01005e0000fb
ROUND=0
PATH_MODE=

ns_of() { printf 'fl-%s-%s' "$1" "$ID"; }
ep_of() { printf '%s/eth0' "$(ns_of "$1")"; }

setup()
{
	local p

	bridge_load || exit 1
	for p in $PORTS; do
		host_ns_add "$(ns_of $p)" "fl$p$ID" || exit 1
	done
	bv attach "fl1$ID" access 10 mode xdp && bv attach "fl2$ID" access 10 mode xdp &&
	bv attach "fl3$ID" access 20 mode xdp &&
	bv attach "fl4$ID" trunk 1,10,20,4094 mode xdp &&
	bv attach "fl5$ID" trunk 20,30 native 10 mode xdp &&
	bv attach "fl6$ID" access 30 mode xdp && bv attach "fl7$ID" access 1 mode xdp &&
	bv attach "fl8$ID" access 4094 mode xdp || exit 1
}

# path_set xdp|tc: GRO on/off on every peer, then check bpfvlan's view.
path_set()
{
	local p nss=()

	for p in $PORTS; do
		nss+=("$(ns_of $p)")
	done
	gro_round "$1" flood "${nss[@]}"
}


# form PORT VID FRAME: FRAME (untagged) as PORT sends/receives it in VID;
# empty if PORT is not a member of VID.
form()
{
	local m

	for m in $MEMBERS; do
		case $m in
		"$1:$2:u") printf '%s' "$3"; return ;;
		"$1:$2:t") tag_into "$3" "$(printf '8100%04x' "$2")"; return ;;
		esac
	done
}

# src PORT VID: the source MAC of PORT's frames in VID, unique per round.
src()
{
	printf '02%02x%02x%04x%02x' "$ROUND" "$1" "$2" 0
}

all_rx()
{
	local p

	for p in $PORTS; do
		printf -- '--rx %s ' "$(ep_of $p)"
	done
}

flood_every_vlan()
{
	local m p v q base dst args out before sent=0 want
	local -a tx expect

	before=$(xdp_to_tc_total)
	for p in $PORTS; do
		tx=()
		for q in $PORTS; do
			expect[q]=
		done
		for m in $MEMBERS; do
			[ "${m%%:*}" = "$p" ] || continue
			v=${m#*:}; v=${v%%:*}
			for dst in $BCAST $MCAST "02ee0000$(printf '%04x' "$v")"; do
				base=$(frame "$dst" "$(src "$p" "$v")")
				tx+=(--tx "$(ep_of $p)" "$(form "$p" "$v" "$base")")
				sent=$((sent + 1))
				for q in $PORTS; do
					[ "$q" = "$p" ] && continue
					want=$(form "$q" "$v" "$base")
					[ -n "$want" ] && expect[q]+=" $want"
				done
			done
		done
		# shellcheck disable=SC2046
		out=$(pkt --wait 400 $(all_rx) "${tx[@]}")
		for q in $PORTS; do
			# shellcheck disable=SC2086
			expect_at "$out" "$(ep_of $q)" ${expect[q]}
		done
	done
	path_check "$before" "$sent"
	log_test "flood ($PATH_MODE): bcast, mcast, unknown unicast reach each VLAN's members only"
}

# unicast_once FROM VID TO: a frame from FROM to TO's learned source MAC in
# VID arrives at TO only, once. Echoes nothing; sets RET.
unicast_once()
{
	local from=$1 v=$2 to=$3 base out q

	base=$(frame "$(src "$to" "$v")" "$(src "$from" "$v")")
	# shellcheck disable=SC2046
	out=$(pkt --wait 300 $(all_rx) --tx "$(ep_of "$from")" \
		"$(form "$from" "$v" "$base")")
	for q in $PORTS; do
		if [ "$q" = "$to" ]; then
			expect_at "$out" "$(ep_of $q)" "$(form "$q" "$v" "$base")"
		else
			expect_at "$out" "$(ep_of $q)"
		fi
	done
}

known_unicast()
{
	local before

	# The sources were learned by flood_every_vlan.
	before=$(xdp_to_tc_total)
	unicast_once 1 10 2
	unicast_once 2 10 5
	unicast_once 5 10 4
	unicast_once 4 20 3
	unicast_once 6 30 5
	path_check "$before" 5
	log_test "flood ($PATH_MODE): a learned unicast goes to one port, once"
}

vid_1_and_4094()
{
	local before

	before=$(xdp_to_tc_total)
	unicast_once 7 1 4
	unicast_once 4 1 7
	unicast_once 8 4094 4
	unicast_once 4 4094 8
	[ "$(form 4 4094 "$(frame "$BCAST" 020000000001)" | cut -c25-32)" = 81000ffe ]
	check_err $? "test bug: VID 4094 tag bytes"
	path_check "$before" 4
	log_test "flood ($PATH_MODE): VID 1 and VID 4094 access <-> trunk"
}

# A VLAN of more than BV_FLOOD_XDP_MAX (32) ports floods through TC (the
# XDP flood devmap stays small: the kernel's broadcast walks all of it);
# shrunk back to 32, it floods through XDP again, to every member.
# Ports fl$ID-b0..b32 in namespace flb-$ID, all mode xdp, peers with GRO.
big_vlan_flood()
{
	local ns="flb-$ID" br="flb$ID" i n before after
	local bvb=("$BV_BIN" -n "$ns" -b "$br")

	ns_create "$ns" || exit 1
	"${bvb[@]}" load || exit 1
	defer "$BV_BIN" -n "$ns" -b "$br" unload
	for i in $(seq 0 32); do
		ip -n "$ns" link add "b$i" type veth peer name "b${i}h" &&
		ip -n "$ns" link set "b$i" up && ip -n "$ns" link set "b${i}h" up &&
		ip netns exec "$ns" ethtool -K "b${i}h" gro on >/dev/null &&
		"${bvb[@]}" attach "b$i" access 77 mode xdp || exit 1
	done

	# tx_packets of every port but b0 after one broadcast from b0's peer;
	# echoes how many ports got exactly one more frame, then b0's xdp_to_tc.
	flood_once()
	{
		local b a
		b=$("${bvb[@]}" -j stats)
		"$BVPKT" --wait 100 --tx "$ns/b0h" "$(frame $BCAST 02000000b0b0)" >/dev/null
		a=$("${bvb[@]}" -j stats)
		jq -n --argjson b "$b" --argjson a "$a" '
			[range(1; $a | length) as $i |
			 select($a[$i].ifname != "b0" and
				$a[$i].tx_packets - ([$b[] | select(.ifname == $a[$i].ifname)][0].tx_packets) == 1)]
			| length'
		jq -r '.[] | select(.ifname == "b0") | .events.xdp_to_tc' <<<"$a"
	}

	set -- $(flood_once)
	[ "$1" -eq 32 ] && [ "$2" -ge 1 ]
	check_err $? "33 ports: $1 of 32 got the flood, xdp_to_tc $2 (want 32, >= 1)"
	"${bvb[@]}" detach b5	# b32 joined at 33: its entry comes with the fill
	before=$("${bvb[@]}" -j stats dev b0 | jq '.[0].events.xdp_to_tc')
	set -- $(flood_once)
	[ "$1" -eq 31 ] && [ "$2" -eq "$before" ]
	check_err $? "32 ports: $1 of 31 got the flood, xdp_to_tc $before -> $2 (want 31, unchanged)"
	log_test "flood: a VLAN of 33 ports floods via TC, of 32 via XDP, to all"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool
require_built
setup
tests_run_rounds path_set xdp tc
ALL_TESTS=big_vlan_flood
tests_run
