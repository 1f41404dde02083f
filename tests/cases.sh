#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Conformance on cases: each case's right answer (a table: tests/cases.tsv for the real cases
# of ../shared/cases/files, read in place; fixtures/classes/expect.tsv for the project's own
# logs of each class) leads leastpriv's advice, none of its wrong answers appears, and a case
# where a container or its engine was refused something never ends "nothing to advise".
# Usage: cases.sh LEASTPRIV TABLE CASES_DIR
set -u
bin=$1
table=$2
dir=$3
if [ ! -d "$dir" ]; then
	echo "SKIP: no cases at $dir"
	exit 77
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
pass=0
fail=0
while IFS=$'\t' read -r file lead wrong also; do
	case "$file" in '#'* | '') continue ;; esac
	f="$dir/$file"
	if [ ! -f "$f" ]; then
		echo "FAIL $file: not in $dir"
		fail=$((fail + 1))
		continue
	fi
	${LEASTPRIV_WRAPPER:-} "$bin" analyze "$f" >"$out" 2>&1
	rc=$?
	# the first piece of advice: from its "[severity]" line to the next one
	first=$(awk '/^  \[(critical|high|medium|low|info)\]/ {n++} n == 1' "$out")
	why=
	if [ "$lead" = - ]; then
		[ -z "$first" ] || why="advice where none is due: $(head -n 1 <<<"$first")"
	elif ! grep -qE -- "$lead" <<<"$first"; then
		why="the first advice is not /$lead/: $(head -n 1 <<<"$first")"
	fi
	if [ -z "$why" ] && [ "$wrong" != - ] && grep -qE -- "$wrong" "$out"; then
		why="a wrong answer /$wrong/: $(grep -m 1 -E -- "$wrong" "$out")"
	fi
	if [ -z "$why" ] && [ "$also" != - ] && ! grep -qE -- "$also" "$out"; then
		why="missing /$also/"
	fi
	if [ -z "$why" ] && [ "$lead" != - ] && grep -q "nothing to advise" "$out"; then
		why="ends with nothing to advise"
	fi
	if [ -z "$why" ] && grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$out"; then
		why="sanitizer report"
	fi
	if [ -z "$why" ] && [ "$rc" -gt 5 ]; then
		why="exit status $rc"
	fi
	if [ -n "$why" ]; then
		echo "FAIL $file: $why"
		fail=$((fail + 1))
	else
		echo "ok   $file"
		pass=$((pass + 1))
	fi
done <"$table"
echo "cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
