#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The HTML report in a real browser (Debian's chromium, headless): it renders with no console
# message and no request (a Content Security Policy of default-src 'none', and no URL in the
# page), the DOM holds the findings, and a log string that is markup (an <img onerror> in a
# comm and a file name) is text, never an element.  A screenshot of the page is kept in the
# test's output directory (LEASTPRIV_SCREENSHOT, else the build's meson-logs).
# Usage: html.sh LEASTPRIV SOURCE_ROOT
set -u
bin=$(realpath "$1")
root=$2
browser=$(command -v chromium || command -v chromium-browser) || {
	echo "SKIP: no chromium (tools/install-deps.sh installs it)"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() {
	if [ "$2" = "$3" ]; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1: got '$2', wanted '$3'"; fail=$((fail + 1)); fi
}
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
evil=$(hex '<img src=x onerror=alert(1)>')
printf 'type=AVC msg=audit(1763640000.100:1): avc:  denied  { read } for  pid=9 comm=%s name=%s dev="dm-0" ino=9 scontext=system_u:system_r:container_t:s0:c1,c2 tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0\n' \
	"$evil" "$evil" >"$tmp/audit.log"
cat "$root/fixtures/capability/audit.log" "$root/fixtures/docker-sock/audit.log" >>"$tmp/audit.log"
"$bin" report -q --db "$tmp/h.db" --host web1 --output html="$tmp/report.html" --output json="$tmp/report.json" \
	"$tmp/audit.log" >/dev/null 2>&1
run_browser() {
	timeout 90 "$browser" --headless=new --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --enable-logging=stderr --v=0 "$@" 2>>"$tmp/browser.err"
}
run_browser --dump-dom "file://$tmp/report.html" >"$tmp/dom.html"
check "chromium renders the page" "$?" 0
check "no console message and no refused load" \
	"$(grep -ciE 'CONSOLE|Refused to|Uncaught' "$tmp/browser.err")" 0
check "the page names no URL to load (only inline styles and SVG)" \
	"$(grep -oiE '<[^>]* (src|href|action|srcset|formaction)=' "$tmp/report.html" | wc -l)" 0
check "its policy allows no script and no request" \
	"$(grep -c "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" "$tmp/report.html")" 1
check "the DOM holds every piece of advice of the report" \
	"$(grep -o 'class="advice"' "$tmp/dom.html" | wc -l)" "$(jq '[.containers[].advice[]] | length' "$tmp/report.json")"
check "the DOM holds every admin finding of the report" \
	"$(grep -o 'class="advice admin"' "$tmp/dom.html" | wc -l)" "$(jq '.admin.findings | length' "$tmp/report.json")"
check "the DOM holds the socket's critical finding" \
	"$(grep -c '<span class="sev critical">critical</span> remove the engine socket' "$tmp/dom.html")" 1
check "a log string that is markup is text, not an element" \
	"$(grep -c '<img' "$tmp/dom.html")/$(grep -c '&lt;img src=x onerror=alert(1)&gt;' "$tmp/dom.html")" "0/1"
shot=${LEASTPRIV_SCREENSHOT:-${MESON_BUILD_ROOT:-$root/build}/meson-logs/report-screenshot.png}
mkdir -p "$(dirname "$shot")"
run_browser --screenshot="$shot" --window-size=1100,1500 "file://$tmp/report.html" >/dev/null
check "a screenshot of the page is kept ($shot)" "$([ -s "$shot" ] && echo yes)" yes
echo "html: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
