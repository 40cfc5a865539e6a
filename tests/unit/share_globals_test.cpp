//===--- share_globals_test.cpp - the share-globals rewrite ---------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Runs the rewrite action on small sources held in memory (the config lives
// in a virtual /v directory) and checks the rewritten text and the
// diagnostics; then compiles a rewritten file with the real compiler and
// reads, in the object, the section of each shared variable. Whole programs
// are covered by test-corpus/shared-globals.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "tests/unit/RewriteHarness.h"
#include "gtest/gtest.h"

using namespace flexcc;
using namespace flexcc::rewriters;

namespace {

const char *ConfigText = R"(image: unit
libraries:
  app: { sources: [app/*.c, app/*.cpp] }
  net: { sources: [net/*.c] }
compartments:
  - { name: main, default: true, libraries: [app] }
  - { name: io, libraries: [net] }
)";

using unittest::RewriteRun;

RewriteRun rewrite(llvm::StringRef Code, Mechanism M = Mechanism::None,
                   llvm::StringRef Name = "/v/app/main.c") {
  unittest::RewriteSetup S;
  S.ConfigText = ConfigText;
  S.Overrides.Mech = M;
  S.Name = Name.str();
  return unittest::runRewrites(S, Code);
}

const char *Data = "__attribute__((section(\".flexos_shared.data\")))";
const char *Rodata = "__attribute__((section(\".flexos_shared.rodata\")))";

std::string lines(std::initializer_list<std::string> L) {
  std::string S;
  for (const std::string &Line : L)
    S += Line + "\n";
  return S;
}

TEST(ShareGlobals, IsRegistered) {
  std::vector<llvm::StringRef> Ids = rewriteIds();
  EXPECT_NE(std::find(Ids.begin(), Ids.end(), "share-globals"), Ids.end());
}

TEST(ShareGlobals, OurSpellingAtEveryStaticStorage) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "int a __flexos_shared = 1;",
      "static struct { int x; long y; } z __flexos_shared;",
      "extern int e __flexos_shared = 2;",
      "int f(void) { static int n __flexos_shared; return ++n; }",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, lines({
                        "#include <flexos.h>",
                        "int a " + std::string(Data) + " = 1;",
                        "static struct { int x; long y; } z " +
                            std::string(Data) + ";",
                        "extern int e " + std::string(Data) + " = 2;",
                        "int f(void) { static int n " + std::string(Data) +
                            "; return ++n; }",
                    }));
}

TEST(ShareGlobals, FlexosSpellings) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "int a __attribute__((flexos_whitelist)) = 1;",
      "__section(\".data_shared\") int b[2] = { 1, 2 };",
      "static long c __attribute__((section(\".data_shared\"))) = 3;",
      "int d __attribute__((annotate(\"flexos:shared\")));",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text,
            lines({
                "#include <flexos.h>",
                "int a __attribute__((section(\".flexos_shared.data\"))) = 1;",
                "__section(\".flexos_shared.data\") int b[2] = { 1, 2 };",
                "static long c __attribute__((section(\".flexos_shared.data\")))"
                " = 3;",
                "int d __attribute__((section(\".flexos_shared.data\")));",
            }));
}

TEST(ShareGlobals, ConstAllTheWayGoesToRodata) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "const int t[3] __flexos_shared = { 1, 2, 3 };",
      "const char *const s __flexos_shared = \"x\";",
      "const struct { int a; } k __flexos_shared = { 1 };",
      "const char *p __flexos_shared;",
      "const volatile int v __flexos_shared = 1;",
      "__section(\".data_shared\") const int u = 4;",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, lines({
                        "#include <flexos.h>",
                        "const int t[3] " + std::string(Rodata) +
                            " = { 1, 2, 3 };",
                        "const char *const s " + std::string(Rodata) +
                            " = \"x\";",
                        "const struct { int a; } k " + std::string(Rodata) +
                            " = { 1 };",
                        "const char *p " + std::string(Data) + ";",
                        "const volatile int v " + std::string(Data) + " = 1;",
                        "__section(\".flexos_shared.rodata\") const int u = 4;",
                    }));
}

TEST(ShareGlobals, CxxConstNeedsConstantInitialisation) {
  RewriteRun R = rewrite(lines({
                             "#include <flexos.h>",
                             "int g();",
                             "const int a __flexos_shared = 1;",
                             "const int b __flexos_shared = g();",
                             "struct M { mutable int m; };",
                             "const M c __flexos_shared = {};",
                             "struct S { static const int d; };",
                             "const int S::d __flexos_shared = 4;",
                         }),
                         Mechanism::None, "/v/app/main.cpp");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, lines({
                        "#include <flexos.h>",
                        "int g();",
                        "const int a " + std::string(Rodata) + " = 1;",
                        "const int b " + std::string(Data) + " = g();",
                        "struct M { mutable int m; };",
                        "const M c " + std::string(Data) + " = {};",
                        "struct S { static const int d; };",
                        "const int S::d " + std::string(Rodata) + " = 4;",
                    }));
}

TEST(ShareGlobals, DeclarationsAgreeWithTheDefinition) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "extern int x __flexos_shared;",
      "extern const char v[] __flexos_shared;",
      "extern const int k __attribute__((flexos_whitelist));",
      "int x = 1;",
      "const int k __flexos_shared = 2;",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, lines({
                        "#include <flexos.h>",
                        "extern int x " + std::string(Data) + ";",
                        "extern const char v[] " + std::string(Rodata) + ";",
                        "extern const int k __attribute__((section(\"" +
                            std::string(".flexos_shared.rodata") + "\")));",
                        "int x = 1;",
                        "const int k " + std::string(Rodata) + " = 2;",
                    }));
}

TEST(ShareGlobals, SameUnderEveryMechanism) {
  std::string Code = lines({"#include <flexos.h>", "int a __flexos_shared;"});
  for (Mechanism M : {Mechanism::None, Mechanism::Mpk, Mechanism::Ept}) {
    RewriteRun R = rewrite(Code, M);
    EXPECT_TRUE(R.Ok) << R.Diags;
    EXPECT_EQ(R.Text, lines({"#include <flexos.h>",
                             "int a " + std::string(Data) + ";"}));
  }
}

TEST(ShareGlobals, LocalsAreLeftAlone) {
  std::string Code = lines({
      "#include <flexos.h>",
      "int f(void) {",
      "  int a __flexos_shared = 1;",
      "  char b[8] __attribute__((flexos_whitelist));",
      "  b[0] = 0; return a + b[0]; }",
  });
  RewriteRun R = rewrite(Code);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Diags, "");
  // Shared locals are share-locals' (their uses go to the data shadow
  // stack under the default sharing, dss): no section for them here.
  EXPECT_EQ(R.Text.find("section("), std::string::npos) << R.Text;
  EXPECT_NE(R.Text.find("int a __flexos_shared = 1;"), std::string::npos)
      << R.Text;
  EXPECT_NE(R.Text.find("__attribute__((flexos_whitelist))"), std::string::npos)
      << R.Text;
}

TEST(ShareGlobals, SectionOnALocalIsClangsError) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "int f(void) { int a __section(\".data_shared\") = 1; return a; }",
  }));
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("error: 'section' attribute only applies"),
            std::string::npos)
      << R.Diags;
  EXPECT_EQ(R.Diags.find("[share-globals]"), std::string::npos) << R.Diags;
}

TEST(ShareGlobals, ThreadLocalIsAnError) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "_Thread_local int x __flexos_shared;",
      "__thread int y __attribute__((flexos_whitelist));",
  }));
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:2:19: error: cannot share "
                         "thread-local variable 'x' [share-globals]"),
            std::string::npos)
      << R.Diags;
  EXPECT_NE(R.Diags.find("/v/app/main.c:3:14: error: cannot share "
                         "thread-local variable 'y' [share-globals]"),
            std::string::npos)
      << R.Diags;
}

TEST(ShareGlobals, AnotherSectionIsAnError) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "int x __flexos_shared __attribute__((section(\".mine\")));",
  }));
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:2:38: error: shared variable 'x' "
                         "also has section '.mine': it cannot be in both "
                         "'.mine' and '.flexos_shared.data' [share-globals]"),
            std::string::npos)
      << R.Diags;
}

TEST(ShareGlobals, MacroBodyRewrittenOnceWhenAllAgree) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "#define SHARED __flexos_shared",
      "#define SHARED_SEC __section(\".data_shared\")",
      "#define VAR(n) int n __attribute__((flexos_whitelist))",
      "int a SHARED; int b SHARED = 2;",
      "SHARED_SEC int c; SHARED_SEC long d;",
      "VAR(e); VAR(f) = 1;",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text,
            lines({
                "#include <flexos.h>",
                "#define SHARED " + std::string(Data),
                "#define SHARED_SEC __section(\".flexos_shared.data\")",
                "#define VAR(n) int n __attribute__((section(\"" +
                    std::string(".flexos_shared.data") + "\")))",
                "int a SHARED; int b SHARED = 2;",
                "SHARED_SEC int c; SHARED_SEC long d;",
                "VAR(e); VAR(f) = 1;",
            }));
}

TEST(ShareGlobals, MacroArgumentsAreRewrittenWhereWritten) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "#define SEC(s) __section(s)",
      "#define WRAP(x) x",
      "SEC(\".data_shared\") int a;",
      "WRAP(int b __flexos_shared = 1;)",
      "WRAP(__section(\".data_shared\") int c;)",
  }));
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_EQ(R.Text, lines({
                        "#include <flexos.h>",
                        "#define SEC(s) __section(s)",
                        "#define WRAP(x) x",
                        "SEC(\".flexos_shared.data\") int a;",
                        "WRAP(int b " + std::string(Data) + " = 1;)",
                        "WRAP(__section(\".flexos_shared.data\") int c;)",
                    }));
}

TEST(ShareGlobals, SectionNameFromAnotherMacroIsAnError) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "#define NAME \".data_shared\"",
      "__section(NAME) int e;",
  }));
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("/v/app/main.c:3:21: error: shared variable 'e' "
                         "cannot be rewritten where it stands"),
            std::string::npos)
      << R.Diags;
}

TEST(ShareGlobals, MacroBodyForDifferentSectionsIsAnError) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "#define SHARED __flexos_shared",
      "int a SHARED;",
      "const int b SHARED = 2;",
  }));
  EXPECT_FALSE(R.Ok);
  EXPECT_NE(R.Diags.find("error: shared variable '"), std::string::npos)
      << R.Diags;
  EXPECT_NE(R.Diags.find("cannot be rewritten where it stands: its annotation "
                         "is written once for variables that go to different "
                         "sections"),
            std::string::npos)
      << R.Diags;
  EXPECT_NE(R.Diags.find("[share-globals]"), std::string::npos) << R.Diags;
  EXPECT_NE(R.Diags.find("note: the other variable is here"), std::string::npos)
      << R.Diags;
}

TEST(ShareGlobals, WorksNextToGates) {
  RewriteRun R = rewrite(lines({
                             "#include <flexos.h>",
                             "int add(int a, int b);",
                             "int acc __flexos_shared;",
                             "int f(void) { return flexos_gate(libnet, add, "
                             "acc, 1); }",
                         }),
                         Mechanism::Mpk);
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_NE(R.Text.find("int acc " + std::string(Data) + ";"),
            std::string::npos)
      << R.Text;
  EXPECT_NE(R.Text.find("return __flexcc_gate__main__io__add(acc, 1);"),
            std::string::npos)
      << R.Text;
}

/// Compiles \p Code with the real C compiler into an object and returns each
/// defined symbol's section name.
llvm::StringMap<std::string> sectionsOfObject(const std::string &Code) {
  llvm::StringMap<std::string> Out;
  llvm::SmallString<128> Dir;
  if (llvm::sys::fs::createUniqueDirectory("flexcc-share-globals", Dir)) {
    ADD_FAILURE() << "cannot create a temporary directory";
    return Out;
  }
  std::string Src = (Dir + "/t.c").str(), Obj = (Dir + "/t.o").str();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Src, EC);
    EXPECT_FALSE(EC);
    OS << Code;
  }
  auto Prog = llvm::sys::findProgramByName(FLEXCC_DEFAULT_CC);
  EXPECT_TRUE(bool(Prog)) << FLEXCC_DEFAULT_CC;
  if (Prog) {
    std::string Inc = "-I" FLEXCC_SOURCE_DIR "/runtime/include";
    llvm::SmallVector<llvm::StringRef, 8> Args = {*Prog, "-c", Inc, Src, "-o",
                                                  Obj};
    std::string Err;
    int RC = llvm::sys::ExecuteAndWait(*Prog, Args, /*Env=*/{},
                                       /*Redirects=*/{}, 0, 0, &Err);
    EXPECT_EQ(RC, 0) << Err;
    auto File = llvm::object::ObjectFile::createObjectFile(Obj);
    EXPECT_TRUE(bool(File));
    if (File) {
      for (const llvm::object::SymbolRef &S : File->getBinary()->symbols()) {
        auto Name = S.getName();
        auto Sec = S.getSection();
        if (!Name || !Sec) {
          if (!Name)
            llvm::consumeError(Name.takeError());
          if (!Sec)
            llvm::consumeError(Sec.takeError());
          continue;
        }
        if (*Sec == File->getBinary()->section_end())
          continue;
        auto SecName = (*Sec)->getName();
        if (SecName)
          Out[*Name] = SecName->str();
        else
          llvm::consumeError(SecName.takeError());
      }
    } else {
      llvm::consumeError(File.takeError());
    }
  }
  llvm::sys::fs::remove_directories(Dir);
  return Out;
}

TEST(ShareGlobals, RewrittenObjectPlacesVariablesInSharedSections) {
  RewriteRun R = rewrite(lines({
      "#include <flexos.h>",
      "int a __flexos_shared = 1;",
      "struct s { long x[4]; } z __flexos_shared;",
      "const int t[2] __flexos_shared = { 1, 2 };",
      "int w __attribute__((flexos_whitelist)) = 3;",
      "__section(\".data_shared\") int u = 4;",
      "int plain = 5;",
      "int f(void) { static int n __flexos_shared; int l __flexos_shared = 1;",
      "  return ++n + l + a + z.x[0] + t[1] + w + u + plain; }",
  }));
  ASSERT_TRUE(R.Ok) << R.Diags;
  llvm::StringMap<std::string> Sec = sectionsOfObject(R.Text);
  EXPECT_EQ(Sec.lookup("a"), ".flexos_shared.data");
  EXPECT_EQ(Sec.lookup("z"), ".flexos_shared.data");
  EXPECT_EQ(Sec.lookup("t"), ".flexos_shared.rodata");
  EXPECT_EQ(Sec.lookup("w"), ".flexos_shared.data");
  EXPECT_EQ(Sec.lookup("u"), ".flexos_shared.data");
  EXPECT_EQ(Sec.lookup("f.n"), ".flexos_shared.data");
  EXPECT_EQ(Sec.lookup("plain"), ".data");
}

} // namespace
