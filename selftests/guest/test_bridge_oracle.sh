#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The Linux bridge as a second oracle (runs in a guest kernel with bridge
# vlan_filtering: `make check-kernels`; skips where the kernel lacks it).
#
# Namespace HV holds two bridges with the same ports: a Linux bridge
# (vlan_filtering 1, default PVID none, no STP, no multicast snooping, no
# learning from link-local frames) with ports l0..lN-1, and a bpfvlan
# bridge with ports b0..bN-1; each port a veth whose far end, of the same
# name, is in namespace SINKS. Access VID V is `bridge vlan add vid V pvid
# untagged` on one and `access V` on the other; a trunk's VIDs are plain
# members, its native VID `pvid untagged`. build/bvoracle sends every frame
# into the same port of both from SINKS and compares, per frame, which
# ports got a copy and its exact bytes (tag: VID, PCP/DEI, untagged; VLAN
# offloads off, the kernel's auxdata tag put back) with bpfvlan's model and
# with what the documented rules say the Linux bridge sends (README,
# "bpfvlan vs the Linux bridge"); any other difference fails and prints a
# reproducer (configuration, learned MACs, frame hex). After a frame one
# bridge learned from and the other did not, that MAC is deleted from both;
# every 128 frames the FDBs of both and of the model are compared.
#
# Ports 0-3 are written out below, with frames that each must be the same
# on both bridges or differ by one named rule; ports 4.. and
# ORACLE_FRAMES frames come from the differential fuzzer's generator, seed
# ORACLE_SEED (printed). Each rule's count of differences is printed at
# the end. Round 0 attaches bpfvlan's ports `mode auto` (veths: the TC
# path); round 1 the same ports `mode xdp`, GRO on at their far ends, so
# that the XDP path forwards what it can (kernel 6.8 and later: skipped
# before), with the same fixed frames and new random ones. ORACLE_ROUNDS
# (2) rounds take their modes in turn from ORACLE_MODES ("auto xdp");
# those after the first of each mode draw new random ports.
#
# Processes are few on purpose: under TCG each costs seconds.

ALL_TESTS="oracle_rounds"
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

ORACLE=${ORACLE:-$BUILD/bvoracle}
PORTS=${ORACLE_PORTS:-8}
ROUNDS=${ORACLE_ROUNDS:-2}
FRAMES=${ORACLE_FRAMES:-3000}
printf -v SEED '%(%s)T' -1
SEED=${ORACLE_SEED:-$SEED}
read -r -a MODES <<<"${ORACLE_MODES:-auto xdp}"
MODE=			# of the round

HV=bo-hv-$ID SINKS=bo-sk-$ID
LBR=lbr			# the Linux bridge, in HV
BVB=bo$ID		# the bpfvlan bridge
PREV=			# the configuration in place (its VLANs go first)
declare -A RULES	# rule -> differences counted
RULE_NAMES=()		# in the order bvoracle prints them

# The port devices of each bridge, barrier ports last.
LPORTS=()
BPORTS=()
for ((i = 0; i < PORTS; i++)); do
	LPORTS+=("l$i")
	BPORTS+=("b$i")
done
LPORTS+=(lx ly)
BPORTS+=(bx by)

# port_lines BYTE MASTER PORT...: ip -batch lines for HV that make each
# PORT (its far end of the same name in SINKS) with MAC 02:00:00:00:BYTE:NN,
# NN from 01 in order, a port of MASTER unless it is "-". No IPv6
# link-local addresses: nothing but the test's frames crosses the bridges.
port_lines()
{
	local byte=$1 master=$2 p mac=0

	shift 2
	for p in "$@"; do
		mac=$((mac + 1))
		printf 'link add %s address 02:00:00:00:%s:%02x type veth peer name %s netns %s\n' \
			"$p" "$byte" "$mac" "$p" "$SINKS"
		[ "$master" != - ] && echo "link set $p master $master"
		echo "link set $p addrgenmode none up"
	done
}

# The Linux bridge and its ports (MACs 02:00:00:00:0b:NN), bpfvlan's
# (02:00:00:00:0c:NN).
hv_lines()
{
	echo "link add $LBR type bridge vlan_filtering 1 vlan_default_pvid 0" \
		"mcast_snooping 0 no_linklocal_learn 1 stp_state 0" \
		"ageing_time 360000"
	port_lines 0b "$LBR" "${LPORTS[@]}"
	port_lines 0c - "${BPORTS[@]}"
	echo "link set $LBR addrgenmode none up"
}

sinks_lines()
{
	printf 'link set %s addrgenmode none up\n' "${LPORTS[@]}" "${BPORTS[@]}"
}

# netns add|del: both namespaces, one ip process.
netns()
{
	printf 'netns %s %s\nnetns %s %s\n' "$1" "$HV" "$1" "$SINKS" |
		ip -force -batch -
}

setup()
{
	local err ns

	netns add || exit 1
	defer netns del
	# No IPv6 on any device of either namespace: a veth brought up with
	# `addrgenmode none up` in one message gets a link-local address
	# first, and its MLD reports (seen from a sink's end on 6.1) would
	# cross the bridges among the test's frames.
	for ns in "$HV" "$SINKS"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || exit 1
	done
	# The bridge's line first: a kernel without vlan_filtering fails it.
	if ! err=$(hv_lines | ip -n "$HV" -batch - 2>&1); then
		if [[ $err == *"failed -:1" ]]; then
			skip_test bridge-vlan-filtering "no bridge vlan_filtering in $(uname -r): ${err%%$'\n'*}"
		fi
		echo "FAIL: $err"
		exit 1
	fi
	sinks_lines | ip -n "$SINKS" -batch - || exit 1
	# bpfvlan apply loads the bridge
	defer "$BV_BIN" -n "$HV" -b "$BVB" unload
	log_info "seed $SEED (ORACLE_SEED), $ROUNDS round(s) of $FRAMES frames on $PORTS ports, modes ${MODES[*]}; set up in $SECONDS s"
}

# Ports 0-3: two access ports of VLAN 10 (MTU 1500 and 9000), a trunk of
# 10,20,30 with native 30, one without native VLAN.
FIXED_PORTS="barrier 4000
port 0 mtu 1500 access 10
port 1 mtu 9000 access 10
port 2 mtu 1500 trunk 10,20,30 native 30
port 3 mtu 1500 trunk 10,20,30"

# bridge_lines CONF: `bridge -batch` lines that give the Linux bridge the
# ports CONF (bvoracle's format) says, the VLANs of PREV removed first.
bridge_lines()
{
	local w v

	while read -r -a w; do
		case ${w[0]:-} in
		barrier) echo "vlan del dev lx vid ${w[1]}"
			 echo "vlan del dev ly vid ${w[1]}" ;;
		port) for v in ${w[5]//,/ }; do
				echo "vlan del dev l${w[1]} vid $v"
			done ;;
		esac
	done <<<"$PREV"
	while read -r -a w; do
		case ${w[0]:-} in
		barrier) echo "vlan add dev lx vid ${w[1]} pvid untagged"
			 echo "vlan add dev ly vid ${w[1]} pvid untagged" ;;
		port) for v in ${w[5]//,/ }; do
				if [ "${w[4]}" = access ] || [ "$v" = "${w[7]:-}" ]; then
					echo "vlan add dev l${w[1]} vid $v pvid untagged"
				else
					echo "vlan add dev l${w[1]} vid $v"
				fi
			done ;;
		esac
	done <<<"$1"
}

# bv_lines CONF: the same as a bpfvlan configuration file.
bv_lines()
{
	local w

	echo "bridge ageing 3600"
	while read -r -a w; do
		case ${w[0]:-} in
		barrier) echo "port bx access ${w[1]} mode $MODE"
			 echo "port by access ${w[1]} mode $MODE" ;;
		port) echo "port b${w[1]} ${w[4]} ${w[5]}${w[7]:+ native ${w[7]}} mode $MODE" ;;
		esac
	done <<<"$1"
}

# bv_apply CONF: bpfvlan gets the ports CONF says, in MODE.
bv_apply()
{
	local conf

	conf=$(bv_lines "$1") &&
		"$BV_BIN" -n "$HV" -b "$BVB" apply -f /dev/stdin <<<"$conf" \
			>/dev/null
}

# apply CONF: both bridges get the ports CONF says.
apply()
{
	local lines

	lines=$(bridge_lines "$1") &&
		bridge -n "$HV" -force -batch - <<<"$lines" &&
		bv_apply "$1" || return 1
	PREV=$1
}

# oracle CONF ARGS...: bvoracle run on the bridges; the counts it prints
# go into RULES, its other lines are shown.
oracle()
{
	local conf=$1 out rc line name n
	shift

	[ "$MODE" = xdp ] && set -- --gro "$@"
	out=$("$ORACLE" run --hv "$HV" --sinks "$SINKS" --linux "$LBR" \
		--bpfvlan "$BVB" --config /dev/stdin "$@" <<<"$conf")
	rc=$?
	while IFS= read -r line; do
		case $line in
		rule\ *) read -r _ name n <<<"$line"
			 [ -z "${RULES[$name]:-}" ] && RULE_NAMES+=("$name")
			 RULES[$name]=$(( ${RULES[$name]:-0} + n )) ;;
		frames\ *) log_info "$line" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <<<"$out"
	return $rc
}

# --- frames -------------------------------------------------------------------

printf -v PAD '%0240d' 0
FIXED=()		# bvoracle's --frame options

# fixed PORT RULES DST SRC [HEADER...]: a frame of 60 bytes into PORT,
# zeros after its headers, that must differ by RULES (or be the same).
fixed()
{
	local h

	printf -v h '%s' "${@:3}"
	h=$h$PAD
	FIXED+=(--frame "$1:${h:0:120}:$2")
}

# fixed_big PORT RULES SRC LEN: an untagged broadcast of LEN bytes.
fixed_big()
{
	local h=ffffffffffff${3}88b5

	while [ ${#h} -lt $((2 * $4)) ]; do
		h=$h$PAD
	done
	FIXED+=(--frame "$1:${h:0:$((2 * $4))}:$2")
}

# The frames into ports 0-3.
fixed_frames()
{
	local A=02000000aa01 B=02000000aa02 C=02000000aa03 BC=ffffffffffff

	fixed 0 same $BC $A 88b5		# learns A in VLAN 10
	fixed 2 same $BC $B 88b5		# native VLAN 30
	fixed 3 same $A $C 8100001e 88b5	# unknown in VLAN 30: flood
	fixed 0 same $A $A 88b5			# to its own port: dropped
	fixed 0 stp_bpdu 0180c2000000 $B 0026 424203
	fixed 0 same 0180c200000e $B 88cc	# LLDP
	fixed 0 same 0180c2000001 $B 8808	# pause
	fixed 0 tagged_access $BC $C 8100a00a 88b5
	fixed 1 tagged_access $BC $C 8100000a 88b5
	fixed 0 nested_tag $BC $C 81003000 81000014 88b5
	fixed 2 nested_tag $BC $C 81000000 81000014 88b5
	fixed 3 same $BC $C 81000000 81000014 88b5	# no native: dropped
	fixed 0 same $BC $C 88a80014 88b5	# 802.1ad outer: untagged
	fixed 0 local_mac 020000000b02 $C 88b5	# l1's MAC
	fixed_big 1 mtu_slack $B 1518
	# one past the slack of 1500-byte ports; a random port's MTU 1504
	# in VLAN 10 would take it, untagged (bpfvlan not)
	fixed_big 1 same,mtu_slack? $B 1519
	fixed_big 1 same $B 1514
	FIXED+=(--frame "3:$BC${C}8100001488a8000588b5:short_double_tag")
	FIXED+=(--frame "3:$BC${C}8100001e88a8000588b5:same")
}

# Round 0 and the rounds of the other modes share ports 0-3 and random
# ones, and each starts with the fixed frames; later rounds draw new ports.
oracle_rounds()
{
	local r seed conf=

	fixed_frames
	for ((r = 0; r < ROUNDS; r++)); do
		RET=0
		seed=$((SEED + r))
		MODE=${MODES[r % ${#MODES[@]}]}
		# bpfvlan refuses XDP on veths without the kfunc (lib.sh)
		if [ "$MODE" = xdp ] && ! veth_xdp_ok; then
			log_info "round $r skipped: no mode xdp on veth ports before 6.18"
			continue
		fi
		if [ -n "$conf" ] && [ "$r" -lt ${#MODES[@]} ]; then
			bv_apply "$conf"	# the same ports, another mode
		else
			[ "$r" -ge ${#MODES[@]} ] && FIXED=()
			conf=$("$ORACLE" config --seed "$seed" --ports "$PORTS" \
				${FIXED[0]:+--config /dev/stdin} <<<"$FIXED_PORTS") &&
				apply "$conf"
		fi
		check_err $? "cannot configure the bridges"
		[ "$RET" -eq 0 ] && oracle "$conf" "${FIXED[@]}" --seed "$seed" \
			--frames "$FRAMES"
		check_err $? "the bridges differ beyond the rules (seed $seed)"
		log_test "bridge oracle: round $r, mode $MODE, seed $seed${FIXED[0]:+, fixed frames first}"
	done
}

summary()
{
	local r text=

	for r in "${RULE_NAMES[@]}"; do
		text="$text $r ${RULES[$r]},"
	done
	log_info "differences by rule:${text%,}; $SECONDS s in all"
}

require_root
require_cmd ip bridge
require_built
require_tool "$ORACLE"
setup
tests_run
summary
