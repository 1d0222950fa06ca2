//===--- ViewFlow.h - which views may be invalidated, forwards ------------===//
//
// The flow slicemap-dangling-view runs over a function (analysis/Engine.h).
// Its state is five bit vectors over the inventory's slots (a slot: a view
// and a container it may point into) and the note of each invalidation:
//
//   Held        the view points into the slot's container (on some path);
//   MayValid    ... and is valid on some path;
//   MayInvalid  ... and was invalidated on some path;
//   FromOrigin  its value was copied from its origin view (`auto j = i;`):
//               erasing the origin's element ends it too;
//   Shifted     an insertion or removal may have moved its element since it
//               was made, so where it points (ViewPositions.h) is not known;
//   Causes      where it was invalidated, and why (the first path's).
//
// A view is made (declaration, assignment) valid into its source's
// container, or with the facts of the view it copies. A mutation of a
// container invalidates the held slots of the containers it covers - a
// word-wise operation on the container's slot mask, never a scan of the
// state. Removals the standard gives a position (pop_back, pop_front, erase
// on a contiguous container) keep the views they provably spare
// (ViewPositions.h); pushes within a reserve() invalidate nothing
// (ReservedCapacity.h); a mutation on some path only (`(c ? a : b).push_back
// (x)`, `m.erase(key)` for views of other keys) leaves the view valid on the
// others. A use of an invalidated view is a finding; one per invalidation.
// A holder (a closure, an object built from views) holds one slot per
// container its views point into; a use reports the first invalidated one.
// A lambda's call reads the views it captures by reference.
// Flags (local bools set to constants) are correlated with invalidations:
// a branch where a flag is false forgets the invalidations made only on
// paths where it was true (`if (!matched) use(view);` after
// `{ v.insert(...); matched = true; }`).
// A call a branch tests (`if (addIfMissing(v, x)) return;`) makes the
// effects its callee makes only on paths returning true along the branch
// where it returned true, and those keyed by false along the other
// (ReturnKeys.h); its other effects happen at the call. A call whose result
// a flag stores (`bool added = addIfMissing(v, x);`) makes its keyed effects
// where the flag is set, those of the flag's true value kept off the paths
// where it is false.
// A view's facts end with its lifetime. A stored view (a member of *this, a
// variable of static storage) has none in the function: its facts end where
// a call may re-point it (ContainerEffects::callStores) - or never.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_VIEWFLOW_H
#define SLICEMAP_CHECKS_MODEL_VIEWFLOW_H

#include "ContainerEffects.h"
#include "ReservedCapacity.h"
#include "ViewInventory.h"
#include "ViewPositions.h"
#include "analysis/BitFacts.h"

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <vector>

namespace clang::tidy::slicemap::model {

struct Invalidated {
  const Stmt *At = nullptr;
  Cause Why = Cause::Moved;
};

/// The facts of each slot (see above), by kind.
enum ViewFact : unsigned { Held, MayValid, MayInvalid, FromOrigin, Shifted };

struct ViewState : analysis::MayFacts<5, Invalidated> {
  ViewState(unsigned Slots, unsigned Flags)
      : MayFacts(Slots), FlagMayBeFalse(Flags, true),
        InvalidWhileFalse(Flags, llvm::BitVector(Slots)) {}
  /// Forgets every fact of \p Slots.
  void clear(llvm::ArrayRef<unsigned> Slots) {
    for (unsigned Slot : Slots) {
      forget(Slot);
      for (llvm::BitVector &Invalid : InvalidWhileFalse)
        Invalid.reset(Slot);
    }
  }
  bool join(const ViewState &Other) {
    bool Changed = MayFacts::join(Other);
    Changed |= analysis::unite(FlagMayBeFalse, Other.FlagMayBeFalse);
    for (unsigned Flag = 0; Flag < InvalidWhileFalse.size(); ++Flag)
      Changed |= analysis::unite(InvalidWhileFalse[Flag],
                                 Other.InvalidWhileFalse[Flag]);
    return Changed;
  }
  std::size_t words() const {
    std::size_t Words = MayFacts::words() + analysis::wordsOf(FlagMayBeFalse);
    for (const llvm::BitVector &Invalid : InvalidWhileFalse)
      Words += analysis::wordsOf(Invalid);
    return Words;
  }

  /// Per flag (ViewInventory::flagOf): whether it may be false here, and the
  /// slots that may be invalid on a path where it may be false. A branch
  /// where the flag is false keeps only those invalid.
  llvm::BitVector FlagMayBeFalse;
  std::vector<llvm::BitVector> InvalidWhileFalse;
};

/// A use of a view that may have been invalidated.
struct ViewFinding {
  /// The view named, or the call of a lambda that reads it; or an
  /// algorithm's call that runs a lambda changing the range it iterates.
  const Expr *At = nullptr;
  /// Null for an algorithm's call.
  const ValueDecl *View = nullptr;
  Place Container;
  Invalidated By;
  /// Invalidated on every path to the use.
  bool Certain = false;
  /// For a use by a lambda's call: the lambda, which captures the view by
  /// reference.
  const LambdaExpr *Through = nullptr;
  /// A stored view left pointing into a container the function was given
  /// or made, after a change that may invalidate it (At is the change): it
  /// outlives the call dangling.
  bool LeftDangling = false;
  /// A stored view left pointing into a local container, destroyed when
  /// the function returns (At is where the view is made).
  bool LeftToDestroyed = false;
  /// For a use by a call of a function that reads the stored view: where
  /// it reads it.
  const Expr *ReadIn = nullptr;
};

/// `std::for_each(v.begin(), v.end(), f)` where f may move v's elements:
/// the algorithm's own iterators are invalidated (no flow needed: the call
/// itself is the finding).
void findRangesChangedWhileIterated(const ViewInventory &F,
                                    std::vector<ViewFinding> &Findings);

class ViewFlow {
public:
  ViewFlow(ViewInventory &F, const Stmt *Body, ASTContext &Context)
      : F(F), Body(Body), Context(Context), Positions(F, Body, Context),
        Capacity(Body, Context) {}

  /// Finds the branches of \p Graph that test a call whose effects are
  /// keyed by what it returns. Before the flow runs.
  void noteBranches(const CFG &Graph);

  void element(const CFGElement &Element, ViewState &State);
  /// Along a branch that tests a flag (`if (!matched)`) or a call.
  void edge(const CFGBlock &From, const CFGBlock &To, unsigned Successor,
            ViewState &State);
  /// \p Var's scope ends at \p Ending: its facts as a view end; as a local
  /// container that owns its elements, the views of it that live on dangle.
  void scopeEnd(const VarDecl *Var, const Stmt *Ending, ViewState &State);

  /// At the function's exit (\p AtExit: the exit block's state): the
  /// stored views that may be left dangling (ViewFinding::LeftDangling).
  void leftDangling(const ViewState &AtExit);

  /// When set, uses of invalidated views are collected here.
  std::vector<ViewFinding> *Findings = nullptr;

private:
  void establish(const ValueDecl *View, const Expr *Value, ViewState &State);
  void establishFrom(const ValueDecl *View, const ViewInventory::Source &Source,
                     ViewState &State);
  /// \p View moved to another element: erasing its origin's ends it no more.
  void stepped(const ValueDecl *View, ViewState &State);
  /// \p View denotes another element than the copies made of it.
  void leftCopies(const ValueDecl *View, ViewState &State);
  /// A call that may re-point stored views: their facts end.
  void reseated(const Expr *Call, ViewState &State);
  void apply(const Mutation &M, const Stmt *At, ViewState &State);
  /// A move or swap: views follow the storage, or may dangle, or are
  /// forgotten (ViewInventory::Transfer).
  void transfer(const ViewInventory::Transfer &T, const Stmt *At,
                ViewState &State);
  void follow(const ViewInventory::Transfer &T, const Stmt *At,
              ViewState &State);
  /// `std::swap(x, y)` of two views: each takes the other's facts.
  void swapViews(const ViewInventory::ViewSwap &Swap, ViewState &State);
  /// Of \p Hit, the slots a positional removal reaches; \p PastEnd gets
  /// those of end() iterators.
  void removed(const Mutation &M, const ViewState &State, llvm::BitVector &Hit,
               llvm::BitVector &PastEnd);
  /// Where \p View points, unless an insertion or removal may have moved it.
  Position placeOf(const ValueDecl *View, unsigned Slot,
                   const ViewState &State);
  /// Where the position \p E points, as placeOf.
  Position placeAt(const Expr *E, const ViewState &State);
  /// Of \p Hit, the slots erase_after (the call \p At) reaches.
  void erasedAfter(const Mutation &M, const Stmt *At, const ViewState &State,
                   llvm::BitVector &Hit);
  /// The held views of \p M's container that it leaves valid, but whose
  /// elements it may move: their positions are no longer known.
  void shift(const Mutation &M, const llvm::BitVector &Covered,
             const llvm::BitVector &Hit, ViewState &State);
  /// erase(key): views of that key certainly, the others on some path.
  void erasedKey(const Mutation &M, const llvm::BitVector &Hit,
                 llvm::BitVector &Erased, const Stmt *At, ViewState &State);
  void invalidate(const llvm::BitVector &Hit, bool Possible, Invalidated Why,
                  ViewState &State);
  /// \p Mention names \p View (a DeclRefExpr, or `this->member`).
  void use(const Expr *Mention, const ValueDecl *View, ViewState &State);
  /// `flag = true`, `flag = false`, or an unknown value.
  void setFlag(unsigned Flag, std::optional<bool> Value, ViewState &State);
  void flagBranch(const CFGBlock &From, unsigned Successor, ViewState &State);
  /// `added = addIfMissing(v, x)` into \p Flag: the call's keyed effects,
  /// those made while the flag is true kept off its false paths.
  void storedResult(unsigned Flag, const Expr *Value, ViewState &State);
  /// The effects of a tested call keyed by the value it returned here.
  void callBranch(const CFGBlock &From, unsigned Successor, ViewState &State);
  void useAt(const Expr *At, const ValueDecl *View, const LambdaExpr *Through,
             ViewState &State, const Expr *ReadIn = nullptr);
  /// A call of a function of this TU reads the stored views it reads.
  void readByCallee(const Expr *Call, ViewState &State);
  /// So does a call of a lambda made in this function (or its run by an
  /// algorithm): the members of *this it reads are ours.
  void readByLambda(const Expr *Call, const LambdaExpr *Lambda,
                    ViewState &State);
  /// A call of a known lambda reads the views it captures by reference.
  void callLambda(const CXXOperatorCallExpr *Call, ViewState &State);
  /// So does a std algorithm given lambdas, and it reads the views held by
  /// a closure variable it is given.
  void runLambdas(const Expr *Call, ViewState &State);

  /// A stored view held at the exit into a local container that keeps its
  /// storage to the end: it dangles once the function returns.
  void leftToDestroyed(const ValueDecl *View, const Place &Container,
                       const llvm::DenseSet<const ValueDecl *> &Reported);

  ViewInventory &F;
  const Stmt *Body;
  ASTContext &Context;
  /// True when the local container \p Var keeps its storage to the end of
  /// Body (never returned, moved, swapped, handed out); asked once per Var.
  bool keptInPlace(const VarDecl *Var);
  /// Made on the first question (keptInPlace), for Body only.
  std::unique_ptr<ParentMap> BodyParents;
  llvm::DenseMap<const VarDecl *, bool> KeptLocals;
  ViewPositions Positions;
  ReservedCapacity Capacity;
  /// Calls branches test whose effects are keyed by what they return.
  llvm::DenseSet<const Stmt *> KeyedTests;
};

} // namespace clang::tidy::slicemap::model

#endif // SLICEMAP_CHECKS_MODEL_VIEWFLOW_H
