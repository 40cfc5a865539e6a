//===--- RewriteSupport.cpp - what every rewrite needs -------------------===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//
#include "rewriters/RewriteSupport.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace flexcc {
namespace rewriters {

void reportError(ASTContext &Ctx, SourceLocation Loc, llvm::StringRef Id,
                 llvm::StringRef Message) {
  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  unsigned ID = DE.getCustomDiagID(DiagnosticsEngine::Error, "%0 [%1]");
  DE.Report(Loc, ID) << Message << Id;
}

void reportWarning(ASTContext &Ctx, SourceLocation Loc, llvm::StringRef Id,
                   llvm::StringRef Message) {
  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  bool Old = DE.getIgnoreAllWarnings();
  DE.setIgnoreAllWarnings(false);
  DE.Report(Loc, DE.getCustomDiagID(DiagnosticsEngine::Warning, "%0 [%1]"))
      << Message << Id;
  DE.setIgnoreAllWarnings(Old);
}

void reportNote(ASTContext &Ctx, SourceLocation Loc, llvm::StringRef Message) {
  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  unsigned ID = DE.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  DE.Report(Loc, ID) << Message;
}

const std::string &FilePaths::normalize(llvm::StringRef Name) {
  auto [It, New] = Cache.try_emplace(Name);
  if (New) {
    llvm::SmallString<256> P(Name);
    llvm::sys::fs::make_absolute(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    It->second = std::string(P.str());
  }
  return It->second;
}

std::string FilePaths::of(const SourceManager &SM, FileID FID) {
  if (auto F = SM.getFileEntryRefForID(FID))
    return normalize(F->getName());
  return std::string();
}

bool addToTuEdits(ASTContext &Ctx, TuResult &Out, llvm::StringRef Id,
                  const std::string &File, unsigned Offset, unsigned Length,
                  const std::string &Text) {
  tooling::Replacements &Reps = Out.Edits[File];
  llvm::Error Err = Reps.add(tooling::Replacement(File, Offset, Length, Text));
  if (!Err)
    return true;
  std::string Why = llvm::toString(std::move(Err));
  if (Length == 0) {
    // Two rewrites' text at one place: an insertion goes after another
    // insertion there, before a replacement starting there.
    tooling::Replacements Merged;
    bool Done = false;
    for (const tooling::Replacement &R : Reps) {
      tooling::Replacement New = R;
      if (!Done && R.getOffset() == Offset) {
        std::string T = R.getLength() == 0
                            ? R.getReplacementText().str() + Text
                            : Text + R.getReplacementText().str();
        New = tooling::Replacement(File, Offset, R.getLength(), T);
        Done = true;
      }
      if (llvm::Error E = Merged.add(New)) {
        llvm::consumeError(std::move(E));
        Done = false;
        break;
      }
    }
    if (Done) {
      Reps = std::move(Merged);
      return true;
    }
  }
  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  DE.Report(DE.getCustomDiagID(
      DiagnosticsEngine::Error,
      "flexcc: error: conflicting edits in '%0': %1 [%2]"))
      << File << Why << Id;
  return false;
}

EditMap::Edit *EditMap::add(const std::string &File, unsigned Offset,
                            unsigned Length, std::string Text,
                            SourceLocation Origin) {
  auto Key = std::make_pair(std::make_pair(File, Offset), Length);
  auto It = Edits.find(Key);
  if (It == Edits.end()) {
    Edits.emplace(std::move(Key), Edit{std::move(Text), Origin});
    return nullptr;
  }
  return It->second.Text == Text ? nullptr : &It->second;
}

void EditMap::flushInto(ASTContext &Ctx, TuResult &Out, llvm::StringRef Id) {
  for (const auto &E : Edits)
    addToTuEdits(Ctx, Out, Id, E.first.first.first, E.first.first.second,
                 E.first.second, E.second.Text);
}

} // namespace rewriters
} // namespace flexcc
