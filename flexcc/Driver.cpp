//===--- Driver.cpp - flexcc's command line ---------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Wrapper mode: 'flexcc --config cfg.yaml [cc options] files...' rewrites
// every C and C++ input with the rewriters library, then hands the rewritten
// text to the real compiler under the input's own path: with clang through a
// VFS overlay (-ivfsoverlay, 'use-external-names': false), so that
// diagnostics, __FILE__, depfiles and debug info name the user's files; with
// other compilers through a '#line' directive and -iquote. A command that
// links is split into per-file compiles and one link, where the gate records
// of all objects are checked and, for mpk and ept, the image's stubs file is
// generated, compiled and linked in.
//
// 'flexcc rewrite --config cfg.yaml [-I...] -o DIR files...' only writes
// the rewritten sources and the stubs file.
//
// Nothing is half-written: clang and the linker write through temporary
// files, flexcc links to a temporary file renamed at the end, and 'rewrite'
// writes nothing at all unless every input was rewritten.
//
//===----------------------------------------------------------------------===//
#include "flexcc/Driver.h"
#include "flexcc/LlvmCompat.h"
#include "backends/StubEmitter.h"
#include "flexcc/CompilerArgs.h"
#include "flexcc/Config.h"
#include "flexcc/Hardening.h"
#include "flexcc/ObjectRecords.h"
#include "flexcc/ObjectSections.h"
#include "backends/Layout.h"
#include "backends/mpk/ImageScan.h"
#include "backends/mpk/MpkStubEmitter.h"
#include "rewriters/Rewrites.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MD5.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"
#include <list>
#include <map>
#include <optional>

using namespace llvm;
using flexcc::rewriters::ObjectRecord;
using flexcc::rewriters::TuResult;

namespace flexcc {

namespace {

enum ExitStatus { Success = 0, InputError = 1, UsageError = 2 };

const char *const HelpText = R"(OVERVIEW: flexcc, the FlexOS porting compiler

USAGE: flexcc [flexcc options] [cc options] files...
       flexcc rewrite [flexcc options] [-I/-D/-U/-std=...] -o DIR files...
       flexcc rewrite [flexcc options] -p BUILD_DIR -o DIR [files...]

In the first form flexcc behaves like cc: it rewrites the gates of every C
and C++ input for the image that the configuration describes, compiles the
result with the real compiler and links when no -c, -S or -E is given. The
second form writes the rewritten sources, mirrored below DIR relative to the
config file's directory, and the image's stubs file DIR/<image>.flexcc.c.
With -p, each source is parsed with the options of its command in
BUILD_DIR/compile_commands.json (every source of it when none is named).

FLEXCC OPTIONS:
  --config=FILE       The image configuration (default: $FLEXOS_CONFIG)
  --mechanism=MECH    Override the isolation mechanism: none, mpk, ept
  --sharing=KIND      Override the sharing strategy: dss, heap
  --cc=PROGRAM        The real C compiler (default: $FLEXCC_CC, else clang)
  --cxx=PROGRAM       The real C++ compiler (default: $FLEXCC_CXX, else the
                      C++ driver that goes with the C compiler)
  -v                  Print each command flexcc runs
  --keep-temps        Keep the temporary directory and print its path
  --runtime-dir=DIR   Look for the mechanisms' runtime libraries
                      (libflexcc-<mechanism>.a) in DIR first
  --help              Print this help
  --version           Print flexcc's version

Any other option is a cc option: -c, -S, -E, -o, -I, -D, -U, -include,
-std=, -O, -g, -W..., -f..., -m..., -x, -MD/-MMD/-MF/-MT, -l, -L, -Wl,...
and @response-files all work as with cc.

EXIT STATUS:
  0  success
  1  an error in the input (a diagnostic says where), or the real compiler's
     or linker's own non-zero status
  2  a bad command line, a missing tool or runtime, or an internal error

See docs/command-line.md for the full reference.
)";

/// A shell-quoted command line, for -v.
std::string shellJoin(ArrayRef<std::string> Args) {
  std::string S;
  for (const std::string &A : Args) {
    if (!S.empty())
      S += ' ';
    bool Plain = !A.empty() && all_of(A, [](char C) {
      return isAlnum(C) || StringRef("-_./=+,:@%").contains(C);
    });
    if (Plain) {
      S += A;
      continue;
    }
    S += '\'';
    for (char C : A) {
      if (C == '\'')
        S += "'\\''";
      else
        S += C;
    }
    S += '\'';
  }
  return S;
}


/// Writes \p Contents to a new temporary file beside \p Path (creating
/// its directory), named in \p Tmp; on failure nothing is left.
bool writeTemporaryFile(StringRef Path, StringRef Contents, std::string &Tmp,
                        std::string &Error) {
  SmallString<256> Dir(Path);
  sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = sys::fs::create_directories(Dir)) {
      Error = "cannot create directory '" + Dir.str().str() +
              "': " + EC.message();
      return false;
    }
  SmallString<256> TmpPath;
  int FD;
  if (std::error_code EC = sys::fs::createUniqueFile(
          Path + ".flexcc-tmp-%%%%%%", FD, TmpPath)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    return false;
  }
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Contents;
  OS.close();
  if (OS.has_error()) {
    Error = "cannot write '" + Path.str() + "': " + OS.error().message();
    OS.clear_error();
    sys::fs::remove(TmpPath);
    return false;
  }
  Tmp = std::string(TmpPath.str());
  return true;
}

/// Writes \p Contents to \p Path through a temporary file in the same
/// directory, renamed at the end.
bool writeFileAtomically(StringRef Path, StringRef Contents,
                         std::string &Error) {
  std::string Tmp;
  if (!writeTemporaryFile(Path, Contents, Tmp, Error))
    return false;
  if (std::error_code EC = sys::fs::rename(Tmp, Path)) {
    Error = "cannot write '" + Path.str() + "': " + EC.message();
    sys::fs::remove(Tmp);
    return false;
  }
  return true;
}

/// A temporary directory removed at the end unless asked to keep it.
class TempDir {
public:
  ~TempDir() {
    if (Path.empty())
      return;
    if (Keep)
      errs() << "flexcc: kept temporary files in '" << Path << "'\n";
    else
      sys::fs::remove_directories(Path);
  }
  bool create(std::string &Error) {
    SmallString<256> P;
    if (std::error_code EC = sys::fs::createUniqueDirectory("flexcc", P)) {
      Error = "cannot create a temporary directory: " + EC.message();
      return false;
    }
    Path = std::string(P.str());
    return true;
  }
  std::string file(const Twine &Name) const { return (Path + "/" + Name).str(); }
  std::string Path;
  bool Keep = false;
};

struct DriverOptions {
  bool RewriteMode = false;
  std::string ConfigPath;
  ConfigOverrides Overrides;
  std::string CC, CXX;
  bool Verbose = false;
  bool KeepTemps = false;
  std::string RuntimeDir; ///< --runtime-dir: searched first for runtimes.
  /// rewrite -p DIR: DIR/compile_commands.json gives each source's options.
  std::string CompDbDir;
  std::vector<std::string> CcArgs;
};

/// One rewritten translation unit: the new text of each file it changes
/// (the main file always included) and its record.
struct RewrittenTu {
  const CompilerInput *Input = nullptr;
  std::string MainFile; ///< Absolute, normalized.
  std::map<std::string, std::string> Texts; ///< By absolute path.
  ObjectRecord Record;
};

class Driver {
public:
  explicit Driver(const char *Argv0)
      : Argv0(Argv0),
        CxxDriver(endsWith(sys::path::filename(Argv0), "++")) {}
  int run(ArrayRef<const char *> Argv);

private:
  int usageError(const Twine &Msg) {
    errs() << "flexcc: error: " << Msg << "\n";
    return UsageError;
  }
  int error(const Twine &Msg, int Status = InputError) {
    errs() << "flexcc: error: " << Msg << "\n";
    return Status;
  }

  bool parseOptions(ArrayRef<std::string> Args, int &Status);
  bool loadTheConfig(int &Status);
  std::string runtimeIncludeDir() const;
  std::optional<std::string> runtimeLibrary(Mechanism M) const;
  /// libflexcc-<...>.a from an installed tree (<bin>/../lib) or the build
  /// tree (<bin>/../<BuildDir>).
  std::optional<std::string> findRuntimeArchive(StringRef Name,
                                                StringRef BuildDir) const;
  /// Under an isolating mechanism: gives the data sections of \p Object,
  /// compiled from \p InputPath, to the input's compartment, and sends its
  /// malloc family to that compartment's heap (docs/memory-layout.md).
  int placeCompartmentData(StringRef InputPath, StringRef Object);
  /// Scans the linked mpk image \p Image (named \p Shown in messages) for
  /// PKRU-changing instructions outside the gates; reports each that the
  /// configuration does not allow. Non-zero (an exit status) if any.
  int checkPkruInstructions(StringRef Image, StringRef Shown);
  /// Whether the object compiled from \p In gets placeCompartmentData():
  /// C and C++ sources of an isolated image.
  bool placesCompartmentData(const CompilerInput &In) const {
    return Cfg->Mech != Mechanism::None &&
           (In.Kind == InputKind::C || In.Kind == InputKind::Cxx);
  }
  /// Appends to the real compile command of \p In what the image adds:
  /// the runtime's headers, __FLEXCC_ISOLATED__ under mpk and ept, and the
  /// hardening of its compartment. Non-zero (an exit status) on error.
  int addImageCompileFlags(const CompilerInput &In,
                           std::vector<std::string> &Cmd);
  std::string compilerFor(bool Cxx) const;
  /// The start of a real compile or link command: the compiler for the
  /// language, and -v when flexcc's is (cc -v shows its steps too).
  std::vector<std::string> realCommand(bool Cxx) const {
    std::vector<std::string> Cmd = {compilerFor(Cxx)};
    if (Opts.Verbose)
      Cmd.push_back("-v");
    return Cmd;
  }
  bool compilerIsClang(StringRef CC) const;
  int runCommand(const std::vector<std::string> &Cmd);

  bool rewriteInput(const CompilerInput &In, const CompilerArgs &CA,
                    RewrittenTu &Out);
  int rewriteAll(const CompilerArgs &CA, std::vector<RewrittenTu> &Out);
  /// The arguments that make the real compiler see \p Tu's rewritten text
  /// instead of the files on disk; replaces the input path in \p Cmd.
  bool prepareRewrittenCompile(const RewrittenTu &Tu, bool AppendRecord,
                               std::vector<std::string> &Cmd,
                               size_t InputPos, std::string &TmpMain);
  /// Makes the depfile of \p In's compile (-MD/-MMD) name the user's
  /// source instead of \p TmpMain (the copy a non-clang compiler read; empty
  /// if none) and list the configuration as a prerequisite.
  void fixDepfile(const CompilerArgs &CA, const CompilerInput &In,
                  StringRef TmpMain);

  /// Replaces a "-" input (standard input) by a temporary file with its
  /// contents. Non-zero (an exit status) on error.
  int readStandardInput(CompilerArgs &CA);
  int wrapperMode();
  int compileOnly(const CompilerArgs &CA, std::vector<RewrittenTu> &Tus);
  /// Writes the preprocessed text in \p Produced to \p Output (standard
  /// output if empty or "-"), followed by a mark of the configuration.
  int stampPreprocessed(StringRef Produced, StringRef Output);
  int compileAndLink(const CompilerArgs &CA, std::vector<RewrittenTu> &Tus);
  int rewriteMode();
  /// rewrite -p: rewrites the sources named in \p CA (or every source of
  /// the compilation database) each with its database command's options;
  /// \p PerFile holds the classified arguments the results point into.
  int rewriteFromDatabase(const CompilerArgs &CA,
                          std::list<CompilerArgs> &PerFile,
                          std::vector<RewrittenTu> &Tus);

  const char *Argv0;
  /// Run as flexcc++ (any name ending in "++"): a C++ driver, as g++ is to
  /// gcc: .c sources are compiled as C++ and images link as C++.
  bool CxxDriver = false;
  DriverOptions Opts;
  std::unique_ptr<Config> Cfg;
  TempDir Tmp;
  unsigned TuCounter = 0;
};

bool Driver::parseOptions(ArrayRef<std::string> Args, int &Status) {
  size_t I = 0;
  bool ShowVersion = false;
  if (!Args.empty() && Args[0] == "rewrite") {
    Opts.RewriteMode = true;
    ++I;
  }
  for (; I < Args.size(); ++I) {
    StringRef A = Args[I];
    // --name=value or --name value.
    auto value = [&](StringRef Name, std::string &Out) -> int {
      if (A == Name) {
        if (I + 1 >= Args.size()) {
          Status = usageError("option '" + Name + "' needs a value");
          return -1;
        }
        Out = Args[++I];
        return 1;
      }
      if (startsWith(A, Name) && startsWith(A.drop_front(Name.size()), "=")) {
        Out = A.drop_front(Name.size() + 1).str();
        return 1;
      }
      return 0;
    };
    std::string V;
    int R;
    if ((R = value("--config", Opts.ConfigPath))) {
      if (R < 0)
        return false;
      continue;
    }
    if ((R = value("--mechanism", V))) {
      if (R < 0)
        return false;
      Opts.Overrides.Mech = parseMechanism(V);
      if (!Opts.Overrides.Mech) {
        Status = usageError("unknown mechanism '" + V +
                            "' in '--mechanism'; expected none, mpk or ept");
        return false;
      }
      continue;
    }
    if ((R = value("--sharing", V))) {
      if (R < 0)
        return false;
      Opts.Overrides.Share = parseSharing(V);
      if (!Opts.Overrides.Share) {
        Status = usageError("unknown sharing '" + V +
                            "' in '--sharing'; expected dss or heap");
        return false;
      }
      continue;
    }
    if ((R = value("--cc", Opts.CC)) || (R = value("--cxx", Opts.CXX))) {
      if (R < 0)
        return false;
      continue;
    }
    if (A == "-v" || A == "--verbose") {
      Opts.Verbose = true;
      continue;
    }
    // 'flexcc rewrite -p BUILD': as clang tools take it (cc's own '-p',
    // profiling, means nothing to a rewrite).
    if (Opts.RewriteMode && (R = value("-p", Opts.CompDbDir))) {
      if (R < 0)
        return false;
      continue;
    }
    if (A == "--keep-temps") {
      Opts.KeepTemps = true;
      continue;
    }
    if ((R = value("--runtime-dir", Opts.RuntimeDir))) {
      if (R < 0)
        return false;
      continue;
    }
    if (A == "--help" || A == "-help") {
      outs() << HelpText;
      Status = Success;
      return false;
    }
    if (A == "--version") {
      ShowVersion = true;
      continue;
    }
    // 'rewrite' may follow flexcc's own options ('flexcc -v rewrite ...');
    // after any cc argument it is an input named 'rewrite'.
    if (A == "rewrite" && !Opts.RewriteMode && Opts.CcArgs.empty()) {
      Opts.RewriteMode = true;
      continue;
    }
    Opts.CcArgs.push_back(A.str());
  }
  auto fromEnv = [](std::string &Out, const char *Name) {
    if (!Out.empty())
      return;
    auto Env = sys::Process::GetEnv(Name);
    if (Env)
      Out = *Env;
  };
  fromEnv(Opts.ConfigPath, "FLEXOS_CONFIG");
  fromEnv(Opts.CC, "FLEXCC_CC");
  fromEnv(Opts.CXX, "FLEXCC_CXX");
  if (ShowVersion) {
    outs() << "flexcc version " << FLEXCC_VERSION << " (LLVM "
           << FLEXCC_LLVM_VERSION_STRING << ")\n";
    outs().flush();
    // Then the real compiler's own, which build systems read to know what
    // kind of compiler this is (Meson looks for "clang" or "gcc" in it).
    std::string CC = compilerFor(CxxDriver);
    ErrorOr<std::string> Prog =
        StringRef(CC).contains('/') ? ErrorOr<std::string>(CC)
                                    : sys::findProgramByName(CC);
    if (Prog)
      sys::ExecuteAndWait(*Prog, {*Prog, "--version"});
    Status = Success;
    return false;
  }
  return true;
}

bool Driver::loadTheConfig(int &Status) {
  if (Opts.ConfigPath.empty()) {
    Status = usageError("no configuration: pass '--config FILE' or set "
                        "FLEXOS_CONFIG");
    return false;
  }
  Cfg = loadConfig(Opts.ConfigPath, Opts.Overrides, errs());
  if (!Cfg) {
    Status = InputError;
    return false;
  }
  return true;
}

std::string Driver::runtimeIncludeDir() const {
  // An installed tree (<prefix>/bin/flexcc, <prefix>/include/flexos.h)
  // wins over the source tree the build was made from.
  std::string Exe = sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(&HelpText)));
  SmallString<256> P(sys::path::parent_path(Exe));
  sys::path::append(P, "..", "include");
  sys::path::remove_dots(P, true);
  SmallString<256> Header(P);
  sys::path::append(Header, "flexos.h");
  if (sys::fs::exists(Header))
    return std::string(P.str());
  return FLEXCC_SOURCE_RUNTIME_INCLUDE;
}

std::optional<std::string> Driver::runtimeLibrary(Mechanism M) const {
  return findRuntimeArchive(("libflexcc-" + mechanismName(M) + ".a").str(),
                            ("backends/" + mechanismName(M)).str());
}

std::optional<std::string>
Driver::findRuntimeArchive(StringRef Name, StringRef BuildDir) const {
  std::string Exe = sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(&HelpText)));
  std::string Bin = sys::path::parent_path(Exe).str();
  // The directory asked for, an installed tree, then the build tree.
  std::vector<std::string> Dirs = {Bin + "/../lib", Bin + "/../" + BuildDir.str()};
  if (!Opts.RuntimeDir.empty())
    Dirs.insert(Dirs.begin(), Opts.RuntimeDir);
  for (const std::string &Dir : Dirs) {
    SmallString<256> P(Dir);
    sys::path::append(P, Name);
    sys::path::remove_dots(P, true);
    if (sys::fs::exists(P))
      return std::string(P.str());
  }
  return std::nullopt;
}

int Driver::placeCompartmentData(StringRef InputPath, StringRef Object) {
  const Compartment &C = Cfg->compartmentOfSource(InputPath);
  std::vector<std::string> Names;
  std::string Problem;
  if (!readOwnableSections(Object, Names, Problem))
    return error(Problem);
  std::vector<std::string> Cmd = {FLEXCC_OBJCOPY};
  std::vector<std::string> Renames = compartmentRenameArgs(C.Name, Names);
  Cmd.insert(Cmd.end(), Renames.begin(), Renames.end());
  std::vector<std::string> Heap = compartmentRuntimeArgs(C.Index);
  Cmd.insert(Cmd.end(), Heap.begin(), Heap.end());
  Cmd.push_back(Object.str());
  return runCommand(Cmd);
}

int Driver::addImageCompileFlags(const CompilerInput &In,
                                 std::vector<std::string> &Cmd) {
  Cmd.insert(Cmd.end(), {"-I", runtimeIncludeDir()});
  if (Cfg->Mech != Mechanism::None) // flexos.h: the runtime's shared heap
    Cmd.push_back("-D__FLEXCC_ISOLATED__=1");
  if (In.Kind == InputKind::Other)
    return Success;
  std::string Error; // The flags of the input's compartment.
  int RC = appendHardeningCompileFlags(*Cfg, In.Path, compilerIsClang(Cmd[0]),
                                       Cmd, Error);
  if (RC)
    errs() << Error;
  return RC;
}

std::string Driver::compilerFor(bool Cxx) const {
  if (!Cxx)
    return Opts.CC.empty() ? std::string(FLEXCC_DEFAULT_CC) : Opts.CC;
  if (!Opts.CXX.empty())
    return Opts.CXX;
  if (Opts.CC.empty())
    return FLEXCC_DEFAULT_CXX;
  // The C++ driver that goes with the C compiler: clang-14 -> clang++-14,
  // gcc-12 -> g++-12, cc -> c++.
  SmallString<256> P(Opts.CC);
  std::string Base = sys::path::filename(P).str();
  std::string New;
  if (StringRef(Base).contains("clang") && !StringRef(Base).contains("clang++"))
    New = StringRef(Base).str().replace(Base.find("clang"), 5, "clang++");
  else if (StringRef(Base).contains("gcc"))
    New = StringRef(Base).str().replace(Base.find("gcc"), 3, "g++");
  else if (Base == "cc")
    New = "c++";
  else
    return Opts.CC;
  sys::path::remove_filename(P);
  sys::path::append(P, New);
  return std::string(P.str());
}

bool Driver::compilerIsClang(StringRef CC) const {
  return sys::path::filename(CC).contains("clang");
}

int Driver::runCommand(const std::vector<std::string> &Cmd) {
  if (Opts.Verbose)
    errs() << shellJoin(Cmd) << "\n";
  std::string Program = Cmd[0];
  if (!StringRef(Program).contains('/')) {
    ErrorOr<std::string> Found = sys::findProgramByName(Program);
    if (!Found)
      return error("cannot find '" + Program + "' in PATH; install it or name "
                   "another compiler with --cc",
                   UsageError);
    Program = *Found;
  }
  std::vector<StringRef> Args(Cmd.begin(), Cmd.end());
  std::string ErrMsg;
  bool Failed = false;
  int RC = sys::ExecuteAndWait(Program, Args, /*Env=*/{}, /*Redirects=*/{},
                               0, 0, &ErrMsg, &Failed);
  if (Failed)
    return error("cannot run '" + Program + "': " + ErrMsg, UsageError);
  if (RC < 0)
    return error("'" + Program + "' " +
                     (ErrMsg.empty() ? std::string("failed") : ErrMsg),
                 InputError);
  return RC;
}

bool Driver::rewriteInput(const CompilerInput &In, const CompilerArgs &CA,
                          RewrittenTu &Out) {
  Out.Input = &In;
  Out.MainFile = absolutePath(In.Path);
  if (!sys::fs::exists(In.Path)) {
    errs() << "flexcc: error: no such file or directory: '" << In.Path
           << "'\n";
    return false;
  }

  bool Cxx = In.Kind == InputKind::Cxx;
  std::vector<std::string> Args = {Cxx ? "clang++" : "clang", "-fsyntax-only",
                                   "-w"};
  for (const std::string &A : CA.parseArgs())
    Args.push_back(A);
  if (Cfg->Mech != Mechanism::None) // As the real compile will see it.
    Args.push_back("-D__FLEXCC_ISOLATED__=1");
  Args.insert(Args.end(), {"-D__FLEXCC__=1", "-I" + runtimeIncludeDir(),
                           "-resource-dir", FLEXCC_CLANG_RESOURCE_DIR, "-x",
                           Cxx ? "c++" : "c", In.Path});

  auto DiagOpts = makeIntrusiveRefCnt<clang::DiagnosticOptions>();
  DiagOpts->ShowColors = errs().has_colors();
  // As clang's driver: locations follow #line (generated sources, stdin).
  DiagOpts->ShowPresumedLoc = true;
  clang::TextDiagnosticPrinter Printer(errs(), DiagOpts.get());
  auto Files = makeIntrusiveRefCnt<clang::FileManager>(
      clang::FileSystemOptions(), vfs::getRealFileSystem());
  TuResult Result;
  clang::tooling::ToolInvocation Inv(
      Args, rewriters::createRewriteAction(*Cfg, Result, {Opts.Verbose}), Files.get());
  Inv.setDiagnosticConsumer(&Printer);

  bool Ok = false;
  CrashRecoveryContext CRC;
  if (!CRC.RunSafely([&] { Ok = Inv.run(); })) {
    errs() << "flexcc: error: internal error while rewriting '" << In.Path
           << "'; please report it with this file\n";
    return false;
  }
  if (!Ok || Printer.getNumErrors())
    return false;

  Out.Record = std::move(Result.Record);
  Result.Edits.try_emplace(Out.MainFile);
  for (auto &KV : Result.Edits) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(KV.first, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Buf) {
      errs() << "flexcc: error: cannot read '" << KV.first
             << "': " << Buf.getError().message() << "\n";
      return false;
    }
    Expected<std::string> Text =
        clang::tooling::applyAllReplacements((*Buf)->getBuffer(), KV.second);
    if (!Text) {
      errs() << "flexcc: error: internal error: conflicting rewrites in '"
             << KV.first << "': " << toString(Text.takeError())
             << "; please report it\n";
      return false;
    }
    Out.Texts[KV.first] = std::move(*Text);
  }
  return true;
}

int Driver::rewriteAll(const CompilerArgs &CA, std::vector<RewrittenTu> &Out) {
  bool Failed = false;
  for (const CompilerInput &In : CA.Inputs) {
    if (In.Kind != InputKind::C && In.Kind != InputKind::Cxx)
      continue;
    RewrittenTu Tu;
    if (!rewriteInput(In, CA, Tu)) {
      Failed = true;
      continue;
    }
    Out.push_back(std::move(Tu));
  }
  return Failed ? InputError : Success;
}

bool Driver::prepareRewrittenCompile(const RewrittenTu &Tu, bool AppendRecord,
                                     std::vector<std::string> &Cmd,
                                     size_t InputPos, std::string &TmpMain) {
  unsigned N = TuCounter++;
  std::string Dir = Tmp.file("tu" + Twine(N));
  std::string Error;
  auto textOf = [&](const std::string &Path) {
    std::string T = Tu.Texts.at(Path);
    if (Path == Tu.MainFile && AppendRecord) {
      if (!T.empty() && T.back() != '\n')
        T += '\n';
      T += recordAsmStatement(Tu.Record);
    }
    return T;
  };

  if (compilerIsClang(Cmd[0])) {
    // Every changed file goes into the overlay under its own path.
    json::Array Roots;
    unsigned K = 0;
    for (auto &KV : Tu.Texts) {
      std::string Copy =
          Dir + "/" + std::to_string(K++) + "-" +
          sys::path::filename(KV.first).str();
      if (!writeFileAtomically(Copy, textOf(KV.first), Error)) {
        errs() << "flexcc: error: " << Error << "\n";
        return false;
      }
      Roots.push_back(json::Object{
          {"type", "directory"},
          {"name", sys::path::parent_path(KV.first)},
          {"contents", json::Array{json::Object{
                           {"type", "file"},
                           {"name", sys::path::filename(KV.first)},
                           {"external-contents", Copy}}}}});
    }
    json::Object Overlay{{"version", 0},
                         {"case-sensitive", "true"},
                         {"use-external-names", false},
                         {"roots", std::move(Roots)}};
    std::string Text;
    raw_string_ostream OS(Text);
    OS << json::Value(std::move(Overlay));
    OS.flush();
    std::string OverlayPath = Dir + "/overlay.json";
    if (!writeFileAtomically(OverlayPath, Text, Error)) {
      errs() << "flexcc: error: " << Error << "\n";
      return false;
    }
    Cmd.insert(Cmd.end(), {"-ivfsoverlay", OverlayPath});
    return true;
  }

  // Other compilers read a copy of the main file that names the original
  // with #line; a changed header cannot be given to them that way.
  for (auto &KV : Tu.Texts)
    if (KV.first != Tu.MainFile) {
      errs() << "flexcc: error: header '" << displayPath(KV.first)
             << "' holds gates that must be rewritten, which needs a "
                "clang-compatible compiler (one that accepts -ivfsoverlay); '"
             << Cmd[0] << "' is not one\n";
      return false;
    }
  StringRef Orig = Cmd[InputPos];
  TmpMain = Dir + "/" + sys::path::filename(Orig).str();
  std::string Text = "#line 1 \"";
  for (char C : Orig) {
    if (C == '"' || C == '\\')
      Text += '\\';
    Text += C;
  }
  Text += "\"\n" + textOf(Tu.MainFile);
  if (!writeFileAtomically(TmpMain, Text, Error)) {
    errs() << "flexcc: error: " << Error << "\n";
    return false;
  }
  SmallString<256> OrigDir(sys::path::parent_path(Orig));
  if (OrigDir.empty())
    OrigDir = ".";
  Cmd[InputPos] = TmpMain;
  Cmd.insert(Cmd.end(), {"-iquote", std::string(OrigDir.str())});
  return true;
}

void Driver::fixDepfile(const CompilerArgs &CA, const CompilerInput &In,
                        StringRef TmpMain) {
  // gcc names the copy it compiled (TmpMain): put the user's file back.
  bool Deps = false;
  std::string Depfile;
  for (const CompilerArg &A : CA.Args) {
    StringRef T = A.Texts[0];
    if (T == "-MD" || T == "-MMD")
      Deps = true;
    if (T == "-MF" && A.Texts.size() > 1)
      Depfile = A.Texts[1];
    else if (startsWith(T, "-MF") && T.size() > 3)
      Depfile = T.drop_front(3).str();
    else if (startsWith(T, "-Wp,-MD,") || startsWith(T, "-Wp,-MMD,")) {
      Deps = true;
      Depfile = T.substr(T.find(',', 4) + 1).str();
    }
  }
  if (!Deps)
    return;
  if (Depfile.empty()) {
    SmallString<256> P(CA.Output.empty()
                           ? sys::path::filename(In.Path).str()
                           : CA.Output);
    sys::path::replace_extension(P, ".d");
    Depfile = std::string(P.str());
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Depfile);
  if (!Buf)
    return;
  std::string Text = (*Buf)->getBuffer().str();
  std::string Fixed;
  StringRef Rest = Text;
  if (!TmpMain.empty())
    for (size_t P; (P = Rest.find(TmpMain)) != StringRef::npos;) {
      Fixed += Rest.take_front(P).str() + In.Path;
      Rest = Rest.drop_front(P + TmpMain.size());
    }
  Fixed += Rest.str();
  // The object depends on the configuration too: editing it (a library
  // moved to another compartment) must rebuild every object.
  // At the end of the first rule, after the source, so that the source
  // stays the first prerequisite.
  size_t Colon = Fixed.find(": ");
  if (Colon != std::string::npos) {
    size_t End = Colon;
    while ((End = Fixed.find('\n', End + 1)) != std::string::npos &&
           Fixed[End - 1] == '\\')
      ;
    if (End == std::string::npos)
      End = Fixed.size();
    std::string Config;
    for (char C : Cfg->Path) {
      if (C == ' ' || C == '#' || C == '\\')
        Config += '\\';
      else if (C == '$')
        Config += '$';
      Config += C;
    }
    Fixed.insert(End, " " + Config);
    // With -MP, a phony rule for it as for each header, so that a build
    // whose config was renamed does not stop at the old name.
    if (any_of(CA.Args, [](const CompilerArg &A) {
          return A.Texts[0] == "-MP";
        })) {
      if (!Fixed.empty() && Fixed.back() != '\n')
        Fixed += '\n';
      Fixed += "\n" + Config + ":\n";
    }
  }
  std::string Error;
  if (Fixed != Text && !writeFileAtomically(Depfile, Fixed, Error))
    errs() << "flexcc: warning: " << Error << "\n";
}

int Driver::stampPreprocessed(StringRef Produced, StringRef Output) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Produced);
  if (!Buf)
    return error("cannot read '" + Produced + "': " +
                     Buf.getError().message(),
                 UsageError);
  ErrorOr<std::unique_ptr<MemoryBuffer>> ConfigText =
      MemoryBuffer::getFile(Cfg->Path);
  MD5 Hash;
  if (ConfigText)
    Hash.update((*ConfigText)->getBuffer());
  MD5::MD5Result Digest;
  Hash.final(Digest);
  std::string Text = (*Buf)->getBuffer().str();
  if (!Text.empty() && Text.back() != '\n')
    Text += '\n';
  // Tools that cache by the preprocessed text (ccache) must see a change of
  // the configuration, which decides each source's compartment and gates:
  // the line marker names the file (ccache's direct mode hashes it), the
  // #ident carries its digest and the mechanism (its preprocessor mode).
  Text += "# 1 \"" + Cfg->Path + "\"\n#ident \"flexcc: " +
          mechanismName(Cfg->Mech).str() + " " + sharingName(Cfg->Share).str() +
          " " + Digest.digest().str().str() + "\"\n";
  if (Output.empty() || Output == "-") {
    outs() << Text;
    outs().flush();
    return Success;
  }
  std::string Problem;
  if (!writeFileAtomically(Output, Text, Problem))
    return error(Problem, UsageError);
  return Success;
}

int Driver::compileOnly(const CompilerArgs &CA, std::vector<RewrittenTu> &Tus) {
  size_t Compiled = CA.compiledInputCount();
  if (Compiled > 1 && !CA.Output.empty() &&
      CA.Mode != CompileMode::SyntaxOnly)
    return error("cannot specify -o when generating multiple output files");
  bool AppendRecord =
      CA.Mode == CompileMode::Compile || CA.Mode == CompileMode::Assemble;
  // The preprocessed text of a rewritten source ends with a mark of the
  // configuration (stampPreprocessed), so it goes through a file of ours.
  bool Stamp = CA.Mode == CompileMode::Preprocess &&
               none_of(CA.Args, [](const CompilerArg &A) {
                 return A.Texts[0] == "-M" || A.Texts[0] == "-MM";
               });
  for (const CompilerInput &In : CA.Inputs) {
    if (In.Kind == InputKind::LinkInput)
      continue;
    bool Rewritten = any_of(Tus, [&](const RewrittenTu &T) {
      return T.Input == &In;
    });
    std::string StampedOut; // Where the compiler writes, when stamping.
    if (Stamp && Rewritten)
      StampedOut = Tmp.file("tu" + Twine(TuCounter) + ".i");
    // This input's command: every argument but the other inputs.
    std::vector<std::string> Cmd = realCommand(In.Kind == InputKind::Cxx);
    size_t InputPos = 0;
    for (size_t I = 0; I != CA.Args.size(); ++I) {
      const CompilerArg &A = CA.Args[I];
      if (A.Role == CompilerArg::Input && I != In.ArgIndex)
        continue;
      if (A.Role == CompilerArg::Output && !StampedOut.empty())
        continue;
      if (I == In.ArgIndex)
        InputPos = Cmd.size();
      Cmd.insert(Cmd.end(), A.Texts.begin(), A.Texts.end());
    }
    const RewrittenTu *Tu = nullptr;
    for (const RewrittenTu &T : Tus)
      if (T.Input == &In)
        Tu = &T;
    std::string TmpMain;
    if (Tu && !prepareRewrittenCompile(*Tu, AppendRecord, Cmd, InputPos,
                                       TmpMain))
      return UsageError;
    if (int RC = addImageCompileFlags(In, Cmd))
      return RC;
    if (!StampedOut.empty())
      Cmd.insert(Cmd.end(), {"-o", StampedOut});
    if (int RC = runCommand(Cmd))
      return RC;
    if (!StampedOut.empty())
      if (int RC = stampPreprocessed(StampedOut, CA.Output))
        return RC;
    fixDepfile(CA, In, TmpMain);
    if (CA.Mode == CompileMode::Compile && placesCompartmentData(In)) {
      std::string Object =
          CA.Output.empty() ? sys::path::stem(In.Path).str() + ".o" : CA.Output;
      if (int RC = placeCompartmentData(In.Path, Object)) {
        // Not an object of the image as it should be: none at all.
        sys::fs::remove(Object);
        return RC;
      }
    }
  }
  return Success;
}

int Driver::compileAndLink(const CompilerArgs &CA,
                           std::vector<RewrittenTu> &Tus) {
  // 1. Each compiled input to a temporary object.
  std::map<size_t, std::string> ObjectOf; // By argument index.
  for (const CompilerInput &In : CA.Inputs) {
    if (In.Kind == InputKind::LinkInput)
      continue;
    std::vector<std::string> Cmd = realCommand(In.Kind == InputKind::Cxx);
    for (const CompilerArg &A : CA.Args)
      if (A.Role == CompilerArg::CompileOnly || A.Role == CompilerArg::Both)
        Cmd.insert(Cmd.end(), A.Texts.begin(), A.Texts.end());
    if (!In.XLang.empty())
      Cmd.insert(Cmd.end(), {"-x", In.XLang});
    size_t InputPos = Cmd.size();
    Cmd.push_back(In.Path);
    std::string Obj =
        Tmp.file("o" + Twine(ObjectOf.size()) + "-" +
                 sys::path::stem(In.Path) + ".o");
    Cmd.insert(Cmd.end(), {"-c", "-o", Obj});
    const RewrittenTu *Tu = nullptr;
    for (const RewrittenTu &T : Tus)
      if (T.Input == &In)
        Tu = &T;
    std::string TmpMain;
    if (Tu && !prepareRewrittenCompile(*Tu, /*AppendRecord=*/true, Cmd,
                                       InputPos, TmpMain))
      return UsageError;
    if (int RC = addImageCompileFlags(In, Cmd))
      return RC;
    if (int RC = runCommand(Cmd))
      return RC;
    if (placesCompartmentData(In))
      if (int RC = placeCompartmentData(In.Path, Obj))
        return RC;
    ObjectOf[In.ArgIndex] = Obj;
  }

  // 2. The records of every object of the image, ours and the user's.
  std::vector<ObjectRecord> Records;
  std::string Problem;
  std::vector<std::string> LibDirs;
  for (const CompilerArg &A : CA.Args) {
    StringRef T = A.Texts[0];
    if (T == "-L" && A.Texts.size() > 1)
      LibDirs.push_back(A.Texts[1]);
    else if (startsWith(T, "-L") && T.size() > 2)
      LibDirs.push_back(T.drop_front(2).str());
  }
  for (size_t I = 0; I != CA.Args.size(); ++I) {
    const CompilerArg &A = CA.Args[I];
    std::string Path;
    if (A.Role == CompilerArg::Input)
      Path = ObjectOf.count(I) ? ObjectOf[I] : A.Texts[0];
    else if (startsWith(StringRef(A.Texts[0]), "-l")) {
      // Static archives found through -L; shared ones hold no record.
      std::string Name = A.Texts[0] == "-l" && A.Texts.size() > 1
                             ? A.Texts[1]
                             : A.Texts[0].substr(2);
      for (const std::string &D : LibDirs) {
        std::string P = D + "/lib" + Name + ".a";
        if (sys::fs::exists(P)) {
          Path = P;
          break;
        }
      }
    }
    if (!Path.empty() && !readObjectRecords(Path, Records, Problem))
      return error(Problem);
  }
  if (!CA.Relocatable &&
      checkGateTargets(*Cfg, Records, errs(), errs().has_colors()))
    return InputError;

  // 3. The stubs of mpk and ept images, and their runtime.
  std::vector<std::string> Extra;
  std::string StubsObject; // The stubs' object, linked before the inputs.
  if (Cfg->Mech != Mechanism::None && !CA.Relocatable) {
    if (Error Err = backends::checkGateRecords(Records)) {
      handleAllErrors(std::move(Err), [](const ErrorInfoBase &E) {
        errs() << E.message() << "\n";
      });
      return InputError;
    }
    if (Cfg->Mech == Mechanism::Mpk &&
        Cfg->Compartments.size() > backends::MpkMaxCompartments)
      return error(Cfg->Path + ": the 'mpk' mechanism allows at most " +
                       std::to_string(backends::MpkMaxCompartments) +
                       " compartments (protection keys 2 to 15), and this "
                       "configuration has " +
                       std::to_string(Cfg->Compartments.size()),
                   InputError);
    std::optional<std::string> Runtime = runtimeLibrary(Cfg->Mech);
    if (!Runtime)
      return error("the '" + mechanismName(Cfg->Mech) +
                       "' mechanism's runtime (libflexcc-" +
                       mechanismName(Cfg->Mech) +
                       ".a) is not part of this flexcc yet; only 'none' "
                       "images can be linked so far ('flexcc rewrite' and "
                       "'-c' work for every mechanism)",
                   UsageError);
    std::string Stubs;
    raw_string_ostream OS(Stubs);
    backends::emitImageFile(*Cfg, Records, sys::path::filename(Cfg->Path),
                            OS);
    OS.flush();
    std::string StubsC = Tmp.file(Cfg->Image + ".flexcc.c");
    std::string StubsO = Tmp.file(Cfg->Image + ".flexcc.o");
    if (!writeFileAtomically(StubsC, Stubs, Problem))
      return error(Problem, UsageError);
    std::vector<std::string> Cmd = {compilerFor(false)};
    for (const CompilerArg &A : CA.Args)
      if (A.Role == CompilerArg::Both)
        Cmd.insert(Cmd.end(), A.Texts.begin(), A.Texts.end());
    Cmd.insert(Cmd.end(),
               {"-I", runtimeIncludeDir(), "-c", StubsC, "-o", StubsO});
    if (int RC = runCommand(Cmd))
      return RC;
    // The layout of the compartments' data, and the heaps.
    std::string ScriptText;
    raw_string_ostream SOS(ScriptText);
    backends::emitLinkerScript(*Cfg, SOS);
    SOS.flush();
    std::string Script = Tmp.file(Cfg->Image + ".flexcc.ld");
    if (!writeFileAtomically(Script, ScriptText, Problem))
      return error(Problem, UsageError);
    std::optional<std::string> Support =
        findRuntimeArchive("libflexcc-rt.a", "runtime");
    if (!Support)
      return error("flexcc's runtime library (libflexcc-rt.a) is not next to "
                   "this flexcc (in <prefix>/lib or the build tree)",
                   UsageError);
    // The stubs go before the user's inputs: they are what calls into a
    // library given as a static archive, which the linker searches only
    // for what earlier inputs need. The runtimes come last.
    StubsObject = StubsO;
    Extra = {*Runtime, *Support, "-Wl,-T," + Script};
    // main always goes through the dss runtime's __wrap_main under an
    // isolating mechanism: for the main thread's data shadow stack (dss
    // sharing; flexcc_dss_init maps it, and main runs on a runtime-made
    // stack when the kernel left no room for the shadow, runtime/src/dss.c),
    // and for a stack of the runtime's whatever the sharing: under ept the
    // other compartments' processes do not keep it, under mpk it has the
    // default compartment's key and main is entered through the image's
    // __flexcc_main_entry.
    Extra.insert(Extra.end(), {"-Wl,-u,flexcc_dss_init", "-Wl,--wrap=main"});
    // mpk: every signal handler runs through the runtime
    // (backends/mpk/runtime/mpk.c); the seccomp filter is referenced
    // weakly, so asked for.
    if (Cfg->Mech == Mechanism::Mpk)
      Extra.insert(Extra.end(),
                   {"-Wl,--wrap=sigaction", "-Wl,--wrap=signal",
                    "-Wl,-u,flexcc_mpk_seccomp_install"});
    // The ept launcher starts the compartments' processes before main even
    // in an image without a crossing gate.
    if (Cfg->Mech == Mechanism::Ept) {
      Extra.insert(Extra.begin(), "-Wl,-u,flexcc_ept_call");
      // The compartments' system-call allowlists are enforced with
      // libseccomp, which the runtime references weakly.
      if (llvm::any_of(Cfg->Compartments,
                       [](const Compartment &C) { return !C.Syscalls.empty(); }))
        Extra.push_back("-lseccomp");
    }
  }

  // 4. The link, to a temporary file renamed at the end.
  std::string Output = CA.Output.empty() ? "a.out" : CA.Output;
  bool Special = sys::fs::exists(Output) && !sys::fs::is_regular_file(Output);
  SmallString<256> TmpOut;
  if (Special) {
    TmpOut = Output;
  } else {
    int FD;
    if (std::error_code EC = sys::fs::createUniqueFile(
            Output + ".flexcc-tmp-%%%%%%", FD, TmpOut))
      return error("cannot write '" + Output + "': " + EC.message(),
                   UsageError);
    sys::Process::SafelyCloseFileDescriptor(FD);
  }
  auto dropTmp = make_scope_exit([&] {
    if (!Special)
      sys::fs::remove(TmpOut);
  });
  // Objects compiled from C++ link as C++, whether their sources are on
  // this command line or were compiled by an earlier 'flexcc -c'.
  bool LinkCxx = CA.HasCxx || CxxDriver || llvm::any_of(Records, [](const ObjectRecord &R) {
                   return R.Language == "c++";
                 });
  std::vector<std::string> Cmd = realCommand(LinkCxx);
  for (size_t I = 0; I != CA.Args.size(); ++I) {
    const CompilerArg &A = CA.Args[I];
    if (A.Role == CompilerArg::Input && !StubsObject.empty()) {
      Cmd.push_back(StubsObject);
      StubsObject.clear();
    }
    if (A.Role == CompilerArg::Input)
      Cmd.push_back(ObjectOf.count(I) ? ObjectOf[I] : A.Texts[0]);
    else if (A.Role == CompilerArg::LinkOnly || A.Role == CompilerArg::Both)
      Cmd.insert(Cmd.end(), A.Texts.begin(), A.Texts.end());
  }
  Cmd.insert(Cmd.end(), Extra.begin(), Extra.end());
  std::string HardErr; // The sanitizer runtimes of the image, if any.
  if (!CA.Relocatable)
    if (int RC = appendHardeningLinkFlags(*Cfg, compilerIsClang(Cmd[0]), Cmd,
                                          HardErr)) {
      errs() << HardErr;
      return RC;
    }
  Cmd.insert(Cmd.end(), {"-o", std::string(TmpOut.str())});
  if (int RC = runCommand(Cmd))
    return RC;

  if (!Records.empty() && !CA.Relocatable && !Special) {
    // The records served the link; the image does not carry them.
    std::string Objcopy = FLEXCC_OBJCOPY;
    if (!sys::fs::exists(Objcopy)) {
      ErrorOr<std::string> Found = sys::findProgramByName("objcopy");
      if (!Found)
        return error("cannot find objcopy (Debian package binutils)",
                     UsageError);
      Objcopy = *Found;
    }
    if (int RC = runCommand({Objcopy, "--remove-section=" + RecordSection.str(),
                             std::string(TmpOut.str())}))
      return RC;
  }
  // 5. An mpk image may write PKRU only in flexcc's gates (ERIM): any
  // WRPKRU or XRSTOR(S) byte sequence elsewhere in its code is refused,
  // unless the configuration trusts its function.
  if (Cfg->Mech == Mechanism::Mpk && !CA.Relocatable && !Special)
    if (int RC = checkPkruInstructions(TmpOut, Output))
      return RC;
  if (!Special)
    if (std::error_code EC = sys::fs::rename(TmpOut, Output))
      return error("cannot write '" + Output + "': " + EC.message(),
                   UsageError);
  return Success;
}

int Driver::checkPkruInstructions(StringRef Image, StringRef Shown) {
  // glibc's static lazy-binding trampolines restore the extended state
  // with XRSTOR; every static image has them (docs/threat-model.md).
  std::vector<std::string> Allowed = {"_dl_runtime_resolve_xsave",
                                      "_dl_runtime_resolve_xsavec"};
  Allowed.insert(Allowed.end(), Cfg->AllowPkruInstructions.begin(),
                 Cfg->AllowPkruInstructions.end());
  Expected<std::vector<backends::PkruSite>> Sites =
      backends::scanImageForPkruInstructions(Image);
  if (!Sites)
    return error(toString(Sites.takeError()), UsageError);
  bool Refused = false;
  for (const backends::PkruSite &S : *Sites)
    if (!backends::isPkruSiteAllowed(S, Allowed)) {
      errs() << backends::formatPkruSite(Shown, S) << "\n";
      Refused = true;
    }
  return Refused ? InputError : Success;
}

int Driver::readStandardInput(CompilerArgs &CA) {
  bool Read = false;
  for (CompilerInput &In : CA.Inputs) {
    if (In.Path != "-")
      continue;
    if ((In.XLang.empty() || In.XLang == "none") &&
        CA.Mode != CompileMode::Preprocess)
      return usageError("-E or -x required when input is from standard input");
    if (Read)
      return usageError("standard input ('-') named twice");
    Read = true;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getSTDIN();
    if (!Buf)
      return error("cannot read standard input: " + Buf.getError().message(),
                   UsageError);
    // A file of our own, whose diagnostics and debug information still say
    // <stdin>, as cc's do.
    std::string Path = Tmp.file(In.Kind == InputKind::Cxx ? "stdin.cpp"
                                                          : "stdin.c");
    std::string Error;
    if (!writeFileAtomically(Path, "# 1 \"<stdin>\"\n" + (*Buf)->getBuffer().str(),
                             Error))
      return error(Error, UsageError);
    In.Path = Path;
    CA.Args[In.ArgIndex].Texts[0] = Path;
  }
  return Success;
}

/// Whether \p A names a C or C++ compiler program (cc, gcc-12, clang++-14,
/// x86_64-linux-gnu-gcc, /usr/bin/c++...) that exists: the first argument
/// of a compiler launcher's command.
static bool namesCompiler(StringRef A) {
  if (A.empty() || A[0] == '-' || A[0] == '@' ||
      inputKindForExtension(A) != InputKind::LinkInput)
    return false;
  StringRef Name = sys::path::filename(A);
  // Drop a version suffix: clang-14, gcc-12, g++-12.
  size_t Dash = Name.find_last_of('-');
  if (Dash != StringRef::npos && Dash + 1 < Name.size() &&
      all_of(Name.drop_front(Dash + 1),
             [](char C) { return isDigit(C) || C == '.'; }))
    Name = Name.take_front(Dash);
  bool Known = false;
  for (StringRef C : {"cc", "c++", "gcc", "g++", "clang", "clang++"})
    Known |= Name == C || endsWith(Name, ("-" + C).str());
  if (!Known)
    return false;
  if (A.contains('/'))
    return sys::fs::can_execute(A);
  return static_cast<bool>(sys::findProgramByName(A));
}

int Driver::wrapperMode() {
  // 'flexcc [flexcc options] /usr/bin/cc -c a.c': flexcc as a compiler
  // launcher (CMAKE_<LANG>_COMPILER_LAUNCHER, as ccache is): the program
  // named first is the real compiler.
  if (!Opts.CcArgs.empty() && namesCompiler(Opts.CcArgs.front())) {
    StringRef Real = Opts.CcArgs.front();
    if (sys::path::filename(Real).contains("++")) {
      Opts.CXX = Real.str();
      CxxDriver = true;
    } else {
      Opts.CC = Real.str();
    }
    Opts.CcArgs.erase(Opts.CcArgs.begin());
  }
  CompilerArgs CA;
  std::string Error;
  if (!classifyCompilerArgs(Opts.CcArgs, CA, Error))
    return usageError(Error);
  // As flexcc++, a C++ driver: .c sources are C++, as g++ and clang++ take
  // them; '-x c++ FILE -x none' says so to both parses.
  if (CxxDriver && any_of(CA.Inputs, [](const CompilerInput &In) {
        return In.Kind == InputKind::C &&
               (In.XLang.empty() || In.XLang == "none");
      })) {
    std::vector<std::string> Argv;
    for (const CompilerArg &A : CA.Args) {
      const CompilerInput *In = nullptr;
      for (const CompilerInput &I : CA.Inputs)
        if (A.Role == CompilerArg::Input && &CA.Args[I.ArgIndex] == &A)
          In = &I;
      bool Wrap = In && In->Kind == InputKind::C &&
                  (In->XLang.empty() || In->XLang == "none");
      if (Wrap)
        Argv.insert(Argv.end(), {"-x", "c++"});
      Argv.insert(Argv.end(), A.Texts.begin(), A.Texts.end());
      if (Wrap)
        Argv.insert(Argv.end(), {"-x", "none"});
    }
    Opts.CcArgs = Argv;
    CA = CompilerArgs();
    if (!classifyCompilerArgs(Opts.CcArgs, CA, Error))
      return usageError(Error);
  }

  // Nothing to rewrite or link (e.g. 'flexcc -dumpversion'): cc decides.
  bool HasSources = any_of(CA.Inputs, [](const CompilerInput &In) {
    return In.Kind == InputKind::C || In.Kind == InputKind::Cxx;
  });
  if (CA.Inputs.empty() ||
      (!HasSources && CA.Mode != CompileMode::Link)) {
    std::vector<std::string> Cmd = {compilerFor(CA.HasCxx || CxxDriver)};
    // 'cc -v' alone prints the compiler's version: configure scripts ask.
    if (Opts.Verbose && CA.Inputs.empty()) {
      Cmd.push_back("-v");
      Opts.Verbose = false; // cc prints no command line of its own here.
    }
    Cmd.insert(Cmd.end(), Opts.CcArgs.begin(), Opts.CcArgs.end());
    if (!CA.Inputs.empty())
      Cmd.insert(Cmd.end(), {"-I", runtimeIncludeDir()});
    return runCommand(Cmd);
  }

  int Status = Success;
  if (!loadTheConfig(Status))
    return Status;
  if (!Tmp.create(Error))
    return error(Error, UsageError);
  Tmp.Keep = Opts.KeepTemps;
  if (int RC = readStandardInput(CA))
    return RC;

  std::vector<RewrittenTu> Tus;
  // -E and -M only look at the text: no record, but the same rewrite.
  if (int RC = rewriteAll(CA, Tus))
    return RC;
  if (CA.Mode == CompileMode::Link)
    return compileAndLink(CA, Tus);
  return compileOnly(CA, Tus);
}

int Driver::rewriteFromDatabase(const CompilerArgs &CA,
                                std::list<CompilerArgs> &PerFile,
                                std::vector<RewrittenTu> &Tus) {
  SmallString<256> DbPath(Opts.CompDbDir);
  sys::path::append(DbPath, "compile_commands.json");
  std::string Problem;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> Db =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          DbPath, Problem, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return error("cannot read the compilation database '" + DbPath +
                     "': " + Problem,
                 UsageError);

  // The sources: those named, else every C and C++ source of the database.
  std::vector<std::string> Files;
  for (const CompilerInput &In : CA.Inputs)
    Files.push_back(absolutePath(In.Path));
  if (Files.empty())
    for (const std::string &F : Db->getAllFiles()) {
      InputKind K = inputKindForExtension(F);
      if (K == InputKind::C || K == InputKind::Cxx)
        Files.push_back(F);
    }
  if (Files.empty())
    return usageError("'" + DbPath + "' lists no C or C++ source");

  // Each file is parsed with its own command's options, in its command's
  // directory, after the options given to 'flexcc rewrite' itself.
  bool Failed = false;
  for (const std::string &File : Files) {
    std::vector<clang::tooling::CompileCommand> Cmds =
        Db->getCompileCommands(File);
    if (Cmds.empty()) {
      errs() << "flexcc: error: '" << displayPath(File)
             << "' has no command in '" << DbPath << "'\n";
      Failed = true;
      continue;
    }
    const clang::tooling::CompileCommand &Cmd = Cmds.front();
    std::vector<std::string> Argv;
    for (const CompilerArg &A : CA.Args)
      if (A.Role != CompilerArg::Input && A.Role != CompilerArg::Output)
        Argv.insert(Argv.end(), A.Texts.begin(), A.Texts.end());
    CompilerArgs FromDb;
    std::vector<std::string> DbArgs(Cmd.CommandLine.begin() +
                                        (Cmd.CommandLine.empty() ? 0 : 1),
                                    Cmd.CommandLine.end());
    if (!classifyCompilerArgs(DbArgs, FromDb, Problem)) {
      errs() << "flexcc: error: the command of '" << displayPath(File)
             << "' in '" << DbPath << "': " << Problem << "\n";
      Failed = true;
      continue;
    }
    for (const CompilerArg &A : FromDb.Args)
      if (A.Role != CompilerArg::Input && A.Role != CompilerArg::Output &&
          A.Role != CompilerArg::Mode && A.ForParse)
        Argv.insert(Argv.end(), A.Texts.begin(), A.Texts.end());
    Argv.push_back(File);
    CompilerArgs &One = PerFile.emplace_back();
    if (!classifyCompilerArgs(Argv, One, Problem))
      return usageError(Problem);
    // Relative -I and the like are relative to the command's directory.
    CompilerArg WorkDir;
    WorkDir.Texts = {"-working-directory", Cmd.Directory};
    WorkDir.Role = CompilerArg::CompileOnly;
    WorkDir.ForParse = true;
    One.Args.insert(One.Args.begin(), WorkDir);
    for (CompilerInput &In : One.Inputs)
      ++In.ArgIndex;
    for (const CompilerInput &In : One.Inputs) {
      RewrittenTu Tu;
      if (!rewriteInput(In, One, Tu)) {
        Failed = true;
        continue;
      }
      Tus.push_back(std::move(Tu));
    }
  }
  return Failed ? InputError : Success;
}

int Driver::rewriteMode() {
  CompilerArgs CA;
  std::string Problem;
  if (!classifyCompilerArgs(Opts.CcArgs, CA, Problem))
    return usageError(Problem);
  if (CA.Output.empty())
    return usageError("'flexcc rewrite' needs an output directory: -o DIR");
  if (CA.Inputs.empty() && Opts.CompDbDir.empty())
    return usageError("'flexcc rewrite' needs at least one source file (or "
                      "-p BUILD_DIR for every source of its "
                      "compile_commands.json)");
  for (const CompilerInput &In : CA.Inputs)
    if (In.Kind != InputKind::C && In.Kind != InputKind::Cxx)
      return usageError("'" + In.Path +
                        "' is not a C or C++ source; 'flexcc rewrite' "
                        "only rewrites sources (use -x c or -x c++ to say "
                        "what it is)");
  int Status = Success;
  if (!loadTheConfig(Status))
    return Status;

  std::vector<RewrittenTu> Tus;
  std::list<CompilerArgs> PerFile; // Tus point into them.
  if (int RC = Opts.CompDbDir.empty() ? rewriteAll(CA, Tus)
                                      : rewriteFromDatabase(CA, PerFile, Tus))
    return RC;

  std::vector<ObjectRecord> Records;
  for (const RewrittenTu &Tu : Tus)
    Records.push_back(Tu.Record);
  if (checkGateTargets(*Cfg, Records, errs(), errs().has_colors()))
    return InputError;
  if (Cfg->Mech != Mechanism::None)
    if (Error Err = backends::checkGateRecords(Records)) {
      handleAllErrors(std::move(Err), [](const ErrorInfoBase &E) {
        errs() << E.message() << "\n";
      });
      return InputError;
    }

  // Every output, by its path below DIR; a header rewritten differently by
  // two translation units is an error.
  std::map<std::string, std::pair<std::string, const RewrittenTu *>> Outputs;
  for (const RewrittenTu &Tu : Tus)
    for (auto &KV : Tu.Texts) {
      StringRef Rel = KV.first;
      if (!Rel.consume_front(Cfg->Dir) || !startsWith(Rel, "/"))
        return error("'" + displayPath(KV.first) +
                     "' lies outside the directory of the configuration ('" +
                     Cfg->Dir + "'); 'flexcc rewrite' writes each file at "
                     "its path relative to that directory");
      auto Ins = Outputs.try_emplace(Rel.drop_front().str(), KV.second, &Tu);
      if (!Ins.second && Ins.first->second.first != KV.second)
        return error("'" + displayPath(KV.first) +
                     "' is rewritten differently for '" +
                     displayPath(Ins.first->second.second->MainFile) +
                     "' and for '" + displayPath(Tu.MainFile) +
                     "' (their gates lie in different compartments); "
                     "give the header's gates one library");
    }
  std::string StubsName = Cfg->Image + ".flexcc.c";
  if (Outputs.count(StubsName))
    return error("the stubs file '" + StubsName +
                 "' would overwrite a rewritten source of the same name");
  std::string Stubs;
  raw_string_ostream OS(Stubs);
  backends::emitImageFile(*Cfg, Records, sys::path::filename(Cfg->Path), OS);
  OS.flush();
  Outputs[StubsName] = {Stubs, nullptr};

  // Every file is written to a temporary first; only when all are written
  // are they renamed into place, so a failure leaves none of them.
  std::vector<std::pair<std::string, std::string>> Staged; // temp, final
  auto dropStaged = make_scope_exit([&] {
    for (auto &S : Staged)
      sys::fs::remove(S.first);
  });
  for (auto &KV : Outputs) {
    SmallString<256> P(CA.Output);
    sys::path::append(P, KV.first);
    std::string Tmp;
    if (!writeTemporaryFile(P, KV.second.first, Tmp, Problem))
      return error(Problem, UsageError);
    Staged.emplace_back(Tmp, std::string(P.str()));
  }
  for (auto &S : Staged) {
    if (std::error_code EC = sys::fs::rename(S.first, S.second))
      return error("cannot write '" + S.second + "': " + EC.message(),
                   UsageError);
    if (Opts.Verbose)
      errs() << "flexcc: wrote '" << S.second << "'\n";
  }
  Staged.clear();
  return Success;
}

int Driver::run(ArrayRef<const char *> Argv) {
  // @file arguments, as cc reads them.
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Expanded(Argv.begin() + 1, Argv.end());
  if (!cl::ExpandResponseFiles(Saver, cl::TokenizeGNUCommandLine, Expanded))
    return usageError("cannot expand the response files of the command line");
  std::vector<std::string> Args(Expanded.begin(), Expanded.end());
  if (Args.empty()) {
    errs() << "flexcc: error: no input files\n"
              "flexcc: note: run 'flexcc --help' for usage\n";
    return UsageError;
  }
  int Status = Success;
  if (!parseOptions(Args, Status))
    return Status;
  return Opts.RewriteMode ? rewriteMode() : wrapperMode();
}

} // namespace

int flexccMain(int Argc, const char **Argv) {
  CrashRecoveryContext::Enable();
  Driver D(Argc > 0 ? Argv[0] : "flexcc");
  return D.run(ArrayRef<const char *>(Argv, Argc));
}

} // namespace flexcc
