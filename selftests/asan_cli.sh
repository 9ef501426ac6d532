#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The bpfvlan binary built with ASan+UBSan (make asan-test builds it as
# $BUILD/asan/bpfvlan and runs this with BV_BIN pointing to it) through a
# bridge's whole life in a network namespace (`-n`): load, attach (veth,
# tap, access, trunk, mode tc), every show in text and JSON, vlan and fdb
# changes, stats (and rates, top), mirrors, internal ports, apply of a config file
# (also rolled back), show config, monitor seeing a link deleted, detach,
# unload -- and the error paths of bad input and missing things. Any
# sanitizer report (leak, overflow, UB), from any command, fails the run:
# reports are written to files (log_path), so a command whose stderr is
# ignored still counts.

ALL_TESTS="asan_lifecycle asan_errors asan_monitor asan_unload asan_reports"
source "$(dirname "$0")/lib.sh"

NS=ha-ns-$ID
BR=bva$ID
SANLOG=

BIN=$BV_BIN
bvn() { "$BIN" -n "$NS" -b "$BR" "$@"; }

# run WANT_RC CMD...: run bpfvlan in $NS with CMD, expect exit status WANT_RC.
run()
{
	local want=$1 rc; shift

	bvn "$@" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq "$want" ]
	check_err $? "bpfvlan $* exited $rc, want $want"
}

setup()
{
	ldd "$BV_BIN" | grep -q libasan && ldd "$BV_TEST_BIN" | grep -q libasan ||
		skip_test asan "$BV_BIN or $BV_TEST_BIN is not built with ASan (make asan-test)"
	SANLOG=$(mktemp -d "/tmp/bvasan.$ID.XXXXXX") || exit 1
	defer rm -rf "$SANLOG"
	export ASAN_OPTIONS="detect_leaks=1:log_path=$SANLOG/asan:abort_on_error=0"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$SANLOG/ubsan"
	ns_create "$NS" || exit 1
	defer "$BV_BIN" -n "$NS" -b "$BR" unload
	ip -n "$NS" link add x1 type veth peer name y1 &&
		ip -n "$NS" link add x2 type veth peer name y2 &&
		ip -n "$NS" tuntap add dev t1 mode tap &&
		ip -n "$NS" link add m1 type veth peer name m2 || exit 1
	for d in x1 y1 x2 y2 t1 m1 m2; do
		ip -n "$NS" link set "$d" up
	done
	ip netns exec "$NS" ethtool -K y1 gro on >/dev/null
}

asan_lifecycle()
{
	run 0 load ageing 60 fdb-size 1024
	run 0 attach x1 access 10
	run 0 attach x2 trunk 10,20,100-199,4011 native 1 mode tc
	run 0 attach t1 access 4011
	pkt --wait 0 --tx "$NS/y1" "$(frame $BCAST 020000000001)" \
		--tx "$NS/y2" "$(frame $BCAST 020000000002 "$(tag 8100 0 20)")"
	run 0 port show
	run 0 -j port show
	run 0 -j -p port show dev x2
	run 0 vlan show
	run 0 -j vlan show
	run 0 -j -p vlan show dev t1
	run 0 vlan add dev x2 vid 300-310,4094
	run 0 vlan del dev x2 vid 300,4094
	run 0 fdb add 02:00:00:00:00:aa dev x1 vid 10
	run 0 trace dev x1 src 02:00:00:00:00:01 dst 02:00:00:00:00:aa ipv4 192.0.2.1 192.0.2.2 tcp 22
	run 0 -j trace dev x2 src 02:00:00:00:00:02 dst ff:ff:ff:ff:ff:ff vlan 20 pcp 3 arp 192.0.2.2 192.0.2.9
	run 0 -j -p trace dev t1 src 02:00:00:00:00:03 dst 33:33:00:00:00:01 ipv6 fe80::1 ff02::1 udp 547
	run 0 trace dev x2 hex "	0x0000:  ffff ffff ffff 0200 0000 0002 8100 0014" "	0x0010:  88b5 0000"
	run 0 fdb show
	run 0 -j fdb show
	run 0 -j -p fdb show dev x2 vid 20
	run 0 fdb del 02:00:00:00:00:aa vid 10
	run 0 fdb flush dev x1
	run 0 fdb flush all
	run 0 stats
	run 0 -j stats
	run 0 -j -p stats dev t1
	run 0 stats rate 0.1
	run 0 -j stats dev t1 rate 0.1
	run 0 top count 2 interval 0.1
	run 0 -j top vid 10 count 1 interval 0.1
	run 0 -j -p top dev t1 count 1 interval 0.1
	run 0 mirror add mi1 dev x1 vid 10 to m1
	run 0 mirror add mi2 vid 20,4011 to m1
	pkt --wait 0 --tx "$NS/y1" "$(frame $BCAST 020000000001)" \
		--tx "$NS/y2" "$(frame $BCAST 020000000002 "$(tag 8100 0 20)")"
	run 0 mirror
	run 0 -j -p mirror show
	run 0 -j stats
	run 0 -j top count 1 interval 0.1
	run 1 mirror add mi3 vid 10 to x2
	run 2 mirror add mi3 vid 10,4095 to m1
	run 0 mirror del mi2
	run 0 -v detach t1
	run 0 attach t1 trunk 10 mode auto owner hook
	run 0 port add hm1 internal 20 mtu 9000 mac 02:00:00:00:00:bb
	run 0 -j -p port show dev hm1
	run 0 port del hm1
	run 0 port add hm2 internal 4011	# left for unload
	run 0 show config
	run 0 -j -p show config
	bvn show config >"$SANLOG/shown.conf" 2>/dev/null
	run 0 apply -f "$SANLOG/shown.conf"
	printf '%s\n' "bridge ageing 90 fdb-size 1024" "port x1 access 10 mode tc" \
		"port x2 trunk 10,20,4011 native 1 mode tc" \
		"port hm2 internal 4011" \
		"fdb 02:00:00:00:00:bb dev x1 vid 10" \
		"mirror mf dev x2 egress vid 20 to m1" >"$SANLOG/new.conf"
	run 0 -j apply -f "$SANLOG/new.conf" check
	BIN=$BV_TEST_BIN
	BPFVLAN_TEST_FAIL_STEP=3 run 1 -v apply -f "$SANLOG/new.conf"
	BPFVLAN_TEST_FAIL_STEP=4:inside run 1 -v apply -f "$SANLOG/new.conf"
	BIN=$BV_BIN
	run 0 -v apply -f "$SANLOG/new.conf"
	log_test "asan: load, attach, show, change, apply, detach under ASan+UBSan"
}

asan_errors()
{
	run 2 attach x1 access 4095
	run 2 attach x1 trunk 10,,20
	run 2 fdb add 01:00:00:00:00:01 dev x1 vid 10
	run 2 fdb add 02:00:00:00:00:01 dev x1 vid 0
	run 2 trace dev x1 hex 0a0b0c0d0e0f1011121314zz
	run 2 trace dev x1 src 02:00:00:00:00:01 dst 02:00:00:00:00:02 vlan 4095
	run 1 trace dev nope src 02:00:00:00:00:01 dst 02:00:00:00:00:02
	run 2 bogus
	run 2 load ageing -1
	run 1 attach x1 access 10		# already a port
	run 1 attach nope access 10		# no such device
	run 1 detach nope
	run 1 vlan add dev x1 vid 20		# access port
	run 1 vlan del dev x2 vid 1		# native VLAN
	run 1 fdb del 02:00:00:00:00:99 vid 10	# no such entry
	run 1 fdb add 02:00:00:00:00:01 dev x1 vid 20	# not a member
	run 1 load				# exists
	printf 'port x1 access 10\nport x1 access 20\n' >"$SANLOG/bad.conf"
	run 2 apply -f "$SANLOG/bad.conf"	# a port twice
	run 1 apply -f "$SANLOG/none.conf"	# no such file
	printf 'port nope access 10\n' >"$SANLOG/bad.conf"
	run 1 apply -f "$SANLOG/bad.conf"	# no such device
	run 2 show frob
	run 2 port add hm3 internal 4095
	run 1 port add hm2 internal 10		# exists
	run 1 port del x2			# not internal
	run 1 detach hm2			# internal: port del
	"$BV_BIN" -n "$NS" -b "nx$ID" port show >/dev/null 2>&1
	check_fail $? "port show on a missing bridge succeeded"
	"$BV_BIN" -n "nons$ID" -b "$BR" port show >/dev/null 2>&1
	check_fail $? "a missing namespace was accepted"
	log_test "asan: error paths under ASan+UBSan"
}

monitor_saw()
{
	grep -q '"event":"removed"' "$1"
}

asan_monitor()
{
	local out pid

	out=$SANLOG/monitor.out
	"$BV_BIN" -n "$NS" -b "$BR" -j monitor >"$out" 2>&1 &
	pid=$!
	sleep 0.3
	ip -n "$NS" link del x1
	busywait 8000 monitor_saw "$out"
	check_err $? "monitor did not report x1 removed: $(cat "$out")"
	stop_monitor $pid
	check_err $? "monitor did not exit cleanly on SIGTERM"
	rm -f "$out"
	log_test "asan: monitor sees a port's link deleted"
}

asan_unload()
{
	run 0 unload
	run 1 unload
	[ ! -e "/sys/fs/bpf/bpfvlan/$BR" ]
	check_err $? "pins left after unload"
	! ip -n "$NS" link show hm2 >/dev/null 2>&1
	check_err $? "internal port hm2 left after unload"
	log_test "asan: unload"
}

asan_reports()
{
	local f

	for f in "$SANLOG"/asan* "$SANLOG"/ubsan*; do
		[ -e "$f" ] || continue
		RET=1
		retmsg="sanitizer report $f"
		echo "---- $f"
		head -n 40 "$f"
	done
	log_test "asan: no sanitizer report from any command"
}

require_root
require_cmd ip jq ethtool ldd
require_built
setup
tests_run
