#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Port security (issue 15): isolated and locked ports, with crafted
# frames and real pings, on the XDP path (v1, v3, the uplink: mode xdp,
# peers with GRO) and the TC path (v2: mode tc).
#
#   isolated_pair      v1 and v2 (isolated) reach each other neither by
#                      unicast nor by flood; drops.isolated counts each
#                      unicast; their floods still reach v3 and the uplink
#   isolated_uplink    an isolated port and the uplink (a trunk, VLAN 10
#                      tagged) talk both ways, unicast and flood
#   isolated_ping      ping: v1 -> v3 works, v1 -> v2 does not
#   locked             `port set v3 locked on`: v3's frames are dropped
#                      (locked_src) and not learned until its MAC has a
#                      static entry; a forged source stays dropped;
#                      `locked off` learns again
#   show               port show (text and JSON), show config, attach
#                      words read back; allow-ip set, enforced (ping with
#                      an address no longer allowed fails), lifted

ALL_TESTS="isolated_pair isolated_uplink isolated_ping locked show"
BRIDGE=psb$$
source "$(dirname "$0")/lib.sh"

V1=ps-v1-$ID V2=ps-v2-$ID V3=ps-v3-$ID UP=ps-up-$ID
P1=psv1$ID P2=psv2$ID P3=psv3$ID PU=psu$ID
M1='' M2='' M3='' MU=''

setup()
{
	local i=1 ns

	bridge_load || exit 1
	host_ns_add "$V1" "$P1" gro && host_ns_add "$V2" "$P2" &&
		host_ns_add "$V3" "$P3" gro && host_ns_add "$UP" "$PU" gro || exit 1
	bv attach "$P1" access 10 mode xdp isolated on &&
		bv attach "$P2" access 10 mode tc isolated on &&
		bv attach "$P3" access 10 mode xdp &&
		bv attach "$PU" trunk 10 mode xdp || exit 1
	M1=$(mac_of "$V1") M2=$(mac_of "$V2") M3=$(mac_of "$V3") MU=$(mac_of "$UP")
	for ns in "$V1" "$V2" "$V3"; do
		ip -n "$ns" addr add "192.0.2.$i/24" dev eth0
		i=$((i + 1))
	done
	# Every MAC learned where it is.
	pkt --wait 0 --tx "$V1/eth0" "$(frame $BCAST "$M1")" \
		--tx "$V2/eth0" "$(frame $BCAST "$M2")" \
		--tx "$V3/eth0" "$(frame $BCAST "$M3")" \
		--tx "$UP/eth0" "$(frame $BCAST "$MU" "$(tag 8100 0 10)")" >/dev/null || exit 1
	busywait 2000 entry_is "$M1" 10 "$P1 " && busywait 2000 entry_is "$M2" 10 "$P2 " &&
		busywait 2000 entry_is "$M3" 10 "$P3 " &&
		busywait 2000 entry_is "$MU" 10 "$PU " || exit 1
}

all_rx()
{
	rx_eps "$V1" "$V2" "$V3" "$UP"
}

isolated_pair()
{
	local out b1 b2 f12 f21 b1f b2f

	b1=$(stat_of "$P1" .drops.isolated)
	b2=$(stat_of "$P2" .drops.isolated)
	f12=$(frame "$M2" "$M1") f21=$(frame "$M1" "$M2")
	b1f=$(frame $BCAST "$M1") b2f=$(frame $BCAST "$M2")
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(all_rx) \
		--tx "$V1/eth0" "$f12" --tx "$V2/eth0" "$f21" \
		--tx "$V1/eth0" "$b1f" --tx "$V2/eth0" "$b2f")
	expect_at "$out" "$V1/eth0"
	expect_at "$out" "$V2/eth0"
	expect_at "$out" "$V3/eth0" "$b1f" "$b2f"
	expect_at "$out" "$UP/eth0" "$(tag_into "$b1f" "$(tag 8100 0 10)")" \
		"$(tag_into "$b2f" "$(tag 8100 0 10)")"
	[ "$(stat_of "$P1" .drops.isolated)" -eq $((b1 + 1)) ]
	check_err $? "drops.isolated on $P1 (XDP) did not count the unicast"
	[ "$(stat_of "$P2" .drops.isolated)" -eq $((b2 + 1)) ]
	check_err $? "drops.isolated on $P2 (TC) did not count the unicast"
	log_test "portsec: isolated ports reach each other neither way"
}

isolated_uplink()
{
	local out t fu1 fu2 f1u f2u fub

	t=$(tag 8100 0 10)
	fu1=$(frame "$M1" "$MU" "$t") fu2=$(frame "$M2" "$MU" "$t")
	fub=$(frame $BCAST "$MU" "$t")
	f1u=$(frame "$MU" "$M1") f2u=$(frame "$MU" "$M2")
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(all_rx) \
		--tx "$UP/eth0" "$fu1" --tx "$UP/eth0" "$fu2" --tx "$UP/eth0" "$fub" \
		--tx "$V1/eth0" "$f1u" --tx "$V2/eth0" "$f2u")
	expect_at "$out" "$V1/eth0" "$(untag "$fu1")" "$(untag "$fub")"
	expect_at "$out" "$V2/eth0" "$(untag "$fu2")" "$(untag "$fub")"
	expect_at "$out" "$V3/eth0" "$(untag "$fub")"
	expect_at "$out" "$UP/eth0" "$(tag_into "$f1u" "$t")" "$(tag_into "$f2u" "$t")"
	log_test "portsec: isolated ports and the uplink talk both ways"
}

isolated_ping()
{
	ip netns exec "$V1" ping -c 2 -i 0.2 -W 1 192.0.2.3 >/dev/null
	check_err $? "v1 (isolated) cannot ping v3 (not isolated)"
	ip netns exec "$V2" ping -c 2 -i 0.2 -W 1 192.0.2.3 >/dev/null
	check_err $? "v2 (isolated, TC) cannot ping v3"
	ip netns exec "$V1" ping -c 2 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
	check_fail $? "v1 pinged v2, both isolated"
	log_test "portsec: ping between isolated ports fails, to others works"
}

locked()
{
	local out b fb fforged forged

	bv port set "$P3" locked on
	check_err $? "port set $P3 locked on"
	bv fdb flush dev "$P3"
	b=$(stat_of "$P3" .drops.locked_src)
	fb=$(frame $BCAST "$M3")
	forged=02aa00000003
	fforged=$(frame $BCAST "$forged")
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(all_rx) --tx "$V3/eth0" "$fb" --tx "$V3/eth0" "$fforged")
	[ -z "$out" ]
	check_err $? "a locked port forwarded a source without a static entry: $out"
	[ "$(stat_of "$P3" .drops.locked_src)" -eq $((b + 2)) ]
	check_err $? "drops.locked_src did not count both frames"
	[ -z "$(fdb_entry "$M3" 10)$(fdb_entry "$forged" 10)" ]
	check_err $? "a locked port learned a source"
	ip netns exec "$V3" ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1
	check_fail $? "v3 (locked, no static entry) pinged v1"

	bv fdb add "$(colon "$M3")" dev "$P3" vid 10
	check_err $? "fdb add $M3 dev $P3"
	# shellcheck disable=SC2046
	out=$(pkt --wait 400 $(all_rx) --tx "$V3/eth0" "$fb" --tx "$V3/eth0" "$fforged")
	expect_at "$out" "$V1/eth0" "$fb"
	expect_at "$out" "$V2/eth0" "$fb"
	expect_at "$out" "$UP/eth0" "$(tag_into "$fb" "$(tag 8100 0 10)")"
	[ -z "$(fdb_entry "$forged" 10)" ]
	check_err $? "the forged source was learned"
	ip netns exec "$V3" ping -c 2 -i 0.2 -W 1 192.0.2.1 >/dev/null
	check_err $? "v3 (locked, its MAC static) cannot ping v1"

	bv fdb del "$(colon "$M3")" vid 10 && bv port set "$P3" locked off
	check_err $? "locked off"
	pkt --wait 0 --tx "$V3/eth0" "$fforged" >/dev/null
	busywait 2000 entry_is "$forged" 10 "$P3 "
	check_err $? "locked off: the port does not learn again"
	log_test "portsec: a locked port sends only from its static MACs"
}

show()
{
	local line cfg out

	port_json "$P1" | jq -e '.isolated == true and .locked == false' >/dev/null
	check_err $? "port show -j: $P1 not isolated: $(port_json "$P1")"
	port_json "$P3" | jq -e '.isolated == false and .locked == false' >/dev/null
	check_err $? "port show -j: $P3: $(port_json "$P3")"
	bv port set "$P2" locked on isolated off
	port_json "$P2" | jq -e '.isolated == false and .locked == true' >/dev/null
	check_err $? "port set $P2 locked on isolated off: $(port_json "$P2")"
	line=$(bv port show dev "$P2")
	grep -q "  locked" <<<"$line" && ! grep -q isolated <<<"$line"
	check_err $? "port show text: $line"
	cfg=$(bv show config)
	grep -q "^port $P1 access 10 mode xdp isolated on$" <<<"$cfg" &&
		grep -q "^port $P2 access 10 mode tc locked on$" <<<"$cfg"
	check_err $? "show config: $cfg"
	bv port set "$P2" locked off isolated on
	bv port set "$P2" isolated maybe 2>/dev/null
	check_fail $? "port set isolated maybe was taken"
	# allow-ip: kept sorted, read back from the datapath's trie, lifted.
	bv port set "$P3" allow-ip 2001:db8::3,192.0.2.3,fe80::/64
	port_json "$P3" | jq -e '.allow_ip == ["192.0.2.3","2001:db8::3","fe80::/64"]' >/dev/null
	check_err $? "allow-ip in port show -j: $(port_json "$P3")"
	bv show config | grep -q "^port $P3 access 10 mode xdp allow-ip 192.0.2.3,2001:db8::3,fe80::/64$"
	check_err $? "allow-ip in show config: $(bv show config | grep "$P3")"
	ip netns exec "$V3" ping -c 1 -W 1 192.0.2.1 >/dev/null
	check_err $? "v3 (allow-ip its address) cannot ping v1"
	bv port set "$P3" allow-ip 192.0.2.30
	ip netns exec "$V3" ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1
	check_fail $? "v3 pinged with an address no longer allowed"
	[ "$(stat_of "$P3" .drops.ip_spoof)" -gt 0 ]
	check_err $? "no ip_spoof counted on $P3"
	out=$(bv port set "$P3" allow-ip 192.0.2.3,10.0.0.1/8 2>&1)
	[ $? -eq 2 ] && [ "$out" = 'bpfvlan: invalid allow-ip "192.0.2.3,10.0.0.1/8" (like 192.0.2.5,2001:db8::/64, at most 16, host bits zero; or any)' ] &&
		port_json "$P3" | jq -e '.allow_ip == ["192.0.2.30"]' >/dev/null
	check_err $? "a bad allow-ip list: exit/message [$out], or the port changed: $(port_json "$P3")"
	bv port set "$P3" allow-ip any && bv port show dev "$P3" | grep -vq allow-ip
	check_err $? "allow-ip any did not lift it: $(bv port show dev "$P3")"
	bpftool -j map dump pinned "/sys/fs/bpf/bpfvlan/$BRIDGE/bv_allow_ip" | jq -e 'length == 0' >/dev/null
	check_err $? "prefixes left in the trie after allow-ip any"
	log_test "portsec: port show, show config, port set"
}

run_tests --veth-xdp ip jq ethtool ping bpftool
