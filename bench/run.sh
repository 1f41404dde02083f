#!/usr/bin/env bash
# run.sh: generate a synthetic audit log and compare leastpriv with ausearch on it.
#
# usage: bench/run.sh [SIZE_MB] [GENERATOR OPTIONS...]
#
# SIZE_MB defaults to 1024 (MiB).  Any further arguments go to gen-audit-log.py
# (e.g. --nodes 4 --enriched --rate 20000 --seed 7).  Set LEASTPRIV=/path/to/binary
# to time a binary other than build/leastpriv.
#
# The log is written into a fresh directory made by mktemp -d (under $TMPDIR,
# default /tmp), never inside the repository, and the directory is removed on
# exit, including on error or Ctrl-C.  Needs python3, /usr/bin/time (package
# time) and ausearch (package auditd), and about SIZE_MB of free space there.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"

case "${1:-}" in
-h | --help)
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
esac

SIZE=1024
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	SIZE=$1
	shift
fi
case "$SIZE" in
'' | *[!0-9.]* | *.*.*)
	echo "run.sh: SIZE_MB must be a number, got '$SIZE'" >&2
	exit 2
	;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leastpriv-bench.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

WORK_REAL=$(cd "$WORK" && pwd -P)
ROOT_REAL=$(cd "$ROOT" && pwd -P)
case "$WORK_REAL/" in
"$ROOT_REAL"/*)
	echo "run.sh: temporary directory $WORK_REAL is inside the repository; set TMPDIR elsewhere" >&2
	exit 2
	;;
esac

need_kb=$(awk -v s="$SIZE" 'BEGIN { printf "%d", s * 1024 * 1.05 + 1024 }')
avail_kb=$(df -Pk "$WORK" | awk 'NR == 2 { print $4 }')
if [ -n "$avail_kb" ] && [ "$avail_kb" -lt "$need_kb" ]; then
	echo "run.sh: need about $((need_kb / 1024)) MB free in $WORK, only $((avail_kb / 1024)) MB" >&2
	exit 2
fi

LOG="$WORK/audit.log"
echo "generating $SIZE MB: python3 bench/gen-audit-log.py $LOG $SIZE $*" >&2
start=$(date +%s.%N)
python3 "$BENCH/gen-audit-log.py" "$LOG" "$SIZE" "$@" || exit 1
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "generation took %.1f s\n", b - a }' >&2

args=()
[ -n "${LEASTPRIV:-}" ] && args+=(--leastpriv "$LEASTPRIV")
"$BENCH/compare.sh" "${args[@]}" "$LOG"
rc=$?
rm -f "$LOG"
exit $rc
