//===--- layout_test.cpp - compartments' data in their own pages ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// The section names and the linker script (backends/Layout.h), then the
// whole path with the real tools: three objects compiled by clang, their
// data sections renamed with objcopy as flexcc does, linked with the
// generated script by GNU ld and by lld; every global of a compartment must
// lie in that compartment's page-aligned ranges and in no other's.
//
//===----------------------------------------------------------------------===//
#include "backends/Layout.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "flexcc/ObjectSections.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace flexcc;
using namespace flexcc::backends;

namespace {

const char *ConfigText = R"(image: layout
mechanism: ept
libraries:
  app: { sources: [app.c] }
  net: { sources: [net.c] }
  store: { sources: [store.c] }
compartments:
  - { name: app, default: true, libraries: [app] }
  - { name: net, libraries: [net] }
  - { name: store, libraries: [store] }
)";

std::unique_ptr<Config> loadConfig() {
  std::string Errs;
  llvm::raw_string_ostream OS(Errs);
  auto Cfg = loadConfigFromString(ConfigText, "/v/flexcc.yaml", {}, OS);
  EXPECT_TRUE(Cfg) << OS.str();
  return Cfg;
}

TEST(Layout, DataKinds) {
  EXPECT_EQ(dataKindOf(".rodata"), DataKind::ReadOnly);
  EXPECT_EQ(dataKindOf(".rodata.str1.1"), DataKind::ReadOnly);
  EXPECT_EQ(dataKindOf(".rodata.cst16"), DataKind::ReadOnly);
  EXPECT_EQ(dataKindOf(".data"), DataKind::Data);
  EXPECT_EQ(dataKindOf(".data.rel.ro.local"), DataKind::Data);
  EXPECT_EQ(dataKindOf(".bss.counter"), DataKind::Bss);
  EXPECT_EQ(dataKindOf(".text"), DataKind::Text);
  EXPECT_EQ(dataKindOf(".text.startup"), DataKind::Text);
  EXPECT_EQ(dataKindOf(".textual"), DataKind::None);
  EXPECT_EQ(dataKindOf(".tdata"), DataKind::None);
  EXPECT_EQ(dataKindOf(".tbss"), DataKind::None);
  EXPECT_EQ(dataKindOf(".rodatax"), DataKind::None);
  EXPECT_EQ(dataKindOf(".init_array"), DataKind::None);
  EXPECT_EQ(dataKindOf(".debug_info"), DataKind::None);
  EXPECT_EQ(compartmentSectionName("net", ".rodata.str1.1"),
            ".flexos.net.rodata.str1.1");
  EXPECT_EQ(compartmentSectionName("net", ".text"), ".flexos.net.text");
  EXPECT_EQ(compartmentSectionName("net", ".tdata"), "");
  EXPECT_EQ(compartmentRenameArgs("net", {".text", ".data", ".bss.x", ".tbss"}),
            (std::vector<std::string>{"--rename-section", ".text=.flexos.net.text",
                                      "--rename-section", ".data=.flexos.net.data",
                                      "--rename-section",
                                      ".bss.x=.flexos.net.bss.x"}));
}

TEST(Layout, ScriptInsertsEveryCompartmentAndTheShared) {
  auto Cfg = loadConfig();
  ASSERT_TRUE(Cfg);
  std::string Script;
  llvm::raw_string_ostream OS(Script);
  emitLinkerScript(*Cfg, OS);
  OS.flush();
  for (const char *Needle :
       {"INSERT AFTER .rodata;", "INSERT AFTER .data;", "INSERT AFTER .bss;",
        ".flexos.net.rodata : ALIGN(4096)", "__flexos_store_bss_start = .;",
        "*(.flexos.app.data .flexos.app.data.*)",
        "__flexos_shared_data_end = .;"})
    EXPECT_NE(Script.find(Needle), std::string::npos) << Needle << "\n"
                                                      << Script;
  // Compartments in the config's order, the shared sections last.
  EXPECT_LT(Script.find(".flexos.app.rodata"), Script.find(".flexos.net.rodata"));
  EXPECT_LT(Script.find(".flexos.store.rodata"),
            Script.find(".flexos_shared.rodata"));
}

/// Runs a program, its output discarded; true on exit status 0.
bool run(std::vector<std::string> Cmd, std::string *Why = nullptr) {
  auto Prog = llvm::sys::findProgramByName(Cmd[0]);
  if (!Prog) {
    if (Why)
      *Why = "no " + Cmd[0];
    return false;
  }
  std::vector<llvm::StringRef> Args(Cmd.begin(), Cmd.end());
  std::string Err;
  int RC = llvm::sys::ExecuteAndWait(*Prog, Args, /*Env=*/{}, /*Redirects=*/{}, 0, 0,
                                     &Err);
  if (Why)
    *Why = Err;
  return RC == 0;
}

void writeFile(const std::string &Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  ASSERT_FALSE(EC) << Path;
  OS << Text;
}

std::string source(const std::string &C) {
  // Initialised, zero, constant and string data, a static local, and a
  // function whose address is taken (for .data.rel.ro in PIC code).
  return "int " + C + "_data = 7;\n"
         "int " + C + "_bss;\n"
         "const int " + C + "_ro[300] = {1, 2, 3};\n"
         "const char *const " + C + "_str = \"a literal of " + C + "\";\n"
         "int " + C + "_fn(int x) { static int " + C + "_calls = 3; " + C +
         "_calls++; return x + " + C + "_calls + " + C + "_ro[x & 3]; }\n"
         "int (*const " + C + "_ptr)(int) = " + C + "_fn;\n";
}

struct Range {
  uint64_t Begin = 0, End = 0;
};

void checkImage(const std::string &Image, const Config &Cfg) {
  auto Obj = llvm::object::ObjectFile::createObjectFile(Image);
  ASSERT_TRUE(bool(Obj)) << llvm::toString(Obj.takeError());
  llvm::StringMap<uint64_t> Sym;
  for (const llvm::object::SymbolRef &S : Obj->getBinary()->symbols()) {
    auto Name = S.getName();
    auto Addr = S.getAddress();
    if (Name && Addr)
      Sym[*Name] = *Addr;
    else {
      if (!Name)
        llvm::consumeError(Name.takeError());
      if (!Addr)
        llvm::consumeError(Addr.takeError());
    }
  }
  std::vector<std::pair<std::string, Range>> Ranges;
  for (const Compartment &C : Cfg.Compartments)
    for (const char *Kind : {"rodata", "data", "bss"}) {
      std::string Base = "__flexos_" + C.Name + "_" + Kind;
      ASSERT_TRUE(Sym.count(Base + "_start")) << Base;
      ASSERT_TRUE(Sym.count(Base + "_end")) << Base;
      Range R{Sym[Base + "_start"], Sym[Base + "_end"]};
      EXPECT_EQ(R.Begin % 4096, 0u) << Base;
      EXPECT_EQ(R.End % 4096, 0u) << Base;
      EXPECT_LT(R.Begin, R.End) << Base << " is empty";
      Ranges.push_back({C.Name, R});
    }
  for (size_t I = 0; I < Ranges.size(); ++I)
    for (size_t J = I + 1; J < Ranges.size(); ++J)
      EXPECT_TRUE(Ranges[I].second.End <= Ranges[J].second.Begin ||
                  Ranges[J].second.End <= Ranges[I].second.Begin)
          << "ranges overlap";
  for (const Compartment &C : Cfg.Compartments)
    for (const char *Var : {"_data", "_bss", "_ro", "_str", "_ptr", "_calls"}) {
      std::string Name = C.Name + Var;
      if (!Sym.count(Name)) // A static local: 'app_fn.app_calls' for clang.
        for (auto &KV : Sym)
          if (endsWith(KV.first(), "." + Name))
            Name = KV.first().str();
      ASSERT_TRUE(Sym.count(Name)) << Name;
      uint64_t A = Sym[Name];
      for (auto &R : Ranges) {
        bool Inside = A >= R.second.Begin && A < R.second.End;
        if (R.first == C.Name)
          continue;
        EXPECT_FALSE(Inside) << Name << " lies in " << R.first << "'s range";
      }
      bool Own = false;
      for (auto &R : Ranges)
        Own |= R.first == C.Name && A >= R.second.Begin && A < R.second.End;
      EXPECT_TRUE(Own) << Name << " lies outside its compartment's ranges";
    }
}

class LayoutLink : public ::testing::TestWithParam<const char *> {};

TEST_P(LayoutLink, EveryGlobalLiesInItsCompartment) {
  const std::string Linker = GetParam();
  if (!llvm::sys::findProgramByName(Linker == "lld" ? "ld.lld" : "ld.bfd"))
    GTEST_SKIP() << "no " << Linker << " linker here";
  auto Cfg = loadConfig();
  ASSERT_TRUE(Cfg);
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flexcc-layout", Dir));
  std::string D(Dir.str());
  std::vector<std::string> Objects;
  for (const Compartment &C : Cfg->Compartments) {
    std::string Src = D + "/" + C.Name + ".c", Obj = D + "/" + C.Name + ".o";
    std::string Text = source(C.Name);
    if (C.IsDefault)
      Text += "int main(void) { return app_fn(1) + net_fn(2) + store_fn(3) > "
              "0 ? 0 : 1; }\nint net_fn(int); int store_fn(int);\n";
    if (C.IsDefault)
      Text = "int net_fn(int); int store_fn(int);\n" + Text;
    writeFile(Src, Text);
    // One object with a section per variable, the others without.
    std::vector<std::string> Cc = {FLEXCC_DEFAULT_CC, "-c", "-O1", "-fPIC", Src,
                                   "-o", Obj};
    if (C.Name == "net")
      Cc.insert(Cc.begin() + 2, "-fdata-sections");
    std::string Why;
    ASSERT_TRUE(run(Cc, &Why)) << Why;
    std::vector<std::string> Names;
    std::string Problem;
    ASSERT_TRUE(readOwnableSections(Obj, Names, Problem)) << Problem;
    std::vector<std::string> Copy = {"objcopy"};
    auto Renames = compartmentRenameArgs(C.Name, Names);
    ASSERT_FALSE(Renames.empty());
    Copy.insert(Copy.end(), Renames.begin(), Renames.end());
    Copy.push_back(Obj);
    ASSERT_TRUE(run(Copy, &Why)) << Why;
    Objects.push_back(Obj);
  }
  std::string Script = D + "/layout.ld";
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Script, EC);
    ASSERT_FALSE(EC);
    emitLinkerScript(*Cfg, OS);
  }
  std::string Image = D + "/image";
  std::vector<std::string> Link = {FLEXCC_DEFAULT_CC, "-fuse-ld=" + Linker};
  Link.insert(Link.end(), Objects.begin(), Objects.end());
  Link.insert(Link.end(), {"-Wl,-T," + Script, "-o", Image});
  std::string Why;
  ASSERT_TRUE(run(Link, &Why)) << Why;
  EXPECT_TRUE(run({Image}, &Why)) << "the linked image does not run: " << Why;
  checkImage(Image, *Cfg);
  llvm::sys::fs::remove_directories(D);
}

INSTANTIATE_TEST_SUITE_P(Linkers, LayoutLink, ::testing::Values("bfd", "lld"));

} // namespace

TEST(Layout, ComdatSectionsStayCommon) {
  // The linker keeps one copy of a COMDAT group (a C++ inline function, a
  // template) for the whole image: no compartment can own it.
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flexcc-comdat", Dir));
  std::string Src = std::string(Dir) + "/inl.cpp", Obj = std::string(Dir) + "/inl.o";
  writeFile(Src, "inline int twice(int x) { return 2 * x; }\n"
                 "int use(int y) { return twice(y); }\n");
  std::string Why;
  ASSERT_TRUE(run({FLEXCC_DEFAULT_CC, "-x", "c++", "-c", "-O0", Src, "-o", Obj},
                  &Why))
      << Why;
  std::vector<std::string> Names;
  std::string Problem;
  ASSERT_TRUE(readOwnableSections(Obj, Names, Problem)) << Problem;
  EXPECT_NE(std::find(Names.begin(), Names.end(), ".text"), Names.end());
  for (const std::string &N : Names)
    EXPECT_EQ(N.find("_Z5twicei"), std::string::npos) << N;
  llvm::sys::fs::remove_directories(Dir);
}
