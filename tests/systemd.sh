#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The scheduled report's systemd units: systemd-analyze verify accepts them, and the service's
# own commands (ExecStart, then ExecStartPost), run once with the paths moved into a private
# directory and a fixture log as the input, write the report and its dated copy.
# Usage: systemd.sh LEASTPRIV SOURCE_ROOT BUILD_DIR
set -u
bin=$(realpath "$1")
root=$2
build=$3
command -v systemd-analyze >/dev/null || { echo "SKIP: no systemd-analyze"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/state"
move() { sed -e "s|/usr/local/bin/leastpriv|$bin|; s|@BINDIR@/leastpriv|$bin|; s|/var/lib/leastpriv|$tmp/state|g" "$1"; }
move "$build/leastpriv-report.service" >"$tmp/leastpriv-report.service"
cp "$root/tools/systemd/leastpriv-report.timer" "$tmp/"
pass=0
fail=0
check() {
	if [ "$2" = "$3" ]; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1: got '$2', wanted '$3'"; fail=$((fail + 1)); fi
}
systemd-analyze verify "$tmp/leastpriv-report.service" "$tmp/leastpriv-report.timer" >"$tmp/verify.out" 2>&1
check "systemd-analyze verify accepts the service and the timer" "$?/$(grep -c . "$tmp/verify.out")" "0/0"
grep -q '^Persistent=true$' "$tmp/leastpriv-report.timer" && grep -q '^RandomizedDelaySec=' "$tmp/leastpriv-report.timer"
check "the timer is persistent and randomised" "$?" 0
start=$(sed -n 's/^ExecStart=//p' "$tmp/leastpriv-report.service")
post=$(sed -n 's/^ExecStartPost=//p' "$tmp/leastpriv-report.service" | sed 's/%%/%/g')
# shellcheck disable=SC2086
$start "$root/fixtures/capability/audit.log"
check "the service's command runs and exits 0" "$?" 0
check "it writes the JSON report with its history" "$(jq .history.run "$tmp/state/report.json" 2>/dev/null)" 1
check "and the text report" "$(grep -c '^history' "$tmp/state/report.txt" 2>/dev/null)" 1
eval "$post"
check "ExecStartPost keeps a dated copy" "$(ls "$tmp/state"/report-*.json 2>/dev/null | wc -l)" 1
echo "systemd: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
