#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# leastpriv fix on a compose file, a Kubernetes manifest and a Quadlet unit, with the evidence
# of the registry story; the YAML results go through a real YAML parser (PyYAML) and the
# Kubernetes securityContext is checked against the fields of the Kubernetes API.
# Usage: manifests.sh LEASTPRIV SOURCE_ROOT
set -u
bin=$(realpath "$1")
cd "$2" || exit 99
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with PyYAML (python3-yaml) is needed"; exit 77; }
evidence=(--log fixtures/registry-certs-inspect/audit.log --inspect fixtures/registry-certs-inspect/inspect.json)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in compose.yaml deployment.yaml registry.container; do
	"$bin" fix "${evidence[@]}" "fixtures/manifests/$f" >"$out/$f" 2>"$out/$f.err"
	[ $? = 1 ] || { echo "FAIL fix $f: exit status"; cat "$out/$f.err"; exit 1; }
done
python3 - "$out" <<'PY'
import sys, yaml
out = sys.argv[1]
failed = 0
def check(name, got, want):
    global failed
    if got == want:
        print("ok  ", name)
    else:
        print("FAIL", name, "got", repr(got), "wanted", repr(want))
        failed += 1

c = yaml.safe_load(open(f"{out}/compose.yaml"))
r = c["services"]["registry"]
check("compose: privileged off", r.get("privileged"), False)
check("compose: capabilities dropped", r.get("cap_drop"), ["ALL"])
check("compose: no cap_add needed", r.get("cap_add"), None)
check("compose: :Z on /certs, named volume untouched", r["volumes"], ["./certs:/certs:Z", "registry-data:/var/lib/registry"])
check("compose: label=disable gone, no-new-privileges in", r["security_opt"], ["no-new-privileges:true"])
check("compose: the rest as it was", (r["image"], r["ports"], r["environment"]["REGISTRY_HTTP_TLS_KEY"]), ("registry:2", ["5000:5000"], "/certs/domain.key"))
check("compose: the other service untouched", c["services"]["ui"], {"image": "joxit/docker-registry-ui:main", "ports": ["8080:80"]})

docs = list(yaml.safe_load_all(open(f"{out}/deployment.yaml")))
check("kubernetes: both documents", [d["kind"] for d in docs], ["Deployment", "CronJob"])
ctr = docs[0]["spec"]["template"]["spec"]["containers"][0]
sc = ctr["securityContext"]
# The fields of core/v1 SecurityContext.
allowed = {"allowPrivilegeEscalation", "appArmorProfile", "capabilities", "privileged", "procMount",
           "readOnlyRootFilesystem", "runAsGroup", "runAsNonRoot", "runAsUser", "seLinuxOptions",
           "seccompProfile", "windowsOptions"}
check("kubernetes: only securityContext fields", set(sc) - allowed, set())
check("kubernetes: capabilities fields", set(sc["capabilities"]) - {"add", "drop"}, set())
check("kubernetes: seccompProfile fields", set(sc["seccompProfile"]) - {"type", "localhostProfile"}, set())
check("kubernetes: least privilege", (sc["privileged"], sc["allowPrivilegeEscalation"], sc["capabilities"]["drop"], sc["seccompProfile"]["type"]), (False, False, ["ALL"], "RuntimeDefault"))
check("kubernetes: the user's runAsUser kept", sc["runAsUser"], 1000)
check("kubernetes: the rest of the container kept", (ctr["image"], ctr["volumeMounts"][0]["mountPath"]), ("registry:2", "/certs"))
gc = docs[1]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
check("kubernetes: a container without evidence untouched", "securityContext" in gc, False)
sys.exit(1 if failed else 0)
PY
rc=$?
q="$out/registry.container"
grep -qx 'Volume=/home/matt/registry/certs:/certs:Z' "$q" && grep -qx 'PodmanArgs=--log-level=info' "$q" &&
	grep -qx 'DropCapability=all' "$q" && grep -qx 'NoNewPrivileges=true' "$q" &&
	! grep -q 'SecurityLabelDisable' "$q" && grep -qx "# the certificates, from matt's home" "$q" &&
	{ echo "ok   quadlet: rewritten, comments kept"; } || { echo "FAIL quadlet"; cat "$q"; rc=1; }
grep -q "Pod Security Standards baseline" "$out/deployment.yaml" &&
	echo "ok   kubernetes: Pod Security Standards noted" || { echo "FAIL PSS note"; rc=1; }
exit $rc
