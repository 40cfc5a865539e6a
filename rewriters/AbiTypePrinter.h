//===--- AbiTypePrinter.h - callee prototypes in ABI-canonical C -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Spells a clang type as C that has the same calling-convention behaviour
// and needs none of the user's declarations: every pointer (and C++
// reference) is 'void *', enums are their integer type, typedefs vanish, and
// a struct or union passed by value becomes 'struct __flexcc_t_<hash>' whose
// definition is collected, with _Static_asserts on its size, alignment and
// field offsets so that a wrong reconstruction fails to compile instead of
// miscompiling. Used for the stubs of the per-image generated file.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_ABITYPEPRINTER_H
#define FLEXCC_REWRITERS_ABITYPEPRINTER_H

#include "rewriters/GateRecord.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace flexcc {
namespace rewriters {

class AbiTypePrinter {
public:
  explicit AbiTypePrinter(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// Spells \p T in ABI-canonical C and adds the names of the by-value
  /// aggregates it needs directly to \p Used. On failure returns false and
  /// sets \p Why to a reason that completes "... has type 'T', which ...".
  bool spell(clang::QualType T, std::string &Out,
             std::vector<std::string> &Used, std::string &Why);

  /// Every aggregate definition spelled so far, in creation order (a type's
  /// Needs are always created before it).
  const std::vector<AbiType> &types() const { return Types; }

private:
  bool spellDeclarator(clang::QualType T, llvm::StringRef Name,
                       std::string &Out, std::vector<std::string> &Used,
                       std::string &Why);
  bool spellRecord(const clang::RecordDecl *RD, std::string &Out,
                   std::string &Why);

  clang::ASTContext &Ctx;
  std::vector<AbiType> Types;
  llvm::StringMap<size_t> TypeIndex; ///< Name -> position in Types.
  llvm::DenseMap<const clang::RecordDecl *, std::string> RecordNames;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_ABITYPEPRINTER_H
