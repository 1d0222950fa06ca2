//===--- NilMapTransfer.cpp - the transfer of the nil-map analysis --------===//

#include "NilMaps.h"

#include "RuntimeModel.h"
#include "ValueUse.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::slicemap::model {

namespace {

bool isNullPointerValue(const Expr *E) {
  E = stripImplicit(E);
  if (isa<CXXNullPtrLiteralExpr>(E))
    return true;
  const auto *Construct = dyn_cast<CXXConstructExpr>(E);
  return Construct && Construct->getNumArgs() == 1 &&
         isa<CXXNullPtrLiteralExpr>(stripImplicit(Construct->getArg(0)));
}

bool callsMakeMap(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(stripImplicit(E));
  const auto *Callee =
      Call ? dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl()) : nullptr;
  return Callee && isMakeMap(Callee);
}

/// A function in this TU whose every `return` returns a nil map
/// (`return {};`, `return Map<K, V>();`): calling it yields nil.
bool alwaysReturnsNil(const FunctionDecl *Function) {
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) || !Definition ||
      Definition->isDependentContext() ||
      !isTrackedMapType(Definition->getReturnType()))
    return false;
  bool SawReturn = false;
  llvm::SmallVector<const Stmt *, 32> Work = {Definition->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      if (!Return->getRetValue() ||
          !isDefaultConstruction(Return->getRetValue()))
        return false;
      SawReturn = true;
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return SawReturn;
}

} // namespace

NilFact NilTransfer::factOf(const Place &P, const NilState &State) const {
  std::optional<unsigned> I = Places.indexOf(P);
  return I ? State.get(*I) : NilFact();
}

void NilTransfer::set(NilState &State, const Place &P, const NilFact &F) {
  // A place not numbered is not tracked (its variable escapes).
  if (std::optional<unsigned> I = Places.indexOf(P))
    State.set(*I, F);
}

void NilTransfer::scopeEnd(const VarDecl *Var, NilState &State) {
  for (unsigned I : Places.placesOf(Var))
    State.clear(I);
}

void NilTransfer::element(const CFGElement &Element, NilState &State) {
  std::optional<CFGStmt> Statement = Element.getAs<CFGStmt>();
  if (!Statement)
    return;
  const Stmt *S = Statement->getStmt();
  if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        declare(Var, State);
    return;
  }
  // Execution continues past a write only if the map was made.
  if (std::optional<MapWrite> W = asMapWrite(S)) {
    set(State, W->Target, NilFact::made());
    return;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    moveConstruction(Construct, State);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call || reset(Call, State) || assignment(Call, State))
    return;
  escapeArguments(Call, State);
}

/// `p.reset()` on a tracked smart pointer: null, or unknown with an
/// argument.
bool NilTransfer::reset(const CallExpr *Call, NilState &State) {
  const auto *Reset = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Reset ? Reset->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Method->getName() != "reset")
    return false;
  std::optional<Place> Target = mapPlaceOf(Reset->getImplicitObjectArgument());
  if (!Target || Target->Member || !isMapPointerType(Target->Object->getType()))
    return false;
  set(State, *Target,
      Reset->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(Reset->getArg(0)) ||
              isNullPointerValue(Reset->getArg(0))
          ? NilFact::nil(Reset->getBeginLoc(), NilReason::Assigned)
          : NilFact());
  return true;
}

/// A move construction empties its source (after noting its value).
void NilTransfer::moveConstruction(const CXXConstructExpr *Construct,
                                   NilState &State) {
  if (Construct->getNumArgs() != 1 ||
      !Construct->getConstructor()->isMoveConstructor())
    return;
  if (const Expr *Source = movedOperand(Construct->getArg(0)))
    if (std::optional<Place> From = mapPlaceOf(Source)) {
      MovedValue[Construct] = factOf(*From, State);
      set(State, *From,
          NilFact::nil(Construct->getBeginLoc(), NilReason::MovedFrom));
    }
}

/// `target = value` on a tracked place; a moved-from source is left nil.
bool NilTransfer::assignment(const CallExpr *Call, NilState &State) {
  const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
  if (!Operator || Operator->getOperator() != OO_Equal ||
      Operator->getNumArgs() != 2)
    return false;
  std::optional<Place> Target = mapPlaceOf(Operator->getArg(0));
  if (!Target)
    return false;
  const Expr *Value = Operator->getArg(1);
  const SourceLocation At = Operator->getOperatorLoc();
  NilFact New = classify(Value, State, At);
  if (New.Bits == MayNil && New.Reason != NilReason::ReturnedNil)
    New = NilFact::nil(At, NilReason::Assigned);
  if (const Expr *Source = movedOperand(Value))
    if (std::optional<Place> From = mapPlaceOf(Source);
        From && *From != *Target)
      set(State, *From, NilFact::nil(At, NilReason::MovedFrom));
  set(State, *Target, New);
  return true;
}

NilFact NilTransfer::classify(const Expr *Value, const NilState &State,
                              SourceLocation At) {
  if (!Value)
    return NilFact();
  const Expr *Stripped = stripImplicit(Value);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Stripped)) {
    if (auto Moved = MovedValue.find(Construct); Moved != MovedValue.end())
      return Moved->second;
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      if (std::optional<Place> From = mapPlaceOf(Construct->getArg(0)))
        return factOf(*From, State);
  }
  if (isDefaultConstruction(Value) || isNullPointerValue(Value))
    return NilFact::nil(At, NilReason::Assigned);
  if (callsMakeMap(Value))
    return NilFact::made();
  if (const auto *Call = dyn_cast<CallExpr>(Stripped)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    auto [Cached, Inserted] = ReturnsNil.try_emplace(Callee, false);
    if (Inserted)
      Cached->second = alwaysReturnsNil(Callee);
    if (Cached->second)
      return NilFact::nil(Call->getBeginLoc(), NilReason::ReturnedNil);
  }
  if (const Expr *Source = movedOperand(Value))
    if (std::optional<Place> From = mapPlaceOf(Source))
      return factOf(*From, State);
  if (std::optional<Place> From = mapPlaceOf(Value))
    return factOf(*From, State);
  return NilFact();
}

void NilTransfer::declare(const VarDecl *Var, NilState &State) {
  const QualType Type = Var->getType();
  if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Places.placesOf(Var).empty())
    return;
  if (!isTrackedMapType(Type) && !isMapPointerType(Type)) {
    declareAggregate(Var, State);
    return;
  }
  const Expr *Init = Var->getInit();
  NilFact F = classify(Init, State, Var->getLocation());
  // `Map m;`, `= {}`: nil from the declaration itself (a fix-it can make it).
  if (F.Bits == MayNil && Init &&
      (isDefaultConstruction(Init) || isNullPointerValue(Init)))
    F = NilFact::nil(Var->getLocation(), NilReason::Declared,
                     isTrackedMapType(Type));
  set(State, Place{Var, nullptr}, F);
}

/// The Map members of a local aggregate, default- or list-initialised.
void NilTransfer::declareAggregate(const VarDecl *Var, NilState &State) {
  const QualType Type = Var->getType();
  if (!isTrackedAggregate(Type))
    return;
  const Expr *Init =
      Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
  const auto *List = dyn_cast_or_null<InitListExpr>(Init);
  if (List && List->isSyntacticForm() && List->getSemanticForm())
    List = List->getSemanticForm();
  const bool DefaultInit = !Init || isa<CXXConstructExpr>(Init);
  if (!DefaultInit && !List)
    return;
  for (const FieldDecl *Field : Type->getAsCXXRecordDecl()->fields()) {
    if (!isTrackedMapType(Field->getType()))
      continue;
    NilFact F;
    if (DefaultInit) {
      if (fieldStartsNil(Field))
        F = NilFact::nil(Var->getLocation(), NilReason::Declared);
    } else if (Field->getFieldIndex() < List->getNumInits()) {
      const Expr *FieldInit = List->getInit(Field->getFieldIndex());
      if (!isa<CXXDefaultInitExpr>(FieldInit)) {
        F = classify(FieldInit, State, FieldInit->getBeginLoc());
        if (F.Bits == MayNil)
          F = NilFact::nil(Var->getLocation(), NilReason::Declared);
      }
    }
    set(State, Place{Var, Field}, F);
  }
}

/// A map passed by non-const reference or pointer may be made (or nilled)
/// by the callee: unknown afterwards. A whole aggregate passed on: all of
/// its places.
void NilTransfer::escapeArguments(const CallExpr *Call, NilState &State) {
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *Argument = stripImplicit(Call->getArg(I));
    if (const auto *AddressOf = dyn_cast<UnaryOperator>(Argument);
        AddressOf && AddressOf->getOpcode() == UO_AddrOf)
      Argument = stripImplicit(AddressOf->getSubExpr());
    const Passing How = passingOf(Call, I);
    if (How == Passing::Value || How == Passing::ConstReference ||
        How == Passing::ConstPointer || How == Passing::ConstObject)
      continue;
    if (std::optional<Place> P = mapPlaceOf(Argument)) {
      set(State, *P, NilFact());
      continue;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Argument))
      for (unsigned Whole : Places.placesOf(Ref->getDecl()))
        State.set(Whole, NilFact());
  }
}

void NilTransfer::edge(const CFGBlock &From, const CFGBlock &,
                       unsigned SuccIndex, NilState &State) {
  const auto *E = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  if (!E || From.succ_size() != 2)
    return;
  bool Negated = false;
  E = stripImplicit(E);
  while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
    if (Not->getOpcode() != UO_LNot)
      return;
    Negated = !Negated;
    E = stripImplicit(Not->getSubExpr());
  }
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method)
    return;
  std::optional<Place> Target = mapPlaceOf(Call->getImplicitObjectArgument());
  if (!Target)
    return;
  bool NilBranch;
  if (isa<CXXConversionDecl>(Method)) {
    // `if (p)`: a smart pointer's operator bool.
    if (Target->Member || !isMapPointerType(Target->Object->getType()))
      return;
    NilBranch = (SuccIndex == 0) == Negated;
  } else if (Method->getIdentifier() && Method->getName() == "is_nil") {
    NilBranch = (SuccIndex == 0) != Negated;
  } else {
    return;
  }
  set(State, *Target,
      NilBranch ? NilFact::nil(Call->getBeginLoc(), NilReason::CheckedNil)
                : NilFact::made());
}

} // namespace clang::tidy::slicemap::model
