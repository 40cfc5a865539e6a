//===--- ShareLocalsRewrite.h - shared stack data -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The 'share-locals' rewrite: every local variable with automatic storage
// marked shared (__flexos_shared, __attribute__((flexos_whitelist))) is
// relocated where other compartments can reach it, by the config's sharing
// strategy:
//  - dss: every use 'x' becomes '__FLEXOS_DSS(x)', the object at a fixed
//    offset from x's stack slot in the thread's data shadow stack; the
//    declaration stays (it reserves the slot) and, when it has an
//    initializer, is followed by '__FLEXOS_DSS_INIT(x);' which copies the
//    initialized bytes to the shadow. Under mechanism none both macros are
//    the identity (flexos.h), so the object code is the unannotated one.
//  - heap: 'T x = init;' becomes a pointer 'x__flexcc_shared' to a
//    shared-heap block of T's size, released by a cleanup attribute at
//    every exit of its scope; the initializer runs on a temporary that is
//    copied into the block; every use 'x' becomes '(*x__flexcc_shared)'.
// Variables with static storage are share-globals' job. What cannot be
// relocated safely is an error. No line is added or removed.
// See docs/rewrites/share-locals.md.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_SHARELOCALSREWRITE_H
#define FLEXCC_REWRITERS_SHARELOCALSREWRITE_H

#include "rewriters/RewriteSupport.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <map>
#include <string>

namespace clang {
class ASTContext;
class DeclRefExpr;
class DeclStmt;
class SourceManager;
class VarDecl;
} // namespace clang

namespace flexcc {
namespace rewriters {

class ShareLocalsRewrite {
public:
  static constexpr const char *Id = "share-locals";
  /// The suffix of the pointer that replaces a variable under 'heap'.
  static constexpr const char *HeapSuffix = "__flexcc_shared";

  ShareLocalsRewrite(const Config &Cfg, TuResult &Out) : Cfg(Cfg), Out(Out) {}

  /// Finds the shared locals of the translation unit and records the edits
  /// in the TuResult; call once, after the parse.
  void run(clang::ASTContext &Ctx);

  class Collector;

private:
  bool handleDecl(clang::ASTContext &Ctx, const clang::VarDecl *VD,
                  const clang::DeclStmt *DS);
  bool handleUse(clang::ASTContext &Ctx, const clang::DeclRefExpr *E);
  /// Where the token at \p Loc is written in a file, if it is written there
  /// or in a macro argument (not in a macro body, not pasted).
  bool writtenAt(clang::ASTContext &Ctx, clang::SourceLocation Loc,
                 clang::SourceLocation &Out);
  bool addEdit(clang::ASTContext &Ctx, clang::SourceLocation FileLoc,
               unsigned Length, std::string Text, const clang::VarDecl *VD);
  void report(clang::ASTContext &Ctx, clang::SourceLocation Loc,
              llvm::StringRef Message);

  const Config &Cfg;
  TuResult &Out;
  /// Edits by place and length. Insertions (length 0) at one place from
  /// different variables are concatenated; replacements must agree.
  EditMap Edits;
  FilePaths Paths;
  llvm::DenseMap<const clang::VarDecl *, const clang::DeclStmt *> DeclStmts;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_SHARELOCALSREWRITE_H
