#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The report as a value: text and JSON rendered from one report carry the same containers,
advice and counts; ids are the same on every run of the same evidence, whatever the order in
which its files are given.
Usage: report.py LEASTPRIV SOURCE_ROOT"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN, ROOT = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(ROOT)
failed = 0


def check(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed += 0 if ok else 1


def run(*args):
    p = subprocess.run([BIN, "analyze", *args], capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def cases():
    for case in sorted(os.listdir("fixtures")):
        log = os.path.join("fixtures", case, "audit.log")
        if not os.path.exists(log):
            continue
        argf = os.path.join("fixtures", case, "args")
        args = open(argf).read().split() if os.path.exists(argf) else []
        yield case, args + [log]


HEADLINE = re.compile(r"^leastpriv: (\d+) containers? (?:and (\d+) unattributed programs? )?seen, "
                      r"(\d+) with advice; findings: (\d+) critical, (\d+) high$")
ADVICE = re.compile(r"^  \[(critical|high|medium|low)\] (.*)$")


def text_view(text):
    """The headline numbers and, per container block, its advice as (severity, title start)."""
    lines = text.splitlines()
    m = HEADLINE.match(lines[0])
    head = tuple(int(x or 0) for x in m.groups()) if m else None
    blocks, cur = [], None
    for line in lines[1:]:
        if re.match(r"^(Container|Privileged container|Process not attributed) ", line):
            cur = []
            blocks.append(cur)
        elif line and not line.startswith(" "):
            cur = None  # a section after the containers
        elif cur is not None:
            a = ADVICE.match(line)
            if a:
                cur.append((a.group(1), a.group(2)))
    return head, blocks


def test_text_and_json_agree():
    for case, args in cases():
        _, text, _ = run("--format", "text", *args)
        _, js, _ = run("--format", "json", *args)
        doc = json.loads(js)
        head, blocks = text_view(text)
        s = doc["summary"]
        want = (s["containers"], s["unattributed_programs"], s["with_advice"],
                s["by_severity"]["critical"], s["by_severity"]["high"])
        check(head == want, "%s: the headline's counts are the summary's %s" % (case, want))
        jblocks = [[(a["severity"], a["title"]) for a in c["advice"]] for c in doc["containers"]]
        same = len(blocks) == len(jblocks) and all(
            len(b) == len(j) and all(t[0] == u[0] and u[1].startswith(t[1][:60]) for t, u in zip(b, j))
            for b, j in zip(blocks, jblocks))
        check(same, "%s: every container's advice, in order, in both" % case)
        advice = sum(len(c["advice"]) for c in doc["containers"])
        check(advice == s["advice"], "%s: %d advice counted, %d listed" % (case, s["advice"], advice))


def test_privileged_without_denials():
    """A container the inspect data calls privileged has advice even with nothing denied."""
    with tempfile.TemporaryDirectory() as tmp:
        insp = os.path.join(tmp, "inspect.json")
        json.dump([{"Id": "ab" * 32, "Name": "allpower", "ImageName": "alpine",
                    "State": {"Pid": 4242, "Running": True},
                    "ProcessLabel": "system_u:system_r:spc_t:s0", "Mounts": [],
                    "HostConfig": {"Privileged": True}}], open(insp, "w"))
        log = os.path.join(tmp, "audit.log")
        open(log, "w").write("type=DAEMON_START msg=audit(1763629841.000:1): op=start ver=3.0.9 "
                             "format=raw kernel=6.1.0 auid=4294967295 pid=1 uid=0 ses=4294967295 "
                             "res=success\n")
        _, text, _ = run("--inspect", insp, log)
        _, js, _ = run("--format", "json", "--inspect", insp, log)
        kinds = [a["kind"] for c in json.loads(js)["containers"] for a in c["advice"]]
        check(kinds == ["privileged"], "privileged, no denials: JSON has the advice (%s)" % kinds)
        check("[high] stop running this container privileged" in text and
              "no change is needed" not in text,
              "privileged, no denials: the text shows it too, and never 'no change is needed'")


def ids(doc):
    out = set()
    for c in doc["containers"]:
        out.add(("container", c["id"]))
        for a in c["advice"]:
            out.add(("advice", a["id"]))
            for f in a["evidence"]["findings"]:
                out.add(("finding", f["id"]))
    return out


def test_stable_ids():
    for case, args in cases():
        first = json.loads(run("--format", "json", *args)[1])
        again = json.loads(run("--format", "json", *args)[1])
        a, b = ids(first), ids(again)
        check(a == b and len(a) > 0 or not first["containers"],
              "%s: %d ids, the same on a second run" % (case, len(a)))
        check(len({i for _, i in a}) == len(a), "%s: no two things share an id" % case)
    # The same records in two files, given in either order: the same ids.
    with tempfile.TemporaryDirectory() as tmp:
        lines = open("fixtures/shared-volume/audit.log").read().splitlines(True)
        # Cut between two events (after an end record), as rotation does.
        half = len(lines) // 2
        while half < len(lines) and "type=PROCTITLE" not in lines[half - 1]:
            half += 1
        p1, p2 = os.path.join(tmp, "a.log"), os.path.join(tmp, "b.log")
        open(p1, "w").writelines(lines[:half])
        open(p2, "w").writelines(lines[half:])
        x = ids(json.loads(run("--format", "json", p1, p2)[1]))
        y = ids(json.loads(run("--format", "json", p2, p1)[1]))
        whole = ids(json.loads(run("--format", "json", "fixtures/shared-volume/audit.log")[1]))
        check(x == y == whole and len(x) > 3,
              "ids do not depend on the order of the files or on how the log is cut (%d)" % len(x))


test_text_and_json_agree()
test_privileged_without_denials()
test_stable_ids()
print("report: %s" % ("all passed" if not failed else "%d failed" % failed))
sys.exit(1 if failed else 0)
