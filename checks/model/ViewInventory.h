//===--- ViewInventory.h - the views of one function and what they view ---===//
//
// What slicemap-dangling-view knows of one function before its flow runs:
//
//   views      locals that point into a container - iterators, pointers and
//              references to elements, std::span / std::string_view, data()
//              pointers, a slicemap::Map find() pointer, the hidden
//              iterators of a range-for; and stored views: a member of
//              *this or a variable of static storage (a global, a static
//              local, a static member) that the function assigns a view
//              (`cur = &toks[0];`) - what it held on entry is unknown, so
//              only the function's own assignments make it one (the flow
//              starts with nothing held);
//   aliases    reference variables that are another name for a container
//              (`auto &r = v;`, a range-for's hidden range variable);
//   slots      the numbered values the flow tracks: one per view and
//              container it may point into (almost always one per view),
//              with the index from a container to its slots that lets a
//              mutation touch only the views of that container;
//   holders    locals that hold views without being one: a lambda's
//              closure (the views it captures by copy, `[p]`, `[q = &v[0]]`)
//              and an object built from views (`Buf b{v.data(), n};`, a
//              constructor that stores a pointer argument in a member) - a
//              view of each container for its lifetime (ViewHolders.cpp);
//   lambdas    what calling a local closure (`f()`, a std::function made
//              from a lambda and never re-assigned, a lambda called where it
//              is made) reads: the views it captures by reference;
//   escapes    views whose address is taken, that a lambda capturing them by
//              reference may re-point, or holders whose view members are
//              written - they may be re-pointed out of sight, so they are
//              not tracked. A stored view may also be re-pointed by a call
//              (ContainerEffects::storesOf): the flow forgets it there.
//
// Where a view comes from (`c.begin()`, `&c[i]`, `std::span(c)`, another
// view, a member function that returns a view of a member) is sourceOf().
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_VIEWINVENTORY_H
#define SLICEMAP_CHECKS_MODEL_VIEWINVENTORY_H

#include "ContainerModel.h"
#include "Place.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace clang {
class CXXForRangeStmt;
class CXXOperatorCallExpr;
class DeclRefExpr;
class Expr;
class FieldDecl;
class LambdaExpr;
class Stmt;
class VarDecl;

namespace tidy::slicemap::model {

class ContainerEffects;

enum class ViewKind : std::uint8_t { Iterator, Element };

/// True for a type the model knows as a container.
bool isContainerType(QualType Type);
/// The type of the object a member function is called on (through `->`).
QualType objectType(const Expr *Object);
/// The local variable or parameter \p E names, if any.
const VarDecl *localVar(const Expr *E);
/// The variable that may hold a stored view \p E names: a member of *this
/// (`cur`, `this->cur`) or a variable of static storage (`gName`, a static
/// local, `Parser::last`), not a reference.
const ValueDecl *storedVar(const Expr *E);
/// The member (of *this only, unless \p AnyObject) or variable of static
/// storage \p E names, references included.
const ValueDecl *memberOrStatic(const Expr *E, bool AnyObject);
/// The arguments of a call of a std function that runs callables: the
/// function's, or a std::ranges function object's (`ranges::for_each(v,
/// f)`); none for the functions that keep them (std::bind, std::async, ...).
llvm::ArrayRef<const Expr *> callableArguments(const Expr *E);
/// The local (localVar) or stored (storedVar) variable \p E names.
const ValueDecl *viewVar(const Expr *E);
/// True for a stored view's variable: not a local or parameter.
bool isStoredVar(const ValueDecl *D);
/// The initialiser a view's declaration gives it (none for a member).
const Expr *initOf(const ValueDecl *View);

class ViewInventory {
public:
  ViewInventory(ContainerEffects &Effects, unsigned Depth)
      : Effects(Effects), Depth(Depth) {}

  /// Collects the views, aliases and escapes of \p Body (not entering
  /// lambdas: functions of their own), then numbers the slots. For a
  /// constructor (\p Function), its member initialisers are assignments
  /// made before the body (`dest_(dest->data())`).
  void scan(Stmt *Body, const FunctionDecl *Function = nullptr);

  // --- Places and sources -------------------------------------------------

  /// The place \p E names, resolving reference aliases.
  std::optional<Place> placeOf(const Expr *E) const;
  /// The place of the container an expression of container type names
  /// (also for a pointer to a container: `p` in `p->begin()`).
  std::optional<Place> containerOf(const Expr *E) const;

  struct Source {
    std::optional<Place> Container;
    ViewKind Kind = ViewKind::Element;
    /// A view this one is made from (its container is that view's).
    const ValueDecl *FromView = nullptr;
    /// The expression is an element itself (`v[i]`, `*it`, `r` for a
    /// reference view, `v[i].field`): only a reference bound to it is a
    /// view; a value initialised from it is a copy (`Node *n = v.back();`
    /// points wherever the element points, not into `v`).
    bool IsElement = false;
    /// Made from FromView at another position (`std::next(it)`, `it + 1`):
    /// it denotes another element, so erasing FromView's does not end it.
    bool Shifted = false;
  };
  /// What container a view made by \p E points into.
  std::optional<Source> sourceOf(const Expr *E, unsigned Level = 0) const;
  std::optional<Source> operatorSource(const CXXOperatorCallExpr *Operator,
                                       unsigned Level) const;
  /// The source of a std function or std::ranges call (`std::begin(v)`,
  /// `std::find(b, e, x)`, `std::next(it)`), given its name.
  std::optional<Source> stdCallSource(llvm::StringRef Name,
                                      llvm::ArrayRef<const Expr *> Args,
                                      QualType Result, unsigned Level) const;
  /// The element \p Object denotes, if it lies in a container's storage:
  /// `v[i]`, `*it`, `it->...` (through \p Object of pointer type), or a
  /// member of one of these. IsElement is set.
  std::optional<Source> elementObject(const Expr *Object, unsigned Level) const;
  /// The source of \p Value if a variable (or a return value) of type \p
  /// Type initialised from it views a container: not a copy of an element's
  /// value, not a class that is neither an iterator nor a span/string_view.
  std::optional<Source> viewSourceFor(QualType Type, const Expr *Value) const;

  // --- Views ---------------------------------------------------------------

  /// What a holder is: a view is none.
  enum class Holder : std::uint8_t { None, Closure, Object };

  struct ViewInfo {
    ViewKind Kind = ViewKind::Element;
    /// The range-for whose hidden iterator this is, if any.
    const CXXForRangeStmt *Loop = nullptr;
    Holder Holds = Holder::None;
  };
  bool isView(const ValueDecl *Var) const { return Views.contains(Var); }
  ViewInfo viewInfo(const ValueDecl *Var) const { return Views.lookup(Var); }
  bool isLoopKey(const ValueDecl *D) const { return LoopKeys.contains(D); }
  bool isReassignment(const Expr *Mention) const {
    return Reassigned.contains(Mention);
  }
  /// True when \p Ref reads the view it names: not the target of an
  /// assignment, not a capture by reference (read when the lambda runs),
  /// for a closure only the callee of a call, for an object not a member
  /// that holds no view (`b.size`).
  bool readsView(const Expr *Mention) const;

  /// Calls \p Found with the source of each view \p Value gives \p View:
  /// one for a view, one per view held for a holder.
  void forEachSource(const ValueDecl *View, const Expr *Value,
                     llvm::function_ref<void(const Source &)> Found) const;

  /// The lambda a call runs when it is known: `[..]{..}()`, a closure
  /// variable, or a std::function made from a lambda and never re-assigned.
  const LambdaExpr *calledLambda(const Expr *Callee) const;
  /// A lambda (or closure variable) a call of a std function runs before
  /// it returns, maybe not at all: an algorithm's predicate or function
  /// (`std::for_each(b, e, f)`, `std::ranges::sort(v, less)`),
  /// `std::invoke(f)`. Not std::bind, std::async and the like, which keep
  /// it for later.
  struct RunLambda {
    const LambdaExpr *Lambda;
    /// The closure variable passed, if one was.
    const VarDecl *Closure;
  };
  llvm::SmallVector<RunLambda, 1> lambdasRunBy(const Expr *Call) const;
  /// The container such a call iterates: the one its first iterator views
  /// (`std::for_each(v.begin(), ...)`) or the range it is given
  /// (`std::ranges::for_each(v, f)`).
  std::optional<Place> rangeIteratedBy(const Expr *Call) const;
  /// The calls of std functions given a lambda (candidates for
  /// lambdasRunBy), in the body's order.
  llvm::ArrayRef<const Expr *> algorithmCalls() const { return AlgorithmCalls; }
  /// The views a lambda captures by reference and may read when it runs
  /// (it never re-points them: those escape).
  llvm::ArrayRef<const VarDecl *> viewsReadBy(const LambdaExpr *Lambda) const;
  /// The place a variable names (through a reference alias).
  Place placeOfVariable(const VarDecl *Var) const;
  /// The views a lambda's closure holds: its captures by copy of views
  /// (`[p]`, `[q = v.data()]`).
  void forEachCapturedView(
      const LambdaExpr *Lambda,
      llvm::function_ref<void(const FieldDecl *, const Source &)> Found) const;
  /// The views an object made by \p Value holds, with the member holding
  /// each: an aggregate's initialisers, a constructor's arguments stored in
  /// a member.
  void forEachHeldView(
      const Expr *Value,
      llvm::function_ref<void(const FieldDecl *, const Source &)> Found) const;

  // --- Slots -----------------------------------------------------------------

  unsigned slotCount() const { return SlotViews.size(); }
  const Place &slotPlace(unsigned Slot) const { return SlotPlaces[Slot]; }
  /// The slots of \p View (none for an untracked view).
  llvm::ArrayRef<unsigned> slotsOf(const ValueDecl *View) const;
  /// The slot of \p View for container \p P, if it has one.
  std::optional<unsigned> slotOf(const ValueDecl *View, const Place &P) const;
  /// The one view every slot of \p View may be copied from (`auto j = i;`),
  /// if there is exactly one.
  const ValueDecl *originOf(const ValueDecl *View) const {
    return Origins.lookup(View);
  }
  /// True for a view every value of which is made in two containers at
  /// once: a member container of an element (`int &x = r.inner[2]` for `Rec
  /// &r = v[0]` is in `r.inner` and in `v`). Its held slots are not
  /// alternatives of different paths.
  bool isJoint(const ValueDecl *View) const { return Joint.contains(View); }
  /// Slots whose container a change to \p P may change (cached).
  const llvm::BitVector &slotsCoveredBy(const Place &P);
  /// Slots of iterator views.
  const llvm::BitVector &iteratorSlots() const { return IteratorSlots; }
  /// Slots of stored views (members of *this, variables of static storage).
  const llvm::BitVector &storedSlots() const { return StoredSlots; }
  /// Slots of the stored views code out of sight may reach: all but static
  /// locals, whose address the function never hands out (or they escape).
  const llvm::BitVector &reachableSlots() const { return ReachableSlots; }
  bool hasStoredViews() const { return StoredSlots.any(); }
  /// The mentions a stored view is assigned at, in source order (where it
  /// is made, for a finding's note).
  llvm::ArrayRef<const Expr *> storedAssignments(const ValueDecl *View) const;
  /// Slots of the views whose origin is \p View (cached).
  const llvm::BitVector &slotsCopiedFrom(const ValueDecl *View);

  // --- Moves and swaps (ViewTransfers.cpp) ---------------------------------

  /// A statement that hands one container's storage to another.
  struct Transfer {
    Place From, To;
    /// Both ways: `a.swap(b)`, `std::swap(a, b)`.
    bool Swap = false;
    MoveEffect Effect = MoveEffect::Unknown;
  };
  const Transfer *transferAt(const Stmt *S) const;
  /// `std::swap(x, y)` of two views: each takes the other's value.
  using ViewSwap = std::pair<const VarDecl *, const VarDecl *>;
  const ViewSwap *viewSwapAt(const Stmt *S) const;
  /// True for an iterator always made at a past-the-end position
  /// (`c.end()`, `c.rbegin()`, copies): it does not follow a move.
  bool isPastTheEnd(const ValueDecl *View) const {
    return PastTheEnd.contains(View);
  }
  const ValueDecl *slotView(unsigned Slot) const { return SlotViews[Slot]; }

  // --- Flags (ViewFlags.cpp) ------------------------------------------------

  /// Local bools set to a constant somewhere (`matched = true;`), never
  /// aliased: the flow correlates them with invalidations. At most MaxFlags.
  unsigned flagCount() const { return Flags.size(); }
  std::optional<unsigned> flagOf(const Expr *E) const;
  std::optional<unsigned> flagOfVariable(const VarDecl *Var) const;
  /// The flag a branch condition tests (`f`, `!f`), and whether the branch
  /// taken when the condition holds is the one where the flag is false.
  std::optional<std::pair<unsigned, bool>> flagTest(const Expr *Cond) const;
  /// The value of flag \p Flag when its variable has \p Value (a flag that
  /// stores a keyed call's result may track the variable's negation).
  std::optional<bool> flagValue(unsigned Flag, std::optional<bool> Value) const;
  /// A call whose result a flag stores (`bool added = addIfMissing(v, x);`)
  /// and whose effects are keyed by it (ReturnKeys.h): the flag, and what
  /// the call returned when the flag is true.
  struct FlagCall {
    unsigned Flag = 0;
    bool ReturnedWhenTrue = true;
  };
  std::optional<FlagCall> flagCallOf(const Stmt *Call) const;
  static constexpr unsigned MaxFlags = 16;

  ContainerEffects &Effects;
  /// How deep in a chain of calls this body is (0: the analysed function).
  const unsigned Depth;

private:
  friend class ViewScan;
  friend class HolderScan;
  void addAssignedViews();
  void numberSlots();
  void numberInOrder(
      const llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Place, 1>>
          &Targets);
  // The holder half of the scan (ViewHolders.cpp).
  bool noteHolderVariable(const VarDecl *Var);
  void noteLambdaCaptures(const LambdaExpr *Lambda);
  void noteHolderStatement(const Stmt *S);
  void noteTransfer(const Stmt *S);
  /// `std::swap(x, y)` of two local variables that may be views.
  bool noteViewSwap(const Stmt *S, const Expr *A, const Expr *B);
  /// Adds to each view of a container moved from the place it moves to,
  /// and to each of two swapped views the other's places; true when a view
  /// got one.
  bool addTransferTargets(
      llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Place, 1>> &Targets)
      const;
  void notePastTheEnd();
  void noteFlagStatement(const Stmt *S);
  void numberFlags();
  /// Makes the variables storing a keyed call's result flag candidates;
  /// returns which of them track their negation.
  llvm::DenseMap<const VarDecl *, bool> noteStoredResults();

  llvm::DenseMap<const ValueDecl *, ViewInfo> Views;
  llvm::DenseMap<const VarDecl *, Place> Aliases;
  /// Declared by a range-for over a container: the loop variable and its
  /// bindings. Writing to an existing key (`m[key] = x`) inserts nothing.
  llvm::DenseSet<const ValueDecl *> LoopKeys;
  llvm::DenseSet<const ValueDecl *> Escaped;
  /// Mentions of a view that are the target of an assignment.
  llvm::DenseSet<const Expr *> Reassigned;
  /// Locals initialised with no view, tried again once assignments made
  /// views (addAssignedViews).
  std::vector<const VarDecl *> Deferred;
  /// Every `view = value` assignment, for the slots.
  std::vector<std::pair<const ValueDecl *, const Expr *>> Assignments;
  /// Mentions that read no view (see readsView).
  llvm::DenseSet<const Expr *> NotReads;
  /// Closure variables and the lambda they were made from; assigned ones
  /// run an unknown lambda.
  llvm::DenseMap<const VarDecl *, const LambdaExpr *> Closures;
  llvm::DenseSet<const VarDecl *> AssignedClosures;
  /// Closure variables named as the callee of a call.
  llvm::DenseSet<const DeclRefExpr *> ClosureCalls;
  llvm::DenseMap<const LambdaExpr *, llvm::SmallVector<const VarDecl *, 2>>
      ReadByLambda;
  llvm::DenseMap<const Stmt *, Transfer> Transfers;
  llvm::DenseMap<const Stmt *, ViewSwap> ViewSwaps;
  std::vector<const Expr *> AlgorithmCalls;
  llvm::DenseSet<const VarDecl *> FlagCandidates, NotFlags;
  std::vector<const VarDecl *> Flags;
  llvm::DenseMap<const VarDecl *, unsigned> FlagIndex;
  /// Local bools assigned or initialised from a tested call, and the value.
  std::vector<std::pair<const VarDecl *, const Expr *>> StoredResults;
  /// Keyed calls whose result a flag stores, with the variable.
  llvm::DenseMap<const Stmt *, std::pair<const VarDecl *, FlagCall>> FlagCalls;
  /// Flags that track their variable's negation.
  llvm::BitVector InvertedFlags;
  llvm::DenseSet<const ValueDecl *> PastTheEnd;
  /// The members of an object holder that hold its views.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const FieldDecl *, 2>>
      HeldIn;

  std::vector<const ValueDecl *> SlotViews;
  std::vector<Place> SlotPlaces;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<unsigned, 1>> ViewSlots;
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> Origins;
  llvm::DenseSet<const ValueDecl *> Joint;
  llvm::BitVector IteratorSlots, StoredSlots, ReachableSlots;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Expr *, 1>>
      StoredTargets;
  llvm::DenseMap<Place, llvm::BitVector> Covered;
  llvm::DenseMap<const ValueDecl *, llvm::BitVector> Copies;
};

/// The truth of a constant (`true`, `false`, `0`, `1`), if \p Value is one.
std::optional<bool> constantTruth(const Expr *Value);

/// True when a local, capture or member of type \p Type made from \p S
/// views S's container: a pointer, reference, handle or iterator - not a copy
/// of an element (`int x = v[0];`) nor a container held by value. The one
/// rule for views (viewSourceFor) and for the objects and closures that hold
/// them (ViewHolders.cpp, which also leaves out references to containers:
/// those are aliases, not views).
bool canHoldView(QualType Type, const ViewInventory::Source &S);

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_VIEWINVENTORY_H
