#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The scheduled report's systemd units: systemd-analyze verify accepts them, and the service's
# own command, run once with the paths moved into a private directory and a fixture log as the
# input, writes the dated HTML and JSON reports, points latest.* at them, and removes dated
# reports past their 90 days (and nothing else).
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
check "the service is one command" "$(grep -c '^ExecStart' "$tmp/leastpriv-report.service")" 1
mkdir -p "$tmp/state/reports"
old=$(date -u -d '100 days ago' +%Y%m%dT%H%M%SZ)
recent=$(date -u -d '10 days ago' +%Y%m%dT%H%M%SZ)
touch "$tmp/state/reports/report-$old.json" "$tmp/state/reports/report-$old.html" \
	"$tmp/state/reports/report-$recent.json" "$tmp/state/reports/notes-$old.json"
# shellcheck disable=SC2086
$start "$root/fixtures/capability/audit.log" </dev/null >"$tmp/out" 2>"$tmp/err"
check "the service's command runs and exits 0" "$?" 0
check "it writes the JSON report with its history" "$(jq .history.run "$tmp/state/reports/latest.json" 2>/dev/null)" 1
check "and the HTML report" "$(grep -c '<h1>leastpriv report</h1>' "$tmp/state/reports/latest.html" 2>/dev/null)" 1
check "latest.* name dated reports" "$(readlink "$tmp/state/reports/latest.json" | grep -cE '^report-[0-9]{8}T[0-9]{6}Z\.json$')" 1
check "reports past 90 days are removed, the others kept" \
	"$(ls "$tmp/state/reports" | grep -c "$old")/$(ls "$tmp/state/reports" | grep -c "$recent")/$(grep -c 'removed 2 dated reports' "$tmp/err")" "1/1/1"
check "nothing is printed to a standard output that is not a terminal" "$(wc -c <"$tmp/out")" 0
echo "systemd: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
