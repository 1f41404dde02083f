#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line as users meet it: usage errors, the system log and its rotations, directories,
# standard input, gzip, and unreadable inputs.  Usage: cli.sh LEASTPRIV SOURCE_ROOT
set -u
bin=$(realpath "$1")
root=$2
sample="$root/fixtures/registry-certs/audit.log"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect NAME STATUS PATTERN -- COMMAND...: COMMAND exits with STATUS and its output matches PATTERN.
expect() {
	local name=$1 want=$2 pattern=$3
	shift 4
	"$@" >"$tmp/out" 2>&1
	local got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit status $got, wanted $want"
		head -20 "$tmp/out"
		fail=$((fail + 1))
	elif ! grep -qE -- "$pattern" "$tmp/out"; then
		echo "FAIL $name: output does not match /$pattern/"
		head -20 "$tmp/out"
		fail=$((fail + 1))
	else
		echo "ok   $name"
		pass=$((pass + 1))
	fi
}

expect "no command" 2 "no command given" -- "$bin"
expect "unknown command" 2 "unknown command 'frobnicate'" -- "$bin" frobnicate
expect "unknown option" 2 "unknown or incomplete option '--bogus'" -- "$bin" analyze --bogus
expect "bad format" 2 "--format: unknown format 'yaml'" -- "$bin" analyze --format yaml "$sample"
expect "bad timeout" 2 "--eoe-timeout" -- "$bin" analyze --eoe-timeout=soon "$sample"
expect "help" 0 "^Usage: leastpriv analyze" -- "$bin" --help
expect "version" 0 "^leastpriv [0-9]" -- "$bin" --version
expect "version command" 0 "^leastpriv [0-9]" -- "$bin" version

# --help and the README say the same: each command's usage line, and the exit statuses.
while IFS= read -r line; do
	if grep -qxF -- "$line" "$root/README.md"; then
		echo "ok   README has the usage line: $line"
		pass=$((pass + 1))
	else
		echo "FAIL README lacks the usage line of --help: $line"
		fail=$((fail + 1))
	fi
done < <("$bin" --help | sed -n 's/^\(Usage:\|      \) leastpriv /leastpriv /p' | grep -v '^leastpriv version$')
for st in "\`0\` nothing to change" "\`1\` advice given" "\`2\` usage error" "\`3\` an input could not" \
	"\`5\` a container failed"; do
	if tr '\n' ' ' <"$root/README.md" | grep -qF -- "$st"; then
		echo "ok   README states exit status ${st%% *}"
		pass=$((pass + 1))
	else
		echo "FAIL README does not state exit status: $st"
		fail=$((fail + 1))
	fi
done

# Each command's --help shows its own options, and only those.
expect "analyze --help" 0 "^      --target=DIALECT" -- "$bin" analyze --help
expect "fix --help" 0 "^      --log=FILE" -- "$bin" fix --help
expect "rules --help" 0 "^      --ancestry" -- "$bin" rules --help
expect "why --help" 0 "^Usage: leastpriv why" -- "$bin" why --help
expect "watch --help" 0 "^      --output=FILE" -- "$bin" watch --help
expect "watch on a stream: each finding once" 0 "^container container_t:s0:c127,c779: file refused" -- \
	bash -c "cat '$sample' '$sample' | '$bin' watch --output -"
# A stream faster than the analysis, into a small queue: whole lines are dropped, none of them
# torn, and every line is counted as read or dropped.
for _ in $(seq 3000); do cat "$sample"; done >"$tmp/firehose.log"
lines=$(wc -l <"$tmp/firehose.log")
"$bin" watch --queue-bytes 4096 --output - <"$tmp/firehose.log" >"$tmp/firehose.out" 2>&1
summary=$(grep '^leastpriv: watch stopped: ' "$tmp/firehose.out")
dropped=$(sed -n 's/.*, \([0-9]*\) of them dropped.*/\1/p' <<<"$summary")
if [[ "$summary" == "leastpriv: watch stopped: $lines lines from auditd, "* ]] && [ "${dropped:-0}" -gt 0 ] &&
	grep -q "lines from auditd dropped unread" "$tmp/firehose.out" && ! grep -qi "malformed" "$tmp/firehose.out"; then
	echo "ok   watch: a full queue drops whole lines and counts them ($dropped of $lines)"
	pass=$((pass + 1))
else
	echo "FAIL watch drops: $summary"
	fail=$((fail + 1))
fi
head -n $((lines / 10)) "$tmp/firehose.log" | "$bin" watch --output - >"$tmp/firehose.out" 2>&1
expect "watch: with room in the queue (16 MiB) nothing is dropped" 0 "^leastpriv: watch stopped: $((lines / 10)) lines from auditd, 0 of them dropped" -- \
	cat "$tmp/firehose.out"
expect "watch: --queue-bytes is checked" 2 "--queue-bytes: 'x' is not a size" -- "$bin" watch --queue-bytes x
expect "why needs a name" 2 "why: name one container" -- "$bin" why
expect "help COMMAND" 0 "^Usage: leastpriv rules" -- "$bin" help rules
expect "help unknown command" 2 "no command 'nope'" -- "$bin" help nope
for c in "analyze --key" "analyze --log" "fix --target" "fix --group-file" "rules --inspect" \
	"rules --format" "rules --seccomp-dir"; do
	if "$bin" "${c% *}" --help | grep -qE -- "^ .*${c#* }([= ]|$)"; then
		echo "FAIL ${c% *} --help lists ${c#* }"
		fail=$((fail + 1))
	else
		echo "ok   ${c% *} --help does not list ${c#* }"
		pass=$((pass + 1))
	fi
done
# A command refuses another command's option, saying whose it is.
expect "rules refuses --inspect" 2 "'--inspect' is an option of 'analyze', 'fix' and 'report', not of 'rules'" -- \
	"$bin" rules --inspect x --seccomp-dir /nonexistent
expect "analyze refuses --key" 2 "'--key' is an option of 'rules', not of 'analyze'" -- \
	"$bin" analyze --key foo "$sample"
expect "fix refuses --target" 2 "'--target' is an option of 'analyze', 'why' and 'report', not of 'fix'" -- \
	"$bin" fix --target compose -- podman run alpine
expect "rules takes no operand" 2 "rules: takes no operand" -- "$bin" rules extra
expect "missing value" 2 "option '--arch' needs a value" -- "$bin" rules --arch
expect "the docker group without --container" 1 "Members of the docker group" -- \
	"$bin" analyze --group-file "$root/fixtures/admin-control/group" \
	--inspect "$root/fixtures/registry-certs-inspect/inspect.json" "$root/fixtures/registry-certs-inspect/audit.log"
if "$bin" analyze --group-file "$root/fixtures/admin-control/group" --container registry \
	--inspect "$root/fixtures/registry-certs-inspect/inspect.json" \
	"$root/fixtures/registry-certs-inspect/audit.log" | grep -q "docker group"; then
	echo "FAIL --container still reports the host's docker group"
	fail=$((fail + 1))
else
	echo "ok   --container leaves the host's logins and groups out"
	pass=$((pass + 1))
fi
# A container that exited with an error and was refused nothing: no evidence, exit status 5.
printf '[{"Id":"%s","Name":"broken","ImageName":"busybox","State":{"Running":false,"ExitCode":3,"Pid":0,"StartedAt":"2025-11-20T09:10:00Z","FinishedAt":"2025-11-20T09:10:05Z"},"Mounts":[],"HostConfig":{"Privileged":false}}]' \
	"$(printf 'ab%.0s' $(seq 32))" >"$tmp/failed.json"
printf 'type=DAEMON_START msg=audit(1763629800.000:1): op=start ver=3.0.9 format=raw kernel=6.1.0 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success\n' >"$tmp/quiet.log"
expect "a failed container with no evidence: exit status 5" 5 "exited with status 3: the evidence of why is missing" -- \
	"$bin" analyze --inspect "$tmp/failed.json" "$tmp/quiet.log"
expect "a --container that names nothing" 2 "--container nosuch: no container of the log" -- \
	"$bin" analyze --container nosuch "$sample"

# The system's log, found through auditd.conf, with its rotations oldest first (gaps allowed).
mkdir "$tmp/logs"
cp "$sample" "$tmp/logs/audit.log"
gzip -c "$sample" >"$tmp/logs/audit.log.1"
cp "$sample" "$tmp/logs/audit.log.3"
printf 'log_file = %s/logs/audit.log\n' "$tmp" >"$tmp/auditd.conf"
"$bin" analyze --format json --auditd-conf "$tmp/auditd.conf" >"$tmp/json" 2>/dev/null
order=$(jq -r '[.inputs[].path | sub(".*/"; "")] | join(" ")' "$tmp/json")
if [ "$order" = "audit.log.3 audit.log.1 audit.log" ] && [ "$(jq '.stats.avc_records' "$tmp/json")" = 15 ]; then
	echo "ok   system log and rotations, oldest first"
	pass=$((pass + 1))
else
	echo "FAIL system log: order '$order', $(jq '.stats.avc_records' "$tmp/json") AVC records"
	fail=$((fail + 1))
fi
expect "directory argument" 1 "relabel the volume mounted at /certs with :Z" -- "$bin" analyze "$tmp/logs"

printf 'log_file = %s/nowhere/audit.log\n' "$tmp" >"$tmp/missing.conf"
expect "no system log" 3 "nowhere/audit.log: no audit log there" -- "$bin" analyze --auditd-conf "$tmp/missing.conf"
expect "unreadable input among others" 3 "nonexistent.log: No such file or directory" -- \
	"$bin" analyze "$tmp/nonexistent.log" "$sample"
"$bin" analyze "$tmp/nonexistent.log" "$sample" 2>/dev/null | grep -q "with :Z" &&
	{ echo "ok   the readable input is still analysed"; pass=$((pass + 1)); } ||
	{ echo "FAIL the readable input was not analysed"; fail=$((fail + 1)); }
expect "standard input" 1 "container_t:s0:c127,c779" -- bash -c "cat '$sample' | '$bin' analyze -"
expect "gzip on standard input" 1 "container_t:s0:c127,c779" -- bash -c "gzip -c '$sample' | '$bin' analyze -"
expect "malformed input" 4 "fixtures/malformed/audit.log:6: binary data" -- \
	bash -c "cd '$root' && '$bin' analyze fixtures/malformed/audit.log"
expect "quiet" 4 "^leastpriv: 1 container seen" -- \
	bash -c "cd '$root' && '$bin' analyze -q fixtures/malformed/audit.log 2>&1 | head -1; exit \${PIPESTATUS[0]}"

expect "rules" 0 "^-a always,exit -F arch=b64 -S bind,socket,.* -F exit=-EPERM -k lp-test$" -- \
	"$bin" rules --key lp-test --arch x86_64
expect "rules for aarch64 use the generic table" 0 "fchownat,setuid" -- "$bin" rules --arch aarch64
"$bin" rules --arch aarch64 | grep -q -- '-S .*[,=]chown,' &&
	{ echo "FAIL aarch64 rules name chown, which aarch64 has not"; fail=$((fail + 1)); } ||
	{ echo "ok   aarch64 rules leave out chown"; pass=$((pass + 1)); }
expect "rules key is checked" 2 "--key: use letters" -- "$bin" rules --key 'a b'
printf '[{"Id": "x",\n "Name": }]' >"$tmp/bad.json"
expect "bad inspect file" 3 "bad.json:2:10: " -- "$bin" analyze --inspect "$tmp/bad.json" "$sample"
expect "missing inspect file" 3 "nothing.json: No such file" -- "$bin" analyze --inspect "$tmp/nothing.json" "$sample"
expect "inspect names containers" 1 "^Container lp-kt-[0-9]+-bind" -- bash -c "cd '$root' && '$bin' \
	analyze --inspect fixtures/failed-syscalls/inspect.json fixtures/failed-syscalls/audit.log"

# Selection: the time window (with a fixed "now"), nodes, containers.
multi="$root/fixtures/enriched-multinode/audit.log"
nodes() { jq -c '[.containers[].node]' "$tmp/sel.json"; }
SOURCE_DATE_EPOCH=1763640000 "$bin" analyze --format json --since today "$multi" >"$tmp/sel.json"
[ "$(nodes)" = '["web1","web2"]' ] && { echo "ok   --since today keeps today's records"; pass=$((pass + 1)); } ||
	{ echo "FAIL --since today: $(nodes)"; fail=$((fail + 1)); }
SOURCE_DATE_EPOCH=1763726400 "$bin" analyze --format json --since today "$multi" >"$tmp/sel.json"
[ "$(nodes)" = '[]' ] && [ "$(jq .stats.filtered_records "$tmp/sel.json")" = 53 ] &&
	{ echo "ok   --since today drops yesterday's records"; pass=$((pass + 1)); } ||
	{ echo "FAIL --since today (a day later): $(nodes)"; fail=$((fail + 1)); }
SOURCE_DATE_EPOCH=1763640000 "$bin" analyze --format json --until today "$multi" >"$tmp/sel.json"
[ "$(nodes)" = '[]' ] && { echo "ok   --until today ends at midnight, not now"; pass=$((pass + 1)); } ||
	{ echo "FAIL --until today kept today's records: $(nodes)"; fail=$((fail + 1)); }
SOURCE_DATE_EPOCH=1763726400 "$bin" analyze --format json --until today "$multi" >"$tmp/sel.json"
[ "$(nodes)" = '["web1","web2"]' ] && { echo "ok   --until today keeps yesterday's records"; pass=$((pass + 1)); } ||
	{ echo "FAIL --until today (a day later): $(nodes)"; fail=$((fail + 1)); }
"$bin" analyze --format json --until '2025-11-20 09:12:10' "$multi" >"$tmp/sel.json"
[ "$(jq '[.containers[].denials] | add' "$tmp/sel.json")" = 2 ] &&
	{ echo "ok   --until"; pass=$((pass + 1)); } || { echo "FAIL --until"; fail=$((fail + 1)); }
"$bin" analyze --format json "$multi" --node web2 >"$tmp/sel.json"
[ "$(nodes)" = '["web2"]' ] && { echo "ok   --node"; pass=$((pass + 1)); } ||
	{ echo "FAIL --node: $(nodes)"; fail=$((fail + 1)); }
"$bin" analyze --format json --inspect "$root/fixtures/failed-syscalls/inspect.json" \
	--container "$(jq -r '.[] | select(.Name | endswith("-ping")) | .Id[0:12]' \
		"$root/fixtures/failed-syscalls/inspect.json")" \
	"$root/fixtures/failed-syscalls/audit.log" >"$tmp/sel.json"
[ "$(jq -r '[.containers[].name | sub("lp-kt-[0-9]+-"; "")] | join(",")' "$tmp/sel.json")" = ping ] &&
	{ echo "ok   --container by id prefix"; pass=$((pass + 1)); } ||
	{ echo "FAIL --container"; fail=$((fail + 1)); }
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}' \
	>"$tmp/base.json"
mkdir -p "$tmp/profiles"
expect "seccomp profile written" 1 "seccomp=.*profiles/seccomp-" -- bash -c "cd '$root' && '$bin' \
	analyze --seccomp-dir '$tmp/profiles' --seccomp-base '$tmp/base.json' fixtures/apparmor-seccomp/audit.log"
[ "$(jq -c '[.syscalls[].names]' "$tmp"/profiles/seccomp-*.json)" = '[["read"],["unshare"]]' ] &&
	{ echo "ok   the profile is the base plus unshare"; pass=$((pass + 1)); } ||
	{ echo "FAIL seccomp profile: $(cat "$tmp"/profiles/seccomp-*.json)"; fail=$((fail + 1)); }
expect "bad seccomp base" 3 "not a seccomp profile" -- bash -c "cd '$root' && '$bin' \
	analyze --seccomp-dir '$tmp/profiles' --seccomp-base '$tmp/sel.json' fixtures/apparmor-seccomp/audit.log"
# fix: the registry story, from --privileged to least privilege with the log as evidence.
expect "fix: registry story" 1 '^podman run -d -p 5000:5000 -v /home/matt/registry/certs:/certs:Z --cap-drop=ALL --security-opt=no-new-privileges registry:2$' -- \
	bash -c "cd '$root' && '$bin' fix --log fixtures/registry-certs-inspect/audit.log \
	--inspect fixtures/registry-certs-inspect/inspect.json -- podman run --privileged -d \
	-p 5000:5000 -v /home/matt/registry/certs:/certs registry:2"
expect "fix: registry story without inspect data" 1 '^podman run -v ./certs:/certs:Z --cap-drop=ALL --security-opt=no-new-privileges registry:2$' -- \
	bash -c "cd '$root' && '$bin' fix --log fixtures/registry-certs/audit.log -- podman run --privileged -v ./certs:/certs registry:2"
expect "fix: a Quadlet unit takes the only container with advice" 1 "^Volume=/home/matt/registry/certs:/certs:Z$" -- \
	bash -c "cd '$root' && '$bin' fix --log fixtures/registry-certs/audit.log fixtures/manifests/registry.container"
expect "fix: without evidence, the run that collects it" 1 "the run that collects it" -- \
	"$bin" fix --auditd-conf "$root/fixtures/commands/fix-run-no-evidence/auditd.conf" -- \
	podman run --privileged -v ./certs:/certs registry:2
# Without --log, fix reads the system's log (here one a configuration names), as analyze does;
# there only a container the command names stands for it.
printf 'log_file = %s\n' "$root/fixtures/failed-syscalls/audit.log" >"$tmp/host-auditd.conf"
bind_name=$(jq -r '.[] | select(.Name | endswith("-bind")) | .Name' "$root/fixtures/failed-syscalls/inspect.json")
expect "fix: the system's log is read without --log" 1 "^docker run --name $bind_name .*--cap-add=NET_BIND_SERVICE" -- \
	"$bin" fix --auditd-conf "$tmp/host-auditd.conf" --inspect "$root/fixtures/failed-syscalls/inspect.json" \
	-- docker run --name "$bind_name" busybox nc -l -p 80
expect "fix: in the system's log, a command that names no container takes no one's evidence" 1 \
	"names none of them: give it its --name" -- \
	"$bin" fix --auditd-conf "$tmp/host-auditd.conf" --inspect "$root/fixtures/failed-syscalls/inspect.json" \
	-- docker run busybox nc -l -p 80
expect "fix: capabilities from a real kernel run" 1 \
	"^docker run --rm -p 80:80 --cap-drop=ALL --cap-add=NET_BIND_SERVICE --security-opt=no-new-privileges busybox nc -l -p 80$" -- \
	bash -c "cd '$root' && '$bin' fix --log fixtures/failed-syscalls/audit.log \
	--inspect fixtures/failed-syscalls/inspect.json \
	--container \$(jq -r '.[] | select(.Name | endswith(\"-bind\")) | .Name' fixtures/failed-syscalls/inspect.json) \
	-- docker run --rm -p 80:80 busybox nc -l -p 80"
expect "fix: the registry story as users type it" 1 "^podman run -d --name registry .*-v /home/matt/registry/certs:/certs:Z" -- \
	"$bin" fix --log "$sample" -- podman run -d --name registry -p 5000:5000 \
	-v /home/matt/registry/certs:/certs --privileged registry:2
expect "fix: json" 1 '"command": "podman run' -- "$bin" fix --format json -- podman run --privileged alpine
expect "fix: needs the command" 2 "give the run command after --" -- "$bin" fix --log "$sample"
expect "fix: not a run command" 2 "no \"run\"" -- "$bin" fix -- docker ps
# A container that holds the engine socket, known from its inspect data alone.
printf '[{"Id": "0123456789abcdef", "Name": "/ci", "State": {"Pid": 0}, "Mounts": [{"Source": "/var/run/docker.sock", "Destination": "/var/run/docker.sock", "RW": true}]}]' >"$tmp/sock.json"
expect "socket mount from inspect data" 1 "\\[critical\\] +ci has /var/run/docker.sock mounted" -- \
	"$bin" analyze --inspect "$tmp/sock.json" "$sample"
expect "missing group file" 3 "nogroup: No such file" -- "$bin" analyze --group-file "$tmp/nogroup" "$sample"
# --target: the same fixes in each dialect.
tgt() { "$bin" analyze --target "$1" --inspect "$root/fixtures/failed-syscalls/inspect.json" \
	--container "$(jq -r '.[] | select(.Name | endswith("-bind")) | .Name' "$root/fixtures/failed-syscalls/inspect.json")" \
	"$root/fixtures/failed-syscalls/audit.log"; }
expect "target compose" 1 "^ +cap_add: \\[NET_BIND_SERVICE\\]$" -- tgt compose
expect "target kubernetes" 1 "securityContext: \\{capabilities: \\{drop: \\[ALL\\], add: \\[NET_BIND_SERVICE\\]\\}\\}" -- tgt kubernetes
expect "target quadlet" 1 "^ +AddCapability=CAP_NET_BIND_SERVICE$" -- tgt quadlet
expect "target quadlet volume" 1 "Volume=HOST_DIR:/certs:Z" -- "$bin" analyze --target quadlet "$sample"
expect "bad target" 2 "--target: 'swarm'" -- "$bin" analyze --target swarm "$sample"
expect "bad time" 2 "--since: cannot read 'tomorrow'" -- "$bin" analyze --since tomorrow "$sample"

# leastpriv report: a growing log with a rotation between two runs; the checkpoint means the
# second run reads only what is new, each finding is new once, and a third run with nothing new
# resolves what the second saw.  A log cut short is said as a gap.
cap="$root/fixtures/capability/audit.log"
db="$tmp/history.db"
mkdir -p "$tmp/rot"
head -n 40 "$cap" >"$tmp/rot/audit.log"
"$bin" report -q --db "$db" --output json="$tmp/r1.json" "$tmp/rot" >/dev/null 2>&1
r1=$?
mv "$tmp/rot/audit.log" "$tmp/rot/audit.log.1"
tail -n +41 "$cap" >"$tmp/rot/audit.log"
"$bin" report -q --db "$db" --output json="$tmp/r2.json" "$tmp/rot" >/dev/null 2>&1
"$bin" report -q --db "$db" --output json="$tmp/r3.json" "$tmp/rot" >/dev/null 2>&1
"$bin" analyze -q --format json "$cap" >"$tmp/full.json"
all_ids=$(jq -r '[.containers[].advice[].evidence.findings[].id, .admin.findings[].id] | sort | unique | join(",")' "$tmp/full.json")
seen_ids=$(jq -rs '[.[].history.findings[] | select(.status != "resolved") | .id] | sort | unique | join(",")' "$tmp/r1.json" "$tmp/r2.json")
new_twice=$(jq -rs '[.[].history.findings[] | select(.status == "new") | .id] | group_by(.) | map(select(length > 1)) | length' "$tmp/r1.json" "$tmp/r2.json")
if [ "$r1" = 0 ] && [ -n "$all_ids" ] && [ "$seen_ids" = "$all_ids" ] && [ "$new_twice" = 0 ] &&
	[ "$(jq .history.checkpointed_records "$tmp/r2.json")" = 40 ] &&
	[ "$(jq .history.previous_run "$tmp/r2.json")" = 1 ]; then
	echo "ok   report: after a rotation the second run reads only the new records; each finding is new once"
	pass=$((pass + 1))
else
	echo "FAIL report checkpoint: rc=$r1 all=$all_ids seen=$seen_ids new_twice=$new_twice checkpointed=$(jq .history.checkpointed_records "$tmp/r2.json")"
	fail=$((fail + 1))
fi
[ "$(jq '.history.new + .history.open' "$tmp/r3.json")" = 0 ] &&
	[ "$(jq .history.resolved "$tmp/r3.json")" = "$(jq '.history.new + .history.open' "$tmp/r2.json")" ] &&
	[ "$(jq .history.checkpointed_records "$tmp/r3.json")" = "$(grep -c . "$cap")" ] &&
	[ "$(jq -c '[.history.trend[].open] | .[0] > 0 and .[-1] == 0' "$tmp/r3.json")" = true ] &&
	{ echo "ok   report: a run with nothing new resolves what the last one saw"; pass=$((pass + 1)); } ||
	{ echo "FAIL report resolved: $(jq -c .history "$tmp/r3.json" | head -c 300)"; fail=$((fail + 1)); }
head -n 40 "$cap" >"$tmp/cut.log"
"$bin" report -q --db "$tmp/cut.db" -o text=- "$tmp/cut.log" >/dev/null 2>&1
tail -n +60 "$cap" >"$tmp/cut.log"
expect "report: a log that no longer reaches back to the last report is said" 0 "it was replaced, truncated or rotated away" -- \
	"$bin" report -q --db "$tmp/cut.db" -o text=- "$tmp/cut.log"
medium="$root/fixtures/apparmor-seccomp/audit.log"
expect "report: --fail-on high passes a report of medium findings" 0 "^history" -- \
	"$bin" report -q --db "$tmp/f.db" -o text=- --fail-on high "$medium"
expect "report: --fail-on medium fails it" 1 "^history" -- \
	"$bin" report -q --db "$tmp/g.db" -o text=- --fail-on medium "$medium"
expect "report: --fail-on-new passes when nothing is new" 0 "^history" -- \
	"$bin" report -q --db "$tmp/g.db" -o text=- --fail-on medium --fail-on-new "$medium"
expect "report: each finding names its benchmark controls and Pod Security level" 0 '^5.4 restricted$' -- \
	jq -r '.containers[].advice[] | select(.kind == "capabilities") | "\(.controls[0].id) \(.pod_security_level)"' "$tmp/full.json"
jq -r '(.containers[].advice[] | select(.severity != "low") | .evidence.findings[].id), .admin.findings[].id' "$tmp/full.json" |
	awk '{print substr($0, 1, 16) "\t2099-12-31\taccepted for the test"}' >"$tmp/waivers.tsv"
expect "report: waived findings fail nothing" 0 "accepted by a waiver" -- \
	"$bin" report -q --db "$tmp/w.db" -o text=- --waivers "$tmp/waivers.tsv" --fail-on medium "$cap"
printf 'abc\tsoon\n' >"$tmp/bad-waivers.tsv"
expect "report: a wrong waiver line is said with its file and line" 2 "bad-waivers.tsv:1: not ID" -- \
	"$bin" report -q --db "$tmp/w2.db" -o text=- --waivers "$tmp/bad-waivers.tsv" "$cap"
# A fleet: 100 hosts' reports merged into one; its totals are the sum of theirs, and advice
# every host shares is one row with its 100 hosts.
mkdir -p "$tmp/fleet"
for i in $(seq 1 100); do
	"$bin" report -q --db "$tmp/fleet/h$i.db" --host "node$i" --output json="$tmp/fleet/n$i.json" "$cap" >/dev/null 2>&1
done
"$bin" report --merge --output json="$tmp/fleet.json" "$tmp"/fleet/n*.json >/dev/null 2>&1
sum=$(jq -sc '{advice: ([.[].summary.advice] | add), admin: ([.[].summary.admin_findings] | add),
	severity: (map(.summary.by_severity) | {critical: (map(.critical) | add), high: (map(.high) | add),
	medium: (map(.medium) | add), low: (map(.low) | add)})}' "$tmp"/fleet/n*.json)
got=$(jq -c '{advice: .totals.advice, admin: .totals.admin_findings, severity: .totals.by_severity}' "$tmp/fleet.json")
if [ "$(jq .totals.hosts "$tmp/fleet.json")" = 100 ] && [ "$got" = "$sum" ] &&
	[ "$(jq '[.advice[] | .hosts | length] | max' "$tmp/fleet.json")" = 100 ] &&
	[ "$(jq '[.advice[].occurrences] | add' "$tmp/fleet.json")" = "$(jq '.totals.advice + .totals.admin_findings' "$tmp/fleet.json")" ] &&
	[ "$(jq '[.images[].containers] | add' "$tmp/fleet.json")" = "$(jq '.totals.containers' "$tmp/fleet.json")" ]; then
	echo "ok   report --merge: 100 hosts, totals equal the sum of the parts ($sum)"
	pass=$((pass + 1))
else
	echo "FAIL report --merge: $got sum=$sum"
	fail=$((fail + 1))
fi
expect "report --merge: a file that is no report is said" 3 "not a leastpriv JSON report" -- \
	"$bin" report --merge "$cap"
# Markdown: a log string that is HTML or a code fence stays text.
comm=$(printf '<img src=x onerror=alert(1)>' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
name=$(printf '<img src=x onerror=alert(1)>```\n# x' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
printf 'type=AVC msg=audit(1763640000.100:1): avc:  denied  { read } for  pid=9 comm=%s name=%s dev="dm-0" ino=9 scontext=system_u:system_r:container_t:s0:c1,c2 tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0\n' \
	"$comm" "$name" >"$tmp/md.log"
"$bin" analyze --format markdown "$tmp/md.log" >"$tmp/md.out" 2>/dev/null
if grep -q 'img' "$tmp/md.out" && ! grep -qE '(^|[^\\])<img' "$tmp/md.out" && [ $(($(grep -c '^```' "$tmp/md.out") % 2)) = 0 ] &&
	! grep -q '^# x' "$tmp/md.out"; then
	echo "ok   markdown: HTML and code fences from the log stay text"
	pass=$((pass + 1))
else
	echo "FAIL markdown escaping: $(grep -n 'img\|^```\|^# x' "$tmp/md.out" | head -5)"
	fail=$((fail + 1))
fi
# JUnit XML, read back by a real JUnit parser (junitparser) against the JSON of the same log.
if /usr/bin/python3 -c 'import junitparser' 2>/dev/null; then
	for f in capability malformed docker-sock; do
		"$bin" analyze --format junit "$root/fixtures/$f/audit.log" >"$tmp/j.xml" 2>/dev/null
		"$bin" analyze --format json "$root/fixtures/$f/audit.log" >"$tmp/j.json" 2>/dev/null
		if /usr/bin/python3 "$root/tests/junit-check.py" "$tmp/j.xml" "$tmp/j.json"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
		fi
	done
else
	echo "note: python3-junitparser is not installed: the JUnit read-back is skipped"
fi
expect "report: --output checks its format" 2 "is not FORMAT=PATH" -- "$bin" report --output xml=x
expect "report --merge: a format it cannot write is refused" 2 "writes text, json or markdown" -- \
	"$bin" report --merge --output html=x "$tmp/fleet/n1.json"
# JSON, SARIF and the fleet report against their schemas (python3-jsonschema), and SARIF's
# results against the JSON report of the same run: the report's advice and admin findings, at
# the levels the issue of severities says (critical and high: error, medium: warning, low: note).
# The log holds a comm and a file name that are markup and control characters.
hostile=$(printf '<img src=x onerror=alert(1)>\033[31m' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
{
	printf 'type=AVC msg=audit(1763640000.100:1): avc:  denied  { read } for  pid=9 comm=%s name=%s dev="dm-0" ino=9 scontext=system_u:system_r:container_t:s0:c1,c2 tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0\n' "$hostile" "$hostile"
	cat "$root/fixtures/capability/audit.log" "$root/fixtures/admin-control/audit.log" "$root/fixtures/docker-sock/audit.log"
} >"$tmp/sarif.log"
"$bin" report -q --db "$tmp/sarif.db" --group-file "$root/fixtures/admin-control/group" --output sarif="$tmp/s1.sarif" \
	--output json="$tmp/s1.json" "$tmp/sarif.log" >/dev/null 2>&1
"$bin" report -q --db "$tmp/sarif.db" --since 2025-01-01 --output sarif="$tmp/s2.sarif" --output json="$tmp/s2.json" "$tmp/sarif.log" >/dev/null 2>&1
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "FAIL python3-jsonschema is not installed (tools/install-deps.sh installs it)"
	fail=$((fail + 1))
else
	for check in "sarif $tmp/s1.sarif $tmp/s1.json" "sarif $tmp/s2.sarif $tmp/s2.json" "report $tmp/s1.json $tmp/s2.json $tmp/r1.json $tmp/r2.json $tmp/r3.json $tmp/full.json" "fleet $tmp/fleet.json"; do
		# shellcheck disable=SC2086
		if /usr/bin/python3 "$root/tests/schema-check.py" $check; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	done
fi
expect "sarif: every level is error, warning or note; the socket's critical finding is an error" 0 '^error engine_socket$' -- \
	jq -r '.runs[0].results[] | select(.properties.severity == "critical") | "\(.level) \(.ruleId)"' "$tmp/s1.sarif"
expect "sarif: a second report over the same log marks its results unchanged" 0 '^unchanged$' -- \
	jq -r '[.runs[0].results[].baselineState] | unique | join(",")' "$tmp/s2.sarif"
esc_raw=$(grep -c "$(printf '\033')" "$tmp/s1.sarif")
esc_shown=$(grep -cF 'onerror=alert(1)>\\x1b[31m' "$tmp/s1.sarif")
check_eq() {
	if [ "$2" = "$3" ]; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1: got '$2', wanted '$3'"; fail=$((fail + 1)); fi
}
check_eq "sarif: a log's control character is shown escaped, never written" "$esc_raw/$((esc_shown > 0))" "0/1"
expect "report: admin findings are in the history, and --fail-on high fails for them" 1 "empty the docker group" -- \
	"$bin" report -q --db "$tmp/adm.db" --group-file "$root/fixtures/admin-control/group" --fail-on high -o text=- -o json="$tmp/adm.json" "$root/fixtures/admin-control/audit.log"
expect "report: the JSON names the tool's version and the window read (from the checkpoint)" 0 '^0\.[0-9.]+ true 2025-11-20T' -- \
	jq -r '"\(.tool_version) \(.window.from_checkpoint) \(.window.first_record)"' "$tmp/r2.json"
# No --output: dated HTML and JSON in the report directory, latest.* pointing at them, and
# nothing on a standard output that is not a terminal.
mkdir -p "$tmp/dflt"
"$bin" report -q --db "$tmp/dflt/h.db" "$cap" >/dev/null 2>&1
"$bin" report -q --db "$tmp/dflt/h.db" "$cap" >"$tmp/dflt.out" 2>"$tmp/dflt.err"
check_eq "report: without --output, HTML and JSON go to the report directory" \
	"$(jq .history.run "$tmp/dflt/reports/latest.json") $(grep -c 'wrote .*/reports/report-' "$tmp/dflt.err") $(wc -c <"$tmp/dflt.out")" "2 2 0"
# A record stamped at second 0 (libauparse reads no field of it as written) is analysed too.
printf 'type=AVC msg=audit(0.000:7): avc:  denied  { read } for  pid=1 comm="cat" name="f" dev="dm-0" ino=5 scontext=system_u:system_r:container_t:s0:c1,c2 tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0\n' >"$tmp/zero.log"
expect "a denial stamped at second 0 still gets its advice" 0 '^1 0$' -- \
	sh -c '"$1" analyze --format json "$2" | jq -r "\"\\(.summary.advice) \\(.stats.problems.incomplete_record)\""' sh "$bin" "$tmp/zero.log"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
