#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the real ept runtime (backends/ept/runtime) with images that flexcc
builds from tests/ept/calls, one mode per CTest test:

  calls    the ept image prints what the plain (none) build prints, and
           expected.txt, and exits with the same status (3): gates, struct
           arguments and results, errno across two hops, copy sharing
           (__flexos_out), a callback chain main -> service -> main -> ...
           -> utility, shared globals and the shared heap across processes
  peek     the service reads main's private global through a pointer: it
           dies in its process, the image reports it and exits 139
  poke     the service writes main's private global through a pointer:
           it dies in its process, reported, 139
  heap-peek, stack-peek
           the service reads a block of main's private heap, or a local
           of main's stack, through a pointer: reported, 139
  direct-call
           main calls a function of the service without a gate: the
           service's code is not in main's process; main faults, 139
  leak     main reads the service's private global: main faults (139)
  die      the service is killed with SIGKILL during a call: reported, 137
  idle     with no call in flight every process of the image sleeps; the
           service killed from outside is reported at once (137)
  sigint   Ctrl-C (SIGINT to the process group): the image dies of it as
           the plain program would, silently, and no process is left
  threads  4 threads make 10000 gate calls each, concurrently
  heap     flexcc_heap_share_shared() (tests/ept/shared_heap.c, built with
           --cc against the runtime's heap)

Prints nothing and exits 0 on success.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CALLS = os.path.join(HERE, "calls")
TIMEOUT = 60


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def build(opts, mech, out):
    srcs = []
    for d in ("app", "svc", "util"):
        srcs += [os.path.join(d, f) for f in sorted(os.listdir(os.path.join(CALLS, d)))
                 if f.endswith(".c")]
    cmd = [opts.flexcc, "--config", "flexcc.yaml", "--mechanism=" + mech,
           "-O2", "-o", out] + srcs
    if mech != "none":
        cmd[4:4] = ["--runtime-dir", opts.runtime_dir]
    p = subprocess.run(cmd, cwd=CALLS, capture_output=True, text=True)
    if p.returncode != 0:
        fail("build failed: %s\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))


def run(exe, *args):
    try:
        p = subprocess.run([exe] + list(args), capture_output=True, text=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail("%s %s hung (no exit within %ds)" % (exe, " ".join(args), TIMEOUT))
    return p


def expect(p, status, stdout=None, stderr_has=(), stderr_exact=None):
    what = " ".join(p.args)
    if p.returncode != status and not (status >= 128 and p.returncode == 128 - status):
        fail("%s: status %d, expected %d\nstdout:\n%s\nstderr:\n%s" % (
            what, p.returncode, status, p.stdout, p.stderr))
    if stdout is not None and p.stdout != stdout:
        fail("%s: stdout\n%s\nexpected\n%s" % (what, p.stdout, stdout))
    for s in stderr_has:
        if s not in p.stderr:
            fail("%s: stderr lacks %r:\n%s" % (what, s, p.stderr))
    if stderr_exact is not None and p.stderr != stderr_exact:
        fail("%s: stderr:\n%s" % (what, p.stderr))


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total


def children(pid):
    out = []
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                out += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def mode_idle(ept):
    p = subprocess.Popen([ept, "idle"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline()
        if not line.startswith("ready"):
            fail("idle: the image did not start: %r" % line)
        kids = children(p.pid)
        if len(kids) != 2:
            fail("idle: %d compartment processes, expected 2" % len(kids))
        time.sleep(0.3)
        before = cpu_ticks([p.pid] + kids)
        time.sleep(1.0)
        used = cpu_ticks([p.pid] + kids) - before
        if used > 3:
            fail("idle: the image used %d clock ticks in 1 s while idle" % used)
        os.kill(kids[0], signal.SIGKILL)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            fail("idle: the image hangs after its compartment was killed")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if p.returncode != 137:
        fail("idle: status %d, expected 137; stderr:\n%s" % (p.returncode, err))
    want = ("flexcc: compartment 'service' died (signal SIGKILL) while no "
            "call to it was in progress\n")
    if err != want:
        fail("idle: stderr %r, expected %r" % (err, want))


def running(pid):
    """Whether process pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def mode_sigint(ept):
    """Ctrl-C: the terminal sends SIGINT to the whole process group. The
    image ends as the unisolated program would (killed by SIGINT, nothing
    printed by flexcc) and leaves no compartment process behind."""
    p = subprocess.Popen([ept, "idle"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        line = p.stdout.readline()
        if not line.startswith("ready"):
            fail("sigint: the image did not start: %r" % line)
        kids = children(p.pid)
        os.killpg(p.pid, signal.SIGINT)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            fail("sigint: the image hangs after SIGINT")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if p.returncode != -signal.SIGINT:
        fail("sigint: status %d, expected death by SIGINT; stderr:\n%s"
             % (p.returncode, err))
    if err:
        fail("sigint: unexpected stderr %r" % err)
    deadline = time.time() + 5
    left = [k for k in kids if running(k)]
    while left and time.time() < deadline:
        time.sleep(0.05)
        left = [k for k in left if running(k)]
    if left:
        fail("sigint: compartment processes left running: %s" % left)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--runtime-dir", required=True,
                    help="the directory holding libflexcc-ept.a")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--include-dir", help="runtime/include (heap mode)")
    ap.add_argument("--rt-lib", help="libflexcc-rt.a (heap mode)")
    ap.add_argument("mode", choices=["calls", "peek", "poke", "heap-peek",
                                     "stack-peek", "direct-call", "leak",
                                     "die", "idle", "sigint",
                                     "threads", "heap"])
    opts = ap.parse_args()
    # Images are built in tests/ept/calls: paths given relative to here.
    opts.flexcc = os.path.abspath(opts.flexcc)
    opts.runtime_dir = os.path.abspath(opts.runtime_dir)

    with tempfile.TemporaryDirectory(prefix="flexcc-ept-") as tmp:
        if opts.mode == "heap":
            exe = os.path.join(tmp, "shared_heap")
            cmd = [opts.cc, "-std=c11", "-O2", "-I", opts.include_dir,
                   os.path.join(HERE, "shared_heap.c"), opts.rt_lib,
                   "-pthread", "-o", exe]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode:
                fail("build failed: %s\n%s" % (" ".join(cmd), p.stderr))
            expect(run(exe), 0, stdout="", stderr_exact="")
            return
        ept = os.path.join(tmp, "ept")
        build(opts, "ept", ept)
        if opts.mode == "calls":
            plain = os.path.join(tmp, "none")
            build(opts, "none", plain)
            with open(os.path.join(CALLS, "expected.txt")) as f:
                want = f.read()
            expect(run(plain), 3, stdout=want, stderr_exact="")
            expect(run(ept), 3, stdout=want, stderr_exact="")
        elif opts.mode == "peek":
            expect(run(ept, "peek"), 139, stdout="", stderr_has=(
                "flexcc: compartment 'service' accessed the private memory of "
                "compartment 'main' at 0x",
                "flexcc: compartment 'service' died (signal SIGSEGV) during a "
                "call to svc_peek() from compartment 'main'\n"))
        elif opts.mode in ("poke", "heap-peek", "stack-peek"):
            fn = "svc_poke" if opts.mode == "poke" else "svc_peek"
            expect(run(ept, opts.mode), 139, stdout="", stderr_has=(
                "flexcc: compartment 'service' accessed the private memory of "
                "compartment 'main' at 0x" if opts.mode != "stack-peek" else
                "flexcc: compartment 'service' accessed ",
                "flexcc: compartment 'service' died (signal SIGSEGV) during a "
                "call to %s() from compartment 'main'\n" % fn))
        elif opts.mode == "direct-call":
            expect(run(ept, "direct-call"), 139, stdout="", stderr_has=(
                "flexcc: compartment 'main' accessed the private memory of "
                "compartment 'service' at 0x",))
        elif opts.mode == "leak":
            expect(run(ept, "leak"), 139, stdout="", stderr_has=(
                "flexcc: compartment 'main' accessed the private memory of "
                "compartment 'service' at 0x",))
        elif opts.mode == "die":
            expect(run(ept, "die"), 137, stdout="", stderr_exact=(
                "flexcc: compartment 'service' died (signal SIGKILL) during a "
                "call to svc_die() from compartment 'main'\n"))
        elif opts.mode == "idle":
            mode_idle(ept)
        elif opts.mode == "sigint":
            mode_sigint(ept)
        elif opts.mode == "threads":
            expect(run(ept, "threads"), 0,
                   stdout="threads=4 rounds=10000 bad=0 count=40000\n",
                   stderr_exact="")


if __name__ == "__main__":
    main()
