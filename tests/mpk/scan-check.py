#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The link-time scan of mpk images (tests/mpk/CMakeLists.txt).

An mpk image whose code holds a WRPKRU byte sequence outside flexcc's gates
(tests/mpk/scan: lib_sneaky) is refused at link time with one located error
and no output file; with the function in 'allow-pkru-instructions:' it
links. Runs on any machine (linking needs no PKU).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--source-dir", required=True)
    o = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="flexcc-mpk-scan-") as tmp:
        case = os.path.join(tmp, "scan")
        shutil.copytree(os.path.join(o.source_dir, "scan"), case)
        cmd = [o.flexcc, "--config", "flexcc.yaml", "-O2", "-g",
               "app/main.c", "lib/lib.c", "-o", "img"]
        p = subprocess.run(cmd, cwd=case, capture_output=True, text=True)
        want = (r"^img: error: WRPKRU byte sequence \(0f 01 ef\) at 0x[0-9a-f]+ "
                r"in lib_sneaky(\+0x[0-9a-f]+)? \(section [^,]+, .*lib\.c:15\), "
                r"outside flexcc's gates: .*allow-pkru-instructions: \[lib_sneaky\]")
        if p.returncode != 1 or not re.match(want, p.stderr) or \
                p.stderr.count("\n") != 1:
            fail("refusal: status %d, stderr %r" % (p.returncode, p.stderr))
        left = [f for f in os.listdir(case) if f.startswith("img")]
        if left:
            fail("a refused link left %s" % left)
        print("PASS refused: " + p.stderr.strip())
        with open(os.path.join(case, "flexcc.yaml"), "a") as f:
            f.write("allow-pkru-instructions: [lib_sneaky]\n")
        p = subprocess.run(cmd, cwd=case, capture_output=True, text=True)
        if p.returncode != 0 or p.stderr or not os.path.exists(
                os.path.join(case, "img")):
            fail("allowed: status %d, stderr %r" % (p.returncode, p.stderr))
        print("PASS allowed with allow-pkru-instructions")


if __name__ == "__main__":
    main()
