#!/usr/bin/env python3
"""Generate a large, kernel-faithful Linux audit log for benchmarking leastpriv.

Usage:
    python3 bench/gen-audit-log.py OUT.log SIZE_MB [--seed N] [--nodes N]
        [--enriched] [--containers N] [--rate EVENTS_PER_SEC] [--start EPOCH]

SIZE_MB is in MiB (1 MiB = 1,048,576 bytes); generation stops at the first event
boundary at or after that size.  The output is streamed in big chunks, so memory
stays constant whatever the size.

Event mix (fractions of events, see bench/README.md):
    50%  host SYSCALL + CWD + PATH(s) + PROCTITLE (watched-file accesses)
    12%  execve: SYSCALL + EXECVE + CWD + PATH + PATH + PROCTITLE
     5%  connect(2): SYSCALL + SOCKADDR + PROCTITLE
    15%  container AVC denials (container_t:s0:cX,cY): AVC first, then SYSCALL,
         then SOCKADDR/CWD/PATH as the syscall warrants, then PROCTITLE
         (about 60% file/socket denials, 40% capability denials)
     3%  standalone SECCOMP
    14%  USER_* from sshd (USER_LOGIN, USER_START, CRED_ACQ, ...), one record each
     1%  standalone ANOM_ABEND
About 5% of events have their records interleaved with the next event's.
The sets of containers, paths, target types and capabilities are bounded and do
not grow with SIZE_MB.

At the end the number of lines, events and AVC records is printed to stderr.
Standard library only.
"""

import argparse
import random
import sys
import time
import zlib

# ---------------------------------------------------------------------------
# Static tables
# ---------------------------------------------------------------------------

ARCH = "c000003e"
UNSET = 4294967295

# uid -> name as auditd's enrichment would resolve it on the host
UID_NAMES = {0: "root", 101: "systemd-resolve", 1000: "alice", 1001: "bob", 1002: "deploy",
             65534: "nobody", UNSET: "unset"}


def uname(uid):
    return UID_NAMES.get(uid, "unknown(%d)" % uid)


def hexenc(s):
    return s.encode().hex().upper()


def proctitle(argv):
    """PROCTITLE value as the kernel writes it: quoted if it is a single clean
    word, otherwise hex (arguments are NUL-separated); cut at 128 bytes."""
    raw = "\0".join(argv).encode()[:128]
    if all(0x21 <= b <= 0x7e and b != 0x22 for b in raw):
        return '"%s"' % raw.decode()
    return raw.hex().upper()


def execve_args(argv):
    """EXECVE record body: argc=N a0=... ; args with spaces/quotes are hex."""
    out = ["argc=%d" % len(argv)]
    for i, a in enumerate(argv):
        if a and all(0x21 <= ord(c) <= 0x7e and c != '"' for c in a):
            out.append('a%d="%s"' % (i, a))
        else:
            out.append("a%d=%s" % (i, hexenc(a)))
    return " ".join(out)


HOST_SUBJ_USER = "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023"
SSHD_SUBJ = "system_u:system_r:sshd_t:s0-s0:c0.c1023"

# Host actors: comm, exe, uid, auid, ses, tty, subj, argv
HOST_ACTORS = [
    ("cat", "/usr/bin/cat", 1000, 1000, 3, "pts0", HOST_SUBJ_USER, ["cat", "/etc/passwd"]),
    ("vim", "/usr/bin/vim.basic", 0, 1000, 3, "pts0", HOST_SUBJ_USER,
     ["vim", "/etc/ssh/sshd_config"]),
    ("sudo", "/usr/bin/sudo", 0, 1001, 7, "pts1", HOST_SUBJ_USER,
     ["sudo", "systemctl", "restart", "nginx"]),
    ("cron", "/usr/sbin/cron", 0, UNSET, UNSET, "(none)", "system_u:system_r:crond_t:s0-s0:c0.c1023",
     ["/usr/sbin/cron", "-f"]),
    ("logrotate", "/usr/sbin/logrotate", 0, UNSET, UNSET, "(none)",
     "system_u:system_r:logrotate_t:s0", ["/usr/sbin/logrotate", "/etc/logrotate.conf"]),
    ("sshd", "/usr/sbin/sshd", 0, UNSET, UNSET, "(none)", SSHD_SUBJ,
     ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"]),
    ("systemd", "/usr/lib/systemd/systemd", 0, UNSET, UNSET, "(none)",
     "system_u:system_r:init_t:s0", ["/sbin/init", "splash"]),
    ("ansible-playboo", "/usr/bin/python3.11", 1002, 1002, 12, "pts2", HOST_SUBJ_USER,
     ["/usr/bin/python3", "/usr/bin/ansible-playbook", "site.yml"]),
    ("dockerd", "/usr/bin/dockerd", 0, UNSET, UNSET, "(none)",
     "system_u:system_r:container_runtime_t:s0",
     ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"]),
    ("bash", "/usr/bin/bash", 1001, 1001, 7, "pts1", HOST_SUBJ_USER, ["-bash"]),
]

# Watched host files: path, inode, dev, mode, ouid, ogid, obj type, audit key
HOST_FILES = [
    ("/etc/passwd", 1311021, "fd:00", "0100644", 0, 0, "passwd_file_t", "identity"),
    ("/etc/shadow", 1311035, "fd:00", "0100640", 0, 42, "shadow_t", "identity"),
    ("/etc/group", 1311007, "fd:00", "0100644", 0, 0, "passwd_file_t", "identity"),
    ("/etc/sudoers", 1312117, "fd:00", "0100440", 0, 0, "etc_t", "privileged"),
    ("/etc/ssh/sshd_config", 1312540, "fd:00", "0100644", 0, 0, "etc_t", "sshd"),
    ("/etc/crontab", 1311502, "fd:00", "0100644", 0, 0, "system_cron_spool_t", "cron"),
    ("/var/log/auth.log", 2621480, "fd:01", "0100640", 0, 4, "var_log_t", "logs"),
    ("/etc/docker/daemon.json", 1313001, "fd:00", "0100644", 0, 0, "container_config_t", "docker"),
    ("/var/lib/docker", 2883585, "fd:01", "040710", 0, 0, "container_var_lib_t", "docker"),
    ("/etc/hosts", 1311090, "fd:00", "0100644", 0, 0, "net_conf_t", "network"),
]
HOST_CWDS = ["/root", "/home/alice", "/home/bob", "/", "/var/lib/docker", "/home/deploy/ansible"]

# host syscalls on watched files: (name, nr, success, exit, items spec)
HOST_SYSCALLS = [
    ("openat", 257, "yes", "3", "normal"),
    ("openat", 257, "yes", "4", "normal"),
    ("openat", 257, "no", "-13", "normal"),
    ("newfstatat", 262, "yes", "0", "normal"),
    ("fchmodat", 268, "yes", "0", "normal"),
    ("renameat2", 316, "yes", "0", "rename"),
    ("unlinkat", 263, "yes", "0", "delete"),
    ("fchownat", 260, "yes", "0", "normal"),
]

# execve: comm, exe, argv, uid, auid, ses, tty, subj, cwd
EXEC_PROGS = [
    ("ls", "/usr/bin/ls", ["ls", "-la", "/var/log"]),
    ("ps", "/usr/bin/ps", ["ps", "aux"]),
    ("grep", "/usr/bin/grep", ["grep", "-r", "error", "/var/log/syslog"]),
    ("sh", "/usr/bin/dash", ["/bin/sh", "-c", "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )"]),
    ("systemctl", "/usr/bin/systemctl", ["systemctl", "status", "docker"]),
    ("docker", "/usr/bin/docker", ["docker", "ps", "--format", "{{.Names}} {{.Status}}"]),
    ("curl", "/usr/bin/curl", ["curl", "-fsS", "https://example.com/health"]),
    ("python3", "/usr/bin/python3.11", ["python3", "/opt/scripts/backup.py", "--full"]),
    ("git", "/usr/bin/git", ["git", "pull", "--ff-only"]),
    ("id", "/usr/bin/id", ["id", "-u"]),
]

# execve inside containers besides the workload itself (health checks, entrypoints)
CONTAINER_EXECS = [
    ("sh", "/bin/sh", ["/bin/sh", "-c", "wget -q -O- http://localhost:8080/healthz || exit 1"]),
    ("wget", "/bin/busybox", ["wget", "-q", "-O-", "http://localhost:8080/healthz"]),
    ("pg_isready", "/usr/lib/postgresql/16/bin/pg_isready", ["pg_isready", "-U", "postgres"]),
    ("redis-cli", "/usr/local/bin/redis-cli", ["redis-cli", "ping"]),
    ("docker-entrypoi", "/usr/local/bin/docker-entrypoint.sh", ["/bin/sh", "/usr/local/bin/docker-entrypoint.sh"]),
]

# connect targets: family, hex sockaddr, enriched SADDR, exit
CONNECT_TARGETS = [
    ("0200" + "01BB" + "5DB8D822" + "0000000000000000", "{ saddr_fam=inet laddr=93.184.216.34 lport=443 }", "-115"),
    ("0200" + "0035" + "7F000035" + "0000000000000000", "{ saddr_fam=inet laddr=127.0.0.53 lport=53 }", "0"),
    ("0200" + "1538" + "0A000105" + "0000000000000000", "{ saddr_fam=inet laddr=10.0.1.5 lport=5432 }", "-115"),
    ("0A00" + "01BB" + "00000000" + "2606280000000000000000000000006C" + "00000000",
     "{ saddr_fam=inet6 laddr=2606:2800::6c lport=443 }", "-115"),
    ("0100" + hexenc("/run/systemd/journal/stdout") + "00",
     "{ saddr_fam=local path=/run/systemd/journal/stdout }", "0"),
]
CONNECT_ACTORS = [
    ("curl", "/usr/bin/curl", 1000, 1000, 3, "pts0", HOST_SUBJ_USER, ["curl", "-fsS", "https://example.com/health"]),
    ("apt-get", "/usr/bin/apt-get", 0, 1001, 7, "pts1", HOST_SUBJ_USER, ["apt-get", "update"]),
    ("dockerd", "/usr/bin/dockerd", 0, UNSET, UNSET, "(none)", "system_u:system_r:container_runtime_t:s0",
     ["/usr/bin/dockerd", "-H", "fd://", "--containerd=/run/containerd/containerd.sock"]),
    ("systemd-resolve", "/usr/lib/systemd/systemd-resolved", 101, UNSET, UNSET, "(none)",
     "system_u:system_r:systemd_resolved_t:s0", ["/lib/systemd/systemd-resolved"]),
]

# Container workloads: comm, exe, uid, argv
WORKLOADS = [
    ("nginx", "/usr/sbin/nginx", 0, ["nginx: master process nginx -g daemon off;"]),
    ("postgres", "/usr/lib/postgresql/16/bin/postgres", 999, ["postgres", "-D", "/var/lib/postgresql/data"]),
    ("redis-server", "/usr/local/bin/redis-server", 999, ["redis-server *:6379"]),
    ("node", "/usr/local/bin/node", 1000, ["node", "/app/server.js"]),
    ("python3", "/usr/local/bin/python3.12", 0, ["python3", "-m", "gunicorn", "app:app", "-b", "0.0.0.0:80"]),
    ("java", "/opt/java/openjdk/bin/java", 0, ["java", "-jar", "/app/app.jar"]),
    ("prometheus", "/bin/prometheus", 65534, ["/bin/prometheus", "--config.file=/etc/prometheus/prometheus.yml"]),
    ("sh", "/bin/busybox", 0, ["/bin/sh", "/entrypoint.sh"]),
]

# File / socket denials.  tcontext (full), tclass, perms, AVC extra fields fmt,
# syscall (name, nr, exit), path (for PATH), name, mode, ouid, records kind.
#   kind: "path" -> SYSCALL CWD PATH PROCTITLE ; "unix" -> SYSCALL SOCKADDR CWD PATH PROCTITLE
FILE_DENIALS = [
    ("read", "file", "unconfined_u:object_r:user_home_t:s0", "/data/config.yml", "config.yml",
     "dm-2", "0100644", 1000, ("openat", 257, "-13"), "path"),
    ("write", "dir", "unconfined_u:object_r:user_home_t:s0", "/data/uploads", "uploads",
     "dm-2", "040755", 1000, ("openat", 257, "-13"), "path"),
    ("read", "file", "system_u:object_r:var_t:s0", "/var/lib/app/state.db", "state.db",
     "dm-1", "0100600", 0, ("openat", 257, "-13"), "path"),
    ("getattr", "file", "system_u:object_r:var_t:s0", "/srv/data/index.html", "index.html",
     "dm-1", "0100644", 0, ("newfstatat", 262, "-13"), "path"),
    ("read", "file", "system_u:object_r:etc_t:s0", "/config/app.conf", "app.conf",
     "dm-0", "0100644", 0, ("openat", 257, "-13"), "path"),
    ("append", "file", "system_u:object_r:var_log_t:s0", "/var/log/app/access.log", "access.log",
     "dm-1", "0100640", 0, ("openat", 257, "-13"), "path"),
    ("search", "dir", "system_u:object_r:default_t:s0", "/srv/static", "static",
     "dm-0", "040755", 0, ("openat", 257, "-13"), "path"),
    ("write", "file", "system_u:object_r:sysctl_net_t:s0", "/proc/sys/net/ipv4/ip_forward", "ip_forward",
     "proc", "0100644", 0, ("openat", 257, "-13"), "path"),
    ("read write", "blk_file", "system_u:object_r:fixed_disk_device_t:s0", "/dev/sda", "sda",
     "devtmpfs", "060660", 0, ("openat", 257, "-13"), "path"),
    ("execute", "file", "unconfined_u:object_r:user_home_t:s0", "/data/bin/migrate", "migrate",
     "dm-2", "0100755", 1000, ("execve", 59, "-13"), "path"),
    ("write", "sock_file", "system_u:object_r:container_var_run_t:s0", "/var/run/docker.sock", "docker.sock",
     "tmpfs", "0140660", 0, ("connect", 42, "-13"), "unix"),
    ("connectto", "unix_stream_socket", "system_u:system_r:container_runtime_t:s0", "/run/docker.sock",
     None, None, "0140660", 0, ("connect", 42, "-13"), "unix"),
    ("read", "file", "system_u:object_r:cert_t:s0", "/etc/pki/tls/private/server.key", "server.key",
     "dm-0", "0100600", 0, ("openat", 257, "-13"), "path"),
    ("write", "dir", "system_u:object_r:tmp_t:s0", "/hosttmp", "hosttmp",
     "tmpfs", "041777", 0, ("mkdirat", 258, "-13"), "path"),
]

# Capability denials: perm, capnum, tclass, comm, exe, syscall(name, nr, exit), kind, argv, extra
#   kind: "none" -> SYSCALL PROCTITLE ; "bind" -> SYSCALL SOCKADDR PROCTITLE ;
#         "path" -> SYSCALL CWD PATH PROCTITLE (path in extra)
CAP_DENIALS = [
    ("net_bind_service", 10, "capability", "nginx", "/usr/sbin/nginx", ("bind", 49, "-13"), "bind",
     ["nginx: master process nginx -g daemon off;"], "0200005000000000" + "0000000000000000"),
    ("net_bind_service", 10, "capability", "node", "/usr/local/bin/node", ("bind", 49, "-13"), "bind",
     ["node", "/app/server.js"], "020001BB00000000" + "0000000000000000"),
    ("sys_module", 16, "capability", "ip", "/usr/sbin/ip", ("ioctl", 16, "-19"), "none",
     ["ip", "link", "add", "wg0", "type", "wireguard"], None),
    ("sys_admin", 21, "capability", "mount", "/usr/bin/mount", ("mount", 165, "-1"), "path",
     ["mount", "-t", "tmpfs", "tmpfs", "/mnt"], ("/mnt", "040755")),
    ("net_admin", 12, "capability", "iptables", "/usr/sbin/xtables-nft-multi", ("setsockopt", 54, "-1"), "none",
     ["iptables", "-t", "nat", "-A", "POSTROUTING", "-j", "MASQUERADE"], None),
    ("sys_ptrace", 19, "capability", "strace", "/usr/bin/strace", ("ptrace", 101, "-1"), "none",
     ["strace", "-p", "1"], None),
    ("sys_time", 25, "capability", "chronyd", "/usr/sbin/chronyd", ("clock_adjtime", 305, "-1"), "none",
     ["/usr/sbin/chronyd", "-d"], None),
    ("sys_chroot", 18, "capability", "chroot", "/usr/sbin/chroot", ("chroot", 161, "-1"), "path",
     ["chroot", "/build", "/bin/sh"], ("/build", "040755")),
    ("chown", 0, "capability", "chown", "/bin/chown", ("fchownat", 260, "-1"), "path",
     ["chown", "999:999", "/var/lib/postgresql/data"], ("/var/lib/postgresql/data", "040700")),
    ("dac_override", 1, "capability", "sh", "/bin/busybox", ("openat", 257, "-13"), "path",
     ["/bin/sh", "/entrypoint.sh"], ("/etc/shadow", "0100000")),
    ("mac_admin", 33, "capability2", "setfattr", "/usr/bin/setfattr", ("setxattr", 188, "-22"), "path",
     ["setfattr", "-n", "security.selinux", "-v", "foo_t", "/data/file"], ("/data/file", "0100644")),
    ("syslog", 34, "capability2", "dmesg", "/bin/dmesg", ("syslog", 103, "-1"), "none", ["dmesg"], None),
    ("bpf", 39, "capability2", "bpftool", "/usr/sbin/bpftool", ("bpf", 321, "-1"), "none",
     ["bpftool", "prog", "list"], None),
    ("sys_admin", 21, "cap_userns", "unshare", "/usr/bin/unshare", ("unshare", 272, "-1"), "none",
     ["unshare", "-m", "/bin/sh"], None),
    ("net_raw", 13, "cap_userns", "ping", "/bin/ping", ("socket", 41, "-1"), "none", ["ping", "-c1", "10.0.0.1"], None),
]

SECCOMP_SYSCALLS = [("clone", 56), ("keyctl", 250), ("unshare", 272), ("ptrace", 101),
                    ("mount", 165), ("personality", 135), ("add_key", 248)]

SSH_USERS = [("alice", 1000), ("bob", 1001), ("deploy", 1002), ("root", 0)]
SSH_ADDRS = ["10.0.0.21", "10.0.0.37", "192.0.2.10", "198.51.100.7", "203.0.113.44"]

ABEND_PROGS = [("python3", "/usr/bin/python3.11", 1000, 1000, 3, 11),
               ("node", "/usr/local/bin/node", 0, UNSET, UNSET, 6),
               ("java", "/opt/java/openjdk/bin/java", 0, UNSET, UNSET, 6),
               ("a.out", "/home/bob/a.out", 1001, 1001, 7, 11)]

# event kinds and weights (per mille)
K_HOSTFILE, K_EXEC, K_CONNECT, K_AVC, K_SECCOMP, K_USER, K_ABEND = range(7)
WEIGHTS = [(K_HOSTFILE, 500), (K_EXEC, 120), (K_CONNECT, 50), (K_AVC, 150),
           (K_SECCOMP, 30), (K_USER, 140), (K_ABEND, 10)]


def build_kind_table():
    table = []
    for k, w in WEIGHTS:
        table.extend([k] * w)
    assert len(table) == 1000
    return table


def syscall_enrich(scname, uid, auid, gid):
    u = uname(uid)
    g = uname(gid)
    return ('\x1dARCH=x86_64 SYSCALL=%s AUID="%s" UID="%s" GID="%s" EUID="%s" SUID="%s" '
            'FSUID="%s" EGID="%s" SGID="%s" FSGID="%s"' % (scname, uname(auid), u, g, u, u, u, g, g, g))


class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.enriched = args.enriched
        self.nodes = args.nodes
        self.rate = args.rate
        self.base_ms = args.start * 1000
        self.evidx = 0
        self.avc = 0
        self.kinds = build_kind_table()
        rng = self.rng
        if self.nodes > 0:
            self.prefixes = ["node=host%d type=" % (k + 1) for k in range(self.nodes)]
        else:
            self.prefixes = ["type="]
        self.serials = [rng.randrange(10000, 900000) for _ in range(max(1, self.nodes))]
        self._build_containers(args.containers)

    # -- containers -------------------------------------------------------
    def _build_containers(self, n):
        rng = self.rng
        seen = set()
        self.containers = []
        for i in range(n):
            while True:
                a, b = sorted(rng.sample(range(1024), 2))
                if (a, b) not in seen:
                    seen.add((a, b))
                    break
            ctx = "system_u:system_r:container_t:s0:c%d,c%d" % (a, b)
            wl = WORKLOADS[i % len(WORKLOADS)]
            nf = rng.randint(1, 4)
            nc = rng.randint(0, 3)
            files = rng.sample(range(len(FILE_DENIALS)), nf)
            caps = rng.sample(range(len(CAP_DENIALS)), nc)
            pid = rng.randrange(3000, 400000)
            self.containers.append((ctx, wl, files, caps, pid))

    # -- helpers ------------------------------------------------------------
    def a1(self):
        return "%x" % (0x7ffc00000000 | self.rng.getrandbits(32))

    def sysrec(self, scname, nr, success, exitv, a0, items, ppid, pid, uid, auid, ses, tty, comm, exe,
               subj, key, gid=None):
        if gid is None:
            gid = uid
        body = ('arch=%s syscall=%d success=%s exit=%s a0=%s a1=%s a2=%x a3=%x items=%d ppid=%d pid=%d '
                'auid=%d uid=%d gid=%d euid=%d suid=%d fsuid=%d egid=%d sgid=%d fsgid=%d tty=%s ses=%d '
                'comm="%s" exe="%s" subj=%s key=%s'
                % (ARCH, nr, success, exitv, a0, self.a1(), self.rng.getrandbits(10), 0, items, ppid, pid,
                   auid, uid, gid, uid, uid, uid, gid, gid, gid, tty, ses, comm, exe, subj, key))
        if self.enriched:
            body += syscall_enrich(scname, uid, auid, gid)
        return ("SYSCALL", body)

    def pathrec(self, item, name, inode, dev, mode, ouid, ogid, obj, nametype):
        body = ('item=%d name="%s" inode=%d dev=%s mode=%s ouid=%d ogid=%d rdev=00:00 obj=%s '
                'nametype=%s cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0'
                % (item, name, inode, dev, mode, ouid, ogid, obj, nametype))
        if self.enriched:
            body += '\x1dOUID="%s" OGID="%s"' % (uname(ouid), uname(ogid))
        return ("PATH", body)

    def sockrec(self, hexaddr, enr):
        body = "saddr=" + hexaddr
        if self.enriched:
            body += "\x1dSADDR=" + enr
        return ("SOCKADDR", body)

    # -- event generators: each returns a list of (type, body) ---------------
    def ev_hostfile(self):
        rng = self.rng
        comm, exe, uid, auid, ses, tty, subj, argv = rng.choice(HOST_ACTORS)
        path, ino, dev, mode, ouid, ogid, otype, key = rng.choice(HOST_FILES)
        scname, nr, succ, exitv, kind = rng.choice(HOST_SYSCALLS)
        pid = rng.randrange(1000, 300000)
        obj = "system_u:object_r:%s:s0" % otype
        recs = []
        items = 1 if kind == "normal" else 2
        recs.append(self.sysrec(scname, nr, succ, exitv, "ffffff9c", items, rng.randrange(1, 5000), pid,
                                uid, auid, ses, tty, comm, exe, subj, '"%s"' % key))
        recs.append(("CWD", 'cwd="%s"' % rng.choice(HOST_CWDS)))
        if kind == "normal":
            recs.append(self.pathrec(0, path, ino, dev, mode, ouid, ogid, obj, "NORMAL"))
        else:
            parent = path.rsplit("/", 1)[0] or "/"
            recs.append(self.pathrec(0, parent + "/", ino - 17, dev, "040755", 0, 0,
                                     "system_u:object_r:etc_t:s0", "PARENT"))
            recs.append(self.pathrec(1, path, ino, dev, mode, ouid, ogid, obj,
                                     "DELETE" if kind == "delete" else "CREATE"))
        recs.append(("PROCTITLE", "proctitle=" + proctitle(argv)))
        return recs

    def ev_exec(self):
        rng = self.rng
        if rng.random() < 0.25:
            # inside a container: the workload itself or its health check
            ctx, wl, _, _, cpid = rng.choice(self.containers)
            if rng.random() < 0.5:
                comm, exe, _, argv = wl
            else:
                comm, exe, argv = rng.choice(CONTAINER_EXECS)
            uid, auid, ses, tty, subj, cwd = wl[2], UNSET, UNSET, "(none)", ctx, "/"
            ppid = cpid
        else:
            comm, exe, argv = rng.choice(EXEC_PROGS)
            actor = rng.choice(HOST_ACTORS)
            uid, auid, ses, tty, subj = actor[2], actor[3], actor[4], actor[5], actor[6]
            cwd = rng.choice(HOST_CWDS)
            ppid = rng.randrange(1000, 300000)
        pid = rng.randrange(1000, 400000)
        recs = [self.sysrec("execve", 59, "yes", "0", "55d0%08x" % rng.getrandbits(32), 2, ppid, pid,
                            uid, auid, ses, tty, comm, exe, subj, '"exec"'),
                ("EXECVE", execve_args(argv)),
                ("CWD", 'cwd="%s"' % cwd),
                self.pathrec(0, exe, 1048576 + (zlib.crc32(exe.encode()) & 0xffff), "fd:00", "0100755", 0, 0,
                             "system_u:object_r:bin_t:s0", "NORMAL"),
                self.pathrec(1, "/lib64/ld-linux-x86-64.so.2", 1050702, "fd:00", "0100755", 0, 0,
                             "system_u:object_r:ld_so_t:s0", "NORMAL"),
                ("PROCTITLE", "proctitle=" + proctitle(argv))]
        return recs

    def ev_connect(self):
        rng = self.rng
        comm, exe, uid, auid, ses, tty, subj, argv = rng.choice(CONNECT_ACTORS)
        hexaddr, enr, exitv = rng.choice(CONNECT_TARGETS)
        succ = "yes" if exitv == "0" else "no"
        return [self.sysrec("connect", 42, succ, exitv, "%x" % rng.randrange(3, 40), 0,
                            rng.randrange(1000, 300000), rng.randrange(1000, 300000), uid, auid, ses, tty,
                            comm, exe, subj, '"netconn"'),
                self.sockrec(hexaddr, enr),
                ("PROCTITLE", "proctitle=" + proctitle(argv))]

    def ev_avc(self):
        rng = self.rng
        ctx, wl, files, caps, cpid = rng.choice(self.containers)
        pid = cpid + rng.randrange(0, 64)
        use_cap = caps and (not files or rng.random() < 0.5)
        if use_cap:
            perm, capnum, tclass, comm, exe, (scname, nr, exitv), kind, argv, extra = CAP_DENIALS[rng.choice(caps)]
            avc = ('avc:  denied  { %s } for  pid=%d comm="%s" capability=%d  scontext=%s tcontext=%s '
                   'tclass=%s permissive=0' % (perm, pid, comm, capnum, ctx, ctx, tclass))
            uid = 0
            recs = []
            if capnum == 1 and rng.random() < 0.4:
                # a read that needs DAC bypass asks for dac_read_search first, then dac_override
                # (fs/namei.c generic_permission); both are denied in one event
                recs.append(("AVC", 'avc:  denied  { dac_read_search } for  pid=%d comm="%s" capability=2  '
                                    'scontext=%s tcontext=%s tclass=%s permissive=0'
                                    % (pid, comm, ctx, ctx, tclass)))
                self.avc += 1
            recs.append(("AVC", avc))
            a0 = "3" if kind == "bind" else "ffffff9c" if kind == "path" else "0"
            recs.append(self.sysrec(scname, nr, "no", exitv, a0, 1 if kind == "path" else 0, cpid, pid, uid,
                                    UNSET, UNSET, "(none)", comm, exe, ctx, "(null)"))
            if kind == "bind":
                port = int(extra[4:8], 16)
                recs.append(self.sockrec(extra, "{ saddr_fam=inet laddr=0.0.0.0 lport=%d }" % port))
            elif kind == "path":
                p, mode = extra
                recs.append(("CWD", 'cwd="/"'))
                recs.append(self.pathrec(0, p, 100000 + (zlib.crc32(p.encode()) & 0xffff), "00:%02x" % (0x30 + (cpid & 0xf)),
                                         mode, 0, 0, "system_u:object_r:container_file_t:s0:" + ctx.rsplit(":", 1)[1],
                                         "NORMAL"))
            recs.append(("PROCTITLE", "proctitle=" + proctitle(argv)))
            self.avc += 1
            return recs
        comm, exe, uid, argv = wl
        (perm, tclass, tctx, path, name, dev, mode, ouid, (scname, nr, exitv), kind) = FILE_DENIALS[rng.choice(files)]
        ino = 200000 + (zlib.crc32(path.encode()) & 0xfffff)
        if name is None:
            avc = ('avc:  denied  { %s } for  pid=%d comm="%s" path="%s" scontext=%s tcontext=%s '
                   'tclass=%s permissive=0' % (perm, pid, comm, path, ctx, tctx, tclass))
        else:
            avc = ('avc:  denied  { %s } for  pid=%d comm="%s" name="%s" dev="%s" ino=%d scontext=%s '
                   'tcontext=%s tclass=%s permissive=0' % (perm, pid, comm, name, dev, ino, ctx, tctx, tclass))
        recs = [("AVC", avc)]
        self.avc += 1
        a0 = "55d0%08x" % rng.getrandbits(32) if nr == 59 else "ffffff9c" if kind == "path" else "5"
        recs.append(self.sysrec(scname, nr, "no", exitv, a0, 1, cpid, pid,
                                uid, UNSET, UNSET, "(none)", comm, exe, ctx, "(null)"))
        if kind == "unix":
            recs.append(self.sockrec("0100" + hexenc(path) + "00", "{ saddr_fam=local path=%s }" % path))
        recs.append(("CWD", 'cwd="/"'))
        recs.append(self.pathrec(0, path, ino, "fd:02", mode, ouid, ouid, tctx, "NORMAL"))
        recs.append(("PROCTITLE", "proctitle=" + proctitle(argv)))
        return recs

    def ev_seccomp(self):
        rng = self.rng
        ctx, wl, _, _, cpid = rng.choice(self.containers)
        comm, exe, uid, _ = wl
        scname, nr = rng.choice(SECCOMP_SYSCALLS)
        if rng.random() < 0.3:
            sig, code = 31, "0x80000000"
        else:
            sig, code = 0, "0x7ffc0000"
        body = ('auid=%d uid=%d gid=%d ses=%d subj=%s pid=%d comm="%s" exe="%s" sig=%d arch=%s syscall=%d '
                'compat=0 ip=0x7f%010x code=%s'
                % (UNSET, uid, uid, UNSET, ctx, cpid + rng.randrange(0, 64), comm, exe, sig, ARCH, nr,
                   rng.getrandbits(36), code))
        if self.enriched:
            body += '\x1dAUID="unset" UID="%s" GID="%s" ARCH=x86_64 SYSCALL=%s' % (uname(uid), uname(uid), scname)
        return [("SECCOMP", body)]

    def ev_user(self):
        rng = self.rng
        user, uid = rng.choice(SSH_USERS)
        addr = rng.choice(SSH_ADDRS)
        pid = rng.randrange(1000, 300000)
        ses = 1 + (uid * 7 + len(addr)) % 97
        r = rng.random()
        res = "success" if rng.random() < 0.93 else "failed"
        if r < 0.3:
            t = "USER_LOGIN"
            msg = ("op=login id=%d exe=\"/usr/sbin/sshd\" hostname=? addr=%s terminal=/dev/pts/%d res=%s"
                   % (uid, addr, ses % 8, res))
            enr = 'UID="root" AUID="%s" ID="%s"' % (user, user)
            auid = uid
        elif r < 0.6:
            t = "USER_START"
            msg = ("op=PAM:session_open grantors=pam_selinux,pam_loginuid,pam_keyinit,pam_limits,pam_systemd,"
                   "pam_unix acct=\"%s\" exe=\"/usr/sbin/sshd\" hostname=%s addr=%s terminal=ssh res=%s"
                   % (user, addr, addr, res))
            enr = 'UID="root" AUID="%s"' % user
            auid = uid
        elif r < 0.9:
            t = "CRED_ACQ"
            msg = ("op=PAM:setcred grantors=pam_env,pam_unix acct=\"%s\" exe=\"/usr/sbin/sshd\" hostname=%s "
                   "addr=%s terminal=ssh res=%s" % (user, addr, addr, res))
            enr = 'UID="root" AUID="unset"'
            auid = UNSET
        elif r < 0.95:
            t = "USER_END"
            msg = ("op=PAM:session_close grantors=pam_selinux,pam_loginuid,pam_keyinit,pam_limits,pam_systemd,"
                   "pam_unix acct=\"%s\" exe=\"/usr/sbin/sshd\" hostname=%s addr=%s terminal=ssh res=success"
                   % (user, addr, addr))
            enr = 'UID="root" AUID="%s"' % user
            auid = uid
        else:
            t = "CRED_DISP"
            msg = ("op=PAM:setcred grantors=pam_env,pam_unix acct=\"%s\" exe=\"/usr/sbin/sshd\" hostname=%s "
                   "addr=%s terminal=ssh res=success" % (user, addr, addr))
            enr = 'UID="root" AUID="%s"' % user
            auid = uid
        sesv = ses if auid != UNSET else UNSET
        body = "pid=%d uid=0 auid=%d ses=%d subj=%s msg='%s'" % (pid, auid, sesv, SSHD_SUBJ, msg)
        if self.enriched:
            body += "\x1d" + enr
        return [(t, body)]

    def ev_abend(self):
        rng = self.rng
        comm, exe, uid, auid, ses, sig = rng.choice(ABEND_PROGS)
        subj = HOST_SUBJ_USER if auid != UNSET else "system_u:system_r:unconfined_service_t:s0"
        body = ('auid=%d uid=%d gid=%d ses=%d subj=%s pid=%d comm="%s" exe="%s" sig=%d res=1'
                % (auid, uid, uid, ses, subj, rng.randrange(1000, 300000), comm, exe, sig))
        if self.enriched:
            body += '\x1dAUID="%s" UID="%s" GID="%s"' % (uname(auid), uname(uid), uname(uid))
        return [("ANOM_ABEND", body)]

    # -- one event: list of full lines ----------------------------------------
    def event(self):
        rng = self.rng
        k = self.kinds[rng.randrange(1000)]
        if k == K_HOSTFILE:
            recs = self.ev_hostfile()
        elif k == K_EXEC:
            recs = self.ev_exec()
        elif k == K_CONNECT:
            recs = self.ev_connect()
        elif k == K_AVC:
            recs = self.ev_avc()
        elif k == K_SECCOMP:
            recs = self.ev_seccomp()
        elif k == K_USER:
            recs = self.ev_user()
        else:
            recs = self.ev_abend()
        ms = self.base_ms + (self.evidx * 1000) // self.rate
        self.evidx += 1
        node = rng.randrange(self.nodes) if self.nodes > 1 else 0
        # serials skip numbers now and then (events the rules filtered out)
        self.serials[node] += 1 if rng.random() < 0.8 else rng.randrange(2, 6)
        hdr = " msg=audit(%d.%03d:%d): " % (ms // 1000, ms % 1000, self.serials[node])
        pre = self.prefixes[node]
        return [pre + t + hdr + body + "\n" for t, body in recs]


def riffle(rng, a, b):
    """Merge two events' record lists, keeping each one's internal order, so
    that at least one record of one event lies between two records of the
    other.  Returns None when both events are single records."""
    if len(a) == 1 and len(b) == 1:
        return None
    if len(a) == 1:
        k = rng.randrange(1, len(b))
        return b[:k] + a + b[k:]
    out = [a[0], b[0]]
    i, j = 1, 1
    while i < len(a) and j < len(b):
        if rng.random() < 0.5:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    out.extend(a[i:])
    out.extend(b[j:])
    return out


def main():
    ap = argparse.ArgumentParser(description="Generate a synthetic, kernel-faithful audit log.")
    ap.add_argument("out", help="output file")
    ap.add_argument("size_mb", type=float, help="approximate size in MiB")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nodes", type=int, default=0, help="number of node=hostK prefixes (0 = none)")
    ap.add_argument("--enriched", action="store_true", help="auditd ENRICHED format (0x1d + names)")
    ap.add_argument("--containers", type=int, default=40)
    ap.add_argument("--rate", type=int, default=2000, help="events per second in the whole file")
    ap.add_argument("--start", type=int, default=1735689600, help="first timestamp (epoch seconds)")
    args = ap.parse_args()
    if args.nodes < 0 or args.containers < 1 or args.rate < 1 or args.size_mb <= 0:
        ap.error("--nodes >= 0, --containers >= 1, --rate >= 1 and SIZE_MB > 0 required")
    if args.containers > 500000:
        ap.error("--containers too large (distinct MCS pairs)")

    t0 = time.time()
    g = Gen(args)
    rng = g.rng
    target = int(args.size_mb * 1024 * 1024)
    written = 0
    lines = 0
    events = 0
    interleaved = 0
    buf = []
    bufbytes = 0
    CHUNK = 8 << 20
    with open(args.out, "w", encoding="ascii", newline="\n") as f:
        while written + bufbytes < target:
            ev = g.event()
            events += 1
            if rng.random() < 0.05:
                ev2 = g.event()
                events += 1
                merged = riffle(rng, ev, ev2)
                if merged is None:
                    ev = ev + ev2
                else:
                    ev = merged
                    interleaved += 1
            lines += len(ev)
            s = "".join(ev)
            buf.append(s)
            bufbytes += len(s)
            if bufbytes >= CHUNK:
                f.write("".join(buf))
                written += bufbytes
                buf = []
                bufbytes = 0
        if buf:
            f.write("".join(buf))
            written += bufbytes
    dt = time.time() - t0
    sys.stderr.write("%s: %d bytes (%.1f MiB), %d lines, %d events, %d AVC records, "
                     "%d interleaved event pairs, %d containers, %.1f s\n"
                     % (args.out, written, written / 1048576.0, lines, events, g.avc, interleaved,
                        len(g.containers), dt))


if __name__ == "__main__":
    main()
