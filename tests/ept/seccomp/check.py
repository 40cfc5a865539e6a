#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the ept runtime's per-compartment system call allowlists
(compartments' 'syscalls:', enforced with seccomp) with images that flexcc
builds from tests/ept/seccomp (app/ is compartment main, the default; net/
is compartment net), one mode per CTest test:

  restricted    net may only write (restricted.yaml): gate calls that
                compute, write(2), printf and malloc in net, from the main
                thread and from two threads, work (status 0); then, with
                argument "open", net opens a file during a call: the image
                reports the compartment, the system call (openat) and the
                call, once, exits 70 and leaves no process behind
  unknown       a list naming 'opne' (unknown.yaml): start-up error naming
                the compartment and the name, status 70, main never runs
  unrestricted  no lists (unrestricted.yaml), linked without -lseccomp: net
                opens the file, status 0
  main          the default compartment may only write (main-restricted.yaml):
                its gate calls work; net (unrestricted) opens a file; main's
                own open is reported, status 70

Images with a list are linked with -lseccomp on flexcc's command line (the
driver may add it itself: then twice, harmless). Every run has a timeout:
a hang is a failure. Prints nothing and exits 0 on success.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 60
FAULT = 70

OK_LINES = [
    "main: 2 + 3 = 5",
    "net: hello 42",
    "main: hello wrote 14",
    "net: printf 64 (calls 3)",
    "main: printf gave 64",
    "main: threads bad=0",
]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def build(opts, config, out, seccomp=True):
    cmd = [opts.flexcc, "--config", config, "--mechanism=ept",
           "--runtime-dir", opts.runtime_dir, "-O2", "-o", out,
           "app/main.c", "net/net.c"]
    if seccomp:
        cmd.append("-lseccomp")
    p = subprocess.run(cmd, cwd=HERE, capture_output=True, text=True)
    if p.returncode != 0:
        fail("build failed: %s\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))


def session_pids(sid):
    """The processes still in session @p sid."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rfind(")") + 2:].split()
        # state ppid pgrp session ...; zombies have ended.
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(d))
    return pids


def run(exe, *args):
    """Runs @p exe in a session of its own; fails if it hangs or leaves a
    process of its session behind."""
    p = subprocess.Popen([exe] + list(args), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.communicate()
        fail("%s %s hung (no exit within %ds)" % (exe, " ".join(args),
                                                   TIMEOUT))
    deadline = time.time() + 10
    while session_pids(p.pid):
        if time.time() > deadline:
            left = session_pids(p.pid)
            os.killpg(p.pid, 9)
            fail("%s %s left processes behind: %s" % (exe, " ".join(args),
                                                      left))
        time.sleep(0.05)
    return subprocess.CompletedProcess([exe] + list(args), p.returncode,
                                       out, err)


def expect(p, status, stdout_lines=None, stderr_has=(), stderr_lacks=()):
    what = " ".join(p.args)
    if p.returncode != status:
        fail("%s: status %d, expected %d\nstdout:\n%s\nstderr:\n%s" % (
            what, p.returncode, status, p.stdout, p.stderr))
    if stdout_lines is not None and p.stdout.splitlines() != stdout_lines:
        fail("%s: stdout\n%s\nexpected\n%s" % (what, p.stdout,
                                               "\n".join(stdout_lines)))
    for s in stderr_has:
        if s not in p.stderr:
            fail("%s: stderr lacks %r:\n%s" % (what, s, p.stderr))
    for s in stderr_lacks:
        if s in p.stderr:
            fail("%s: stderr has %r:\n%s" % (what, s, p.stderr))


def forbidden(comp, call):
    return ("flexcc: compartment '%s' made a forbidden system call: %s "
            "(not in its syscalls list)" % (comp, call))


def check_restricted(opts, tmp):
    exe = os.path.join(tmp, "restricted")
    build(opts, "restricted.yaml", exe)
    expect(run(exe), 0, OK_LINES + ["main: done"],
           stderr_lacks=("forbidden", "ept:"))
    p = run(exe, "open")
    expect(p, FAULT, OK_LINES,
           stderr_has=(forbidden("net", "openat") +
                       ", during a call to net_open() from compartment "
                       "'main'\n",))
    if p.stderr.count("flexcc: compartment") != 1 or "died" in p.stderr:
        fail("%s: reported more than once:\n%s" % (" ".join(p.args),
                                                   p.stderr))


def check_unknown(opts, tmp):
    exe = os.path.join(tmp, "unknown")
    build(opts, "unknown.yaml", exe)
    expect(run(exe), FAULT, [],
           stderr_has=("flexcc: ept: compartment 'net' lists an unknown "
                       "system call in its syscalls: 'opne'\n",))


def check_unrestricted(opts, tmp):
    exe = os.path.join(tmp, "unrestricted")
    build(opts, "unrestricted.yaml", exe, seccomp=False)
    expect(run(exe, "open"), 0,
           OK_LINES + ["main: net opened 1", "main: done"],
           stderr_lacks=("forbidden", "ept:"))


def check_main(opts, tmp):
    exe = os.path.join(tmp, "main")
    build(opts, "main-restricted.yaml", exe)
    expect(run(exe), 0, OK_LINES + ["main: done"],
           stderr_lacks=("forbidden", "ept:"))
    expect(run(exe, "open"), 0,
           OK_LINES + ["main: net opened 1", "main: done"],
           stderr_lacks=("forbidden", "ept:"))
    p = run(exe, "main-open")
    expect(p, FAULT, OK_LINES, stderr_has=(forbidden("main", "openat") + "\n",))
    if p.stderr.count("flexcc: compartment") != 1:
        fail("%s: reported more than once:\n%s" % (" ".join(p.args),
                                                   p.stderr))


MODES = {
    "restricted": check_restricted,
    "unknown": check_unknown,
    "unrestricted": check_unrestricted,
    "main": check_main,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--runtime-dir", required=True,
                    help="the directory of libflexcc-ept.a")
    ap.add_argument("mode", choices=sorted(MODES))
    opts = ap.parse_args()
    opts.flexcc = os.path.abspath(opts.flexcc)
    opts.runtime_dir = os.path.abspath(opts.runtime_dir)
    with tempfile.TemporaryDirectory(prefix="flexcc-ept-seccomp-") as tmp:
        MODES[opts.mode](opts, tmp)


if __name__ == "__main__":
    main()
