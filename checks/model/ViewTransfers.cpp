//===--- ViewTransfers.cpp - views of a container moved or swapped --------===//
//
// `a = std::move(b)`, `auto a = std::move(b)`, `a.swap(b)`, `std::swap(a, b)`
// hand b's storage to a. What that does to the views of b's elements is the
// container model's (moveEffectOf): for a vector, a deque, a node-based or an
// open-addressing container the storage changes owner and the views follow
// it - they now point into a, so a later change to a may invalidate them and
// one to b cannot; b's end() does not carry over (the standard does not
// preserve past-the-end iterators across a swap or move), so a view always
// made at b's end is invalidated. For a string or a small vector the inline
// buffer is moved element by element: b's views may dangle.
//
// The inventory records each such statement and, for the slots, adds to a
// view of b the place a (ViewFlow moves the facts across at the statement).
// `std::swap(x, y)` of two iterators or pointers exchanges the views
// themselves: each takes the other's container and facts.
//
//===----------------------------------------------------------------------===//

#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// True for `c.end()`, `c.cend()`, `c.rbegin()`, `c.crbegin()` (through a
/// conversion to a const_iterator): a past-the-end position.
bool isEndCall(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      !Construct->isListInitialization())
    E = stripImplicit(Construct->getArg(0));
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         isContainerType(objectType(Call->getImplicitObjectArgument())) &&
         llvm::is_contained({"end", "cend", "rbegin", "crbegin"},
                            Method->getName());
}

} // namespace

void ViewInventory::noteTransfer(const Stmt *S) {
  const Expr *From = nullptr, *To = nullptr;
  const VarDecl *Declared = nullptr;
  bool Swap = false;
  if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
    // `auto a = std::move(b);`
    const auto *Var = Declaration->isSingleDecl()
                          ? dyn_cast<VarDecl>(Declaration->getSingleDecl())
                          : nullptr;
    const auto *Construct =
        Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType()
            ? dyn_cast_or_null<CXXConstructExpr>(stripImplicit(Var->getInit()))
            : nullptr;
    if (!Construct || Construct->getNumArgs() == 0 ||
        !Construct->getConstructor()->isMoveConstructor())
      return;
    From = movedOperand(Construct->getArg(0));
    Declared = Var;
  } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Operator->getOperator() != OO_Equal || Operator->getNumArgs() != 2)
      return;
    To = Operator->getArg(0);
    From = movedOperand(Operator->getArg(1));
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier() || Method->getName() != "swap" ||
        Member->getNumArgs() != 1)
      return;
    To = Member->getImplicitObjectArgument();
    From = Member->getArg(0);
    Swap = true;
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->isInStdNamespace() || !Callee->getIdentifier() ||
        Callee->getName() != "swap" || Call->getNumArgs() != 2)
      return;
    To = Call->getArg(0);
    From = Call->getArg(1);
    Swap = true;
    if (noteViewSwap(S, To, From))
      return;
  }
  if (!From || !isContainerType(From->getType()))
    return;
  std::optional<Place> Source = containerOf(From);
  std::optional<Place> Target =
      Declared ? std::optional<Place>(Place{Declared, nullptr})
               : containerOf(To);
  if (Source && Target && *Source != *Target)
    Transfers[S] = {*Source, *Target, Swap, moveEffectOf(From->getType())};
}

bool ViewInventory::noteViewSwap(const Stmt *S, const Expr *A, const Expr *B) {
  const auto *RefA = dyn_cast<DeclRefExpr>(stripImplicit(A));
  const auto *RefB = dyn_cast<DeclRefExpr>(stripImplicit(B));
  const VarDecl *X = localVar(A), *Y = localVar(B);
  if (!RefA || !RefB || !X || !Y || X == Y || X->getType()->isReferenceType() ||
      Y->getType()->isReferenceType() || isContainerType(X->getType()))
    return false;
  // Swapping copies the values: no element is read.
  ViewSwaps[S] = {X, Y};
  NotReads.insert(RefA);
  NotReads.insert(RefB);
  return true;
}

const ViewInventory::ViewSwap *ViewInventory::viewSwapAt(const Stmt *S) const {
  if (ViewSwaps.empty())
    return nullptr;
  auto Found = ViewSwaps.find(S);
  return Found == ViewSwaps.end() ? nullptr : &Found->second;
}

const ViewInventory::Transfer *ViewInventory::transferAt(const Stmt *S) const {
  if (Transfers.empty())
    return nullptr;
  auto Found = Transfers.find(S);
  return Found == Transfers.end() ? nullptr : &Found->second;
}

bool ViewInventory::addTransferTargets(
    llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Place, 1>> &Targets)
    const {
  bool Grew = false;
  auto Follow = [&](const Place &From, const Place &To) {
    for (auto &[View, Places] : Targets)
      if (llvm::is_contained(Places, From) && !llvm::is_contained(Places, To)) {
        Places.push_back(To);
        Grew = true;
      }
  };
  for (const auto &[At, T] : Transfers) {
    if (T.Effect != MoveEffect::Follow)
      continue;
    Follow(T.From, T.To);
    if (T.Swap)
      Follow(T.To, T.From);
  }
  for (const auto &[At, Swapped] : ViewSwaps) {
    const auto [X, Y] = Swapped;
    if (!Views.contains(X) || !Views.contains(Y))
      continue;
    for (auto [Into, From] : {Swapped, ViewSwap{Y, X}})
      for (const Place &P : llvm::SmallVector<Place, 1>(Targets[From]))
        if (!llvm::is_contained(Targets[Into], P)) {
          Targets[Into].push_back(P);
          Grew = true;
        }
  }
  return Grew;
}

void ViewInventory::notePastTheEnd() {
  if (Transfers.empty())
    return;
  // The iterators every value of which is a past-the-end position or a copy
  // of such an iterator: the greatest such set.
  for (const auto &[View, Info] : Views)
    if (Info.Kind == ViewKind::Iterator && Info.Holds == Holder::None)
      PastTheEnd.insert(View);
  auto AtEnd = [&](const Expr *Value) {
    if (!Value)
      return false;
    if (isEndCall(Value))
      return true;
    std::optional<Source> S = sourceOf(Value);
    return S && S->FromView && PastTheEnd.contains(S->FromView);
  };
  for (bool Shrank = true; Shrank;) {
    Shrank = false;
    for (const auto &[View, Info] : Views)
      if (PastTheEnd.contains(View) && !AtEnd(initOf(View))) {
        PastTheEnd.erase(View);
        Shrank = true;
      }
    for (const auto &[View, Value] : Assignments)
      if (PastTheEnd.contains(View) && !AtEnd(Value)) {
        PastTheEnd.erase(View);
        Shrank = true;
      }
  }
}

} // namespace clang::tidy::slicemap::model
