//===--- ModifiedCopies.h - local copies of stored values, modified ------===//
//
// What slicemap-lost-update looks for in one function body: locals copied
// from a value stored elsewhere (an element access `c[i]`, `c.at(i)`,
// `front`, `back`, `*it`, `it->second`, `p->member`, a getter returning a
// reference, a slicemap::Map value from `m.get(k)`), by-value range-for
// variables and structured bindings, by-value parameters of container,
// string or slicemap::Slice type - and the statements that modify each: in a
// position that discards the value, a mutating member call (push_back,
// insert, erase, ...), an assignment, compound assignment or ++/-- of the
// copy, a field of it, or an element of an owning container in it; an
// assignment of the whole copy from another stored value re-points it (a
// cursor over stored values: it ends the old value, it is no update). The same
// walk marks escaped the copies that may be observed through an alias:
// address taken, bound to a reference, pointer, iterator or view, captured by
// reference, or named in a catch handler (the CFG has no edges for
// exceptions).
//
// Types decide what counts: handles (pointers, smart pointers, views,
// slicemap::Map, a configured handle type) are never candidates - writes
// through a copy reach the shared object; element writes through a
// slicemap::Slice copy reach the shared array (only its length, grown by
// append, is lost); for other classes only writes to their fields count,
// since a member function may publish its effects elsewhere.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_MODIFIEDCOPIES_H
#define SLICEMAP_CHECKS_MODEL_MODIFIEDCOPIES_H

#include "clang/AST/Type.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace clang {
class CXXMemberCallExpr;
class Decl;
class DeclRefExpr;
class Expr;
class FunctionDecl;
class SourceManager;
class Stmt;
class ValueDecl;
class VarDecl;

namespace tidy::slicemap::model {

/// What kind of value a candidate holds decides which writes change it.
enum class CopyShape {
  /// Not a candidate: a handle, a class with a user-provided destructor,
  /// a dependent type, const, volatile.
  None,
  /// A container owning its elements (std::vector, std::string, ...):
  /// mutating calls, element writes, assignment.
  Owning,
  /// slicemap::Slice: only assignment (`s = append(s, x)`) changes the copy.
  Slice,
  /// Any other class: writes to its fields.
  Fields,
  /// Arithmetic and enumeration types: assignment, ++ and --.
  Scalar,
};

enum class CopyOrigin { Element, MapValue, LoopElement, Parameter };

struct CopyCandidate {
  const ValueDecl *Decl = nullptr;
  /// The declaration whose statement makes a fresh copy: the variable, or
  /// the structured binding's hidden variable; null for a parameter.
  const VarDecl *Declared = nullptr;
  CopyOrigin From = CopyOrigin::Element;
  CopyShape Kind = CopyShape::None;
  /// What was copied: the element access, or the range of a range-for.
  const Expr *Source = nullptr;
  /// For a slicemap::Map value: the `m.get(k)` call.
  const CXXMemberCallExpr *MapGet = nullptr;
  /// The copy could be a reference to its source instead (the source is a
  /// modifiable lvalue of the same type).
  bool CanBeReference = false;
  bool Escaped = false;
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
};

struct CopyModification {
  unsigned Candidate = 0;
  /// Replaces the whole copy (`v = x`): the old value is dead before it.
  bool Replaces = false;
  /// Replaces the whole copy with another stored value (`l = c.get(1)`,
  /// `row = rows[i]`): the copy is re-pointed, a cursor over stored values,
  /// not an update of the one it was copied from - never reported itself.
  bool Repoints = false;
  /// `s = append(s, ...)` on a slicemap::Slice.
  bool Appends = false;
};

/// True for a type whose copies write to a shared object (configured).
using HandleFilter = llvm::function_ref<bool(QualType)>;

/// The copies of one function body (lambda bodies are functions of their
/// own: not entered) and their modifications.
struct ModifiedCopies {
  std::vector<CopyCandidate> Candidates;
  /// Candidate numbers by declaration.
  llvm::DenseMap<const Decl *, unsigned> Index;
  llvm::DenseMap<const Stmt *, CopyModification> Modifications;
  /// References that are the object a modification writes through: not
  /// reads.
  llvm::DenseSet<const DeclRefExpr *> Owned;
  /// The loop statements of the body (not of its lambdas).
  std::vector<const Stmt *> Loops;

  /// Walks \p Function's body (and its constructor initializers) once.
  static ModifiedCopies find(const FunctionDecl &Function,
                             HandleFilter IsHandle);

  std::optional<unsigned> indexOf(const Decl *D) const {
    auto Found = Index.find(D);
    if (Found == Index.end())
      return std::nullopt;
    return Found->second;
  }
  const CopyModification *modificationAt(const Stmt *S) const {
    auto Found = Modifications.find(S);
    return Found == Modifications.end() ? nullptr : &Found->second;
  }
  /// The candidates, not escaped, that some statement modifies (not only
  /// re-points).
  llvm::BitVector modifiedUnescaped() const;
  /// True when one loop of the body holds both places (file locations).
  bool inOneLoop(SourceLocation A, SourceLocation B,
                 const SourceManager &SM) const;
  /// True when the candidate is read somewhere: a reference to it that is
  /// not the object a modification writes through.
  bool isReadAnywhere(unsigned Candidate) const;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_MODIFIEDCOPIES_H
