#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Conformance on logs other people published (../shared/corpus/files, read in place): every
# file is analysed without a crash or sanitizer report, and the number of AVC records leastpriv
# counts equals the number in the file: records written "type=AVC" or, by the kernel's console,
# "type=1400", and lines with no record header that hold journald's "audit[PID]: AVC " or a
# bare "avc:  denied|granted" or apparmor="..." message; and its JSON report validates against
# docs/report.schema.json.  Usage: corpus.sh LEASTPRIV CORPUS_DIR
set -u
bin=$1
dir=$2
if [ ! -d "$dir" ]; then
	echo "SKIP: no corpus at $dir"
	exit 77
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=87"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pass=0
fail=0
for f in "$dir"/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	${LEASTPRIV_WRAPPER:-} "$bin" analyze -q --format json "$f" >"$out/json" 2>"$out/err"
	rc=$?
	want=$(($(grep -aoE 'type=(AVC|1400) ' "$f" | wc -l) +
		$(grep -avE 'type=[A-Za-z0-9_]+ (msg=)?audit\(' "$f" |
			grep -acE '(^| )audit(\[[0-9]+\])?: AVC |(^|[] :])(avc:  (denied|granted)|apparmor=")')))
	got=$(jq -r '.stats.avc_records' "$out/json" 2>/dev/null)
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 4 ]; then
		echo "FAIL $name: exit status $rc"
		head -20 "$out/err"
		fail=$((fail + 1))
	elif grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|ERROR SUMMARY: [1-9]' "$out/err"; then
		echo "FAIL $name: sanitizer or valgrind report"
		head -40 "$out/err"
		fail=$((fail + 1))
	elif [ "$got" != "$want" ]; then
		echo "FAIL $name: counted $got AVC records, the file has $want"
		fail=$((fail + 1))
	elif ! /usr/bin/python3 "$(dirname "$0")/schema-check.py" report "$out/json" >"$out/schema"; then
		cat "$out/schema"
		fail=$((fail + 1))
	else
		echo "ok   $name: $got AVC records, exit $rc"
		pass=$((pass + 1))
	fi
done
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
