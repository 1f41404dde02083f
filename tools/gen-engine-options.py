#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate src/knowledge/engine_options.c: the options of `docker run` and `podman run` (and the
engines' global options), read from the engines' own flag definitions at each release listed
below, so that leastpriv's run-line parser knows, for every option of every release, whether it
takes a value.

Usage: gen-engine-options.py PODMAN_GIT_DIR DOCKER_CLI_GIT_DIR > src/knowledge/engine_options.c &&
       clang-format -i src/knowledge/engine_options.c

The inputs are git repositories of containers/podman and docker/cli (any clone with the tags);
only `git show TAG:FILE` is used.  Facts are read from pflag definitions in Go source:
  flags.XVar(&v, NAME, default, usage)    flags.XVarP(&v, NAME, SHORT, default, usage)
  flags.X(NAME, default, usage)           flags.XP(NAME, SHORT, default, usage)
  flags.Var(value, NAME, usage)           flags.VarP / VarPF(value, NAME, SHORT, usage)
A Bool* option takes no value (pflag reads "--flag=false" only in the attached form); every
other one takes one, unless NoOptDefVal is set on it.  NAME may be a string literal or a
variable assigned one in the same file.  podman's DefineCreateFlags is read with mode =
CreateMode (the blocks for other modes are left out), and its alias table (AliasFlags) adds
the old spellings.  cobra adds --help (and, to the root command, -v/--version) itself.
"""
import re
import subprocess
import sys

PODMAN_TAGS = ["v4.3.1", "v4.9.5", "v5.0.0", "v5.2.0", "v5.4.0", "v5.6.0", "v5.8.2"]
DOCKER_TAGS = ["v20.10.24", "v23.0.0", "v24.0.0", "v25.0.0", "v26.1.0", "v27.0.1", "v28.2.2",
               "v29.7.2"]
PODMAN_RUN = ["cmd/podman/common/create.go", "cmd/podman/common/netflags.go",
              "cmd/podman/containers/run.go"]
PODMAN_GLOBAL = ["cmd/podman/root.go"]
PODMAN_ALIAS = "cmd/podman/utils/alias.go"
DOCKER_RUN = ["cli/command/container/run.go", "cli/command/container/opts.go"]
DOCKER_GLOBAL = ["cli/flags/common.go", "cli/flags/options.go"]
# pflag helpers in other files that the run command calls (docker): name, value.
DOCKER_RUN_EXTRA = {"AddPlatformFlag": ("platform", True),
                    "AddTrustVerificationFlags": ("disable-content-trust", False)}

METHOD = re.compile(
    r"(?P<recv>\b\w+\.(?:Flags|PersistentFlags|LocalFlags)\(\)|\b\w*[fF]lags)\."
    r"(?P<m>(?:String|StringSlice|StringArray|StringToString|Bool|BoolSlice|Int|Int8|Int16|Int32|"
    r"Int64|IntSlice|Uint|Uint8|Uint16|Uint32|Uint64|UintSlice|Float32|Float64|Duration|Count|"
    r"IP|IPSlice|IPNet|IPMask|BytesHex|BytesBase64)?(?:Var)?P?F?)\(")


def git_show(repo, tag, path):
    r = subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], capture_output=True,
                       text=True)
    return r.stdout if r.returncode == 0 else None


def strip_comments(src):
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "\"'`":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" and c != "`" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(src, start):
    """The top-level arguments of the call whose '(' is at src[start - 1]."""
    args, depth, cur, i = [], 0, [], start
    while i < len(src):
        c = src[i]
        if c in "\"'`":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" and c != "`" else 1
            cur.append(src[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append("".join(cur).strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args


def mode_value(cond):
    """True or False for a condition on podman's mode alone, evaluated for CreateMode; None for
    any other condition (whose blocks are read whatever it says)."""
    if cond is None:
        return None
    expr = cond.replace("entities.", "").replace("||", " or ").replace("&&", " and ")
    expr = expr.replace("!=", " <> ").replace("!", " not ").replace(" <> ", " != ")
    expr = re.sub(r"\b([A-Z]\w*Mode)\b", r"'\1'", expr)
    expr = re.sub(r"\bmode\b", "'CreateMode'", expr)
    if not re.fullmatch(r"[\s()'A-Za-z=!]*", expr) or re.search(r"\b(?!or\b|and\b|not\b)[a-z]\w*",
                                                              expr.replace("'", " ' ")):
        return None
    try:
        return bool(eval(expr))
    except Exception:
        return None


def mode_excluded(src, pos):
    """Whether the definition at @pos sits in a block of DefineCreateFlags that CreateMode skips."""
    stack, closed = [], None
    token = re.compile(r"\}\s*else\s+if\s+([^{\n]*)\{|\}\s*else\s*\{|\bif\s+([^{\n]*)\{|\{|\}")
    for m in token.finditer(src, 0, pos):
        t = m.group(0)
        if t.startswith("}") and "else" in t:
            closed = stack.pop() if stack else None
            prev = mode_value(closed)
            if m.group(1) is not None:
                now = mode_value(m.group(1))
                stack.append("true" if prev is False and now is not False else
                             "false" if prev is True or now is False else None)
            else:
                stack.append("false" if prev is True else "true" if prev is False else None)
        elif t.startswith("if"):
            stack.append(m.group(2))
        elif t == "{":
            stack.append(None)
        elif stack:
            closed = stack.pop()
    return any(c == "false" or mode_value(c) is False for c in stack if c not in (None, "true"))


def flags_of(src, create_modes=False, persistent_only=False):
    """{name: (short, takes_value)} of the pflag definitions in Go source @src (with
    @persistent_only, only those of a command's persistent flags, which its subcommands take
    too: podman's root defines them on pFlags := cmd.PersistentFlags())."""
    src = strip_comments(src)
    # A variable may be assigned a name per mode (entrypoint / infra-command): keep them all,
    # with where they are assigned.
    assigned = {}
    for m in re.finditer(r"\b(\w+)\s*:?=\s*\"([a-z0-9][a-z0-9-]*)\"", src):
        assigned.setdefault(m.group(1), []).append((m.start(), m.group(2)))
    for m in re.finditer(r"\bconst\s+(\w+)\s*=\s*\"([a-z0-9][a-z0-9-]*)\"", src):
        assigned.setdefault(m.group(1), []).append((m.start(), m.group(2)))

    def names_of(arg):
        arg = arg.strip()
        if len(arg) >= 2 and arg[0] == arg[-1] == '"':
            return [arg[1:-1]]
        return [n for pos, n in assigned.get(arg, [])
                if not (create_modes and mode_excluded(src, pos))]

    out = {}
    for m in METHOD.finditer(src):
        meth = m.group("m")
        if persistent_only and m.group("recv") not in ("pFlags",) and \
                "PersistentFlags()" not in m.group("recv"):
            continue
        args = split_args(src, m.end())
        if create_modes and mode_excluded(src, m.start()):
            continue
        base = re.sub(r"(Var)?P?F?$", "", meth)
        has_var = "Var" in meth[len(base):] or base == ""
        has_short = meth.endswith("P") or meth.endswith("PF")
        idx = 1 if has_var else 0
        if len(args) <= idx:
            continue
        short = names_of(args[idx + 1]) if has_short and len(args) > idx + 1 else [""]
        takes = not base.startswith("Bool") and base != "Count"
        for name in names_of(args[idx]):
            out[name] = ((short or [""])[0], takes)
    # podman's optional booleans: --flag alone, or --flag=false (pflag's NoOptDefVal).
    for m in re.finditer(r"\bOptionalBoolFlag\(", src):
        args = split_args(src, m.end())
        if len(args) >= 3 and not (create_modes and mode_excluded(src, m.start())):
            for name in names_of(args[2]):
                out[name] = ("", False)
    for m in re.finditer(r"Lookup\(\s*([^)]*)\)\.NoOptDefVal\s*=", src):
        for name in names_of(m.group(1)):
            if name in out:
                out[name] = (out[name][0], False)
    return out


def aliases_of(src):
    return re.findall(r'case\s+"([a-z0-9-]+)":\s*name\s*=\s*"([a-z0-9-]+)"', src or "")


def collect(repo, tags, files, create_modes=False, alias_file=None, extra=None, cobra=None,
            persistent_only=False):
    """{name: {"short": s, "value": bool, "tags": [tag, ...]}} over @tags."""
    table = {}
    for tag in tags:
        seen = {}
        for f in files:
            src = git_show(repo, tag, f)
            if src is None:
                continue
            seen.update(flags_of(src, create_modes and f.endswith("create.go"), persistent_only))
            for fn, (name, takes) in (extra or {}).items():
                if re.search(r"\b" + fn + r"\(", src):
                    seen[name] = ("", takes)
        if alias_file:
            for old, new in aliases_of(git_show(repo, tag, alias_file)):
                if new in seen:
                    seen[old] = seen[new]
        if not seen and not persistent_only:
            sys.exit(f"no flags found at {tag}: wrong repository?")
        for name, short in (cobra or {}).items():
            seen.setdefault(name, (short, False))
        for name, (short, takes) in seen.items():
            e = table.setdefault(name, {"short": short, "value": takes, "tags": []})
            if e["value"] != takes:
                sys.exit(f"{name} takes a value in some releases and not in others")
            e["short"] = e["short"] or short
            e["tags"].append(tag)
    return table


def emit(name, table, tags):
    print(f"const struct engine_option {name}[] = {{")
    for opt in sorted(table):
        e = table[opt]
        first, last = tags.index(e["tags"][0]), tags.index(e["tags"][-1])
        short = f"'{e['short']}'" if e["short"] else "0"
        print(f'\t{{ "{opt}", {short}, {"true" if e["value"] else "false"}, {first}, {last} }},')
    print("};")
    print(f"const size_t {name}_count = ARRAY_SIZE({name});")
    print()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    podman, docker = sys.argv[1], sys.argv[2]
    print("/* SPDX-License-Identifier: GPL-2.0-or-later */")
    print("/* Generated by tools/gen-engine-options.py from the engines' flag definitions: do")
    print(" * not edit.  Releases read: podman " + ", ".join(PODMAN_TAGS) + ";")
    print(" * docker CLI " + ", ".join(DOCKER_TAGS) + ". */")
    print('#include "leastpriv/knowledge/engine_options.h"')
    print('#include "leastpriv/base/util.h"')
    print()
    for engine, tags in (("podman", PODMAN_TAGS), ("docker", DOCKER_TAGS)):
        print(f"const char *const engine_{engine}_releases[] = {{ " +
              ", ".join(f'"{t[1:]}"' for t in tags) + " };")
        print(f'const char engine_{engine}_span[] = "{engine} {tags[0][1:]} to {tags[-1][1:]}";')
    print()
    sub = {"help": ""}  # -h is --hostname for run
    root = {"help": "h", "version": "v"}
    emit("engine_podman_run", collect(podman, PODMAN_TAGS, PODMAN_RUN, True, PODMAN_ALIAS,
                                      cobra=sub), PODMAN_TAGS)
    emit("engine_podman_global", collect(podman, PODMAN_TAGS, PODMAN_GLOBAL, cobra=root),
         PODMAN_TAGS)
    # podman's persistent options are taken after "run" too (Quadlet puts some there).
    emit("engine_podman_persistent", collect(podman, PODMAN_TAGS, PODMAN_GLOBAL,
                                             persistent_only=True), PODMAN_TAGS)
    emit("engine_docker_run", collect(docker, DOCKER_TAGS, DOCKER_RUN, extra=DOCKER_RUN_EXTRA,
                                      cobra=sub), DOCKER_TAGS)
    emit("engine_docker_global", collect(docker, DOCKER_TAGS, DOCKER_GLOBAL, cobra=root),
         DOCKER_TAGS)


if __name__ == "__main__":
    main()
