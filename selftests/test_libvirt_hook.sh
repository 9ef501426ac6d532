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
	   all_or_nothing static_mac_conflict zero_mac stop_detaches
	   bad_metadata"
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

# xml IFACES PORTS: a domain XML.
xml()
{
	cat <<-EOF
	<domain type='qemu'><name>lvhvm</name>
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
		 <bpfvlan:port mac='$MACB' bridge='$BRIDGE' mode='trunk' vlans='20' native='30'/>")
	hook start begin "$START_XML"
	check_err $? "hook at start failed: $ERR"
	[ -z "$OUT$ERR" ]
	check_err $? "hook wrote something: [$OUT] [$ERR]"
	port_json "$TA" | jq -e '.mode == "access" and .pvid == 10 and .vlans == [10]' >/dev/null
	check_err $? "$TA: $(port_json "$TA")"
	port_json "$TB" | jq -e '.mode == "trunk" and .pvid == 30 and .vlans == [20,30]' >/dev/null
	check_err $? "$TB: $(port_json "$TB")"
	# Attached as the hook's: apply -f of the bridge's file leaves them.
	port_json "$TA" | jq -e '.owner == "hook"' >/dev/null &&
		port_json "$TB" | jq -e '.owner == "hook"' >/dev/null
	check_err $? "the hook's ports are not owner hook: $(port_json "$TA")"
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
	# Changed behind the hook's back: put right.
	bv detach "$TB" && bv attach "$TB" trunk 20,40
	hook reconnect begin "$START_XML"
	check_err $? "reconnect failed: $ERR"
	port_json "$TB" | jq -e '.pvid == 30 and .vlans == [20,30]' >/dev/null
	check_err $? "reconnect left $TB as $(port_json "$TB")"
	log_test "reconnect begin: ports as asked kept, changed ports fixed"
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

require_root
require_cmd jq
require_built
[ -x "$HOOK" ] || { echo "FAIL: $HOOK missing (make)"; exit 1; }
setup
tests_run
