//===--- CompilerArgs.cpp - a cc command line, classified --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The tables follow GCC's and clang's documented driver options. An option
// flexcc does not list is kept for every command (Both) and left out of the
// parse, which is what a wrapper should do with what it does not know.
//
//===----------------------------------------------------------------------===//
#include "flexcc/CompilerArgs.h"
#include "flexcc/LlvmCompat.h"
#include "clang/Driver/Options.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace flexcc {

namespace {

using Role = CompilerArg::RoleKind;

struct SeparateOption {
  StringRef Name;
  Role R;
  bool ForParse;
};

// Options whose value is the next argument when written alone.
const SeparateOption SeparateOptions[] = {
    {"-I", Role::CompileOnly, true},
    {"-D", Role::CompileOnly, true},
    {"-U", Role::CompileOnly, true},
    {"-include", Role::CompileOnly, true},
    {"-imacros", Role::CompileOnly, true},
    {"-isystem", Role::CompileOnly, true},
    {"-iquote", Role::CompileOnly, true},
    {"-idirafter", Role::CompileOnly, true},
    {"-iprefix", Role::CompileOnly, true},
    {"-iwithprefix", Role::CompileOnly, true},
    {"-iwithprefixbefore", Role::CompileOnly, true},
    {"-isysroot", Role::CompileOnly, true},
    {"-MF", Role::CompileOnly, false},
    {"-MT", Role::CompileOnly, false},
    {"-MQ", Role::CompileOnly, false},
    {"-Xclang", Role::CompileOnly, false},
    {"-Xpreprocessor", Role::CompileOnly, false},
    {"-Xassembler", Role::CompileOnly, false},
    {"-include-pch", Role::CompileOnly, false},
    {"-aux-info", Role::CompileOnly, false},
    {"-target", Role::Both, true},
    {"--sysroot", Role::Both, true},
    {"-arch", Role::Both, false},
    {"--param", Role::Both, false},
    {"-mllvm", Role::Both, false},
    {"-L", Role::LinkOnly, false},
    {"-l", Role::LinkOnly, false},
    {"-Xlinker", Role::LinkOnly, false},
    {"-T", Role::LinkOnly, false},
    {"-u", Role::LinkOnly, false},
    {"-z", Role::LinkOnly, false},
    {"-e", Role::LinkOnly, false},
};

// Options written with their value joined ("-Iinc", "-std=c99") or alone,
// matched by prefix in this order.
const SeparateOption JoinedPrefixes[] = {
    {"-isystem", Role::CompileOnly, true},
    {"-iquote", Role::CompileOnly, true},
    {"-idirafter", Role::CompileOnly, true},
    {"-include", Role::CompileOnly, true},
    {"-imacros", Role::CompileOnly, true},
    {"-isysroot", Role::CompileOnly, true},
    {"-I", Role::CompileOnly, true},
    {"-D", Role::CompileOnly, true},
    {"-U", Role::CompileOnly, true},
    {"-std=", Role::CompileOnly, true},
    {"--std=", Role::CompileOnly, true},
    {"-ansi", Role::CompileOnly, true},
    {"-undef", Role::CompileOnly, true},
    {"-trigraphs", Role::CompileOnly, true},
    {"-nostdinc", Role::CompileOnly, true}, // and -nostdinc++
    {"-nostdlibinc", Role::CompileOnly, true},
    {"-nobuiltininc", Role::CompileOnly, true},
    {"-stdlib=", Role::Both, true},
    {"--target=", Role::Both, true},
    {"--sysroot=", Role::Both, true},
    {"-pthread", Role::Both, true},
    {"-Wl,", Role::LinkOnly, false},
    {"-Wa,", Role::CompileOnly, false},
    {"-Wp,", Role::CompileOnly, false},
    {"-W", Role::CompileOnly, false},
    {"-w", Role::CompileOnly, false},
    {"-pedantic", Role::CompileOnly, false},
    {"-MD", Role::CompileOnly, false},
    {"-MMD", Role::CompileOnly, false},
    {"-MP", Role::CompileOnly, false},
    {"-MG", Role::CompileOnly, false},
    {"-MF", Role::CompileOnly, false},
    {"-MT", Role::CompileOnly, false},
    {"-MQ", Role::CompileOnly, false},
    {"-L", Role::LinkOnly, false},
    {"-l", Role::LinkOnly, false},
    {"-T", Role::LinkOnly, false},
    {"-fuse-ld=", Role::LinkOnly, false},
    {"-rtlib=", Role::LinkOnly, false},
    {"--rtlib=", Role::LinkOnly, false},
    {"-unwindlib=", Role::LinkOnly, false},
    {"-Wl", Role::LinkOnly, false},
};

const StringRef LinkOnlyFlags[] = {
    "-shared", "-static", "-static-libgcc", "-static-libstdc++",
    "-shared-libgcc", "-rdynamic", "-pie", "-no-pie", "-static-pie",
    "-nostdlib", "-nostdlib++", "-nostartfiles", "-nodefaultlibs", "-s",
    "-r", "-symbolic"};

// -f options that name files or plug-ins: the parse must not need them.
const StringRef UnparsedFOptions[] = {
    "-fprofile", "-fplugin", "-fpass-plugin", "-fcrash-diagnostics",
    "-fsave-optimization-record", "-fmodules-cache-path", "-fcoverage",
    "-fdebug-prefix-map", "-fmacro-prefix-map", "-ffile-prefix-map",
    "-fcolor-diagnostics", "-fdiagnostics", "-fsanitize-blacklist",
    "-fsanitize-ignorelist", "-fxray"};

/// Whether clang's driver knows \p Arg (a whole -f... or -m... argument).
bool clangKnows(StringRef Arg) {
  const opt::OptTable &Table = clang::driver::getDriverOptTable();
  std::string Text = Arg.str();
  const char *Argv[] = {Text.c_str()};
  unsigned MissingIndex = 0, MissingCount = 0;
  opt::InputArgList Parsed = Table.ParseArgs(Argv, MissingIndex, MissingCount);
  if (MissingCount)
    return false;
  for (const opt::Arg *A : Parsed)
    if (A->getOption().getKind() == opt::Option::UnknownClass ||
        A->getOption().getKind() == opt::Option::InputClass)
      return false;
  return true;
}

InputKind inputKindForLanguage(StringRef Lang, StringRef Path) {
  if (Lang.empty() || Lang == "none")
    return inputKindForExtension(Path);
  if (Lang == "c")
    return InputKind::C;
  if (Lang == "c++")
    return InputKind::Cxx;
  return InputKind::Other;
}

} // namespace

InputKind inputKindForExtension(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  if (Ext == ".c")
    return InputKind::C;
  if (Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".c++" ||
      Ext == ".C" || Ext == ".cp" || Ext == ".CPP")
    return InputKind::Cxx;
  if (Ext == ".s" || Ext == ".S" || Ext == ".sx" || Ext == ".i" ||
      Ext == ".ii" || Ext == ".h" || Ext == ".hh" || Ext == ".hpp" ||
      Ext == ".hxx" || Ext == ".m" || Ext == ".mm")
    return InputKind::Other;
  return InputKind::LinkInput;
}

std::vector<std::string> CompilerArgs::parseArgs() const {
  std::vector<std::string> Out;
  for (const CompilerArg &A : Args)
    if (A.ForParse)
      Out.insert(Out.end(), A.Texts.begin(), A.Texts.end());
  return Out;
}

size_t CompilerArgs::compiledInputCount() const {
  return count_if(Inputs, [](const CompilerInput &I) {
    return I.Kind != InputKind::LinkInput;
  });
}

bool classifyCompilerArgs(const std::vector<std::string> &Argv,
                          CompilerArgs &Out, std::string &Error) {
  std::string XLang;
  bool DepsOnly = false;
  for (size_t I = 0; I < Argv.size(); ++I) {
    StringRef A = Argv[I];
    CompilerArg Arg;
    Arg.Texts.push_back(A.str());
    auto takeValue = [&]() {
      if (I + 1 >= Argv.size()) {
        Error = ("argument to '" + A + "' is missing (expected 1 value)").str();
        return false;
      }
      Arg.Texts.push_back(Argv[++I]);
      return true;
    };

    if (A == "-" || A.empty() || A[0] != '-') {
      CompilerInput In;
      In.Path = A.str();
      // Standard input has no extension: C unless -x says otherwise (cc
      // itself accepts it without -x only for -E).
      In.Kind = A == "-" && (XLang.empty() || XLang == "none")
                    ? InputKind::C
                    : inputKindForLanguage(XLang, A);
      In.XLang = XLang;
      In.ArgIndex = Out.Args.size();
      if (In.Kind == InputKind::Cxx)
        Out.HasCxx = true;
      Out.Inputs.push_back(std::move(In));
      Arg.Role = Role::Input;
      Out.Args.push_back(std::move(Arg));
      continue;
    }

    if (A == "-o") {
      if (!takeValue())
        return false;
      Arg.Role = Role::Output;
      Out.Output = Arg.Texts.back();
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (startsWith(A, "-o") && A.size() > 2) {
      Arg.Role = Role::Output;
      Out.Output = A.drop_front(2).str();
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (A == "-x" || (startsWith(A, "-x") && A.size() > 2)) {
      if (A == "-x" && !takeValue())
        return false;
      XLang = A == "-x" ? Arg.Texts.back() : A.drop_front(2).str();
      if (XLang == "c++")
        Out.HasCxx = true;
      Arg.Role = Role::Mode;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (A == "-c" || A == "-S" || A == "-E" || A == "-fsyntax-only") {
      CompileMode M = A == "-c"   ? CompileMode::Compile
                      : A == "-S" ? CompileMode::Assemble
                      : A == "-E" ? CompileMode::Preprocess
                                  : CompileMode::SyntaxOnly;
      // cc's precedence: -E over -fsyntax-only over -S over -c.
      auto Rank = [](CompileMode X) {
        switch (X) {
        case CompileMode::Link:
          return 0;
        case CompileMode::Compile:
          return 1;
        case CompileMode::Assemble:
          return 2;
        case CompileMode::SyntaxOnly:
          return 3;
        case CompileMode::Preprocess:
          return 4;
        }
        return 0;
      };
      if (Rank(M) > Rank(Out.Mode))
        Out.Mode = M;
      Arg.Role = Role::Mode;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (A == "-M" || A == "-MM") {
      DepsOnly = true;
      Arg.Role = Role::CompileOnly;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (const SeparateOption *S = find_if(SeparateOptions, [&](const SeparateOption &S) {
          return S.Name == A;
        }); S != std::end(SeparateOptions)) {
      if (!takeValue())
        return false;
      Arg.Role = S->R;
      Arg.ForParse = S->ForParse;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (is_contained(LinkOnlyFlags, A)) {
      Arg.Role = Role::LinkOnly;
      if (A == "-r")
        Out.Relocatable = true;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    if (A == "-Wl,-r" || A == "-Wl,--relocatable")
      Out.Relocatable = true;
    if (const SeparateOption *S = find_if(JoinedPrefixes, [&](const SeparateOption &S) {
          return startsWith(A, S.Name);
        }); S != std::end(JoinedPrefixes)) {
      Arg.Role = S->R;
      Arg.ForParse = S->ForParse;
      Out.Args.push_back(std::move(Arg));
      continue;
    }
    // -O, -f and -m change predefined macros and language options; the
    // parse gets those clang knows, the real compiler all of them.
    Arg.Role = Role::Both;
    if (startsWith(A, "-O"))
      Arg.ForParse = true;
    else if ((startsWith(A, "-f") || startsWith(A, "-m")) &&
             none_of(UnparsedFOptions,
                     [&](StringRef P) { return startsWith(A, P); }))
      Arg.ForParse = clangKnows(A);
    Out.Args.push_back(std::move(Arg));
  }
  // -M and -MM imply -E, as in cc; -MD and -MMD only add a depfile.
  if (DepsOnly)
    Out.Mode = CompileMode::Preprocess;
  return true;
}

} // namespace flexcc
