//===--- NilMaps.cpp - places, the body walk and the state ----------------===//

#include "NilMaps.h"

#include "RuntimeModel.h"
#include "ValueUse.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::slicemap::model {

// --- Types and places ----------------------------------------------------

bool isTrackedMapType(QualType Type) {
  return !Type.isNull() && !Type->isReferenceType() && isMapType(Type);
}

bool isMapPointerType(QualType Type) {
  if (Type.isNull() || Type->isReferenceType())
    return false;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      (Spec->getName() != "unique_ptr" && Spec->getName() != "shared_ptr"))
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != TemplateArgument::Type)
    return false;
  const auto *Pointee = Args[0].getAsType()->getAsCXXRecordDecl();
  return Pointee && Pointee->getIdentifier() &&
         Pointee->getName().contains_insensitive("map");
}

bool fieldStartsNil(const FieldDecl *Field) {
  return isTrackedMapType(Field->getType()) && !Field->hasInClassInitializer();
}

bool isTrackedAggregate(QualType Type) {
  const auto *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition() || !Record->isAggregate() ||
      Type->isReferenceType())
    return false;
  for (const FieldDecl *Field : Record->fields())
    if (fieldStartsNil(Field))
      return true;
  return false;
}

bool isDefaultConstruction(const Expr *E) {
  E = stripImplicit(E);
  if (isa<CXXScalarValueInitExpr, ImplicitValueInitExpr>(E))
    return true;
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getConstructor()->isDefaultConstructor())
      return true;
    // `Map m = {}` and `m = Map<K, V>()` construct a temporary first.
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      return isDefaultConstruction(Construct->getArg(0));
  }
  return false;
}

namespace {

/// A local the analysis may track: not a parameter, not a reference.
bool isTrackedLocal(const ValueDecl *D) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         !Var->getType()->isReferenceType();
}

} // namespace

std::optional<Place> mapPlaceOf(const Expr *E) {
  std::optional<Place> P = placeOf(E);
  if (!P || P->Indirect)
    return std::nullopt;
  if (P->Member) // `s.m` of a local aggregate, or `m_` of *this
    return (!P->Object || isTrackedLocal(P->Object)) &&
                   isTrackedMapType(P->Member->getType())
               ? P
               : std::nullopt;
  const QualType Type = P->Object->getType();
  return isTrackedLocal(P->Object) &&
                 (isTrackedMapType(Type) || isMapPointerType(Type))
             ? P
             : std::nullopt;
}

bool holdsMap(const Place &P) {
  return P.Member || isTrackedMapType(P.Object->getType());
}

namespace {

/// `*p` or `p->` on a tracked smart pointer: the pointer's place.
std::optional<Place> dereferenced(const Expr *E) {
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(stripImplicit(E));
  if (!Operator || Operator->getNumArgs() < 1 ||
      (Operator->getOperator() != OO_Star &&
       Operator->getOperator() != OO_Arrow))
    return std::nullopt;
  std::optional<Place> P = mapPlaceOf(Operator->getArg(0));
  if (P && !P->Member && isMapPointerType(P->Object->getType()))
    return P;
  return std::nullopt;
}

} // namespace

std::optional<MapWrite> asMapWrite(const Stmt *S) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "set")
      if (auto Target = mapPlaceOf(Member->getImplicitObjectArgument()))
        if (holdsMap(*Target))
          return MapWrite{*Target, Member};
    if (Method && !Method->isConst())
      if (auto Target = dereferenced(Member->getImplicitObjectArgument()))
        return MapWrite{*Target, Member, true};
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S))
    if (Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2) {
      if (auto Target = dereferenced(Operator->getArg(0)))
        return MapWrite{*Target, Operator, true};
      if (auto Target = mapPlaceOf(Operator->getArg(0)))
        if (holdsMap(*Target))
          return MapWrite{*Target, Operator};
    }
  return std::nullopt;
}

// --- Numbering -----------------------------------------------------------

std::optional<unsigned> MapPlaces::indexOf(const Place &P) const {
  auto Found = Index.find(P);
  if (Found == Index.end())
    return std::nullopt;
  return Found->second;
}

llvm::ArrayRef<unsigned> MapPlaces::placesOf(const ValueDecl *Var) const {
  auto Found = ByVariable.find(Var);
  if (Found == ByVariable.end())
    return {};
  return Found->second;
}

void MapPlaces::add(const Place &P) {
  if (!Index.try_emplace(P, Places.size()).second)
    return;
  if (P.Object)
    ByVariable[P.Object].push_back(Places.size());
  Places.push_back(P);
}

namespace {

/// `x` or `x.f` (through parentheses) for a variable x with local storage:
/// x. What an address or a reference can alias.
const VarDecl *namedLocal(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    E = Member->getBase()->IgnoreParens();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// The walk behind MapBodyScan. Escapes: variables whose map may change
/// through an alias the flow does not follow - address taken (outside a call
/// argument: a call's effect is the flow's), bound to a non-const reference,
/// captured by reference.
class MapScan : public analysis::BodyVisitor {
public:
  bool VisitCallExpr(CallExpr *Call) override {
    if (!Writes && asMapWrite(Call))
      Writes = true;
    for (const Stmt *Child : Call->children())
      if (const auto *Argument = dyn_cast_or_null<Expr>(Child))
        if (const auto *Address =
                dyn_cast<UnaryOperator>(Argument->IgnoreImplicit());
            Address && Address->getOpcode() == UO_AddrOf)
          PassedToCalls.insert(Address);
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->getOpcode() == UO_AddrOf)
      if (const VarDecl *Var = namedLocal(Unary->getSubExpr()))
        Addresses.emplace_back(Unary, Var);
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) override {
    if (isa<ParmVarDecl>(Var))
      return true;
    const QualType Type = Var->getType();
    if (Type->isLValueReferenceType() &&
        !Type.getNonReferenceType().isConstQualified() && Var->getInit())
      if (const VarDecl *Aliased = namedLocal(stripImplicit(Var->getInit())))
        Escaped.insert(Aliased);
    if (!isTrackedLocal(Var))
      return true;
    if (isTrackedMapType(Type) || isMapPointerType(Type))
      Named.push_back(Place{Var, nullptr});
    else if (isTrackedAggregate(Type))
      for (const FieldDecl *Field : Type->getAsCXXRecordDecl()->fields())
        if (isTrackedMapType(Field->getType()))
          Named.push_back(Place{Var, Field});
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    forEachByReferenceCapture(
        Lambda, [&](const ValueDecl *Var) { Escaped.insert(Var); });
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) override { return name(Ref); }
  bool VisitMemberExpr(MemberExpr *Member) override { return name(Member); }

  bool name(const Expr *E) {
    if (std::optional<Place> P = mapPlaceOf(E))
      Named.push_back(*P);
    return true;
  }

  bool Writes = false;
  std::vector<Place> Named;
  llvm::DenseSet<const ValueDecl *> Escaped;
  std::vector<std::pair<const UnaryOperator *, const VarDecl *>> Addresses;
  llvm::DenseSet<const UnaryOperator *> PassedToCalls;
};

} // namespace

MapBodyScan MapBodyScan::scan(const FunctionDecl &Function, const Stmt &Body,
                              llvm::ArrayRef<const FieldDecl *> Members) {
  MapScan Walk;
  Walk.TraverseStmt(const_cast<Stmt *>(&Body));
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        Walk.TraverseStmt(Init->getInit());
  for (const auto &[Address, Var] : Walk.Addresses)
    if (!Walk.PassedToCalls.contains(Address))
      Walk.Escaped.insert(Var);

  MapBodyScan Scan;
  Scan.Writes = Walk.Writes;
  for (const FieldDecl *Member : Members)
    Scan.Places.add(Place{nullptr, Member});
  for (const Place &P : Walk.Named)
    if (!P.Object || !Walk.Escaped.contains(P.Object))
      Scan.Places.add(P);
  return Scan;
}

// --- The state -----------------------------------------------------------

NilState::NilState(unsigned Size) : Facts(Size) {}

NilFact NilState::get(unsigned I) const {
  NilFact F;
  F.Bits = (Facts[Nil].test(I) ? MayNil : 0) |
           (Facts[Made].test(I) ? MayMade : 0) |
           (Facts[Unknown].test(I) ? MayUnknown : 0);
  if (!F.Bits) // no path here has declared it
    F.Bits = MayUnknown;
  if (const Note *N = Facts.notes().get(I)) {
    F.NilOrigin = N->Origin;
    F.Reason = N->Reason;
  }
  F.FromDeclaration = Facts[Nil].test(I) && !Facts[NilElsewhere].test(I);
  return F;
}

void NilState::set(unsigned I, const NilFact &F) {
  Facts[Nil][I] = (F.Bits & MayNil) != 0;
  Facts[Made][I] = (F.Bits & MayMade) != 0;
  Facts[Unknown][I] = (F.Bits & MayUnknown) != 0;
  Facts[NilElsewhere][I] = (F.Bits & MayNil) && !F.FromDeclaration;
  if (F.NilOrigin.isValid())
    Facts.notes().set(I, Note{F.NilOrigin, F.Reason});
  else
    Facts.notes().clear(I);
}

void NilState::clear(unsigned I) { Facts.forget(I); }

bool NilState::join(const NilState &Other) { return Facts.join(Other.Facts); }

std::size_t NilState::words() const { return Facts.words(); }

} // namespace clang::tidy::slicemap::model
