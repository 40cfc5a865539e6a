//===--- ObjectRecords.cpp - gate records in object files --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//
#include "flexcc/ObjectRecords.h"
#include "flexcc/LlvmCompat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include <map>
#include <set>

using namespace llvm;
using flexcc::rewriters::ObjectRecord;

namespace flexcc {

namespace {

constexpr StringLiteral EndLine = "\nend\n";

/// Splits a section's contents into records: a partial link (ld -r) may
/// have concatenated several, and sections may be padded with NULs.
bool parseSection(StringRef Contents, StringRef File,
                  std::vector<ObjectRecord> &Out, std::string &Problem) {
  while (true) {
    Contents = Contents.ltrim(StringRef("\0\n", 2));
    if (Contents.empty())
      return true;
    size_t End = Contents.find(EndLine);
    StringRef One = End == StringRef::npos
                        ? Contents
                        : Contents.take_front(End + EndLine.size());
    Expected<ObjectRecord> R = ObjectRecord::parse(One);
    if (!R) {
      Problem = ("malformed flexcc record in '" + File +
               "': " + toString(R.takeError()) +
               "; rebuild the object with this flexcc")
                  .str();
      return false;
    }
    Out.push_back(std::move(*R));
    Contents = Contents.drop_front(One.size());
  }
}

bool readFromObject(const object::ObjectFile &Obj, StringRef File,
                    std::vector<ObjectRecord> &Out, std::string &Problem) {
  for (const object::SectionRef &S : Obj.sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (*Name != RecordSection)
      continue;
    Expected<StringRef> Contents = S.getContents();
    if (!Contents) {
      consumeError(Contents.takeError());
      continue;
    }
    if (!parseSection(*Contents, File, Out, Problem))
      return false;
  }
  return true;
}

} // namespace

std::string recordAsmStatement(const ObjectRecord &R) {
  std::string Text = R.serialize();
  std::string S = "__asm__(\".pushsection " + RecordSection.str() +
                  ",\\\"\\\",@progbits\\n\\t.ascii \\\"";
  for (unsigned char C : Text) {
    switch (C) {
    case '\n':
      S += "\\\\n";
      break;
    case '\t':
      S += "\\\\t";
      break;
    case '"':
      S += "\\\\\\\"";
      break;
    case '\\':
      S += "\\\\\\\\";
      break;
    default:
      if (C < 0x20 || C >= 0x7f) {
        // serialize() never produces these; escape them all the same.
        char Buf[8];
        snprintf(Buf, sizeof Buf, "\\\\%03o", C);
        S += Buf;
      } else {
        S += static_cast<char>(C);
      }
    }
  }
  S += "\\\"\\n\\t.popsection\");\n";
  return S;
}

bool readObjectRecords(StringRef Path, std::vector<ObjectRecord> &Out,
                       std::string &Problem) {
  Expected<object::OwningBinary<object::Binary>> Bin =
      object::createBinary(Path);
  if (!Bin) {
    consumeError(Bin.takeError());
    return true;
  }
  object::Binary *B = Bin->getBinary();
  if (auto *Obj = dyn_cast<object::ObjectFile>(B))
    return readFromObject(*Obj, Path, Out, Problem);
  if (auto *Ar = dyn_cast<object::Archive>(B)) {
    llvm::Error Err = llvm::Error::success();
    for (const object::Archive::Child &C : Ar->children(Err)) {
      Expected<std::unique_ptr<object::Binary>> Member = C.getAsBinary();
      if (!Member) {
        consumeError(Member.takeError());
        continue;
      }
      std::string Name = Path.str();
      if (Expected<StringRef> N = C.getName())
        Name += "(" + N->str() + ")";
      else
        consumeError(N.takeError());
      if (auto *Obj = dyn_cast<object::ObjectFile>(Member->get()))
        if (!readFromObject(*Obj, Name, Out, Problem)) {
          consumeError(std::move(Err));
          return false;
        }
    }
    consumeError(std::move(Err));
  }
  return true;
}

std::string displayPath(StringRef Path) {
  SmallString<256> Cwd;
  if (sys::fs::current_path(Cwd))
    return Path.str();
  StringRef P = Path;
  if (P.consume_front(Cwd) && startsWith(P, "/"))
    return P.drop_front().str();
  return Path.str();
}

unsigned checkGateTargets(const Config &Cfg,
                          const std::vector<ObjectRecord> &Records,
                          raw_ostream &Errs, bool ShowColors) {
  // Functions defined, by library ("" for code of no library).
  StringMap<StringSet<>> Defined, DefinedInCompartment;
  for (const ObjectRecord &R : Records)
    for (const std::string &F : R.Defines) {
      Defined[R.Library].insert(F);
      DefinedInCompartment[R.Compartment].insert(F);
    }

  unsigned Count = 0;
  SourceMgr SM;
  std::map<std::string, unsigned> Buffers;
  std::set<std::string> Reported; // One report per gate location.
  for (const ObjectRecord &R : Records) {
    for (const rewriters::GateTarget &T : R.Targets) {
      // A library (or compartment) with no object in this link is built
      // elsewhere: nothing to check it against.
      bool ByLibrary = !T.ToLibrary.empty();
      const StringMap<StringSet<>> &Where = ByLibrary ? Defined : DefinedInCompartment;
      auto It = Where.find(ByLibrary ? T.ToLibrary : T.ToCompartment);
      if (It == Where.end() || It->second.count(T.Callee))
        continue;
      std::string Key = T.File + ":" + std::to_string(T.Line) + ":" +
                        std::to_string(T.Column) + ":" + T.Callee;
      if (!Reported.insert(Key).second)
        continue;
      ++Count;
      std::string Msg =
          "'" + T.Callee + "' is not defined in " +
          (ByLibrary ? "library '" + T.ToLibrary + "'"
                     : "compartment '" + T.ToCompartment + "'") +
          " [lower-gate]";
      std::string Found;
      for (const ObjectRecord &D : Records)
        if (llvm::is_contained(D.Defines, T.Callee)) {
          Found = D.Library.empty()
                      ? "it is defined in code that belongs to no library"
                      : "it is defined in library '" + D.Library + "'";
          Found += ", in compartment '" + D.Compartment + "'";
          break;
        }
      if (Found.empty())
        Found = "no object of image '" + Cfg.Image + "' defines it";

      // Print with the source line when the file is still readable.
      auto BI = Buffers.find(T.File);
      if (BI == Buffers.end()) {
        unsigned Id = 0;
        if (auto Buf = MemoryBuffer::getFile(T.File, /*IsText=*/true)) {
          std::unique_ptr<MemoryBuffer> Named = MemoryBuffer::getMemBufferCopy(
              (*Buf)->getBuffer(), displayPath(T.File));
          Id = SM.AddNewSourceBuffer(std::move(Named), SMLoc());
        }
        BI = Buffers.emplace(T.File, Id).first;
      }
      SMLoc Loc;
      if (BI->second) {
        const MemoryBuffer *Buf = SM.getMemoryBuffer(BI->second);
        // Columns are 1-based bytes; find the line's start.
        const char *P = Buf->getBufferStart(), *E = Buf->getBufferEnd();
        for (unsigned L = 1; L < T.Line && P < E; ++P)
          if (*P == '\n')
            ++L;
        if (P + (T.Column - 1) <= E && T.Line && T.Column)
          Loc = SMLoc::getFromPointer(P + (T.Column - 1));
      }
      std::string At = displayPath(T.File) + ":" + std::to_string(T.Line) +
                       ":" + std::to_string(T.Column) + ": ";
      if (Loc.isValid())
        SM.PrintMessage(Errs, Loc, SourceMgr::DK_Error, Msg, {}, {},
                        ShowColors);
      else
        Errs << At << "error: " << Msg << "\n";
      Errs << At << "note: " << Found << "\n";
    }
  }
  return Count;
}

} // namespace flexcc
