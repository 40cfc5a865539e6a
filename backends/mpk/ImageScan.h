//===--- ImageScan.h - PKRU-changing byte sequences in an image -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The link-time check of an `mpk` image, as ERIM does it: code that can write
// PKRU can open every compartment, and an attacker who controls a jump can
// land in the middle of an instruction. So every executable byte of the
// linked image is searched, at every offset, for the encodings that change
// PKRU:
//
//   WRPKRU             0F 01 EF
//   XRSTOR, XRSTOR64   [REX] 0F AE /5, ModRM.mod != 3 (mod 3 is LFENCE)
//   XRSTORS            [REX] 0F C7 /3, ModRM.mod != 3
//
// (XRSTOR/XRSTORS restore PKRU from memory when XCR0 enables the PKRU state
// component.) A finding inside the output section flexcc_mpk_gates, where the
// generated gates and the runtime's PKRU code live, is trusted; any other one
// is refused unless the configuration's 'allow-pkru-instructions' names the
// function that holds it.
//
// "Executable" is what the loader maps executable: the page-rounded file
// range of every PF_X PT_LOAD segment (a relocatable object, which has no
// segments, is scanned by its SHF_EXECINSTR sections).
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_MPK_IMAGESCAN_H
#define FLEXCC_BACKENDS_MPK_IMAGESCAN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace flexcc {
namespace backends {

/// The output section that holds flexcc's gates and the runtime's PKRU code:
/// findings inside it are trusted. A C identifier, so the GNU linker keeps it
/// as its own output section and defines __start_/__stop_ symbols for it.
inline constexpr const char *MpkGateSection = "flexcc_mpk_gates";

enum class PkruKind { Wrpkru, Xrstor, Xrstors };

/// "WRPKRU", "XRSTOR", "XRSTORS".
llvm::StringRef pkruKindName(PkruKind K);

/// One byte sequence that could change PKRU.
struct PkruSite {
  PkruKind Kind = PkruKind::Wrpkru;
  /// Virtual address of the first byte (a REX prefix right before an
  /// XRSTOR/XRSTORS opcode is included: 48 0f ae /5 is XRSTOR64). For a
  /// relocatable object, the offset in its section.
  uint64_t Address = 0;
  uint64_t FileOffset = 0;
  std::vector<uint8_t> Bytes; ///< The matched bytes (3, or 4 with a REX).
  /// The section that holds it; empty if none does (ELF headers, padding).
  std::string Section;
  /// The function (or other symbol) that holds it, from .symtab, else
  /// .dynsym; empty if none. SymbolOffset is Address minus its start.
  std::string Symbol;
  uint64_t SymbolOffset = 0;
  /// From the DWARF line table, when the image has one; Line is 0 if not.
  std::string SourceFile;
  unsigned Line = 0;
  /// Inside flexcc's gate section (MpkGateSection).
  bool Trusted = false;
};

/// Scans the x86-64 ELF image (or object) \p ElfPath for byte sequences
/// that could change PKRU, in address order. Prints nothing. An unreadable
/// file, a file that is not a 64-bit little-endian x86-64 ELF, or a
/// malformed one gives an error naming the file.
llvm::Expected<std::vector<PkruSite>>
scanImageForPkruInstructions(llvm::StringRef ElfPath);

/// Whether \p S is acceptable: trusted, or in a function named in
/// \p Allowed (the config's 'allow-pkru-instructions').
bool isPkruSiteAllowed(const PkruSite &S,
                       llvm::ArrayRef<std::string> Allowed);

/// One clang-style line (no newline) that refuses \p S in image \p Image:
/// "<image>: error: WRPKRU byte sequence (0f 01 ef) at 0x401234 in foo+0x12
/// (section .text, src/foo.c:12), outside flexcc's gates: ...".
std::string formatPkruSite(llvm::StringRef Image, const PkruSite &S);

} // namespace backends
} // namespace flexcc

#endif // FLEXCC_BACKENDS_MPK_IMAGESCAN_H
