//===--- share_locals_test.cpp - the share-locals rewrite -----------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Runs the rewrite action on small sources held in memory under each
// sharing strategy and checks the rewritten text and the diagnostics. Whole
// programs (output, leaks) are covered by test-corpus/shared-stack-*.
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
compartments:
  - { name: main, default: true, libraries: [app] }
)";

using unittest::RewriteRun;

RewriteRun rewrite(llvm::StringRef Code, Sharing Share,
                   Mechanism M = Mechanism::None,
                   llvm::StringRef Name = "/v/app/main.c") {
  unittest::RewriteSetup S;
  S.ConfigText = ConfigText;
  S.Overrides.Mech = M;
  S.Overrides.Share = Share;
  S.Name = Name.str();
  return unittest::runRewrites(S, Code);
}

/// The text a heap-shared declaration with an initializer gets around it.
std::string heapInit(const std::string &Name) {
  std::string P = Name + "__flexcc_shared";
  return " __attribute__((cleanup(__flexos_heap_release))) = "
         "__flexos_heap_alloc(sizeof(*" +
         P + ")); { __typeof__(*" + P + ") " + Name + "__flexcc_init =";
}
std::string heapCopy(const std::string &Name) {
  std::string P = Name + "__flexcc_shared";
  return " __builtin_memcpy((void *)" + P + ", &" + Name +
         "__flexcc_init, sizeof(*" + P + ")); }";
}
const std::string HeapNoInit =
    " __attribute__((cleanup(__flexos_heap_release))) = "
    "__flexos_heap_alloc(sizeof(*";

} // namespace

TEST(ShareLocalsHeap, ScalarUsesSizeofAndAddress) {
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "int g(int *);\n"
                         "int f(int n) {\n"
                         "  int x __flexos_shared = n + 1;\n"
                         "  x += g(&x);\n"
                         "  return x + (int)sizeof x;\n"
                         "}\n",
                         Sharing::Heap);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <flexos.h>\n"
                    "int g(int *);\n"
                    "int f(int n) {\n"
                    "  int *x__flexcc_shared __flexos_shared" +
                        heapInit("x") + " n + 1;" + heapCopy("x") +
                        "\n"
                        "  (*x__flexcc_shared) += g(&(*x__flexcc_shared));\n"
                        "  return (*x__flexcc_shared) + (int)sizeof "
                        "(*x__flexcc_shared);\n"
                        "}\n");
}

TEST(ShareLocalsHeap, ArraysStringsStructsAndVlas) {
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "struct pt { int x, y; };\n"
                         "int f(int n) {\n"
                         "  char s[] __flexos_shared = \"abc\";\n"
                         "  int a[3] __flexos_shared = { 1, 2, 3 };\n"
                         "  char v[n + 1] __flexos_shared;\n"
                         "  struct pt p __flexos_shared = { .y = 2 };\n"
                         "  v[0] = s[1];\n"
                         "  return p.y + a[2] + (int)sizeof(v);\n"
                         "}\n",
                         Sharing::Heap);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text,
            "#include <flexos.h>\n"
            "struct pt { int x, y; };\n"
            "int f(int n) {\n"
            "  char (*s__flexcc_shared)[4] __flexos_shared" +
                heapInit("s") + " \"abc\";" + heapCopy("s") +
                "\n"
                "  int (*a__flexcc_shared)[3] __flexos_shared" +
                heapInit("a") + " { 1, 2, 3 };" + heapCopy("a") +
                "\n"
                "  char (*v__flexcc_shared)[n + 1] __flexos_shared" +
                HeapNoInit +
                "v__flexcc_shared));\n"
                "  struct pt *p__flexcc_shared __flexos_shared" +
                heapInit("p") + " { .y = 2 };" + heapCopy("p") +
                "\n"
                "  (*v__flexcc_shared)[0] = (*s__flexcc_shared)[1];\n"
                "  return (*p__flexcc_shared).y + (*a__flexcc_shared)[2] + "
                "(int)sizeof((*v__flexcc_shared));\n"
                "}\n");
}

TEST(ShareLocalsHeap, EveryScopeExitIsACleanup) {
  // return, break, continue, goto out of the block and the end of the block
  // all leave through the cleanup attribute: only the declarations change.
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "int f(int n) {\n"
                         "  for (int i = 0; i < n; i++) {\n"
                         "    int t __flexos_shared;\n"
                         "    t = i;\n"
                         "    if (t == 1) continue;\n"
                         "    if (t == 2) break;\n"
                         "    if (t == 3) goto out;\n"
                         "    if (t == 4) return t;\n"
                         "  }\n"
                         "out:\n"
                         "  return 0;\n"
                         "}\n",
                         Sharing::Heap);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <flexos.h>\n"
                    "int f(int n) {\n"
                    "  for (int i = 0; i < n; i++) {\n"
                    "    int *t__flexcc_shared __flexos_shared" +
                        HeapNoInit +
                        "t__flexcc_shared));\n"
                        "    (*t__flexcc_shared) = i;\n"
                        "    if ((*t__flexcc_shared) == 1) continue;\n"
                        "    if ((*t__flexcc_shared) == 2) break;\n"
                        "    if ((*t__flexcc_shared) == 3) goto out;\n"
                        "    if ((*t__flexcc_shared) == 4) return "
                        "(*t__flexcc_shared);\n"
                        "  }\n"
                        "out:\n"
                        "  return 0;\n"
                        "}\n");
}

TEST(ShareLocalsHeap, WhitelistRegisterAndSeveralDeclarators) {
  RewriteRun R =
      rewrite("#include <flexos.h>\n"
              "int f(void) {\n"
              "  register int r __flexos_shared;\n"
              "  int a, b __attribute__((flexos_whitelist)) = 3;\n"
              "  r = b; a = r;\n"
              "  return a;\n"
              "}\n",
              Sharing::Heap);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, "#include <flexos.h>\n"
                    "int f(void) {\n"
                    "   int *r__flexcc_shared __flexos_shared" +
                        HeapNoInit +
                        "r__flexcc_shared));\n"
                        "  int a, *b__flexcc_shared "
                        "__attribute__((flexos_whitelist))" +
                        heapInit("b") + " 3;" + heapCopy("b") +
                        "\n"
                        "  (*r__flexcc_shared) = (*b__flexcc_shared); a = "
                        "(*r__flexcc_shared);\n"
                        "  return a;\n"
                        "}\n");
}

TEST(ShareLocalsHeap, MacroArgumentsAreRewrittenInPlace) {
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "#define TWICE(e) ((e) + (e))\n"
                         "int f(void) {\n"
                         "  int x __flexos_shared = 1;\n"
                         "  return TWICE(x);\n"
                         "}\n",
                         Sharing::Heap);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("return TWICE((*x__flexcc_shared));"),
            std::string::npos)
      << R.Text;
}

TEST(ShareLocalsHeap, CxxCastsTheBlock) {
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "int f() {\n"
                         "  int x __flexos_shared;\n"
                         "  x = 2;\n"
                         "  return x;\n"
                         "}\n",
                         Sharing::Heap, Mechanism::None, "/v/app/main.cpp");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("int *x__flexcc_shared __flexos_shared "
                        "__attribute__((cleanup(__flexos_heap_release))) = "
                        "(__typeof__(x__flexcc_shared))__flexos_heap_alloc("
                        "sizeof(*x__flexcc_shared));"),
            std::string::npos)
      << R.Text;
}

TEST(ShareLocalsDss, UsesGoToTheShadowAndInitializersAreCopied) {
  const char *Code = "#include <flexos.h>\n"
                     "struct pt { int x, y; };\n"
                     "int g(int *);\n"
                     "int f(int n) {\n"
                     "  int x __flexos_shared = n, y, z __flexos_shared;\n"
                     "  char v[n] __flexos_shared;\n"
                     "  struct pt p __flexos_shared = { 1, 2 };\n"
                     "  z = g(&x) + p.y + (int)sizeof v;\n"
                     "  return z;\n"
                     "}\n";
  const char *Want =
      "#include <flexos.h>\n"
      "struct pt { int x, y; };\n"
      "int g(int *);\n"
      "int f(int n) {\n"
      "  int x __flexos_shared = n, y, z __flexos_shared; "
      "__FLEXOS_DSS_INIT(x);\n"
      "  char v[n] __flexos_shared;\n"
      "  struct pt p __flexos_shared = { 1, 2 }; __FLEXOS_DSS_INIT(p);\n"
      "  __FLEXOS_DSS(z) = g(&__FLEXOS_DSS(x)) + __FLEXOS_DSS(p).y + "
      "(int)sizeof __FLEXOS_DSS(v);\n"
      "  return __FLEXOS_DSS(z);\n"
      "}\n";
  // The same text under every mechanism: flexos.h gives the macros their
  // meaning (the identity under none).
  for (Mechanism M : {Mechanism::None, Mechanism::Mpk, Mechanism::Ept}) {
    RewriteRun R = rewrite(Code, Sharing::Dss, M);
    EXPECT_TRUE(R.Ok) << R.Diags;
    EXPECT_EQ(R.Text, Want);
  }
}

TEST(ShareLocalsDss, RegisterIsDroppedOnlyWhenIsolated) {
  const char *Code = "#include <flexos.h>\n"
                     "int f(void) { register int r __flexos_shared = 1; "
                     "return r; }\n";
  RewriteRun None = rewrite(Code, Sharing::Dss);
  EXPECT_TRUE(None.Ok) << None.Diags;
  EXPECT_EQ(None.Text, "#include <flexos.h>\n"
                       "int f(void) { register int r __flexos_shared = 1; "
                       "__FLEXOS_DSS_INIT(r); return __FLEXOS_DSS(r); }\n");
  RewriteRun Mpk = rewrite(Code, Sharing::Dss, Mechanism::Mpk);
  EXPECT_TRUE(Mpk.Ok) << Mpk.Diags;
  EXPECT_EQ(Mpk.Text, "#include <flexos.h>\n"
                      "int f(void) {  int r __flexos_shared = 1; "
                      "__FLEXOS_DSS_INIT(r); return __FLEXOS_DSS(r); }\n");
}

TEST(ShareLocalsDss, StaticLocalsAreNotShareLocalsBusiness) {
  RewriteRun R = rewrite("#include <flexos.h>\n"
                         "int f(void) { static int s __flexos_shared; "
                         "return s; }\n",
                         Sharing::Dss, Mechanism::Mpk);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("return s; }"), std::string::npos) << R.Text;
}

namespace {
void expectError(Sharing S, llvm::StringRef Code, llvm::StringRef Where,
                 llvm::StringRef Message,
                 llvm::StringRef Name = "/v/app/main.c") {
  RewriteRun R = rewrite(Code, S, Mechanism::None, Name);
  EXPECT_FALSE(R.Ok) << R.Text;
  EXPECT_NE(R.Diags.find((Where + ": error: " + Message).str()),
            std::string::npos)
      << R.Diags;
  EXPECT_NE(R.Diags.find("[share-locals]"), std::string::npos) << R.Diags;
}
} // namespace

TEST(ShareLocalsErrors, SharedParameter) {
  for (Sharing S : {Sharing::Dss, Sharing::Heap})
    expectError(S,
                "#include <flexos.h>\n"
                "int f(int p __flexos_shared) { return p; }\n",
                "/v/app/main.c:2:11",
                "cannot share parameter 'p': a parameter cannot be "
                "relocated; copy it into a shared local");
}

TEST(ShareLocalsErrors, UseInAMacroBody) {
  for (Sharing S : {Sharing::Dss, Sharing::Heap})
    expectError(S,
                "#include <flexos.h>\n"
                "#define GET() x\n"
                "int f(void) { int x __flexos_shared = 1; return GET(); }\n",
                "/v/app/main.c:3:49",
                "use of shared variable 'x' cannot be rewritten where it "
                "stands: it is written in the body of macro 'GET'");
}

TEST(ShareLocalsErrors, DeclarationInAMacro) {
  for (Sharing S : {Sharing::Dss, Sharing::Heap})
    expectError(S,
                "#include <flexos.h>\n"
                "#define DECL(n) int n __flexos_shared = 0\n"
                "int f(void) { DECL(x); return 0; }\n",
                "/v/app/main.c:3:20",
                "cannot relocate shared variable 'x': its declaration "
                "cannot be rewritten where it stands: it is written in a "
                "macro");
}

TEST(ShareLocalsErrors, ForInitializer) {
  expectError(Sharing::Heap,
              "#include <flexos.h>\n"
              "int f(void) { for (int i __flexos_shared = 0; i < 2; i++); "
              "return 0; }\n",
              "/v/app/main.c:2:24",
              "cannot relocate shared variable 'i': it is not declared "
              "directly in a block");
}

TEST(ShareLocalsErrors, HeapInitializedButNotLast) {
  expectError(Sharing::Heap,
              "#include <flexos.h>\n"
              "int f(void) { int a __flexos_shared = 1, b = 2; return a + b; "
              "}\n",
              "/v/app/main.c:2:19",
              "cannot relocate shared variable 'a': under sharing 'heap' "
              "an initialized shared variable must be the last one of its "
              "declaration; split the declaration");
}

TEST(ShareLocalsErrors, DssUseLaterInItsOwnDeclaration) {
  expectError(Sharing::Dss,
              "#include <flexos.h>\n"
              "int f(void) { int a __flexos_shared = 1, b = a; return b; }\n",
              "/v/app/main.c:2:46",
              "cannot relocate shared variable 'a': it is used later in its "
              "own declaration");
}

TEST(ShareLocalsErrors, LambdaCapture) {
  for (Sharing S : {Sharing::Dss, Sharing::Heap})
    expectError(S,
                "#include <flexos.h>\n"
                "int f() { int x __flexos_shared = 1;\n"
                "  return [&] { return x; }(); }\n",
                "/v/app/main.cpp:3:23",
                "cannot relocate shared variable 'x': it is used in a "
                "lambda or a block",
                "/v/app/main.cpp");
}

TEST(ShareLocalsErrors, CxxObjectWithDestructor) {
  expectError(Sharing::Heap,
              "#include <flexos.h>\n"
              "struct s { ~s(); int v; };\n"
              "int f() { s x __flexos_shared; return x.v; }\n",
              "/v/app/main.cpp:3:13",
              "cannot relocate shared variable 'x': its type 's' is not "
              "trivially copyable and destructible",
              "/v/app/main.cpp");
}

TEST(ShareLocalsErrors, CxxDirectInitializationUnderHeap) {
  expectError(Sharing::Heap,
              "#include <flexos.h>\n"
              "int f() { int x __flexos_shared(3); return x; }\n",
              "/v/app/main.cpp:2:15",
              "cannot relocate shared variable 'x': under sharing 'heap' it "
              "must be initialized with '='",
              "/v/app/main.cpp");
}
