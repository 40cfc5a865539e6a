//===--- ImageScan.cpp - PKRU-changing byte sequences in an image ---------===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//
#include "backends/mpk/ImageScan.h"
#include "flexcc/LlvmCompat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/DebugInfo/DIContext.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDataExtractor.h"
#include "llvm/DebugInfo/DWARF/DWARFDebugLine.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace llvm;

namespace flexcc {
namespace backends {

StringRef pkruKindName(PkruKind K) {
  switch (K) {
  case PkruKind::Wrpkru:
    return "WRPKRU";
  case PkruKind::Xrstor:
    return "XRSTOR";
  case PkruKind::Xrstors:
    return "XRSTORS";
  }
  return "WRPKRU";
}

namespace {

using ELFT = object::ELF64LE;
using Elf_Shdr = ELFT::Shdr;
using Elf_Sym = ELFT::Sym;

/// The start of a PKRU-changing sequence at \p I of \p B, with its length
/// and kind; Len 0 if there is none. Only the opcode's own position is
/// tried: a REX prefix is added by the caller.
struct Match {
  unsigned Len = 0;
  PkruKind Kind = PkruKind::Wrpkru;
};

Match matchAt(ArrayRef<uint8_t> B, size_t I) {
  if (I + 3 > B.size() || B[I] != 0x0F)
    return {};
  uint8_t Op = B[I + 1], ModRM = B[I + 2];
  unsigned Mod = ModRM >> 6, Reg = (ModRM >> 3) & 7;
  if (Op == 0x01 && ModRM == 0xEF)
    return {3, PkruKind::Wrpkru};
  // XRSTOR m (0F AE /5); mod 3 with /5 is LFENCE.
  if (Op == 0xAE && Reg == 5 && Mod != 3)
    return {3, PkruKind::Xrstor};
  // XRSTORS m (0F C7 /3).
  if (Op == 0xC7 && Reg == 3 && Mod != 3)
    return {3, PkruKind::Xrstors};
  return {};
}

struct SectionInfo {
  std::string Name;
  unsigned Index = 0;
  uint64_t Addr = 0, Size = 0, Offset = 0;
  uint64_t Flags = 0;
  uint32_t Type = 0;
};

struct SymbolInfo {
  std::string Name;
  uint64_t Addr = 0, Size = 0;
  unsigned Shndx = 0;
  bool IsFunc = false;
  bool IsGlobal = false;
};

/// A range of bytes to scan: file offsets [Begin, End) at address VA.
struct Range {
  uint64_t Begin = 0, End = 0, VA = 0;
  int Section = -1; ///< For relocatable objects: the section scanned.
};

Error fail(StringRef Path, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(),
                           "cannot scan '" + Path + "' for PKRU-changing "
                           "instructions: " + Msg);
}

Error fail(StringRef Path, const Twine &What, Error E) {
  return fail(Path, What + ": " + toString(std::move(E)));
}

/// Reads one symbol table; false if it has none or cannot be read (the
/// caller then tries the other one, or goes without names).
bool readSymbols(const object::ELFFile<ELFT> &File, const Elf_Shdr &Sec,
                 std::vector<SymbolInfo> &Out) {
  Expected<StringRef> StrTab = File.getStringTableForSymtab(Sec);
  if (!StrTab) {
    consumeError(StrTab.takeError());
    return false;
  }
  Expected<typename object::ELFFile<ELFT>::Elf_Sym_Range> Syms =
      File.symbols(&Sec);
  if (!Syms) {
    consumeError(Syms.takeError());
    return false;
  }
  size_t Before = Out.size();
  for (const Elf_Sym &S : *Syms) {
    unsigned Type = S.getType();
    if (S.st_shndx == ELF::SHN_UNDEF || S.st_shndx >= ELF::SHN_LORESERVE ||
        Type == ELF::STT_SECTION || Type == ELF::STT_FILE ||
        Type == ELF::STT_TLS)
      continue;
    Expected<StringRef> Name = S.getName(*StrTab);
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    // Assembler-local labels name no function.
    if (Name->empty() || startsWith(*Name, ".L"))
      continue;
    SymbolInfo I;
    I.Name = Name->str();
    I.Addr = S.st_value;
    I.Size = S.st_size;
    I.Shndx = S.st_shndx;
    I.IsFunc = Type == ELF::STT_FUNC || Type == ELF::STT_GNU_IFUNC;
    I.IsGlobal = S.getBinding() != ELF::STB_LOCAL;
    Out.push_back(std::move(I));
  }
  return Out.size() > Before;
}

/// The symbol that holds \p Addr of section \p Shndx (-1 if none): the
/// innermost sized symbol that covers it (functions first), else the
/// nearest one before it of size 0 in the same section (assembly labels
/// without .size).
const SymbolInfo *symbolFor(const std::vector<SymbolInfo> &Syms, uint64_t Addr,
                            int Shndx, bool Relocatable) {
  auto Better = [](const SymbolInfo *Cur, const SymbolInfo &S) {
    if (!Cur)
      return true;
    if (S.IsFunc != Cur->IsFunc)
      return S.IsFunc;
    if (S.Addr != Cur->Addr)
      return S.Addr > Cur->Addr;
    if (S.IsGlobal != Cur->IsGlobal)
      return S.IsGlobal;
    return false;
  };
  const SymbolInfo *Covering = nullptr, *Before = nullptr;
  for (const SymbolInfo &S : Syms) {
    bool SameSection = Shndx >= 0 && S.Shndx == unsigned(Shndx);
    if (Relocatable && !SameSection)
      continue;
    if (S.Addr > Addr)
      continue;
    if (S.Size && Addr - S.Addr < S.Size) {
      if (Better(Covering, S))
        Covering = &S;
    } else if (!S.Size && SameSection) {
      if (!Before || S.Addr > Before->Addr ||
          (S.Addr == Before->Addr && Better(Before, S)))
        Before = &S;
    }
  }
  if (Covering)
    return Covering;
  // A size-0 label only counts if no sized symbol ends between it and Addr.
  if (Before)
    for (const SymbolInfo &S : Syms)
      if (S.Size && (!Relocatable || S.Shndx == Before->Shndx) &&
          S.Addr >= Before->Addr && S.Addr + S.Size <= Addr &&
          S.Addr + S.Size > Before->Addr)
        return nullptr;
  return Before;
}

} // namespace

Expected<std::vector<PkruSite>>
scanImageForPkruInstructions(StringRef ElfPath) {
  Expected<object::OwningBinary<object::ObjectFile>> Bin =
      object::ObjectFile::createObjectFile(ElfPath);
  if (!Bin)
    return fail(ElfPath, "not a readable object file", Bin.takeError());
  const object::ObjectFile *ObjFile = Bin->getBinary();
  const auto *Obj = dyn_cast<object::ELF64LEObjectFile>(ObjFile);
  if (!Obj)
    return fail(ElfPath, "not a 64-bit little-endian ELF file");
  const object::ELFFile<ELFT> &File = Obj->getELFFile();
  if (File.getHeader().e_machine != ELF::EM_X86_64)
    return fail(ElfPath, "not an x86-64 ELF file (e_machine " +
                             Twine(unsigned(File.getHeader().e_machine)) +
                             ")");
  bool Relocatable = File.getHeader().e_type == ELF::ET_REL;
  ArrayRef<uint8_t> Data(File.base(), File.getBufSize());

  // Sections: names for findings, the gate section, and what a relocatable
  // object has to scan.
  std::vector<SectionInfo> Sections;
  Expected<typename object::ELFFile<ELFT>::Elf_Shdr_Range> Shdrs =
      File.sections();
  if (!Shdrs)
    return fail(ElfPath, "bad section headers", Shdrs.takeError());
  const Elf_Shdr *Symtab = nullptr, *Dynsym = nullptr;
  unsigned Index = 0;
  for (const Elf_Shdr &Sh : *Shdrs) {
    unsigned I = Index++;
    if (Sh.sh_type == ELF::SHT_SYMTAB)
      Symtab = &Sh;
    else if (Sh.sh_type == ELF::SHT_DYNSYM)
      Dynsym = &Sh;
    if (I == 0)
      continue;
    Expected<StringRef> Name = File.getSectionName(Sh);
    if (!Name)
      return fail(ElfPath, "bad section name", Name.takeError());
    SectionInfo S;
    S.Name = Name->str();
    S.Index = I;
    S.Addr = Sh.sh_addr;
    S.Size = Sh.sh_size;
    S.Offset = Sh.sh_offset;
    S.Flags = Sh.sh_flags;
    S.Type = Sh.sh_type;
    Sections.push_back(std::move(S));
  }

  // What to scan: what the loader maps executable.
  std::vector<Range> Ranges;
  if (!Relocatable) {
    Expected<typename object::ELFFile<ELFT>::Elf_Phdr_Range> Phdrs =
        File.program_headers();
    if (!Phdrs)
      return fail(ElfPath, "bad program headers", Phdrs.takeError());
    for (const auto &P : *Phdrs) {
      if (P.p_type != ELF::PT_LOAD || !(P.p_flags & ELF::PF_X) ||
          !P.p_filesz)
        continue;
      if (P.p_offset > Data.size() || P.p_filesz > Data.size() - P.p_offset)
        return fail(ElfPath, "an executable segment at file offset 0x" +
                                 utohexstr(P.p_offset) +
                                 " lies past the end of the file");
      // mmap works in pages: the whole first and last page are executable.
      const uint64_t Page = 4096;
      uint64_t Begin = P.p_offset & ~(Page - 1);
      uint64_t End = std::min<uint64_t>(
          Data.size(), (P.p_offset + P.p_filesz + Page - 1) & ~(Page - 1));
      Ranges.push_back({Begin, End, P.p_vaddr - (P.p_offset - Begin), -1});
    }
  } else {
    for (size_t I = 0; I < Sections.size(); ++I) {
      const SectionInfo &S = Sections[I];
      if (!(S.Flags & ELF::SHF_EXECINSTR) || S.Type == ELF::SHT_NOBITS)
        continue;
      if (S.Offset > Data.size() || S.Size > Data.size() - S.Offset)
        return fail(ElfPath, "section '" + S.Name +
                                 "' lies past the end of the file");
      Ranges.push_back({S.Offset, S.Offset + S.Size, S.Addr, int(I)});
    }
  }

  std::vector<PkruSite> Sites;
  std::set<uint64_t> Seen; // Addresses, for overlapping page ranges.
  for (const Range &R : Ranges) {
    ArrayRef<uint8_t> B = Data.slice(R.Begin, R.End - R.Begin);
    for (size_t I = 0; I + 3 <= B.size(); ++I) {
      Match M = matchAt(B, I);
      if (!M.Len)
        continue;
      size_t Start = I;
      if (M.Kind != PkruKind::Wrpkru && I > 0 && (B[I - 1] & 0xF0) == 0x40)
        Start = I - 1; // REX prefix: XRSTOR64 / XRSTORS64.
      uint64_t VA = R.VA + Start;
      if (!Seen.insert(VA).second)
        continue;
      PkruSite S;
      S.Kind = M.Kind;
      S.Address = VA;
      S.FileOffset = R.Begin + Start;
      S.Bytes.assign(B.begin() + Start, B.begin() + I + M.Len);
      Sites.push_back(std::move(S));
    }
  }
  // Address order; in an object, whose sections all start at 0, file order.
  llvm::sort(Sites, [&](const PkruSite &A, const PkruSite &B) {
    return Relocatable ? A.FileOffset < B.FileOffset : A.Address < B.Address;
  });
  if (Sites.empty())
    return Sites;

  // Where each finding is: section, symbol, source line.
  std::vector<SymbolInfo> Syms;
  if (!(Symtab && readSymbols(File, *Symtab, Syms)) && Dynsym)
    readSymbols(File, *Dynsym, Syms);
  auto SectionOf = [&](const PkruSite &S) -> const SectionInfo * {
    for (const SectionInfo &Sec : Sections) {
      if (Sec.Type == ELF::SHT_NOBITS || !Sec.Size)
        continue;
      if (Relocatable ? (Sec.Flags & ELF::SHF_EXECINSTR) &&
                            S.FileOffset >= Sec.Offset &&
                            S.FileOffset - Sec.Offset < Sec.Size
                      : (Sec.Flags & ELF::SHF_ALLOC) &&
                            S.Address >= Sec.Addr &&
                            S.Address - Sec.Addr < Sec.Size)
        return &Sec;
    }
    return nullptr;
  };
  // Source lines come from the line tables alone, read one after another
  // from .debug_line: no DIE is parsed, for LLVM's DIE reader does not
  // survive a corrupt image, and a line is all a report needs.
  std::unique_ptr<DWARFContext> Dwarf;
  std::vector<std::unique_ptr<DWARFDebugLine::LineTable>> LineTables;
  bool HasLines = llvm::any_of(
      Sections, [](const SectionInfo &S) { return S.Name == ".debug_line"; });
  if (HasLines) {
    Dwarf = DWARFContext::create(
        *ObjFile, DWARFContext::ProcessDebugRelocations::Process, nullptr, "",
        [](Error E) { consumeError(std::move(E)); },
        [](Error E) { consumeError(std::move(E)); });
    const DWARFObject &DObj = Dwarf->getDWARFObj();
    DWARFDataExtractor LineData(DObj, DObj.getLineSection(),
                                /*IsLittleEndian=*/true, /*AddressSize=*/8);
    uint64_t Offset = 0;
    // A bound on the tables, in case a corrupt length never advances.
    for (unsigned N = 0; N < 100000 && LineData.isValidOffset(Offset); ++N) {
      uint64_t Before = Offset;
      auto LT = std::make_unique<DWARFDebugLine::LineTable>();
      Error E = LT->parse(LineData, &Offset, *Dwarf, /*U=*/nullptr,
                          [](Error E) { consumeError(std::move(E)); });
      bool Ok = !E;
      consumeError(std::move(E));
      if (Ok && !LT->Rows.empty())
        LineTables.push_back(std::move(LT));
      if (Offset <= Before)
        break;
    }
  }
  for (PkruSite &S : Sites) {
    const SectionInfo *Sec = SectionOf(S);
    if (Sec) {
      S.Section = Sec->Name;
      if (Relocatable)
        S.Address = Sec->Addr + (S.FileOffset - Sec->Offset);
      // The whole sequence must lie in the gate section.
      S.Trusted = Sec->Name == MpkGateSection &&
                  S.Address + S.Bytes.size() <= Sec->Addr + Sec->Size;
    }
    if (const SymbolInfo *Sym =
            symbolFor(Syms, S.Address, Sec ? int(Sec->Index) : -1,
                      Relocatable)) {
      S.Symbol = Sym->Name;
      S.SymbolOffset = S.Address - Sym->Addr;
    }
    object::SectionedAddress SA{S.Address,
                                Relocatable && Sec
                                    ? uint64_t(Sec->Index)
                                    : object::SectionedAddress::UndefSection};
    for (const auto &LT : LineTables) {
      uint32_t Row = LT->lookupAddress(SA);
      if (Row == LT->UnknownRowIndex || Row >= LT->Rows.size())
        continue;
      const DWARFDebugLine::Row &R = LT->Rows[Row];
      std::string File;
      if (!R.Line ||
          !LT->getFileNameByIndex(
              R.File, /*CompDir=*/"",
              DILineInfoSpecifier::FileLineInfoKind::RelativeFilePath, File))
        continue;
      S.SourceFile = File;
      S.Line = R.Line;
      break;
    }
  }
  return Sites;
}

bool isPkruSiteAllowed(const PkruSite &S, ArrayRef<std::string> Allowed) {
  return S.Trusted ||
         (!S.Symbol.empty() && llvm::is_contained(Allowed, S.Symbol));
}

std::string formatPkruSite(StringRef Image, const PkruSite &S) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << Image << ": error: " << pkruKindName(S.Kind) << " byte sequence (";
  for (size_t I = 0; I < S.Bytes.size(); ++I)
    OS << (I ? " " : "") << format_hex_no_prefix(S.Bytes[I], 2);
  OS << ") at " << format_hex(S.Address, 2);
  if (!S.Symbol.empty()) {
    OS << " in " << S.Symbol;
    if (S.SymbolOffset)
      OS << "+" << format_hex(S.SymbolOffset, 2);
  }
  OS << " (";
  OS << (S.Section.empty() ? "outside any section"
                           : "section " + S.Section);
  if (S.Line)
    OS << ", " << S.SourceFile << ":" << S.Line;
  OS << ")";
  if (S.Trusted) {
    OS << ", inside flexcc's gates";
    OS.flush();
    // Trusted sites are not errors; callers normally do not print them.
    size_t At = Out.find(": error: ");
    Out.replace(At, 9, ": note: ");
    return Out;
  }
  OS << ", outside flexcc's gates: it could change protection keys; ";
  if (S.Symbol.empty())
    OS << "it is in no function, so it cannot be allowed";
  else
    OS << "allow it with 'allow-pkru-instructions: [" << S.Symbol
       << "]' in the configuration if that function is trusted";
  OS.flush();
  return Out;
}

} // namespace backends
} // namespace flexcc
