#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What a scheduled report costs over `analyze` on the same log: paired runs, taking turns, of
# `leastpriv analyze --format json` and of `leastpriv report` with a fresh history database
# (so that it reads the whole log, records every finding and writes its JSON and HTML), then
# one report over the same log with that history (everything checkpointed: it reads to find
# where it stopped, and skips).  Prints each run and the median ratio.
# Usage: bench/report-vs-analyze.sh [SIZE_MB|FILE] [RUNS]   (default 1024 MB, 3 pairs)
set -eu
here=$(dirname "$(realpath "$0")")
bin=${LEASTPRIV:-$here/../build/leastpriv}
what=${1:-1024}
runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f "$what" ]; then
	log=$what
else
	log=$tmp/audit.log
	python3 "$here/gen-audit-log.py" "$log" "$what" 2>/dev/null
fi
cat "$log" >/dev/null
timed() { /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true; tail -n 1 "$tmp/t"; }
echo "log: $(du -m "$log" | cut -f1) MB, $runs pairs"
printf '%-4s %12s %12s %8s\n' run "analyze s" "report s" ratio
ratios=()
for i in $(seq 1 "$runs"); do
	rm -f "$tmp/h.db"
	read -r a am < <(timed "$bin" analyze -q --format json "$log")
	read -r r rm_ < <(timed "$bin" report -q --db "$tmp/h.db" --output json=/dev/null --output html=/dev/null "$log")
	ratio=$(awk -v a="$a" -v r="$r" 'BEGIN { printf "%.3f", r / a }')
	ratios+=("$ratio")
	printf '%-4s %12s %12s %8s   (peak RSS %s / %s KB)\n' "$i" "$a" "$r" "$ratio" "$am" "$rm_"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
read -r again _ < <(timed "$bin" report -q --db "$tmp/h.db" --output json=/dev/null "$log")
echo "median report/analyze: $median; a second report over the same log (all checkpointed): $again s"
