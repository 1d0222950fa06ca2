//===--- ReturnKeys.h - effects keyed by what a function returns ---------===//
//
// A common guard of a view is a callee that changes a container only when it
// says so:
//
//   bool addIfMissing(std::vector<int> &v, int x) {
//     if (std::find(v.begin(), v.end(), x) != v.end()) return false;
//     v.push_back(x);
//     return true;                 // the push happens on this path only
//   }
//   if (addIfMissing(v, x)) return; // the caller leaves at once
//   use(*p);                        // nothing moved on this path
//
// The summary of a function with a body (ContainerEffects.h) keys each
// effect by the truth value returned on the paths that make it: a small
// forward flow over the callee's CFG whose state is a bit mask over the
// summary's effects (at most 64), run once per function, in the same
// memoised computation as the summary and only for functions that return a
// bool or an integer, change something and have a constant `return`. A path
// that returns a value that is not a constant counts for both truth values.
//
// A caller that tests the call directly (`if (f(v))`, `!f(v)`,
// `f(v) == false`, a `while`, `&&`, `?:` condition) applies an effect keyed
// by `true` on the branch where the call returned true only; elsewhere (the
// result stored, compared, ignored) every effect applies at the call, as
// before.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_RETURNKEYS_H
#define SLICEMAP_CHECKS_MODEL_RETURNKEYS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace clang {
class CallExpr;
class CFG;
class CFGBlock;
class Expr;
class FunctionDecl;
class Stmt;

namespace tidy::slicemap::model {

/// A condition whose truth is what a call returned: `f(x)`, `!f(x)`,
/// `f(x) == false`, `f(x) != 0`, `true == f(x)` (a bool call).
struct TestedCall {
  const CallExpr *Call = nullptr;
  /// The truth value the call returned when the condition holds.
  bool ReturnedWhenHolds = true;
};
std::optional<TestedCall> testedCall(const Expr *Condition);

/// A call a branch at the end of a block tests, and the truth value it
/// returned along one of the two successors.
struct CallResult {
  const CallExpr *Call = nullptr;
  bool Returned = true;
};
std::optional<CallResult> callResultAlong(const CFGBlock &From,
                                          unsigned Successor);

/// The calls the branches of \p Graph test (their keyed effects happen
/// along the branches, not at the call).
llvm::DenseSet<const Stmt *> branchTestedCalls(const CFG &Graph);

/// What a statement of a function body does to the function's summary
/// effects, as bits over EffectSummary::Effects: whatever it returns, or
/// (a call the statement is) only when it returns true / false.
struct StatementEffects {
  std::uint64_t Always = 0;
  std::uint64_t IfTrue = 0;
  std::uint64_t IfFalse = 0;
};

/// For each of the \p Count effects of \p Definition, the truth value the
/// function returns on every path that may make it, if there is one.
std::vector<std::optional<bool>>
keyByReturn(const FunctionDecl &Definition,
            const llvm::DenseMap<const Stmt *, StatementEffects> &Statements,
            unsigned Count);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_RETURNKEYS_H
