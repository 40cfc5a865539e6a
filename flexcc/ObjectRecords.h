//===--- ObjectRecords.h - gate records in object files -----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Separate compilation loses the in-memory ObjectRecord of each translation
// unit between 'flexcc -c' and the link. So the record travels in the object
// itself, in a non-allocated section .flexcc.gates that the rewritten source
// emits with a top-level asm statement; the link step reads it back from
// objects and archives, checks the gate targets of the whole image, and
// strips the section from the linked image.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_OBJECTRECORDS_H
#define FLEXCC_FLEXCC_OBJECTRECORDS_H

#include "flexcc/Config.h"
#include "rewriters/GateRecord.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace flexcc {

/// The name of the section that holds the records.
constexpr llvm::StringLiteral RecordSection = ".flexcc.gates";

/// A top-level '__asm__(...);' that places \p R's serialized form in
/// RecordSection, valid C and C++, on one line, ending with a newline.
std::string recordAsmStatement(const rewriters::ObjectRecord &R);

/// Appends the records found in \p Path (a relocatable object, or an archive
/// of them) to \p Out. Files that are not objects hold no record and are
/// skipped silently: the linker judges them. A record that does not parse
/// sets \p Problem (naming the file) and returns false.
bool readObjectRecords(llvm::StringRef Path,
                       std::vector<rewriters::ObjectRecord> &Out,
                       std::string &Problem);

/// Checks every gate target of \p Records: the callee must be defined by a
/// record of the target library. A library with no record at all is not
/// checked (its code is linked from elsewhere). Prints each problem clang
/// style, with the source line and a caret, to \p Errs; returns the number
/// of errors.
unsigned checkGateTargets(const Config &Cfg,
                          const std::vector<rewriters::ObjectRecord> &Records,
                          llvm::raw_ostream &Errs, bool ShowColors);

/// \p Path relative to the working directory when it lies below it, for
/// messages (clang prints paths as the user wrote them).
std::string displayPath(llvm::StringRef Path);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_OBJECTRECORDS_H
