#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The kernel matrix's plan for one kernel: run in each guest by run.sh
# (the host's root read-only over 9p: this tree, already built), and on
# the host itself for the host's row (--host).
#
#   guest.sh [--host] [--modprobe WRAPPER] [--size ci|full]
#            [--fuzz-seconds N] [--step-timeout SECS] [--only STEP...]
#
# Steps, each bounded in time (TCG is slow):
#   pkt        build/pkt/test_pkt: every row, every attachment (in a
#              freshly booted guest: the low-uptime case too)
#   fuzz       build/pkt/fuzz --seconds N: the differential fuzz smoke
#   trace      build/pkt/fuzz --trace --seconds N: `bpfvlan trace` of each
#              frame against the programs (the trace mode verifies and
#              agrees on this kernel)
#   smoke      selftests/test_smoke.sh: load, attach in each mode, access,
#              trunk, flood, internal port, ping and TCP, a port's device
#              deleted while attached, unload
#   bond       selftests/test_nic.sh's bond case (required: no skip)
#   upgrade    selftests/test_upgrade.sh's upgrade_self: upgrades under
#              traffic, with every map migrated (state and learn counts
#              kept; on this kernel the new programs take long to load,
#              and the old ageing timer must not run meanwhile)
#   guest/*    every selftests/guest/test_*.sh (emulated NICs, the Linux
#              bridge as an oracle, ...)
# In a guest, what the tests need is required: a missing module or NIC is
# a failure, not a skip (BV_REQUIRE, lib.sh's skip_case). --size is given
# to the tests as BV_MATRIX_SIZE: "ci" (make check) lets a test do less
# (test_uplink_nic.sh: one mode per NIC), "full" (make check-kernels) all.
# A kernel oops or warning fails the step it happened in, and no further
# step runs (a kernel that oopsed holding a lock hangs them all).
# Output: each step's own output, its lines prefixed with the seconds
# since it started, then "STEP NAME pass|fail|skip SECS"; at the end
# "PLAN KERNEL pass=N fail=N skip=N cases_skipped=N [FAILED STEP...]".
# Exit 0 if no step failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
SELFTESTS=$(dirname "$here")
BUILD=${BUILD:-$(dirname "$SELFTESTS")/build}
export BUILD

host=0 modprobe= fuzz_seconds=20 step_timeout=420 only=()
BV_MATRIX_SIZE=full
while [ $# -gt 0 ]; do
	case $1 in
	--host) host=1 ;;
	--modprobe) modprobe=$2; shift ;;
	--size) BV_MATRIX_SIZE=$2; shift ;;
	--fuzz-seconds) fuzz_seconds=$2; shift ;;
	--step-timeout) step_timeout=$2; shift ;;
	--only) shift; only=("$@"); break ;;
	*) echo "guest.sh: unknown $1" >&2; exit 2 ;;
	esac
	shift
done
export BV_MATRIX_SIZE

# A guest: a writable /tmp (the root is the host's, read-only); module
# loading through WRAPPER (this host has no /lib/modules for virtme to
# mount the kernel's modules on): the kernel's usermode helper and every
# `modprobe` on PATH; the drivers of the devices udev could not load.
guest_setup()
{
	mount -t tmpfs -o mode=1777 tmp /tmp || return 1
	if [ -n "$modprobe" ]; then
		echo "$modprobe" > /proc/sys/kernel/modprobe || return 1
		PATH=$(dirname "$modprobe"):$PATH
	fi
	cat /sys/bus/pci/devices/*/modalias /sys/bus/virtio/devices/*/modalias 2>/dev/null |
		sort -u | xargs -r modprobe -q -a 2>/dev/null
	udevadm settle --timeout=60 2>/dev/null	# NICs renamed before use
	ip -br link
	export BV_REQUIRE="bonding bridge 8021q emulated-nics"
}

pass=0 fail=0 skip=0 cases_skipped=0 failed=() oopsed=

selected()
{
	local s

	[ ${#only[@]} -eq 0 ] && return 0
	for s in "${only[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $s ]] && return 0
	done
	return 1
}

# stamp START: each line read prefixed with the seconds since START (TCG
# is slow: where the time went is in the log).
stamp()
{
	local line

	while IFS= read -r line; do
		printf '%4d %s\n' $(( $(date +%s) - $1 )) "$line"
	done
}

# kernel_trouble: the kernel log's oopses, BUGs and warnings so far.
kernel_trouble()
{
	[ $host -eq 1 ] && return	# not this machine's: others use it too
	dmesg 2>/dev/null | grep -E 'BUG:|Oops|WARNING:|Kernel panic|general protection'
}

# bounded SECS OUT CMD...: CMD in a session of its own, its output in
# OUT; killed (the whole session) after SECS. Returns CMD's status, 124 if
# it was killed, 125 if it would not die: a process stuck in the kernel
# (after an oops that held the RTNL lock, every `ip` command is) cannot be
# waited for, so neither is it here.
bounded()
{
	local secs=$1 out=$2 pid deadline i; shift 2

	setsid "$@" > "$out" 2>&1 < /dev/null &
	pid=$!
	deadline=$((SECONDS + secs))
	while kill -0 "$pid" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			kill -TERM -- "-$pid" 2>/dev/null
			sleep 5
			kill -KILL -- "-$pid" 2>/dev/null
			for i in 1 2 3 4 5 6 7 8 9 10; do
				kill -0 "$pid" 2>/dev/null || break
				sleep 1
			done
			kill -0 "$pid" 2>/dev/null && return 125
			wait "$pid"
			return 124
		fi
		sleep 1
	done
	wait "$pid"
}

# step NAME CMD...: run CMD bounded in time; exit 0 passes, 4 skips.
step()
{
	local name=$1 start rc result out trouble tailer; shift

	selected "$name" || return 0
	if [ -n "$oopsed" ]; then
		echo "STEP $name fail 0 (not run: $oopsed)"
		fail=$((fail + 1)); failed+=("$name")
		return
	fi
	echo "== $name: $*"
	start=$(date +%s)
	out=$(mktemp)
	trouble=$(kernel_trouble | wc -l)
	tail -n +1 -F "$out" 2>/dev/null | stamp "$start" &
	tailer=$!
	bounded "$step_timeout" "$out" "$@"
	rc=$?
	sleep 1.5		# tail's last lines
	kill "$tailer" 2>/dev/null
	pkill -P "$tailer" 2>/dev/null
	case $rc in
	0) result=pass ;;
	4) result=skip ;;
	124) result=fail; echo "== $name: killed after ${step_timeout}s" ;;
	125) result=fail oopsed="$name hung in the kernel"
	     echo "== $name: hung in the kernel, unkillable after ${step_timeout}s" ;;
	*) result=fail ;;
	esac
	if [ "$(kernel_trouble | wc -l)" -gt "$trouble" ]; then
		echo "== $name: the kernel oopsed or warned:"
		dmesg | grep -E -A12 'BUG:|Oops|WARNING:|Kernel panic|general protection' | head -40
		result=fail oopsed="the kernel oopsed in $name"
	fi
	case $result in
	pass) pass=$((pass + 1)) ;;
	skip) skip=$((skip + 1)) ;;
	fail) fail=$((fail + 1)); failed+=("$name") ;;
	esac
	cases_skipped=$((cases_skipped + $(grep -c '\[SKIP\]$' "$out")))
	rm -f "$out"
	echo "STEP $name $result $(( $(date +%s) - start ))"
}

kver=$(uname -r)
if [ $host -eq 0 ]; then
	guest_setup || { echo "PLAN $kver pass=0 fail=1 skip=0 cases_skipped=0 setup"; exit 1; }
fi
echo "== $kver, up $(cut -d' ' -f1 /proc/uptime) s, plan $BV_MATRIX_SIZE"

step pkt "$BUILD/pkt/test_pkt"
step fuzz "$BUILD/pkt/fuzz" --seconds "$fuzz_seconds" --seed "$(date +%s)"
step trace "$BUILD/pkt/fuzz" --trace --seconds "$fuzz_seconds" --seed "$(date +%s)"
step smoke bash "$SELFTESTS/test_smoke.sh"
step bond env BV_CASES=bond_is_tc_only bash "$SELFTESTS/test_nic.sh"
step upgrade env BV_CASES=upgrade_self bash "$SELFTESTS/test_upgrade.sh"
for t in "$SELFTESTS"/guest/test_*.sh; do
	[ -e "$t" ] || continue
	n=${t##*/test_}
	step "guest/${n%.sh}" bash "$t"
done

echo "PLAN $kver pass=$pass fail=$fail skip=$skip cases_skipped=$cases_skipped ${failed[*]}"
[ $fail -eq 0 ]
