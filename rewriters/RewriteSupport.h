//===--- RewriteSupport.h - what every rewrite needs --------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The pieces the rewrites share: located diagnostics tagged with the
// rewrite's id, absolute file paths, and text edits collected by place then
// handed to the translation unit's result.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_REWRITESUPPORT_H
#define FLEXCC_REWRITERS_REWRITESUPPORT_H

#include "rewriters/Rewrites.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <string>
#include <utility>

namespace clang {
class ASTContext;
class SourceManager;
} // namespace clang

namespace flexcc {
namespace rewriters {

/// Reports the error "<Message> [<Id>]" at \p Loc.
void reportError(clang::ASTContext &Ctx, clang::SourceLocation Loc,
                 llvm::StringRef Id, llvm::StringRef Message);

/// Reports the warning "<Message> [<Id>]" at \p Loc, shown even though
/// flexcc's parse runs with warnings off (-w: the real compiler gives the
/// user's own warnings).
void reportWarning(clang::ASTContext &Ctx, clang::SourceLocation Loc,
                   llvm::StringRef Id, llvm::StringRef Message);

/// Reports a note at \p Loc (none: a note without a location).
void reportNote(clang::ASTContext &Ctx, clang::SourceLocation Loc,
                llvm::StringRef Message);

/// Absolute paths with '.' and '..' removed, cached by name: making a path
/// absolute asks the system for the working directory, and a rewrite needs
/// a path for every edit.
class FilePaths {
public:
  const std::string &normalize(llvm::StringRef Name);
  /// The path of the file \p FID, or an empty string when it is no file
  /// (a macro expansion's scratch space, the command line).
  std::string of(const clang::SourceManager &SM, clang::FileID FID);

private:
  llvm::StringMap<std::string> Cache;
};

/// Adds the edit of [Offset, Offset + Length) of \p File to the translation
/// unit's edits. An insertion at the offset of an edit another rewrite made
/// is merged with it: after another insertion, before a replacement. On any
/// other conflict reports "flexcc: error: conflicting edits in '<File>':
/// ... [<Id>]" and returns false.
bool addToTuEdits(clang::ASTContext &Ctx, TuResult &Out, llvm::StringRef Id,
                  const std::string &File, unsigned Offset, unsigned Length,
                  const std::string &Text);

/// One rewrite's text edits, by place and length. Asking twice for the same
/// text at one place makes one edit; asking for different texts is a
/// conflict the rewrite reports (a macro body expanded for two uses that
/// need different text).
class EditMap {
public:
  struct Edit {
    std::string Text;
    clang::SourceLocation Origin; ///< What asked for it.
  };

  /// Records \p Text for [Offset, Offset + Length) of \p File. Returns
  /// nullptr when recorded or already there with the same text, else the
  /// edit already there with another text, which stays as it is.
  Edit *add(const std::string &File, unsigned Offset, unsigned Length,
            std::string Text, clang::SourceLocation Origin);

  /// Hands every edit to the translation unit (addToTuEdits).
  void flushInto(clang::ASTContext &Ctx, TuResult &Out, llvm::StringRef Id);

private:
  /// (file, offset), length.
  std::map<std::pair<std::pair<std::string, unsigned>, unsigned>, Edit> Edits;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_REWRITESUPPORT_H
