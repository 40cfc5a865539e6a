#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Proves that flexcc builds and passes its tests against other LLVM releases
# packaged by Debian 12 (16 and 19 by default). Not part of the default test
# run: each version is a full build (a few minutes on 2 cores).
#
#   tests/llvm-versions.sh [--no-install] [VERSION...]
#
# For each VERSION: installs llvm-V-dev, libclang-V-dev, libclang-cppV-dev and
# clang-V (skipped when present), configures build-llvmV/ with
# -DFLEXCC_LLVM_VERSION=V, builds, and runs every test except the slow
# robustness run. The corpus goldens are shared: the rewrite must not depend
# on the LLVM release. Prints one summary line per version; exits non-zero if
# any version fails.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
install=1
versions=()
for a in "$@"; do
  case "$a" in
    --no-install) install=0 ;;
    -h|--help) sed -n '3,14p' "$0"; exit 0 ;;
    [0-9]*) versions+=("$a") ;;
    *) echo "llvm-versions: unknown argument '$a'" >&2; exit 2 ;;
  esac
done
[[ ${#versions[@]} -gt 0 ]] || versions=(16 19)

run_as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@";
  else echo "llvm-versions: need root (or sudo) to install $*" >&2; return 1; fi
}

status=0
summary=()
for v in "${versions[@]}"; do
  pkgs=(llvm-$v-dev libclang-$v-dev libclang-cpp$v-dev clang-$v)
  if [[ $install -eq 1 ]]; then
    missing=()
    for p in "${pkgs[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
      run_as_root apt-get update -q
      run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
  fi
  build="$repo/build-llvm$v"
  log="$build/llvm-versions.log"
  mkdir -p "$build"
  echo "== LLVM $v: configuring and building in $build (log: $log)"
  if cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DFLEXCC_LLVM_VERSION="$v" -DFLEXCC_BUILD_BENCH=OFF >"$log" 2>&1 &&
     ninja -C "$build" >>"$log" 2>&1; then
    if (cd "$build" && ctest -LE slow -j "$(nproc)" --output-on-failure) >>"$log" 2>&1; then
      line=$(grep -E "tests passed" "$log" | tail -1)
      summary+=("LLVM $v: OK: $line")
    else
      summary+=("LLVM $v: TESTS FAILED: $(grep -E 'tests passed' "$log" | tail -1) (see $log)")
      status=1
    fi
  else
    summary+=("LLVM $v: BUILD FAILED (see $log)")
    grep -E "error" "$log" | head -20 >&2 || true
    status=1
  fi
done
printf '%s\n' "${summary[@]}"
exit $status
