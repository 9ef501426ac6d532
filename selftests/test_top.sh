#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# bpfvlan top and stats rate: known traffic through a small bridge shows
# as a non-zero rate on the ports and the VLAN it crosses and zero
# elsewhere; per-VLAN counters count frames in the VLAN they were
# classified into only (a trunk sends into VLANs 10 and 20, each frame is
# counted in its own); drops show by reason; rates agree with the
# counters they come from (no timed assertion: > 0, == 0, consistency);
# the full-screen view in tmux refreshes, quits on q or ^C and leaves the
# terminal as it found it.
#
#   h1, h2: access 10    h3: access 20    h4: access 30 (alone)
#   tr: trunk 10,20 (tags in the frames, from bvpkt)

ALL_TESTS="top_json_rates rates_agree_with_counters top_sorted_by_rate
	   vlan_counts_own_frames_only drops_by_reason top_filters
	   stats_rate top_port_comes_and_goes top_lines_until_sigterm
	   top_screen_quit_q
	   top_screen_ctrl_c top_screen_bridge_gone bad_input"
source "$(dirname "$0")/lib.sh"

TMP=
PINGS=()

setup()
{
	local i

	TMP=$(mktemp -d "/tmp/tp-top-$ID.XXXXXX") || exit 1
	defer rm -rf "$TMP"
	bridge_load || exit 1
	for i in 1 2 3 4; do
		host_ns_add "tph$i-$ID" "tpa$i$ID" || exit 1
		ip -n "tph$i-$ID" addr add "192.0.2.$i/24" dev eth0
	done
	host_ns_add "tptr-$ID" "tpt1$ID" || exit 1
	# No ARP in VLAN 10 (it would add frames to exact counts).
	ip -n "tph1-$ID" neigh replace 192.0.2.2 lladdr "$(colon "$(mac_of "tph2-$ID")")" \
		dev eth0 nud permanent &&
	ip -n "tph2-$ID" neigh replace 192.0.2.1 lladdr "$(colon "$(mac_of "tph1-$ID")")" \
		dev eth0 nud permanent || exit 1
	bv attach "tpa1$ID" access 10 && bv attach "tpa2$ID" access 10 &&
	bv attach "tpa3$ID" access 20 && bv attach "tpa4$ID" access 30 &&
	bv attach "tpt1$ID" trunk 10,20 || exit 1
}

# ping_bg NS ARGS...: a bounded ping in the background, stopped at exit.
ping_bg()
{
	local ns=$1; shift

	ip netns exec "$ns" ping -q -w 60 "$@" >/dev/null 2>&1 &
	PINGS+=($!)
	defer kill "$!"
}

pings_stop()
{
	local p

	for p in "${PINGS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	PINGS=()
}

# Traffic: h1 <-> h2 unicast in VLAN 10; h4 broadcasts in VLAN 30, where
# it is alone (every frame a no_egress drop). Returns once both flow.
traffic_start()
{
	ping_bg "tph1-$ID" -i 0.02 -c 3000 192.0.2.2
	ping_bg "tph4-$ID" -b -i 0.1 -c 600 192.0.2.255
	busywait 10000 eval "[ \$(stat_of tpa2$ID .tx_packets) -gt 5 ] &&
			     [ \$(stat_of tpa4$ID .drops.no_egress) -gt 2 ]"
}

# top_json ARGS...: `bpfvlan -j top ARGS`, one document per line, in $TOP.
top_json()
{
	TOP=$(bv -j top "$@")
}

# jq on the last document of $TOP.
last()
{
	tail -n 1 <<<"$TOP" | jq -e "$@" >/dev/null
}

port_q() { printf '.ports[] | select(.ifname == "%s")' "$1"; }
vlan_q() { printf '.vlans[] | select(.vlan == %s)' "$1"; }

top_json_rates()
{
	local a

	traffic_start
	check_err $? "traffic did not start"
	top_json count 2 interval 0.5
	check_err $? "top count 2 failed"
	[ "$(wc -l <<<"$TOP")" -eq 2 ]
	check_err $? "top count 2 -j: want 2 documents, got: $TOP"
	for a in "tpa1$ID" "tpa2$ID"; do
		last "$(port_q "$a") | .rx_pps > 0 and .tx_pps > 0 and .rx_bps > 0 and .tx_bps > 0"
		check_err $? "$a: no rate in VLAN 10 traffic"
	done
	last "$(port_q "tpa3$ID") | .rx_pps == 0 and .tx_pps == 0 and .drop_pps == 0"
	check_err $? "tpa3 (VLAN 20, no traffic) shows a rate"
	last "$(port_q "tpt1$ID") | .rx_pps == 0 and .tx_pps == 0"
	check_err $? "the trunk shows a rate (VLAN 10 unicast is not for it)"
	last "$(vlan_q 10) | .rx_pps > 0 and .rx_bps > 0 and .members == 3"
	check_err $? "VLAN 10: no rate"
	last "$(vlan_q 20) | .rx_pps == 0 and .flood_pps == 0 and .drop_pps == 0"
	check_err $? "VLAN 20 shows a rate"
	last "$(vlan_q 30) | .rx_pps > 0 and .members == 1"
	check_err $? "VLAN 30 (h4 broadcasting): no rate"
	last '.elapsed_ms > 0 and .bridge == "'"$BRIDGE"'"'
	check_err $? "no elapsed time or bridge name"
	log_test "top -j: rates on the ports and VLANs with traffic, 0 elsewhere"
}

# The rates of the second refresh are its counters' changes over its
# measured interval (to the rounding of elapsed_ms and of two decimals).
rates_agree_with_counters()
{
	jq -e -n --argjson d "$(jq -s . <<<"$TOP")" --arg a "tpa1$ID" '
		def port(i): $d[i].ports[] | select(.ifname == $a);
		def vlan(i): $d[i].vlans[] | select(.vlan == 10);
		($d[1].elapsed_ms / 1000) as $s |
		def near(rate; delta): (rate * $s - delta | fabs) <= 1 + delta / 100;
		near(port(1).rx_pps; port(1).rx_packets - port(0).rx_packets) and
		near(port(1).tx_bps; 8 * (port(1).tx_bytes - port(0).tx_bytes)) and
		near(vlan(1).rx_pps; vlan(1).rx_packets - vlan(0).rx_packets) and
		near(vlan(1).rx_bps; 8 * (vlan(1).rx_bytes - vlan(0).rx_bytes))' \
		>/dev/null
	check_err $? "rates do not match the counters they come from: $TOP"
	log_test "top -j: rate = counter change / measured interval"
}

top_sorted_by_rate()
{
	last '[.ports[] | .rx_pps + .tx_pps] | . == (sort | reverse) and .[0] > .[-1]'
	check_err $? "ports not sorted by rate, highest first"
	last '[.vlans[] | .rx_pps] | . == (sort | reverse) and .[0] > .[-1]'
	check_err $? "VLANs not sorted by rate, highest first"
	log_test "top: ports and VLANs sorted by rate"
}

# From the trunk, tagged frames into VLAN 10 (3), VLAN 20 (2) and VLAN 30
# (not on the trunk: 1); the counters move in their own VLAN only.
vlan_counts_own_frames_only()
{
	local before after src=02000000a001 d10 d20 d30

	pings_stop
	top_json count 1 interval 0.1
	before=$TOP
	pkt --wait 200 --rx "tph1-$ID/eth0" --rx "tph3-$ID/eth0" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 10)")" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 10)")" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 10)")" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 20)")" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 20)")" \
		--tx "tptr-$ID/eth0" "$(frame $BCAST $src "$(tag 8100 0 30)")" >/dev/null
	top_json count 1 interval 0.1
	after=$TOP
	delta() { jq -r -n --argjson a "$after" --argjson b "$before" "$1"; }
	d10=$(delta "(\$a | $(vlan_q 10) | [.rx_packets, .flood_packets]) as \$x | (\$b | $(vlan_q 10) | [.rx_packets, .flood_packets]) as \$y | [\$x[0] - \$y[0], \$x[1] - \$y[1]] | @tsv")
	d20=$(delta "(\$a | $(vlan_q 20) | [.rx_packets, .flood_packets]) as \$x | (\$b | $(vlan_q 20) | [.rx_packets, .flood_packets]) as \$y | [\$x[0] - \$y[0], \$x[1] - \$y[1]] | @tsv")
	d30=$(delta "(\$a | $(vlan_q 30) | .rx_packets) - (\$b | $(vlan_q 30) | .rx_packets)")
	[ "$d10" = "$(printf '3\t3')" ]
	check_err $? "VLAN 10: rx/flood moved by [$d10], want [3 3]"
	[ "$d20" = "$(printf '2\t2')" ]
	check_err $? "VLAN 20: rx/flood moved by [$d20], want [2 2]"
	[ "$d30" = 0 ]
	check_err $? "VLAN 30 counted $d30 frame(s) the trunk may not send into it"
	[ "$(delta "(\$a | $(port_q "tpt1$ID") | .drops.vlan_not_allowed) - (\$b | $(port_q "tpt1$ID") | .drops.vlan_not_allowed)")" = 1 ]
	check_err $? "the VID 30 frame was not a vlan_not_allowed drop on the trunk"
	# With traffic stopped, the VLANs hold exactly their ports' frames:
	# every frame of an access port is classified into its VLAN.
	jq -e -n --argjson a "$after" "
		(\$a | $(vlan_q 30) | [.rx_packets, .rx_bytes]) ==
		(\$a | $(port_q "tpa4$ID") | [.rx_packets, .rx_bytes])" >/dev/null
	check_err $? "VLAN 30 counters differ from those of its one port"
	log_test "VLAN counters: each frame in its own VLAN (10 vs 20), none in 30"
}

drops_by_reason()
{
	local out

	traffic_start
	top_json count 1 interval 0.5
	last "$(port_q "tpa4$ID") | .drops_pps.no_egress > 0 and .drop_pps == .drops_pps.no_egress"
	check_err $? "tpa4: no no_egress drop rate"
	last "$(vlan_q 30) | .drops_pps.no_egress > 0 and .drops.no_egress > 0"
	check_err $? "VLAN 30: no no_egress drops"
	last "$(vlan_q 10) | .drop_pps == 0"
	check_err $? "VLAN 10 shows drops"
	out=$(bv top count 1 interval 0.5)
	check_err $? "top count 1 (text) failed"
	grep -q "^tpa4$ID .* no_egress [0-9.]" <<<"$out"
	check_err $? "text: tpa4's row does not name no_egress: $out"
	grep -Eq "^30 +1 .* no_egress [0-9.]" <<<"$out"
	check_err $? "text: VLAN 30's row does not name no_egress: $out"
	log_test "top: drops per second by reason, on the port and its VLAN"
}

top_filters()
{
	top_json dev "tpa3$ID" count 1 interval 0.1
	last "[.ports[].ifname] == [\"tpa3$ID\"] and [.vlans[].vlan] == [20]"
	check_err $? "dev tpa3: $TOP"
	top_json dev "tpt1$ID" count 1 interval 0.1
	last "[.ports[].ifname] == [\"tpt1$ID\"] and ([.vlans[].vlan] | sort) == [10, 20]"
	check_err $? "dev tpt1 (trunk 10,20): $TOP"
	top_json vid 10 count 1 interval 0.1
	last "([.ports[].ifname] | sort) == ([\"tpa1$ID\", \"tpa2$ID\", \"tpt1$ID\"] | sort) and [.vlans[].vlan] == [10]"
	check_err $? "vid 10: $TOP"
	top_json vid 99 count 1 interval 0.1
	last ".ports == [] and [.vlans[] | [.vlan, .members, .rx_packets]] == [[99, 0, 0]]"
	check_err $? "vid 99 (no members): $TOP"
	log_test "top: dev DEV and vid VID select a port or VLAN and its peers"
}

stats_rate()
{
	local j out

	j=$(bv -j stats dev "tpa1$ID" rate 0.5)
	check_err $? "stats rate failed"
	jq -e '.[0] | .rx_pps > 0 and .tx_pps > 0 and .rx_bps > 0 and .tx_bps > 0 and
		(.drops_pps | length) == (.drops | length) and
		has("rx_packets") and has("rx_bytes") and has("tx_packets") and
		has("tx_bytes") and has("events")' <<<"$j" >/dev/null
	check_err $? "stats rate -j (traffic on tpa1): $j"
	j=$(bv -j stats rate 0.3)
	jq -e --arg p "tpa3$ID" '.[] | select(.ifname == $p) |
		.rx_pps == 0 and .tx_pps == 0 and .rx_bps == 0 and .tx_bps == 0' \
		<<<"$j" >/dev/null
	check_err $? "stats rate: tpa3 (no traffic) has a rate: $j"
	[ "$(jq length <<<"$j")" -eq 5 ]
	check_err $? "stats rate: want the 5 ports: $j"
	out=$(bv stats dev "tpa4$ID" rate 0.3)
	grep -q "rate rx [0-9.]* pps" <<<"$out" && grep -q "drop/s no_egress" <<<"$out"
	check_err $? "stats rate (text): $out"
	j=$(bv -j stats dev "tpa1$ID")
	jq -e '.[0] | has("rx_pps") | not' <<<"$j" >/dev/null
	check_err $? "stats without rate grew rate keys: $j"
	log_test "stats rate: rx/tx pps and bit/s, drops/s next to the counters"
}

# docs_with PORT: top's JSON documents so far ($TMP/docs) that show PORT.
docs_with()
{
	jq -c --arg p "$1" 'select(any(.ports[]; .ifname == $p))' "$TMP/docs" 2>/dev/null |
		wc -l
}

# A port attached while top runs counts from zero in the first refresh
# that shows it (all it counted was in that interval); a port detached and
# another attached (into the freed slot) likewise; no rate is negative.
top_port_comes_and_goes()
{
	local pid n a5=tpa5$ID a6=tpa6$ID

	host_ns_add "tph5-$ID" "$a5" && host_ns_add "tph6-$ID" "$a6" || return 1
	ip -n "tph5-$ID" addr add 192.0.2.5/24 dev eth0
	ip -n "tph6-$ID" addr add 192.0.2.6/24 dev eth0
	ping_bg "tph5-$ID" -b -i 0.05 -c 1200 192.0.2.255
	ping_bg "tph6-$ID" -b -i 0.05 -c 1200 192.0.2.255
	"$BV_BIN" -b "$BRIDGE" -j top interval 0.5 >"$TMP/docs" &
	pid=$!
	defer kill "$pid"
	busywait 15000 test -s "$TMP/docs"
	bv attach "$a5" access 40
	busywait 15000 eval "[ \$(docs_with $a5) -ge 1 ]"
	check_err $? "$a5 never showed"
	bv detach "$a5" && bv attach "$a6" access 40
	busywait 15000 eval "[ \$(docs_with $a6) -ge 2 ]"
	check_err $? "$a6 never showed twice"
	kill -TERM "$pid"
	wait "$pid"
	jq -e -s --arg a "$a5" --arg b "$a6" '
		def first(p): [.[] | select(any(.ports[]; .ifname == p))][0] |
			(.elapsed_ms / 1000) as $s | .ports[] | select(.ifname == p) |
			{s: $s, pps: .rx_pps, bps: .rx_bps, n: .rx_packets, b: .rx_bytes};
		def from_zero(x): (x.pps * x.s - x.n | fabs) <= 1 + x.n / 100 and
				  (x.bps * x.s - 8 * x.b | fabs) <= 8 + 8 * x.b / 100;
		from_zero(first($a)) and from_zero(first($b)) and
		([.[] | .ports[], .vlans[] | .rx_pps, (.tx_pps // 0), .drop_pps] | min) >= 0 and
		([.[] | select(any(.ports[]; .ifname == $b))] | all(.ports | all(.ifname != $a)))' \
		"$TMP/docs" >/dev/null
	check_err $? "a new port's first rates are not from zero, or a rate < 0: $(cat "$TMP/docs")"
	log_test "top: a port attached, or a new one in a freed slot, counts from zero"
}

# Not a terminal, no count: a table per refresh until SIGTERM, exit 0.
top_lines_until_sigterm()
{
	local pid rc n

	"$BV_BIN" -b "$BRIDGE" top interval 0.2 >"$TMP/lines" 2>&1 &
	pid=$!
	busywait 15000 eval "[ \$(grep -c '^PORT' $TMP/lines) -ge 2 ]"
	check_err $? "no two refreshes in 15 s: $(cat "$TMP/lines")"
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	[ "$rc" -eq 0 ]
	check_err $? "top ended with $rc on SIGTERM"
	n=$(grep -c "^tpa1$ID " "$TMP/lines")
	[ "$n" -ge 2 ]
	check_err $? "tpa1 in $n refresh(es)"
	! grep -q $'\033' "$TMP/lines"
	check_err $? "escape sequences in the line output"
	log_test "top: line output when stdout is no terminal, SIGTERM ends it"
}

# tmux: a private server, its socket in $TMP; the session named with the PID.
tm() { tmux -S "$TMP/tmux.sock" "$@"; }
pane_flag() { tm display-message -p -t "tp$ID" "#{$1}"; }
pane_text() { tm capture-pane -p -t "tp$ID"; }

# screen_run KEY: top in a 150x40 tmux pane, wait for two refreshes, send
# KEY; top must end with 0 and the pane be as before (stty settings, main
# screen, cursor on, line wrap on).
screen_run()
{
	local key=$1 t1 t2

	# bash: it goes on after a child that handled ^C (dash may not).
	cat >"$TMP/pane.sh" <<-EOF
	stty -g >"$TMP/stty.before"
	"$BV_BIN" -b "$BRIDGE" top interval 0.3
	echo \$? >"$TMP/rc"
	stty -g >"$TMP/stty.after"
	echo DONE
	sleep 120
	EOF
	tm new-session -d -s "tp$ID" -x 150 -y 40 "bash $TMP/pane.sh" || return 1
	defer tmux -S "$TMP/tmux.sock" kill-server
	busywait 15000 eval "pane_text | grep -q '^tpa1$ID '"
	check_err $? "no table on the screen: $(pane_text)"
	[ "$(pane_flag alternate_on)" = 1 ] && [ "$(pane_flag cursor_flag)" = 0 ] &&
		[ "$(pane_flag wrap_flag)" = 0 ]
	check_err $? "top runs without the alternate screen, or shows the cursor, or wraps"
	pane_text | grep -q '^VLAN  *MEMBERS' && pane_text | grep -Eq '^10 +3 '
	check_err $? "no VLAN table on the screen: $(pane_text)"
	t1=$(pane_text | head -n 1)
	busywait 15000 eval "[ \"\$(pane_text | head -n 1)\" != \"$t1\" ]"
	check_err $? "the screen did not refresh: $t1"
	[ "$(pane_text | grep -c '^PORT')" -eq 1 ]
	check_err $? "the screen holds more than one table (not redrawn in place)"
	tm send-keys -t "tp$ID" "$key"
	busywait 10000 test -s "$TMP/rc"
	check_err $? "top did not end on $key"
	[ "$(cat "$TMP/rc" 2>/dev/null)" = 0 ]
	check_err $? "top ended with $(cat "$TMP/rc" 2>/dev/null) on $key"
	busywait 5000 eval "pane_text | grep -q DONE"
	cmp -s "$TMP/stty.before" "$TMP/stty.after"
	check_err $? "terminal settings changed: $(cat "$TMP/stty.before") -> $(cat "$TMP/stty.after")"
	[ "$(pane_flag alternate_on)" = 0 ] && [ "$(pane_flag cursor_flag)" = 1 ] &&
		[ "$(pane_flag wrap_flag)" = 1 ]
	check_err $? "the screen was not restored (alternate screen, cursor, wrap)"
	t2=$(pane_text)
	! grep -q "^PORT" <<<"$t2"
	check_err $? "the table stayed on the main screen: $t2"
	tm kill-server
	rm -f "$TMP/rc" "$TMP/stty.before" "$TMP/stty.after"
}

top_screen_quit_q()
{
	traffic_start
	screen_run q
	log_test "top in tmux: full screen, refreshes, q quits, terminal restored"
}

top_screen_ctrl_c()
{
	screen_run C-c
	log_test "top in tmux: ^C quits, terminal restored"
}

# The bridge unloaded under a full-screen top: it ends with 1, and its
# message shows on the main screen (not lost with the alternate one).
top_screen_bridge_gone()
{
	local br2=tpx$ID

	"$BV_BIN" -b "$br2" load || return 1
	defer "$BV_BIN" -b "$br2" unload
	cat >"$TMP/pane.sh" <<-EOF
	"$BV_BIN" -b "$br2" top interval 0.3
	echo "rc=\$?"
	sleep 120
	EOF
	tm new-session -d -s "tp$ID" -x 150 -y 40 "bash $TMP/pane.sh" || return 1
	defer tmux -S "$TMP/tmux.sock" kill-server
	busywait 15000 eval "pane_text | grep -q '^VLAN '"
	check_err $? "no table on the screen: $(pane_text)"
	"$BV_BIN" -b "$br2" unload
	busywait 10000 eval "pane_text | grep -q '^rc='"
	pane_text | grep -q '^rc=1$'
	check_err $? "top did not end with 1: $(pane_text)"
	pane_text | grep -q "bridge $br2 does not exist"
	check_err $? "the message was lost: $(pane_text)"
	[ "$(pane_flag alternate_on)" = 0 ]
	check_err $? "still on the alternate screen"
	tm kill-server
	log_test "top in tmux: bridge unloaded, screen restored, message kept"
}

bad_input()
{
	local args rc

	for args in "top interval 0" "top interval 0.05" "top interval abc" \
		    "top interval 3601" "top count 0" "top count -1" "top count" \
		    "top vid 4095" "top vid 0" "top dev" "top bogus" \
		    "top count 1 interval" "stats rate 0" "stats rate x1" \
		    "stats rate 1.5.5" "stats dev"; do
		bv $args >/dev/null 2>&1
		rc=$?
		[ "$rc" -eq 2 ]
		check_err $? "\"$args\": exit $rc, want 2"
	done
	bv top dev lo count 1 >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 1 ]
	check_err $? "top dev lo (no port): exit $rc, want 1"
	bv top help | grep -q "Usage: bpfvlan .*top"
	check_err $? "top help"
	log_test "top, stats rate: bad input exits 2"
}

run_tests ip jq ping tmux
