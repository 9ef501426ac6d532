# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Shared helpers for bpfvlan topology tests, after the kernel's
# tools/testing/selftests/net/forwarding/lib.sh: ALL_TESTS, RET,
# check_err/check_fail, log_test, busywait, cleanup registered with defer
# as soon as a thing is made. Source it; then call tests_run.
#
# Every name a test makes carries the PID ($$), so concurrent tests and
# leftovers of a crashed run never collide. Traffic stays inside the
# namespaces the test made.

set -u

ksft_skip=4
SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${BUILD:-$SELFTESTS/../build}
BV_BIN=${BV_BIN:-$BUILD/bpfvlan}
# The test build of the CLI: BV_BIN and its test hooks (BPFVLAN_TEST_FAIL_STEP).
BV_TEST_BIN=${BV_TEST_BIN:-$BUILD/bpfvlan-test}
BVPKT=${BVPKT:-$BUILD/bvpkt}
BVFAULT=${BVFAULT:-$BUILD/libbvfault.so}	# LD_PRELOAD fault injection
BVFLOOD=${BVFLOOD:-$BUILD/bvflood}	# frames from many MACs, fast

RET=0
EXIT_STATUS=0
retmsg=
ID=$$				# unique per test process
BRIDGE=${BRIDGE:-bvt$ID}	# bridge name used by bv()
DEFERRED=()

# --- cleanup --------------------------------------------------------------

defer()
{
	DEFERRED+=("$*")
}

run_deferred()
{
	local i

	for ((i = ${#DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${DEFERRED[i]}" >/dev/null 2>&1
	done
	DEFERRED=()
}

# On exit: clean up, then keep an explicit `exit N` (a setup failure, a
# skip), else report whether a test failed. (`exit` in an EXIT trap would
# otherwise replace the script's own status.)
on_exit()
{
	local rc=$1

	run_deferred
	[ "$rc" -eq 0 ] && rc=$EXIT_STATUS
	exit "$rc"
}

trap 'on_exit $?' EXIT
trap 'EXIT_STATUS=1; exit 1' INT TERM

# --- jq --------------------------------------------------------------------

# jq -e: as jq, but no input at all fails too (5). jq 1.6 exits 0 on empty
# input, so `cmd | jq -e FILTER` would pass when cmd failed and printed
# nothing. Input is standard input, or a FILE given last; -n needs none.
jq()
{
	local in last=${*: -1}

	if [[ " $* " != *" -e "* || " $* " == *" -n "* ]]; then
		command jq "$@"
		return
	fi
	if [ $# -ge 2 ] && [ -f "$last" ]; then
		[ -s "$last" ] || return 5
		command jq "$@"
		return
	fi
	in=$(cat) || return 5
	[ -n "${in//[[:space:]]/}" ] || return 5
	command jq "$@" <<<"$in"
}

# --- requirements ----------------------------------------------------------

require_root()
{
	[ "$(id -u)" -eq 0 ] || skip_test root "needs root"
}

# veth_xdp_ok: bpfvlan may put XDP on veth ports (mode xdp) on this
# kernel: that takes the kfunc bpf_xdp_metadata_rx_vlan_tag (6.8+) in a
# program bound to the device (6.18+, dev_bound_ok),
# without which XDP would not see a tag the peer keeps outside the frame
# (loader/policy.c).
veth_xdp_ok()
{
	grep -qw bpf_xdp_metadata_rx_vlan_tag /proc/kallsyms && dev_bound_ok
}

# dev_bound_ok: bpfvlan binds XDP programs to devices on this kernel
# (6.18+: before, deleting the device of a bound program can crash the
# kernel; loader/kernel.h).
dev_bound_ok()
{
	local major minor

	IFS=. read -r major minor _ <<<"$(uname -r)"
	[ "${major:-0}" -gt 6 ] || { [ "${major:-0}" -eq 6 ] && [ "${minor%%[!0-9]*}" -ge 18 ]; }
}

# require_veth_xdp: skip a test that forces XDP on veths where it cannot.
require_veth_xdp()
{
	veth_xdp_ok && return 0
	skip_test rx-vlan-kfunc "kernel $(uname -r): no usable bpf_xdp_metadata_rx_vlan_tag (6.18+): no mode xdp on veth ports"
}

require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			skip_test "$c" "$c not found (make deps)"
	done
}

require_built()
{
	if [ ! -x "$BV_BIN" ] || [ ! -x "$BVPKT" ]; then
		echo "FAIL: $BV_BIN or $BVPKT missing (make)"
		exit 1
	fi
}

# require_tool FILE...: every FILE, a test tool ($BVFLOOD, $BVFAULT), is
# built; FAIL (exit 1) otherwise.
require_tool()
{
	local f

	for f in "$@"; do
		[ -x "$f" ] || { echo "FAIL: $f missing (make)"; exit 1; }
	done
}

# --- results ---------------------------------------------------------------

check_err()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -ne 0 ]; then
		RET=$err
		retmsg=$msg
	fi
}

check_fail()
{
	local err=$1 msg=$2

	if [ "$RET" -eq 0 ] && [ "$err" -eq 0 ]; then
		RET=1
		retmsg=$msg
	fi
}

log_test()
{
	local name=$1

	if [ "$RET" -ne 0 ]; then
		EXIT_STATUS=1
		printf "TEST: %-60s [FAIL]\n" "$name"
		[ -n "$retmsg" ] && printf "\t%s\n" "$retmsg"
	else
		printf "TEST: %-60s [ OK ]\n" "$name"
	fi
	RET=0
	retmsg=
}

log_info()
{
	printf "INFO: %s\n" "$*"
}

# --- skips -----------------------------------------------------------------
# Every skip is said ("SKIP:" for a whole test, "[SKIP]" for a case, with
# the reason) and noted in BV_SKIP_LOG (set by run.sh) as "SCRIPT CASE
# REASON" ("*" for the whole test): run.sh fails the run on a skip that
# selftests/skips.expected does not list.

# required FEATURE: this run demands FEATURE (BV_REQUIRE, a list set by
# the kernel matrix in its guests, whose kernels have bonding, bridge,
# 8021q and emulated NICs): a test missing it fails instead of skipping.
required()
{
	[[ " ${BV_REQUIRE:-} " == *" $1 "* ]]
}

skip_note()
{
	[ -n "${BV_SKIP_LOG:-}" ] &&
		printf '%s %s %s\n' "$(basename "$0")" "$1" "$2" >>"$BV_SKIP_LOG"
	return 0
}

# skip_case NAME FEATURE WHY: case NAME (called from the case's function)
# cannot run here for want of FEATURE: "[SKIP]", or a failure where
# FEATURE is required.
skip_case()
{
	if required "$2"; then
		check_err 1 "$3 (BV_REQUIRE has $2)"
		log_test "$1"
		return
	fi
	printf "TEST: %-60s [SKIP]\n\t%s\n" "$1" "$3"
	skip_note "${FUNCNAME[1]}" "$3"
}

# skip_test FEATURE WHY: the whole test cannot run here: exit 4 (skip),
# or 1 where FEATURE is required.
skip_test()
{
	if required "$1"; then
		echo "FAIL: $2 (BV_REQUIRE has $1)"
		exit 1
	fi
	echo "SKIP: $2"
	skip_note "*" "$2"
	exit $ksft_skip
}

# tcp_listening NS: an iperf3 server listens in NS.
tcp_listening()
{
	ip netns exec "$1" ss -ltnH 'sport = :5201' | grep -q .
}

# tcp_received FROM_NS FROM_IP TO_NS: TCP_BYTES from FROM_NS to TO_NS,
# bounded in time (TCP_TIMEOUT seconds, default 60: more under TCG);
# prints the bytes TO_NS received. The receiver is the iperf3 client (-R),
# which counts every byte (a sending client stops counting at its last
# write, before the tail has arrived).
tcp_received()
{
	local spid json t=${TCP_TIMEOUT:-60}

	ip netns exec "$1" timeout $((t + 10)) iperf3 -s -1 -B "$2" >/dev/null 2>&1 &
	spid=$!
	if ! busywait $((t * 1000 / 4)) tcp_listening "$1"; then
		kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
		echo 0
		return
	fi
	json=$(timeout "$t" ip netns exec "$3" iperf3 -c "$2" -n "$TCP_BYTES" -R \
		--connect-timeout $((t * 1000 / 6)) -J 2>/dev/null)
	wait "$spid" 2>/dev/null
	jq -r '.end.sum_received.bytes // 0' <<<"$json" 2>/dev/null || echo 0
}

# busywait TIMEOUT_MS CMD...: run CMD until it succeeds or time runs out.
busywait()
{
	local timeout_ms=$1; shift
	local start now

	start=$(date +%s%3N)
	while true; do
		"$@" && return 0
		now=$(date +%s%3N)
		[ $((now - start)) -ge "$timeout_ms" ] && return 1
		sleep 0.05
	done
}

# run_tests [--veth-xdp] CMD...: a test's last line: root, mode xdp on
# veths if asked (require_veth_xdp), the commands CMD, the built tree,
# then setup and every case.
run_tests()
{
	require_root
	if [ "${1:-}" = --veth-xdp ]; then
		require_veth_xdp
		shift
	fi
	require_cmd "$@"
	require_built
	setup
	tests_run
}

# tests_run: every case of ALL_TESTS, or only those BV_CASES names.
tests_run()
{
	local t

	for t in ${BV_CASES:-$ALL_TESTS}; do
		$t
	done
	return 0
}

# tests_run_rounds ROUND ARG...: ALL_TESTS once per ARG, after `ROUND ARG`
# (which sets the round up, e.g. the path or attach mode, and logs it);
# exit 1 if ROUND fails.
tests_run_rounds()
{
	local round=$1 arg; shift

	for arg in "$@"; do
		$round "$arg" || exit 1
		tests_run
	done
}

# --- topology --------------------------------------------------------------

bv()
{
	"$BV_BIN" -b "$BRIDGE" "$@"
}

# bv_test ARGS...: bv, as the test build with its hooks.
bv_test()
{
	"$BV_TEST_BIN" -b "$BRIDGE" "$@"
}

# bridge_load [ARGS...]: load $BRIDGE in the current netns, unloaded at exit.
bridge_load()
{
	bv load "$@" || return 1
	defer "$BV_BIN" -b "$BRIDGE" unload
}

# ns_create NAME: a namespace with lo up and IPv6 off (no ND noise).
ns_create()
{
	ip netns add "$1" || return 1
	defer ip netns del "$1"
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
}

# host_add NS PORT [gro]: a veth pair, PORT in the current netns (the bridge
# side) and eth0 in NS (the VM side). VLAN offloads off on eth0 so that
# tags sent from NS are bytes on the wire. "gro" turns GRO on in NS, which
# lets bpfvlan redirect XDP frames into PORT; without it PORT takes the TC
# path.
host_add()
{
	local ns=$1 port=$2 gro=${3:-}

	ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	defer ip link del "$port"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null
	sysctl -qw "net.ipv6.conf.$port.disable_ipv6=1"
	ip netns exec "$ns" ethtool -K eth0 rxvlan off txvlan off >/dev/null 2>&1
	[ "$gro" = gro ] && ip netns exec "$ns" ethtool -K eth0 gro on >/dev/null
	ip link set "$port" up
	ip -n "$ns" link set eth0 up
}

# host_ns_add NS PORT [gro]: host_add, and the namespace NS it goes in.
host_ns_add()
{
	ns_create "$1" && host_add "$@"
}

# hv_port_add HV NS PORT [gro]: as host_add, with the bridge side in the
# namespace HV (a hypervisor): PORT in HV, eth0 in NS, both up, VLAN
# offloads off on eth0. Both ends go with the namespaces.
hv_port_add()
{
	local hv=$1 ns=$2 port=$3 gro=${4:-}

	ip -n "$hv" link add "$port" type veth peer name eth0 netns "$ns" ||
		return 1
	ip netns exec "$ns" ethtool -K eth0 rxvlan off txvlan off >/dev/null
	[ "$gro" = gro ] && ip netns exec "$ns" ethtool -K eth0 gro on >/dev/null
	ip -n "$hv" link set "$port" up
	ip -n "$ns" link set eth0 up
}

# --- hypervisors (bpfvlan -n NS) ---------------------------------------------

# hv_add HV BRIDGE: a hypervisor: namespace HV, and BRIDGE loaded in it,
# unloaded at exit.
hv_add()
{
	ns_create "$1" || return 1
	"$BV_BIN" -n "$1" -b "$2" load || return 1
	defer "$BV_BIN" -n "$1" -b "$2" unload
}

# hv_vm_add HV NS PORT [gro]: a VM on hypervisor HV: namespace NS whose
# eth0 is a veth to PORT in HV (hv_port_add).
hv_vm_add()
{
	ns_create "$2" && hv_port_add "$@"
}

# hv_trunk_add HV1 HV2 [NAME]: the link NAME (default trk) in both
# hypervisors, a veth pair, up; no offload set: bpfvlan must see to tags.
hv_trunk_add()
{
	local dev=${3:-trk}

	ip -n "$1" link add "$dev" type veth peer name "$dev" netns "$2" ||
		return 1
	ip -n "$1" link set "$dev" up && ip -n "$2" link set "$dev" up
}

# tap_add DEV: a persistent tap in the current netns, up, IPv6 off; a
# test opens it like QEMU does (bvpkt endpoint tap:DEV).
tap_add()
{
	ip tuntap add dev "$1" mode tap || return 1
	defer ip link del "$1"
	sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1"
	ip link set "$1" up
}

# mac_of NS [DEV]: MAC address of DEV (default eth0) in NS, as hex digits.
mac_of()
{
	ip -n "$1" -j link show "${2:-eth0}" | jq -r '.[0].address' | tr -d :
}

# --- frames ----------------------------------------------------------------
# Frames are hex strings for bvpkt. A marker in the payload lets a test count
# only its own frames (bvpkt --match).

MARK=beefca11

# payload ETHERTYPE: ethertype + marker + padding to 60 bytes total frame.
payload()
{
	printf '%s%s%s' "$1" "$MARK" "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
}

# tag TPID PCP VID: a 4-byte tag as hex.
tag()
{
	printf '%s%04x' "$1" $(( ($2 << 13) | $3 ))
}

# frame DST SRC [TAG...] : DST/SRC are 12 hex digits; ends with payload.
frame()
{
	local dst=$1 src=$2; shift 2
	printf '%s%s%s%s' "$dst" "$src" "$(printf '%s' "$@")" "$(payload 88b5)"
}

BCAST=ffffffffffff

# count_at OUTPUT EP: how many frames bvpkt reported at endpoint EP.
count_at()
{
	printf '%s\n' "$1" | grep -c "^$2 " || true
}

# frames_at OUTPUT EP: the hex of frames at EP, one per line.
frames_at()
{
	printf '%s\n' "$1" | awk -v ep="$2" '$1 == ep { print $2 }'
}

pkt()
{
	"$BVPKT" --match "$MARK" "$@"
}

# deliver OUTPUT EP N: bvpkt saw exactly N frames at EP (check_err).
deliver()
{
	local n

	n=$(count_at "$1" "$2")
	[ "$n" -eq "$3" ]
	check_err $? "$3 frame(s) expected at $2, got $n: $1"
}

# rx_eps NS...: bvpkt arguments listening on eth0 of every NS.
rx_eps()
{
	printf -- '--rx %s/eth0 ' "$@"
}

# mac NN: a source MAC unique to the round ($ROUND), so that rounds never
# see each other's FDB entries.
mac()
{
	printf '02%02x0000%04x' "$ROUND" "$1"
}

# colon HEX12: the 02:00:00:00:00:01 form of a MAC given as 12 hex digits.
colon()
{
	printf '%s' "$1" | sed 's/../&:/g; s/:$//'
}

# --- bridge state (bpfvlan -j) ------------------------------------------------

# stat_on BVCMD DEV PATH: a number from `BVCMD -j stats dev DEV`, where
# BVCMD is bv or a test's command for another bridge.
stat_on()
{
	$1 -j stats dev "$2" | jq -r ".[0]$3"
}

# stat_of DEV PATH: a number from `bpfvlan -j stats dev DEV`, e.g. .drops.runt
stat_of()
{
	stat_on bv "$@"
}

# rx_of DEV: frames DEV received, counted by the bridge. Attach zeroes a
# port's counters: a count that only grew means the port stayed attached.
rx_of()
{
	stat_of "$1" .rx_packets
}

# port_json DEV [KEY]: DEV's object of `port show -j` on one line, or its
# KEY (strings raw); nothing if DEV is no port.
port_json()
{
	bv -j port show | jq -cr --arg d "$1" ".[] | select(.ifname == \$d)${2:+.$2}"
}

# vids_of DEV: the VIDs DEV is a member of, as a JSON array.
vids_of()
{
	bv -j vlan show dev "$1" | jq -c '[.[0].vlans[].vlan]'
}

# fdb_json BVCMD HEX12 VID: the entry {VID, MAC} of `BVCMD -j fdb show` on
# one line, or nothing.
fdb_json()
{
	$1 -j fdb show | jq -c --arg mac "$(colon "$2")" --argjson vid "$3" \
		'.[] | select(.mac == $mac and .vlan == $vid)'
}

# fdb_entry HEX12 VID: "IFNAME FLAGS" of the entry {VID, MAC}, or nothing:
# "p1 " learned on p1, "p1 static" static.
fdb_entry()
{
	fdb_json bv "$1" "$2" | jq -r '"\(.ifname) \(.flags | join(","))"'
}

# entry_is HEX12 VID WANT: fdb_entry HEX12 VID is WANT.
entry_is()
{
	[ "$(fdb_entry "$1" "$2")" = "$3" ]
}

fdb_count()
{
	bv -j fdb show | jq length
}

# learned_on DEV [BVCMD]: how many MACs are learned (not static) on DEV.
learned_on()
{
	${2:-bv} -j fdb show dev "$1" | jq '[.[] | select(.flags == [])] | length'
}

# xdp_id DEV: the id of DEV's XDP program, 0 for none.
xdp_id()
{
	ip -j link show "$1" | jq '.[0].xdp.prog.id // 0'
}

# tc_ids DEV: the ids of DEV's TC ingress programs, as a JSON array.
tc_ids()
{
	tc -j filter show dev "$1" ingress | jq -c '[.[].options.prog.id // empty]'
}

# --- frame assertions (datapath tests) ---------------------------------------

# tag_into FRAME TAG: FRAME (hex) with TAG (hex) inserted after the MACs,
# i.e. the form it has leaving a port that sends it tagged.
tag_into()
{
	printf '%s%s%s' "${1:0:24}" "$2" "${1:24}"
}

# untag FRAME: FRAME without the 4-byte tag after the MACs.
untag()
{
	printf '%s%s' "${1:0:24}" "${1:32}"
}

# expect_at OUTPUT EP [HEX...]: the frames bvpkt reported at EP are exactly
# HEX... (in any order, each as often as listed); none if HEX is absent.
expect_at()
{
	local out=$1 ep=$2; shift 2
	local got want

	got=$(frames_at "$out" "$ep" | sort)
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
	[ "$got" = "$want" ]
	check_err $? "at $ep: want $# frame(s) [$(echo $want)], got [$(echo $got)]"
}

# xdp_to_tc_total: events.xdp_to_tc summed over every port of $BRIDGE.
xdp_to_tc_total()
{
	bv -j stats | jq '[.[].events.xdp_to_tc] | add // 0'
}

# gro_round xdp|tc LABEL NS...: start a round on one path: GRO on (xdp) or
# off (tc) on eth0 in every NS, which lets the ports take XDP frames or
# not; check that bpfvlan sees it (xdp_tx of every port) and log it.
gro_round()
{
	local label=$2 ns on=off want=false

	PATH_MODE=$1
	ROUND=$((ROUND + 1))
	[ "$PATH_MODE" = xdp ] && on=on && want=true
	shift 2
	for ns in "$@"; do
		ip netns exec "$ns" ethtool -K eth0 gro $on >/dev/null || return 1
	done
	RET=0
	bv -j port show | jq -e "all(.[]; .xdp_tx == $want)" >/dev/null
	check_err $? "xdp_tx of the ports is not $want after GRO $on"
	log_test "$label: peers with GRO $on -> $PATH_MODE path"
}

# stop_monitor PID: SIGTERM, and its exit status 0 within 3 s (else it is
# killed and this fails).
stop_monitor()
{
	kill -TERM "$1"
	if ! busywait 3000 eval "! kill -0 $1 2>/dev/null"; then
		kill -KILL "$1"
		wait "$1"
		return 1
	fi
	wait "$1"
}

# path_check BEFORE [N]: frames sent since xdp_to_tc_total was BEFORE took
# the round's path (PATH_MODE): in an xdp round none went to TC; in a tc
# round exactly N did (or at least one, without N).
path_check()
{
	local delta=$(( $(xdp_to_tc_total) - $1 ))

	if [ "$PATH_MODE" = xdp ]; then
		[ "$delta" -eq 0 ]
		check_err $? "XDP round: $delta frame(s) went to TC"
	elif [ $# -ge 2 ]; then
		[ "$delta" -eq "$2" ]
		check_err $? "TC round: xdp_to_tc grew by $delta, want $2"
	else
		[ "$delta" -gt 0 ]
		check_err $? "TC round: no frame went to TC"
	fi
}
