#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The 'none' build of an annotated program has the same machine code as the
unannotated program (DESIGN.md section 5).

For each source of the demo, compiles, at each optimisation level:
  unannotated  the source with every gate written as the plain call it
               stands for (derived here by text substitution, independently
               of flexcc), by the real compiler;
  plain        the annotated source by the real compiler, without flexcc
               (flexos.h in plain mode);
  flexcc       the annotated source by 'flexcc --mechanism=none -c'.
and requires `objdump -d -r` of the three objects to be identical (the code
bytes, the instructions and the relocations, so every call goes to the same
symbol).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

GATE = re.compile(r"flexos_gate\(\s*(?:lib)?\w+\s*,\s*(\w+)\s*(,\s*)?")


def unannotate(text):
    # flexos_gate(libX, f, a, b) -> f(a, b); flexos_gate(libX, f) -> f()
    return GATE.sub(lambda m: m.group(1) + "(", text)


def disassemble(objdump, obj):
    out = subprocess.run([objdump, "-d", "-r", obj], capture_output=True,
                         text=True, check=True).stdout
    # Drop the header naming the file.
    return [l for l in out.splitlines() if obj not in l]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--flexcc", required=True)
    p.add_argument("--cc", required=True)
    p.add_argument("--objdump", default="objdump")
    p.add_argument("--source-dir", required=True)
    p.add_argument("--example", default="examples/hello")
    opts = p.parse_args()
    ex = os.path.join(opts.source_dir, opts.example)
    rt = os.path.join(opts.source_dir, "runtime", "include")
    cfg = os.path.join(ex, "flexcc.yaml")
    sources = []
    for root, _, files in os.walk(ex):
        sources += [os.path.join(root, f) for f in files if f.endswith(".c")]
    sources.sort()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="flexcc-codegen-") as tmp:
        for src in sources:
            rel = os.path.relpath(src, ex)
            with open(src) as f:
                text = f.read()
            plain_text = unannotate(text)
            if "flexos_gate" in plain_text or plain_text == text:
                print("FAIL %s: cannot derive the unannotated source" % rel)
                failures += 1
                continue
            # The unannotated copy sits next to the original so that its
            # quoted includes resolve the same way.
            una = os.path.join(tmp, "una")
            os.makedirs(os.path.join(una, os.path.dirname(rel)), exist_ok=True)
            una_src = os.path.join(una, rel)
            with open(una_src, "w") as f:
                f.write(plain_text)
            for opt in ("-O0", "-O2"):
                objs = {}
                base = os.path.join(tmp, rel.replace("/", "_") + opt)
                cmds = {
                    "unannotated": [opts.cc, opt, "-c", "-I" + rt, "-iquote",
                                    os.path.dirname(src), una_src],
                    "plain": [opts.cc, opt, "-c", "-I" + rt, src],
                    "flexcc": [opts.flexcc, "--config", cfg,
                               "--mechanism=none", opt, "-c", src],
                }
                for kind, cmd in cmds.items():
                    objs[kind] = base + "." + kind + ".o"
                    subprocess.run(cmd + ["-o", objs[kind]], check=True)
                want = disassemble(opts.objdump, objs["unannotated"])
                for kind in ("plain", "flexcc"):
                    got = disassemble(opts.objdump, objs[kind])
                    if got != want:
                        failures += 1
                        print("FAIL %s %s: the %s object's code differs from "
                              "the unannotated program's" % (rel, opt, kind))
                        import difflib
                        sys.stdout.writelines(l + "\n" for l in list(
                            difflib.unified_diff(want, got, "unannotated",
                                                 kind, lineterm=""))[:40])
                    else:
                        print("same code: %s %s (%s, %d lines of objdump)" %
                              (rel, opt, kind, len(got)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
