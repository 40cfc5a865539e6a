//===--- MpkStubEmitter.cpp - stubs of the 'mpk' mechanism ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// For a gate from compartment app to recv() in compartment net:
//
//   int __flexcc_gate__app__net__recv(int __a0, void *__a1, unsigned long __a2, int __a3)
//   {
//   	struct flexcc_mpk_gate_frame __f;
//   	int __r;
//
//   	flexcc_mpk_gate_enter(&__f, FLEXCC_COMP_app, FLEXCC_COMP_net);
//   	__r = recv(__a0, __a1, __a2, __a3);
//   	flexcc_mpk_gate_leave(&__f);
//   	return __r;
//   }
//
// A callback stub (GateRecord with an empty FromCompartment) is the same
// with FLEXCC_COMP_CURRENT as 'from': it is called through a pointer from
// any compartment.
//
//===----------------------------------------------------------------------===//
#include "backends/mpk/MpkStubEmitter.h"

namespace flexcc {
namespace backends {

void MpkStubEmitter::emitPrologue(const Config &, llvm::raw_ostream &OS) {
  OS << "/*\n"
        " * mpk gates. These C stubs are the portable form of the gate: "
        "they compile\n"
        " * anywhere and switch compartments through flexcc_mpk_gate_enter() "
        "and\n"
        " * flexcc_mpk_gate_leave(). The mpk backend replaces them with the "
        "assembly\n"
        " * gate: stack switch, WRPKRU and a check of PKRU, clearing of the "
        "registers\n"
        " * that could leak data.\n"
        " */\n";
}

void MpkStubEmitter::emitStub(const Config &, const rewriters::GateRecord &G,
                              llvm::raw_ostream &OS) {
  bool Void = G.ReturnType == "void";
  OS << "\n" << formatPrototype(G, G.StubName, /*NamedParams=*/false) << ";\n";
  OS << formatPrototype(G, G.StubName, /*NamedParams=*/true) << "\n{\n";
  OS << "\tstruct flexcc_mpk_gate_frame __f;\n";
  if (!Void)
    OS << "\t" << declareAs(G.ReturnType, "__r") << ";\n";
  // Copies are made, and copied back, with the caller's rights.
  OS << copyInCode(G);
  // A callback stub (no FromCompartment) enters from wherever it is called.
  OS << "\n\tflexcc_mpk_gate_enter(&__f, "
     << (G.FromCompartment.empty() ? std::string("FLEXCC_COMP_CURRENT")
                                   : "FLEXCC_COMP_" + G.FromCompartment)
     << ", FLEXCC_COMP_" << G.ToCompartment << ");\n\t";
  if (!Void)
    OS << "__r = ";
  OS << G.Callee << "(";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    OS << (I ? ", " : "") << stubArgument(G, I);
  OS << ");\n";
  OS << "\tflexcc_mpk_gate_leave(&__f);\n";
  OS << copyOutCode(G);
  if (!Void)
    OS << "\treturn __r;\n";
  OS << "}\n";
}

void MpkStubEmitter::emitEpilogue(const Config &,
                                  const std::vector<rewriters::GateRecord> &,
                                  llvm::raw_ostream &) {}

} // namespace backends
} // namespace flexcc
