//===--- CopySharing.h - copy-shared parameters of a callee -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Copy sharing (DESIGN.md section 5, docs/porting.md): a pointer parameter
// annotated on the callee's declaration with
//
//   __flexos_in(size)     copied from the caller's memory before the call
//   __flexos_out(size)    copied back to the caller's memory after it
//   __flexos_inout(size)  both
//   __flexos_string       a NUL-terminated string, copied in
//
// is passed to the callee as a copy in the calling thread's shared bounce
// buffer, so a caller may pass private memory through a gate. The size, in
// bytes, is a C expression that the stub evaluates before the call: it may
// use the function's integer parameters, '*p' for the integer a parameter p
// points to, integer and enum constants, sizeof of a type or of a parameter
// (or of '*p'), casts to integer types, parentheses and + - * / % << >>.
// Anything else (a global variable, a function call, a name the stub cannot
// see) is a build error at the annotation.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_COPYSHARING_H
#define FLEXCC_REWRITERS_COPYSHARING_H

#include "rewriters/GateRecord.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace flexcc {
namespace rewriters {

/// The copy-sharing annotations of functions, read once per function.
class CopySpecReader {
public:
  /// The copy specs of \p FD's parameters, from every declaration of it, in
  /// parameter order, sizes translated to C over the stub's parameters __a0,
  /// __a1, ... On the first call for \p FD, reports each annotation that
  /// cannot be used as an error at the annotation, tagged [copy-sharing]
  /// (not a pointer, a pointer to const copied out, '__flexos_string' on a
  /// non-character pointer, two annotations on one parameter, declarations
  /// that disagree, a size that cannot be computed). Returns null if \p FD
  /// has such an error (reported once, on the first call).
  const std::vector<CopySpec> *read(clang::ASTContext &Ctx,
                                    const clang::FunctionDecl *FD);

private:
  struct Entry {
    bool Ok = true;
    std::vector<CopySpec> Specs;
  };
  llvm::DenseMap<const clang::FunctionDecl *, Entry> Cache;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_COPYSHARING_H
