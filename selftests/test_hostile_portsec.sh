#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile VMs against port security (issue 15). VLAN 10: the gateway
# behind the trunk (native VLAN 10; 192.0.2.254, 2001:db8::fe), v1 and v3
# (192.0.2.1 / .3), and two attackers, at (mode tc) and ax (mode xdp,
# 192.0.2.5 / .6). Every VM port: locked to its MAC (a static entry),
# allow-ip its addresses and link-local address; v1 and the attackers
# isolated, v3 not (an attacker's floods reach it, as they reach the
# trunk).
#
#   legit      the attackers, as VMs, ping the gateway over IPv4 and IPv6
#              (ARP, ND with link-layer options, DAD from :: at setup)
#   attacks    per attacker: gratuitous ARP for the gateway's IP, an ARP
#              reply telling the gateway that v1's IP is at the attacker,
#              an ARP whose sender MAC is not the source, frames from the
#              gateway's MAC and a made-up MAC, UDP from the gateway's and
#              v1's IPv4 and IPv6 addresses, an unsolicited override NA
#              for the gateway's IPv6 address (from the attacker's own
#              address, no RA), an NA with another MAC in its option:
#              none reaches v1, v3 or the trunk; each is counted by name;
#              the gateway's FDB entry stays on the trunk; the gateway's
#              and v3's ARP and neighbour caches keep the right MACs.

ALL_TESTS="legit attacks_tc attacks_xdp"
BRIDGE=psb$$
source "$(dirname "$0")/lib.sh"

GW=ps-gw-$ID V1=ps-v1-$ID V3=ps-v3-$ID AT=ps-at-$ID AX=ps-ax-$ID
PU=psu$ID P1=ps1$ID P3=ps3$ID PT=pst$ID PX=psx$ID
MGW='' M1='' M3=''
GW4=c00002fe GW6=20010db80000000000000000000000fe
V14=c0000201 V16=20010db8000000000000000000000001
ALLNODES=ff020000000000000000000000000001

# ipv6_on NS: IPv6 on in NS (lib.sh's namespaces have it off).
ipv6_on()
{
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
		net.ipv6.conf.default.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0
}

# ll_of MAC12: the EUI-64 link-local address of MAC.
ll_of()
{
	local m=$1

	printf 'fe80::%02x%s:%sff:fe%s:%s' $((0x${m:0:2} ^ 2)) "${m:2:2}" \
		"${m:4:2}" "${m:6:2}" "${m:8:4}"
}

# vm NS PORT MODE IPV4-LAST-OCTET ISOLATED [gro]: a VM on VLAN 10, its port
# locked to its MAC and to its addresses.
vm()
{
	local ns=$1 port=$2 mode=$3 n=$4 iso=$5 gro=${6:-} mac

	host_ns_add "$ns" "$port" $gro || return 1
	ipv6_on "$ns"
	mac=$(mac_of "$ns")
	bv attach "$port" access 10 mode "$mode" isolated "$iso" locked on \
		allow-ip "192.0.2.$n,2001:db8::$n,$(ll_of "$mac")" || return 1
	bv fdb add "$(colon "$mac")" dev "$port" vid 10 || return 1
	ip -n "$ns" addr add "192.0.2.$n/24" dev eth0
	ip -n "$ns" addr add "2001:db8::$n/64" dev eth0 nodad
}

ll_ready()
{
	! ip -n "$1" -6 addr show dev eth0 | grep -q tentative &&
		ip -n "$1" -6 addr show dev eth0 scope link | grep -q fe80
}

setup()
{
	local ns

	bridge_load || exit 1
	host_ns_add "$GW" "$PU" gro || exit 1
	ipv6_on "$GW"
	bv attach "$PU" trunk 20 native 10 mode xdp || exit 1
	ip -n "$GW" addr add 192.0.2.254/24 dev eth0
	ip -n "$GW" addr add 2001:db8::fe/64 dev eth0 nodad
	vm "$V1" "$P1" tc 1 on && vm "$V3" "$P3" tc 3 off &&
		vm "$AT" "$PT" tc 5 on && vm "$AX" "$PX" xdp 6 on gro || exit 1
	MGW=$(mac_of "$GW") M1=$(mac_of "$V1") M3=$(mac_of "$V3")
	for ns in "$GW" "$V1" "$V3" "$AT" "$AX"; do
		busywait 5000 ll_ready "$ns" || exit 1
	done
	# Caches filled the honest way: the gateway knows v1 and v3, they
	# know the gateway.
	for ns in "$V1" "$V3"; do
		ip netns exec "$ns" ping -c 1 -W 2 192.0.2.254 >/dev/null &&
			ip netns exec "$ns" ping -6 -c 1 -W 2 2001:db8::fe >/dev/null ||
			exit 1
	done
	busywait 2000 entry_is "$MGW" 10 "$PU " || exit 1
}

legit()
{
	local ns

	for ns in "$AT" "$AX"; do
		ip netns exec "$ns" ping -c 2 -i 0.2 -W 2 192.0.2.254 >/dev/null
		check_err $? "$ns cannot ping the gateway (IPv4)"
		ip netns exec "$ns" ping -6 -c 2 -i 0.2 -W 2 2001:db8::fe >/dev/null
		check_err $? "$ns cannot ping the gateway (IPv6)"
	done
	ip netns exec "$V1" ping -c 1 -W 1 192.0.2.3 >/dev/null
	check_err $? "v1 (isolated) cannot ping v3"
	log_test "hostile portsec: VMs with every check on work as usual"
}

# --- frames (hex; MARK in the payload, for bvpkt to count) ---------------

pad()
{
	printf '%s00000000000000000000000000000000' "$MARK"
}

# arp DST SRC OP SHA SPA THA TPA
arp()
{
	printf '%s%s0806000108000604%s%s%s%s%s%s' "$1" "$2" "$3" "$4" "$5" "$6" \
		"$7" "$(pad)"
}

# udp4 DST SRC SIP DIP: UDP 4 bytes of MARK (checksum 0: none)
udp4()
{
	printf '%s%s080045000020000040004011%04x%s%s1234567800%02x0000%s' \
		"$1" "$2" 0 "$3" "$4" 12 "$MARK"
}

# udp6 DST SRC SIP DIP
udp6()
{
	printf '%s%s86dd60000000000c1140%s%s12345678000c0000%s' \
		"$1" "$2" "$3" "$4" "$MARK"
}

# na DST SRC SIP TARGET LLADDR: an unsolicited override NA with a target
# link-layer option (checksum 0: whoever took it would drop it, but the
# bridge must not pass it at all)
na()
{
	printf '%s%s86dd6000000000203aff%s%s8800000020000000%s0201%s%s' \
		"$1" "$2" "$3" "$ALLNODES" "$4" "$5" "$MARK"
}

# attacks NS PORT N: every forged frame from NS (192.0.2.N, 2001:db8::N);
# the port counts them.
attacks()
{
	local ns=$1 port=$2 ma a6 out before after fake=02aaaaaaaa01
	local -A want=([arp_spoof]=3 [ip_spoof]=4 [nd_spoof]=2 [locked_src]=2)
	local -A got
	local r

	ma=$(mac_of "$ns")
	a6=$(printf '20010db8000000000000000000000%03x' "$3")
	for r in "${!want[@]}"; do
		got[$r]=$(stat_of "$port" ".drops.$r")
	done
	# shellcheck disable=SC2046
	out=$(pkt --wait 500 $(rx_eps "$GW" "$V1" "$V3") \
		--tx "$ns/eth0" "$(arp $BCAST "$ma" 0002 "$ma" $GW4 $BCAST $GW4)" \
		--tx "$ns/eth0" "$(arp "$MGW" "$ma" 0002 "$ma" $V14 "$MGW" $GW4)" \
		--tx "$ns/eth0" "$(arp $BCAST "$ma" 0001 "$MGW" $GW4 000000000000 $V14)" \
		--tx "$ns/eth0" "$(frame $BCAST "$MGW")" \
		--tx "$ns/eth0" "$(frame "$M3" "$fake")" \
		--tx "$ns/eth0" "$(udp4 "$MGW" "$ma" $V14 $GW4)" \
		--tx "$ns/eth0" "$(udp4 "$M3" "$ma" $GW4 c0000203)" \
		--tx "$ns/eth0" "$(udp6 "$MGW" "$ma" $V16 $GW6)" \
		--tx "$ns/eth0" "$(udp6 "$M3" "$ma" $GW6 20010db8000000000000000000000003)" \
		--tx "$ns/eth0" "$(na 333300000001 "$ma" "$a6" $GW6 "$ma")" \
		--tx "$ns/eth0" "$(na 333300000001 "$ma" "$a6" "$a6" "$MGW")")
	deliver "$out" "$GW/eth0" 0
	deliver "$out" "$V1/eth0" 0
	deliver "$out" "$V3/eth0" 0
	for r in "${!want[@]}"; do
		after=$(stat_of "$port" ".drops.$r")
		before=${got[$r]}
		[ $((after - before)) -eq "${want[$r]}" ]
		check_err $? "$port: drops.$r +$((after - before)), want +${want[$r]}"
	done
	entry_is "$MGW" 10 "$PU "
	check_err $? "the gateway's FDB entry moved: $(fdb_entry "$MGW" 10)"
	ip -n "$GW" neigh show 192.0.2.1 | grep -q "lladdr $(colon "$M1")"
	check_err $? "the gateway's ARP entry for v1: $(ip -n "$GW" neigh show 192.0.2.1)"
	ip -n "$V3" neigh show 192.0.2.254 | grep -q "lladdr $(colon "$MGW")"
	check_err $? "v3's ARP entry for the gateway: $(ip -n "$V3" neigh show 192.0.2.254)"
	ip -n "$V3" -6 neigh show 2001:db8::fe | grep -q "lladdr $(colon "$MGW")"
	check_err $? "v3's neighbour entry for the gateway: $(ip -n "$V3" -6 neigh show 2001:db8::fe)"
	ip -n "$V1" neigh show 192.0.2.254 | grep -q "lladdr $(colon "$MGW")"
	check_err $? "v1's ARP entry for the gateway: $(ip -n "$V1" neigh show 192.0.2.254)"
}

attacks_tc()
{
	attacks "$AT" "$PT" 5
	log_test "hostile portsec: forged ARP, MAC, IPv4, IPv6, ND stopped (TC)"
}

attacks_xdp()
{
	attacks "$AX" "$PX" 6
	log_test "hostile portsec: forged ARP, MAC, IPv4, IPv6, ND stopped (XDP)"
}

run_tests --veth-xdp ip jq ethtool ping
