#!/usr/bin/env python3
"""Checks the declared minimum Rust version against what the locked dependency graph needs.

The machine has one toolchain, so the MSRV cannot be proven by compiling with it. What can be checked: every package
in Cargo.lock that the published crates use declares a `rust-version` no newer than ours (a dependency that needs a
newer compiler would break users on our MSRV), and every published crate inherits the workspace's `rust-version`.
Exit 1 with the offending packages named otherwise.
"""
import json
import subprocess
import sys

PUBLISHED = {"bandwidth-messaging", "bandwidth-messaging-macros", "bandwidth-messaging-macros-impl", "bandwidth-sandbox"}


def parse(v):
    return tuple(int(p) for p in v.split(".")) + (0,) * (3 - len(v.split(".")))


def main():
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--locked", "--format-version", "1"], text=True))
    by_id = {p["id"]: p for p in meta["packages"]}
    ours = {p["name"]: p for p in meta["packages"] if p["id"] in meta["workspace_members"]}
    problems = []
    msrv = None
    for name in sorted(PUBLISHED):
        rv = ours[name].get("rust_version")
        if rv is None:
            problems.append(f"{name} declares no rust-version")
        elif msrv is None or parse(rv) != msrv:
            if msrv is not None:
                problems.append(f"{name} declares rust-version {rv}, others {'.'.join(map(str, msrv))}")
            msrv = parse(rv)
    # Normal (non-dev) dependency closure of the published crates, all features as resolved.
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    seen, stack = set(), [ours[n]["id"] for n in PUBLISHED]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
                stack.append(dep["pkg"])
    checked = 0
    for pid in sorted(seen):
        pkg = by_id[pid]
        rv = pkg.get("rust_version")
        checked += 1
        if rv and msrv and parse(rv) > msrv:
            problems.append(f"{pkg['name']} {pkg['version']} needs Rust {rv} (> {'.'.join(map(str, msrv))})")
    for p in problems:
        print("msrv:", p)
    print(f"msrv: {checked} packages in the published crates' dependency graph checked against "
          f"rust-version {'.'.join(map(str, msrv or ()))}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
