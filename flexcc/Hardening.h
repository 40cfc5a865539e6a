//===--- Hardening.h - per-compartment compiler hardening ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A compartment's 'hardening:' names (stack-protector, fortify, ubsan, asan,
// safe-stack, cfi) turned into the real compiler's flags: compile flags for
// the sources of that compartment only, and the sanitizer runtimes the
// image's link needs when any compartment is instrumented. See
// docs/hardening.md.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_HARDENING_H
#define FLEXCC_FLEXCC_HARDENING_H

#include "flexcc/Config.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace flexcc {

/// Appends to \p Cmd, a compile command of the real compiler that already
/// holds the user's flags, the hardening flags of the compartment that
/// \p InputPath (a source, as written on the command line) belongs to.
/// \p IsClang tells whether the real compiler is clang. Returns 0, or an
/// exit status (1: the config asks for what cannot be done, 2: the real
/// compiler cannot do it) with \p Error set to a whole diagnostic,
/// "cfg.yaml:L:C: error: ...\n", located at the compartment.
int appendHardeningCompileFlags(const Config &Cfg, llvm::StringRef InputPath,
                                bool IsClang, std::vector<std::string> &Cmd,
                                std::string &Error);

/// Appends to \p Cmd, the image's link command, the sanitizer runtimes that
/// the image's compartments need (e.g. -fsanitize=address when one of them
/// has 'asan'). Same return convention.
int appendHardeningLinkFlags(const Config &Cfg, bool IsClang,
                             std::vector<std::string> &Cmd,
                             std::string &Error);

/// The compile flags of \p C's hardening alone (no check of the real
/// compiler). \p UserArgs is the command they are added to: 'fortify' adds
/// -O1 when it holds no -O or ends with -O0, and keeps a
/// -D_FORTIFY_SOURCE=3 given there.
std::vector<std::string>
hardeningCompileFlags(const Compartment &C,
                      const std::vector<std::string> &UserArgs);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_HARDENING_H
