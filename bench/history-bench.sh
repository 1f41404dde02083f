#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# How long a scheduled report takes with a large history: a database of 365 runs and 100,000
# findings (10,000 of them seen by the last run, so this run resolves and lists them), then one
# `leastpriv report` writing every format (text, JSON, HTML, SARIF, Markdown, JUnit) over an
# empty log.
# Usage: bench/history-bench.sh [LEASTPRIV]
set -eu
here=$(dirname "$(realpath "$0")")
bin=${1:-$here/../build/leastpriv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.log"
"$bin" report -q --db "$tmp/h.db" --output json=/dev/null "$tmp/empty.log" >/dev/null 2>&1 || true
python3 - "$tmp/h.db" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
random.seed(1)
db.execute("DELETE FROM runs")
db.executemany("INSERT INTO runs (id, at, host) VALUES (?, ?, 'bench')",
               [(i, 1700000000 + i * 86400) for i in range(1, 366)])
rows = []
for n in range(100000):
    first = random.randint(1, 364)
    last = 365 if n < 10000 else random.randint(first, 364)
    resolved = None if last == 365 else (last + 1 if random.random() < 0.8 else None)
    rows.append(("%064x" % n, "container_t:s0:c%d,c%d" % (n % 500, n % 500 + 1),
                 "give it exactly the capabilities it uses", "medium", first, last,
                 last - first + 1, resolved))
db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
db.commit()
PY
start=$(date +%s%N)
"$bin" report -q --db "$tmp/h.db" --output text=/dev/null --output json=/dev/null \
	--output html="$tmp/r.html" --output sarif=/dev/null --output markdown=/dev/null \
	--output junit=/dev/null "$tmp/empty.log" >/dev/null 2>&1 || true
end=$(date +%s%N)
echo "report with a history of 365 runs and 100,000 findings (10,000 listed): $(((end - start) / 1000000)) ms, HTML $(wc -c <"$tmp/r.html") bytes"
