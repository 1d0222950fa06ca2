//===--- ContainerEffects.cpp - what a statement does to containers -------===//

#include "ContainerEffects.h"

#include "ReturnKeys.h"
#include "RuntimeModel.h"
#include "ValueUse.h"
#include "ViewInventory.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::slicemap::model {

namespace {

/// \p E without a converting construction (iterator -> const_iterator).
const Expr *withoutConversion(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      !Construct->isListInitialization())
    return stripImplicit(Construct->getArg(0));
  return E;
}

/// True when the implicit object of \p Method is [[clang::lifetimebound]].
bool thisIsLifetimeBound(const CXXMethodDecl *Method) {
  for (const FunctionDecl *Redecl : Method->redecls()) {
    const TypeSourceInfo *Info = Redecl->getTypeSourceInfo();
    if (!Info)
      continue;
    TypeLoc Loc = Info->getTypeLoc();
    while (auto Attributed = Loc.getAs<AttributedTypeLoc>()) {
      if (Attributed.getAttrAs<LifetimeBoundAttr>())
        return true;
      Loc = Attributed.getModifiedLoc();
    }
  }
  return false;
}

/// True when \p Key is a range-for's own key (`key` of `auto [key, value]`,
/// `kv.first`): a write to it replaces a value and inserts nothing.
bool writesLoopKey(const Expr *Key, const ViewInventory &F) {
  Key = stripImplicit(Key);
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Key))
    Key = stripImplicit(Member->getBase());
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Key);
  return Ref && F.isLoopKey(Ref->getDecl());
}

/// The member function an overloaded operator on a container stands for.
llvm::StringRef operatorMethod(OverloadedOperatorKind Kind) {
  switch (Kind) {
  case OO_Equal:
    return "operator=";
  case OO_PlusEqual:
    return "operator+=";
  case OO_Subscript:
    return "operator[]";
  default:
    return "";
  }
}

/// True when \p Function is a lambda's body that captures \p Var by
/// reference: what it does to Var, it does to the enclosing function's.
bool capturesByReference(const FunctionDecl &Function, const ValueDecl *Var) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
  if (!Method || !Method->getParent()->isLambda())
    return false;
  for (const LambdaCapture &Capture : Method->getParent()->captures())
    if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
      return Capture.getCaptureKind() == LCK_ByRef;
  return false;
}

Cause causeOf(Invalidation What) {
  switch (What) {
  case Invalidation::Iterators:
    return Cause::IteratorsInvalidated;
  case Invalidation::Rehash:
    return Cause::Rehashed;
  case Invalidation::ErasedElement:
  case Invalidation::ErasedKey:
  case Invalidation::RemovedBack:
  case Invalidation::RemovedBackAndEnd:
  case Invalidation::RemovedFront:
  case Invalidation::ErasedAfter:
    return Cause::Erased;
  case Invalidation::Shifted:
  case Invalidation::None:
  case Invalidation::Everything:
  case Invalidation::ErasedFrom:
    break;
  }
  return Cause::Moved;
}

/// The mutation of \p Target a call makes through \p Effect of its callee.
Mutation summaryMutation(const Place &Target,
                         const EffectSummary::Effect &Effect) {
  Mutation M{Target,
             Effect.IteratorsOnly ? Invalidation::Iterators
                                  : Invalidation::Everything,
             Effect.IteratorsOnly ? Cause::IteratorsInvalidated : Cause::Moved};
  M.WhenReturns = Effect.WhenReturns;
  return M;
}

/// The view an erase is given: `it`, or `++it` (the variable itself, moved
/// onto the element erased); not `it++`, which hands over a copy of the
/// position it leaves.
const ValueDecl *erasedView(const Expr *Argument) {
  Argument = stripImplicit(Argument);
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(Argument);
      Unary && Unary->isPrefix())
    return erasedView(Unary->getSubExpr());
  if (const auto *Operator = dyn_cast_or_null<CXXOperatorCallExpr>(Argument);
      Operator && Operator->getNumArgs() == 1 &&
      (Operator->getOperator() == OO_PlusPlus ||
       Operator->getOperator() == OO_MinusMinus))
    return erasedView(Operator->getArg(0));
  return viewVar(Argument);
}

/// The view a key argument is read from: `it` in `m.erase(it->first)`,
/// `s.erase(*it)`, `m.erase((*it).first)`.
const ValueDecl *keyView(const Expr *Key) {
  Key = stripImplicit(Key);
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Key))
    Key = stripImplicit(Member->getBase());
  if (const auto *Operator = dyn_cast_or_null<CXXOperatorCallExpr>(Key);
      Operator && Operator->getNumArgs() == 1 &&
      (Operator->getOperator() == OO_Star ||
       Operator->getOperator() == OO_Arrow))
    return viewVar(Operator->getArg(0));
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(Key);
      Unary && Unary->getOpcode() == UO_Deref)
    return viewVar(Unary->getSubExpr());
  return nullptr;
}

/// Whether erase-like \p Callee is given an iterator or a key first: keys
/// are taken by reference, iterators by value.
Argument firstArgumentOf(const FunctionDecl *Callee, const Expr *First,
                         const ViewInventory &F) {
  if (!First)
    return Argument::Other;
  if (std::optional<ViewInventory::Source> Source = F.sourceOf(First);
      Source && Source->Kind == ViewKind::Iterator && !Source->IsElement)
    return Argument::Iterator;
  if (!Callee || Callee->getNumParams() == 0)
    return Argument::Other;
  const QualType Parameter = Callee->getParamDecl(0)->getType();
  if (Parameter->isReferenceType())
    return Argument::Key;
  return Parameter->isRecordType() || Parameter->isDependentType()
             ? Argument::Iterator
             : Argument::Other;
}

/// Collects, for a function body, which parameters and members of *this
/// it may invalidate (directly or through calls with bodies in this TU),
/// and which statements make each effect, to key them by what the function
/// returns (ReturnKeys.h).
class EffectScan : public analysis::BodyVisitor {
public:
  EffectScan(ContainerEffects &Effects, const FunctionDecl &Callee,
             unsigned Depth)
      : Effects(Effects), Callee(Callee), Places(Effects, Depth) {}

  bool VisitExpr(Expr *E) override {
    Effects.mutations(E, Places, [&](const Mutation &M) { note(E, M); });
    if (const ValueDecl *Stored = ContainerEffects::storeIn(E))
      store(Stored);
    if (isa<CallExpr, CXXConstructExpr>(E) &&
        Effects.callStores(E, Places, [&](const ValueDecl *D) { store(D); })) {
      Result.StoresUnknown = true;
      Result.ThisUnknown |= Effects.mayRepointThis(E, Places.Depth);
    }
    if (const ValueDecl *Read = ContainerEffects::readOf(E))
      read(Read, E);
    Effects.callReads(E, Places.Depth,
                      [&](const ValueDecl *D, const Expr *At) { read(D, At); });
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) override {
    // `auto *&alias = cur;`: cur may be re-pointed through the alias.
    const QualType Type = Var->getType();
    if (Type->isReferenceType() &&
        !Type.getNonReferenceType().isConstQualified())
      if (const ValueDecl *Stored =
              ContainerEffects::storeTarget(Var->getInit()))
        store(Stored);
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *Return) override {
    ConstantReturn |= constantTruth(Return->getRetValue()).has_value();
    return true;
  }

  /// Keys the effects by the truth value returned on the paths that make
  /// them, for a function returning one, where something could be keyed.
  void keyByReturnedValue() {
    const QualType Returns = Callee.getReturnType();
    if (Result.Effects.empty() || Result.Effects.size() > MaxKeyed ||
        (!ConstantReturn && !KeyedCall) ||
        !(Returns->isBooleanType() || Returns->isIntegerType()))
      return;
    const std::vector<std::optional<bool>> Keys =
        keyByReturn(Callee, Statements, Result.Effects.size());
    for (unsigned Effect = 0; Effect < Keys.size(); ++Effect)
      Result.Effects[Effect].WhenReturns = Keys[Effect];
  }

  EffectSummary Result;

private:
  /// Effects are bits of one word in the keyed flow.
  static constexpr unsigned MaxKeyed = 64;

  void store(const ValueDecl *D) {
    if (!llvm::is_contained(Result.Stores, D))
      Result.Stores.push_back(D);
  }
  void read(const ValueDecl *D, const Expr *At) {
    if (llvm::none_of(Result.Reads,
                      [&](const auto &R) { return R.first == D; }))
      Result.Reads.emplace_back(D, At);
  }

public:
  /// Reads of what it may also re-point may follow a re-make: not reads.
  /// Out of sight, a call given *this may re-point its members, any call a
  /// variable of static storage.
  void dropReadsOfStores() {
    llvm::erase_if(Result.Reads, [&](const auto &R) {
      const bool Member = isa<FieldDecl>(R.first);
      return (Member ? Result.ThisUnknown : Result.StoresUnknown) ||
             llvm::is_contained(Result.Stores, R.first);
    });
  }

private:
  void note(const Expr *At, const Mutation &M) {
    if (M.What != Invalidation::Everything &&
        M.What != Invalidation::Iterators && M.What != Invalidation::Rehash &&
        M.What != Invalidation::ErasedFrom)
      return;
    EffectSummary::Effect Effect;
    Effect.IteratorsOnly =
        M.What == Invalidation::Iterators || M.What == Invalidation::Rehash;
    if (!M.Container.Object) {
      Effect.Member = M.Container.Member;
    } else if (capturesByReference(Callee, M.Container.Object)) {
      Effect.Captured = M.Container.Object;
      Effect.Member = M.Container.Member;
    } else if (const auto *Parameter =
                   dyn_cast<ParmVarDecl>(M.Container.Object);
               Parameter && !M.Container.Member &&
               Parameter->getDeclContext() == &Callee &&
               (Parameter->getType()->isReferenceType() ||
                Parameter->getType()->isPointerType()) &&
               !Parameter->getType()->getPointeeType().isConstQualified()) {
      Effect.Parameter = Parameter->getFunctionScopeIndex();
    } else if (const auto *Var = dyn_cast<VarDecl>(M.Container.Object);
               Var && Var->hasGlobalStorage()) {
      Effect.Global = Var;
      Effect.Member = M.Container.Member;
    } else {
      return;
    }
    const auto *Known =
        llvm::find_if(Result.Effects, [&](const EffectSummary::Effect &E) {
          return E.sameAs(Effect);
        });
    const unsigned Index = Known - Result.Effects.begin();
    if (Known == Result.Effects.end())
      Result.Effects.push_back(Effect);
    if (Index >= MaxKeyed)
      return;
    StatementEffects &Made = Statements[At];
    const std::uint64_t Bit = std::uint64_t{1} << Index;
    if (!M.WhenReturns)
      Made.Always |= Bit;
    else
      (*M.WhenReturns ? Made.IfTrue : Made.IfFalse) |= Bit;
    KeyedCall |= M.WhenReturns.has_value();
  }

  ContainerEffects &Effects;
  const FunctionDecl &Callee;
  ViewInventory Places;
  llvm::DenseMap<const Stmt *, StatementEffects> Statements;
  bool ConstantReturn = false;
  bool KeyedCall = false;
};

} // namespace

void ContainerEffects::mutations(
    const Expr *E, const ViewInventory &F,
    llvm::function_ref<void(const Mutation &)> Found) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Call->getMethodDecl() || !Object)
      return;
    // `p->push_back(x)` through a pointer to the container.
    if (!isContainerType(objectType(Object))) {
      callEffects(Call->getDirectCallee(), Object,
                  {Call->getArgs(), Call->getNumArgs()}, F, Found);
      return;
    }
    // A user container's own member functions (`v.add(x)` pushing into
    // its base or member) have bodies to read.
    if (!methodMutations(E, F, Found))
      callEffects(Call->getDirectCallee(), Object,
                  {Call->getArgs(), Call->getNumArgs()}, F, Found);
    return;
  }
  // An algorithm runs the lambdas it is given zero or more times.
  for (const ViewInventory::RunLambda &Run : F.lambdasRunBy(E))
    lambdaEffects(Run.Lambda, nullptr, /*Possible=*/true, F, Found);
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() == OO_Call) {
      if (const LambdaExpr *Lambda = Operator->getNumArgs() > 0
                                         ? F.calledLambda(Operator->getArg(0))
                                         : nullptr)
        lambdaEffects(Lambda, Operator->getDirectCallee(), false, F, Found);
    } else {
      methodMutations(E, F, Found);
    }
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (eraseFunction(Call, F, Found))
      return;
    callEffects(Call->getDirectCallee(), nullptr,
                {Call->getArgs(), Call->getNumArgs()}, F, Found);
  }
}

bool ContainerEffects::eraseFunction(
    const CallExpr *Call, const ViewInventory &F,
    llvm::function_ref<void(const Mutation &)> Found) {
  // std::erase(c, x), std::erase_if(c, pred): the elements erased, if any,
  // are known at run time only.
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
      (Callee->getName() != "erase" && Callee->getName() != "erase_if") ||
      Call->getNumArgs() != 2)
    return false;
  std::optional<Place> Container = F.containerOf(Call->getArg(0));
  if (!Container)
    return false;
  const Storage Kind = storageOf(objectType(Call->getArg(0)));
  Invalidation What = invalidationOf(Kind, "erase", Argument::Key);
  if (What == Invalidation::ErasedFrom)
    What = Invalidation::Everything;
  if (What != Invalidation::None)
    Found({*Container, What, causeOf(What), nullptr, nullptr, true});
  return true;
}

bool ContainerEffects::methodMutations(
    const Expr *E, const ViewInventory &F,
    llvm::function_ref<void(const Mutation &)> Found) {
  const Expr *Object = nullptr;
  llvm::StringRef Method;
  const Expr *FirstArgument = nullptr;
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    Object = Call->getImplicitObjectArgument();
    Callee = Call->getMethodDecl();
    if (Callee->getIdentifier())
      Method = Callee->getName();
    if (Call->getNumArgs() > 0)
      FirstArgument = withoutConversion(Call->getArg(0));
  } else {
    const auto *Operator = cast<CXXOperatorCallExpr>(E);
    if (Operator->getNumArgs() == 0)
      return false;
    Object = Operator->getArg(0);
    if (Operator->getNumArgs() > 1)
      FirstArgument = Operator->getArg(1);
    Method = operatorMethod(Operator->getOperator());
    if (Method.empty() || !isContainerType(Object->getType()))
      return false;
    // s = append(s, ...): the append may move s to a new array.
    if (Method == "operator=" &&
        storageOf(Object->getType()) == Storage::SharedArray) {
      const auto *Append =
          dyn_cast_or_null<CallExpr>(stripImplicit(FirstArgument));
      if (Append && isAppendFunction(Append->getDirectCallee()))
        if (std::optional<Place> Container = F.containerOf(Object))
          Found({*Container, Invalidation::Everything, Cause::Append});
      return true;
    }
  }
  // `(flag ? a : b).push_back(x)` changes one of them.
  if (const auto *Choice =
          dyn_cast<AbstractConditionalOperator>(stripImplicit(Object))) {
    bool Any = false;
    for (const Expr *Branch : {Choice->getTrueExpr(), Choice->getFalseExpr()})
      Any |= containerMutation(Branch, Method, FirstArgument, Callee, true, F,
                               Found);
    return Any;
  }
  return containerMutation(Object, Method, FirstArgument, Callee, false, F,
                           Found);
}

bool ContainerEffects::containerMutation(
    const Expr *Object, llvm::StringRef Method, const Expr *FirstArgument,
    const FunctionDecl *Callee, bool Possible, const ViewInventory &F,
    llvm::function_ref<void(const Mutation &)> Found) {
  std::optional<Place> Container = F.containerOf(Object);
  const Storage Kind = storageOf(objectType(Object));
  // A member function of a container class changing *this (for summaries).
  if (!Container && Kind != Storage::Unknown &&
      isa<CXXThisExpr>(stripImplicit(Object)))
    Container = Place{nullptr, nullptr};
  if (!Container)
    return false;
  if ((Kind == Storage::OpenAddressing || Kind == Storage::SharedTable ||
       Kind == Storage::HashedNodes) &&
      (Method == "set" || Method == "operator[]" ||
       Method == "insert_or_assign" || Method == "try_emplace") &&
      writesLoopKey(FirstArgument, F))
    return false;
  if (Method == "pop")
    Method = adaptorPop(objectType(Object));
  const Argument First = firstArgumentOf(Callee, FirstArgument, F);
  const Invalidation What = invalidationOf(Kind, Method, First);
  if (What == Invalidation::None)
    return false;
  const ValueDecl *Erased = What == Invalidation::ErasedKey
                                ? keyView(FirstArgument)
                                : erasedView(FirstArgument);
  Mutation M{*Container, What, causeOf(What), Erased, FirstArgument, Possible};
  // Go's maps may be erased from while a loop iterates them.
  M.KeepsIterators = Kind == Storage::SharedTable && Method == "erase";
  Found(M);
  return true;
}

void ContainerEffects::callEffects(
    const FunctionDecl *Callee, const Expr *Object,
    llvm::ArrayRef<const Expr *> Args, const ViewInventory &F,
    llvm::function_ref<void(const Mutation &)> Found) {
  if (!Callee)
    return;
  const EffectSummary Summary = summaryOf(Callee, F.Depth);
  for (const EffectSummary::Effect &Effect : Summary.Effects) {
    std::optional<Place> Target;
    if (Effect.Global) {
      Target = Place{Effect.Global, Effect.Member};
    } else if (Effect.Parameter >= 0) {
      if (static_cast<unsigned>(Effect.Parameter) >= Args.size())
        continue;
      const Expr *Argument = stripImplicit(Args[Effect.Parameter]);
      if (const auto *Address = dyn_cast<UnaryOperator>(Argument);
          Address && Address->getOpcode() == UO_AddrOf)
        Argument = Address->getSubExpr();
      Target = F.placeOf(Argument);
    } else if (Object) {
      const Expr *Base = stripImplicit(Object);
      if (isa<CXXThisExpr>(Base))
        Target = Place{nullptr, Effect.Member};
      else if (std::optional<Place> Owner = F.placeOf(Base);
               Owner && !Owner->Member)
        Target = Place{Owner->Object, Effect.Member};
    }
    if (!Target)
      continue;
    Found(summaryMutation(*Target, Effect));
  }
}

void ContainerEffects::lambdaEffects(
    const LambdaExpr *Lambda, const FunctionDecl *Body, bool Possible,
    const ViewInventory &F, llvm::function_ref<void(const Mutation &)> Found) {
  // A generic lambda's body is the specialization the call names (an
  // algorithm's call is out of sight: every specialization).
  if (!Body || !isa<CXXMethodDecl>(Body) ||
      cast<CXXMethodDecl>(Body)->getParent() != Lambda->getLambdaClass()) {
    if (const FunctionTemplateDecl *Generic =
            Lambda->getDependentCallOperator()) {
      for (const FunctionDecl *Specialization : Generic->specializations())
        lambdaEffects(Lambda, Specialization, Possible, F, Found);
      return;
    }
    Body = Lambda->getCallOperator();
  }
  const EffectSummary Summary = summaryOf(Body, F.Depth);
  for (const EffectSummary::Effect &Effect : Summary.Effects) {
    Place Target;
    if (Effect.Global) {
      Target = Place{Effect.Global, Effect.Member};
    } else if (const auto *Var = dyn_cast_or_null<VarDecl>(Effect.Captured)) {
      Target = F.placeOfVariable(Var);
      if (Effect.Member && Target.Member)
        continue;
      if (Effect.Member)
        Target.Member = Effect.Member;
    } else if (Effect.Parameter < 0 &&
               llvm::any_of(
                   Lambda->captures(),
                   [](const LambdaCapture &C) { return C.capturesThis(); })) {
      Target = Place{nullptr, Effect.Member};
    } else {
      continue;
    }
    Mutation M = summaryMutation(Target, Effect);
    // Run by an algorithm: what the call returns is not what the lambda did.
    if (Possible)
      M.WhenReturns.reset();
    M.Possible |= Possible;
    Found(M);
  }
}

const EffectSummary &ContainerEffects::summaryOf(const FunctionDecl *Callee,
                                                 unsigned Depth) {
  static const EffectSummary None;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) || !Definition ||
      Definition->isDependentContext() || Depth >= CallDepth ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return None;
  if (auto Known = Summaries.find(Definition); Known != Summaries.end())
    return Known->second;
  // Recursion sees an empty summary while this one is computed.
  Summaries.try_emplace(Definition);
  EffectScan Scan(*this, *Definition, Depth + 1);
  Scan.TraverseStmt(Definition->getBody());
  Scan.keyByReturnedValue();
  Scan.dropReadsOfStores();
  EffectSummary &Slot = Summaries[Definition];
  Slot = std::move(Scan.Result);
  return Slot;
}

bool ContainerEffects::memberViewOf(const CXXMethodDecl *Method,
                                    const FieldDecl *&Member) {
  auto [Cached, Inserted] = MemberViews.try_emplace(Method, false, nullptr);
  if (Inserted) {
    std::pair<bool, const FieldDecl *> Answer{false, nullptr};
    const FunctionDecl *Definition = nullptr;
    if (thisIsLifetimeBound(Method))
      Answer = {true, nullptr};
    else if (Method->hasBody(Definition) && Definition &&
             !Definition->isDependentContext())
      Answer = returnedMemberView(*Definition);
    // (The map may have grown while the body was read.)
    MemberViews[Method] = Answer;
  }
  const std::pair<bool, const FieldDecl *> Answer = MemberViews.lookup(Method);
  Member = Answer.second;
  return Answer.first;
}

std::pair<bool, const FieldDecl *>
ContainerEffects::returnedMemberView(const FunctionDecl &Definition) {
  // Every return hands out a view of the same member of *this.
  ViewInventory Places(*this, CallDepth);
  const FieldDecl *Found = nullptr;
  bool Consistent = true;
  llvm::SmallVector<const Stmt *, 16> Work{Definition.getBody()};
  while (!Work.empty() && Consistent) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      // (`return table[i];` by value hands out a copy of an element.)
      std::optional<ViewInventory::Source> Source = Places.viewSourceFor(
          Definition.getReturnType(), Return->getRetValue());
      if (!Source || !Source->Container || Source->Container->Object ||
          (Found && Found != Source->Container->Member))
        Consistent = false;
      else
        Found = Source->Container->Member;
      continue;
    }
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  if (Consistent && Found)
    return {true, Found};
  return {false, nullptr};
}

} // namespace clang::tidy::slicemap::model
