#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Run the topology tests (all test_*.sh, or those named) and summarise.
# Exit 1 if any test failed, or if anything was skipped (a whole test:
# exit 4; a case: "[SKIP]") that the list of skips expected on this kind
# of machine does not name: selftests/skips.expected, or the file
# SKIPS_EXPECTED names. Every skip is in the summary, with its reason.
set -u
cd "$(dirname "$0")" || exit 1

tests=("$@")
[ ${#tests[@]} -eq 0 ] && tests=(test_*.sh)
expected=${SKIPS_EXPECTED:-skips.expected}
pass=0 fail=0 skip=0 failed=()
out=$(mktemp) skips=$(mktemp)
trap 'rm -f "$out" "$skips"' EXIT
export BV_SKIP_LOG=$skips	# lib.sh's skip_case and skip_test note skips here

BV_BIN=${BV_BIN:-$(cd .. && pwd)/build/bpfvlan}
leaks=()
# What the tests may leave: bridges (pins) and network namespaces.
leftovers()
{
	ls -A /sys/fs/bpf/bpfvlan 2>/dev/null | sed 's/^/bridge /'
	ip netns list 2>/dev/null | awk '{ print "netns " $1 }'
}

# sweep TEST BEFORE: what TEST left beyond BEFORE is said and removed
# (each test removes what it made, also on failure; one that did not is
# named in the summary).
sweep()
{
	local kind name

	while read -r kind name; do
		[ -n "$name" ] || continue
		echo "== $1 left $kind $name: removed"
		leaks+=("$1:$kind:$name")
		case $kind in
		bridge) [[ $name == "~"* ]] || "$BV_BIN" -b "$name" unload ;;
		netns) ip netns del "$name" ;;
		esac
	done < <(comm -13 <(sort <<<"$2") <(leftovers | sort))
}

# iproute2 makes /sys/fs/bpf/tc (and ip, xdp) when a test loads an object
# with it: gone at the end if it was not there before.
bpffs_tc_was=$([ -e /sys/fs/bpf/tc ] && echo 1)

for t in "${tests[@]}"; do
	[ -f "$t" ] || t="test_$t.sh"
	echo "== $t"
	start=$(date +%s)
	before=$(leftovers)
	timeout --kill-after=10 300 bash "$t" | tee "$out"
	rc=${PIPESTATUS[0]}
	echo "== $t: rc=$rc ($(( $(date +%s) - start ))s)"
	sweep "$(basename "$t")" "$before"
	# A test that exits 4 without saying why through lib.sh.
	name=$(basename "$t")
	if [ "$rc" -eq 4 ] && ! grep -qF "$name * " "$skips"; then
		echo "$name * $(grep -m1 '^SKIP' "$out" || echo "exit 4, no reason given")" >>"$skips"
	fi
	case $rc in
	0) pass=$((pass + 1)) ;;
	4) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)); failed+=("$t") ;;
	esac
done

# is_expected SCRIPT CASE: the expected list has "SCRIPT CASE" (or
# "SCRIPT *" for the whole test) at the start of a line.
is_expected()
{
	[ -f "$expected" ] &&
		grep -v '^[[:space:]]*#' "$expected" |
		awk -v s="$1" -v c="$2" '$1 == s && ($2 == c || $2 == "*") { f = 1 }
			END { exit !f }'
}

unexpected=0
while read -r script case why; do
	if is_expected "$script" "$case"; then
		echo "== skipped (expected): $script $case: $why"
	else
		echo "== skipped (NOT in $expected): $script $case: $why"
		unexpected=$((unexpected + 1))
	fi
done <"$skips"
if [ -z "$bpffs_tc_was" ] && [ -d /sys/fs/bpf/tc ]; then
	rmdir /sys/fs/bpf/tc/globals /sys/fs/bpf/tc 2>/dev/null &&
		rm -f /sys/fs/bpf/ip /sys/fs/bpf/xdp
fi
[ ${#leaks[@]} -eq 0 ] ||
	echo "== left behind by tests (removed; not counted as failures): ${leaks[*]}"
echo "== topology tests: $pass passed, $fail failed, $skip skipped;" \
	"$(wc -l <"$skips") skip(s), $unexpected not expected"
[ $fail -eq 0 ] || echo "== failed: ${failed[*]}"
[ $unexpected -eq 0 ] ||
	echo "== a skip not listed in $expected fails the run: give the test what it needs, or list it with the reason"
[ $fail -eq 0 ] && [ $unexpected -eq 0 ]
