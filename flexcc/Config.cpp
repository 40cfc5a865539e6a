//===--- Config.cpp - the image configuration (YAML) ---------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Loads and validates an image's configuration (DESIGN.md section 4), in
// flexcc's own shape or FlexOS's kraft.yaml shape. yaml-cpp reports errors by
// exception, so this file is built with -fexceptions and every yaml-cpp call
// sits under a catch: a config never throws out of here, whatever it holds.
// Problems are collected, sorted by position and printed clang style through
// llvm::SourceMgr, so the user sees all of them at once.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <map>
#include <set>
#include <sstream>

using namespace llvm;

namespace flexcc {

StringRef mechanismName(Mechanism M) {
  switch (M) {
  case Mechanism::None:
    return "none";
  case Mechanism::Mpk:
    return "mpk";
  case Mechanism::Ept:
    return "ept";
  }
  return "none";
}

std::optional<Mechanism> parseMechanism(StringRef Name) {
  if (Name == "none")
    return Mechanism::None;
  if (Name == "mpk" || Name == "intel-pku")
    return Mechanism::Mpk;
  if (Name == "ept" || Name == "vmept")
    return Mechanism::Ept;
  return std::nullopt;
}

StringRef sharingName(Sharing S) { return S == Sharing::Heap ? "heap" : "dss"; }

std::optional<Sharing> parseSharing(StringRef Name) {
  if (Name == "dss")
    return Sharing::Dss;
  if (Name == "heap")
    return Sharing::Heap;
  return std::nullopt;
}

unsigned maxCompartments(Mechanism M) {
  switch (M) {
  case Mechanism::None:
    return UINT_MAX;
  case Mechanism::Mpk:
    return 15; // 16 protection keys, one of them for shared memory.
  case Mechanism::Ept:
    return 64;
  }
  return UINT_MAX;
}

//===----------------------------------------------------------------------===//
// Glob matching
//===----------------------------------------------------------------------===//

namespace {

/// Matches one path component against one glob component ('*', '?',
/// '[...]', '\x'); neither contains '/'.
bool matchComponent(StringRef Pat, StringRef Str) {
  size_t P = 0, S = 0;
  size_t StarP = StringRef::npos, StarS = 0;
  // Returns the length of the pattern item at P if it matches Str[S], or 0.
  auto matchOne = [&](size_t At, char C) -> size_t {
    char PC = Pat[At];
    if (PC == '?')
      return 1;
    if (PC == '\\' && At + 1 < Pat.size())
      return Pat[At + 1] == C ? 2 : 0;
    if (PC == '[') {
      size_t I = At + 1;
      bool Negate = false;
      if (I < Pat.size() && (Pat[I] == '!' || Pat[I] == '^')) {
        Negate = true;
        ++I;
      }
      bool Found = false;
      size_t First = I;
      // ']' right after '[' (or '[!') is a literal member.
      while (I < Pat.size() && (Pat[I] != ']' || I == First)) {
        char Lo = Pat[I];
        if (I + 2 < Pat.size() && Pat[I + 1] == '-' && Pat[I + 2] != ']') {
          if (Lo <= C && C <= Pat[I + 2])
            Found = true;
          I += 3;
        } else {
          if (Lo == C)
            Found = true;
          ++I;
        }
      }
      if (I >= Pat.size()) // No closing ']': the '[' is literal.
        return C == '[' ? 1 : 0;
      return Found != Negate ? I + 1 - At : 0;
    }
    return PC == C ? 1 : 0;
  };
  while (S < Str.size()) {
    if (P < Pat.size() && Pat[P] == '*') {
      while (P < Pat.size() && Pat[P] == '*')
        ++P;
      StarP = P;
      StarS = S;
      continue;
    }
    if (P < Pat.size()) {
      if (size_t Len = matchOne(P, Str[S])) {
        P += Len;
        ++S;
        continue;
      }
    }
    // Mismatch: let the last '*' swallow one more character.
    if (StarP == StringRef::npos)
      return false;
    P = StarP;
    S = ++StarS;
  }
  while (P < Pat.size() && Pat[P] == '*')
    ++P;
  return P == Pat.size();
}

void splitPath(StringRef Path, SmallVectorImpl<StringRef> &Parts) {
  Path.split(Parts, '/', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
}

bool hasWildcard(StringRef S) {
  return S.find_first_of("*?[\\") != StringRef::npos;
}

} // namespace

bool globMatch(StringRef Glob, StringRef Path) {
  SmallVector<StringRef, 16> G, P;
  splitPath(Glob, G);
  splitPath(Path, P);
  // The classic '*' algorithm, one level up: '**' components match any run
  // of path components, other components match exactly one.
  size_t I = 0, J = 0;
  size_t StarI = SIZE_MAX, StarJ = 0;
  while (J < P.size()) {
    if (I < G.size() && G[I] == "**") {
      StarI = ++I;
      StarJ = J;
      continue;
    }
    if (I < G.size() && matchComponent(G[I], P[J])) {
      ++I;
      ++J;
      continue;
    }
    if (StarI == SIZE_MAX)
      return false;
    I = StarI;
    J = ++StarJ;
  }
  while (I < G.size() && G[I] == "**")
    ++I;
  return I == G.size();
}

//===----------------------------------------------------------------------===//
// Config queries
//===----------------------------------------------------------------------===//

namespace {

/// A source glob made absolute and normalized, as files are.
std::string absoluteGlob(StringRef Dir, StringRef Glob) {
  SmallString<256> P;
  if (sys::path::is_absolute(Glob))
    P = Glob;
  else {
    P = Dir;
    sys::path::append(P, Glob);
  }
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

} // namespace

const Library *Config::libraryForFile(StringRef File) const {
  for (const Library &L : Libraries)
    for (const std::string &G : L.Sources)
      if (globMatch(absoluteGlob(Dir, G), File))
        return &L;
  return nullptr;
}

const Library *Config::libraryForGateName(StringRef Ident) const {
  // libc is in the trusted base: a gate to it is a plain call, whatever the
  // config says (and no library may be called "libc").
  if (Ident == "libc")
    return nullptr;
  if (const Library *L = findLibrary(Ident))
    return L;
  if (Ident.consume_front("lib") && !Ident.empty())
    return findLibrary(Ident);
  return nullptr;
}

const Library *Config::findLibrary(StringRef Name) const {
  for (const Library &L : Libraries)
    if (L.Name == Name)
      return &L;
  return nullptr;
}

const Compartment *Config::findCompartment(StringRef Name) const {
  for (const Compartment &C : Compartments)
    if (C.Name == Name)
      return &C;
  return nullptr;
}

const Compartment &Config::compartmentOf(const Library *L) const {
  if (L)
    if (const Compartment *C = findCompartment(L->Compartment))
      return *C;
  return defaultCompartment();
}

const Compartment &Config::compartmentOfSource(StringRef Path) const {
  return compartmentOf(libraryForFile(absolutePath(Path)));
}

const Compartment &Config::defaultCompartment() const {
  for (const Compartment &C : Compartments)
    if (C.IsDefault)
      return C;
  // A loaded config always has one; this only guards hand-built ones.
  assert(!Compartments.empty() && "config without compartments");
  return Compartments.front();
}

const Compartment *Config::compartmentByKey(unsigned Key) const {
  for (const Compartment &C : Compartments)
    if (C.Index == Key)
      return &C;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

namespace {

const char *const TopKeys[] = {"image", "mechanism", "sharing", "libraries",
                               "compartments"};
/// Accepted at the top, and offered by "did you mean", but not listed among
/// the keys an unknown one is expected to be: they are for special cases.
const char *const TopExtraKeys[] = {"allow-pkru-instructions"};
const char *const LibraryKeys[] = {"sources", "compartment"};
const char *const CompartmentKeys[] = {"name",      "default",  "libraries",
                                       "hardening", "syscalls", "mechanism"};
const char *const CompMechanismKeys[] = {"driver", "default"};
const char *const MechanismNames[] = {"none", "mpk", "ept", "intel-pku",
                                      "vmept"};
const char *const SharingNames[] = {"dss", "heap"};
const char *const HardeningNames[] = {
    "stack-protector", "fortify", "ubsan", "asan", "safe-stack", "cfi"};

/// The closest candidate within edit distance 2, or "".
template <typename Range>
std::string closest(StringRef Word, const Range &Candidates) {
  std::string Best;
  unsigned BestDist = 3;
  for (const auto &C : Candidates) {
    StringRef Cand(C);
    unsigned D = Word.edit_distance(Cand, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/3);
    if (D < BestDist) {
      BestDist = D;
      Best = std::string(Cand);
    }
  }
  return Best;
}

template <typename Range>
std::string didYouMean(StringRef Word, const Range &Candidates) {
  std::string Best = closest(Word, Candidates);
  return Best.empty() ? std::string() : "; did you mean '" + Best + "'?";
}

/// "'a', 'b' or 'c'".
template <typename Range> std::string oneOf(const Range &Candidates) {
  std::vector<std::string> Names;
  for (const auto &C : Candidates)
    Names.push_back("'" + std::string(StringRef(C)) + "'");
  std::string Out;
  for (size_t I = 0; I < Names.size(); ++I) {
    if (I)
      Out += I + 1 == Names.size() ? " or " : ", ";
    Out += Names[I];
  }
  return Out;
}

const char *kindName(const YAML::Node &N) {
  switch (N.Type()) {
  case YAML::NodeType::Map:
    return "a map";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "a scalar";
  case YAML::NodeType::Null:
    return "nothing";
  case YAML::NodeType::Undefined:
    break;
  }
  return "nothing";
}

bool isCIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

/// A symbol name as the linker writes it: a C identifier, or a C++ mangled
/// one, possibly with the '.' of compiler clones ("f.cold", "f.part.0") or a
/// '$'.
bool isSymbolName(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_' || S[0] == '.' ||
                     S[0] == '$'))
    return false;
  return llvm::all_of(S, [](char C) {
    return isAlnum(C) || C == '_' || C == '.' || C == '$';
  });
}

/// One problem (an error and the notes that go with it).
struct Problem {
  size_t Offset;
  std::string Message;
  std::vector<std::pair<size_t, std::string>> Notes;
};

/// A library while it is being read.
struct LibDraft {
  Library Lib;
  YAML::Mark NameMark;
  std::vector<YAML::Mark> GlobMarks;
  std::string CompKey; ///< Its 'compartment:' value, if any.
  YAML::Mark CompKeyMark;
  bool HasCompKey = false;
  std::string PlacedBy; ///< The compartment whose 'libraries:' lists it.
  YAML::Mark PlacedMark;
  bool Valid = true; ///< False if its name is unusable.
};

class Loader {
public:
  Loader(StringRef Text, StringRef DisplayPath) {
    BufID = SM.AddNewSourceBuffer(
        MemoryBuffer::getMemBufferCopy(Text, DisplayPath), SMLoc());
    Buf = SM.getMemoryBuffer(BufID)->getBuffer();
    LineStarts.push_back(0);
    for (size_t I = 0; I < Buf.size(); ++I)
      if (Buf[I] == '\n')
        LineStarts.push_back(I + 1);
    // yaml-cpp drops a UTF-8 byte order mark before counting columns.
    if (startsWith(Buf, "\xEF\xBB\xBF"))
      BomSkew = 3;
  }

  std::unique_ptr<Config>
  load(StringRef AbsPath, const ConfigOverrides &Overrides, raw_ostream &Errs);

private:
  SourceMgr SM;
  unsigned BufID = 0;
  StringRef Buf;
  std::vector<size_t> LineStarts;
  size_t BomSkew = 0;
  std::vector<Problem> Problems;

  Config Cfg;
  std::vector<LibDraft> Libs;
  StringMap<size_t> LibIndex;
  std::vector<YAML::Mark> CompMarks;
  YAML::Mark CompartmentsMark;
  bool HasCompartments = false;
  bool CompsIncomplete = false; ///< Some compartment could not be read.
  std::optional<Mechanism> TopMech;
  YAML::Mark TopMechMark;

  size_t offsetOf(const YAML::Mark &M) const {
    if (M.is_null() || M.line < 0 || M.column < 0)
      return 0;
    size_t Line = std::min<size_t>(M.line, LineStarts.size() - 1);
    size_t Start = LineStarts[Line];
    size_t End =
        Line + 1 < LineStarts.size() ? LineStarts[Line + 1] - 1 : Buf.size();
    size_t Col = M.column + (Line == 0 ? BomSkew : 0);
    return std::min(Start + Col, End);
  }
  static ConfigLoc locOf(const YAML::Mark &M) {
    if (M.is_null() || M.line < 0 || M.column < 0)
      return {};
    return {unsigned(M.line) + 1, unsigned(M.column) + 1};
  }
  Problem &error(const YAML::Mark &M, const Twine &Msg) {
    Problems.push_back({offsetOf(M), Msg.str(), {}});
    return Problems.back();
  }
  static void note(Problem &P, size_t Offset, const Twine &Msg) {
    P.Notes.emplace_back(Offset, Msg.str());
  }
  void note(Problem &P, const YAML::Mark &M, const Twine &Msg) {
    note(P, offsetOf(M), Msg);
  }
  /// A node's mark, or \p Fallback (its key) for an empty value: yaml-cpp
  /// marks those at the next token, often on the next line.
  static YAML::Mark markOr(const YAML::Node &N, const YAML::Mark &Fallback) {
    YAML::Mark M = N.Mark();
    if (M.is_null() || (N.IsNull() && !Fallback.is_null()))
      return Fallback;
    return M;
  }

  void print(raw_ostream &Errs);

  /// Iterates a map's entries, reporting non-scalar and duplicate keys and
  /// keys not in \p Known; calls \p Fn(Key, KeyMark, Value) for the others.
  template <typename Range, typename Fn>
  unsigned forEachKey(const YAML::Node &Map, const Range &Known,
                      const Twine &Where, Fn F,
                      ArrayRef<const char *> Extra = {});
  bool expectScalar(const YAML::Node &N, const YAML::Mark &At,
                    const Twine &What, std::string &Out);
  bool expectBool(const YAML::Node &N, const YAML::Mark &At, const Twine &What,
                  bool &Out);
  /// Reads a list of scalars; returns false if \p N is not a list.
  bool expectList(const YAML::Node &N, const YAML::Mark &At, const Twine &What,
                  std::vector<std::pair<std::string, YAML::Mark>> &Out);
  bool checkName(StringRef Name, const YAML::Mark &At, StringRef What);

  void checkSingleDocument();
  void reportNullRoot();
  void readTop(const YAML::Node &Root);
  void readLibraries(const YAML::Node &N, const YAML::Mark &KeyMark);
  void readAllowPkru(const YAML::Node &N, const YAML::Mark &KeyMark);
  void readLibrary(LibDraft &D, const YAML::Node &N);
  void readCompartments(const YAML::Node &N, const YAML::Mark &KeyMark);
  void readCompartment(const YAML::Node &N, unsigned Index,
                       std::optional<Mechanism> &Driver, YAML::Mark &DriverMark,
                       std::string &DriverComp,
                       std::vector<std::pair<std::string, YAML::Mark>> &Placed,
                       std::optional<bool> &Default);
  void placeLibraries();
  void checkOverlaps();
};

void Loader::print(raw_ostream &Errs) {
  std::stable_sort(
      Problems.begin(), Problems.end(),
      [](const Problem &A, const Problem &B) { return A.Offset < B.Offset; });
  auto locAt = [&](size_t Off) {
    return SMLoc::getFromPointer(Buf.data() + std::min(Off, Buf.size()));
  };
  for (const Problem &P : Problems) {
    SM.PrintMessage(Errs, locAt(P.Offset), SourceMgr::DK_Error, P.Message);
    for (const auto &N : P.Notes)
      SM.PrintMessage(Errs, locAt(N.first), SourceMgr::DK_Note, N.second);
  }
}

template <typename Range, typename Fn>
unsigned Loader::forEachKey(const YAML::Node &Map, const Range &Known,
                            const Twine &Where, Fn F,
                            ArrayRef<const char *> Extra) {
  unsigned Unknown = 0;
  std::map<std::string, YAML::Mark> Seen;
  for (auto It = Map.begin(); It != Map.end(); ++It) {
    YAML::Node K = It->first, V = It->second;
    if (!K.IsScalar()) {
      error(markOr(K, Map.Mark()), Twine("expected a key name in ") + Where +
                                       ", found " + kindName(K));
      continue;
    }
    const std::string &Key = K.Scalar();
    auto Ins = Seen.emplace(Key, K.Mark());
    if (!Ins.second) {
      Problem &P = error(K.Mark(), "duplicate key '" + Key + "' in " + Where);
      note(P, Ins.first->second, "first given here");
      continue;
    }
    auto Is = [&](const auto &C) { return StringRef(C) == Key; };
    bool IsKnown = llvm::any_of(Known, Is) || llvm::any_of(Extra, Is);
    if (!IsKnown) {
      std::vector<std::string> All;
      for (const auto &C : Known)
        All.push_back(std::string(StringRef(C)));
      for (const char *C : Extra)
        All.push_back(C);
      std::string Hint = didYouMean(Key, All);
      error(K.Mark(), "unknown key '" + Key + "' in " + Where +
                          (Hint.empty() ? "; expected " + oneOf(Known) : Hint));
      ++Unknown;
      continue;
    }
    F(StringRef(Key), K.Mark(), V);
  }
  return Unknown;
}

bool Loader::expectScalar(const YAML::Node &N, const YAML::Mark &At,
                          const Twine &What, std::string &Out) {
  if (!N.IsScalar()) {
    error(markOr(N, At), Twine("expected ") + What + ", found " + kindName(N));
    return false;
  }
  Out = N.Scalar();
  return true;
}

bool Loader::expectBool(const YAML::Node &N, const YAML::Mark &At,
                        const Twine &What, bool &Out) {
  if (N.IsScalar() && YAML::convert<bool>::decode(N, Out))
    return true;
  std::string Found =
      N.IsScalar() ? "'" + N.Scalar() + "'" : std::string(kindName(N));
  error(markOr(N, At), What + " must be true or false, found " + Found);
  return false;
}

bool Loader::expectList(const YAML::Node &N, const YAML::Mark &At,
                        const Twine &What,
                        std::vector<std::pair<std::string, YAML::Mark>> &Out) {
  if (!N.IsSequence()) {
    error(markOr(N, At),
          Twine("expected a list of ") + What + ", found " + kindName(N));
    return false;
  }
  for (auto It = N.begin(); It != N.end(); ++It) {
    YAML::Node E = *It;
    if (!E.IsScalar()) {
      error(markOr(E, N.Mark()),
            Twine("expected ") + What + " in the list, found " + kindName(E));
      continue;
    }
    Out.emplace_back(E.Scalar(), E.Mark());
  }
  return true;
}

bool Loader::checkName(StringRef Name, const YAML::Mark &At, StringRef What) {
  if (!isCIdentifier(Name)) {
    error(At, "invalid " + What + " name '" + Name +
                  "': expected a C identifier (letters, digits and '_', not "
                  "starting with a digit)");
    return false;
  }
  // Names become file names (<image>.flexcc.c) and parts of symbols.
  constexpr size_t MaxName = 64;
  if (Name.size() > MaxName) {
    error(At, "invalid " + What + " name '" + Name.take_front(16) +
                  "...': " + std::to_string(Name.size()) +
                  " characters, more than the " + std::to_string(MaxName) +
                  " allowed");
    return false;
  }
  if (Name.contains("__")) {
    error(At, "invalid " + What + " name '" + Name +
                  "': '__' is not allowed (it separates names in generated "
                  "symbols)");
    return false;
  }
  return true;
}

void Loader::readTop(const YAML::Node &Root) {
  YAML::Mark RootMark = Root.Mark();
  if (!Root.IsMap()) {
    if (Root.IsNull() || !Root.IsDefined())
      error(RootMark, "the config is empty; expected a map with at least "
                      "'image'");
    else
      error(RootMark,
            Twine("expected a map of config keys, found ") + kindName(Root));
    return;
  }
  bool HasImage = false, HasLibs = false, HasComps = false;
  YAML::Node LibNode, CompNode;
  YAML::Mark LibMark, CompMark;
  forEachKey(
      Root, TopKeys, "the config",
      [&](StringRef Key, const YAML::Mark &KM, const YAML::Node &V) {
        std::string S;
        if (Key == "image") {
          HasImage = true;
          if (expectScalar(V, KM, "the image name", S) &&
              checkName(S, markOr(V, KM), "image"))
            Cfg.Image = S;
        } else if (Key == "mechanism") {
          if (!expectScalar(V, KM, "a mechanism name", S))
            return;
          if (auto M = parseMechanism(S)) {
            TopMech = *M;
            TopMechMark = markOr(V, KM);
          } else {
            std::string Hint = didYouMean(S, MechanismNames);
            error(markOr(V, KM),
                  "unknown mechanism '" + S + "'" +
                      (Hint.empty() ? "; expected 'none', 'mpk' or "
                                      "'ept' ('intel-pku' and 'vmept' "
                                      "are accepted too)"
                                    : Hint));
          }
        } else if (Key == "sharing") {
          if (!expectScalar(V, KM, "a sharing strategy", S))
            return;
          if (auto Sh = parseSharing(S)) {
            Cfg.Share = *Sh;
          } else {
            std::string Hint = didYouMean(S, SharingNames);
            error(markOr(V, KM),
                  "unknown sharing strategy '" + S + "'" +
                      (Hint.empty() ? "; expected 'dss' or 'heap'" : Hint));
          }
        } else if (Key == "libraries") {
          HasLibs = true;
          LibNode = V;
          LibMark = KM;
        } else if (Key == "compartments") {
          HasComps = true;
          CompNode = V;
          CompMark = KM;
        } else if (Key == "allow-pkru-instructions") {
          readAllowPkru(V, KM);
        }
      },
      TopExtraKeys);
  if (!HasImage)
    error(RootMark, "missing required key 'image' (the image's name)");
  // Libraries first: compartments refer to them.
  if (HasLibs)
    readLibraries(LibNode, LibMark);
  if (HasComps)
    readCompartments(CompNode, CompMark);
}

/// 'allow-pkru-instructions: [fn, ...]': the functions of the image in which
/// the link-time scan accepts WRPKRU/XRSTOR/XRSTORS byte sequences.
void Loader::readAllowPkru(const YAML::Node &N, const YAML::Mark &KeyMark) {
  std::vector<std::pair<std::string, YAML::Mark>> Names;
  if (!expectList(N, KeyMark, "function names", Names))
    return;
  std::map<std::string, YAML::Mark> Seen;
  for (auto &F : Names) {
    if (!isSymbolName(F.first)) {
      error(F.second, "invalid function name '" + F.first +
                          "' in 'allow-pkru-instructions': expected a "
                          "symbol name such as 'my_pkru_switch'");
      continue;
    }
    auto Ins = Seen.emplace(F.first, F.second);
    if (!Ins.second) {
      Problem &P = error(F.second, "duplicate function '" + F.first +
                                       "' in 'allow-pkru-instructions'");
      note(P, Ins.first->second, "first given here");
      continue;
    }
    Cfg.AllowPkruInstructions.push_back(F.first);
  }
}

void Loader::readLibraries(const YAML::Node &N, const YAML::Mark &KeyMark) {
  if (!N.IsMap()) {
    error(markOr(N, KeyMark),
          Twine("expected a map of library names to their settings "
                "('sources', 'compartment'), found ") +
              kindName(N));
    return;
  }
  std::map<std::string, YAML::Mark> Seen;
  for (auto It = N.begin(); It != N.end(); ++It) {
    YAML::Node K = It->first, V = It->second;
    if (!K.IsScalar()) {
      error(markOr(K, N.Mark()),
            Twine("expected a library name, found ") + kindName(K));
      continue;
    }
    std::string Name = K.Scalar();
    auto Ins = Seen.emplace(Name, K.Mark());
    if (!Ins.second) {
      Problem &P = error(K.Mark(), "duplicate library '" + Name + "'");
      note(P, Ins.first->second, "first defined here");
      continue;
    }
    LibDraft D;
    D.Lib.Name = Name;
    D.Lib.Loc = locOf(K.Mark());
    D.NameMark = K.Mark();
    if (Name == "libc") {
      error(K.Mark(), "the library name 'libc' is reserved (libc is in the "
                      "trusted base; gates to it are plain calls)");
      D.Valid = false;
    } else if (!checkName(Name, K.Mark(), "library")) {
      D.Valid = false;
    }
    readLibrary(D, V);
    if (D.Valid) {
      LibIndex[Name] = Libs.size();
      Libs.push_back(std::move(D));
    }
  }
}

void Loader::readLibrary(LibDraft &D, const YAML::Node &N) {
  const std::string &Name = D.Lib.Name;
  if (!N.IsMap()) {
    error(markOr(N, D.NameMark),
          Twine("expected a map with 'sources' for library '") + Name +
              "', found " + kindName(N));
    return;
  }
  bool HasSources = false;
  unsigned Unknown = forEachKey(
      N, LibraryKeys, "library '" + Name + "'",
      [&](StringRef Key, const YAML::Mark &KM, const YAML::Node &V) {
        if (Key == "sources") {
          HasSources = true;
          std::vector<std::pair<std::string, YAML::Mark>> Globs;
          if (!expectList(V, KM, "source globs", Globs))
            return;
          if (Globs.empty() && V.size() == 0)
            error(markOr(V, KM),
                  "library '" + Name + "' has an empty 'sources' list");
          for (auto &G : Globs) {
            if (G.first.empty()) {
              error(G.second, "empty source glob in library '" + Name + "'");
              continue;
            }
            D.Lib.Sources.push_back(G.first);
            D.GlobMarks.push_back(G.second);
          }
        } else if (Key == "compartment") {
          std::string S;
          if (!expectScalar(V, KM, "a compartment name", S))
            return;
          D.HasCompKey = true;
          D.CompKey = S;
          D.CompKeyMark = markOr(V, KM);
        }
      });
  // A misspelt key was reported already, likely 'sources' itself.
  if (!HasSources && !Unknown)
    error(D.NameMark, "library '" + Name +
                          "' has no 'sources' (a list of "
                          "source globs)");
}

void Loader::readCompartments(const YAML::Node &N, const YAML::Mark &KeyMark) {
  HasCompartments = true;
  CompartmentsMark = markOr(N, KeyMark);
  if (!N.IsSequence()) {
    error(CompartmentsMark,
          Twine("expected a list of compartments, found ") + kindName(N));
    CompsIncomplete = true;
    return;
  }
  if (N.size() == 0) {
    error(CompartmentsMark, "'compartments' is empty; list at least one "
                            "compartment, or leave the key out for a single "
                            "default compartment");
    CompsIncomplete = true;
    return;
  }
  std::optional<Mechanism> Driver;
  YAML::Mark DriverMark;
  std::string DriverComp;
  std::vector<YAML::Mark> DefaultMarks;
  std::map<std::string, YAML::Mark> Names;
  unsigned Index = 0;
  for (auto It = N.begin(); It != N.end(); ++It, ++Index) {
    YAML::Node E = *It;
    std::vector<std::pair<std::string, YAML::Mark>> Placed;
    std::optional<bool> Default;
    size_t Before = Cfg.Compartments.size();
    readCompartment(E, Index, Driver, DriverMark, DriverComp, Placed, Default);
    if (Cfg.Compartments.size() == Before) {
      CompsIncomplete = true; // Not a usable compartment; already reported.
      continue;
    }
    Compartment &C = Cfg.Compartments.back();
    YAML::Mark CM = CompMarks.back();
    auto Ins = Names.emplace(C.Name, CM);
    if (!Ins.second) {
      Problem &P = error(CM, "duplicate compartment '" + C.Name + "'");
      note(P, Ins.first->second, "first defined here");
    }
    if (Default.value_or(false)) {
      C.IsDefault = true;
      DefaultMarks.push_back(CM);
    }
    for (auto &L : Placed) {
      auto LI = LibIndex.find(L.first);
      if (LI == LibIndex.end()) {
        std::vector<std::string> Known;
        for (const LibDraft &D : Libs)
          Known.push_back(D.Lib.Name);
        error(L.second, "unknown library '" + L.first + "' in compartment '" +
                            C.Name + "'" + didYouMean(L.first, Known));
        continue;
      }
      LibDraft &D = Libs[LI->second];
      if (!D.PlacedBy.empty()) {
        Problem &P =
            error(L.second, "library '" + L.first + "' is placed twice" +
                                (D.PlacedBy == C.Name
                                     ? " in compartment '" + C.Name + "'"
                                     : ", in compartments '" + D.PlacedBy +
                                           "' and '" + C.Name + "'"));
        note(P, D.PlacedMark, "first placed here");
        continue;
      }
      D.PlacedBy = C.Name;
      D.PlacedMark = L.second;
    }
  }
  // Exactly one default compartment.
  if (DefaultMarks.size() > 1) {
    for (size_t I = 1; I < DefaultMarks.size(); ++I) {
      Problem &P = error(DefaultMarks[I],
                         "more than one default compartment; exactly one may "
                         "say 'default: true'");
      note(P, DefaultMarks[0], "the first default compartment is here");
    }
  } else if (DefaultMarks.empty() && Cfg.Compartments.size() > 1) {
    error(CompartmentsMark, "no default compartment; mark exactly one with "
                            "'default: true'");
  } else if (Cfg.Compartments.size() == 1) {
    Cfg.Compartments[0].IsDefault = true;
  }
  if (Driver) {
    if (TopMech && *TopMech != *Driver) {
      Problem &P =
          error(DriverMark, "compartment '" + DriverComp + "' uses driver '" +
                                mechanismName(*Driver) +
                                "' but the image's mechanism is '" +
                                mechanismName(*TopMech) + "'");
      note(P, TopMechMark, "the image's mechanism is set here");
    } else if (!TopMech) {
      TopMech = *Driver;
    }
  }
}

void Loader::readCompartment(
    const YAML::Node &N, unsigned Index, std::optional<Mechanism> &Driver,
    YAML::Mark &DriverMark, std::string &DriverComp,
    std::vector<std::pair<std::string, YAML::Mark>> &Placed,
    std::optional<bool> &Default) {
  if (!N.IsMap()) {
    error(markOr(N, CompartmentsMark),
          Twine("expected a compartment (a map with 'name'), found ") +
              kindName(N));
    return;
  }
  Compartment C;
  C.Index = Index;
  C.Loc = locOf(N.Mark());
  bool HasName = false, NameOk = false;
  YAML::Mark NameMark = N.Mark();
  std::optional<bool> MechDefault;
  YAML::Mark DefaultMark, MechDefaultMark;
  std::vector<std::pair<std::string, YAML::Mark>> Hardening, Syscalls;
  std::optional<Mechanism> MyDriver;
  YAML::Mark MyDriverMark;
  std::string Where = "compartment " + std::to_string(Index + 1);
  // The name gives the clearest "where" for every other message.
  for (auto It = N.begin(); It != N.end(); ++It)
    if (It->first.IsScalar() && It->first.Scalar() == "name" &&
        It->second.IsScalar()) {
      Where = "compartment '" + It->second.Scalar() + "'";
      break;
    }
  forEachKey(
      N, CompartmentKeys, Where,
      [&](StringRef Key, const YAML::Mark &KM, const YAML::Node &V) {
        if (Key == "name") {
          HasName = true;
          std::string S;
          if (expectScalar(V, KM, "a compartment name", S)) {
            NameMark = markOr(V, KM);
            NameOk = checkName(S, NameMark, "compartment");
            // The shared sections' symbols are __flexos_shared_<kind>_start
            // (backends/Layout.h): a compartment cannot take that name.
            if (NameOk && S == "shared") {
              error(NameMark, "compartment name 'shared' is reserved (it "
                              "names the data every compartment shares)");
              NameOk = false;
            }
            C.Name = S;
          }
        } else if (Key == "default") {
          bool B;
          if (expectBool(V, KM, "'default'", B)) {
            Default = B;
            DefaultMark = markOr(V, KM);
          }
        } else if (Key == "libraries") {
          expectList(V, KM, "library names", Placed);
        } else if (Key == "hardening") {
          expectList(V, KM, "hardening names", Hardening);
        } else if (Key == "syscalls") {
          expectList(V, KM, "system call names", Syscalls);
        } else if (Key == "mechanism") {
          if (!V.IsMap()) {
            error(markOr(V, KM),
                  Twine("expected a map with 'driver' (kraft.yaml shape), "
                        "found ") +
                      kindName(V));
            return;
          }
          forEachKey(
              V, CompMechanismKeys, "the mechanism of " + Where,
              [&](StringRef MK, const YAML::Mark &MKM, const YAML::Node &MV) {
                if (MK == "driver") {
                  std::string S;
                  if (!expectScalar(MV, MKM, "a mechanism driver", S))
                    return;
                  if (auto M = parseMechanism(S)) {
                    MyDriver = *M;
                    MyDriverMark = markOr(MV, MKM);
                  } else {
                    std::string Hint = didYouMean(S, MechanismNames);
                    error(markOr(MV, MKM),
                          "unknown mechanism driver '" + S + "'" +
                              (Hint.empty() ? "; expected 'intel-pku', "
                                              "'vmept' or 'none' (or 'mpk', "
                                              "'ept')"
                                            : Hint));
                  }
                } else if (MK == "default") {
                  bool B;
                  if (expectBool(MV, MKM, "'default'", B)) {
                    MechDefault = B;
                    MechDefaultMark = markOr(MV, MKM);
                  }
                }
              });
        }
      });
  if (!HasName) {
    error(N.Mark(),
          "compartment " + std::to_string(Index + 1) + " has no 'name'");
    return;
  }
  if (!NameOk)
    return;
  // kraft.yaml puts 'default' in 'mechanism'; both may be given if they agree.
  if (MechDefault) {
    if (Default && *Default != *MechDefault) {
      Problem &P =
          error(MechDefaultMark, "'mechanism.default' contradicts 'default' of "
                                 "compartment '" +
                                     C.Name + "'");
      note(P, DefaultMark, "'default' is set here");
    } else {
      Default = MechDefault;
    }
  }
  if (MyDriver) {
    if (!Driver) {
      Driver = MyDriver;
      DriverMark = MyDriverMark;
      DriverComp = C.Name;
    } else if (*Driver != *MyDriver) {
      Problem &P = error(MyDriverMark,
                         "compartment '" + C.Name + "' uses driver '" +
                             mechanismName(*MyDriver) + "' but compartment '" +
                             DriverComp + "' uses '" + mechanismName(*Driver) +
                             "'; an image has one mechanism");
      note(P, DriverMark, "the first driver is given here");
    }
  }
  std::set<std::string> SeenH;
  YAML::Mark AsanMark, SafeStackMark;
  bool HasAsan = false, HasSafeStack = false;
  for (auto &H : Hardening) {
    if (!llvm::is_contained(HardeningNames, StringRef(H.first))) {
      std::string Hint = didYouMean(H.first, HardeningNames);
      error(H.second,
            "unknown hardening '" + H.first + "'" +
                (Hint.empty() ? "; expected " + oneOf(HardeningNames) : Hint));
      continue;
    }
    if (!SeenH.insert(H.first).second) {
      error(H.second, "duplicate hardening '" + H.first + "' in compartment '" +
                          C.Name + "'");
      continue;
    }
    if (H.first == "asan") {
      HasAsan = true;
      AsanMark = H.second;
    } else if (H.first == "safe-stack") {
      HasSafeStack = true;
      SafeStackMark = H.second;
    }
    C.Hardening.push_back(H.first);
  }
  if (HasAsan && HasSafeStack) {
    bool AsanLater = offsetOf(AsanMark) > offsetOf(SafeStackMark);
    Problem &P = error(AsanLater ? AsanMark : SafeStackMark,
                       "'asan' and 'safe-stack' cannot be combined in one "
                       "compartment");
    note(P, AsanLater ? SafeStackMark : AsanMark,
         AsanLater ? "'safe-stack' is here" : "'asan' is here");
  }
  // Nor in two compartments of one image: asan's and safe-stack's runtimes
  // both intercept pthread_create and cannot be linked into one program.
  if (HasAsan != HasSafeStack)
    for (size_t I = 0; I != Cfg.Compartments.size(); ++I) {
      std::string Mine = HasAsan ? "asan" : "safe-stack";
      std::string Other = HasAsan ? "safe-stack" : "asan";
      const Compartment &O = Cfg.Compartments[I];
      if (!llvm::is_contained(O.Hardening, Other) || I >= CompMarks.size())
        continue;
      Problem &P = error(HasAsan ? AsanMark : SafeStackMark,
                         "'" + Mine + "' in compartment '" + C.Name +
                             "' cannot be combined with '" + Other +
                             "' in compartment '" + O.Name +
                             "': their runtimes cannot share one image");
      note(P, CompMarks[I],
           "compartment '" + O.Name + "' uses '" + Other + "'");
      break;
    }
  std::set<std::string> SeenS;
  for (auto &S : Syscalls) {
    if (!isCIdentifier(S.first)) {
      error(S.second, "invalid system call name '" + S.first +
                          "': expected an identifier such as 'read'");
      continue;
    }
    if (!SeenS.insert(S.first).second) {
      error(S.second, "duplicate system call '" + S.first +
                          "' in compartment '" + C.Name + "'");
      continue;
    }
    C.Syscalls.push_back(S.first);
  }
  Cfg.Compartments.push_back(std::move(C));
  CompMarks.push_back(NameMark);
}

/// Puts every library in its compartment: by a compartment's 'libraries:',
/// by its own 'compartment:', or else in the default compartment.
void Loader::placeLibraries() {
  if (!HasCompartments) {
    Compartment C;
    C.Name = "default";
    C.Index = 0;
    C.IsDefault = true;
    Cfg.Compartments.push_back(std::move(C));
  }
  const Compartment *Default = nullptr;
  for (const Compartment &C : Cfg.Compartments)
    if (C.IsDefault)
      Default = &C;
  std::vector<std::string> CompNames;
  for (const Compartment &C : Cfg.Compartments)
    CompNames.push_back(C.Name);
  for (LibDraft &D : Libs) {
    std::string Target = D.PlacedBy;
    if (D.HasCompKey) {
      if (!Cfg.findCompartment(D.CompKey)) {
        // A compartment that failed to load was reported already; do not
        // pile an "unknown compartment" on top of it.
        if (!CompsIncomplete)
          error(D.CompKeyMark, "unknown compartment '" + D.CompKey +
                                   "' for library '" + D.Lib.Name + "'" +
                                   didYouMean(D.CompKey, CompNames));
      } else if (!D.PlacedBy.empty() && D.PlacedBy != D.CompKey) {
        Problem &P = error(D.CompKeyMark,
                           "library '" + D.Lib.Name + "' is placed in '" +
                               D.CompKey + "' here but in '" + D.PlacedBy +
                               "' by that compartment's 'libraries'");
        note(P, D.PlacedMark, "placed in '" + D.PlacedBy + "' here");
      } else {
        Target = D.CompKey;
      }
    }
    if (Target.empty() && Default)
      Target = Default->Name;
    D.Lib.Compartment = Target;
  }
  for (LibDraft &D : Libs) {
    for (Compartment &C : Cfg.Compartments)
      if (C.Name == D.Lib.Compartment &&
          !llvm::is_contained(C.Libraries, D.Lib.Name)) {
        C.Libraries.push_back(D.Lib.Name);
        break;
      }
    Cfg.Libraries.push_back(D.Lib);
  }
}

/// Reports files that the globs of two libraries both match. Walks only the
/// directories the globs can reach (their literal prefix), skipping hidden
/// and build directories to stay fast.
void Loader::checkOverlaps() {
  struct Owner {
    size_t Lib;
    size_t Glob;
  };
  std::map<std::string, Owner> Owners;
  std::set<std::tuple<size_t, size_t, size_t, size_t>> Reported;
  const size_t MaxEntries = 200000; // A runaway walk is not worth it.
  size_t Entries = 0;
  for (size_t L = 0; L < Libs.size(); ++L) {
    const LibDraft &D = Libs[L];
    for (size_t G = 0; G < D.Lib.Sources.size(); ++G) {
      std::string Pattern = absoluteGlob(Cfg.Dir, D.Lib.Sources[G]);
      if (!startsWith(StringRef(Pattern), Cfg.Dir))
        continue; // Outside the config's tree: not checked.
      SmallVector<StringRef, 16> Parts;
      splitPath(Pattern, Parts);
      // The literal directory prefix, and how deep below it to look.
      size_t Lit = 0;
      while (Lit + 1 < Parts.size() && !hasWildcard(Parts[Lit]))
        ++Lit;
      std::string Base = llvm::join(Parts.begin(), Parts.begin() + Lit, "/");
      if (Base.empty())
        Base = "/";
      bool Deep = llvm::is_contained(ArrayRef<StringRef>(Parts).drop_front(Lit),
                                     StringRef("**"));
      int MaxLevel = int(Parts.size() - Lit) - 1;
      std::vector<std::string> Matches;
      if (Lit + 1 == Parts.size() && !hasWildcard(Parts[Lit])) {
        if (sys::fs::is_regular_file(Pattern))
          Matches.push_back(Pattern);
      } else if (sys::fs::is_directory(Base)) {
        std::error_code EC;
        for (sys::fs::recursive_directory_iterator
                 It(Base, EC, /*follow_symlinks=*/false),
             End;
             !EC && It != End; It.increment(EC)) {
          if (++Entries > MaxEntries)
            break;
          StringRef P = It->path();
          StringRef Name = sys::path::filename(P);
          sys::fs::file_type T = It->type();
          if (T == sys::fs::file_type::type_unknown) {
            sys::fs::file_status St;
            if (!sys::fs::status(P, St))
              T = St.type();
          }
          if (T == sys::fs::file_type::directory_file) {
            if (startsWith(Name, ".") || startsWith(Name, "build") ||
                (!Deep && It.level() >= MaxLevel))
              It.no_push();
            continue;
          }
          if (globMatch(Pattern, P))
            Matches.push_back(std::string(P));
        }
      }
      for (const std::string &F : Matches) {
        auto Ins = Owners.emplace(F, Owner{L, G});
        const Owner &O = Ins.first->second;
        if (Ins.second || O.Lib == L)
          continue;
        // One report per pair of globs is enough to point at the problem.
        if (!Reported.insert({O.Lib, O.Glob, L, G}).second)
          continue;
        StringRef Rel(F);
        if (Rel.consume_front(Cfg.Dir))
          Rel.consume_front("/");
        Problem &P =
            error(D.GlobMarks[G],
                  "source '" + Rel + "' is in two libraries: '" +
                      Libs[O.Lib].Lib.Name + "' and '" + D.Lib.Name + "'");
        note(P, Libs[O.Lib].GlobMarks[O.Glob],
             "'" + Libs[O.Lib].Lib.Name + "' matches it here");
      }
    }
  }
}

/// Counts documents, with their first marks; nothing else.
class DocumentCounter : public YAML::EventHandler {
public:
  std::vector<YAML::Mark> Starts;
  void OnDocumentStart(const YAML::Mark &M) override { Starts.push_back(M); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                const std::string &) override {}
  void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/// A config is one document; a second one is most likely a pasted file.
void Loader::checkSingleDocument() {
  std::istringstream In(Buf.str());
  YAML::Parser P(In);
  DocumentCounter Counter;
  // Two calls at most: yaml-cpp may report documents forever on bad input.
  if (P.HandleNextDocument(Counter) && P.HandleNextDocument(Counter) &&
      Counter.Starts.size() > 1)
    error(Counter.Starts[1], "a config holds one YAML document; found a "
                             "second one");
}

/// yaml-cpp gives a null root for empty files, but also for some malformed
/// ones; tell them apart by the first character that is not a comment.
void Loader::reportNullRoot() {
  size_t Off = 0;
  while (Off < Buf.size()) {
    size_t End = Buf.find('\n', Off);
    if (End == StringRef::npos)
      End = Buf.size();
    StringRef Line = Buf.slice(Off, End);
    size_t First = Line.find_first_not_of(" \t\r");
    if (Off == 0 && startsWith(Line, "\xEF\xBB\xBF"))
      First = Line.find_first_not_of(" \t\r", 3);
    StringRef Rest =
        First == StringRef::npos ? StringRef() : Line.drop_front(First);
    if (!Rest.empty() && !startsWith(Rest, "#") && !startsWith(Rest, "%") &&
        !startsWith(Rest, "---") && !startsWith(Rest, "...")) {
      Off += First;
      break;
    }
    Off = End + 1;
  }
  if (Off >= Buf.size()) {
    Problems.push_back({0,
                        "the config is empty; expected a map with at least "
                        "'image'",
                        {}});
    return;
  }
  std::string Msg =
      StringRef(",]}").contains(Buf[Off])
          ? "invalid YAML: unexpected '" + std::string(1, Buf[Off]) + "'"
          : "expected a map of config keys, found nothing";
  Problems.push_back({Off, Msg, {}});
}

std::unique_ptr<Config> Loader::load(StringRef AbsPath,
                                     const ConfigOverrides &Overrides,
                                     raw_ostream &Errs) {
  Cfg.Path = std::string(AbsPath);
  Cfg.Dir = std::string(sys::path::parent_path(AbsPath));
  try {
    // Not YAML::LoadAll: in yaml-cpp 0.7 it loops forever, allocating, on
    // some malformed input (a ',' at the top level).
    YAML::Node Root = YAML::Load(Buf.str());
    if (Root.IsNull())
      reportNullRoot();
    else
      readTop(Root);
    if (Root.IsMap())
      checkSingleDocument();
  } catch (const YAML::DeepRecursion &E) {
    // Its own message ("bad file") says nothing useful.
    error(E.mark, "invalid YAML: nested too deeply (" +
                      std::to_string(E.depth()) + " levels)");
  } catch (const YAML::Exception &E) {
    error(E.mark, "invalid YAML: " + E.msg);
  } catch (const std::exception &E) {
    error(YAML::Mark::null_mark(),
          Twine("cannot read the config: ") + E.what());
  }
  try {
    placeLibraries();
    checkOverlaps();
  } catch (const std::exception &E) {
    error(YAML::Mark::null_mark(),
          Twine("cannot check the config: ") + E.what());
  }
  // The command line wins over the file.
  Cfg.Mech =
      Overrides.Mech ? *Overrides.Mech : TopMech.value_or(Mechanism::None);
  if (Overrides.Share)
    Cfg.Share = *Overrides.Share;
  unsigned Max = maxCompartments(Cfg.Mech);
  if (!CompsIncomplete && Cfg.Compartments.size() > Max) {
    YAML::Mark At = Max < CompMarks.size() ? CompMarks[Max] : CompartmentsMark;
    error(At, "too many compartments for mechanism '" +
                  mechanismName(Cfg.Mech) + "'" +
                  (Overrides.Mech ? " (set on the command line)" : "") + ": " +
                  std::to_string(Cfg.Compartments.size()) +
                  ", but it supports at most " + std::to_string(Max));
  }
  if (!Problems.empty()) {
    print(Errs);
    return nullptr;
  }
  return std::make_unique<Config>(std::move(Cfg));
}

} // namespace

std::string absolutePath(StringRef Path) {
  SmallString<256> P(Path);
  sys::fs::make_absolute(P);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P.str());
}

std::unique_ptr<Config> loadConfigFromString(StringRef Text, StringRef Path,
                                             const ConfigOverrides &Overrides,
                                             raw_ostream &Errs) {
  Loader L(Text, Path.empty() ? StringRef("<config>") : Path);
  return L.load(absolutePath(Path.empty() ? StringRef("<config>") : Path),
                Overrides, Errs);
}

std::unique_ptr<Config> loadConfig(StringRef Path,
                                   const ConfigOverrides &Overrides,
                                   raw_ostream &Errs) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buf) {
    Errs << "flexcc: error: cannot read config '" << Path
         << "': " << Buf.getError().message() << "\n";
    return nullptr;
  }
  return loadConfigFromString((*Buf)->getBuffer(), Path, Overrides, Errs);
}

} // namespace flexcc
