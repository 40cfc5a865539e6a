#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Per-compartment hardening, end to end (docs/hardening.md).

The program in prog/ has two libraries: app (unhardened, default
compartment) and parser, whose functions hold a stack overflow, a heap
overflow, a signed overflow and an unbounded strcpy, reached through gates.
Each case writes a config that hardens the parser's compartment, builds the
image with flexcc as make would ('flexcc -c' per file, then a link, or one
command), and checks that

  * the image runs normally when no bug is triggered,
  * the triggered bug is caught with the expected report,
  * the parser's object references the hardening's symbols and the app's
    object (unhardened compartment) references none.

Usage: run.py --case NAME --flexcc FLEXCC --cc CLANG --work DIR --source DIR
Exit status 0 = pass, 1 = fail, 77 = skipped (a sanitizer runtime missing).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
OK_OUTPUT = "word=100\nrecord=6\nnext=42\nname=4\ndone\n"
# Any instrumentation's symbols, in an object's undefined symbols.
INSTRUMENTATION = re.compile(
    r"__stack_chk_fail|__asan_|__ubsan_|__safestack_|__sanitizer_|"
    r"^__\w+_chk$")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def config(hardening, app_hardening=(), mechanism="none"):
    def lst(h):
        return "[" + ", ".join(h) + "]"
    return ("image: hard\n"
            "mechanism: %s\n"
            "libraries:\n"
            "  app: { sources: [app/*.c] }\n"
            "  parser: { sources: [parser/*.c] }\n"
            "compartments:\n"
            "  - { name: main, default: true, libraries: [app], "
            "hardening: %s }\n"
            "  - { name: parsec, libraries: [parser], hardening: %s }\n"
            % (mechanism, lst(app_hardening), lst(hardening)))


class Env:
    def __init__(self, args):
        self.flexcc = args.flexcc
        self.cc = args.cc
        self.work = args.work
        self.nm = args.nm

    def run(self, cmd, **kw):
        return subprocess.run(cmd, cwd=self.work, capture_output=True,
                              text=True, errors="replace", timeout=120, **kw)

    def write(self, name, text):
        with open(os.path.join(self.work, name), "w") as f:
            f.write(text)

    def flexcc_run(self, cfg, args, cc=None):
        cmd = [self.flexcc, "--config", cfg]
        if cc:
            cmd.append("--cc=" + cc)
        return self.run(cmd + args)

    def must(self, what, r):
        if r.returncode != 0:
            fail("%s: exit %d\n%s%s" % (what, r.returncode, r.stdout,
                                        r.stderr))
            return False
        return True

    def build_separately(self, cfg, exe, cc=None, extra=()):
        """'flexcc -c' per file, then the link: returns the objects."""
        objs = {}
        for name, src in (("main", "app/main.c"),
                          ("parser", "parser/parser.c")):
            obj = "%s-%s.o" % (exe, name)
            r = self.flexcc_run(cfg, list(extra) + ["-c", src, "-o", obj],
                                cc)
            if not self.must("flexcc -c %s (%s)" % (src, cfg), r):
                return None
            objs[name] = obj
        r = self.flexcc_run(cfg, [objs["main"], objs["parser"], "-o", exe],
                            cc)
        if not self.must("flexcc link %s" % exe, r):
            return None
        return objs

    def undefined(self, obj):
        r = self.run([self.nm, "-u", obj])
        if r.returncode != 0:
            fail("nm -u %s: %s" % (obj, r.stderr))
            return []
        return [l.split()[-1] for l in r.stdout.splitlines() if l.split()]

    def check_objects(self, objs, expect):
        """The parser's object references EXPECT; the app's nothing."""
        if objs is None:
            return
        psyms = self.undefined(objs["parser"])
        if not any(re.search(expect, s) for s in psyms):
            fail("%s references no symbol matching %r: %s"
                 % (objs["parser"], expect, psyms))
        msyms = [s for s in self.undefined(objs["main"])
                 if INSTRUMENTATION.search(s)]
        if msyms:
            fail("%s (unhardened compartment) carries instrumentation: %s"
                 % (objs["main"], msyms))
        else:
            print("ok: %s references %r, %s references none"
                  % (objs["parser"], expect, objs["main"]))

    def check_run(self, exe, mode, expect=None, status_ok=False):
        """Runs EXE MODE: 'ok' must succeed with the normal output; a bug
        must stop the program with EXPECT in its report."""
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
        r = self.run(["./" + exe, mode], env=env)
        if mode == "ok":
            if r.returncode != 0 or r.stdout != OK_OUTPUT:
                fail("%s ok: exit %d, output %r, stderr %r"
                     % (exe, r.returncode, r.stdout, r.stderr))
            else:
                print("ok: %s ok runs normally" % exe)
            return
        if status_ok:
            if r.returncode != 0 or "done" not in r.stdout:
                fail("%s %s: expected a normal end, exit %d, %r"
                     % (exe, mode, r.returncode, r.stderr))
            else:
                print("ok: %s %s ends normally" % (exe, mode))
            return
        if r.returncode == 0 or "done" in r.stdout:
            fail("%s %s: the bug was not caught (exit %d, output %r)"
                 % (exe, mode, r.returncode, r.stdout))
        elif expect not in r.stderr:
            fail("%s %s: exit %d but no %r in\n%s"
                 % (exe, mode, r.returncode, expect, r.stderr))
        else:
            print("ok: %s %s caught: %r (exit %d)"
                  % (exe, mode, expect, r.returncode))

    def can_link(self, cc, flag):
        """Whether CC links a program with FLAG (its runtime installed)."""
        src = os.path.join(self.work, "probe.c")
        with open(src, "w") as f:
            f.write("int main(void) { return 0; }\n")
        r = self.run([cc, flag, src, "-o", os.path.join(self.work,
                                                        "probe")])
        return r.returncode == 0


def need(env, cc, *flags):
    for flag in flags:
        if not env.can_link(cc, flag):
            print("SKIP: '%s %s' cannot link (is the sanitizer runtime "
                  "installed? Debian: libclang-rt-14-dev for clang-14)"
                  % (cc, flag))
            sys.exit(SKIP)


# --- Cases ------------------------------------------------------------------

def case_stack_protector(env):
    env.write("sp.yaml", config(["stack-protector"]))
    objs = env.build_separately("sp.yaml", "sp")
    env.check_objects(objs, r"^__stack_chk_fail$")
    env.check_run("sp", "ok")
    env.check_run("sp", "stack", "stack smashing detected")


def case_fortify(env):
    env.write("fo.yaml", config(["fortify"]))
    objs = env.build_separately("fo.yaml", "fo")
    env.check_objects(objs, r"^__strcpy_chk$")
    env.check_run("fo", "ok")
    env.check_run("fo", "fortify", "buffer overflow detected")
    # glibc fortifies nothing at -O0: the compartment's files get -O1.
    objs = env.build_separately("fo.yaml", "fo0", extra=["-O0", "-g"])
    env.check_objects(objs, r"^__strcpy_chk$")
    env.check_run("fo0", "fortify", "buffer overflow detected")


def case_asan(env):
    need(env, env.cc, "-fsanitize=address")
    env.write("as.yaml", config(["asan"]))
    objs = env.build_separately("as.yaml", "as")
    env.check_objects(objs, r"^__asan_")
    env.check_run("as", "ok")
    env.check_run("as", "heap", "AddressSanitizer: heap-buffer-overflow")
    env.check_run("as", "stack", "AddressSanitizer: stack-buffer-overflow")


def case_ubsan(env):
    need(env, env.cc, "-fsanitize=undefined")
    env.write("ub.yaml", config(["ubsan"]))
    objs = env.build_separately("ub.yaml", "ub")
    env.check_objects(objs, r"^__ubsan_handle_add_overflow_abort$")
    env.check_run("ub", "ok")
    env.check_run("ub", "signed", "runtime error: signed integer overflow")


def case_safe_stack(env):
    need(env, env.cc, "-fsanitize=safe-stack")
    env.write("ss.yaml", config(["safe-stack"]))
    objs = env.build_separately("ss.yaml", "ss")
    env.check_objects(objs, r"^__safestack_unsafe_stack_ptr$")
    env.check_run("ss", "ok")
    # SafeStack detects nothing: the overflowed buffer lives on the unsafe
    # stack, so the return address is intact and the call returns.
    env.check_run("ss", "stack", status_ok=True)


def case_one_command(env):
    """One command compiles and links: the parser's compile gets the flags,
    the app's none, the link only the runtimes of the image."""
    need(env, env.cc, "-fsanitize=address", "-fsanitize=undefined")
    env.write("mx.yaml", config(["asan", "ubsan"], ["stack-protector"]))
    r = env.flexcc_run("mx.yaml", ["-v", "app/main.c", "parser/parser.c",
                                   "-o", "mx"])
    if not env.must("flexcc one command", r):
        return
    # flexcc's own lines (the commands it runs), not the real compiler's
    # -v output, whose tool lines start with a blank.
    lines = [l for l in r.stderr.splitlines() if l and not l[0].isspace()
             and " -cc1 " not in l]
    parser_cc = [l for l in lines if "parser/parser.c" in l and " -c " in l]
    main_cc = [l for l in lines if "app/main.c" in l and " -c " in l]
    link = [l for l in lines if " -o mx.flexcc-tmp" in l]
    if len(parser_cc) != 1 or len(main_cc) != 1 or len(link) != 1:
        fail("cannot find the three commands in -v output:\n" + r.stderr)
        return
    for flag in ("-fsanitize=address", "-fsanitize=undefined",
                 "-fno-sanitize-recover=undefined"):
        if flag not in parser_cc[0].split():
            fail("parser compile lacks %s: %s" % (flag, parser_cc[0]))
    if "-fsanitize" in main_cc[0] or \
            "-fstack-protector-strong" not in main_cc[0].split():
        fail("app compile: want only -fstack-protector-strong: "
             + main_cc[0])
    lk = link[0].split()
    if "-fsanitize=address,undefined" not in lk or \
            "-fno-sanitize-recover=undefined" in lk or \
            "-fstack-protector-strong" in lk:
        fail("link: want -fsanitize=address,undefined alone: " + link[0])
    if not failures:
        print("ok: -v shows per-compartment compile flags and the link's "
              "runtimes")
    env.check_run("mx", "ok")
    env.check_run("mx", "heap", "AddressSanitizer: heap-buffer-overflow")
    env.check_run("mx", "signed", "runtime error: signed integer overflow")


def case_gcc(env):
    """The same with gcc as the real compiler; safe-stack is refused."""
    gcc = shutil.which("gcc")
    if not gcc:
        print("SKIP: no gcc")
        sys.exit(SKIP)
    need(env, gcc, "-fsanitize=address", "-fsanitize=undefined")
    env.write("gc.yaml", config(["stack-protector", "asan", "ubsan"]))
    objs = env.build_separately("gc.yaml", "gc", cc=gcc)
    env.check_objects(objs, r"^__asan_")
    env.check_objects(objs, r"^__ubsan_handle_add_overflow_abort$")
    env.check_objects(objs, r"^__stack_chk_fail$")
    env.check_run("gc", "ok")
    env.check_run("gc", "heap", "AddressSanitizer: heap-buffer-overflow")
    env.check_run("gc", "signed", "runtime error: signed integer overflow")
    env.write("gs.yaml", config(["safe-stack"]))
    r = env.flexcc_run("gs.yaml", ["-c", "parser/parser.c", "-o", "gs.o"],
                       cc=gcc)
    want = ("gs.yaml:8:5: error: hardening 'safe-stack' of compartment "
            "'parsec' needs clang as the real compiler")
    if r.returncode != 2 or want not in r.stderr:
        fail("gcc + safe-stack: want exit 2 and %r, got %d %r"
             % (want, r.returncode, r.stderr))
    elif os.path.exists(os.path.join(env.work, "gs.o")):
        fail("gcc + safe-stack left gs.o")
    else:
        print("ok: gcc + safe-stack refused")


def case_mechanism(env):
    """Hardening is independent of isolation: an mpk '-c' is hardened the
    same; 'flexcc rewrite' output does not depend on it."""
    env.write("mp.yaml", config(["stack-protector"], mechanism="mpk"))
    objs = {}
    for name, src in (("main", "app/main.c"), ("parser", "parser/parser.c")):
        objs[name] = "mp-%s.o" % name
        r = env.flexcc_run("mp.yaml", ["-c", src, "-o", objs[name]])
        if not env.must("flexcc -c %s (mpk)" % src, r):
            return
    env.check_objects(objs, r"^__stack_chk_fail$")
    env.write("plain.yaml", config([], mechanism="mpk"))
    outs = {}
    for cfg in ("mp.yaml", "plain.yaml"):
        d = "rw-" + cfg[:-5]
        shutil.rmtree(os.path.join(env.work, d), ignore_errors=True)
        r = env.run([env.flexcc, "rewrite", "--config", cfg, "-o", d,
                     "app/main.c", "parser/parser.c"])
        if not env.must("flexcc rewrite " + cfg, r):
            return
        files = {}
        for root, _, names in os.walk(os.path.join(env.work, d)):
            for n in names:
                p = os.path.join(root, n)
                with open(p) as f:
                    # The stubs file names its config; nothing else may
                    # differ.
                    files[os.path.relpath(p, os.path.join(env.work, d))] = \
                        f.read().replace(cfg, "CONFIG")
        outs[cfg] = files
    if outs["mp.yaml"] != outs["plain.yaml"]:
        fail("flexcc rewrite output depends on the hardening")
    else:
        print("ok: flexcc rewrite output is the same with and without "
              "hardening")


def case_config_errors(env):
    # asan in one compartment, safe-stack in another: one image, one process.
    env.write("bad.yaml", config(["ubsan", "asan"], ["safe-stack"]))
    r = env.flexcc_run("bad.yaml", ["-c", "app/main.c", "-o", "bad.o"])
    want = ("bad.yaml:8:61: error: 'asan' in compartment 'parsec' cannot be "
            "combined with 'safe-stack' in compartment 'main': their "
            "runtimes cannot share one image\n")
    note = "bad.yaml:7:13: note: compartment 'main' uses 'safe-stack'\n"
    if r.returncode != 1 or want not in r.stderr or note not in r.stderr:
        fail("asan + safe-stack: want exit 1 with\n%s%sgot %d\n%s"
             % (want, note, r.returncode, r.stderr))
    else:
        print("ok: asan + safe-stack in two compartments is a config error")
    # cfi: refused when a cfi compartment's source is compiled or linked.
    env.write("cfi.yaml", config(["cfi"]))
    want = ("cfi.yaml:8:5: error: hardening 'cfi' of compartment 'parsec' "
            "is not supported yet")
    r = env.flexcc_run("cfi.yaml", ["-c", "parser/parser.c", "-o", "cfi.o"])
    if r.returncode != 1 or want not in r.stderr or \
            os.path.exists(os.path.join(env.work, "cfi.o")):
        fail("cfi compile: want exit 1, no object and %r, got %d %r"
             % (want, r.returncode, r.stderr))
    else:
        print("ok: cfi compile refused")
    r = env.flexcc_run("cfi.yaml", ["-c", "app/main.c", "-o", "cfi-main.o"])
    if not env.must("cfi config, unhardened compartment's -c", r):
        return
    r = env.flexcc_run("cfi.yaml", ["cfi-main.o", "-o", "cfi"])
    if r.returncode != 1 or want not in r.stderr or \
            os.path.exists(os.path.join(env.work, "cfi")):
        fail("cfi link: want exit 1, no image and %r, got %d %r"
             % (want, r.returncode, r.stderr))
    else:
        print("ok: cfi link refused")


CASES = {
    "stack-protector": case_stack_protector,
    "fortify": case_fortify,
    "asan": case_asan,
    "ubsan": case_ubsan,
    "safe-stack": case_safe_stack,
    "one-command": case_one_command,
    "gcc": case_gcc,
    "mechanism": case_mechanism,
    "config-errors": case_config_errors,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--work", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(os.path.join(args.source, "prog"), args.work)
    env = Env(args)
    CASES[args.case](env)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("hardening.%s: all checks passed" % args.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
