//===--- Layout.h - where each compartment's data goes ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// DESIGN.md section 6. Under an isolating mechanism, every code and data
// section of a compartment's objects is renamed '.flexos.<comp><section>'
// after it is compiled, and a linker script that augments the default one
// (INSERT, GNU ld and lld) gathers them into page-aligned output sections
// bounded by symbols, one per kind and compartment:
//
//   .flexos.<comp>.text    __flexos_<comp>_text_start / _end (its code)
//   .flexos.<comp>.rodata  __flexos_<comp>_rodata_start / _end
//   .flexos.<comp>.data    __flexos_<comp>_data_start / _end
//   .flexos.<comp>.bss     __flexos_<comp>_bss_start / _end
//   .flexos_shared.*       __flexos_shared_<kind>_start / _end (no code)
//
// The runtime finds the ranges through those symbols and protects them.
// Pure functions: the driver does the I/O.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_LAYOUT_H
#define FLEXCC_BACKENDS_LAYOUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace flexcc {
class Config;
namespace backends {

/// The kinds of sections a compartment owns.
enum class DataKind { None, ReadOnly, Data, Bss, Text };

/// What an input section named \p Section holds: code (.text and its
/// variants: .text.startup, -ffunction-sections' .text.<f>), read-only data (.rodata
/// and its variants, compiler-made literals included), data (.data and its
/// variants, .data.rel.ro included: the dynamic loader writes it), zero-
/// initialised data (.bss), or nothing a compartment owns (TLS, debug
/// information, notes, constructors, the PLT).
DataKind dataKindOf(llvm::StringRef Section);

/// The name that \p Section of an object of compartment \p Comp takes, or
/// an empty string when it stays as it is.
std::string compartmentSectionName(llvm::StringRef Comp,
                                   llvm::StringRef Section);

/// Writes the image's linker script: for every compartment in the config's
/// order, then the shared sections, a page-aligned output section of each
/// kind bounded by its start and end symbols, inserted after the default
/// script's .text, .rodata, .data and .bss (the shared sections hold no
/// code).
void emitLinkerScript(const Config &Cfg, llvm::raw_ostream &OS);

} // namespace backends
} // namespace flexcc

#endif // FLEXCC_BACKENDS_LAYOUT_H
