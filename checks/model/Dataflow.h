//===--- Dataflow.h - bounded dataflow over Clang's CFG -------------------===//
//
// The one CFG walk the flow-sensitive checks share. It builds the CFG of a
// function body and iterates a check's transfer function over the blocks -
// forwards from the entry (may-nil maps) or backwards from the exit (is a
// copy ever read again) - until the boundary states stop changing. It gives
// up, returning nothing, when the function or the work grows past a budget,
// so that a check in clangd never stalls on a huge or half-typed function.
//
// A check supplies the State (a join-semilattice value: `bool join(const
// State &)` returns whether it changed) and a Transfer with
//   void element(const CFGElement &, State &);
// called in execution order forwards and in reverse order backwards, and,
// for forward problems only,
//   void edge(const CFGBlock &From, const CFGBlock &To, unsigned SuccIndex,
//             State &);          // refine along a branch (0 = true branch)
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_DATAFLOW_H
#define SLICEMAP_CHECKS_MODEL_DATAFLOW_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Stmt;

namespace tidy::slicemap::model {

/// The State of a may-analysis over numbered facts (variables live ahead,
/// candidates still unread): a set of bits whose join is the union.
struct LiveSet {
  llvm::BitVector Live;
  bool join(const LiveSet &Other) {
    const unsigned Before = Live.count();
    Live |= Other.Live;
    return Live.count() != Before;
  }
};

/// Limits that keep every analysis bounded.
struct FlowBudget {
  unsigned MaxBlocks = 20000;
  /// Block visits per block, on average, before giving up.
  unsigned MaxVisitsPerBlock = 16;
};

/// The CFG the checks analyse: every expression is an element, in evaluation
/// order; temporaries' destructors and scopes are left out.
std::unique_ptr<CFG> buildFlowCFG(const Decl *Function, Stmt *Body,
                                  ASTContext &Context);

/// The state of every block at its boundary, indexed by block ID: the entry
/// for forward problems, the exit for backward ones; no value for a block
/// the analysis never reached.
template <class State> using BlockStates = std::vector<std::optional<State>>;

namespace detail {

template <bool Backward, class State, class Transfer>
std::optional<BlockStates<State>> solve(const CFG &Graph, const State &Initial,
                                        Transfer &Flow, FlowBudget Budget) {
  if (Graph.getNumBlockIDs() > Budget.MaxBlocks)
    return std::nullopt;
  BlockStates<State> Boundary(Graph.getNumBlockIDs());
  const CFGBlock &Start = Backward ? Graph.getExit() : Graph.getEntry();
  Boundary[Start.getBlockID()] = Initial;

  // Reverse post-order forwards; post-order backwards: most blocks are
  // visited after the blocks that feed them.
  PostOrderCFGView Order(&Graph);
  std::vector<const CFGBlock *> Blocks(Order.begin(), Order.end());
  if (Backward)
    std::reverse(Blocks.begin(), Blocks.end());
  std::vector<bool> Dirty(Graph.getNumBlockIDs(), false);
  Dirty[Start.getBlockID()] = true;
  unsigned long Visits = 0;
  const unsigned long MaxVisits =
      static_cast<unsigned long>(Budget.MaxVisitsPerBlock) *
      (Graph.getNumBlockIDs() + 1);

  auto Propagate = [&](const CFGBlock *Next, State Out) {
    std::optional<State> &Target = Boundary[Next->getBlockID()];
    bool Grew = !Target;
    if (Grew)
      Target = std::move(Out);
    else
      Grew = Target->join(Out);
    if (Grew)
      Dirty[Next->getBlockID()] = true;
    return Grew;
  };

  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *Block : Blocks) {
      if (!Block || !Dirty[Block->getBlockID()])
        continue;
      Dirty[Block->getBlockID()] = false;
      if (++Visits > MaxVisits)
        return std::nullopt;
      State Current = *Boundary[Block->getBlockID()];
      if constexpr (Backward) {
        for (const CFGElement &Element : llvm::reverse(*Block))
          Flow.element(Element, Current);
        for (const CFGBlock::AdjacentBlock &Predecessor : Block->preds())
          if (const CFGBlock *Next = Predecessor.getReachableBlock())
            Changed |= Propagate(Next, Current);
      } else {
        for (const CFGElement &Element : *Block)
          Flow.element(Element, Current);
        unsigned Index = 0;
        for (const CFGBlock::AdjacentBlock &Successor : Block->succs()) {
          const unsigned ThisIndex = Index++;
          const CFGBlock *Next = Successor.getReachableBlock();
          if (!Next)
            continue;
          State Out = Current;
          Flow.edge(*Block, *Next, ThisIndex, Out);
          Changed |= Propagate(Next, std::move(Out));
        }
      }
    }
  }
  return Boundary;
}

} // namespace detail

/// Runs a forward analysis from \p Initial at the entry; returns the state
/// at the entry of every block, or nothing when the budget ran out.
template <class State, class Transfer>
std::optional<BlockStates<State>>
runForward(const CFG &Graph, const State &Initial, Transfer &Flow,
           FlowBudget Budget = {}) {
  return detail::solve<false>(Graph, Initial, Flow, Budget);
}

/// Runs a backward analysis from \p Initial at the exit; returns the state
/// at the exit of every block, or nothing when the budget ran out. Blocks
/// that cannot reach the exit (an endless loop) get no state.
template <class State, class Transfer>
std::optional<BlockStates<State>>
runBackward(const CFG &Graph, const State &Initial, Transfer &Flow,
            FlowBudget Budget = {}) {
  return detail::solve<true>(Graph, Initial, Flow, Budget);
}

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_DATAFLOW_H
