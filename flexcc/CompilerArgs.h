//===--- CompilerArgs.h - a cc command line, classified ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// In wrapper mode flexcc receives the command line meant for cc. It must
// know, without understanding every option, which arguments are inputs and
// in which language, what the command produces (objects, assembly,
// preprocessed text, a linked image), which options the rewrite's own parse
// needs (those that change what the preprocessor and the parser see), and
// which ones belong only to compiling or only to linking, so that it can
// split one 'cc -o prog a.c b.c' into per-file compiles and a link.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_COMPILERARGS_H
#define FLEXCC_FLEXCC_COMPILERARGS_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace flexcc {

/// What an input is, from -x or its extension.
enum class InputKind {
  C,        ///< Rewritten, then compiled.
  Cxx,      ///< Rewritten, then compiled as C++.
  Other,    ///< Compiled as is (assembly, preprocessed text, headers).
  LinkInput ///< Objects, archives, shared libraries, unknown extensions.
};

/// What the command produces.
enum class CompileMode {
  Link,       ///< No -c, -S, -E, -fsyntax-only, -M/-MM.
  Compile,    ///< -c
  Assemble,   ///< -S
  Preprocess, ///< -E, or -M/-MM without -MD/-MMD
  SyntaxOnly  ///< -fsyntax-only
};

struct CompilerInput {
  std::string Path; ///< As written.
  InputKind Kind = InputKind::LinkInput;
  std::string XLang;   ///< The -x language in effect for it, if any.
  size_t ArgIndex = 0; ///< Position in CompilerArgs::Args.
};

/// One classified argument: its own text and that of its separate value
/// ("-o" "x" is one argument with Values = {"x"}).
struct CompilerArg {
  std::vector<std::string> Texts; ///< The argument, then its values.
  enum RoleKind {
    Input,       ///< An input file.
    Output,      ///< -o FILE
    Mode,        ///< -c, -S, -E, -fsyntax-only, -x LANG: set per command.
    CompileOnly, ///< -I, -D, -W..., -MD, -MF: meaningless at link time.
    LinkOnly,    ///< -l, -L, -Wl,..., -shared: meaningless when compiling.
    Both         ///< -O2, -g, -f..., -m...: given to every command.
  } Role = Both;
  /// The rewrite's parse needs it: it changes what the preprocessor or the
  /// parser sees (-I, -D, -std=, -O, -m..., -f... that clang knows).
  bool ForParse = false;
};

struct CompilerArgs {
  std::vector<CompilerArg> Args;
  std::vector<CompilerInput> Inputs;
  CompileMode Mode = CompileMode::Link;
  std::string Output; ///< Value of -o, empty if none.
  bool Relocatable = false; ///< -r: a partial link, records stay.
  bool HasCxx = false; ///< A C++ input, or -x c++.

  /// Arguments for the rewrite's parse: the ForParse ones, in order.
  std::vector<std::string> parseArgs() const;
  /// The number of inputs that are compiled (not LinkInput).
  size_t compiledInputCount() const;
};

/// Classifies \p Argv (response files already expanded). "-" (standard
/// input) is an input of the -x language in effect, C if none. On an
/// argument it cannot accept (a missing option value), sets \p Error and
/// returns false.
bool classifyCompilerArgs(const std::vector<std::string> &Argv,
                          CompilerArgs &Out, std::string &Error);

/// The kind of \p Path from its extension alone.
InputKind inputKindForExtension(llvm::StringRef Path);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_COMPILERARGS_H
