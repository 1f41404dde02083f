#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden test of a whole command line: fixtures/commands/CASE/command holds leastpriv's
# arguments, one per line (paths relative to the source root); stdout, stderr and the exit
# status must equal expected.stdout, expected.stderr and expected.status.  UPDATE_GOLDEN=1
# rewrites the expected files instead; review the diff.
# Usage: golden-command.sh LEASTPRIV SOURCE_ROOT CASE
set -u
bin=$(realpath "$1")
cd "$2" || exit 99
dir=fixtures/commands/$3
mapfile -t args <"$dir/command"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${LEASTPRIV_WRAPPER:-} "$bin" "${args[@]}" >"$out/stdout" 2>"$out/stderr"
echo $? >"$out/status"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	for f in stdout stderr status; do cp "$out/$f" "$dir/expected.$f"; done
	echo "updated $dir"
	exit 0
fi
rc=0
for f in stdout stderr status; do
	diff -u "$dir/expected.$f" "$out/$f" || rc=1
done
if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|ERROR SUMMARY: [1-9]' "$out/stderr"; then
	rc=1
fi
exit $rc
