#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Audit logs of the shapes leastpriv must stay fast and small on, beyond gen-audit-log.py's.

    shapes.py SHAPE OUT.log SIZE_MB [--corpus DIR] [--containers N]

Shapes (python3 standard library only; the same arguments give the same bytes):
  corpus      the published logs of ../shared/corpus/files, concatenated over and over with
              their timestamps and serials shifted: real denials repeated thousands of times
  plain-avc   one container's AVC events (AVC, SYSCALL, CWD, PATH, PROCTITLE), never
              interleaved, few distinct denials
  objects     200 containers, each file denial on a distinct inode and name (a container
              reading a whole volume it may not read)
  containers  N short-lived containers (default 100 per MB), each with three denials of its
              own: a host with thousands of containers over a month
The generator's own shapes (40 containers, --rate 20000, --enriched) are gen-audit-log.py's.
"""
import os
import re
import sys

START = 1735689600
STAMP = re.compile(rb"audit\((\d+)\.(\d+):(\d+)\)")


class Writer:
    def __init__(self, path, size_mb):
        self.f = open(path, "wb", buffering=8 << 20)
        self.limit = size_mb << 20
        self.bytes = 0
        self.events = 0

    def full(self):
        return self.bytes >= self.limit

    def event(self, lines):
        data = "".join(lines).encode()
        self.f.write(data)
        self.bytes += len(data)
        self.events += 1

    def close(self):
        self.f.close()


def stamp(n, rate=2000):
    ms = n * 1000 // rate
    return "%d.%03d:%d" % (START + ms // 1000, ms % 1000, n + 1)


def file_denial(n, level, pid, name, ino, ttype="var_t", comm="cat", perm="read"):
    t = stamp(n)
    subj = "system_u:system_r:container_t:s0:%s" % level
    return [
        'type=AVC msg=audit(%s): avc:  denied  { %s } for  pid=%d comm="%s" name="%s" '
        'dev="dm-0" ino=%d scontext=%s tcontext=system_u:object_r:%s:s0 tclass=file '
        "permissive=0\n" % (t, perm, pid, comm, name, ino, subj, ttype),
        "type=SYSCALL msg=audit(%s): arch=c000003e syscall=257 success=no exit=-13 "
        "a0=ffffff9c a1=7ffd6b1c2f10 a2=0 a3=0 items=1 ppid=1 pid=%d auid=4294967295 uid=0 "
        "gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 "
        'comm="%s" exe="/usr/bin/%s" subj=%s key=(null)\n' % (t, pid, comm, comm, subj),
        'type=CWD msg=audit(%s): cwd="/data"\n' % t,
        'type=PATH msg=audit(%s): item=0 name="/data/%s" inode=%d dev=fd:00 mode=0100644 '
        "ouid=0 ogid=0 rdev=00:00 obj=system_u:object_r:%s:s0 nametype=NORMAL cap_fp=0 "
        "cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\n" % (t, name, ino, ttype),
        "type=PROCTITLE msg=audit(%s): proctitle=%s\n" % (t, comm.encode().hex()),
    ]


def cap_denial(n, level, pid, cap=10, name="net_bind_service", comm="nginx"):
    t = stamp(n)
    subj = "system_u:system_r:container_t:s0:%s" % level
    return [
        "type=AVC msg=audit(%s): avc:  denied  { %s } for  pid=%d comm=\"%s\" capability=%d  "
        "scontext=%s tcontext=%s tclass=capability permissive=0\n" % (t, name, pid, comm, cap, subj, subj),
        "type=SYSCALL msg=audit(%s): arch=c000003e syscall=49 success=no exit=-13 a0=6 "
        "a1=55d0c3a2b0 a2=10 a3=0 items=0 ppid=1 pid=%d auid=4294967295 uid=0 gid=0 euid=0 "
        "suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"%s\" "
        'exe="/usr/sbin/%s" subj=%s key=(null)\n' % (t, pid, comm, comm, subj),
        "type=PROCTITLE msg=audit(%s): proctitle=%s\n" % (t, comm.encode().hex()),
    ]


def level_of(i):
    """The @i-th distinct MCS pair (categories c0..c1023, lower first)."""
    a = i % 1024
    b = (a + 1 + i // 1024) % 1024
    return "c%d,c%d" % (min(a, b), max(a, b))


def plain_avc(w):
    n = 0
    while not w.full():
        k = n % 4
        if k == 3:
            w.event(cap_denial(n, "c1,c2", 1000 + n % 50))
        else:
            w.event(file_denial(n, "c1,c2", 1000 + n % 50, "file%d" % k, 100 + k))
        n += 1


def objects(w):
    n = 0
    while not w.full():
        c = n % 200
        w.event(file_denial(n, level_of(c), 2000 + c, "f%d" % n, 1000000 + n))
        n += 1


def containers(w, total):
    n = 0
    while not w.full():
        c = (n // 3) % total
        if n % 3 == 2:
            w.event(cap_denial(n, level_of(c), 3000 + c % 30000))
        else:
            w.event(file_denial(n, level_of(c), 3000 + c % 30000, "data%d" % (n % 3),
                                50 + n % 3, ttype="user_home_t" if n % 3 else "var_t"))
        n += 1


def corpus(w, directory):
    texts = []
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                data = f.read()
            texts.append(data if data.endswith(b"\n") else data + b"\n")
    blob = b"".join(texts)
    rep = 0
    while not w.full():
        shift_s, shift_serial = rep * 86400, rep * 10000000

        def shifted(m):
            return b"audit(%d.%s:%d)" % (int(m.group(1)) + shift_s, m.group(2),
                                         int(m.group(3)) + shift_serial)

        data = STAMP.sub(shifted, blob)
        w.f.write(data)
        w.bytes += len(data)
        w.events += 1
        rep += 1


def main():
    args = sys.argv[1:]
    directory = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                             "corpus", "files")
    total = None
    if "--containers" in args:
        i = args.index("--containers")
        total = int(args[i + 1])
        del args[i:i + 2]
    if "--corpus" in args:
        i = args.index("--corpus")
        directory = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    shape, out, size = args[0], args[1], int(args[2])
    w = Writer(out, size)
    if shape == "plain-avc":
        plain_avc(w)
    elif shape == "objects":
        objects(w)
    elif shape == "containers":
        containers(w, total or max(1, size * 100))
    elif shape == "corpus":
        corpus(w, directory)
    else:
        print("shapes.py: no shape %r" % shape, file=sys.stderr)
        return 2
    w.close()
    print("%s: %d bytes, %d %s" % (shape, w.bytes, w.events,
                                   "copies of the corpus" if shape == "corpus" else "events"),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
