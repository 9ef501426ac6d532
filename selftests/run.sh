#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Run the topology tests (all test_*.sh, or those named) and summarise.
# Exit 1 if any test failed; skipped tests (exit 4) and skipped cases
# ([SKIP], lib.sh's skip_case) do not fail the run, and are counted.
set -u
cd "$(dirname "$0")" || exit 1

tests=("$@")
[ ${#tests[@]} -eq 0 ] && tests=(test_*.sh)
pass=0 fail=0 skip=0 cases_skipped=0 failed=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for t in "${tests[@]}"; do
	[ -f "$t" ] || t="test_$t.sh"
	echo "== $t"
	start=$(date +%s)
	timeout --kill-after=10 300 bash "$t" | tee "$out"
	rc=${PIPESTATUS[0]}
	cases_skipped=$((cases_skipped + $(grep -c '\[SKIP\]$' "$out")))
	echo "== $t: rc=$rc ($(( $(date +%s) - start ))s)"
	case $rc in
	0) pass=$((pass + 1)) ;;
	4) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)); failed+=("$t") ;;
	esac
done
echo "== topology tests: $pass passed, $fail failed, $skip skipped" \
	"(and $cases_skipped case(s) skipped in tests that ran)"
[ $fail -eq 0 ] || { echo "== failed: ${failed[*]}"; exit 1; }
