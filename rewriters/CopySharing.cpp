//===--- CopySharing.cpp - copy-shared parameters of a callee -----------===//
// SPDX-License-Identifier: Apache-2.0
//
// flexos.h spells each annotation as annotate("flexos:<dir>:<size>"), the
// size macro-expanded then stringized, so that a size written with a macro
// (BUFSIZ, a project's own) arrives as its value. A small recursive-descent
// parser reads the size: it resolves names against the annotated
// declaration's parameters and the translation unit's file-scope types and
// enum constants, folds sizeof to a number, and writes an 'unsigned long'
// expression over the stub's parameters __a0, __a1, ...
//
//===----------------------------------------------------------------------===//
#include "rewriters/CopySharing.h"
#include "rewriters/RewriteSupport.h"
#include "flexcc/LlvmCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include <optional>

using namespace clang;
using llvm::StringRef;

namespace flexcc {
namespace rewriters {

namespace {

constexpr StringRef Id = "copy-sharing";

/// The C spelling of integer type \p T (canonical, no typedef), or "" if it
/// is not an integer type.
std::string integerTypeName(ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  if (const auto *ET = T->getAs<EnumType>())
    T = ET->getDecl()->getIntegerType().getCanonicalType();
  if (T.isNull() || !T->isIntegerType())
    return "";
  if (T->isBooleanType())
    return "_Bool";
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.Bool = false;
  return T.getAsString(PP);
}

bool isCharType(QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  return T->isCharType();
}

/// A token of a size expression.
struct Token {
  enum Kind { End, Ident, Number, Punct, Bad } K = End;
  StringRef Text;
  size_t Offset = 0; ///< Where it starts in the size's text.
};

class SizeParser {
public:
  SizeParser(ASTContext &Ctx, const FunctionDecl *FD, StringRef Text)
      : Ctx(Ctx), FD(FD), Text(Text) {
    next();
  }

  /// The expression, or nullopt with Why set.
  std::optional<std::string> parse() {
    std::string E;
    if (!shift(E))
      return std::nullopt;
    if (Tok.K != Token::End)
      return fail("unexpected '" + Tok.Text.str() + "'");
    return E;
  }

  std::string Why;

private:
  // --- Tokens --------------------------------------------------------------
  void next() {
    while (Pos < Text.size() && llvm::isSpace(Text[Pos]))
      ++Pos;
    Tok = Token();
    Tok.Offset = Pos;
    if (Pos >= Text.size()) {
      Tok.Text = "end of size";
      return;
    }
    size_t Start = Pos;
    char C = Text[Pos];
    if (llvm::isAlpha(C) || C == '_') {
      while (Pos < Text.size() && (llvm::isAlnum(Text[Pos]) || Text[Pos] == '_'))
        ++Pos;
      Tok.K = Token::Ident;
    } else if (llvm::isDigit(C)) {
      while (Pos < Text.size() &&
             (llvm::isAlnum(Text[Pos]) || Text[Pos] == '_' || Text[Pos] == '.'))
        ++Pos;
      Tok.K = Token::Number;
    } else if ((C == '<' || C == '>') && Pos + 1 < Text.size() &&
               Text[Pos + 1] == C) {
      Pos += 2;
      Tok.K = Token::Punct;
    } else if (StringRef("()*/%+-").contains(C)) {
      ++Pos;
      Tok.K = Token::Punct;
    } else {
      ++Pos;
      Tok.K = Token::Bad;
    }
    Tok.Text = Text.slice(Start, Pos);
  }
  bool is(StringRef P) const {
    return (Tok.K == Token::Punct || Tok.K == Token::Ident) && Tok.Text == P;
  }
  bool expect(StringRef P) {
    if (!is(P)) {
      fail("expected '" + P.str() + "' before '" + Tok.Text.str() + "'");
      return false;
    }
    next();
    return true;
  }
  std::nullopt_t fail(const std::string &Msg) {
    if (Why.empty())
      Why = Msg;
    return std::nullopt;
  }

  // --- Names ---------------------------------------------------------------
  /// The parameter named \p Name and its index, or null.
  const ParmVarDecl *param(StringRef Name, unsigned &Index) const {
    for (unsigned I = 0; I != FD->getNumParams(); ++I)
      if (FD->getParamDecl(I)->getName() == Name) {
        Index = I;
        return FD->getParamDecl(I);
      }
    return nullptr;
  }
  /// The file-scope declarations named \p Name.
  DeclContext::lookup_result lookup(StringRef Name) const {
    return Ctx.getTranslationUnitDecl()->lookup(
        DeclarationName(&Ctx.Idents.get(Name)));
  }
  const TypedefNameDecl *typedefNamed(StringRef Name) const {
    unsigned Unused;
    if (param(Name, Unused))
      return nullptr; // A parameter hides a typedef of the same name.
    for (NamedDecl *D : lookup(Name))
      if (auto *TD = dyn_cast<TypedefNameDecl>(D))
        return TD;
    return nullptr;
  }
  bool startsTypeName() const {
    static const char *const Words[] = {
        "void",   "char",     "short",    "int",   "long",   "float",
        "double", "signed",   "unsigned", "_Bool", "bool",   "const",
        "volatile", "struct", "union",    "enum"};
    if (Tok.K != Token::Ident)
      return false;
    for (const char *W : Words)
      if (Tok.Text == W)
        return true;
    return typedefNamed(Tok.Text) != nullptr;
  }

  /// type-name: specifiers then '*'s.
  bool typeName(QualType &T) {
    unsigned Longs = 0, Signed = 0, Unsigned = 0;
    StringRef Base;
    QualType Named;
    for (; Tok.K == Token::Ident; next()) {
      StringRef W = Tok.Text;
      if (W == "const" || W == "volatile")
        continue;
      if (W == "long") {
        ++Longs;
        continue;
      }
      if (W == "signed" || W == "unsigned") {
        (W == "signed" ? Signed : Unsigned)++;
        continue;
      }
      if (!Base.empty() || !Named.isNull())
        break;
      if (W == "struct" || W == "union" || W == "enum") {
        next();
        if (Tok.K != Token::Ident)
          return fail("expected a tag name after '" + W.str() + "'"),
                 false;
        TagDecl *Found = nullptr;
        for (NamedDecl *D : lookup(Tok.Text))
          if (auto *TD = dyn_cast<TagDecl>(D))
            if (TD->getKindName() == W)
              Found = TD;
        if (!Found)
          return fail("no file-scope '" + W.str() + " " + Tok.Text.str() +
                      "' is declared"),
                 false;
        Named = Ctx.getTypeDeclType(Found);
        continue;
      }
      if (const TypedefNameDecl *TD = typedefNamed(W)) {
        if (Longs || Signed || Unsigned)
          break;
        Named = TD->getUnderlyingType();
        continue;
      }
      static const char *const Bases[] = {"void", "char",   "short", "int",
                                          "float", "double", "_Bool", "bool"};
      bool IsBase = false;
      for (const char *B : Bases)
        IsBase |= W == B;
      if (!IsBase)
        break;
      Base = W;
    }
    if (!Named.isNull()) {
      T = Named;
    } else {
      bool U = Unsigned != 0;
      if (Base.empty() && !Longs && !Signed && !Unsigned)
        return fail("expected a type name before '" + Tok.Text.str() + "'"),
               false;
      if (Base == "void")
        T = Ctx.VoidTy;
      else if (Base == "_Bool" || Base == "bool")
        T = Ctx.BoolTy;
      else if (Base == "char")
        T = U ? Ctx.UnsignedCharTy : Signed ? Ctx.SignedCharTy : Ctx.CharTy;
      else if (Base == "short")
        T = U ? Ctx.UnsignedShortTy : Ctx.ShortTy;
      else if (Base == "float")
        T = Ctx.FloatTy;
      else if (Base == "double")
        T = Longs ? Ctx.LongDoubleTy : Ctx.DoubleTy;
      else if (Longs >= 2)
        T = U ? Ctx.UnsignedLongLongTy : Ctx.LongLongTy;
      else if (Longs == 1)
        T = U ? Ctx.UnsignedLongTy : Ctx.LongTy;
      else
        T = U ? Ctx.UnsignedIntTy : Ctx.IntTy;
    }
    while (is("*")) {
      T = Ctx.getPointerType(T);
      next();
    }
    return true;
  }

  /// sizeof T as a number.
  bool sizeOf(QualType T, StringRef What, std::string &Out) {
    if (T->isVoidType() || T->isIncompleteType() || T->isFunctionType() ||
        !T->isConstantSizeType()) {
      fail("'sizeof(" + What.str() + ")' has no constant value here");
      return false;
    }
    Out = "(unsigned long)" +
          std::to_string(Ctx.getTypeSizeInChars(T).getQuantity()) + "UL";
    return true;
  }

  // --- Grammar -------------------------------------------------------------
  bool binary(std::string &Out, bool (SizeParser::*Operand)(std::string &),
              std::initializer_list<StringRef> Ops) {
    if (!(this->*Operand)(Out))
      return false;
    for (;;) {
      StringRef Op;
      for (StringRef O : Ops)
        if (Tok.K == Token::Punct && Tok.Text == O)
          Op = O;
      if (Op.empty())
        return true;
      next();
      std::string R;
      if (!(this->*Operand)(R))
        return false;
      Out = "(" + Out + " " + Op.str() + " " + R + ")";
    }
  }
  bool shift(std::string &Out) {
    return binary(Out, &SizeParser::additive, {"<<", ">>"});
  }
  bool additive(std::string &Out) {
    return binary(Out, &SizeParser::multiplicative, {"+", "-"});
  }
  bool multiplicative(std::string &Out) {
    return binary(Out, &SizeParser::unary, {"*", "/", "%"});
  }

  bool unary(std::string &Out) {
    if (is("sizeof")) {
      next();
      return sizeofOperand(Out);
    }
    if (is("*")) {
      next();
      return deref(Out);
    }
    if (is("(")) {
      next();
      if (startsTypeName()) { // A cast.
        QualType T;
        if (!typeName(T) || !expect(")"))
          return false;
        std::string Name = integerTypeName(Ctx, T);
        if (Name.empty())
          return fail("a size can be cast to an integer type only, not '" +
                      T.getAsString() + "'"),
                 false;
        std::string Operand;
        if (!unary(Operand))
          return false;
        Out = "(unsigned long)(" + Name + ")" + Operand;
        return true;
      }
      std::string Inner;
      if (!shift(Inner) || !expect(")"))
        return false;
      Out = "(" + Inner + ")";
      return true;
    }
    if (Tok.K == Token::Number)
      return number(Out);
    if (Tok.K == Token::Ident)
      return name(Out);
    if (Tok.K == Token::End)
      return fail("the size is incomplete"), false;
    return fail("'" + Tok.Text.str() + "' cannot appear in a size"), false;
  }

  bool number(std::string &Out) {
    StringRef S = Tok.Text;
    StringRef Digits = S;
    // Strip an integer suffix: u, l, ll in either order and case.
    while (!Digits.empty() && StringRef("uUlL").contains(Digits.back()))
      Digits = Digits.drop_back();
    bool Ok = !Digits.empty() && S.size() - Digits.size() <= 3;
    if (Ok && (startsWith(Digits, "0x") || startsWith(Digits, "0X")))
      Ok = Digits.size() > 2 && llvm::all_of(Digits.drop_front(2), llvm::isHexDigit);
    else if (Ok && startsWith(Digits, "0"))
      Ok = llvm::all_of(Digits, [](char C) { return C >= '0' && C <= '7'; });
    else if (Ok)
      Ok = llvm::all_of(Digits, llvm::isDigit);
    if (!Ok)
      return fail("'" + S.str() + "' is not an integer constant"), false;
    Out = "(unsigned long)" + S.str();
    next();
    return true;
  }

  bool name(std::string &Out) {
    StringRef N = Tok.Text;
    unsigned I = 0;
    if (const ParmVarDecl *P = param(N, I)) {
      QualType T = P->getType();
      if (T->isPointerType() || T->isArrayType())
        return fail("'" + N.str() + "' is a pointer; a size is a number (write '*" +
                    N.str() + "' for the integer it points to)"),
               false;
      if (integerTypeName(Ctx, T).empty())
        return fail("parameter '" + N.str() + "' has type '" +
                    T.getAsString() + "', not an integer type"),
               false;
      Out = "(unsigned long)__a" + std::to_string(I);
      next();
      return true;
    }
    for (NamedDecl *D : lookup(N))
      if (auto *EC = dyn_cast<EnumConstantDecl>(D)) {
        const llvm::APSInt &V = EC->getInitVal();
        Out = "(unsigned long)" +
              (V.isSigned() ? std::to_string(V.getExtValue()) + "L"
                            : std::to_string(V.getZExtValue()) + "UL");
        next();
        return true;
      }
    if (N == "sizeof" || startsTypeName())
      return fail("unexpected '" + N.str() + "'"), false;
    if (startsWith(Text.substr(Pos).ltrim(), "("))
      return fail("a size cannot call a function ('" + N.str() + "')"), false;
    return fail("'" + N.str() + "' is not a parameter of '" +
                FD->getNameAsString() + "' nor an enum constant"),
           false;
  }

  /// '*p' for an integer parameter p points to.
  bool deref(std::string &Out) {
    unsigned I = 0;
    const ParmVarDecl *P =
        Tok.K == Token::Ident ? param(Tok.Text, I) : nullptr;
    if (!P)
      return fail("'*' must be followed by a pointer parameter's name"), false;
    QualType Pointee = P->getType()->getPointeeType();
    std::string Name =
        Pointee.isNull() ? "" : integerTypeName(Ctx, Pointee);
    if (Name.empty())
      return fail("'*" + Tok.Text.str() +
                  "' is not an integer: '" + Tok.Text.str() + "' has type '" +
                  P->getType().getAsString() + "'"),
             false;
    // A NULL pointer reads as 0, so that the stub never faults where the
    // callee would not have read.
    std::string A = "__a" + std::to_string(I);
    Out = "(" + A + " ? (unsigned long)*(const " + Name + " *)" + A + " : 0UL)";
    next();
    return true;
  }

  /// After 'sizeof': '(' type-name ')', or a parameter, or '*' parameter,
  /// parenthesized or not.
  bool sizeofOperand(std::string &Out) {
    bool Paren = is("(");
    if (Paren) {
      next();
      if (startsTypeName()) {
        size_t Start = Tok.Offset;
        QualType T;
        if (!typeName(T))
          return false;
        StringRef Spelled = Text.slice(Start, Tok.Offset).trim();
        return expect(")") && sizeOf(T, Spelled, Out);
      }
    }
    bool Deref = is("*");
    if (Deref)
      next();
    unsigned I = 0;
    const ParmVarDecl *P =
        Tok.K == Token::Ident ? param(Tok.Text, I) : nullptr;
    if (!P)
      return fail("sizeof takes a type name, a parameter or '*' and a "
                  "parameter here"),
             false;
    std::string Spelled = (Deref ? "*" : "") + Tok.Text.str();
    QualType T = P->getType();
    if (Deref) {
      T = T->getPointeeType();
      if (T.isNull())
        return fail("'" + Tok.Text.str() + "' is not a pointer"), false;
    }
    next();
    if (Paren && !expect(")"))
      return false;
    return sizeOf(T, Spelled, Out);
  }

  ASTContext &Ctx;
  const FunctionDecl *FD;
  StringRef Text;
  size_t Pos = 0;
  Token Tok;
};

/// One annotation on one parameter of one declaration.
struct Annotation {
  CopySpec::Direction Dir;
  std::string SizeText; ///< As written (after macro expansion).
  const AnnotateAttr *Attr;
  const FunctionDecl *Decl;
};

std::optional<CopySpec::Direction> directionOf(StringRef &Rest) {
  if (Rest.consume_front("inout:"))
    return CopySpec::Direction::InOut;
  if (Rest.consume_front("in:"))
    return CopySpec::Direction::In;
  if (Rest.consume_front("out:"))
    return CopySpec::Direction::Out;
  if (Rest == "string")
    return CopySpec::Direction::String;
  return std::nullopt;
}

std::string spelling(const Annotation &A) {
  if (A.Dir == CopySpec::Direction::String)
    return "__flexos_string";
  return "__flexos_" + directionName(A.Dir).str() + "(" + A.SizeText + ")";
}

} // namespace

const std::vector<CopySpec> *CopySpecReader::read(ASTContext &Ctx,
                                                  const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto [It, New] = Cache.try_emplace(FD);
  Entry &E = It->second;
  if (!New)
    return E.Ok ? &E.Specs : nullptr;

  std::string Fn = FD->getNameAsString();
  // At the annotation as written, not inside flexos.h's macros.
  const SourceManager &SM = Ctx.getSourceManager();
  auto error = [&](SourceLocation Loc, const std::string &Msg) {
    reportError(Ctx, SM.getExpansionLoc(Loc), Id, Msg);
    E.Ok = false;
  };

  unsigned NParams = FD->getNumParams();
  for (unsigned I = 0; I != NParams; ++I) {
    std::optional<Annotation> Chosen;
    for (const FunctionDecl *D : FD->redecls()) {
      if (I >= D->getNumParams())
        continue;
      const ParmVarDecl *P = D->getParamDecl(I);
      for (const auto *A : P->specific_attrs<AnnotateAttr>()) {
        if (A->isInherited())
          continue;
        StringRef Rest = A->getAnnotation();
        if (!Rest.consume_front("flexos:"))
          continue;
        std::optional<CopySpec::Direction> Dir = directionOf(Rest);
        if (!Dir)
          continue;
        Annotation Ann{*Dir, Rest.trim().str(), A, D};
        if (!Chosen) {
          Chosen = Ann;
          continue;
        }
        if (Chosen->Decl == D) {
          error(A->getLocation(),
                "parameter " + std::to_string(I + 1) + " of '" + Fn +
                    "' has two copy-sharing annotations, '" +
                    spelling(*Chosen) + "' and '" + spelling(Ann) + "'");
        } else if (Chosen->Dir != Ann.Dir || Chosen->SizeText != Ann.SizeText) {
          error(A->getLocation(),
                "'" + spelling(Ann) + "' on parameter " +
                    std::to_string(I + 1) + " of '" + Fn +
                    "' disagrees with '" + spelling(*Chosen) +
                    "' on another declaration of it");
          reportNote(Ctx, SM.getExpansionLoc(Chosen->Attr->getLocation()),
                     "the other annotation is here");
        }
      }
    }
    if (!Chosen)
      continue;

    // Check it against the declaration that carries it.
    const Annotation &A = *Chosen;
    const ParmVarDecl *P = A.Decl->getParamDecl(I);
    std::string What = "'" + spelling(A) + "' on parameter " +
                       std::to_string(I + 1) +
                       (P->getName().empty() ? std::string()
                                             : " '" + P->getName().str() + "'") +
                       " of '" + Fn + "'";
    QualType T = P->getType();
    if (!T->isPointerType()) {
      error(A.Attr->getLocation(),
            What + ": copy sharing needs a pointer parameter, not '" +
                T.getAsString() + "'");
      continue;
    }
    QualType Pointee = T->getPointeeType();
    if (Pointee->isFunctionType()) {
      error(A.Attr->getLocation(),
            What + ": a function pointer cannot be copied");
      continue;
    }
    if ((A.Dir == CopySpec::Direction::Out ||
         A.Dir == CopySpec::Direction::InOut) &&
        Pointee.isConstQualified()) {
      error(A.Attr->getLocation(),
            What + ": the callee cannot write through a pointer to const; "
                   "use '__flexos_in'");
      continue;
    }
    if (A.Dir == CopySpec::Direction::String && !isCharType(Pointee)) {
      error(A.Attr->getLocation(),
            What + ": '__flexos_string' needs a pointer to a character "
                   "type, not '" + T.getAsString() + "'");
      continue;
    }
    CopySpec S;
    S.Param = I;
    S.Dir = A.Dir;
    S.Name = P->getName().str();
    if (A.Dir != CopySpec::Direction::String) {
      SizeParser Parser(Ctx, A.Decl, A.SizeText);
      std::optional<std::string> Size = Parser.parse();
      if (!Size) {
        error(A.Attr->getLocation(),
              "cannot compute the size of " + What + ": " + Parser.Why);
        reportNote(Ctx, SourceLocation(),
                   "a size may use the function's integer parameters, '*p' "
                   "for the integer a parameter p points to, integer and "
                   "enum constants, sizeof, casts to integer types and "
                   "+ - * / % << >>");
        continue;
      }
      S.Size = *Size;
    }
    E.Specs.push_back(std::move(S));
  }
  return E.Ok ? &E.Specs : nullptr;
}

} // namespace rewriters
} // namespace flexcc
