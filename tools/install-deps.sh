#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what leastpriv needs to build and test on Debian 12 (run as root; safe to rerun).
set -euo pipefail
packages=(
	# build
	gcc clang meson ninja-build pkg-config
	# libraries: audit parsing, SELinux contexts, JSON, capability names, gzip, YAML, HTTP over the
	# engine socket, SHA-256 for stable ids
	libauparse-dev libaudit-dev libselinux1-dev libjson-c-dev libcap-dev zlib1g-dev libyaml-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev
	# tests; libclang-rt-14-dev holds libFuzzer and clang's sanitizer runtimes (clang only
	# recommends it)
	libcmocka-dev jq valgrind clang-format libclang-rt-14-dev procps
	# report formats read back by real parsers: JUnit XML; JSON and SARIF against their JSON
	# schemas; the HTML report in a real browser
	python3-junitparser python3-jsonschema chromium
	# benchmark: ausearch to compare with, GNU time, the generator
	auditd time python3 python3-yaml
	# real-kernel tests: containers from a local busybox image, with podman and with docker
	# (the test starts a private dockerd; curl makes a container through its API)
	podman runc busybox-static uidmap docker.io curl
)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# auditd's package scripts try to start the daemon; tests start their own.
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "dependencies: all ${#packages[@]} packages present"
