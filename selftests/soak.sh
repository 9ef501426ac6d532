#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Soak (`make soak`, SOAK_S seconds, default 600; not part of `make check`):
# mixed traffic through one bridge while a churn loop changes it, then the
# figures, and a failure (exit 1) on any leak or loss it checks.
#
# Ports (veths, the VMs in namespaces; two taps for the libvirt hook):
#   up    trunk 10,20 native 30, XDP    x10  access 10, XDP   t10  access 10, TC
#   x20   access 20, XDP                t20  access 20, TC    t30  access 30, TC
#   mf    access 10, TC, learn-limit 64: a MAC flood (a new source per frame)
#   churned: c1 (attach/detach, access 10 or 20, mode xdp or tc in turn),
#   c2 (trunk 10, `vlan add/del` 20), c3 (access 30, in and out by apply),
#   tp1/tp2 (taps, attached and detached by the libvirt hook binary at a
#   domain's start and stop: access 20, and trunk 10,20).
# Traffic (bvflood, paced; each sender marks its frames with its own byte,
# its "seed"): broadcast floods in each VLAN from an access port and from
# the trunk (tagged 10, 20; untagged 30), unknown unicast in VLAN 30, known
# unicast to x10 (from t10) and to x20 (from the trunk, tagged 20), and
# the MAC flood from mf. One bvpkt counts every frame at every VM's end,
# by seed and form (untagged, or its outer VID).
# Churn, in rounds until the end: the steps above, `fdb add/del` of a
# static entry on c2 (a manual port: apply leaves its entries alone), `apply -f` of two configuration files in turn (the one
# with c3, the one without), the hook's start and stop; `bpfvlan monitor`
# runs throughout.
#
# Checks (each a failure if not met):
#   leak        no frame of a VLAN at a port that is never in it
#   form        no copy in the wrong form (an access port gets its VLAN
#               untagged, the trunk 10/20 tagged and 30 untagged, c2 and
#               tp2 tagged only)
#   hairpin     no sender gets its own frames back
#   unicast     the known unicast frames reach their one port only
#   static      the configuration's static entries are there, static and
#               on their port, after every round (and the churn's own
#               fdb add/del worked every time)
#   churn       every churn command worked, and there were rounds
#   learn       the MAC-flooding port never holds more than 64 MACs
#   traffic     each VLAN's frames arrived (per VLAN: sent, received)
#   growth      monitor's fds and RSS, the bridge's programs, flood
#               devmaps and FDB entries after the run not above before
#               (both taken with the churn at rest, after a first round)
#   dmesg       no kernel log line about BPF/XDP, no WARNING/BUG
# SOAK_REPORT=FILE also writes the figures there as Markdown.

ALL_TESTS="soak"
source "$(dirname "$0")/lib.sh"

HOOK=${HOOK:-$BUILD/bpfvlan-libvirt-hook}
SOAK_S=${SOAK_S:-600}
PPS=${SOAK_PPS:-300}		# each sender but the MAC flood, frames/s
MF_PPS=${SOAK_MF_PPS:-1000}	# the MAC flood, frames/s (a new MAC each)
MARK_FLOOD=6276666c6f6f64	# "bvflood": the seed byte follows it
RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-512}

BRIDGE=sk$ID
P=sk$ID				# names: $P-up, ${P}x10...
NU=sku-$ID NX10=skx10-$ID NT10=skt10-$ID NX20=skx20-$ID NT20=skt20-$ID
NT30=skt30-$ID NMF=skmf-$ID NC=skc-$ID
UP=sku$ID X10=skx10$ID T10=skt10$ID X20=skx20$ID T20=skt20$ID T30=skt30$ID
MF=skmf$ID C1=skc1$ID C2=skc2$ID C3=skc3$ID TP1=skp1$ID TP2=skp2$ID
TP1_MAC=52:54:00:5c:00:01 TP2_MAC=52:54:00:5c:00:02
DIR=

# Seed -> VLAN and what it is (the sender's port, the destination).
declare -A SEED_VLAN=([10]=10 [11]=10 [12]=10 [1f]=10 [20]=20 [21]=20
		      [30]=30 [31]=30)
declare -A SEED_FROM=([10]=x10 [11]=t10 [12]=up [1f]=mf [20]=t20 [21]=up
		      [30]=up [31]=t30)
# Endpoint -> port name, and its form per VLAN ("u" untagged, "t" tagged,
# absent: never a member). Churned ports: every VLAN they may be in.
declare -A EP_PORT EP_FORM

# ep_add EP PORT FORMS: FORMS like "10:t 20:t 30:u".
ep_add()
{
	local f

	EP_PORT[$1]=$2
	for f in $3; do
		EP_FORM[$1:${f%%:*}]=${f##*:}
	done
}

# vm PORT NS [gro]: a VM namespace NS whose eth0 is a veth to PORT.
vm()
{
	host_ns_add "$2" "$1" "${3:-}"
}

# conf FILE [c3]: the bridge's configuration, with c3 or not.
conf()
{
	{
		echo "port $UP trunk 10,20 native 30 mode xdp"
		echo "port $X10 access 10 mode xdp"
		echo "port $T10 access 10 mode tc"
		echo "port $X20 access 20 mode xdp"
		echo "port $T20 access 20 mode tc"
		echo "port $T30 access 30"
		echo "port $MF access 10 learn-limit 64"
		[ "${2:-}" = c3 ] && echo "port $C3 access 30"
		echo "fdb $(colon "$(mac_of "$NX10")") dev $X10 vid 10"
		echo "fdb $(colon "$(mac_of "$NX20")") dev $X20 vid 20"
		echo "fdb $(colon "$(mac_of "$NT30")") dev $T30 vid 30"
	} >"$1"
}

# statics_ok: the configuration's static entries are there, as written.
statics_ok()
{
	local j=$DIR/fdb.json

	bv -j fdb show >"$j" || return 1
	jq -e --arg a "$(colon "$(mac_of "$NX10")")" --arg b "$(colon "$(mac_of "$NX20")")" \
		--arg c "$(colon "$(mac_of "$NT30")")" \
		--arg pa "$X10" --arg pb "$X20" --arg pc "$T30" '
		def has($m; $v; $p): any(.[]; .mac == $m and .vlan == $v and
			.ifname == $p and .flags == ["static"]);
		has($a; 10; $pa) and has($b; 20; $pb) and has($c; 30; $pc)' \
		"$j" >/dev/null
}

domain_xml()
{
	cat <<-EOF
	<domain type='kvm'><name>sk$ID</name>
	<uuid>$(printf '5e0a0000-0000-4000-8000-%012d' "$ID")</uuid>
	<metadata><bpfvlan:ports xmlns:bpfvlan="urn:bpfvlan:libvirt:1">
	<bpfvlan:port dev='$TP1' bridge='$BRIDGE' mode='access' vlan='20'/>
	<bpfvlan:port dev='$TP2' bridge='$BRIDGE' mode='trunk' vlans='10,20'/>
	</bpfvlan:ports></metadata>
	<devices>
	<interface type='ethernet'><mac address='$TP1_MAC'/><target dev='$TP1' managed='no'/></interface>
	<interface type='ethernet'><mac address='$TP2_MAC'/><target dev='$TP2' managed='no'/></interface>
	</devices></domain>
	EOF
}

CHANGES=0 FAILED=0 FAILED_MSG= ROUNDS=0 STATIC_LOST=0 LEARN_OVER=0

# step WHAT CMD...: one churn command, counted.
step()
{
	local what=$1 err

	shift
	if err=$("$@" 2>&1 </dev/null); then
		CHANGES=$((CHANGES + 1))
	else
		FAILED=$((FAILED + 1))
		[ -n "$FAILED_MSG" ] || FAILED_MSG="round $ROUNDS, $what: $err"
	fi
}

hook()
{
	domain_xml | "$HOOK" "sk$ID" "$1" "$2" -
}

# One round: every change made, then undone, leaving the bridge at rest
# (as after setup).
churn_round()
{
	local vid=$((10 + 10 * (ROUNDS % 2))) mode=xdp mac

	[ $((ROUNDS % 4)) -ge 2 ] && mode=tc
	mac=02:5e:00:00:$(printf '%02x:%02x' $((ROUNDS / 256 % 256)) $((ROUNDS % 256)))
	step "attach c1" bv attach "$C1" access "$vid" mode "$mode"
	step "vlan add c2" bv vlan add dev "$C2" vid 20
	step "fdb add" bv fdb add "$mac" dev "$C2" vid 10
	step "hook start" hook start begin
	step "apply with c3" bv apply -f "$DIR/with_c3.conf"
	step "detach c1" bv detach "$C1"
	step "vlan del c2" bv vlan del dev "$C2" vid 20
	step "fdb del" bv fdb del "$mac" vid 10
	step "hook stop" hook stopped end
	step "apply" bv apply -f "$DIR/base.conf"
	statics_ok || STATIC_LOST=$((STATIC_LOST + 1))
	[ "$(learned_on "$MF")" -le 64 ] || LEARN_OVER=$((LEARN_OVER + 1))
	ROUNDS=$((ROUNDS + 1))
}

setup()
{
	DIR=$(mktemp -d /tmp/soak.XXXXXX) || exit 1
	defer rm -rf "$DIR"
	bridge_load || exit 1
	vm "$UP" "$NU" gro && vm "$X10" "$NX10" gro && vm "$T10" "$NT10" &&
	vm "$X20" "$NX20" gro && vm "$T20" "$NT20" && vm "$T30" "$NT30" &&
	vm "$MF" "$NMF" || exit 1
	ns_create "$NC" || exit 1
	for p in $C1 $C2 $C3; do
		ip link add "$p" type veth peer name "${p:0:4}" netns "$NC" || exit 1
		defer ip link del "$p"
		sysctl -qw "net.ipv6.conf.$p.disable_ipv6=1"
		ip netns exec "$NC" ethtool -K "${p:0:4}" rxvlan off txvlan off gro on >/dev/null
		ip link set "$p" up && ip -n "$NC" link set "${p:0:4}" up || exit 1
	done
	tap_add "$TP1" && tap_add "$TP2" || exit 1
	conf "$DIR/base.conf" && conf "$DIR/with_c3.conf" c3 || exit 1
	bv apply -f "$DIR/base.conf" || exit 1
	bv attach "$C2" trunk 10 || exit 1

	ep_add "$NU/eth0" up "10:t 20:t 30:u"
	ep_add "$NX10/eth0" x10 "10:u"
	ep_add "$NT10/eth0" t10 "10:u"
	ep_add "$NX20/eth0" x20 "20:u"
	ep_add "$NT20/eth0" t20 "20:u"
	ep_add "$NT30/eth0" t30 "30:u"
	ep_add "$NMF/eth0" mf "10:u"
	ep_add "$NC/${C1:0:4}" c1 "10:u 20:u"
	ep_add "$NC/${C2:0:4}" c2 "10:t 20:t"
	ep_add "$NC/${C3:0:4}" c3 "30:u"
	ep_add "tap:$TP1" tp1 "20:u"
	ep_add "tap:$TP2" tp2 "10:t 20:t"
}

# --- snapshots ----------------------------------------------------------------

pin()
{
	echo "/sys/fs/bpf/bpfvlan/$BRIDGE/$1"
}

# snapshot NAME PID: what must not grow, into $DIR/NAME.
snapshot()
{
	local ports_id

	ports_id=$(bpftool -j map show pinned "$(pin bv_ports)" | jq .id)
	{
		echo "monitor_fds $(ls "/proc/$2/fd" | wc -l)"
		echo "monitor_rss_kb $(awk '/^VmRSS:/ { print $2 }' "/proc/$2/status")"
		echo "programs $(bpftool -j prog show | jq --argjson m "$ports_id" \
			'[.[] | select((.map_ids // []) | index($m))] | length')"
		echo "flood_devmaps $(bpftool -j map dump pinned "$(pin bv_flood)" | jq length)"
		echo "fdb_entries $(bpftool -j map dump pinned "$(pin bv_fdb)" | jq length)"
		echo "ifindex_hi_entries $(bpftool -j map dump pinned "$(pin bv_ifindex_hi)" | jq length)"
	} >"$DIR/$1"
}

value_of()
{
	awk -v k="$2" '$1 == k { print $2 }' "$DIR/$1"
}

# --- the run --------------------------------------------------------------------

# sender NAME SEED EP ARGS...: a paced bvflood, its output in $DIR/send.SEED.
SENDERS=()
sender()
{
	local seed=$1 ep=$2

	shift 2
	"$BVFLOOD" --count 100000000 --time-ms $((SOAK_S * 1000)) --seed "0x$seed" \
		"$@" "$ep" >"$DIR/send.$seed" 2>&1 &
	SENDERS+=($!)
	defer kill $!
}

soak()
{
	local mon cap start end ep eps=() t0 dmesg0 k

	dmesg0=$(dmesg | wc -l)
	t0=$(date +%s)
	"$BV_BIN" -b "$BRIDGE" -j monitor >"$DIR/monitor.out" 2>"$DIR/monitor.err" &
	mon=$!
	defer kill $mon
	for ep in "${!EP_PORT[@]}"; do
		eps+=(--rx "$ep")
	done
	"$BVPKT" --tally --key --match $MARK_FLOOD --wait $(((SOAK_S + 120) * 1000)) \
		"${eps[@]}" >"$DIR/tally" 2>"$DIR/tally.err" &
	cap=$!
	defer kill $cap
	sleep 1
	# Every sender's MAC known first (the unicast ones need x10's and
	# x20's, which are static; the others are learned from their floods).
	sender 10 "$NX10/eth0" --pps "$PPS" --dst ff:ff:ff:ff:ff:ff --src "$(colon "$(mac_of "$NX10")")"
	sender 11 "$NT10/eth0" --pps "$PPS" --dst "$(colon "$(mac_of "$NX10")")" --src "$(colon "$(mac_of "$NT10")")"
	sender 12 "$NU/eth0" --pps "$PPS" --vid 10 --dst ff:ff:ff:ff:ff:ff --src "$(colon "$(mac_of "$NU")")"
	sender 1f "$NMF/eth0" --pps "$MF_PPS"
	sender 20 "$NT20/eth0" --pps "$PPS" --dst ff:ff:ff:ff:ff:ff --src "$(colon "$(mac_of "$NT20")")"
	sender 21 "$NU/eth0" --pps "$PPS" --vid 20 --dst "$(colon "$(mac_of "$NX20")")" --src "$(colon "$(mac_of "$NU")")"
	sender 30 "$NU/eth0" --pps "$PPS" --dst ff:ff:ff:ff:ff:ff --src "$(colon "$(mac_of "$NU")")"
	sender 31 "$NT30/eth0" --pps "$PPS" --src "$(colon "$(mac_of "$NT30")")"

	# A first round, then the state to compare against.
	churn_round
	sleep 2
	snapshot before "$mon"
	end=$((t0 + SOAK_S - 5))
	while [ "$(date +%s)" -lt "$end" ]; do
		churn_round
	done
	wait "${SENDERS[@]}"
	sleep 2
	kill -TERM $cap
	wait $cap
	snapshot after "$mon"
	stop_monitor $mon
	check_err $? "monitor did not end on SIGTERM"
	dmesg | tail -n +$((dmesg0 + 1)) >"$DIR/dmesg"
	bv -j stats >"$DIR/stats.json"
	report $(( $(date +%s) - t0 ))
}

# --- the figures and the checks ------------------------------------------------

# sum_tally AWK-CONDITION: frames in the tally whose line satisfies it
# (fields: $1 endpoint, $3 seed, $4 "untagged" or "vid", then VID and N).
sum_tally()
{
	awk "$1"' { n += $NF } END { print n + 0 }' "$DIR/tally"
}

# recv_at EP VLAN: frames of VLAN's senders at EP, in any form.
recv_at()
{
	local k n=0

	for k in "${!SEED_VLAN[@]}"; do
		[ "${SEED_VLAN[$k]}" = "$2" ] &&
			n=$((n + $(sum_tally "\$1 == \"$1\" && \$3 == \"$k\"")))
	done
	echo $n
}

# tx_of NAME: tx_packets of port NAME (x10, c1...) at the end; "-" if it
# is no port then (churned ports count from their last attach).
tx_of()
{
	local dev

	case $1 in
	up) dev=$UP ;; x10) dev=$X10 ;; t10) dev=$T10 ;; x20) dev=$X20 ;;
	t20) dev=$T20 ;; t30) dev=$T30 ;; mf) dev=$MF ;; c2) dev=$C2 ;;
	*) echo -; return ;;
	esac
	jq --arg d "$dev" '.[] | select(.ifname == $d) | .tx_packets' "$DIR/stats.json"
}

sent_of()
{
	awk '{ print $2 }' "$DIR/send.$1" 2>/dev/null
}

# bad_frames: per tally line, why it is wrong, if it is (leak, form,
# hairpin, unicast); one line "WHY EP SEED FORM N" each.
bad_frames()
{
	local ep key form vid n v want from

	while read -r ep _ key form vid n; do
		[ "$form" = untagged ] && { n=$vid; vid=; }
		v=${SEED_VLAN[$key]:-}
		[ -n "$v" ] || { echo "unknown $ep $key $form$vid $n"; continue; }
		want=${EP_FORM[$ep:$v]:-}
		from=${SEED_FROM[$key]}
		if [ -z "$want" ]; then
			echo "leak $ep $key $form$vid $n"
		elif { [ "$want" = u ] && [ "$form" != untagged ]; } ||
		     { [ "$want" = t ] && [ "$form$vid" != "vid$v" ]; }; then
			echo "form $ep $key $form$vid $n"
		elif [ "$from" = "${EP_PORT[$ep]}" ]; then
			echo "hairpin $ep $key $form$vid $n"
		elif { [ "$key" = 11 ] && [ "${EP_PORT[$ep]}" != x10 ]; } ||
		     { [ "$key" = 21 ] && [ "${EP_PORT[$ep]}" != x20 ]; }; then
			echo "unicast $ep $key $form$vid $n"
		fi
	done <"$DIR/tally"
}

report()
{
	local secs=$1 bad v s r k why n b a md ep
	local -A sent recv

	bad_frames >"$DIR/bad"
	for k in "${!SEED_VLAN[@]}"; do
		v=${SEED_VLAN[$k]}
		s=$(sent_of "$k")
		sent[$v]=$(( ${sent[$v]:-0} + ${s:-0} ))
		r=$(sum_tally "\$3 == \"$k\"")
		recv[$v]=$(( ${recv[$v]:-0} + r ))
	done
	md=$DIR/report.md
	{
		echo "| figure | value |"
		echo "|---|---|"
		echo "| duration | ${secs} s (SOAK_S=$SOAK_S), senders at $PPS frames/s, the MAC flood at $MF_PPS |"
		echo "| kernel | $(uname -r), $(nproc) CPUs, load at the end $(cut -d' ' -f1-3 /proc/loadavg) |"
		echo "| churn | $ROUNDS rounds, $CHANGES changes made, $FAILED failed |"
		for v in 10 20 30; do
			echo "| VLAN $v | ${sent[$v]} frames sent, ${recv[$v]} copies received |"
		done
		for why in leak form hairpin unicast unknown; do
			n=$(awk -v w=$why '$1 == w { n += $NF } END { print n + 0 }' "$DIR/bad")
			echo "| frames: $why | $n |"
		done
		echo "| static entries lost (rounds) | $STATIC_LOST |"
		echo "| rounds with mf over its learn limit | $LEARN_OVER |"
		echo "| mf: frames not learned (learn_limit) | $(jq --arg d "$MF" '.[] | select(.ifname == $d) | .events.learn_limit // 0' "$DIR/stats.json") |"
		echo "| monitor events | $(wc -l <"$DIR/monitor.out") |"
		for k in monitor_fds monitor_rss_kb programs flood_devmaps fdb_entries \
			 ifindex_hi_entries; do
			echo "| $k before / after | $(value_of before $k) / $(value_of after $k) |"
		done
		echo "| kernel log lines about BPF/XDP, WARNING, BUG | $(grep -ciE 'bpf|xdp|WARNING|BUG|Oops' "$DIR/dmesg") |"
		echo
		echo "| port | copies received: VLAN 10 | VLAN 20 | VLAN 30 | the bridge's tx_packets |"
		echo "|---|---|---|---|---|"
		for ep in $(printf '%s\n' "${!EP_PORT[@]}" | sort); do
			printf '| %s |' "${EP_PORT[$ep]}"
			for v in 10 20 30; do
				printf ' %s |' "$(recv_at "$ep" "$v")"
			done
			printf ' %s |\n' "$(tx_of "${EP_PORT[$ep]}")"
		done
	} >"$md"
	cat "$md"
	[ -n "${SOAK_REPORT:-}" ] && cp "$md" "$SOAK_REPORT"

	[ "$ROUNDS" -ge 2 ] && [ "$FAILED" -eq 0 ]
	check_err $? "churn: $ROUNDS rounds, $FAILED failed commands; the first: $FAILED_MSG"
	log_test "soak: churn ($ROUNDS rounds, $CHANGES changes)"
	for why in leak form hairpin unicast unknown; do
		b=$(grep "^$why " "$DIR/bad" | head -5 | tr '\n' ';')
		[ -z "$b" ]
		check_err $? "$why: $b"
	done
	log_test "soak: no cross-VLAN leak, wrong form, hairpin or misdelivered unicast"
	[ "$STATIC_LOST" -eq 0 ] && [ "$LEARN_OVER" -eq 0 ]
	check_err $? "static entries lost in $STATIC_LOST rounds; mf over its limit in $LEARN_OVER"
	log_test "soak: static entries kept, learn limit held"
	for v in 10 20 30; do
		[ "${recv[$v]}" -gt 0 ] && [ "${sent[$v]}" -gt 0 ]
		check_err $? "VLAN $v: ${sent[$v]} sent, ${recv[$v]} received"
	done
	[ ! -s "$DIR/tally.err" ]
	check_err $? "bvpkt: $(cat "$DIR/tally.err")"
	log_test "soak: traffic in every VLAN"
	b=$(value_of before monitor_rss_kb) a=$(value_of after monitor_rss_kb)
	[ "$a" -le $((b + RSS_SLACK_KB)) ]
	check_err $? "monitor's RSS grew from $b to $a kB"
	for k in monitor_fds programs flood_devmaps fdb_entries \
		 ifindex_hi_entries; do
		b=$(value_of before $k) a=$(value_of after $k)
		[ -n "$a" ] && [ "$a" -le "$b" ]
		check_err $? "$k grew from $b to $a"
	done
	log_test "soak: no growth (fds, memory, programs, map entries)"
	! grep -qiE 'bpf|xdp|WARNING|BUG|Oops' "$DIR/dmesg"
	check_err $? "kernel log: $(grep -iE 'bpf|xdp|WARNING|BUG|Oops' "$DIR/dmesg" | head -3 | tr '\n' ';')"
	log_test "soak: kernel log free of BPF warnings"
}

require_root
require_veth_xdp
require_cmd ip jq ethtool bpftool
require_built
require_tool "$BVFLOOD" "$HOOK"
setup
tests_run
