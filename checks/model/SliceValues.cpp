//===--- SliceValues.cpp - what is known of one slice value ---------------===//
//
// The value side of the slice sharing analysis (SliceSharing.h): Go's growth
// policy, the join of two paths' facts, and the value of a slice expression
// (a variable, make_slice, an initializer list, a sub-slice, an append) in a
// state.
//
//===----------------------------------------------------------------------===//

#include "SliceSharing.h"

#include "RuntimeModel.h"
#include "ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"

#include <algorithm>

namespace clang::tidy::slicemap::model {

std::uint64_t grownCapacity(std::uint64_t NewLength,
                            std::uint64_t OldCapacity) {
  // Below 256 elements the capacity doubles; above, it grows by a quarter
  // plus 192 per step; a request past double is taken as it is.
  constexpr std::uint64_t Threshold = 256;
  if (NewLength > 2 * OldCapacity)
    return NewLength;
  if (OldCapacity < Threshold)
    return 2 * OldCapacity;
  std::uint64_t Capacity = OldCapacity;
  while (Capacity < NewLength)
    Capacity += (Capacity + 3 * Threshold) / 4;
  return Capacity;
}

namespace {

/// Do \p A and \p B denote the same value, evaluated at the same point?
/// Names of the same declaration, members of such, equal constants, and the
/// same Slice accessor (`s.len()`) of such.
bool sameValue(const Expr *A, const Expr *B, unsigned Depth = 0) {
  if (!A || !B || Depth > 8)
    return false;
  A = stripImplicit(A);
  B = stripImplicit(B);
  if (const auto *RefA = dyn_cast<DeclRefExpr>(A))
    if (const auto *RefB = dyn_cast<DeclRefExpr>(B))
      return RefA->getDecl() == RefB->getDecl();
  if (isa<CXXThisExpr>(A) && isa<CXXThisExpr>(B))
    return true;
  if (const auto *MemberA = dyn_cast<MemberExpr>(A))
    if (const auto *MemberB = dyn_cast<MemberExpr>(B))
      return MemberA->getMemberDecl() == MemberB->getMemberDecl() &&
             MemberA->isArrow() == MemberB->isArrow() &&
             sameValue(MemberA->getBase(), MemberB->getBase(), Depth + 1);
  for (llvm::StringRef Accessor : {"len", "cap"}) {
    const CXXMemberCallExpr *CallA = asSliceMemberCall(A, Accessor);
    const CXXMemberCallExpr *CallB = asSliceMemberCall(B, Accessor);
    if (CallA && CallB)
      return sameValue(CallA->getImplicitObjectArgument(),
                       CallB->getImplicitObjectArgument(), Depth + 1);
  }
  return Expr::isSameComparisonOperand(A, B);
}

void normalise(SliceValue &V) {
  if (V.Cap)
    V.MinCap = *V.Cap;
  else if (V.Len)
    V.MinCap = std::max(V.MinCap, *V.Len);
  if (V.Len && V.Cap && *V.Len == *V.Cap)
    V.Full = true;
}

} // namespace

// --- Values ------------------------------------------------------------------

bool SliceValue::join(const SliceValue &Other, bool Widen) {
  const SliceValue Before = *this;
  if (Len != Other.Len)
    Len.reset();
  if (Cap != Other.Cap)
    Cap.reset();
  // A lower bound only ever loses: 0 claims nothing, so an append that
  // was known to fit becomes "maybe", never a finding that was not there.
  MinCap = Widen && Other.MinCap < MinCap ? 0 : std::min(MinCap, Other.MinCap);
  Full = Full && Other.Full;
  Sharers |= Other.Sharers;
  if (Window && (!Other.Window || Window->Parent != Other.Window->Parent ||
                 Window->Sub != Other.Window->Sub)) {
    Window.reset();
  } else if (Window) {
    const WindowOf &Theirs = *Other.Window;
    if (Window->Hi != Theirs.Hi)
      Window->Hi.reset();
    if (Window->End != Theirs.End) {
      const bool NeitherBefore =
          Window->End != WindowEnd::Before && Theirs.End != WindowEnd::Before &&
          Window->End != WindowEnd::Unknown && Theirs.End != WindowEnd::Unknown;
      Window->End = NeitherBefore ? WindowEnd::After : WindowEnd::Unknown;
    }
    Window->Reuse = Window->Reuse && Theirs.Reuse;
  }
  if (Appended != Other.Appended)
    Appended.reset();
  return !(Before == *this);
}

bool SharingState::joinValues(const SharingState &Other, bool Widen) {
  bool Changed = false;
  for (unsigned I = 0; I < Vars.size() && I < Other.Vars.size(); ++I) {
    if (!Other.Vars[I] || Vars.shares(I, Other.Vars))
      continue;
    if (!Vars[I]) {
      Vars.adopt(I, Other.Vars);
      Changed = true;
      continue;
    }
    SliceValue Joined = *Vars[I];
    if (Joined.join(*Other.Vars[I], Widen)) {
      Vars.edit(I) = std::move(Joined);
      Changed = true;
    }
  }
  return Changed;
}

// --- Values of expressions ---------------------------------------------------

SliceValue SliceSharing::unknown() const {
  SliceValue V;
  V.Sharers.resize(Variables.size());
  return V;
}

SliceValue SliceSharing::fresh(std::optional<std::uint64_t> Len,
                               std::optional<std::uint64_t> Cap,
                               bool Full) const {
  SliceValue V = unknown();
  V.Len = Len;
  V.Cap = Cap;
  V.Full = Full;
  normalise(V);
  return V;
}

std::optional<std::uint64_t> SliceSharing::constant(const Expr *E) const {
  if (!E || E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Context, Expr::SE_NoSideEffects))
    return std::nullopt;
  const llvm::APSInt &Value = Result.Val.getInt();
  if (Value.isSigned() && Value.isNegative())
    return std::nullopt;
  if (Value.getActiveBits() > 62)
    return std::nullopt;
  return Value.getZExtValue();
}

SliceValue SliceSharing::valueOf(const Expr *E, const SharingState &State) {
  E = model::stripImplicit(E);
  if (!E)
    return unknown();
  if (auto Found = Moved.find(E); Found != Moved.end())
    return Found->second;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    std::optional<unsigned> I = indexOf(Ref->getDecl());
    if (!I)
      return unknown();
    SliceValue V = State.Vars[*I] ? *State.Vars[*I] : unknown();
    V.Sharers.set(*I);
    return V;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    if (Construct->getNumArgs() >= 1)
      if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(
              model::stripImplicit(Construct->getArg(0))))
        if (const ConstantArrayType *Array = Context.getAsConstantArrayType(
                model::stripImplicit(List->getSubExpr())->getType())) {
          const std::uint64_t Count = Array->getZExtSize();
          return fresh(Count, Count, true);
        }
    if (Constructor && Constructor->isDefaultConstructor())
      return fresh(0, 0, true); // nil
    if (Constructor && Constructor->isCopyOrMoveConstructor() &&
        Construct->getNumArgs() == 1)
      return valueOf(Construct->getArg(0), State);
    return unknown();
  }
  if (const Expr *Operand = movedOperand(E))
    return valueOf(Operand, State);
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return isSliceType(Cast->getType()) ? valueOf(Cast->getSubExpr(), State)
                                        : unknown();
  if (const auto *Conditional = dyn_cast<AbstractConditionalOperator>(E)) {
    SliceValue V = valueOf(Conditional->getTrueExpr(), State);
    V.join(valueOf(Conditional->getFalseExpr(), State));
    return V;
  }
  if (const CXXMemberCallExpr *Sub = asSliceMemberCall(E, "sub"))
    return subValue(Sub, State);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (isAppendFunction(Callee))
      return appendValue(Call, State);
    if (isMakeSlice(Callee) && Call->getNumArgs() >= 1) {
      std::optional<std::uint64_t> Len = constant(Call->getArg(0));
      if (Call->getNumArgs() == 1)
        return fresh(Len, Len, true);
      std::optional<std::uint64_t> Cap = constant(Call->getArg(1));
      return fresh(Len, Cap, sameValue(Call->getArg(0), Call->getArg(1)));
    }
  }
  return unknown();
}

SliceValue SliceSharing::subValue(const CallExpr *Sub,
                                  const SharingState &State) {
  const auto *Member = cast<CXXMemberCallExpr>(Sub);
  const Expr *Object = Member->getImplicitObjectArgument();
  if (Sub->getNumArgs() < 2 || !Object)
    return unknown();
  const SliceValue Of = valueOf(Object, State);
  const Expr *LoExpr = Sub->getArg(0);
  const Expr *HiExpr = Sub->getArg(1);
  const Expr *MaxExpr = Sub->getNumArgs() > 2 ? Sub->getArg(2) : nullptr;
  const std::optional<std::uint64_t> Lo = constant(LoExpr);
  const std::optional<std::uint64_t> Hi = constant(HiExpr);

  // Where the window ends against the object's length.
  WindowEnd End = WindowEnd::Unknown;
  if (const CXXMemberCallExpr *Length = asSliceMemberCall(HiExpr, "len");
      Length && Length->getImplicitObjectArgument() &&
      sameValue(Length->getImplicitObjectArgument(), Object))
    End = WindowEnd::At;
  else if (Hi && Of.Len)
    End = *Hi < *Of.Len    ? WindowEnd::Before
          : *Hi == *Of.Len ? WindowEnd::At
                           : WindowEnd::After;

  SliceValue V = unknown();
  V.Sharers = Of.Sharers;
  if (Lo && Hi && *Lo <= *Hi)
    V.Len = *Hi - *Lo;
  if (MaxExpr) {
    const std::optional<std::uint64_t> Max = constant(MaxExpr);
    if (Lo && Max && *Lo <= *Max)
      V.Cap = *Max - *Lo;
    V.Full = (Hi && Max && *Hi == *Max) || sameValue(HiExpr, MaxExpr);
  } else {
    if (Lo && Of.Cap && *Lo <= *Of.Cap)
      V.Cap = *Of.Cap - *Lo;
    if (Lo)
      V.MinCap = Of.MinCap > *Lo ? Of.MinCap - *Lo : 0;
    // cap(s.sub(lo, s.len())) == cap(s) - lo == len(s) - lo when s is full.
    V.Full = Of.Full && End == WindowEnd::At;
  }
  normalise(V);

  if (std::optional<unsigned> Parent = variableOf(Object)) {
    WindowOf W;
    W.Parent = *Parent;
    W.Sub = Sub;
    W.Hi = Hi;
    W.End = End;
    W.Reuse = (Lo && Hi && *Lo == *Hi) || sameValue(LoExpr, HiExpr);
    V.Window = W;
  }
  return V;
}

std::optional<std::uint64_t>
SliceSharing::appendedCount(const CallExpr *Append, const SharingState &State) {
  const FunctionDecl *Callee = Append->getDirectCallee();
  if (!Callee || Append->getNumArgs() < 1)
    return std::nullopt;
  if (Callee->getIdentifier() &&
      Callee->getName() == AppendSliceFunction.rsplit("::").second)
    return Append->getNumArgs() == 2 ? valueOf(Append->getArg(1), State).Len
                                     : std::nullopt;
  return Append->getNumArgs() - 1;
}

InPlace SliceSharing::appendsInPlace(const SliceValue &Base,
                                     std::optional<std::uint64_t> Count) {
  if ((Count && *Count == 0) || Base.Full)
    return InPlace::Never;
  if (Base.Len && Count) {
    if (*Base.Len + *Count <= Base.MinCap)
      return InPlace::Always;
    if (Base.Cap && *Base.Len + *Count > *Base.Cap)
      return InPlace::Never;
  }
  return InPlace::Maybe;
}

SliceValue SliceSharing::appendValue(const CallExpr *Append,
                                     const SharingState &State) {
  if (Append->getNumArgs() < 1)
    return unknown();
  const Expr *BaseExpr = Append->getArg(0);
  const SliceValue Base = valueOf(BaseExpr, State);
  const std::optional<std::uint64_t> Count = appendedCount(Append, State);
  if (Count && *Count == 0)
    return Base; // the same header
  std::optional<std::uint64_t> NewLen;
  if (Base.Len && Count)
    NewLen = *Base.Len + *Count;

  const InPlace Where = appendsInPlace(Base, Count);
  if (Where == InPlace::Never) {
    if (!Count) {
      // Nothing added (the same header) or a new array.
      SliceValue V = unknown();
      V.Sharers = Base.Sharers;
      return V;
    }
    std::optional<std::uint64_t> NewCap;
    if (NewLen && Base.Cap)
      NewCap = grownCapacity(*NewLen, *Base.Cap);
    return fresh(NewLen, NewCap, false);
  }

  SliceValue V = unknown();
  V.Sharers = Base.Sharers;
  V.Len = NewLen;
  if (Where == InPlace::Always)
    V.Cap = Base.Cap;
  V.MinCap = std::max(Base.MinCap, NewLen.value_or(0));
  normalise(V);
  if (Base.Window) {
    WindowOf W = *Base.Window;
    W.Hi = W.Hi && Count ? std::optional(*W.Hi + *Count) : std::nullopt;
    const std::optional<SliceValue> &Parent = State.Vars[W.Parent];
    if (W.End == WindowEnd::At)
      W.End = WindowEnd::After;
    else if (W.End == WindowEnd::Before)
      W.End = W.Hi && Parent && Parent->Len
                  ? (*W.Hi < *Parent->Len    ? WindowEnd::Before
                     : *W.Hi == *Parent->Len ? WindowEnd::At
                                             : WindowEnd::After)
                  : WindowEnd::Unknown;
    V.Window = W;
  }
  if (std::optional<unsigned> BaseVariable = variableOf(BaseExpr))
    V.Appended = AppendedTo{*BaseVariable, Append, Where};
  return V;
}

} // namespace clang::tidy::slicemap::model
