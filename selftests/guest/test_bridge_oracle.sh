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
# every 64 frames the FDBs of both and of the model are compared.
#
# Ports 0-3 are written out below, with frames that each must be the same
# on both bridges or differ by one named rule; ports 4.. and
# ORACLE_FRAMES frames come from the differential fuzzer's generator, seed
# ORACLE_SEED (printed). ORACLE_ROUNDS > 1 adds rounds of random ports
# only. Each rule's count of differences is printed at the end.
#
# Processes are few on purpose: under TCG each costs seconds.

ALL_TESTS="oracle_rounds"
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

ORACLE=${ORACLE:-$BUILD/bvoracle}
PORTS=${ORACLE_PORTS:-12}
ROUNDS=${ORACLE_ROUNDS:-1}
FRAMES=${ORACLE_FRAMES:-1500}
SEED=${ORACLE_SEED:-$(date +%s)}

HV=bo-hv-$ID SINKS=bo-sk-$ID
LBR=lbr			# the Linux bridge, in HV
BVB=bo$ID		# the bpfvlan bridge
PREV=			# the configuration in place (its VLANs go first)
declare -A RULES	# rule -> differences counted

# The port devices of one bridge (l or b), barrier ports last.
ports_of()
{
	local i

	for ((i = 0; i < $2; i++)); do
		printf '%s%d ' "$1" "$i"
	done
	printf '%sx %sy' "$1" "$1"
}

# The Linux bridge and the ports: ip -batch lines for HV, then for SINKS.
# Port MACs 02:00:00:00:0b:NN (Linux), 02:00:00:00:0c:NN (bpfvlan), NN
# from 01 in the order of ports_of. No IPv6 link-local addresses: nothing
# but the test's frames crosses the bridges.
hv_lines()
{
	local p side mac

	echo "link add $LBR type bridge vlan_filtering 1 vlan_default_pvid 0" \
		"mcast_snooping 0 no_linklocal_learn 1 stp_state 0" \
		"ageing_time 360000"
	for side in l b; do
		mac=0
		for p in $(ports_of $side "$PORTS"); do
			mac=$((mac + 1))
			printf 'link add %s address 02:00:00:00:%s:%02x type veth peer name %s netns %s\n' \
				"$p" "$([ $side = l ] && echo 0b || echo 0c)" \
				"$mac" "$p" "$SINKS"
			[ $side = l ] && echo "link set $p master $LBR"
			echo "link set $p addrgenmode none up"
		done
	done
	echo "link set $LBR addrgenmode none up"
}

sinks_lines()
{
	local p

	for p in $(ports_of l "$PORTS") $(ports_of b "$PORTS"); do
		echo "link set $p addrgenmode none up"
	done
}

# netns add|del: both namespaces, one ip process.
netns()
{
	printf 'netns %s %s\nnetns %s %s\n' "$1" "$HV" "$1" "$SINKS" |
		ip -force -batch -
}

setup()
{
	local err

	netns add || exit 1
	defer netns del
	# The bridge's line first: a kernel without vlan_filtering fails it.
	if ! err=$(hv_lines | ip -n "$HV" -batch - 2>&1); then
		if [[ $err == *"failed -:1" ]]; then
			echo "SKIP: no bridge vlan_filtering in $(uname -r): ${err%%$'\n'*}"
			exit $ksft_skip
		fi
		echo "FAIL: $err"
		exit 1
	fi
	sinks_lines | ip -n "$SINKS" -batch - || exit 1
	# bpfvlan apply loads the bridge
	defer "$BV_BIN" -n "$HV" -b "$BVB" unload
	log_info "seed $SEED (ORACLE_SEED), $ROUNDS round(s) of $FRAMES frames on $PORTS ports; set up in $SECONDS s"
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
		barrier) echo "port bx access ${w[1]}"
			 echo "port by access ${w[1]}" ;;
		port) echo "port b${w[1]} ${w[4]} ${w[5]}${w[7]:+ native ${w[7]}}" ;;
		esac
	done <<<"$1"
}

# apply CONF: both bridges get the ports CONF says.
apply()
{
	local lines conf

	lines=$(bridge_lines "$1") && conf=$(bv_lines "$1") || return 1
	bridge -n "$HV" -force -batch - <<<"$lines" &&
		"$BV_BIN" -n "$HV" -b "$BVB" apply -f /dev/stdin <<<"$conf" \
			>/dev/null || return 1
	PREV=$1
}

# oracle CONF ARGS...: bvoracle run on the bridges; the counts it prints
# go into RULES, its other lines are shown.
oracle()
{
	local conf=$1 out rc line name n
	shift

	out=$("$ORACLE" run --hv "$HV" --sinks "$SINKS" --linux "$LBR" \
		--bpfvlan "$BVB" --config /dev/stdin "$@" <<<"$conf")
	rc=$?
	while IFS= read -r line; do
		case $line in
		rule\ *) read -r _ name n <<<"$line"
			 RULES[$name]=$(( ${RULES[$name]:-0} + n )) ;;
		frames\ *) log_info "$line" ;;
		*) printf '%s\n' "$line" ;;
		esac
	done <<<"$out"
	return $rc
}

# --- frames -------------------------------------------------------------------

PAD=$(printf '%0240d' 0)

# f DST SRC [HEADER...]: a frame of 60 bytes, zeros after the headers.
f()
{
	local h

	h=$(printf '%s' "$@")$PAD
	printf '%s' "${h:0:120}"
}

# big SRC LEN: an untagged broadcast of LEN bytes.
big()
{
	local h=ffffffffffff${1}88b5

	while [ ${#h} -lt $((2 * $2)) ]; do
		h=$h$PAD
	done
	printf '%s' "${h:0:$((2 * $2))}"
}

# The frames into ports 0-3, each PORT:HEX:RULES (rules it must differ by).
fixed_frames()
{
	local A=02000000aa01 B=02000000aa02 C=02000000aa03 BC=ffffffffffff

	printf -- '--frame %s ' \
		"0:$(f $BC $A 88b5):same" \
		"2:$(f $BC $B 88b5):same" \
		"3:$(f $A $C 8100001e 88b5):same" \
		"0:$(f $A $A 88b5):same" \
		"0:$(f 0180c2000000 $B 0026 424203):stp_bpdu" \
		"0:$(f 0180c200000e $B 88cc):same" \
		"0:$(f 0180c2000001 $B 8808):same" \
		"0:$(f $BC $C 8100a00a 88b5):tagged_access" \
		"1:$(f $BC $C 8100000a 88b5):tagged_access" \
		"0:$(f $BC $C 81003000 81000014 88b5):nested_tag" \
		"2:$(f $BC $C 81000000 81000014 88b5):nested_tag" \
		"3:$(f $BC $C 81000000 81000014 88b5):same" \
		"0:$(f $BC $C 88a80014 88b5):same" \
		"0:$(f 020000000b02 $C 88b5):local_mac" \
		"1:$(big $B 1518):mtu_slack" \
		"1:$(big $B 1519):same" \
		"1:$(big $B 1514):same" \
		"3:$BC${C}8100001488a8000588b5:short_double_tag" \
		"3:$BC${C}8100001e88a8000588b5:same"
}

oracle_rounds()
{
	local r seed conf base fixed

	for ((r = 0; r < ROUNDS; r++)); do
		RET=0
		seed=$((SEED + r))
		base=''
		fixed=''
		if [ "$r" -eq 0 ]; then
			base=$FIXED_PORTS
			fixed=$(fixed_frames)
		fi
		conf=$("$ORACLE" config --seed "$seed" --ports "$PORTS" \
			${base:+--config /dev/stdin} <<<"$base") && apply "$conf"
		check_err $? "cannot configure the bridges"
		# shellcheck disable=SC2086 # fixed: --frame options
		[ "$RET" -eq 0 ] && oracle "$conf" $fixed --seed "$seed" \
			--frames "$FRAMES"
		check_err $? "the bridges differ beyond the rules (seed $seed)"
		log_test "bridge oracle: round $r, seed $seed, $PORTS ports${fixed:+, fixed frames first}"
	done
}

summary()
{
	local r text=

	for r in $(printf '%s\n' "${!RULES[@]}" | sort); do
		text="$text $r ${RULES[$r]},"
	done
	log_info "differences by rule:${text%,}; $SECONDS s in all"
}

require_root
require_cmd ip bridge
require_built
[ -x "$ORACLE" ] || { echo "FAIL: $ORACLE missing (make $ORACLE)"; exit 1; }
setup
tests_run
summary
