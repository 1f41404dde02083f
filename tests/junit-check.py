#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Read leastpriv's JUnit XML back with junitparser (a real JUnit parser) and check it against
the JSON report of the same log: one test case per piece of advice, failed for critical, high
and medium, skipped for low, with the container as classname and the title as name; and one
failed case per admin-control finding, of the class "admin control".
Usage: junit-check.py REPORT.xml REPORT.json"""
import json
import sys

import junitparser

xml = junitparser.JUnitXml.fromfile(sys.argv[1])
with open(sys.argv[2]) as f:
    report = json.load(f)
want = sorted((c["label"], a["title"], "Skipped" if a["severity"] == "low" else "Failure")
              for c in report["containers"] for a in c["advice"])
want += [("admin control", f["title"], "Failure") for f in report["admin"]["findings"]]
want.sort()
got = sorted((case.classname, case.name, type(case.result[0]).__name__)
             for suite in xml for case in suite)
suites = list(xml)
ok = (want == got and len(suites) == 1 and suites[0].tests == len(want)
      and suites[0].failures == sum(1 for w in want if w[2] == "Failure"))
print("ok   junit: %d test cases read back, as the JSON report says" % len(got) if ok
      else "FAIL junit: %r != %r" % (got, want))
sys.exit(0 if ok else 1)
