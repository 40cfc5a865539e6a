//===--- EptStubEmitter.h - stubs of the 'ept' mechanism ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// One process per compartment (the Linux stand-in for FlexOS's VM per
// compartment); a gate is an RPC over shared memory. For each gate the
// generated file holds:
//
//  - FLEXCC_EPT_FN__<stub>, the gate's index in the entry table;
//  - struct __flexcc_ept_args__<stub>, the layout of the arguments and the
//    result in the caller's RPC slot, with a compile-time check that it fits;
//  - the client stub <stub>, with the callee's prototype: it copies the
//    arguments into flexcc_ept_slot(), calls flexcc_ept_call() and returns
//    the result from the slot;
//  - the server function __flexcc_ept_serve__<stub>, which the callee's
//    compartment runs: it calls the callee with the slot's arguments and
//    stores the result there.
//
// The epilogue defines the table __flexcc_ept_entries, in stub name order
// (gate stubs, then callback stubs). A callback stub is the same RPC client
// stub to the callback's home compartment; it may be called from that
// compartment itself, which flexcc_ept_call() then serves directly.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_EPT_EPTSTUBEMITTER_H
#define FLEXCC_BACKENDS_EPT_EPTSTUBEMITTER_H

#include "backends/StubEmitter.h"

namespace flexcc {
namespace backends {

/// Emits the RPC client stub, server function and entry table of each gate.
/// Stateful: emitStub() numbers the gates in call order, so it must be called
/// once for each gate of emitEpilogue()'s list, in that list's order (as
/// emitImageFile does); a fresh emitter serves one file.
class EptStubEmitter : public StubEmitter {
public:
  void emitPrologue(const Config &Cfg, llvm::raw_ostream &OS) override;
  void emitStub(const Config &Cfg, const rewriters::GateRecord &G,
                llvm::raw_ostream &OS) override;
  void emitEpilogue(const Config &Cfg,
                    const std::vector<rewriters::GateRecord> &Gates,
                    llvm::raw_ostream &OS) override;

private:
  unsigned NextIndex = 0;
};

} // namespace backends
} // namespace flexcc

#endif // FLEXCC_BACKENDS_EPT_EPTSTUBEMITTER_H
