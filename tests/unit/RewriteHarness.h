//===--- RewriteHarness.h - run the rewrites on in-memory code ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// For the rewriters' unit tests: parses one in-memory source (and headers)
// as flexcc's own parse does, under a config held in a virtual /v
// directory, runs every rewrite, and applies the main file's edits.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_TESTS_UNIT_REWRITEHARNESS_H
#define FLEXCC_TESTS_UNIT_REWRITEHARNESS_H

#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "gtest/gtest.h"
#include <string>
#include <utility>
#include <vector>

namespace flexcc {
namespace unittest {

struct RewriteRun {
  std::string Text; ///< The rewritten main file.
  std::string Diags;
  rewriters::TuResult Result;
  bool Ok = false; ///< The parse and the rewrites reported no error.
};

struct RewriteSetup {
  const char *ConfigText = nullptr; ///< Read as /v/flexcc.yaml.
  ConfigOverrides Overrides;
  std::string Name = "/v/app/main.c"; ///< The main file's path.
  /// Other in-memory files: path, contents.
  std::vector<std::pair<std::string, std::string>> Files;
  std::vector<std::string> ExtraArgs; ///< Before the main file.
};

/// Runs every rewrite on \p Code as \p S describes; the parse gets what
/// flexcc's gets (-w, -D__FLEXCC__=1, the runtime's include directory).
inline RewriteRun runRewrites(const RewriteSetup &S, llvm::StringRef Code) {
  RewriteRun R;
  std::string ConfigErrs;
  llvm::raw_string_ostream ErrOS(ConfigErrs);
  std::unique_ptr<Config> Cfg =
      loadConfigFromString(S.ConfigText, "/v/flexcc.yaml", S.Overrides, ErrOS);
  EXPECT_TRUE(Cfg) << ErrOS.str();
  if (!Cfg)
    return R;

  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Overlay->pushOverlay(Mem);
  Mem->addFile(S.Name, 0, llvm::MemoryBuffer::getMemBufferCopy(Code));
  for (const auto &F : S.Files)
    Mem->addFile(F.first, 0, llvm::MemoryBuffer::getMemBufferCopy(F.second));
  auto Files = llvm::makeIntrusiveRefCnt<clang::FileManager>(
      clang::FileSystemOptions(), Overlay);

  std::vector<std::string> Args = {
      endsWith(S.Name, ".cpp") ? "clang++" : "clang", "-fsyntax-only", "-w",
      "-D__FLEXCC__=1", "-I" FLEXCC_SOURCE_DIR "/runtime/include",
      "-resource-dir", FLEXCC_CLANG_RESOURCE_DIR};
  Args.insert(Args.end(), S.ExtraArgs.begin(), S.ExtraArgs.end());
  Args.push_back(S.Name);
  llvm::raw_string_ostream DiagOS(R.Diags);
  auto Opts = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
#if LLVM_VERSION_MAJOR >= 17
  // No line-number gutter (clang 17+), so that expectations hold for all.
  Opts->ShowLineNumbers = false;
#endif
  clang::TextDiagnosticPrinter Printer(DiagOS, Opts.get());
  clang::tooling::ToolInvocation Inv(
      Args, rewriters::createRewriteAction(*Cfg, R.Result), Files.get());
  Inv.setDiagnosticConsumer(&Printer);
  R.Ok = Inv.run() && !Printer.getNumErrors();
  DiagOS.flush();
  auto Applied =
      clang::tooling::applyAllReplacements(Code, R.Result.Edits[S.Name]);
  EXPECT_TRUE(bool(Applied));
  if (Applied)
    R.Text = *Applied;
  else
    llvm::consumeError(Applied.takeError());
  return R;
}

} // namespace unittest
} // namespace flexcc

#endif // FLEXCC_TESTS_UNIT_REWRITEHARNESS_H
