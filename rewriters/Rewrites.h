//===--- Rewrites.h - run flexcc's rewrites on a translation unit -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The rewriters library: AST rewrites that turn annotated sources into the
// sources of one image. It does no I/O of its own: edits go into a
// caller-owned map of tooling::Replacements, diagnostics into the
// CompilerInstance's DiagnosticsEngine ("file:line:col: error: ... [id]"),
// and what the link step needs into an ObjectRecord.
//
// Every rewrite is registered in Rewrites.cpp under a kebab-case id.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_REWRITES_H
#define FLEXCC_REWRITERS_REWRITES_H

#include "rewriters/GateRecord.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Core/Replacement.h"
#include <map>
#include <memory>
#include <string>

namespace flexcc {
class Config;
namespace rewriters {

/// What the rewrite of one translation unit produced.
struct TuResult {
  /// Edits by absolute file path: the main file and any header it includes
  /// that holds gates. Files without edits are absent.
  std::map<std::string, clang::tooling::Replacements> Edits;
  ObjectRecord Record;
};

/// The ids of the registered rewrites, in the order they run.
std::vector<llvm::StringRef> rewriteIds();

struct RewriteOptions {
  /// Report, as clang remarks, what is otherwise done silently (a gate to
  /// libc lowered to a plain call). flexcc -v sets it.
  bool Remarks = false;
};

/// A frontend action that parses one TU and runs every rewrite on it,
/// filling \p Out. \p Cfg and \p Out must outlive the action. The action
/// expects __FLEXCC__ to be defined and flexos.h to be reachable; errors are
/// reported through the compiler's DiagnosticsEngine, and the caller should
/// discard \p Out if any error occurred.
std::unique_ptr<clang::FrontendAction>
createRewriteAction(const Config &Cfg, TuResult &Out,
                    RewriteOptions Opts = RewriteOptions());

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_REWRITES_H
