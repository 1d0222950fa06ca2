//===--- Place.cpp - which object an expression names ---------------------===//

#include "Place.h"

#include "ValueUse.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

std::string Place::name() const {
  std::string Name;
  if (Object)
    Name = Object->getNameAsString();
  if (Member)
    Name += (Name.empty() ? "" : ".") + Member->getNameAsString();
  return Name;
}

namespace {

/// The variable \p E names: a local or parameter, or with \p Statics one
/// of static storage that is not a reference (what a global reference is
/// bound to is not known here).
const VarDecl *namedVariable(const Expr *E, bool Statics) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var)
    return nullptr;
  if (Var->hasLocalStorage())
    return Var;
  return Statics && Var->hasGlobalStorage() &&
                 !Var->getType()->isReferenceType()
             ? Var
             : nullptr;
}

std::optional<Place> placeOf(const Expr *E, AliasLookup Aliases, bool Statics,
                             unsigned Depth) {
  E = stripImplicit(E);
  if (!E || Depth > 16)
    return std::nullopt;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref) {
    std::optional<Place> Pointee =
        placeOf(Unary->getSubExpr(), Aliases, Statics, Depth + 1);
    if (Pointee)
      Pointee->Indirect = true;
    return Pointee;
  }
  if (const VarDecl *Var = namedVariable(E, Statics)) {
    if (Aliases)
      if (std::optional<Place> Alias = Aliases(Var))
        return Alias;
    return Place{Var, nullptr, false};
  }
  const auto *Member = dyn_cast<MemberExpr>(E);
  if (!Member)
    return std::nullopt;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  if (!Field || Field->getType()->isReferenceType())
    return std::nullopt;
  const Expr *Base = stripImplicit(Member->getBase());
  if (isa<CXXThisExpr>(Base))
    return Place{nullptr, Field, false};
  std::optional<Place> Object = placeOf(Base, Aliases, Statics, Depth + 1);
  if (!Object || Object->Member)
    return std::nullopt;
  return Place{Object->Object, Field, Object->Indirect || Member->isArrow()};
}

} // namespace

std::optional<Place> placeOf(const Expr *E, AliasLookup Aliases, bool Statics) {
  return placeOf(E, Aliases, Statics, 0);
}

} // namespace clang::tidy::slicemap::model
