#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validate leastpriv's documents against their JSON schemas, with Debian's python3-jsonschema.

    schema-check.py report FILE...     the JSON report (docs/report.schema.json)
    schema-check.py fleet FILE...      the merged fleet report (docs/fleet.schema.json)
    schema-check.py sarif FILE [JSON]  SARIF 2.1.0 (tests/schemas/sarif-schema-2.1.0.json), and
                                       when the JSON report of the same run is given, that the
                                       two carry the same results at the right levels

Each schema is first shown to reject a broken copy of the first document, so that a validator
that accepts everything cannot pass.  Prints one line per file; exit status 1 on any failure.
"""
import copy
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = {
    "report": (os.path.join(HERE, "..", "docs", "report.schema.json"), jsonschema.Draft7Validator),
    "fleet": (os.path.join(HERE, "..", "docs", "fleet.schema.json"), jsonschema.Draft7Validator),
    "sarif": (os.path.join(HERE, "schemas", "sarif-schema-2.1.0.json"), jsonschema.Draft4Validator),
}
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def broken(doc, kind):
    """A copy of @doc that its schema must reject."""
    bad = copy.deepcopy(doc)
    if kind == "sarif":
        bad["version"] = "2.0.0"
        for run in bad.get("runs", []):
            for r in run.get("results", []):
                r["level"] = "critical"
    elif kind == "report":
        bad["summary"]["by_severity"]["critical"] = -1
        bad["undocumented"] = True
    else:
        bad["totals"]["hosts"] = "many"
    return bad


def sarif_agrees(sarif, report):
    """The SARIF results are the JSON report's advice and admin findings, at their levels."""
    problems = []
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expect = {}
    for c in report["containers"]:
        for a in c["advice"]:
            expect[a["id"]] = (a["kind"], a["severity"])
    for f in report["admin"]["findings"]:
        expect[f["id"]] = (f["kind"], f["severity"])
    got = {}
    for r in run["results"]:
        fid = r["partialFingerprints"]["leastprivAdviceId/v1"]
        if fid in got:
            problems.append("fingerprint %s twice" % fid)
        got[fid] = r
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            problems.append("result %s: ruleIndex %d is not rule %s" % (fid, r["ruleIndex"], r["ruleId"]))
        if r["level"] != LEVELS[r["properties"]["severity"]]:
            problems.append("result %s: severity %s as level %s" % (fid, r["properties"]["severity"], r["level"]))
    if set(got) != set(expect):
        problems.append("results %s, report %s" % (sorted(got), sorted(expect)))
    for fid, (kind, severity) in expect.items():
        r = got.get(fid)
        if r and (r["ruleId"] != kind or r["properties"]["severity"] != severity):
            problems.append("result %s: %s/%s, report %s/%s" % (fid, r["ruleId"], r["properties"]["severity"], kind, severity))
    kinds = {r["id"] for r in rules}
    taxa = {t["id"] for t in run["taxonomies"][0]["taxa"]}
    for rule in rules:
        for rel in rule.get("relationships", []):
            if rel["target"]["id"] not in taxa:
                problems.append("rule %s: control %s not in the taxonomy" % (rule["id"], rel["target"]["id"]))
    return problems, kinds


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in SCHEMAS:
        print(__doc__, file=sys.stderr)
        return 2
    kind, files = sys.argv[1], sys.argv[2:]
    path, cls = SCHEMAS[kind]
    with open(path) as f:
        schema = json.load(f)
    cls.check_schema(schema)
    validator = cls(schema)
    report = None
    if kind == "sarif" and len(files) == 2:
        with open(files[1]) as f:
            report = json.load(f)
        files = files[:1]
    failed = 0
    for i, name in enumerate(files):
        with open(name) as f:
            doc = json.load(f)
        if i == 0 and validator.is_valid(broken(doc, kind)):
            print("FAIL %s schema accepts a broken document" % kind)
            failed += 1
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            print("FAIL %s: %s at %s" % (name, e.message[:300], "/".join(map(str, e.absolute_path))))
        failed += bool(errors)
        if report is not None:
            problems, _ = sarif_agrees(doc, report)
            for p in problems[:5]:
                print("FAIL %s: %s" % (name, p))
            failed += bool(problems)
        if not errors and (report is None or not problems):
            print("ok   %s validates against the %s schema" % (name, kind))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
