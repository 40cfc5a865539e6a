//===--- stub_emitter_test.cpp - the per-image generated C file -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// emitImageFile() under each mechanism on a mix of gates (void and
// zero-argument, many arguments, pointers, floating point, by-value structs
// that contain structs, struct results): key parts of the text, stable
// output, and that the file compiles warning-free with clang and gcc given
// only the runtime's include directory. checkGateRecords() on conflicting
// records.
//
//===----------------------------------------------------------------------===//
#include "backends/StubEmitter.h"
#include "backends/mpk/MpkStubEmitter.h"
#include "flexcc/Config.h"
#include "rewriters/GateRecord.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace flexcc;
using namespace flexcc::rewriters;

namespace {

const char *PointName = "struct __flexcc_t_1111111111111111";
const char *RectName = "struct __flexcc_t_0000000000000000";

Config makeConfig(Mechanism M) {
  Config C;
  C.Path = "/work/kv/kvstore.yaml";
  C.Dir = "/work/kv";
  C.Image = "kvstore";
  C.Mech = M;
  C.Share = Sharing::Dss;
  const char *Libs[][2] = {{"app", "trusted"}, {"net", "net"}, {"vfs", "fs"}};
  for (auto &L : Libs) {
    Library Lib;
    Lib.Name = L[0];
    Lib.Sources = {std::string(L[0]) + "/*.c"};
    Lib.Compartment = L[1];
    C.Libraries.push_back(Lib);
  }
  const char *Comps[] = {"trusted", "net", "fs"};
  for (unsigned I = 0; I != 3; ++I) {
    Compartment Comp;
    Comp.Name = Comps[I];
    Comp.Index = I;
    Comp.IsDefault = I == 0;
    Comp.Libraries = {Libs[I][0]};
    C.Compartments.push_back(Comp);
  }
  return C;
}

GateRecord gate(const std::string &From, const std::string &To,
                const std::string &Lib, const std::string &Callee,
                const std::string &Ret, std::vector<std::string> Params,
                std::vector<std::string> Types = {}) {
  GateRecord G;
  G.FromCompartment = From;
  G.ToCompartment = To;
  G.ToLibrary = Lib;
  G.Callee = Callee;
  G.StubName = "__flexcc_gate__" + From + "__" + To + "__" + Callee;
  G.ReturnType = Ret;
  G.ParamTypes = std::move(Params);
  G.Types = std::move(Types);
  G.File = "/work/kv/" + From + ".c";
  G.Line = 10;
  G.Column = 5;
  return G;
}

AbiType pointType() {
  return AbiType{PointName,
                 std::string(PointName) +
                     " {\n\tint x;\n\tdouble y;\n};\n"
                     "_Static_assert(sizeof(" +
                     PointName +
                     ") == 16, \"flexcc: layout of 'struct point'\");\n",
                 {}};
}

// Named so that it sorts before the point type it needs.
AbiType rectType() {
  return AbiType{RectName,
                 std::string(RectName) + " {\n\t" + PointName + " a;\n\t" +
                     PointName +
                     " b;\n};\n"
                     "_Static_assert(sizeof(" +
                     RectName + ") == 32, \"flexcc: layout of 'struct rect'\");\n",
                 {PointName}};
}

std::vector<ObjectRecord> makeRecords() {
  ObjectRecord App;
  App.Source = "/work/kv/app/main.c";
  App.Library = "app";
  App.Compartment = "trusted";
  App.Defines = {"main", "on_event"};
  App.Gates = {
      gate("trusted", "net", "net", "recv", "int",
           {"int", "void *", "unsigned long", "int"}),
      gate("trusted", "fs", "vfs", "vfs_sync", "void", {}),
      gate("trusted", "net", "net", "net_stats", "long", {}),
      gate("trusted", "fs", "vfs", "vfs_log", "void", {"void *", "int"}),
      gate("trusted", "net", "net", "mix", "double",
           {"int", "long", "void *", "double", "float", "unsigned char",
            "short", "long long", "_Bool"}),
      gate("trusted", "fs", "vfs", "rect_area", "double", {RectName, "float"},
           {RectName}),
      gate("trusted", "fs", "vfs", "make_rect", RectName,
           {PointName, PointName}, {RectName, PointName}),
  };
  App.Types = {rectType(), pointType()};

  ObjectRecord Net;
  Net.Source = "/work/kv/net/net.c";
  Net.Library = "net";
  Net.Compartment = "net";
  Net.Defines = {"recv", "net_stats", "mix"};
  Net.Gates = {
      gate("net", "trusted", "app", "on_event", "void", {"int"}),
      gate("net", "fs", "vfs", "make_rect", RectName, {PointName, PointName},
           {RectName}),
  };
  Net.Types = {rectType(), pointType()};

  // A second TU of app with gates the first has too (same stubs).
  ObjectRecord App2;
  App2.Source = "/work/kv/app/more.c";
  App2.Library = "app";
  App2.Compartment = "trusted";
  App2.Gates = {gate("trusted", "net", "net", "recv", "int",
                     {"int", "void *", "unsigned long", "int"})};
  App2.Gates[0].File = "/work/kv/app/more.c";
  App2.Gates[0].Line = 3;
  return {App, Net, App2};
}

std::string emit(Mechanism M, const std::vector<ObjectRecord> &Records) {
  Config Cfg = makeConfig(M);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  backends::emitImageFile(Cfg, Records, "kvstore.yaml", OS);
  return OS.str();
}

size_t count(const std::string &Haystack, const std::string &Needle) {
  size_t N = 0;
  for (size_t Pos = Haystack.find(Needle); Pos != std::string::npos;
       Pos = Haystack.find(Needle, Pos + 1))
    ++N;
  return N;
}

/// Compiles \p Text with \p Compiler (syntax only, warnings as errors);
/// returns its exit status, or -1 if the compiler is not installed. A failure
/// keeps the input and fails the test unless \p ExpectFailure.
int compile(const std::string &Compiler, const std::string &Text,
            const std::string &Tag, bool ExpectFailure = false) {
  if (std::system(("command -v " + Compiler + " >/dev/null 2>&1").c_str()) != 0)
    return -1;
  llvm::SmallString<128> Path;
  if (llvm::sys::fs::createTemporaryFile("flexcc-" + Tag, "c", Path))
    return -2;
  {
    std::ofstream F(Path.c_str(), std::ios::binary);
    F << Text;
  }
  std::string Cmd = Compiler +
                    " -fsyntax-only -std=c11 -Wall -Wextra -Werror -I'" +
                    FLEXCC_SOURCE_DIR + "/runtime/include' '" + Path.str().str() +
                    "'";
  if (ExpectFailure)
    Cmd += " 2>/dev/null";
  int Status = std::system(Cmd.c_str());
  if (Status == 0 || ExpectFailure)
    llvm::sys::fs::remove(Path);
  else
    ADD_FAILURE() << Cmd << " failed; input kept in " << Path.str().str();
  return Status;
}

void expectCompiles(const std::string &Text, const std::string &Tag) {
  EXPECT_EQ(compile("clang", Text, Tag), 0);
  int Gcc = compile("gcc", Text, Tag);
  EXPECT_TRUE(Gcc == 0 || Gcc == -1) << "gcc status " << Gcc;
}

/// The asm statement that defines \p Name (a gate in assembly), or "".
std::string asmGate(const std::string &Out, const std::string &Name) {
  size_t Label = Out.find("\t\"" + Name + ":\\n\"\n");
  if (Label == std::string::npos)
    return "";
  size_t Start = Out.rfind("__asm__(", Label);
  return Out.substr(Start, Out.find("\n);\n", Label) + 1 - Start);
}

/// The instructions of an asm statement, one per element, without the
/// quotes and the escaped newline.
std::vector<std::string> asmLines(const std::string &Asm) {
  std::vector<std::string> Lines;
  size_t At = 0;
  while ((At = Asm.find("\t\"", At)) != std::string::npos) {
    size_t End = Asm.find("\\n\"\n", At);
    std::string L = Asm.substr(At + 2, End - At - 2);
    while (!L.empty() && L[0] == '\t')
      L.erase(0, 1);
    Lines.push_back(L);
    At = End;
  }
  return Lines;
}

} // namespace

TEST(StubEmitter, CommonPart) {
  std::string Out = emit(Mechanism::Mpk, makeRecords());
  EXPECT_EQ(Out.rfind("/* Generated by flexcc from kvstore.yaml; edits will be "
                      "lost. */\n",
                      0),
            0u);
  EXPECT_NE(Out.find("mechanism mpk, sharing dss"), std::string::npos);
  EXPECT_NE(Out.find("#include <flexcc/backend.h>\n"), std::string::npos);
  EXPECT_NE(Out.find("enum {\n\tFLEXCC_COMP_trusted = 0,\n\tFLEXCC_COMP_net = "
                     "1,\n\tFLEXCC_COMP_fs = 2,\n};\n"),
            std::string::npos);
  EXPECT_NE(Out.find("#define FLEXCC_NR_COMPARTMENTS 3\n"), std::string::npos);

  // Types once each, the needed one first although its name sorts last.
  EXPECT_EQ(count(Out, std::string(PointName) + " {"), 1u);
  EXPECT_EQ(count(Out, std::string(RectName) + " {"), 1u);
  EXPECT_LT(Out.find(std::string(PointName) + " {"),
            Out.find(std::string(RectName) + " {"));

  // Callees once each, canonical form, sorted.
  EXPECT_EQ(count(Out, "extern int recv(int, void *, unsigned long, int);\n"), 1u);
  EXPECT_NE(Out.find("extern void vfs_sync(void);\n"), std::string::npos);
  EXPECT_NE(Out.find("extern long net_stats(void);\n"), std::string::npos);
  EXPECT_NE(Out.find("extern double mix(int, long, void *, double, float, "
                     "unsigned char, short, long long, _Bool);\n"),
            std::string::npos);
  EXPECT_EQ(count(Out, std::string("extern ") + RectName + " make_rect(" +
                           PointName + ", " + PointName + ");\n"),
            1u);
  EXPECT_LT(Out.find("extern void on_event("), Out.find("extern int recv("));
  // Declarations come before the stubs.
  EXPECT_LT(Out.find("extern int recv("), Out.find("int __flexcc_gate__"));
}

TEST(StubEmitter, Mpk) {
  std::string Out = emit(Mechanism::Mpk, makeRecords());
  // Compartment indices: trusted 0, net 1, fs 2; key = index + 2.
  EXPECT_NE(Out.find("/* trusted: PKRU 0xffffffcc, in a gate 0xffffffc0 */"),
            std::string::npos)
      << Out;
  // recv's arguments all travel in registers: the stub is a gate in
  // assembly that calls recv itself.
  std::string Recv = asmGate(Out, "__flexcc_gate__trusted__net__recv");
  ASSERT_FALSE(Recv.empty()) << Out;
  EXPECT_NE(Out.find("int __flexcc_gate__trusted__net__recv(int, void *, "
                     "unsigned long, int);\n__asm__("),
            std::string::npos);
  EXPECT_NE(Recv.find("call recv@PLT"), std::string::npos) << Recv;
  EXPECT_NE(Recv.find("movl $0xffffff3c, %eax"), std::string::npos); // net
  EXPECT_NE(Recv.find("movl $0xffffffc0, %eax"), std::string::npos); // gate
  EXPECT_NE(Recv.find("movl $0xffffffcc, %eax"), std::string::npos); // back
  EXPECT_NE(Recv.find(".pushsection flexcc_mpk_gates"), std::string::npos);
  // vfs_sync takes nothing: every argument register is cleared.
  std::string Sync = asmGate(Out, "__flexcc_gate__trusted__fs__vfs_sync");
  ASSERT_FALSE(Sync.empty()) << Out;
  std::vector<std::string> L = asmLines(Sync);
  size_t Call = std::find(L.begin(), L.end(), "call vfs_sync@PLT") - L.begin();
  ASSERT_LT(Call, L.size());
  for (const char *R : {"%ebx", "%ebp", "%r12d", "%r13d", "%r14d", "%r15d",
                        "%edi", "%esi", "%r8d", "%r9d", "%r10d", "%r11d"})
    EXPECT_NE(std::find(L.begin(), L.begin() + Call,
                        std::string("xorl ") + R + ", " + R),
              L.begin() + Call)
        << R;
  EXPECT_EQ(L[Call - 1], "vzeroall");
  EXPECT_EQ(L[L.size() - 1], ".popsection");
  // A prototype with memory arguments (structures, nine arguments) goes
  // through a structure in the bounce buffer and a thunk.
  EXPECT_NE(Out.find(std::string(RectName) +
                     " __flexcc_gate__trusted__fs__make_rect(" + PointName +
                     " __a0, " + PointName + " __a1)\n"),
            std::string::npos);
  EXPECT_NE(Out.find("\t__p->r = make_rect(__p->a0, __p->a1);\n"),
            std::string::npos);
  EXPECT_NE(Out.find("\t__p->r = mix(__p->a0, __p->a1, __p->a2, __p->a3, "
                     "__p->a4, __p->a5, __p->a6, __p->a7, __p->a8);\n"),
            std::string::npos);
  EXPECT_FALSE(
      asmGate(Out, "__flexcc_gate__trusted__net__mix__enter").empty());
  EXPECT_NE(Out.find("call __flexcc_gate__trusted__net__mix__thunk@PLT"),
            std::string::npos);
  // A gate from net (1) to trusted (0).
  std::string Event = asmGate(Out, "__flexcc_gate__net__trusted__on_event");
  EXPECT_NE(Event.find("movl $0xffffff30, %eax"), std::string::npos) << Event;
  EXPECT_NE(Event.find("movl $0xffffffcc, %eax"), std::string::npos);
  // Every WRPKRU writes an immediate and is checked against it (ERIM).
  for (const std::string &Name :
       {std::string("__flexcc_gate__trusted__net__recv"),
        std::string("__flexcc_gate__trusted__fs__vfs_sync"),
        std::string("__flexcc_main_entry")}) {
    std::vector<std::string> G = asmLines(asmGate(Out, Name));
    unsigned Writes = 0;
    for (size_t I = 0; I != G.size(); ++I) {
      if (G[I] != "wrpkru")
        continue;
      ++Writes;
      // movl $V, %eax, then (unless a previous WRPKRU of the gate left
      // them zero) the clearing of ecx and edx.
      ASSERT_GE(I, 1u);
      ASSERT_LT(I + 2, G.size());
      size_t Mov = G[I - 1].rfind("movl $", 0) == 0 ? I - 1 : I - 3;
      if (Mov == I - 3) {
        EXPECT_EQ(G[I - 2], "xorl %ecx, %ecx") << Name;
        EXPECT_EQ(G[I - 1], "xorl %edx, %edx") << Name;
      }
      std::string Value = G[Mov].substr(5, G[Mov].find(',') - 5);
      EXPECT_EQ(G[Mov], "movl " + Value + ", %eax") << Name;
      EXPECT_EQ(G[I + 1], "cmpl " + Value + ", %eax") << Name;
      EXPECT_EQ(G[I + 2].rfind("jne ", 0), 0u) << Name;
    }
    EXPECT_EQ(Writes, Name == "__flexcc_main_entry" ? 1u : 4u) << Name;
  }
  // One definition per stub, sorted by stub name: in assembly (a label) or
  // in C (a function).
  std::vector<std::string> Stubs = {
      "__flexcc_gate__net__fs__make_rect",     "__flexcc_gate__net__trusted__on_event",
      "__flexcc_gate__trusted__fs__make_rect", "__flexcc_gate__trusted__fs__rect_area",
      "__flexcc_gate__trusted__fs__vfs_log",   "__flexcc_gate__trusted__fs__vfs_sync",
      "__flexcc_gate__trusted__net__mix",      "__flexcc_gate__trusted__net__net_stats",
      "__flexcc_gate__trusted__net__recv"};
  size_t Last = 0;
  for (const std::string &S : Stubs) {
    unsigned Defs = count(Out, "\t\"" + S + ":\\n\"\n") +
                    count(Out, " " + S + "(") - 1; // C: declaration, definition
    EXPECT_EQ(Defs, 1u) << S;
    size_t Pos = Out.find(" " + S + "(");
    EXPECT_GT(Pos, Last) << S;
    Last = Pos;
  }
  EXPECT_EQ(Out.find("no gate crosses"), std::string::npos);
  expectCompiles(Out, "mpk");
}

TEST(StubEmitter, MpkPkruValues) {
  // As FLEXCC_MPK_PKRU and FLEXCC_MPK_PKRU_GATE in flexcc/backend.h: keys 0
  // and i + 2 open (in a gate, key 1 too), the rest closed.
  for (unsigned I = 0; I != backends::MpkMaxCompartments; ++I) {
    unsigned Own = 3u << (2 * I + 4);
    EXPECT_EQ(backends::mpkPkru(I, false), 0xfffffffcu & ~Own);
    EXPECT_EQ(backends::mpkPkru(I, true), 0xfffffff0u & ~Own);
  }
  EXPECT_EQ(backends::mpkPkru(13, false), 0x3ffffffcu);
}

TEST(StubEmitter, Ept) {
  std::string Out = emit(Mechanism::Ept, makeRecords());
  const std::string Recv = "__flexcc_gate__trusted__net__recv";
  EXPECT_NE(Out.find("enum { FLEXCC_EPT_FN__" + Recv + " = 8 };\n"),
            std::string::npos);
  EXPECT_NE(Out.find("enum { FLEXCC_EPT_FN____flexcc_gate__net__fs__make_rect "
                     "= 0 };\n"),
            std::string::npos);
  EXPECT_NE(Out.find("struct __flexcc_ept_args__" + Recv +
                     " {\n\tint a0;\n\tvoid *a1;\n\tunsigned long a2;\n\tint "
                     "a3;\n\tint ret;\n};\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("_Static_assert(sizeof(struct __flexcc_ept_args__" + Recv +
                     ") <= FLEXCC_EPT_SLOT_SIZE,"),
            std::string::npos);
  EXPECT_NE(Out.find("int " + Recv +
                     "(int __a0, void *__a1, unsigned long __a2, int __a3)\n{\n"
                     "\tstruct __flexcc_ept_args__" + Recv +
                     " *__s = flexcc_ept_slot();\n\n"
                     "\t__s->a0 = __a0;\n\t__s->a1 = __a1;\n\t__s->a2 = __a2;\n"
                     "\t__s->a3 = __a3;\n"
                     "\tflexcc_ept_call(FLEXCC_COMP_net, FLEXCC_EPT_FN__" + Recv +
                     ");\n\treturn __s->ret;\n}\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("static void __flexcc_ept_serve__" + Recv +
                     "(void *__slot)\n{\n\tstruct __flexcc_ept_args__" + Recv +
                     " *__s = __slot;\n\n\t__s->ret = recv(__s->a0, __s->a1, "
                     "__s->a2, __s->a3);\n}\n"),
            std::string::npos)
      << Out;
  // Void and no parameter: a dummy member, nothing copied.
  EXPECT_NE(Out.find("struct __flexcc_ept_args____flexcc_gate__trusted__fs__"
                     "vfs_sync {\n\tchar unused;\n};\n"),
            std::string::npos);
  EXPECT_NE(Out.find("void __flexcc_gate__trusted__fs__vfs_sync(void)\n{\n"
                     "\tflexcc_ept_call(FLEXCC_COMP_fs, FLEXCC_EPT_FN____flexcc_"
                     "gate__trusted__fs__vfs_sync);\n}\n"),
            std::string::npos)
      << Out;
  // Void with parameters: no ret member.
  EXPECT_NE(Out.find("struct __flexcc_ept_args____flexcc_gate__net__trusted__"
                     "on_event {\n\tint a0;\n};\n"),
            std::string::npos);
  // No parameter, a result.
  EXPECT_NE(Out.find("struct __flexcc_ept_args____flexcc_gate__trusted__net__"
                     "net_stats {\n\tlong ret;\n};\n"),
            std::string::npos);
  // Entry table in stub order.
  EXPECT_NE(Out.find("const struct flexcc_ept_entry __flexcc_ept_entries[] = {\n"
                     "\t[FLEXCC_EPT_FN____flexcc_gate__net__fs__make_rect] = { "
                     "FLEXCC_COMP_fs, \"make_rect\", "
                     "__flexcc_ept_serve____flexcc_gate__net__fs__make_rect,\n"
                     "\t\tsizeof(struct __flexcc_ept_args____flexcc_gate__net__"
                     "fs__make_rect) },\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("\t[FLEXCC_EPT_FN__" + Recv + "] = { FLEXCC_COMP_net, "
                     "\"recv\", __flexcc_ept_serve__" + Recv + ",\n\t\tsizeof("
                     "struct __flexcc_ept_args__" + Recv + ") },\n};\n"),
            std::string::npos);
  EXPECT_NE(Out.find("const unsigned __flexcc_ept_nr_entries ="),
            std::string::npos);
  expectCompiles(Out, "ept");
}

TEST(StubEmitter, EptTooBigForSlotFailsToCompile) {
  std::vector<ObjectRecord> Records(1);
  Records[0].Compartment = "trusted";
  AbiType Big{"struct __flexcc_t_2222222222222222",
              "struct __flexcc_t_2222222222222222 {\n\tchar b[5000];\n};\n",
              {}};
  Records[0].Types = {Big};
  Records[0].Gates = {gate("trusted", "net", "net", "big", "int", {Big.Name},
                           {Big.Name})};
  std::string Out = emit(Mechanism::Ept, Records);
  EXPECT_NE(Out.find("do not fit in an ept RPC slot"), std::string::npos);
  EXPECT_GT(compile("clang", Out, "ept-big", /*ExpectFailure=*/true), 0);
}

TEST(StubEmitter, NoneHasNoStubs) {
  std::string Out = emit(Mechanism::None, makeRecords());
  EXPECT_EQ(Out.rfind("/* Generated by flexcc from kvstore.yaml; edits will be "
                      "lost. */\n",
                      0),
            0u);
  EXPECT_NE(Out.find("mechanism none"), std::string::npos);
  EXPECT_NE(Out.find("#include <flexcc/backend.h>\n"), std::string::npos);
  EXPECT_NE(Out.find("FLEXCC_COMP_fs = 2,"), std::string::npos);
  EXPECT_NE(Out.find("#define FLEXCC_NR_COMPARTMENTS 3\n"), std::string::npos);
  EXPECT_NE(Out.find("/* no gate crosses a compartment boundary */"),
            std::string::npos);
  EXPECT_EQ(Out.find("__flexcc_gate__"), std::string::npos);
  EXPECT_EQ(Out.find("extern"), std::string::npos);
  expectCompiles(Out, "none");
}

TEST(StubEmitter, NoCrossingGates) {
  std::vector<ObjectRecord> Records(1);
  Records[0].Compartment = "trusted";
  std::string Mpk = emit(Mechanism::Mpk, Records);
  EXPECT_NE(Mpk.find("no gate crosses a compartment boundary"), std::string::npos);
  expectCompiles(Mpk, "mpk-empty");
  std::string Ept = emit(Mechanism::Ept, Records);
  EXPECT_NE(Ept.find("const unsigned __flexcc_ept_nr_entries = 0;"),
            std::string::npos);
  expectCompiles(Ept, "ept-empty");
}

TEST(StubEmitter, Deterministic) {
  std::vector<ObjectRecord> A = makeRecords();
  std::vector<ObjectRecord> B = A;
  std::reverse(B.begin(), B.end());
  for (ObjectRecord &R : B) {
    std::reverse(R.Gates.begin(), R.Gates.end());
    std::reverse(R.Types.begin(), R.Types.end());
  }
  std::rotate(B.begin(), B.begin() + 1, B.end());
  for (Mechanism M : {Mechanism::None, Mechanism::Mpk, Mechanism::Ept}) {
    std::string X = emit(M, A), Y = emit(M, B);
    EXPECT_EQ(X, Y);
    EXPECT_EQ(X, emit(M, A));
  }
}

TEST(StubEmitter, CommentSafeBanner) {
  Config Cfg = makeConfig(Mechanism::None);
  Cfg.Image = "a*/b";
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  backends::emitImageFile(Cfg, {}, "dir/*/x\n.yaml", OS);
  OS.flush();
  EXPECT_EQ(Out.rfind("/* Generated by flexcc from dir/ * /x .yaml; edits will "
                      "be lost. */\n",
                      0),
            0u)
      << Out;
  EXPECT_EQ(count(Out, "*/"), count(Out, "/*")) << Out;
}

TEST(StubEmitter, CheckGateRecords) {
  EXPECT_FALSE(static_cast<bool>(backends::checkGateRecords(makeRecords())));

  std::vector<ObjectRecord> Records = makeRecords();
  GateRecord Bad = gate("fs", "net", "net", "recv", "long", {"int"});
  Bad.File = "/work/kv/vfs/v.c";
  Bad.Line = 7;
  Bad.Column = 3;
  Records[1].Gates.push_back(Bad);
  Records[1].Gates.push_back(gate("net", "fs", "vfs", "uses_missing", "void",
                                  {"struct __flexcc_t_9999999999999999"},
                                  {"struct __flexcc_t_9999999999999999"}));
  llvm::Error E = backends::checkGateRecords(Records);
  ASSERT_TRUE(static_cast<bool>(E));
  std::string Msg = llvm::toString(std::move(E));
  EXPECT_NE(Msg.find("/work/kv/vfs/v.c:7:3: error: conflicting prototypes for "
                     "gate target 'recv': 'long (int)' here, 'int (int, void *, "
                     "unsigned long, int)' at /work/kv/app/more.c:3:5"),
            std::string::npos)
      << Msg;
  EXPECT_NE(Msg.find("/work/kv/net.c:10:5: error: no definition of ABI type "
                     "'struct __flexcc_t_9999999999999999' used by the gate to "
                     "'uses_missing'"),
            std::string::npos)
      << Msg;

  // Same name, two definitions.
  Records = makeRecords();
  Records[1].Types[0].Definition += "/* different */\n";
  E = backends::checkGateRecords(Records);
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_NE(llvm::toString(std::move(E))
                .find("flexcc: error: conflicting definitions of ABI type '" +
                      std::string(RectName) + "'"),
            std::string::npos);
}

TEST(StubEmitter, CopySharingConflictsAndOrder) {
  using Dir = flexcc::rewriters::CopySpec::Direction;
  // Two translation units that saw different annotations on recv().
  std::vector<ObjectRecord> Records = makeRecords();
  for (GateRecord &G : Records[0].Gates)
    if (G.Callee == "recv")
      G.Copies = {{1, Dir::Out, "(unsigned long)__a2", "buf"}};
  llvm::Error E = backends::checkGateRecords(Records);
  ASSERT_TRUE(static_cast<bool>(E));
  std::string Msg = llvm::toString(std::move(E));
  EXPECT_NE(Msg.find("conflicting copy-sharing annotations for gate target "
                     "'recv': 'int (int, void * __flexos_out((unsigned "
                     "long)__a2), unsigned long, int)' here, 'int (int, void *, "
                     "unsigned long, int)' at /work/kv/app/more.c:3:5; every "
                     "file must see the same declaration"),
            std::string::npos)
      << Msg;

  // Agreeing annotations: the stubs copy in the caller's compartment,
  // before entering and after leaving, and pass the copy.
  Records[2].Gates[0].Copies = Records[0].Gates[0].Copies;
  for (GateRecord &G : Records[0].Gates)
    if (G.Callee == "recv")
      Records[2].Gates[0].Copies = G.Copies;
  ASSERT_FALSE(static_cast<bool>(backends::checkGateRecords(Records)));
  std::string Mpk = emit(Mechanism::Mpk, Records);
  size_t Stub = Mpk.find("int __flexcc_gate__trusted__net__recv(int __a0, void *__a1");
  ASSERT_NE(Stub, std::string::npos) << Mpk;
  std::string Body = Mpk.substr(Stub, Mpk.find("\n}\n", Stub) - Stub);
  std::vector<std::string> InOrder = {
      "{ \"recv\", 2, \"buf\" }",
      "unsigned long __m = flexcc_bounce_mark();",
      "unsigned long __n1 = __a1 ? (unsigned long)__a2 : 0;",
      "void *__b1 = flexcc_bounce_out(__a1, __n1, &__site[0]);",
      "__r = __flexcc_gate__trusted__net__recv__enter(__a0, __b1, __a2, __a3);",
      "flexcc_bounce_back(__a1, __b1, __n1);",
      "flexcc_bounce_release(__m);",
      "return __r;"};
  size_t At = 0;
  for (const std::string &Line : InOrder) {
    size_t Found = Body.find(Line, At);
    ASSERT_NE(Found, std::string::npos) << "'" << Line << "' in order in:\n"
                                        << Body;
    At = Found + Line.size();
  }
  std::string Ept = emit(Mechanism::Ept, Records);
  EXPECT_NE(Ept.find("\t__s->a1 = __b1;\n"), std::string::npos) << Ept;
  EXPECT_NE(Ept.find("\tflexcc_bounce_back(__a1, __b1, __n1);\n"
                     "\tflexcc_bounce_release(__m);\n\treturn __s->ret;"),
            std::string::npos)
      << Ept;
}
