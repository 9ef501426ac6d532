#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Bad input: every bad command line exits non-zero (2 for usage errors, 1
# for runtime errors) with one message on stderr that names the bad value,
# prints nothing on stdout, and changes nothing: the ports, VLANs and FDB of
# both bridges, the XDP program, tc filters, qdiscs and TX VLAN offload of
# every device of the test, and the bridges present in bpffs are compared
# before and after. Help (`--help`, `help`, `CMD help`) works everywhere
# and exits 0.

ALL_TESTS="unknown_device bad_vids bad_macs unknown_keywords
	   missing_arguments attach_twice attach_other_bridge foreign_xdp
	   missing_bridge load_existing detach_non_port missing_netns
	   bad_load_options bad_learn_limit bad_bridge_names not_ethernet
	   failures_say_why help_everywhere"
source "$(dirname "$0")/lib.sh"

BRIDGE=ybi$ID
BRIDGE2=ybj$ID
NEW=ybn$ID			# a bridge that must never come to exist
P1=ybp1$ID P2=ybp2$ID Q=ybq$ID X=ybx$ID
DEVS="$P1 $P2 $Q $X"
PIN=/sys/fs/bpf/bpfvlan
M=02:79:62:00:00:01
TMP=
BASE=

# P1: trunk 10,20 native 30 of $BRIDGE, with a static FDB entry.
# P2: a free device. Q: access 10 of $BRIDGE2. X: a foreign XDP program.
# TUN: a tun device (no Ethernet header). SL: enslaved to the Linux
# bridge LB.
TUN=cttun$ID SL=ctsl$ID LB=ctlb$ID
FAULT=()			# bvfault settings for the command under test
setup()
{
	local d

	TMP=$(mktemp -d) || exit 1
	defer rm -rf "$TMP"
	bridge_load || exit 1
	"$BV_BIN" -b "$BRIDGE2" load || exit 1
	defer "$BV_BIN" -b "$BRIDGE2" unload
	for d in $DEVS; do
		ip link add "$d" type veth peer name "${d}p" || exit 1
		defer ip link del "$d"
		# No IPv6 chatter to learn from: the FDB must stay as it is.
		sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1" \
			"net.ipv6.conf.${d}p.disable_ipv6=1"
		ip link set "$d" up && ip link set "${d}p" up
	done
	ip tuntap add dev "$TUN" mode tun || exit 1
	defer ip link del "$TUN"
	ip link add "$LB" type bridge || exit 1
	defer ip link del "$LB"
	ip link add "$SL" type veth peer name "${SL}p" || exit 1
	defer ip link del "$SL"
	sysctl -qw "net.ipv6.conf.$SL.disable_ipv6=1" \
		"net.ipv6.conf.${SL}p.disable_ipv6=1" \
		"net.ipv6.conf.$LB.disable_ipv6=1"
	ip link set "$SL" master "$LB" || exit 1
	bv attach "$P1" trunk 10,20 native 30 || exit 1
	bv fdb add $M dev "$P1" vid 10 || exit 1
	"$BV_BIN" -b "$BRIDGE2" attach "$Q" access 10 || exit 1
	foreign_prog "$X" || exit 1
	# Usage text that may accompany an error message.
	{
		"$BV_BIN" help
		for d in load unload attach detach port vlan fdb stats monitor; do
			"$BV_BIN" "$d" help
		done
	} | sed '/^$/d' >"$TMP/usage"
	BASE=$(state)
}

# foreign_prog DEV: attach a minimal XDP program that is not bpfvlan's.
foreign_prog()
{
	cat >"$TMP/pass.c" <<-'EOF'
	#include <linux/bpf.h>
	__attribute__((section("xdp"), used))
	int yb_foreign(struct xdp_md *ctx) { return XDP_PASS; }
	char _license[] __attribute__((section("license"), used)) = "GPL";
	EOF
	clang -O2 -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
		-c "$TMP/pass.c" -o "$TMP/pass.o" || return 1
	ip link set dev "$1" xdpdrv obj "$TMP/pass.o" sec xdp
}

# Everything a bad command must leave as it was (taken once, at setup:
# this test runs nothing but bad commands). No traffic: the FDB holds only
# the static entry, whose text form has no age.
snapshot()
{
	local b d

	for b in "$BRIDGE" "$BRIDGE2"; do
		"$BV_BIN" -b "$b" -j port show
		"$BV_BIN" -b "$b" -j vlan show
		"$BV_BIN" -b "$b" fdb show
	done
	for d in $DEVS lo "$TUN" "$SL"; do
		ip link show "$d"
		tc qdisc show dev "$d"
		tc filter show dev "$d" ingress
		ethtool -k "$d" | grep '^tx-vlan'
	done
	printf '%s\n' "$PIN"/*"$ID"*
}

# snapshot, without the notes of dumps that other tests' link changes
# interrupted (their content is read again below if it differs).
state()
{
	snapshot 2>&1 | grep -v '^Dump was interrupted'
}

# bad RC WORD ARGS...: `bpfvlan ARGS` exits RC, stdout is empty, stderr has
# exactly one error line, naming WORD (other lines may only be usage
# text), and the snapshot is unchanged.
bad()
{
	local rc=$1 word=$2 before=$BASE after got errs; shift 2

	"${FAULT[@]}" "$BV_BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	after=$(state)
	[ "$before" = "$after" ] || after=$(state)	# a dump interrupted?
	[ "$got" -eq "$rc" ]
	check_err $? "'bpfvlan $*' exited $got, not $rc: $(cat "$TMP/err")"
	[ ! -s "$TMP/out" ]
	check_err $? "'bpfvlan $*' printed on stdout: $(head -c 200 "$TMP/out")"
	errs=$(grep -c '^[^ ]*bpfvlan: ' "$TMP/err")
	[ "$errs" -eq 1 ] && ! grep -v '^[^ ]*bpfvlan: \|^$' "$TMP/err" |
		grep -vxFf "$TMP/usage" | grep -q .
	check_err $? "'bpfvlan $*': not one error message: $(cat "$TMP/err")"
	grep '^[^ ]*bpfvlan: ' "$TMP/err" | grep -qF -- "$word"
	check_err $? "'bpfvlan $*': message does not name '$word': $(cat "$TMP/err")"
	[ "$before" = "$after" ]
	check_err $? "'bpfvlan $*' changed state: $(diff <(echo "$before") <(echo "$after") | head -5)"
}

unknown_device()
{
	local d=nosuch$ID

	bad 1 "$d" -b "$BRIDGE" attach "$d" access 10
	bad 1 "$d" -b "$BRIDGE" attach "$d" trunk 10,20 native 30
	bad 1 "$d" -b "$BRIDGE" detach "$d"
	bad 1 "$d" -b "$BRIDGE" vlan add dev "$d" vid 10
	bad 1 "$d" -b "$BRIDGE" vlan del dev "$d" vid 10
	bad 1 "$d" -b "$BRIDGE" vlan show dev "$d"
	bad 1 "$d" -b "$BRIDGE" port show dev "$d"
	bad 1 "$d" -b "$BRIDGE" fdb add 02:79:62:00:00:02 dev "$d" vid 10
	bad 1 "$d" -b "$BRIDGE" fdb show dev "$d"
	bad 1 "$d" -b "$BRIDGE" fdb flush dev "$d"
	bad 1 "$d" -b "$BRIDGE" stats dev "$d"
	bad 1 "$d" -b "$BRIDGE" trace dev "$d" src "$M" dst 02:79:62:00:00:02
	log_test "bad input: unknown device"
}

bad_vids()
{
	local v

	for v in 0 4095 abc -1 +10 0x10 '' 99999999999999999999; do
		bad 2 "\"$v\"" -b "$BRIDGE" attach "$P2" access "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" attach "$P2" trunk 10 native "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" fdb add 02:79:62:00:00:02 dev "$P1" vid "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" fdb show vid "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" trace dev "$P1" src "$M" \
			dst 02:79:62:00:00:02 vlan "$v"
	done
	for v in 10-5 1,,2 ,10 '10,' 10- 0-5 4090-4095 '10 20' '' 10-20-30; do
		bad 2 "\"$v\"" -b "$BRIDGE" attach "$P2" trunk "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" vlan add dev "$P1" vid "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" vlan del dev "$P1" vid "$v"
	done
	bad 2 '"4095"' -b "$BRIDGE" fdb del $M vid 4095
	log_test "bad input: VIDs (0, 4095, abc, 10-5, 1,,2, ...)"
}

bad_macs()
{
	local m

	for m in 02:79:62:00:00 02:79:62:00:00:0g 02-79-62-00-00-01 \
		 02:79:62:00:00:001 0279620000010 2:79:62:0:0:1 zz ''; do
		bad 2 "\"$m\"" -b "$BRIDGE" fdb add "$m" dev "$P1" vid 10
		bad 2 "\"$m\"" -b "$BRIDGE" fdb del "$m" vid 10
		bad 2 "\"$m\"" -b "$BRIDGE" trace dev "$P1" src "$m" dst "$M"
	done
	# Well-formed, but not a unicast address.
	for m in ff:ff:ff:ff:ff:ff 01:00:5e:00:00:01 00:00:00:00:00:00; do
		bad 2 "$m" -b "$BRIDGE" fdb add "$m" dev "$P1" vid 10
	done
	log_test "bad input: malformed and non-unicast MACs"
}

unknown_keywords()
{
	bad 2 frobnicate -b "$BRIDGE" frobnicate
	bad 2 frob -b "$BRIDGE" --frob port show
	bad 2 bogus -b "$BRIDGE" attach "$P2" access 10 bogus
	bad 2 native -b "$BRIDGE" attach "$P2" access 10 native 30
	bad 2 bridge -b "$BRIDGE" attach "$P2" bridge 10
	bad 2 fast -b "$BRIDGE" attach "$P2" access 10 mode fast
	# Each keyword once, as the configuration file has always wanted.
	bad 2 '"mode" given twice' -b "$BRIDGE" attach "$P2" access 10 mode xdp mode tc
	bad 2 '"native" given twice' -b "$BRIDGE" attach "$P2" trunk 10 native 20 native 30
	bad 2 '"learn-limit" given twice' -b "$BRIDGE" port set "$P1" learn-limit 1 learn-limit 2
	bad 2 bogus -b "$BRIDGE" port bogus
	bad 2 bogus -b "$BRIDGE" port show bogus
	bad 2 bogus -b "$BRIDGE" vlan bogus
	bad 2 bogus -b "$BRIDGE" vlan show bogus
	bad 2 bogus -b "$BRIDGE" vlan add dev "$P1" vid 40 bogus
	bad 2 bogus -b "$BRIDGE" fdb bogus
	bad 2 all -b "$BRIDGE" fdb show all
	bad 2 bogus -b "$BRIDGE" fdb flush bogus
	bad 2 bogus -b "$BRIDGE" fdb add 02:79:62:00:00:02 dev "$P1" vid 10 bogus
	bad 2 bogus -b "$BRIDGE" stats bogus
	bad 2 bogus -b "$BRIDGE" unload bogus
	bad 2 bogus -b "$BRIDGE" detach "$P1" bogus
	bad 2 bogus -b "$BRIDGE" monitor bogus
	bad 2 bogus -b "$NEW" load bogus
	bad 2 Ageing -b "$NEW" load Ageing 10
	log_test "bad input: unknown commands, keywords and options"
}

missing_arguments()
{
	bad 2 attach -b "$BRIDGE" attach
	bad 2 mode -b "$BRIDGE" attach "$P2"
	bad 2 VID -b "$BRIDGE" attach "$P2" access
	bad 2 'VID list' -b "$BRIDGE" attach "$P2" trunk
	bad 2 native -b "$BRIDGE" attach "$P2" trunk 10 native
	bad 2 mode -b "$BRIDGE" attach "$P2" access 10 mode
	bad 2 detach -b "$BRIDGE" detach
	bad 2 dev -b "$BRIDGE" port show dev
	bad 2 dev -b "$BRIDGE" vlan show dev
	bad 2 vid -b "$BRIDGE" vlan add dev "$P1"
	bad 2 vid -b "$BRIDGE" vlan add dev "$P1" vid
	bad 2 dev -b "$BRIDGE" vlan del vid 10
	bad 2 dev -b "$BRIDGE" fdb show dev
	bad 2 vid -b "$BRIDGE" fdb show vid
	bad 2 'fdb add' -b "$BRIDGE" fdb add
	bad 2 'fdb add' -b "$BRIDGE" fdb add 02:79:62:00:00:02
	bad 2 'fdb add' -b "$BRIDGE" fdb add 02:79:62:00:00:02 dev "$P1"
	bad 2 dev -b "$BRIDGE" fdb add 02:79:62:00:00:02 vid 10 dev
	bad 2 'fdb del' -b "$BRIDGE" fdb del $M
	bad 2 'fdb del' -b "$BRIDGE" fdb del $M vid
	bad 2 dev -b "$BRIDGE" fdb flush dev
	bad 2 dev -b "$BRIDGE" stats dev
	bad 2 ageing -b "$NEW" load ageing
	bad 2 fdb-size -b "$NEW" load fdb-size
	bad 2 "'b'" -b
	log_test "bad input: missing arguments"
}

attach_twice()
{
	bad 1 "$P1" -b "$BRIDGE" attach "$P1" access 20
	bad 1 "$P1" -b "$BRIDGE" attach "$P1" trunk 10,20 native 30
	bad 1 "$P1" -b "$BRIDGE" attach "$P1" trunk 40 mode tc
	log_test "bad input: attaching a port of the bridge again"
}

attach_other_bridge()
{
	bad 1 "$Q" -b "$BRIDGE" attach "$Q" access 10
	bad 1 "$BRIDGE2" -b "$BRIDGE" attach "$Q" trunk 10 mode tc
	log_test "bad input: attaching a device of another bridge"
}

foreign_xdp()
{
	local id

	id=$(ip -j link show "$X" | jq '.[0].xdp.prog.id // 0')
	[ "$id" != 0 ]
	check_err $? "$X has no foreign XDP program to test with"
	bad 1 "$X" -b "$BRIDGE" attach "$X" access 10
	bad 1 "$X" -b "$BRIDGE" attach "$X" trunk 10 mode tc
	bad 1 yb_foreign -b "$BRIDGE" attach "$X" access 10
	[ "$(ip -j link show "$X" | jq '.[0].xdp.prog.id // 0')" = "$id" ]
	check_err $? "the foreign XDP program of $X was replaced or removed"
	log_test "bad input: a device with a foreign XDP program"
}

missing_bridge()
{
	local b=nosuch$ID

	bad 1 "$b" -b "$b" port show
	bad 1 "$b" -b "$b" vlan show
	bad 1 "$b" -b "$b" fdb show
	bad 1 "$b" -b "$b" stats
	bad 1 "$b" -b "$b" attach "$P2" access 10
	bad 1 "$b" -b "$b" detach "$P1"
	bad 1 "$b" -b "$b" unload
	[ ! -e "$PIN/$b" ]
	check_err $? "a command on a missing bridge created $PIN/$b"
	log_test "bad input: a missing bridge (-b nosuch)"
}

load_existing()
{
	local before after

	before=$(bpftool -j map show pinned "$PIN/$BRIDGE/bv_fdb" | jq .id)
	bad 1 "$BRIDGE" -b "$BRIDGE" load
	bad 1 "$BRIDGE" -b "$BRIDGE" load ageing 10 fdb-size 1024
	after=$(bpftool -j map show pinned "$PIN/$BRIDGE/bv_fdb" | jq .id)
	[ -n "$before" ] && [ "$before" = "$after" ]
	check_err $? "load of an existing bridge replaced its maps ($before -> $after)"
	log_test "bad input: load of an existing bridge"
}

detach_non_port()
{
	bad 1 "$P2" -b "$BRIDGE" detach "$P2"
	bad 1 "$Q" -b "$BRIDGE" detach "$Q"
	bad 1 "$X" -b "$BRIDGE" detach "$X"
	log_test "bad input: detach of a device that is not a port"
}

missing_netns()
{
	local ns=nosuchns$ID

	bad 1 "$ns" -n "$ns" -b "$BRIDGE" port show
	bad 1 "$ns" -n "$ns" -b "$NEW" load
	bad 1 "$ns" -n "$ns" -b "$BRIDGE" attach "$P2" access 10
	bad 1 "$ns" -n "$ns" -b "$BRIDGE" unload
	log_test "bad input: -n with a missing network namespace"
}

bad_load_options()
{
	local v

	for v in 0 -1 1000001 1.5 abc '' 10s 0x10; do
		bad 2 "\"$v\"" -b "$NEW" load ageing "$v"
	done
	for v in 0 15 16777217 -16 x 1k 0x100 ''; do
		bad 2 "\"$v\"" -b "$NEW" load fdb-size "$v"
	done
	bad 2 '"0"' -b "$NEW" load fdb-size 1024 ageing 0
	log_test "bad input: bad ageing and fdb-size"
}

bad_learn_limit()
{
	local v

	for v in -1 16777217 abc '' 1.5 0x10 10k; do
		bad 2 "\"$v\"" -b "$BRIDGE" attach "$P2" access 10 learn-limit "$v"
		bad 2 "\"$v\"" -b "$BRIDGE" port set "$P1" learn-limit "$v"
	done
	bad 2 learn-limit -b "$BRIDGE" attach "$P2" access 10 learn-limit
	bad 2 learn-limit -b "$BRIDGE" port set "$P1" learn-limit
	bad 2 'port set' -b "$BRIDGE" port set
	bad 2 'nothing to set' -b "$BRIDGE" port set "$P1"
	bad 2 bogus -b "$BRIDGE" port set "$P1" bogus 4
	bad 2 Learn-limit -b "$BRIDGE" port set "$P1" Learn-limit 4
	bad 1 nosuch$ID -b "$BRIDGE" port set nosuch$ID learn-limit 4
	bad 1 "$P2" -b "$BRIDGE" port set "$P2" learn-limit 4
	log_test "bad input: learn-limit (attach, port set)"
}

bad_bridge_names()
{
	local b

	for b in a/b .. . a.b '' abcdefghijklmnop 'a b' 'x*' '~b~1'; do
		bad 2 "\"$b\"" -b "$b" load
		bad 2 "\"$b\"" -b "$b" port show
	done
	log_test "bad input: invalid bridge names"
}

not_ethernet()
{
	bad 1 lo -b "$BRIDGE" attach lo access 10
	bad 1 loopback -b "$BRIDGE" attach lo trunk 10 mode tc
	bad 1 "$TUN" -b "$BRIDGE" attach "$TUN" access 10
	bad 1 Ethernet -b "$BRIDGE" attach "$TUN" trunk 10,20 mode tc
	bad 1 "$SL" -b "$BRIDGE" attach "$SL" access 10
	bad 1 "$LB" -b "$BRIDGE" attach "$SL" trunk 10 mode tc
	log_test "bad input: loopback, non-Ethernet and enslaved devices"
}

# with_fault SPEC ARGS...: bad with the bv_* map operation SPEC failing
# (selftests/tools/bvfault.c); the fault must be hit.
with_fault()
{
	local spec=$1; shift

	: >"$TMP/fault"
	FAULT=(env LD_PRELOAD="$BVFAULT" BVFAULT_MAP="$spec" BVFAULT_LOG="$TMP/fault")
	bad "$@"
	FAULT=()
	[ -s "$TMP/fault" ]
	check_err $? "'bpfvlan ${*:3}': the injected fault $spec was never hit"
}

# Failures the kernel gives rarely, injected: each still says why in one
# line and changes nothing.
failures_say_why()
{
	with_fault update:bv_config:0 1 "$NEW" -b "$NEW" load
	with_fault lookup:bv_config:0 1 "$BRIDGE" -b "$BRIDGE" port show
	with_fault lookup:bv_config:0 1 "$BRIDGE" -b "$BRIDGE" attach "$P2" access 10
	with_fault 'lookup:bv_ports:*' 1 "$BRIDGE" -b "$BRIDGE" vlan show
	with_fault 'lookup:bv_ports:*' 1 "$BRIDGE" -b "$BRIDGE" unload
	with_fault 'update:bv_vlans:40' 1 "$P1" -b "$BRIDGE" vlan add dev "$P1" vid 40
	with_fault 'update:bv_tx:*' 1 "$P2" -b "$BRIDGE" attach "$P2" access 10
	with_fault 'lookup:bv_vlans:*' 1 "$BRIDGE" -b "$BRIDGE" port show
	with_fault 'lookup:bv_vlans:*' 1 "$BRIDGE" -b "$BRIDGE" -j vlan show
	with_fault 'lookup:bv_stats:*' 1 "$P1" -b "$BRIDGE" stats
	with_fault 'lookup:bv_vlans:10' 1 "$BRIDGE" -b "$BRIDGE" fdb add 02:79:62:00:00:02 dev "$P1" vid 10
	log_test "failures: each says why in one line (faults injected)"
}

# good_help ARGS...: exit 0, usage on stdout, nothing on stderr.
good_help()
{
	local rc

	"$BV_BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ $rc -eq 0 ] && grep -q '^Usage: ' "$TMP/out" && [ ! -s "$TMP/err" ]
	check_err $? "'bpfvlan $*': rc $rc, stdout $(head -c 80 "$TMP/out"), stderr $(cat "$TMP/err")"
}

help_everywhere()
{
	local c h

	good_help --help
	good_help -h
	good_help help
	for c in load unload attach detach port vlan fdb stats monitor trace help; do
		for h in help --help -h; do
			good_help "$c" "$h"
		done
		# No bridge, no namespace, no privileges needed for help.
		good_help -n "nosuchns$ID" -b "nosuch$ID" "$c" help
	done
	for c in "port show" "vlan show" "vlan add" "vlan del" "fdb show" \
		 "fdb add" "fdb del" "fdb flush"; do
		# shellcheck disable=SC2086
		good_help -b "nosuch$ID" $c help
	done
	"$BV_BIN" >/dev/null 2>"$TMP/err"
	[ $? -eq 2 ] && grep -q '^Usage: ' "$TMP/err"
	check_err $? "bpfvlan without a command: not usage on stderr and exit 2"
	log_test "help: --help, help, CMD help, OBJECT CMD help exit 0"
}

require_root
require_cmd ip jq ethtool tc bpftool clang gcc
require_built
require_tool "$BVFAULT"
setup
tests_run
