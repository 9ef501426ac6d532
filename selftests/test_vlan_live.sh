#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# VLANs of a live trunk: `vlan add` / `vlan del` take effect at once,
# without re-attaching (same XDP program and tc filter), checked on the
# wire; `vlan show` (text and -j, in the JSON shape of `bridge -j vlan
# show`) follows; vlan add on an access port and vlan del of the native VID
# are refused and change nothing; a trunk carrying all of 1-4094 works,
# and gets there (attach, apply, vlan add) under a file limit of 256 (a
# flood devmap per VID is made in bounded batches, never all held open).

ALL_TESTS="vlan_show_json vlan_add_live vlan_del_live refused_changes
	   trunk_all_vids trunk_all_vids_few_fds"
source "$(dirname "$0")/lib.sh"

BRIDGE=yvl$ID
NT1=yvt1-$ID NT2=yvt2-$ID NT3=yvt3-$ID
NA10=yva10-$ID NA20=yva20-$ID NA30=yva30-$ID NA94=yva94-$ID
T1=yvt1$ID T2=yvt2$ID T3=yvt3$ID T4=yvt4$ID
BRIDGE_FD=yvf$ID		# trunk_all_vids_few_fds: a new bridge each time
A10=yva10$ID A20=yva20$ID A30=yva30$ID A94=yva94$ID

# T1: trunk 10, the one changed live. T2: trunk 20,30 native 10.
# A10, A20, A30, A94: access 10, 20, 30, 4094. T3 (trunk 1-4094) is
# attached by trunk_all_vids.
setup()
{
	bridge_load || exit 1
	host_ns_add "$NT1" "$T1" gro && host_ns_add "$NT2" "$T2" &&
	host_ns_add "$NT3" "$T3" gro && host_ns_add "$NA10" "$A10" gro &&
	host_ns_add "$NA20" "$A20" && host_ns_add "$NA30" "$A30" gro &&
	host_ns_add "$NA94" "$A94" || exit 1
	bv attach "$T1" trunk 10 mode xdp && bv attach "$T2" trunk 20,30 native 10 mode xdp &&
	bv attach "$A10" access 10 mode xdp && bv attach "$A20" access 20 mode xdp &&
	bv attach "$A30" access 30 mode xdp && bv attach "$A94" access 4094 mode xdp || exit 1
}

# vlans_of DEV: the "vlans" array of DEV in -j vlan show, compact.
vlans_of()
{
	bv -j vlan show | jq -c --arg d "$1" '.[] | select(.ifname == $d) | .vlans'
}

ALL_RX=
rx_all()
{
	local ns

	ALL_RX=()
	for ns in $NT1 $NT2 $NA10 $NA20 $NA30; do
		ALL_RX+=(--rx "$ns/eth0")
	done
}

vlan_show_json()
{
	local j

	j=$(bv -j vlan show)
	printf '%s' "$j" | jq -e 'all(.[]; keys == ["ifname", "vlans"]) and
		all(.[].vlans[]; keys == ["flags", "vlan"] and
		    (.vlan | type) == "number" and (.flags | type) == "array")' \
		>/dev/null
	check_err $? "-j vlan show is not [{ifname, vlans: [{vlan, flags}]}]: $j"
	[ "$(vlans_of "$A10")" = '[{"vlan":10,"flags":["PVID","Egress Untagged"]}]' ]
	check_err $? "access port $A10: $(vlans_of "$A10")"
	[ "$(vlans_of "$T1")" = '[{"vlan":10,"flags":[]}]' ]
	check_err $? "trunk $T1: $(vlans_of "$T1")"
	[ "$(vlans_of "$T2")" = '[{"vlan":10,"flags":["PVID","Egress Untagged"]},{"vlan":20,"flags":[]},{"vlan":30,"flags":[]}]' ]
	check_err $? "trunk $T2 native 10: $(vlans_of "$T2")"
	bv vlan show dev "$T2" | grep -Eq "^$T2 +10 PVID Egress Untagged$"
	check_err $? "text vlan show lacks '$T2 10 PVID Egress Untagged': $(bv vlan show dev "$T2")"
	[ "$(bv vlan show dev "$T2" | grep -Ec '^ +(20|30)$')" -eq 2 ]
	check_err $? "text vlan show lacks the tagged VIDs 20 and 30 of $T2"
	log_test "vlan: show and -j show (bridge -j vlan show shape)"
}

vlan_add_live()
{
	local xdp tcid before out

	xdp=$(xdp_id "$T1")
	tcid=$(tc_ids "$T1")
	[ "$xdp" != 0 ] && [ "$tcid" != "[]" ]
	check_err $? "$T1 has no XDP program or tc filter to begin with"
	rx_all
	before=$(stat_of "$T1" .drops.vlan_not_allowed)
	out=$(pkt "${ALL_RX[@]}" \
		--tx "$NT1/eth0" "$(frame $BCAST 027976000001 "$(tag 8100 0 20)")")
	[ -z "$out" ]
	check_err $? "VID 20 from $T1 (trunk 10) was forwarded: $out"
	[ "$(stat_of "$T1" .drops.vlan_not_allowed)" -eq $((before + 1)) ]
	check_err $? "VID 20 from $T1 not counted as vlan_not_allowed"

	bv vlan add dev "$T1" vid 20,30
	check_err $? "vlan add dev $T1 vid 20,30 failed"
	[ "$(vids_of "$T1")" = "[10,20,30]" ]
	check_err $? "vlan show dev $T1 after vlan add: $(vids_of "$T1")"
	out=$(pkt "${ALL_RX[@]}" \
		--tx "$NT1/eth0" "$(frame $BCAST 027976000001 "$(tag 8100 0 20)")" \
		--tx "$NT1/eth0" "$(frame $BCAST 027976000001 "$(tag 8100 0 30)")")
	deliver "$out" "$NA20/eth0" 1
	deliver "$out" "$NA30/eth0" 1
	deliver "$out" "$NT2/eth0" 2
	deliver "$out" "$NA10/eth0" 0
	frames_at "$out" "$NA20/eth0" | grep -q "^${BCAST}02797600000188b5"
	check_err $? "VID 20 frame did not reach $A20 untagged"
	# And back: from VLAN 20 to the trunk, tagged 20.
	out=$(pkt --rx "$NT1/eth0" --tx "$NA20/eth0" "$(frame $BCAST 027976000002)")
	deliver "$out" "$NT1/eth0" 1
	frames_at "$out" "$NT1/eth0" | grep -q "^${BCAST}027976000002$(tag 8100 0 20)88b5"
	check_err $? "VLAN 20 frame did not leave $T1 tagged 20: $out"

	[ "$(xdp_id "$T1")" = "$xdp" ] && [ "$(tc_ids "$T1")" = "$tcid" ]
	check_err $? "vlan add re-attached $T1 (XDP $xdp -> $(xdp_id "$T1"), tc $tcid -> $(tc_ids "$T1"))"
	log_test "vlan: add VIDs to a live trunk (no re-attach, checked on the wire)"
}

vlan_del_live()
{
	local xdp tcid before out m=027976000003

	xdp=$(xdp_id "$T1")
	tcid=$(tc_ids "$T1")
	# A MAC learned on T1 in VLAN 20, about to lose its port.
	pkt --wait 0 --tx "$NT1/eth0" "$(frame $BCAST $m "$(tag 8100 0 20)")" >/dev/null

	bv vlan del dev "$T1" vid 20
	check_err $? "vlan del dev $T1 vid 20 failed"
	[ "$(vids_of "$T1")" = "[10,30]" ]
	check_err $? "vlan show dev $T1 after vlan del: $(vids_of "$T1")"
	[ "$(vlans_of "$T1")" = '[{"vlan":10,"flags":[]},{"vlan":30,"flags":[]}]' ]
	check_err $? "-j vlan show of $T1: $(vlans_of "$T1")"

	rx_all
	before=$(stat_of "$T1" .drops.vlan_not_allowed)
	out=$(pkt "${ALL_RX[@]}" \
		--tx "$NT1/eth0" "$(frame $BCAST 027976000001 "$(tag 8100 0 20)")" \
		--tx "$NT1/eth0" "$(frame $BCAST 027976000001 "$(tag 8100 0 30)")")
	deliver "$out" "$NA20/eth0" 0
	deliver "$out" "$NA30/eth0" 1
	deliver "$out" "$NT2/eth0" 1
	[ "$(stat_of "$T1" .drops.vlan_not_allowed)" -eq $((before + 1)) ]
	check_err $? "VID 20 from $T1 after vlan del not counted as vlan_not_allowed"

	# VLAN 20 frames no longer leave on T1, not even to a MAC learned there.
	out=$(pkt --rx "$NT1/eth0" --rx "$NT2/eth0" \
		--tx "$NA20/eth0" "$(frame $BCAST 027976000002)" \
		--tx "$NA20/eth0" "$(frame $m 027976000002)")
	deliver "$out" "$NT1/eth0" 0
	deliver "$out" "$NT2/eth0" 2
	[ "$(xdp_id "$T1")" = "$xdp" ] && [ "$(tc_ids "$T1")" = "$tcid" ]
	check_err $? "vlan del re-attached $T1"
	log_test "vlan: del a VID from a live trunk (dropped both ways on the wire)"
}

snapshot()
{
	bv -j vlan show && bv -j port show
}

# refused WORD CMD...: CMD fails, names WORD on stderr, changes nothing.
refused()
{
	local word=$1 before after err; shift

	before=$(snapshot)
	err=$(bv "$@" 2>&1 >/dev/null)
	[ $? -ne 0 ]
	check_err $? "'bpfvlan $*' succeeded"
	printf '%s' "$err" | grep -q -- "$word"
	check_err $? "'bpfvlan $*': message does not name $word: $err"
	after=$(snapshot)
	[ "$before" = "$after" ]
	check_err $? "'bpfvlan $*' changed the bridge"
}

refused_changes()
{
	local out

	refused "$A10" vlan add dev "$A10" vid 20
	refused "$A10" vlan del dev "$A10" vid 10
	refused 10 vlan del dev "$T2" vid 10
	refused 10 vlan del dev "$T2" vid 10,20
	refused 10 vlan del dev "$T2" vid 5-25
	# Still: VLAN 20 on the access port is not there, T2 is untouched.
	rx_all
	out=$(pkt "${ALL_RX[@]}" \
		--tx "$NT2/eth0" "$(frame $BCAST 027976000004)" \
		--tx "$NT2/eth0" "$(frame $BCAST 027976000004 "$(tag 8100 0 20)")")
	deliver "$out" "$NA10/eth0" 1
	deliver "$out" "$NA20/eth0" 1
	log_test "vlan: add on an access port and del of the native VID refused"
}

trunk_all_vids()
{
	local out

	bv attach "$T3" trunk 1-4094 mode xdp
	check_err $? "attach $T3 trunk 1-4094 mode xdp failed"
	[ "$(bv -j vlan show dev "$T3" | jq '.[0].vlans | length')" -eq 4094 ]
	check_err $? "vlan show dev $T3 does not list 4094 VLANs"
	out=$(pkt --rx "$NA94/eth0" --rx "$NA10/eth0" --rx "$NT3/eth0" \
		--tx "$NT3/eth0" "$(frame $BCAST 027976000005 "$(tag 8100 0 4094)")" \
		--tx "$NA94/eth0" "$(frame $BCAST 027976000006)")
	deliver "$out" "$NA94/eth0" 1
	deliver "$out" "$NT3/eth0" 1
	deliver "$out" "$NA10/eth0" 0
	frames_at "$out" "$NA94/eth0" | grep -q "^${BCAST}02797600000588b5"
	check_err $? "VID 4094 from the full trunk did not reach $A94 untagged: $out"
	frames_at "$out" "$NT3/eth0" | grep -q "^${BCAST}027976000006$(tag 8100 0 4094)88b5"
	check_err $? "VLAN 4094 did not leave the full trunk tagged 4094: $out"
	bv detach "$T3"
	check_err $? "detach of the full trunk failed"
	log_test "vlan: trunk 1-4094 attaches, carries VID 4094 both ways, detaches"
}

# few_fds CMD...: CMD under a file limit of 256.
few_fds()
{
	(ulimit -n 256 && exec "$@")
}

# all_vids WHAT: $T4 is in all 4094 VLANs of $BRIDGE_FD, which is then
# unloaded; WHAT, the way it got there, for the messages.
all_vids()
{
	local n

	n=$("$BV_BIN" -b "$BRIDGE_FD" -j vlan show dev "$T4" | jq '.[0].vlans | length')
	[ "${n:-0}" -eq 4094 ]
	check_err $? "$1 under ulimit -n 256: $T4 is in ${n:-no} VLANs, not 4094"
	"$BV_BIN" -b "$BRIDGE_FD" unload
	check_err $? "unload $BRIDGE_FD after $1"
}

# systemd's soft file limit is 1024: a 1-4094 trunk must not hold an fd
# per VID at once. Three ways in, each on a new bridge (every VID's flood
# devmap still to make).
trunk_all_vids_few_fds()
{
	local bvf=("$BV_BIN" -b "$BRIDGE_FD") conf

	conf=$(mktemp) && defer rm -f "$conf"
	ip link add "$T4" type veth peer name "${T4}p" && defer ip link del "$T4"
	printf 'port %s trunk 1-4094\n' "$T4" >"$conf"
	defer "$BV_BIN" -b "$BRIDGE_FD" unload

	"${bvf[@]}" load && few_fds "${bvf[@]}" attach "$T4" trunk 1-4094
	check_err $? "attach $T4 trunk 1-4094 under ulimit -n 256 failed"
	all_vids attach
	"${bvf[@]}" load && few_fds "${bvf[@]}" apply -f "$conf"
	check_err $? "apply of port $T4 trunk 1-4094 under ulimit -n 256 failed"
	all_vids apply
	"${bvf[@]}" load && "${bvf[@]}" attach "$T4" trunk 1 &&
		few_fds "${bvf[@]}" vlan add dev "$T4" vid 2-4094
	check_err $? "vlan add dev $T4 vid 2-4094 under ulimit -n 256 failed"
	all_vids "vlan add"
	log_test "vlan: trunk 1-4094 by attach, apply and vlan add under ulimit -n 256"
}

run_tests --veth-xdp ip jq ethtool tc
