//===--- LowerGateRewrite.cpp - lower gates to calls or stubs ------------===//
// SPDX-License-Identifier: Apache-2.0
//
// How a gate is found: under __FLEXCC__, flexos.h expands every gate to a
// real call whose callee is '(marker, fn)', the marker being a string
// literal "flexcc-gate:<kind>:<lib>" (or, for FlexOS's already-lowered
// gates, the string followed by the 'from' and 'to' key expressions). The
// AST gives the semantics (callee, prototype, argument types); the text to
// rewrite is found by lexing, raw, the gate macro's invocation where its name
// is spelled, so that gates written in macro bodies and macro arguments are
// rewritten where they stand.
//
//===----------------------------------------------------------------------===//
#include "rewriters/LowerGateRewrite.h"
#include "rewriters/RewriteSupport.h"
#include "flexcc/LlvmCompat.h"
#include "flexcc/Config.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace flexcc {
namespace rewriters {

namespace {

/// The largest value a gate may return by value: beyond it a mechanism would
/// have to write the result through a pointer into the caller's private
/// memory.
constexpr uint64_t MaxGateReturnBytes = 256;

constexpr llvm::StringLiteral MarkerPrefix = "flexcc-gate:";

/// The shape of each gate macro: how many leading arguments precede the
/// callee's arguments, and which of them are the library, the result lvalue
/// and the callee (-1: none).
struct GateShape {
  llvm::StringRef Kind;
  llvm::StringRef Macro;
  int Lib, From, To, Ret, Fn;
  unsigned Leading;
};

const GateShape Shapes[] = {
    {"gate", "flexos_gate", 0, -1, -1, -1, 1, 2},
    {"gate_r", "flexos_gate_r", 0, -1, -1, 1, 2, 3},
    {"nop", "flexos_nop_gate", -1, 0, 1, -1, 2, 3},
    {"nop_r", "flexos_nop_gate_r", -1, 0, 1, 2, 3, 4},
    {"intelpku", "flexos_intelpku_gate", -1, 0, 1, -1, 2, 3},
    {"intelpku_r", "flexos_intelpku_gate_r", -1, 0, 1, 2, 3, 4},
    {"vmept", "flexos_vmept_gate", -1, 0, 1, -1, 2, 3},
    {"vmept_r", "flexos_vmept_gate_r", -1, 0, 1, 2, 3, 4},
};

const GateShape *shapeForKind(llvm::StringRef Kind) {
  for (const GateShape &S : Shapes)
    if (S.Kind == Kind)
      return &S;
  return nullptr;
}


/// The name a function has at link time, as the records spell it.
std::string symbolName(const FunctionDecl *FD) {
  if (FD->isExternC() || !FD->getASTContext().getLangOpts().CPlusPlus)
    return FD->getName().str();
  return FD->getQualifiedNameAsString();
}

/// The line breaks of a removed stretch of text, in order, with the
/// backslash of an escaped newline and the indentation after the last one:
/// what keeps every later line where it was.
std::string keptLineBreaks(llvm::StringRef Removed) {
  std::string Kept;
  size_t LastBreak = llvm::StringRef::npos;
  for (size_t I = 0; I < Removed.size(); ++I) {
    if (Removed[I] != '\n')
      continue;
    size_t Start = I;
    if (Start > 0 && Removed[Start - 1] == '\r')
      --Start;
    if (Start > 0 && Removed[Start - 1] == '\\')
      --Start;
    Kept += Removed.slice(Start, I + 1).str();
    LastBreak = I;
  }
  if (LastBreak != llvm::StringRef::npos) {
    llvm::StringRef Tail = Removed.substr(LastBreak + 1);
    Kept += Tail.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
  }
  return Kept;
}

bool isFileLevel(const DeclContext *DC) {
  return DC->isFileContext() || isa<LinkageSpecDecl>(DC) ||
         isa<ExternCContextDecl>(DC);
}

} // namespace

const Decl *LowerGateRewrite::topLevelDeclAt(ASTContext &Ctx,
                                             SourceLocation Loc) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (TopLevel.empty()) {
    // The translation unit's declarations, in order; a gate's enclosing one
    // is found by binary search instead of a walk up the parent map.
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
      SourceLocation E = SM.getExpansionRange(D->getEndLoc()).getEnd();
      if (B.isValid() && E.isValid() && !D->isImplicit())
        TopLevel.push_back({B, E, D});
    }
  }
  Loc = SM.getExpansionLoc(Loc);
  auto It = llvm::partition_point(TopLevel, [&](const TopLevelDecl &T) {
    return !SM.isBeforeInTranslationUnit(Loc, T.Begin);
  });
  // The declarations that begin last at or before Loc: several when they
  // share a declaration group ('struct s {...} v = ...;'), which then also
  // share the place where a stub's declaration goes.
  if (It == TopLevel.begin())
    return nullptr;
  SourceLocation GroupBegin = std::prev(It)->Begin;
  while (It != TopLevel.begin()) {
    --It;
    if (It->Begin != GroupBegin)
      break;
    if (!SM.isBeforeInTranslationUnit(It->End, Loc))
      return It->D;
  }
  return nullptr;
}

struct LowerGateRewrite::Gate {
  const CallExpr *Call = nullptr;
  const GateShape *Shape = nullptr;
  std::string LibIdent;
  const Expr *FromExpr = nullptr, *ToExpr = nullptr;
  const Expr *CalleeExpr = nullptr;
  const FunctionDecl *Callee = nullptr;
  const Library *ToLib = nullptr;
  const Compartment *ToComp = nullptr;
  bool ToLibc = false;
  bool Plain = true;
  std::string StubName;

  SourceLocation MacroLoc; ///< Where diagnostics about the gate point.
  SourceLocation ExpansionBegin; ///< Where clang says the macro expanded.
  // Where the invocation is written.
  FileID FID;
  std::string File;
  llvm::StringRef Buffer;
  unsigned NameBegin = 0, RParen = 0;
  std::vector<std::pair<unsigned, unsigned>> Args; ///< [begin, end) offsets
  bool WrittenInFile = false; ///< Written directly in a file, not a macro.

  llvm::StringRef argText(unsigned I) const {
    return Buffer.slice(Args[I].first, Args[I].second);
  }
  /// Where the callee's own arguments start (or the closing parenthesis).
  unsigned callArgsBegin() const {
    return Args.size() > Shape->Leading ? Args[Shape->Leading].first : RParen;
  }
};

void LowerGateRewrite::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(
      callExpr(callee(expr(ignoringParenImpCasts(
                   binaryOperator(hasOperatorName(","))))))
          .bind("call"),
      this);
}

class LowerGateRewrite::ExpansionRecorder : public PPCallbacks {
public:
  ExpansionRecorder(LowerGateRewrite &R, const SourceManager &SM)
      : R(R), SM(SM) {}

  void MacroExpands(const Token &NameTok, const MacroDefinition &,
                    SourceRange Range, const MacroArgs *Args) override {
    const IdentifierInfo *II = NameTok.getIdentifierInfo();
    if (!II || !Args)
      return;
    const GateShape *Shape = nullptr;
    for (const GateShape &S : Shapes)
      if (S.Macro == II->getName())
        Shape = &S;
    if (!Shape || (unsigned)Shape->Fn >= Args->getNumMacroArguments())
      return;
    const Token *Fn = Args->getUnexpArgument(Shape->Fn);
    if (!Fn || Fn->is(tok::eof))
      return;
    Invocation Inv;
    Inv.Name = SM.getSpellingLoc(NameTok.getLocation());
    Inv.RParen = SM.getSpellingLoc(Range.getEnd());
    Inv.NameInFile = NameTok.getLocation().isFileID();
    auto [It, New] =
        R.Invocations.try_emplace(SM.getSpellingLoc(Fn->getLocation()), Inv);
    // One callee token named by gates written in different places (a macro
    // that pastes the gate's name): no single place to rewrite.
    if (!New && (It->second.Name != Inv.Name || It->second.RParen != Inv.RParen))
      It->second.Ambiguous = true;
  }

private:
  LowerGateRewrite &R;
  const SourceManager &SM;
};

std::unique_ptr<PPCallbacks>
LowerGateRewrite::createExpansionRecorder(const SourceManager &SM) {
  return std::make_unique<ExpansionRecorder>(*this, SM);
}

void LowerGateRewrite::report(ASTContext &Ctx, SourceLocation Loc,
                              llvm::StringRef Message) {
  reportError(Ctx, Loc, Id, Message);
}

std::string LowerGateRewrite::fileLibraryName() const {
  return FileLib ? "library '" + FileLib->Name + "'"
                 : "code outside any library (compartment '" +
                       FileComp->Name + "')";
}

bool LowerGateRewrite::decodeMarker(const CallExpr *Call, Gate &G) {
  const auto *Comma =
      dyn_cast<BinaryOperator>(Call->getCallee()->IgnoreParenImpCasts());
  if (!Comma || Comma->getOpcode() != BO_Comma)
    return false;
  llvm::SmallVector<const Expr *, 4> Parts;
  std::function<void(const Expr *)> Flatten = [&](const Expr *E) {
    E = E->IgnoreParens();
    if (const auto *B = dyn_cast<BinaryOperator>(E))
      if (B->getOpcode() == BO_Comma) {
        Flatten(B->getLHS());
        Flatten(B->getRHS());
        return;
      }
    Parts.push_back(E);
  };
  Flatten(Comma->getLHS());
  const auto *Cast = dyn_cast<CStyleCastExpr>(Parts[0]);
  if (!Cast || !Cast->getType()->isVoidType())
    return false;
  const auto *Str =
      dyn_cast<StringLiteral>(Cast->getSubExpr()->IgnoreParenImpCasts());
  if (!Str || Str->getCharByteWidth() != 1 ||
      !startsWith(Str->getString(), MarkerPrefix))
    return false;

  auto [Kind, Lib] = Str->getString().drop_front(MarkerPrefix.size()).split(':');
  G.Shape = shapeForKind(Kind);
  if (!G.Shape)
    return false;
  if (G.Shape->Lib >= 0) {
    G.LibIdent = Lib.str();
  } else {
    if (Parts.size() != 3)
      return false;
    G.FromExpr = cast<CStyleCastExpr>(Parts[1])->getSubExpr();
    G.ToExpr = cast<CStyleCastExpr>(Parts[2])->getSubExpr();
  }
  G.Call = Call;
  G.CalleeExpr = Comma->getRHS()->IgnoreParenImpCasts();
  return true;
}

bool LowerGateRewrite::locateInvocation(ASTContext &Ctx, Gate &G) {
  SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  const auto *Paren = dyn_cast<ParenExpr>(G.Call->getCallee()->IgnoreImpCasts());
  SourceLocation L = Paren ? Paren->getLParen() : SourceLocation();
  if (!L.isMacroID() ||
      Lexer::getImmediateMacroName(L, SM, LO) != G.Shape->Macro) {
    report(Ctx, G.Call->getBeginLoc(),
           "gate cannot be rewritten where it stands: it does not come from "
           "an expansion of '" + G.Shape->Macro.str() + "'");
    return false;
  }
  CharSourceRange Range = SM.getImmediateExpansionRange(L);
  G.MacroLoc = G.ExpansionBegin = Range.getBegin();
  G.WrittenInFile = G.MacroLoc.isFileID();
  SourceLocation NameSpell = SM.getSpellingLoc(Range.getBegin());
  SourceLocation EndSpell = SM.getSpellingLoc(Range.getEnd());

  // Where the preprocessor saw the invocation, found through the callee
  // argument's spelling. When the callee comes out of macros, each step of
  // the token's history is tried and the outermost match kept: the inner
  // steps' spellings (a macro body naming the callee) may be shared with
  // other gates.
  const Invocation *Found = nullptr;
  for (SourceLocation FnLoc = G.CalleeExpr->getBeginLoc(); FnLoc.isValid();) {
    auto It = Invocations.find(SM.getSpellingLoc(FnLoc));
    if (It != Invocations.end())
      Found = &It->second;
    if (!FnLoc.isMacroID())
      break;
    // Back through the token's history: from a macro argument to where the
    // argument was written, from a macro body to where the macro was named.
    FnLoc = SM.isMacroArgExpansion(FnLoc)
                ? SM.getImmediateSpellingLoc(FnLoc)
                : SM.getImmediateExpansionRange(FnLoc).getBegin();
  }
  if (Found) {
    if (Found->Ambiguous) {
      report(Ctx, G.MacroLoc,
             "gate cannot be rewritten where it stands: its callee is "
             "written once for gates written in several places");
      return false;
    }
    NameSpell = Found->Name;
    EndSpell = Found->RParen;
    if (Found->NameInFile) {
      G.WrittenInFile = true;
      G.MacroLoc = NameSpell;
    }
  }
  std::pair<FileID, unsigned> Name = SM.getDecomposedLoc(NameSpell);
  std::pair<FileID, unsigned> End = SM.getDecomposedLoc(EndSpell);
  bool Invalid = false;
  G.FID = Name.first;
  G.Buffer = SM.getBufferData(G.FID, &Invalid);
  G.File = Paths.of(SM, G.FID);
  if (Invalid || G.File.empty()) {
    report(Ctx, G.MacroLoc,
           "gate cannot be rewritten where it stands: its text is not in a "
           "source file");
    return false;
  }

  auto Fail = [&](llvm::StringRef Why) {
    report(Ctx, G.MacroLoc,
           ("gate cannot be rewritten where it stands: " + Why).str());
    return false;
  };

  Lexer Lex(SM.getLocForStartOfFile(G.FID), LO, G.Buffer.begin(),
            G.Buffer.begin() + Name.second, G.Buffer.end());
  Token Tok;
  Lex.LexFromRawLexer(Tok);
  if (!Tok.is(tok::raw_identifier) || Tok.getRawIdentifier() != G.Shape->Macro)
    return Fail("the name '" + G.Shape->Macro.str() +
                "' is not written where the gate is");
  G.NameBegin = Name.second;
  Lex.LexFromRawLexer(Tok);
  if (!Tok.is(tok::l_paren))
    return Fail("'" + G.Shape->Macro.str() +
                "' is not followed by its arguments where it is written "
                "(it reaches them through another macro)");

  int Depth = 1;
  bool ArgOpen = false;
  unsigned ArgBegin = 0, ArgEnd = 0;
  auto CloseArg = [&]() {
    G.Args.emplace_back(ArgBegin, ArgOpen ? ArgEnd : ArgBegin);
    ArgOpen = false;
  };
  while (true) {
    Lex.LexFromRawLexer(Tok);
    unsigned Off = SM.getFileOffset(Tok.getLocation());
    if (Tok.is(tok::eof))
      return Fail("its argument list is not closed where it is written");
    if (Tok.isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
      ++Depth;
    else if (Tok.isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
      --Depth;
    if (Depth == 0) {
      if (ArgOpen || !G.Args.empty())
        CloseArg();
      G.RParen = Off;
      break;
    }
    if (Depth == 1 && Tok.is(tok::comma)) {
      if (!ArgOpen)
        ArgBegin = Off;
      CloseArg();
      continue;
    }
    if (!ArgOpen) {
      ArgOpen = true;
      ArgBegin = Off;
    }
    ArgEnd = Off + Tok.getLength();
  }
  if (End.first != G.FID || End.second != G.RParen)
    return Fail("its parts are written in different places (the closing "
                "parenthesis comes from another macro)");
  if (G.Args.size() < G.Shape->Leading)
    return Fail("'" + G.Shape->Macro.str() +
                "' has fewer arguments where it is written than it needs");
  return true;
}

bool LowerGateRewrite::checkArguments(ASTContext &Ctx, const CallExpr *Call,
                                      const FunctionDecl *FD) {
  const auto *Proto = FD->getType()->getAs<FunctionProtoType>();
  if (!Proto)
    return true;
  bool Ok = true;
  for (unsigned I = 0; I < Call->getNumArgs() && I < Proto->getNumParams();
       ++I) {
    const Expr *Arg = Call->getArg(I);
    const auto *ICE = dyn_cast<ImplicitCastExpr>(Arg);
    if (!ICE)
      continue;
    QualType From = ICE->getSubExpr()->getType();
    QualType To = Proto->getParamType(I);
    bool Bad = false;
    switch (ICE->getCastKind()) {
    case CK_IntegralToPointer:
    case CK_PointerToIntegral:
    case CK_PointerToBoolean:
      Bad = true;
      break;
    case CK_BitCast: {
      // C converts any object pointer to and from 'void *' implicitly;
      // anything else that needed a bit cast is an incompatible pointer.
      QualType FP = From->getPointeeType(), TP = To->getPointeeType();
      if (FP.isNull() || TP.isNull())
        break;
      if (FP->isVoidType() || TP->isVoidType())
        Bad = FP->isFunctionType() || TP->isFunctionType();
      else
        Bad = !Ctx.hasSameUnqualifiedType(FP, TP);
      break;
    }
    default:
      break;
    }
    if (Bad) {
      report(Ctx, Arg->getExprLoc(),
             ("argument " + llvm::Twine(I + 1) + " of gate to '" +
              FD->getName() + "' has type '" + From.getAsString() +
              "', incompatible with parameter type '" + To.getAsString() + "'")
                 .str());
      Ok = false;
    }
  }
  return Ok;
}

bool LowerGateRewrite::prepareStub(ASTContext &Ctx, Gate &G) {
  const FunctionDecl *FD = G.Callee;
  std::string Mech = mechanismName(Cfg.Mech).str();
  std::string Who = "cannot gate to '" + FD->getNameAsString() +
                    "' under mechanism '" + Mech + "'";
  const auto *Proto = FD->getType()->getAs<FunctionProtoType>();
  if (!Proto) {
    report(Ctx, G.MacroLoc, Who + ": it has no prototype");
    return false;
  }
  if (Proto->isVariadic()) {
    report(Ctx, G.MacroLoc,
           "cannot gate to variadic function '" + FD->getNameAsString() +
               "' under mechanism '" + Mech + "'");
    reportNote(Ctx, FD->getLocation(), "'" + FD->getNameAsString() + "' declared here");
    return false;
  }
  if (Ctx.getLangOpts().CPlusPlus && !FD->isExternC()) {
    report(Ctx, G.MacroLoc,
           Who + ": it has C++ linkage; declare it extern \"C\"");
    return false;
  }
  if (!FD->isExternallyVisible()) {
    report(Ctx, G.MacroLoc, Who + ": it has internal linkage");
    return false;
  }
  QualType Ret = Proto->getReturnType();
  if (Ret->isRecordType() && !Ret->isIncompleteType() &&
      Ctx.getTypeSizeInChars(Ret).getQuantity() > (int64_t)MaxGateReturnBytes) {
    report(Ctx, G.MacroLoc,
           Who + ": it returns '" + Ret.getAsString() + "' of " +
               std::to_string(Ctx.getTypeSizeInChars(Ret).getQuantity()) +
               " bytes, more than the " + std::to_string(MaxGateReturnBytes) +
               " a gate can return");
    return false;
  }

  G.StubName = "__flexcc_gate__" + FileComp->Name + "__" + G.ToComp->Name +
               "__" + FD->getName().str();
  if (RecordedStubs.count(G.StubName))
    return true;

  GateRecord R;
  R.FromCompartment = FileComp->Name;
  R.ToCompartment = G.ToComp->Name;
  R.ToLibrary = G.ToLib ? G.ToLib->Name : "";
  R.Callee = symbolName(FD);
  R.StubName = G.StubName;
  std::string Why;
  if (!Printer->spell(Ret, R.ReturnType, R.Types, Why)) {
    report(Ctx, G.MacroLoc,
           Who + ": its return type '" + Ret.getAsString() + "' " + Why);
    return false;
  }
  for (unsigned I = 0; I < Proto->getNumParams(); ++I) {
    std::string P;
    QualType PT = Proto->getParamType(I);
    if (!Printer->spell(PT, P, R.Types, Why)) {
      report(Ctx, G.MacroLoc,
             Who + ": parameter " + std::to_string(I + 1) + " has type '" +
                 PT.getAsString() + "', which " + Why);
      return false;
    }
    R.ParamTypes.push_back(P);
  }
  if (const std::vector<CopySpec> *Copies = CopyAnnotations.read(Ctx, FD))
    R.Copies = *Copies;
  PresumedLoc PL = Ctx.getSourceManager().getPresumedLoc(
      Ctx.getSourceManager().getExpansionLoc(G.MacroLoc));
  if (PL.isValid()) {
    R.File = Paths.normalize(PL.getFilename());
    R.Line = PL.getLine();
    R.Column = PL.getColumn();
  }
  RecordedStubs.insert(G.StubName);
  Out.Record.Gates.push_back(std::move(R));
  return true;
}

void LowerGateRewrite::addEdit(ASTContext &Ctx, llvm::StringRef File,
                               unsigned Begin, unsigned End, std::string Text,
                               SourceLocation Origin) {
  const EditMap::Edit *Other =
      Edits.add(File.str(), Begin, End - Begin, Text, Origin);
  if (!Other)
    return;
  report(Ctx, Origin,
         "gate cannot be rewritten where it stands: the macro that holds it "
         "is expanded into gates that lower differently ('" +
             Other->Text + "' and '" + Text + "')");
  reportNote(Ctx, Other->Origin, "the other expansion is here");
}

void LowerGateRewrite::shareLiteralArguments(ASTContext &Ctx, const Gate &G,
                                             SourceLocation Origin) {
  // A string literal passed through a crossing gate must be readable by the
  // callee's compartment: __FLEXOS_SHARED_STR (flexos.h) gives it a copy in
  // the shared read-only section (DESIGN.md section 5). Rewritten: arguments
  // written as literals ("a" "b"), as a stringized macro parameter (#x, in
  // a macro body), and, in a file, a macro name that expands to a literal
  // there. A macro parameter that expands to a literal may expand to
  // anything in another use of the macro: a warning says how to share it.
  const LangOptions &LO = Ctx.getLangOpts();
  for (unsigned I = 0; I < G.Call->getNumArgs(); ++I) {
    unsigned Written = G.Shape->Leading + I;
    if (Written >= G.Args.size())
      break;
    if (!isa<StringLiteral>(G.Call->getArg(I)->IgnoreParenImpCasts()))
      continue;
    auto [Begin, End] = G.Args[Written];
    llvm::StringRef Text = G.Buffer.slice(Begin, End);
    // Every token of the argument's text a string literal ("a" "b"), or,
    // in a macro body, '#' and a parameter. The lexer wants a
    // NUL-terminated buffer: lex a copy.
    std::string Copy = Text.str();
    Lexer Lex(SourceLocation(), LO, Copy.c_str(), Copy.c_str(),
              Copy.c_str() + Copy.size());
    bool AllLiterals = !Copy.empty();
    unsigned Tokens = 0;
    bool OneIdentifier = false;
    while (AllLiterals) {
      Token Tok;
      Lex.LexFromRawLexer(Tok);
      if (Tok.is(tok::eof))
        break;
      ++Tokens;
      OneIdentifier = Tokens == 1 && Tok.is(tok::raw_identifier);
      if (Tok.is(tok::hash) && !G.WrittenInFile) {
        Lex.LexFromRawLexer(Tok);
        AllLiterals = Tok.is(tok::raw_identifier);
        ++Tokens;
        continue;
      }
      AllLiterals = tok::isStringLiteral(Tok.getKind());
    }
    if (!AllLiterals && OneIdentifier && Tokens == 1) {
      if (!G.WrittenInFile) {
        reportWarning(Ctx, G.Call->getArg(I)->getExprLoc(), Id,
                      "string literal passed through a gate to '" +
                          G.Callee->getNameAsString() + "' in compartment '" +
                          G.ToComp->Name + "' by macro argument '" +
                          Text.str() + "' is not shared with it; write "
                          "FLEXOS_SHARED_LITERAL(...) around the literal, or "
                          "mark the parameter __flexos_string");
        continue;
      }
      AllLiterals = true; // A macro name in a file: one expansion, a literal.
    }
    if (!AllLiterals)
      continue;
    addEdit(Ctx, G.File, Begin, Begin, "__FLEXOS_SHARED_STR(", Origin);
    addEdit(Ctx, G.File, End, End, ")", Origin);
  }
}

void LowerGateRewrite::declareStub(ASTContext &Ctx, const Gate &G) {
  SourceManager &SM = Ctx.getSourceManager();
  const Decl *Top = topLevelDeclAt(Ctx, G.Call->getBeginLoc());
  if (!Top) {
    report(Ctx, G.MacroLoc,
           "gate cannot be rewritten where it stands: it is not inside a "
           "declaration");
    return;
  }
  SourceLocation At = SM.getExpansionLoc(Top->getBeginLoc());
  // __typeof__(f) at file level needs a file-level declaration of f that
  // comes before the insertion point.
  bool Visible = false;
  for (const FunctionDecl *R : G.Callee->redecls())
    if (isFileLevel(R->getLexicalDeclContext()) &&
        SM.isBeforeInTranslationUnit(SM.getExpansionLoc(R->getBeginLoc()), At))
      Visible = true;
  if (!Visible) {
    report(Ctx, G.MacroLoc,
           "gate cannot be rewritten where it stands: '" +
               G.Callee->getNameAsString() +
               "' is not declared at file scope before the function that "
               "calls it; declare it there");
    return;
  }
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(At);
  std::string File = Paths.of(SM, D.first);
  if (File.empty())
    return;
  // One declaration per stub and file, before the first function that uses
  // it (the matcher need not visit gates in source order).
  auto [It, New] = StubDeclAt.try_emplace(File + '\0' + G.StubName);
  if (New) {
    StubDeclOrder.push_back(It->getKey());
    It->second.Text =
        (Ctx.getLangOpts().CPlusPlus ? "extern \"C\" " : "extern ") +
        std::string("__typeof__(") + G.Callee->getNameAsString() + ") " +
        G.StubName + "; ";
    It->second.At = Place(File, D.second);
  } else if (D.second < It->second.At.second) {
    It->second.At.second = D.second;
  }
}

void LowerGateRewrite::run(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  assert(Call && "matcher did not bind 'call'");
  ASTContext &Ctx = *Result.Context;
  SourceManager &SM = Ctx.getSourceManager();
  if (!Started) {
    Started = true;
    Printer = std::make_unique<AbiTypePrinter>(Ctx);
    FileLib = Cfg.libraryForFile(Paths.of(SM, SM.getMainFileID()));
    FileComp = &Cfg.compartmentOf(FileLib);
  }
  if (!Seen.insert(Call).second)
    return;
  Gate G;
  if (!decodeMarker(Call, G))
    return;
  SourceLocation GateLoc = Call->getBeginLoc();

  // Semantics first: what is called, where, and how it must be lowered.
  const auto *Ref = dyn_cast<DeclRefExpr>(G.CalleeExpr);
  G.Callee = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  if (!G.Callee) {
    report(Ctx, G.CalleeExpr->getExprLoc(),
           "gate target must name a function");
    return;
  }
  if (!locateInvocation(Ctx, G))
    return;
  GateLoc = G.MacroLoc;

  if (G.Shape->Lib >= 0) {
    G.ToLib = Cfg.libraryForGateName(G.LibIdent);
    if (!G.ToLib) {
      if (G.LibIdent == "libc") {
        G.ToLibc = true;
        if (Opts.Remarks) {
          DiagnosticsEngine &DE = Ctx.getDiagnostics();
          DE.Report(GateLoc, DE.getCustomDiagID(DiagnosticsEngine::Remark,
                                                "%0 [lower-gate]"))
              << ("gate to '" + G.Callee->getNameAsString() +
                  "' in 'libc' is a plain call: libc is in the trusted base");
        }
      } else {
        SourceLocation LibLoc = GateLoc;
        if (G.WrittenInFile)
          LibLoc = SM.getComposedLoc(G.FID, G.Args[G.Shape->Lib].first);
        std::string Known;
        for (const Library &L : Cfg.Libraries)
          Known += (Known.empty() ? "'" : ", '") + L.Name + "'";
        report(Ctx, LibLoc, "gate names unknown library '" + G.LibIdent + "'");
        if (Known.empty())
          reportNote(Ctx, SourceLocation(), "the config defines no library");
        else
          reportNote(Ctx, SourceLocation(), "the config's libraries are " + Known);
        return;
      }
    }
    G.ToComp = G.ToLibc ? FileComp : &Cfg.compartmentOf(G.ToLib);
  } else {
    Expr::EvalResult From, To;
    if (!G.FromExpr->EvaluateAsInt(From, Ctx) ||
        !G.ToExpr->EvaluateAsInt(To, Ctx)) {
      report(Ctx, GateLoc,
             "'" + G.Shape->Macro.str() +
                 "' needs integer constant keys for 'from' and 'to'");
      return;
    }
    int64_t FromKey = From.Val.getInt().getExtValue();
    int64_t ToKey = To.Val.getInt().getExtValue();
    if (FromKey != (int64_t)FileComp->Index) {
      report(Ctx, GateLoc,
             "'" + G.Shape->Macro.str() + "' is written from key " +
                 std::to_string(FromKey) + ", but the caller is in compartment '" +
                 FileComp->Name + "' (key " + std::to_string(FileComp->Index) +
                 ")");
      return;
    }
    G.ToComp = ToKey >= 0 ? Cfg.compartmentByKey((unsigned)ToKey) : nullptr;
    if (!G.ToComp) {
      report(Ctx, GateLoc,
             "'" + G.Shape->Macro.str() + "' is written to key " +
                 std::to_string(ToKey) + ", which is no compartment of the config");
      return;
    }
  }

  // A definition in this translation unit belongs to this file's library.
  if (const FunctionDecl *Def = G.Callee->getDefinition()) {
    bool Mismatch = G.ToLib ? G.ToLib != FileLib : G.ToComp != FileComp;
    if (Mismatch && !G.ToLibc) {
      std::string Where = G.ToLib ? "library '" + G.ToLib->Name + "'"
                                  : "compartment '" + G.ToComp->Name + "'";
      report(Ctx, GateLoc,
             "'" + G.Callee->getNameAsString() + "' is not defined in " + Where);
      reportNote(Ctx, Def->getLocation(),
           "'" + G.Callee->getNameAsString() + "' is defined here, in " +
               fileLibraryName());
      return;
    }
  }
  if (!checkArguments(Ctx, Call, G.Callee))
    return;
  // Copy-sharing annotations are checked under every mechanism, so that a
  // bad one fails every build, not only the isolating ones.
  if (!G.ToLibc && !CopyAnnotations.read(Ctx, G.Callee))
    return;

  G.Plain = Cfg.Mech == Mechanism::None || G.ToLibc || G.ToComp == FileComp;
  std::string CalleeText;
  if (G.Plain) {
    CalleeText = G.argText(G.Shape->Fn).str();
  } else {
    if (!prepareStub(Ctx, G))
      return;
    if (G.argText(G.Shape->Fn) != G.Callee->getName()) {
      report(Ctx, GateLoc,
             "gate cannot be rewritten where it stands: its callee is written "
             "as '" + G.argText(G.Shape->Fn).str() + "', not as '" +
                 G.Callee->getNameAsString() +
                 "', so the stub's name cannot replace it");
      return;
    }
    CalleeText = G.StubName;
  }

  // Text edits, where the invocation is written.
  const GateShape &S = *G.Shape;
  auto Removed = [&](unsigned B, unsigned E) {
    return keptLineBreaks(G.Buffer.slice(B, E));
  };
  unsigned CallBegin = G.callArgsBegin();
  if (S.Ret < 0) {
    addEdit(Ctx, G.File, G.NameBegin, CallBegin,
            CalleeText + "(" + Removed(G.NameBegin, CallBegin), GateLoc);
  } else {
    // 'ret = f(args)', parenthesised unless the gate is a whole statement.
    bool Statement = false;
    const Expr *Top = Call;
    while (true) {
      DynTypedNodeList Parents = Ctx.getParents(*Top);
      if (Parents.empty())
        break;
      const auto *P = Parents[0].get<Expr>();
      if (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
                isa<BinaryOperator>(P)) &&
          P->getBeginLoc().isMacroID() &&
          SM.getImmediateExpansionRange(P->getBeginLoc()).getBegin() ==
              G.ExpansionBegin) {
        Top = P;
        continue;
      }
      Statement = Parents[0].get<CompoundStmt>() != nullptr;
      break;
    }
    unsigned RetBegin = G.Args[S.Ret].first, RetEnd = G.Args[S.Ret].second;
    addEdit(Ctx, G.File, G.NameBegin, RetBegin,
            (Statement ? "" : "(") + Removed(G.NameBegin, RetBegin), GateLoc);
    addEdit(Ctx, G.File, RetEnd, CallBegin,
            " = " + CalleeText + "(" + Removed(RetEnd, CallBegin), GateLoc);
    if (!Statement)
      addEdit(Ctx, G.File, G.RParen + 1, G.RParen + 1, ")", GateLoc);
  }

  if (!G.Plain) {
    declareStub(Ctx, G);
    shareLiteralArguments(Ctx, G, GateLoc);
  }

  // The link checks that the callee is defined where the gate says, unless
  // this translation unit defines it (checked above).
  if ((G.ToLib || (!G.ToLibc && G.ToComp)) && !G.Callee->getDefinition()) {
    GateTarget T;
    if (G.ToLib)
      T.ToLibrary = G.ToLib->Name;
    else
      T.ToCompartment = G.ToComp->Name;
    T.Callee = symbolName(G.Callee);
    PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(GateLoc));
    if (PL.isValid()) {
      T.File = Paths.normalize(PL.getFilename());
      T.Line = PL.getLine();
      T.Column = PL.getColumn();
    }
    Out.Record.Targets.push_back(std::move(T));
  }
}

void LowerGateRewrite::finish(ASTContext &Ctx) {
  SourceManager &SM = Ctx.getSourceManager();
  if (!Started) {
    FileLib = Cfg.libraryForFile(Paths.of(SM, SM.getMainFileID()));
    FileComp = &Cfg.compartmentOf(FileLib);
  }
  ObjectRecord &R = Out.Record;
  R.Source = Paths.of(SM, SM.getMainFileID());
  R.Library = FileLib ? FileLib->Name : "";
  R.Compartment = FileComp->Name;
  R.Language = Ctx.getLangOpts().CPlusPlus ? "c++" : "c";
  if (Printer)
    R.Types = Printer->types();

  // Functions with external linkage defined by this translation unit.
  std::function<void(const DeclContext *)> Walk = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->isThisDeclarationADefinition() && FD->isExternallyVisible() &&
            !FD->isInlined() && !FD->isTemplated())
          R.Defines.push_back(symbolName(FD));
      } else if (isa<LinkageSpecDecl>(D) || isa<NamespaceDecl>(D) ||
                 isa<ExternCContextDecl>(D)) {
        Walk(cast<DeclContext>(D));
      }
    }
  };
  Walk(Ctx.getTranslationUnitDecl());
  llvm::sort(R.Defines);
  R.Defines.erase(std::unique(R.Defines.begin(), R.Defines.end()),
                  R.Defines.end());

  // One target per callee, at its first gate in source order (the matcher
  // does not visit in that order).
  llvm::stable_sort(R.Targets, [](const GateTarget &A, const GateTarget &B) {
    return std::tie(A.File, A.Line, A.Column) <
           std::tie(B.File, B.Line, B.Column);
  });
  llvm::StringSet<> Targeted;
  llvm::erase_if(R.Targets, [&](const GateTarget &T) {
    return !Targeted
                .insert(T.ToLibrary + '\0' + T.ToCompartment + '\0' + T.Callee)
                .second;
  });

  Edits.flushInto(Ctx, Out, Id);
  std::map<Place, std::string> StubDecls;
  for (llvm::StringRef Key : StubDeclOrder) {
    const StubDecl &D = StubDeclAt[Key];
    StubDecls[D.At] += D.Text;
  }
  for (const auto &D : StubDecls)
    addToTuEdits(Ctx, Out, Id, D.first.first, D.first.second, 0, D.second);
}

} // namespace rewriters
} // namespace flexcc
