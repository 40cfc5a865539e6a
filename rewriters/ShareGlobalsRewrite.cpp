//===--- ShareGlobalsRewrite.cpp - shared globals to shared sections -----===//
// SPDX-License-Identifier: Apache-2.0
//
// How a shared variable is found: under __FLEXCC__, flexos.h expands
// __flexos_shared and flexos_whitelist to annotate("flexos:shared"), which
// clang keeps as an AnnotateAttr; FlexOS's hand-written placement is a
// SectionAttr named ".data_shared". The text to rewrite is found from the
// attribute's location: back through the macro expansions to the token
// '__flexos_shared' or 'flexos_whitelist' where it is written, or, for a
// section attribute, to the string literal that names ".data_shared" (in the
// attribute itself, or in the argument of a macro such as __section(s)).
//
//===----------------------------------------------------------------------===//
#include "rewriters/ShareGlobalsRewrite.h"
#include "flexcc/LlvmCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"

using namespace clang;

namespace flexcc {
namespace rewriters {

namespace {

constexpr llvm::StringLiteral SharedAnnotation = "flexos:shared";
constexpr llvm::StringLiteral FlexosSharedSection = ".data_shared";

bool isSharedMarker(const Attr *A) {
  if (const auto *AA = dyn_cast<AnnotateAttr>(A))
    return AA->getAnnotation() == SharedAnnotation;
  if (const auto *SA = dyn_cast<SectionAttr>(A))
    return SA->getName() == FlexosSharedSection;
  return false;
}

bool isSectionName(llvm::StringRef Name) {
  return Name == "section" || Name == "__section__";
}

/// A raw lexer over the file that holds \p Spelling, positioned there.
struct RawTokens {
  RawTokens(const SourceManager &SM, const LangOptions &LO,
            SourceLocation Spelling)
      : SM(SM) {
    std::pair<FileID, unsigned> D = SM.getDecomposedLoc(Spelling);
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
  llvm::StringRef text(const Token &Tok) const {
    return llvm::StringRef(SM.getCharacterData(Tok.getLocation()),
                           Tok.getLength());
  }
  const SourceManager &SM;
  std::unique_ptr<Lexer> Lex;
};

/// Calls \p F on every variable declared in \p DC and the contexts inside it
/// (namespaces, classes, functions and their static locals, templates'
/// patterns), in declaration order.
void forEachVar(const DeclContext *DC,
                const std::function<void(const VarDecl *)> &F) {
  for (const Decl *D : DC->decls()) {
    if (const auto *VD = dyn_cast<VarDecl>(D))
      F(VD);
    if (const auto *TD = dyn_cast<TemplateDecl>(D))
      D = TD->getTemplatedDecl();
    if (const auto *Inner = dyn_cast_or_null<DeclContext>(D))
      forEachVar(Inner, F);
  }
}

} // namespace

class ShareGlobalsRewrite::ExpansionRecorder : public PPCallbacks {
public:
  ExpansionRecorder(ShareGlobalsRewrite &R, const SourceManager &SM)
      : R(R), SM(SM) {}

  void MacroExpands(const Token &NameTok, const MacroDefinition &MD,
                    SourceRange, const MacroArgs *Args) override {
    const MacroInfo *MI = MD.getMacroInfo();
    if (!Args || !MI || MI->getNumParams() == 0)
      return;
    bool NamesSection = false;
    for (const Token &T : MI->tokens())
      if (const IdentifierInfo *II = T.getIdentifierInfo())
        if (isSectionName(II->getName()))
          NamesSection = true;
    if (!NamesSection)
      return;
    SectionMacroArgs &Rec = R.SectionMacros[NameTok.getLocation()];
    Rec.Params.clear();
    unsigned N = std::min<unsigned>(MI->getNumParams(),
                                    Args->getNumMacroArguments());
    for (unsigned I = 0; I < N; ++I) {
      const Token *A = Args->getUnexpArgument(I);
      SourceLocation L;
      if (A && !A->is(tok::eof) && MacroArgs::getArgLength(A) == 1)
        L = SM.getSpellingLoc(A->getLocation());
      Rec.Params.emplace_back(MI->params()[I]->getName().str(), L);
    }
  }

private:
  ShareGlobalsRewrite &R;
  const SourceManager &SM;
};

std::unique_ptr<PPCallbacks>
ShareGlobalsRewrite::createExpansionRecorder(const SourceManager &SM) {
  return std::make_unique<ExpansionRecorder>(*this, SM);
}

void ShareGlobalsRewrite::report(ASTContext &Ctx, SourceLocation Loc,
                                 llvm::StringRef Message) {
  reportError(Ctx, Loc, Id, Message);
}

llvm::StringRef ShareGlobalsRewrite::sectionFor(ASTContext &Ctx,
                                                const VarDecl *VD) {
  // Decided once per variable, from its definition when this translation
  // unit has it, so that every declaration agrees.
  const VarDecl *D = VD->getDefinition();
  if (!D)
    D = VD->getActingDefinition();
  bool IsDefinition = D != nullptr;
  if (!D)
    D = VD;
  QualType T = D->getType();
  QualType Base = Ctx.getBaseElementType(T);
  if (!Base.isConstQualified() || Base.isVolatileQualified())
    return DataSection;
  if (Ctx.getLangOpts().CPlusPlus) {
    if (const CXXRecordDecl *RD = Base->getAsCXXRecordDecl())
      if (RD->hasDefinition() &&
          (RD->hasMutableFields() || !RD->hasTrivialDestructor()))
        return DataSection;
    // A definition must be initialised by a constant; a declaration alone
    // cannot say, and is assumed to be.
    if (IsDefinition && !D->getDeclContext()->isDependentContext() &&
        !T->isDependentType() && !D->hasConstantInitialization())
      return DataSection;
  }
  return RodataSection;
}

void ShareGlobalsRewrite::addEdit(ASTContext &Ctx, SourceLocation Spelling,
                                  unsigned Length, std::string Text,
                                  SourceLocation Origin, const VarDecl *VD) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> D = SM.getDecomposedLoc(Spelling);
  std::string File = Paths.of(SM, D.first);
  if (File.empty()) {
    report(Ctx, Origin,
           "shared variable '" + VD->getNameAsString() +
               "' cannot be rewritten where it stands: its annotation is not "
               "written in a source file");
    return;
  }
  const EditMap::Edit *Other =
      Edits.add(File, D.second, Length, Text, Origin);
  if (!Other)
    return;
  report(Ctx, Origin,
         "shared variable '" + VD->getNameAsString() +
             "' cannot be rewritten where it stands: its annotation is "
             "written once for variables that go to different sections ('" +
             Other->Text + "' and '" + Text + "')");
  reportNote(Ctx, Other->Origin, "the other variable is here");
}

bool ShareGlobalsRewrite::rewriteMarker(ASTContext &Ctx, const VarDecl *VD,
                                        const Attr *A,
                                        llvm::StringRef Section) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation Origin = VD->getLocation();
  std::string Quoted = ("\"" + Section + "\"").str();
  auto Fail = [&](llvm::StringRef Why) {
    report(Ctx, Origin,
           ("shared variable '" + VD->getNameAsString() +
            "' cannot be rewritten where it stands: " + Why)
               .str());
    return false;
  };

  if (isa<AnnotateAttr>(A)) {
    // Back through the expansions to where __flexos_shared or
    // flexos_whitelist is written.
    for (SourceLocation L = A->getLocation(); L.isMacroID();) {
      if (SM.isMacroArgExpansion(L)) {
        L = SM.getImmediateSpellingLoc(L);
        continue;
      }
      SourceLocation NameLoc = SM.getImmediateExpansionRange(L).getBegin();
      SourceLocation Spelling = SM.getSpellingLoc(NameLoc);
      RawTokens Raw(SM, LO, Spelling);
      Token Tok;
      if (Raw.next(Tok) && Tok.is(tok::raw_identifier)) {
        llvm::StringRef Name = Tok.getRawIdentifier();
        if (Name == "__flexos_shared") {
          addEdit(Ctx, Spelling, Tok.getLength(),
                  "__attribute__((section(" + Quoted + ")))", Origin, VD);
          return true;
        }
        if (Name == "flexos_whitelist") {
          addEdit(Ctx, Spelling, Tok.getLength(), "section(" + Quoted + ")",
                  Origin, VD);
          return true;
        }
      }
      L = NameLoc;
    }
    // annotate("flexos:shared") written out.
    SourceLocation Spelling = SM.getSpellingLoc(A->getLocation());
    RawTokens Raw(SM, LO, Spelling);
    Token Name, LParen, Str, RParen;
    if (Raw.next(Name) && Name.is(tok::raw_identifier) &&
        (Name.getRawIdentifier() == "annotate" ||
         Name.getRawIdentifier() == "__annotate__") &&
        Raw.next(LParen) && LParen.is(tok::l_paren) && Raw.next(Str) &&
        Str.is(tok::string_literal) &&
        Raw.text(Str) == "\"" + SharedAnnotation.str() + "\"" &&
        Raw.next(RParen) && RParen.is(tok::r_paren)) {
      unsigned Len = SM.getFileOffset(RParen.getLocation()) + 1 -
                     SM.getFileOffset(Name.getLocation());
      addEdit(Ctx, Spelling, Len, "section(" + Quoted + ")", Origin, VD);
      return true;
    }
    return Fail("its annotation is not written as '__flexos_shared', "
                "'flexos_whitelist' or 'annotate(\"flexos:shared\")'");
  }

  // section(".data_shared"): the string, where it is written.
  SourceLocation L = A->getLocation();
  SourceLocation Spelling = SM.getSpellingLoc(L);
  RawTokens Raw(SM, LO, Spelling);
  Token Name, LParen, Arg;
  if (!(Raw.next(Name) && Name.is(tok::raw_identifier) &&
        isSectionName(Name.getRawIdentifier()) && Raw.next(LParen) &&
        LParen.is(tok::l_paren) && Raw.next(Arg)))
    return Fail("its section attribute is not written as "
                "'section(\".data_shared\")'");
  SourceLocation StrLoc;
  if (Arg.is(tok::string_literal)) {
    StrLoc = Arg.getLocation();
  } else if (Arg.is(tok::raw_identifier)) {
    // A parameter of the macro that holds the attribute (__section(s)),
    // found from where that macro expanded (inside another macro's
    // argument, first back to where the argument's tokens were made).
    while (L.isMacroID() && SM.isMacroArgExpansion(L))
      L = SM.getImmediateSpellingLoc(L);
    auto It = L.isMacroID() ? SectionMacros.find(
                                  SM.getImmediateExpansionRange(L).getBegin())
                            : SectionMacros.end();
    if (It != SectionMacros.end())
      for (const auto &P : It->second.Params)
        if (P.first == Arg.getRawIdentifier())
          StrLoc = P.second;
  }
  if (StrLoc.isValid()) {
    RawTokens S(SM, LO, StrLoc);
    Token Tok;
    if (S.next(Tok) && Tok.is(tok::string_literal) &&
        S.text(Tok) == "\"" + FlexosSharedSection.str() + "\"") {
      addEdit(Ctx, StrLoc, Tok.getLength(), Quoted, Origin, VD);
      return true;
    }
  }
  return Fail("the string \"" + FlexosSharedSection.str() +
              "\" is not written as one literal where the section is named");
}

void ShareGlobalsRewrite::handleVar(ASTContext &Ctx, const VarDecl *VD) {
  if (isa<ParmVarDecl>(VD) || VD->isInvalidDecl())
    return;
  llvm::SmallVector<const Attr *, 2> Markers;
  for (const Attr *A : VD->attrs())
    if (!A->isInherited() && isSharedMarker(A))
      Markers.push_back(A);
  // Marked on another declaration only: the section attribute written
  // there reaches this one too.
  if (Markers.empty())
    return;
  // Shared stack data is not placed by a section.
  if (!VD->hasGlobalStorage())
    return;
  if (VD->getTLSKind() != VarDecl::TLS_None) {
    report(Ctx, VD->getLocation(),
           "cannot share thread-local variable '" + VD->getNameAsString() +
               "'");
    return;
  }
  llvm::StringRef Section = sectionFor(Ctx, VD);
  for (const Attr *A : VD->attrs()) {
    const auto *SA = dyn_cast<SectionAttr>(A);
    if (!SA || SA->getName() == FlexosSharedSection || SA->getName() == Section)
      continue;
    report(Ctx, SA->getLocation(),
           ("shared variable '" + VD->getNameAsString() +
            "' also has section '" + SA->getName() +
            "': it cannot be in both '" + SA->getName() + "' and '" + Section +
            "'")
               .str());
    return;
  }
  for (const Attr *A : Markers)
    rewriteMarker(Ctx, VD, A, Section);
}

void ShareGlobalsRewrite::run(ASTContext &Ctx) {
  forEachVar(Ctx.getTranslationUnitDecl(),
             [&](const VarDecl *VD) { handleVar(Ctx, VD); });

  Edits.flushInto(Ctx, Out, Id);
}

} // namespace rewriters
} // namespace flexcc
