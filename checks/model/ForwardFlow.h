//===--- ForwardFlow.h - a bounded forward dataflow over Clang's CFG ------===//
//
// The one CFG walk the flow-sensitive checks share. It builds the CFG of a
// function body, visits blocks in reverse post-order until the entry states
// stop changing, and gives up - returning nothing - when the function or the
// work grows past a budget, so that a check in clangd never stalls on a huge
// or half-typed function.
//
// A check supplies the State (a join-semilattice value: `bool join(const
// State &)` returns whether it changed) and a Transfer with
//   void element(const CFGElement &, State &);
//   void edge(const CFGBlock &From, const CFGBlock &To, unsigned SuccIndex,
//             State &);          // refine along a branch (0 = true branch)
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_FORWARDFLOW_H
#define SLICEMAP_CHECKS_MODEL_FORWARDFLOW_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Stmt;

namespace tidy::slicemap::model {

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

/// Runs the analysis; returns the state at the entry of every block, indexed
/// by block ID, or nothing when the budget ran out.
template <class State, class Transfer>
std::optional<std::vector<std::optional<State>>>
runForward(const CFG &Graph, const State &Initial, Transfer &Flow,
           FlowBudget Budget = {}) {
  if (Graph.getNumBlockIDs() > Budget.MaxBlocks)
    return std::nullopt;
  std::vector<std::optional<State>> Entry(Graph.getNumBlockIDs());
  Entry[Graph.getEntry().getBlockID()] = Initial;

  PostOrderCFGView Order(&Graph);
  std::vector<const CFGBlock *> Blocks(Order.begin(), Order.end());
  std::vector<bool> Dirty(Graph.getNumBlockIDs(), false);
  Dirty[Graph.getEntry().getBlockID()] = true;
  unsigned long Visits = 0;
  const unsigned long MaxVisits =
      static_cast<unsigned long>(Budget.MaxVisitsPerBlock) *
      (Graph.getNumBlockIDs() + 1);

  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *Block : Blocks) {
      if (!Block || !Dirty[Block->getBlockID()])
        continue;
      Dirty[Block->getBlockID()] = false;
      if (++Visits > MaxVisits)
        return std::nullopt;
      State Current = *Entry[Block->getBlockID()];
      for (const CFGElement &Element : *Block)
        Flow.element(Element, Current);
      unsigned Index = 0;
      for (const CFGBlock::AdjacentBlock &Successor : Block->succs()) {
        const CFGBlock *Next = Successor.getReachableBlock();
        unsigned ThisIndex = Index++;
        if (!Next)
          continue;
        State Out = Current;
        Flow.edge(*Block, *Next, ThisIndex, Out);
        std::optional<State> &Target = Entry[Next->getBlockID()];
        bool Grew = false;
        if (!Target) {
          Target = std::move(Out);
          Grew = true;
        } else {
          Grew = Target->join(Out);
        }
        if (Grew) {
          Dirty[Next->getBlockID()] = true;
          Changed = true;
        }
      }
    }
  }
  return Entry;
}

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_FORWARDFLOW_H
