//===--- StubEmitter.h - the per-image generated C file -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What flexcc generates for a mechanism: from the ObjectRecords of every
// translation unit of an image, one C file (<image>.flexcc.c) that holds the
// compartment constants and a stub for each gate that crosses a compartment
// boundary and for each callback whose address escapes. Each mechanism (backends/<mechanism>/) implements StubEmitter;
// the stubs call the backend's runtime entry points declared in
// runtime/include/flexcc/backend.h.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_BACKENDS_STUBEMITTER_H
#define FLEXCC_BACKENDS_STUBEMITTER_H

#include "flexcc/Config.h"
#include "rewriters/GateRecord.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
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
  /// The definition of \p G.StubName with the callee's prototype. A
  /// callback stub comes as a gate whose FromCompartment is empty: the
  /// thread's current compartment (FLEXCC_COMP_CURRENT in flexcc/backend.h).
  virtual void emitStub(const Config &Cfg, const rewriters::GateRecord &G,
                        llvm::raw_ostream &OS) = 0;
  /// Code after all stubs (e.g. an entry-point table); \p Gates holds the
  /// gate stubs then the callback stubs, in the order emitStub saw them.
  virtual void emitEpilogue(const Config &Cfg,
                            const std::vector<rewriters::GateRecord> &Gates,
                            llvm::raw_ostream &OS) = 0;
};

/// The emitter of mechanism \p M. Under 'none' it emits nothing: no gate
/// crosses a compartment boundary there.
std::unique_ptr<StubEmitter> createStubEmitter(Mechanism M);

/// Checks that the records of an image can be emitted together; the driver
/// calls it before emitImageFile. Reports, one error each (joined), gates to
/// the same callee whose ABI-canonical prototypes disagree, AbiTypes of the
/// same name with different definitions, and AbiTypes that a gate uses but
/// no record defines; and callbacks whose stubs' prototypes disagree or
/// whose function no record defines (its home is then unknown). Each message is a whole clang-style diagnostic line,
/// "file:line:col: error: ..." (or "flexcc: error: ..." without a location),
/// with no final newline.
llvm::Error checkGateRecords(const std::vector<rewriters::ObjectRecord> &Records);

/// For StubEmitter implementations: a C declaration of \p Name with the
/// ABI-canonical type \p Type ("int x", "void *p").
std::string declareAs(llvm::StringRef Type, llvm::StringRef Name);

/// For StubEmitter implementations: the prototype of function \p Name with
/// \p G's signature, parameters named by stubParam() if \p NamedParams, e.g.
/// "int recv(int __a0, void *__a1)"; "(void)" for no parameter.
std::string formatPrototype(const rewriters::GateRecord &G,
                            llvm::StringRef Name, bool NamedParams);

/// For StubEmitter implementations: the name of the function \p G calls,
/// for comments and messages. A static callback's stub calls it through the
/// pointer "__flexcc_cbref__<tag>__<f>" that its file defines: that gives
/// "<f>". Otherwise G.Callee.
std::string calleeDisplayName(const rewriters::GateRecord &G);

/// For StubEmitter implementations: the name of a stub's parameter \p I,
/// "__a<I>". Every name a stub declares has the reserved "__" prefix (its
/// locals too: __f, __r, __s, __m, ...), so that no callee's name is hidden
/// by one: a stub calls its callee by its plain name.
std::string stubParam(unsigned I);

/// For StubEmitter implementations: the argument a stub passes for
/// parameter \p I of \p G: "__b<I>" (the copy in the bounce buffer) for a
/// copy-shared parameter, else stubParam(I).
std::string stubArgument(const rewriters::GateRecord &G, unsigned I);

/// For StubEmitter implementations: copy sharing (GateRecord::Copies), as
/// statements indented by one tab. copyInCode() declares the copies __b<I>
/// and fills them; the stub runs it in the caller's compartment before the
/// call. copyOutCode() copies the out and inout parameters back and frees
/// the copies; the stub runs it in the caller's compartment after the call.
/// Both are empty when \p G copies nothing.
std::string copyInCode(const rewriters::GateRecord &G);
std::string copyOutCode(const rewriters::GateRecord &G);

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
