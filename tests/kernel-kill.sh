#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real-kernel suite must leave nothing behind when it is killed at any moment: run it and
# kill it (KILL, TERM, INT, HUP) at several points of its run, then check that no audit rule of
# its key, no audit daemon of its configuration, no container of its name and no file of its
# state is left.  Usage: kernel-kill.sh LEASTPRIV SOURCE_ROOT
set -u
bin=$1
root=$2
skip() {
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (auditd and podman)"
for tool in auditd auditctl podman; do
	command -v "$tool" >/dev/null || skip "$tool is not installed"
done
auditctl -s >/dev/null 2>&1 || skip "the kernel audit subsystem is not available"
owner=$(auditctl -s | awk '$1 == "pid" {print $2}')
[ "${owner:-0}" = 0 ] || skip "another audit daemon (pid $owner) owns the audit log"
enabled=$(auditctl -s | awk '$1 == "enabled" {print $2}')
pass=0
fail=0
# At these moments (seconds after the start) and with these signals.
for shot in "0.3 KILL" "1.5 TERM" "2.5 KILL" "4 INT" "6 KILL" "8 HUP"; do
	read -r delay sig <<<"$shot"
	setsid bash "$root/tests/kernel.sh" "$bin" "$root" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	key="lp-kt-$pid"
	# The watchdog notices within a fraction of a second; podman may take a few seconds.
	left=
	for _ in $(seq 100); do
		left=$( { auditctl -l | grep -E -- "key=$key(-|\$)";
			pgrep -f "auditd -n -c /tmp/tmp" | while read -r p; do
				grep -qs "lp-kt" /proc/"$p"/cmdline && echo "auditd $p"; done;
			podman ps -a --format '{{.Names}}' | grep "^$key-";
			grep -ls "key=$key\$" /tmp/lp-kt-state.* 2>/dev/null; } 2>/dev/null)
		[ -z "$left" ] && break
		sleep 0.2
	done
	if [ -z "$left" ] && [ "$(auditctl -s | awk '$1 == "enabled" {print $2}')" = "$enabled" ]; then
		echo "ok   killed with $sig after ${delay} s: nothing left behind"
		pass=$((pass + 1))
	else
		echo "FAIL killed with $sig after ${delay} s: left behind:"
		echo "$left"
		fail=$((fail + 1))
	fi
done
echo "kernel-kill: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
