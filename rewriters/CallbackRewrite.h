//===--- CallbackRewrite.h - callbacks enter their compartment -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The 'callbacks' rewrite (DESIGN.md section 5, docs/rewrites/callbacks.md).
// Under mpk and ept, every use of a function marked __flexos_callback (on any
// of its declarations) that is not the callee of a direct call or of a gate
// - an assignment, an initializer, an argument, a return, a comparison... -
// is rewritten, where the name is written, to name the function's callback
// stub '__flexcc_cb__<f>' instead, declared in the rewritten file just before
// the first file-level declaration that uses it. The stub, with f's
// prototype, is generated with the image's gate stubs; it enters f's home
// compartment from whatever compartment calls it through the pointer. The
// translation unit records each such callback (GateRecord.h); the link step
// finds the home compartment from the records' defines.
//
// A static callback cannot be called from the stubs file: its stub is named
// '__flexcc_cb__<tag>__<f>' (tag: a hash of the file's path relative to the
// config) and the file gets, on the line of the stub's declaration, an
// external constant pointer '__flexcc_cbref__<tag>__<f>' to f, through which
// the stub calls it.
//
// It also warns, under mpk and ept, when the address of a function that is
// not a callback is passed to a gate that crosses a compartment boundary:
// the other compartment would call it without entering its compartment.
//
// Under 'none' it does nothing. It runs after the other rewrites and merges
// its insertions with theirs.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_REWRITERS_CALLBACKREWRITE_H
#define FLEXCC_REWRITERS_CALLBACKREWRITE_H

#include "rewriters/Rewrites.h"
#include "clang/AST/ASTContext.h"

namespace flexcc {
struct Compartment;
namespace rewriters {

class CallbackRewrite {
public:
  static constexpr const char *Id = "callbacks";

  CallbackRewrite(const Config &Cfg, TuResult &Out) : Cfg(Cfg), Out(Out) {}

  /// Rewrites the escaping uses of callbacks and adds their records; call
  /// once, after the other rewrites have added their edits.
  void run(clang::ASTContext &Ctx);

  /// True if a declaration of \p FD carries __flexos_callback.
  static bool isCallback(const clang::FunctionDecl *FD);

private:
  const Config &Cfg;
  TuResult &Out;
};

} // namespace rewriters
} // namespace flexcc

#endif // FLEXCC_REWRITERS_CALLBACKREWRITE_H
