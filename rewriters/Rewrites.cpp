//===--- Rewrites.cpp - the registry of flexcc's rewrites ----------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Every rewrite is listed here under its kebab-case id; the action runs them
// over one translation unit in that order.
//
//===----------------------------------------------------------------------===//
#include "rewriters/Rewrites.h"
#include "rewriters/CallbackRewrite.h"
#include "rewriters/LowerGateRewrite.h"
#include "rewriters/ShareGlobalsRewrite.h"
#include "rewriters/ShareLocalsRewrite.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;

namespace flexcc {
namespace rewriters {

std::vector<llvm::StringRef> rewriteIds() {
  return {LowerGateRewrite::Id, ShareGlobalsRewrite::Id,
          ShareLocalsRewrite::Id, CallbackRewrite::Id};
}

namespace {

class RewriteConsumer : public ASTConsumer {
public:
  RewriteConsumer(const Config &Cfg, TuResult &Out, RewriteOptions Opts)
      : LowerGate(Cfg, Out, Opts), ShareGlobals(Cfg, Out),
        ShareLocals(Cfg, Out), Callbacks(Cfg, Out) {
    LowerGate.registerMatchers(Finder);
  }

  LowerGateRewrite &lowerGate() { return LowerGate; }
  ShareGlobalsRewrite &shareGlobals() { return ShareGlobals; }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // After a parse error the AST may be partial: report nothing more.
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    Finder.matchAST(Ctx);
    LowerGate.finish(Ctx);
    ShareGlobals.run(Ctx);
    ShareLocals.run(Ctx);
    Callbacks.run(Ctx); // Last: it merges its insertions with the others'.
  }

private:
  ast_matchers::MatchFinder Finder;
  LowerGateRewrite LowerGate;
  ShareGlobalsRewrite ShareGlobals;
  ShareLocalsRewrite ShareLocals;
  CallbackRewrite Callbacks;
};

class RewriteAction : public ASTFrontendAction {
public:
  RewriteAction(const Config &Cfg, TuResult &Out, RewriteOptions Opts)
      : Cfg(Cfg), Out(Out), Opts(Opts) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    auto Consumer = std::make_unique<RewriteConsumer>(Cfg, Out, Opts);
    CI.getPreprocessor().addPPCallbacks(
        Consumer->lowerGate().createExpansionRecorder(CI.getSourceManager()));
    CI.getPreprocessor().addPPCallbacks(
        Consumer->shareGlobals().createExpansionRecorder(CI.getSourceManager()));
    return Consumer;
  }

private:
  const Config &Cfg;
  TuResult &Out;
  RewriteOptions Opts;
};

} // namespace

std::unique_ptr<FrontendAction>
createRewriteAction(const Config &Cfg, TuResult &Out, RewriteOptions Opts) {
  return std::make_unique<RewriteAction>(Cfg, Out, Opts);
}

} // namespace rewriters
} // namespace flexcc
