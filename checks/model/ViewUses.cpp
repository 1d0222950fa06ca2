//===--- ViewUses.cpp - where a view is read, and where it is left --------===//
//
// The reads of ViewFlow: a view named, a lambda called or run by an
// algorithm that reads the views it captures, a call of a function of this
// TU (or of a lambda made here) that reads a stored view. And where views
// are left: a local container destroyed at the end of its scope under the
// views of it that live on; at the function's exit, a stored view left
// pointing into a container the function was given or made after a change
// that may have invalidated it, or into a local destroyed on return. Each
// invalidation is reported once.
//
//===----------------------------------------------------------------------===//

#include "ViewFlow.h"

#include "ContainerModel.h"
#include "ValueUse.h"

#include "analysis/BodyVisitor.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::slicemap::model {

void ViewFlow::runLambdas(const Expr *Call, ViewState &State) {
  // (Not a finding per use of the lambda: its closure variable's views are
  // read as a use of the variable.)
  for (const ViewInventory::RunLambda &Run : F.lambdasRunBy(Call)) {
    if (Run.Closure && F.isView(Run.Closure))
      useAt(Call, Run.Closure, nullptr, State);
    for (const VarDecl *View : F.viewsReadBy(Run.Lambda))
      useAt(Call, View, Run.Lambda, State);
    if (F.hasStoredViews())
      readByLambda(Call, Run.Lambda, State);
  }
}

void findRangesChangedWhileIterated(const ViewInventory &F,
                                    std::vector<ViewFinding> &Findings) {
  for (const Expr *Call : F.algorithmCalls()) {
    std::optional<Place> Iterated = F.rangeIteratedBy(Call);
    if (!Iterated)
      continue;
    for (const ViewInventory::RunLambda &Run : F.lambdasRunBy(Call)) {
      std::optional<Mutation> First;
      F.Effects.lambdaMutations(Run.Lambda, F, [&](const Mutation &M) {
        const bool Covers =
            M.Container == *Iterated ||
            (!M.Container.Member && M.Container.Object == Iterated->Object);
        if (!First && Covers && M.What != Invalidation::None &&
            M.What != Invalidation::Shifted)
          First = M;
      });
      if (First)
        Findings.push_back({Call,
                            nullptr,
                            *Iterated,
                            {Run.Lambda, First->Why},
                            !First->Possible,
                            Run.Lambda});
    }
  }
}

void ViewFlow::callLambda(const CXXOperatorCallExpr *Call, ViewState &State) {
  if (Call->getNumArgs() == 0)
    return;
  if (const LambdaExpr *Lambda = F.calledLambda(Call->getArg(0)))
    for (const VarDecl *View : F.viewsReadBy(Lambda))
      useAt(Call, View, Lambda, State);
}

void ViewFlow::use(const Expr *Mention, const ValueDecl *View,
                   ViewState &State) {
  if (F.isView(View) && F.readsView(Mention))
    useAt(Mention, View, nullptr, State);
}

void ViewFlow::reseated(const Expr *Call, ViewState &State) {
  llvm::SmallVector<unsigned, 8> Forgotten;
  const bool Any = F.Effects.callStores(Call, F, [&](const ValueDecl *D) {
    llvm::append_range(Forgotten, F.slotsOf(D));
  });
  if (Any) {
    // Out of sight: every stored view it may reach may be re-pointed.
    llvm::BitVector Held = State[ViewFact::Held];
    Held &= F.reachableSlots();
    llvm::append_range(Forgotten, Held.set_bits());
  }
  State.clear(Forgotten);
}

void ViewFlow::readByCallee(const Expr *Call, ViewState &State) {
  // A lambda made here runs with our *this: it reads the members it reads.
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getOperator() == OO_Call &&
      Operator->getNumArgs() > 0)
    if (const LambdaExpr *Lambda = F.calledLambda(Operator->getArg(0))) {
      readByLambda(Call, Lambda, State);
      return;
    }
  F.Effects.callReads(Call, F.Depth,
                      [&](const ValueDecl *Read, const Expr *Mention) {
                        if (F.isView(Read))
                          useAt(Call, Read, nullptr, State, Mention);
                      });
}

void ViewFlow::readByLambda(const Expr *Call, const LambdaExpr *Lambda,
                            ViewState &State) {
  for (const auto &[Read, Mention] :
       F.Effects.summaryOf(Lambda->getCallOperator(), F.Depth).Reads)
    if (F.isView(Read))
      useAt(Call, Read, nullptr, State, Mention);
}

void ViewFlow::useAt(const Expr *At, const ValueDecl *View,
                     const LambdaExpr *Through, ViewState &State,
                     const Expr *ReadIn) {
  // A holder holds views of several containers at once, and a joint view
  // is in two at once (`r.inner[2]`): the first invalidated one is the
  // finding.
  // A view made from different containers on different paths (`it =
  // flag ? ... : ...` in branches) may dangle on the paths of the one
  // invalidated.
  const bool Holder =
      F.viewInfo(View).Holds != ViewInventory::Holder::None || F.isJoint(View);
  std::optional<unsigned> Target;
  unsigned HeldSlots = 0;
  for (unsigned Slot : F.slotsOf(View)) {
    if (!State[Held].test(Slot))
      continue;
    ++HeldSlots;
    if (!Target && State[MayInvalid].test(Slot))
      Target = Slot;
  }
  if (!Target)
    return;
  const Invalidated *Cause = State.notes().get(*Target);
  if (!Cause)
    return;
  const bool Certain =
      !State[MayValid].test(*Target) && (Holder || HeldSlots == 1);
  if (Findings)
    Findings->push_back({At, View, F.slotPlace(*Target), *Cause, Certain,
                         Through, false, false, ReadIn});
  // One report per invalidation: later uses are the same bug.
  State[MayInvalid].reset(*Target);
  State[MayValid].set(*Target);
  State.notes().clear(*Target);
}

namespace {

/// A container whose storage the function's caller does not keep for the
/// stored view: a local (ended with the call), a parameter by value, or the
/// container a reference or pointer parameter is given. Not a member of
/// *this or a variable of static storage (the class or program may re-make
/// their views elsewhere before reading them), nor what a local pointer
/// points to (which may be either).
bool givenOrMade(const Place &Container) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Container.Object);
  if (!Var || !Var->hasLocalStorage())
    return false;
  return !Container.Indirect || isa<ParmVarDecl>(Var);
}

/// A local container (or parameter) that owns its elements: its storage
/// is freed when it is destroyed. Not a reference, a static, a view or a
/// pointer.
bool ownsLocalStorage(const VarDecl *Var) {
  return Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
         ownsElements(storageOf(Var->getType()));
}

/// True when \p Param takes its argument by value or by const reference: a
/// copy, or a read in place.
bool readsOrCopies(const ParmVarDecl *Param) {
  const QualType Type = Param->getType();
  if (Type->isPointerType() || Type->isRValueReferenceType())
    return false;
  return !Type->isReferenceType() ||
         Type.getNonReferenceType().isConstQualified();
}

/// True when the local container \p Var keeps its storage until the
/// function returns: every mention uses it in place - a member function
/// other than swap, a subscript, a range-for, an argument copied or read
/// through a const reference, the source of a copy - and no lambda
/// captures it by reference. Returned, moved, swapped, bound to a
/// reference or pointer: its storage may live on.
class KeptInPlace : public analysis::BodyVisitor {
public:
  KeptInPlace(const VarDecl *Var, const ParentMap &Parents)
      : Var(Var), Parents(Parents) {}
  bool Kept = true;

  bool VisitDeclRefExpr(DeclRefExpr *Ref) override {
    if (Ref->getDecl() == Var && !inPlace(Ref))
      Kept = false;
    return Kept;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    forEachByReferenceCapture(
        Lambda, [&](const ValueDecl *Captured) { Kept &= Captured != Var; });
    return Kept;
  }

private:
  bool inPlace(const DeclRefExpr *Ref) const {
    const Stmt *Parent =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent)) {
      const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
      return !Method || !Method->getIdentifier() || Method->getName() != "swap";
    }
    if (const auto *Range = dyn_cast_or_null<DeclStmt>(Parent))
      return Range->isSingleDecl() &&
             Range->getSingleDecl()->isImplicit(); // a range-for's __range
    if (const auto *Operator = dyn_cast_or_null<CXXOperatorCallExpr>(Parent))
      return Operator->getOperator() == OO_Subscript ||
             Operator->getOperator() == OO_Equal;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent))
      return argumentRead(Call->getDirectCallee(),
                          {Call->getArgs(), Call->getNumArgs()}, Ref);
    // A view made of it (`std::span<int> s = v;`) takes no storage.
    if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Parent))
      return isHandleType(Construct->getType()) ||
             argumentRead(Construct->getConstructor(),
                          {Construct->getArgs(), Construct->getNumArgs()}, Ref);
    return false;
  }
  bool argumentRead(const FunctionDecl *Callee,
                    llvm::ArrayRef<const Expr *> Args,
                    const DeclRefExpr *Ref) const {
    if (!Callee)
      return false;
    unsigned Index = 0;
    for (const Expr *Arg : Args) {
      if (Arg->IgnoreParenImpCasts() == Ref)
        return Index < Callee->getNumParams() &&
               readsOrCopies(Callee->getParamDecl(Index));
      ++Index;
    }
    return false;
  }

  const VarDecl *Var;
  const ParentMap &Parents;
};

} // namespace

void ViewFlow::scopeEnd(const VarDecl *Var, const Stmt *Ending,
                        ViewState &State) {
  State.clear(F.slotsOf(Var));
  // Stored views are judged at the function's end (leftToDestroyed).
  if (!Ending || !ownsLocalStorage(Var))
    return;
  llvm::BitVector Hit = F.slotsCoveredBy(Place{Var});
  Hit &= State[Held];
  Hit.reset(F.storedSlots());
  invalidate(Hit, /*Possible=*/false, {Ending, Cause::Destroyed}, State);
}

bool ViewFlow::keptInPlace(const VarDecl *Var) {
  auto [Known, Inserted] = KeptLocals.try_emplace(Var, false);
  if (!Inserted)
    return Known->second;
  if (!BodyParents)
    BodyParents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  KeptInPlace Scan(Var, *BodyParents);
  Scan.TraverseStmt(const_cast<Stmt *>(Body));
  KeptLocals[Var] = Scan.Kept;
  return Scan.Kept;
}

void ViewFlow::leftToDestroyed(
    const ValueDecl *View, const Place &Container,
    const llvm::DenseSet<const ValueDecl *> &Reported) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Container.Object);
  if (!Var || isa<ParmVarDecl>(Var) || !ownsLocalStorage(Var) ||
      Container.Indirect || Container.Member || Reported.contains(View))
    return;
  llvm::ArrayRef<const Expr *> Made = F.storedAssignments(View);
  if (Made.empty() || !keptInPlace(Var))
    return;
  ViewFinding Found{
      Made.back(), View, Container, {Made.back(), Cause::Moved}, true};
  Found.LeftToDestroyed = true;
  Findings->push_back(Found);
}

void ViewFlow::leftDangling(const ViewState &AtExit) {
  if (!Findings || !F.hasStoredViews())
    return;
  // (The flow's states keep what the replay reported at a use.)
  llvm::DenseSet<std::pair<const ValueDecl *, const Stmt *>> Reported;
  llvm::DenseSet<const ValueDecl *> ReportedViews;
  for (const ViewFinding &Found : *Findings) {
    Reported.insert({Found.View, Found.By.At});
    ReportedViews.insert(Found.View);
  }
  // Held into a local that is destroyed on return, changed or not.
  llvm::BitVector Kept = F.storedSlots();
  Kept &= AtExit[Held];
  Kept.reset(AtExit[MayInvalid]);
  for (unsigned Slot : Kept.set_bits())
    leftToDestroyed(F.slotView(Slot), F.slotPlace(Slot), ReportedViews);
  llvm::BitVector Left = F.storedSlots();
  Left &= AtExit[Held];
  Left &= AtExit[MayInvalid];
  for (unsigned Slot : Left.set_bits()) {
    const Place &Container = F.slotPlace(Slot);
    const Invalidated *Cause = AtExit.notes().get(Slot);
    const auto *Change = Cause ? dyn_cast_or_null<Expr>(Cause->At) : nullptr;
    const ValueDecl *View = F.slotView(Slot);
    if (!Change || !givenOrMade(Container) || Reported.contains({View, Change}))
      continue;
    const bool OneHeld = llvm::count_if(F.slotsOf(View), [&](unsigned Other) {
                           return AtExit[Held].test(Other);
                         }) == 1;
    ViewFinding Found{Change, View, Container, *Cause,
                      !AtExit[MayValid].test(Slot) && OneHeld};
    Found.LeftDangling = true;
    Findings->push_back(Found);
  }
}

} // namespace clang::tidy::slicemap::model
