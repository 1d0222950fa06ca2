//===--- Place.h - which object an expression names -----------------------===//
//
// "Which container is this?" - the one answer the flow checks share. A place
// is a variable (a local or a parameter; for a pointer, what it points to),
// a member of one (`b.items`, `p->items`), or a member of `*this`. Checks
// filter further (nil-map-write tracks only locals it sees made; dangling-
// view follows parameters, pointers and variables of static storage too).
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_PLACE_H
#define SLICEMAP_CHECKS_MODEL_PLACE_H

#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <string>
#include <tuple>

namespace clang {
class Expr;
class FieldDecl;
class ValueDecl;

namespace tidy::slicemap::model {

struct Place {
  /// The variable, or null for `*this`.
  const ValueDecl *Object = nullptr;
  /// A member of Object (or of `*this`), or null for Object itself.
  const FieldDecl *Member = nullptr;
  /// Reached through a pointer (`p->items`, `*p`) rather than named.
  bool Indirect = false;

  bool operator==(const Place &O) const {
    return Object == O.Object && Member == O.Member;
  }
  bool operator!=(const Place &O) const { return !(*this == O); }

  /// True when a change to this place may change \p Other: the same object,
  /// and one is the other or contains it (`b` covers `b.items`).
  bool covers(const Place &Other) const {
    return Object == Other.Object &&
           (Member == Other.Member || !Member || !Other.Member);
  }

  /// `v`, `b.items`, or `items` for a member of *this.
  std::string name() const;
};

/// Resolves a variable to the place it stands for (a reference alias of a
/// container), or nothing to take the variable itself.
using AliasLookup = llvm::function_ref<std::optional<Place>(const ValueDecl *)>;

/// The place \p E names: `v`, `*p`, `b.items`, `p->items`, `items` (of this),
/// through parentheses and implicit nodes. Only variables with local storage
/// (locals and parameters) and members that are not references; \p Aliases,
/// if given, resolves reference variables bound to another place. With \p
/// Statics, also variables of static storage that are not references
/// (globals, static locals and static members: `gBuf`, `gState.items`).
std::optional<Place> placeOf(const Expr *E, AliasLookup Aliases = nullptr,
                             bool Statics = false);

} // namespace tidy::slicemap::model
} // namespace clang

namespace llvm {
template <> struct DenseMapInfo<clang::tidy::slicemap::model::Place> {
  using Place = clang::tidy::slicemap::model::Place;
  static Place getEmptyKey() {
    return {DenseMapInfo<const clang::ValueDecl *>::getEmptyKey(), nullptr};
  }
  static Place getTombstoneKey() {
    return {DenseMapInfo<const clang::ValueDecl *>::getTombstoneKey(), nullptr};
  }
  static unsigned getHashValue(const Place &P) {
    return DenseMapInfo<std::pair<const void *, const void *>>::getHashValue(
        {P.Object, P.Member});
  }
  static bool isEqual(const Place &A, const Place &B) { return A == B; }
};
} // namespace llvm

#endif // SLICEMAP_CHECKS_MODEL_PLACE_H
