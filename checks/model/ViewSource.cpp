//===--- ViewSource.cpp - what container a view points into ---------------===//
//
// ViewInventory::sourceOf: the container (or the view) a view-making
// expression points into - `c.begin()`, `c.find(k)`, `c.data()`, `&c[i]`,
// `c.front()`, `*it`, `it + 1`, `std::span(c)`, `std::string_view(s)`,
// `b.view()` (a member function returning a view of a member), the std
// functions that hand out positions (`std::begin(c)`, `std::data(c)`,
// `std::find(b, e, x)`, `std::ranges::lower_bound(c, x)`, `std::next(it)`),
// a converted iterator (`const_iterator i = c.begin()`), another view.
//
// Elements are followed into their members and into the containers they
// are (`v[0].name`, `it->field`, `&v.at(0).at(0)`, `v.back().inner[2]`):
// such an object lies in the outer container's storage, which its growth
// moves. An element's *value* is not storage: dereferencing it (`*v[0]` of
// a vector of pointers, `v.back()->x`) leaves the container.
//
//===----------------------------------------------------------------------===//

#include "ContainerEffects.h"
#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

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

/// True for a declaration in namespace std or one nested in it
/// (std::ranges, std::__1).
bool inStd(const Decl *D) {
  for (const DeclContext *Context = D->getDeclContext(); Context;
       Context = Context->getParent())
    if (Context->isStdNamespace())
      return true;
  return false;
}

/// A view into a container that is (a member of) an element (`r.inner[2]`,
/// `p->inner[0]`, `row[j]` for `Rec &r = v[0]`, `Rec *p = &v[0]`, `auto
/// &row = grid[i]`) lies in the storage of r's, p's and row's container
/// too: it is also made from that view.
Source withOwner(const ViewInventory &F, Source Result) {
  const auto *Owner = Result.Container
                          ? dyn_cast_or_null<VarDecl>(Result.Container->Object)
                          : nullptr;
  if (Owner && F.isView(Owner)) {
    Result.FromView = Owner;
    Result.Shifted = true;
  }
  return Result;
}

/// `*p`, `p[i]`, `*it`, `it->`: the element a pointer or iterator into a
/// container denotes. The value of an element (a pointer held in a vector)
/// points elsewhere.
std::optional<Source> deref(const ViewInventory &F, const Expr *Pointer,
                            unsigned Level, bool IsElement = true) {
  std::optional<Source> Inner = F.sourceOf(Pointer, Level + 1);
  if (!Inner || Inner->IsElement)
    return std::nullopt;
  return asElement(Inner, IsElement);
}

/// `&x`: a pointer to the element x, if x is one.
std::optional<Source> addressOf(const ViewInventory &F, const Expr *Object,
                                unsigned Level) {
  std::optional<Source> Inner = F.sourceOf(Object, Level + 1);
  if (!Inner || !Inner->IsElement)
    return std::nullopt;
  return asElement(Inner, false);
}

/// `it + n`, `std::next(it)`: a view of the same container, at another
/// position.
std::optional<Source> moved(const ViewInventory &F, const Expr *Position,
                            unsigned Level) {
  std::optional<Source> Inner = F.sourceOf(Position, Level + 1);
  if (!Inner || Inner->IsElement)
    return std::nullopt;
  Inner->Shifted = true;
  return Inner;
}

/// The element \p Object is, when it is a container itself (`v[0]` of a
/// vector of vectors): a view into it lies in the outer container's storage.
/// Node-based inner containers keep their nodes when the outer one moves
/// them.
std::optional<Source> nestedContainer(const ViewInventory &F,
                                      const Expr *Object, unsigned Level) {
  const Storage Inner = storageOf(objectType(Object));
  if (Inner == Storage::Unknown || Inner == Storage::NodeBased)
    return std::nullopt;
  return F.elementObject(Object, Level);
}

/// What a member function named \p Name of a container returns, as a view
/// into it: an iterator, a pointer into the elements, or an element. An
/// element returned by value (`Node *n = v.back()` is not: back() returns
/// an lvalue) would be a copy.
std::optional<std::pair<ViewKind, bool>>
resultInto(llvm::StringRef Name, QualType Result, bool LValue) {
  const bool Position = isIteratorMethod(Name) || isDataPointerMethod(Name);
  if (isIteratorMethod(Name) && Result->isRecordType() && !LValue)
    return std::make_pair(ViewKind::Iterator, false);
  if (Position && Result->isPointerType() && !LValue)
    return std::make_pair(ViewKind::Element, false);
  if ((Position || isElementAccessMethod(Name)) && LValue)
    return std::make_pair(ViewKind::Element, true);
  return std::nullopt;
}

/// A constructor converting one iterator into another
/// (`std::vector<int>::const_iterator i = v.begin();`, reverse_iterator).
bool convertsIterator(const CXXConstructExpr *Construct) {
  const CXXRecordDecl *Class = Construct->getType()->getAsCXXRecordDecl();
  if (!Class || isHandleType(Construct->getType()) ||
      isContainerType(Construct->getType()))
    return false;
  for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(Construct->getArg(I)))
      return false;
  return inStd(Class) || Class->getName().contains_insensitive("iter");
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
      if (!isHandleType(Conversion->getConversionType()))
        return std::nullopt;
      if (std::optional<Place> Container = F.containerOf(Object))
        return element(*Container);
      return asElement(nestedContainer(F, Object, Level), false);
    }
    if (!Method->getIdentifier())
      return std::nullopt;
    if (std::optional<Place> Container = F.containerOf(Object))
      return ofContainer(Call, Method->getName(), *Container);
    if (isContainerType(objectType(Object)))
      return ofNested(Call, Method->getName(), Object);
    // (Not `this->view()`, through a pointer: a member view.)
    if (isHandleType(Object->getType()) && !Object->getType()->isPointerType())
      return ofHandle(Call, Object);
    return ofMemberView(Call, Method, Object);
  }

private:
  std::optional<Source> ofContainer(const CXXMemberCallExpr *Call,
                                    llvm::StringRef Name,
                                    const Place &Container) const {
    auto Into = resultInto(Name, Call->getType(), Call->isLValue());
    if (!Into)
      return std::nullopt;
    Source Result = withOwner(F, element(Container, Into->second));
    Result.Kind = Into->first;
    if (Result.Kind == ViewKind::Iterator)
      Result.FromView = nullptr;
    return Result;
  }

  /// `v[0].begin()`, `v.at(0).data()`: a position in an element that is a
  /// container itself - a view of the outer container's storage.
  std::optional<Source> ofNested(const CXXMemberCallExpr *Call,
                                 llvm::StringRef Name,
                                 const Expr *Object) const {
    auto Into = resultInto(Name, Call->getType(), Call->isLValue());
    if (!Into)
      return std::nullopt;
    return asElement(nestedContainer(F, Object, Level), Into->second);
  }

  /// A view of a view: span.subspan(), string_view.substr(), ... An
  /// element's value that is a handle (a span held in a vector) views
  /// storage the container does not own.
  std::optional<Source> ofHandle(const CXXMemberCallExpr *Call,
                                 const Expr *Object) const {
    // (`s.begin()`: libstdc++'s span iterator is a class.)
    const bool Position = isIteratorMethod(Call->getMethodDecl()->getName()) &&
                          Call->getType()->isRecordType();
    if (!isHandleType(Call->getType()) && !Call->getType()->isPointerType() &&
        !Call->isLValue() && !Position)
      return std::nullopt;
    std::optional<Source> Inner = F.sourceOf(Object, Level + 1);
    if (!Inner || Inner->IsElement)
      return std::nullopt;
    Inner->IsElement = Call->isLValue();
    if (Position)
      Inner->Kind = ViewKind::Iterator;
    return Inner;
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

/// `std::span<int> s(v)`, `std::string_view(v[0])`, `const_iterator i(it)`,
/// a copy of an iterator.
std::optional<Source> constructed(const ViewInventory &F,
                                  const CXXConstructExpr *Construct,
                                  unsigned Level) {
  if (Construct->getNumArgs() == 0)
    return std::nullopt;
  const Expr *First = Construct->getArg(0);
  if (Construct->getConstructor()->isCopyOrMoveConstructor())
    return F.sourceOf(First, Level + 1);
  if (isHandleType(Construct->getType())) {
    if (std::optional<Place> Container = F.containerOf(First))
      return element(*Container);
    if (isContainerType(objectType(First)))
      return asElement(nestedContainer(F, First, Level), false);
    return F.sourceOf(First, Level + 1);
  }
  if (!convertsIterator(Construct))
    return std::nullopt;
  std::optional<Source> Inner = F.sourceOf(First, Level + 1);
  if (!Inner || Inner->IsElement || Inner->Kind != ViewKind::Iterator)
    return std::nullopt;
  // reverse_iterator(it) denotes the element before it.
  Inner->Shifted |= Construct->getConstructor()->isExplicit();
  return Inner;
}

/// `it + n`, `n + it`, `it - n` on iterators; not `it - jt`.
std::optional<Source> iteratorArithmetic(const ViewInventory &F,
                                         const CXXOperatorCallExpr *Operator,
                                         unsigned Level) {
  if (Operator->getType()->isIntegralOrEnumerationType() ||
      Operator->getType()->isFloatingType())
    return std::nullopt;
  const Expr *Position = Operator->getArg(0);
  if (Operator->getNumArgs() == 2 &&
      Position->getType()->isIntegralOrEnumerationType())
    Position = Operator->getArg(1);
  return moved(F, Position, Level);
}

/// `flag ? v.begin() : v.end()`, `p ? &v[i] : nullptr`: arms that view the
/// same container or view (or a null pointer).
std::optional<Source> eitherArm(const ViewInventory &F,
                                const ConditionalOperator *Choice,
                                unsigned Level) {
  auto IsNull = [](const Expr *Arm) {
    Arm = stripImplicit(Arm);
    if (const auto *Literal = dyn_cast<IntegerLiteral>(Arm))
      return Literal->getValue().isZero();
    return isa<CXXNullPtrLiteralExpr, GNUNullExpr>(Arm);
  };
  const Expr *True = Choice->getTrueExpr(), *False = Choice->getFalseExpr();
  if (IsNull(True) || IsNull(False))
    return F.sourceOf(IsNull(True) ? False : True, Level + 1);
  std::optional<Source> A = F.sourceOf(True, Level + 1);
  std::optional<Source> B = F.sourceOf(False, Level + 1);
  if (!A || !B || A->Container != B->Container || A->FromView != B->FromView ||
      A->Kind != B->Kind || A->IsElement != B->IsElement)
    return std::nullopt;
  A->Shifted |= B->Shifted;
  return A;
}

/// `std::begin(v)`, `std::find(b, e, x)`: a call of a std function.
std::optional<Source> freeCallSource(const ViewInventory &F,
                                     const CallExpr *Call, unsigned Level) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !inStd(Callee))
    return std::nullopt;
  return F.stdCallSource(Callee->getName(),
                         {Call->getArgs(), Call->getNumArgs()}, Call->getType(),
                         Level);
}

} // namespace

std::optional<Source> ViewInventory::sourceOf(const Expr *E,
                                              unsigned Level) const {
  E = stripImplicit(E);
  if (!E || Level > 12)
    return std::nullopt;
  if (const ValueDecl *Var = viewVar(E); Var && Views.contains(Var))
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
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return constructed(*this, Construct, Level);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_AddrOf)
      return addressOf(*this, Unary->getSubExpr(), Level);
    if (Unary->getOpcode() == UO_Deref)
      return deref(*this, Unary->getSubExpr(), Level);
    return std::nullopt;
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (!Binary->isAdditiveOp() || !Binary->getType()->isPointerType())
      return std::nullopt;
    return moved(*this,
                 Binary->getLHS()->getType()->isPointerType()
                     ? Binary->getLHS()
                     : Binary->getRHS(),
                 Level);
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    if (!Subscript->getBase()->getType()->isPointerType())
      return std::nullopt;
    return deref(*this, Subscript->getBase(), Level);
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    // `v[0].field`, `it->field`: a member of an element is in its storage.
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field || Field->getType()->isReferenceType())
      return std::nullopt;
    return elementObject(Member->getBase(), Level);
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E))
    return operatorSource(Operator, Level);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E))
    return MemberCallSource(*this, Level)(Call);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return freeCallSource(*this, Call, Level);
  if (const auto *Choice = dyn_cast<ConditionalOperator>(E))
    return eitherArm(*this, Choice, Level);
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
      return withOwner(*this, element(*Container, true));
    if (isContainerType(objectType(Object)))
      return asElement(nestedContainer(*this, Object, Level), true);
    return deref(*this, Object, Level);
  case OO_Star:
    return deref(*this, Object, Level);
  case OO_Arrow:
    return deref(*this, Object, Level, false);
  case OO_Plus:
  case OO_Minus:
    return iteratorArithmetic(*this, Operator, Level);
  case OO_PlusPlus:
  case OO_MinusMinus:
    return moved(*this, Object, Level);
  case OO_Call: {
    // A std::ranges function object: std::ranges::begin(v), ranges::find.
    const auto *Callee = dyn_cast<DeclRefExpr>(stripImplicit(Object));
    const auto *Var = Callee ? dyn_cast<VarDecl>(Callee->getDecl()) : nullptr;
    if (!Var || !Var->getIdentifier() || !inStd(Var))
      return std::nullopt;
    return stdCallSource(Var->getName(),
                         {Operator->getArgs() + 1, Operator->getNumArgs() - 1},
                         Operator->getType(), Level);
  }
  default:
    return std::nullopt;
  }
}

namespace {

/// std functions returning a position in the range they are given, by the
/// range (or first iterator) they take first.
bool returnsPositionIn(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"begin", "cbegin", "end", "cend", "rbegin", "crbegin", "rend",
              "crend", "data", "cdata"},
             true)
      .Cases({"find",          "find_if",         "find_if_not",
              "find_first_of", "find_end",        "adjacent_find",
              "search",        "search_n",        "lower_bound",
              "upper_bound",   "partition_point", "min_element",
              "max_element",   "is_sorted_until", "is_heap_until",
              "remove",        "remove_if",       "unique",
              "partition",     "stable_partition"},
             true)
      .Default(false);
}

} // namespace

std::optional<Source>
ViewInventory::stdCallSource(llvm::StringRef Name,
                             llvm::ArrayRef<const Expr *> Args, QualType Result,
                             unsigned Level) const {
  if (Args.empty())
    return std::nullopt;
  const Expr *First = Args.front();
  if (Name == "addressof")
    return addressOf(*this, First, Level);
  if (Name == "to_address")
    return deref(*this, First, Level, false);
  if (Name == "next" || Name == "prev")
    return moved(*this, First, Level);
  if (!returnsPositionIn(Name) ||
      (!Result->isPointerType() && !Result->isRecordType()))
    return std::nullopt;
  const ViewKind Kind =
      Result->isRecordType() ? ViewKind::Iterator : ViewKind::Element;
  if (std::optional<Place> Container = containerOf(First))
    return Source{*Container, Kind, nullptr, false};
  if (isContainerType(objectType(First)))
    return asElement(nestedContainer(*this, First, Level), false);
  // An iterator (`std::find(it, e, x)`) or a span (`std::ranges::find(s,
  // x)`): a position in what that view points into.
  std::optional<Source> Inner = sourceOf(First, Level + 1);
  if (!Inner || Inner->IsElement)
    return std::nullopt;
  Inner->Kind = Kind;
  Inner->Shifted = true;
  return Inner;
}

std::optional<Source> ViewInventory::elementObject(const Expr *Object,
                                                   unsigned Level) const {
  if (Object->getType()->isPointerType())
    return deref(*this, Object, Level);
  std::optional<Source> Inner = sourceOf(Object, Level + 1);
  if (!Inner || !Inner->IsElement)
    return std::nullopt;
  return asElement(Inner, true);
}

/// The type half of canHoldView: a reference, a pointer or a class (an
/// iterator, span, string_view), but not a container held by value.
static bool typeMayHoldView(QualType Type) {
  const bool Reference = Type->isReferenceType();
  if (!Reference && !Type->isPointerType() && !Type->isRecordType())
    return false;
  return Reference || !isContainerType(Type);
}

bool canHoldView(QualType Type, const Source &S) {
  if (!typeMayHoldView(Type))
    return false;
  if (Type->isRecordType() && !isHandleType(Type) &&
      S.Kind != ViewKind::Iterator)
    return false;
  // `auto x = v[i];`, `Node *n = v.back();`: a copy of an element's value.
  return !S.IsElement || Type->isReferenceType();
}

std::optional<Source> ViewInventory::viewSourceFor(QualType Type,
                                                   const Expr *Value) const {
  // Checked before sourceOf: most locals cannot hold a view at all.
  if (!typeMayHoldView(Type))
    return std::nullopt;
  std::optional<Source> Found = sourceOf(Value);
  if (!Found || !canHoldView(Type, *Found))
    return std::nullopt;
  return Found;
}

} // namespace clang::tidy::slicemap::model
