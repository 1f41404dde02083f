#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile inputs made by generators, one group per class of the attacks leastpriv must hold
against (not only the examples of ../shared/attacks):

  strings   hostile text in every string field of every fixture, quoted and hex-encoded, and
            in inspect data and fix command words: text, JSON and `jq -r` stay clean, and every
            suggested command parses as shell
  forged    records a container forges in every shape (user messages for another subject or
            with kernel classes, record headers inside user messages, engine commands): the
            advice does not change, and each is named
  ordering  a log in rotated files, read in every order, and with its clock stepped back: the
            same advice, no event split
  bounds    inputs that would exhaust memory or never end: bounded, fast, and said
  files     --seccomp-dir against links and name collisions
  lost      truncated and corrupt gzip, rotations that are links: nothing lost silently
  manifests compose files and manifests that hide privileges in anchors and merge keys

Usage: hostile.py GROUP LEASTPRIV SOURCE_ROOT
"""
import itertools
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile

GROUP, BIN, ROOT = sys.argv[1], os.path.realpath(sys.argv[2]), sys.argv[3]
FIX = os.path.join(ROOT, "fixtures")
TMP = tempfile.mkdtemp(prefix="lp-hostile-")
PASS = FAIL = 0
ASAN = b"libasan" in subprocess.run(["ldd", BIN], capture_output=True).stdout


def ok(msg):
    global PASS
    PASS += 1
    print("ok  ", msg)


def bad(msg):
    global FAIL
    FAIL += 1
    print("FAIL", msg)


def check(cond, msg):
    (ok if cond else bad)(msg)
    return cond


def run(*args, stdin=None, timeout=120):
    """leastpriv ARGS: (status, stdout bytes, stderr bytes, peak RSS of the child in KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, timeout=timeout,
                       cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if re.search(rb"runtime error|AddressSanitizer|LeakSanitizer", p.stderr):
        bad("sanitizer report for %s: %s" % (" ".join(args)[:200], p.stderr[:500]))
    return p.returncode, p.stdout, p.stderr, max(after, before)


def peak(*args, stdin=None, timeout=120):
    """Peak RSS (KiB) of one run, measured with /usr/bin/time (RUSAGE_CHILDREN keeps the max)."""
    f = os.path.join(TMP, "rss")
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f, BIN, *args], input=stdin,
                       capture_output=True, timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr, int(open(f).read().split()[-1])


DANGEROUS = re.compile("[\x00-\x09\x0b-\x1f\x7f\x80-\x9f\u061c\u200b-\u200f\u2028\u2029"
                       "\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(data):
    """None when @data (bytes) is safe for a terminal, else what is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at %d" % e.start
    m = DANGEROUS.search(text)
    return None if not m else "U+%04X at %d: %r" % (ord(m.group()), m.start(),
                                                      text[max(0, m.start() - 40):m.start() + 20])


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def clean_json(data):
    """None when @data is JSON whose every string is clean after `jq -r`, else the problem."""
    try:
        doc = json.loads(data)
    except ValueError as e:
        return "not JSON: %s" % e
    for s in strings(doc):
        why = clean_text(s.encode("utf-8", "surrogateescape"))
        if why:
            return why
    return None


def commands_parse(doc):
    """Every suggested command of a report parses as shell (bash -n): no quote is broken.
    Some are fragments (options, compose keys): they are parsed as a command's arguments."""
    for c in doc.get("containers", []):
        for a in c.get("advice", []):
            for f in a.get("fixes", []):
                cmd = f.get("command")
                if cmd and subprocess.run(["bash", "-n", "-c", "true " + cmd],
                                          capture_output=True).returncode != 0:
                    return cmd
    return None


def fixture_cases():
    for case in sorted(os.listdir(FIX)):
        log = os.path.join(FIX, case, "audit.log")
        if not os.path.isfile(log):
            continue
        args = []
        if os.path.isfile(os.path.join(FIX, case, "args")):
            args = open(os.path.join(FIX, case, "args")).read().split()
        yield case, log, args


# ---- strings ----

PAYLOAD = ("\x1b]0;OWNED\x07\x1b[2J\r\n\t\x7f\u009b31m\u202egnp.exe\u2066x\u200b"
           "$(touch /tmp/lp-pwned)`id`'\";|&<>\\ -rf ")
# A quoted value has no space, quote or control character (audit_log_n_untrustedstring).
QUOTED = "-rf$(id)`x`;&|<>'\\*?[]{}~%^!#"
FIELDS = ["comm", "exe", "name", "path", "cwd", "proctitle", "key", "profile", "operation",
          "denied_mask", "requested_mask", "a0", "a1", "a2", "a3", "a4", "a5", "a6",
          "nametype", "dev", "tty", "res", "acct", "hostname", "saddr"]


def hexed(s):
    return s.encode("utf-8", "surrogateescape").hex().upper() + "ff80c0"  # and invalid UTF-8


def hostile_log(text, field, value):
    pat = re.compile(r"(?<![\w-])" + re.escape(field) + r'=("[^"]*"|[^ \x1d]*)')
    return pat.sub(lambda m: field + "=" + value, text)


def test_strings():
    for case, log, args in fixture_cases():
        text = open(log, encoding="utf-8", errors="surrogateescape").read()
        for field in FIELDS:
            if not re.search(r"(?<![\w-])" + re.escape(field) + "=", text):
                continue
            for form, value in (("hex", hexed(PAYLOAD)), ("quoted", '"%s"' % QUOTED)):
                path = os.path.join(TMP, "h.log")
                with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(hostile_log(text, field, value))
                rc, out, err, _ = run("analyze", *args, path)
                why = clean_text(out) or clean_text(err)
                if why:
                    bad("%s %s=%s: text: %s" % (case, field, form, why))
                    continue
                rc, out, err, _ = run("analyze", "--format", "json", *args, path)
                why = clean_json(out)
                cmd = None if why else commands_parse(json.loads(out))
                if why or cmd:
                    bad("%s %s=%s: JSON: %s" % (case, field, form, why or "command " + cmd))
                    continue
        ok("%s: hostile strings in every field, hex and quoted: clean text, JSON, jq -r, "
           "commands that parse" % case)
    # Inspect data names containers, images and volumes: the same for them.
    inspect = json.load(open(os.path.join(FIX, "registry-certs-inspect", "inspect.json")))
    for key in ("Name", "ImageName", "Id"):
        for value in (PAYLOAD, "\udcff\udc80" + PAYLOAD):
            data = json.loads(json.dumps(inspect))
            data[0][key] = value
            data[0]["Mounts"][0]["Source"] = "/home/x/" + value
            path = os.path.join(TMP, "i.json")
            open(path, "w", encoding="utf-8", errors="surrogateescape").write(
                json.dumps(data, ensure_ascii=False))
            log = os.path.join(FIX, "registry-certs-inspect", "audit.log")
            for fmt in ("text", "json"):
                rc, out, err, _ = run("analyze", "--format", fmt, "--inspect", path, log)
                why = clean_text(out) if fmt == "text" else clean_json(out)
                why = why or clean_text(err)
                if why:
                    bad("inspect %s: %s: %s" % (key, fmt, why))
            rc, out, err, _ = run("fix", "--format", "json", "--log", log, "--inspect", path,
                                  "--", "podman", "run", "-v",
                                  "/home/x/" + value + ":/certs", "registry:2")
            why = clean_json(out) or clean_text(err)
            if why:
                bad("inspect %s: fix -f json: %s" % (key, why))
    ok("hostile container names, images and volume sources in inspect data")
    # Command words that are not UTF-8, in fix's JSON and text.
    word = os.fsencode("/data\xff\x1b[2J").decode("utf-8", "surrogateescape")
    for fmt in ("json", "text"):
        p = subprocess.run([BIN, "fix", "--format", fmt, "--", "podman", "run", "-v",
                            os.fsencode(word + ":/d"), "-e", b"A=\xc3\x28\x1b]0;x\x07",
                            b"img\x07", b"arg\x9b"], capture_output=True)
        why = (clean_json(p.stdout) if fmt == "json" else clean_text(p.stdout)) or \
            clean_text(p.stderr)
        check(not why, "fix -f %s with command words that are not UTF-8: %s" % (
            fmt, why or "clean"))
        if fmt == "json" and not why:
            cmd = json.loads(p.stdout)["command"]
            # The command is exact: bash reads the hostile words back byte for byte.
            r = subprocess.run(["bash", "-c", "printf '%s\\0' " + cmd.split(" ", 1)[1]],
                               capture_output=True)
            check(b"\x1b[2J" in r.stdout and b"img\x07" in r.stdout,
                  "fix -f json: the command gives the words back exactly when pasted")


# ---- forged ----

BASE = os.path.join(FIX, "registry-certs", "audit.log")
VICTIM = "system_u:system_r:container_t:s0:c127,c779"
SENDERS = ["system_u:system_r:container_t:s0:c5,c6", "system_u:system_r:spc_t:s0",
           "system_u:system_r:container_init_t:s0:c1,c2", None, "docker-default (enforce)"]
KERNEL_CLASSES = ["capability", "capability2", "cap_userns", "file", "dir", "chr_file",
                  "tcp_socket", "unix_stream_socket", "process", "netlink_route_socket", "bpf"]


def user_msg(typ, serial, sender, text, t="1763629900.000"):
    subj = " subj=%s" % sender if sender else ""
    return ("type=%s msg=audit(%s:%d): pid=4242 uid=0 auid=4294967295 ses=4294967295%s "
            "msg='%s'\n" % (typ, t, serial, subj, text))


def forged_records():
    """(lines, claims they must make) of each shape of forgery."""
    serial = 90000
    for sender in SENDERS:
        for cls in KERNEL_CLASSES:
            serial += 1
            yield user_msg("USER_AVC", serial, sender,
                           "avc:  denied  { sys_admin read } for pid=1 comm=\"registry\" "
                           "capability=21 scontext=%s tcontext=%s tclass=%s permissive=0" % (
                               VICTIM, VICTIM, cls)), 1
        serial += 1
        # A user-space class, but about another subject, from a sender that may not.
        if not sender or ":container" in sender or "spc_t" in sender or "docker" in sender:
            yield user_msg("USER_AVC", serial, sender,
                           "avc:  denied  { send_msg } for scontext=%s tcontext=%s "
                           "tclass=dbus permissive=0" % (VICTIM, VICTIM)), 1
    headers = ["type=AVC msg=audit(%s:%d): avc:  denied  { read } for pid=9 comm=\"r\" "
               "name=\"domain.key\" dev=\"dm-2\" ino=5 scontext=" + VICTIM +
               " tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0",
               "type=1400 audit(%s:%d): avc:  denied  { write } for pid=9 comm=\"r\" "
               "name=\"x\" scontext=" + VICTIM + " tcontext=system_u:object_r:etc_t:s0 "
               "tclass=file permissive=0",
               "node=evil type=EOE msg=audit(%s:%d): ",
               "type=SYSCALL msg=audit(%s:%d): arch=c000003e syscall=165 success=no exit=-1 "
               "a0=1 a1=2 a2=3 a3=0 items=0 ppid=1 pid=9 auid=0 uid=0 comm=\"m\" exe=\"/m\" "
               "subj=" + VICTIM + " key=x"]
    for typ in ("USER_CMD", "USER_AVC", "USER_START", "USER_TTY", "TRUSTED_APP", "1124"):
        for h in headers:
            for when in ("1763629900.500", "4102444800.000", "1000000000.000"):
                serial += 1
                text = h % (when, serial)
                for shape in ("x %s", "x' %s '", "%s"):
                    yield user_msg(typ if not typ.isdigit() else "UNKNOWN[%s]" % typ,
                                   serial, SENDERS[0], shape % text), 1


def scrub(v):
    """@v without the places (file, line) of example records."""
    if isinstance(v, dict):
        return {k: scrub(x) for k, x in v.items() if k not in ("file", "line")}
    if isinstance(v, list):
        return [scrub(x) for x in v]
    return v


def advice_of(doc):
    return scrub({"containers": [{k: v for k, v in c.items() if k not in ("events", "denials")}
                                 for c in doc["containers"]], "admin": doc["admin"]})


def test_forged():
    rc, out, err, _ = run("analyze", "--format", "json", BASE)
    want = advice_of(json.loads(out))
    base = open(BASE).read()
    lines = base.splitlines(keepends=True)
    n = failures = 0
    for forged, claims in forged_records():
        n += 1
        at = random.Random(n).randrange(len(lines))
        log = "".join(lines[:at]) + forged + "".join(lines[at:])
        rc, out, err, _ = run("analyze", "--format", "json", "-", stdin=log.encode())
        doc = json.loads(out)
        got = sum(c["count"] for c in doc["rejected_claims"])
        # A record may make more than one claim (a USER_AVC with a header in its text).
        if advice_of(doc) != want or got < claims:
            failures += 1
            if failures < 5:
                bad("forged record changed the advice or was not named (%d claims): %s" % (
                    got, forged.strip()[:300]))
    check(failures == 0, "%d forged records of every shape: no advice changed, each named" % n)
    # The same message from a host object manager is evidence: the rule is not "no USER_AVC".
    trusted = user_msg("USER_AVC", 99999, "system_u:system_r:system_dbusd_t:s0-s0:c0.c1023",
                       "avc:  denied  { send_msg } for scontext=%s tcontext=system_u:system_r:"
                       "systemd_logind_t:s0 tclass=dbus permissive=0" % VICTIM)
    rc, out, err, _ = run("analyze", "--format", "json", "-", stdin=(base + trusted).encode())
    doc = json.loads(out)
    check(advice_of(doc) != want and not doc["rejected_claims"],
          "a USER_AVC of dbus-daemon about a container's client is its evidence")
    # Engine commands from inside containers, or by programs only named like the engine.
    shapes = [("subj=" + SENDERS[0], "/usr/bin/docker", "engine_command_inside_container"),
              ("subj=docker-default (enforce)", "/usr/bin/docker",
               "engine_command_inside_container"),
              ("", "/tmp/docker", "engine_name_not_engine_binary"),
              ("", "/home/u/podman", "engine_name_not_engine_binary")]
    for subj, exe, kind in shapes:
        ev = ("type=SYSCALL msg=audit(1763650000.000:7000): arch=c000003e syscall=59 "
              "success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=2 ppid=4351 pid=4366 auid=1000 "
              "uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3 "
              "comm=\"docker\" exe=\"%s\" %s key=\"x\"\n"
              "type=EXECVE msg=audit(1763650000.000:7000): argc=6 a0=\"docker\" a1=\"run\" "
              "a2=\"--privileged\" a3=\"-v\" a4=\"/:/host\" a5=\"alpine\"\n"
              "type=PROCTITLE msg=audit(1763650000.000:7000): proctitle=646F636B6572\n") % (
                  exe, subj)
        rc, out, err, _ = run("analyze", "--format", "json", "-", stdin=ev.encode())
        doc = json.loads(out)
        check(doc["admin"]["engine_users"] == [] and
              [c["kind"] for c in doc["rejected_claims"]] == [kind],
              "engine command %s %s: not a login user's run (%s)" % (exe, subj or "unlabelled",
                                                                     kind))


# ---- ordering ----

def gen_log(path, mib, seed, *extra):
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen-audit-log.py"), path,
                    str(mib), "--seed", str(seed), *extra], check=True, capture_output=True)


def events_of(text):
    """The log cut into events (each a list of its lines), in order of first appearance."""
    order, by = [], {}
    for line in text.splitlines(keepends=True):
        m = re.search(r"msg=audit\((\d+\.\d+:\d+)\)", line)
        k = m.group(1) if m else None
        if k not in by:
            by[k] = []
            order.append(k)
        by[k].append(line)
    return [by[k] for k in order]


def stable(doc, places=True):
    """The report without what depends on how the input was cut and read (with @places
    False, the files and lines of example records too)."""
    d = dict(doc) if places else scrub(doc)
    d.pop("inputs")
    d["stats"] = {k: v for k, v in d["stats"].items()
                  if k not in ("events_timed_out", "events_forced_out", "max_open_events",
                               "files", "problems")}
    return json.dumps(d, sort_keys=True)


def test_ordering():
    log = os.path.join(TMP, "g.log")
    gen_log(log, 2, 7, "--nodes", "2")
    text = open(log).read()
    evs = events_of(text)
    # Rotations cut at event boundaries, as auditd rotates.
    n = 4
    size = len(evs) // n + 1
    files = []
    for i in range(n):
        p = os.path.join(TMP, "audit.log.%d" % i)
        with open(p, "w") as f:
            f.writelines(l for e in evs[i * size:(i + 1) * size] for l in e)
        files.append(p)
    want = want_doc = None
    orders = list(itertools.permutations(files))
    for order in orders:
        rc, out, err, _ = run("analyze", "--format", "json", *order)
        got = stable(json.loads(out))
        if want is None:
            want, want_doc = got, json.loads(out)
        if got != want:
            bad("files in the order %s give another report" % [os.path.basename(f)
                                                                for f in order])
            break
    else:
        ok("%d rotated files in all %d orders: the same report" % (n, len(orders)))
    doc = json.loads(want)
    check(doc["stats"]["events"] == len(evs),
          "no event split: %d events read, %d in the log" % (doc["stats"]["events"], len(evs)))
    # The same on standard input, the rotations newest first (cat audit.log.*).
    for order in (files[::-1], files[1:] + files[:1]):
        data = b"".join(open(f, "rb").read() for f in order)
        rc, out, err, _ = run("analyze", "--format", "json", "-", stdin=data)
        check(stable(json.loads(out), False) == stable(want_doc, False),
              "standard input, rotations in the order %s: the same report" % (
                  [os.path.basename(f) for f in order]))
    # A clock set back by an hour halfway through: every event whole.
    half = len(evs) // 2
    stepped = []
    for e in evs[half:]:
        stepped.append([re.sub(r"audit\((\d+)\.", lambda m: "audit(%d." % (int(m.group(1)) -
                                                                           3600), l) for l in e])
    rc, out, err, _ = run("analyze", "--format", "json", "-",
                          stdin="".join(l for e in evs[:half] + stepped for l in e).encode())
    doc = json.loads(out)
    check(doc["stats"]["events"] == len(evs),
          "clock set back an hour: %d events, %d in the log" % (doc["stats"]["events"], len(evs)))
    # Wild timestamps here and there (garbled lines): no event split, no advice lost.
    rnd = random.Random(3)
    wild = []
    for e in evs:
        wild.append(e)
        if rnd.random() < 0.01:
            wild.append(["type=ANOM_ABEND msg=audit(%d.000:%d): auid=0 pid=1 comm=\"x\"\n" % (
                rnd.choice([4102444800, 1000000000, 253402300799]), rnd.randrange(1 << 30))])
    rc, out, err, _ = run("analyze", "--format", "json", "-",
                          stdin="".join(l for e in wild for l in e).encode())
    got = json.loads(out)
    check(got["stats"]["events"] == len(wild) and
          scrub([c["advice"] for c in got["containers"]]) ==
          scrub([c["advice"] for c in want_doc["containers"]]),
          "%d records with wild times among the events: none split, the same advice" % (
              len(wild) - len(evs)))


# ---- bounds ----

def syscall(serial, exe, pid, t=1763629841):
    return ("type=SYSCALL msg=audit(%d.%03d:%d): arch=c000003e syscall=92 success=no exit=-1 "
            "a0=1 a1=2 a2=3 a3=0 items=0 ppid=10 pid=%d auid=4294967295 uid=0 gid=0 euid=0 "
            "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"p\" "
            "exe=\"%s\" key=(null)\n" % (t, serial % 1000, serial, pid, exe))


def test_bounds():
    limit = 64 * 1024 if not ASAN else 1 << 30
    # Distinct unattributed programs past the containers kept.
    for n in (30000, 90000):
        p = os.path.join(TMP, "progs.log")
        with open(p, "w") as f:
            for i in range(n):
                f.write(syscall(i + 1, "/x/prog%07d" % i, 100 + i % 30000))
        rc, out, err, kib = peak("analyze", "--format", "json", p)
        doc = json.loads(out)
        check(kib < limit and doc["stats"]["overflow_container_events"] == n - 20000 and
              b"more than 20000 containers" in err and rc == 4,
              "%d distinct programs: %d KiB, %d past the limit counted, the bound said" % (
                  n, kib, doc["stats"]["overflow_container_events"]))
    # One container denied thousands of distinct files.
    p = os.path.join(TMP, "files.log")
    with open(p, "w") as f:
        for i in range(6000):
            f.write("type=AVC msg=audit(1763629841.%03d:%d): avc:  denied  { read } for "
                    "pid=7 comm=\"cat\" name=\"f%d\" dev=\"dm-2\" ino=%d scontext=%s "
                    "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file "
                    "permissive=0\n" % (i % 1000, i + 1, i, i + 1000, VICTIM))
    rc, out, err, kib = peak("analyze", "--format", "json", p)
    doc = json.loads(out)
    check(kib < limit and doc["containers"][0]["denials_not_kept"] == 4000 and
          b"distinct denials in one container" in err,
          "6000 distinct denied files in one container: %d KiB, 4000 counted past the limit"
          % kib)
    # Events that never end, interleaved, all at one time (no timeout can finish them).
    p = os.path.join(TMP, "open.log")
    with open(p, "w") as f:
        for i in range(150000):
            f.write(syscall(i + 1, "/bin/x", 5, t=1763629841).replace(
                "success=no", "success=yes"))
    rc, out, err, kib = peak("analyze", "-q", "--format", "json", p)
    doc = json.loads(out)
    check(kib < 256 * 1024 and doc["stats"]["events_forced_out"] > 0 and
          doc["stats"]["max_open_events"] <= 20001,
          "150000 events open at once: %d KiB, at most %d open" % (
              kib, doc["stats"]["max_open_events"]))
    # Thousands of nodes.
    p = os.path.join(TMP, "nodes.log")
    with open(p, "w") as f:
        for i in range(6000):
            f.write("node=n%d " % i + syscall(i + 1, "/bin/x", 5))
    rc, out, err, kib = peak("analyze", "--format", "json", p)
    check(b"more than 4096 nodes" in err and rc == 4,
          "6000 nodes: past 4096 dropped with the bound's message (%d KiB)" % kib)
    # An EXECVE argument in a million pieces.
    p = os.path.join(TMP, "pieces.log")
    with open(p, "w") as f:
        f.write("type=EXECVE msg=audit(1763629901.000:2): argc=2 a0=\"docker\" a1_len=999999\n")
        for r in range(100):
            f.write("type=EXECVE msg=audit(1763629901.000:2): " +
                    " ".join("a1[%d]=41" % (r * 3000 + k) for k in range(3000)) + "\n")
    rc, out, err, kib = peak("analyze", "-q", p, timeout=30)
    check(kib < 256 * 1024 and rc in (0, 1, 4), "an argument in 300000 pieces: %d KiB" % kib)
    # Inspect data: a million empty objects, too many containers.
    p = os.path.join(TMP, "empty.json")
    open(p, "w").write("[" + ",".join(["{}"] * 1000000) + "]")
    rc, out, err, kib = peak("analyze", "--inspect", p, BASE)
    check(rc == 3 and b"JSON objects and arrays" in err and kib < limit,
          "a million empty inspect objects: refused before json-c builds them (%d KiB)" % kib)
    p = os.path.join(TMP, "many.json")
    json.dump([{"Id": "%064x" % i, "Name": "c%d" % i} for i in range(5000)], open(p, "w"))
    rc, out, err, kib = peak("analyze", "--inspect", p, BASE)
    check(rc == 3 and b"more than 4096 containers" in err, "5000 inspected containers: refused")
    # Inputs that block or never end.
    fifo = os.path.join(TMP, "fifo")
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero", "/dev/urandom"):
        try:
            rc, out, err, _ = run("analyze", path, timeout=10)
            check(rc == 3 and b"not a regular file" in err, "%s as input: refused" % path)
        except subprocess.TimeoutExpired:
            bad("%s as input: blocked" % path)
    with open("/dev/zero", "rb") as z:
        try:
            p = subprocess.run([BIN, "analyze", "-"], stdin=z, capture_output=True, timeout=10)
            check(p.returncode == 3, "/dev/zero as standard input: refused")
        except subprocess.TimeoutExpired:
            bad("/dev/zero as standard input: read for ever")
    try:
        p = subprocess.run("head -c 40000000 /dev/zero | tr '\\0' 'x' | '%s' analyze -" % BIN,
                           shell=True, capture_output=True, timeout=60)
        check(p.returncode == 4 and b"no audit record in the first 16 MiB" in p.stderr,
              "40 MB without a record on a pipe: not read past 16 MiB, said")
    except subprocess.TimeoutExpired:
        bad("40 MB without a record on a pipe: read for ever")
    # YAML: laughs of every depth, deep nesting in both styles, many nodes.
    ev = ["--log", os.path.join(FIX, "registry-certs-inspect", "audit.log"),
          "--inspect", os.path.join(FIX, "registry-certs-inspect", "inspect.json")]
    laughs = "services:\n  registry:\n    image: registry:2\n    privileged: true\n" + \
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            "a%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10)) for i in range(1, 30))
    cases = [("laughs.yaml", laughs, 1),
             ("deep-flow.yaml", "services: " + "[" * 50000 + "]" * 50000 + "\n", 3),
             ("deep-block.yaml", "services:\n" + "".join("  " * i + "k%d:\n" % i
                                                         for i in range(1, 3000)), 3),
             ("nodes.yaml", "services:\n  registry:\n    image: registry:2\nx: [" +
              ",".join(["1"] * 300000) + "]\n", 3),
             ("alias-loop.yaml", "services: &s\n  registry: *s\n", 2)]
    for name, text, want in cases:
        p = os.path.join(TMP, name)
        open(p, "w").write(text)
        try:
            rc, out, err, kib = peak("fix", *ev, p, timeout=20)
            check(rc == want and kib < limit and (want == 1 or err),
                  "fix %s: exit %d, %d KiB: %s" % (name, rc, kib, err.decode()[:120].strip()))
        except subprocess.TimeoutExpired:
            bad("fix %s: did not finish in 20 s" % name)


# ---- files ----

def test_files():
    base = os.path.join(TMP, "base.json")
    json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}, open(base, "w"))
    log = os.path.join(FIX, "apparmor-seccomp", "audit.log")
    d = os.path.join(TMP, "profiles")
    os.mkdir(d)
    victim = os.path.join(TMP, "victim")
    open(victim, "w").write("root's file\n")
    os.chmod(victim, 0o600)
    rc, out, err, _ = run("analyze", "--format", "json", "--seccomp-dir", d, "--seccomp-base",
                          base, log)
    names = sorted(os.listdir(d))
    check(rc == 1 and len(names) == 1, "a profile is written: %s" % names)
    target = os.path.join(d, names[0])
    os.unlink(target)
    os.symlink(victim, target)
    dangling = os.path.join(d, "dangling")
    rc, out, err, _ = run("analyze", "--seccomp-dir", d, "--seccomp-base", base, log)
    check(open(victim).read() == "root's file\n" and not os.path.islink(target) and
          oct(os.stat(victim).st_mode & 0o777) == "0o600",
          "a link at the profile's name is replaced, its target untouched")
    os.unlink(target)
    os.symlink(dangling + "-nowhere", target)
    rc, out, err, _ = run("analyze", "--seccomp-dir", d, "--seccomp-base", base, log)
    check(not os.path.exists(dangling + "-nowhere") and not os.path.islink(target),
          "a dangling link at the name: replaced, nothing created through it")
    link = os.path.join(TMP, "profiles-link")
    os.symlink(d, link)
    rc, out, err, _ = run("analyze", "--seccomp-dir", link, "--seccomp-base", base, log)
    check(rc == 3 and b"link is not followed" in err, "a link as the directory: refused")
    check(not [n for n in os.listdir(d) if n.startswith(".")],
          "no temporary file is left behind")
    # Two labels that make the same file name get two names.
    two = os.path.join(TMP, "two.log")
    seccomp = ("type=SECCOMP msg=audit(1763630205.%03d:%d): auid=4294967295 uid=0 gid=0 "
               "ses=4294967295 subj=%s pid=78 comm=\"x\" exe=\"/x\" sig=31 arch=c000003e "
               "syscall=246 compat=0 ip=0x7f code=0x80000000\n")
    open(two, "w").write(seccomp % (1, 1, "system_u:system_r:container_t:s0:c1,c2") +
                         seccomp % (2, 2, "system_u:system_r:container_t:s0:c1_c2"))
    d2 = os.path.join(TMP, "profiles2")
    os.mkdir(d2)
    rc, out, err, _ = run("analyze", "--seccomp-dir", d2, "--seccomp-base", base, two)
    check(len(os.listdir(d2)) == len(set(os.listdir(d2))) == 2,
          "labels that make the same file name get two files: %s" % sorted(os.listdir(d2)))


# ---- lost data ----

def test_lost():
    import gzip
    data = open(BASE, "rb").read()
    gz = gzip.compress(data)
    records = data.count(b"\ntype=") + 1
    for cut in (len(gz) // 4, len(gz) // 2, len(gz) - 9, len(gz) - 1):
        p = os.path.join(TMP, "cut.gz")
        open(p, "wb").write(gz[:cut])
        rc, out, err, _ = run("analyze", "--format", "json", p)
        doc = json.loads(out)
        check(rc == 4 and doc["stats"]["problems"]["truncated_input"] == 1 and
              b"ends early" in err,
              "gzip cut at byte %d of %d: said, %d of %d records read" % (
                  cut, len(gz), doc["stats"]["records"], records))
    corrupt = bytearray(gz)
    corrupt[-8] ^= 0xff  # the CRC
    p = os.path.join(TMP, "crc.gz")
    open(p, "wb").write(corrupt)
    for args, stdin in (([p], None), (["-"], bytes(corrupt))):
        rc, out, err, _ = run("analyze", "--format", "json", *args, stdin=stdin)
        doc = json.loads(out)
        check(rc == 4 and doc["stats"]["records"] == records and b"incorrect data check" in err,
              "gzip with a bad CRC (%s): every record kept, the damage said" % args[0])
    p = os.path.join(TMP, "two.gz")
    open(p, "wb").write(gz + gz)
    rc, out, err, _ = run("analyze", "--format", "json", p)
    check(json.loads(out)["stats"]["records"] == 2 * records, "two gzip members: both read")
    d = os.path.join(TMP, "logdir")
    os.mkdir(d)
    shutil.copy(BASE, os.path.join(d, "audit.log"))
    os.symlink("audit.log", os.path.join(d, "audit.log.1"))
    rc, out, err, _ = run("analyze", "--format", "json", d)
    check(json.loads(out)["stats"]["records"] == records and b"same file" in err,
          "a rotation that is a link to audit.log: read once, and said")


# ---- manifests ----

# Where a privilege hides: (name, definitions, the compose line, the securityContext line).
HIDE = [
    ("merge mapping", "x-a: &a\n  privileged: true\n", "    <<: *a\n", "      <<: *a\n"),
    ("merge sequence", "x-a: &a {cap_add: [ALL]}\nx-b: &b {privileged: 'yes'}\n",
     "    <<: [*a, *b]\n", "      <<: [*a, *b]\n"),
    ("nested merge", "x-a: &a {privileged: on}\nx-b: &b\n  <<: *a\n  tty: true\n",
     "    <<: *b\n", "      <<: *b\n"),
    ("aliased list", "x-c: &c [SYS_ADMIN, ALL]\n", "    cap_add: *c\n",
     "      capabilities: {add: *c}\n"),
    ("yaml 1.1 true", "", "    privileged: yes\n", "      privileged: yes\n"),
]


def test_manifests():
    ev = ["--log", os.path.join(FIX, "registry-certs-inspect", "audit.log"),
          "--inspect", os.path.join(FIX, "registry-certs-inspect", "inspect.json")]
    import yaml
    for name, defs, line, sc_line in HIDE:
        text = defs + "services:\n  registry:\n" + line + "    image: registry:2\n" + \
            "    volumes: [./certs:/certs]\n"
        p = os.path.join(TMP, "c.yaml")
        open(p, "w").write(text)
        rc, out, err, _ = run("fix", *ev, p)
        svc = (yaml.safe_load(out) or {}).get("services", {}).get("registry", {}) if rc == 1 \
            else {}
        caps = [str(c).upper() for c in svc.get("cap_add") or []]
        check(rc == 1 and svc.get("privileged") is not True and "ALL" not in caps and
              svc.get("cap_drop") == ["ALL"],
              "compose, privilege hidden in a %s: removed (%s)" % (name, err.decode()[:100]))
        k8s = defs + "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n" + \
            "  - name: registry\n    image: registry:2\n    securityContext:\n" + sc_line
        p = os.path.join(TMP, "k.yaml")
        open(p, "w").write(k8s)
        rc, out, err, _ = run("fix", *ev, p)
        doc = [d for d in yaml.safe_load_all(out) if d and d.get("kind") == "Pod"] if rc == 1 \
            else []
        sc = doc[0]["spec"]["containers"][0]["securityContext"] if doc else {}
        added = [str(c).upper() for c in sc.get("capabilities", {}).get("add") or []]
        check(rc == 1 and sc.get("privileged") is not True and "ALL" not in added and
              sc.get("capabilities", {}).get("drop") == ["ALL"],
              "kubernetes, privilege hidden in a %s: removed (%s)" % (name, err.decode()[:100]))
    # Kubernetes: a pod spec merged in, with a host namespace of the pod's own over it.
    for share in ("hostPID", "hostNetwork", "hostIPC"):
        text = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  <<: &p\n" + \
            "    containers:\n    - name: registry\n      image: registry:2\n" + \
            "      securityContext: {privileged: true}\n  %s: true\n" % share
        p = os.path.join(TMP, "k.yaml")
        open(p, "w").write(text)
        rc, out, err, _ = run("fix", *ev, p)
        notes = [l for l in out.decode().splitlines() if "Pod Security" in l]
        check(rc == 1 and notes and all("cannot meet" in l for l in notes),
              "kubernetes, a merged pod spec under %s: true: no baseline claimed (%s)" % (
                  share, notes))
    # Compose: a whole service merged in, into services or into the top level.
    svc = "    image: registry:2\n    privileged: true\n    volumes: [./certs:/certs]\n"
    for name, text in (
            ("merged into services", "x-s: &s\n  registry:\n" + svc +
             "services:\n  <<: *s\n  other: {image: busybox}\n"),
            ("merged twice, as a list", "x-s: &s\n  registry:\n" + svc +
             "services:\n  <<: [*s]\n  <<: *s\n"),
            ("merged into the top level", "x-t: &t\n  services:\n    registry:\n" +
             svc.replace("    ", "      ") + "<<: *t\n")):
        p = os.path.join(TMP, "compose.yaml")
        open(p, "w").write(text)
        rc, out, err, _ = run("fix", *ev, p)
        try:
            got = yaml.safe_load(out) if rc == 1 else None
        except yaml.YAMLError:
            got = None
        reg = (got or {}).get("services", {}).get("registry", {})
        check(rc == 1 and reg.get("privileged") is not True and reg.get("cap_drop") == ["ALL"],
              "compose, a privileged service %s: fixed (%s)" % (name, err.decode()[:100]))
    # Two services sharing one mapping: each by its own evidence (none for the second).
    p = os.path.join(TMP, "compose.yaml")
    open(p, "w").write("services:\n  registry: &r\n" + svc + "  mirror: *r\n")
    rc, out, err, _ = run("fix", *ev, p)
    got = yaml.safe_load(out) if rc == 1 else {}
    check(rc == 1 and got["services"]["registry"].get("cap_drop") == ["ALL"] and
          got["services"]["mirror"].get("privileged") is True and
          "cap_drop" not in got["services"]["mirror"],
          "compose, two services aliasing one mapping: each by its own evidence")
    # The engine socket, however a workload mounts it, goes when the evidence says so.
    sock_ev = ["--log", os.path.join(FIX, "docker-sock", "audit.log"), "--inspect",
               os.path.join(TMP, "sock-inspect.json")]
    json.dump([{"Id": "1" * 64, "Name": "/ci-runner",
                "ProcessLabel": "system_u:system_r:container_t:s0:c55,c66",
                "Mounts": [{"Type": "bind", "Source": "/run/docker.sock",
                            "Destination": "/run/docker.sock", "RW": True}],
                "HostConfig": {"Binds": ["/run/docker.sock:/run/docker.sock"]}}],
              open(sock_ev[3], "w"))
    for how, vol in (("short", "      - //var/run/docker.sock:/s\n"),
                     ("long", "      - {type: bind, source: /run/, target: /s}\n"),
                     ("rootless", "      - /run/user/1000/podman/podman.sock:/s:ro\n")):
        p = os.path.join(TMP, "compose.yaml")
        open(p, "w").write("services:\n  ci-runner:\n    image: x\n    volumes:\n" + vol +
                           "      - ./work:/work\n")
        rc, out, err, _ = run("fix", *sock_ev, p)
        vols = yaml.safe_load(out)["services"]["ci-runner"].get("volumes") if rc == 1 else None
        check(vols == ["./work:/work"], "compose, the socket in the %s syntax: removed (%s)" %
              (how, vols))
    p = os.path.join(TMP, "k.yaml")
    open(p, "w").write("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                       "  - name: ci-runner\n    image: x\n    volumeMounts:\n"
                       "    - {name: s, mountPath: /s}\n    - {name: w, mountPath: /w}\n"
                       "  volumes:\n  - {name: s, hostPath: {path: /var/run}}\n"
                       "  - {name: w, emptyDir: {}}\n")
    rc, out, err, _ = run("fix", *sock_ev, p)
    got = yaml.safe_load(out) if rc == 1 else None
    mounts = got["spec"]["containers"][0]["volumeMounts"] if got else None
    check(mounts == [{"name": "w", "mountPath": "/w"}],
          "kubernetes, the socket's directory as a hostPath: its mount removed (%s)" % mounts)
    for mount in ('type=bind,"src=/run/docker.sock",dst=/s', "type=BIND,SOURCE=/run,dst=/s",
                  "type=glob,src=/run/*.sock,dst=/s", "type=bind,src=/x,src=/var/run,dst=/s"):
        p = os.path.join(TMP, "ci.container")
        open(p, "w").write("[Container]\nImage=x\nContainerName=ci-runner\nMount=%s\n"
                           "Volume=./work:/work\n" % mount.replace('"', '\\"'))
        rc, out, err, _ = run("fix", *sock_ev, p)
        txt = out.decode()
        check(rc == 1 and "Mount=" not in txt and "Volume=./work:/work" in txt,
              "quadlet, the socket in Mount=%s: removed (%s)" % (mount, err.decode()[:100]))
    # Quadlet: continued lines, CR LF, long lines, every spelling in PodmanArgs.
    for body in ("PodmanArgs=--log-level=info \\\n  --privileged\n",
                 "PodmanArgs=--privileged=true\r\nVolume=/a:/certs\r\n",
                 "PodmanArgs=--env=X=" + "y" * 20000 + " --cap-add=ALL\n",
                 "PodmanArgs=\"--privileged\" '--cap-add' SYS_ADMIN,ALL\n",
                 "AddCapability=ALL\nPodmanArgs=--mount=type=bind,src=/run/docker.sock,dst=/s\n"):
        p = os.path.join(TMP, "registry.container")
        open(p, "w", newline="").write("[Container]\nImage=registry:2\n" + body)
        rc, out, err, _ = run("fix", *ev, p)
        txt = out.decode()
        check(rc == 1 and "--privileged" not in txt and not re.search(r"(?i)(=|,| )ALL\b",
                                                                       txt.replace(
                                                                           "DropCapability=all",
                                                                           "")),
              "quadlet %r: no privilege left (%s)" % (body[:40], err.decode()[:100]))


GROUPS = {"strings": test_strings, "forged": test_forged, "ordering": test_ordering,
          "bounds": test_bounds, "files": test_files, "lost": test_lost,
          "manifests": test_manifests}
try:
    GROUPS[GROUP]()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
print("hostile %s: %d passed, %d failed" % (GROUP, PASS, FAIL))
sys.exit(1 if FAIL else 0)
