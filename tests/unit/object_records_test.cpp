//===--- object_records_test.cpp - records survive the trip through objects ===//
// SPDX-License-Identifier: Apache-2.0
//
// A record with every awkward byte is embedded with recordAsmStatement(),
// compiled by the real clang, put in an archive, and read back.
//
//===----------------------------------------------------------------------===//
#include "flexcc/ObjectRecords.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace flexcc;
using namespace flexcc::rewriters;

namespace {

ObjectRecord sampleRecord() {
  ObjectRecord R;
  R.Source = "/src/dir with space/\"quoted\"\\back\tslash.c";
  R.Library = "app";
  R.Compartment = "main";
  R.Defines = {"main", "helper"};
  GateTarget T;
  T.ToLibrary = "net";
  T.Callee = "recv";
  T.File = R.Source;
  T.Line = 3;
  T.Column = 7;
  R.Targets.push_back(T);
  GateRecord G;
  G.FromCompartment = "main";
  G.ToCompartment = "io";
  G.ToLibrary = "net";
  G.Callee = "recv";
  G.StubName = "__flexcc_gate__main__io__recv";
  G.ReturnType = "int";
  G.ParamTypes = {"int", "void *"};
  G.File = R.Source;
  G.Line = 3;
  G.Column = 7;
  R.Gates.push_back(G);
  return R;
}

int run(std::vector<llvm::StringRef> Args) {
  auto Prog = llvm::sys::findProgramByName(Args[0]);
  if (!Prog)
    return -1;
  return llvm::sys::ExecuteAndWait(*Prog, Args);
}

TEST(ObjectRecords, RoundTripThroughObjectAndArchive) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flexcc-unit", Dir));
  std::string C = (Dir + "/t.c").str(), O = (Dir + "/t.o").str(),
              A = (Dir + "/libt.a").str();
  ObjectRecord R = sampleRecord();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(C, EC);
    ASSERT_FALSE(EC);
    OS << "int helper(void) { return 1; }\n" << recordAsmStatement(R);
  }
  ASSERT_EQ(run({FLEXCC_DEFAULT_CC, "-c", C, "-o", O}), 0);
  ASSERT_EQ(run({"ar", "rcs", A, O}), 0);

  for (const std::string &Path : {O, A}) {
    std::vector<ObjectRecord> Out;
    std::string Problem;
    ASSERT_TRUE(readObjectRecords(Path, Out, Problem)) << Problem;
    ASSERT_EQ(Out.size(), 1u) << Path;
    EXPECT_EQ(Out[0].serialize(), R.serialize()) << Path;
  }
  // A file that is not an object holds no record and is no error.
  std::vector<ObjectRecord> Out;
  std::string Problem;
  EXPECT_TRUE(readObjectRecords(C, Out, Problem));
  EXPECT_TRUE(Out.empty());
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
