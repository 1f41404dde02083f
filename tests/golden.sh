#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden test: run leastpriv on fixtures/CASE/audit.log in one format and compare stdout with
# fixtures/CASE/expected.FORMAT (and stderr with expected.stderr, the exit status with
# expected.status).  UPDATE_GOLDEN=1 rewrites the expected files instead; review the diff.
# Usage: golden.sh LEASTPRIV SOURCE_ROOT CASE FORMAT
set -u
bin=$(realpath "$1")
root=$2
case=$3
fmt=$4
cd "$root" || exit 99
dir=fixtures/$case
args=()
if [ -f "$dir/args" ]; then
	read -r -a args <"$dir/args"
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${LEASTPRIV_WRAPPER:-} "$bin" analyze --format "$fmt" "${args[@]}" "$dir/audit.log" >"$out/stdout" 2>"$out/stderr"
echo $? >"$out/status"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$out/stdout" "$dir/expected.$fmt"
	if [ "$fmt" = text ]; then
		cp "$out/stderr" "$dir/expected.stderr"
		cp "$out/status" "$dir/expected.status"
	fi
	echo "updated $dir/expected.$fmt"
	exit 0
fi
rc=0
diff -u "$dir/expected.$fmt" "$out/stdout" || rc=1
if [ "$fmt" = text ]; then
	diff -u "$dir/expected.stderr" "$out/stderr" || rc=1
	diff -u "$dir/expected.status" "$out/status" || rc=1
fi
if [ "$fmt" = json ] && ! /usr/bin/python3 tests/schema-check.py report "$out/stdout" >"$out/schema"; then
	cat "$out/schema"
	echo "not valid against docs/report.schema.json"
	rc=1
fi
if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|ERROR SUMMARY: [1-9]' "$out/stderr"; then
	cat "$out/stderr"
	rc=1
fi
exit $rc
