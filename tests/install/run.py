#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/install: flexcc as users get it, installed or packaged.

  run.py toolchain  'cmake --install' into a fresh prefix, then build
                    tests/install/project (which knows nothing about flexcc)
                    with <prefix>/lib/cmake/FlexOS/flexos-toolchain.cmake, from
                    another directory; run it, compare with the plain build.
  run.py package    the same through find_package(FlexOS) + flexos_add_image
                    (tests/install/package/CMakeLists.txt).
  run.py deb        'cpack -G DEB', extract the .deb into a fresh root with
                    dpkg-deb, check its control fields, build the project with
                    the packaged toolchain file and link an 'mpk' image against
                    the packaged libflexcc-rt.a (with the loopback mechanism
                    runtime), run both.

Every check prints what it compared; exit status 0 when all hold.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")
CONFIG = os.path.join(PROJECT, "flexos.yaml")
SOURCES = ["app/main.c", "store/store.c", "codec/codec.c", "report/report.cpp"]


class Failure(Exception):
    pass


def run(cmd, cwd=None, env=None, capture=True):
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, cwd=cwd, env=env, text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.STDOUT if capture else None)
    if p.returncode != 0:
        if capture:
            sys.stdout.write(p.stdout)
        raise Failure("exit status %d: %s" % (p.returncode, " ".join(cmd)))
    return p.stdout if capture else ""


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def configure_and_build(args, src, build, defs, cwd):
    cmd = [args.cmake, "-S", src, "-B", build, "-G", args.generator]
    if args.make_program:
        cmd.append("-DCMAKE_MAKE_PROGRAM=" + args.make_program)
    run(cmd + defs, cwd=cwd)
    run([args.cmake, "--build", build, "--", "-j2"] if args.generator ==
        "Ninja" else [args.cmake, "--build", build], cwd=cwd)


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("ok:", what, flush=True)


def words(text):
    """CMake wraps its messages: compare them word by word."""
    return " ".join(text.split())


def output_of(image):
    return run([image])


def has_records(obj):
    with open(obj, "rb") as f:
        return b".flexcc.gates" in f.read()


def objects_under(build):
    out = []
    for root, _, files in os.walk(build):
        out += [os.path.join(root, f) for f in files
                if f.endswith((".c.o", ".cpp.o"))]
    return out


def plain_build(args, work, include_dir):
    """The project without flexcc: flexos.h reduces every gate to a call."""
    build = fresh(os.path.join(work, "plain"))
    configure_and_build(args, PROJECT, build,
                        ["-DCMAKE_C_FLAGS=-I" + include_dir], cwd=work)
    return output_of(os.path.join(build, "kvdemo"))


def install_prefix(args, work):
    prefix = fresh(os.path.join(work, "prefix"))
    run([args.cmake, "--install", args.build_dir, "--prefix", prefix])
    for rel in ["bin/flexcc", "lib/libflexcc-rt.a", "include/flexos.h",
                "include/flexcc/heap.h", "lib/cmake/FlexOS/FlexOSConfig.cmake",
                "lib/cmake/FlexOS/FlexOSConfigVersion.cmake",
                "lib/cmake/FlexOS/FlexccImage.cmake",
                "lib/cmake/FlexOS/FlexccArgs.cmake",
                "lib/cmake/FlexOS/flexos-toolchain.cmake",
                "lib/libflexcc-mpk.a", "include/flexcc/report.h",
                "share/doc/flexcc/build-integration.md"]:
        check(os.path.exists(os.path.join(prefix, rel)), "installed " + rel)
    return prefix


def check_image(build, image, expected):
    objs = objects_under(build)
    check(len(objs) == 4 and all(has_records(o) for o in objs),
          "the 4 objects under %s carry flexcc's gate records" % build)
    got = output_of(image)
    check(got == expected, "%s prints what the plain build prints" % image)


def compiler_of(build, lang):
    """CMAKE_<lang>_COMPILER as the build's compiler detection saved it."""
    files = os.path.join(build, "CMakeFiles")
    for d in os.listdir(files):
        f = os.path.join(files, d, "CMake%sCompiler.cmake" % lang)
        if os.path.exists(f):
            m = re.search(r'set\(CMAKE_%s_COMPILER "([^"]*)"\)' % lang,
                          open(f).read())
            return m.group(1) if m else None
    return None


def toolchain_build(args, work, name, toolchain, extra=()):
    build = fresh(os.path.join(work, name))
    configure_and_build(args, PROJECT, build,
                        ["-DCMAKE_TOOLCHAIN_FILE=" + toolchain,
                         "-DFLEXOS_CONFIG=" + CONFIG] + list(extra), cwd=work)
    return build


def test_toolchain(args, work):
    prefix = install_prefix(args, work)
    expected = plain_build(args, work, os.path.join(prefix, "include"))
    toolchain = os.path.join(prefix, "lib/cmake/FlexOS/flexos-toolchain.cmake")
    build = toolchain_build(args, work, "image", toolchain)
    check(compiler_of(build, "C") == prefix + "/bin/flexcc" and
          compiler_of(build, "CXX") == prefix + "/bin/flexcc++",
          "the C and C++ compilers are the installed flexcc and flexcc++")
    check_image(build, os.path.join(build, "kvdemo"), expected)
    # FLEXOS_MECHANISM and FLEXOS_RUNTIME_DIR: an isolating image, linked
    # from the static libraries with the loopback stand-in of its runtime.
    if args.loopback_dir:
        build = toolchain_build(args, work, "image-mpk", toolchain,
                                ["-DFLEXOS_MECHANISM=mpk",
                                 "-DFLEXOS_RUNTIME_DIR=" + args.loopback_dir])
        check_image(build, os.path.join(build, "kvdemo"), expected)
    # No configuration: a clear error before any compiler check.
    bad = fresh(os.path.join(work, "noconfig"))
    p = subprocess.run([args.cmake, "-S", PROJECT, "-B", bad, "-G",
                        args.generator, "-DCMAKE_TOOLCHAIN_FILE=" + toolchain],
                       text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT,
                       env=dict(os.environ, FLEXOS_CONFIG=""))
    check(p.returncode != 0 and "no image configuration" in words(p.stdout),
          "without FLEXOS_CONFIG the configure fails and says why")
    p = subprocess.run([args.cmake, "-S", PROJECT, "-B", bad, "-G",
                        args.generator, "-DCMAKE_TOOLCHAIN_FILE=" + toolchain,
                        "-DFLEXOS_CONFIG=" + os.path.join(work, "none.yaml")],
                       text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    check(p.returncode != 0 and "which is not a file" in words(p.stdout),
          "a FLEXOS_CONFIG that does not exist fails the configure")


def test_package(args, work):
    prefix = install_prefix(args, work)
    expected = plain_build(args, work, os.path.join(prefix, "include"))
    build = fresh(os.path.join(work, "image"))
    configure_and_build(args, os.path.join(HERE, "package"), build,
                        ["-DCMAKE_PREFIX_PATH=" + prefix], cwd=work)
    script = open(os.path.join(build, "flexos-image-kvdemo.sh")).read()
    check("'%s/bin/flexcc'" % prefix in script,
          "flexos_add_image runs the installed flexcc")
    check_image(build, os.path.join(build, "kvdemo", "kvdemo"), expected)


def test_deb(args, work):
    out = fresh(os.path.join(work, "cpack"))
    run([args.cpack, "--config", os.path.join(args.build_dir,
                                               "CPackConfig.cmake"),
         "-G", "DEB", "-B", out])
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    check(len(debs) == 1 and re.match(r"flexcc_[0-9.]+_\w+\.deb$", debs[0]),
          "cpack made one flexcc_<version>_<arch>.deb")
    deb = os.path.join(out, debs[0])
    fields = run(["dpkg-deb", "-f", deb, "Package", "Depends"])
    check("Package: flexcc" in fields, "the package is named flexcc")
    for dep in ["clang-", "libclang-cpp", "libllvm", "libyaml-cpp", "binutils"]:
        check(re.search(r"\b" + re.escape(dep), fields) is not None,
              "it depends on " + dep + "*")
    root = fresh(os.path.join(work, "root"))
    run(["dpkg-deb", "-x", deb, root])
    usr = os.path.join(root, "usr")
    flexcc = os.path.join(usr, "bin", "flexcc")
    version = run([flexcc, "--version"])
    check(version.startswith("flexcc version"), "the packaged flexcc runs")

    expected = plain_build(args, work, os.path.join(usr, "include"))
    toolchain = os.path.join(usr, "lib/cmake/FlexOS/flexos-toolchain.cmake")
    build = toolchain_build(args, work, "image", toolchain)
    check_image(build, os.path.join(build, "kvdemo"), expected)

    # An isolating image linked by hand, with the packaged runtime.
    if not args.loopback_dir:
        print("skip: no loopback runtimes, no mpk link")
        return
    objdir = fresh(os.path.join(work, "mpk"))
    common = [flexcc, "--config=" + CONFIG, "--mechanism=mpk",
              "--runtime-dir=" + args.loopback_dir]
    objs = []
    for src in SOURCES:
        obj = os.path.join(objdir, os.path.basename(src) + ".o")
        cmd = common + ["-c", os.path.join(PROJECT, src), "-o", obj,
                        "-I", os.path.join(PROJECT, "store"),
                        "-I", os.path.join(PROJECT, "codec"),
                        "-I", os.path.join(PROJECT, "report")]
        if src == SOURCES[0]:
            cmd.insert(1, "-v")
            log = run(cmd)
            check("-I %s/include" % usr in log,
                  "flexcc compiles against the packaged headers")
        else:
            run(cmd)
        objs.append(obj)
    image = os.path.join(objdir, "kvdemo")
    log = run([common[0], "-v"] + common[1:] + objs + ["-o", image])
    check("%s/lib/libflexcc-rt.a" % usr in log,
          "the image links the packaged libflexcc-rt.a")
    check(output_of(image) == expected,
          "the mpk image prints what the plain build prints")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=["toolchain", "package", "deb"])
    ap.add_argument("--build-dir", required=True,
                    help="flexcc's build directory (to install from)")
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--cpack", default="cpack")
    ap.add_argument("--generator", default="Ninja")
    ap.add_argument("--make-program", default="")
    ap.add_argument("--loopback-dir", default="",
                    help="where libflexcc-mpk.a (the loopback stand-in) is")
    args = ap.parse_args()
    work = fresh(os.path.abspath(args.work))
    try:
        {"toolchain": test_toolchain, "package": test_package,
         "deb": test_deb}[args.what](args, work)
    except Failure as e:
        print("FAIL:", e)
        return 1
    print("PASS:", args.what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
