//===--- ViewPositions.h - where in its container a view points -----------===//
//
// The standard gives some removals a position: pop_back removes the last
// element (and, for vector, string and deque, invalidates end()), pop_front
// the first, and erase on a contiguous container moves only the elements
// from its position on. To apply them, the dangling-view flow asks where a
// view points when the code says so plainly: `c.begin()`, `c.begin() + 2`,
// `&c[3]`, `c.front()` (an index), `c.back()`, `std::prev(c.end())`, `c.end()
// - 1` (the last element), `c.end()` (past the end), `--c.end()`, a copy of
// such a view. A view made from another at a constant distance (`auto j =
// std::next(i);`) is placed relative to it when i's own place is not known:
// erase_after(i) erases j's element. A view that is re-seated or stepped
// anywhere in the function (`++it`, `it = ...`, passed by non-const
// reference) has no known position.
//
// Positions hold from the view's definition until an insertion or removal
// before it moves the elements; the flow (ViewFlow.h) tracks which views may
// have been moved so.
//
// Positions are a property of the view's one definition, so they are found
// lazily, once per function, on the first positional mutation.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_VIEWPOSITIONS_H
#define SLICEMAP_CHECKS_MODEL_VIEWPOSITIONS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <optional>
#include <string>

namespace clang {
class ASTContext;
class CallExpr;
class CXXOperatorCallExpr;
class Expr;
class Stmt;
class ValueDecl;
class VarDecl;

namespace tidy::slicemap::model {

class ViewInventory;

/// Where a view or an erase points in its container, as far as known.
struct Position {
  /// The element this many from the front.
  std::optional<std::uint64_t> Index;
  /// The last element.
  bool Back = false;
  /// Past the end - or holding end(), as rbegin() does.
  bool End = false;
  /// For an associative container: the constant key of the element
  /// (`m.find(3)`, `m["a"]`), spelled "i:3" or "s:a".
  std::optional<std::string> Key;
  /// Before the first element: forward_list::before_begin().
  bool BeforeFront = false;
  /// Where no Index is known: this many elements after (before, if
  /// negative) the element the view Anchor denotes.
  const VarDecl *Anchor = nullptr;
  std::int64_t Offset = 0;
};

/// How many elements \p A lies after \p B, when both are known from the
/// front or from the same anchor.
std::optional<std::int64_t> distance(const Position &A, const Position &B);

class ViewPositions {
public:
  ViewPositions(const ViewInventory &F, const Stmt *Body, ASTContext &Context)
      : F(F), Body(Body), Context(Context) {}

  /// Where \p View points, if it is made once and never moved: from the
  /// front, or (when that is not known) as its own anchor. A stored view
  /// (ViewInventory.h) is made by assignments: its position is not known.
  Position of(const VarDecl *View);
  Position of(const ValueDecl *View);
  /// True when \p View is re-seated or stepped somewhere in the function.
  bool isStepped(const VarDecl *View) { return isModified(View); }
  bool isStepped(const ValueDecl *View);
  /// Where the position or index \p E points. \p Via, if given, is set to
  /// the view the position is read from (`it` in `std::next(it)`), whose
  /// position the flow may know to have moved.
  Position at(const Expr *E, const VarDecl **Via = nullptr);
  /// The constant key \p E is, if it is one (an integer or a string
  /// literal).
  std::optional<std::string> keyOf(const Expr *E) const;

private:
  Position at(const Expr *E, unsigned Depth);
  /// Where \p View points, from its definition only.
  Position made(const VarDecl *View);
  bool isModified(const VarDecl *View);
  std::optional<std::int64_t> constant(const Expr *E) const;
  Position offset(bool Add, bool Subtract, const Expr *Left, const Expr *Right,
                  unsigned Depth);
  Position operatorPosition(const CXXOperatorCallExpr *Operator,
                            unsigned Depth);
  Position callPosition(const CallExpr *Call, unsigned Depth);
  /// The element `c[Argument]`, `c.at(Argument)` or `c.find(Argument)`.
  Position element(const Expr *Container, const Expr *Argument, unsigned Depth);

  const ViewInventory &F;
  const Stmt *Body;
  ASTContext &Context;
  std::optional<llvm::DenseSet<const VarDecl *>> Modified;
  llvm::DenseMap<const VarDecl *, Position> Known;
  const VarDecl *LastVia = nullptr;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_VIEWPOSITIONS_H
