#!/usr/bin/env bash
# compare.sh: time leastpriv against wc -l and ausearch on one audit log.
#
# usage: bench/compare.sh [--leastpriv PATH_TO_BINARY]... [--runs N] FILE
#
# Warms the page cache (cat FILE >/dev/null), then runs each command once (or N
# times, keeping the fastest wall time and the largest peak RSS) under
# /usr/bin/time -f '%e %M' and prints a Markdown table:
#   command | wall s | MB/s | peak RSS MB        (MB = MiB = 2^20 bytes)
# Rows:
#   wc -l FILE                                   baseline (reading speed)
#   ausearch -m AVC -if FILE --raw >/dev/null    the reference tool (package auditd)
#   LEASTPRIV analyze --format json FILE >/dev/null
# LEASTPRIV defaults to build/leastpriv in the repository root; its row is skipped
# with a message if that binary does not exist yet.  Give --leastpriv more than once
# to measure several builds side by side in one run (a row each, named by path; the
# builds take turns run by run, so that a change of machine load hits them alike).
# Accepted exit statuses: wc 0; ausearch 0 or 1 (1 = no match); leastpriv 0, 1
# (findings) or 4 (partial input).  Any other status marks the row FAILED and
# makes the script exit 1.  Works from any current directory.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEASTPRIVS=()
FILE=""
RUNS=1

usage() {
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
	case "$1" in
	--leastpriv)
		[ $# -ge 2 ] || { echo "compare.sh: --leastpriv needs a path" >&2; exit 2; }
		LEASTPRIVS+=("$2")
		shift 2
		;;
	--leastpriv=*)
		LEASTPRIVS+=("${1#--leastpriv=}")
		shift
		;;
	--runs)
		[ $# -ge 2 ] || { echo "compare.sh: --runs needs a number" >&2; exit 2; }
		RUNS=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	-*)
		echo "compare.sh: unknown option $1" >&2
		usage >&2
		exit 2
		;;
	*)
		[ -z "$FILE" ] || { echo "compare.sh: only one FILE" >&2; exit 2; }
		FILE=$1
		shift
		;;
	esac
done

[ -n "$FILE" ] || { usage >&2; exit 2; }
[ ${#LEASTPRIVS[@]} -gt 0 ] || LEASTPRIVS=("$ROOT/build/leastpriv")
case "$RUNS" in
'' | *[!0-9]* | 0) echo "compare.sh: --runs needs a positive number" >&2; exit 2 ;;
esac
[ -r "$FILE" ] || { echo "compare.sh: cannot read $FILE" >&2; exit 2; }

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "compare.sh: $TIME is missing; install the 'time' package (apt-get install -y time)" >&2
	exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/leastpriv-compare.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT

BYTES=$(stat -c %s "$FILE")
NAME=$(basename "$FILE")
STATUS=0
ROWS=()
NOTES=()

echo "warming the page cache: cat $FILE >/dev/null" >&2
cat "$FILE" >/dev/null

# measure LABEL OKCODES CMD...   (stdout of CMD goes to /dev/null)
# Runs CMD $RUNS times; reports the fastest wall time and the largest peak RSS.
# Wall time is taken from bash's EPOCHREALTIME around the run (1 ms resolution
# rather than the 10 ms of %e; %e is the fallback); peak RSS is %M (KiB).
measure() {
	local label=$1 okcodes=$2 rc wall rss t0 t1 i best="" maxrss=0 mbs mib
	shift 2
	for ((i = 1; i <= RUNS; i++)); do
		echo "running: $label$([ "$RUNS" -gt 1 ] && echo " (run $i of $RUNS)")" >&2
		t0=${EPOCHREALTIME:-}
		"$TIME" -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr"
		rc=$?
		t1=${EPOCHREALTIME:-}
		# GNU time writes "Command exited with non-zero status N" before the format line
		read -r wall rss < <(tail -n 1 "$WORK/time")
		case " $okcodes " in
		*" $rc "*) ;;
		*)
			ROWS+=("| \`$label\` | FAILED (exit $rc) | | |")
			NOTES+=("$label exited $rc; last lines of its stderr:")
			while IFS= read -r line; do NOTES+=("    $line"); done < <(tail -n 5 "$WORK/stderr")
			STATUS=1
			return
			;;
		esac
		if [ -n "$t0" ] && [ -n "$t1" ]; then
			wall=$(awk -v a="${t0/,/.}" -v b="${t1/,/.}" 'BEGIN { printf "%.3f", b - a }')
		fi
		if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$wall
		fi
		[ "$rss" -gt "$maxrss" ] 2>/dev/null && maxrss=$rss
	done
	mbs=$(awk -v b="$BYTES" -v t="$best" 'BEGIN { if (t > 0) printf "%.1f", b / 1048576 / t; else print "inf" }')
	mib=$(awk -v k="$maxrss" 'BEGIN { printf "%.1f", k / 1024 }')
	ROWS+=("| \`$label\` | $best | $mbs | $mib |")
	[ "$rc" -eq 0 ] || NOTES+=("$label exited $rc (accepted)")
}

measure "wc -l $NAME" "0" wc -l "$FILE"

if command -v ausearch >/dev/null 2>&1; then
	measure "ausearch -m AVC -if $NAME --raw" "0 1" ausearch -m AVC -if "$FILE" --raw
else
	NOTES+=("ausearch row skipped: ausearch not found (apt-get install -y auditd)")
fi

# Several builds: run by run in turn, the best of each kept (one row per build).
declare -A BEST_WALL BEST_RSS
lp_label() {
	if [ ${#LEASTPRIVS[@]} -gt 1 ]; then echo "$1 analyze --format json $NAME"; else echo "leastpriv analyze --format json $NAME"; fi
}
ALL_RUNS=$RUNS
for ((round = 1; round <= ALL_RUNS; round++)); do
	for lp in "${LEASTPRIVS[@]}"; do
		if [ ! -x "$lp" ]; then
			[ "$round" -eq 1 ] && NOTES+=("leastpriv row skipped: $lp does not exist yet (build it, or pass --leastpriv PATH)")
			continue
		fi
		RUNS=1
		SAVED=("${ROWS[@]}")
		measure "$(lp_label "$lp")" "0 1 4" "$lp" analyze --format json "$FILE"
		last=${ROWS[-1]}
		ROWS=("${SAVED[@]}")
		wall=$(echo "$last" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
		rss=$(echo "$last" | awk -F'|' '{ gsub(/ /, "", $5); print $5 }')
		case "$wall" in FAILED*) ROWS+=("$last"); continue ;; esac
		if [ -z "${BEST_WALL[$lp]:-}" ] || awk -v a="$wall" -v b="${BEST_WALL[$lp]}" 'BEGIN { exit !(a < b) }'; then
			BEST_WALL[$lp]=$wall
		fi
		if [ -z "${BEST_RSS[$lp]:-}" ] || awk -v a="$rss" -v b="${BEST_RSS[$lp]}" 'BEGIN { exit !(a > b) }'; then
			BEST_RSS[$lp]=$rss
		fi
	done
done
RUNS=$ALL_RUNS
for lp in "${LEASTPRIVS[@]}"; do
	[ -n "${BEST_WALL[$lp]:-}" ] || continue
	mbs=$(awk -v b="$BYTES" -v t="${BEST_WALL[$lp]}" 'BEGIN { if (t > 0) printf "%.1f", b / 1048576 / t; else print "inf" }')
	ROWS+=("| \`$(lp_label "$lp")\` | ${BEST_WALL[$lp]} | $mbs | ${BEST_RSS[$lp]} |")
done

echo
awk -v b="$BYTES" -v f="$FILE" -v r="$RUNS" 'BEGIN { printf "File: %s (%.1f MB, %d bytes), page cache warm, %s.\n\n", f, b / 1048576, b, (r == 1 ? "one run each" : "best of " r " runs") }'
echo "| command | wall s | MB/s | peak RSS MB |"
echo "|---|---:|---:|---:|"
for r in "${ROWS[@]}"; do
	echo "$r"
done
if [ ${#NOTES[@]} -gt 0 ]; then
	echo
	for n in "${NOTES[@]}"; do
		echo "$n"
	done
fi
exit $STATUS
