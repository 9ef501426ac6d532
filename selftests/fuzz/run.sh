#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Run libFuzzer harnesses for a bounded time each, from their seed corpus.
#
#   run.sh SECONDS NAME...      (harness $BUILD/fuzz/fuzz_NAME)
#
# The corpus lives in $BUILD/fuzz/corpus/NAME and grows across runs; it is
# refilled from seeds/NAME.txt (one input per line; for "cli" the words of
# a line are separated by NUL bytes, as argv; for "conf" a line's \n
# escapes are its newlines). A crash, leak, sanitizer
# report or failed property is saved as $BUILD/fuzz/crash-NAME-*; replay it
# with: $BUILD/fuzz/fuzz_NAME FILE
set -u
cd "$(dirname "$0")" || exit 1
BUILD=${BUILD:?BUILD must name the build directory}
secs=${1:?usage: run.sh SECONDS NAME...}; shift
fail=0

seed()
{
	local name=$1 dir=$2 i=0 line

	mkdir -p "$dir" || return 1
	while IFS= read -r line || [ -n "$line" ]; do
		if [ "$name" = cli ]; then
			printf '%s' "$line" | tr ' ' '\0' >"$dir/seed-$i"
		elif [ "$name" = conf ]; then
			printf '%b' "$line" >"$dir/seed-$i"
		else
			printf '%s' "$line" >"$dir/seed-$i"
		fi
		i=$((i + 1))
	done <"seeds/$name.txt"
}

for name in "$@"; do
	bin=$BUILD/fuzz/fuzz_$name
	corpus=$BUILD/fuzz/corpus/$name
	log=$BUILD/fuzz/$name.log

	if [ ! -x "$bin" ]; then
		echo "FUZZ: $name: $bin not built"
		fail=1
		continue
	fi
	seed "$name" "$corpus" || { fail=1; continue; }
	# -close_fd_mask=3: the harnesses' own output (CLI messages) is
	# noise; libFuzzer still reports on its own stderr.
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=512 -close_fd_mask=3 -print_final_stats=1 \
		-artifact_prefix="$BUILD/fuzz/crash-$name-" \
		"$corpus" >"$log" 2>&1
	rc=$?
	runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
	if [ $rc -eq 0 ]; then
		printf "FUZZ: %-8s %10s runs in %ss, %s, corpus %s  [ OK ]\n" \
			"$name" "${runs:-?}" "$secs" "${cov:-cov: ?}" \
			"$(ls "$corpus" | wc -l)"
	else
		printf "FUZZ: %-8s rc=%d  [FAIL]\n" "$name" "$rc"
		grep -E 'ERROR|SUMMARY|property failed|runtime error|Test unit written' "$log" | head -n 20
		echo "      full log: $log"
		fail=1
	fi
done
exit $fail
