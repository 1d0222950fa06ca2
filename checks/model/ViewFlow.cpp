//===--- ViewFlow.cpp - which views may be invalidated, forwards ----------===//

#include "ViewFlow.h"

#include "ReturnKeys.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// The view an assignment `view = value` re-makes, and the value.
std::pair<const Expr *, const Expr *> assignmentOf(const Stmt *S) {
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->getOpcode() == BO_Assign)
    return {Binary->getLHS(), Binary->getRHS()};
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2)
    return {Operator->getArg(0), Operator->getArg(1)};
  return {nullptr, nullptr};
}

/// The iterator `++it`, `it--`, `it += n`, `std::advance(it, n)` moves to
/// another element, if \p S does that to a local.
const ValueDecl *steppedView(const Stmt *S) {
  if (const auto *Unary = dyn_cast<UnaryOperator>(S))
    return Unary->isIncrementDecrementOp() ? viewVar(Unary->getSubExpr())
                                           : nullptr;
  if (const auto *Binary = dyn_cast<CompoundAssignOperator>(S))
    return Binary->getOpcode() == BO_AddAssign ||
                   Binary->getOpcode() == BO_SubAssign
               ? viewVar(Binary->getLHS())
               : nullptr;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S)) {
    const OverloadedOperatorKind Kind = Operator->getOperator();
    if (Kind == OO_PlusPlus || Kind == OO_MinusMinus || Kind == OO_PlusEqual ||
        Kind == OO_MinusEqual)
      return viewVar(Operator->getArg(0));
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Callee->getName() == "advance" && Call->getNumArgs() >= 1)
      return viewVar(Call->getArg(0));
  }
  return nullptr;
}

} // namespace

void ViewFlow::stepped(const ValueDecl *View, ViewState &State) {
  for (unsigned Slot : F.slotsOf(View))
    State[FromOrigin].reset(Slot);
  leftCopies(View, State);
}

void ViewFlow::leftCopies(const ValueDecl *View, ViewState &State) {
  // `auto next = it; ++it;`: the copies denote the element it left.
  if (F.slotCount() != 0)
    State[FromOrigin].reset(F.slotsCopiedFrom(View));
}

void ViewFlow::element(const CFGElement &Element, ViewState &State) {
  // `dest_(dest->data())`: a constructor's member made a view.
  if (std::optional<CFGInitializer> Init = Element.getAs<CFGInitializer>()) {
    const CXXCtorInitializer *Made = Init->getInitializer();
    if (const FieldDecl *Member = Made->getMember();
        Member && F.isView(Member) && Made->getInit())
      establish(Member, Made->getInit(), State);
    return;
  }
  std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
  if (!AsStmt)
    return;
  const Stmt *S = AsStmt->getStmt();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    use(Ref, Ref->getDecl(), State);
    return;
  }
  if (isa<MemberExpr>(S) && F.hasStoredViews())
    if (const ValueDecl *Stored = storedVar(cast<MemberExpr>(S))) {
      use(cast<MemberExpr>(S), Stored, State);
      return;
    }
  if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
    if (const ViewInventory::Transfer *T = F.transferAt(S))
      transfer(*T, S, State);
    for (const Decl *D : Declaration->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (Var && F.isView(Var))
        establish(Var, Var->getInit(), State);
      if (std::optional<unsigned> Flag = F.flagOfVariable(Var)) {
        setFlag(*Flag, F.flagValue(*Flag, constantTruth(Var->getInit())),
                State);
        storedResult(*Flag, Var->getInit(), State);
      }
    }
    return;
  }
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
      Call && Call->getOperator() == OO_Call)
    callLambda(Call, State);
  if (isa<CallExpr>(S))
    runLambdas(cast<Expr>(S), State);
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->isAssignmentOp())
    if (std::optional<unsigned> Flag = F.flagOf(Binary->getLHS())) {
      const bool Plain = Binary->getOpcode() == BO_Assign;
      setFlag(*Flag,
              Plain ? F.flagValue(*Flag, constantTruth(Binary->getRHS()))
                    : std::nullopt,
              State);
      if (Plain)
        storedResult(*Flag, Binary->getRHS(), State);
      return;
    }
  if (auto [Target, Value] = assignmentOf(S); Target)
    if (const ValueDecl *Var = viewVar(Target);
        Var && F.isView(Var) && !Var->getType()->isReferenceType()) {
      establish(Var, Value, State);
      return;
    }
  if (const ViewInventory::ViewSwap *Swap = F.viewSwapAt(S)) {
    swapViews(*Swap, State);
    return;
  }
  if (const ValueDecl *Var = steppedView(S); Var && F.isView(Var))
    stepped(Var, State);
  if (const auto *E = dyn_cast<Expr>(S)) {
    // A tested call's keyed effects happen along its branches (edge()), a
    // stored one's where the flag is set (storedResult()).
    const bool Tested = KeyedTests.contains(S) || F.flagCallOf(S);
    // (Its reads see only what was changed before the call.)
    if (F.hasStoredViews() && isa<CallExpr>(E))
      readByCallee(E, State);
    F.Effects.mutations(E, F, [&](const Mutation &M) {
      if (!Tested || !M.WhenReturns)
        apply(M, S, State);
    });
    if (F.hasStoredViews() && isa<CallExpr, CXXConstructExpr>(E))
      reseated(E, State);
  }
  if (const ViewInventory::Transfer *T = F.transferAt(S))
    transfer(*T, S, State);
}

void ViewFlow::transfer(const ViewInventory::Transfer &T, const Stmt *At,
                        ViewState &State) {
  switch (T.Effect) {
  case MoveEffect::Stay:
    return;
  case MoveEffect::MayDangle:
    apply({T.From, Invalidation::Everything, Cause::Moved, nullptr}, At, State);
    if (T.Swap)
      apply({T.To, Invalidation::Everything, Cause::Moved, nullptr}, At, State);
    return;
  case MoveEffect::Unknown:
    for (const Place &P : {T.From, T.To}) {
      llvm::BitVector Hit = F.slotsCoveredBy(P);
      Hit &= State[Held];
      for (unsigned Slot : Hit.set_bits())
        if (F.slotPlace(Slot) == P)
          State.forget(Slot);
    }
    return;
  case MoveEffect::Follow:
    follow(T, At, State);
    return;
  }
}

void ViewFlow::follow(const ViewInventory::Transfer &T, const Stmt *At,
                      ViewState &State) {
  struct Facts {
    unsigned To;
    bool Valid, Invalid, Origin, Moved;
    std::optional<Invalidated> Note;
  };
  llvm::SmallVector<Facts, 8> Moving;
  llvm::SmallVector<unsigned, 4> Ends;
  auto Collect = [&](const Place &From, const Place &To) {
    llvm::BitVector Hit = F.slotsCoveredBy(From);
    Hit &= State[Held];
    for (unsigned Slot : Hit.set_bits()) {
      if (F.slotPlace(Slot) != From)
        continue;
      const ValueDecl *View = F.slotView(Slot);
      if (F.isPastTheEnd(View)) {
        Ends.push_back(Slot);
        continue;
      }
      std::optional<unsigned> Target = F.slotOf(View, To);
      const Invalidated *Note = State.notes().get(Slot);
      if (Target)
        Moving.push_back(
            {*Target, State[MayValid].test(Slot), State[MayInvalid].test(Slot),
             State[FromOrigin].test(Slot), State[Shifted].test(Slot),
             Note ? std::optional<Invalidated>(*Note) : std::nullopt});
      State.forget(Slot);
    }
  };
  Collect(T.From, T.To);
  if (T.Swap)
    Collect(T.To, T.From);
  for (const Facts &Moved : Moving) {
    State.forget(Moved.To);
    State[Held].set(Moved.To);
    if (Moved.Valid)
      State[MayValid].set(Moved.To);
    if (Moved.Invalid)
      State[MayInvalid].set(Moved.To);
    if (Moved.Origin)
      State[FromOrigin].set(Moved.To);
    if (Moved.Moved)
      State[Shifted].set(Moved.To);
    if (Moved.Note)
      State.notes().set(Moved.To, *Moved.Note);
  }
  // A past-the-end iterator stays with the container it was the end of,
  // and is no longer its end.
  for (unsigned Slot : Ends) {
    State[MayValid].reset(Slot);
    State[MayInvalid].set(Slot);
    State.notes().clear(Slot);
    State.notes().set(Slot, Invalidated{At, Cause::EndMovedAway});
  }
}

void ViewFlow::swapViews(const ViewInventory::ViewSwap &Swap,
                         ViewState &State) {
  struct Facts {
    const VarDecl *To;
    Place Container;
    bool Valid, Invalid, Moved;
    std::optional<Invalidated> Note;
  };
  llvm::SmallVector<Facts, 4> Taken;
  for (auto [From, To] :
       {Swap, ViewInventory::ViewSwap{Swap.second, Swap.first}}) {
    for (unsigned Slot : F.slotsOf(From))
      if (State[Held].test(Slot)) {
        const Invalidated *Note = State.notes().get(Slot);
        Taken.push_back(
            {To, F.slotPlace(Slot), State[MayValid].test(Slot),
             State[MayInvalid].test(Slot), State[Shifted].test(Slot),
             Note ? std::optional<Invalidated>(*Note) : std::nullopt});
      }
    leftCopies(From, State);
  }
  // A value that is no view (a null pointer) leaves the other untracked.
  State.clear(F.slotsOf(Swap.first));
  State.clear(F.slotsOf(Swap.second));
  for (const Facts &Moved : Taken) {
    std::optional<unsigned> Slot = F.slotOf(Moved.To, Moved.Container);
    if (!Slot)
      continue;
    State[Held].set(*Slot);
    if (Moved.Valid)
      State[MayValid].set(*Slot);
    if (Moved.Invalid)
      State[MayInvalid].set(*Slot);
    if (Moved.Moved)
      State[Shifted].set(*Slot);
    if (Moved.Note)
      State.notes().set(*Slot, *Moved.Note);
  }
}

void ViewFlow::establish(const ValueDecl *View, const Expr *Value,
                         ViewState &State) {
  llvm::ArrayRef<unsigned> Slots = F.slotsOf(View);
  if (Slots.empty())
    return;
  if (F.viewInfo(View).Holds == ViewInventory::Holder::None)
    if (std::optional<ViewInventory::Source> Self = F.sourceOf(Value);
        Self && Self->FromView == View) {
      // `it = std::next(it)`, `p = p + 1`: the same container, its facts
      // kept.
      if (Self->Shifted)
        stepped(View, State);
      return;
    }
  State.clear(Slots);
  leftCopies(View, State);
  F.forEachSource(View, Value, [&](const ViewInventory::Source &Source) {
    establishFrom(View, Source, State);
  });
}

void ViewFlow::establishFrom(const ValueDecl *View,
                             const ViewInventory::Source &Source,
                             ViewState &State) {
  if (Source.Container)
    if (std::optional<unsigned> Slot = F.slotOf(View, *Source.Container)) {
      State[Held].set(*Slot);
      State[MayValid].set(*Slot);
    }
  if (!Source.FromView)
    return;
  // A copy of another view: its facts, container by container. A copy at
  // another position (`std::next(it)`) denotes another element.
  const bool SamePosition =
      F.originOf(View) == Source.FromView && !Source.Shifted;
  for (unsigned From : F.slotsOf(Source.FromView)) {
    if (!State[Held].test(From))
      continue;
    std::optional<unsigned> Slot = F.slotOf(View, F.slotPlace(From));
    if (!Slot)
      continue;
    State[Held].set(*Slot);
    if (State[MayValid].test(From))
      State[MayValid].set(*Slot);
    if (State[MayInvalid].test(From))
      State[MayInvalid].set(*Slot);
    if (State[Shifted].test(From))
      State[Shifted].set(*Slot);
    if (const Invalidated *Cause = State.notes().get(From))
      State.notes().set(*Slot, *Cause);
    if (SamePosition)
      State[ViewFact::FromOrigin].set(*Slot);
  }
}

void ViewFlow::apply(const Mutation &M, const Stmt *At, ViewState &State) {
  if (M.What == Invalidation::None || F.slotCount() == 0)
    return;
  llvm::BitVector Covered = F.slotsCoveredBy(M.Container);
  Covered &= State[Held];
  if (Covered.none())
    return;
  llvm::BitVector Hit = Covered;
  if (M.KeepsIterators)
    Hit.reset(F.iteratorSlots());
  if (M.What == Invalidation::Everything && Capacity.withinCapacity(At))
    Hit.reset(); // within reserve(): no element moves (but the back does)
  llvm::BitVector PastEnd(F.slotCount());
  switch (M.What) {
  case Invalidation::None:
  case Invalidation::Shifted:
    Hit.reset();
    break;
  case Invalidation::Iterators:
  case Invalidation::Rehash:
    Hit &= F.iteratorSlots();
    break;
  case Invalidation::ErasedElement:
  case Invalidation::ErasedKey: {
    llvm::BitVector Erased(F.slotCount());
    if (M.Erased) {
      for (unsigned Slot : F.slotsOf(M.Erased))
        Erased.set(Slot);
      llvm::BitVector Derived = F.slotsCopiedFrom(M.Erased);
      Derived &= State[FromOrigin];
      Erased |= Derived;
    }
    if (M.What == Invalidation::ErasedKey)
      erasedKey(M, Hit, Erased, At, State);
    Hit &= Erased;
    break;
  }
  case Invalidation::ErasedAfter:
    erasedAfter(M, At, State, Hit);
    break;
  case Invalidation::ErasedFrom:
  case Invalidation::RemovedBack:
  case Invalidation::RemovedBackAndEnd:
  case Invalidation::RemovedFront:
    removed(M, State, Hit, PastEnd);
    break;
  case Invalidation::Everything:
    break;
  }
  shift(M, Covered, Hit, State);
  invalidate(Hit, M.Possible, {At, M.Why}, State);
  invalidate(PastEnd, M.Possible, {At, Cause::PastEnd}, State);
}

void ViewFlow::shift(const Mutation &M, const llvm::BitVector &Covered,
                     const llvm::BitVector &Hit, ViewState &State) {
  // Removing the last element, or erasing from a position of a contiguous
  // container, leaves the elements before it where they were.
  if (M.What == Invalidation::ErasedFrom ||
      M.What == Invalidation::RemovedBack ||
      M.What == Invalidation::RemovedBackAndEnd)
    return;
  llvm::BitVector Survivors = Covered;
  if (!M.Possible)
    Survivors.reset(Hit);
  State[Shifted] |= Survivors;
}

Position ViewFlow::placeOf(const ValueDecl *View, unsigned Slot,
                           const ViewState &State) {
  return State[Shifted].test(Slot) ? Position{} : Positions.of(View);
}

Position ViewFlow::placeAt(const Expr *E, const ViewState &State) {
  const VarDecl *Via = nullptr;
  Position P = Positions.at(E, &Via);
  if (Via)
    for (unsigned Slot : F.slotsOf(Via))
      if (State[Shifted].test(Slot))
        return {};
  return P;
}

void ViewFlow::erasedAfter(const Mutation &M, const Stmt *At,
                           const ViewState &State, llvm::BitVector &Hit) {
  // erase_after(pos) erases the element after pos; erase_after(first, last)
  // those between. Views whose place relative to pos is not known are
  // left alone (silence over guesses).
  const Position From = placeAt(M.Where, State);
  std::optional<Position> Until;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(At);
      Call && Call->getNumArgs() == 2)
    Until = placeAt(Call->getArg(1), State);
  const llvm::BitVector Candidates = Hit;
  for (unsigned Slot : Candidates.set_bits()) {
    const Position View = placeOf(F.slotView(Slot), Slot, State);
    const std::optional<std::int64_t> After = distance(View, From);
    bool Reached = After && *After >= 1 && !View.End;
    if (Reached && !Until)
      Reached = *After == 1;
    else if (Reached && !Until->End) {
      const std::optional<std::int64_t> BeforeUntil = distance(View, *Until);
      Reached = BeforeUntil && *BeforeUntil < 0;
    }
    if (!Reached)
      Hit.reset(Slot);
  }
}

void ViewFlow::erasedKey(const Mutation &M, const llvm::BitVector &Hit,
                         llvm::BitVector &Erased, const Stmt *At,
                         ViewState &State) {
  // Views of other keys: on some path, unless both keys are constants. A
  // view stepped in the function (`k = it->first; ++it; m.erase(k);`) has
  // most likely left the erased element: not reported.
  llvm::BitVector Others = Hit;
  Others.reset(Erased);
  if (Others.none())
    return;
  const std::optional<std::string> Key = Positions.keyOf(M.Where);
  const llvm::BitVector Candidates = Others;
  for (unsigned Slot : Candidates.set_bits()) {
    const ValueDecl *View = F.slotView(Slot);
    if (Positions.isStepped(View)) {
      Others.reset(Slot);
      continue;
    }
    std::optional<std::string> Viewed = Positions.of(View).Key;
    if (Key && Viewed) {
      Others.reset(Slot);
      if (*Viewed == *Key)
        Erased.set(Slot);
    }
  }
  invalidate(Others, true, {At, M.Why}, State);
}

void ViewFlow::removed(const Mutation &M, const ViewState &State,
                       llvm::BitVector &Hit, llvm::BitVector &PastEnd) {
  const Position From =
      M.What == Invalidation::ErasedFrom ? placeAt(M.Where, State) : Position{};
  if (M.What == Invalidation::ErasedFrom && !From.Index && !From.Anchor)
    return; // everything from an unknown position on
  const llvm::BitVector Candidates = Hit;
  for (unsigned Slot : Candidates.set_bits()) {
    const Position View = placeOf(F.slotView(Slot), Slot, State);
    bool Reached = false;
    switch (M.What) {
    case Invalidation::ErasedFrom: {
      // Views before the position stay; the last element and end() move.
      const std::optional<std::int64_t> After = distance(View, From);
      Reached = !After || *After >= 0;
      break;
    }
    case Invalidation::RemovedBack:
      Reached = View.Back;
      break;
    case Invalidation::RemovedBackAndEnd:
      Reached = View.Back;
      if (View.End && !View.Back)
        PastEnd.set(Slot);
      break;
    case Invalidation::RemovedFront:
      Reached = View.Index && *View.Index == 0;
      break;
    default:
      Reached = true;
    }
    if (!Reached)
      Hit.reset(Slot);
  }
}

void ViewFlow::invalidate(const llvm::BitVector &Hit, bool Possible,
                          Invalidated Why, ViewState &State) {
  if (Hit.none())
    return;
  for (unsigned Flag : State.FlagMayBeFalse.set_bits())
    State.InvalidWhileFalse[Flag] |= Hit;
  if (!Possible)
    State[MayValid].reset(Hit);
  State[MayInvalid] |= Hit;
  State.notes().fill(Hit, Why);
}

void ViewFlow::setFlag(unsigned Flag, std::optional<bool> Value,
                       ViewState &State) {
  if (Value == true) {
    State.FlagMayBeFalse.reset(Flag);
    State.InvalidWhileFalse[Flag].reset();
    return;
  }
  // False, or not known: every invalidation so far may be on a path where
  // it is false.
  State.FlagMayBeFalse.set(Flag);
  State.InvalidWhileFalse[Flag] = State[MayInvalid];
}

void ViewFlow::noteBranches(const CFG &Graph) {
  for (const Stmt *Call : branchTestedCalls(Graph)) {
    bool Keyed = false;
    F.Effects.mutations(cast<Expr>(Call), F, [&](const Mutation &M) {
      Keyed |= M.WhenReturns.has_value();
    });
    if (Keyed)
      KeyedTests.insert(Call);
  }
}

void ViewFlow::edge(const CFGBlock &From, const CFGBlock &, unsigned Successor,
                    ViewState &State) {
  if (From.succ_size() != 2)
    return;
  callBranch(From, Successor, State);
  flagBranch(From, Successor, State);
}

void ViewFlow::callBranch(const CFGBlock &From, unsigned Successor,
                          ViewState &State) {
  if (KeyedTests.empty())
    return;
  std::optional<CallResult> Along = callResultAlong(From, Successor);
  if (!Along || !KeyedTests.contains(Along->Call))
    return;
  F.Effects.mutations(Along->Call, F, [&](const Mutation &M) {
    if (M.WhenReturns == Along->Returned)
      apply(M, Along->Call, State);
  });
}

void ViewFlow::storedResult(unsigned Flag, const Expr *Value,
                            ViewState &State) {
  const std::optional<TestedCall> Tested = testedCall(Value);
  const std::optional<ViewInventory::FlagCall> Stored =
      Tested ? F.flagCallOf(Tested->Call) : std::nullopt;
  if (!Stored || Stored->Flag != Flag)
    return;
  F.Effects.mutations(Tested->Call, F, [&](const Mutation &M) {
    if (!M.WhenReturns)
      return; // made at the call
    if (*M.WhenReturns != Stored->ReturnedWhenTrue) {
      apply(M, Tested->Call, State);
      return;
    }
    // Made only where the flag is true: on none of its false paths.
    const bool MayBeFalse = State.FlagMayBeFalse.test(Flag);
    State.FlagMayBeFalse.reset(Flag);
    apply(M, Tested->Call, State);
    State.FlagMayBeFalse[Flag] = MayBeFalse;
  });
}

void ViewFlow::flagBranch(const CFGBlock &From, unsigned Successor,
                          ViewState &State) {
  if (F.flagCount() == 0)
    return;
  const auto *Cond = dyn_cast_or_null<Expr>(From.getTerminatorCondition());
  std::optional<std::pair<unsigned, bool>> Test = F.flagTest(Cond);
  if (!Test)
    return;
  const auto [Flag, FalseWhenHolds] = *Test;
  if ((Successor == 0) != FalseWhenHolds) {
    // The flag is true along this branch.
    State.FlagMayBeFalse.reset(Flag);
    State.InvalidWhileFalse[Flag].reset();
    return;
  }
  // The flag is false along this branch: what was invalidated only while it
  // was true did not happen on this path.
  llvm::BitVector OnlyWhileTrue = State[MayInvalid];
  OnlyWhileTrue.reset(State.InvalidWhileFalse[Flag]);
  if (OnlyWhileTrue.none())
    return;
  State[MayInvalid].reset(OnlyWhileTrue);
  State[MayValid] |= OnlyWhileTrue;
  for (unsigned Slot : OnlyWhileTrue.set_bits())
    State.notes().clear(Slot);
}

} // namespace clang::tidy::slicemap::model
