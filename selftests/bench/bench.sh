#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# make bench: bpfvlan against the limits and the Linux bridge (DESIGN §6,
# docs/PERFORMANCE.md). Root. Everything lives in namespaces named with
# the PID and is removed at exit.
#
#   selftests/bench/bench.sh                 all phases, writes $BENCH_OUT
#   selftests/bench/bench.sh perf CASE...    frames topology only; perf
#                                            profile of the named 64 B cases
#                                            (testrun:NAME: a test-run case)
#
# Phases: testrun (plain BPF_PROG_TEST_RUN), frames (live frames through
# veths, interleaved rounds, then one profiling round with BPF stats on),
# tcp (iperf3 between namespaces), cp (control plane timings).
# Knobs (environment): BENCH_PHASES, BENCH_ROUNDS, BENCH_SEC, BENCH_CPU,
# BENCH_CASES (awk regex: only the frames/testrun cases it matches),
# BENCH_BATCH (live-frames batch size; 0: the kernel's default, 64),
# TCP_ROUNDS, TCP_SEC, CP_DEADLINE, BENCH_OUT.

source "$(dirname "$0")/../lib.sh"

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BVBENCH=${BVBENCH:-$BUILD/bench/bvbench}
BENCH_OUT=${BENCH_OUT:-$BUILD/bench}
BENCH_PHASES=${BENCH_PHASES:-testrun frames tcp cp}
BENCH_ROUNDS=${BENCH_ROUNDS:-7}
BENCH_SEC=${BENCH_SEC:-0.3}
BENCH_CPU=${BENCH_CPU:-$(( $(nproc) - 1 ))}
BENCH_CASES=${BENCH_CASES:-.}
BENCH_BATCH=${BENCH_BATCH:-0}
TCP_ROUNDS=${TCP_ROUNDS:-5}
TCP_SEC=${TCP_SEC:-3}
CP_DEADLINE=${CP_DEADLINE:-150}
PINS=/sys/fs/bpf/bvbench-$ID
TSV=$BENCH_OUT/results.tsv

# --- helpers ----------------------------------------------------------------

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FAIL: $*"; EXIT_STATUS=1; exit 1; }
now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
out() { local IFS=$'\t'; printf '%s\n' "$*" >> "$TSV"; }

# bvn NS BRIDGE ARGS...: bpfvlan on BRIDGE in NS.
bvn() { local ns=$1 br=$2; shift 2; "$BV_BIN" -n "$ns" -b "$br" "$@"; }

# bridge_new NS BRIDGE [load args]: load, unloaded (and its pins gone) at
# the end of the phase.
bridge_new()
{
	local ns=$1 br=$2; shift 2

	defer rm -rf "/sys/fs/bpf/bpfvlan/$br"
	bvn "$ns" "$br" load "$@" || return 1
	defer "$BV_BIN" -n "$ns" -b "$br" unload
}

# veths NS NAME...: a veth pair NAME <-> NAMEh per NAME in NS, all up.
veths()
{
	local ns=$1 n; shift

	{
		for n in "$@"; do echo "link add $n type veth peer name ${n}h"; done
		for n in "$@"; do echo "link set $n up"; echo "link set ${n}h up"; done
	} | ip -n "$ns" -b - || return 1
}

# seqnames PREFIX FIRST LAST [SUFFIX]: PREFIXFIRSTSUFFIX ... PREFIXLASTSUFFIX
seqnames() { local i; for ((i = $2; i <= $3; i++)); do printf '%s%d%s ' "$1" "$i" "${4:-}"; done; }
csv() { local IFS=,; echo "$*"; }

# BPF programs on tracepoints/kprobes slow every skb path (TC, Linux
# bridge, TCP) while they are attached: note any, they are not ours.
foreign_tracing()
{
	command -v bpftool >/dev/null || return 0
	bpftool -j perf 2>/dev/null |
		jq -r '[.[] | "\(.tracepoint // .func // .filename // .fd_type) (pid \(.pid))"] | join(", ")' 2>/dev/null
}

# --- frames: the topology ----------------------------------------------------
# One namespace; bridge-side ports X, host-side peers Xh. Sinks on every
# Xh, so every port accepts XDP frames. The generator redirects into the
# peer of an ingress port.
#   fl                    floor: the sink sits on the first port
#   la0 la1               limit: bare redirect la0 -> la1
#   lb0..2, lc0..8        broadcast limit, k = 2 and 8
#   xa0..15  bpfvlan XDP  (bvbx), mode xdp: xa0-2 access 10, xa3-11 access 20,
#                         xa12 access 30, xa13 trunk 30,40, xa14-15 access 40
#   ta0..15  bpfvlan TC   (bvbt): the same, mode tc (what auto gives a veth)
#   q20..22, q80..88      Linux bridges lbk2, lbk8 (k = 2, 8)
#   fk0-1, fm0-1, ln0-1   bpfvlan FDB 1k, FDB 1M, learning bridges, mode xdp
#   xa16..18, ta16..18    port security (issue 15): access 50 on bvbx / bvbt;
#                         xa16 isolated, locked, allow-ip; xa17 none; both
#                         send IPv4/ICMP to xa18
# Every port is a veth, so the XDP bridges need `mode xdp`: `auto` keeps
# XDP off veth/tap ports (docs/PERFORMANCE.md, "Modes").

FNS=bvb-$ID
BRX=bvbx$ID BRT=bvbt$ID BRK=bvbk$ID BRM=bvbm$ID BRL=bvbl$ID BRR=bvbr$ID

# MACs (hex, no colons): destinations (static entries) and sources.
D1=02b0000000d1 D12=02b0000000dc D13=02b0000000dd BC=ffffffffffff
S0=02b0000000a0 S2=02b0000000a2 S3=02b0000000a3 S12=02b0000000ac S13=02b0000000ad
FDBMAC=02f100000000 LEARNMAC=02f200000000
S16=02b0000000b0 S17=02b0000000b1 D18=02b0000000b2
untagged() { printf '%s%s88b5' "$1" "$2"; }
tagged() { printf '%s%s8100%04x88b5' "$1" "$2" "$3"; }
# udp4 DST SRC SIZE: Ethernet + IPv4 (198.19.0.1 -> .2, header checksum
# right) + UDP (port 9 -> 9, no checksum) headers of a SIZE-byte frame.
udp4()
{
	local ip=$(($3 - 14)) sum

	sum=$(( 0x4500 + ip + 0x4000 + 0x4011 + 0xc613 + 0x0001 + 0xc613 + 0x0002 ))
	sum=$(( (sum & 0xffff) + (sum >> 16) ))
	sum=$(( ~((sum & 0xffff) + (sum >> 16)) & 0xffff ))
	printf '%s%s08004500%04x00004000%04x%04xc6130001c6130002' "$1" "$2" \
		"$ip" 0x4011 "$sum"
	printf '00090009%04x0000' $((ip - 20))
}
# icmp4 DST SRC SIZE: Ethernet + IPv4 (198.19.0.1 -> .2, header checksum
# right) + ICMP echo headers of a SIZE-byte frame (ICMP stays on XDP from
# a veth: the checksum rule leaves it there).
icmp4()
{
	local ip=$(($3 - 14)) sum

	sum=$(( 0x4500 + ip + 0x4000 + 0x4001 + 0xc613 + 0x0001 + 0xc613 + 0x0002 ))
	sum=$(( (sum & 0xffff) + (sum >> 16) ))
	sum=$(( ~((sum & 0xffff) + (sum >> 16)) & 0xffff ))
	printf '%s%s08004500%04x00004000%04x%04xc6130001c6130002' "$1" "$2" \
		"$ip" 0x4001 "$sum"
	printf '0800000000010001'
}
colons() { echo "$1" | sed 's/../&:/g; s/:$//'; }

# Port security ports (issue 15) of bridge $2: ${p}16 with every check on
# (isolated, locked to S16, allow-ip 198.19.0.1), ${p}17 with none, both
# access 50 like ${p}18, the static destination D18.
secure_ports()
{
	local ns=$1 br=$2 p=$3 mode=$4

	bvn "$ns" "$br" attach "${p}16" access 50 $mode isolated on locked on \
		allow-ip 198.19.0.1 &&
	bvn "$ns" "$br" attach "${p}17" access 50 $mode &&
	bvn "$ns" "$br" attach "${p}18" access 50 $mode &&
	bvn "$ns" "$br" fdb add "$(colons $S16)" dev "${p}16" vid 50 &&
	bvn "$ns" "$br" fdb add "$(colons $D18)" dev "${p}18" vid 50
}

bridge_ports()
{
	local ns=$1 br=$2 p=$3 mode=$4 i

	for i in 0 1 2; do bvn "$ns" "$br" attach "$p$i" access 10 $mode || return 1; done
	for i in $(seq 3 11); do bvn "$ns" "$br" attach "$p$i" access 20 $mode || return 1; done
	bvn "$ns" "$br" attach "${p}12" access 30 $mode &&
	bvn "$ns" "$br" attach "${p}13" trunk 30,40 $mode &&
	bvn "$ns" "$br" attach "${p}14" access 40 $mode &&
	bvn "$ns" "$br" attach "${p}15" access 40 $mode &&
	bvn "$ns" "$br" fdb add "$(colons $D1)" dev "${p}1" vid 10 &&
	bvn "$ns" "$br" fdb add "$(colons $D12)" dev "${p}12" vid 30 &&
	bvn "$ns" "$br" fdb add "$(colons $D13)" dev "${p}13" vid 30
}

linux_bridge()
{
	local ns=$1 br=$2; shift 2
	local p

	ip -n "$ns" link add "$br" type bridge || return 1
	for p in "$@"; do ip -n "$ns" link set "$p" master "$br" || return 1; done
	ip -n "$ns" link set "$br" up
	bridge -n "$ns" fdb add "$(colons $D1)" dev "$2" master static
}

port_forwarding() { bridge -n "$FNS" link show dev "$1" | grep -q 'state forwarding'; }

frames_setup()
{
	local xa ta lc q8 p sinks=() all

	xa=$(seqnames xa 0 18) ta=$(seqnames ta 0 18)
	lc=$(seqnames lc 0 8) q8=$(seqnames q8 0 8)
	ns_create "$FNS" || return 1
	# shellcheck disable=SC2086
	veths "$FNS" fl la0 la1 lb0 lb1 lb2 $lc $xa $ta q20 q21 q22 $q8 \
		fk0 fk1 fm0 fm1 ln0 ln1 mr0 mr1 mr2 mr3 mrc || return 1
	for p in la1 lb1 lb2 $lc $xa $ta q20 q21 q22 $q8 fk0 fk1 fm0 fm1 ln0 ln1 \
		 mr0 mr1 mr2 mr3 mrc; do
		sinks+=("${p}h")
	done
	# shellcheck disable=SC2046
	"$BVBENCH" attach "$FNS" "$PINS" "sink=$(csv "${sinks[@]}" la0h lb0h fl)" \
		redir=la0:la1 bcast2=lb0:lb1,lb2 \
		"bcast8=lc0:$(csv $(seqnames lc 1 8))" || return 1
	# TC path and Linux bridge ingress: XDP frames need GRO on the peer.
	for p in $ta q20 q80 mr0 mr2; do
		ip netns exec "$FNS" ethtool -K "$p" gro on >/dev/null || return 1
	done

	bridge_new "$FNS" "$BRX" && bridge_ports "$FNS" "$BRX" xa "mode xdp" &&
		secure_ports "$FNS" "$BRX" xa "mode xdp" || return 1
	bridge_new "$FNS" "$BRT" && bridge_ports "$FNS" "$BRT" ta "mode tc" &&
		secure_ports "$FNS" "$BRT" ta "mode tc" || return 1
	linux_bridge "$FNS" lbk2 q20 q21 q22 || return 1
	# shellcheck disable=SC2086
	linux_bridge "$FNS" lbk8 $q8 || return 1
	busywait 5000 port_forwarding q20 && busywait 5000 port_forwarding q80 ||
		return 1

	# FDB scaling: 1k and 1M learned entries (50 % of the table) on port 1.
	bridge_new "$FNS" "$BRK" ageing 1000000 fdb-size 2048 &&
	bvn "$FNS" "$BRK" attach fk0 access 10 mode xdp &&
	bvn "$FNS" "$BRK" attach fk1 access 10 mode xdp &&
	"$BVBENCH" fdb-fill "$FNS" "$BRK" fk1 10 1024 "$FDBMAC" >> "$TSV" || return 1
	bridge_new "$FNS" "$BRM" ageing 1000000 fdb-size 2097152 &&
	bvn "$FNS" "$BRM" attach fm0 access 10 mode xdp &&
	bvn "$FNS" "$BRM" attach fm1 access 10 mode xdp &&
	"$BVBENCH" fdb-fill "$FNS" "$BRM" fm1 10 1048576 "$FDBMAC" >> "$TSV" || return 1
	# Port mirroring (TC path): mr0 -> mr1 without a mirror, mr2 -> mr3
	# with mr2's ingress mirrored to mrc (a veth to a sink), same bridge.
	bridge_new "$FNS" "$BRR" && for p in mr0 mr1 mr2 mr3; do
		bvn "$FNS" "$BRR" attach "$p" access 10 mode tc || return 1
	done &&
	bvn "$FNS" "$BRR" fdb add "$(colons $D1)" dev mr1 vid 10 &&
	bvn "$FNS" "$BRR" fdb add "$(colons $D12)" dev mr3 vid 10 &&
	bvn "$FNS" "$BRR" mirror add bench dev mr2 ingress to mrc || return 1
	# Learning: every frame a new source MAC (room for all of them).
	bridge_new "$FNS" "$BRL" ageing 1000000 fdb-size 2097152 &&
	bvn "$FNS" "$BRL" attach ln0 access 10 mode xdp &&
	bvn "$FNS" "$BRL" attach ln1 access 10 mode xdp &&
	bvn "$FNS" "$BRL" fdb add "$(colons $D1)" dev ln1 vid 10
}

# The live-frames cases at one frame size (see bench_frames.c).
frames_cases()
{
	local s=$1 pre

	cat <<-EOF
	floor $s flh $(untagged $D1 $S0) 1 fl
	limit.uc $s la0h $(untagged $D1 $S0) 1 la1h
	limit.bc2 $s lb0h $(untagged $BC $S0) 2 lb1h,lb2h
	limit.bc8 $s lc0h $(untagged $BC $S0) 8 $(csv $(seqnames lc 1 8 h))
	lb.uc $s q20h $(untagged $D1 $S0) 1 q21h
	lb.flood_k2 $s q20h $(untagged $BC $S0) 2 q21h,q22h
	lb.flood_k8 $s q80h $(untagged $BC $S0) 8 $(csv $(seqnames q8 1 8 h))
	EOF
	for pre in xdp:xa tc:ta; do
		local m=${pre%%:*} p=${pre#*:}
		cat <<-EOF
		$m.uc_a2a $s ${p}0h $(untagged $D1 $S0) 1 ${p}1h
		$m.uc_a2t $s ${p}12h $(untagged $D13 $S12) 1 ${p}13h
		$m.uc_t2a $s ${p}13h $(tagged $D12 $S13 30) 1 ${p}12h
		$m.flood_k2 $s ${p}0h $(untagged $BC $S0) 2 ${p}1h,${p}2h
		$m.flood_k8 $s ${p}3h $(untagged $BC $S3) 8 $(csv $(seqnames "$p" 4 11 h))
		$m.drop_vlan $s ${p}13h $(tagged $D12 $S13 50) 0 ${p}12h,${p}14h,${p}15h
		$m.icmp_a2a $s ${p}17h $(icmp4 $D18 $S17 "$s") 1 ${p}18h
		$m.sec_a2a $s ${p}16h $(icmp4 $D18 $S16 "$s") 1 ${p}18h
		EOF
	done
	# One mirror (ingress of the sending port) against none, mode tc.
	cat <<-EOF
	tc.mirror_none $s mr0h $(untagged $D1 $S0) 1 mr1h
	tc.mirror_rx $s mr2h $(untagged $D12 $S2) 1 mr3h
	EOF
	# IPv4/UDP from a veth (access) port in mode xdp: XDP hands it to TC
	# (its checksum may be left to offload); xa2 carries only this case's
	# ingress, so its xdp_to_tc must equal its rx_packets.
	echo "xdp.udp_a2a $s xa2h $(udp4 $D1 $S2 "$s") 1 xa1h"
}

frames_casefile()
{
	frames_cases 60
	frames_cases 1514
	cat <<-EOF
	fdb.1k 60 fk0h $(untagged $FDBMAC $S0) 1 fk1h dst=0x3ff
	fdb.1m 60 fm0h $(untagged $FDBMAC $S0) 1 fm1h dst=0xfffff
	learn 60 ln0h $(untagged $D1 $LEARNMAC) 1 ln1h src=seq max=200000
	EOF
}

testrun_casefile()
{
	local x=/sys/fs/bpf/bpfvlan/$BRX t=/sys/fs/bpf/bpfvlan/$BRT
	local k=/sys/fs/bpf/bpfvlan/$BRK m=/sys/fs/bpf/bpfvlan/$BRM

	# XDP_DROP 1, XDP_PASS 2, XDP_REDIRECT 4; TC_ACT_SHOT 2, TC_ACT_REDIRECT 7.
	cat <<-EOF
	xdp.uc_a2a $x/xdp_ingress xa0 $(untagged $D1 $S0) 60 repeat 4
	xdp.uc_a2a.single $x/xdp_ingress xa0 $(untagged $D1 $S0) 60 single 4
	xdp.uc_a2t.single $x/xdp_ingress xa12 $(untagged $D13 $S12) 60 single 4
	xdp.uc_t2a.single $x/xdp_ingress xa13 $(tagged $D12 $S13 30) 60 single 4
	xdp.flood_tagged $x/xdp_ingress xa13 $(tagged $BC $S13 30) 60 repeat 4
	xdp.flood_k2.single $x/xdp_ingress xa0 $(untagged $BC $S0) 60 single 4
	xdp.drop_vlan $x/xdp_ingress xa13 $(tagged $D12 $S13 50) 60 repeat 1
	xdp.udp_a2a $x/xdp_ingress xa2 $(udp4 $D1 $S2 60) 60 repeat 2
	xdp.icmp_a2a $x/xdp_ingress xa17 $(icmp4 $D18 $S17 60) 60 repeat 4
	xdp.sec_a2a $x/xdp_ingress xa16 $(icmp4 $D18 $S16 60) 60 repeat 4
	tc.uc_a2a $t/tc_ingress ta0 $(untagged $D1 $S0) 60 repeat 7
	tc.icmp_a2a $t/tc_ingress ta17 $(icmp4 $D18 $S17 60) 60 repeat 7
	tc.sec_a2a $t/tc_ingress ta16 $(icmp4 $D18 $S16 60) 60 repeat 7
	tc.drop_vlan $t/tc_ingress ta13 $(tagged $D12 $S13 50) 60 repeat 2
	fdb.1k $k/xdp_ingress fk0 $(untagged ${FDBMAC%??}01 $S0) 60 repeat 4
	fdb.1m $m/xdp_ingress fm0 $(untagged ${FDBMAC%??}01 $S0) 60 repeat 4
	EOF
}

# port_counts BRIDGE DEV: "rx_packets xdp_to_tc" of DEV.
port_counts()
{
	bvn "$FNS" "$1" -j stats dev "$2" |
		jq -r '.[0] | "\(.rx_packets) \(.events.xdp_to_tc)"'
}

# Counters that say which path bpfvlan took, for the report. $1: xa2's
# port_counts before the live-frames runs (test-run counts xdp_to_tc too).
frames_checks()
{
	local rx0 x0 rx1 x1

	read -r rx0 x0 <<<"$1"
	read -r rx1 x1 <<<"$(port_counts "$BRX" xa2)"
	out check xdp_to_tc.xdp_bridge \
		"$(bvn "$FNS" "$BRX" -j stats |
		   jq '[.[] | select(.ifname != "xa2") | .events.xdp_to_tc] | add')"
	out check xdp_to_tc.udp_port \
		"{\"rx\":$((rx1 - rx0)),\"xdp_to_tc\":$((x1 - x0))}"
	out check fdb_entries.learn \
		"$("$BVBENCH" fdb-count "$BRL" | cut -f3)"
	out check "fdb_full.learn" \
		"$(bvn "$FNS" "$BRL" -j stats | jq '[.[].events.fdb_full] | add')"
	out check mirror.tc_mirror_rx \
		"$(bvn "$FNS" "$BRR" -j mirror show | jq -c '.[0] | {packets, failed}')"
}

phase_frames()
{
	local cases=$BENCH_OUT/frames.cases tr=$BENCH_OUT/testrun.cases w=()
	local x=/sys/fs/bpf/bpfvlan/$BRX t=/sys/fs/bpf/bpfvlan/$BRT udp0
	local r=/sys/fs/bpf/bpfvlan/$BRR

	log "frames: setting up $FNS (71 veth pairs, 5 bpfvlan bridges, 2 Linux bridges)"
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || return 1
	defer rm -rf "$PINS"
	frames_setup || die "frames topology setup"
	frames_casefile | awk -v re="$BENCH_CASES" '$1 ~ re' > "$cases"
	testrun_casefile | awk -v re="$BENCH_CASES" '$1 ~ re' > "$tr"
	if [[ " $BENCH_PHASES " == *" testrun "* ]]; then
		log "testrun: plain BPF_PROG_TEST_RUN, $BENCH_ROUNDS rounds"
		"$BVBENCH" testrun "$FNS" "$tr" -r "$BENCH_ROUNDS" -c "$BENCH_CPU" \
			>> "$TSV" || die "testrun"
	fi
	if [[ " $BENCH_PHASES " == *" frames "* ]]; then
		udp0=$(port_counts "$BRX" xa2)
		log "frames: $(grep -c . "$cases") cases x $BENCH_ROUNDS rounds, ~${BENCH_SEC}s each"
		"$BVBENCH" run "$FNS" "$PINS" "$cases" -r "$BENCH_ROUNDS" \
			-t "$BENCH_SEC" -c "$BENCH_CPU" -b "$BENCH_BATCH" >> "$TSV" ||
			die "frames run"
		log "frames: one profiling round (BPF run-time stats on)"
		# Each XDP port runs its own bv_xdp_port: watch those the
		# cases send into.
		for p in xdp:xa0 xdp:xa2 xdp:xa3 xdp:xa12 xdp:xa13 \
			 "$x/xdp_egress_untag" "$x/xdp_egress_tag" \
			 "$x/tc_ingress" "$t/tc_ingress" "$r/tc_ingress" \
			 xdp:fk0 xdp:fm0 xdp:ln0; do
			w+=(-w "$p")
		done
		"$BVBENCH" run "$FNS" "$PINS" "$cases" -r 1 -t 0.1 -c "$BENCH_CPU" \
			-p "${w[@]}" | sed 's/^frames\t/pframes\t/' >> "$TSV" ||
			die "profiling round"
		frames_checks "$udp0"
	fi
	run_deferred
}

# --- tcp: iperf3 between namespaces ----------------------------------------
# hv1, hv2: two hypervisors; vmN: VMs (eth0 in the VM, a port in the hv).
# Every bridge port is a veth, so the default mode (auto) gives TC only.
#   pair 1 vm1-vm2   one bpfvlan bridge (bvbp, hv1), default mode, VLAN 10
#   pair 2 vm3-vm4   the same bridge, mode tc, VLAN 20
#   pair 3 vm5-vm6   one Linux bridge (hv1)
#   pair 4 vm7-vm8   bvbp (hv1) - trunk tr1/tr2 - bvbq (hv2), default, VLAN 30
#   pair 5 vm9-vm10  the same, mode tc (trunk tr3/tr4), VLAN 40
#   pair 6 vm11-vm12 Linux bridge - plain veth (no VLAN filtering here) -
#                    Linux bridge
#   pair 7 vm13-vm14 bvbp, mode xdp, VLAN 50
#   pair 8 vm15-vm16 bvbp - trunk tr7/tr8 - bvbq, mode xdp, VLAN 60
#   pair 9 hv1-vm18  the host (hv1) on internal port hi9 of bvbp, VLAN 70,
#                    to vm18 on p18 (default mode)
#   pair 10 hv1-vm20 the host (hv1) on a plain veth h10 to vm20 (no bpfvlan)
# Case NAME:PAIR:PORTS[:R], PORTS the bpfvlan ports data enters by (the
# client's port; across a trunk also the far trunk port), whose path and
# rx_packets / xdp_to_tc go to the report; R: the server sends (iperf3 -R).
# TCP_CASES (environment) runs only some.

H1=bvbh1-$ID H2=bvbh2-$ID BRP=bvbp$ID BRQ=bvbq$ID
TCP_CASES=${TCP_CASES:-"bv_default.bridge:1:p1 bv_xdp.bridge:7:p13
	   bv_tc.bridge:2:p3 linux.bridge:3: bv_default.trunk:4:p7,tr2
	   bv_xdp.trunk:8:p15,tr8 bv_tc.trunk:5:p9,tr4 linux.trunk:6:
	   host_internal.to_vm:9:hi9 host_veth.to_vm:10:
	   host_internal.from_vm:9:p18:R host_veth.from_vm:10::R"}
vm() { echo "bvbv$1-$ID"; }
# The client of a pair and its device: the host (hv1) for pairs 9 and 10.
pair_client()
{
	case $1 in
	9) echo "$H1 hi9" ;;
	10) echo "$H1 h10" ;;
	*) echo "$(vm $((2 * $1 - 1))) eth0" ;;
	esac
}

# vm_link N HV PORT: VM N's eth0, PORT in HV; address 198.18.PAIR.{1,2}.
vm_link()
{
	local n=$1 hv=$2 port=$3 pair=$(( ($1 + 1) / 2 )) host=$(( 2 - $1 % 2 ))

	ns_create "$(vm "$n")" || return 1
	ip -n "$hv" link add "$port" type veth peer name eth0 netns "$(vm "$n")" || return 1
	ip -n "$hv" link set "$port" up
	ip -n "$(vm "$n")" link set eth0 up
	ip -n "$(vm "$n")" addr add "198.18.$pair.$host/24" dev eth0
}

# attach_all HV BRIDGE MODE SPEC...: SPEC = DEV:access:VID or DEV:trunk:VIDS;
# MODE "" (the default), "mode xdp" or "mode tc".
attach_all()
{
	local hv=$1 br=$2 mode=$3 spec dev kind vids; shift 3

	for spec in "$@"; do
		IFS=: read -r dev kind vids <<<"$spec"
		# shellcheck disable=SC2086
		bvn "$hv" "$br" attach "$dev" "$kind" "$vids" $mode || return 1
	done
}

tcp_setup()
{
	local n

	ns_create "$H1" && ns_create "$H2" || return 1
	for n in 1 2 3 4 5 6 7 9 11 13 14 15; do
		vm_link "$n" "$H1" "p$n" || return 1
	done
	for n in 8 10 12 16; do
		vm_link "$n" "$H2" "p$n" || return 1
	done
	# The host's side of pairs 9 and 10: an internal port, a plain veth.
	vm_link 18 "$H1" p18 && vm_link 20 "$H1" h10 &&
	ip -n "$H1" addr add 198.18.10.1/24 dev h10 || return 1
	for n in 1 3 5 7; do
		ip -n "$H1" link add "tr$n" type veth peer name "tr$((n + 1))" \
			netns "$H2" || return 1
		ip -n "$H1" link set "tr$n" up && ip -n "$H2" link set "tr$((n + 1))" up ||
			return 1
	done

	bridge_new "$H1" "$BRP" && bridge_new "$H2" "$BRQ" || return 1
	attach_all "$H1" "$BRP" "" p1:access:10 p2:access:10 p7:access:30 \
		tr1:trunk:30 &&
	attach_all "$H2" "$BRQ" "" p8:access:30 tr2:trunk:30 &&
	attach_all "$H1" "$BRP" "mode tc" p3:access:20 p4:access:20 \
		p9:access:40 tr3:trunk:40 &&
	attach_all "$H2" "$BRQ" "mode tc" p10:access:40 tr4:trunk:40 &&
	attach_all "$H1" "$BRP" "mode xdp" p13:access:50 p14:access:50 \
		p15:access:60 tr7:trunk:60 &&
	attach_all "$H2" "$BRQ" "mode xdp" p16:access:60 tr8:trunk:60 || return 1
	attach_all "$H1" "$BRP" "" p18:access:70 &&
	bvn "$H1" "$BRP" port add hi9 internal 70 || return 1
	ip -n "$H1" addr add 198.18.9.1/24 dev hi9 && ip -n "$H1" link set hi9 up ||
		return 1

	ip -n "$H1" link add lbt1 type bridge && ip -n "$H1" link add lbt2 type bridge &&
	ip -n "$H2" link add lbt3 type bridge || return 1
	ip -n "$H1" link set p5 master lbt1 && ip -n "$H1" link set p6 master lbt1 &&
	ip -n "$H1" link set p11 master lbt2 && ip -n "$H1" link set tr5 master lbt2 &&
	ip -n "$H2" link set p12 master lbt3 && ip -n "$H2" link set tr6 master lbt3 ||
		return 1
	ip -n "$H1" link set lbt1 up && ip -n "$H1" link set lbt2 up &&
	ip -n "$H2" link set lbt3 up || return 1
	# Every CLI call re-probes the bridge's ports: now that both ends of
	# each trunk are attached, tr7 sees tr8's XDP program and takes XDP
	# frames, so in mode xdp only the checksum rule keeps the VM's TCP
	# (p15 -> tr7) off XDP.
	bvn "$H1" "$BRP" port show >/dev/null && bvn "$H2" "$BRQ" port show >/dev/null
}

tso_of() { ip netns exec "$1" ethtool -k "$2" | awk '$1 == "tcp-segmentation-offload:" { print $2 }'; }
# TcpInCsumErrors of a namespace (from /proc/net/snmp: no nstat history).
csum_errors()
{
	ip netns exec "$1" awk '$1 == "Tcp:" && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == "Tcp:" { print $col["InCsumErrors"] }' /proc/net/snmp
}
listening() { ip netns exec "$1" ss -ltnH 'sport = :5201' | grep -q .; }

# tcp_port CASE DEV: which path a bpfvlan port is on, and how many frames
# came in on it / were handed from XDP to TC.
tcp_port()
{
	local hv=$H1 br=$BRP path counts

	[[ $2 == p8 || $2 == p10 || $2 == p16 || $2 == tr[2468] ]] && hv=$H2 br=$BRQ
	path=$(bvn "$hv" "$br" -j port show dev "$2" | jq -r '.[0].path')
	counts=$(bvn "$hv" "$br" -j stats dev "$2" |
		 jq -r '.[0] | "\(.rx_packets)\t\(.events.xdp_to_tc)"')
	out tcpport "$1" "$2" "$path" "$counts"
}

# tcp_run CASE PAIR ROUND [R]: iperf3 from the pair's client to its second
# VM (R: the other way, iperf3 -R).
tcp_run()
{
	local case=$1 pair=$2 round=$3 rev=${4:+-R} srv cli ip spid json gbps retr

	read -r cli _ <<<"$(pair_client "$pair")"
	srv=$(vm $((2 * pair))) ip=198.18.$pair.2
	ip netns exec "$srv" timeout $((TCP_SEC + 20)) iperf3 -s -1 -B "$ip" \
		>/dev/null 2>&1 &
	spid=$!
	if ! busywait 3000 listening "$srv"; then
		kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
		log "tcp: $case: iperf3 server did not start"
		return 1
	fi
	# shellcheck disable=SC2086
	json=$(timeout $((TCP_SEC + 15)) ip netns exec "$cli" \
		iperf3 -c "$ip" -t "$TCP_SEC" --connect-timeout 3000 $rev -J 2>/dev/null)
	wait "$spid" 2>/dev/null
	gbps=$(jq -r '.end.sum_received.bits_per_second / 1e9' <<<"$json" 2>/dev/null)
	retr=$(jq -r '.end.sum_sent.retransmits // 0' <<<"$json" 2>/dev/null)
	[ -n "$gbps" ] && [ "$gbps" != null ] || gbps=0
	out tcp "$case" "$round" "$gbps" "${retr:-0}"
}

phase_tcp()
{
	local c r name pair ports dev n

	n=$(wc -w <<<"$TCP_CASES")
	log "tcp: setting up 2 hypervisors, 18 VMs"
	tcp_setup || die "tcp topology setup"
	for c in $TCP_CASES; do
		IFS=: read -r name pair ports rev <<<"$c"
		read -r cli dev <<<"$(pair_client "$pair")"
		ip netns exec "$cli" ping -c 2 -i 0.2 -W 1 "198.18.$pair.2" >/dev/null ||
			die "tcp: pair $pair ($name): no ping"
		# The sender's TSO: the client's, or with R the server VM's.
		[ -n "$rev" ] && cli=$(vm $((2 * pair))) dev=eth0
		out tso "tcp.$name" "$(tso_of "$cli" "$dev")"
	done
	out check tcp_xdp_trunk_tr7_xdp_tx \
		"$(bvn "$H1" "$BRP" -j port show dev tr7 | jq '.[0].xdp_tx')"
	log "tcp: $TCP_ROUNDS rounds x $n cases x ${TCP_SEC}s"
	for ((r = 0; r < TCP_ROUNDS; r++)); do
		for c in $TCP_CASES; do
			IFS=: read -r name pair ports rev <<<"$c"
			tcp_run "tcp.$name" "$pair" "$r" "$rev"
		done
	done
	for c in $TCP_CASES; do
		IFS=: read -r name pair ports rev <<<"$c"
		read -r cli _ <<<"$(pair_client "$pair")"
		# TCP checksum errors seen by the receivers: a path that loses
		# the checksum state of CHECKSUM_PARTIAL skbs shows up here.
		# (The host's count covers both of its pairs.)
		out csum "tcp.$name" "$(csum_errors "$cli")" \
			"$(csum_errors "$(vm $((2 * pair)))")"
		for dev in ${ports//,/ }; do
			tcp_port "tcp.$name" "$dev"
		done
	done
	run_deferred
}

# --- cp: control plane -------------------------------------------------------

CNS=bvbc-$ID BRC=bvbc$ID BRV=bvbv$ID

# Each CLI call re-probes every port already attached (bv_bridge_refresh),
# so attaching ports one call at a time is quadratic in the port count:
# the time of the first and of the last 16 calls shows it.
phase_cp()
{
	local t0 t1 ta i n=0 deadline

	log "cp: 256 ports, 4094 VIDs on a trunk (deadline ${CP_DEADLINE}s)"
	ns_create "$CNS" || die "cp netns"
	# shellcheck disable=SC2046
	veths "$CNS" $(seqnames c 0 255) v0 || die "cp veths"
	bridge_new "$CNS" "$BRC" || die "cp load"
	deadline=$(( $(date +%s) + CP_DEADLINE ))
	t0=$(now) ta=$t0
	for ((i = 0; i < 256; i++)); do
		timeout 30 "$BV_BIN" -n "$CNS" -b "$BRC" attach "c$i" access 10 ||
			break
		n=$((n + 1))
		if [ "$n" -eq 16 ]; then
			out cp attach_ports_1-16 "$(secs "$t0" "$(now)")" 16
		elif [ "$n" -eq 240 ]; then
			ta=$(now)
		fi
		[ "$(date +%s)" -lt "$deadline" ] || break
	done
	t1=$(now)
	[ "$n" -eq 256 ] && out cp attach_ports_241-256 "$(secs "$ta" "$t1")" 16
	out cp attach_256_ports "$(secs "$t0" "$t1")" "$n"

	bridge_new "$CNS" "$BRV" || die "cp load"
	t0=$(now)
	timeout 120 "$BV_BIN" -n "$CNS" -b "$BRV" attach v0 trunk 1-4094 && n=4094 || n=0
	t1=$(now)
	out cp trunk_4094_attach "$(secs "$t0" "$t1")" "$n"
	t0=$(now)
	timeout 120 "$BV_BIN" -n "$CNS" -b "$BRV" detach v0 && n=4094 || n=0
	t1=$(now)
	out cp trunk_4094_detach "$(secs "$t0" "$t1")" "$n"
	bvn "$CNS" "$BRV" attach v0 trunk 1 || die "cp attach v0"
	t0=$(now)
	timeout 120 "$BV_BIN" -n "$CNS" -b "$BRV" vlan add dev v0 vid 2-4094 && n=4093 || n=0
	t1=$(now)
	out cp trunk_4094_vlan_add "$(secs "$t0" "$t1")" "$n"

	t0=$(now)
	timeout 120 "$BV_BIN" -n "$CNS" -b "$BRC" unload
	t1=$(now)
	out cp unload_256_ports "$(secs "$t0" "$t1")" 256
	run_deferred
}

# --- perf: where the time goes on one path ------------------------------------

perf_cases()
{
	local cases=$BENCH_OUT/perf.cases c f run

	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || return 1
	defer rm -rf "$PINS"
	frames_setup || die "frames topology setup"
	for c in "$@"; do
		if [[ $c == testrun:* ]]; then
			c=${c#testrun:}
			testrun_casefile | awk -v c="$c" '$1 == c' > "$cases"
			run=(testrun "$FNS" "$cases" -r 20 -B -c "$BENCH_CPU")
		else
			frames_casefile | awk -v c="$c" '$1 == c && $2 == 60' > "$cases"
			run=(run "$FNS" "$PINS" "$cases" -r 1 -t 3 -c "$BENCH_CPU")
		fi
		[ -s "$cases" ] || die "no such case: $c"
		f=$BENCH_OUT/perf.$c.data
		log "perf: $c (cpu-clock samples on CPU $BENCH_CPU)"
		perf record -q -e cpu-clock -C "$BENCH_CPU" -g -o "$f" -- \
			"$BVBENCH" "${run[@]}" >/dev/null 2>&1
		perf report -i "$f" --no-children --sort sym --stdio 2>/dev/null |
			grep -E '^ +[0-9.]+%' | head -"${PERF_LINES:-25}"
		# Inside bpfvlan's programs: samples by source line.
		perf script -i "$f" -F ip,sym 2>/dev/null |
			awk '$2 ~ /^bpf_prog_.*_bv_/ { print $1 }' > "$f.ips"
		for p in xdp_ingress xdp_egress_untag xdp_egress_tag tc_ingress; do
			for b in "$BRX" "$BRT" "$BRM" "$BRL"; do
				"$BVBENCH" lines "/sys/fs/bpf/bpfvlan/$b/$p" 12 < "$f.ips"
			done
		done
	done
	run_deferred
}

# --- main --------------------------------------------------------------------

# run_phase NAME: phase_NAME in a subshell with its own cleanup, so that a
# failed phase leaves nothing behind and the others still run and report.
run_phase()
{
	(
		DEFERRED=()
		trap 'run_deferred' EXIT
		trap 'exit 1' INT TERM
		"phase_$1"
	) && return 0
	log "phase $1 failed"
	out meta failed_phase "$1"
	EXIT_STATUS=1
}

require_root
require_cmd ip bridge jq ethtool iperf3 ss timeout
[ -x "$BV_BIN" ] && [ -x "$BVBENCH" ] || die "build first: make bench-tools"
mkdir -p "$BENCH_OUT" || exit 1

if [ "${1:-}" = perf ]; then
	shift
	require_cmd perf
	perf_cases "$@"
	exit 0
fi

: > "$TSV"
out meta kernel "$(uname -r)"
out meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
out meta cpus "$(nproc)"
out meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
out meta loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
out meta bench_cpu "$BENCH_CPU"
out meta tracing_start "$(foreign_tracing)"
out meta rounds "$BENCH_ROUNDS"
out meta commit "$(git -C "$BENCH" rev-parse --short HEAD 2>/dev/null || echo unknown)"
start=$(date +%s)

if [[ " $BENCH_PHASES " == *" testrun "* || " $BENCH_PHASES " == *" frames "* ]]; then
	run_phase frames
fi
[[ " $BENCH_PHASES " == *" tcp "* ]] && run_phase tcp
[[ " $BENCH_PHASES " == *" cp "* ]] && run_phase cp

out meta tracing_end "$(foreign_tracing)"
out meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"
out meta seconds "$(( $(date +%s) - start ))"
"$BENCH/report.sh" "$TSV" "$BENCH_OUT/results.json" "$BENCH_OUT/results.md" ||
	die "report"
log "done in $(( $(date +%s) - start ))s: $BENCH_OUT/results.md, results.json"
cat "$BENCH_OUT/results.md"
# A checksum error is a correctness bug: fail loudly, after the report.
bad=$(jq -r '.csum_errors_bad | join("; ")' "$BENCH_OUT/results.json")
if [ -n "$bad" ]; then
	log "FAIL: TcpInCsumErrors != 0: $bad"
	EXIT_STATUS=1
fi
