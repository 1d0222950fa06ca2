//===--- NilMaps.h - which slicemap::Maps may be nil ----------------------===//
//
// The forward analysis behind slicemap-nil-map-write. For every "place" that
// holds a slicemap::Map - a local variable, a Map member of a local
// aggregate, a Map member of *this - or a smart pointer to a map-like
// container (a local std::unique_ptr / std::shared_ptr), it knows whether
// the place may be:
//
//   nil      default construction (`Map m;`, `m{}`, `= {}`), assignment of a
//            nil value, being moved from, an `is_nil()` branch taken;
//   made     make_map, a copy of a made map, a write that did not panic;
//   unknown  anything else: parameters, globals, calls not seen, a map passed
//            by non-const reference or pointer, address taken, captured by
//            reference. Unknown never warns.
//
// The places of a function are numbered once, by one walk over its body
// (nested lambdas are functions of their own, not entered), which also
// finds the variables that escape (address kept, bound to a non-const
// reference, captured by reference): those are not tracked. The state is
// four bit vectors over the numbers and the first note of where each nil
// value came from; a variable's places leave the state with its scope.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_NILMAPS_H
#define SLICEMAP_CHECKS_MODEL_NILMAPS_H

#include "Place.h"
#include "analysis/BitFacts.h"

#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace clang {
class CXXConstructExpr;
class CallExpr;
class FieldDecl;
class FunctionDecl;
class QualType;
class VarDecl;

namespace tidy::slicemap::model {

/// True for slicemap::Map (not a reference to one).
bool isTrackedMapType(QualType Type);
/// std::unique_ptr or std::shared_ptr to a map-like container (std::map,
/// std::unordered_map, slicemap::Map, flat hash maps...).
bool isMapPointerType(QualType Type);
/// Does an aggregate leave this Map field nil when it is default- or
/// value-initialised (no default member initializer)?
bool fieldStartsNil(const FieldDecl *Field);
/// A local aggregate whose Map members the analysis follows (one of them
/// starts nil).
bool isTrackedAggregate(QualType Type);
/// `Map m;`, `{}`, `Map<K, V>()`, a copy of such a temporary.
bool isDefaultConstruction(const Expr *E);

/// The place \p E names, if the analysis tracks it: a local variable (not a
/// parameter, not a reference) of Map or map-pointer type, a Map member of a
/// local aggregate (`s.m`), a Map member of *this (`m_`, `this->m_`).
std::optional<Place> mapPlaceOf(const Expr *E);
/// A place that is a slicemap::Map itself (not a smart pointer to a map).
bool holdsMap(const Place &P);

/// A write to a Map (`set`, `operator[]`), or through a smart pointer to a
/// map (a non-const member call through `->`, `(*p)[k]`).
struct MapWrite {
  Place Target;
  /// The expression to report at.
  const Expr *At = nullptr;
  bool ThroughPointer = false;
};
std::optional<MapWrite> asMapWrite(const Stmt *S);

/// The places of one function, numbered once.
class MapPlaces {
public:
  unsigned size() const { return Places.size(); }
  const Place &place(unsigned I) const { return Places[I]; }
  std::optional<unsigned> indexOf(const Place &P) const;
  /// The numbers of the places of variable \p Var (itself, its members).
  llvm::ArrayRef<unsigned> placesOf(const ValueDecl *Var) const;
  void add(const Place &P);

private:
  std::vector<Place> Places;
  llvm::DenseMap<Place, unsigned> Index;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<unsigned, 2>> ByVariable;
};

/// One walk over a function body: does it write to a tracked map, and which
/// places does it name or declare (those of escaped variables left out).
struct MapBodyScan {
  bool Writes = false;
  MapPlaces Places;

  /// Walks \p Body and \p Function's constructor initializers; \p Members
  /// (Map members of *this the state starts with) are numbered too.
  static MapBodyScan scan(const FunctionDecl &Function, const Stmt &Body,
                          llvm::ArrayRef<const FieldDecl *> Members);
};

enum class NilReason : std::uint8_t {
  Declared,
  Assigned,
  MovedFrom,
  CheckedNil,
  ReturnedNil,
  MemberNeverMade
};

/// What a place may hold: a set of these bits (none: unknown).
enum : std::uint8_t { MayNil = 1, MayMade = 2, MayUnknown = 4 };

/// One place's fact, as the transfer reads and writes it.
struct NilFact {
  std::uint8_t Bits = MayUnknown;
  /// Where the nil value on some path to here came from.
  SourceLocation NilOrigin;
  NilReason Reason = NilReason::Declared;
  /// The nil value is the declaration's own on every path where it is nil:
  /// a fix-it can initialise the declaration.
  bool FromDeclaration = false;

  static NilFact nil(SourceLocation Origin, NilReason Reason,
                     bool FromDeclaration = false) {
    return {MayNil, Origin, Reason, FromDeclaration};
  }
  static NilFact made() { return {MayMade, {}, NilReason::Declared, false}; }
};

/// The state: for each numbered place, which of nil / made / unknown it may
/// be (none set: no path here has declared it), whether it may be nil from
/// something other than its declaration, and the first nil origin.
class NilState {
public:
  explicit NilState(unsigned Size);

  NilFact get(unsigned I) const;
  void set(unsigned I, const NilFact &F);
  /// Forgets place \p I (its variable's scope ended).
  void clear(unsigned I);

  bool join(const NilState &Other);
  std::size_t words() const;

private:
  struct Note {
    SourceLocation Origin;
    NilReason Reason = NilReason::Declared;
  };
  /// NilElsewhere: may be nil from an assignment, a move, a branch...: not
  /// (only) from its declaration. The union over paths answers
  /// FromDeclaration.
  enum Kind : unsigned { Nil, Made, Unknown, NilElsewhere };
  analysis::MayFacts<4, Note> Facts;
};

/// The transfer of the forward analysis (analysis::solveForward).
class NilTransfer {
public:
  explicit NilTransfer(const MapPlaces &Places) : Places(Places) {}

  void element(const CFGElement &Element, NilState &State);
  /// `is_nil()` and a smart pointer's `operator bool` refine along branches.
  void edge(const CFGBlock &From, const CFGBlock &To, unsigned SuccIndex,
            NilState &State);
  void scopeEnd(const VarDecl *Var, NilState &State);

  /// The fact of \p P in \p State (unknown for a place not tracked).
  NilFact factOf(const Place &P, const NilState &State) const;

private:
  void set(NilState &State, const Place &P, const NilFact &F);
  NilFact classify(const Expr *Value, const NilState &State, SourceLocation At);
  void declare(const VarDecl *Var, NilState &State);
  void declareAggregate(const VarDecl *Var, NilState &State);
  void moveConstruction(const CXXConstructExpr *Construct, NilState &State);
  bool assignment(const CallExpr *Operator, NilState &State);
  bool reset(const CallExpr *Call, NilState &State);
  void escapeArguments(const CallExpr *Call, NilState &State);

  const MapPlaces &Places;
  /// The value a move construction took, before it left its source nil.
  llvm::DenseMap<const CXXConstructExpr *, NilFact> MovedValue;
  /// Functions whose every return returns a nil map (or not).
  llvm::DenseMap<const FunctionDecl *, bool> ReturnsNil;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_NILMAPS_H
