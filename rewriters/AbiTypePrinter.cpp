//===--- AbiTypePrinter.cpp - callee prototypes in ABI-canonical C -------===//
// SPDX-License-Identifier: Apache-2.0
//
// See AbiTypePrinter.h. The reconstruction follows the record's fields one
// by one; where it could differ from the original layout (packing, explicit
// alignment) the attribute is carried over, and the emitted assertions catch
// anything missed.
//
//===----------------------------------------------------------------------===//
#include "rewriters/AbiTypePrinter.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecordLayout.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace flexcc {
namespace rewriters {

namespace {

/// FNV-1a, 64 bits: stable across runs and hosts, so names of identical
/// aggregates agree between translation units.
uint64_t fnv1a(llvm::StringRef S) {
  uint64_t H = 0xcbf29ce484222325ULL;
  for (unsigned char C : S) {
    H ^= C;
    H *= 0x100000001b3ULL;
  }
  return H;
}

const char *builtinSpelling(const BuiltinType *B) {
  switch (B->getKind()) {
  case BuiltinType::Void: return "void";
  case BuiltinType::Bool: return "_Bool";
  case BuiltinType::Char_S:
  case BuiltinType::Char_U: return "char";
  case BuiltinType::SChar: return "signed char";
  case BuiltinType::UChar:
  case BuiltinType::Char8: return "unsigned char";
  case BuiltinType::Short: return "short";
  case BuiltinType::UShort:
  case BuiltinType::Char16: return "unsigned short";
  case BuiltinType::Int: return "int";
  case BuiltinType::UInt:
  case BuiltinType::Char32: return "unsigned int";
  case BuiltinType::WChar_S: return "int";
  case BuiltinType::WChar_U: return "unsigned int";
  case BuiltinType::Long: return "long";
  case BuiltinType::ULong: return "unsigned long";
  case BuiltinType::LongLong: return "long long";
  case BuiltinType::ULongLong: return "unsigned long long";
  case BuiltinType::Int128: return "__int128";
  case BuiltinType::UInt128: return "unsigned __int128";
  case BuiltinType::Float: return "float";
  case BuiltinType::Double: return "double";
  case BuiltinType::LongDouble: return "long double";
  case BuiltinType::Float16: return "_Float16";
  case BuiltinType::Float128: return "__float128";
  case BuiltinType::NullPtr: return "void *";
  default: return nullptr;
  }
}

} // namespace

bool AbiTypePrinter::spell(QualType T, std::string &Out,
                           std::vector<std::string> &Used, std::string &Why) {
  return spellDeclarator(T, "", Out, Used, Why);
}

// Spells "T Name" (Name may be empty), so that arrays inside records come
// out as "int a[4][2]".
bool AbiTypePrinter::spellDeclarator(QualType T, llvm::StringRef Name,
                                     std::string &Out,
                                     std::vector<std::string> &Used,
                                     std::string &Why) {
  T = T.getCanonicalType().getUnqualifiedType();
  auto join = [&](llvm::StringRef Base) {
    Out = Base.str();
    if (!Name.empty()) {
      if (!Out.empty() && Out.back() != '*')
        Out += ' ';
      Out += Name.str();
    }
    return true;
  };

  if (const auto *B = dyn_cast<BuiltinType>(T)) {
    if (const char *S = builtinSpelling(B))
      return join(S);
    Why = "has no C equivalent a gate can pass";
    return false;
  }
  if (T->isPointerType() || T->isReferenceType() || T->isBlockPointerType() ||
      T->isObjCObjectPointerType())
    return join("void *");
  if (T->isMemberPointerType()) {
    Why = "is a C++ member pointer, which a gate cannot pass";
    return false;
  }
  if (const auto *E = T->getAs<EnumType>()) {
    QualType Int = E->getDecl()->getIntegerType();
    if (Int.isNull()) {
      Why = "is an incomplete enum";
      return false;
    }
    return spellDeclarator(Int, Name, Out, Used, Why);
  }
  if (const auto *C = T->getAs<ComplexType>()) {
    std::string Elem;
    std::vector<std::string> Ignored;
    if (!spellDeclarator(C->getElementType(), "", Elem, Ignored, Why))
      return false;
    return join("_Complex " + Elem);
  }
  if (const auto *A = Ctx.getAsConstantArrayType(T)) {
    std::string Sub = (Name + "[" + llvm::Twine(A->getSize().getZExtValue()) + "]").str();
    return spellDeclarator(A->getElementType(), Sub, Out, Used, Why);
  }
  if (const auto *A = Ctx.getAsIncompleteArrayType(T)) {
    std::string Sub = (Name + "[]").str();
    return spellDeclarator(A->getElementType(), Sub, Out, Used, Why);
  }
  if (const auto *R = T->getAs<RecordType>()) {
    const RecordDecl *RD = R->getDecl()->getDefinition();
    if (!RD) {
      Why = "is incomplete";
      return false;
    }
    std::string RecName;
    if (!spellRecord(RD, RecName, Why))
      return false;
    if (std::find(Used.begin(), Used.end(), RecName) == Used.end())
      Used.push_back(RecName);
    return join(RecName);
  }
  Why = "has no C equivalent a gate can pass";
  return false;
}

bool AbiTypePrinter::spellRecord(const RecordDecl *RD, std::string &Out,
                                 std::string &Why) {
  auto Known = RecordNames.find(RD);
  if (Known != RecordNames.end()) {
    Out = Known->second;
    return true;
  }
  if (const auto *CXX = dyn_cast<CXXRecordDecl>(RD)) {
    if (!CXX->isCLike()) {
      Why = "is a C++ class, not a C type";
      return false;
    }
  }
  if (RD->hasFlexibleArrayMember()) {
    Why = "has a flexible array member, which a gate cannot pass by value";
    return false;
  }

  const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(RD);
  std::vector<std::string> Needs;
  std::string Body;
  llvm::raw_string_ostream BodyOS(Body);
  std::vector<std::pair<std::string, uint64_t>> Offsets; // field -> bytes
  unsigned Anon = 0;
  for (const FieldDecl *F : RD->fields()) {
    std::string FieldName = F->getName().str();
    if (FieldName.empty() && !F->isBitField())
      FieldName = "__anon" + std::to_string(Anon++);
    std::string Decl;
    if (!spellDeclarator(F->getType(), FieldName, Decl, Needs, Why)) {
      Why = "has a field '" + F->getNameAsString() + "' that " + Why;
      return false;
    }
    BodyOS << "\t" << Decl;
    if (F->isBitField())
      BodyOS << " : " << F->getBitWidthValue(Ctx);
    if (F->hasAttr<AlignedAttr>())
      BodyOS << " __attribute__((aligned("
             << Ctx.getDeclAlign(F).getQuantity() << ")))";
    if (F->hasAttr<PackedAttr>())
      BodyOS << " __attribute__((packed))";
    BodyOS << ";\n";
    if (!F->isBitField() && !F->getName().empty())
      Offsets.emplace_back(FieldName,
                           Layout.getFieldOffset(F->getFieldIndex()) / 8);
  }
  BodyOS.flush();

  std::string Attrs;
  if (RD->hasAttr<PackedAttr>())
    Attrs += " __attribute__((packed))";
  if (RD->hasAttr<AlignedAttr>())
    Attrs += " __attribute__((aligned(" +
             std::to_string(Layout.getAlignment().getQuantity()) + ")))";
  unsigned MaxFieldAlign = 0;
  if (const auto *MFA = RD->getAttr<MaxFieldAlignmentAttr>())
    MaxFieldAlign = MFA->getAlignment() / 8;

  const char *Kind = RD->isUnion() ? "union" : "struct";
  std::string Shape = std::string(Kind) + "{" + Body + "}" + Attrs + "#" +
                      std::to_string(MaxFieldAlign);
  std::string Name;
  llvm::raw_string_ostream(Name)
      << Kind << " __flexcc_t_" << llvm::format_hex_no_prefix(fnv1a(Shape), 16);

  std::string Orig = RD->getNameAsString();
  if (Orig.empty())
    Orig = "(anonymous)";
  Orig = std::string(Kind) + " " + Orig;

  std::string Def;
  llvm::raw_string_ostream OS(Def);
  if (MaxFieldAlign)
    OS << "#pragma pack(push, " << MaxFieldAlign << ")\n";
  OS << Name << " {\n" << Body << "}" << Attrs << ";\n";
  if (MaxFieldAlign)
    OS << "#pragma pack(pop)\n";
  OS << "_Static_assert(sizeof(" << Name
     << ") == " << Layout.getSize().getQuantity() << " && _Alignof(" << Name
     << ") == " << Layout.getAlignment().getQuantity()
     << ", \"flexcc: layout of '" << Orig << "'\");\n";
  for (const auto &O : Offsets)
    OS << "_Static_assert(__builtin_offsetof(" << Name << ", " << O.first
       << ") == " << O.second << ", \"flexcc: offset of '" << Orig
       << "::" << O.first << "'\");\n";
  OS.flush();

  RecordNames[RD] = Name;
  if (!TypeIndex.count(Name)) {
    TypeIndex[Name] = Types.size();
    Types.push_back(AbiType{Name, Def, Needs});
  }
  Out = Name;
  return true;
}

} // namespace rewriters
} // namespace flexcc
