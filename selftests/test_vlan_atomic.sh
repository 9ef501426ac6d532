#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# `vlan add/del dev DEV vid LIST` is all or nothing, and `vlan del` leaves
# nothing of the port in those VLANs. Checked on the wire (XDP flood path:
# every port mode xdp, peers with GRO).
#
#   add_rollback   a failure in the middle of the list (injected with
#                  build/libbvfault.so: the VLAN table update of VID 30, or
#                  the flood devmap of VID 20) leaves the trunk's VLANs as
#                  they were: no flood of VLAN 10 or 30 reaches it, its
#                  tagged VID 20 frames are dropped.
#   del_rollback   the same for vlan del: the trunk still carries VLAN 10.
#   del_flushes    vlan del removes the port's FDB entries in those VIDs:
#                  its static MAC may then send from another port of the
#                  VLAN, and after vlan add the MAC learned before is
#                  unknown (flooded), not sent to the trunk alone.
#   last_vlan      vlan del that would leave a trunk in no VLAN is refused
#                  and changes nothing.

ALL_TESTS="add_rollback del_rollback del_flushes last_vlan"
source "$(dirname "$0")/lib.sh"

BRIDGE=ctv$ID
NT=ctvt-$ID NT2=ctvu-$ID NA10=ctva-$ID NA20=ctvb-$ID NA21=ctvc-$ID NA30=ctvd-$ID
T=ctvt$ID T2=ctvu$ID A10=ctva$ID A20=ctvb$ID A21=ctvc$ID A30=ctvd$ID
FLOG=

# T: trunk 5, the one changed. T2: trunk 30 alone. A10, A30: access 10,
# 30. A20, A21: access 20.
setup()
{
	FLOG=$(mktemp) || exit 1
	defer rm -f "$FLOG"
	bridge_load || exit 1
	host_ns_add "$NT" "$T" gro && host_ns_add "$NT2" "$T2" gro &&
	host_ns_add "$NA10" "$A10" gro && host_ns_add "$NA20" "$A20" gro &&
	host_ns_add "$NA21" "$A21" gro && host_ns_add "$NA30" "$A30" gro || exit 1
	bv attach "$T" trunk 5 mode xdp && bv attach "$T2" trunk 30 mode xdp &&
	bv attach "$A10" access 10 mode xdp && bv attach "$A20" access 20 mode xdp &&
	bv attach "$A21" access 20 mode xdp && bv attach "$A30" access 30 mode xdp ||
		exit 1
	bv -j port show | jq -e 'all(.[]; .xdp and .xdp_tx)' >/dev/null || {
		echo "FAIL: not every port is on the XDP path"; exit 1; }
}

# faulty SPEC ARGS...: `bpfvlan ARGS` with the bv_* map operation SPEC
# failing (bvfault); stderr into $ERR; returns bpfvlan's status.
faulty()
{
	local spec=$1; shift

	: >"$FLOG"
	ERR=$(env LD_PRELOAD="$BVFAULT" BVFAULT_MAP="$spec" BVFAULT_LOG="$FLOG" \
		"$BV_BIN" -b "$BRIDGE" "$@" 2>&1 >/dev/null)
}

# fails_cleanly WORD: the last faulty command failed (exit 1) with one
# message naming $T and WORD, and its fault was hit.
fails_cleanly()
{
	local rc=$1 word=$2

	[ "$rc" -eq 1 ]
	check_err $? "exit $rc, not 1: $ERR"
	[ -s "$FLOG" ]
	check_err $? "the injected fault was never hit"
	[ "$(printf '%s\n' "$ERR" | grep -c .)" -eq 1 ] &&
		printf '%s' "$ERR" | grep -q "$T" &&
		printf '%s' "$ERR" | grep -q "$word"
	check_err $? "not one message naming $T and $word: $ERR"
}

# t_untouched: T is in VLAN 5 only, on the wire too.
t_untouched()
{
	local out before

	[ "$(vids_of "$T")" = "[5]" ]
	check_err $? "VLANs of $T after a failed change: $(vids_of "$T"), not [5]"
	out=$(pkt --rx "$NT/eth0" --rx "$NA20/eth0" \
		--tx "$NA10/eth0" "$(frame $BCAST 027463000010)" \
		--tx "$NA30/eth0" "$(frame $BCAST 027463000030)")
	deliver "$out" "$NT/eth0" 0
	before=$(stat_of "$T" .drops.vlan_not_allowed)
	out=$(pkt --rx "$NA20/eth0" --rx "$NA21/eth0" \
		--tx "$NT/eth0" "$(frame $BCAST 027463000001 "$(tag 8100 0 20)")")
	deliver "$out" "$NA20/eth0" 0
	[ "$(stat_of "$T" .drops.vlan_not_allowed)" -eq $((before + 1)) ]
	check_err $? "VID 20 from $T not dropped as vlan_not_allowed"
}

add_rollback()
{
	# VID 30's table update fails after 10 and 20 joined (and after 30's
	# flood devmap entry was put: it must go again).
	local rc

	faulty update:bv_vlans:30 vlan add dev "$T" vid 10,20,30,40
	rc=$?
	t_untouched
	fails_cleanly $rc "VLAN 30"
	# The flood devmap of VID 20 fails after 10 joined.
	faulty "update:bv_flood_20:*" vlan add dev "$T" vid 10,20,30,40
	rc=$?
	t_untouched
	fails_cleanly $rc "VLAN 20"
	log_test "vlan add: a failure mid-list leaves the trunk as it was"
}

del_rollback()
{
	local out rc

	bv vlan add dev "$T" vid 10,20
	check_err $? "vlan add dev $T vid 10,20 failed"
	faulty update:bv_vlans:20 vlan del dev "$T" vid 10,20
	rc=$?
	[ "$(vids_of "$T")" = "[5,10,20]" ]
	check_err $? "VLANs of $T after a failed del: $(vids_of "$T"), not [5,10,20]"
	out=$(pkt --rx "$NT/eth0" --tx "$NA10/eth0" "$(frame $BCAST 027463000011)")
	expect_at "$out" "$NT/eth0" "$(tag_into "$(frame $BCAST 027463000011)" "$(tag 8100 0 10)")"
	fails_cleanly $rc "VLAN 20"
	bv vlan del dev "$T" vid 10,20
	check_err $? "vlan del dev $T vid 10,20 failed"
	log_test "vlan del: a failure mid-list leaves the trunk as it was"
}

# entries_in DEV VID: FDB entries of DEV in VID.
entries_in()
{
	bv -j fdb show | jq --arg d "$1" --argjson v "$2" \
		'[.[] | select(.ifname == $d and .vlan == $v)] | length'
}

# has_entry DEV VID MAC
has_entry()
{
	bv -j fdb show | jq -e --arg d "$1" --argjson v "$2" --arg m "$(colon "$3")" \
		'any(.[]; .ifname == $d and .vlan == $v and .mac == $m)' >/dev/null
}

del_flushes()
{
	local learned=027463000a01 static=027463000a02 out f

	bv vlan add dev "$T" vid 20
	check_err $? "vlan add dev $T vid 20 failed"
	pkt --wait 0 --tx "$NT/eth0" "$(frame $BCAST $learned "$(tag 8100 0 20)")" >/dev/null
	bv fdb add "$(colon $static)" dev "$T" vid 20
	check_err $? "fdb add on $T failed"
	busywait 2000 has_entry "$T" 20 $learned && has_entry "$T" 20 $static
	check_err $? "want a learned and a static entry of $T in VLAN 20: $(bv -j fdb show)"

	bv vlan del dev "$T" vid 20
	check_err $? "vlan del dev $T vid 20 failed"
	[ "$(entries_in "$T" 20)" -eq 0 ]
	check_err $? "FDB entries of $T in VLAN 20 left: $(bv -j fdb show)"

	# The static MAC moves to A20: its frames are switched, not dropped.
	f=$(frame $BCAST $static)
	out=$(pkt --rx "$NA21/eth0" --tx "$NA20/eth0" "$f")
	expect_at "$out" "$NA21/eth0" "$f"

	# Back in VLAN 20, the trunk is not where $learned is known to be.
	bv vlan add dev "$T" vid 20
	check_err $? "vlan add dev $T vid 20 again failed"
	f=$(frame $learned 027463000a03)
	out=$(pkt --rx "$NT/eth0" --rx "$NA21/eth0" --tx "$NA20/eth0" "$f")
	expect_at "$out" "$NA21/eth0" "$f"
	expect_at "$out" "$NT/eth0" "$(tag_into "$f" "$(tag 8100 0 20)")"
	bv vlan del dev "$T" vid 20
	log_test "vlan del: the port's FDB entries in the VLAN go (learned and static)"
}

last_vlan()
{
	local before err out

	before=$(bv -j vlan show; bv -j port show)
	err=$(bv vlan del dev "$T2" vid 30 2>&1)
	[ $? -eq 1 ] && printf '%s' "$err" | grep -q "$T2"
	check_err $? "vlan del of the last VLAN of $T2: not refused naming it: $err"
	err=$(bv vlan del dev "$T" vid 1-4094 2>&1)
	[ $? -eq 1 ] && printf '%s' "$err" | grep -q "$T"
	check_err $? "vlan del dev $T vid 1-4094: not refused naming it: $err"
	[ "$before" = "$(bv -j vlan show; bv -j port show)" ]
	check_err $? "a refused vlan del changed the bridge"
	out=$(pkt --rx "$NT2/eth0" --tx "$NA30/eth0" "$(frame $BCAST 027463000b01)")
	deliver "$out" "$NT2/eth0" 1
	log_test "vlan del: leaving a trunk in no VLAN is refused"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool
require_built
require_tool "$BVFAULT"
setup
tests_run
