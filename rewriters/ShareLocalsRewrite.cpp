//===--- ShareLocalsRewrite.cpp - shared stack data ----------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// How a shared local is found: under __FLEXCC__, flexos.h expands
// __flexos_shared and flexos_whitelist to annotate("flexos:shared"), which
// clang keeps as an AnnotateAttr on the VarDecl. Its uses are the
// DeclRefExprs that name it; each is rewritten where its name is written (in
// the file, or in a macro argument written in the file). The declaration is
// rewritten from raw tokens: the name, the end of its declarator (before
// '=', ',' or ';') and the ';' that ends the declaration statement.
//
//===----------------------------------------------------------------------===//
#include "rewriters/ShareLocalsRewrite.h"
#include "flexcc/Config.h"
#include "flexcc/LlvmCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
// GCC's -Wnonnull misfires in LLVM 14's RecursiveASTVisitor, where this
// file instantiates it: off until the end of the file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnonnull"
#endif
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <vector>

using namespace clang;

namespace flexcc {
namespace rewriters {

namespace {

constexpr llvm::StringLiteral SharedAnnotation = "flexos:shared";

bool isMarkedShared(const VarDecl *VD) {
  for (const Attr *A : VD->attrs())
    if (const auto *AA = dyn_cast<AnnotateAttr>(A))
      if (AA->getAnnotation() == SharedAnnotation)
        return true;
  return false;
}

/// A shared local: automatic storage, not a parameter.
bool isSharedLocal(const VarDecl *VD) {
  return VD && !isa<ParmVarDecl>(VD) && VD->hasLocalStorage() &&
         isMarkedShared(VD);
}

/// A raw lexer over the file that holds the file location \p At,
/// positioned there.
struct RawTokens {
  RawTokens(const SourceManager &SM, const LangOptions &LO, SourceLocation At)
      : SM(SM) {
    std::pair<FileID, unsigned> D = SM.getDecomposedLoc(At);
    bool Invalid = false;
    llvm::StringRef Buf = SM.getBufferData(D.first, &Invalid);
    if (Invalid || D.second > Buf.size())
      return;
    Lex = std::make_unique<Lexer>(SM.getLocForStartOfFile(D.first), LO,
                                  Buf.begin(), Buf.begin() + D.second,
                                  Buf.end());
  }
  bool next(Token &Tok) {
    if (!Lex)
      return false;
    Lex->LexFromRawLexer(Tok);
    return !Tok.is(tok::eof);
  }
  const SourceManager &SM;
  std::unique_ptr<Lexer> Lex;
};

} // namespace

/// Collects, in source order, the shared locals with their declaration
/// statements, and the expressions that use them; reports shared
/// parameters and shared locals captured by a lambda.
class ShareLocalsRewrite::Collector
    : public RecursiveASTVisitor<ShareLocalsRewrite::Collector> {
public:
  Collector(ShareLocalsRewrite &R, ASTContext &Ctx) : R(R), Ctx(Ctx) {}

  bool VisitDeclStmt(DeclStmt *DS) {
    for (Decl *D : DS->decls())
      if (auto *VD = dyn_cast<VarDecl>(D))
        if (isSharedLocal(VD)) {
          Vars.emplace_back(VD, DS);
          InStmt.insert(VD);
        }
    return true;
  }
  bool VisitParmVarDecl(ParmVarDecl *PD) {
    if (isMarkedShared(PD))
      R.report(Ctx, PD->getLocation(),
               "cannot share parameter '" + PD->getNameAsString() +
                   "': a parameter cannot be relocated; copy it into a "
                   "shared local");
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // A shared local outside a declaration statement (C++ conditions).
    if (isSharedLocal(VD) && !InStmt.count(VD))
      R.report(Ctx, VD->getLocation(),
               "cannot relocate shared variable '" + VD->getNameAsString() +
                   "': it is not declared by a declaration statement");
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
      if (isSharedLocal(VD))
        Uses.push_back(E);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->explicit_captures()) {
      if (!C.capturesVariable())
        continue;
      const auto *VD = dyn_cast_or_null<VarDecl>(C.getCapturedVar());
      if (isSharedLocal(VD))
        R.report(Ctx, C.getLocation(),
                 "cannot relocate shared variable '" + VD->getNameAsString() +
                     "': it is captured by a lambda");
    }
    return true;
  }

  ShareLocalsRewrite &R;
  ASTContext &Ctx;
  std::vector<std::pair<const VarDecl *, const DeclStmt *>> Vars;
  std::vector<const DeclRefExpr *> Uses;
  llvm::DenseSet<const VarDecl *> InStmt;
};

void ShareLocalsRewrite::report(ASTContext &Ctx, SourceLocation Loc,
                                llvm::StringRef Message) {
  reportError(Ctx, Loc, Id, Message);
}

bool ShareLocalsRewrite::writtenAt(ASTContext &Ctx, SourceLocation Loc,
                                   SourceLocation &FileLoc) {
  const SourceManager &SM = Ctx.getSourceManager();
  while (Loc.isMacroID()) {
    if (!SM.isMacroArgExpansion(Loc))
      return false;
    Loc = SM.getImmediateSpellingLoc(Loc);
  }
  if (Loc.isInvalid() || !SM.getFileEntryRefForID(SM.getFileID(Loc)))
    return false;
  FileLoc = Loc;
  return true;
}

bool ShareLocalsRewrite::addEdit(ASTContext &Ctx, SourceLocation FileLoc,
                                 unsigned Length, std::string Text,
                                 const VarDecl *VD) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(FileLoc);
  EditMap::Edit *Other = Edits.add(Paths.of(SM, D.first), D.second, Length,
                                   Text, VD->getLocation());
  if (!Other)
    return true;
  if (Length == 0 && Other->Origin != VD->getLocation()) {
    // Insertions of two variables at one place: one after the other.
    Other->Text += Text;
    Other->Origin = VD->getLocation();
    return true;
  }
  report(Ctx, FileLoc,
         "shared variable '" + VD->getNameAsString() +
             "' cannot be rewritten where it stands: this text is asked to "
             "become both '" +
             Other->Text + "' and '" + Text + "'");
  return false;
}

bool ShareLocalsRewrite::handleDecl(ASTContext &Ctx, const VarDecl *VD,
                                    const DeclStmt *DS) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  const bool Heap = Cfg.Share == Sharing::Heap;
  const std::string Name = VD->getNameAsString();
  auto Fail = [&](SourceLocation Loc, const std::string &Why) {
    report(Ctx, Loc.isValid() ? Loc : VD->getLocation(),
           "cannot relocate shared variable '" + Name + "': " + Why);
    return false;
  };

  // The text must be written in a file for its declaration to be edited.
  SourceLocation NameLoc = VD->getLocation(), SemiLoc = DS->getEndLoc();
  if (NameLoc.isMacroID() || SemiLoc.isMacroID() ||
      !SM.getFileEntryRefForID(SM.getFileID(NameLoc)))
    return Fail(VD->getLocation(),
                "its declaration cannot be rewritten where it stands: it is "
                "written in a macro");
  {
    RawTokens Raw(SM, LO, NameLoc);
    Token Tok;
    if (!Raw.next(Tok) || !Tok.is(tok::raw_identifier) ||
        Tok.getRawIdentifier() != Name)
      return Fail(NameLoc, "its declaration cannot be rewritten where it "
                           "stands: its name is not written there");
    RawTokens Semi(SM, LO, SemiLoc);
    if (!Semi.next(Tok) || !Tok.is(tok::semi))
      return Fail(SemiLoc, "its declaration cannot be rewritten where it "
                           "stands: it does not end with ';' there");
  }
  // A statement must be able to follow the declaration.
  auto Parents = Ctx.getParents(*DS);
  if (Parents.empty() || !Parents[0].get<CompoundStmt>())
    return Fail(NameLoc, "it is not declared directly in a block (a 'for' "
                         "initializer, a condition, a label's statement); "
                         "declare it in the enclosing block");

  // C++ objects must be copyable as bytes, and need no destructor.
  if (LO.CPlusPlus) {
    QualType Base = Ctx.getBaseElementType(VD->getType());
    if (const CXXRecordDecl *RD = Base->getAsCXXRecordDecl())
      if (RD->hasDefinition() &&
          (!RD->isTriviallyCopyable() || !RD->hasTrivialDestructor()))
        return Fail(NameLoc, "its type '" +
                                 Base.getAsString(Ctx.getPrintingPolicy()) +
                                 "' is not trivially copyable and "
                                 "destructible");
    if (VD->getType()->isDependentType())
      return Fail(NameLoc, "its type depends on a template parameter");
  }

  // 'register' forbids taking the address, which the relocation needs
  // (under dss, only where the DSS macro is not the identity).
  if (VD->getStorageClass() == SC_Register &&
      (Heap || Cfg.Mech != Mechanism::None)) {
    SourceLocation Begin = DS->getBeginLoc();
    if (Begin.isMacroID())
      return Fail(Begin, "its 'register' keyword cannot be removed where it "
                         "stands: the declaration begins in a macro");
    RawTokens Raw(SM, LO, Begin);
    Token Tok;
    bool Found = false;
    while (Raw.next(Tok) &&
           SM.isBeforeInTranslationUnit(Tok.getLocation(), NameLoc)) {
      if (Tok.is(tok::raw_identifier) &&
          Tok.getRawIdentifier() == "register") {
        addEdit(Ctx, Tok.getLocation(), Tok.getLength(), "", VD);
        Found = true;
        break;
      }
    }
    if (!Found)
      return Fail(Begin, "its 'register' keyword cannot be removed where it "
                         "stands: it is not written in the declaration");
  }

  if (!Heap) {
    if (VD->hasInit())
      addEdit(Ctx, SemiLoc.getLocWithOffset(1),
              0, " __FLEXOS_DSS_INIT(" + Name + ");", VD);
    return true;
  }

  // heap.
  if (VD->getType()->getContainedDeducedType())
    return Fail(NameLoc, "its type is deduced ('auto'); write the type");
  if (VD->hasInit() && VD->getInitStyle() != VarDecl::CInit)
    return Fail(NameLoc, "under sharing 'heap' it must be initialized with "
                         "'=' (not '(...)' or '{...}')");
  if (VD->hasInit() && VD->getType()->isVariablyModifiedType())
    return Fail(NameLoc, "a variable-length array with an initializer "
                         "cannot be placed in the shared heap");
  if (VD->hasInit() && DS->decls().end()[-1] != VD)
    return Fail(NameLoc, "under sharing 'heap' an initialized shared "
                         "variable must be the last one of its declaration; "
                         "split the declaration");

  const std::string Ptr = Name + HeapSuffix;
  // An array whose size comes from its initializer: write the size.
  if (const auto *CAT = Ctx.getAsConstantArrayType(VD->getType())) {
    TypeLoc TL = VD->getTypeSourceInfo()->getTypeLoc();
    if (auto IAT = TL.getAs<IncompleteArrayTypeLoc>()) {
      if (IAT.getRBracketLoc().isMacroID())
        return Fail(IAT.getRBracketLoc(), "its array size cannot be "
                                          "written where it stands");
      addEdit(Ctx, IAT.getRBracketLoc(), 0,
              std::to_string(CAT->getSize().getZExtValue()), VD);
    } else if (!TL.getType()->isConstantArrayType() &&
               TL.getType()->isArrayType()) {
      return Fail(NameLoc, "its array size comes from its initializer but "
                           "its type is not written '[]' there");
    }
  } else if (VD->getType()->isIncompleteType()) {
    return Fail(NameLoc, "its type is incomplete");
  }

  // The end of the declarator: the first '=', ',' or ';' after the name at
  // nesting depth 0, and the end of the token before it.
  RawTokens Raw(SM, LO, NameLoc);
  Token Tok, Prev;
  Raw.next(Prev);
  int Depth = 0;
  bool Found = false;
  while (Raw.next(Tok)) {
    if (Tok.isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
      ++Depth;
    else if (Tok.isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
      --Depth;
    else if (Depth == 0 && Tok.isOneOf(tok::equal, tok::comma, tok::semi)) {
      Found = true;
      break;
    }
    Prev = Tok;
  }
  if (!Found || Depth < 0 || (VD->hasInit() != Tok.is(tok::equal)) ||
      SM.isBeforeInTranslationUnit(SemiLoc, Tok.getLocation()))
    return Fail(NameLoc, "the end of its declarator cannot be found where "
                         "it is written");

  std::string Alloc = "__flexos_heap_alloc(sizeof(*" + Ptr + "))";
  if (LO.CPlusPlus)
    Alloc = "(__typeof__(" + Ptr + "))" + Alloc;
  std::string Attr = " __attribute__((cleanup(__flexos_heap_release)))";
  if (!VD->hasInit())
    Attr += " = " + Alloc;
  // '*p', or '(*p)' when array brackets follow the name.
  std::string Declarator = "*" + Ptr;
  {
    RawTokens After(SM, LO, NameLoc);
    Token T;
    if (After.next(T) && After.next(T) && T.is(tok::l_square))
      Declarator = "(" + Declarator + ")";
  }
  // After the name, or after the last token of the declarator.
  if (Prev.getLocation() == NameLoc) {
    addEdit(Ctx, NameLoc, Name.size(), Declarator + Attr, VD);
  } else {
    addEdit(Ctx, NameLoc, Name.size(), Declarator, VD);
    addEdit(Ctx, Prev.getEndLoc(), 0, Attr, VD);
  }
  if (!VD->hasInit())
    return true;
  addEdit(Ctx, Tok.getEndLoc(), 0,
          " " + Alloc + "; { __typeof__(*" + Ptr + ") " + Name +
              "__flexcc_init =",
          VD);
  addEdit(Ctx, SemiLoc.getLocWithOffset(1), 0,
          " __builtin_memcpy((void *)" + Ptr + ", &" + Name +
              "__flexcc_init, sizeof(*" + Ptr + ")); }",
          VD);
  return true;
}

bool ShareLocalsRewrite::handleUse(ASTContext &Ctx, const DeclRefExpr *E) {
  const auto *VD = cast<VarDecl>(E->getDecl());
  const SourceManager &SM = Ctx.getSourceManager();
  const std::string Name = VD->getNameAsString();
  SourceLocation Loc = E->getLocation();
  if (E->refersToEnclosingVariableOrCapture()) {
    report(Ctx, Loc,
           "cannot relocate shared variable '" + Name +
               "': it is used in a lambda or a block");
    return false;
  }
  // Under dss the shadow is initialized after the whole declaration.
  auto DS = DeclStmts.find(VD);
  if (Cfg.Share == Sharing::Dss && VD->hasInit() && DS != DeclStmts.end()) {
    SourceLocation Use = SM.getExpansionLoc(Loc);
    if (SM.isBeforeInTranslationUnit(SM.getExpansionLoc(VD->getEndLoc()),
                                     Use) &&
        SM.isBeforeInTranslationUnit(Use, DS->second->getEndLoc())) {
      report(Ctx, Loc,
             "cannot relocate shared variable '" + Name +
                 "': it is used later in its own declaration, before its "
                 "shadow is initialized; split the declaration");
      return false;
    }
  }
  SourceLocation At;
  if (!writtenAt(Ctx, Loc, At)) {
    std::string Where = "it is not written in a source file";
    if (Loc.isMacroID()) {
      SourceLocation L = Loc;
      while (L.isMacroID() && SM.isMacroArgExpansion(L))
        L = SM.getImmediateSpellingLoc(L);
      llvm::StringRef Macro =
          Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
      if (!Macro.empty())
        Where = ("it is written in the body of macro '" + Macro + "'").str();
    }
    report(Ctx, Loc,
           "use of shared variable '" + Name +
               "' cannot be rewritten where it stands: " + Where);
    return false;
  }
  RawTokens Raw(SM, Ctx.getLangOpts(), At);
  Token Tok;
  if (!Raw.next(Tok) || !Tok.is(tok::raw_identifier) ||
      Tok.getRawIdentifier() != Name) {
    report(Ctx, Loc,
           "use of shared variable '" + Name +
               "' cannot be rewritten where it stands: its name is not "
               "written there");
    return false;
  }
  std::string Text = Cfg.Share == Sharing::Heap
                         ? "(*" + Name + HeapSuffix + ")"
                         : "__FLEXOS_DSS(" + Name + ")";
  return addEdit(Ctx, At, Name.size(), Text, VD);
}

void ShareLocalsRewrite::run(ASTContext &Ctx) {
  Collector C(*this, Ctx);
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  for (const auto &V : C.Vars) {
    DeclStmts[V.first] = V.second;
    handleDecl(Ctx, V.first, V.second);
  }
  for (const DeclRefExpr *E : C.Uses)
    handleUse(Ctx, E);

  Edits.flushInto(Ctx, Out, Id);
}

} // namespace rewriters
} // namespace flexcc

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
