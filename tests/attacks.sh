#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every hostile input of ../shared/attacks (read in place), with the behaviour each must get:
# no crash or sanitizer report; forged records change no advice and are named; bounded memory
# with the bound's message; no control character reaches a terminal or JSON; the privileged
# setting removed from every rewrite.  Usage: attacks.sh LEASTPRIV SOURCE_ROOT ATTACKS_DIR
set -u
bin=$(realpath "$1")
root=$2
dir=$3
[ -d "$dir" ] || { echo "SKIP: no attacks at $dir"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: needs jq"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: needs python3-yaml"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=87"
# Peak memory is measured in plain builds only: the sanitizers keep freed memory.
measure=1
ldd "$bin" 2>/dev/null | grep -q libasan && measure=0
pass=0
fail=0
ok() {
	echo "ok   $*"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*"
	fail=$((fail + 1))
}

# run NAME ARGS...: run leastpriv, keep stdout, stderr, status and peak RSS (KiB).
run() {
	local name=$1
	shift
	/usr/bin/time -f '%M' -o "$tmp/$name.rss" timeout 60 "$bin" "$@" >"$tmp/$name.out" \
		2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}
rc() { cat "$tmp/$1.rc"; }
rss() { tail -n 1 "$tmp/$1.rss"; }

# No crash, no sanitizer report, an exit status of the documented ones.
sane() {
	local name=$1
	if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$tmp/$name.err"; then
		bad "$name: sanitizer report"
		head -20 "$tmp/$name.err"
		return 1
	fi
	case "$(rc "$name")" in
	0 | 1 | 2 | 3 | 4) return 0 ;;
	*)
		bad "$name: exit status $(rc "$name")"
		head -5 "$tmp/$name.err"
		return 1
		;;
	esac
}

# No byte that changes a terminal: C0 controls but newline, DEL, C1, bidi and invisible marks.
clean_text() {
	python3 - "$1" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    sys.exit(f"invalid UTF-8 at {e.start}")
for i, ch in enumerate(text):
    cp = ord(ch)
    if (cp < 0x20 and ch != '\n') or cp == 0x7f or 0x80 <= cp <= 0x9f or cp in (
            0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0xfeff) or \
            0x202a <= cp <= 0x202e or 0x2066 <= cp <= 0x2069:
        sys.exit(f"character U+{cp:04X} at {i}")
PY
}

# The JSON is valid, and every string of it is clean even after jq -r.
clean_json() {
	jq empty "$1" 2>/dev/null || { echo "not JSON"; return 1; }
	jq -r '.. | strings' "$1" >"$1.strings" && clean_text "$1.strings"
}

# The advice (containers and admin control) of a JSON report, without run statistics and
# without the places of example records (a file without some lines has other line numbers).
advice() {
	jq -S '{containers: [.containers[] | del(.events, .denials)], admin} |
		walk(if type == "object" then del(.file, .line) else . end)' "$1"
}

A=$dir

# 1. Forged evidence: the records a container forged change no advice, and are named.
for f in user-avc-forged-capability.log user-msg-embedded-record-injection.log \
	clock-poison-future-eoe.log; do
	n=${f%.log}
	run "$n" analyze --format json "$A/$f"
	sane "$n" || continue
	# The same log without the lines containers sent.
	grep -vE '^type=USER_[A-Z_]+ .*subj=[^ ]*:container_t:' "$A/$f" >"$tmp/$n.clean"
	run "$n.clean" analyze --format json "$tmp/$n.clean"
	if ! diff <(advice "$tmp/$n.out") <(advice "$tmp/$n.clean.out") >/dev/null; then
		bad "$n: the forged record changed the advice"
		diff <(advice "$tmp/$n.out") <(advice "$tmp/$n.clean.out") | head -10
	elif [ "$(jq '.rejected_claims | map(.count) | add' "$tmp/$n.out")" -lt 1 ]; then
		bad "$n: the forged record is not named"
	else
		ok "$n: the forged record changes no advice and is named"
	fi
done
run forged-caps analyze --format json "$A/user-avc-forged-capability.log"
jq -e '[.containers[].advice[] | select(.kind == "capabilities")] | length == 0' \
	"$tmp/forged-caps.out" >/dev/null &&
	ok "user-avc-forged-capability: no capability advice for the victim" ||
	bad "user-avc-forged-capability: a capability was advised"
run admin-forged analyze --format json "$A/admin-control-forged-by-container.log"
if sane admin-forged && jq -e '.admin.engine_users == [] and
	(.rejected_claims | map(.kind) | index("engine_command_inside_container"))' \
	"$tmp/admin-forged.out" >/dev/null; then
	ok "admin-control-forged-by-container: not a login user's run, and named"
else
	bad "admin-control-forged-by-container: $(jq -c .admin "$tmp/admin-forged.out")"
fi

# 2. Crashes and undefined behaviour: each is read, with a message where a record is bad.
for f in apparmor-capable-no-capability.log user-avc-apparmor-capable.log caps.c-49 \
	execve-long-arg-heap-overread.log execve-split-arg-heap-overread-min.log \
	ub-timestamp-overflow.log correlate.c-238 ub-body-number-overflow.log pipeline.c-117; do
	n=${f%.log}
	run "$n" analyze --format json "$A/$f"
	sane "$n" && clean_json "$tmp/$n.out" >/dev/null && ok "$n: read without a crash" ||
		bad "$n: the report is not clean JSON"
done
run capable analyze --format json "$A/apparmor-capable-no-capability.log"
jq -e '([.containers[].advice[] | select(.kind == "capabilities")] | length == 0) and
	.stats.problems.incomplete_record == 1' "$tmp/capable.out" >/dev/null &&
	ok "apparmor capable without capability=: no capability set, one incomplete record" ||
	bad "apparmor capable without capability=: $(jq -c '[.containers[].advice[].kind]' "$tmp/capable.out")"
run ts analyze --format json "$A/ub-timestamp-overflow.log"
[ "$(jq .stats.problems.bad_header "$tmp/ts.out")" = 2 ] &&
	ok "timestamps after the year 9999: refused as bad headers" ||
	bad "timestamps after the year 9999: $(jq -c .stats.problems "$tmp/ts.out")"

# 3. Resource use: fast, bounded, said.
run tiny analyze --format json "$A/execve-tiny-pieces-3GiB.log"
if sane tiny && { [ $measure = 0 ] || [ "$(rss tiny)" -lt 262144 ]; }; then
	ok "execve-tiny-pieces: joined in bounded memory ($(rss tiny) KiB)"
else
	bad "execve-tiny-pieces: $(rss tiny) KiB"
fi

# 5. Output safety: nothing the log chose reaches a terminal or JSON raw.
run esc-text analyze "$A/apparmor-unescaped-profile-operation-mask.log"
run esc-json analyze --format json "$A/apparmor-unescaped-profile-operation-mask.log"
if clean_text "$tmp/esc-text.out" && clean_json "$tmp/esc-json.out"; then
	ok "apparmor-unescaped-profile-operation-mask: text, JSON and jq -r are clean"
else
	bad "apparmor-unescaped-profile-operation-mask: a control character got through"
fi
run name-text analyze --inspect "$A/inspect-privileged-hostile-name.json" \
	"$root/fixtures/registry-certs-inspect/audit.log"
run name-json analyze --format json --inspect "$A/inspect-privileged-hostile-name.json" \
	"$root/fixtures/registry-certs-inspect/audit.log"
run name-fix fix --format json --log "$root/fixtures/registry-certs-inspect/audit.log" \
	--inspect "$A/inspect-privileged-hostile-name.json" -- podman run --privileged registry:2
if clean_text "$tmp/name-text.out" && clean_json "$tmp/name-json.out" &&
	clean_json "$tmp/name-fix.out" && grep -q 'evil\\x1b' "$tmp/name-text.out"; then
	ok "inspect-privileged-hostile-name: the name is shown escaped in text, JSON and fix"
else
	bad "inspect-privileged-hostile-name: a control character got through"
fi

# 8. Lost data: a truncated gzip is said, with the records read before it.
run gz analyze --format json "$A/truncated-gzip-silently-accepted.log.gz"
if [ "$(rc gz)" = 4 ] && [ "$(jq .stats.problems.truncated_input "$tmp/gz.out")" = 1 ] &&
	[ "$(jq .stats.records "$tmp/gz.out")" -gt 0 ]; then
	ok "truncated gzip: exit 4, the truncation said, $(jq .stats.records "$tmp/gz.out") records kept"
else
	bad "truncated gzip: exit $(rc gz), $(jq -c .stats.problems "$tmp/gz.out")"
fi

# 3 and 6. YAML: bounded and refused, or rewritten without the privilege.
evidence=(--log "$root/fixtures/registry-certs-inspect/audit.log"
	--inspect "$root/fixtures/registry-certs-inspect/inspect.json")
for f in yaml-recursive-alias-stack-overflow.yaml yaml-deep-nesting.yaml; do
	n=${f%.yaml}
	cp "$A/$f" "$tmp/$f"
	run "$n" fix "${evidence[@]}" "$tmp/$f"
	if sane "$n" && [ "$(rc "$n")" -ge 2 ] && grep -qE 'nesting|alias' "$tmp/$n.err" &&
		{ [ $measure = 0 ] || [ "$(rss "$n")" -lt 262144 ]; }; then
		ok "$n: refused with its message ($(head -c 120 "$tmp/$n.err"))"
	else
		bad "$n: exit $(rc "$n"), $(rss "$n") KiB: $(head -c 200 "$tmp/$n.err")"
	fi
done
for f in yaml-billion-laughs.yaml compose-merge-key-privileged-kept.yaml \
	k8s-merge-key-privileged-kept.yaml; do
	n=${f%.yaml}
	cp "$A/$f" "$tmp/$f"
	run "$n" fix "${evidence[@]}" "$tmp/$f"
	sane "$n" || continue
	if python3 - "$tmp/$n.out" <<'PY'; then
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
found = 0
for d in docs:
    units = []
    if "services" in d:
        units = [(s, s) for s in d["services"].values()]
    spec = d.get("spec") or {}
    for c in spec.get("containers", []):
        units.append((c, c.get("securityContext") or {}))
    for unit, sc in units:
        if unit.get("image") != "registry:2":
            continue
        found += 1
        caps = [str(c).upper() for c in (unit.get("cap_add") or []) +
                ((sc.get("capabilities") or {}).get("add") or [])]
        if sc.get("privileged") is True or "ALL" in caps or "CAP_ALL" in caps:
            sys.exit("still privileged")
sys.exit(0 if found else "no registry workload in the result")
PY
		ok "$n: rewritten without privileged or ALL (read back with PyYAML, merge keys resolved)"
		{ [ $measure = 0 ] || [ "$(rss "$n")" -lt 262144 ]; } || bad "$n: $(rss "$n") KiB"
	else
		bad "$n"
		cat "$tmp/$n.out" | head -30
	fi
done
cp "$A/quadlet-continuation-privileged-kept.container" "$tmp/q.container"
run quadlet fix "${evidence[@]}" "$tmp/q.container"
if sane quadlet && ! grep -q -- '--privileged' "$tmp/quadlet.out" &&
	grep -q 'PodmanArgs=--log-level=info' "$tmp/quadlet.out"; then
	ok "quadlet-continuation: the continued --privileged is gone, the rest kept"
else
	bad "quadlet-continuation: $(cat "$tmp/quadlet.out" "$tmp/quadlet.err")"
fi

echo "attacks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
