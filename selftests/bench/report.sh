#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# report.sh RESULTS.tsv OUT.json OUT.md: summarise a bench.sh run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jq -R -n -f "$here/report.jq" "$1" > "$2"
jq -r -f "$here/report_md.jq" "$2" > "$3"
