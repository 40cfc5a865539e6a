#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds tests/layout/prog under ept with flexcc, as make would (-c per file,
then a link), against a loopback stand-in for the ept runtime, and checks the
image: it runs and prints the expected output (each compartment's malloc
served by its own heap), every compartment's data ranges are page-aligned and
disjoint, and every global, constant, literal pointer and static local of a
compartment lies in that compartment's ranges and in no other's nor in the
shared ones (DESIGN.md section 6, docs/memory-layout.md). (Every corpus
program runs through the ept and mpk stubs in the corpus's loopback tests.)"""
import argparse
import os
import re
import shutil
import subprocess
import sys

COMPARTMENTS = {"main": "app", "io": "net", "db": "store"}  # comp -> prefix
KINDS = ("rodata", "data", "bss")
EXPECTED = ("heaps: main 0, io 1, db 2\na literal of app 8 1\n"
            "shared heap: 1 1\nshared literals: 1 1\n")


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if proc.returncode != 0:
        sys.exit("FAIL: %s\n%s%s" % (" ".join(cmd), proc.stdout, proc.stderr))
    return proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--loopback-dir", required=True,
                    help="where tests/loopback built libflexcc-ept.a")
    ap.add_argument("--linker", default="bfd", choices=["bfd", "lld"])
    a = ap.parse_args()
    a.flexcc = os.path.abspath(a.flexcc)
    if a.linker == "lld" and not shutil.which("ld.lld"):
        print("SKIP: no ld.lld")
        return 77
    here = os.path.dirname(os.path.abspath(__file__))
    prog = os.path.join(here, "prog")
    work = os.path.abspath(a.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    common = [a.flexcc, "--config", os.path.join(prog, "flexcc.yaml"),
              "--mechanism=ept", "--runtime-dir", os.path.abspath(a.loopback_dir)]
    objects = []
    for src in ("app/main.c", "net/net.c", "store/store.c"):
        obj = os.path.join(work, os.path.basename(src) + ".o")
        run(common + ["-O1", "-c", os.path.join(prog, src), "-o", obj])
        objects.append(obj)
    image = os.path.join(work, "layout")
    run(common + ["-fuse-ld=" + a.linker] + objects + ["-o", image])

    out = run([image])
    if out != EXPECTED:
        sys.exit("FAIL: the image printed:\n%s\nexpected:\n%s" % (out, EXPECTED))

    syms = {}
    for line in run(["nm", image]).splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    ranges = []  # (owner, kind, start, end)
    for owner in list(COMPARTMENTS) + ["shared"]:
        for kind in KINDS:
            base = "__flexos_%s_%s" % (owner, kind)
            if base + "_start" not in syms or base + "_end" not in syms:
                sys.exit("FAIL: %s_start/_end missing from the image" % base)
            start, end = syms[base + "_start"], syms[base + "_end"]
            if start % 4096 or end % 4096 or end < start:
                sys.exit("FAIL: %s is [%#x, %#x), not page-aligned" %
                         (base, start, end))
            ranges.append((owner, kind, start, end))
    nonempty = [r for r in ranges if r[3] > r[2]]
    for i, x in enumerate(nonempty):
        for y in nonempty[i + 1:]:
            if x[2] < y[3] and y[2] < x[3]:
                sys.exit("FAIL: %s %s and %s %s overlap" % (x[0], x[1], y[0], y[1]))

    checked = 0
    for comp, prefix in COMPARTMENTS.items():
        names = [prefix + s for s in ("_data", "_bss", "_ro", "_str")]
        # A static local: 'net_work.net_calls' (clang) or 'net_calls.0' (gcc).
        names += [n for n in syms if re.fullmatch(
            r"(\w+\.)?%s_calls(\.\d+)?" % prefix, n)][:1]
        if len(names) != 5:
            sys.exit("FAIL: the static local of %s is not in the image" % prefix)
        for name in names:
            if name not in syms:
                sys.exit("FAIL: %s missing from the image" % name)
            addr = syms[name]
            homes = [r for r in ranges if r[2] <= addr < r[3]]
            if len(homes) != 1 or homes[0][0] != comp:
                sys.exit("FAIL: %s (%#x) lies in %s, not only in compartment %s"
                         % (name, addr, [h[:2] for h in homes] or "no range", comp))
            print("ok: %-22s %#10x in %s.%s" % (name, addr, comp, homes[0][1]))
            checked += 1
    print("PASS: %d symbols in their compartments' ranges (%s)" % (checked, a.linker))

    return 0


if __name__ == "__main__":
    sys.exit(main())
