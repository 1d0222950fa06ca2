//===--- ContainerEffects.h - what a statement does to which containers ---===//
//
// The invalidating effect of an expression on the containers of a function
// (model/ViewInventory.h): a member call the container table
// (ContainerModel.h) says may move elements, an assignment of an append to a
// slicemap::Slice, or a call of a function with a body in this TU that does
// so to a container it is given or to a member of its object - followed
// CallDepth levels and memoised per TU, as are the member functions that
// return a view of a member (`b.view()`).
// A callee that returns a truth value has its effects keyed by it where that
// is cheap (ReturnKeys.h): an effect made only on paths that return a
// constant `true` (or only `false`) is a Mutation with WhenReturns set, which
// a caller testing the call applies on that branch only.
//
// The same summaries say which *stored* variables a call may re-point
// (ContainerStores.cpp): members (by declaration, of whatever object) and
// variables of static storage that a function assigns, binds to a mutable
// reference, passes by one or takes the address of, through its body or
// its calls. A call whose body is out of sight (no definition in this TU
// outside system headers, a virtual call, a call through a pointer or a
// std::function, CallDepth reached) may re-point any; code in system headers
// cannot name the program's variables and re-points none, except through
// the callables it is given.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_CONTAINEREFFECTS_H
#define SLICEMAP_CHECKS_MODEL_CONTAINEREFFECTS_H

#include "ContainerModel.h"
#include "Place.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang {
class CallExpr;
class CXXMethodDecl;
class CXXOperatorCallExpr;
class Expr;
class FieldDecl;
class FunctionDecl;
class LambdaExpr;
class Stmt;
class ValueDecl;
class VarDecl;

namespace tidy::slicemap::model {

class ViewInventory;

/// Why a view stopped being valid.
enum class Cause : std::uint8_t {
  Moved,
  IteratorsInvalidated,
  Rehashed,
  Erased,
  PastEnd,
  Append,
  /// The end() of a container whose storage moved to another (or swapped).
  EndMovedAway,
  /// A local container destroyed at the end of its scope (the view's
  /// scope goes on).
  Destroyed,
};

/// One invalidating effect: the place it mutates and how.
struct Mutation {
  Place Container;
  Invalidation What = Invalidation::None;
  Cause Why = Cause::Moved;
  /// For ErasedElement: the iterator variable passed to erase; for
  /// ErasedKey: the view whose key is erased (`m.erase(it->first)`).
  const ValueDecl *Erased = nullptr;
  /// For ErasedFrom: the position (or index) erase is given.
  const Expr *Where = nullptr;
  /// Happens on some path only: `(c ? a : b).push_back(x)`, `std::erase`.
  bool Possible = false;
  /// Iterators survive it: slicemap::Map's erase (Go lets a loop erase).
  bool KeepsIterators = false;
  /// A call's effect made only on the paths where the callee returns this
  /// truth value; unset: whatever it returns (or not known).
  std::optional<bool> WhenReturns = std::nullopt;
};

/// What a function in this TU does to the containers it is given: the
/// parameters (by index), the members of `*this`, and for a lambda the
/// variables it captures by reference, whose storage it may move, through
/// its own body or the calls it makes.
struct EffectSummary {
  struct Effect {
    /// Parameter index, or -1 for a member of *this or a capture.
    int Parameter = -1;
    /// A variable a lambda captures by reference (or a member of it).
    const ValueDecl *Captured = nullptr;
    /// A variable of static storage (or a member of it).
    const ValueDecl *Global = nullptr;
    const FieldDecl *Member = nullptr;
    /// Only iterators are invalidated (std::deque::push_back).
    bool IteratorsOnly = false;
    /// Made only on the paths that return this truth value (ReturnKeys.h);
    /// unset: on paths that return either, or not known.
    std::optional<bool> WhenReturns = std::nullopt;
    /// The same change to the same container.
    bool sameAs(const Effect &Other) const {
      return Parameter == Other.Parameter && Captured == Other.Captured &&
             Global == Other.Global && Member == Other.Member &&
             IteratorsOnly == Other.IteratorsOnly;
    }
  };
  llvm::SmallVector<Effect, 2> Effects;
  /// The stored variables that may hold a view it may re-point (see above).
  llvm::SmallVector<const ValueDecl *, 2> Stores;
  /// It may re-point any: a call it makes is out of sight.
  bool StoresUnknown = false;
  /// The stored variables that may hold a view it reads (members of *this,
  /// variables of static storage; directly or through the calls it makes on
  /// *this and free functions), each with a mention; not those it may also
  /// re-point, which may be re-made before the read.
  llvm::SmallVector<std::pair<const ValueDecl *, const Expr *>, 2> Reads;
  /// A call out of sight may re-point the members of *this (mayRepointThis).
  bool ThisUnknown = false;
};

class ContainerEffects {
public:
  explicit ContainerEffects(unsigned CallDepth) : CallDepth(CallDepth) {}
  /// Forgets the previous TU.
  void clear() {
    Summaries.clear();
    MemberViews.clear();
  }

  /// Calls \p Found for each container \p E may invalidate; places are
  /// resolved in \p Function.
  void mutations(const Expr *E, const ViewInventory &Function,
                 llvm::function_ref<void(const Mutation &)> Found);

  /// Calls \p Found for each container running \p Lambda may invalidate.
  void lambdaMutations(const LambdaExpr *Lambda, const ViewInventory &Function,
                       llvm::function_ref<void(const Mutation &)> Found) {
    lambdaEffects(Lambda, nullptr, false, Function, Found);
  }

  /// The effects of calling \p Callee from a body \p Depth calls deep.
  const EffectSummary &summaryOf(const FunctionDecl *Callee, unsigned Depth);

  /// The stored variables the call \p E (a CallExpr or a CXXConstructExpr)
  /// made in \p Function may re-point: \p Found is called for each; true
  /// when it may re-point any.
  bool callStores(const Expr *E, const ViewInventory &Function,
                  llvm::function_ref<void(const ValueDecl *)> Found);
  /// The stored variables the call \p E made \p Depth calls deep may read
  /// (EffectSummary::Reads): a function of this TU called on *this, or a
  /// free function; not through virtual dispatch.
  void
  callReads(const Expr *E, unsigned Depth,
            llvm::function_ref<void(const ValueDecl *, const Expr *)> Found);
  /// True when the call \p E, made \p Depth calls deep, is given *this
  /// (called on it, or passed it) and may re-point its members out of
  /// sight: a virtual call, no body, or a callee for which that holds.
  bool mayRepointThis(const Expr *E, unsigned Depth);
  /// The stored variable \p E reads, if it names one that may hold a view:
  /// a member of *this, or a variable of static storage.
  static const ValueDecl *readOf(const Expr *E);
  /// The stored variable \p S re-points by itself, if any: the target of an
  /// assignment, `&x`. (Calls are callStores.)
  static const ValueDecl *storeIn(const Stmt *S);
  /// The stored variable (a member of any object, or a variable of static
  /// storage) \p E names, if it may hold a view.
  static const ValueDecl *storeTarget(const Expr *E);

  /// True for a member function returning a view of its object: \p Member
  /// is the member it views (every return hands out a view of it), or null
  /// for the whole object ([[clang::lifetimebound]] on `this`).
  bool memberViewOf(const CXXMethodDecl *Method, const FieldDecl *&Member);

private:
  void callEffects(const FunctionDecl *Callee, const Expr *Object,
                   llvm::ArrayRef<const Expr *> Args,
                   const ViewInventory &Function,
                   llvm::function_ref<void(const Mutation &)> Found);
  bool methodMutations(const Expr *E, const ViewInventory &Function,
                       llvm::function_ref<void(const Mutation &)> Found);
  bool containerMutation(const Expr *Object, llvm::StringRef Method,
                         const Expr *FirstArgument, const FunctionDecl *Callee,
                         bool Possible, const ViewInventory &Function,
                         llvm::function_ref<void(const Mutation &)> Found);
  bool eraseFunction(const CallExpr *Call, const ViewInventory &Function,
                     llvm::function_ref<void(const Mutation &)> Found);
  /// A call of a lambda known to the function (ViewInventory::calledLambda,
  /// lambdasRunBy) changes what it captures by reference; \p Body is the
  /// call operator called, if known; \p Possible: it may not run.
  void lambdaEffects(const LambdaExpr *Lambda, const FunctionDecl *Body,
                     bool Possible, const ViewInventory &Function,
                     llvm::function_ref<void(const Mutation &)> Found);

  std::pair<bool, const FieldDecl *>
  returnedMemberView(const FunctionDecl &Definition);
  /// What calling \p Callee from \p Depth re-points (callStores).
  bool calleeStores(const FunctionDecl *Callee, unsigned Depth,
                    llvm::function_ref<void(const ValueDecl *)> Found);
  /// What the callables a system function is given re-point when it runs
  /// them.
  bool callableStores(const Expr *Argument, unsigned Depth,
                      llvm::function_ref<void(const ValueDecl *)> Found);

  const unsigned CallDepth;
  llvm::DenseMap<const FunctionDecl *, EffectSummary> Summaries;
  llvm::DenseMap<const CXXMethodDecl *, std::pair<bool, const FieldDecl *>>
      MemberViews;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_CONTAINEREFFECTS_H
