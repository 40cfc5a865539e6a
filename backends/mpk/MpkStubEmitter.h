//===--- MpkStubEmitter.h - stubs of the 'mpk' mechanism ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Intel MPK: one address space, one protection key per compartment. A stub
// has the callee's exact (ABI-canonical) prototype and brackets the call
// with flexcc_mpk_gate_enter() and flexcc_mpk_gate_leave() from
// flexcc/backend.h, which switch stack and PKRU.
//
// The stub is generated in C for now: the portable form, which compiles
// anywhere. The mpk runtime work replaces it with an assembly gate (stack
// switch, WRPKRU and a check of PKRU, clearing of registers that could leak
// data), which C cannot express.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_MPK_MPKSTUBEMITTER_H
#define FLEXCC_BACKENDS_MPK_MPKSTUBEMITTER_H

#include "backends/StubEmitter.h"

namespace flexcc {
namespace backends {

/// Emits one C stub per gate, calling the mpk gate entry points.
class MpkStubEmitter : public StubEmitter {
public:
  void emitPrologue(const Config &Cfg, llvm::raw_ostream &OS) override;
  void emitStub(const Config &Cfg, const rewriters::GateRecord &G,
                llvm::raw_ostream &OS) override;
  void emitEpilogue(const Config &Cfg,
                    const std::vector<rewriters::GateRecord> &Gates,
                    llvm::raw_ostream &OS) override;
};

} // namespace backends
} // namespace flexcc

#endif // FLEXCC_BACKENDS_MPK_MPKSTUBEMITTER_H
