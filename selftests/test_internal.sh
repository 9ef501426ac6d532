#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Internal ports: the host's own IP on a VLAN of the bridge. Two
# hypervisors (namespaces) joined by a veth trunk carrying 20 and 4011
# tagged and 10 native: hv runs bridge A with the internal ports ipn
# (VLAN 10, the native VLAN) and ipt (VLAN 4011), VMs v10, v4011, v20 and
# the trunk in mode xdp (frames to the host come through XDP, which hands
# them to TC); fh runs bridge B with VMs f10, f4011, f20 and the trunk in
# the default mode (TC), so that frames arriving on it are seen on the
# wire (AF_PACKET) before bpfvlan takes them.
#
# Checked: what port add makes (pair, flag, static FDB entry, quiet bridge
# end); the first frame to the host's MAC is not flooded; the host's ports
# are members of their VLAN only, tagged 4011 / untagged on the trunk; ping
# and TCP (iperf3, bounded) between the host and a VM on the same bridge
# and a VM behind the trunk, both ways, on both VLANs, whole GSO frames
# through the TC path, no checksum errors; nothing from VLAN 20 reaches the
# host; bad input changes nothing; port del and unload leave no link.
# Last, the README's recipe for moving the host's address from eth0 to an
# internal port, with a TCP connection to that address open throughout.

ALL_TESTS="internal_made first_frame_not_flooded vlan_membership
	   host_addresses ping_host tcp_host no_reach_from_other_vlan bad_input
	   port_del unload_removes move_address"
source "$(dirname "$0")/lib.sh"

HV=ip-hv-$ID FH=ip-fh-$ID
BRA=ipa$ID BRB=ipb$ID
IPN=ipn$ID IPT=ipt$ID		# the host's internal ports (VLAN 10, 4011)
IPT_MAC=02:00:00:0f:ab:01
VMS="v10 v4011 v20 f10 f4011 f20"
TCP_BYTES=$((20 * 1024 * 1024))

bva() { "$BV_BIN" -n "$HV" -b "$BRA" "$@"; }
bvb() { "$BV_BIN" -n "$FH" -b "$BRB" "$@"; }

vm_ns() { printf 'ip-%s-%s' "$1" "$ID"; }

# Addresses: VLAN 10 in 192.0.2.0/24, VLAN 4011 in 198.51.100.0/24; the
# host is .1, a VM on hv .10, behind the trunk .110. The VLAN 20 VMs have
# an address in both subnets: they must still reach nothing.
vm_ips()
{
	case $1 in
	v10) echo 192.0.2.10 ;;
	f10) echo 192.0.2.110 ;;
	v4011) echo 198.51.100.10 ;;
	f4011) echo 198.51.100.110 ;;
	v20) echo 192.0.2.20 198.51.100.20 ;;
	f20) echo 192.0.2.120 198.51.100.120 ;;
	esac
}

# vm_add HV VM: a VM namespace whose eth0 is a veth to port VM in HV.
vm_add()
{
	local ip

	hv_vm_add "$1" "$(vm_ns "$2")" "$2" || return 1
	for ip in $(vm_ips "$2"); do
		ip -n "$(vm_ns "$2")" addr add "$ip/24" dev eth0
	done
}

setup()
{
	hv_add "$HV" "$BRA" && hv_add "$FH" "$BRB" || exit 1
	vm_add "$HV" v10 && vm_add "$HV" v4011 && vm_add "$HV" v20 &&
	vm_add "$FH" f10 && vm_add "$FH" f4011 && vm_add "$FH" f20 || exit 1
	hv_trunk_add "$HV" "$FH" || exit 1
	bva attach v10 access 10 && bva attach v4011 access 4011 &&
	bva attach v20 access 20 &&
	bva attach trk trunk 20,4011 native 10 mode xdp &&
	bvb attach f10 access 10 && bvb attach f4011 access 4011 &&
	bvb attach f20 access 20 && bvb attach trk trunk 20,4011 native 10 ||
		exit 1
}

# is JSON JQ_ARGS...: jq -e on JSON; false also for no JSON at all (jq 1.6
# exits 0 on empty input, so a failed command would pass).
is()
{
	local in=$1; shift

	[ -n "${in//[[:space:]]/}" ] && jq -e "$@" <<<"$in" >/dev/null
}

# port_of NAME: `port show` JSON of the internal port whose host end is NAME.
port_of()
{
	bva -j port show | jq -c --arg n "$1" '.[] | select(.host_ifname == $n)'
}

internal_made()
{
	local p mac

	bva port add "$IPN" internal 10
	check_err $? "port add $IPN internal 10 failed"
	bva port add "$IPT" internal 4011 mac "$IPT_MAC"
	check_err $? "port add $IPT internal 4011 mac $IPT_MAC failed"
	for dev in "$IPN" "$IPT"; do
		p=$(port_of "$dev")
		is "$p" '.internal == true and .mode == "access" and .path == "tc"'
		check_err $? "port show of $dev's port: $p"
		# The bridge end: the host end's peer, up, no IPv6 address.
		is "$(ip -n "$HV" -j -d link show "$(jq -r .ifname <<<"$p")")" \
			--arg n "$dev" '.[0].link == $n and
				(.[0].flags | index("UP")) and
				.[0].inet6_addr_gen_mode == "none"'
		check_err $? "bridge end of $dev is not its up, quiet peer"
		# The host end: the admin's to bring up.
		is "$(ip -n "$HV" -j link show "$dev")" '.[0].flags | index("UP") | not'
		check_err $? "$dev is up after port add"
	done
	is "$(port_of "$IPT")" '.pvid == 4011'
	check_err $? "$IPT's port is not in VLAN 4011"
	[ "$(ip -n "$HV" -j link show "$IPT" | jq -r '.[0].address')" = "$IPT_MAC" ]
	check_err $? "$IPT does not have MAC $IPT_MAC"
	# Their MACs are static FDB entries of their ports from the start.
	mac=$(ip -n "$HV" -j link show "$IPN" | jq -r '.[0].address')
	is "$(bva -j fdb show)" --arg m "$mac" --arg p "$(port_of "$IPN" | jq -r .ifname)" \
		'any(.[]; .mac == $m and .vlan == 10 and .ifname == $p and .flags == ["static"])'
	check_err $? "no static FDB entry for $IPN ($mac) in VLAN 10"
	is "$(bva -j fdb show)" --arg m "$IPT_MAC" \
		'any(.[]; .mac == $m and .vlan == 4011 and .flags == ["static"])'
	check_err $? "no static FDB entry for $IPT ($IPT_MAC) in VLAN 4011"
	# The host end names its port wherever a command takes DEV.
	is "$(bva -j port show dev "$IPT")" --arg n "$IPT" '.[0].host_ifname == $n'
	check_err $? "port show dev $IPT does not show its port"
	is "$(bva -j vlan show dev "$IPT")" '.[0].internal == true and
		.[0].vlans == [{"vlan":4011,"flags":["PVID","Egress Untagged"]}]'
	check_err $? "vlan show dev $IPT: not internal, untagged in VLAN 4011"
	log_test "internal: port add makes a veth pair, flagged, MAC static"
}

# A unicast to the host's MAC before the host ever sent a frame: it must
# reach the host only. A frame to an unknown MAC, sent the same way, is
# flooded and seen at the far end of the trunk: that is where a flood of
# the first would show.
first_frame_not_flooded()
{
	local ipn_mac ipt_mac src f u t out

	ip -n "$HV" link set "$IPN" up && ip -n "$HV" link set "$IPT" up
	ipn_mac=$(mac_of "$HV" "$IPN") ipt_mac=$(mac_of "$HV" "$IPT")
	src=$(mac_of "$(vm_ns v10)")
	f=$(frame "$ipn_mac" "$src")
	u=$(frame 02000000dead "$src")
	out=$(pkt --wait 400 --rx "$HV/$IPN" --rx "$HV/$IPT" --rx "$FH/trk" \
		--rx "$(vm_ns v20)/eth0" --tx "$(vm_ns v10)/eth0" "$f" \
		--tx "$(vm_ns v10)/eth0" "$u")
	expect_at "$out" "$HV/$IPN" "$f" "$u"
	expect_at "$out" "$FH/trk" "$u"
	expect_at "$out" "$HV/$IPT"
	expect_at "$out" "$(vm_ns v20)/eth0"
	# The same from behind the trunk, tagged 4011, to the other port.
	t=$(frame "$ipt_mac" 02000000b001 81000fab)
	out=$(pkt --wait 400 --rx "$HV/$IPT" --rx "$HV/$IPN" \
		--rx "$(vm_ns v4011)/eth0" --tx "$FH/trk" "$t")
	expect_at "$out" "$HV/$IPT" "$(untag "$t")"
	expect_at "$out" "$(vm_ns v4011)/eth0"
	expect_at "$out" "$HV/$IPN"
	log_test "internal: first frame to the host's MAC not flooded"
}

# Frames from the host leave in its VLAN only, tagged 4011 / untagged
# (native 10) on the trunk; the host gets the frames of its VLANs only.
vlan_membership()
{
	local bn bt b10 b4011 b20 n10 t4011 t20 out eps

	bn=$(frame $BCAST 02000000c001) bt=$(frame $BCAST 02000000c002)
	eps="--rx $FH/trk --rx $(vm_ns v10)/eth0 --rx $(vm_ns v4011)/eth0
	     --rx $(vm_ns v20)/eth0 --rx $HV/$IPN --rx $HV/$IPT"
	# shellcheck disable=SC2086
	out=$(pkt --wait 400 $eps --tx "$HV/$IPN" "$bn" --tx "$HV/$IPT" "$bt")
	expect_at "$out" "$FH/trk" "$bn" "$(tag_into "$bt" 81000fab)"
	expect_at "$out" "$(vm_ns v10)/eth0" "$bn"
	expect_at "$out" "$(vm_ns v4011)/eth0" "$bt"
	expect_at "$out" "$(vm_ns v20)/eth0"
	expect_at "$out" "$HV/$IPN"
	expect_at "$out" "$HV/$IPT"

	b10=$(frame $BCAST 02000000c010) b4011=$(frame $BCAST 02000000c011)
	b20=$(frame $BCAST 02000000c020)
	n10=$(frame $BCAST 02000000c030) t4011=$(frame $BCAST 02000000c031 81000fab)
	t20=$(frame $BCAST 02000000c032 81000014)
	out=$(pkt --wait 400 --rx "$HV/$IPN" --rx "$HV/$IPT" \
		--tx "$(vm_ns v10)/eth0" "$b10" --tx "$(vm_ns v4011)/eth0" "$b4011" \
		--tx "$(vm_ns v20)/eth0" "$b20" --tx "$FH/trk" "$n10" \
		--tx "$FH/trk" "$t4011" --tx "$FH/trk" "$t20")
	expect_at "$out" "$HV/$IPN" "$b10" "$n10"
	expect_at "$out" "$HV/$IPT" "$b4011" "$(untag "$t4011")"
	log_test "internal: host ports in their VLAN only, 4011 tagged on the trunk"
}

# host_addresses: a step, not a test: the host's addresses on its internal
# ports, which the tests from ping_host on need (exit if they cannot be set).
host_addresses()
{
	ip -n "$HV" addr add 192.0.2.1/24 dev "$IPN" &&
	ip -n "$HV" addr add 198.51.100.1/24 dev "$IPT" || exit 1
}

ping_ns()
{
	ip netns exec "$1" ping -c 2 -i 0.2 -W 1 "$2" >/dev/null 2>&1
}

ping_host()
{
	local vm ip host

	for vm in v10 f10 v4011 f4011; do
		ip=$(vm_ips $vm)
		host=${ip%.*}.1
		ping_ns "$HV" "$ip"
		check_err $? "the host cannot ping $vm ($ip)"
		ping_ns "$(vm_ns $vm)" "$host"
		check_err $? "$vm cannot ping the host ($host)"
	done
	log_test "internal: host pings VMs on VLAN 10 (native) and 4011, here and behind the trunk"
}

csum_errors()
{
	ip netns exec "$1" awk '$1 == "Tcp:" && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == "Tcp:" { print $col["InCsumErrors"] }' /proc/net/snmp
}

# port_counts NAME: "rx_packets rx_bytes" of the internal port of NAME.
port_counts()
{
	bva -j stats dev "$1" | jq -r '.[0] | "\(.rx_packets) \(.rx_bytes)"'
}

tcp_host()
{
	local vm ns ip host got p0 b0 p1 b1 errs0 t0

	errs0=$(csum_total)
	t0=$(stat_trk)
	for vm in v10 f10 v4011 f4011; do
		ns=$(vm_ns "$vm") ip=$(vm_ips "$vm")
		host=${ip%.*}.1
		read -r p0 b0 <<<"$(port_counts "$IPN")"
		got=$(tcp_received "$HV" "$host" "$ns")
		[ "${got:-0}" -ge "$TCP_BYTES" ]
		check_err $? "TCP host ($host) -> $vm: $got of $TCP_BYTES bytes"
		if [ "$vm" = v10 ]; then
			# Skbs larger than a 1514-byte frame entered the bridge
			# at ipn's port: GSO frames from the host went whole.
			read -r p1 b1 <<<"$(port_counts "$IPN")"
			[ "$p1" -gt "$p0" ] && [ $(( (b1 - b0) / (p1 - p0) )) -gt 1514 ]
			check_err $? "no GSO frames through $IPN's port: $((b1 - b0)) bytes in $((p1 - p0)) frames"
		fi
		got=$(tcp_received "$ns" "$ip" "$HV")
		[ "${got:-0}" -ge "$TCP_BYTES" ]
		check_err $? "TCP $vm -> host ($host): $got of $TCP_BYTES bytes"
	done
	[ "$(csum_total)" -eq "$errs0" ]
	check_err $? "TCP checksum errors: $(( $(csum_total) - errs0 ))"
	[ "$(stat_trk)" -gt "$t0" ]
	check_err $? "no frame from the trunk went from XDP to TC"
	log_test "internal: TCP host <-> VMs here and behind the trunk, both VLANs, both ways"
}

# csum_total: TcpInCsumErrors of the host and every VM.
csum_total()
{
	local n vm

	n=$(csum_errors "$HV")
	for vm in $VMS; do
		n=$((n + $(csum_errors "$(vm_ns "$vm")")))
	done
	echo "$n"
}

stat_trk()
{
	bva -j stats dev trk | jq -r '.[0].events.xdp_to_tc'
}

no_reach_from_other_vlan()
{
	local vm ip

	for vm in v20 f20; do
		for ip in 192.0.2.1 198.51.100.1; do
			ping_ns "$(vm_ns $vm)" "$ip"
			check_fail $? "$vm (VLAN 20) reached the host at $ip"
		done
		for ip in $(vm_ips $vm); do
			ping_ns "$HV" "$ip"
			check_fail $? "the host reached $vm (VLAN 20) at $ip"
		done
	done
	log_test "internal: no reach between VLAN 20 and the host"
}

# state: what a failed command must leave as it was.
state()
{
	bva -j port show
	bva -j fdb show | jq -c "[.[] | select(.flags == [\"static\"]) | del(.age)]"
	ip -n "$HV" -j link show | jq -c '[.[] | {ifname, address, mtu, flags}]'
}

# run_rc RC ARGS...: bpfvlan on bridge A exits RC and changes nothing.
run_rc()
{
	local want=$1 rc before; shift

	before=$(state)
	bva "$@" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq "$want" ]
	check_err $? "bpfvlan $* exited $rc, want $want"
	[ "$(state)" = "$before" ]
	check_err $? "bpfvlan $* (exit $rc) changed something"
}

bad_input()
{
	local rc before

	run_rc 1 port add "$IPN" internal 10	# exists (an internal port)
	run_rc 1 port add v10 internal 10	# exists (a VM's port)
	run_rc 2 port add ipx$ID internal 0
	run_rc 2 port add ipx$ID internal 4095
	run_rc 2 port add ipx$ID internal
	run_rc 2 port add ipx$ID access 10
	run_rc 2 port add "ipx/$ID" internal 10
	run_rc 2 port add "ipx%d" internal 10
	run_rc 2 port add "ip$(printf 'x%.0s' {1..14})" internal 10	# 16 characters
	run_rc 2 port add ipx$ID internal 10 mtu 67
	run_rc 2 port add ipx$ID internal 10 mac 01:00:5e:00:00:01
	run_rc 2 port add ipx$ID internal 10 colour blue
	run_rc 2 port del
	run_rc 1 port del ipx$ID		# no such device
	run_rc 1 port del v10			# not internal: detach it
	run_rc 1 detach "$IPN"			# internal: port del it
	run_rc 1 attach "$IPN" access 20	# host end of an internal port
	before=$(ip -n "$HV" -j link show | jq length)
	"$BV_BIN" -n "$HV" -b nobr$ID port add ipx$ID internal 10 >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && [ "$(ip -n "$HV" -j link show | jq length)" -eq "$before" ]
	check_err $? "port add on a missing bridge: exit $rc, or a link was made"
	# mtu sets both ends.
	bva port add ipx$ID internal 30 mtu 9000 &&
		[ "$(ip -n "$HV" -j link show ipx$ID | jq '.[0].mtu')" -eq 9000 ] &&
		is "$(port_of ipx$ID)" '.mtu == 9000' &&
		bva port del ipx$ID
	check_err $? "port add ipx$ID internal 30 mtu 9000: MTU not 9000 on both ends"
	log_test "internal: bad input and wrong commands change nothing"
}

port_del()
{
	local p bridge_end mac

	p=$(port_of "$IPT")
	bridge_end=$(jq -r .ifname <<<"$p")
	bva port del "$IPT"
	check_err $? "port del $IPT failed"
	! ip -n "$HV" link show "$IPT" >/dev/null 2>&1 &&
		! ip -n "$HV" link show "$bridge_end" >/dev/null 2>&1
	check_err $? "$IPT or $bridge_end still exists after port del"
	is "$(bva -j port show)" --arg p "$bridge_end" 'all(.[]; .ifname != $p)'
	check_err $? "$bridge_end still a port after port del"
	is "$(bva -j fdb show)" --arg m "$IPT_MAC" 'all(.[]; .mac != $m)'
	check_err $? "FDB entry of $IPT_MAC left after port del"
	ping_ns "$(vm_ns v4011)" 198.51.100.1
	check_fail $? "v4011 still reaches 198.51.100.1"
	# By the bridge end's name, too.
	bva port add "$IPT" internal 4011 &&
		bridge_end=$(port_of "$IPT" | jq -r .ifname) &&
		bva port del "$bridge_end" &&
		! ip -n "$HV" link show "$IPT" >/dev/null 2>&1
	check_err $? "port del by the bridge end's name ($bridge_end) left $IPT"
	# Deleted behind bpfvlan's back: gone from the bridge at the next command.
	bva port add "$IPT" internal 4011 mac "$IPT_MAC" &&
		ip -n "$HV" link del "$IPT"
	check_err $? "port add $IPT / ip link del $IPT failed"
	is "$(bva -j port show)" 'all(.[]; .internal == false or .host_ifname != null) and
		([.[] | select(.internal)] | length) == 1'
	check_err $? "a port left after ip link del $IPT: $(bva -j port show | jq -c '[.[] | select(.internal)]')"
	is "$(bva -j fdb show)" --arg m "$IPT_MAC" 'all(.[]; .mac != $m)'
	check_err $? "FDB entry of $IPT_MAC left after ip link del"
	log_test "internal: port del removes both ends, the port and its MAC"
}

unload_removes()
{
	local left

	bva port add "$IPT" internal 4011
	check_err $? "port add $IPT again failed"
	bva unload
	check_err $? "unload failed"
	left=$(ip -n "$HV" -j link show | jq -r --arg n "$IPN" --arg t "$IPT" \
		'[.[] | select(.ifname == $n or .ifname == $t or
			       (.ifname | startswith("bvi")))] | map(.ifname) | join(" ")')
	[ -z "$left" ]
	check_err $? "links left after unload: $left"
	[ ! -e "/sys/fs/bpf/bpfvlan/$BRA" ]
	check_err $? "pins of $BRA left after unload"
	log_test "internal: unload deletes the internal ports"
}

# streaming NS: iperf3 in NS has its control and data connections.
streaming()
{
	[ "$(ip netns exec "$1" ss -tnH state established 'sport = :5201' | wc -l)" -ge 2 ]
}

# The README's "Moving the host's IP onto bpfvlan", on a host mh whose
# eth0 (address .5) faces an admin (.9) with a TCP stream to the host
# open: it must go on after the move, and the admin's neighbour entry of
# the host keep its MAC (the internal port took eth0's).
move_address()
{
	local mh=ip-mh-$ID adm=ip-adm-$ID br=ipm$ID mac spid cpid json

	ns_create "$mh" && ns_create "$adm" || { RET=1; log_test "internal: move"; return; }
	ip -n "$mh" link add eth0 type veth peer name eth0 netns "$adm" &&
	ip -n "$mh" link set eth0 up && ip -n "$adm" link set eth0 up &&
	ip -n "$mh" addr add 203.0.113.5/24 dev eth0 &&
	ip -n "$adm" addr add 203.0.113.9/24 dev eth0
	check_err $? "setup of $mh and $adm failed"
	mac=$(ip -n "$mh" -j link show eth0 | jq -r '.[0].address')
	ip netns exec "$mh" timeout 45 iperf3 -s -1 -B 203.0.113.5 >/dev/null 2>&1 &
	spid=$!
	busywait 10000 tcp_listening "$mh"
	check_err $? "iperf3 server in $mh did not start"
	json=$(mktemp) && defer rm -f "$json"
	ip netns exec "$adm" timeout 40 iperf3 -c 203.0.113.5 -t 10 -b 20M -J \
		--connect-timeout 3000 >"$json" 2>/dev/null &
	cpid=$!
	busywait 10000 streaming "$mh"
	check_err $? "the admin's TCP stream did not start"

	# The recipe, as in the README (eth0's native VLAN is 30).
	"$BV_BIN" -n "$mh" -b "$br" load &&
	defer "$BV_BIN" -n "$mh" -b "$br" unload &&
	"$BV_BIN" -n "$mh" -b "$br" port add mgmt0 internal 30 mac "$mac" &&
	ip -n "$mh" link set mgmt0 up &&
	"$BV_BIN" -n "$mh" -b "$br" attach eth0 trunk 90 native 30 &&
	ip -n "$mh" addr del 203.0.113.5/24 dev eth0 &&
	ip -n "$mh" addr add 203.0.113.5/24 dev mgmt0
	check_err $? "the recipe failed"
	kill -0 "$cpid" 2>/dev/null
	check_err $? "the stream ended before the move was done (too slow to judge)"

	wait "$cpid"
	check_err $? "the admin's TCP stream broke"
	wait "$spid"
	is "$(cat "$json")" '.error == null and .intervals[-1].sum.bytes > 0'
	check_err $? "no data after the move: $(jq -c '[.error, [.intervals[].sum.bytes]]' "$json" 2>/dev/null)"
	[ "$("$BV_BIN" -n "$mh" -b "$br" -j stats dev mgmt0 | jq '.[0].tx_packets')" -gt 0 ]
	check_err $? "nothing reached mgmt0 through the bridge"
	ping_ns "$adm" 203.0.113.5
	check_err $? "the admin cannot ping the host after the move"
	[ "$(ip -n "$adm" -j neigh show 203.0.113.5 | jq -r '.[0].lladdr')" = "$mac" ]
	check_err $? "the admin's neighbour entry of the host is not $mac"
	log_test "internal: the host's address moved from eth0, TCP stream kept"
}

run_tests --veth-xdp ip jq ethtool ping iperf3 ss timeout
