//===--- EptStubEmitter.cpp - stubs of the 'ept' mechanism ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// See EptStubEmitter.h for what is generated; docs/backends.md shows it for
// one gate.
//
//===----------------------------------------------------------------------===//
#include "backends/ept/EptStubEmitter.h"

namespace flexcc {
namespace backends {

namespace {

std::string indexName(const rewriters::GateRecord &G) {
  return "FLEXCC_EPT_FN__" + G.StubName;
}
std::string argsName(const rewriters::GateRecord &G) {
  return "struct __flexcc_ept_args__" + G.StubName;
}
std::string serveName(const rewriters::GateRecord &G) {
  return "__flexcc_ept_serve__" + G.StubName;
}

/// "__s->a0, __s->a1": the slot's arguments, for the server's call.
std::string slotArgs(const rewriters::GateRecord &G) {
  std::string S;
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    S += (I ? ", __s->a" : "__s->a") + std::to_string(I);
  return S;
}

/// \p S as the body of a C string literal.
std::string cString(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out.push_back('\\');
    Out.push_back(C);
  }
  return Out;
}

} // namespace

void EptStubEmitter::emitPrologue(const Config &, llvm::raw_ostream &OS) {
  OS << "/*\n"
        " * ept gates: RPC to the callee's compartment (a process of its "
        "own). The\n"
        " * client stub copies the arguments into the thread's RPC slot and "
        "calls\n"
        " * flexcc_ept_call(); the callee's compartment runs the server "
        "function\n"
        " * through __flexcc_ept_entries.\n"
        " */\n";
}

void EptStubEmitter::emitStub(const Config &, const rewriters::GateRecord &G,
                              llvm::raw_ostream &OS) {
  bool Void = G.ReturnType == "void";
  bool Empty = Void && G.ParamTypes.empty();
  std::string Args = argsName(G);

  if (G.FromCompartment.empty()) // A callback stub: called from anywhere.
    OS << "\n/* callback, any compartment -> " << G.ToCompartment << ": "
       << calleeDisplayName(G) << "() */\n";
  else
    OS << "\n/* " << G.FromCompartment << " -> " << G.ToCompartment << ": "
       << G.Callee << "() */\n";
  OS << "enum { " << indexName(G) << " = " << NextIndex++ << " };\n";

  OS << Args << " {\n";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    OS << "\t" << declareAs(G.ParamTypes[I], "a" + std::to_string(I)) << ";\n";
  if (!Void)
    OS << "\t" << declareAs(G.ReturnType, "ret") << ";\n";
  if (Empty)
    OS << "\tchar unused;\n";
  OS << "};\n";
  OS << "_Static_assert(sizeof(" << Args << ") <= FLEXCC_EPT_SLOT_SIZE,\n"
     << "\t       \"flexcc: the arguments and result of '"
     << cString(calleeDisplayName(G)) << "' do not fit in an ept RPC slot\");\n";
  OS << "_Static_assert(_Alignof(" << Args << ") <= FLEXCC_EPT_SLOT_ALIGN,\n"
     << "\t       \"flexcc: the arguments and result of '"
     << cString(calleeDisplayName(G)) << "' need more alignment than an ept RPC slot has\");\n";

  // Client stub.
  OS << "\n" << formatPrototype(G, G.StubName, /*NamedParams=*/false) << ";\n";
  OS << formatPrototype(G, G.StubName, /*NamedParams=*/true) << "\n{\n";
  if (!Empty) {
    OS << "\t" << Args << " *__s = flexcc_ept_slot();\n";
    OS << copyInCode(G) << "\n";
    for (size_t I = 0; I != G.ParamTypes.size(); ++I)
      OS << "\t__s->a" << I << " = " << stubArgument(G, I) << ";\n";
  }
  OS << "\tflexcc_ept_call(FLEXCC_COMP_" << G.ToCompartment << ", "
     << indexName(G) << ");\n";
  OS << copyOutCode(G);
  if (!Void)
    OS << "\treturn __s->ret;\n";
  OS << "}\n";

  // Server function.
  OS << "\nstatic void " << serveName(G) << "(void *__slot)\n{\n";
  if (Empty) {
    OS << "\t(void)__slot;\n";
  } else {
    OS << "\t" << Args << " *__s = __slot;\n\n";
  }
  OS << "\t" << (Void ? "" : "__s->ret = ") << G.Callee << "(" << slotArgs(G)
     << ");\n";
  OS << "}\n";
}

/// The compartments' system call allowlists ('syscalls:'), for the runtime
/// to enforce with seccomp in each compartment's process: emitted only when
/// a compartment has one, so that the stubs of other images do not change
/// (the runtime takes the table as a weak symbol: absent, all unrestricted).
static void emitSyscallTable(const Config &Cfg, llvm::raw_ostream &OS) {
  bool Any = false;
  for (const Compartment &C : Cfg.Compartments)
    Any |= !C.Syscalls.empty();
  if (!Any)
    return;
  OS << "\n/* The system calls each compartment may make (its 'syscalls:'); "
        "null:\n * unrestricted. The runtime enforces them with seccomp. */\n";
  for (const Compartment &C : Cfg.Compartments) {
    if (C.Syscalls.empty())
      continue;
    OS << "static const char *const __flexcc_ept_sys_" << C.Name
       << "[] = {";
    for (const std::string &S : C.Syscalls)
      OS << " \"" << cString(S) << "\",";
    OS << " 0 };\n";
  }
  OS << "const char *const *const "
        "__flexcc_ept_syscalls[FLEXCC_NR_COMPARTMENTS] = {\n";
  for (const Compartment &C : Cfg.Compartments)
    if (!C.Syscalls.empty())
      OS << "\t[FLEXCC_COMP_" << C.Name << "] = __flexcc_ept_sys_" << C.Name
         << ",\n";
  OS << "};\n";
}

void EptStubEmitter::emitEpilogue(
    const Config &Cfg, const std::vector<rewriters::GateRecord> &Gates,
    llvm::raw_ostream &OS) {
  emitSyscallTable(Cfg, OS);
  OS << "\n/* The entry points that compartments serve, by "
        "FLEXCC_EPT_FN__<stub>. */\n";
  if (Gates.empty()) {
    OS << "const struct flexcc_ept_entry __flexcc_ept_entries[1] = {\n"
          "\t{ 0, 0, 0, 0 },\n"
          "};\n"
          "const unsigned __flexcc_ept_nr_entries = 0;\n";
    return;
  }
  OS << "const struct flexcc_ept_entry __flexcc_ept_entries[] = {\n";
  for (const rewriters::GateRecord &G : Gates)
    OS << "\t[" << indexName(G) << "] = { FLEXCC_COMP_" << G.ToCompartment
       << ", \"" << cString(calleeDisplayName(G)) << "\", " << serveName(G)
       << ",\n\t\tsizeof(" << argsName(G) << ") },\n";
  OS << "};\n";
  OS << "const unsigned __flexcc_ept_nr_entries =\n"
        "\tsizeof(__flexcc_ept_entries) / sizeof(__flexcc_ept_entries[0]);\n";
}

} // namespace backends
} // namespace flexcc
