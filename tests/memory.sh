#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Memory must not grow with the length of the log (a 16 MiB and a 128 MiB synthetic log with the
# same containers give the same peak RSS), nor without bound with the objects or containers
# denied (bench/shapes.py: 100,000 distinct objects, 10,000 and 100,000 containers; bounds in
# the README's "Limits").  Usage: memory.sh LEASTPRIV SOURCE_ROOT
set -u
bin=$1
root=$2
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
	echo "SKIP: needs python3 and /usr/bin/time"
	exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
peak() {
	/usr/bin/time -f '%M' -o "$dir/rss" "$bin" analyze -q --format json "$1" >/dev/null 2>&1
	# time notes a non-zero exit (1: advice given) on a line of its own before the figure.
	tail -n 1 "$dir/rss"
}
python3 "$root/bench/gen-audit-log.py" "$dir/small.log" 16 --nodes 2 2>/dev/null || exit 99
python3 "$root/bench/gen-audit-log.py" "$dir/large.log" 128 --nodes 2 2>/dev/null || exit 99
small=$(peak "$dir/small.log")
large=$(peak "$dir/large.log")
echo "peak RSS: 16 MiB log ${small} KiB, 128 MiB log ${large} KiB"
# Eight times the log may cost a few more open events, never eight times the memory.
if [ "$large" -gt $((small + 4096)) ] || [ "$large" -gt 65536 ]; then
	echo "FAIL: memory grows with the log"
	exit 1
fi
echo "ok   memory is flat in the length of the log"
# Nor without bound in the number of objects or containers (README, "Limits"): a container
# that reads 100,000 distinct files of a directory it may not read, text and JSON, stays under
# 64 MiB, and its advice still covers every denial; 10,000 containers with three denials each
# stay under 64 MiB.
bounded() { # NAME LOG BOUND_KIB
	for fmt in text json; do
		/usr/bin/time -f '%M' -o "$dir/rss" "$bin" analyze -q --format "$fmt" "$2" >"$dir/out" 2>/dev/null
		rss=$(tail -n 1 "$dir/rss")
		if [ "$rss" -gt "$3" ]; then
			echo "FAIL: $1, $fmt: peak RSS $rss KiB, over $3 KiB"
			exit 1
		fi
		echo "ok   $1, $fmt: peak RSS $rss KiB (bound $3 KiB)"
	done
}
python3 "$root/bench/shapes.py" objects "$dir/objects.log" 90 2>/dev/null || exit 99
bounded "100,000 distinct objects" "$dir/objects.log" 65536
denials=$(jq '[.containers[].denials] | add' "$dir/out")
in_advice=$(jq '[.containers[].advice[].evidence.count] | add' "$dir/out")
objects=$(grep -c '^type=AVC' "$dir/objects.log")
if [ "$objects" -lt 100000 ] || [ "$denials" != "$objects" ] || [ "$in_advice" != "$objects" ]; then
	echo "FAIL: of $objects denials, $denials counted and $in_advice in the advice"
	exit 1
fi
echo "ok   all $objects denials are in the advice (the directory's further objects folded)"
mounts=$(jq -c '[.containers[].advice[] | "\(.kind) \(.mount_point)"] | unique' "$dir/out")
[ "$mounts" = '["relabel /data"]' ] || { echo "FAIL: folded, the advice is $mounts, not a relabel of /data"; exit 1; }
echo "ok   and it is the relabel of the volume at /data"
rm -f "$dir/objects.log"
python3 "$root/bench/shapes.py" containers "$dir/containers.log" 40 --containers 10000 2>/dev/null || exit 99
bounded "10,000 containers" "$dir/containers.log" 65536
[ "$(jq '.summary.containers' "$dir/out")" = 10000 ] || { echo "FAIL: not 10,000 containers in the report"; exit 1; }
echo "ok   the report holds the 10,000 containers"
rm -f "$dir/containers.log"
# More containers than the evidence store's bound holds: the store stops at its 32 MiB, the
# rest is counted, and the report says so.
python3 "$root/bench/shapes.py" containers "$dir/many.log" 64 --containers 100000 2>/dev/null || exit 99
bounded "100,000 containers" "$dir/many.log" 65536
kept=$(jq '.summary.containers' "$dir/out")
counted=$(jq '.stats.overflow_container_events' "$dir/out")
if [ "$kept" -ge 20000 ] || [ "$counted" -le 0 ]; then
	echo "FAIL: $kept containers kept and $counted events counted past the bound"
	exit 1
fi
"$bin" analyze -q "$dir/many.log" >"$dir/out" 2>/dev/null
grep -q "The evidence store reached its 32 MiB after $kept containers" "$dir/out" ||
	{ echo "FAIL: the text report does not say where the bound stopped the store"; exit 1; }
echo "ok   $kept containers kept, $counted events of further ones counted, and said"
