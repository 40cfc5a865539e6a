//===--- MpkStubEmitter.h - gates of the 'mpk' mechanism ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Intel MPK: one address space, one protection key per compartment. Every
// gate is generated as straight-line x86-64 assembly (in the section
// flexcc_mpk_gates) that saves the caller's callee-saved registers on the
// caller's stack, opens the runtime's key (WRPKRU, then a check of the value
// written), switches to the callee compartment's stack for this thread,
// writes and checks the callee's PKRU, clears every register that carries no
// argument, and calls the callee; the way back mirrors it. The contract with
// the runtime (keys, PKRU values, the per-thread gate state) is in
// flexcc/backend.h, section "mpk"; backends/mpk/runtime/mpk.c implements it.
//
// Prototypes whose arguments and result all travel in registers (integers,
// pointers, float, double) are gated as they are. Any other prototype
// (structures by value, long double, more than six integer arguments...) is
// gated through a C stub that stores the arguments in the bounce buffer and
// a gated thunk that makes the call in the callee's compartment: C does the
// ABI, the assembly only ever sees one pointer.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_MPK_MPKSTUBEMITTER_H
#define FLEXCC_BACKENDS_MPK_MPKSTUBEMITTER_H

#include "backends/StubEmitter.h"

namespace flexcc {
namespace backends {

/// The most compartments an mpk image may have: keys 2..15 (key 0 is the
/// shared memory's, key 1 the runtime's).
constexpr unsigned MpkMaxCompartments = 14;

/// The PKRU value of compartment \p Index: its own key and key 0 open,
/// every other key closed. With \p Gate, the runtime's key (1) open too
/// (inside a gate only).
unsigned mpkPkru(unsigned Index, bool Gate);

/// Emits the assembly gates, and C stubs where a prototype needs them.
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
