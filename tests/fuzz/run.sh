#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the libFuzzer targets of a -Dfuzz=true build, each for SECONDS, from the seeds they are
# replayed over in every build (fixtures, the shared corpus and attacks, tests/fuzz/seeds and
# tests/fuzz/regress).  An input that makes a target fail is copied to
# tests/fuzz/regress/TARGET/, where every build replays it from then on, and the run fails.
# Prints, per target, the executions and their rate.  LEASTPRIV_FUZZ_SEED fixes libFuzzer's
# random seed (the test run sets it, so that it explores the same way each time; unset, each run
# explores afresh).
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(record event correlate pipeline runcmd manifest inspect)
# The largest input each target takes: the stages' own sizes (amplify.h makes larger ones).
declare -A max_len=([record]=4096 [event]=4096 [correlate]=2048 [pipeline]=2048 [runcmd]=1024
	[manifest]=1024 [inspect]=4096)
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
total=0
for t in "${targets[@]}"; do
	bin="$build/tests/fuzz-$t"
	[ -x "$bin" ] || { echo "fuzz-$t: not built (meson setup -Dfuzz=true with clang)"; exit 2; }
	mkdir -p "$work/$t" "$work/$t.art"
	seeds=()
	for d in "$root/fixtures" "$root/../shared/corpus/files" "$root/../shared/attacks" \
		"$root/tests/fuzz/seeds/$t" "$root/tests/fuzz/regress/$t"; do
		[ -d "$d" ] && seeds+=("$d")
	done
	"$bin" -merge=1 -max_len="${max_len[$t]}" "$work/$t" "${seeds[@]}" >/dev/null 2>&1
	"$bin" -max_total_time="$seconds" -max_len="${max_len[$t]}" -rss_limit_mb=2048 \
		-seed="${LEASTPRIV_FUZZ_SEED:-0}" \
		-print_final_stats=1 -artifact_prefix="$work/$t.art/" "$work/$t" >"$work/$t.log" 2>&1
	rc=$?
	runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$work/$t.log")
	rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$work/$t.log")
	total=$((total + ${runs:-0}))
	if [ $rc -ne 0 ] || ls "$work/$t.art"/* >/dev/null 2>&1; then
		mkdir -p "$root/tests/fuzz/regress/$t"
		cp "$work/$t.art"/* "$root/tests/fuzz/regress/$t/" 2>/dev/null
		echo "FAIL fuzz-$t: $(grep -m1 -E 'ERROR|SUMMARY' "$work/$t.log")"
		grep -A20 -m1 'ERROR' "$work/$t.log" | head -25
		failed=1
	else
		printf 'ok   fuzz-%-10s %10s executions in %s s, %s per second\n' "$t" "$runs" \
			"$seconds" "$rate"
	fi
done
echo "fuzz: $total executions in all"
exit $failed
