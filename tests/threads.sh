#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reading on a second thread changes nothing: every fixture log, every corpus file, the
# attacks, all of the corpus as one input (several batches of the reader) and the same through
# a pipe give byte for byte the same report (text and JSON) and the same messages with
# LEASTPRIV_THREADS=1 as with the reading thread.
# Usage: threads.sh LEASTPRIV SOURCE_ROOT CORPUS_DIR ATTACKS_DIR
set -u
bin=$1
root=$2
corpus=$3
attacks=$4
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=87"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0
fail=0

inputs=()
while IFS= read -r f; do inputs+=("$f"); done < <(
	find "$root/fixtures" -name '*.log' -type f | sort
	[ -d "$corpus" ] && find "$corpus" -type f | sort
	[ -d "$attacks" ] && find "$attacks" -type f -name '*.log' | sort)
if [ -d "$corpus" ]; then
	# Several times the corpus in one input: more than one batch of the reading thread.
	for _ in 1 2 3; do cat "$corpus"/*; done >"$out/all.log"
	inputs+=("$out/all.log")
fi

same() { # label, then the command
	local label=$1
	shift
	LEASTPRIV_THREADS=1 "$@" >"$out/one.out" 2>"$out/one.err"
	local rc1=$?
	"$@" >"$out/two.out" 2>"$out/two.err"
	local rc2=$?
	if [ $rc1 -ge 86 ] || [ $rc2 -ge 86 ]; then
		echo "FAIL: $label: sanitizer report (exit $rc1, $rc2)"
		fail=$((fail + 1))
	elif [ $rc1 -ne $rc2 ] || ! cmp -s "$out/one.out" "$out/two.out" ||
		! cmp -s "$out/one.err" "$out/two.err"; then
		echo "FAIL: $label: one thread and two differ (exit $rc1, $rc2)"
		diff "$out/one.out" "$out/two.out" | head -5
		diff "$out/one.err" "$out/two.err" | head -5
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

for f in "${inputs[@]}"; do
	name=${f#"$root"/}
	same "$name (json)" "$bin" analyze --format json "$f"
	same "$name (text)" "$bin" analyze "$f"
done
if [ -f "$out/all.log" ]; then
	same "the corpus through a pipe" sh -c '"$1" analyze --format json - <"$2"' sh "$bin" \
		"$out/all.log"
	same "several inputs" "$bin" analyze --format json "$out/all.log" "$root/fixtures/capability/audit.log"
fi
echo "threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
