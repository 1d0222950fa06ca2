//===--- RuntimeModel.cpp - what the checks know about slicemap's runtime -===//

#include "RuntimeModel.h"

#include "ValueUse.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// Matches the class template `slicemap::Name` (in the global namespace
/// `slicemap`, not a nested one), seen through a specialization or through
/// a dependent template-id.
/// Is \p Named declared directly in the global namespace `slicemap` with
/// the last component of \p QualifiedName ("::slicemap::Name") as its name?
/// (Compares identifiers: no string is built per query.)
bool isRuntimeName(const NamedDecl *Named, llvm::StringRef QualifiedName) {
  if (!Named || !Named->getIdentifier() ||
      Named->getName() != QualifiedName.rsplit("::").second)
    return false;
  const auto *Namespace =
      dyn_cast<NamespaceDecl>(Named->getDeclContext()->getRedeclContext());
  return Namespace && Namespace->getName() == "slicemap" &&
         Namespace->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool isRuntimeClass(QualType Type, llvm::StringRef QualifiedName) {
  if (Type.isNull())
    return false;
  Type = Type.getNonReferenceType();
  if (const auto *Record = Type->getAsCXXRecordDecl()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
      return isRuntimeName(Spec->getSpecializedTemplate(), QualifiedName);
    if (const ClassTemplateDecl *Described =
            Record->getDescribedClassTemplate())
      return isRuntimeName(Described, QualifiedName);
    return false;
  }
  if (const auto *Spec = Type->getAs<TemplateSpecializationType>())
    return isRuntimeName(Spec->getTemplateName().getAsTemplateDecl(),
                         QualifiedName);
  return false;
}

} // namespace

bool isMakeMap(const FunctionDecl *Function) {
  return isRuntimeName(Function, MakeMapFunction);
}

bool isAppendFunction(const FunctionDecl *Function) {
  for (llvm::StringRef Name : AppendFunctions)
    if (isRuntimeName(Function, Name))
      return true;
  return false;
}

bool isAppendResult(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(stripImplicit(E));
  return Call && isAppendFunction(Call->getDirectCallee());
}

const CallExpr *asAppendCall(const Stmt *S) {
  const auto *Call = dyn_cast_or_null<CallExpr>(S);
  return Call && Call->getNumArgs() >= 1 &&
                 isAppendFunction(Call->getDirectCallee())
             ? Call
             : nullptr;
}

bool isMakeSlice(const FunctionDecl *Function) {
  return isRuntimeName(Function, MakeSliceFunction);
}

bool isSliceType(QualType Type) { return isRuntimeClass(Type, SliceClass); }
namespace {

/// True for a class publicly derived from slicemap::Map (through aliases,
/// at any depth) that declares no constructor of its own: its default
/// construction, like a Map's, makes a nil map.
bool isDerivedMap(QualType Type, unsigned Depth) {
  const CXXRecordDecl *Record =
      Type.isNull() ? nullptr
                    : Type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record || Depth > 4 || !(Record = Record->getDefinition()))
    return false;
  const bool FromMap = llvm::any_of(Record->bases(), [&](const auto &Base) {
    return Base.getAccessSpecifier() == AS_public &&
           (isRuntimeClass(Base.getType(), MapClass) ||
            isDerivedMap(Base.getType(), Depth + 1));
  });
  return FromMap && llvm::none_of(Record->ctors(), [](const auto *Made) {
           return !Made->isImplicit() && !Made->isDefaulted();
         });
}

} // namespace

bool isMapType(QualType Type) {
  return isRuntimeClass(Type, MapClass) || isDerivedMap(Type, 0);
}

namespace {

/// \p E (through implicit nodes) if it calls a member function named
/// \p Method.
const CXXMemberCallExpr *namedMemberCall(const Expr *E,
                                         llvm::StringRef Method) {
  const auto *Call =
      dyn_cast_or_null<CXXMemberCallExpr>(E ? E->IgnoreImplicit() : nullptr);
  if (!Call)
    return nullptr;
  const CXXMethodDecl *Callee = Call->getMethodDecl();
  if (!Callee || !Callee->getIdentifier() || Callee->getName() != Method)
    return nullptr;
  return Call;
}

} // namespace

const CXXMemberCallExpr *asMapMemberCall(const Expr *E,
                                         llvm::StringRef Method) {
  const CXXMemberCallExpr *Call = namedMemberCall(E, Method);
  return Call && isMapType(Call->getObjectType()) ? Call : nullptr;
}

const CXXMemberCallExpr *asSliceMemberCall(const Expr *E,
                                           llvm::StringRef Method) {
  const CXXMemberCallExpr *Call = namedMemberCall(E, Method);
  return Call && isSliceType(Call->getObjectType()) ? Call : nullptr;
}

} // namespace clang::tidy::slicemap::model
