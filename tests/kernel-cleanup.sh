#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Undo what a real-kernel test run set up, from the state file it keeps: first its audit
# rules (exactly those with its keys, read back from the kernel), then its audit daemon (by
# pid), its engine API service, its containers (by name prefix), the audit enabled flag, and
# its files.  Idempotent: the run's own exit trap and its watchdog may both call it.
# Usage: kernel-cleanup.sh STATE_FILE
state=$1
[ -f "$state" ] || exit 0
key= auditd_pid= service_pid= docker_pid= tmp= orig_enabled= made_dir=
# shellcheck source=/dev/null
. "$state"
[ -n "$key" ] || exit 0

# 1. The rules, before anything else: a rule left behind records every later user's processes.
auditctl -l 2>/dev/null | while IFS= read -r line; do
	k=${line##*-F key=}
	[ "$k" = "$line" ] && k=${line##*-k }
	case "$k" in
	"$key" | "$key"-engine | "$key"-socket | "$key"-ancestry) ;;
	"$key"b | "$key"b-engine | "$key"b-socket | "$key"b-ancestry) ;;
	*) continue ;;
	esac
	# shellcheck disable=SC2086
	case "$line" in
	"-a "*) auditctl ${line/#-a /-d } >/dev/null 2>&1 ;;
	"-w "*) auditctl ${line/#-w /-W } >/dev/null 2>&1 ;;
	esac
done
# 2. The daemon, by pid, and only if it is still the auditd of this run.
if [ -n "$auditd_pid" ] && grep -qs "auditd" "/proc/$auditd_pid/comm"; then
	kill -TERM "$auditd_pid" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$auditd_pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$auditd_pid" 2>/dev/null
fi
[ -n "$service_pid" ] && kill -TERM "$service_pid" 2>/dev/null
# 3. The containers of this run.
if command -v podman >/dev/null; then
	podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^$key-" | while IFS= read -r n; do
		podman rm -f -t 0 "$n" >/dev/null 2>&1
	done
fi
# The run's private dockerd, its containers first.
if [ -n "$docker_pid" ] && grep -qs "dockerd" "/proc/$docker_pid/comm"; then
	DOCKER_HOST="unix://$tmp/docker/sock" docker ps -aq 2>/dev/null |
		DOCKER_HOST="unix://$tmp/docker/sock" xargs -r docker rm -f >/dev/null 2>&1
	kill -TERM "$docker_pid" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$docker_pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$docker_pid" 2>/dev/null
	umount "$tmp"/docker/exec/*/* "$tmp"/docker/data/* 2>/dev/null
fi
[ -n "$orig_enabled" ] && auditctl -e "$orig_enabled" >/dev/null 2>&1
# A directory the run made to stand for an engine's socket directory, if still empty.
[ -n "$made_dir" ] && rmdir "$made_dir" 2>/dev/null
[ -n "$tmp" ] && [ -d "$tmp" ] && rm -rf "$tmp"
rm -f "$state"
exit 0
