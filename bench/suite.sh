#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark suite: every shape of log (bench/shapes.py and bench/gen-audit-log.py), each
# generated at SIZE_MB into a temporary directory, then leastpriv (text and JSON), `ausearch -m
# AVC --raw`, `aureport --avc` and `grep -c type=AVC` on it, taking turns run by run.  Prints a
# Markdown table: wall seconds (median of RUNS), peak RSS, and leastpriv's speed against
# ausearch and grep (above 1: leastpriv is faster).
# Usage: bench/suite.sh [SIZE_MB] [RUNS] [SHAPE...]     (default 200 MB, 3 runs, every shape)
# LEASTPRIV=PATH times another build.
set -u
here=$(dirname "$(realpath "$0")")
bin=${LEASTPRIV:-$here/../build/leastpriv}
size=${1:-200}
runs=${2:-3}
shift 2 2>/dev/null || shift $#
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(corpus plain-avc generator rate enriched objects containers-10k containers-100k)
command -v /usr/bin/time >/dev/null || { echo "suite.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

generate() {
	case $1 in
	generator) python3 "$here/gen-audit-log.py" "$2" "$size" ;;
	rate) python3 "$here/gen-audit-log.py" "$2" "$size" --rate 20000 ;;
	enriched) python3 "$here/gen-audit-log.py" "$2" "$size" --enriched ;;
	containers-10k) python3 "$here/shapes.py" containers "$2" "$size" --containers 10000 ;;
	containers-100k) python3 "$here/shapes.py" containers "$2" "$size" --containers 100000 ;;
	*) python3 "$here/shapes.py" "$1" "$2" "$size" ;;
	esac
}

# seconds (to the millisecond: grep takes less than /usr/bin/time's hundredth) and peak RSS
# (MB) of one run, stdout discarded
measure() {
	local start=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err"
	awk -v s="$start" -v e="$EPOCHREALTIME" -v m="$(tail -n 1 "$tmp/time")" \
		'BEGIN { printf "%.3f %.1f\n", e - s, m / 1024 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

tools=(text json ausearch aureport grep)
run_tool() {
	case $1 in
	text) measure "$bin" analyze -q "$2" ;;
	json) measure "$bin" analyze -q --format json "$2" ;;
	ausearch) measure ausearch -m AVC -if "$2" --raw ;;
	aureport) measure aureport --avc -if "$2" ;;
	# not to /dev/null: GNU grep stops at the first match when its output goes nowhere
	grep) measure sh -c 'grep -c type=AVC "$1" >"$2"' grep "$2" "$tmp/grep.out" ;;
	esac
}

echo "| shape (${size} MB) | leastpriv text s | json s | ausearch s | aureport s | grep -c s | vs ausearch | vs grep | RSS text MB | RSS json MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for shape in "${shapes[@]}"; do
	log="$tmp/$shape.log"
	generate "$shape" "$log" 2>/dev/null || { echo "| $shape | generation failed |"; continue; }
	cat "$log" >/dev/null
	declare -A wall=() rss=()
	for t in "${tools[@]}"; do : >"$tmp/$t.walls"; done
	for _ in $(seq 1 "$runs"); do
		for t in "${tools[@]}"; do
			read -r w m < <(run_tool "$t" "$log")
			echo "$w" >>"$tmp/$t.walls"
			awk -v a="${rss[$t]:-0}" -v b="$m" 'BEGIN { exit !(b > a) }' && rss[$t]=$m
		done
	done
	for t in "${tools[@]}"; do wall[$t]=$(median <"$tmp/$t.walls"); done
	vs_ausearch=$(awk -v a="${wall[ausearch]}" -v l="${wall[json]}" 'BEGIN { printf "%.2f", a / l }')
	vs_grep=$(awk -v g="${wall[grep]}" -v l="${wall[json]}" 'BEGIN { printf "%.2f", g / l }')
	echo "| $shape | ${wall[text]} | ${wall[json]} | ${wall[ausearch]} | ${wall[aureport]} | ${wall[grep]} | ${vs_ausearch}x | ${vs_grep}x | ${rss[text]} | ${rss[json]} |"
	rm -f "$log"
	unset wall rss
done
