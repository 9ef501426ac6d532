#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# `bpfvlan trace` (issue 16) on a real bridge: v1 (access 10, XDP), v2
# (access 10, TC), v3 (access 20, XDP), v4 (access 10, TC, locked), the
# uplink (trunk 10,20, XDP). Each case traces a frame, checks the answer
# (text and JSON, parsed with jq and python3), and that the FDB and every
# counter are exactly what they were before the trace.
#
#   known_unicast   to a MAC learned on v2: unicast, v2 untagged, FDB hit;
#                   then the frame itself is sent and goes there only
#   unknown_flood   to an unknown MAC: flood to v2, v4 untagged and the
#                   uplink tagged 10, never v3 (VLAN 20); FDB miss
#   cross_vlan      a tagged VID 20 frame on access port v1:
#                   tagged_on_access; VID 30 on the uplink: vlan_not_allowed
# Before 6.18 veths have no mode xdp: the XDP ports are TC ports then,
# and the path expected is tc.
#
#   locked_src      from v4 (locked) without a static entry: locked_src;
#                   with one: passes
#   hex_frame       the same frame as tcpdump -xx lines: the same answer
#   bad_input       bad hex, VID 4095, a bad MAC: exit 2; no such device:
#                   exit 1; nothing changed

ALL_TESTS="known_unicast unknown_flood cross_vlan locked_src hex_frame bad_input"
BRIDGE=trb$$
source "$(dirname "$0")/lib.sh"

V1=tr-v1-$ID V2=tr-v2-$ID V3=tr-v3-$ID V4=tr-v4-$ID UP=tr-up-$ID
P1=trv1$ID P2=trv2$ID P3=trv3$ID P4=trv4$ID PU=tru$ID
M1='' M2='' MX=02:7a:00:00:00:99 MS=02:7a:00:00:00:44
XMODE=tc PATH1=tc
veth_xdp_ok && XMODE=xdp PATH1=xdp-tc

setup()
{
	bridge_load ageing 3600 || exit 1	# TCG guests are slow: nothing ages
	host_ns_add "$V1" "$P1" gro && host_ns_add "$V2" "$P2" &&
		host_ns_add "$V3" "$P3" gro && host_ns_add "$V4" "$P4" &&
		host_ns_add "$UP" "$PU" gro || exit 1
	bv attach "$P1" access 10 mode $XMODE && bv attach "$P2" access 10 mode tc &&
		bv attach "$P3" access 20 mode $XMODE &&
		bv attach "$P4" access 10 mode tc locked on &&
		bv attach "$PU" trunk 10,20 mode $XMODE || exit 1
	M1=$(mac_of "$V1") M2=$(mac_of "$V2")
	pkt --wait 0 --tx "$V1/eth0" "$(frame $BCAST "$M1")" \
		--tx "$V2/eth0" "$(frame $BCAST "$M2")" >/dev/null || exit 1
	busywait 2000 entry_is "$M1" 10 "$P1 " &&
		busywait 2000 entry_is "$M2" 10 "$P2 " || exit 1
}

# The bridge's state a trace must not change: FDB (with ages in whole
# seconds, which may tick) and every counter.
state()
{
	bv -j fdb show | jq -c 'map(del(.age)) | sort_by(.mac, .vlan)'
	bv -j stats
}

# trace_j ARGS...: `trace -j` into $out, checked to be one JSON document
# that python3 parses too; the FDB and counters unchanged by it.
trace_j()
{
	local before after

	before=$(state)
	out=$(bv -j trace "$@")
	check_err $? "trace $* failed"
	after=$(state)
	[ "$before" = "$after" ]
	check_err $? "trace $* changed the bridge: $(diff <(echo "$before") <(echo "$after") | head -4)"
	printf '%s' "$out" | python3 -c 'import json, sys; json.load(sys.stdin)'
	check_err $? "trace -j $*: python3 cannot parse: $out"
}

# expect JSON JQ-EXPR WHAT: JQ-EXPR is true of JSON.
expect()
{
	printf '%s' "$1" | jq -e "$2" >/dev/null
	check_err $? "$3: $(printf '%s' "$1" | jq -c .)"
}

known_unicast()
{
	local out f

	RET=0
	trace_j dev "$P1" src "$(colon "$M1")" dst "$(colon "$M2")" \
		ipv4 192.0.2.1 192.0.2.2 udp 53
	expect "$out" '.action == "unicast" and .vlan == 10' "not unicast in VLAN 10"
	expect "$out" ".egress == [{\"ifname\": \"$P2\", \"vlan\": 10, \"tagged\": false, \"oversize\": false}]" \
		"egress is not $P2 untagged"
	expect "$out" ".fdb.result == \"hit\" and .fdb.ifname == \"$P2\"" "no FDB hit on $P2"
	if [ $XMODE = xdp ]; then
		expect "$out" '.path == "xdp-tc" and .xdp == "to_tc_egress_without_xdp"' \
			"path: not XDP handing to TC ($P2 takes no XDP frames)"
	else
		expect "$out" '.path == "tc"' "path: not TC"
	fi
	expect "$out" ".ifname == \"$P1\" and .mode == \"access\"" "ingress port"
	bv trace dev "$P1" src "$(colon "$M1")" dst "$(colon "$M2")" |
		grep -q "^egress: *$P2 vlan 10 untagged$"
	check_err $? "text output has no egress line for $P2"
	# What trace said, the datapath does.
	f=$(frame "$M2" "$M1")
	# shellcheck disable=SC2046
	out=$(pkt --wait 300 $(rx_eps "$V2" "$V3" "$V4" "$UP") --tx "$V1/eth0" "$f")
	deliver "$out" "$V2/eth0" 1
	deliver "$out" "$UP/eth0" 0
	deliver "$out" "$V4/eth0" 0
	log_test "trace: known unicast (FDB hit, path $PATH1)"
}

unknown_flood()
{
	local out

	RET=0
	trace_j dev "$P1" src "$(colon "$M1")" dst "$MX"
	expect "$out" '.action == "flood" and .fdb.result == "miss"' "not a flood on an FDB miss"
	expect "$out" "[.egress[] | select(.ifname == \"$P2\" and .tagged == false)] | length == 1" \
		"$P2 gets no untagged copy"
	expect "$out" "[.egress[] | select(.ifname == \"$P4\" and .tagged == false)] | length == 1" \
		"$P4 gets no untagged copy"
	expect "$out" "[.egress[] | select(.ifname == \"$PU\" and .tagged == true and .vlan == 10)] | length == 1" \
		"the uplink gets no copy tagged 10"
	expect "$out" '.egress | length == 3' "copies beyond v2, v4 and the uplink"
	# From the uplink, tagged 10: the same set but the uplink, plus v1.
	trace_j dev "$PU" src "$MS" dst "$MX" vlan 10 pcp 5
	expect "$out" '.action == "flood" and .vlan == 10 and .classify == "802.1Q tag, VID 10"' \
		"a tagged frame on the trunk is not flooded in VLAN 10"
	expect "$out" "[.egress[].ifname] | sort == ([\"$P1\", \"$P2\", \"$P4\"] | sort)" \
		"flood from the uplink: not v1, v2, v4"
	log_test "trace: unknown unicast floods the VLAN only"
}

cross_vlan()
{
	local out

	RET=0
	trace_j dev "$P1" src "$(colon "$M1")" dst "$(colon "$M2")" vlan 20
	expect "$out" '.action == "drop" and .drop_reason == "tagged_on_access"' \
		"a tagged frame on an access port is not dropped as tagged_on_access"
	expect "$out" '.egress == []' "copies of a dropped frame"
	trace_j dev "$PU" src "$MS" dst "$(colon "$M2")" vlan 30
	expect "$out" '.action == "drop" and .drop_reason == "vlan_not_allowed"' \
		"VID 30 on a trunk of 10,20 is not dropped as vlan_not_allowed"
	# In VLAN 20 the VLAN 10 entry of M2 is no hit: flood to VLAN 20 only.
	trace_j dev "$P3" src "$MS" dst "$(colon "$M2")"
	expect "$out" ".action == \"flood\" and .fdb.result == \"miss\" and .egress == [{\"ifname\": \"$PU\", \"vlan\": 20, \"tagged\": true, \"oversize\": false}]" \
		"VLAN 20 frame to a VLAN 10 MAC: not a flood to the uplink only"
	log_test "trace: cross-VLAN frames dropped or kept in their VLAN"
}

locked_src()
{
	local out

	RET=0
	trace_j dev "$P4" src "$MS" dst "$(colon "$M1")"
	expect "$out" '.action == "drop" and .drop_reason == "locked_src" and .source.locked' \
		"a locked port's unknown source is not dropped as locked_src"
	bv trace dev "$P4" src "$MS" dst "$(colon "$M1")" | grep -q '^source: *locked port'
	check_err $? "text output does not say the port is locked"
	bv fdb add "$MS" dev "$P4" vid 10 || check_err 1 "fdb add"
	trace_j dev "$P4" src "$MS" dst "$(colon "$M1")"
	expect "$out" ".action == \"unicast\" and .source.learn == \"locked\" and .egress[0].ifname == \"$P1\"" \
		"with a static entry, the locked port's frame does not go to v1"
	bv fdb del "$MS" vid 10
	log_test "trace: locked port, source with and without a static entry"
}

hex_frame()
{
	local words out a b

	RET=0
	words=$(bv -j trace dev "$PU" src "$MS" dst "$MX" vlan 10 | jq -c 'del(.len)')
	# As tcpdump -xx prints it: offsets, groups of 4 hex digits.
	a=$(printf '\t0x0000:  %s %s %s %s %s %s %s %s\n' \
		"${MX:0:2}${MX:3:2}" "${MX:6:2}${MX:9:2}" "${MX:12:2}${MX:15:2}" \
		"${MS:0:2}${MS:3:2}" "${MS:6:2}${MS:9:2}" "${MS:12:2}${MS:15:2}" \
		8100 000a)
	b=$(printf '\t0x0010:  88b5 0000 0000 0000 0000 0000 0000 0000\n')
	out=$(bv -j trace dev "$PU" hex "$a" "$b" | jq -c 'del(.len)')
	[ "$out" = "$words" ]
	check_err $? "hex and words differ: $out vs $words"
	log_test "trace: a frame as tcpdump -xx hex"
}

# bad RC ARGS...: bv ARGS exits RC with one message, nothing on stdout,
# and the bridge unchanged.
bad()
{
	local rc=$1 before after got out; shift

	before=$(state)
	out=$(bv "$@" 2>/dev/null)
	got=$?
	after=$(state)
	[ "$got" -eq "$rc" ] && [ -z "$out" ] && [ "$before" = "$after" ]
	check_err $? "bpfvlan $*: exit $got (want $rc), stdout '$out'"
}

bad_input()
{
	RET=0
	bad 2 trace dev "$P1" hex 0a0b0c0d0e0f101112131415zz
	bad 2 trace dev "$P1" hex 0a0b0c
	bad 2 trace dev "$P1" src "$MS" dst "$MX" vlan 4095
	bad 2 trace dev "$P1" src 02:7a:00:00:00 dst "$MX"
	bad 2 trace dev "$P1" src "$MS" dst "$MX" ipv4 10.0.0.1 10.0.0.256
	bad 2 trace dev "$P1" src "$MS" dst "$MX" ipv4 10.0.0.1 10.0.0.2 tcp 0
	bad 2 trace dev "$P1" src "$MS"
	bad 2 trace "$P1" src "$MS" dst "$MX"
	bad 1 trace dev nosuch$ID src "$MS" dst "$MX"
	bad 1 trace dev lo src "$MS" dst "$MX"
	log_test "trace: bad input exits 2, an unknown device 1"
}

run_tests jq python3
exit $EXIT_STATUS
