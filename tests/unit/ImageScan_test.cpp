//===--- ImageScan_test.cpp - the link-time scan for PKRU writers --------===//
// SPDX-License-Identifier: Apache-2.0
//
// Small x86-64 images are assembled and linked at test time with WRPKRU,
// XRSTOR(64) and XRSTORS(64), written plainly, as raw bytes, and hidden
// across and inside other instructions; one in the gate section. Every field
// of every finding is checked, in the linked image and in the object. Also:
// look-alikes that must not be reported (LFENCE, XSAVE, CMPXCHG8B, RDRAND),
// the formatted diagnostic, the allow list, the config key, bad input that
// must give an error and never a crash, and what real glibc images hold.
//===----------------------------------------------------------------------===//
#include "backends/mpk/ImageScan.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <iostream>
#include <map>
#include <random>

using namespace flexcc;
using namespace flexcc::backends;
using llvm::StringRef;

namespace {

bool run(std::vector<std::string> Cmd, std::string *Why = nullptr) {
  auto Prog = llvm::sys::findProgramByName(Cmd[0]);
  if (!Prog) {
    if (Why)
      *Why = "no " + Cmd[0];
    return false;
  }
  std::vector<StringRef> Args(Cmd.begin(), Cmd.end());
  std::string Err;
  int RC = llvm::sys::ExecuteAndWait(*Prog, Args, /*Env=*/{},
                                     /*Redirects=*/{}, 0, 0, &Err);
  if (Why && RC)
    *Why = Err.empty() ? "exit status " + std::to_string(RC) : Err;
  return RC == 0;
}

bool writeFile(const std::string &Path, StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC)
    return false;
  OS << Text;
  return true;
}

/// The test program. Every site is marked "# SITE <name>" so that its line
/// can be found; offsets are from objdump of this very text.
const char *const Asm = R"(  .text
  .globl _start
  .type _start,@function
_start:
  xor %edi, %edi
  mov $60, %eax
  syscall
  .size _start, .-_start

  .globl f_wrpkru
  .type f_wrpkru,@function
f_wrpkru:
  nop
  wrpkru                # SITE wrpkru
  ret
  .size f_wrpkru, .-f_wrpkru

  .globl f_bytes
  .type f_bytes,@function
f_bytes:
  push %rbp
  .byte 0x0f, 0x01, 0xef  # SITE bytes
  pop %rbp
  ret
  .size f_bytes, .-f_bytes

  .globl f_across
  .type f_across,@function
f_across:
  movb $0x0f, %al       # SITE across: b0 0f, then 01 ef
  addl %ebp, %edi
  ret
  .size f_across, .-f_across

  .globl f_immediate
  .type f_immediate,@function
f_immediate:
  movl $0xef010f, %eax  # SITE immediate: b8 0f 01 ef 00
  ret
  .size f_immediate, .-f_immediate

  .globl f_xrstor
  .type f_xrstor,@function
f_xrstor:
  xrstor (%rdi)         # SITE xrstor
  xrstor64 (%rdi)       # SITE xrstor64
  xrstor 8(%rsp)        # SITE xrstor-disp
  ret
  .size f_xrstor, .-f_xrstor

  .globl f_xrstors
  .type f_xrstors,@function
f_xrstors:
  xrstors (%rdi)        # SITE xrstors
  xrstors64 (%rdi)      # SITE xrstors64
  ret
  .size f_xrstors, .-f_xrstors

  .globl f_benign
  .type f_benign,@function
f_benign:
  lfence
  xsave (%rdi)
  cmpxchg8b (%rdi)
  rdrand %eax
  mov $0xef01, %ax
  ret
  .size f_benign, .-f_benign

  .section flexcc_mpk_gates,"ax",@progbits
  .globl gate_switch
  .type gate_switch,@function
gate_switch:
  xor %ecx, %ecx
  xor %edx, %edx
  wrpkru                # SITE gate
  ret
  .size gate_switch, .-gate_switch
)";

/// Line of "# SITE <Name>" in Asm.
unsigned siteLine(StringRef Name) {
  llvm::SmallVector<StringRef, 0> Lines;
  StringRef(Asm).split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I];
    size_t At = L.find("# SITE ");
    if (At == StringRef::npos)
      continue;
    StringRef Rest = L.substr(At + 7);
    if (Rest == Name || startsWith(Rest, (Name + ":").str()))
      return unsigned(I + 1);
  }
  ADD_FAILURE() << "no site " << Name.str();
  return 0;
}

struct Expect {
  const char *Site;
  PkruKind Kind;
  const char *Symbol;
  uint64_t Offset;
  std::vector<uint8_t> Bytes;
  bool Trusted;
  const char *Section;
};

const std::vector<Expect> &expected() {
  static const std::vector<Expect> E = {
      {"wrpkru", PkruKind::Wrpkru, "f_wrpkru", 1, {0x0f, 0x01, 0xef}, false,
       ".text"},
      {"bytes", PkruKind::Wrpkru, "f_bytes", 1, {0x0f, 0x01, 0xef}, false,
       ".text"},
      {"across", PkruKind::Wrpkru, "f_across", 1, {0x0f, 0x01, 0xef}, false,
       ".text"},
      {"immediate", PkruKind::Wrpkru, "f_immediate", 1, {0x0f, 0x01, 0xef},
       false, ".text"},
      {"xrstor", PkruKind::Xrstor, "f_xrstor", 0, {0x0f, 0xae, 0x2f}, false,
       ".text"},
      {"xrstor64", PkruKind::Xrstor, "f_xrstor", 3, {0x48, 0x0f, 0xae, 0x2f},
       false, ".text"},
      {"xrstor-disp", PkruKind::Xrstor, "f_xrstor", 7, {0x0f, 0xae, 0x6c},
       false, ".text"},
      {"xrstors", PkruKind::Xrstors, "f_xrstors", 0, {0x0f, 0xc7, 0x1f}, false,
       ".text"},
      {"xrstors64", PkruKind::Xrstors, "f_xrstors", 3,
       {0x48, 0x0f, 0xc7, 0x1f}, false, ".text"},
      {"gate", PkruKind::Wrpkru, "gate_switch", 4, {0x0f, 0x01, 0xef}, true,
       "flexcc_mpk_gates"},
  };
  return E;
}

class ImageScan : public ::testing::Test {
protected:
  static std::string Dir, Object, Image, Bare;
  static std::string SetupProblem;

  static void SetUpTestSuite() {
    llvm::SmallString<128> D;
    if (llvm::sys::fs::createUniqueDirectory("flexcc-imagescan", D)) {
      SetupProblem = "cannot create a temporary directory";
      return;
    }
    Dir = std::string(D.str());
    std::string Src = Dir + "/scan.s";
    Object = Dir + "/scan.o";
    Image = Dir + "/scan";
    Bare = Dir + "/bare";
    std::string BareSrc = Dir + "/bare.s";
    std::string Why;
    if (!writeFile(Src, Asm) ||
        !writeFile(BareSrc, "  .text\n  .globl _start\n_start:\n  xor %edi, "
                            "%edi\n  mov $60, %eax\n  syscall\n")) {
      SetupProblem = "cannot write the sources";
      return;
    }
    if (!run({FLEXCC_DEFAULT_CC, "-c", "-g", Src, "-o", Object}, &Why) ||
        !run({FLEXCC_DEFAULT_CC, "-nostdlib", "-static", "-g",
              Object, "-o", Image},
             &Why) ||
        !run({FLEXCC_DEFAULT_CC, "-nostdlib", "-static", BareSrc,
              "-o", Bare},
             &Why))
      SetupProblem = "cannot build the test images: " + Why;
  }
  static void TearDownTestSuite() {
    if (!Dir.empty())
      llvm::sys::fs::remove_directories(Dir);
  }
  void SetUp() override {
    ASSERT_EQ(SetupProblem, "");
  }

  static std::vector<PkruSite> scan(const std::string &Path) {
    auto Sites = scanImageForPkruInstructions(Path);
    if (!Sites) {
      ADD_FAILURE() << llvm::toString(Sites.takeError());
      return {};
    }
    return std::move(*Sites);
  }

  /// The address of \p Sym in \p Path, read with libObject.
  static uint64_t symbolAddress(const std::string &Path, StringRef Sym) {
    auto Obj = llvm::object::ObjectFile::createObjectFile(Path);
    if (!Obj) {
      llvm::consumeError(Obj.takeError());
      return 0;
    }
    for (const llvm::object::SymbolRef &S : Obj->getBinary()->symbols()) {
      auto Name = S.getName();
      auto Addr = S.getAddress();
      if (Name && Addr && *Name == Sym)
        return *Addr;
      if (!Name)
        llvm::consumeError(Name.takeError());
      if (!Addr)
        llvm::consumeError(Addr.takeError());
    }
    return 0;
  }

  void checkSites(const std::vector<PkruSite> &Sites, bool Linked) {
    const auto &E = expected();
    ASSERT_EQ(Sites.size(), E.size());
    for (size_t I = 0; I < E.size(); ++I) {
      const PkruSite &S = Sites[I]; // Address order in both.
      SCOPED_TRACE(E[I].Site);
      EXPECT_EQ(S.Kind, E[I].Kind);
      EXPECT_EQ(S.Symbol, E[I].Symbol);
      EXPECT_EQ(S.SymbolOffset, E[I].Offset);
      EXPECT_EQ(S.Bytes, E[I].Bytes);
      EXPECT_EQ(S.Trusted, E[I].Trusted);
      EXPECT_EQ(S.Section, E[I].Section);
      // A '.byte' directive gets no row of its own in the line table: its
      // bytes belong to the instruction before.
      unsigned Line = siteLine(E[I].Site);
      EXPECT_EQ(S.Line, StringRef(E[I].Site) == "bytes" ? Line - 1 : Line);
      EXPECT_TRUE(endsWith(S.SourceFile, "scan.s")) << S.SourceFile;
      if (Linked) {
        uint64_t Sym = symbolAddress(Image, E[I].Symbol);
        ASSERT_NE(Sym, 0u);
        EXPECT_EQ(S.Address, Sym + E[I].Offset);
      }
    }
  }
};

std::string ImageScan::Dir, ImageScan::Object, ImageScan::Image,
    ImageScan::Bare, ImageScan::SetupProblem;

TEST_F(ImageScan, LinkedImage) {
  std::vector<PkruSite> Sites = scan(Image);
  checkSites(Sites, /*Linked=*/true);
  // The file offsets hold the bytes reported.
  auto Buf = llvm::MemoryBuffer::getFile(Image);
  ASSERT_TRUE(bool(Buf));
  StringRef Data = (*Buf)->getBuffer();
  for (const PkruSite &S : Sites) {
    ASSERT_LE(S.FileOffset + S.Bytes.size(), Data.size());
    for (size_t I = 0; I < S.Bytes.size(); ++I)
      EXPECT_EQ(uint8_t(Data[S.FileOffset + I]), S.Bytes[I]);
  }
}

TEST_F(ImageScan, RelocatableObject) {
  std::vector<PkruSite> Sites = scan(Object);
  checkSites(Sites, /*Linked=*/false);
  // In an object, addresses are offsets in the section.
  ASSERT_FALSE(Sites.empty());
  // _start is 9 bytes (31 ff, b8 3c 00 00 00, 0f 05), then f_wrpkru's nop.
  EXPECT_EQ(Sites.front().Address, 10u);
  EXPECT_EQ(Sites.back().Address, 4u); // In flexcc_mpk_gates.
}

TEST_F(ImageScan, NothingToFind) {
  auto Sites = scanImageForPkruInstructions(Bare);
  ASSERT_TRUE(bool(Sites)) << llvm::toString(Sites.takeError());
  EXPECT_TRUE(Sites->empty());
}

TEST_F(ImageScan, AllowList) {
  std::vector<PkruSite> Sites = scan(Image);
  ASSERT_EQ(Sites.size(), expected().size());
  std::vector<std::string> None, Some = {"f_xrstor", "f_wrpkru"};
  for (const PkruSite &S : Sites) {
    SCOPED_TRACE(S.Symbol);
    EXPECT_EQ(isPkruSiteAllowed(S, None), S.Trusted);
    EXPECT_EQ(isPkruSiteAllowed(S, Some),
              S.Trusted || S.Symbol == "f_xrstor" || S.Symbol == "f_wrpkru");
  }
  PkruSite Nameless;
  EXPECT_FALSE(isPkruSiteAllowed(Nameless, {""}));
}

TEST_F(ImageScan, Diagnostic) {
  std::vector<PkruSite> Sites = scan(Image);
  ASSERT_EQ(Sites.size(), expected().size());
  const PkruSite &S = Sites[1]; // f_bytes+1
  std::string Addr = "0x" + llvm::utohexstr(S.Address, /*LowerCase=*/true);
  EXPECT_EQ(formatPkruSite("img", S),
            "img: error: WRPKRU byte sequence (0f 01 ef) at " + Addr +
                " in f_bytes+0x1 (section .text, " + S.SourceFile + ":" +
                std::to_string(siteLine("bytes") - 1) +
                "), outside flexcc's gates: it could change protection keys; "
                "allow it with 'allow-pkru-instructions: [f_bytes]' in the "
                "configuration if that function is trusted");
  std::string X64 = formatPkruSite("img", Sites[5]);
  EXPECT_NE(X64.find("XRSTOR byte sequence (48 0f ae 2f)"), std::string::npos)
      << X64;
  std::string Gate = formatPkruSite("img", Sites.back());
  EXPECT_NE(Gate.find("img: note: "), std::string::npos) << Gate;
  EXPECT_NE(Gate.find("inside flexcc's gates"), std::string::npos) << Gate;
  // Without a symbol, line info or section.
  PkruSite Bare;
  Bare.Kind = PkruKind::Xrstors;
  Bare.Address = 0x1000;
  Bare.Bytes = {0x0f, 0xc7, 0x1f};
  EXPECT_EQ(formatPkruSite("a.out", Bare),
            "a.out: error: XRSTORS byte sequence (0f c7 1f) at 0x1000 "
            "(outside any section), outside flexcc's gates: it could change "
            "protection keys; it is in no function, so it cannot be allowed");
  for (const PkruSite &S : Sites)
    EXPECT_EQ(formatPkruSite("i", S).find('\n'), std::string::npos);
}

TEST_F(ImageScan, StrippedImage) {
  std::string Stripped = Dir + "/stripped";
  std::string Why;
  if (!run({"strip", "-o", Stripped, Image}, &Why))
    GTEST_SKIP() << "no strip: " << Why;
  std::vector<PkruSite> Sites = scan(Stripped);
  ASSERT_EQ(Sites.size(), expected().size());
  for (const PkruSite &S : Sites) {
    EXPECT_EQ(S.Symbol, ""); // No .symtab, no .dynsym in a static image.
    EXPECT_EQ(S.Line, 0u);
    EXPECT_FALSE(S.Section.empty());
  }
  EXPECT_TRUE(Sites.back().Trusted);
}

TEST_F(ImageScan, BadInput) {
  auto Expect = [](const std::string &Path, StringRef Text) {
    auto Sites = scanImageForPkruInstructions(Path);
    ASSERT_FALSE(bool(Sites));
    std::string Msg = llvm::toString(Sites.takeError());
    EXPECT_NE(Msg.find("cannot scan '" + Path + "'"), std::string::npos)
        << Msg;
    EXPECT_NE(Msg.find(Text.str()), std::string::npos) << Msg;
  };
  Expect(Dir + "/missing", "not a readable object file");
  std::string Text = Dir + "/text.txt";
  ASSERT_TRUE(writeFile(Text, "hello, world\n"));
  Expect(Text, "not a readable object file");
  std::string Empty = Dir + "/empty";
  ASSERT_TRUE(writeFile(Empty, ""));
  Expect(Empty, "not a readable object file");
  Expect(Dir, "not a readable object file");
  // A 32-bit object.
  std::string Obj32 = Dir + "/x32.o", Src = Dir + "/x32.c";
  ASSERT_TRUE(writeFile(Src, "int f(void) { return 1; }\n"));
  if (run({FLEXCC_DEFAULT_CC, "-m32", "-c", Src, "-o", Obj32}))
    Expect(Obj32, "not a 64-bit little-endian ELF file");
  // An ELF for another machine.
  std::string Arm = Dir + "/arm.o";
  if (run({FLEXCC_DEFAULT_CC, "--target=aarch64-linux-gnu", "-c", Src, "-o",
           Arm}))
    Expect(Arm, "not an x86-64 ELF file");
  // Truncated: headers point past the end.
  auto Buf = llvm::MemoryBuffer::getFile(Image);
  ASSERT_TRUE(bool(Buf));
  std::string Short = Dir + "/short";
  ASSERT_TRUE(writeFile(Short, (*Buf)->getBuffer().take_front(200)));
  auto Sites = scanImageForPkruInstructions(Short);
  ASSERT_FALSE(bool(Sites));
  llvm::consumeError(Sites.takeError());
}

TEST_F(ImageScan, CorruptImagesNeverCrash) {
  auto Buf = llvm::MemoryBuffer::getFile(Image);
  ASSERT_TRUE(bool(Buf));
  std::string Orig((*Buf)->getBuffer());
  std::mt19937 Rng(14);
  std::string Path = Dir + "/corrupt";
  unsigned Errors = 0;
  for (int Round = 0; Round < 300; ++Round) {
    std::string Data = Orig;
    // Mostly the headers (ELF, program and section headers), sometimes
    // anywhere; a few bytes each.
    int Flips = 1 + Rng() % 4;
    for (int I = 0; I < Flips; ++I) {
      size_t At = Round % 3 ? Rng() % 128 : Rng() % Data.size();
      if (Round % 5 == 4)
        At = Data.size() - 1 - Rng() % std::min<size_t>(Data.size(), 1024);
      Data[At] = char(Rng());
    }
    if (Round % 7 == 6)
      Data.resize(Rng() % Data.size());
    ASSERT_TRUE(writeFile(Path, Data));
    auto Sites = scanImageForPkruInstructions(Path);
    if (!Sites) {
      ++Errors;
      llvm::consumeError(Sites.takeError());
    }
  }
  EXPECT_GT(Errors, 0u);
}

//===----------------------------------------------------------------------===//
// Real images: what a plain hello world holds, linked with glibc.
//===----------------------------------------------------------------------===//

/// Builds hello world with \p Flags and prints every finding, so that the
/// test log says what glibc brings (nothing is asserted about it: it
/// depends on the glibc version).
void surveyHello(const std::string &Tag, std::vector<std::string> Flags,
                 std::vector<PkruSite> &Sites) {
  llvm::SmallString<128> D;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("flexcc-imagescan", D));
  std::string Src = std::string(D.str()) + "/hello.c";
  std::string Exe = std::string(D.str()) + "/hello";
  ASSERT_TRUE(writeFile(Src, "#include <stdio.h>\nint main(void) { "
                             "puts(\"hello\"); return 0; }\n"));
  std::vector<std::string> Cmd = {FLEXCC_DEFAULT_CC};
  Cmd.insert(Cmd.end(), Flags.begin(), Flags.end());
  Cmd.insert(Cmd.end(), {Src, "-o", Exe});
  std::string Why;
  if (!run(Cmd, &Why)) {
    llvm::sys::fs::remove_directories(D);
    GTEST_SKIP() << "cannot link hello world (" << Tag << "): " << Why;
  }
  auto Found = scanImageForPkruInstructions(Exe);
  ASSERT_TRUE(bool(Found)) << llvm::toString(Found.takeError());
  Sites = std::move(*Found);
  std::cout << "hello world (" << Tag << "): " << Sites.size()
            << " finding(s)\n";
  for (const PkruSite &S : Sites)
    std::cout << "  " << formatPkruSite("hello", S) << "\n";
  llvm::sys::fs::remove_directories(D);
}

TEST(ImageScanGlibc, DynamicHello) {
  std::vector<PkruSite> Sites;
  surveyHello("dynamic", {}, Sites);
  // The dynamic image holds only the C start files and main.
  for (const PkruSite &S : Sites)
    ADD_FAILURE() << formatPkruSite("hello", S);
}

TEST(ImageScanGlibc, StaticHello) {
  std::vector<PkruSite> Sites;
  surveyHello("static", {"-static"}, Sites);
}

//===----------------------------------------------------------------------===//
// The config key
//===----------------------------------------------------------------------===//

struct LoadResult {
  std::unique_ptr<Config> Cfg;
  std::string Errs;
};

LoadResult loadText(StringRef Text) {
  LoadResult R;
  llvm::raw_string_ostream OS(R.Errs);
  R.Cfg = loadConfigFromString(Text, "/nonexistent-flexcc-test/cfg.yaml", {},
                               OS);
  OS.flush();
  return R;
}

TEST(ImageScanConfig, AllowPkruInstructions) {
  LoadResult R = loadText("image: x\nmechanism: mpk\n"
                          "allow-pkru-instructions: [my_switch, "
                          "_ZN3foo3barEv, f.cold, f.part.0]\n");
  ASSERT_TRUE(R.Cfg) << R.Errs;
  EXPECT_EQ(R.Cfg->AllowPkruInstructions,
            (std::vector<std::string>{"my_switch", "_ZN3foo3barEv", "f.cold",
                                      "f.part.0"}));
  R = loadText("image: x\nallow-pkru-instructions:\n  - a\n  - b\n");
  ASSERT_TRUE(R.Cfg) << R.Errs;
  EXPECT_EQ(R.Cfg->AllowPkruInstructions, (std::vector<std::string>{"a", "b"}));
  R = loadText("image: x\nallow-pkru-instructions: []\n");
  ASSERT_TRUE(R.Cfg) << R.Errs;
  EXPECT_TRUE(R.Cfg->AllowPkruInstructions.empty());
  R = loadText("image: x\n");
  ASSERT_TRUE(R.Cfg) << R.Errs;
  EXPECT_TRUE(R.Cfg->AllowPkruInstructions.empty());
}

TEST(ImageScanConfig, AllowPkruInstructionsErrors) {
  const std::string P = "/nonexistent-flexcc-test/cfg.yaml:";
  auto First = [](StringRef Text) {
    LoadResult R = loadText(Text);
    EXPECT_FALSE(R.Cfg);
    return std::string(StringRef(R.Errs).split('\n').first);
  };
  EXPECT_EQ(First("image: x\nallow-pkru-instructions: my_switch\n"),
            P + "2:26: error: expected a list of function names, found a "
                "scalar");
  EXPECT_EQ(First("image: x\nallow-pkru-instructions:\n"),
            P + "2:1: error: expected a list of function names, found "
                "nothing");
  EXPECT_EQ(First("image: x\nallow-pkru-instructions: {a: 1}\n"),
            P + "2:26: error: expected a list of function names, found a map");
  EXPECT_EQ(First("image: x\nallow-pkru-instructions: [[a]]\n"),
            P + "2:27: error: expected function names in the list, found a "
                "list");
  EXPECT_EQ(First("image: x\nallow-pkru-instructions: [ok, 'not ok']\n"),
            P + "2:31: error: invalid function name 'not ok' in "
                "'allow-pkru-instructions': expected a symbol name such as "
                "'my_pkru_switch'");
  EXPECT_EQ(First("image: x\nallow-pkru-instructions: [1abc]\n"),
            P + "2:27: error: invalid function name '1abc' in "
                "'allow-pkru-instructions': expected a symbol name such as "
                "'my_pkru_switch'");
  LoadResult R = loadText("image: x\nallow-pkru-instructions: [a, b, a]\n");
  EXPECT_FALSE(R.Cfg);
  EXPECT_NE(R.Errs.find(P + "2:33: error: duplicate function 'a' in "
                            "'allow-pkru-instructions'"),
            std::string::npos)
      << R.Errs;
  EXPECT_NE(R.Errs.find(P + "2:27: note: first given here"),
            std::string::npos)
      << R.Errs;
  EXPECT_EQ(First("image: x\nallow-pkru-instruction: [a]\n"),
            P + "2:1: error: unknown key 'allow-pkru-instruction' in the "
                "config; did you mean 'allow-pkru-instructions'?");
  // Not listed among the usual keys.
  EXPECT_EQ(First("image: x\nversion: 2\n"),
            P + "2:1: error: unknown key 'version' in the config; expected "
                "'image', 'mechanism', 'sharing', 'libraries' or "
                "'compartments'");
}

} // namespace
