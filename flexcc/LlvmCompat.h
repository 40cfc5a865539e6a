//===--- LlvmCompat.h - one spelling across LLVM 14 to 19 ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// LLVM 14 has StringRef::startswith/endswith only; LLVM 19 has only
// starts_with/ends_with. flexcc builds with both (tests/llvm-versions.sh).
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_LLVMCOMPAT_H
#define FLEXCC_LLVMCOMPAT_H

#include "llvm/ADT/StringRef.h"

namespace flexcc {

/// Whether \p S begins with \p Prefix.
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.size() >= Prefix.size() && S.substr(0, Prefix.size()) == Prefix;
}

/// Whether \p S ends with \p Suffix.
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() &&
         S.substr(S.size() - Suffix.size()) == Suffix;
}

} // namespace flexcc

#endif // FLEXCC_LLVMCOMPAT_H
