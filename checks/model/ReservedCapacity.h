//===--- ReservedCapacity.h - pushes a reserve() makes room for -----------===//
//
// `v.reserve(n)` promises capacity for n elements: pushes that keep the
// size within it do not reallocate, so views made before them stay valid.
// Within one block of statements, for a local contiguous container made
// empty there, this finds the push_back/emplace_back calls that provably
// stay within the capacity reserved: it follows an upper bound of the size
// (each push adds one per time it can run: once in straight-line code,
// k times in a counted loop `for (i = a; i < b; ++i)` with constant bounds)
// and a lower bound of the capacity (the largest constant reserve). A
// contiguous container of any size that reserves room for k more
// (`v.reserve(v.size() + k)`, a local or a parameter) is followed from
// there, its size counted from what it held then. Any
// other mutation, or a use that may mutate (a non-const reference, a
// pointer, a capture), ends what is known.
//
// Found once per function, on the first question.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_RESERVEDCAPACITY_H
#define SLICEMAP_CHECKS_MODEL_RESERVEDCAPACITY_H

#include "llvm/ADT/DenseSet.h"

#include <optional>

namespace clang {
class ASTContext;
class Stmt;

namespace tidy::slicemap::model {

class ReservedCapacity {
public:
  ReservedCapacity(const Stmt *Body, ASTContext &Context)
      : Body(Body), Context(Context) {}

  /// True when \p Push is a push that stays within reserved capacity.
  bool withinCapacity(const Stmt *Push);

private:
  const Stmt *Body;
  ASTContext &Context;
  std::optional<llvm::DenseSet<const Stmt *>> Pushes;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_RESERVEDCAPACITY_H
