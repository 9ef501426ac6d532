#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The libvirt hook run the way libvirt runs it (HOOK DOMAIN PHASE SUBPHASE -
# with the domain XML on stdin), without libvirtd: taps made here stand
# for the VM's. Checks what test_libvirt.sh cannot see from outside
# libvirt: the rollback of a half-attached VM, phases that must touch
# nothing, the exact messages, and that the hook never writes stdout.
# Bridge A (lvh-ID): taps ta, tb, tc, td; n10 and n20 are veth hosts on
# access 10 and 20. Bridge B (lvi-ID) holds a tap that A must not take.

ALL_TESTS="start_attaches other_phases_touch_nothing reconnect
	   all_or_nothing static_mac_conflict zero_mac owner_rule mac_in_use
	   stop_race stop_detaches bad_metadata bad_names port_security"
source "$(dirname "$0")/lib.sh"

HOOK=${HOOK:-$BUILD/bpfvlan-libvirt-hook}
BRIDGE=lvh$ID
BRIDGE_B=lvi$ID
N10=lvhn10-$ID N20=lvhn20-$ID
TA=lvhta$ID TB=lvhtb$ID TC=lvhtc$ID TD=lvhtd$ID
MACA=52:54:00:88:00:0a MACB=52:54:00:88:00:0b
OUT= ERR=

# iface MAC DEV: an <interface> as libvirt passes it at "start".
iface()
{
	echo "<interface type='ethernet'><mac address='$1'/><target dev='$2' managed='no'/><model type='virtio'/></interface>"
}

# Domains: each test's VMs have UUIDs of their own (the hook records a
# domain's UUID on its ports, and a stop detaches those).
UUID_A=6b1e0c2a-0000-4000-8000-00000000000a
UUID_B=6b1e0c2a-0000-4000-8000-00000000000b
UUID_C=6b1e0c2a-0000-4000-8000-00000000000c
UUID_D=6b1e0c2a-0000-4000-8000-00000000000d
UUID_E=6b1e0c2a-0000-4000-8000-00000000000e
UUID_F=6b1e0c2a-0000-4000-8000-00000000000f

# xml IFACES PORTS [UUID]: a domain XML (UUID_C by default).
xml()
{
	cat <<-EOF
	<domain type='qemu'><name>lvhvm</name><uuid>${3:-$UUID_C}</uuid>
	<metadata><bpfvlan:ports xmlns:bpfvlan="urn:bpfvlan:libvirt:1">$2</bpfvlan:ports></metadata>
	<devices>$1</devices></domain>
	EOF
}

# hook PHASE SUBPHASE XML: run the hook; its status is returned, stdout
# and stderr are kept in OUT and ERR.
hook()
{
	local rc

	printf '%s' "$3" | "$HOOK" lvhvm "$1" "$2" - > "$TMP.out" 2> "$TMP.err"
	rc=$?
	OUT=$(cat "$TMP.out")
	ERR=$(cat "$TMP.err")
	return $rc
}

is_port()
{
	[ -n "$(port_json "$1")" ]
}

setup()
{
	TMP=$(mktemp "/tmp/lvh$ID.XXXXXX") || exit 1
	defer rm -f "$TMP" "$TMP.out" "$TMP.err"
	bridge_load || exit 1
	"$BV_BIN" -b "$BRIDGE_B" load || exit 1
	defer "$BV_BIN" -b "$BRIDGE_B" unload
	host_ns_add "$N10" "lvh10-$ID" && host_ns_add "$N20" "lvh20-$ID" || exit 1
	bv attach "lvh10-$ID" access 10 && bv attach "lvh20-$ID" access 20 || exit 1
	tap_add "$TA" && tap_add "$TB" && tap_add "$TC" && tap_add "$TD" || exit 1
}

START_XML=

start_attaches()
{
	local f out

	RET=0
	START_XML=$(xml "$(iface $MACA "$TA") $(iface $MACB "$TB")" \
		"<bpfvlan:port dev='$TA' bridge='$BRIDGE' mode='access' vlan='10'/>
		 <bpfvlan:port mac='$MACB' bridge='$BRIDGE' mode='trunk' vlans='20' native='30'/>" \
		"$UUID_A")
	hook start begin "$START_XML"
	check_err $? "hook at start failed: $ERR"
	[ -z "$OUT$ERR" ]
	check_err $? "hook wrote something: [$OUT] [$ERR]"
	port_json "$TA" | jq -e '.mode == "access" and .pvid == 10 and .vlans == [10]' >/dev/null
	check_err $? "$TA: $(port_json "$TA")"
	port_json "$TB" | jq -e '.mode == "trunk" and .pvid == 30 and .vlans == [20,30]' >/dev/null
	check_err $? "$TB: $(port_json "$TB")"
	# Attached as the hook's: apply -f of the bridge's file leaves them.
	port_json "$TA" | jq -e --arg u "$UUID_A" '.owner == "hook" and .owner_uuid == $u' >/dev/null &&
		port_json "$TB" | jq -e --arg u "$UUID_A" '.owner == "hook" and .owner_uuid == $u' >/dev/null
	check_err $? "the hook's ports are not owner hook of domain A: $(port_json "$TA")"
	bv -j fdb show | jq -e --arg t "$TA" 'any(.[]; .mac == "52:54:00:88:00:0a" and .vlan == 10 and .ifname == $t and .flags == ["static"])' >/dev/null
	check_err $? "no static entry for the VM's MAC on $TA: $(bv -j fdb show)"
	# What the VM sends on ta lands in VLAN 10 only.
	f=$(frame $BCAST 52540088000a)
	out=$(pkt --wait 300 --rx "$N10/eth0" --rx "$N20/eth0" --rx "tap:$TB" --tx "tap:$TA" "$f")
	expect_at "$out" "$N10/eth0" "$f"
	expect_at "$out" "$N20/eth0"
	expect_at "$out" "tap:$TB"
	log_test "start begin: taps attached from metadata, frames in their VLAN"
}

other_phases_touch_nothing()
{
	local before ph x

	RET=0
	before=$(bv -j port show)
	x=$(xml "$(iface 52:54:00:88:00:0c "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>")
	for ph in "prepare begin" "started begin" "start end" "stopped begin" \
		  "release begin" "migrate begin" "restore begin" "attach begin" \
		  "reconnect end"; do
		hook $ph "$x"
		check_err $? "$ph: exit status not 0"
		hook $ph "not xml at all <"
		check_err $? "$ph with garbage on stdin: exit status not 0"
		[ -z "$OUT$ERR" ]
		check_err $? "$ph: wrote [$OUT] [$ERR]"
	done
	[ "$(bv -j port show)" = "$before" ]
	check_err $? "a phase other than start/reconnect/stopped/release changed the ports"
	# Interfaces without bpfvlan metadata: nothing to do.
	hook start begin "$(xml "$(iface 52:54:00:88:00:0c "$TC")" "")"
	check_err $? "domain without bpfvlan ports: $ERR"
	! is_port "$TC"
	check_err $? "$TC attached without metadata"
	log_test "other phases, and domains without metadata: exit 0, no change"
}

reconnect()
{
	local before after

	RET=0
	# Traffic from ta so that its counters are not zero (attach resets them).
	pkt --tx "tap:$TA" "$(frame $BCAST 52540088000a)" >/dev/null
	before=$(bv -j stats dev "$TA" | jq '.[0].rx_packets')
	hook reconnect begin "$START_XML"
	check_err $? "reconnect failed: $ERR"
	after=$(bv -j stats dev "$TA" | jq '.[0].rx_packets')
	[ "$before" -gt 0 ] && [ "$after" -eq "$before" ]
	check_err $? "$TA attached again though it was as asked (rx_packets $before -> $after)"
	# Changed behind the hook's back, still the hook's: put right.
	bv vlan add dev "$TB" vid 40
	hook reconnect begin "$START_XML"
	check_err $? "reconnect failed: $ERR"
	port_json "$TB" | jq -e '.pvid == 30 and .vlans == [20,30]' >/dev/null
	check_err $? "reconnect left $TB as $(port_json "$TB")"
	# Taken by the admin: the admin's now. Left as it is, with a message,
	# and the VM keeps running (a failed reconnect would kill it).
	bv detach "$TB" && bv attach "$TB" trunk 20,40
	hook reconnect begin "$START_XML"
	check_err $? "reconnect with $TB the admin's failed: $ERR"
	[ "$ERR" = "bpfvlan: $TB is a port of bridge $BRIDGE owned by manual: a hook does not change it" ] &&
		port_json "$TB" | jq -e '.owner == "manual" and .vlans == [20,40]' >/dev/null &&
		port_json "$TA" | jq -e '.owner == "hook"' >/dev/null
	check_err $? "reconnect with $TB the admin's: [$ERR] $(port_json "$TB")"
	bv detach "$TB" && hook reconnect begin "$START_XML"
	check_err $? "reconnect after the admin let $TB go: $ERR"
	log_test "reconnect begin: ports as asked kept, changed ports fixed, the admin's kept"
}

all_or_nothing()
{
	local x

	RET=0
	"$BV_BIN" -b "$BRIDGE_B" attach "$TD" access 10 || check_err 1 "setup"
	x=$(xml "$(iface 52:54:00:88:00:0c "$TC") $(iface 52:54:00:88:00:0d "$TD")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>
		 <bpfvlan:port dev='$TD' bridge='$BRIDGE' mode='access' vlan='20'/>")
	hook start begin "$x"
	check_fail $? "start succeeded though $TD is a port of $BRIDGE_B"
	[ "$ERR" = "bpfvlan: $TD is already a port of bridge $BRIDGE_B" ]
	check_err $? "want one line naming $TD and $BRIDGE_B, got [$ERR]"
	[ -z "$OUT" ]
	check_err $? "wrote stdout: $OUT"
	! is_port "$TC"
	check_err $? "$TC stayed attached after the VM's second port failed"
	"$BV_BIN" -b "$BRIDGE_B" -j port show | jq -e --arg t "$TD" 'any(.[]; .ifname == $t)' >/dev/null
	check_err $? "$TD was taken from bridge $BRIDGE_B"
	# A tap that does not exist (yet) is an error too.
	x=$(xml "$(iface 52:54:00:88:00:0c "$TC") $(iface 52:54:00:88:00:0e "lvhnone$ID")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>
		 <bpfvlan:port dev='lvhnone$ID' bridge='$BRIDGE' mode='access' vlan='10'/>")
	hook start begin "$x"
	check_fail $? "start succeeded with a missing tap"
	[ "$ERR" = "bpfvlan: tap lvhnone$ID not found" ] && ! is_port "$TC"
	check_err $? "missing tap: [$ERR], or $TC stayed attached"
	log_test "start begin: all or nothing, one message naming the fault"
}

static_mac_conflict()
{
	local x

	RET=0
	x=$(xml "$(iface $MACA "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>")
	hook start begin "$x"
	check_fail $? "a second VM with ta's MAC started in VLAN 10"
	[ "$ERR" = "bpfvlan: $TC: MAC $MACA is already static on another port in VLAN 10" ] &&
		! is_port "$TC"
	check_err $? "want the MAC conflict named and $TC detached: [$ERR]"
	# Learning instead of a static entry: no conflict to find.
	x=$(xml "$(iface $MACA "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10' fdb='learn'/>")
	hook start begin "$x" && is_port "$TC"
	check_err $? "fdb='learn': $ERR"
	hook stopped end "$x"
	log_test "static MAC: a second VM with the same MAC is refused"
}

# A VM whose interface has the all-zero MAC gets no static entry for it
# (nor its access port): the one unicast-MAC rule, as everywhere else.
zero_mac()
{
	local x

	RET=0
	x=$(xml "$(iface 00:00:00:00:00:00 "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>")
	hook start begin "$x"
	check_fail $? "a VM with MAC 00:00:00:00:00:00 started with a static entry"
	[ "$ERR" = "bpfvlan: $TC: no unicast MAC in the domain XML for a static FDB entry (fdb=\"learn\" turns it off)" ] &&
		! is_port "$TC"
	check_err $? "want the MAC refused and $TC detached: [$ERR]"
	bv -j fdb show | jq -e 'all(.[]; .mac != "00:00:00:00:00:00")' >/dev/null
	check_err $? "a static entry for 00:00:00:00:00:00: $(bv -j fdb show)"
	hook stopped end "$x"
	log_test "static MAC: the all-zero MAC is refused like a multicast one"
}

# What a start and a stop may not change, as text: ports, static
# entries, and the rx count of the admin's port (attach zeroes it).
untouched()
{
	bv -j port show
	bv -j fdb show | jq -c 'map(select(.flags == ["static"]) | del(.age))'
	rx_of "lvh10-$ID"
}

# A domain naming a port it did not attach (the admin's, the file's, an
# internal port's either end) or a device that is no tap does not start,
# with one message; neither its start nor its stop changes that port.
owner_rule()
{
	local te=lvhte$ID host=lvhi$ID fv=lvhv$ID bvi before x n=0 dev msg

	RET=0
	tap_add "$te" && bv attach "$te" access 10 owner config &&
		ip link add "$fv" type veth peer name "lvhw$ID" &&
		defer ip link del "$fv" && bv port add "$host" internal 20
	check_err $? "setup: $te (owner config), $fv or internal port $host"
	bvi=$(bv -j port show | jq -r --arg h "$host" '.[] | select(.host_ifname == $h) | .ifname')
	pkt --wait 0 --tx "$N10/eth0" "$(frame $BCAST 020000001001)" >/dev/null
	before=$(untouched)
	while IFS='|' read -r dev msg; do
		n=$((n + 1))
		x=$(xml "$(iface "52:54:00:88:01:0$n" "$dev")" \
			"<bpfvlan:port dev='$dev' bridge='$BRIDGE' mode='access' vlan='30'/>")
		hook start begin "$x"
		check_fail $? "a domain naming $dev started"
		[ "$ERR" = "bpfvlan: $dev $msg" ] && [ -z "$OUT" ]
		check_err $? "$dev: want one line [$dev $msg], got [$ERR] [$OUT]"
		hook stopped end "$x" && hook release end "$x"
		check_err $? "stop of the domain naming $dev: [$ERR]"
	done <<-EOF
	lvh10-$ID|is a port of bridge $BRIDGE owned by manual: a hook does not change it
	$te|is a port of bridge $BRIDGE owned by config: a hook does not change it
	$bvi|is an internal port of bridge $BRIDGE: a hook does not change it
	$host|is not a tap (kind "veth"): the hook attaches VM taps only
	$fv|is not a tap (kind "veth"): the hook attaches VM taps only
	EOF
	[ "$(untouched)" = "$before" ]
	check_err $? "the domains' starts and stops changed the ports: $(untouched)"
	! is_port "$fv"
	check_err $? "the free veth $fv was attached"
	bv port del "$host" && bv detach "$te"
	log_test "owner rule: a domain cannot take or detach a port it did not attach"
}

# A VM whose MAC is live on another port of its VLAN (learned, not aged:
# the gateway behind the trunk) does not start; it would cut that host off.
mac_in_use()
{
	local m x

	RET=0
	m=$(colon "$(mac_of "$N20")")
	pkt --wait 0 --tx "$N20/eth0" "$(frame $BCAST "$(mac_of "$N20")")" >/dev/null
	x=$(xml "$(iface "$m" "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='20'/>")
	hook start begin "$x"
	check_fail $? "a VM with the MAC live on lvh20-$ID started"
	[[ $ERR =~ ^"bpfvlan: $TC: MAC $m is in use on port lvh20-$ID in VLAN 20 (seen "[0-9]+" s ago): not made static here"$ ]]
	check_err $? "want the MAC and its port named in one line: [$ERR]"
	! is_port "$TC" && [ "$(fdb_entry "$(mac_of "$N20")" 20)" = "lvh20-$ID " ]
	check_err $? "$TC attached, or the MAC moved: $(fdb_entry "$(mac_of "$N20")" 20)"
	hook stopped end "$x"
	# In another VLAN the MAC is nobody's: the VM starts.
	x=$(xml "$(iface "$m" "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>")
	hook start begin "$x" && [ "$(fdb_entry "$(mac_of "$N20")" 10)" = "$TC static" ]
	check_err $? "the MAC in VLAN 10: [$ERR] $(fdb_entry "$(mac_of "$N20")" 10)"
	hook stopped end "$x"
	log_test "static MAC: refused while it is live on another port of its VLAN"
}

# retap DEV: the tap DEV deleted and made again (a new device, as when a
# VM's QEMU exits and another VM's starts with the same <target dev>).
retap()
{
	ip link del "$1" && ip tuntap add dev "$1" mode tap &&
		sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1" && ip link set "$1" up
}

# Two domains with one <target dev>: D stops (its tap goes with its QEMU),
# E starts on a new tap of that name, and D's stop hooks run only then
# ("release end" always runs after the tap is gone). E's port stays.
stop_race()
{
	local tr=lvhtr$ID xd xe

	RET=0
	tap_add "$tr" || check_err 1 "setup: $tr"
	xd=$(xml "$(iface 52:54:00:88:02:0d "$tr")" \
		"<bpfvlan:port dev='$tr' bridge='$BRIDGE' mode='access' vlan='10'/>" "$UUID_D")
	xe=$(xml "$(iface 52:54:00:88:02:0e "$tr")" \
		"<bpfvlan:port dev='$tr' bridge='$BRIDGE' mode='access' vlan='20'/>" "$UUID_E")
	hook start begin "$xd" && retap "$tr" && hook start begin "$xe"
	check_err $? "domains D then E on $tr: [$ERR]"
	hook release end "$xd" && hook stopped end "$xd"
	check_err $? "D's stop: [$ERR]"
	port_json "$tr" | jq -e --arg u "$UUID_E" '.pvid == 20 and .owner_uuid == $u' >/dev/null &&
		[ "$(fdb_entry 52540088020e 20)" = "$tr static" ]
	check_err $? "D's stop detached E's port: $(port_json "$tr") [$(fdb_entry 52540088020e 20)]"
	# D again while E runs on the tap: refused, E's port kept.
	hook start begin "$xd"
	check_fail $? "D started on E's port"
	[ "$ERR" = "bpfvlan: $tr is the port of domain $UUID_E on bridge $BRIDGE: a hook does not change it" ]
	check_err $? "want one line naming E: [$ERR]"
	hook stopped end "$xd"
	port_json "$tr" | jq -e '.pvid == 20' >/dev/null
	check_err $? "D's refused start or its stop changed E's port: $(port_json "$tr")"
	hook stopped end "$xe"
	! is_port "$tr" && [ -z "$(fdb_entry 52540088020e 20)" ]
	check_err $? "E's stop left its port or its static entry"
	log_test "stop: only the domain's own ports go, not a tap name's next VM"
}

stop_detaches()
{
	local x

	RET=0
	hook stopped end "$START_XML"
	check_err $? "stopped end failed: $ERR"
	[ -z "$OUT$ERR" ]
	check_err $? "wrote [$OUT] [$ERR]"
	! is_port "$TA" && ! is_port "$TB" && ip link show "$TA" >/dev/null
	check_err $? "the taps are still ports, or were deleted"
	bv -j fdb show | jq -e 'all(.[]; .mac != "52:54:00:88:00:0a")' >/dev/null
	check_err $? "the static entry of the VM's MAC stayed"
	hook release end "$START_XML"
	check_err $? "release end after stopped end: $ERR"
	# At stop a missing tap, or a missing bridge, is not an error.
	x=$(xml "$(iface 52:54:00:88:00:0e "lvhnone$ID") $(iface 52:54:00:88:00:0c "$TC")" \
		"<bpfvlan:port dev='lvhnone$ID' bridge='$BRIDGE' mode='access' vlan='10'/>
		 <bpfvlan:port dev='$TC' bridge='lvnone$ID' mode='access' vlan='10'/>")
	hook stopped end "$x"
	check_err $? "stop with a gone tap and a missing bridge: [$ERR]"
	[ -z "$ERR" ]
	check_err $? "stop with a gone tap and a missing bridge wrote [$ERR]"
	log_test "stopped/release end: detach, gone taps and bridges are fine"
}

bad_metadata()
{
	local x

	RET=0
	x=$(xml "$(iface 52:54:00:88:00:0c "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10' mtu='9000'/>")
	hook start begin "$x"
	check_fail $? "unknown attribute accepted"
	[ "$ERR" = "bpfvlan: domain lvhvm: bpfvlan port dev=\"$TC\": unknown attribute \"mtu\"" ]
	check_err $? "message: [$ERR]"
	hook start begin "<domain><metadata>"
	check_fail $? "truncated XML accepted"
	[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] && [[ $ERR == *"cannot parse the domain XML"* ]]
	check_err $? "message: [$ERR]"
	! is_port "$TC"
	check_err $? "$TC attached from bad metadata"
	log_test "bad metadata: refused with one line, nothing attached"
}

# Names from the XML follow the name rules everywhere: an XML error, at
# start and at stop, before any device or path is looked at.
bad_names()
{
	local x ph

	RET=0
	for ph in "start begin" "stopped end"; do
		x=$(xml "$(iface 52:54:00:88:00:0c "$TC")" \
			"<bpfvlan:port dev='$TC' bridge='../../x' mode='access' vlan='10'/>")
		hook $ph "$x"
		check_fail $? "$ph: bridge='../../x' accepted"
		[ "$ERR" = "bpfvlan: domain lvhvm: bpfvlan port dev=\"$TC\": invalid bridge \"../../x\" (1-15 characters: letters, digits, _ -)" ]
		check_err $? "$ph: message [$ERR]"
		x=$(xml "$(iface 52:54:00:88:00:0c "a/b")" \
			"<bpfvlan:port dev='a/b' bridge='$BRIDGE' mode='access' vlan='10'/>")
		hook $ph "$x"
		check_fail $? "$ph: dev='a/b' accepted"
		[ "$ERR" = "bpfvlan: domain lvhvm: bpfvlan port dev=\"a/b\": invalid dev \"a/b\" (1-15 characters, no / : % or spaces)" ]
		check_err $? "$ph: message [$ERR]"
	done
	x=$(xml "$(iface 52:54:00:88:00:0c "$TC")" \
		"<bpfvlan:port dev='$TC' bridge='$BRIDGE' mode='access' vlan='10'/>" "not-a-uuid")
	hook start begin "$x"
	check_fail $? "an invalid <uuid> accepted"
	[ "$ERR" = "bpfvlan: domain lvhvm: invalid <uuid> \"not-a-uuid\"" ] && ! is_port "$TC"
	check_err $? "invalid <uuid>: [$ERR]"
	log_test "names and UUID from the XML: checked by the rules, an XML error"
}

# Port security from the domain XML: tap e with the metadata's words
# (isolated="yes", ips= with IPv6: its link-local address comes along),
# tap f with libvirt's (<port isolated='yes'/>, a clean-traffic filterref
# with an IP). Both locked to their MAC by default. Isolated from each
# other, they reach n10; a forged ARP from e goes nowhere; a lock="no" at
# reconnect re-attaches e unlocked; the stop detaches both.
port_security()
{
	local te=pse$ID tf=psf$ID x ma=52540088030e mf=52540088030f out f pat rep

	RET=0
	tap_add "$te" && tap_add "$tf" || { check_err 1 "taps"; log_test "port security"; return; }
	x=$(xml "$(iface 52:54:00:88:03:0e "$te")
		 <interface type='ethernet'><mac address='52:54:00:88:03:0f'/><target dev='$tf' managed='no'/>
		 <port isolated='yes'/><filterref filter='clean-traffic'><parameter name='IP' value='192.0.2.15'/></filterref>
		 </interface>" \
		"<bpfvlan:port dev='$te' bridge='$BRIDGE' mode='access' vlan='10' isolated='yes' ips='192.0.2.14,2001:db8::14'/>
		 <bpfvlan:port dev='$tf' bridge='$BRIDGE' mode='access' vlan='10'/>" "$UUID_F")
	hook start begin "$x"
	check_err $? "start: $ERR"
	port_json "$te" | jq -e '.isolated and .locked and .allow_ip == ["192.0.2.14","2001:db8::14","fe80::5054:ff:fe88:30e"]' >/dev/null
	check_err $? "$te: $(port_json "$te")"
	port_json "$tf" | jq -e '.isolated and .locked and .allow_ip == ["192.0.2.15"]' >/dev/null
	check_err $? "$tf: $(port_json "$tf")"
	# e -> f (isolated), e -> n10, and e's ARP for f's IP (forged).
	f=$(printf '%s%s0806000108000604000152540088030ec000020e000000000000c000020f%s' \
		$BCAST $ma "$(payload 0000 | cut -c5-)")
	out=$(pkt --wait 300 --rx "$N10/eth0" --rx "tap:$tf" --tx "tap:$te" "$f")
	expect_at "$out" "$N10/eth0" "$f"
	expect_at "$out" "tap:$tf"
	f=$(printf '%s%s0806000108000604000152540088030ec000020f000000000000c000020e%s' \
		$BCAST $ma "$(payload 0000 | cut -c5-)")
	out=$(pkt --wait 300 --rx "$N10/eth0" --rx "tap:$tf" --tx "tap:$te" "$f" \
		--tx "tap:$tf" "$(frame $BCAST 02000000aaaa)")
	expect_at "$out" "$N10/eth0"
	expect_at "$out" "tap:$tf"
	[ "$(stat_of "$te" .drops.arp_spoof)" -eq 1 ] && [ "$(stat_of "$tf" .drops.locked_src)" -eq 1 ]
	check_err $? "arp_spoof on $te, locked_src on $tf: $(bv -j stats dev "$te" | jq -c '.[0].drops') $(bv -j stats dev "$tf" | jq -c '.[0].drops')"
	# lock="no": attached again, unlocked.
	pat="isolated='yes' ips=" rep="isolated='yes' lock='no' ips="
	hook reconnect begin "${x/"$pat"/"$rep"}"
	check_err $? "reconnect: $ERR"
	port_json "$te" | jq -e '.isolated and (.locked | not)' >/dev/null
	check_err $? "lock=no at reconnect: $(port_json "$te")"
	hook stopped end "$x"
	! is_port "$te" && ! is_port "$tf"
	check_err $? "stop left a port"
	[ -z "$(fdb_entry "$mf" 10)" ]
	check_err $? "stop left f's static MAC"
	log_test "port security from metadata and libvirt's port/filterref"
}

require_root
require_cmd jq
require_built
[ -x "$HOOK" ] || { echo "FAIL: $HOOK missing (make)"; exit 1; }
setup
tests_run
