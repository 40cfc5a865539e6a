//===--- config_test.cpp - loading and validating the image config -------===//
// SPDX-License-Identifier: Apache-2.0
//
// Both config shapes, the implicit default compartment, every error with its
// line:col and text, the command-line overrides, glob matching, the lookups
// the rewriter uses, and a loop of truncated and corrupted configs that must
// never crash the loader.
//===----------------------------------------------------------------------===//
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <climits>
#include <random>

using namespace flexcc;
using llvm::StringRef;

namespace {

/// Configs are loaded as if from this file; its directory does not exist,
/// so no glob meets a file on disk.
const char *const CfgPath = "/nonexistent-flexcc-test/cfg.yaml";

struct Loaded {
  std::unique_ptr<Config> Cfg;
  std::string Errs;
};

Loaded load(StringRef Text, ConfigOverrides O = {}, StringRef Path = CfgPath) {
  Loaded L;
  llvm::raw_string_ostream OS(L.Errs);
  L.Cfg = loadConfigFromString(Text, Path, O, OS);
  OS.flush();
  return L;
}

/// Loads \p Text expecting success.
std::unique_ptr<Config> good(StringRef Text, ConfigOverrides O = {}) {
  Loaded L = load(Text, O);
  EXPECT_TRUE(L.Cfg) << L.Errs;
  EXPECT_EQ(L.Errs, "");
  return std::move(L.Cfg);
}

unsigned countErrors(StringRef Errs) {
  unsigned N = 0;
  for (size_t At = Errs.find(": error: "); At != StringRef::npos;
       At = Errs.find(": error: ", At + 1))
    ++N;
  return N;
}

/// Loads \p Text expecting failure; returns the first line of the output
/// (the located error) and checks that there is exactly \p Errors errors.
std::string firstError(StringRef Text, ConfigOverrides O = {},
                       unsigned Errors = 1) {
  Loaded L = load(Text, O);
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(countErrors(L.Errs), Errors) << L.Errs;
  return std::string(StringRef(L.Errs).split('\n').first);
}

std::string at(unsigned Line, unsigned Col, StringRef Msg) {
  return std::string(CfgPath) + ":" + std::to_string(Line) + ":" +
         std::to_string(Col) + ": error: " + Msg.str();
}

//===----------------------------------------------------------------------===//
// Good configs
//===----------------------------------------------------------------------===//

TEST(Config, FlexccShape) {
  auto C = good("image: kvstore\n"
                "mechanism: mpk\n"
                "sharing: heap\n"
                "libraries:\n"
                "  app:   { sources: [app/*.c] }\n"
                "  net:   { sources: [net/*.c, include/net.h] }\n"
                "  vfs:   { sources: [vfs/**/*.c] }\n"
                "compartments:\n"
                "  - { name: trusted, default: true, libraries: [app],"
                " hardening: [stack-protector] }\n"
                "  - { name: netvfs, libraries: [net, vfs],"
                " hardening: [asan, ubsan], syscalls: [read, write] }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Path, CfgPath);
  EXPECT_EQ(C->Dir, "/nonexistent-flexcc-test");
  EXPECT_EQ(C->Image, "kvstore");
  EXPECT_EQ(C->Mech, Mechanism::Mpk);
  EXPECT_EQ(C->Share, Sharing::Heap);
  ASSERT_EQ(C->Libraries.size(), 3u);
  EXPECT_EQ(C->Libraries[1].Name, "net");
  EXPECT_EQ(C->Libraries[1].Sources,
            (std::vector<std::string>{"net/*.c", "include/net.h"}));
  EXPECT_EQ(C->Libraries[1].Compartment, "netvfs");
  EXPECT_EQ(C->Libraries[1].Loc.Line, 6u);
  EXPECT_EQ(C->Libraries[1].Loc.Column, 3u);
  ASSERT_EQ(C->Compartments.size(), 2u);
  const Compartment &T = C->Compartments[0], &N = C->Compartments[1];
  EXPECT_EQ(T.Name, "trusted");
  EXPECT_EQ(T.Index, 0u);
  EXPECT_TRUE(T.IsDefault);
  EXPECT_EQ(T.Libraries, std::vector<std::string>{"app"});
  EXPECT_EQ(T.Hardening, std::vector<std::string>{"stack-protector"});
  EXPECT_TRUE(T.Syscalls.empty());
  EXPECT_EQ(N.Index, 1u);
  EXPECT_FALSE(N.IsDefault);
  EXPECT_EQ(N.Libraries, (std::vector<std::string>{"net", "vfs"}));
  EXPECT_EQ(N.Hardening, (std::vector<std::string>{"asan", "ubsan"}));
  EXPECT_EQ(N.Syscalls, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(N.Loc.Line, 10u);
  EXPECT_EQ(&C->defaultCompartment(), &T);
  EXPECT_EQ(&C->compartmentOf(nullptr), &T);
  EXPECT_EQ(&C->compartmentOf(C->findLibrary("vfs")), &N);
  EXPECT_EQ(C->compartmentByKey(1), &N);
  EXPECT_EQ(C->compartmentByKey(2), nullptr);
  EXPECT_EQ(C->findCompartment("netvfs"), &N);
  EXPECT_EQ(C->findCompartment("nope"), nullptr);
  EXPECT_EQ(C->findLibrary("nope"), nullptr);
}

TEST(Config, KraftShape) {
  auto C = good("image: hello\n"
                "compartments:\n"
                "  - name: c1\n"
                "    mechanism:\n"
                "      driver: intel-pku\n"
                "      default: true\n"
                "  - name: c2\n"
                "    mechanism:\n"
                "      driver: intel-pku\n"
                "libraries:\n"
                "  libgreet:\n"
                "    sources: [greet/*.c]\n"
                "    compartment: c2\n"
                "  app:\n"
                "    sources: [app/*.c]\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::Mpk);
  ASSERT_EQ(C->Compartments.size(), 2u);
  EXPECT_TRUE(C->Compartments[0].IsDefault);
  EXPECT_FALSE(C->Compartments[1].IsDefault);
  EXPECT_EQ(C->findLibrary("libgreet")->Compartment, "c2");
  // Unplaced: the default compartment.
  EXPECT_EQ(C->findLibrary("app")->Compartment, "c1");
  EXPECT_EQ(C->Compartments[0].Libraries, std::vector<std::string>{"app"});
  EXPECT_EQ(C->Compartments[1].Libraries, std::vector<std::string>{"libgreet"});
}

TEST(Config, KraftShapeDefaultBesideMechanism) {
  // FLEXOS-API.md's example: 'default' next to 'mechanism', vmept driver.
  auto C = good("image: x\n"
                "compartments:\n"
                "  - name: comp1\n"
                "    mechanism: { driver: vmept }\n"
                "    default: true\n"
                "  - name: comp2\n"
                "    mechanism: { driver: vmept, default: false }\n"
                "libraries:\n"
                "  lwip: { compartment: comp2, sources: [lwip/*.c] }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::Ept);
  EXPECT_TRUE(C->Compartments[0].IsDefault);
  EXPECT_EQ(C->findLibrary("lwip")->Compartment, "comp2");
}

TEST(Config, ImplicitDefaultCompartment) {
  auto C = good("image: hello\n"
                "libraries:\n"
                "  app: { sources: [app/*.c] }\n"
                "  greet: { sources: [greet/*.c], compartment: default }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::None);
  EXPECT_EQ(C->Share, Sharing::Dss);
  ASSERT_EQ(C->Compartments.size(), 1u);
  const Compartment &D = C->Compartments[0];
  EXPECT_EQ(D.Name, "default");
  EXPECT_EQ(D.Index, 0u);
  EXPECT_TRUE(D.IsDefault);
  EXPECT_EQ(D.Libraries, (std::vector<std::string>{"app", "greet"}));
  EXPECT_EQ(C->Libraries[0].Compartment, "default");
  EXPECT_EQ(&C->compartmentOf(nullptr), &D);
}

TEST(Config, MinimalConfig) {
  auto C = good("image: tiny");
  ASSERT_TRUE(C);
  EXPECT_TRUE(C->Libraries.empty());
  ASSERT_EQ(C->Compartments.size(), 1u);
  EXPECT_TRUE(C->Compartments[0].IsDefault);
}

TEST(Config, SingleCompartmentIsTheDefault) {
  auto C = good("image: x\n"
                "libraries: { a: { sources: [a.c] } }\n"
                "compartments: [ { name: only } ]\n");
  ASSERT_TRUE(C);
  EXPECT_TRUE(C->Compartments[0].IsDefault);
  EXPECT_EQ(C->findLibrary("a")->Compartment, "only");
}

TEST(Config, PlacedBothWaysInAgreement) {
  auto C = good("image: x\n"
                "libraries: { a: { sources: [a.c], compartment: c2 } }\n"
                "compartments:\n"
                "  - { name: c1, default: true }\n"
                "  - { name: c2, libraries: [a] }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->findLibrary("a")->Compartment, "c2");
}

TEST(Config, MechanismNames) {
  EXPECT_EQ(parseMechanism("intel-pku"), Mechanism::Mpk);
  EXPECT_EQ(parseMechanism("vmept"), Mechanism::Ept);
  EXPECT_EQ(parseMechanism("none"), Mechanism::None);
  EXPECT_EQ(parseMechanism("MPK"), std::nullopt);
  EXPECT_EQ(mechanismName(Mechanism::Ept), "ept");
  EXPECT_EQ(parseSharing("heap"), Sharing::Heap);
  EXPECT_EQ(parseSharing("stack"), std::nullopt);
  EXPECT_EQ(sharingName(Sharing::Dss), "dss");
  EXPECT_EQ(maxCompartments(Mechanism::None), UINT_MAX);
  EXPECT_EQ(maxCompartments(Mechanism::Mpk), 15u);
  EXPECT_EQ(maxCompartments(Mechanism::Ept), 64u);
}

TEST(Config, AnchorsAndAliases) {
  auto C = good("image: x\n"
                "libraries:\n"
                "  a: &src { sources: [a/*.c] }\n"
                "  b: { sources: [b/*.c] }\n"
                "compartments:\n"
                "  - &hard { name: c1, default: true, hardening: [cfi] }\n"
                "  - { name: c2, libraries: [b] }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Compartments[0].Hardening, std::vector<std::string>{"cfi"});
}

TEST(Config, PathIsAbsoluteAndNormalized) {
  Loaded L = load("image: x\n", {}, "/a/b/../c/./cfg.yaml");
  ASSERT_TRUE(L.Cfg) << L.Errs;
  EXPECT_EQ(L.Cfg->Path, "/a/c/cfg.yaml");
  EXPECT_EQ(L.Cfg->Dir, "/a/c");
  L = load("image: x\n", {}, "sub/../cfg.yaml");
  ASSERT_TRUE(L.Cfg) << L.Errs;
  llvm::SmallString<128> Cwd;
  llvm::sys::fs::current_path(Cwd);
  EXPECT_EQ(L.Cfg->Dir, std::string(Cwd));
  EXPECT_EQ(L.Cfg->Path, std::string(Cwd) + "/cfg.yaml");
}

//===----------------------------------------------------------------------===//
// Errors, each at its line:col
//===----------------------------------------------------------------------===//

TEST(ConfigError, MissingFile) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  EXPECT_FALSE(loadConfig("/nonexistent-flexcc-test/x.yaml", {}, OS));
  EXPECT_EQ(OS.str(), "flexcc: error: cannot read config "
                      "'/nonexistent-flexcc-test/x.yaml': No such file or "
                      "directory\n");
}

TEST(ConfigError, ClangStyleWithSourceLineAndCaret) {
  Loaded L = load("image: x\n"
                  "mechanism: mpkk\n");
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(L.Errs, at(2, 12, "unknown mechanism 'mpkk'; did you mean 'mpk'?") +
                        "\n"
                        "mechanism: mpkk\n"
                        "           ^\n");
}

TEST(ConfigError, EmptyConfig) {
  EXPECT_EQ(firstError(""),
            at(1, 1,
               "the config is empty; expected a map with at least "
               "'image'"));
  EXPECT_EQ(firstError("# only a comment\n"),
            at(1, 1,
               "the config is empty; expected a map with at least "
               "'image'"));
}

TEST(ConfigError, RootNotAMap) {
  EXPECT_EQ(firstError("- a\n- b\n"),
            at(1, 1, "expected a map of config keys, found a list"));
}

TEST(ConfigError, MissingImage) {
  EXPECT_EQ(firstError("\nmechanism: none\n"),
            at(2, 1, "missing required key 'image' (the image's name)"));
}

TEST(ConfigError, BadImageNames) {
  EXPECT_EQ(firstError("image: 1st\n"),
            at(1, 8,
               "invalid image name '1st': expected a C identifier "
               "(letters, digits and '_', not starting with a "
               "digit)"));
  EXPECT_EQ(firstError("image: my-app\n"),
            at(1, 8,
               "invalid image name 'my-app': expected a C identifier "
               "(letters, digits and '_', not starting with a "
               "digit)"));
  EXPECT_EQ(firstError("image: a__b\n"),
            at(1, 8,
               "invalid image name 'a__b': '__' is not allowed (it "
               "separates names in generated symbols)"));
  EXPECT_EQ(firstError("image: [x]\n"),
            at(1, 8, "expected the image name, found a list"));
  EXPECT_EQ(firstError("image:\n"),
            at(1, 1, "expected the image name, found nothing"));
}

TEST(ConfigError, UnknownKeys) {
  EXPECT_EQ(firstError("image: x\nmechanims: mpk\n"),
            at(2, 1,
               "unknown key 'mechanims' in the config; did you mean "
               "'mechanism'?"));
  EXPECT_EQ(firstError("image: x\nversion: 2\n"),
            at(2, 1,
               "unknown key 'version' in the config; expected "
               "'image', 'mechanism', 'sharing', 'libraries' or "
               "'compartments'"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { source: [a.c] }\n"),
            at(3, 8,
               "unknown key 'source' in library 'a'; did you mean "
               "'sources'?"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: c, hardenning: "
                       "[cfi] }\n"),
            at(3, 16,
               "unknown key 'hardenning' in compartment 'c'; did you "
               "mean 'hardening'?"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, mechanism: { drive: mpk } }\n"),
            at(3, 29,
               "unknown key 'drive' in the mechanism of compartment "
               "'c'; did you mean 'driver'?"));
}

TEST(ConfigError, KeysMustBeNames) {
  EXPECT_EQ(firstError("image: x\n[a]: b\n"),
            at(2, 1, "expected a key name in the config, found a list"));
  EXPECT_EQ(firstError("image: x\nlibraries: { [a]: {} }\n"),
            at(2, 14, "expected a library name, found a list"));
}

TEST(ConfigError, DuplicateKey) {
  Loaded L = load("image: x\nsharing: dss\nimage: y\n");
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(StringRef(L.Errs).split('\n').first,
            at(3, 1, "duplicate key 'image' in the config"));
  EXPECT_NE(L.Errs.find(std::string(CfgPath) + ":1:1: note: first given "
                                               "here"),
            std::string::npos)
      << L.Errs;
}

TEST(ConfigError, BadMechanismAndSharing) {
  EXPECT_EQ(firstError("image: x\nmechanism: sgx\n"),
            at(2, 12,
               "unknown mechanism 'sgx'; expected 'none', 'mpk' or "
               "'ept' ('intel-pku' and 'vmept' are accepted too)"));
  EXPECT_EQ(firstError("image: x\nsharing: heapp\n"),
            at(2, 10,
               "unknown sharing strategy 'heapp'; did you mean "
               "'heap'?"));
  EXPECT_EQ(firstError("image: x\nsharing: stack\n"),
            at(2, 10,
               "unknown sharing strategy 'stack'; expected 'dss' or "
               "'heap'"));
  EXPECT_EQ(firstError("image: x\nmechanism: {a: b}\n"),
            at(2, 12, "expected a mechanism name, found a map"));
}

TEST(ConfigError, LibraryShape) {
  EXPECT_EQ(firstError("image: x\nlibraries: [a, b]\n"),
            at(2, 12,
               "expected a map of library names to their settings "
               "('sources', 'compartment'), found a list"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: a/*.c\n"),
            at(3, 6,
               "expected a map with 'sources' for library 'a', found "
               "a scalar"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { compartment: "
                       "default }\n"),
            at(3, 3, "library 'a' has no 'sources' (a list of source globs)"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { sources: [] }\n"),
            at(3, 17, "library 'a' has an empty 'sources' list"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { sources: a.c }\n"),
            at(3, 17, "expected a list of source globs, found a scalar"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { sources: [a.c, [b]] }\n"),
            at(3, 23, "expected source globs in the list, found a list"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { sources: [''] }\n"),
            at(3, 18, "empty source glob in library 'a'"));
}

TEST(ConfigError, LibraryNames) {
  EXPECT_EQ(firstError("image: x\nlibraries:\n  libc: { sources: [c.c] }\n"),
            at(3, 3,
               "the library name 'libc' is reserved (libc is in the "
               "trusted base; gates to it are plain calls)"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  net-io: { sources: [c.c] }\n"),
            at(3, 3,
               "invalid library name 'net-io': expected a C "
               "identifier (letters, digits and '_', not starting "
               "with a digit)"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  2d: { sources: [c.c] }\n"),
            at(3, 3,
               "invalid library name '2d': expected a C identifier "
               "(letters, digits and '_', not starting with a "
               "digit)"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a__b: { sources: [c.c] }\n"),
            at(3, 3,
               "invalid library name 'a__b': '__' is not allowed (it "
               "separates names in generated symbols)"));
  EXPECT_EQ(firstError("image: x\nlibraries:\n  a: { sources: [a.c] }\n"
                       "  a: { sources: [b.c] }\n"),
            at(4, 3, "duplicate library 'a'"));
}

TEST(ConfigError, Placement) {
  EXPECT_EQ(firstError("image: x\n"
                       "libraries: { net: { sources: [n.c] } }\n"
                       "compartments:\n"
                       "  - { name: c1, default: true, libraries: [nett] }\n"),
            at(4, 44,
               "unknown library 'nett' in compartment 'c1'; did you "
               "mean 'net'?"));
  EXPECT_EQ(firstError("image: x\n"
                       "libraries: { net: { sources: [n.c] } }\n"
                       "compartments:\n"
                       "  - { name: c1, default: true, libraries: [net] }\n"
                       "  - { name: c2, libraries: [net] }\n"),
            at(5, 29,
               "library 'net' is placed twice, in compartments 'c1' "
               "and 'c2'"));
  EXPECT_EQ(firstError("image: x\n"
                       "libraries: { net: { sources: [n.c] } }\n"
                       "compartments:\n"
                       "  - { name: c1, libraries: [net, net] }\n"),
            at(4, 34, "library 'net' is placed twice in compartment 'c1'"));
  EXPECT_EQ(firstError("image: x\n"
                       "libraries:\n"
                       "  net: { sources: [n.c], compartment: c1 }\n"
                       "compartments:\n"
                       "  - { name: c1, default: true }\n"
                       "  - { name: c2, libraries: [net] }\n"),
            at(3, 39,
               "library 'net' is placed in 'c1' here but in 'c2' by "
               "that compartment's 'libraries'"));
  EXPECT_EQ(firstError("image: x\n"
                       "libraries:\n"
                       "  net: { sources: [n.c], compartment: c3 }\n"
                       "compartments:\n"
                       "  - { name: c1, default: true }\n"
                       "  - { name: c2 }\n"),
            at(3, 39,
               "unknown compartment 'c3' for library 'net'; did you "
               "mean 'c1'?"));
  // Without 'compartments', only the implicit 'default' exists.
  EXPECT_EQ(firstError("image: x\n"
                       "libraries:\n"
                       "  net: { sources: [n.c], compartment: main }\n"),
            at(3, 39, "unknown compartment 'main' for library 'net'"));
}

TEST(ConfigError, CompartmentShape) {
  EXPECT_EQ(firstError("image: x\ncompartments: { c1: {} }\n"),
            at(2, 15, "expected a list of compartments, found a map"));
  EXPECT_EQ(firstError("image: x\ncompartments: []\n"),
            at(2, 15,
               "'compartments' is empty; list at least one "
               "compartment, or leave the key out for a single "
               "default compartment"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - c1\n"),
            at(3, 5,
               "expected a compartment (a map with 'name'), found a "
               "scalar"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { default: true }\n"),
            at(3, 5, "compartment 1 has no 'name'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: c-1 }\n"),
            at(3, 13,
               "invalid compartment name 'c-1': expected a C "
               "identifier (letters, digits and '_', not starting "
               "with a digit)"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: shared }\n"),
            at(3, 13,
               "compartment name 'shared' is reserved (it names the data "
               "every compartment shares)"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: c, default: "
                       "maybe }\n"),
            at(3, 25, "'default' must be true or false, found 'maybe'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: c, libraries: "
                       "a }\n"),
            at(3, 27, "expected a list of library names, found a scalar"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n  - { name: c, mechanism: "
                       "mpk }\n"),
            at(3, 27,
               "expected a map with 'driver' (kraft.yaml shape), "
               "found a scalar"));
}

TEST(ConfigError, Defaults) {
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1 }\n  - { name: c2 }\n"),
            at(3, 3,
               "no default compartment; mark exactly one with "
               "'default: true'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1, default: true }\n"
                       "  - { name: c2, mechanism: { default: true } }\n"),
            at(4, 13,
               "more than one default compartment; exactly one may "
               "say 'default: true'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1, default: true, mechanism: { "
                       "default: false } }\n"),
            at(3, 54,
               "'mechanism.default' contradicts 'default' of "
               "compartment 'c1'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1, default: true }\n"
                       "  - { name: c1 }\n"),
            at(4, 13, "duplicate compartment 'c1'"));
}

TEST(ConfigError, Drivers) {
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1, default: true, mechanism: { driver: "
                       "intel-pku } }\n"
                       "  - { name: c2, mechanism: { driver: vmept } }\n"),
            at(4, 38,
               "compartment 'c2' uses driver 'ept' but compartment "
               "'c1' uses 'mpk'; an image has one mechanism"));
  EXPECT_EQ(firstError("image: x\nmechanism: ept\ncompartments:\n"
                       "  - { name: c1, mechanism: { driver: intel-pku } }\n"),
            at(4, 38,
               "compartment 'c1' uses driver 'mpk' but the image's "
               "mechanism is 'ept'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c1, mechanism: { driver: intel-mpk } }\n"),
            at(3, 38,
               "unknown mechanism driver 'intel-mpk'; did you mean "
               "'intel-pku'?"));
  // Agreeing top-level mechanism and drivers are fine.
  auto C = good("image: x\nmechanism: mpk\ncompartments:\n"
                "  - { name: c1, mechanism: { driver: intel-pku } }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::Mpk);
}

TEST(ConfigError, Hardening) {
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, hardening: [ubsna] }\n"),
            at(3, 28, "unknown hardening 'ubsna'; did you mean 'ubsan'?"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, hardening: [pie] }\n"),
            at(3, 28,
               "unknown hardening 'pie'; expected 'stack-protector', "
               "'fortify', 'ubsan', 'asan', 'safe-stack' or 'cfi'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, hardening: [cfi, cfi] }\n"),
            at(3, 33, "duplicate hardening 'cfi' in compartment 'c'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, hardening: [asan, ubsan, "
                       "safe-stack] }\n"),
            at(3, 41,
               "'asan' and 'safe-stack' cannot be combined in one "
               "compartment"));
}

TEST(ConfigError, Syscalls) {
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, syscalls: [read, 'write()'] }\n"),
            at(3, 33,
               "invalid system call name 'write()': expected an "
               "identifier such as 'read'"));
  EXPECT_EQ(firstError("image: x\ncompartments:\n"
                       "  - { name: c, syscalls: [read, read] }\n"),
            at(3, 33, "duplicate system call 'read' in compartment 'c'"));
}

TEST(ConfigError, InvalidYaml) {
  EXPECT_EQ(firstError("image: x\nlibraries: { a: [b }\n"),
            at(2, 20, "invalid YAML: illegal flow end"));
  Loaded L = load("image: x\n\tmechanism: mpk\n");
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(countErrors(L.Errs), 1u) << L.Errs;
  EXPECT_EQ(L.Errs.rfind(std::string(CfgPath) + ":", 0), 0u) << L.Errs;
  EXPECT_NE(L.Errs.find("invalid YAML: "), std::string::npos) << L.Errs;
  EXPECT_EQ(firstError("image: x\n---\nimage: y\n"),
            at(2, 1,
               "a config holds one YAML document; found a second "
               "one"));
  // yaml-cpp takes these for an empty document.
  EXPECT_EQ(firstError("# c\n  , a\n"), at(2, 3,
                                           "invalid YAML: unexpected "
                                           "','"));
  EXPECT_EQ(firstError("---\n~\n"),
            at(2, 1, "expected a map of config keys, found nothing"));
}

TEST(ConfigError, DeepNesting) {
  std::string Deep(5000, '[');
  Loaded L = load(Deep);
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(countErrors(L.Errs), 1u) << L.Errs;
  EXPECT_NE(L.Errs.find(": error: invalid YAML: nested too deeply ("),
            std::string::npos)
      << L.Errs;
}

TEST(ConfigError, AllProblemsReportedInOrder) {
  Loaded L = load("image: 9\n"
                  "mechanism: mkp\n"
                  "libraries:\n"
                  "  libc: { sources: [c.c] }\n"
                  "  a: { sourcs: [a.c] }\n"
                  "compartments:\n"
                  "  - { name: c1, hardening: [asan, safe-stack] }\n"
                  "  - { name: c2 }\n");
  EXPECT_FALSE(L.Cfg);
  // image, mechanism, libc, sourcs, asan+safe-stack, no default ('a'
  // without sources is not repeated: the misspelt key explains it).
  EXPECT_EQ(countErrors(L.Errs), 6u) << L.Errs;
  size_t Image = L.Errs.find(":1:8: error"), Mech = L.Errs.find(":2:12:"),
         Hard = L.Errs.find(":7:35:");
  EXPECT_LT(Image, Mech);
  EXPECT_LT(Mech, Hard);
  EXPECT_NE(Hard, std::string::npos) << L.Errs;
}

//===----------------------------------------------------------------------===//
// Mechanism limits and overrides
//===----------------------------------------------------------------------===//

std::string compartmentsConfig(StringRef Mech, unsigned N) {
  std::string S = "image: x\nmechanism: " + Mech.str() + "\ncompartments:\n";
  for (unsigned I = 0; I < N; ++I)
    S += "  - { name: c" + std::to_string(I) +
         (I == 0 ? ", default: true" : "") + " }\n";
  return S;
}

TEST(ConfigLimits, PerMechanism) {
  EXPECT_TRUE(good(compartmentsConfig("mpk", 15)));
  EXPECT_EQ(firstError(compartmentsConfig("mpk", 16)),
            at(19, 13,
               "too many compartments for mechanism 'mpk': 16, but "
               "it supports at most 15"));
  EXPECT_TRUE(good(compartmentsConfig("ept", 64)));
  EXPECT_EQ(firstError(compartmentsConfig("vmept", 65)),
            at(68, 13,
               "too many compartments for mechanism 'ept': 65, but "
               "it supports at most 64"));
  EXPECT_TRUE(good(compartmentsConfig("none", 200)));
}

TEST(ConfigLimits, OverridesApplyBeforeTheCheck) {
  ConfigOverrides ToMpk;
  ToMpk.Mech = Mechanism::Mpk;
  EXPECT_EQ(firstError(compartmentsConfig("none", 16), ToMpk),
            at(19, 13,
               "too many compartments for mechanism 'mpk' (set on "
               "the command line): 16, but it supports at most 15"));
  ConfigOverrides ToEpt;
  ToEpt.Mech = Mechanism::Ept;
  ToEpt.Share = Sharing::Heap;
  auto C = good(compartmentsConfig("mpk", 16), ToEpt);
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::Ept);
  EXPECT_EQ(C->Share, Sharing::Heap);
  // The kraft.yaml drivers give way to the command line too.
  ConfigOverrides ToNone;
  ToNone.Mech = Mechanism::None;
  C = good("image: x\ncompartments:\n"
           "  - { name: c1, mechanism: { driver: intel-pku, default: true } "
           "}\n",
           ToNone);
  ASSERT_TRUE(C);
  EXPECT_EQ(C->Mech, Mechanism::None);
}

//===----------------------------------------------------------------------===//
// Globs and lookups
//===----------------------------------------------------------------------===//

TEST(ConfigGlob, Match) {
  EXPECT_TRUE(globMatch("src/*.c", "src/a.c"));
  EXPECT_FALSE(globMatch("src/*.c", "src/sub/a.c"));
  EXPECT_FALSE(globMatch("src/*.c", "src/a.h"));
  EXPECT_TRUE(globMatch("src/*", "src/.hidden"));
  EXPECT_TRUE(globMatch("src/?.c", "src/a.c"));
  EXPECT_FALSE(globMatch("src/?.c", "src/ab.c"));
  EXPECT_FALSE(globMatch("src?a.c", "src/a.c"));
  EXPECT_TRUE(globMatch("src/**/*.c", "src/a.c"));
  EXPECT_TRUE(globMatch("src/**/*.c", "src/x/y/z/a.c"));
  EXPECT_FALSE(globMatch("src/**/*.c", "other/src/a.c"));
  EXPECT_TRUE(globMatch("src/**", "src/x/y"));
  EXPECT_TRUE(globMatch("**/*.h", "a/b/c.h"));
  EXPECT_TRUE(globMatch("**/*.h", "c.h"));
  EXPECT_TRUE(globMatch("a/**/b/**/c.c", "a/x/b/y/z/c.c"));
  EXPECT_TRUE(globMatch("a/**/b/**/c.c", "a/b/c.c"));
  EXPECT_FALSE(globMatch("a/**/b/**/c.c", "a/x/c.c"));
  EXPECT_TRUE(globMatch("[abc].c", "b.c"));
  EXPECT_FALSE(globMatch("[abc].c", "d.c"));
  EXPECT_TRUE(globMatch("[a-c]x.c", "cx.c"));
  EXPECT_TRUE(globMatch("[!a-c]x.c", "dx.c"));
  EXPECT_FALSE(globMatch("[!a-c]x.c", "bx.c"));
  EXPECT_TRUE(globMatch("[]]", "]"));
  EXPECT_TRUE(globMatch("a[", "a["));
  EXPECT_FALSE(globMatch("a[/]b", "a/b"));
  EXPECT_TRUE(globMatch("\\*.c", "*.c"));
  EXPECT_FALSE(globMatch("\\*.c", "a.c"));
  EXPECT_TRUE(globMatch("*a*b*c", "xxaxxbxxc"));
  EXPECT_FALSE(globMatch("*a*b*c", "xxaxxbxx"));
  EXPECT_TRUE(globMatch("/abs/*.c", "/abs/x.c"));
  EXPECT_TRUE(globMatch("exact.c", "exact.c"));
  EXPECT_FALSE(globMatch("exact.c", "exact.cc"));
  EXPECT_TRUE(globMatch("", ""));
  EXPECT_TRUE(globMatch("*", "")); // fnmatch: '*' may be empty
  EXPECT_FALSE(globMatch("?", ""));
  EXPECT_TRUE(globMatch("**", "a/b/c"));
}

TEST(ConfigGlob, LibraryForFile) {
  auto C = good("image: x\n"
                "libraries:\n"
                "  app: { sources: [app/*.c] }\n"
                "  net: { sources: [net/**/*.c, include/net.h] }\n"
                "  abs: { sources: [/opt/lib/*.c, ../shared/*.c] }\n");
  ASSERT_TRUE(C);
  auto nameFor = [&](StringRef F) -> std::string {
    const Library *L = C->libraryForFile(F);
    return L ? L->Name : "(none)";
  };
  const std::string D = "/nonexistent-flexcc-test/";
  EXPECT_EQ(nameFor(D + "app/main.c"), "app");
  EXPECT_EQ(nameFor(D + "app/sub/main.c"), "(none)");
  EXPECT_EQ(nameFor(D + "net/tcp.c"), "net");
  EXPECT_EQ(nameFor(D + "net/ip/v4/ip.c"), "net");
  EXPECT_EQ(nameFor(D + "include/net.h"), "net");
  EXPECT_EQ(nameFor(D + "include/app.h"), "(none)");
  EXPECT_EQ(nameFor("/opt/lib/z.c"), "abs");
  EXPECT_EQ(nameFor("/shared/s.c"), "abs");
  EXPECT_EQ(nameFor("/elsewhere/app/main.c"), "(none)");
}

TEST(ConfigGlob, LibraryForGateName) {
  auto C = good("image: x\n"
                "libraries:\n"
                "  net: { sources: [n.c] }\n"
                "  libfoo: { sources: [f.c] }\n"
                "  c: { sources: [c.c] }\n");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->libraryForGateName("net"), C->findLibrary("net"));
  EXPECT_EQ(C->libraryForGateName("libnet"), C->findLibrary("net"));
  EXPECT_EQ(C->libraryForGateName("libfoo"), C->findLibrary("libfoo"));
  EXPECT_EQ(C->libraryForGateName("liblibfoo"), C->findLibrary("libfoo"));
  EXPECT_EQ(C->libraryForGateName("foo"), nullptr);
  // libc is the trusted base, even with a library named 'c'.
  EXPECT_EQ(C->libraryForGateName("libc"), nullptr);
  EXPECT_EQ(C->libraryForGateName("c"), C->findLibrary("c"));
  EXPECT_EQ(C->libraryForGateName("lib"), nullptr);
  EXPECT_EQ(C->libraryForGateName("nett"), nullptr);
}

/// A scratch directory with files, removed at the end.
class ConfigDisk : public ::testing::Test {
protected:
  llvm::SmallString<128> Dir;
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flexcc-config", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }
  void write(StringRef Rel, StringRef Text) {
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Rel);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    ASSERT_FALSE(EC);
    OS << Text;
  }
  Loaded loadFile(StringRef Rel, ConfigOverrides O = {}) {
    Loaded L;
    llvm::raw_string_ostream OS(L.Errs);
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Rel);
    L.Cfg = loadConfig(P, O, OS);
    OS.flush();
    return L;
  }
};

TEST_F(ConfigDisk, SourceInTwoLibraries) {
  write("app/main.c", "");
  write("app/util/u.c", "");
  write("net/tcp.c", "");
  write("build/app/main.c", "");
  write("cfg.yaml", "image: x\n"
                    "libraries:\n"
                    "  app: { sources: [app/*.c] }\n"
                    "  net: { sources: [net/*.c, '**/main.c'] }\n"
                    "  util: { sources: [app/util/*.c] }\n");
  Loaded L = loadFile("cfg.yaml");
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(countErrors(L.Errs), 1u) << L.Errs;
  std::string Cfg = std::string(Dir) + "/cfg.yaml";
  EXPECT_EQ(StringRef(L.Errs).split('\n').first,
            Cfg + ":4:29: error: source 'app/main.c' is in two libraries: "
                  "'app' and 'net'")
      << L.Errs;
  EXPECT_NE(L.Errs.find(Cfg + ":3:20: note: 'app' matches it here"),
            std::string::npos)
      << L.Errs;
}

TEST_F(ConfigDisk, GoodConfigFromDisk) {
  write("app/main.c", "");
  write("net/tcp.c", "");
  write("cfg.yaml", "image: x\n"
                    "libraries:\n"
                    "  app: { sources: [app/*.c, gen/*.h] }\n"
                    "  net: { sources: ['net/**/*.c'] }\n");
  Loaded L = loadFile("cfg.yaml");
  ASSERT_TRUE(L.Cfg) << L.Errs;
  llvm::SmallString<128> Real;
  EXPECT_EQ(L.Cfg->Dir, std::string(Dir));
  EXPECT_EQ(L.Cfg->libraryForFile(std::string(Dir) + "/net/tcp.c"),
            L.Cfg->findLibrary("net"));
}

TEST_F(ConfigDisk, DirectoryIsNotAConfig) {
  Loaded L = loadFile("");
  EXPECT_FALSE(L.Cfg);
  EXPECT_EQ(L.Errs.rfind("flexcc: error: cannot read config '", 0), 0u)
      << L.Errs;
}

TEST(ConfigDiskCorpus, EveryCorpusConfigLoads) {
  std::error_code EC;
  unsigned N = 0;
  for (llvm::sys::fs::recursive_directory_iterator
           It(FLEXCC_SOURCE_DIR "/test-corpus", EC),
       End;
       !EC && It != End; It.increment(EC)) {
    if (!endsWith(StringRef(It->path()), ".yaml") || It.level() != 1)
      continue;
    std::string Errs;
    llvm::raw_string_ostream OS(Errs);
    EXPECT_TRUE(loadConfig(It->path(), {}, OS)) << OS.str();
    ++N;
  }
  EXPECT_GT(N, 0u);
}

//===----------------------------------------------------------------------===//
// Robustness: no input crashes the loader
//===----------------------------------------------------------------------===//

/// Loads \p Text; success must print nothing, failure must print located
/// errors only.
void survives(StringRef Text) {
  Loaded L = load(Text);
  if (L.Cfg) {
    EXPECT_EQ(L.Errs, "");
    return;
  }
  ASSERT_NE(L.Errs, "") << "no message for: " << Text.str();
  EXPECT_EQ(L.Errs.rfind(std::string(CfgPath) + ":", 0), 0u)
      << "unlocated message: " << L.Errs;
}

const char *const FuzzSeed =
    "# a full config\n"
    "image: kvstore\n"
    "mechanism: mpk\n"
    "sharing: dss\n"
    "libraries:\n"
    "  app:   { sources: [app/*.c] }\n"
    "  net:\n"
    "    sources: ['net/**/*.c', \"include/net.h\"]\n"
    "    compartment: netvfs\n"
    "  vfs: &v { sources: [vfs/*.c] }\n"
    "compartments:\n"
    "  - { name: trusted, default: true, libraries: [app],"
    " hardening: [stack-protector] }\n"
    "  - name: netvfs\n"
    "    libraries: [vfs]\n"
    "    hardening: [asan, ubsan]\n"
    "    syscalls: [read, write, close]\n"
    "    mechanism: { driver: intel-pku }\n";

TEST(ConfigFuzz, Truncations) {
  StringRef Seed(FuzzSeed);
  ASSERT_TRUE(good(Seed));
  for (size_t N = 0; N <= Seed.size(); ++N)
    survives(Seed.take_front(N));
}

TEST(ConfigFuzz, ByteCorruptions) {
  std::string Seed(FuzzSeed);
  const char Bytes[] = {'\0', '\t', ':',    '[',    '{',  '}', ']', '&', '*',
                        '-',  '\n', '\r',   '"',    '\'', '#', '!', '|', '>',
                        '%',  '@',  '\x80', '\xff', ' ',  ',', '?'};
  for (size_t I = 0; I < Seed.size(); ++I)
    for (char B : Bytes) {
      std::string S = Seed;
      S[I] = B;
      survives(S);
    }
}

TEST(ConfigFuzz, RandomJunk) {
  std::mt19937 Rng(42);
  for (int Round = 0; Round < 300; ++Round) {
    std::string S(Rng() % 200, '\0');
    for (char &C : S)
      C = char(Rng());
    survives(S);
    // Junk spliced into a valid config.
    std::string T = FuzzSeed;
    T.insert(Rng() % T.size(), S.substr(0, Rng() % 16));
    survives(T);
  }
}

TEST(ConfigFuzz, Pathological) {
  survives(std::string(100000, '['));
  survives(std::string(100000, '{'));
  survives(std::string(50000, '-') + " x");
  std::string Nested;
  for (int I = 0; I < 5000; ++I)
    Nested += std::string(I, ' ') + "a:\n";
  survives(Nested);
  survives("image: x\nlibraries: &a { b: *a }\n");
  survives("image: &a [*a]\n");
  survives("&a [*a, *a]\n");
  survives("image: *nope\n");
  survives("image: x\nmechanism: 99999999999999999999999999999999999\n");
  survives("image: x\ncompartments: [{name: c, default: "
           "99999999999999999999999999}]\n");
  survives(std::string("image: x\0\0\0", 12));
  survives(std::string("\0", 1));
  survives("\xEF\xBB\xBFimage: x\nmechanism: bad\n");
  survives("\xFF\xFE\x00i\x00m\x00");
  survives("image: \xC3\x28\nmechanism: \xE2\x82\n");
  survives("image:\tx\n");
  survives("\timage: x\n");
  survives("? [a, b]\n: c\n");
  survives("image: x\n{a: b}: c\n");
  survives("!!binary image: x\n");
  survives("%YAML 1.2\n---\nimage: x\n...\n");
  survives("image: x\nlibraries: { a: { sources: [a.c], sources: [b.c] } }\n");
}

TEST(ConfigFuzz, BomKeepsColumns) {
  Loaded L = load("\xEF\xBB\xBFmechanism: bad\n");
  EXPECT_FALSE(L.Cfg);
  EXPECT_NE(L.Errs.find(":1:15: error: unknown mechanism 'bad'"),
            std::string::npos)
      << L.Errs;
}

} // namespace
