//===--- StubEmitter.h - the per-image generated C file -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What flexcc generates for a mechanism: from the ObjectRecords of every
// translation unit of an image, one C file (<image>.flexcc.c) that holds the
// compartment constants and a stub for each gate that crosses a compartment
// boundary. Each mechanism (backends/<mechanism>/) implements StubEmitter;
// the stubs call the backend's runtime entry points declared in
// runtime/include/flexcc/backend.h.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_STUBEMITTER_H
#define FLEXCC_BACKENDS_STUBEMITTER_H

#include "flexcc/Config.h"
#include "rewriters/GateRecord.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <vector>

namespace flexcc {
class Config;
namespace backends {

/// Generates the stubs of one mechanism.
class StubEmitter {
public:
  virtual ~StubEmitter() = default;
  /// Code after the common prologue (includes, compartment constants, ABI
  /// types, callee declarations): e.g. per-mechanism tables.
  virtual void emitPrologue(const Config &Cfg, llvm::raw_ostream &OS) = 0;
  /// The definition of \p G.StubName with the callee's prototype.
  virtual void emitStub(const Config &Cfg, const rewriters::GateRecord &G,
                        llvm::raw_ostream &OS) = 0;
  /// Code after all stubs (e.g. an entry-point table).
  virtual void emitEpilogue(const Config &Cfg,
                            const std::vector<rewriters::GateRecord> &Gates,
                            llvm::raw_ostream &OS) = 0;
};

std::unique_ptr<StubEmitter> createStubEmitter(Mechanism M);

/// Writes the whole per-image C file for \p Records under Cfg.Mech: a banner
/// naming \p GeneratedFrom, the common prologue, then the mechanism's code.
/// Gates are deduplicated by stub name and types by name, and output is in a
/// stable order so golden files do not churn. Under 'none' (no crossing
/// gates) the file still holds the compartment constants.
void emitImageFile(const Config &Cfg,
                   const std::vector<rewriters::ObjectRecord> &Records,
                   llvm::StringRef GeneratedFrom, llvm::raw_ostream &OS);

} // namespace backends
} // namespace flexcc

#endif // FLEXCC_BACKENDS_STUBEMITTER_H
