#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Builds tests/loopback/copy-check under mpk and ept with the loopback
runtimes and checks that the callee sees copies in shared memory (strings,
zeroed out buffers, inout values), that out and inout data come back, and
that a copy larger than the bounce buffer aborts the image with a report
naming the function and the parameter."""
import argparse
import os
import signal
import subprocess
import sys
import tempfile

EXPECTED = """caller: name, out and counter in private memory
callee: name 'private-name' in shared memory
callee: out in shared memory, zeroed
callee: counter 41 in shared memory
caller: out 'hello private-name', counter 42
caller: 1 MiB fits: 1048674
"""
FAULT = ("flexcc: copy sharing fault: parameter 1 'buf' of consume() needs "
         "2097152 bytes: this thread's bounce buffer has 1048576 of its "
         "1048576 bytes free (pass shared memory for larger data)\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--loopback-dir", required=True)
    ap.add_argument("mechanism", choices=["mpk", "ept"])
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="flexcc-copy-check-") as tmp:
        image = os.path.join(tmp, "image")
        cmd = [os.path.abspath(a.flexcc), "--config", "flexcc.yaml",
               "--mechanism=" + a.mechanism, "--runtime-dir",
               os.path.abspath(a.loopback_dir), "-O2", "app/main.c",
               "lib/lib.c", "-o", image]
        proc = subprocess.run(cmd, cwd=here, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit("FAIL: %s\n%s" % (" ".join(cmd), proc.stderr))
        proc = subprocess.run([image], capture_output=True, text=True,
                              timeout=60)
        problems = []
        if proc.stdout != EXPECTED:
            problems.append("stdout:\n%s\nexpected:\n%s" % (proc.stdout,
                                                            EXPECTED))
        if proc.stderr != FAULT:
            problems.append("stderr:\n%s\nexpected:\n%s" % (proc.stderr, FAULT))
        if proc.returncode != -signal.SIGABRT:
            problems.append("status %d, expected SIGABRT" % proc.returncode)
        if problems:
            sys.exit("FAIL (%s):\n" % a.mechanism + "\n".join(problems))
    print("PASS: copy sharing under %s: copies in shared memory, data back, "
          "an oversized copy reported" % a.mechanism)
    return 0


if __name__ == "__main__":
    sys.exit(main())
