//===--- lower_gate_test.cpp - the lower-gate rewrite on in-memory code --===//
// SPDX-License-Identifier: Apache-2.0
//
// Runs the rewrite action on small sources held in memory (the config lives
// in a virtual /v directory) and checks the rewritten text, the diagnostics
// and the object record. Whole programs are covered by test-corpus/.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "tests/unit/RewriteHarness.h"
#include "gtest/gtest.h"

using namespace flexcc;
using namespace flexcc::rewriters;

namespace {

const char *ConfigText = R"(image: unit
libraries:
  app: { sources: [app/*.c, app/*.cpp] }
  net: { sources: [net/*.c] }
  vfs: { sources: [vfs/*.c] }
compartments:
  - { name: main, default: true, libraries: [app] }
  - { name: io, libraries: [net] }
  - { name: store, libraries: [vfs] }
)";

const char *Header = R"(#include <flexos.h>
struct point { int x; double y; };
int add(int a, int b);
void ping(void);
int sum(int n, ...);
int pt(struct point p, const char *s);
int (*fptr)(int, int);
)";

using unittest::RewriteRun;

RewriteRun rewrite(llvm::StringRef Code, Mechanism M = Mechanism::None,
                   llvm::StringRef Name = "/v/app/main.c") {
  unittest::RewriteSetup S;
  S.ConfigText = ConfigText;
  S.Overrides.Mech = M;
  S.Name = Name.str();
  S.Files = {{"/v/include/api.h", Header}};
  S.ExtraArgs = {"-I/v/include"};
  return unittest::runRewrites(S, Code);
}

TEST(LowerGate, NoneGivesPlainCalls) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { int r = flexos_gate(libnet, add, 1, 2);\n"
                  "  flexos_gate(net, ping); return r; }\n");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <api.h>\n"
                    "int f(void) { int r = add(1, 2);\n"
                    "  ping(); return r; }\n");
  EXPECT_EQ(R.Result.Record.Library, "app");
  EXPECT_EQ(R.Result.Record.Compartment, "main");
  ASSERT_EQ(R.Result.Record.Targets.size(), 2u);
  EXPECT_EQ(R.Result.Record.Targets[0].Callee, "add");
  EXPECT_EQ(R.Result.Record.Targets[0].ToLibrary, "net");
  EXPECT_EQ(R.Result.Record.Targets[0].Line, 2u);
  EXPECT_EQ(R.Result.Record.Targets[0].Column, 23u);
  EXPECT_TRUE(R.Result.Record.Gates.empty());
  EXPECT_EQ(R.Result.Record.Defines, std::vector<std::string>{"f"});
}

TEST(LowerGate, CrossingGateCallsStubUnderMpk) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { return flexos_gate(libnet, add, 1, 2); }\n",
                  Mechanism::Mpk);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text,
            "#include <api.h>\n"
            "extern __typeof__(add) __flexcc_gate__main__io__add; int f(void) "
            "{ return __flexcc_gate__main__io__add(1, 2); }\n");
  ASSERT_EQ(R.Result.Record.Gates.size(), 1u);
  const GateRecord &G = R.Result.Record.Gates[0];
  EXPECT_EQ(G.StubName, "__flexcc_gate__main__io__add");
  EXPECT_EQ(G.ReturnType, "int");
  EXPECT_EQ(G.ParamTypes, (std::vector<std::string>{"int", "int"}));
  EXPECT_EQ(G.FromCompartment, "main");
  EXPECT_EQ(G.ToCompartment, "io");
}

TEST(LowerGate, SameCompartmentStaysPlainUnderEpt) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int add(int a, int b) { return a + b; }\n"
                  "int f(void) { return flexos_gate(app, add, 1, 2); }\n",
                  Mechanism::Ept);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("return add(1, 2);"), std::string::npos) << R.Text;
}

TEST(LowerGate, GateResultForms) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { int r; flexos_gate_r(libnet, r, add, 1, 2);\n"
                  "  if (flexos_gate_r(libnet, r, add, 3, 4) > 2) return r;\n"
                  "  return 0; }\n");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <api.h>\n"
                    "int f(void) { int r; r = add(1, 2);\n"
                    "  if ((r = add(3, 4)) > 2) return r;\n"
                    "  return 0; }\n");
}

TEST(LowerGate, NestedGatesAndMacros) {
  RewriteRun R = rewrite(
      "#include <api.h>\n"
      "#define TWICE(x) flexos_gate(libnet, add, x, x)\n"
      "#define ID(x) (x)\n"
      "int f(void) { return flexos_gate(libnet, add, flexos_gate(libnet, add, "
      "1, 2), TWICE(3)) + ID(flexos_gate(libnet, add, 5, 6)); }\n",
      Mechanism::Mpk);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text,
            "#include <api.h>\n"
            "#define TWICE(x) __flexcc_gate__main__io__add(x, x)\n"
            "#define ID(x) (x)\n"
            "extern __typeof__(add) __flexcc_gate__main__io__add; int f(void) "
            "{ return __flexcc_gate__main__io__add("
            "__flexcc_gate__main__io__add(1, 2), TWICE(3)) + "
            "ID(__flexcc_gate__main__io__add(5, 6)); }\n");
}

TEST(LowerGate, KeepsEveryLineInPlace) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) {\n"
                  "  return flexos_gate(libnet,\n"
                  "                     add,\n"
                  "                     1, 2);\n"
                  "}\n"
                  "#define G(a) flexos_gate(libnet, \\\n"
                  "                         add, a, a)\n"
                  "int g(void) { return G(1); }\n");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <api.h>\n"
                    "int f(void) {\n"
                    "  return add(\n"
                    "\n"
                    "                     1, 2);\n"
                    "}\n"
                    "#define G(a) add(\\\n"
                    "                         a, a)\n"
                    "int g(void) { return G(1); }\n");
}

TEST(LowerGate, FlexosKeyGates) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { int r;\n"
                  "  flexos_intelpku_gate_r(0, 1, r, add, 1, 2);\n"
                  "  return flexos_nop_gate(0, 0, add, r, 1); }\n"
                  "int add(int a, int b) { return a - b; }\n",
                  Mechanism::Mpk);
  // 'add' is defined here, in compartment 0: the gate to key 1 is wrong.
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:3:3: error: 'add' is not defined in "
                         "compartment 'io' [lower-gate]"),
            std::string::npos)
      << R.Diags;

  RewriteRun K = rewrite("#include <api.h>\n"
                  "int f(void) { return flexos_intelpku_gate(1, 1, add, 1, 2); }\n",
                  Mechanism::Mpk);
  EXPECT_FALSE(K.Ok);
  EXPECT_NE(K.Diags.find("error: 'flexos_intelpku_gate' is written from key 1, "
                         "but the caller is in compartment 'main' (key 0) "
                         "[lower-gate]"),
            std::string::npos)
      << K.Diags;
}

TEST(LowerGate, UnknownLibraryIsLocated) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { return flexos_gate(libfoo, add, 1, 2); }\n");
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:2:34: error: gate names unknown "
                         "library 'libfoo' [lower-gate]"),
            std::string::npos)
      << R.Diags;
}

TEST(LowerGate, LibcIsPlain) {
  RewriteRun R = rewrite("#include <api.h>\n#include <stdio.h>\n"
                  "int f(void) { return flexos_gate(libc, printf, \"%d\", 1); }\n",
                  Mechanism::Ept);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("return printf(\"%d\", 1);"), std::string::npos);
}

TEST(LowerGate, VariadicUnderMpkIsAnError) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { return flexos_gate(libnet, sum, 2, 1, 2); }\n",
                  Mechanism::Mpk);
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:2:22: error: cannot gate to variadic "
                         "function 'sum' under mechanism 'mpk' [lower-gate]"),
            std::string::npos)
      << R.Diags;
  EXPECT_TRUE(rewrite("#include <api.h>\n"
                      "int f(void) { return flexos_gate(libnet, sum, 2, 1, 2); }\n")
                  .Ok);
}

TEST(LowerGate, GateThroughAnotherMacroCannotBeRewritten) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "#define CALL(m, ...) m(__VA_ARGS__)\n"
                  "int f(void) { return CALL(flexos_gate, libnet, add, 1, 2); }\n");
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("error: gate cannot be rewritten where it stands: "
                         "'flexos_gate' is not followed by its arguments"),
            std::string::npos)
      << R.Diags;
}

TEST(LowerGate, TargetMustBeAFunction) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(void) { return flexos_gate(libnet, fptr, 1, 2); }\n");
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:2:42: error: gate target must name a "
                         "function [lower-gate]"),
            std::string::npos)
      << R.Diags;
}

TEST(LowerGate, IncompatibleArgument) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(char *s) { return flexos_gate(libnet, add, 1, s); }\n");
  EXPECT_FALSE(R.Ok);
  // Clang 15 and later report the conversion themselves, before flexcc.
  bool Ours = R.Diags.find("/v/app/main.c:2:53: error: argument 2 of gate to "
                           "'add' has type 'char *', incompatible with "
                           "parameter type 'int' [lower-gate]") !=
              std::string::npos;
  bool Clangs = R.Diags.find("/v/app/main.c:2:53: error: incompatible pointer "
                             "to integer conversion passing 'char *' to "
                             "parameter of type 'int'") != std::string::npos;
  EXPECT_TRUE(Ours || Clangs) << R.Diags;
}

TEST(LowerGate, StructArgumentsBecomeAbiTypes) {
  RewriteRun R = rewrite("#include <api.h>\n"
                  "int f(struct point p) { return flexos_gate(libnet, pt, p, \"x\"); }\n",
                  Mechanism::Ept);
  EXPECT_TRUE(R.Ok) << R.Diags;
  ASSERT_EQ(R.Result.Record.Gates.size(), 1u);
  const GateRecord &G = R.Result.Record.Gates[0];
  ASSERT_EQ(G.ParamTypes.size(), 2u);
  EXPECT_EQ(G.ParamTypes[1], "void *");
  EXPECT_EQ(G.ParamTypes[0].rfind("struct __flexcc_t_", 0), 0u);
  ASSERT_EQ(R.Result.Record.Types.size(), 1u);
  EXPECT_EQ(R.Result.Record.Types[0].Name, G.ParamTypes[0]);
  EXPECT_NE(R.Result.Record.Types[0].Definition.find("\tint x;\n\tdouble y;\n"),
            std::string::npos);
  EXPECT_NE(R.Result.Record.Types[0].Definition.find("== 16 && _Alignof"),
            std::string::npos);
}

TEST(LowerGate, CxxCallerDeclaresStubWithCLinkage) {
  RewriteRun R = rewrite("extern \"C\" {\n#include <api.h>\n}\n"
                  "namespace n { int f() { return flexos_gate(libnet, add, 1, 2); } }\n",
                  Mechanism::Mpk, "/v/app/main.cpp");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("extern \"C\" __typeof__(add) __flexcc_gate__main__io__add; "
                        "namespace n"),
            std::string::npos)
      << R.Text;
}

} // namespace

TEST(LowerGate, CalleeNamedThroughMacros) {
  const char *Code =
      "#include <api.h>\n"
      "#define ADD add\n"
      "#define G(f) flexos_gate(libnet, f, 1, 2)\n"
      "#define ID(x) (x)\n"
      "int f(void) { int r; return flexos_gate(libnet, ADD, 1, "
      "flexos_gate(libnet, ADD, 2, 3)) + G(add) + G(ADD) + "
      "ID(flexos_gate_r(libnet, r, add, 1, flexos_gate(net, add, 4, 4))); }\n";
  RewriteRun None = rewrite(Code);
  EXPECT_TRUE(None.Ok) << None.Diags;
  EXPECT_EQ(None.Text,
            "#include <api.h>\n"
            "#define ADD add\n"
            "#define G(f) f(1, 2)\n"
            "#define ID(x) (x)\n"
            "int f(void) { int r; return ADD(1, ADD(2, 3)) + G(add) + G(ADD) "
            "+ ID((r = add(1, add(4, 4)))); }\n");
  // A stub's name cannot replace a callee spelled through a macro: each such
  // gate is reported where it is written.
  RewriteRun Mpk = rewrite(Code, Mechanism::Mpk);
  EXPECT_FALSE(Mpk.Ok);
  EXPECT_NE(Mpk.Diags.find("main.c:5:29: error: gate cannot be rewritten where "
                           "it stands: its callee is written as 'ADD'"),
            std::string::npos)
      << Mpk.Diags;
  EXPECT_NE(Mpk.Diags.find("main.c:5:57: error: gate cannot be rewritten where "
                           "it stands: its callee is written as 'ADD'"),
            std::string::npos)
      << Mpk.Diags;
  EXPECT_NE(Mpk.Diags.find("its callee is written as 'f', not as 'add'"),
            std::string::npos)
      << Mpk.Diags;
}

TEST(LowerGate, CopySharingSizesBecomeStubExpressions) {
  using Dir = CopySpec::Direction;
  // Each size form the parser accepts, and what the stub computes.
  RewriteRun R = rewrite(
      "#include <api.h>\n"
      "#include <stddef.h>\n"
      "typedef struct { char c[24]; } blob_t;\n"
      "enum { SLOTS = 3 };\n"
      "#define PAGE (1 << 12)\n"
      "int cp(const void *a __flexos_in(len), size_t len,\n"
      "       void *b __flexos_out(sizeof(blob_t) * SLOTS),\n"
      "       unsigned *c __flexos_inout(sizeof *c),\n"
      "       char *d __flexos_out(*lenp), const size_t *lenp,\n"
      "       const char *e __flexos_string,\n"
      "       long long *f __flexos_in((size_t)len % 0x10 + sizeof(unsigned long long)),\n"
      "       void *g __flexos_out(PAGE >> 2));\n"
      "int f(void) { return flexos_gate(libnet, cp, 0, 0, 0, 0, 0, 0, 0, 0, 0); }\n",
      Mechanism::Mpk);
  ASSERT_TRUE(R.Ok) << R.Diags;
  ASSERT_EQ(R.Result.Record.Gates.size(), 1u);
  const std::vector<CopySpec> &C = R.Result.Record.Gates[0].Copies;
  ASSERT_EQ(C.size(), 7u);
  EXPECT_EQ(C[0], (CopySpec{0, Dir::In, "(unsigned long)__a1", "a"}));
  EXPECT_EQ(C[1], (CopySpec{2, Dir::Out,
                            "((unsigned long)24UL * (unsigned long)3L)", "b"}));
  EXPECT_EQ(C[2], (CopySpec{3, Dir::InOut, "(unsigned long)4UL", "c"}));
  EXPECT_EQ(C[3], (CopySpec{4, Dir::Out,
                            "(__a5 ? (unsigned long)*(const unsigned long *)__a5 "
                            ": 0UL)",
                            "d"}));
  EXPECT_EQ(C[4], (CopySpec{6, Dir::String, "", "e"}));
  EXPECT_EQ(C[5], (CopySpec{7, Dir::In,
                            "(((unsigned long)(unsigned long)(unsigned long)__a1 "
                            "% (unsigned long)0x10) + (unsigned long)8UL)",
                            "f"}));
  EXPECT_EQ(C[6], (CopySpec{8, Dir::Out,
                            "((((unsigned long)1 << (unsigned long)12)) >> "
                            "(unsigned long)2)",
                            "g"}));

  // Under none the gate is a plain call, but a bad annotation still fails.
  RewriteRun Bad = rewrite(
      "#include <api.h>\n"
      "int g(char *p __flexos_out(n * 2));\n"
      "int f(void) { return flexos_gate(libnet, g, 0); }\n");
  EXPECT_FALSE(Bad.Ok);
  EXPECT_NE(Bad.Diags.find("main.c:2:15: error: cannot compute the size of "
                           "'__flexos_out(n * 2)' on parameter 1 'p' of 'g': "
                           "'n' is not a parameter of 'g' nor an enum "
                           "constant [copy-sharing]"),
            std::string::npos)
      << Bad.Diags;
}
