#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""flexcc as a build system sees a compiler: `flexcc -v` alone, sources on
standard input, flexcc++ as a C++ driver, depfiles that list the
configuration, `flexcc rewrite -p` with a compile_commands.json, and flexcc
as a compiler launcher. One test per function; each prints PASS or fails."""
import argparse
import os
import subprocess
import sys
import tempfile

CONFIG = """image: drv
libraries:
  app: { sources: ["*.c", "*.cpp"] }
  lib: { sources: [lib/*.c] }
compartments:
  - { name: main, default: true, libraries: [app] }
  - { name: other, libraries: [lib] }
"""
MAIN = """#include <flexos.h>
#include <stdio.h>
int twice(int);
int main(void) { printf("%d\\n", flexos_gate(liblib, twice, 21)); return 0; }
"""
LIB = "int twice(int x) { return 2 * x; }\n"


def run(cmd, cwd, stdin=None, ok=True):
    p = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True,
                       text=True)
    if ok and p.returncode != 0:
        sys.exit("FAIL: %s exited %d\n%s%s" % (" ".join(cmd), p.returncode,
                                                p.stdout, p.stderr))
    return p


def check(cond, what, p=None):
    if not cond:
        extra = "" if p is None else "\nstdout:\n%s\nstderr:\n%s" % (p.stdout, p.stderr)
        sys.exit("FAIL: " + what + extra)


def version(fx, d):
    p = run([fx, "-v"], d)
    check("clang version" in p.stderr or "gcc version" in p.stderr,
          "`flexcc -v` alone prints the real compiler's version", p)
    check(p.stdout == "" and "flexcc" not in p.stderr,
          "`flexcc -v` alone prints nothing of flexcc's own", p)


def stdin(fx, d):
    p = run([fx, "-E", "-dM", "-"], d, stdin="")
    check("#define __FLEXCC__" not in p.stdout and "#define __x86_64__ 1" in p.stdout,
          "`flexcc -E -dM -` prints the real compiler's predefined macros", p)
    run([fx, "-x", "c", "-c", "-", "-o", "s.o"], d, stdin=MAIN)
    run([fx, "s.o", "lib/lib.c", "-o", "s.exe"], d)
    p = run([os.path.join(d, "s.exe")], d)
    check(p.stdout == "42\n", "a source on stdin compiles into a working image", p)
    p = run([fx, "-c", "-", "-o", "t.o"], d, stdin=MAIN, ok=False)
    check(p.returncode == 2 and "-E or -x required when input is from standard input"
          in p.stderr, "`-c -` without -x is a usage error", p)
    p = run([fx, "-x", "c", "-c", "-", "-o", "u.o"], d,
            stdin="#include <flexos.h>\nint g(int);\nint f(void) { return flexos_gate(libnope, g, 1); }\n",
            ok=False)
    check(p.returncode == 1 and "<stdin>:3:" in p.stderr and
          "unknown library 'libnope'" in p.stderr,
          "an error in a source on stdin is located in <stdin>", p)


def cxx_driver(fx, d):
    fxx = fx + "++"
    check(os.path.exists(fxx), "flexcc++ is built next to flexcc")
    with open(os.path.join(d, "cxx.c"), "w") as f:
        f.write(MAIN.replace("int main(void) {",
                             "int main(void) { int *p = static_cast<int *>(nullptr); (void)p;"))
    run([fxx, "-c", "cxx.c", "-o", "cxx.o"], d)
    nm = run(["nm", "cxx.o"], d).stdout
    check("_Z5twicei" in nm, "flexcc++ compiles a .c source as C++ (mangled names)")
    p = run([fxx, "cxx.c", "lib/lib.c", "-o", "cxx.exe"], d, ok=False)
    # lib.c is C++ too under flexcc++: twice(int) is mangled on both sides.
    check(p.returncode == 0, "flexcc++ links a C++ image", p)
    check(p.stderr == "", "flexcc++ is quiet on success (no 'treating c as c++' warning)", p)
    check(run([os.path.join(d, "cxx.exe")], d).stdout == "42\n", "the flexcc++ image runs")


def depfile(fx, d):
    run([fx, "-c", "main.c", "-MD", "-MF", "main.d", "-o", "main.o"], d)
    text = open(os.path.join(d, "main.d")).read()
    first_rule = text.split("\n\n")[0]
    check(os.path.join(d, "flexcc.yaml") in first_rule,
          "the depfile lists the configuration:\n" + text)
    check(first_rule.split(":", 1)[1].split()[0] == "main.c",
          "the source stays the first prerequisite:\n" + text)


def compile_db(fx, d):
    # Options (a relative -I, a -D) that only the database knows; the
    # library's command runs in another directory.
    os.makedirs(os.path.join(d, "inc"))
    os.makedirs(os.path.join(d, "build"))
    with open(os.path.join(d, "inc", "api.h"), "w") as f:
        f.write("#include <flexos.h>\nint twice(int);\n")
    with open(os.path.join(d, "db.c"), "w") as f:
        f.write('#include "api.h"\nint use(void) { return flexos_gate(liblib, twice, WHAT); }\n')
    import json
    with open(os.path.join(d, "build", "compile_commands.json"), "w") as f:
        json.dump([{"directory": d, "file": "db.c",
                    "command": "cc -Iinc -DWHAT=21 -c db.c -o build/db.o"},
                   {"directory": os.path.join(d, "lib"), "file": "lib.c",
                    "arguments": ["cc", "-c", "lib.c", "-o", "../build/lib.o"]}], f)
    out = os.path.join(d, "out")
    run([fx, "rewrite", "--mechanism=mpk", "-p", "build", "-o", out], d)
    text = open(os.path.join(out, "db.c")).read()
    check("__flexcc_gate__main__other__twice(WHAT)" in text,
          "rewrite -p rewrites every source of the database with its options:\n" + text)
    check(os.path.exists(os.path.join(out, "lib", "lib.c")) and
          os.path.exists(os.path.join(out, "drv.flexcc.c")),
          "rewrite -p writes every source and the stubs")
    p = run([fx, "rewrite", "-o", os.path.join(d, "out2"), "db.c"], d, ok=False)
    check(p.returncode == 1 and "api.h" in p.stderr,
          "without -p the database's options are missing", p)
    p = run([fx, "rewrite", "-p", "build", "-o", os.path.join(d, "out3"), "main.c"],
            d, ok=False)
    check(p.returncode == 1 and "'main.c' has no command in 'build/compile_commands.json'"
          in p.stderr, "a source the database does not know is an error", p)


def launcher(fx, d):
    # As CMAKE_C_COMPILER_LAUNCHER would run it: flexcc, its options, then
    # the real compiler and its arguments.
    run([fx, "--config=flexcc.yaml", "/usr/bin/cc", "-c", "main.c", "-o", "l1.o"], d)
    run([fx, "--config=flexcc.yaml", "cc", "-c", "lib/lib.c", "-o", "l2.o"], d)
    p = run([fx, "--config=flexcc.yaml", "-v", "cc", "l1.o", "l2.o", "-o", "l.exe"], d)
    check("/usr/bin/cc" in p.stderr or "cc " in p.stderr.split("\n")[0],
          "the launcher form links with the compiler it was given", p)
    check("collect2" in p.stderr or "ld" in p.stderr,
          "with -v the real compiler shows its own link steps (CMake reads them)", p)
    check(run([os.path.join(d, "l.exe")], d).stdout == "42\n",
          "the launcher-built image runs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flexcc", required=True)
    ap.add_argument("test", choices=["version", "stdin", "cxx-driver", "depfile",
                                     "compile-db", "launcher"])
    a = ap.parse_args()
    fx = os.path.abspath(a.flexcc)
    with tempfile.TemporaryDirectory(prefix="flexcc-driver-") as d:
        os.makedirs(os.path.join(d, "lib"))
        for name, text in (("flexcc.yaml", CONFIG), ("main.c", MAIN),
                           ("lib/lib.c", LIB)):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        os.environ["FLEXOS_CONFIG"] = os.path.join(d, "flexcc.yaml")
        {"version": version, "stdin": stdin, "cxx-driver": cxx_driver,
         "depfile": depfile, "compile-db": compile_db,
         "launcher": launcher}[a.test](fx, d)
    print("PASS " + a.test)


if __name__ == "__main__":
    main()
