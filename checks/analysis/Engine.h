//===--- Engine.h - the flow engine every flow check runs on --------------===//
//
// One monotone dataflow solver over Clang's CFG, shared by the flow checks.
//
// * A check numbers the values it tracks once per function and keeps its
//   state as bit vectors over those numbers (see BitFacts.h), so a join or a
//   comparison costs O(words), not O(tracked values).
// * Blocks are taken from LLVM's DataflowWorklist in reverse post-order
//   (forwards) or post-order (backwards): a block is revisited only when the
//   state flowing into it grew, never swept round-robin.
// * A post-visit hook (replay) walks each reached block once more with its
//   final state, so no check replays blocks by hand to report.
// * Work is counted, not visits: every element transferred and every word
//   of state copied or joined costs a unit of a WorkBudget. When the budget
//   runs out the solver stops and says so (Solution::Complete is false); the
//   states it has are those of the paths it completed, which a forward may-
//   analysis can still report from, and the check tells the user which
//   function was cut short (FlowCheck::reportCutShort) - never silence.
// * Facts end with their scope: the CFG carries the end of every automatic
//   variable's lifetime (CFGLifetimeEnds), which the solver hands to the
//   transfer's optional scopeEnd(const VarDecl *, State &) - or
//   scopeEnd(const VarDecl *, const Stmt *Ending, State &), told the block,
//   return or jump that ends the scope.
//
// Why not clang's FlowSensitive framework (DataflowAnalysis)? It models
// every value and storage location of the function in its Environment, with
// a SAT-backed flow condition - the right tool for nullability proofs, and a
// cost paid per statement whatever the check needs. Two of our analyses run
// backwards (liveness), which it does not support; ours carry numeric facts
// (slice lengths and capacities) and per-value notes (where a view was
// invalidated) that its lattices would wrap at a cost; and clangd runs the
// checks on every keystroke, where a bit-vector state per block is the
// budget we can afford. The engine keeps its ordering (its worklists) and
// its CFG.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_ANALYSIS_ENGINE_H
#define SLICEMAP_CHECKS_ANALYSIS_ENGINE_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Stmt;
class VarDecl;

namespace tidy::slicemap::analysis {

/// The work a function's analyses may do, in units: one per CFG element
/// transferred, one per word of state copied, joined or compared. Shared by
/// the analyses of one function, so a check that runs two (sharing, then
/// liveness) spends one budget.
class WorkBudget {
public:
  /// The default limit: about a second of work on a slow machine; ordinary
  /// generated functions of 20,000 blocks take a few percent of it.
  static constexpr std::uint64_t DefaultLimit = 40'000'000;

  explicit WorkBudget(std::uint64_t Limit = DefaultLimit) : Limit(Limit) {}

  /// Spends \p Units; false once the budget is exhausted.
  bool charge(std::uint64_t Units) {
    Used += Units;
    return Used <= Limit;
  }
  std::uint64_t used() const { return Used; }
  std::uint64_t limit() const { return Limit; }

private:
  std::uint64_t Limit;
  std::uint64_t Used = 0;
};

/// The CFG the checks analyse: every expression is an element, in evaluation
/// order; automatic variables' lifetime ends are elements too; temporaries'
/// destructors are left out.
std::unique_ptr<CFG> buildFlowCFG(const Decl *Function, Stmt *Body,
                                  ASTContext &Context);

/// The states a solve reached, indexed by block ID: the entry of each block
/// forwards, its exit backwards; none for a block no path reached.
template <class State> struct Solution {
  std::vector<std::optional<State>> Boundary;
  /// False when the budget ran out before the fixpoint: the states are those
  /// of the paths completed so far.
  bool Complete = true;

  const std::optional<State> &at(const CFGBlock &Block) const {
    return Boundary[Block.getBlockID()];
  }
};

namespace detail {

template <class Transfer, class State>
void transferElement(Transfer &Flow, const CFGElement &Element,
                     State &Current) {
  if (std::optional<CFGLifetimeEnds> End = Element.getAs<CFGLifetimeEnds>()) {
    // (A flow that says where the scope ends is given the statement that
    // ends it: a block, a return, a break.)
    if constexpr (requires {
                    Flow.scopeEnd(End->getVarDecl(), End->getTriggerStmt(),
                                  Current);
                  })
      Flow.scopeEnd(End->getVarDecl(), End->getTriggerStmt(), Current);
    else if constexpr (requires { Flow.scopeEnd(End->getVarDecl(), Current); })
      Flow.scopeEnd(End->getVarDecl(), Current);
    return;
  }
  Flow.element(Element, Current);
}

/// Post-order priority for backward problems over a view we own (LLVM's
/// BackwardDataflowWorklist wants an AnalysisDeclContext).
struct BackwardWorklist
    : DataflowWorklistBase<PostOrderCFGView::BlockOrderCompare, 20> {
  BackwardWorklist(const CFG &Graph, const PostOrderCFGView &Order)
      : DataflowWorklistBase(Graph, Order.getComparator()) {}
};

/// How many times a block's entry state may grow by plain joins before the
/// state's widen() (where it has one) takes over.
constexpr unsigned JoinsBeforeWidening = 2;

/// Joins \p Out into the boundary state \p Target, which has grown \p Grown
/// times so far; true when it grew. States with numeric facts that can
/// descend one step per loop iteration (`bool widen(const State &)`) are
/// widened after a few growths, so that a change at an outer loop head does
/// not walk every loop nested inside down the same chain again.
template <class State>
bool propagate(std::optional<State> &Target, State Out, unsigned &Grown,
               WorkBudget &Budget) {
  Budget.charge(Out.words() + 1);
  if (!Target) {
    Target = std::move(Out);
    return true;
  }
  bool Changed;
  if constexpr (requires { Target->widen(Out); })
    Changed =
        Grown >= JoinsBeforeWidening ? Target->widen(Out) : Target->join(Out);
  else
    Changed = Target->join(Out);
  Grown += Changed;
  return Changed;
}

} // namespace detail

/// Runs a forward analysis from \p Initial at the entry to its fixpoint, or
/// until \p Budget runs out. The transfer has
///   void element(const CFGElement &, State &);   // in execution order
/// and optionally
///   void edge(const CFGBlock &From, const CFGBlock &To, unsigned SuccIndex,
///             State &);          // refine along a branch (0 = true branch)
///   void scopeEnd(const VarDecl *, State &);
///   // or scopeEnd(const VarDecl *, const Stmt *Ending, State &)
/// State has `bool join(const State &)` (true when it changed) and
/// `std::size_t words() const` (its size, for the budget).
template <class State, class Transfer>
Solution<State> solveForward(const CFG &Graph, const State &Initial,
                             Transfer &Flow, WorkBudget &Budget) {
  Solution<State> Result;
  Result.Boundary.resize(Graph.getNumBlockIDs());
  std::vector<unsigned> Grown(Graph.getNumBlockIDs());
  PostOrderCFGView Order(&Graph);
  ForwardDataflowWorklist Work(Graph, &Order);
  Result.Boundary[Graph.getEntry().getBlockID()] = Initial;
  Work.enqueueBlock(&Graph.getEntry());
  while (const CFGBlock *Block = Work.dequeue()) {
    if (!Budget.charge(Block->size() + Initial.words())) {
      Result.Complete = false;
      return Result;
    }
    State Current = *Result.Boundary[Block->getBlockID()];
    for (const CFGElement &Element : *Block)
      detail::transferElement(Flow, Element, Current);
    const unsigned Last = Block->succ_size() - 1;
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Successor : Block->succs()) {
      const unsigned ThisIndex = Index++;
      const CFGBlock *Next = Successor.getReachableBlock();
      if (!Next)
        continue;
      // The last successor takes the block's state; the others a copy.
      State Out = ThisIndex == Last ? std::move(Current) : Current;
      if constexpr (requires { Flow.edge(*Block, *Next, ThisIndex, Out); })
        Flow.edge(*Block, *Next, ThisIndex, Out);
      if (detail::propagate(Result.Boundary[Next->getBlockID()], std::move(Out),
                            Grown[Next->getBlockID()], Budget))
        Work.enqueueBlock(Next);
    }
  }
  return Result;
}

/// Runs a backward analysis from \p Initial at the exit (elements in reverse
/// order; no edge refinement). Blocks that cannot reach the exit (an endless
/// loop) get no state.
template <class State, class Transfer>
Solution<State> solveBackward(const CFG &Graph, const State &Initial,
                              Transfer &Flow, WorkBudget &Budget) {
  Solution<State> Result;
  Result.Boundary.resize(Graph.getNumBlockIDs());
  std::vector<unsigned> Grown(Graph.getNumBlockIDs());
  PostOrderCFGView Order(&Graph);
  detail::BackwardWorklist Work(Graph, Order);
  Result.Boundary[Graph.getExit().getBlockID()] = Initial;
  Work.enqueueBlock(&Graph.getExit());
  while (const CFGBlock *Block = Work.dequeue()) {
    if (!Budget.charge(Block->size() + Initial.words())) {
      Result.Complete = false;
      return Result;
    }
    State Current = *Result.Boundary[Block->getBlockID()];
    for (const CFGElement &Element : llvm::reverse(*Block))
      detail::transferElement(Flow, Element, Current);
    for (const CFGBlock::AdjacentBlock &Predecessor : Block->preds())
      if (const CFGBlock *Next = Predecessor.getReachableBlock())
        if (detail::propagate(Result.Boundary[Next->getBlockID()], Current,
                              Grown[Next->getBlockID()], Budget))
          Work.enqueueBlock(Next);
  }
  return Result;
}

/// The post-visit hook: walks every block the solve reached once more,
/// calling \p Visit(Element, State) with the state just before each element
/// in execution order, then transferring it.
template <class State, class Transfer, class Visitor>
void replayForward(const CFG &Graph, const Solution<State> &Solved,
                   Transfer &Flow, Visitor &&Visit) {
  for (const CFGBlock *Block : Graph) {
    const std::optional<State> &In = Solved.at(*Block);
    if (!In)
      continue;
    State Current = *In;
    for (const CFGElement &Element : *Block) {
      Visit(Element, static_cast<const State &>(Current));
      detail::transferElement(Flow, Element, Current);
    }
  }
}

/// The same backwards: \p Visit(Element, State) sees the state just after
/// each element (what is live ahead of it), elements in reverse order.
template <class State, class Transfer, class Visitor>
void replayBackward(const CFG &Graph, const Solution<State> &Solved,
                    Transfer &Flow, Visitor &&Visit) {
  for (const CFGBlock *Block : Graph) {
    const std::optional<State> &Out = Solved.at(*Block);
    if (!Out)
      continue;
    State Current = *Out;
    for (const CFGElement &Element : llvm::reverse(*Block)) {
      Visit(Element, static_cast<const State &>(Current));
      detail::transferElement(Flow, Element, Current);
    }
  }
}

/// The statements that are elements of \p Graph (a walk over the AST may see
/// statements the CFG leaves out, e.g. in unevaluated or dead code).
class ElementSet {
public:
  explicit ElementSet(const CFG &Graph);
  bool contains(const Stmt *S) const;

private:
  std::vector<const Stmt *> Sorted;
};

} // namespace tidy::slicemap::analysis
} // namespace clang

#endif // SLICEMAP_CHECKS_ANALYSIS_ENGINE_H
