//===--- LowerGateRewrite.h - lower gates to calls or stubs ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The 'lower-gate' rewrite: finds every gate (flexos_gate and the FlexOS
// spellings of flexos.h) in a translation unit and rewrites its text where it
// is written, in the file or in a macro body, into
//  - a plain call 'f(args)' when caller and callee share a compartment, the
//    mechanism is 'none' or the callee is in libc (the trusted base);
//  - otherwise a call to '__flexcc_gate__<from>__<to>__<f>', a stub with f's
//    prototype that the per-image generated file defines, declared in the
//    rewritten file just before the first top-level declaration using it.
// Rewrites never add or remove a line, so the real compiler's diagnostics,
// __LINE__ and debug info still match the original source.
// See docs/rewrites/lower-gate.md.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_LOWERGATEREWRITE_H
#define FLEXCC_REWRITERS_LOWERGATEREWRITE_H

#include "rewriters/AbiTypePrinter.h"
#include "rewriters/CopySharing.h"
#include "rewriters/RewriteSupport.h"
#include "rewriters/Rewrites.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <memory>

namespace clang {
class PPCallbacks;
class SourceManager;
} // namespace clang

namespace flexcc {
struct Compartment;
struct Library;
namespace rewriters {

class LowerGateRewrite : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  static constexpr const char *Id = "lower-gate";

  LowerGateRewrite(const Config &Cfg, TuResult &Out,
                   RewriteOptions Opts = RewriteOptions())
      : Cfg(Cfg), Out(Out), Opts(Opts) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  /// A preprocessor callback that notes where each gate macro's name and
  /// closing parenthesis are written. Clang keeps, for a macro expanded inside
  /// another macro's argument, only where the outer argument went; the
  /// rewrite needs where the gate itself is written. Add it to the
  /// preprocessor that parses the translation unit; it must not outlive this.
  std::unique_ptr<clang::PPCallbacks>
  createExpansionRecorder(const clang::SourceManager &SM);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  /// Adds the stub declarations and the object record; call once after the
  /// matchers ran.
  void finish(clang::ASTContext &Ctx);

private:
  struct Gate;
  /// A place in a file: file path and byte offset.
  using Place = std::pair<std::string, unsigned>;

  bool decodeMarker(const clang::CallExpr *Call, Gate &G);
  bool locateInvocation(clang::ASTContext &Ctx, Gate &G);
  bool checkArguments(clang::ASTContext &Ctx, const clang::CallExpr *Call,
                      const clang::FunctionDecl *FD);
  bool prepareStub(clang::ASTContext &Ctx, Gate &G);
  void addEdit(clang::ASTContext &Ctx, llvm::StringRef File, unsigned Begin,
               unsigned End, std::string Text, clang::SourceLocation Origin);
  void declareStub(clang::ASTContext &Ctx, const Gate &G);
  void shareLiteralArguments(clang::ASTContext &Ctx, const Gate &G,
                             clang::SourceLocation Origin);
  void report(clang::ASTContext &Ctx, clang::SourceLocation Loc,
              llvm::StringRef Message);
  std::string fileLibraryName() const;
  /// The file-level declaration that contains \p Loc, if any.
  const clang::Decl *topLevelDeclAt(clang::ASTContext &Ctx,
                                    clang::SourceLocation Loc);

  const Config &Cfg;
  TuResult &Out;
  RewriteOptions Opts;
  bool Started = false;
  const Library *FileLib = nullptr;
  const Compartment *FileComp = nullptr;
  std::unique_ptr<AbiTypePrinter> Printer;
  CopySpecReader CopyAnnotations;

  /// A gate macro's invocation as the preprocessor saw it: spelling
  /// locations of its name and closing parenthesis, and whether the name is
  /// written directly in a file (not in a macro body).
  struct Invocation {
    clang::SourceLocation Name, RParen;
    bool NameInFile = false;
    bool Ambiguous = false;
  };
  /// Invocations by the spelling location of their callee argument's first
  /// token, which the AST also reaches.
  llvm::DenseMap<clang::SourceLocation, Invocation> Invocations;
  class ExpansionRecorder;

  FilePaths Paths;
  struct TopLevelDecl {
    clang::SourceLocation Begin, End;
    const clang::Decl *D;
  };
  std::vector<TopLevelDecl> TopLevel; ///< In translation-unit order.

  llvm::DenseSet<const clang::CallExpr *> Seen;
  /// Text edits by place and length; two gates that need different text at
  /// one place (a macro body expanded twice) are an error.
  EditMap Edits;
  /// A stub declaration: before the first file-level declaration that uses it.
  struct StubDecl {
    Place At;
    std::string Text;
  };
  /// The stub declarations to insert, by "file\0stub", and in the order
  /// they were first needed.
  llvm::StringMap<StubDecl> StubDeclAt;
  std::vector<llvm::StringRef> StubDeclOrder;
  llvm::StringSet<> RecordedStubs;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_LOWERGATEREWRITE_H
