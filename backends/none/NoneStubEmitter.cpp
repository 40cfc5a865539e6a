//===--- NoneStubEmitter.cpp - stubs of the 'none' mechanism --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Nothing to generate: see NoneStubEmitter.h.
//
//===----------------------------------------------------------------------===//
#include "backends/none/NoneStubEmitter.h"

namespace flexcc {
namespace backends {

void NoneStubEmitter::emitPrologue(const Config &, llvm::raw_ostream &) {}

void NoneStubEmitter::emitStub(const Config &, const rewriters::GateRecord &,
                               llvm::raw_ostream &) {}

void NoneStubEmitter::emitEpilogue(const Config &,
                                   const std::vector<rewriters::GateRecord> &,
                                   llvm::raw_ostream &) {}

} // namespace backends
} // namespace flexcc
