//===--- ShareGlobalsRewrite.h - shared globals to shared sections -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The 'share-globals' rewrite: every variable with static storage duration
// that is marked shared (__flexos_shared, __attribute__((flexos_whitelist)),
// FlexOS's __section(".data_shared") and its attribute form) is placed in
// the shared sections, under every mechanism: the annotation's text, where it
// is written, becomes a section attribute naming '.flexos_shared.rodata' (a
// variable const all the way, with constant initialisation) or
// '.flexos_shared.data' (everything else, zero-initialised variables
// included). Shared locals with automatic storage are left alone (they are
// shared stack data, another rewrite's job). No line is added or removed.
// See docs/rewrites/share-globals.md.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_SHAREGLOBALSREWRITE_H
#define FLEXCC_REWRITERS_SHAREGLOBALSREWRITE_H

#include "rewriters/RewriteSupport.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <map>
#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class Attr;
class PPCallbacks;
class SourceManager;
class VarDecl;
} // namespace clang

namespace flexcc {
namespace rewriters {

class ShareGlobalsRewrite {
public:
  static constexpr const char *Id = "share-globals";
  static constexpr const char *DataSection = ".flexos_shared.data";
  static constexpr const char *RodataSection = ".flexos_shared.rodata";

  /// The config is not consulted: placement is the same under every
  /// mechanism.
  ShareGlobalsRewrite(const Config &, TuResult &Out) : Out(Out) {}

  /// A preprocessor callback that notes the arguments of function-like
  /// macros whose body names the 'section' attribute (Unikraft's
  /// __section(s)), so that the section name passed to them can be found
  /// where it is written. Add it to the preprocessor that parses the
  /// translation unit; it must not outlive this.
  std::unique_ptr<clang::PPCallbacks>
  createExpansionRecorder(const clang::SourceManager &SM);
  /// Finds the shared variables of the translation unit and records the
  /// edits in the TuResult; call once, after the parse.
  void run(clang::ASTContext &Ctx);

private:
  void handleVar(clang::ASTContext &Ctx, const clang::VarDecl *VD);
  /// The shared section of the variable that \p VD declares.
  llvm::StringRef sectionFor(clang::ASTContext &Ctx, const clang::VarDecl *VD);
  /// Records the edit that turns the shared marker \p A into \p Section.
  bool rewriteMarker(clang::ASTContext &Ctx, const clang::VarDecl *VD,
                     const clang::Attr *A, llvm::StringRef Section);
  void addEdit(clang::ASTContext &Ctx, clang::SourceLocation Spelling,
               unsigned Length, std::string Text, clang::SourceLocation Origin,
               const clang::VarDecl *VD);
  void report(clang::ASTContext &Ctx, clang::SourceLocation Loc,
              llvm::StringRef Message);

  TuResult &Out;

  /// The arguments of one expansion of a macro that names 'section': for
  /// each parameter, the spelling location of the argument when it is one
  /// token (invalid otherwise).
  struct SectionMacroArgs {
    std::vector<std::pair<std::string, clang::SourceLocation>> Params;
  };
  /// By the location of the macro's name token, as the expansion records it.
  llvm::DenseMap<clang::SourceLocation, SectionMacroArgs> SectionMacros;
  class ExpansionRecorder;

  /// Edits by place and length; one place asked for two different texts (a
  /// macro body used by variables of different sections) is an error.
  EditMap Edits;
  FilePaths Paths;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_SHAREGLOBALSREWRITE_H
