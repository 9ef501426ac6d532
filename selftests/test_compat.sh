#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The kernels bpfvlan supports, tried on this one: bvfault (LD_PRELOAD)
# gives bpfvlan the answers an older kernel gives, through the calls
# bpfvlan and libbpf make (README, "Kernels"):
#   old61  Debian 12's 6.1: no netdev genl family (no XDP features), no
#          kfunc bpf_xdp_metadata_rx_vlan_tag (so no device-bound program)
#   old63  6.3-6.7: XDP features, no kfunc
#   nofam  no XDP features with the kfunc: the XDP-feature fallback alone,
#          checked against this kernel's own answers
# In a guest booted with an older kernel the same tests run on its real
# answers (the injected ones are then what the kernel says anyway); the
# comparison with the kernel's own answers needs a kernel that has them.
#
#   floor            a release below 6.1 is refused by load, naming both
#   veth_refused     no kfunc: mode xdp on a veth is refused (its peer may
#                    keep tags outside the frame), nothing changed; mode
#                    auto takes it, TC only, and port show says why
#   tap_xdp          no kfunc, no XDP features: taps in mode xdp get the
#                    unbound program, and XDP switches tagged and untagged
#                    frames written into them (no frame handed to TC)
#   xdp_tx_fallback  without XDP features, which ports take XDP frames is
#                    decided as the kernel decides it (tap, veth peers with
#                    and without GRO or XDP), never more
#   unknown_driver   without XDP features a device's driver is unknown:
#                    the attach finds out (ifb: none); mode auto keeps TC,
#                    mode xdp is refused with nothing left behind

ALL_TESTS="floor veth_refused dev_bound_unsafe tap_xdp xdp_tx_fallback unknown_driver"
source "$(dirname "$0")/lib.sh"

KFUNC=bpf_xdp_metadata_rx_vlan_tag
PIN=/sys/fs/bpf/bpfvlan
FLOG=$(mktemp /tmp/bvcompat.XXXXXX)
defer rm -f "$FLOG"
NS=cpv-$ID NS2=cpw-$ID

# bpfvlan on $BRIDGE, given the answers of an older kernel.
old61()
{
	LD_PRELOAD=$BVFAULT BVFAULT_LOG=$FLOG BVFAULT_GENL_FAMILY=netdev \
		BVFAULT_KSYM=$KFUNC "$BV_BIN" -b "$BRIDGE" "$@"
}

old63()
{
	LD_PRELOAD=$BVFAULT BVFAULT_LOG=$FLOG BVFAULT_KSYM=$KFUNC \
		"$BV_BIN" -b "$BRIDGE" "$@"
}

# old612: Debian 13's kernel, which has the kfunc but crashes when the
# device of a device-bound program is deleted (loader/kernel.h).
old612()
{
	LD_PRELOAD=$BVFAULT BVFAULT_LOG=$FLOG BVFAULT_UNAME=6.12.117+deb13-amd64 \
		"$BV_BIN" -b "$BRIDGE" "$@"
}

nofam()
{
	LD_PRELOAD=$BVFAULT BVFAULT_LOG=$FLOG BVFAULT_GENL_FAMILY=netdev \
		"$BV_BIN" -b "$BRIDGE" "$@"
}

# injected WHAT...: bvfault answered each WHAT (a line of its log) since
# the last call, so a test knows the older kernel's answers were given.
injected()
{
	local what

	for what in "$@"; do
		grep -q "$what" "$FLOG"
		check_err $? "bvfault did not answer \"$what\": the test did not run as on an older kernel"
	done
	: >"$FLOG"
}

# dev_state DEV: what an attach changes on a device, to compare.
dev_state()
{
	ip -j -d link show "$1" | jq -c '.[0] | {flags, promiscuity, xdp}'
	tc -j qdisc show dev "$1" | jq -c '[.[] | select(.kind == "clsact")]'
	ethtool -k "$1" | grep -E 'vlan|rx-gro'
}

setup()
{
	bridge_load || exit 1
	ns_create "$NS" && ns_create "$NS2" || exit 1
}

floor()
{
	local rel err rc br=cpf$ID

	for rel in 5.15.0-91-generic 6.0.19; do
		err=$(LD_PRELOAD=$BVFAULT BVFAULT_UNAME=$rel "$BV_BIN" -b $br load 2>&1)
		rc=$?
		[ $rc -eq 1 ]
		check_err $? "load on $rel: exit $rc, want 1"
		[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
			printf '%s' "$err" | grep -q "kernel $rel is older than 6.1"
		check_err $? "load on $rel: not one line naming $rel and 6.1: $err"
		[ ! -e "$PIN/$br" ] && ! ls "$PIN" | grep -q "~$br~"
		check_err $? "load on $rel left pins: $(ls "$PIN")"
	done
	LD_PRELOAD=$BVFAULT BVFAULT_UNAME=6.1.0-57-amd64 "$BV_BIN" -b $br load
	check_err $? "load on 6.1.0-57-amd64 (the floor) failed"
	"$BV_BIN" -b $br unload 2>/dev/null
	log_test "compat: load refuses a kernel below 6.1, naming it and the floor"
}

# A kernel with the kfunc but before 6.18 gets no device-bound program:
# mode xdp on a veth is refused as without the kfunc, saying why; a tap's
# XDP program is not bound to it.
dev_bound_unsafe()
{
	local v=cpd1$ID t=cpdt$ID before err rc prog

	grep -qw $KFUNC /proc/kallsyms ||
		{ skip_case "compat: 6.12: no device-bound XDP" rx-vlan-kfunc \
			"kernel $(uname -r) has no $KFUNC: nothing to leave unused"; return; }
	host_ns_add "cpd-$ID" "$v" || { check_err 1 "veth"; log_test "compat: 6.12"; return; }
	before=$(dev_state "$v")
	err=$(old612 -v attach "$v" access 10 mode xdp 2>&1)
	rc=$?
	injected "uname: 6.12.117"
	[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "$KFUNC not used: .*crashes kernels before 6.18" &&
		printf '%s' "$err" | grep -q "$v: no XDP: .*$KFUNC"
	check_err $? "6.12: mode xdp on veth $v: exit $rc: $err"
	[ -z "$(port_json "$v")" ] && [ "$(dev_state "$v")" = "$before" ]
	check_err $? "6.12: the refused attach changed $v: $(dev_state "$v")"
	tap_add $t || { check_err 1 "tap"; log_test "compat: 6.12"; return; }
	old612 attach $t access 10 mode xdp
	check_err $? "6.12: tap $t in mode xdp refused"
	prog=$(ip -j link show $t | jq -r '.[0].xdp.prog.id // empty')
	[ -n "$prog" ] && ! bpftool prog show id "$prog" | grep -q "offloaded_to\|dev_bound"
	check_err $? "6.12: tap $t's XDP program ($prog) is bound to a device: $(bpftool prog show id "$prog" 2>&1)"
	bv detach $t
	log_test "compat: kfunc but 6.12: no device-bound XDP program, veths refused"
}

veth_refused()
{
	local v=cpv1$ID before err rc cmd

	host_add "$NS" "$v" || { check_err 1 "veth"; log_test "compat: veth"; return; }
	before=$(dev_state "$v")
	for cmd in old61 old63; do
		err=$($cmd attach "$v" trunk 10,20 native 30 mode xdp 2>&1)
		rc=$?
		injected "btf: no $KFUNC"
		[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "$v: no XDP: .*$KFUNC"
		check_err $? "$cmd: mode xdp on a veth: exit $rc: $err"
		[ -z "$(port_json "$v")" ] && [ "$(dev_state "$v")" = "$before" ]
		check_err $? "$cmd: the refused attach changed $v: $(dev_state "$v")"
	done
	old61 attach "$v" trunk 10,20 native 30
	check_err $? "$v: mode auto failed"
	port_json "$v" | jq -e '.xdp == false and .path == "tc" and
		.no_xdp == "fed by a local stack (mode auto)"' >/dev/null
	check_err $? "$v in mode auto: $(port_json "$v")"
	bv detach "$v"
	[ "$(dev_state "$v")" = "$before" ]
	check_err $? "$v after detach: $(dev_state "$v"), before: $before"
	log_test "compat: no $KFUNC: mode xdp on a veth refused, auto takes TC"
}

# Three taps as QEMU opens them: trunk 10,20 native 30, access 20, access 30.
tap_xdp()
{
	local tt=cptt$ID ta=cpta$ID tn=cptn$ID d id before f m=020000c0ffee out
	local t20

	for d in $tt $ta $tn; do
		tap_add $d || { check_err 1 "tap $d"; log_test "compat: taps"; return; }
	done
	old61 attach $tt trunk 10,20 native 30 mode xdp &&
		old61 attach $ta access 20 mode xdp &&
		old61 attach $tn access 30 mode xdp
	check_err $? "taps in mode xdp refused"
	injected "btf: no $KFUNC" "genl family netdev"
	old61 -j port show | jq -e 'length == 3 and all(.[]; .xdp and .xdp_tx and .path == "xdp+tc")' >/dev/null
	check_err $? "taps: want XDP and xdp_tx on all: $(old61 -j port show)"
	# Loaded unbound, the program makes no call to the kfunc.
	id=$(ip -j link show $ta | jq '.[0].xdp.prog.id')
	! bpftool prog dump xlated id "$id" | grep -q "call .*$KFUNC"
	check_err $? "the XDP program of $ta (id $id) calls $KFUNC"

	before=$(old61 -j stats | jq '[.[].events.xdp_to_tc] | add // 0')
	t20=$(tag 8100 0 20)
	# VLAN 20, tag in the bytes (as QEMU writes it): to the access tap only.
	f=$(frame $BCAST $m "$t20")
	out=$(pkt --rx tap:$ta --rx tap:$tn --tx tap:$tt "$f")
	expect_at "$out" tap:$ta "$(untag "$f")"
	expect_at "$out" tap:$tn
	# Untagged: the native VLAN 30.
	f=$(frame $BCAST $m)
	out=$(pkt --rx tap:$ta --rx tap:$tn --tx tap:$tt "$f")
	expect_at "$out" tap:$tn "$f"
	expect_at "$out" tap:$ta
	# From the access tap: learned, tagged 20 on the trunk; then unicast back.
	f=$(frame $BCAST 020000c0ff01)
	out=$(pkt --rx tap:$tt --rx tap:$tn --tx tap:$ta "$f")
	expect_at "$out" tap:$tt "$(tag_into "$f" "$t20")"
	expect_at "$out" tap:$tn
	f=$(frame 020000c0ff01 $m "$t20")
	out=$(pkt --rx tap:$ta --rx tap:$tn --tx tap:$tt "$f")
	expect_at "$out" tap:$ta "$(untag "$f")"
	expect_at "$out" tap:$tn
	# Tagged into an access port: dropped.
	f=$(frame $BCAST 020000c0ff02 "$t20")
	out=$(pkt --rx tap:$tt --rx tap:$tn --tx tap:$ta "$f")
	expect_at "$out" tap:$tt
	expect_at "$out" tap:$tn
	[ "$(old61 -j stats dev $ta | jq '.[0].drops.tagged_on_access')" -ge 1 ]
	check_err $? "no tagged_on_access drop on $ta"
	[ "$(old61 -j stats | jq '[.[].events.xdp_to_tc] | add // 0')" -eq "$before" ]
	check_err $? "frames went to TC: XDP did not switch them all"
	for d in $tt $ta $tn; do old61 detach $d; done
	log_test "compat: as on 6.1, taps get unbound XDP that switches by tags in the frame"
}

# xdp_tx of each port, as "DEV BOOL" lines, by bpfvlan given @1's answers
# (every command first reads the ports' XDP features again).
xdp_tx_of()
{
	"$@" -j port show | jq -r '.[] | "\(.ifname) \(.xdp_tx)"' | sort
}

xdp_tx_fallback()
{
	local t=cpxt$ID a=cpxa$ID b=cpxb$ID c=cpxc$ID e=cpxe$ID br2=cpx$ID
	local fallback kernel want d

	if ! grep -qw netdev_nl_dev_get_doit /proc/kallsyms; then
		skip_case "compat: without XDP features, xdp_tx as the kernel decides it" \
			netdev-family "no XDP features in this kernel to compare the fallback with"
		return
	fi
	tap_add $t || { check_err 1 "tap"; log_test "compat: xdp_tx"; return; }
	# Peers in this netns: without GRO, with GRO, with an XDP program.
	for d in $a $b $c; do
		ip link add $d type veth peer name ${d}p || check_err 1 "veth $d"
		defer ip link del $d
		ethtool -K ${d}p rxvlan off txvlan off gro off >/dev/null 2>&1
		ip link set $d up && ip link set ${d}p up
	done
	ethtool -K ${b}p gro on >/dev/null
	"$BV_BIN" -b $br2 load && defer "$BV_BIN" -b $br2 unload
	"$BV_BIN" -b $br2 attach ${c}p access 10 mode xdp
	check_err $? "XDP on ${c}p"
	# A peer in another netns, with GRO: bpfvlan cannot see it.
	host_add "$NS2" $e gro || check_err 1 "veth $e"
	for d in $t $a $b $c $e; do
		nofam attach $d access 10 mode tc || check_err 1 "attach $d"
	done
	fallback=$(xdp_tx_of nofam)
	injected "genl family netdev"
	kernel=$(xdp_tx_of "$BV_BIN" -b "$BRIDGE")
	want=$(printf '%s\n' "$t true" "$a false" "$b true" "$c true" "$e false" | sort)
	[ "$fallback" = "$want" ]
	check_err $? "fallback xdp_tx: $(echo $fallback), want $(echo $want)"
	# The kernel's own answers: the same, but for the peer out of sight.
	[ "$(printf '%s\n' "$kernel" | grep -v "^$e ")" = "$(printf '%s\n' "$want" | grep -v "^$e ")" ] &&
		printf '%s\n' "$kernel" | grep -q "^$e true"
	check_err $? "the kernel says $(echo $kernel); the fallback said $(echo $fallback)"
	# It follows the peer: GRO on for a's, off for b's.
	ethtool -K ${a}p gro on >/dev/null && ethtool -K ${b}p gro off >/dev/null
	printf '%s\n' "$(xdp_tx_of nofam)" | grep -qx "$a true" &&
		printf '%s\n' "$(xdp_tx_of nofam)" | grep -qx "$b false"
	check_err $? "fallback did not follow the peers' GRO: $(echo $(xdp_tx_of nofam))"
	for d in $t $a $b $c $e; do bv detach $d; done
	log_test "compat: without XDP features, xdp_tx as the kernel decides it"
}

unknown_driver()
{
	local d=cpu$ID before err rc

	if ! ip link add $d type ifb 2>/dev/null; then
		skip_case "compat: without XDP features the attach finds a driver without XDP" \
			ifb "no ifb device here: a driver without XDP not tried"
		return
	fi
	defer ip link del $d
	ip link set $d up
	before=$(dev_state $d)
	err=$(nofam attach $d access 10 mode xdp 2>&1)
	rc=$?
	injected "genl family netdev"
	[ $rc -eq 1 ] && printf '%s' "$err" | grep -q "$d: no XDP: driver has no native XDP"
	check_err $? "mode xdp on ifb without XDP features: exit $rc: $err"
	[ -z "$(port_json $d)" ] && [ "$(dev_state $d)" = "$before" ]
	check_err $? "the refused attach changed $d: $(dev_state $d)"
	nofam attach $d access 10
	check_err $? "mode auto on ifb failed"
	port_json $d | jq -e '.xdp == false and .path == "tc" and
		.no_xdp == "driver has no native XDP"' >/dev/null
	check_err $? "$d in mode auto: $(port_json $d)"
	bv detach $d
	[ "$(dev_state $d)" = "$before" ]
	check_err $? "$d after detach: $(dev_state $d), before: $before"
	log_test "compat: without XDP features the attach finds a driver without XDP"
}

require_root
require_built
require_cmd ip jq ethtool tc bpftool
[ -f "$BVFAULT" ] || { echo "FAIL: $BVFAULT missing (make)"; exit 1; }
setup
tests_run
exit $EXIT_STATUS
