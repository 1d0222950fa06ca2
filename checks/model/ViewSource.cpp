//===--- ViewSource.cpp - what container a view points into ---------------===//
//
// ViewInventory::sourceOf: the container (or the view) a view-making
// expression points into - `c.begin()`, `c.find(k)`, `c.data()`, `&c[i]`,
// `c.front()`, `*it`, `it + 1`, `std::span(c)`, `std::string_view(s)`,
// `b.view()` (a member function returning a view of a member), another view.
//
//===----------------------------------------------------------------------===//

#include "ContainerEffects.h"
#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

using Source = ViewInventory::Source;

/// \p Inner, now pointing at an element (or being one).
std::optional<Source> asElement(std::optional<Source> Inner, bool IsElement) {
  if (Inner) {
    Inner->Kind = ViewKind::Element;
    Inner->IsElement = IsElement;
  }
  return Inner;
}

Source element(const Place &Container, bool IsElement = false) {
  return Source{Container, ViewKind::Element, nullptr, IsElement};
}

/// Views made by a member call on a container, or on a view.
class MemberCallSource {
public:
  MemberCallSource(const ViewInventory &F, unsigned Level)
      : F(F), Level(Level) {}

  std::optional<Source> operator()(const CXXMemberCallExpr *Call) const {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Method || !Object)
      return std::nullopt;
    if (const auto *Conversion = dyn_cast<CXXConversionDecl>(Method)) {
      // std::string -> std::string_view
      if (isHandleType(Conversion->getConversionType()))
        if (std::optional<Place> Container = F.containerOf(Object))
          return element(*Container);
      return std::nullopt;
    }
    if (!Method->getIdentifier())
      return std::nullopt;
    if (std::optional<Place> Container = F.containerOf(Object))
      return ofContainer(Call, Method->getName(), *Container);
    if (isHandleType(Object->getType())) {
      // A view of a view: span.subspan(), string_view.substr(), ...
      if (isHandleType(Call->getType()) || Call->getType()->isPointerType() ||
          Call->isLValue())
        return F.sourceOf(Object, Level + 1);
      return std::nullopt;
    }
    return ofMemberView(Call, Method, Object);
  }

private:
  std::optional<Source> ofContainer(const CXXMemberCallExpr *Call,
                                    llvm::StringRef Name,
                                    const Place &Container) const {
    if (isIteratorMethod(Name) && Call->getType()->isRecordType())
      return Source{Container, ViewKind::Iterator, nullptr, false};
    if (isIteratorMethod(Name) || isDataPointerMethod(Name) ||
        isElementAccessMethod(Name)) {
      if (Call->getType()->isPointerType())
        return element(Container);
      if (Call->isLValue())
        return element(Container, true);
    }
    return std::nullopt;
  }

  /// A member function of a class that returns a view of a member.
  std::optional<Source> ofMemberView(const CXXMemberCallExpr *Call,
                                     const CXXMethodDecl *Method,
                                     const Expr *Object) const {
    if (!Call->getType()->isPointerType() && !Call->isLValue() &&
        !isHandleType(Call->getType()))
      return std::nullopt;
    const FieldDecl *Member = nullptr;
    if (!F.Effects.memberViewOf(Method, Member))
      return std::nullopt;
    const Expr *Base = stripImplicit(Object);
    std::optional<Place> Owner;
    if (isa<CXXThisExpr>(Base))
      Owner = Place{nullptr, nullptr};
    else
      Owner = F.placeOf(Base);
    if (!Owner || Owner->Member)
      return std::nullopt;
    // this->member, b.member, or (lifetimebound) the whole of b.
    if (!Owner->Object && !Member)
      return std::nullopt;
    return element(Place{Owner->Object, Member}, Call->isLValue());
  }

  const ViewInventory &F;
  unsigned Level;
};

} // namespace

std::optional<Source> ViewInventory::sourceOf(const Expr *E,
                                              unsigned Level) const {
  E = stripImplicit(E);
  if (!E || Level > 12)
    return std::nullopt;
  if (const VarDecl *Var = localVar(E); Var && Views.contains(Var))
    return Source{std::nullopt, Views.lookup(Var).Kind, Var,
                  Var->getType()->isReferenceType()};
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
    // std::string_view(s), static_cast<const int *>(p)
    const QualType To = Cast->getTypeAsWritten();
    if (!isHandleType(To) && !To->isPointerType() && !To->isReferenceType())
      return std::nullopt;
    if (isHandleType(To))
      if (std::optional<Place> Container =
              containerOf(Cast->getSubExprAsWritten()))
        return element(*Container);
    return sourceOf(Cast->getSubExpr(), Level + 1);
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    // A copy of an iterator, or a span/string_view made from a container
    // or from another view.
    if (Construct->getNumArgs() == 0)
      return std::nullopt;
    const Expr *First = Construct->getArg(0);
    if (Construct->getConstructor()->isCopyOrMoveConstructor())
      return sourceOf(First, Level + 1);
    if (!isHandleType(Construct->getType()))
      return std::nullopt;
    if (std::optional<Place> Container = containerOf(First))
      return element(*Container);
    return sourceOf(First, Level + 1);
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() != UO_AddrOf && Unary->getOpcode() != UO_Deref)
      return std::nullopt;
    return asElement(sourceOf(Unary->getSubExpr(), Level + 1),
                     Unary->getOpcode() == UO_Deref);
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (!Binary->isAdditiveOp() || !Binary->getType()->isPointerType())
      return std::nullopt;
    return sourceOf(Binary->getLHS()->getType()->isPointerType()
                        ? Binary->getLHS()
                        : Binary->getRHS(),
                    Level + 1);
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    if (!Subscript->getBase()->getType()->isPointerType())
      return std::nullopt;
    return asElement(sourceOf(Subscript->getBase(), Level + 1), true);
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E))
    return operatorSource(Operator, Level);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    return MemberCallSource(*this, Level)(Call);
  // Free functions (std::begin, std::data) are not followed.
  return std::nullopt;
}

std::optional<Source>
ViewInventory::operatorSource(const CXXOperatorCallExpr *Operator,
                              unsigned Level) const {
  if (Operator->getNumArgs() == 0)
    return std::nullopt;
  const Expr *Object = Operator->getArg(0);
  switch (Operator->getOperator()) {
  case OO_Subscript:
    if (std::optional<Place> Container = containerOf(Object))
      return element(*Container, true);
    [[fallthrough]];
  case OO_Star:
  case OO_Arrow:
    return asElement(sourceOf(Object, Level + 1),
                     Operator->getOperator() != OO_Arrow);
  case OO_Plus:
  case OO_Minus:
  case OO_PlusPlus:
  case OO_MinusMinus:
    return sourceOf(Object, Level + 1);
  default:
    return std::nullopt;
  }
}

} // namespace clang::tidy::slicemap::model
