#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Port mirroring: a capture namespace behind a veth that is no port sees
# exactly the mirrored frames (each frame, its bytes, its tag) for
# ingress, egress, both, VLAN and port+VID mirrors, and nothing else; the
# frames the bridge forwards keep their forms; the counters match what was
# captured; `mirror del` stops the copies; detaching a source port removes
# its mirror; bad input (a port as destination, a veth whose peer is a
# port, unknown devices, VIDs out of range, a taken name) changes nothing;
# a destination (or its peer) cannot be attached. Every port has XDP with
# a GRO peer, so a mirror's frames also test the hand-off from XDP to TC.

ALL_TESTS="ingress_mirror egress_mirror_trunk both_mirror vlan_mirror
	   port_vid_mirror xdp_hands_mirrored_to_tc mirror_del_stops
	   detach_removes_mirror bad_input_changes_nothing
	   dest_cannot_be_attached stats_and_show_json tap_destination
	   apply_and_show_config apply_rollback dest_gone internal_port_source"
source "$(dirname "$0")/lib.sh"

CAP="c-$ID/eth0"
CASE=0

setup()
{
	local i

	bridge_load || exit 1
	for i in 1 2 3 4; do
		host_ns_add "h$i-$ID" "p$i$ID" gro || exit 1
	done
	host_ns_add "c-$ID" "cap$ID" || exit 1
	bv attach "p1$ID" access 10 mode xdp && bv attach "p2$ID" access 10 mode xdp &&
	bv attach "p3$ID" trunk 10,20 mode xdp && bv attach "p4$ID" access 20 mode xdp ||
		exit 1
}

# m N: the MAC of host N in this case (new MACs each case: no FDB carry-over).
m()
{
	printf '02%02x000000%02x' "$CASE" "$1"
}

next_case()
{
	CASE=$((CASE + 1))
	RET=0
}

# send TX...: frames sent as bvpkt --tx args; what every host and the
# capture saw, one "EP HEX" line each.
send()
{
	pkt --wait 400 --rx "$CAP" $(rx_eps "h1-$ID" "h2-$ID" "h3-$ID" "h4-$ID") "$@"
}

# mirror_json NAME: the mirror's object of `mirror show -j`, or nothing.
mirror_json()
{
	bv -j mirror show | jq -c --arg n "$1" '.[] | select(.name == $n)'
}

# counted NAME FRAME...: the mirror's counters are exactly FRAME... (how
# many, and their bytes), nothing failed.
counted()
{
	local name=$1 bytes=0 f j; shift

	for f in "$@"; do
		bytes=$((bytes + ${#f} / 2))
	done
	j=$(mirror_json "$name")
	[ "$(jq -r '"\(.packets) \(.bytes) \(.failed)"' <<<"$j")" = "$# $bytes 0" ]
	check_err $? "mirror $name counted $j, want $# copies of $bytes bytes"
}

ingress_mirror()
{
	local f1 f2 f3 fdrop out

	next_case
	f1=$(frame $BCAST "$(m 1)")
	f2=$(frame "$(m 2)" "$(m 1)")		# unknown unicast: flooded
	f3=$(frame "$(m 1)" "$(m 2)")		# to h1: p1 sends it, not received
	fdrop=$(frame $BCAST "$(m 1)" "$(tag 8100 3 20)")	# dropped, but received
	bv mirror add "in$ID" dev "p1$ID" ingress to "cap$ID"
	check_err $? "mirror add failed"
	out=$(send --tx "h1-$ID/eth0" "$f1" --tx "h1-$ID/eth0" "$f2" \
		--tx "h2-$ID/eth0" "$f3" --tx "h1-$ID/eth0" "$fdrop")
	expect_at "$out" "$CAP" "$f1" "$f2" "$fdrop"
	expect_at "$out" "h2-$ID/eth0" "$f1" "$f2"
	expect_at "$out" "h1-$ID/eth0" "$f3"
	counted "in$ID" "$f1" "$f2" "$fdrop"
	bv mirror del "in$ID"
	log_test "mirror: ingress of an access port, as received (drops too)"
}

egress_mirror_trunk()
{
	local f1 f4 f3 out

	next_case
	f1=$(frame $BCAST "$(m 1)")			# VLAN 10: out tagged on p3
	f4=$(frame $BCAST "$(m 4)")			# VLAN 20: out tagged on p3
	f3=$(frame $BCAST "$(m 3)" "$(tag 8100 0 10)")	# received on p3
	bv mirror add "out$ID" dev "p3$ID" egress to "cap$ID"
	check_err $? "mirror add failed"
	out=$(send --tx "h1-$ID/eth0" "$f1" --tx "h4-$ID/eth0" "$f4" \
		--tx "h3-$ID/eth0" "$f3")
	expect_at "$out" "h3-$ID/eth0" "$(tag_into "$f1" "$(tag 8100 0 10)")" \
		"$(tag_into "$f4" "$(tag 8100 0 20)")"
	expect_at "$out" "$CAP" "$(tag_into "$f1" "$(tag 8100 0 10)")" \
		"$(tag_into "$f4" "$(tag 8100 0 20)")"
	counted "out$ID" "$(tag_into "$f1" "$(tag 8100 0 10)")" \
		"$(tag_into "$f4" "$(tag 8100 0 20)")"
	bv mirror del "out$ID"
	log_test "mirror: egress of a trunk, as sent (tagged 10 and 20)"
}

both_mirror()
{
	local f2 f3 f1 out

	next_case
	f2=$(frame $BCAST "$(m 2)")			# received on p2
	f3=$(frame $BCAST "$(m 3)" "$(tag 8100 5 10)")	# sent on p2, untagged
	f1=$(frame "$(m 3)" "$(m 1)")			# to h3: known, not via p2
	bv mirror add "both$ID" dev "p2$ID" to "cap$ID"	# both: the default
	check_err $? "mirror add failed"
	[ "$(mirror_json "both$ID" | jq -r .direction)" = both ]
	check_err $? "a port mirror without a direction is not both"
	out=$(send --tx "h2-$ID/eth0" "$f2" --tx "h3-$ID/eth0" "$f3" \
		--tx "h1-$ID/eth0" "$f1")
	expect_at "$out" "$CAP" "$f2" "$(untag "$f3")"
	expect_at "$out" "h2-$ID/eth0" "$(untag "$f3")"
	counted "both$ID" "$f2" "$(untag "$f3")"
	bv mirror del "both$ID"
	log_test "mirror: both directions of an access port"
}

vlan_mirror()
{
	local f1 f3 f4 fdrop out

	next_case
	f1=$(frame $BCAST "$(m 1)")			# VLAN 10, untagged in
	f3=$(frame $BCAST "$(m 3)" "$(tag 8100 5 10)")	# VLAN 10, PCP 5
	f4=$(frame $BCAST "$(m 4)")			# VLAN 20: not mirrored
	fdrop=$(frame $BCAST "$(m 1)" "$(tag 8100 0 10)")	# dropped: not forwarded
	bv mirror add "v$ID" vid 10 to "cap$ID"
	check_err $? "mirror add failed"
	out=$(send --tx "h1-$ID/eth0" "$f1" --tx "h3-$ID/eth0" "$f3" \
		--tx "h4-$ID/eth0" "$f4" --tx "h1-$ID/eth0" "$fdrop")
	expect_at "$out" "$CAP" "$(tag_into "$f1" "$(tag 8100 0 10)")" "$f3"
	# The forwarded frames keep their forms after the copy.
	expect_at "$out" "h2-$ID/eth0" "$f1" "$(untag "$f3")"
	expect_at "$out" "h3-$ID/eth0" "$(tag_into "$f1" "$(tag 8100 0 10)")" \
		"$(tag_into "$f4" "$(tag 8100 0 20)")"
	counted "v$ID" "$(tag_into "$f1" "$(tag 8100 0 10)")" "$f3"
	bv mirror del "v$ID"
	log_test "mirror: VLAN 10, each forwarded frame once, tagged (PCP kept)"
}

port_vid_mirror()
{
	local f10 f20 out

	next_case
	f10=$(frame $BCAST "$(m 3)" "$(tag 8100 0 10)")
	f20=$(frame $BCAST "$(m 3)" "$(tag 8100 0 20)")
	bv mirror add "pv$ID" dev "p3$ID" ingress vid 20 to "cap$ID"
	check_err $? "mirror add failed"
	out=$(send --tx "h3-$ID/eth0" "$f10" --tx "h3-$ID/eth0" "$f20")
	expect_at "$out" "$CAP" "$f20"
	counted "pv$ID" "$f20"
	bv mirror del "pv$ID"
	log_test "mirror: a trunk's ingress in VLAN 20 only"
}

xdp_hands_mirrored_to_tc()
{
	local f before out

	next_case
	f=$(frame "$(m 2)" "$(m 1)")
	# Both MACs learned: unicast p1 -> p2, which takes XDP frames.
	send --tx "h2-$ID/eth0" "$(frame $BCAST "$(m 2)")" \
		--tx "h1-$ID/eth0" "$(frame $BCAST "$(m 1)")" >/dev/null
	before=$(stat_of "p1$ID" .events.xdp_to_tc)
	send --tx "h1-$ID/eth0" "$f" >/dev/null
	[ "$(stat_of "p1$ID" .events.xdp_to_tc)" -eq "$before" ]
	check_err $? "without a mirror, known unicast p1 -> p2 did not stay on XDP"
	bv mirror add "x$ID" dev "p2$ID" egress to "cap$ID"
	check_err $? "mirror add failed"
	out=$(send --tx "h1-$ID/eth0" "$f")
	expect_at "$out" "$CAP" "$f"
	expect_at "$out" "h2-$ID/eth0" "$f"
	[ "$(stat_of "p1$ID" .events.xdp_to_tc)" -eq $((before + 1)) ]
	check_err $? "the mirrored frame was not handed from XDP to TC"
	bv mirror del "x$ID"
	log_test "mirror: XDP hands a frame a mirror wants to TC"
}

mirror_del_stops()
{
	local f out

	next_case
	f=$(frame $BCAST "$(m 1)")
	bv mirror add "d$ID" dev "p1$ID" ingress to "cap$ID" &&
		bv mirror add "dv$ID" vid 10,20 to "cap$ID"
	check_err $? "mirror add failed"
	bv mirror del "d$ID" && bv mirror del "dv$ID"
	check_err $? "mirror del failed"
	out=$(send --tx "h1-$ID/eth0" "$f" --tx "h3-$ID/eth0" \
		"$(frame $BCAST "$(m 3)" "$(tag 8100 0 20)")")
	expect_at "$out" "$CAP"
	expect_at "$out" "h2-$ID/eth0" "$f"
	[ "$(bv -j mirror show)" = "[]" ]
	check_err $? "mirrors left after mirror del: $(bv -j mirror show)"
	bv mirror del "d$ID" 2>/dev/null
	[ $? -eq 1 ]
	check_err $? "mirror del of a deleted mirror did not fail with 1"
	log_test "mirror: mirror del stops the copies"
}

detach_removes_mirror()
{
	local err

	next_case
	bv mirror add "src$ID" dev "p4$ID" to "cap$ID" &&
		bv mirror add "keep$ID" vid 20 to "cap$ID"
	check_err $? "mirror add failed"
	err=$(bv detach "p4$ID" 2>&1)
	check_err $? "detach failed: $err"
	grep -q "mirror src$ID removed: its source port p4$ID left" <<<"$err"
	check_err $? "detach did not say it removed the mirror: $err"
	[ "$(bv -j mirror show | jq -c 'map(.name)')" = "[\"keep$ID\"]" ]
	check_err $? "after detach: $(bv -j mirror show)"
	bv attach "p4$ID" access 20 mode xdp
	check_err $? "re-attach failed"
	bv mirror del "keep$ID"
	log_test "mirror: detach of its source port removes a mirror (not a VLAN one)"
}

# refused RC PATTERN CMD...: CMD fails with exit status RC and a message
# matching PATTERN, and the mirrors are as before.
refused()
{
	local rc=$1 pat=$2 before err got; shift 2

	before=$(bv -j mirror show)
	err=$("$@" 2>&1)
	got=$?
	[ "$got" -eq "$rc" ] && grep -q -- "$pat" <<<"$err"
	check_err $? "$*: exit $got (want $rc), message \"$err\" (want $pat)"
	[ "$(bv -j mirror show)" = "$before" ]
	check_err $? "$* changed the mirrors: $(bv -j mirror show)"
}

bad_input_changes_nothing()
{
	next_case
	ip link add "x1$ID" type veth peer name "x2$ID" || exit 1
	defer ip link del "x1$ID"
	bv attach "x1$ID" access 30 || exit 1
	bv mirror add "ok$ID" dev "p1$ID" to "cap$ID" || exit 1
	refused 1 "p2$ID is a port of bridge $BRIDGE" \
		bv mirror add "b$ID" dev "p1$ID" to "p2$ID"
	refused 1 "its peer x1$ID is a port" bv mirror add "b$ID" vid 30 to "x2$ID"
	refused 1 "device nope$ID not found" bv mirror add "b$ID" vid 10 to "nope$ID"
	refused 1 "device nope$ID not found" \
		bv mirror add "b$ID" dev "nope$ID" to "cap$ID"
	refused 1 "x2$ID is not a port" bv mirror add "b$ID" dev "x2$ID" to "cap$ID"
	refused 1 "mirror ok$ID already exists" bv mirror add "ok$ID" vid 10 to "cap$ID"
	refused 2 'invalid VID list "4095"' bv mirror add "b$ID" vid 4095 to "cap$ID"
	refused 2 'invalid VID list "0"' bv mirror add "b$ID" vid 0 to "cap$ID"
	refused 2 "needs to DEV" bv mirror add "b$ID" dev "p1$ID"
	refused 2 "needs dev DEV or vid VIDLIST" bv mirror add "b$ID" to "cap$ID"
	refused 2 "must follow dev DEV" bv mirror add "b$ID" egress to "cap$ID"
	refused 2 "invalid mirror name" bv mirror add "a/b" vid 10 to "cap$ID"
	refused 2 "cannot be its own destination" \
		bv mirror add "b$ID" dev "cap$ID" to "cap$ID"
	refused 1 "no mirror b$ID" bv mirror del "b$ID"
	bv mirror del "ok$ID"
	bv detach "x1$ID"
	log_test "mirror: bad input is refused and changes nothing"
}

dest_cannot_be_attached()
{
	next_case
	ip link add "y1$ID" type veth peer name "y2$ID" || exit 1
	defer ip link del "y1$ID"
	bv mirror add "dst$ID" vid 10 to "y1$ID" || exit 1
	refused 1 "y1$ID is the destination of mirror dst$ID of bridge $BRIDGE" \
		bv attach "y1$ID" access 10
	refused 1 "y2$ID is the peer of the destination of mirror dst$ID" \
		bv attach "y2$ID" access 10
	[ -z "$(port_json "y1$ID")$(port_json "y2$ID")" ]
	check_err $? "a refused device was attached"
	bv mirror del "dst$ID"
	bv attach "y2$ID" access 10
	check_err $? "attach after mirror del failed"
	bv detach "y2$ID"
	log_test "mirror: a destination (or its veth peer) cannot be attached"
}

stats_and_show_json()
{
	local f j

	next_case
	f=$(frame $BCAST "$(m 1)")
	bv mirror add "s$ID" dev "p1$ID" ingress vid 10 to "cap$ID" || exit 1
	send --tx "h1-$ID/eth0" "$f" >/dev/null
	bv -j stats | jq -e 'all(.[]; has("ifname"))' >/dev/null
	check_err $? "stats -j is no longer an array of ports: $(bv -j stats)"
	j=$(bv -j stats mirrors)
	[ "$(jq -r '.[0] | "\(.name) \(.packets) \(.bytes) \(.failed)"' <<<"$j")" = \
		"s$ID 1 $((${#f} / 2)) 0" ]
	check_err $? "stats -j mirrors: $j"
	j=$(mirror_json "s$ID")
	jq -e --arg d "p1$ID" --arg c "cap$ID" \
		'.dev == $d and .direction == "ingress" and .vlans == [10] and .to == $c' \
		<<<"$j" >/dev/null
	check_err $? "mirror show -j: $j"
	bv stats | grep -q "^mirror s$ID: *copied 1 "
	check_err $? "stats (text) has no line for mirror s$ID"
	j=$(bv -j top interval 0.1 count 1)
	jq -e --arg n "s$ID" --arg c "cap$ID" '.mirrors | length == 1 and
		.[0].name == $n and .[0].to == $c and .[0].packets == 1 and
		.[0].failed == 0 and .[0].pps == 0' <<<"$j" >/dev/null
	check_err $? "top -j mirrors: $(jq -c .mirrors <<<"$j")"
	bv top interval 0.1 count 1 | grep -q "^s$ID  *cap$ID "
	check_err $? "top (text) has no row for mirror s$ID"
	bv mirror del "s$ID"
	log_test "mirror: counters in stats, top and mirror show (text and JSON)"
}

# A monitoring VM's tap: tun writes the tag into what QEMU reads.
tap_destination()
{
	local f out

	next_case
	tap_add "tp$ID" || exit 1
	f=$(frame $BCAST "$(m 4)")
	bv mirror add "tap$ID" vid 20 to "tp$ID"
	check_err $? "mirror add to a tap failed"
	out=$(pkt --wait 400 --rx "tap:tp$ID" --rx "$CAP" --tx "h4-$ID/eth0" "$f")
	expect_at "$out" "tap:tp$ID" "$(tag_into "$f" "$(tag 8100 0 20)")"
	expect_at "$out" "$CAP"
	counted "tap$ID" "$(tag_into "$f" "$(tag 8100 0 20)")"
	bv mirror del "tap$ID"
	log_test "mirror: a tap destination gets VLAN 20 tagged in its bytes"
}

# The ports of setup and two mirrors, as a file.
mirror_conf()
{
	cat <<-EOF
	port p1$ID access 10 mode xdp
	port p2$ID access 10 mode xdp
	port p3$ID trunk 10,20 mode xdp
	port p4$ID access 20 mode xdp
	mirror f1$ID dev p3$ID egress vid 20 to cap$ID
	mirror f2$ID vid 10 to cap$ID
	EOF
}

apply_and_show_config()
{
	local dir plan f out

	next_case
	dir=$(mktemp -d "/tmp/bvmi$ID.XXXXXX") || exit 1
	defer rm -rf "$dir"
	mirror_conf >"$dir/m.conf"
	bv mirror add "man$ID" dev "p1$ID" ingress to "cap$ID" &&
		bv apply -f "$dir/m.conf"
	check_err $? "apply of mirror lines failed"
	[ "$(bv -j mirror show | jq -c 'map(.name)')" = \
		"[\"f1$ID\",\"f2$ID\",\"man$ID\"]" ]
	check_err $? "after apply: $(bv -j mirror show)"
	bv show config >"$dir/saved.conf"
	grep -qx "mirror f1$ID dev p3$ID egress vid 20 to cap$ID" "$dir/saved.conf" &&
		grep -qx "mirror f2$ID vid 10 to cap$ID" "$dir/saved.conf" &&
		grep -qx "mirror man$ID dev p1$ID ingress to cap$ID" "$dir/saved.conf"
	check_err $? "show config: $(cat "$dir/saved.conf")"
	bv -j show config | jq -e --arg f "f1$ID" --arg d "p3$ID" '.mirrors[0] |
		.name == $f and .dev == $d and .direction == "egress" and
		.vlans == [20] and .owner == "config"' >/dev/null
	check_err $? "show config -j: $(bv -j show config | jq -c .mirrors)"
	# The file's own mirrors are as it says; the one made by hand is
	# taken over, as a port attached by hand is.
	plan=$(bv apply -f "$dir/saved.conf" check)
	[ "$plan" = "own mirror man$ID" ]
	check_err $? "apply of show config plans: $plan"
	bv apply -f "$dir/saved.conf" && [ -z "$(bv apply -f "$dir/saved.conf" check)" ]
	check_err $? "show config does not apply to nothing to do"
	f=$(frame $BCAST "$(m 2)")
	out=$(send --tx "h2-$ID/eth0" "$f")
	expect_at "$out" "$CAP" "$(tag_into "$f" "$(tag 8100 0 10)")"
	# A file without mirrors: apply's mirrors go.
	grep -v '^mirror' "$dir/saved.conf" >"$dir/none.conf"
	bv apply -f "$dir/none.conf"
	check_err $? "apply without mirror lines failed"
	[ "$(bv -j mirror show)" = "[]" ]
	check_err $? "apply left mirrors: $(bv -j mirror show)"
	log_test "mirror: apply -f mirror lines, show config round trip"
}

apply_rollback()
{
	local dir before n spec err

	next_case
	dir=$(mktemp -d "/tmp/bvmi$ID.XXXXXX") || exit 1
	defer rm -rf "$dir"
	# Running: old (the file's before, dropped now: del), f2 made by
	# hand as the file has it (own); f1 is new (add).
	{ mirror_conf | grep -v '^mirror'
	  echo "mirror old$ID dev p4$ID to cap$ID"; } >"$dir/old.conf"
	bv apply -f "$dir/old.conf" && bv mirror add "f2$ID" vid 10 to "cap$ID"
	check_err $? "setup failed"
	mirror_conf >"$dir/m.conf"
	[ "$(bv apply -f "$dir/m.conf" check | paste -sd,)" = \
		"mirror del old$ID,own mirror f2$ID,mirror add f1$ID dev p3$ID egress vid 20 to cap$ID" ]
	check_err $? "the plan: $(bv apply -f "$dir/m.conf" check)"
	n=$(bv apply -f "$dir/m.conf" check | wc -l)
	before=$(bv -j mirror show; bv show config)
	for spec in $(seq -f '%g:inside' 1 "$n"); do
		err=$(BPFVLAN_TEST_FAIL_STEP=$spec bv_test apply -f "$dir/m.conf" 2>&1)
		[ $? -eq 1 ] && grep -q "is as before apply" <<<"$err"
		check_err $? "apply failing inside step $spec: $err"
		[ "$(bv -j mirror show; bv show config)" = "$before" ]
		check_err $? "failure inside step $spec left: $(bv -j mirror show)"
	done
	bv mirror del "old$ID" && bv mirror del "f2$ID"
	check_err $? "the mirrors were not as before"
	log_test "mirror: apply failing inside any of $n steps (del, own, add) is rolled back"
}

# A destination deleted under a mirror: copies fail, counted; the mirror
# says so, show config writes it as a comment; apply of its line makes it
# again on the device of that name now (a monitoring VM restarted).
dest_gone()
{
	local j dir f out

	next_case
	dir=$(mktemp -d "/tmp/bvmi$ID.XXXXXX") || exit 1
	defer rm -rf "$dir"
	ip link add "z1$ID" type veth peer name "z2$ID" || exit 1
	defer ip link del "z1$ID"
	ip link set "z1$ID" up && ip link set "z2$ID" up
	bv mirror add "gone$ID" vid 20 to "z1$ID" || exit 1
	ip link del "z1$ID"
	send --tx "h4-$ID/eth0" "$(frame $BCAST "$(m 4)")" >/dev/null
	j=$(mirror_json "gone$ID")
	jq -e '.to_gone and .packets == 0 and .failed == 1' <<<"$j" >/dev/null
	check_err $? "a mirror to a deleted device: $j"
	bv show config >"$dir/s.conf"
	grep -q "^# mirror gone$ID vid 20 to ifindex [0-9]* (the destination is gone)$" \
		"$dir/s.conf" && ! grep -q "^mirror gone$ID" "$dir/s.conf"
	check_err $? "show config of a mirror to a deleted device: $(grep "gone$ID" "$dir/s.conf")"
	# The device again (a new ifindex), and the file's line for it.
	ip link add "z1$ID" type veth peer name "z2$ID" &&
		ip link set "z1$ID" up && ip link set "z2$ID" up
	{ grep '^port' "$dir/s.conf"; echo "mirror gone$ID vid 20 to z1$ID"; } >"$dir/m.conf"
	bv apply -f "$dir/m.conf"
	check_err $? "apply of the mirror to the new device failed"
	f=$(frame $BCAST "$(m 4)")
	out=$(pkt --wait 400 --rx "z2$ID" --tx "h4-$ID/eth0" "$f")
	expect_at "$out" "z2$ID" "$(tag_into "$f" "$(tag 8100 0 20)")"
	bv mirror del "gone$ID"
	check_err $? "mirror del failed"
	log_test "mirror: a deleted destination: failures counted, a comment in show config, apply makes it again"
}

# An internal port's mirror is named by the host's end, as the file
# names the port: show config reads back, and port del takes the mirror.
internal_port_source()
{
	local dir plan

	next_case
	dir=$(mktemp -d "/tmp/bvmi$ID.XXXXXX") || exit 1
	defer rm -rf "$dir"
	bv port add "mg$ID" internal 10 && defer ip link del "mg$ID"
	check_err $? "port add failed"
	bv mirror add "im$ID" dev "mg$ID" egress to "cap$ID"
	check_err $? "mirror add of an internal port by its host's end failed"
	bv show config >"$dir/s.conf"
	grep -qx "mirror im$ID dev mg$ID egress to cap$ID" "$dir/s.conf"
	check_err $? "show config: $(grep mirror "$dir/s.conf")"
	plan=$(bv apply -f "$dir/s.conf" check 2>&1 | grep mirror)
	[ "$plan" = "own mirror im$ID" ]
	check_err $? "apply of show config plans: $plan"
	bv port del "mg$ID" 2>/dev/null && [ "$(bv -j mirror show)" = "[]" ]
	check_err $? "port del left: $(bv -j mirror show)"
	log_test "mirror: an internal port's mirror, by its host's end, reads back"
}

run_tests --veth-xdp ip jq ethtool
