//===--- callbacks_test.cpp - the callbacks rewrite and its stubs ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// Runs the rewrite action on small sources held in memory (the config lives
// in a virtual /v directory) and checks the rewritten text, the records and
// the diagnostics of the 'callbacks' rewrite; then the callback stubs that
// emitImageFile() generates from records, under mpk and ept, and the
// checks of checkGateRecords(). Whole programs: test-corpus/callbacks.
//
//===----------------------------------------------------------------------===//
#include "backends/StubEmitter.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "tests/unit/RewriteHarness.h"
#include "gtest/gtest.h"
#include <cstdlib>
#include <fstream>

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

// -w, as flexcc's own parse: the rewrite's warnings must get through.
RewriteRun rewrite(llvm::StringRef Code, Mechanism M,
                   llvm::StringRef Name = "/v/app/main.c") {
  unittest::RewriteSetup S;
  S.ConfigText = ConfigText;
  S.Overrides.Mech = M;
  S.Name = Name.str();
  return unittest::runRewrites(S, Code);
}

std::string lines(std::initializer_list<std::string> L) {
  std::string S;
  for (const std::string &Line : L)
    S += Line + "\n";
  return S;
}

bool has(const std::string &Text, const std::string &Part) {
  return Text.find(Part) != std::string::npos;
}

const char *Prelude = "#include <flexos.h>\n"
                      "typedef int (*handler)(int);\n"
                      "int on_event(int code) __flexos_callback;\n"
                      "void reg(handler h);\n";

} // namespace

TEST(Callbacks, IsRegistered) {
  std::vector<llvm::StringRef> Ids = rewriteIds();
  EXPECT_NE(std::find(Ids.begin(), Ids.end(), "callbacks"), Ids.end());
}

TEST(Callbacks, EveryEscapeNamesTheStub) {
  std::string Code =
      std::string(Prelude) +
      lines({"struct ops { handler h; int n; };",
             "struct ops table = { .h = on_event, .n = 1 };",
             "handler pick(void) { return on_event; }",
             "int f(handler g) {",
             "  handler h = on_event;",
             "  h = (on_event);",
             "  reg(on_event);",
             "  reg(&on_event);",
             "  if (g == on_event) return 1;",
             "  return on_event(2) + (on_event)(3);",
             "}"});
  RewriteRun R = rewrite(Code, Mechanism::Mpk);
  ASSERT_TRUE(R.Ok) << R.Diags;
  const std::string Decl = "extern __typeof__(on_event) __flexcc_cb__on_event; ";
  EXPECT_TRUE(has(R.Text, Decl + "struct ops table = { .h = "
                                 "__flexcc_cb__on_event, .n = 1 };"))
      << R.Text;
  // Declared once, before the first declaration that uses it.
  EXPECT_TRUE(has(R.Text, "\nhandler pick(void) { return "
                          "__flexcc_cb__on_event; }"))
      << R.Text;
  EXPECT_TRUE(has(R.Text, "\nint f(handler g) {")) << R.Text;
  EXPECT_TRUE(has(R.Text, "handler h = __flexcc_cb__on_event;"));
  EXPECT_TRUE(has(R.Text, "h = (__flexcc_cb__on_event);"));
  EXPECT_TRUE(has(R.Text, "reg(__flexcc_cb__on_event);"));
  EXPECT_TRUE(has(R.Text, "reg(&__flexcc_cb__on_event);"));
  EXPECT_TRUE(has(R.Text, "if (g == __flexcc_cb__on_event) return 1;"));
  // Direct calls stay direct.
  EXPECT_TRUE(has(R.Text, "return on_event(2) + (on_event)(3);")) << R.Text;
  // No line added or removed.
  EXPECT_EQ(std::count(R.Text.begin(), R.Text.end(), '\n'),
            std::count(Code.begin(), Code.end(), '\n'));

  ASSERT_EQ(R.Result.Record.Callbacks.size(), 1u);
  const CallbackRecord &C = R.Result.Record.Callbacks[0];
  EXPECT_EQ(C.Callee, "on_event");
  EXPECT_EQ(C.StubName, "__flexcc_cb__on_event");
  EXPECT_EQ(C.Home, "");
  EXPECT_EQ(C.Ref, "");
  EXPECT_EQ(C.ReturnType, "int");
  EXPECT_EQ(C.ParamTypes, std::vector<std::string>{"int"});
  EXPECT_EQ(C.File, "/v/app/main.c");
  EXPECT_EQ(C.Line, 6u); // The initializer of 'table'.
}

TEST(Callbacks, NoneChangesNothing) {
  std::string Code = std::string(Prelude) +
                     lines({"static int on_static(int) __flexos_callback;",
                            "static int on_static(int x) { return x; }",
                            "int plain(int x) { return x; }",
                            "void f(void) { reg(on_event); reg(on_static);",
                            "  flexos_gate(libnet, reg, plain); }"});
  RewriteRun R = rewrite(Code, Mechanism::None);
  ASSERT_TRUE(R.Ok) << R.Diags;
  EXPECT_TRUE(has(R.Text, "reg(on_event); reg(on_static);")) << R.Text;
  EXPECT_TRUE(R.Result.Record.Callbacks.empty());
  EXPECT_EQ(R.Diags, "");
}

TEST(Callbacks, GateCalleeAndGateArgument) {
  // A callback that is itself a gate's callee is called, not escaping; as a
  // gate's argument it escapes.
  std::string Code =
      std::string(Prelude) +
      lines({"int f(void) { flexos_gate(libnet, reg, on_event);",
             "  return flexos_gate(libnet, on_event, 1); }"});
  RewriteRun R = rewrite(Code, Mechanism::Ept);
  ASSERT_TRUE(R.Ok) << R.Diags;
  EXPECT_TRUE(has(R.Text, "__flexcc_gate__main__io__reg(__flexcc_cb__on_event);"))
      << R.Text;
  EXPECT_TRUE(has(R.Text, "return __flexcc_gate__main__io__on_event(1); }"))
      << R.Text;
  // Both stub declarations, merged before the function.
  EXPECT_TRUE(has(R.Text, "extern __typeof__(on_event) __flexcc_cb__on_event; "
                          "int f(void)"))
      << R.Text;
  EXPECT_TRUE(has(R.Text, "extern __typeof__(reg) __flexcc_gate__main__io__reg;"))
      << R.Text;
  EXPECT_EQ(R.Diags, "");
}

TEST(Callbacks, MacroArgumentIsRewrittenMacroBodyIsAnError) {
  std::string Code = std::string(Prelude) +
                     lines({"#define REG(fn) reg(fn)",
                            "void f(void) { REG(on_event); }"});
  RewriteRun R = rewrite(Code, Mechanism::Mpk);
  ASSERT_TRUE(R.Ok) << R.Diags;
  EXPECT_TRUE(has(R.Text, "REG(__flexcc_cb__on_event);")) << R.Text;

  Code = std::string(Prelude) + lines({"#define REG_EVENT() reg(on_event)",
                                       "void f(void) { REG_EVENT(); }"});
  R = rewrite(Code, Mechanism::Mpk);
  EXPECT_FALSE(R.Ok);
  EXPECT_TRUE(has(R.Diags, "main.c:6:16: error: callback 'on_event' cannot be "
                           "rewritten where it stands: it is written in a "
                           "macro body"))
      << R.Diags;
  EXPECT_TRUE(has(R.Diags, "[callbacks]")) << R.Diags;
}

TEST(Callbacks, StaticCallbackGetsAPointerForItsStub) {
  std::string Code = lines({"#include <flexos.h>",
                            "static int on_close(int fd) __flexos_callback;",
                            "static int on_close(int fd) { return fd; }",
                            "void reg(int (*cb)(int));",
                            "void f(void) { reg(on_close); }"});
  RewriteRun R = rewrite(Code, Mechanism::Mpk);
  ASSERT_TRUE(R.Ok) << R.Diags;
  ASSERT_EQ(R.Result.Record.Callbacks.size(), 1u);
  const CallbackRecord &C = R.Result.Record.Callbacks[0];
  EXPECT_EQ(C.Home, "main");
  EXPECT_EQ(C.Callee, "on_close");
  // The tag hashes "app/main.c", the path relative to the config.
  ASSERT_TRUE(startsWith(C.StubName, "__flexcc_cb__")) << C.StubName;
  std::string Tag = C.StubName.substr(13, 8);
  EXPECT_EQ(C.StubName, "__flexcc_cb__" + Tag + "__on_close");
  EXPECT_EQ(C.Ref, "__flexcc_cbref__" + Tag + "__on_close");
  EXPECT_TRUE(has(R.Text, "extern __typeof__(on_close) " + C.StubName +
                              "; void f(void) { reg(" + C.StubName + "); }"))
      << R.Text;
  // The pointer, after the last line.
  EXPECT_TRUE(endsWith(R.Text, "}\nextern __typeof__(on_close) *const " +
                                   C.Ref + "; __typeof__(on_close) *const " +
                                   C.Ref + " = on_close;\n"))
      << R.Text;
}

TEST(Callbacks, UnsupportedCallbacksAreErrors) {
  RewriteRun R = rewrite(lines({"#include <flexos.h>",
                                "int logf(const char *f, ...) __flexos_callback;",
                                "void reg(void *p);",
                                "void f(void) { reg(logf); }"}),
                         Mechanism::Mpk);
  EXPECT_FALSE(R.Ok);
  EXPECT_TRUE(has(R.Diags, "main.c:4:20: error: callback 'logf' is variadic"))
      << R.Diags;

  R = rewrite(lines({"#include <flexos.h>",
                     "int on_x(int) __flexos_callback;",
                     "void reg(int (*)(int));",
                     "void f() { reg(on_x); }"}),
              Mechanism::Mpk, "/v/app/main.cpp");
  EXPECT_FALSE(R.Ok);
  EXPECT_TRUE(has(R.Diags, "error: callback 'on_x' has C++ linkage; declare "
                           "it extern \"C\""))
      << R.Diags;

  R = rewrite(lines({"#include <flexos.h>",
                     "extern \"C\" int on_x(int) __flexos_callback;",
                     "void reg(int (*)(int));",
                     "void f() { reg(on_x); }"}),
              Mechanism::Mpk, "/v/app/main.cpp");
  EXPECT_TRUE(R.Ok) << R.Diags;
  EXPECT_TRUE(has(R.Text, "extern \"C\" __typeof__(on_x) __flexcc_cb__on_x; "
                          "void f() { reg(__flexcc_cb__on_x); }"))
      << R.Text;
}

TEST(Callbacks, WarnsForAFunctionPassedThroughACrossingGate) {
  std::string Code =
      lines({"#include <flexos.h>", "#include <stdlib.h>",
             "int on_event(int code) { return code; }",
             "void reg(int (*h)(int));", "void reg_free(void (*h)(void *));",
             "void f(void) {", "  flexos_gate(libnet, reg, on_event);",
             "  flexos_gate(libnet, reg_free, free);",
             "  flexos_gate(libapp, reg, on_event);", "}"});
  RewriteRun R = rewrite(Code, Mechanism::Mpk);
  EXPECT_TRUE(R.Ok) << R.Diags; // A warning does not fail the build.
  EXPECT_TRUE(has(R.Diags,
                  "main.c:7:28: warning: address of 'on_event' escapes "
                  "through a gate to compartment 'io' but 'on_event' is not a "
                  "callback; mark its declaration __flexos_callback so that "
                  "calls from 'io' enter 'main' through a gate [callbacks]"))
      << R.Diags;
  // With the source line and a caret.
  EXPECT_TRUE(has(R.Diags, "  flexos_gate(libnet, reg, on_event);\n"
                           "                           ^"))
      << R.Diags;
  // Once: libc's free and the gate within the compartment are fine.
  size_t N = 0;
  for (size_t P = R.Diags.find("warning:"); P != std::string::npos;
       P = R.Diags.find("warning:", P + 1))
    ++N;
  EXPECT_EQ(N, 1u) << R.Diags;

  R = rewrite(Code, Mechanism::None);
  EXPECT_TRUE(R.Ok);
  EXPECT_EQ(R.Diags, "");
}

namespace {

Config stubConfig(Mechanism M) {
  std::string Errs;
  llvm::raw_string_ostream OS(Errs);
  ConfigOverrides O;
  O.Mech = M;
  std::unique_ptr<Config> C =
      loadConfigFromString(ConfigText, "/v/flexcc.yaml", O, OS);
  EXPECT_TRUE(C) << OS.str();
  return C ? *C : Config();
}

std::vector<ObjectRecord> callbackRecords() {
  ObjectRecord Net;
  Net.Source = "/v/net/net.c";
  Net.Library = "net";
  Net.Compartment = "io";
  Net.Defines = {"net_on_rx"};
  CallbackRecord Rx;
  Rx.Callee = "net_on_rx";
  Rx.StubName = "__flexcc_cb__net_on_rx";
  Rx.ReturnType = "long";
  Rx.ParamTypes = {"void *", "unsigned long"};
  Rx.File = "/v/app/main.c";
  Rx.Line = 3;
  Rx.Column = 7;

  ObjectRecord App;
  App.Source = "/v/app/main.c";
  App.Library = "app";
  App.Compartment = "main";
  App.Defines = {"main"};
  CallbackRecord Close;
  Close.Home = "main";
  Close.Callee = "on_close";
  Close.StubName = "__flexcc_cb__0badcafe__on_close";
  Close.Ref = "__flexcc_cbref__0badcafe__on_close";
  Close.ReturnType = "void";
  Close.File = "/v/app/main.c";
  Close.Line = 9;
  Close.Column = 2;
  App.Callbacks = {Rx, Close};
  return {Net, App};
}

std::string emit(Mechanism M, const std::vector<ObjectRecord> &Records) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  backends::emitImageFile(stubConfig(M), Records, "flexcc.yaml", OS);
  return OS.str();
}

/// Compiles \p Text as C with \p Compiler, warnings as errors; true if it
/// compiles or the compiler is missing.
bool compiles(const std::string &Compiler, const std::string &Text) {
  if (std::system(("command -v " + Compiler + " >/dev/null 2>&1").c_str()))
    return true;
  llvm::SmallString<128> Path;
  if (llvm::sys::fs::createTemporaryFile("flexcc-cb", "c", Path))
    return false;
  {
    std::ofstream F(Path.c_str(), std::ios::binary);
    F << Text;
  }
  int Status = std::system((Compiler +
                            " -fsyntax-only -std=c11 -Wall -Wextra -Werror -I'" +
                            FLEXCC_SOURCE_DIR + "/runtime/include' '" +
                            Path.str().str() + "'")
                               .c_str());
  llvm::sys::fs::remove(Path);
  return Status == 0;
}

} // namespace

TEST(Callbacks, MpkStubs) {
  std::string Out = emit(Mechanism::Mpk, callbackRecords());
  EXPECT_TRUE(has(Out, "extern long net_on_rx(void *, unsigned long);\n"))
      << Out;
  EXPECT_TRUE(has(Out, "extern void (*const "
                       "__flexcc_cbref__0badcafe__on_close)(void);\n"))
      << Out;
  // A dispatcher in assembly: RDPKRU, then a jump to the callback (the
  // thread is in io already) or to the gate from its compartment (main).
  EXPECT_TRUE(has(Out, "long __flexcc_cb__net_on_rx(void *, unsigned long);\n"
                       "__asm__(\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\t\"__flexcc_cb__net_on_rx:\\n\"\n"
                       "\t\"\tmovq %rcx, %r10\\n\"\n"
                       "\t\"\tmovq %rdx, %r11\\n\"\n"
                       "\t\"\txorl %ecx, %ecx\\n\"\n"
                       "\t\"\trdpkru\\n\"\n"
                       "\t\"\tmovq %r10, %rcx\\n\"\n"
                       "\t\"\tmovq %r11, %rdx\\n\"\n"
                       "\t\"\tcmpl $0xffffff3c, %eax\\n\"\n"
                       "\t\"\tjne .L__flexcc_cb__net_on_rx_other\\n\"\n"
                       "\t\"\tjmp net_on_rx@PLT\\n\"\n"
                       "\t\".L__flexcc_cb__net_on_rx_other:\\n\"\n"
                       "\t\"\tcmpl $0xffffffcc, %eax\\n\"\n"
                       "\t\"\tje __flexcc_mpkcb__0____flexcc_cb__net_on_rx\\n\"\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\t\"__flexcc_mpkcb__0____flexcc_cb__net_on_rx:\\n\"\n"));
  EXPECT_TRUE(has(Out, "\t\"\tcall net_on_rx@PLT\\n\"\n"));
  // A static callback, through the pointer its file defines.
  EXPECT_TRUE(has(Out, "\t\"\tjmp *__flexcc_cbref__0badcafe__on_close(%rip)\\n\"\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\t\"\tcall *__flexcc_cbref__0badcafe__on_close(%rip)\\n\"\n"))
      << Out;
  EXPECT_TRUE(compiles("clang", Out)) << Out;
  EXPECT_TRUE(compiles("gcc", Out)) << Out;
  // Stable whatever the order of the records.
  std::vector<ObjectRecord> Rev = callbackRecords();
  std::reverse(Rev.begin(), Rev.end());
  std::reverse(Rev[0].Callbacks.begin(), Rev[0].Callbacks.end());
  EXPECT_EQ(emit(Mechanism::Mpk, Rev), Out);
}

TEST(Callbacks, EptStubs) {
  std::string Out = emit(Mechanism::Ept, callbackRecords());
  EXPECT_TRUE(has(Out, "/* callback, any compartment -> io: net_on_rx() */\n"
                       "enum { FLEXCC_EPT_FN____flexcc_cb__net_on_rx = 1 };\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\tflexcc_ept_call(FLEXCC_COMP_io, "
                       "FLEXCC_EPT_FN____flexcc_cb__net_on_rx);\n"
                       "\treturn __s->ret;\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\t__s->ret = net_on_rx(__s->a0, __s->a1);\n")) << Out;
  EXPECT_TRUE(has(Out, "\t__flexcc_cbref__0badcafe__on_close();\n")) << Out;
  EXPECT_TRUE(has(Out, "\t[FLEXCC_EPT_FN____flexcc_cb__0badcafe__on_close] = "
                       "{ FLEXCC_COMP_main, \"on_close\", "
                       "__flexcc_ept_serve____flexcc_cb__0badcafe__on_close,\n"
                       "\t\tsizeof(struct __flexcc_ept_args____flexcc_cb__"
                       "0badcafe__on_close) },\n"))
      << Out;
  EXPECT_TRUE(has(Out, "\t[FLEXCC_EPT_FN____flexcc_cb__net_on_rx] = "
                       "{ FLEXCC_COMP_io, \"net_on_rx\", "))
      << Out;
  EXPECT_TRUE(compiles("clang", Out)) << Out;
  EXPECT_TRUE(compiles("gcc", Out)) << Out;
}

TEST(Callbacks, NoneHasNoCallbackStubs) {
  std::string Out = emit(Mechanism::None, callbackRecords());
  EXPECT_FALSE(has(Out, "__flexcc_cb__")) << Out;
}

TEST(Callbacks, CheckGateRecords) {
  EXPECT_FALSE(bool(backends::checkGateRecords(callbackRecords())));

  // No object defines the function: its home is unknown.
  std::vector<ObjectRecord> Recs = callbackRecords();
  Recs[0].Defines.clear();
  llvm::Error E = backends::checkGateRecords(Recs);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "/v/app/main.c:3:7: error: no object of the image defines callback "
            "'net_on_rx', so its home compartment is unknown; link the object "
            "that defines it [callbacks]");

  // Two prototypes for one stub.
  Recs = callbackRecords();
  CallbackRecord Other = Recs[1].Callbacks[0];
  Other.ParamTypes = {"int"};
  Other.File = "/v/app/other.c";
  Recs[1].Callbacks.push_back(Other);
  E = backends::checkGateRecords(Recs);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(llvm::toString(std::move(E)),
            "/v/app/other.c:3:7: error: conflicting prototypes for callback "
            "'net_on_rx': 'long (int)' here, 'long (void *, unsigned long)' at "
            "/v/app/main.c:3:7 [callbacks]");
}
