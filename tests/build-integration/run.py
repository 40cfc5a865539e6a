#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""flexcc in real builds: make, CMake + Ninja, ccache, incremental rebuilds.

proj/ is a small annotated C project that knows nothing of flexcc: an
application (app/) calling a math library (mathlib/, built as a static archive
with ar) and a string library (strlib/) through gates, the math and string
libraries in a second compartment, and an annotated header (include/calc.h,
it holds a gate) included by four of the six sources. It has a Makefile (with
-MMD -MP depfiles) and a CMakeLists.txt. Each case copies it to its own work
directory and builds it the way a user would, with flexcc as the compiler.
Every image must print what the plain build (the same Makefile with the real
compiler, no flexcc) prints.

Usage: run.py --case NAME --flexcc FLEXCC --cc CC --runtime-include DIR
              --loopback-dir DIR --work DIR --source DIR
Exit status 0 = pass, 1 = fail, 77 = skipped (a tool is missing).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

SKIP = 77
# Sources, their objects in the Makefile build, and which include calc.h.
SOURCES = ["app/main.c", "app/report.c", "app/shout.c", "mathlib/add.c",
           "mathlib/mul.c", "strlib/upper.c"]
CALC_H_USERS = {"app/main.c", "app/report.c", "mathlib/add.c", "mathlib/mul.c"}
LIBRARY = {"app": "app", "mathlib": "mathlib", "strlib": "strlib"}
COMPARTMENT = {"app": "main", "mathlib": "services", "strlib": "services"}

failures = []


class Abort(Exception):
    """A step that the rest of the case needs failed."""


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


class Ctx:
    def __init__(self, args):
        self.a = args
        self.flexcc = args.flexcc
        self.work = os.path.abspath(args.work)
        self.proj = os.path.join(self.work, "proj")
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        shutil.copytree(os.path.join(args.source, "proj"), self.proj)
        # What the caller's environment could slip into make or flexcc.
        self.env = dict(os.environ)
        for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "CC", "CFLAGS",
                    "CPPFLAGS", "LDFLAGS", "FLEXOS_CONFIG", "FLEXCC_CC",
                    "FLEXCC_CXX", "CCACHE_DIR", "CCACHE_EXTRAFILES"):
            self.env.pop(var, None)
        self.env["LC_ALL"] = "C"
        with open(os.path.join(self.proj, "expected-output.txt")) as f:
            self.expected = f.read()
        self._plain = None

    def run(self, cmd, cwd=None, env=None, ok=True, quiet=False):
        """Runs cmd; returns (status, stdout, stderr)."""
        e = dict(self.env)
        if env:
            e.update(env)
        p = subprocess.run(cmd, cwd=cwd or self.proj, env=e,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=120)
        if ok and p.returncode != 0:
            fail("%s (in %s) exited %d\n%s%s" % (
                " ".join(cmd), cwd or self.proj, p.returncode, p.stdout,
                p.stderr))
            raise Abort()
        elif not quiet and (p.stdout or p.stderr):
            sys.stdout.write(p.stdout + p.stderr)
        return p.returncode, p.stdout, p.stderr

    def plain_output(self):
        """The plain build's output: same Makefile, the real compiler."""
        if self._plain is None:
            d = os.path.join(self.work, "plain")
            shutil.copytree(os.path.join(self.a.source, "proj"), d)
            self.run(["make", "-s", "CC=" + self.a.cc,
                      "CPPFLAGS=-I" + self.a.runtime_include], cwd=d)
            _, out, _ = self.run([os.path.join(d, "calc")], cwd=d)
            check(out == self.expected,
                  "the plain build prints\n%s\nnot\n%s" % (out, self.expected))
            self._plain = out
        return self._plain

    def check_image(self, image, what):
        if not check(os.path.exists(image), "%s: no image %s" % (what, image)):
            return
        status, out, err = self.run([image], cwd=self.work, ok=False,
                                    quiet=True)
        check(status == 0 and out == self.plain_output(),
              "%s: the image exited %d and printed\n%s%s\ninstead of the "
              "plain build's\n%s" % (what, status, out, err,
                                     self.plain_output()))

    def record(self, obj):
        """The .flexcc.gates record of an object, as text ('' if none)."""
        dump = os.path.join(self.work, "record.txt")
        if os.path.exists(dump):
            os.remove(dump)
        self.run(["objcopy", "--dump-section", ".flexcc.gates=" + dump, obj,
                  os.path.join(self.work, "record-scratch.o")], quiet=True,
                 ok=False)
        if not os.path.exists(dump):
            return ""
        with open(dump, errors="replace") as f:
            return f.read()

    def check_records(self, objs, what, compartment=COMPARTMENT):
        """Each object (source -> object path) records its config library
        and compartment: flexcc found the source in the config."""
        for src, obj in objs.items():
            rec = self.record(obj)
            lib = src.split("/")[0]
            check("library\t%s\n" % LIBRARY[lib] in rec and
                  "compartment\t%s\n" % compartment[lib] in rec,
                  "%s: %s's record does not say library %s, compartment %s:"
                  "\n%s" % (what, obj, LIBRARY[lib], compartment[lib], rec))


def mtimes(paths):
    return {p: os.stat(p).st_mtime_ns if os.path.exists(p) else None
            for p in paths}


def changed(before, after):
    return {p for p in before if before[p] != after[p]}


def touch(path):
    os.utime(path, None)


def make_objs(proj):
    return {s: os.path.join(proj, s[:-2] + ".o") for s in SOURCES}


def flexcc_cc(c, *extra):
    return " ".join([c.flexcc] + list(extra))


# --------------------------------------------------------------------------
# make


def case_make_cc(c):
    """CC="flexcc --config flexcc.yaml": options in CC."""
    c.run(["make", "CC=" + flexcc_cc(c, "--config", "flexcc.yaml")])
    c.check_image(os.path.join(c.proj, "calc"), "make CC='flexcc --config'")
    c.check_records(make_objs(c.proj), "make CC='flexcc --config'")


def case_make_env(c):
    """CC=flexcc with the config in FLEXOS_CONFIG: as a make variable on
    make's command line (make exports it to the recipes) and in the
    environment."""
    c.run(["make", "CC=" + c.flexcc, "FLEXOS_CONFIG=flexcc.yaml"])
    c.check_image(os.path.join(c.proj, "calc"), "make FLEXOS_CONFIG=")
    c.check_records(make_objs(c.proj), "make FLEXOS_CONFIG=")
    c.run(["make", "-s", "clean"])
    c.run(["make", "CC=" + c.flexcc],
          env={"FLEXOS_CONFIG": os.path.join(c.proj, "flexcc.yaml")})
    c.check_image(os.path.join(c.proj, "calc"), "FLEXOS_CONFIG in the env")


def case_make_abs(c):
    """Separate steps from other directories: each source compiled from
    objs/ by its absolute path (one by a relative path with '..'), the
    config named relative to objs/, the archive made in lib/, the link in
    bin/ from relative paths."""
    objdir, libdir, bindir = (os.path.join(c.work, d)
                              for d in ("objs", "lib", "bin"))
    for d in (objdir, libdir, bindir):
        os.makedirs(d)
    inc = "-I" + os.path.join(c.proj, "include")
    objs = {}
    for src in SOURCES:
        obj = os.path.join(objdir, os.path.basename(src)[:-2] + ".o")
        path = os.path.join(c.proj, src)
        if src == "app/shout.c":
            path = os.path.relpath(path, objdir)    # ../proj/app/shout.c
        c.run([c.flexcc, "--config", "../proj/flexcc.yaml", inc, "-O2",
               "-c", path, "-o", os.path.basename(obj)], cwd=objdir)
        objs[src] = obj
    c.check_records(objs, "flexcc -c from another directory")
    c.run(["ar", "rcs", "libmathlib.a", objs["mathlib/add.c"],
           objs["mathlib/mul.c"]], cwd=libdir)
    # The link: the archive by path, and again as -L/-l in a second image.
    app = [os.path.relpath(objs[s], bindir) for s in SOURCES
           if not s.startswith("mathlib/")]
    cfg = os.path.join(c.proj, "flexcc.yaml")
    c.run([c.flexcc, "--config", cfg, "-o", "calc"] + app +
          ["../lib/libmathlib.a"], cwd=bindir)
    c.check_image(os.path.join(bindir, "calc"), "link in another directory")
    c.run([c.flexcc, "--config", cfg, "-o", "calc-l"] + app +
          ["-L../lib", "-lmathlib"], cwd=bindir)
    c.check_image(os.path.join(bindir, "calc-l"), "link with -L -l")


def case_make_mechanism(c, mech):
    """The Makefile build under an isolating mechanism, linked with the
    loopback runtime: the gates from app to the other compartment become
    stubs."""
    cc = flexcc_cc(c, "--config", "flexcc.yaml", "--mechanism=" + mech,
                   "--runtime-dir", c.a.loopback_dir)
    c.run(["make", "CC=" + cc])
    image = os.path.join(c.proj, "calc")
    c.check_image(image, "make, --mechanism=" + mech)
    if os.path.exists(image):
        _, out, _ = c.run(["nm", image], quiet=True)
        for fn in ("math_add", "math_sum_squares", "str_upper"):
            check(re.search(r"__flexcc_gate__main__services__%s\b" % fn, out),
                  "%s image: no stub for the gate to %s" % (mech, fn))


def case_make_mpk(c):
    case_make_mechanism(c, "mpk")


def case_make_ept(c):
    case_make_mechanism(c, "ept")


# --------------------------------------------------------------------------
# Incremental rebuilds


def rebuild_check(c, build, noop, outputs, touched, expect, what):
    """Touches `touched`, rebuilds, and checks that exactly the outputs in
    `expect` changed."""
    before = mtimes(outputs)
    touch(touched)
    build()
    got = changed(before, mtimes(outputs))
    rel = lambda s: sorted(os.path.relpath(p, c.work) for p in s)
    check(got == set(expect),
          "%s: touching %s rebuilt %s; expected %s" % (
              what, os.path.relpath(touched, c.work), rel(got), rel(expect)))
    noop("after touching " + os.path.relpath(touched, c.work))


def case_make_incremental(c):
    cc = "CC=" + flexcc_cc(c, "--config", "flexcc.yaml")
    objs = make_objs(c.proj)
    lib = os.path.join(c.proj, "libmathlib.a")
    image = os.path.join(c.proj, "calc")
    outputs = list(objs.values()) + [lib, image]

    def build():
        c.run(["make", cc])

    def noop(when):
        status, out, _ = c.run(["make", "-q", cc], ok=False, quiet=True)
        check(status == 0, "make -q: the build is not up to date %s" % when)
        _, out, _ = c.run(["make", cc], quiet=True)
        check(re.fullmatch(r"make: '?calc'? is up to date.\s*", out),
              "make did something %s:\n%s" % (when, out))

    build()
    c.check_image(image, "make -MMD")
    for src in SOURCES:
        dep = objs[src][:-2] + ".d"
        with open(dep) as f:
            text = f.read()
        check(("include/calc.h" in text) == (src in CALC_H_USERS),
              "%s: calc.h %s in its depfile:\n%s" % (
                  dep, "missing" if src in CALC_H_USERS else "unexpected",
                  text))
    noop("after a full build")
    math = [objs["mathlib/add.c"], objs["mathlib/mul.c"]]
    rebuild_check(c, build, noop, outputs,
                  os.path.join(c.proj, "include/calc.h"),
                  [objs[s] for s in CALC_H_USERS] + [lib, image],
                  "make")
    rebuild_check(c, build, noop, outputs,
                  os.path.join(c.proj, "app/shout.c"),
                  [objs["app/shout.c"], image], "make")
    rebuild_check(c, build, noop, outputs,
                  os.path.join(c.proj, "mathlib/mul.c"),
                  [objs["mathlib/mul.c"], lib, image], "make")
    c.check_image(image, "make, after the rebuilds")


def cmake_configure(c, build_dir, compiler, extra=(), env=None):
    c.run(["cmake", "-S", c.proj, "-B", build_dir, "-G", "Ninja",
           "-DCMAKE_C_COMPILER=" + compiler] + list(extra), env=env,
          quiet=True)


def ninja_objs(build_dir):
    tgt = {"app": "calc", "mathlib": "mathlib", "strlib": "strlib"}
    return {s: os.path.join(build_dir, "CMakeFiles", tgt[s.split("/")[0]] +
                            ".dir", s + ".o") for s in SOURCES}


def case_ninja_incremental(c):
    """CMake + Ninja, CMAKE_C_COMPILER=flexcc and the config in FLEXOS_CONFIG
    (for the configure step and every build)."""
    b = os.path.join(c.work, "build")
    env = {"FLEXOS_CONFIG": os.path.join(c.proj, "flexcc.yaml")}
    cmake_configure(c, b, c.flexcc, env=env)
    objs = ninja_objs(b)
    lib = os.path.join(b, "libmathlib.a")
    image = os.path.join(b, "calc")
    outputs = list(objs.values()) + [lib, image]

    def build():
        c.run(["ninja", "-j2", "-C", b], env=env, quiet=True)

    def noop(when):
        _, out, _ = c.run(["ninja", "-n", "-d", "explain", "-C", b], env=env,
                          quiet=True)
        check("ninja: no work to do." in out,
              "ninja has work to do %s:\n%s" % (when, out))

    build()
    c.check_image(image, "CMake + Ninja")
    c.check_records(objs, "CMake + Ninja")
    noop("after a full build")
    rebuild_check(c, build, noop, outputs,
                  os.path.join(c.proj, "include/calc.h"),
                  [objs[s] for s in CALC_H_USERS] + [lib, image], "ninja")
    rebuild_check(c, build, noop, outputs,
                  os.path.join(c.proj, "app/shout.c"),
                  [objs["app/shout.c"], image], "ninja")
    c.check_image(image, "CMake + Ninja, after the rebuilds")


def case_meson(c):
    """Meson, CC="flexcc --config=...": it identifies flexcc by its
    --version (the real compiler's follows flexcc's own line) and probes it
    with -E -dM - (a source on standard input); the image is built with
    ninja, and a second ninja has no work to do."""
    if not shutil.which("meson"):
        print("SKIP: meson is not installed")
        return SKIP
    b = os.path.join(c.work, "build-meson")
    env = {"CC": "%s --config=%s --cc=%s" % (
        c.flexcc, os.path.join(c.proj, "flexcc.yaml"), c.a.cc)}
    c.run(["meson", "setup", b, c.proj], env=env, quiet=True)
    c.run(["ninja", "-j2", "-C", b], quiet=True)
    image = os.path.join(b, "calc")
    c.check_image(image, "Meson")
    objs = {s: os.path.join(b, {"app": "calc.p", "mathlib": "libmathlib.a.p",
                                "strlib": "libstrlib.a.p"}[s.split("/")[0]],
                            s.replace("/", "_") + ".o") for s in SOURCES}
    c.check_records(objs, "Meson")
    _, out, _ = c.run(["ninja", "-n", "-C", b], quiet=True)
    check("ninja: no work to do." in out,
          "ninja has work to do after a full Meson build:\n" + out)


def move_strlib(c, compartment):
    """Edits the config: strlib moves to the other compartment. Returns the
    new compartment of each library."""
    cfg = os.path.join(c.proj, "flexcc.yaml")
    with open(cfg) as f:
        text = f.read()
    if compartment["strlib"] == "services":
        new = (text.replace("libraries: [mathlib, strlib]",
                            "libraries: [mathlib]")
               .replace("libraries: [app] }", "libraries: [app, strlib] }"))
    else:
        new = (text.replace("libraries: [mathlib]",
                            "libraries: [mathlib, strlib]")
               .replace("libraries: [app, strlib] }", "libraries: [app] }"))
    assert new != text
    with open(cfg, "w") as f:
        f.write(new)
    moved = dict(compartment)
    moved["strlib"] = "main" if compartment["strlib"] == "services" \
        else "services"
    return moved


def case_config_dep(c):
    """Editing the config changes what flexcc makes of every source (a
    source's library and compartment, its gates' stubs), so every object
    depends on it: a make or Ninja build after the edit must rebuild them,
    which needs the config in flexcc's depfiles."""
    cfg = os.path.join(c.proj, "flexcc.yaml")
    cc = "CC=" + flexcc_cc(c, "--config", "flexcc.yaml")
    c.run(["make", cc], quiet=True)
    with open(os.path.join(c.proj, "app/main.d")) as f:
        dep = f.read()
    check("flexcc.yaml" in dep, "flexcc's depfile (app/main.d) does not "
          "list the config flexcc.yaml:\n" + dep)
    # -MP: a phony target for every dependency but the source, so that
    # make does not fail once one is renamed or deleted.
    check(re.search(r"^\S*flexcc\.yaml:", dep, re.M),
          "-MP: flexcc's depfile (app/main.d) has no phony target for the "
          "config:\n" + dep)
    b = os.path.join(c.work, "build")
    cmake_configure(c, b, c.flexcc + ";--config=" + cfg)
    c.run(["ninja", "-j2", "-C", b], quiet=True)
    _, out, _ = c.run(["ninja", "-C", b, "-t", "deps",
                       "CMakeFiles/calc.dir/app/main.c.o"], quiet=True)
    check(cfg in out, "ninja's deps of app/main.c.o (from flexcc's depfile) "
          "do not list the config")

    moved = move_strlib(c, COMPARTMENT)
    objs = make_objs(c.proj)
    before = mtimes(objs.values())
    c.run(["make", cc], quiet=True)
    stale = sorted(os.path.relpath(p, c.proj) for p in objs.values()
                   if p not in changed(before, mtimes(objs.values())))
    check(not stale, "make after editing the config did not rebuild %s"
          % stale)
    c.check_records(objs, "make after editing the config", moved)
    objs = ninja_objs(b)
    before = mtimes(objs.values())
    c.run(["ninja", "-j2", "-C", b], quiet=True)
    stale = sorted(os.path.relpath(p, b) for p in objs.values()
                   if p not in changed(before, mtimes(objs.values())))
    check(not stale, "ninja after editing the config did not rebuild %s"
          % stale)
    c.check_records(objs, "ninja after editing the config", moved)


# --------------------------------------------------------------------------
# ccache


class Ccache:
    """Builds proj with CMake + Ninja, ccache as the launcher of flexcc (the
    config in the compiler list), each time in a fresh build directory, with
    a private cache (work/<name>)."""

    def __init__(self, c, name="ccache"):
        self.c = c
        self.cfg = os.path.join(c.proj, "flexcc.yaml")
        self.env = {"CCACHE_DIR": os.path.join(c.work, name),
                    "CCACHE_CONFIGPATH": os.path.join(c.work, "ccache.conf"),
                    "CCACHE_TEMPDIR": os.path.join(c.work, "ccache-tmp")}
        open(self.env["CCACHE_CONFIGPATH"], "w").close()
        self.b = os.path.join(c.work, "build")
        self.objs = ninja_objs(self.b)

    def build(self, what, extra_env=None):
        """Returns (hits, misses) of this build."""
        c, e = self.c, dict(self.env, **(extra_env or {}))
        shutil.rmtree(self.b, ignore_errors=True)
        cmake_configure(c, self.b, c.flexcc + ";--config=" + self.cfg,
                        ["-DCMAKE_C_COMPILER_LAUNCHER=ccache"], env=e)
        c.run(["ccache", "-z"], env=e, quiet=True)
        c.run(["ninja", "-j2", "-C", self.b], env=e, quiet=True)
        c.check_image(os.path.join(self.b, "calc"), what)
        _, out, _ = c.run(["ccache", "--print-stats"], env=e, quiet=True)
        stats = {}
        for line in out.splitlines():
            key, _, value = line.partition("\t")
            if value.strip().isdigit():
                stats[key] = int(value)
        hits = (stats.get("direct_cache_hit", 0) +
                stats.get("preprocessed_cache_hit", 0))
        print("%s: %d hits, %d misses" % (what, hits,
                                          stats.get("cache_miss", 0)))
        return hits, stats.get("cache_miss", 0)

    def expect(self, got, hits, what):
        n = len(SOURCES)
        want = (n, 0) if hits else (0, n)
        check(got == want, "%s: %d ccache hits and %d misses; expected %d "
              "and %d" % ((what,) + got + want))


def ccache_missing():
    if shutil.which("ccache"):
        return False
    print("SKIP: ccache is not installed")
    return True


def case_ccache(c):
    """CMAKE_C_COMPILER_LAUNCHER=ccache with flexcc as the compiler (ccache
    takes it for a compiler of type 'other' and runs 'flexcc -E' for its
    preprocessor mode): the image is right, and a clean rebuild with the same
    cache hits for every object. In depend mode (CCACHE_DEPEND, which hashes
    the files of flexcc's depfile, the config among them) and with the config
    named in CCACHE_EXTRAFILES, editing the config misses and the new objects
    have the new records. (Depend mode needs a cache of its own: an entry
    that the default mode made, listing no config, still matches after an
    edit.)"""
    if ccache_missing():
        return SKIP
    cc = Ccache(c)
    cc.expect(cc.build("ccache, first build"), False, "ccache, first build")
    c.check_records(cc.objs, "ccache, first build")
    cc.expect(cc.build("ccache, clean rebuild"), True,
              "ccache, clean rebuild")
    c.check_records(cc.objs, "ccache, clean rebuild")

    moved = dict(COMPARTMENT)
    for what, env in (("CCACHE_DEPEND=1", {"CCACHE_DEPEND": "1"}),
                      ("CCACHE_EXTRAFILES=flexcc.yaml",
                       {"CCACHE_EXTRAFILES": cc.cfg})):
        cc = Ccache(c, "ccache-" + what.split("=")[0].lower())
        what = "ccache " + what
        cc.expect(cc.build(what, env), False, what + ", first build")
        cc.expect(cc.build(what, env), True, what + ", clean rebuild")
        moved = move_strlib(c, moved)
        cc.expect(cc.build(what, env), False, what + ", config edited")
        c.check_records(cc.objs, what + ", config edited", moved)


def case_ccache_config_edit(c):
    """ccache in its default mode must not give back objects made for the
    previous config: the config decides each source's library and
    compartment (its record) and its gates."""
    if ccache_missing():
        return SKIP
    cc = Ccache(c)
    cc.build("ccache, first build")
    moved = move_strlib(c, COMPARTMENT)
    cc.expect(cc.build("ccache, config edited"), False,
              "ccache (default mode), config edited")
    c.check_records(cc.objs, "ccache (default mode), config edited", moved)


# --------------------------------------------------------------------------
# Quiet on success


def case_quiet(c):
    """A successful compile and link print nothing, as cc; a warning of the
    real compiler still shows, naming the user's file."""
    cfg = os.path.join(c.proj, "flexcc.yaml")
    inc = "-I" + os.path.join(c.proj, "include")
    for mech, extra in (("none", []),
                        ("mpk", ["--runtime-dir", c.a.loopback_dir])):
        common = [c.flexcc, "--config", cfg, "--mechanism=" + mech] + extra
        objs = []
        for src in SOURCES:
            obj = os.path.join(c.work, mech + "-" + os.path.basename(src)
                               + ".o")
            status, out, err = c.run(common + [inc, "-O2", "-Wall", "-MMD",
                                               "-c", src, "-o", obj],
                                     quiet=True)
            check(status != 0 or (out == "" and err == ""),
                  "flexcc -c %s (%s) printed:\n%s%s" % (src, mech, out, err))
            objs.append(obj)
        image = os.path.join(c.work, "calc-" + mech)
        status, out, err = c.run(common + ["-o", image] + objs, quiet=True)
        check(status != 0 or (out == "" and err == ""),
              "the %s link printed:\n%s%s" % (mech, out, err))
        c.check_image(image, "quiet, " + mech)
        # One command: compile and link.
        status, out, err = c.run(common + [inc, "-o", image + "-1"] +
                                 SOURCES, quiet=True)
        check(status != 0 or (out == "" and err == ""),
              "flexcc compiling and linking in one command (%s) printed:\n"
              "%s%s" % (mech, out, err))

    warn = os.path.join(c.proj, "app", "warn.c")
    with open(warn, "w") as f:
        f.write('#include "calc.h"\n\nint app_warn(void)\n{\n'
                '\tint unused;\n\treturn flexos_gate(libmathlib, math_add, '
                '1, 2);\n}\n')
    status, out, err = c.run([c.flexcc, "--config", cfg, inc, "-Wall", "-c",
                              "app/warn.c", "-o",
                              os.path.join(c.work, "warn.o")], quiet=True)
    check(status == 0 and out == "" and
          re.search(r"^app/warn\.c:5:\d+: warning: unused variable 'unused'",
                    err, re.M),
          "a warning: status %d, stdout\n%s\nstderr\n%s" % (status, out, err))


CASES = {
    "make-cc": case_make_cc,
    "make-env": case_make_env,
    "make-abs": case_make_abs,
    "make-mpk": case_make_mpk,
    "make-ept": case_make_ept,
    "make-incremental": case_make_incremental,
    "ninja-incremental": case_ninja_incremental,
    "config-dep": case_config_dep,
    "ccache": case_ccache,
    "ccache-config-edit": case_ccache_config_edit,
    "quiet": case_quiet,
    "meson": case_meson,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--runtime-include", required=True)
    ap.add_argument("--loopback-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    for tool in ("make", "ar", "objcopy", "nm"):
        if not shutil.which(tool):
            print("SKIP: %s is not installed" % tool)
            return SKIP
    if args.case in ("ninja-incremental", "config-dep", "ccache",
                     "ccache-config-edit") and not (
            shutil.which("cmake") and shutil.which("ninja")):
        print("SKIP: cmake or ninja is not installed")
        return SKIP
    c = Ctx(args)
    try:
        status = CASES[args.case](c)
    except Abort:
        status = 1
    if status == SKIP:
        return SKIP
    if failures:
        print("%d failure(s) in case %s" % (len(failures), args.case))
        return 1
    print("case %s: ok" % args.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
