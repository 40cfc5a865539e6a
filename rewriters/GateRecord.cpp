//===--- GateRecord.cpp - the text form of an ObjectRecord ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// ObjectRecord::serialize() and ObjectRecord::parse(). The text form is
// line-based so that it can be read in a hex dump of an object file and
// embedded in an assembler '.ascii' string:
//
//   flexcc-record 1
//   source      <path>
//   library     <name>                (empty field: no library)
//   compartment <name>
//   define      <function>                                   (0 or more)
//   target      <library> <callee> <file> <line> <column>    (0 or more)
//   type        <name> <definition> <need>...                (0 or more)
//   gate        <from> <to> <library> <callee> <stub> <file> <line> <column>
//               <return type> <N> <param 1>...<param N> <type>...
//   callback    <home> <callee> <stub> <ref> <file> <line> <column>
//               <return type> <N> <param 1>...<param N> <type>...
//                                                            (0 or more)
//   copy        <stub> <param index> <direction> <size> <name>  (0 or more)
//   end
//
// A 'callback' line's <home> and <ref> are empty for a function with
// external linkage (the link step finds its home from the 'define' lines).
// A 'copy' line belongs to the 'gate' or 'callback' line of its <stub>
// (copy sharing: CopySpec); <direction> is in, out, inout or string.
//
// Fields are separated by one tab; each line ends with '\n'. In a field,
// '\\', tab, newline and carriage return are written '\\\\', '\\t', '\\n'
// and '\\r', and every other byte outside printable ASCII (0x20-0x7e) as
// '\\xHH'. A serialized record is thus printable ASCII plus tabs and
// newlines, with no NUL. The final 'end' line makes a truncated record an
// error rather than a smaller record.
//
//===----------------------------------------------------------------------===//
#include "rewriters/GateRecord.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <tuple>

using namespace llvm;

namespace flexcc {
namespace rewriters {

namespace {

constexpr StringRef Magic = "flexcc-record";

void writeCopies(raw_ostream &OS, StringRef Stub,
                 const std::vector<CopySpec> &Copies);
constexpr unsigned FormatVersion = 1;

bool isPlain(unsigned char C) { return C >= 0x20 && C < 0x7f && C != '\\'; }

void writeField(raw_ostream &OS, StringRef Field) {
  for (unsigned char C : Field) {
    if (isPlain(C)) {
      OS << C;
      continue;
    }
    switch (C) {
    case '\\':
      OS << "\\\\";
      break;
    case '\t':
      OS << "\\t";
      break;
    case '\n':
      OS << "\\n";
      break;
    case '\r':
      OS << "\\r";
      break;
    default:
      OS << "\\x" << hexdigit(C >> 4, /*LowerCase=*/true)
         << hexdigit(C & 0xf, /*LowerCase=*/true);
      break;
    }
  }
}

/// Writes one item line: its kind then tab-separated escaped fields.
class LineWriter {
public:
  LineWriter(raw_ostream &OS, StringRef Kind) : OS(OS) { OS << Kind; }
  ~LineWriter() { OS << '\n'; }
  LineWriter &operator<<(StringRef Field) {
    OS << '\t';
    writeField(OS, Field);
    return *this;
  }
  LineWriter &operator<<(unsigned N) {
    OS << '\t' << N;
    return *this;
  }

private:
  raw_ostream &OS;
};

/// A printable excerpt of untrusted text for an error message.
std::string quoteForMessage(StringRef S) {
  std::string Out;
  raw_string_ostream OS(Out);
  constexpr size_t Max = 40;
  writeField(OS, S.take_front(Max));
  if (S.size() > Max)
    OS << "...";
  return OS.str();
}

/// Reads the lines of one record and reports errors with their line number.
class Parser {
public:
  Error error(const Twine &Msg) const {
    return createStringError(inconvertibleErrorCode(),
                             "malformed flexcc record: line " + Twine(LineNo) +
                                 ": " + Msg);
  }

  /// Splits the current line into unescaped fields.
  Error splitFields(StringRef Line, std::vector<std::string> &Fields) {
    Fields.clear();
    std::string Cur;
    for (size_t I = 0, E = Line.size(); I != E; ++I) {
      unsigned char C = Line[I];
      if (C == '\t') {
        Fields.push_back(std::move(Cur));
        Cur.clear();
        continue;
      }
      if (C != '\\') {
        if (!isPlain(C))
          return error("unescaped byte 0x" +
                       Twine(hexdigit(C >> 4, /*LowerCase=*/true)) +
                       Twine(hexdigit(C & 0xf, /*LowerCase=*/true)) +
                       " in field " + Twine(Fields.size() + 1));
        Cur.push_back(static_cast<char>(C));
        continue;
      }
      if (I + 1 == E)
        return error("incomplete escape at the end of field " +
                     Twine(Fields.size() + 1));
      char Esc = Line[++I];
      switch (Esc) {
      case '\\':
        Cur.push_back('\\');
        break;
      case 't':
        Cur.push_back('\t');
        break;
      case 'n':
        Cur.push_back('\n');
        break;
      case 'r':
        Cur.push_back('\r');
        break;
      case 'x': {
        if (I + 2 >= E || !isHexDigit(Line[I + 1]) || !isHexDigit(Line[I + 2]))
          return error("'\\x' needs two hex digits in field " +
                       Twine(Fields.size() + 1));
        Cur.push_back(static_cast<char>(hexDigitValue(Line[I + 1]) * 16 +
                                        hexDigitValue(Line[I + 2])));
        I += 2;
        break;
      }
      default:
        return error("unknown escape '\\" + quoteForMessage(StringRef(&Esc, 1)) +
                     "' in field " + Twine(Fields.size() + 1));
      }
    }
    Fields.push_back(std::move(Cur));
    return Error::success();
  }

  Error number(const std::vector<std::string> &Fields, size_t Index,
               StringRef What, unsigned &Out) const {
    StringRef S = Fields[Index];
    // getAsInteger accepts a radix prefix such as "0x" with radix 0 only;
    // with radix 10, digits alone.
    if (S.empty() || !all_of(S, isDigit) || S.getAsInteger(10, Out))
      return error("bad number '" + quoteForMessage(S) + "' for the " + What +
                   " of '" + Fields[0] + "' (field " + Twine(Index + 1) + ")");
    return Error::success();
  }

  Error fieldCount(const std::vector<std::string> &Fields, size_t Expected,
                   bool AtLeast) const {
    if (AtLeast ? Fields.size() >= Expected : Fields.size() == Expected)
      return Error::success();
    return error("'" + Fields[0] + "' has " + Twine(Fields.size()) +
                 " fields, expected " + (AtLeast ? "at least " : "") +
                 Twine(Expected));
  }

  unsigned LineNo = 0;
};

void writeCopies(raw_ostream &OS, StringRef Stub,
                 const std::vector<CopySpec> &Copies) {
  for (const CopySpec &C : Copies)
    LineWriter(OS, "copy") << Stub << C.Param << directionName(C.Dir)
                           << C.Size << C.Name;
}

} // namespace

StringRef directionName(CopySpec::Direction D) {
  switch (D) {
  case CopySpec::Direction::In:
    return "in";
  case CopySpec::Direction::Out:
    return "out";
  case CopySpec::Direction::InOut:
    return "inout";
  case CopySpec::Direction::String:
    return "string";
  }
  return "in";
}

bool CopySpec::operator<(const CopySpec &O) const {
  return std::tie(Param, Dir, Size, Name) <
         std::tie(O.Param, O.Dir, O.Size, O.Name);
}

std::string ObjectRecord::serialize() const {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << Magic << ' ' << FormatVersion << '\n';
  LineWriter(OS, "source") << Source;
  LineWriter(OS, "library") << Library;
  LineWriter(OS, "compartment") << Compartment;
  LineWriter(OS, "language") << Language;
  for (const std::string &D : Defines)
    LineWriter(OS, "define") << D;
  for (const GateTarget &T : Targets)
    LineWriter(OS, "target") << T.ToLibrary << T.ToCompartment << T.Callee
                             << T.File << T.Line << T.Column;
  for (const AbiType &T : Types) {
    LineWriter W(OS, "type");
    W << T.Name << T.Definition;
    for (const std::string &N : T.Needs)
      W << N;
  }
  for (const GateRecord &G : Gates) {
    LineWriter W(OS, "gate");
    W << G.FromCompartment << G.ToCompartment << G.ToLibrary << G.Callee
      << G.StubName << G.File << G.Line << G.Column << G.ReturnType
      << static_cast<unsigned>(G.ParamTypes.size());
    for (const std::string &P : G.ParamTypes)
      W << P;
    for (const std::string &T : G.Types)
      W << T;
  }
  for (const GateRecord &G : Gates)
    writeCopies(OS, G.StubName, G.Copies);
  for (const CallbackRecord &C : Callbacks) {
    LineWriter W(OS, "callback");
    W << C.Home << C.Callee << C.StubName << C.Ref << C.File << C.Line
      << C.Column << C.ReturnType
      << static_cast<unsigned>(C.ParamTypes.size());
    for (const std::string &P : C.ParamTypes)
      W << P;
    for (const std::string &T : C.Types)
      W << T;
  }
  for (const CallbackRecord &C : Callbacks)
    writeCopies(OS, C.StubName, C.Copies);
  OS << "end\n";
  return OS.str();
}

Expected<ObjectRecord> ObjectRecord::parse(StringRef Text) {
  if (Text.empty())
    return createStringError(inconvertibleErrorCode(),
                             "malformed flexcc record: it is empty");

  SmallVector<StringRef, 32> Lines;
  Text.split(Lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  // A final newline leaves one empty piece; the last line may also lack it.
  if (Lines.size() > 1 && Lines.back().empty())
    Lines.pop_back();

  Parser P;
  P.LineNo = 1;
  StringRef Header = Lines[0];
  if (!Header.consume_front(Magic) || !Header.consume_front(" "))
    return createStringError(
        inconvertibleErrorCode(),
        "not a flexcc record: it starts with '" + quoteForMessage(Lines[0]) +
            "', not '" + Magic + " <version>'");
  unsigned Version = 0;
  if (Header.empty() || !all_of(Header, isDigit) ||
      Header.getAsInteger(10, Version))
    return P.error("bad format version '" + quoteForMessage(Header) + "'");
  if (Version != FormatVersion)
    return createStringError(inconvertibleErrorCode(),
                             "unsupported flexcc record version " +
                                 Twine(Version) + " (this flexcc reads version " +
                                 Twine(FormatVersion) + ")");

  ObjectRecord R;
  bool HaveSource = false, HaveLibrary = false, HaveCompartment = false;
  bool HaveLanguage = false;
  bool Ended = false;
  struct PendingCopy {
    std::string Stub;
    CopySpec Spec;
    unsigned Line;
  };
  std::vector<PendingCopy> Copies;
  std::vector<std::string> F;
  for (size_t I = 1, E = Lines.size(); I != E; ++I) {
    P.LineNo = I + 1;
    if (Ended)
      return P.error("unexpected text after 'end'");
    if (Error Err = P.splitFields(Lines[I], F))
      return std::move(Err);
    const std::string &Kind = F[0];

    if (Kind == "end") {
      if (Error Err = P.fieldCount(F, 1, /*AtLeast=*/false))
        return std::move(Err);
      Ended = true;
      continue;
    }

    auto single = [&](bool &Have, std::string &Into) -> Error {
      if (Error Err = P.fieldCount(F, 2, /*AtLeast=*/false))
        return Err;
      if (Have)
        return P.error("duplicate '" + Kind + "'");
      Have = true;
      Into = F[1];
      return Error::success();
    };

    if (Kind == "source") {
      if (Error Err = single(HaveSource, R.Source))
        return std::move(Err);
    } else if (Kind == "library") {
      if (Error Err = single(HaveLibrary, R.Library))
        return std::move(Err);
    } else if (Kind == "compartment") {
      if (Error Err = single(HaveCompartment, R.Compartment))
        return std::move(Err);
    } else if (Kind == "language") {
      if (Error Err = single(HaveLanguage, R.Language))
        return std::move(Err);
      if (R.Language != "c" && R.Language != "c++")
        return P.error("unknown language '" + quoteForMessage(R.Language) +
                       "'");
    } else if (Kind == "define") {
      if (Error Err = P.fieldCount(F, 2, /*AtLeast=*/false))
        return std::move(Err);
      R.Defines.push_back(F[1]);
    } else if (Kind == "target") {
      if (Error Err = P.fieldCount(F, 7, /*AtLeast=*/false))
        return std::move(Err);
      GateTarget T;
      T.ToLibrary = F[1];
      T.ToCompartment = F[2];
      T.Callee = F[3];
      T.File = F[4];
      if (T.ToLibrary.empty() == T.ToCompartment.empty())
        return P.error("a target names either a library or a compartment");
      if (Error Err = P.number(F, 5, "line", T.Line))
        return std::move(Err);
      if (Error Err = P.number(F, 6, "column", T.Column))
        return std::move(Err);
      R.Targets.push_back(std::move(T));
    } else if (Kind == "type") {
      if (Error Err = P.fieldCount(F, 3, /*AtLeast=*/true))
        return std::move(Err);
      AbiType T;
      T.Name = F[1];
      T.Definition = F[2];
      T.Needs.assign(F.begin() + 3, F.end());
      R.Types.push_back(std::move(T));
    } else if (Kind == "gate") {
      constexpr size_t Fixed = 11; // Kind .. parameter count.
      if (Error Err = P.fieldCount(F, Fixed, /*AtLeast=*/true))
        return std::move(Err);
      GateRecord G;
      G.FromCompartment = F[1];
      G.ToCompartment = F[2];
      G.ToLibrary = F[3];
      G.Callee = F[4];
      G.StubName = F[5];
      G.File = F[6];
      if (Error Err = P.number(F, 7, "line", G.Line))
        return std::move(Err);
      if (Error Err = P.number(F, 8, "column", G.Column))
        return std::move(Err);
      G.ReturnType = F[9];
      unsigned NParams = 0;
      if (Error Err = P.number(F, 10, "parameter count", NParams))
        return std::move(Err);
      if (NParams > F.size() - Fixed)
        return P.error("'gate' declares " + Twine(NParams) +
                       " parameters but only " + Twine(F.size() - Fixed) +
                       " fields follow");
      G.ParamTypes.assign(F.begin() + Fixed, F.begin() + Fixed + NParams);
      G.Types.assign(F.begin() + Fixed + NParams, F.end());
      R.Gates.push_back(std::move(G));
    } else if (Kind == "callback") {
      constexpr size_t Fixed = 10; // Kind .. parameter count.
      if (Error Err = P.fieldCount(F, Fixed, /*AtLeast=*/true))
        return std::move(Err);
      CallbackRecord C;
      C.Home = F[1];
      C.Callee = F[2];
      C.StubName = F[3];
      C.Ref = F[4];
      C.File = F[5];
      if (C.Callee.empty() || C.StubName.empty())
        return P.error("a callback names its function and its stub");
      if (C.Ref.empty() != C.Home.empty())
        return P.error("a callback has both a home and a reference, or neither");
      if (Error Err = P.number(F, 6, "line", C.Line))
        return std::move(Err);
      if (Error Err = P.number(F, 7, "column", C.Column))
        return std::move(Err);
      C.ReturnType = F[8];
      unsigned NParams = 0;
      if (Error Err = P.number(F, 9, "parameter count", NParams))
        return std::move(Err);
      if (NParams > F.size() - Fixed)
        return P.error("'callback' declares " + Twine(NParams) +
                       " parameters but only " + Twine(F.size() - Fixed) +
                       " fields follow");
      C.ParamTypes.assign(F.begin() + Fixed, F.begin() + Fixed + NParams);
      C.Types.assign(F.begin() + Fixed + NParams, F.end());
      R.Callbacks.push_back(std::move(C));
    } else if (Kind == "copy") {
      if (Error Err = P.fieldCount(F, 6, /*AtLeast=*/false))
        return std::move(Err);
      CopySpec C;
      if (Error Err = P.number(F, 2, "parameter index", C.Param))
        return std::move(Err);
      static const CopySpec::Direction Dirs[] = {
          CopySpec::Direction::In, CopySpec::Direction::Out,
          CopySpec::Direction::InOut, CopySpec::Direction::String};
      auto Dir = find_if(Dirs, [&](CopySpec::Direction D) {
        return directionName(D) == F[3];
      });
      if (Dir == std::end(Dirs))
        return P.error("unknown copy direction '" + quoteForMessage(F[3]) +
                       "'");
      C.Dir = *Dir;
      C.Size = F[4];
      C.Name = F[5];
      if (C.Size.empty() != (C.Dir == CopySpec::Direction::String))
        return P.error("a copy has a size unless it is a string's");
      Copies.push_back({F[1], std::move(C), P.LineNo});
    } else {
      return P.error("unknown item '" + quoteForMessage(Kind) + "'");
    }
  }

  // Each copy joins the gate or callback of its stub, whose parameter it
  // must name; at most one copy per parameter.
  for (PendingCopy &PC : Copies) {
    P.LineNo = PC.Line;
    std::vector<CopySpec> *Into = nullptr;
    size_t NParams = 0;
    for (GateRecord &G : R.Gates)
      if (G.StubName == PC.Stub) {
        Into = &G.Copies;
        NParams = G.ParamTypes.size();
      }
    for (CallbackRecord &C : R.Callbacks)
      if (C.StubName == PC.Stub) {
        Into = &C.Copies;
        NParams = C.ParamTypes.size();
      }
    if (!Into)
      return P.error("a copy for unknown stub '" + quoteForMessage(PC.Stub) +
                     "'");
    if (PC.Spec.Param >= NParams)
      return P.error("a copy of parameter " + Twine(PC.Spec.Param) +
                     " of a stub with " + Twine(NParams) + " parameters");
    if (any_of(*Into,
               [&](const CopySpec &C) { return C.Param == PC.Spec.Param; }))
      return P.error("two copies of parameter " + Twine(PC.Spec.Param));
    Into->push_back(std::move(PC.Spec));
  }

  P.LineNo = Lines.size();
  if (!HaveSource)
    return P.error("missing 'source'");
  if (!HaveLibrary)
    return P.error("missing 'library'");
  if (!HaveCompartment)
    return P.error("missing 'compartment'");
  if (!Ended)
    return P.error("missing 'end' (truncated record?)");
  return std::move(R);
}

} // namespace rewriters
} // namespace flexcc
