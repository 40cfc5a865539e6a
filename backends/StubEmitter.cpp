//===--- StubEmitter.cpp - the per-image generated C file -----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// emitImageFile() writes the part of <image>.flexcc.c that every mechanism
// shares (banner, include, compartment constants, ABI types, callee
// declarations) and hands the gates to the mechanism's StubEmitter.
// checkGateRecords() finds the records that cannot be emitted together.
//
// Output depends only on the set of records, never on their order, so that
// golden files do not churn: every choice among equal names is made by a
// total order on the records' contents, and locations (which differ from one
// build tree to another) are never printed.
//
//===----------------------------------------------------------------------===//
#include "backends/StubEmitter.h"
#include "backends/ept/EptStubEmitter.h"
#include "backends/mpk/MpkStubEmitter.h"
#include "backends/none/NoneStubEmitter.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <map>
#include <set>
#include <tuple>

using namespace llvm;
using flexcc::rewriters::AbiType;
using flexcc::rewriters::CallbackRecord;
using flexcc::rewriters::GateRecord;
using flexcc::rewriters::ObjectRecord;

namespace flexcc {
namespace backends {

namespace {

/// \p S made safe inside a C block comment on one line.
std::string commentSafe(StringRef S) {
  std::string Out;
  for (size_t I = 0; I != S.size(); ++I) {
    char C = S[I];
    if (C == '\n' || C == '\r' || C == '\t')
      C = ' ';
    Out.push_back(C);
    // Break up "*/" (and "/*", which -Wcomment reports).
    if ((C == '*' || C == '/') && I + 1 < S.size() &&
        S[I + 1] == (C == '*' ? '/' : '*'))
      Out.push_back(' ');
  }
  return Out;
}

/// The C type of a function with \p G's signature, "int (int, void *)", for
/// messages; a copy-shared parameter shows its annotation with the size as
/// the stub computes it, "void * __flexos_out((unsigned long)a2)".
std::string signatureOf(const GateRecord &G) {
  std::string S = G.ReturnType + " (";
  if (G.ParamTypes.empty())
    S += "void";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I) {
    if (I)
      S += ", ";
    S += G.ParamTypes[I];
    for (const rewriters::CopySpec &C : G.Copies)
      if (C.Param == I)
        S += " __flexos_" + rewriters::directionName(C.Dir).str() +
             (C.Dir == rewriters::CopySpec::Direction::String
                  ? std::string()
                  : "(" + C.Size + ")");
  }
  return S + ")";
}

bool samePrototype(const GateRecord &A, const GateRecord &B) {
  return A.ReturnType == B.ReturnType && A.ParamTypes == B.ParamTypes &&
         A.Copies == B.Copies;
}

auto gateKey(const GateRecord &G) {
  return std::tie(G.StubName, G.FromCompartment, G.ToCompartment, G.ToLibrary,
                  G.Callee, G.ReturnType, G.ParamTypes, G.Types, G.Copies,
                  G.File, G.Line, G.Column);
}

auto callbackKey(const CallbackRecord &C) {
  return std::tie(C.StubName, C.Home, C.Callee, C.Ref, C.ReturnType,
                  C.ParamTypes, C.Types, C.Copies, C.File, C.Line, C.Column);
}

std::string location(const CallbackRecord &C) {
  if (C.File.empty())
    return "flexcc";
  return (Twine(C.File) + ":" + Twine(C.Line) + ":" + Twine(C.Column)).str();
}

/// The home compartment of each external function, from the records'
/// 'define' lines: the least compartment name should several define it (a
/// duplicate symbol, which the link reports).
std::map<std::string, std::string>
homesOf(const std::vector<ObjectRecord> &Records) {
  std::map<std::string, std::string> Home;
  for (const ObjectRecord &R : Records)
    for (const std::string &F : R.Defines) {
      auto [It, New] = Home.emplace(F, R.Compartment);
      if (!New && R.Compartment < It->second)
        It->second = R.Compartment;
    }
  return Home;
}

auto typeKey(const AbiType &T) {
  return std::tie(T.Name, T.Definition, T.Needs);
}

auto locationKey(const GateRecord &G) {
  return std::tie(G.File, G.Line, G.Column, G.StubName);
}

std::string location(const GateRecord &G) {
  if (G.File.empty())
    return "flexcc";
  return (Twine(G.File) + ":" + Twine(G.Line) + ":" + Twine(G.Column)).str();
}

/// The gates and types of an image, deduplicated and in output order.
struct ImageContents {
  std::vector<GateRecord> Gates; ///< By StubName.
  std::vector<const AbiType *> Types; ///< Needs first, ties by name.
  std::vector<const GateRecord *> Callees; ///< One per callee, by name.
  /// Callback stubs, by StubName, as gates from the thread's current
  /// compartment (FromCompartment empty) to the home compartment; Callee is
  /// the function, or for a static one the pointer its TU defines (Ref).
  std::vector<GateRecord> Callbacks;
  /// The Refs among Callbacks, by name, to declare.
  std::vector<const GateRecord *> Refs;
};

/// Collects what emitImageFile prints. Among records that share a name, the
/// least one in a total order on all fields wins, so that the order of
/// \p Records does not matter.
void collect(const std::vector<ObjectRecord> &Records, ImageContents &C,
             std::map<std::string, AbiType> &TypesByName) {
  std::map<std::string, GateRecord> ByStub;
  for (const ObjectRecord &R : Records) {
    for (const GateRecord &G : R.Gates) {
      auto It = ByStub.find(G.StubName);
      if (It == ByStub.end())
        ByStub.emplace(G.StubName, G);
      else if (gateKey(G) < gateKey(It->second))
        It->second = G;
    }
    for (const AbiType &T : R.Types) {
      auto It = TypesByName.find(T.Name);
      if (It == TypesByName.end())
        TypesByName.emplace(T.Name, T);
      else if (typeKey(T) < typeKey(It->second))
        It->second = T;
    }
  }
  for (auto &KV : ByStub)
    C.Gates.push_back(std::move(KV.second));

  // Callbacks, by stub; those whose home is unknown (checkGateRecords
  // reports them) are left out.
  std::map<std::string, CallbackRecord> ByCallback;
  for (const ObjectRecord &R : Records)
    for (const CallbackRecord &CB : R.Callbacks) {
      auto It = ByCallback.find(CB.StubName);
      if (It == ByCallback.end())
        ByCallback.emplace(CB.StubName, CB);
      else if (callbackKey(CB) < callbackKey(It->second))
        It->second = CB;
    }
  std::map<std::string, std::string> Homes = homesOf(Records);
  for (auto &KV : ByCallback) {
    const CallbackRecord &CB = KV.second;
    GateRecord G;
    G.ToCompartment = CB.Home;
    if (G.ToCompartment.empty()) {
      auto It = Homes.find(CB.Callee);
      if (It == Homes.end())
        continue;
      G.ToCompartment = It->second;
    }
    G.Callee = CB.Ref.empty() ? CB.Callee : CB.Ref;
    G.StubName = CB.StubName;
    G.ReturnType = CB.ReturnType;
    G.ParamTypes = CB.ParamTypes;
    G.Types = CB.Types;
    G.Copies = CB.Copies;
    G.File = CB.File;
    G.Line = CB.Line;
    G.Column = CB.Column;
    C.Callbacks.push_back(std::move(G));
  }

  // Callees: the first stub (by name) that calls each one gives its
  // prototype; gates first, then callbacks.
  std::map<std::string, const GateRecord *> ByCallee;
  for (const GateRecord &G : C.Gates)
    ByCallee.emplace(G.Callee, &G);
  std::set<std::string> RefNames;
  for (auto &KV : ByCallback)
    if (!KV.second.Ref.empty())
      RefNames.insert(KV.second.Ref);
  std::map<std::string, const GateRecord *> ByRef;
  for (const GateRecord &G : C.Callbacks) {
    if (RefNames.count(G.Callee))
      ByRef.emplace(G.Callee, &G);
    else
      ByCallee.emplace(G.Callee, &G);
  }
  for (auto &KV : ByCallee)
    C.Callees.push_back(KV.second);
  for (auto &KV : ByRef)
    C.Refs.push_back(KV.second);

  // Types: those the gates use and, transitively, those they contain.
  std::set<std::string> Used;
  std::vector<std::string> Work;
  for (const GateRecord &G : C.Gates)
    Work.insert(Work.end(), G.Types.begin(), G.Types.end());
  for (const GateRecord &G : C.Callbacks)
    Work.insert(Work.end(), G.Types.begin(), G.Types.end());
  while (!Work.empty()) {
    std::string Name = std::move(Work.back());
    Work.pop_back();
    auto It = TypesByName.find(Name);
    if (It == TypesByName.end() || !Used.insert(Name).second)
      continue;
    Work.insert(Work.end(), It->second.Needs.begin(), It->second.Needs.end());
  }

  // Kahn's algorithm, always taking the least ready name.
  std::map<std::string, unsigned> Pending; // Unemitted needs of each type.
  std::map<std::string, std::vector<std::string>> NeededBy;
  for (const std::string &Name : Used) {
    std::set<std::string> Needs;
    for (const std::string &N : TypesByName[Name].Needs)
      if (N != Name && Used.count(N))
        Needs.insert(N);
    Pending[Name] = Needs.size();
    for (const std::string &N : Needs)
      NeededBy[N].push_back(Name);
  }
  std::set<std::string> Ready;
  for (auto &KV : Pending)
    if (KV.second == 0)
      Ready.insert(KV.first);
  std::set<std::string> Done;
  while (!Ready.empty()) {
    std::string Name = *Ready.begin();
    Ready.erase(Ready.begin());
    Done.insert(Name);
    C.Types.push_back(&TypesByName[Name]);
    for (const std::string &User : NeededBy[Name])
      if (--Pending[User] == 0)
        Ready.insert(User);
  }
  // A cycle cannot come from C's by-value containment; should a corrupt
  // record hold one, print the rest by name rather than drop it.
  for (const std::string &Name : Used)
    if (!Done.count(Name))
      C.Types.push_back(&TypesByName[Name]);
}

void emitConstants(const Config &Cfg, raw_ostream &OS) {
  OS << "/* Compartments, by their index in the configuration. */\n";
  if (!Cfg.Compartments.empty()) {
    OS << "enum {\n";
    for (const Compartment &C : Cfg.Compartments)
      OS << "\tFLEXCC_COMP_" << C.Name << " = " << C.Index << ",\n";
    OS << "};\n";
  }
  OS << "#define FLEXCC_NR_COMPARTMENTS " << Cfg.Compartments.size() << "\n";
}

/// The compartments and their data ranges, from the symbols of the linker
/// script (backends/Layout.h), for the runtime to protect.
void emitCompartmentTable(const Config &Cfg, raw_ostream &OS) {
  OS << "\n/*\n * The compartments' data, in page-aligned ranges bounded by "
        "the symbols\n * of the image's linker script (DESIGN.md section 6).\n"
        " */\n";
  auto declare = [&](const std::string &Sym) {
    for (const char *Kind : {"rodata", "data", "bss"})
      OS << "extern char " << Sym << "_" << Kind << "_start[], " << Sym << "_"
         << Kind << "_end[];\n";
  };
  auto ranges = [&](const std::string &Sym, const char *Indent) {
    std::string S;
    for (const char *Kind : {"rodata", "data", "bss"})
      S += std::string(S.empty() ? "" : ",") + "\n" + Indent + "{ " + Sym +
           "_" + Kind + "_start, " + Sym + "_" + Kind + "_end }";
    return S;
  };
  for (const Compartment &C : Cfg.Compartments) {
    declare("__flexos_" + C.Name);
    OS << "extern char __flexos_" << C.Name << "_text_start[], __flexos_"
       << C.Name << "_text_end[];\n";
  }
  declare("__flexos_shared");
  OS << "\nconst struct flexcc_compartment "
        "__flexcc_compartments[FLEXCC_NR_COMPARTMENTS] = {\n";
  for (const Compartment &C : Cfg.Compartments)
    OS << "\t{ \"" << C.Name << "\", FLEXCC_COMP_" << C.Name << ", "
       << (C.IsDefault ? 1 : 0) << ", {" << ranges("__flexos_" + C.Name, "\t\t")
       << " },\n\t\t{ __flexos_" << C.Name << "_text_start, __flexos_" << C.Name
       << "_text_end } },\n";
  OS << "};\n"
     << "const unsigned __flexcc_nr_compartments = FLEXCC_NR_COMPARTMENTS;\n"
     << "const struct flexcc_data_ranges __flexcc_shared = {"
     << ranges("__flexos_shared", "\t") << "\n};\n";
}

} // namespace

std::string declareAs(StringRef Type, StringRef Name) {
  std::string S = Type.str();
  if (Name.empty())
    return S;
  if (Type.empty() || Type.back() != '*')
    S += ' ';
  S += Name.str();
  return S;
}

std::string formatPrototype(const GateRecord &G, StringRef Name,
                            bool NamedParams) {
  std::string S = declareAs(G.ReturnType, Name) + "(";
  if (G.ParamTypes.empty())
    S += "void";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I) {
    if (I)
      S += ", ";
    S += NamedParams ? declareAs(G.ParamTypes[I], stubParam(I))
                     : G.ParamTypes[I];
  }
  return S + ")";
}

std::string calleeDisplayName(const GateRecord &G) {
  StringRef Name = G.Callee;
  if (!G.FromCompartment.empty() || !Name.consume_front("__flexcc_cbref__"))
    return G.Callee;
  size_t Sep = Name.find("__");
  return Sep == StringRef::npos ? G.Callee : Name.substr(Sep + 2).str();
}

std::string stubParam(unsigned I) { return "__a" + std::to_string(I); }

std::string stubArgument(const GateRecord &G, unsigned I) {
  bool Copied = any_of(G.Copies, [&](const rewriters::CopySpec &C) {
    return C.Param == I;
  });
  return Copied ? "__b" + std::to_string(I) : stubParam(I);
}

std::string copyInCode(const GateRecord &G) {
  if (G.Copies.empty())
    return "";
  using Dir = rewriters::CopySpec::Direction;
  std::string S = "\tstatic const struct flexcc_copy_site __site[] = {\n";
  for (const rewriters::CopySpec &C : G.Copies)
    S += "\t\t{ \"" + calleeDisplayName(G) + "\", " +
         std::to_string(C.Param + 1) + ", \"" + C.Name + "\" },\n";
  S += "\t};\n";
  S += "\tunsigned long __m = flexcc_bounce_mark();\n";
  // Every size first, from the caller's arguments as they are.
  for (const rewriters::CopySpec &C : G.Copies)
    if (C.Dir != Dir::String) {
      std::string A = stubParam(C.Param);
      S += "\tunsigned long __n" + std::to_string(C.Param) + " = " + A + " ? " +
           C.Size + " : 0;\n";
    }
  for (size_t K = 0; K != G.Copies.size(); ++K) {
    const rewriters::CopySpec &C = G.Copies[K];
    std::string I = std::to_string(C.Param);
    std::string Site = "&__site[" + std::to_string(K) + "]";
    S += "\tvoid *__b" + I + " = ";
    if (C.Dir == Dir::String)
      S += "flexcc_bounce_string(__a" + I + ", " + Site + ");\n";
    else
      S += std::string(C.Dir == Dir::Out ? "flexcc_bounce_out" : "flexcc_bounce_in") +
           "(__a" + I + ", __n" + I + ", " + Site + ");\n";
  }
  return S;
}

std::string copyOutCode(const GateRecord &G) {
  if (G.Copies.empty())
    return "";
  using Dir = rewriters::CopySpec::Direction;
  std::string S;
  for (const rewriters::CopySpec &C : G.Copies)
    if (C.Dir == Dir::Out || C.Dir == Dir::InOut) {
      std::string I = std::to_string(C.Param);
      S += "\tflexcc_bounce_back(__a" + I + ", __b" + I + ", __n" + I + ");\n";
    }
  return S + "\tflexcc_bounce_release(__m);\n";
}

std::unique_ptr<StubEmitter> createStubEmitter(Mechanism M) {
  switch (M) {
  case Mechanism::None:
    return std::make_unique<NoneStubEmitter>();
  case Mechanism::Mpk:
    return std::make_unique<MpkStubEmitter>();
  case Mechanism::Ept:
    return std::make_unique<EptStubEmitter>();
  }
  return std::make_unique<NoneStubEmitter>();
}

Error checkGateRecords(const std::vector<ObjectRecord> &Records) {
  Error Result = Error::success();
  auto report = [&](const std::string &Where, const Twine &Msg) {
    std::string Prefix =
        Where == "flexcc" ? "flexcc: error: " : Where + ": error: ";
    Result = joinErrors(std::move(Result),
                        createStringError(inconvertibleErrorCode(),
                                          Prefix + Msg.str()));
  };

  // Gates by callee, earliest location first.
  std::map<std::string, std::vector<const GateRecord *>> ByCallee;
  std::map<std::string, std::vector<const AbiType *>> TypesByName;
  for (const ObjectRecord &R : Records) {
    for (const GateRecord &G : R.Gates)
      ByCallee[G.Callee].push_back(&G);
    for (const AbiType &T : R.Types)
      TypesByName[T.Name].push_back(&T);
  }

  for (auto &KV : ByCallee) {
    std::vector<const GateRecord *> &Gates = KV.second;
    llvm::sort(Gates, [](const GateRecord *A, const GateRecord *B) {
      return locationKey(*A) < locationKey(*B);
    });
    // Report each prototype that differs from the first gate's, once.
    std::vector<const GateRecord *> Seen{Gates.front()};
    for (const GateRecord *G : Gates) {
      if (any_of(Seen, [&](const GateRecord *S) { return samePrototype(*S, *G); }))
        continue;
      Seen.push_back(G);
      const GateRecord &First = *Gates.front();
      bool OnlyCopies = G->ReturnType == First.ReturnType &&
                        G->ParamTypes == First.ParamTypes;
      report(location(*G),
             (OnlyCopies ? "conflicting copy-sharing annotations for gate "
                           "target '"
                         : "conflicting prototypes for gate target '") +
                 KV.first + "': '" + signatureOf(*G) + "' here, '" +
                 signatureOf(First) + "' at " + location(First) +
                 (OnlyCopies ? "; every file must see the same declaration"
                             : ""));
    }
  }

  for (auto &KV : TypesByName) {
    std::vector<const AbiType *> &Defs = KV.second;
    llvm::sort(Defs, [](const AbiType *A, const AbiType *B) {
      return typeKey(*A) < typeKey(*B);
    });
    for (const AbiType *T : Defs)
      if (typeKey(*T) != typeKey(*Defs.front())) {
        report("flexcc", "conflicting definitions of ABI type '" + KV.first +
                             "' in the records of the image");
        break;
      }
  }

  // Types used without a definition: by a gate (reported at the gate) or
  // needed by another type.
  std::set<std::string> Reported;
  std::vector<const GateRecord *> AllGates;
  for (auto &KV : ByCallee)
    AllGates.insert(AllGates.end(), KV.second.begin(), KV.second.end());
  llvm::sort(AllGates, [](const GateRecord *A, const GateRecord *B) {
    return locationKey(*A) < locationKey(*B);
  });
  for (const GateRecord *G : AllGates)
    for (const std::string &T : G->Types)
      if (!TypesByName.count(T) && Reported.insert(T).second)
        report(location(*G), "no definition of ABI type '" + T +
                                 "' used by the gate to '" + G->Callee + "'");
  for (auto &KV : TypesByName)
    for (const std::string &N : KV.second.front()->Needs)
      if (!TypesByName.count(N) && Reported.insert(N).second)
        report("flexcc", "no definition of ABI type '" + N +
                             "' needed by '" + KV.first + "'");

  // Callbacks: one prototype per stub, a known home, their types defined.
  std::map<std::string, std::string> Homes = homesOf(Records);
  std::map<std::string, std::vector<const CallbackRecord *>> ByStub;
  for (const ObjectRecord &R : Records)
    for (const CallbackRecord &C : R.Callbacks)
      ByStub[C.StubName].push_back(&C);
  for (auto &KV : ByStub) {
    std::vector<const CallbackRecord *> &Uses = KV.second;
    llvm::sort(Uses, [](const CallbackRecord *A, const CallbackRecord *B) {
      return std::tie(A->File, A->Line, A->Column) <
             std::tie(B->File, B->Line, B->Column);
    });
    const CallbackRecord &First = *Uses.front();
    auto sig = [](const CallbackRecord &C) {
      GateRecord G;
      G.ReturnType = C.ReturnType;
      G.ParamTypes = C.ParamTypes;
      G.Copies = C.Copies;
      return signatureOf(G);
    };
    for (const CallbackRecord *C : Uses)
      if (sig(*C) != sig(First) || C->Copies != First.Copies) {
        report(location(*C), "conflicting prototypes for callback '" +
                                 C->Callee + "': '" + sig(*C) + "' here, '" +
                                 sig(First) + "' at " + location(First) +
                                 " [callbacks]");
        break;
      }
    if (First.Home.empty() && !Homes.count(First.Callee))
      report(location(First),
             "no object of the image defines callback '" + First.Callee +
                 "', so its home compartment is unknown; link the object "
                 "that defines it [callbacks]");
    for (const std::string &T : First.Types)
      if (!TypesByName.count(T) && Reported.insert(T).second)
        report(location(First), "no definition of ABI type '" + T +
                                    "' used by callback '" + First.Callee +
                                    "'");
  }
  return Result;
}

void emitImageFile(const Config &Cfg, const std::vector<ObjectRecord> &Records,
                   StringRef GeneratedFrom, raw_ostream &OS) {
  OS << "/* Generated by flexcc from " << commentSafe(GeneratedFrom)
     << "; edits will be lost. */\n";
  OS << "/*\n * Image '" << commentSafe(Cfg.Image) << "': mechanism "
     << mechanismName(Cfg.Mech) << ", sharing " << sharingName(Cfg.Share)
     << ".\n * A stub for each gate that crosses a compartment boundary; "
        "each calls\n * the mechanism's entry points (flexcc/backend.h).\n */\n";
  OS << "#include <flexcc/backend.h>\n\n";
  emitConstants(Cfg, OS);
  if (Cfg.Mech != Mechanism::None)
    emitCompartmentTable(Cfg, OS);

  ImageContents C;
  std::map<std::string, AbiType> TypesByName;
  if (Cfg.Mech != Mechanism::None)
    collect(Records, C, TypesByName);

  std::unique_ptr<StubEmitter> Emitter = createStubEmitter(Cfg.Mech);
  if (C.Gates.empty() && C.Callbacks.empty()) {
    OS << "\n/* no gate crosses a compartment boundary */\n";
    if (Cfg.Mech == Mechanism::None)
      return;
    // The mechanism may still need its tables (an empty one for ept).
    OS << "\n";
    Emitter->emitPrologue(Cfg, OS);
    Emitter->emitEpilogue(Cfg, C.Gates, OS);
    return;
  }

  if (!C.Types.empty()) {
    OS << "\n/* ABI types of the gates' arguments and results. */\n";
    for (const AbiType *T : C.Types) {
      OS << T->Definition;
      if (T->Definition.empty() || T->Definition.back() != '\n')
        OS << "\n";
    }
  }

  OS << "\n/*\n * The gates' callees, in ABI-canonical form (pointers are "
        "'void *'). They\n * may share a name with a libc builtin whose "
        "prototype differs only so.\n */\n";
  OS << "#if defined(__clang__)\n"
        "#pragma clang diagnostic ignored "
        "\"-Wincompatible-library-redeclaration\"\n"
        "#elif defined(__GNUC__)\n"
        "#pragma GCC diagnostic ignored \"-Wbuiltin-declaration-mismatch\"\n"
        "#endif\n";
  for (const GateRecord *G : C.Callees)
    OS << "extern " << formatPrototype(*G, G->Callee, /*NamedParams=*/false)
       << ";\n";
  if (!C.Refs.empty()) {
    OS << "/* Static callbacks, through the pointer their file defines. */\n";
    for (const GateRecord *G : C.Refs)
      OS << "extern "
         << formatPrototype(*G, "(*const " + G->Callee + ")",
                            /*NamedParams=*/false)
         << ";\n";
  }

  OS << "\n";
  Emitter->emitPrologue(Cfg, OS);
  for (const GateRecord &G : C.Gates)
    Emitter->emitStub(Cfg, G, OS);
  if (!C.Callbacks.empty())
    OS << "\n/*\n * Callback stubs: each enters the callback's home "
          "compartment from the\n * compartment the calling thread is in "
          "(DESIGN.md section 5).\n */\n";
  for (const GateRecord &G : C.Callbacks)
    Emitter->emitStub(Cfg, G, OS);
  std::vector<GateRecord> All = C.Gates;
  All.insert(All.end(), C.Callbacks.begin(), C.Callbacks.end());
  Emitter->emitEpilogue(Cfg, All, OS);
}

} // namespace backends
} // namespace flexcc
