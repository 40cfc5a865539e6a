//===--- MpkStubEmitter.cpp - gates of the 'mpk' mechanism ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// For a gate from compartment app (index 0) to recv() in compartment net
// (index 1), whose arguments all travel in registers, the stub itself is
// assembly (AT&T syntax), in a top-level asm statement of the image file:
//
//   __flexcc_gate__app__net__recv:
//     push rbx, rbp, r12-r15            the caller's, on the caller's stack
//     mov rcx->r10, rdx->r11            WRPKRU needs eax, ecx and edx
//     WRPKRU(PKRU_G(app)); check        the runtime's key opens
//     rbx = %fs:__flexcc_mpk_self       this thread's gate state; checked
//     push sp[app]; sp[app] = rsp       to lie in the runtime's region
//     rsp = sp[net]                     the callee's stack for this thread
//     WRPKRU(PKRU(net)); check
//     restore rcx, rdx; clear every other register (vzeroall for SSE/AVX)
//     call recv
//     WRPKRU(PKRU_G(app)); check; rbx = state; checked
//     rsp = sp[app]; pop sp[app]
//     WRPKRU(PKRU(app)); check
//     clear all but the result; pop r15-r12, rbp, rbx; ret
//
// A check is "cmp $value, %eax; jne fault" right after WRPKRU: a jump to
// the WRPKRU with another eax ends the image (ERIM). The values are
// immediates, so nothing an attacker can write decides them.
//
// Other prototypes get a C stub with the callee's exact prototype that
// stores the arguments in a structure in the bounce buffer (shared memory)
// and calls a gate "void (void *)" to a thunk that, in the callee's
// compartment and on its stack, calls the callee with them and stores the
// result. Copy sharing (__flexos_in...) also goes through a C stub, which
// makes the copies with the caller's rights.
//
// A callback stub (no FromCompartment) is a dispatcher: it reads PKRU
// (RDPKRU), jumps straight to the callback when the thread is in its home
// compartment already, else to the static gate from the thread's
// compartment, one per compartment.
//
//===----------------------------------------------------------------------===//
#include "backends/mpk/MpkStubEmitter.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"

namespace flexcc {
namespace backends {

using rewriters::GateRecord;

unsigned mpkPkru(unsigned Index, bool Gate) {
  unsigned Base = Gate ? 0xfffffff0u : 0xfffffffcu;
  return Base & ~(3u << (2 * Index + 4));
}

namespace {

/// Where the runtime keeps each thread's gate state: the high bits of every
/// valid state address (flexcc/backend.h, FLEXCC_MPK_STATE_BASE >> 20).
constexpr unsigned StateTag = 0x6f00000;

enum class ArgClass { Int, Sse, Other };

ArgClass classify(llvm::StringRef T) {
  static const char *const Ints[] = {
      "_Bool",       "char",          "signed char", "unsigned char",
      "short",       "unsigned short", "int",        "unsigned int",
      "long",        "unsigned long", "long long",   "unsigned long long",
      "void *"};
  for (const char *I : Ints)
    if (T == I)
      return ArgClass::Int;
  if (T == "float" || T == "double")
    return ArgClass::Sse;
  return ArgClass::Other;
}

/// The registers a prototype uses, when all of its arguments and its result
/// travel in registers (SysV x86-64).
struct RegisterPrototype {
  unsigned Ints = 0, Sses = 0;
  ArgClass Result = ArgClass::Other; ///< Other: void.
};

bool registerPrototype(const GateRecord &G, RegisterPrototype &P) {
  for (const std::string &T : G.ParamTypes) {
    ArgClass C = classify(T);
    if (C == ArgClass::Int)
      ++P.Ints;
    else if (C == ArgClass::Sse)
      ++P.Sses;
    else
      return false;
  }
  if (P.Ints > 6 || P.Sses > 8)
    return false;
  if (G.ReturnType == "void")
    return true;
  P.Result = classify(G.ReturnType);
  return P.Result != ArgClass::Other;
}

unsigned indexOf(const Config &Cfg, llvm::StringRef Comp) {
  for (unsigned I = 0; I != Cfg.Compartments.size(); ++I)
    if (Cfg.Compartments[I].Name == Comp)
      return I;
  return 0; // checkGateRecords and the config checks rule this out.
}

std::string hex(unsigned V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << llvm::format_hex(V, 10);
  return OS.str();
}

/// Lines of a top-level asm statement.
class Asm {
public:
  explicit Asm(llvm::raw_ostream &OS) : OS(OS) { OS << "__asm__(\n"; }
  ~Asm() { OS << ");\n"; }
  Asm &operator()(const llvm::Twine &Line) {
    std::string L = Line.str();
    bool Label = !L.empty() && L.back() == ':';
    std::string Escaped;
    for (char C : L) {
      if (C == '"' || C == '\\')
        Escaped += '\\';
      Escaped += C;
    }
    OS << "\t\"" << (Label ? "" : "\t") << Escaped << "\\n\"\n";
    return *this;
  }

private:
  llvm::raw_ostream &OS;
};

/// The integer argument registers, by their 32-bit names (xorl clears all
/// 64 bits).
const char *const IntRegs[] = {"%edi", "%esi", "%edx", "%ecx", "%r8d", "%r9d"};

/// WRPKRU with an immediate value, then the check that PKRU holds it.
/// WRPKRU needs ecx and edx zero: \p Zeroed says they are already (from
/// the gate's previous WRPKRU; if a jump lands here with other values, the
/// instruction faults).
void writePkru(Asm &A, unsigned Value, llvm::StringRef Fault,
               bool Zeroed = false) {
  A("movl $" + hex(Value) + ", %eax");
  if (!Zeroed)
    A("xorl %ecx, %ecx")("xorl %edx, %edx");
  A("wrpkru")("cmpl $" + hex(Value) + ", %eax")("jne " + Fault);
}

/// rbx = this thread's gate state, checked to lie in the runtime's region;
/// jumps to \p Otherwise if not (rbp is scratch).
void loadState(Asm &A, llvm::StringRef Otherwise) {
  A("movq %fs:__flexcc_mpk_self@tpoff, %rbx")("movq %rbx, %rbp")(
      "shrq $20, %rbp")("cmpq $" + hex(StateTag) + ", %rbp")("jne " +
                                                             Otherwise);
}

/// Opens function \p Name in the gates' section, hidden (the image's own),
/// global unless \p Global is false.
void beginFunction(Asm &A, llvm::StringRef Name, bool Global) {
  A(".pushsection flexcc_mpk_gates, \"ax\", @progbits");
  if (Global)
    A(".globl " + Name);
  A(".hidden " + Name)(".type " + Name + ", @function")(".p2align 4");
  A(Name + ":");
}

/// The jump to the runtime's report \p Handler with the PKRU value found
/// (eax) and the string at \p NameLabel; at \p Label unless it is empty.
void faultExit(Asm &A, llvm::StringRef Label, llvm::StringRef NameLabel,
               llvm::StringRef Handler) {
  if (!Label.empty())
    A(Label + ":");
  A("movl %eax, %esi")("leaq " + NameLabel + "(%rip), %rdi")("jmp " + Handler);
}

/// Closes function \p Name, then defines the string its fault exit names:
/// \p Text at \p NameLabel.
void endFunction(Asm &A, llvm::StringRef Name, llvm::StringRef NameLabel,
                 llvm::StringRef Text) {
  A(".size " + Name + ", . - " + Name)(".popsection");
  A(".pushsection .rodata.str1.1, \"aMS\", @progbits, 1");
  A(NameLabel + ":")(".asciz \"" + Text + "\"")(".popsection");
}

/// The call of \p Target: a function, or (a static callback) a pointer
/// variable that holds it.
std::string callOf(llvm::StringRef Target, bool Jump) {
  std::string Op = Jump ? "jmp " : "call ";
  if (startsWith(Target, "__flexcc_cbref__"))
    return Op + "*" + Target.str() + "(%rip)";
  return Op + Target.str() + "@PLT";
}

/// A gate with register prototype \p P from compartment \p From to \p To
/// that calls \p Target, named \p Name. \p Display names it in reports.
void emitRegisterGate(llvm::raw_ostream &OS, llvm::StringRef Name,
                      llvm::StringRef Target, unsigned From, unsigned To,
                      const RegisterPrototype &P, bool Global) {
  std::string L = ".L" + Name.str(); // Local labels of this gate.
  std::string SpFrom = std::to_string(8 * From) + "(%rbx)";
  std::string SpTo = std::to_string(8 * To) + "(%rbx)";
  Asm A(OS);
  beginFunction(A, Name, Global);
  for (const char *R : {"%rbx", "%rbp", "%r12", "%r13", "%r14", "%r15"})
    A("pushq " + llvm::Twine(R));
  if (P.Ints >= 4)
    A("movq %rcx, %r10");
  if (P.Ints >= 3)
    A("movq %rdx, %r11");
  writePkru(A, mpkPkru(From, true), L + "_fault");
  A(L + "_state:");
  loadState(A, L + "_attach");
  A("pushq " + SpFrom)("movq %rsp, " + SpFrom)("movq " + SpTo + ", %rsp");
  writePkru(A, mpkPkru(To, false), L + "_fault", /*Zeroed=*/true);
  if (P.Ints >= 4)
    A("movq %r10, %rcx");
  if (P.Ints >= 3)
    A("movq %r11, %rdx");
  // Nothing of the caller's reaches the callee but its arguments.
  for (const char *R : {"%ebx", "%ebp", "%r12d", "%r13d", "%r14d", "%r15d"})
    A("xorl " + llvm::Twine(R) + ", " + R);
  for (unsigned I = P.Ints; I < 6; ++I)
    if (I != 2 && I != 3) // rdx and rcx are 0 after WRPKRU.
      A("xorl " + llvm::Twine(IntRegs[I]) + ", " + IntRegs[I]);
  if (P.Ints < 4)
    A("xorl %r10d, %r10d");
  if (P.Ints < 3)
    A("xorl %r11d, %r11d");
  if (P.Sses == 0)
    A("vzeroall");
  else
    for (unsigned I = P.Sses; I < 16; ++I)
      A("vpxor %xmm" + llvm::Twine(I) + ", %xmm" + llvm::Twine(I) + ", %xmm" +
        llvm::Twine(I));
  A(callOf(Target, false));
  // The way back. The callee's registers are untrusted: only immediates and
  // the checked gate state decide the caller's stack and rights.
  if (P.Result == ArgClass::Int)
    A("movq %rax, %r10");
  writePkru(A, mpkPkru(From, true), L + "_fault");
  loadState(A, L + "_fault");
  A("movq " + SpFrom + ", %rsp")("popq " + SpFrom);
  writePkru(A, mpkPkru(From, false), L + "_fault", /*Zeroed=*/true);
  // r10 holds the result, or is cleared.
  if (P.Result == ArgClass::Int)
    A("movq %r10, %rax");
  else
    A("xorl %eax, %eax")("xorl %r10d, %r10d");
  for (const char *R : {"%edi", "%esi", "%r8d", "%r9d", "%r11d"})
    A("xorl " + llvm::Twine(R) + ", " + R);
  if (P.Result == ArgClass::Sse)
    for (unsigned I = 1; I < 16; ++I)
      A("vpxor %xmm" + llvm::Twine(I) + ", %xmm" + llvm::Twine(I) + ", %xmm" +
        llvm::Twine(I));
  else
    A("vzeroall");
  for (const char *R : {"%r15", "%r14", "%r13", "%r12", "%rbp", "%rbx"})
    A("popq " + llvm::Twine(R));
  A("ret");
  // Out of line: the thread's first gate, and a failed check.
  A(L + "_attach:")("call __flexcc_mpk_attach")("jmp " + L + "_state");
  faultExit(A, L + "_fault", L + "_name", "__flexcc_mpk_gate_fault");
  endFunction(A, Name, L + "_name", Name);
}

/// A callback dispatcher named \p Name: enters \p To, where \p Target lives,
/// from whichever compartment the thread is in.
void emitDispatcher(const Config &Cfg, llvm::raw_ostream &OS,
                    llvm::StringRef Name, llvm::StringRef Target, unsigned To,
                    const RegisterPrototype &P) {
  for (unsigned C = 0; C != Cfg.Compartments.size(); ++C)
    if (C != To)
      emitRegisterGate(OS, "__flexcc_mpkcb__" + std::to_string(C) + "__" +
                               Name.str(),
                       Target, C, To, P, /*Global=*/false);
  std::string L = ".L" + Name.str();
  Asm A(OS);
  beginFunction(A, Name, /*Global=*/true);
  // RDPKRU needs ecx = 0 and writes eax and edx: keep rcx and rdx.
  A("movq %rcx, %r10")("movq %rdx, %r11")("xorl %ecx, %ecx")("rdpkru")(
      "movq %r10, %rcx")("movq %r11, %rdx");
  A("cmpl $" + hex(mpkPkru(To, false)) + ", %eax");
  A("jne " + L + "_other")(callOf(Target, true));
  A(L + "_other:");
  for (unsigned C = 0; C != Cfg.Compartments.size(); ++C)
    if (C != To)
      A("cmpl $" + hex(mpkPkru(C, false)) + ", %eax")(
          "je __flexcc_mpkcb__" + std::to_string(C) + "__" + Name);
  faultExit(A, "", L + "_name", "__flexcc_mpk_callback_fault");
  endFunction(A, Name, L + "_name", Name);
}

} // namespace

void MpkStubEmitter::emitPrologue(const Config &Cfg, llvm::raw_ostream &OS) {
  OS << "/*\n"
        " * mpk gates (flexcc/backend.h, section \"mpk\"). Compartment i has "
        "protection\n"
        " * key i + 2; the PKRU values below are immediates of the gates.\n"
        " */\n";
  for (unsigned I = 0; I != Cfg.Compartments.size(); ++I)
    OS << "/* " << Cfg.Compartments[I].Name << ": PKRU "
       << hex(mpkPkru(I, false)) << ", in a gate " << hex(mpkPkru(I, true))
       << " */\n";
  // Each compartment's signal handlers, in its own private data: only code
  // running with its rights can register one (mpk.c, signals).
  OS << "\n/* Signal handlers, each in its compartment's private data. */\n";
  for (const Compartment &C : Cfg.Compartments)
    OS << "void *__flexcc_mpk_handlers_" << C.Name
       << "[FLEXCC_MPK_NSIG] __attribute__((section(\".flexos." << C.Name
       << ".data.flexcc_mpk\"), aligned(64))) = { 0 };\n";
  OS << "void *const __flexcc_mpk_handler_tables[FLEXCC_NR_COMPARTMENTS] = "
        "{\n";
  for (const Compartment &C : Cfg.Compartments)
    OS << "\t__flexcc_mpk_handlers_" << C.Name << ",\n";
  OS << "};\n";

  // main() is entered with the default compartment's rights, an immediate,
  // and never returned from: it would hand them to whoever jumped here.
  unsigned Default = 0;
  for (unsigned I = 0; I != Cfg.Compartments.size(); ++I)
    if (Cfg.Compartments[I].IsDefault)
      Default = I;
  OS << "\n/* main(), in the default compartment (runtime/src/dss.c). */\n"
        "int __flexcc_main_entry(int, char **, char **);\n";
  Asm A(OS);
  beginFunction(A, "__flexcc_main_entry", /*Global=*/true);
  A("movq %rdx, %r10");
  writePkru(A, mpkPkru(Default, false), ".L__flexcc_main_entry_fault");
  A("movq %r10, %rdx")("subq $8, %rsp")("call __real_main@PLT")(
      "movl %eax, %edi")("call exit@PLT")("ud2");
  faultExit(A, ".L__flexcc_main_entry_fault", ".L__flexcc_main_entry_name",
            "__flexcc_mpk_gate_fault");
  endFunction(A, "__flexcc_main_entry", ".L__flexcc_main_entry_name",
              "the entry of main");
}

void MpkStubEmitter::emitStub(const Config &Cfg, const GateRecord &G,
                              llvm::raw_ostream &OS) {
  bool Callback = G.FromCompartment.empty();
  unsigned To = indexOf(Cfg, G.ToCompartment);
  unsigned From = Callback ? 0 : indexOf(Cfg, G.FromCompartment);
  RegisterPrototype P;
  bool Direct = registerPrototype(G, P);
  OS << "\n/* " << (Callback ? "callback " : "gate ") << G.StubName << ": "
     << calleeDisplayName(G) << "() in " << G.ToCompartment << " */\n";

  // The register-level entry and what it calls.
  auto emitEntry = [&](llvm::StringRef Name, llvm::StringRef Target,
                       const RegisterPrototype &RP) {
    if (Callback)
      emitDispatcher(Cfg, OS, Name, Target, To, RP);
    else
      emitRegisterGate(OS, Name, Target, From, To, RP, /*Global=*/true);
  };

  if (Direct && G.Copies.empty()) {
    OS << formatPrototype(G, G.StubName, /*NamedParams=*/false) << ";\n";
    emitEntry(G.StubName, G.Callee, P);
    return;
  }

  bool Void = G.ReturnType == "void";
  std::string Entry = G.StubName + "__enter";
  if (Direct) {
    // Copy sharing around a register gate.
    OS << formatPrototype(G, Entry, /*NamedParams=*/false) << ";\n";
    emitEntry(Entry, G.Callee, P);
    OS << formatPrototype(G, G.StubName, /*NamedParams=*/false) << ";\n";
    OS << formatPrototype(G, G.StubName, /*NamedParams=*/true) << "\n{\n";
    if (!Void)
      OS << "\t" << declareAs(G.ReturnType, "__r") << ";\n";
    OS << copyInCode(G) << "\n\t" << (Void ? "" : "__r = ") << Entry << "(";
    for (size_t I = 0; I != G.ParamTypes.size(); ++I)
      OS << (I ? ", " : "") << stubArgument(G, I);
    OS << ");\n" << copyOutCode(G);
    if (!Void)
      OS << "\treturn __r;\n";
    OS << "}\n";
    return;
  }

  // Arguments in memory: a structure in the bounce buffer and a thunk.
  std::string Args = "struct " + G.StubName + "__args";
  std::string Thunk = G.StubName + "__thunk";
  OS << Args << " {\n";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    OS << "\t" << declareAs(G.ParamTypes[I], "a" + std::to_string(I))
       << ";\n";
  if (!Void)
    OS << "\t" << declareAs(G.ReturnType, "r") << ";\n";
  if (G.ParamTypes.empty() && Void)
    OS << "\tchar unused;\n";
  OS << "};\n";
  OS << "void " << Thunk << "(void *) __attribute__((visibility(\"hidden\")));\n";
  OS << "void " << Thunk << "(void *__v)\n{\n\t" << Args << " *__p = __v;\n\n\t"
     << (Void ? "" : "__p->r = ") << G.Callee << "(";
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    OS << (I ? ", " : "") << "__p->a" << I;
  OS << ");\n}\n";
  RegisterPrototype ThunkP;
  ThunkP.Ints = 1;
  OS << "void " << Entry << "(void *);\n";
  emitEntry(Entry, Thunk, ThunkP);
  OS << formatPrototype(G, G.StubName, /*NamedParams=*/false) << ";\n";
  OS << formatPrototype(G, G.StubName, /*NamedParams=*/true) << "\n{\n";
  OS << "\t" << Args << " __l, *__p;\n";
  if (!Void)
    OS << "\t" << declareAs(G.ReturnType, "__r") << ";\n";
  OS << "\tstatic const struct flexcc_copy_site __args_site = { \""
     << calleeDisplayName(G) << "\", 0, \"(arguments)\" };\n";
  std::string In = copyInCode(G);
  OS << (In.empty() ? "\tunsigned long __m = flexcc_bounce_mark();\n" : In);
  for (size_t I = 0; I != G.ParamTypes.size(); ++I)
    OS << "\t__l.a" << I << " = " << stubArgument(G, I) << ";\n";
  OS << "\t__p = flexcc_bounce_in(&__l, sizeof(__l), &__args_site);\n";
  OS << "\t" << Entry << "(__p);\n";
  if (!Void)
    OS << "\t__r = __p->r;\n";
  std::string Out = copyOutCode(G);
  OS << (Out.empty() ? "\tflexcc_bounce_release(__m);\n" : Out);
  if (!Void)
    OS << "\treturn __r;\n";
  OS << "}\n";
}

void MpkStubEmitter::emitEpilogue(const Config &,
                                  const std::vector<rewriters::GateRecord> &,
                                  llvm::raw_ostream &) {}

} // namespace backends
} // namespace flexcc
