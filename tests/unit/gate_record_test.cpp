//===--- gate_record_test.cpp - ObjectRecord's text form ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// ObjectRecord::serialize() and parse(): round trips of awkward contents,
// the format's guarantees (no NUL, printable ASCII), precise errors, and no
// crash on truncated or corrupted input.
//
//===----------------------------------------------------------------------===//
#include "rewriters/GateRecord.h"
#include "gtest/gtest.h"
#include <random>

using namespace flexcc::rewriters;

namespace {

// What the rewriter gives for a by-value struct with a nested struct.
const char *PointDef =
    "struct __flexcc_t_0123456789abcdef {\n"
    "\tint x;\n"
    "\tdouble y;\n"
    "};\n"
    "_Static_assert(sizeof(struct __flexcc_t_0123456789abcdef) == 16, "
    "\"flexcc: layout of 'struct point'\");\n";

ObjectRecord richRecord() {
  ObjectRecord R;
  R.Source = "/home/u/my project/src/app \\ net\t\xc3\xa9t\xc3\xa9.c";
  R.Library = "app";
  R.Compartment = "trusted";
  R.Language = "c++";
  R.Defines = {"main", "on_event", "", "with space"};
  GateTarget T1{"net", "", "recv", "/src/a b.c", 12, 9};
  GateTarget T2{"", "io", "printf", "", 0, 0};
  GateTarget T3{"net", "", "odd\nname", "C:\\x\\y.c", 4294967295u, 1};
  R.Targets = {T1, T2, T3};

  AbiType Point{"struct __flexcc_t_0123456789abcdef", PointDef, {}};
  AbiType Rect{"struct __flexcc_t_fedcba9876543210",
               "struct __flexcc_t_fedcba9876543210 {\n"
               "\tstruct __flexcc_t_0123456789abcdef a, b;\n"
               "};\n",
               {"struct __flexcc_t_0123456789abcdef",
                "struct __flexcc_t_0123456789abcdef"}};
  AbiType Weird{"", std::string("nul\0byte\x01\x7f\xff\r\n", 14), {"", "x"}};
  R.Types = {Point, Rect, Weird};

  GateRecord G1;
  G1.FromCompartment = "trusted";
  G1.ToCompartment = "net";
  G1.ToLibrary = "net";
  G1.Callee = "recv";
  G1.StubName = "__flexcc_gate__trusted__net__recv";
  G1.ReturnType = "int";
  G1.ParamTypes = {"int", "void *", "unsigned long", "int"};
  G1.File = "/src/a b.c";
  G1.Line = 12;
  G1.Column = 9;
  CopySpec Out{1, CopySpec::Direction::Out, "(unsigned long)__a2", "buf"};
  G1.Copies = {Out};

  GateRecord G2 = G1;
  G2.Copies.clear();
  G2.Callee = "sync";
  G2.StubName = "__flexcc_gate__trusted__net__sync";
  G2.ReturnType = "void";
  G2.ParamTypes.clear();
  G2.Line = 0;
  G2.Column = 0;

  GateRecord G3 = G1;
  G3.Callee = "area";
  G3.StubName = "__flexcc_gate__trusted__net__area";
  G3.ReturnType = "struct __flexcc_t_fedcba9876543210";
  G3.ParamTypes = {"struct __flexcc_t_fedcba9876543210", "double", "float",
                   "long long", "_Bool", "unsigned char", "short", ""};
  G3.Types = {"struct __flexcc_t_fedcba9876543210", ""};

  GateRecord G4; // Everything empty.
  R.Gates = {G1, G2, G3, G4};

  CallbackRecord C1; // External linkage: home found at link time.
  C1.Callee = "on_event";
  C1.StubName = "__flexcc_cb__on_event";
  C1.ReturnType = "int";
  C1.ParamTypes = {"int", "void *"};
  C1.File = "/src/a b.c";
  C1.Line = 7;
  C1.Column = 30;
  CallbackRecord C2; // Static: home and reference set by its TU.
  C2.Home = "trusted";
  C2.Callee = "on\tclose";
  C2.StubName = "__flexcc_cb__0badcafe__on_close";
  C2.Ref = "__flexcc_cbref__0badcafe__on_close";
  C2.ReturnType = "struct __flexcc_t_fedcba9876543210";
  C2.Types = {"struct __flexcc_t_fedcba9876543210"};
  C1.Copies = {{1, CopySpec::Direction::String, "", ""}};
  R.Callbacks = {C1, C2};
  return R;
}

void expectEqual(const ObjectRecord &A, const ObjectRecord &B) {
  EXPECT_EQ(A.Source, B.Source);
  EXPECT_EQ(A.Library, B.Library);
  EXPECT_EQ(A.Compartment, B.Compartment);
  EXPECT_EQ(A.Language, B.Language);
  EXPECT_EQ(A.Defines, B.Defines);
  ASSERT_EQ(A.Targets.size(), B.Targets.size());
  for (size_t I = 0; I != A.Targets.size(); ++I) {
    const GateTarget &X = A.Targets[I], &Y = B.Targets[I];
    EXPECT_EQ(X.ToLibrary, Y.ToLibrary);
    EXPECT_EQ(X.ToCompartment, Y.ToCompartment);
    EXPECT_EQ(X.Callee, Y.Callee);
    EXPECT_EQ(X.File, Y.File);
    EXPECT_EQ(X.Line, Y.Line);
    EXPECT_EQ(X.Column, Y.Column);
  }
  ASSERT_EQ(A.Types.size(), B.Types.size());
  for (size_t I = 0; I != A.Types.size(); ++I) {
    EXPECT_EQ(A.Types[I].Name, B.Types[I].Name);
    EXPECT_EQ(A.Types[I].Definition, B.Types[I].Definition);
    EXPECT_EQ(A.Types[I].Needs, B.Types[I].Needs);
  }
  ASSERT_EQ(A.Gates.size(), B.Gates.size());
  for (size_t I = 0; I != A.Gates.size(); ++I) {
    const GateRecord &X = A.Gates[I], &Y = B.Gates[I];
    EXPECT_EQ(X.FromCompartment, Y.FromCompartment);
    EXPECT_EQ(X.ToCompartment, Y.ToCompartment);
    EXPECT_EQ(X.ToLibrary, Y.ToLibrary);
    EXPECT_EQ(X.Callee, Y.Callee);
    EXPECT_EQ(X.StubName, Y.StubName);
    EXPECT_EQ(X.ReturnType, Y.ReturnType);
    EXPECT_EQ(X.ParamTypes, Y.ParamTypes);
    EXPECT_EQ(X.Types, Y.Types);
    EXPECT_EQ(X.Copies, Y.Copies);
    EXPECT_EQ(X.File, Y.File);
    EXPECT_EQ(X.Line, Y.Line);
    EXPECT_EQ(X.Column, Y.Column);
  }
  ASSERT_EQ(A.Callbacks.size(), B.Callbacks.size());
  for (size_t I = 0; I != A.Callbacks.size(); ++I) {
    const CallbackRecord &X = A.Callbacks[I], &Y = B.Callbacks[I];
    EXPECT_EQ(X.Home, Y.Home);
    EXPECT_EQ(X.Callee, Y.Callee);
    EXPECT_EQ(X.StubName, Y.StubName);
    EXPECT_EQ(X.Ref, Y.Ref);
    EXPECT_EQ(X.ReturnType, Y.ReturnType);
    EXPECT_EQ(X.ParamTypes, Y.ParamTypes);
    EXPECT_EQ(X.Types, Y.Types);
    EXPECT_EQ(X.Copies, Y.Copies);
    EXPECT_EQ(X.File, Y.File);
    EXPECT_EQ(X.Line, Y.Line);
    EXPECT_EQ(X.Column, Y.Column);
  }
}

/// parse()'s error message, or "" if it succeeded.
std::string parseError(llvm::StringRef Text) {
  llvm::Expected<ObjectRecord> R = ObjectRecord::parse(Text);
  if (R)
    return "";
  return llvm::toString(R.takeError());
}

const char *Header = "flexcc-record 1\nsource\t/a.c\nlibrary\t\ncompartment\tc\n";

} // namespace

TEST(GateRecord, RoundTripRich) {
  ObjectRecord R = richRecord();
  std::string Text = R.serialize();
  llvm::Expected<ObjectRecord> Back = ObjectRecord::parse(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectEqual(R, *Back);
  // Serializing again gives the same text.
  EXPECT_EQ(Text, Back->serialize());
}

TEST(GateRecord, RoundTripEmpty) {
  ObjectRecord R;
  std::string Text = R.serialize();
  EXPECT_EQ(Text, "flexcc-record 1\nsource\t\nlibrary\t\ncompartment\t\nlanguage\tc\nend\n");
  llvm::Expected<ObjectRecord> Back = ObjectRecord::parse(Text);
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  expectEqual(R, *Back);
}

TEST(GateRecord, TextIsPrintableAsciiWithoutNul) {
  std::string Text = richRecord().serialize();
  EXPECT_EQ(llvm::StringRef(Text).substr(0, 16), "flexcc-record 1\n");
  for (char C : Text) {
    unsigned char U = C;
    EXPECT_TRUE(U == '\n' || U == '\t' || (U >= 0x20 && U < 0x7f))
        << "byte 0x" << std::hex << unsigned(U);
  }
  EXPECT_EQ(Text.find('\0'), std::string::npos);
  // One line per item: header, 4 fixed, 4 defines, 3 targets, 3 types,
  // 4 gates, 2 callbacks, 3 copies (two gates', a callback's), end.
  EXPECT_EQ(std::count(Text.begin(), Text.end(), '\n'),
            1 + 4 + 4 + 3 + 3 + 4 + 2 + 3 + 1);
  // Multi-line definitions stay on one line, escaped.
  EXPECT_NE(Text.find("{\\n\\tint x;\\n\\tdouble y;\\n};\\n"), std::string::npos);
  EXPECT_NE(Text.find("\\xc3\\xa9t\\xc3\\xa9.c"), std::string::npos);
  EXPECT_NE(Text.find("app \\\\ net\\t"), std::string::npos);
  EXPECT_NE(Text.find("nul\\x00byte\\x01\\x7f\\xff\\r\\n"), std::string::npos);
}

TEST(GateRecord, MissingFinalNewlineIsAccepted) {
  std::string Text = richRecord().serialize();
  Text.pop_back();
  EXPECT_EQ(parseError(Text), "");
}

TEST(GateRecord, EveryTruncationIsAnErrorOrTheWhole) {
  ObjectRecord R = richRecord();
  std::string Text = R.serialize();
  for (size_t N = 0; N <= Text.size(); ++N) {
    llvm::StringRef Prefix = llvm::StringRef(Text).take_front(N);
    llvm::Expected<ObjectRecord> P = ObjectRecord::parse(Prefix);
    if (N + 1 >= Text.size()) {
      ASSERT_TRUE(static_cast<bool>(P)) << "prefix of " << N << " bytes: "
                                        << llvm::toString(P.takeError());
      expectEqual(R, *P);
    } else {
      ASSERT_FALSE(static_cast<bool>(P)) << "prefix of " << N << " bytes parsed";
      std::string Msg = llvm::toString(P.takeError());
      EXPECT_FALSE(Msg.empty());
    }
  }
}

TEST(GateRecord, CorruptionNeverCrashes) {
  std::string Text = richRecord().serialize();
  std::mt19937 Rng(42);
  const char Interesting[] = {'\0', '\t', '\n', '\\', 'x', '0', '9', 'z',
                              '-', ' ', '\xff', '\r'};
  for (int Round = 0; Round != 4000; ++Round) {
    std::string Bad = Text;
    int Edits = 1 + Rng() % 4;
    for (int E = 0; E != Edits; ++E) {
      size_t Pos = Rng() % Bad.size();
      switch (Rng() % 3) {
      case 0:
        Bad[Pos] = Interesting[Rng() % sizeof(Interesting)];
        break;
      case 1:
        Bad.erase(Pos, 1 + Rng() % 8);
        break;
      default:
        Bad.insert(Pos, 1, static_cast<char>(Rng() % 256));
        break;
      }
      if (Bad.empty())
        Bad = "x";
    }
    llvm::Expected<ObjectRecord> P = ObjectRecord::parse(Bad);
    if (!P)
      llvm::consumeError(P.takeError());
  }
  // Arbitrary bytes.
  for (int Round = 0; Round != 2000; ++Round) {
    std::string Junk(Rng() % 64, '\0');
    for (char &C : Junk)
      C = static_cast<char>(Rng() % 256);
    if (Round % 2)
      Junk = std::string(Header) + Junk;
    llvm::Expected<ObjectRecord> P = ObjectRecord::parse(Junk);
    if (!P)
      llvm::consumeError(P.takeError());
  }
}

TEST(GateRecord, Errors) {
  EXPECT_EQ(parseError(""), "malformed flexcc record: it is empty");
  EXPECT_EQ(parseError("hello\n"),
            "not a flexcc record: it starts with 'hello', not "
            "'flexcc-record <version>'");
  EXPECT_EQ(parseError("flexcc-record 2\nend\n"),
            "unsupported flexcc record version 2 (this flexcc reads version 1)");
  EXPECT_EQ(parseError("flexcc-record x1\nend\n"),
            "malformed flexcc record: line 1: bad format version 'x1'");
  EXPECT_EQ(parseError("flexcc-record 99999999999999999999\n"),
            "malformed flexcc record: line 1: bad format version "
            "'99999999999999999999'");

  std::string H = Header;
  EXPECT_EQ(parseError(H + "target\tnet\trecv\t/a.c\t3\n"),
            "malformed flexcc record: line 5: 'target' has 5 fields, expected 7");
  EXPECT_EQ(parseError(H + "target\tnet\tio\trecv\t/a.c\t3\t4\nend\n"),
            "malformed flexcc record: line 5: a target names either a library "
            "or a compartment");
  EXPECT_EQ(parseError(H + "gate\ta\tb\n"),
            "malformed flexcc record: line 5: 'gate' has 3 fields, expected at "
            "least 11");
  EXPECT_EQ(parseError(H + "define\n"),
            "malformed flexcc record: line 5: 'define' has 1 fields, expected 2");
  EXPECT_EQ(parseError(H + "target\tnet\t\trecv\t/a.c\t3x\t4\nend\n"),
            "malformed flexcc record: line 5: bad number '3x' for the line of "
            "'target' (field 6)");
  EXPECT_EQ(parseError(H + "target\tnet\t\trecv\t/a.c\t3\t-4\nend\n"),
            "malformed flexcc record: line 5: bad number '-4' for the column of "
            "'target' (field 7)");
  EXPECT_EQ(parseError(H + "target\tnet\t\trecv\t/a.c\t3\t4294967296\nend\n"),
            "malformed flexcc record: line 5: bad number '4294967296' for the "
            "column of 'target' (field 7)");
  EXPECT_EQ(parseError(H + "gate\ta\tb\tl\tf\ts\tfile\t1\t2\tint\t3\tint\tint\nend\n"),
            "malformed flexcc record: line 5: 'gate' declares 3 parameters but "
            "only 2 fields follow");
  EXPECT_EQ(parseError(H + "gate\ta\tb\tl\tf\ts\tfile\t1\t2\tint\t\nend\n"),
            "malformed flexcc record: line 5: bad number '' for the parameter "
            "count of 'gate' (field 11)");
  EXPECT_EQ(parseError(H + "callback\t\tf\ts\n"),
            "malformed flexcc record: line 5: 'callback' has 4 fields, "
            "expected at least 10");
  EXPECT_EQ(parseError(H + "callback\t\tf\t\t\tfile\t1\t2\tint\t0\nend\n"),
            "malformed flexcc record: line 5: a callback names its function "
            "and its stub");
  EXPECT_EQ(parseError(H + "callback\tc\tf\ts\t\tfile\t1\t2\tint\t0\nend\n"),
            "malformed flexcc record: line 5: a callback has both a home and a "
            "reference, or neither");
  EXPECT_EQ(parseError(H + "callback\t\tf\ts\t\tfile\t1\t2\tint\t2\tint\nend\n"),
            "malformed flexcc record: line 5: 'callback' declares 2 parameters "
            "but only 1 fields follow");
  {
    llvm::Expected<ObjectRecord> CB = ObjectRecord::parse(
        H + "callback\t\tf\ts\t\tfile\t1\t2\tvoid\t1\tint\tT\nend\n");
    ASSERT_TRUE(static_cast<bool>(CB)) << llvm::toString(CB.takeError());
    ASSERT_EQ(CB->Callbacks.size(), 1u);
    EXPECT_EQ(CB->Callbacks[0].ParamTypes, std::vector<std::string>{"int"});
    EXPECT_EQ(CB->Callbacks[0].Types, std::vector<std::string>{"T"});
  }
  // Copies: their stub, parameter, direction and size.
  {
    std::string Gate = "gate\ta\tb\tl\tf\ts\tfile\t1\t2\tint\t2\tvoid *\tint\n";
    llvm::Expected<ObjectRecord> C = ObjectRecord::parse(
        H + Gate + "copy\ts\t0\tinout\t(unsigned long)__a1\tbuf\nend\n");
    ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
    ASSERT_EQ(C->Gates[0].Copies.size(), 1u);
    EXPECT_EQ(C->Gates[0].Copies[0].Dir, CopySpec::Direction::InOut);
    EXPECT_EQ(C->Gates[0].Copies[0].Size, "(unsigned long)__a1");
    EXPECT_EQ(C->Gates[0].Copies[0].Name, "buf");
    EXPECT_EQ(parseError(H + Gate + "copy\tt\t0\tin\t1\t\nend\n"),
              "malformed flexcc record: line 6: a copy for unknown stub 't'");
    EXPECT_EQ(parseError(H + Gate + "copy\ts\t2\tin\t1\t\nend\n"),
              "malformed flexcc record: line 6: a copy of parameter 2 of a "
              "stub with 2 parameters");
    EXPECT_EQ(parseError(H + Gate + "copy\ts\t0\tin\t1\t\n"
                             "copy\ts\t0\tout\t1\t\nend\n"),
              "malformed flexcc record: line 7: two copies of parameter 0");
    EXPECT_EQ(parseError(H + Gate + "copy\ts\t0\tsideways\t1\t\nend\n"),
              "malformed flexcc record: line 6: unknown copy direction "
              "'sideways'");
    EXPECT_EQ(parseError(H + Gate + "copy\ts\t0\tin\t\t\nend\n"),
              "malformed flexcc record: line 6: a copy has a size unless it "
              "is a string's");
    EXPECT_EQ(parseError(H + Gate + "copy\ts\t0\tstring\t1\t\nend\n"),
              "malformed flexcc record: line 6: a copy has a size unless it "
              "is a string's");
  }
  EXPECT_EQ(parseError(H + "bogus\t1\nend\n"),
            "malformed flexcc record: line 5: unknown item 'bogus'");
  EXPECT_EQ(parseError(H + "define\ta\\qb\nend\n"),
            "malformed flexcc record: line 5: unknown escape '\\q' in field 2");
  EXPECT_EQ(parseError(H + "define\tab\\\nend\n"),
            "malformed flexcc record: line 5: incomplete escape at the end of "
            "field 2");
  EXPECT_EQ(parseError(H + "define\ta\\x4\nend\n"),
            "malformed flexcc record: line 5: '\\x' needs two hex digits in "
            "field 2");
  EXPECT_EQ(parseError(H + std::string("define\ta\0b\nend\n", 12)),
            "malformed flexcc record: line 5: unescaped byte 0x00 in field 2");
  EXPECT_EQ(parseError(H + "source\t/b.c\nend\n"),
            "malformed flexcc record: line 5: duplicate 'source'");
  EXPECT_EQ(parseError(H + "end\ndefine\tf\n"),
            "malformed flexcc record: line 6: unexpected text after 'end'");
  EXPECT_EQ(parseError(H + "end\tx\n"),
            "malformed flexcc record: line 5: 'end' has 2 fields, expected 1");
  EXPECT_EQ(parseError(H + "define\tf\n"),
            "malformed flexcc record: line 5: missing 'end' (truncated record?)");
  EXPECT_EQ(parseError("flexcc-record 1\nsource\t/a.c\ncompartment\tc\nend\n"),
            "malformed flexcc record: line 4: missing 'library'");
  // Escapes decode.
  llvm::Expected<ObjectRecord> R =
      ObjectRecord::parse(H + "define\ta\\tb\\nc\\\\d\\x41\\r\nend\n");
  ASSERT_TRUE(static_cast<bool>(R)) << llvm::toString(R.takeError());
  ASSERT_EQ(R->Defines.size(), 1u);
  EXPECT_EQ(R->Defines[0], "a\tb\nc\\dA\r");
}
