//===--- CallbackRewrite.cpp - callbacks enter their compartment ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// See CallbackRewrite.h and docs/rewrites/callbacks.md. A use of a function
// "escapes" unless, once parentheses and implicit casts are skipped, it is
// the callee of a call, or the callee of a gate (the right operand of the
// marker comma that flexos.h makes the callee of a gate's call).
//
//===----------------------------------------------------------------------===//
#include "rewriters/CallbackRewrite.h"
#include "rewriters/RewriteSupport.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "rewriters/AbiTypePrinter.h"
#include "rewriters/CopySharing.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include <map>

using namespace clang;

namespace flexcc {
namespace rewriters {

namespace {

constexpr llvm::StringLiteral MarkerPrefix = "flexcc-gate:";

/// The name a function has at link time, as the records spell it.
std::string symbolName(const FunctionDecl *FD) {
  if (FD->isExternC() || !FD->getASTContext().getLangOpts().CPlusPlus)
    return FD->getName().str();
  return FD->getQualifiedNameAsString();
}

bool isFileLevel(const DeclContext *DC) {
  return DC->isFileContext() || isa<LinkageSpecDecl>(DC) ||
         isa<ExternCContextDecl>(DC);
}

/// 32-bit FNV-1a: a short, stable tag for a file's path.
uint32_t fnv1a(llvm::StringRef S) {
  uint32_t H = 2166136261u;
  for (unsigned char C : S) {
    H ^= C;
    H *= 16777619u;
  }
  return H;
}

/// If \p Call is a gate (its callee is flexos.h's marker comma), the comma.
const BinaryOperator *gateComma(const CallExpr *Call) {
  const auto *Comma =
      dyn_cast<BinaryOperator>(Call->getCallee()->IgnoreParenImpCasts());
  if (!Comma || Comma->getOpcode() != BO_Comma)
    return nullptr;
  const Expr *First = Comma->getLHS()->IgnoreParens();
  while (const auto *B = dyn_cast<BinaryOperator>(First)) {
    if (B->getOpcode() != BO_Comma)
      break;
    First = B->getLHS()->IgnoreParens();
  }
  const auto *Cast = dyn_cast<CStyleCastExpr>(First);
  if (!Cast || !Cast->getType()->isVoidType())
    return nullptr;
  const auto *Str =
      dyn_cast<StringLiteral>(Cast->getSubExpr()->IgnoreParenImpCasts());
  if (!Str || Str->getCharByteWidth() != 1 ||
      !startsWith(Str->getString(), MarkerPrefix))
    return nullptr;
  return Comma;
}

/// The compartment a gate call enters, or null for a gate to libc, to an
/// unknown library or with keys that are not constants (lower-gate reports
/// those).
const Compartment *gateTarget(ASTContext &Ctx, const Config &Cfg,
                              const CallExpr *Call) {
  const BinaryOperator *Comma = gateComma(Call);
  if (!Comma)
    return nullptr;
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
  const auto *Str = cast<StringLiteral>(
      cast<CStyleCastExpr>(Parts[0])->getSubExpr()->IgnoreParenImpCasts());
  auto [Kind, Lib] = Str->getString().drop_front(MarkerPrefix.size()).split(':');
  if (Kind == "gate" || Kind == "gate_r") {
    const Library *L = Cfg.libraryForGateName(Lib);
    return L ? &Cfg.compartmentOf(L) : nullptr;
  }
  if (Parts.size() != 3 || !isa<CStyleCastExpr>(Parts[2]))
    return nullptr;
  Expr::EvalResult To;
  if (!cast<CStyleCastExpr>(Parts[2])->getSubExpr()->EvaluateAsInt(To, Ctx))
    return nullptr;
  int64_t Key = To.Val.getInt().getExtValue();
  return Key >= 0 ? Cfg.compartmentByKey((unsigned)Key) : nullptr;
}

/// The function references and calls of a translation unit. (AST matchers
/// rather than a RecursiveASTVisitor, whose inlined C++ base traversal makes
/// GCC report a false -Wnonnull in clang's headers.)
class Collector : public ast_matchers::MatchFinder::MatchCallback {
public:
  void run(const ast_matchers::MatchFinder::MatchResult &R) override {
    if (const auto *E = R.Nodes.getNodeAs<DeclRefExpr>("ref"))
      Refs.push_back(E);
    if (const auto *E = R.Nodes.getNodeAs<CallExpr>("call"))
      Calls.push_back(E);
  }
  std::vector<const DeclRefExpr *> Refs;
  std::vector<const CallExpr *> Calls;
};

/// \p E's parent, skipping parentheses and implicit casts; \p Child is set
/// to the child of that parent on \p E's path.
const Stmt *parentOf(ASTContext &Ctx, const Expr *E, const Expr *&Child) {
  Child = E;
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return nullptr;
    const Stmt *P = Parents[0].get<Stmt>();
    if (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P))) {
      Child = cast<Expr>(P);
      continue;
    }
    return P;
  }
}

/// True if \p E is the callee of a direct call or of a gate.
bool isCalled(ASTContext &Ctx, const DeclRefExpr *E) {
  const Expr *Child;
  const Stmt *P = parentOf(Ctx, E, Child);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(P))
    return Call->getCallee() == Child;
  const auto *Comma = dyn_cast_or_null<BinaryOperator>(P);
  if (!Comma || Comma->getOpcode() != BO_Comma || Comma->getRHS() != Child)
    return false;
  P = parentOf(Ctx, Comma, Child);
  const auto *Call = dyn_cast_or_null<CallExpr>(P);
  return Call && Call->getCallee() == Child && gateComma(Call) == Comma;
}

} // namespace

bool CallbackRewrite::isCallback(const FunctionDecl *FD) {
  for (const FunctionDecl *R : FD->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == "flexos:callback")
        return true;
  return false;
}

void CallbackRewrite::run(ASTContext &Ctx) {
  if (Cfg.Mech == Mechanism::None)
    return;
  SourceManager &SM = Ctx.getSourceManager();
  DiagnosticsEngine &DE = Ctx.getDiagnostics();
  const bool Cxx = Ctx.getLangOpts().CPlusPlus;
  FilePaths Paths;
  std::string MainFile = Paths.of(SM, SM.getMainFileID());
  const Library *FileLib = Cfg.libraryForFile(MainFile);
  const Compartment &FileComp = Cfg.compartmentOf(FileLib);

  auto error = [&](SourceLocation Loc, const llvm::Twine &Msg) {
    reportError(Ctx, Loc, Id, Msg.str());
  };

  Collector C;
  {
    using namespace ast_matchers;
    MatchFinder Finder;
    Finder.addMatcher(declRefExpr(to(functionDecl())).bind("ref"), &C);
    Finder.addMatcher(callExpr().bind("call"), &C);
    Finder.matchAST(Ctx);
  }

  // Functions that are not callbacks passed through a crossing gate. The
  // parse runs with -w, which would silence a warning: it is reported with
  // warnings let through for the time of the report (a user's -Werror is
  // not passed to the parse, so it never fails the build).
  for (const CallExpr *Call : C.Calls) {
    const Compartment *To = gateTarget(Ctx, Cfg, Call);
    if (!To || To == &FileComp)
      continue;
    for (const Expr *Arg : Call->arguments()) {
      const Expr *E = Arg->IgnoreParenImpCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(E))
        if (U->getOpcode() == UO_AddrOf)
          E = U->getSubExpr()->IgnoreParenImpCasts();
      const auto *Ref = dyn_cast<DeclRefExpr>(E);
      const auto *FD = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
      // libc's functions (system headers) are the trusted base: every
      // compartment may call them.
      if (!FD || isCallback(FD) ||
          SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
        continue;
      std::string Name = FD->getNameAsString();
      std::string Home = FD->getDefinition()
                             ? "'" + FileComp.Name + "'"
                             : "its own compartment";
      reportWarning(Ctx, Ref->getExprLoc(), "callbacks",
                    "address of '" + Name + "' escapes through a gate to "
                    "compartment '" + To->Name + "' but '" + Name +
                    "' is not a callback; mark its declaration "
                    "__flexos_callback so that calls from '" + To->Name +
                    "' enter " + Home + " through a gate");
    }
  }

  // The file-level declarations, in order, to place stub declarations.
  struct Top {
    SourceLocation Begin, End;
  };
  std::vector<Top> TopLevel;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    if (D->isImplicit())
      continue;
    SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
    SourceLocation E = SM.getExpansionRange(D->getEndLoc()).getEnd();
    if (B.isValid() && E.isValid())
      TopLevel.push_back({B, E});
  }
  auto topAt = [&](SourceLocation Loc) -> SourceLocation {
    Loc = SM.getExpansionLoc(Loc);
    for (const Top &T : TopLevel)
      if (!SM.isBeforeInTranslationUnit(Loc, T.Begin) &&
          !SM.isBeforeInTranslationUnit(T.End, Loc))
        return T.Begin;
    return SourceLocation();
  };

  // What each callback needs, by canonical declaration.
  struct Callback {
    bool Ok = false;
    CallbackRecord Record;
    std::string TypeofName; ///< How __typeof__ names it at file level.
    SourceLocation FirstUse;
  };
  std::map<const FunctionDecl *, Callback> Callbacks;
  std::vector<const FunctionDecl *> Order;
  AbiTypePrinter Printer(Ctx);
  CopySpecReader CopyAnnotations;
  std::string Tag;
  {
    llvm::StringRef Rel = MainFile;
    if (Rel.consume_front(Cfg.Dir) && startsWith(Rel, "/"))
      Rel = Rel.drop_front();
    std::string S;
    llvm::raw_string_ostream OS(S);
    OS << llvm::format_hex_no_prefix(fnv1a(Rel), 8);
    Tag = OS.str();
  }

  auto prepare = [&](const FunctionDecl *FD, SourceLocation At) {
    auto [It, New] = Callbacks.try_emplace(FD->getCanonicalDecl());
    Callback &CB = It->second;
    if (!New)
      return &CB;
    Order.push_back(FD->getCanonicalDecl());
    CB.FirstUse = At;
    std::string Name = FD->getNameAsString();
    std::string Who = "callback '" + Name + "'";
    const auto *Proto = FD->getType()->getAs<FunctionProtoType>();
    if (!Proto) {
      error(At, Who + " has no prototype; declare its parameters");
      return &CB;
    }
    if (Proto->isVariadic()) {
      error(At, Who + " is variadic: a callback stub cannot forward a "
                      "variable argument list");
      return &CB;
    }
    bool Static = !FD->isExternallyVisible();
    if (Cxx && !Static && !FD->isExternC()) {
      error(At, Who + " has C++ linkage; declare it extern \"C\" so that the "
                      "generated C stub can call it");
      return &CB;
    }
    CallbackRecord &R = CB.Record;
    R.Callee = symbolName(FD);
    if (Static) {
      R.Home = FileComp.Name;
      R.StubName = "__flexcc_cb__" + Tag + "__" + Name;
      R.Ref = "__flexcc_cbref__" + Tag + "__" + Name;
    } else {
      R.StubName = "__flexcc_cb__" + Name;
    }
    std::string Why;
    QualType Ret = Proto->getReturnType();
    if (!Printer.spell(Ret, R.ReturnType, R.Types, Why)) {
      error(At, Who + ": its return type '" + Ret.getAsString() + "' " + Why);
      return &CB;
    }
    for (unsigned I = 0; I < Proto->getNumParams(); ++I) {
      std::string P;
      QualType PT = Proto->getParamType(I);
      if (!Printer.spell(PT, P, R.Types, Why)) {
        error(At, Who + ": parameter " + std::to_string(I + 1) +
                      " has type '" + PT.getAsString() + "', which " + Why);
        return &CB;
      }
      R.ParamTypes.push_back(P);
    }
    const std::vector<CopySpec> *Copies = CopyAnnotations.read(Ctx, FD);
    if (!Copies)
      return &CB;
    R.Copies = *Copies;
    CB.TypeofName = Cxx ? FD->getQualifiedNameAsString() : Name;
    CB.Ok = true;
    return &CB;
  };

  // Edits by (file, offset): length and text.
  std::map<std::pair<std::string, unsigned>, std::pair<unsigned, std::string>>
      Edits;
  // Stub declarations by (file, stub): the earliest place and the text.
  std::map<std::pair<std::string, std::string>,
           std::pair<unsigned, std::string>>
      Decls;
  llvm::StringSet<> Refs; // Static callbacks' pointers, defined once.
  std::string RefDefs;

  for (const DeclRefExpr *E : C.Refs) {
    const auto *FD = cast<FunctionDecl>(E->getDecl());
    if (!isCallback(FD) || isCalled(Ctx, E))
      continue;
    SourceLocation Use = E->getLocation();
    Callback *CB = prepare(FD, Use);
    if (!CB->Ok)
      continue;
    const CallbackRecord &R = CB->Record;
    std::string Name = FD->getNameAsString();

    // Where the name is written: in a file, directly or as (nested) macro
    // arguments; not in a macro body, which other uses may share.
    SourceLocation L = Use;
    while (L.isMacroID() && SM.isMacroArgExpansion(L))
      L = SM.getImmediateSpellingLoc(L);
    if (L.isMacroID()) {
      error(Use, "callback '" + Name + "' cannot be rewritten where it "
                 "stands: it is written in a macro body; pass it to the "
                 "macro as an argument or write it outside the macro");
      continue;
    }
    std::pair<FileID, unsigned> At = SM.getDecomposedLoc(L);
    std::string File = Paths.of(SM, At.first);
    bool Invalid = false;
    llvm::StringRef Buffer = SM.getBufferData(At.first, &Invalid);
    llvm::StringRef Text = Invalid ? "" : Buffer.substr(At.second);
    if (File.empty() || !startsWith(Text, Name) ||
        (Text.size() > Name.size() &&
         (isAlphanumeric(Text[Name.size()]) || Text[Name.size()] == '_'))) {
      error(Use, "callback '" + Name + "' cannot be rewritten where it "
                 "stands: its name is not written there");
      continue;
    }
    Edits[{File, At.second}] = {(unsigned)Name.size(), R.StubName};

    // The stub's declaration, before the file-level declaration that uses
    // it, which must come after a file-level declaration of the callback.
    SourceLocation TopBegin = topAt(Use);
    bool Visible = false;
    for (const FunctionDecl *D : FD->redecls())
      if (TopBegin.isValid() && isFileLevel(D->getLexicalDeclContext()) &&
          SM.isBeforeInTranslationUnit(SM.getExpansionLoc(D->getBeginLoc()),
                                       TopBegin))
        Visible = true;
    if (!Visible) {
      error(Use, "callback '" + Name + "' cannot be rewritten where it "
                 "stands: it is not declared at file scope before the "
                 "declaration that uses it; declare it there");
      continue;
    }
    std::pair<FileID, unsigned> D = SM.getDecomposedLoc(TopBegin);
    std::string DFile = Paths.of(SM, D.first);
    std::string Extern = Cxx ? "extern \"C\" " : "extern ";
    auto [DI, DNew] = Decls.try_emplace(
        std::make_pair(DFile, R.StubName),
        D.second,
        Extern + "__typeof__(" + CB->TypeofName + ") " + R.StubName + "; ");
    if (!DNew && D.second < DI->second.first)
      DI->second.first = D.second;
    if (!R.Ref.empty() && Refs.insert(R.Ref).second)
      // Declared extern first, so that the definition has external linkage
      // in C++ too (a const object at namespace scope would not).
      RefDefs += Extern + "__typeof__(" + CB->TypeofName + ") *const " +
                 R.Ref + "; " + (Cxx ? Extern : std::string()) +
                 "__typeof__(" + CB->TypeofName + ") *const " + R.Ref + " = " +
                 CB->TypeofName + ";\n";
    if (SM.isBeforeInTranslationUnit(Use, CB->FirstUse))
      CB->FirstUse = Use;
  }

  // The records, at each callback's first escaping use.
  for (const FunctionDecl *FD : Order) {
    Callback &CB = Callbacks[FD];
    if (!CB.Ok)
      continue;
    PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(CB.FirstUse));
    if (PL.isValid()) {
      CB.Record.File = Paths.normalize(PL.getFilename());
      CB.Record.Line = PL.getLine();
      CB.Record.Column = PL.getColumn();
    }
    Out.Record.Callbacks.push_back(CB.Record);
  }
  llvm::stable_sort(Out.Record.Callbacks,
                    [](const CallbackRecord &A, const CallbackRecord &B) {
                      return std::tie(A.File, A.Line, A.Column) <
                             std::tie(B.File, B.Line, B.Column);
                    });
  llvm::StringSet<> Known;
  for (const AbiType &T : Out.Record.Types)
    Known.insert(T.Name);
  for (const AbiType &T : Printer.types())
    if (Known.insert(T.Name).second)
      Out.Record.Types.push_back(T);

  auto add = [&](const std::string &File, unsigned Offset, unsigned Length,
                 const std::string &Text) {
    addToTuEdits(Ctx, Out, Id, File, Offset, Length, Text);
  };
  for (const auto &KV : Edits)
    add(KV.first.first, KV.first.second, KV.second.first, KV.second.second);
  for (const auto &KV : Decls)
    add(KV.first.first, KV.second.first, 0, KV.second.second);
  if (!RefDefs.empty()) {
    // Static callbacks' pointers: after the last line of the main file,
    // where every line before stays where it is.
    llvm::StringRef Main = SM.getBufferData(SM.getMainFileID());
    std::string Text = RefDefs;
    if (!Main.empty() && Main.back() != '\n')
      Text = "\n" + Text;
    add(MainFile, Main.size(), 0, Text);
  }
}

} // namespace rewriters
} // namespace flexcc
