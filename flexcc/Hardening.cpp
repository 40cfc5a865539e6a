//===--- Hardening.cpp - per-compartment compiler hardening ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The mapping from hardening names to the real compiler's flags (see
// docs/hardening.md for why each flag, and what was tried with clang 14 and
// gcc 12):
//
//   stack-protector  -fstack-protector-strong
//   fortify          -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2 (-O1 unless -O1+)
//   ubsan            -fsanitize=undefined -fno-sanitize-recover=undefined
//   asan             -fsanitize=address -fno-omit-frame-pointer
//   safe-stack       -fsanitize=safe-stack (clang only)
//   cfi              not supported yet (an error)
//
// Only the compile commands of a compartment's sources get its flags; the
// link gets the runtimes (-fsanitize=...) alone, which instrument nothing.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Hardening.h"
#include "flexcc/ObjectRecords.h"
#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace flexcc {

namespace {

bool startsWithText(StringRef S, StringRef Prefix) {
  return S.size() >= Prefix.size() && S.substr(0, Prefix.size()) == Prefix;
}

/// "flexcc.yaml:7:5: error: ", where the compartment is declared: the
/// config is the input at fault.
std::string where(const Config &Cfg, const Compartment &C) {
  std::string S = displayPath(Cfg.Path);
  if (C.Loc.Line)
    S += ":" + std::to_string(C.Loc.Line) + ":" + std::to_string(C.Loc.Column);
  return S + ": error: ";
}

/// 0, or the status of a hardening of \p C that cannot be done.
int checkSupported(const Config &Cfg, const Compartment &C, bool IsClang,
                   std::string &Error) {
  for (const std::string &H : C.Hardening) {
    if (H == "cfi") {
      Error = where(Cfg, C) + "hardening 'cfi' of compartment '" + C.Name +
              "' is not supported yet: clang's CFI needs link-time "
              "optimisation (-flto) and an LTO linker, its bitcode objects "
              "would hide flexcc's gate records from the link, and every "
              "indirect call from the compartment to a function compiled "
              "without CFI (another compartment's callback, libc) would "
              "trap; remove 'cfi' from the compartment\n";
      return 1;
    }
    if (H == "safe-stack" && !IsClang) {
      Error = where(Cfg, C) + "hardening 'safe-stack' of compartment '" +
              C.Name +
              "' needs clang as the real compiler (gcc has no SafeStack); "
              "name clang with --cc or remove 'safe-stack'\n";
      return 2;
    }
  }
  return 0;
}

bool has(const Compartment &C, StringRef H) {
  return llvm::is_contained(C.Hardening, H.str());
}

} // namespace

std::vector<std::string>
hardeningCompileFlags(const Compartment &C,
                      const std::vector<std::string> &UserArgs) {
  std::vector<std::string> Flags;
  // In the config's order, so that the command line reads like the config.
  for (const std::string &H : C.Hardening) {
    if (H == "stack-protector") {
      Flags.push_back("-fstack-protector-strong");
    } else if (H == "fortify") {
      // glibc only fortifies optimised code, silently: without -O, or
      // with -O0 last, the compartment's files get -O1.
      std::string LastO;
      for (const std::string &A : UserArgs)
        if (startsWithText(A, "-O"))
          LastO = A;
      bool HasO = !LastO.empty() && LastO != "-O0";
      // A stronger level given by the user stays (-D_FORTIFY_SOURCE=3).
      bool Stronger = llvm::any_of(UserArgs, [](const std::string &A) {
        return A == "-D_FORTIFY_SOURCE=3";
      });
      if (!Stronger) {
        Flags.push_back("-U_FORTIFY_SOURCE");
        Flags.push_back("-D_FORTIFY_SOURCE=2");
      }
      if (!HasO)
        Flags.push_back("-O1");
    } else if (H == "ubsan") {
      // Abort at the first report: a bug is stopped, not just logged.
      Flags.push_back("-fsanitize=undefined");
      Flags.push_back("-fno-sanitize-recover=undefined");
    } else if (H == "asan") {
      Flags.push_back("-fsanitize=address");
      Flags.push_back("-fno-omit-frame-pointer");
    } else if (H == "safe-stack") {
      Flags.push_back("-fsanitize=safe-stack");
    }
    // 'cfi' has no flags: checkSupported refuses it.
  }
  return Flags;
}

int appendHardeningCompileFlags(const Config &Cfg, StringRef InputPath,
                                bool IsClang, std::vector<std::string> &Cmd,
                                std::string &Error) {
  const Compartment &C = Cfg.compartmentOfSource(InputPath);
  if (C.Hardening.empty())
    return 0;
  if (int Status = checkSupported(Cfg, C, IsClang, Error))
    return Status;
  std::vector<std::string> Flags = hardeningCompileFlags(C, Cmd);
  Cmd.insert(Cmd.end(), Flags.begin(), Flags.end());
  return 0;
}

int appendHardeningLinkFlags(const Config &Cfg, bool IsClang,
                             std::vector<std::string> &Cmd,
                             std::string &Error) {
  bool Asan = false, Ubsan = false, SafeStack = false;
  const Compartment *AsanC = nullptr, *SafeStackC = nullptr;
  for (const Compartment &C : Cfg.Compartments) {
    if (int Status = checkSupported(Cfg, C, IsClang, Error))
      return Status;
    if (has(C, "asan")) {
      Asan = true;
      AsanC = &C;
    }
    if (has(C, "safe-stack")) {
      SafeStack = true;
      SafeStackC = &C;
    }
    Ubsan |= has(C, "ubsan");
  }
  // The config refuses this already; the runtimes cannot share a process.
  if (Asan && SafeStack) {
    Error = where(Cfg, *AsanC) + "compartments '" + AsanC->Name + "' ('asan') and '" +
            SafeStackC->Name +
            "' ('safe-stack') cannot be in one image: their runtimes "
            "cannot share a process\n";
    return 1;
  }
  std::string List;
  auto add = [&](StringRef S) {
    if (!List.empty())
      List += ',';
    List += S.str();
  };
  if (Asan)
    add("address");
  if (Ubsan)
    add("undefined");
  if (SafeStack)
    add("safe-stack");
  if (!List.empty())
    Cmd.push_back("-fsanitize=" + List);
  return 0;
}

} // namespace flexcc
