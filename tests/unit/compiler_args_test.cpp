//===--- compiler_args_test.cpp - classifying cc command lines -----------===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//
#include "flexcc/CompilerArgs.h"
#include "gtest/gtest.h"

using namespace flexcc;

namespace {

CompilerArgs classify(std::vector<std::string> Argv) {
  CompilerArgs CA;
  std::string Error;
  EXPECT_TRUE(classifyCompilerArgs(Argv, CA, Error)) << Error;
  return CA;
}

TEST(CompilerArgs, CompileOneFile) {
  CompilerArgs CA = classify({"-c", "-O2", "-g", "-Iinc", "-I", "other", "-DX=1",
                              "-std=c11", "-Wall", "-MD", "-MF", "a.d",
                              "a.c", "-o", "a.o"});
  EXPECT_EQ(CA.Mode, CompileMode::Compile);
  EXPECT_EQ(CA.Output, "a.o");
  ASSERT_EQ(CA.Inputs.size(), 1u);
  EXPECT_EQ(CA.Inputs[0].Path, "a.c");
  EXPECT_EQ(CA.Inputs[0].Kind, InputKind::C);
  EXPECT_EQ(CA.parseArgs(),
            (std::vector<std::string>{"-O2", "-Iinc", "-I", "other", "-DX=1",
                                      "-std=c11"}));
}

TEST(CompilerArgs, LinkWithLibraries) {
  CompilerArgs CA = classify({"-o", "prog", "a.c", "b.cpp", "lib.a", "-L.",
                              "-lm", "-Wl,--as-needed", "-pthread"});
  EXPECT_EQ(CA.Mode, CompileMode::Link);
  EXPECT_TRUE(CA.HasCxx);
  ASSERT_EQ(CA.Inputs.size(), 3u);
  ASSERT_EQ(CA.Args.size(), 8u);
  EXPECT_EQ(CA.Inputs[1].Kind, InputKind::Cxx);
  EXPECT_EQ(CA.Inputs[2].Kind, InputKind::LinkInput);
  EXPECT_EQ(CA.compiledInputCount(), 2u);
  EXPECT_EQ(CA.Args[4].Role, CompilerArg::LinkOnly); // -L.
  EXPECT_EQ(CA.Args[5].Role, CompilerArg::LinkOnly); // -lm
  EXPECT_EQ(CA.Args[6].Role, CompilerArg::LinkOnly); // -Wl,...
  EXPECT_EQ(CA.Args[7].Role, CompilerArg::Both);     // -pthread
  EXPECT_TRUE(CA.Args[7].ForParse);
}

TEST(CompilerArgs, LanguageFromDashX) {
  CompilerArgs CA = classify({"-x", "c++", "a.inc", "-x", "none", "b.c", "-xc",
                              "c.txt", "-x", "assembler", "d.s"});
  ASSERT_EQ(CA.Inputs.size(), 4u);
  EXPECT_EQ(CA.Inputs[0].Kind, InputKind::Cxx);
  EXPECT_EQ(CA.Inputs[0].XLang, "c++");
  EXPECT_EQ(CA.Inputs[1].Kind, InputKind::C);
  EXPECT_EQ(CA.Inputs[2].Kind, InputKind::C);
  EXPECT_EQ(CA.Inputs[3].Kind, InputKind::Other);
}

TEST(CompilerArgs, ModesAndPrecedence) {
  EXPECT_EQ(classify({"-c", "-S", "a.c"}).Mode, CompileMode::Assemble);
  EXPECT_EQ(classify({"-c", "-E", "a.c"}).Mode, CompileMode::Preprocess);
  EXPECT_EQ(classify({"-M", "a.c"}).Mode, CompileMode::Preprocess);
  EXPECT_EQ(classify({"-c", "-MD", "a.c"}).Mode, CompileMode::Compile);
  EXPECT_EQ(classify({"-fsyntax-only", "a.c"}).Mode, CompileMode::SyntaxOnly);
  EXPECT_TRUE(classify({"-r", "a.o", "-o", "b.o"}).Relocatable);
  EXPECT_EQ(classify({"-ofoo", "a.c"}).Output, "foo");
}

TEST(CompilerArgs, ParseGetsOnlyWhatClangKnows) {
  CompilerArgs CA = classify({"-fno-strict-aliasing", "-fsome-gcc-only-flag",
                              "-march=x86-64", "-fprofile-use=p.profdata",
                              "a.c"});
  EXPECT_EQ(CA.parseArgs(),
            (std::vector<std::string>{"-fno-strict-aliasing", "-march=x86-64"}));
}

TEST(CompilerArgs, Errors) {
  CompilerArgs CA;
  std::string Error;
  EXPECT_FALSE(classifyCompilerArgs({"-o"}, CA, Error));
  EXPECT_EQ(Error, "argument to '-o' is missing (expected 1 value)");
}

TEST(CompilerArgs, StandardInputIsAnInputOfTheLanguageInEffect) {
  CompilerArgs CA;
  std::string Error;
  ASSERT_TRUE(classifyCompilerArgs({"-E", "-dM", "-"}, CA, Error)) << Error;
  ASSERT_EQ(CA.Inputs.size(), 1u);
  EXPECT_EQ(CA.Inputs[0].Path, "-");
  EXPECT_EQ(CA.Inputs[0].Kind, InputKind::C);
  CA = CompilerArgs();
  ASSERT_TRUE(classifyCompilerArgs({"-x", "c++", "-c", "-", "-o", "a.o"}, CA,
                                   Error));
  EXPECT_EQ(CA.Inputs[0].Kind, InputKind::Cxx);
  EXPECT_TRUE(CA.HasCxx);
}

} // namespace
