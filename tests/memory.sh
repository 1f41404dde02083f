#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Memory must not grow with the length of the log: analyse a 16 MiB and a 128 MiB synthetic log
# with the same containers and compare peak RSS.  Usage: memory.sh LEASTPRIV SOURCE_ROOT
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
