//===--- NoneStubEmitter.h - stubs of the 'none' mechanism ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The passthrough mechanism: no isolation, every gate is a plain call, so
// no gate crosses a compartment boundary and there is no stub to emit. The
// image file holds only the common part (compartment constants).
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_NONE_NONESTUBEMITTER_H
#define FLEXCC_BACKENDS_NONE_NONESTUBEMITTER_H

#include "backends/StubEmitter.h"

namespace flexcc {
namespace backends {

/// Emits nothing: under 'none' every gate is lowered to a plain call.
class NoneStubEmitter : public StubEmitter {
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

#endif // FLEXCC_BACKENDS_NONE_NONESTUBEMITTER_H
