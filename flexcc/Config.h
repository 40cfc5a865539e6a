//===--- Config.h - the image configuration (YAML) ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// An image's configuration: its mechanism, its libraries (named source sets)
// and how they are grouped into compartments (DESIGN.md section 4). Read with
// yaml-cpp; both flexcc's own shape and FlexOS's kraft.yaml shape are
// accepted. Every error is reported at the file:line:col of the offending
// node, clang style, with the source line and a caret.
//
//===----------------------------------------------------------------------===//
#ifndef FLEXCC_FLEXCC_CONFIG_H
#define FLEXCC_FLEXCC_CONFIG_H

#include <optional>
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <string>
#include <vector>

namespace flexcc {

enum class Mechanism { None, Mpk, Ept };
enum class Sharing { Dss, Heap };

/// "none", "mpk", "ept".
llvm::StringRef mechanismName(Mechanism M);
/// Parses a mechanism name; also accepts FlexOS's driver names
/// ("intel-pku" -> mpk, "vmept" -> ept).
std::optional<Mechanism> parseMechanism(llvm::StringRef Name);
/// "dss", "heap".
llvm::StringRef sharingName(Sharing S);
std::optional<Sharing> parseSharing(llvm::StringRef Name);

/// Where a value was written in the config file (1-based).
struct ConfigLoc {
  unsigned Line = 0;
  unsigned Column = 0;
};

struct Library {
  std::string Name;
  /// Globs as written, relative to the config file's directory. '*' and '?'
  /// do not cross '/', '**' does.
  std::vector<std::string> Sources;
  std::string Compartment; ///< Name of the compartment that holds it.
  ConfigLoc Loc;
};

struct Compartment {
  std::string Name;
  unsigned Index = 0; ///< Position in the config (its FlexOS key).
  bool IsDefault = false;
  std::vector<std::string> Libraries;
  std::vector<std::string> Hardening; ///< Validated names, e.g. "asan".
  std::vector<std::string> Syscalls;  ///< Allowlist; empty means unrestricted.
  ConfigLoc Loc;
};

/// A loaded and validated configuration. Every library is in exactly one
/// compartment; exactly one compartment is the default one.
class Config {
public:
  std::string Path; ///< Absolute path of the config file.
  std::string Dir;  ///< Absolute directory of the config file.
  std::string Image;
  Mechanism Mech = Mechanism::None;
  Sharing Share = Sharing::Dss;
  std::vector<Library> Libraries;
  std::vector<Compartment> Compartments;
  /// 'allow-pkru-instructions': functions (symbol names) of the linked
  /// image in which a byte sequence that could change protection keys
  /// (WRPKRU, XRSTOR, XRSTORS) is accepted outside flexcc's gates
  /// (backends/mpk/ImageScan.h).
  std::vector<std::string> AllowPkruInstructions;

  /// The library whose sources match \p File (an absolute, normalized
  /// path), or null for code that belongs to no library (it goes to the
  /// default compartment).
  const Library *libraryForFile(llvm::StringRef File) const;
  /// The library named by a gate's identifier: the config name itself, or
  /// that name with a "lib" prefix ("libnet" and "net" both name "net").
  /// Null if none. "libc" is never a config library unless declared.
  const Library *libraryForGateName(llvm::StringRef Ident) const;
  const Library *findLibrary(llvm::StringRef Name) const;
  const Compartment *findCompartment(llvm::StringRef Name) const;
  /// The compartment holding library \p L, or the default compartment for
  /// null.
  const Compartment &compartmentOf(const Library *L) const;
  const Compartment &defaultCompartment() const;
  /// The compartment whose Index is \p Key, or null.
  const Compartment *compartmentByKey(unsigned Key) const;
  /// The compartment of the source file \p Path, as written on a command
  /// line (relative to the working directory, or absolute).
  const Compartment &compartmentOfSource(llvm::StringRef Path) const;
};

/// \p Path made absolute against the working directory, with '.' and '..'
/// removed: the form libraryForFile() and the records use.
std::string absolutePath(llvm::StringRef Path);

/// Largest number of compartments a mechanism supports.
unsigned maxCompartments(Mechanism M);

struct ConfigOverrides {
  std::optional<Mechanism> Mech;
  std::optional<Sharing> Share;
};

/// Loads and validates \p Path. On error, prints every problem found to
/// \p Errs as "file:line:col: error: message" with the source line and a
/// caret, and returns null. Never throws, never crashes, whatever the file
/// holds. Overrides replace the file's mechanism and sharing before the
/// checks that depend on them (e.g. the compartment count) run.
std::unique_ptr<Config> loadConfig(llvm::StringRef Path,
                                   const ConfigOverrides &Overrides,
                                   llvm::raw_ostream &Errs);

/// Same as loadConfig, from a buffer; \p Path names it in messages and
/// anchors relative source globs.
std::unique_ptr<Config> loadConfigFromString(llvm::StringRef Text,
                                             llvm::StringRef Path,
                                             const ConfigOverrides &Overrides,
                                             llvm::raw_ostream &Errs);

/// Matches \p Path against \p Glob ('*', '?', '[...]', '**').
bool globMatch(llvm::StringRef Glob, llvm::StringRef Path);

} // namespace flexcc

#endif // FLEXCC_FLEXCC_CONFIG_H
