//===--- SliceSharing.h - which slices may share a backing array ----------===//
//
// A per-function analysis of slicemap::Slice variables, for every check that
// needs Go's aliasing facts: sub-slices, copies and appends that stay within
// capacity share one backing array, so a write through one header is seen
// through the others.
//
// Forwards over the CFG (analysis/Engine.h), for each tracked variable - a
// local Slice, a by-value or reference Slice parameter, whose address is
// never taken, never bound to a reference, never captured by reference -
// the analysis knows at each point:
//
//   * the variables it may share a backing array with (a may-relation:
//     joins take the union);
//   * what is statically known of its length and capacity: exact values
//     (make_slice with constants, initializer lists, sub-slices with
//     constant bounds, appends from a known state, which follow the
//     runtime's growth policy), a lower bound of the capacity, and whether
//     len == cap ("full": any append reallocates - make_slice(n),
//     initializer lists, a full slice expression s.sub(lo, hi, hi));
//   * how it was derived, while the source is unchanged (a must-relation:
//     joins keep only what every path agrees on): a window `p.sub(lo, hi)`
//     of another variable p, with where its end lies against p's length;
//     the result of an append to another variable b that may have written
//     in place.
//
// Backwards, on request, the liveness of the same variables: is a variable
// read on some path after a given statement.
//
// Fresh arrays: make_slice, initializer lists, default construction (nil),
// an append that must reallocate. Anything else the analysis cannot see
// (a function's result, a member, an element of a container) is a value of
// unknown length and capacity that shares with no tracked variable.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_SLICESHARING_H
#define SLICEMAP_CHECKS_MODEL_SLICESHARING_H

#include "LiveSet.h"
#include "analysis/Engine.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class CXXConstructExpr;
class DeclRefExpr;
class Expr;
class FunctionDecl;
class ValueDecl;
class VarDecl;

namespace tidy::slicemap::model {

/// Go's growth policy, as the runtime implements it (runtime/slice.go
/// nextslicecap): the capacity of the array an append that does not fit
/// allocates.
std::uint64_t grownCapacity(std::uint64_t NewLength, std::uint64_t OldCapacity);

/// Does an append write into the array it was given?
enum class InPlace : std::uint8_t {
  Never,  ///< it must reallocate (or adds nothing)
  Maybe,  ///< it depends on the run-time capacity
  Always, ///< it fits: it writes in place
};

/// Where the end of a window `p.sub(lo, hi)` lies against p's length.
enum class WindowEnd : std::uint8_t {
  Unknown,
  Before, ///< hi < len(p): an append through the window overwrites p[hi]
  At,     ///< hi == len(p) (e.g. `p.sub(lo, p.len())`)
  After,  ///< hi > len(p)
};

/// A value made by `Parent.sub(lo, hi)` (possibly grown by appends in place
/// since), with Parent unchanged.
struct WindowOf {
  unsigned Parent = 0;
  /// The `sub` call that made the window: copies of the window share it.
  const CallExpr *Sub = nullptr;
  /// The window's end in Parent's indexes, when constant.
  std::optional<std::uint64_t> Hi;
  WindowEnd End = WindowEnd::Unknown;
  /// Made empty (`s.sub(k, k)`, Go's `s[:0]`): the array is reused on
  /// purpose (filtering in place), not shared by accident.
  bool Reuse = false;

  bool operator==(const WindowOf &) const = default;
};

/// A value returned by an append to Base that may have written in place,
/// with Base unchanged.
struct AppendedTo {
  unsigned Base = 0;
  const CallExpr *Append = nullptr;
  /// Maybe or Always.
  InPlace Where = InPlace::Maybe;

  bool operator==(const AppendedTo &) const = default;
};

/// What is known of one slice value.
struct SliceValue {
  std::optional<std::uint64_t> Len;
  std::optional<std::uint64_t> Cap;
  /// A lower bound of the capacity (cap >= MinCap); equals Cap when known.
  std::uint64_t MinCap = 0;
  /// len == cap: any append of an element reallocates.
  bool Full = false;
  /// Tracked variables whose array this value may share.
  llvm::BitVector Sharers;
  std::optional<WindowOf> Window;
  std::optional<AppendedTo> Appended;

  /// Joins the facts of another path; returns whether this value changed.
  /// Widening, a capacity bound that would descend goes straight to 0.
  bool join(const SliceValue &Other, bool Widen = false);
  bool operator==(const SliceValue &) const = default;
};

/// The facts of every tracked variable at one point. A variable that no
/// path has initialised yet has none.
/// The values of the tracked variables, each shared between states until one
/// of them changes it (copy on write): copying a state copies a pointer per
/// variable, and a join skips the values both sides share.
class SliceVars {
public:
  unsigned size() const { return Items.size(); }
  void resize(unsigned Size) { Items.resize(Size); }
  const std::optional<SliceValue> &operator[](unsigned I) const {
    static const std::optional<SliceValue> None;
    return Items[I] ? *Items[I] : None;
  }
  /// The value of \p I, to change (copied first if shared).
  std::optional<SliceValue> &edit(unsigned I) {
    std::shared_ptr<std::optional<SliceValue>> &Item = Items[I];
    if (!Item)
      Item = std::make_shared<std::optional<SliceValue>>();
    else if (Item.use_count() > 1)
      Item = std::make_shared<std::optional<SliceValue>>(*Item);
    return *Item;
  }
  /// True when \p I holds the very value \p Other holds.
  bool shares(unsigned I, const SliceVars &Other) const {
    return Items[I] == Other.Items[I];
  }
  /// Takes \p Other's value of \p I, shared.
  void adopt(unsigned I, const SliceVars &Other) { Items[I] = Other.Items[I]; }

private:
  std::vector<std::shared_ptr<std::optional<SliceValue>>> Items;
};

struct SharingState {
  SliceVars Vars;
  bool join(const SharingState &Other) { return joinValues(Other, false); }
  /// The join at a block whose state keeps growing (analysis::propagate):
  /// MinCap would descend one append per enclosing loop iteration, and each
  /// step re-ran the loops nested inside.
  bool widen(const SharingState &Other) { return joinValues(Other, true); }
  bool joinValues(const SharingState &Other, bool Widen);
  /// The size of the state, for a WorkBudget.
  std::size_t words() const;
};

/// The analysis of one function body.
class SliceSharing {
public:
  /// Collects the tracked variables of \p Function, whose body \p Graph was
  /// built from (analysis::buildFlowCFG).
  SliceSharing(const FunctionDecl &Function, const CFG &Graph,
               ASTContext &Context);
  SliceSharing(const SliceSharing &) = delete;
  SliceSharing &operator=(const SliceSharing &) = delete;

  /// The tracked variables, by index.
  unsigned size() const { return Variables.size(); }
  const VarDecl *variable(unsigned Index) const { return Variables[Index]; }
  std::optional<unsigned> indexOf(const ValueDecl *D) const;
  /// The tracked variable \p E names (through parentheses, implicit nodes
  /// and an implicit copy), if any.
  std::optional<unsigned> variableOf(const Expr *E) const;

  /// Runs the forward analysis; false when \p Budget ran out first (the
  /// states are then those of the paths completed). Call only when size()
  /// is not 0.
  bool run(analysis::WorkBudget &Budget);

  /// After run(): visits every element of every reachable block in
  /// execution order, with the state just before it.
  void replay(
      llvm::function_ref<void(const CFGElement &, const SharingState &)> Visit);

  /// The value of slice expression \p E evaluated in \p State (at the
  /// element that evaluates it).
  SliceValue valueOf(const Expr *E, const SharingState &State);

  /// Whether an append of \p Count elements (unknown: none or more) to
  /// \p Base writes into Base's array.
  static InPlace appendsInPlace(const SliceValue &Base,
                                std::optional<std::uint64_t> Count);

  /// The number of elements \p Append (slicemap::append or append_slice)
  /// adds, when known.
  std::optional<std::uint64_t> appendedCount(const CallExpr *Append,
                                             const SharingState &State);

  /// Runs the backward liveness of the tracked variables and keeps the live
  /// set after each statement of \p Points (elements of the CFG); false
  /// when \p Budget ran out first (a partial liveness misses reads: nothing
  /// is kept).
  bool computeLiveness(llvm::ArrayRef<const Stmt *> Points,
                       analysis::WorkBudget &Budget);
  /// Variables read on some path after \p Point, or null if \p Point was not
  /// asked for or is on no path to the function's exit.
  const llvm::BitVector *liveAfter(const Stmt *Point) const;

  /// The forward transfer of one CFG element.
  void transfer(const CFGElement &Element, SharingState &State);
  /// True for a reference that an assignment writes (`v = ...`): not a read.
  bool isAssignedRef(const DeclRefExpr *Ref) const {
    return AssignedRefs.contains(Ref);
  }

private:
  void collect(const FunctionDecl &Function);
  void moveConstruction(const CXXConstructExpr *Construct, SharingState &State);
  void assignment(unsigned Target, const Expr *From, SharingState &State);
  void assign(unsigned Index, SliceValue Value, SharingState &State);
  void forget(unsigned Index, SharingState &State);
  SliceValue unknown() const;
  SliceValue fresh(std::optional<std::uint64_t> Len,
                   std::optional<std::uint64_t> Cap, bool Full) const;
  SliceValue subValue(const CallExpr *Sub, const SharingState &State);
  SliceValue appendValue(const CallExpr *Append, const SharingState &State);
  std::optional<std::uint64_t> constant(const Expr *E) const;

  const CFG &Graph;
  ASTContext &Context;
  std::vector<const VarDecl *> Variables;
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  /// `v = ...` targets: references that write, not read.
  llvm::DenseSet<const DeclRefExpr *> AssignedRefs;
  /// Values moved out of a variable by a move construction, taken before
  /// the move left it nil.
  llvm::DenseMap<const Expr *, SliceValue> Moved;
  std::optional<analysis::Solution<SharingState>> Entry;
  SharingState Initial;
  llvm::DenseMap<const Stmt *, llvm::BitVector> Live;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_SLICESHARING_H
