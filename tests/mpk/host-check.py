#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""mpk on a machine without PKU (tests/mpk/CMakeLists.txt).

  1. An mpk image built with the real runtime refuses to start: exit 70 and
     one line on stderr that says why.
  2. The same images built with the emulated runtime (tests/loopback:
     WRPKRU and RDPKRU emulated, no key given) run the generated gates for
     real: the signals program prints its expected output, and a jump to a
     gate's WRPKRU with another value is stopped by the gate's check.
Exits 77 (skip) on a machine that has PKU: test 1 does not apply there, and
the QEMU tests cover the rest.
"""
import argparse
import os
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def build(flexcc, src, out, extra):
    srcs = []
    for root, _, files in os.walk(src):
        srcs += [os.path.join(root, f) for f in sorted(files) if f.endswith(".c")]
    cmd = [flexcc, "--config", "flexcc.yaml", "--mechanism=mpk", "-O2"] + \
        extra + srcs + ["-o", out]
    p = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    if p.returncode != 0:
        fail("build failed: %s\n%s" % (" ".join(cmd), p.stderr))


def run(exe, *args):
    return subprocess.run([exe] + list(args), capture_output=True, text=True,
                          timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--loopback-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    o = ap.parse_args()
    with open("/proc/cpuinfo") as f:
        if " pku " in f.read().replace("\n", " "):
            print("SKIP: this machine has PKU; the QEMU tests cover mpk")
            sys.exit(77)
    signals = os.path.join(o.source_dir, "signals")
    attack = os.path.join(o.source_dir, "attack")
    with tempfile.TemporaryDirectory(prefix="flexcc-mpk-host-") as tmp:
        real = os.path.join(tmp, "signals-real")
        build(o.flexcc, signals, real, [])
        p = run(real)
        want = ("flexcc: error: this image isolates its compartments with "
                "memory protection keys (mechanism mpk), but this machine has "
                "none (pkey_alloc: ")
        if p.returncode != 70 or not p.stderr.startswith(want) or \
                p.stderr.count("\n") != 1 or p.stdout:
            fail("refusal: status %d, stdout %r, stderr %r" %
                 (p.returncode, p.stdout, p.stderr))
        print("PASS refusal: " + p.stderr.strip())

        emu = os.path.join(tmp, "signals-emulated")
        build(o.flexcc, signals, emu, ["--runtime-dir", o.loopback_dir])
        p = run(emu)
        with open(os.path.join(signals, "expected.txt")) as f:
            expected = f.read()
        if p.returncode != 0 or p.stdout != expected or p.stderr:
            fail("signals (emulated): status %d\nstdout:\n%s\nstderr:\n%s" %
                 (p.returncode, p.stdout, p.stderr))
        print("PASS signals under the emulated runtime")

        att = os.path.join(tmp, "attack-emulated")
        build(o.flexcc, attack, att, ["--runtime-dir", o.loopback_dir])
        p = run(att, "1")
        want = ("flexcc: mpk gate fault in __flexcc_gate__main__evil__evil_run:"
                " PKRU is 0x00000000")
        if p.returncode != 70 or not p.stderr.startswith(want) or p.stdout:
            fail("jump into a gate (emulated): status %d, stdout %r, stderr %r"
                 % (p.returncode, p.stdout, p.stderr))
        print("PASS jump into a gate under the emulated runtime")


if __name__ == "__main__":
    main()
