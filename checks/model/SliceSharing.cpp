//===--- SliceSharing.cpp - which slices may share a backing array --------===//

#include "SliceSharing.h"

#include "BodyVisitor.h"
#include "RuntimeModel.h"
#include "ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

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

/// At most this many variables per function are tracked (the state is
/// quadratic in them); a function with more is not analysed.
constexpr unsigned MaxVariables = 256;

/// `std::move(x)` or `static_cast<T &&>(x)`: x; otherwise null.
const Expr *movedOperand(const Expr *E) {
  E = model::stripImplicit(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (Call->isCallToStdMove() && Call->getNumArgs() == 1)
      return Call->getArg(0);
  if (const auto *Cast = dyn_cast_or_null<CXXStaticCastExpr>(E))
    if (Cast->getType()->isRValueReferenceType() ||
        (Cast->isXValue() && isSliceType(Cast->getType())))
      return Cast->getSubExpr();
  return nullptr;
}

/// Do \p A and \p B denote the same value, evaluated at the same point?
/// Names of the same declaration, members of such, equal constants, and the
/// same Slice accessor (`s.len()`) of such.
bool sameValue(const Expr *A, const Expr *B, unsigned Depth = 0) {
  if (!A || !B || Depth > 8)
    return false;
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
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

bool isTrackableType(QualType Type) {
  return !Type.isNull() && !Type->isDependentType() && isSliceType(Type);
}

void normalise(SliceValue &V) {
  if (V.Cap)
    V.MinCap = *V.Cap;
  else if (V.Len)
    V.MinCap = std::max(V.MinCap, *V.Len);
  if (V.Len && V.Cap && *V.Len == *V.Cap)
    V.Full = true;
}

/// The body walk: candidate variables, what makes them untrackable, and
/// the references that assign rather than read.
class Collector : public BodyVisitor {
public:
  Collector() = default;

  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) override {
    // `auto &&__range = s;` reads s once, before the loop: not an alias.
    if (const DeclStmt *Range = For->getRangeStmt())
      for (const Decl *D : Range->decls())
        RangeVariables.insert(D);
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) override {
    if (isa<ParmVarDecl, DecompositionDecl>(Var))
      return true;
    QualType Type = Var->getType();
    if (Type->isReferenceType()) {
      if (!RangeVariables.contains(Var))
        if (const Expr *Init = Var->getInit())
          escape(Init);
      return true;
    }
    if (Var->hasLocalStorage() && !Var->isImplicit() && isTrackableType(Type) &&
        !Type.isVolatileQualified())
      Candidates.push_back(Var);
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->getOpcode() == UO_AddrOf)
      escape(Unary->getSubExpr());
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        Escaped.insert(Capture.getCapturedVar());
    return true;
  }

  bool VisitCXXCatchStmt(CXXCatchStmt *Catch) override {
    // The CFG has no edges into handlers: what they read is not seen.
    escapeAll(Catch->getHandlerBlock());
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) override {
    Refs.push_back(Ref);
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) override {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2)
      if (const auto *Target = dyn_cast_or_null<DeclRefExpr>(
              model::stripImplicit(Call->getArg(0))))
        Assigned.insert(Target);
    return true;
  }

  void escape(const Expr *E) {
    if (const auto *Ref =
            dyn_cast_or_null<DeclRefExpr>(model::stripImplicit(E)))
      Escaped.insert(Ref->getDecl());
  }

  void escapeAll(const Stmt *S) {
    forEachDeclRef(
        S, [&](const DeclRefExpr *Ref) { Escaped.insert(Ref->getDecl()); });
  }

  std::vector<const VarDecl *> Candidates;
  llvm::DenseSet<const Decl *> RangeVariables;
  llvm::DenseSet<const ValueDecl *> Escaped;
  std::vector<const DeclRefExpr *> Refs;
  llvm::DenseSet<const DeclRefExpr *> Assigned;
};

} // namespace

// --- Values ------------------------------------------------------------------

bool SliceValue::join(const SliceValue &Other) {
  const SliceValue Before = *this;
  if (Len != Other.Len)
    Len.reset();
  if (Cap != Other.Cap)
    Cap.reset();
  MinCap = std::min(MinCap, Other.MinCap);
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

bool SharingState::join(const SharingState &Other) {
  bool Changed = false;
  for (unsigned I = 0; I < Vars.size() && I < Other.Vars.size(); ++I) {
    if (!Other.Vars[I])
      continue;
    if (!Vars[I]) {
      Vars[I] = Other.Vars[I];
      Changed = true;
      continue;
    }
    Changed |= Vars[I]->join(*Other.Vars[I]);
  }
  return Changed;
}

// --- Collection --------------------------------------------------------------

SliceSharing::SliceSharing(const FunctionDecl &Function, const CFG &Graph,
                           ASTContext &Context)
    : Graph(Graph), Context(Context) {
  collect(Function);
}

void SliceSharing::collect(const FunctionDecl &Function) {
  Collector Walk;
  std::vector<const VarDecl *> Candidates;
  for (const ParmVarDecl *Parameter : Function.parameters())
    if (Parameter->getIdentifier() &&
        isTrackableType(Parameter->getType().getNonReferenceType()))
      Candidates.push_back(Parameter);
  Walk.TraverseStmt(Function.getBody());
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        Walk.TraverseStmt(Init->getInit());
  Candidates.insert(Candidates.end(), Walk.Candidates.begin(),
                    Walk.Candidates.end());

  // A reference the CFG leaves out would be a read the liveness misses.
  llvm::DenseSet<const Stmt *> InGraph;
  for (const CFGBlock *Block : Graph)
    for (const CFGElement &Element : *Block)
      if (std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>())
        InGraph.insert(AsStmt->getStmt());
  llvm::DenseSet<const ValueDecl *> Dropped = Walk.Escaped;
  for (const DeclRefExpr *Ref : Walk.Refs)
    if (!InGraph.contains(Ref))
      Dropped.insert(Ref->getDecl());

  for (const VarDecl *Var : Candidates)
    if (!Dropped.contains(Var) &&
        Index.try_emplace(Var, Variables.size()).second)
      Variables.push_back(Var);
  if (Variables.size() > MaxVariables) {
    Variables.clear();
    Index.clear();
    return;
  }
  for (const DeclRefExpr *Ref : Walk.Assigned)
    if (Index.contains(Ref->getDecl()))
      AssignedRefs.insert(Ref);

  Initial.Vars.resize(Variables.size());
  for (unsigned I = 0; I < Variables.size(); ++I)
    if (isa<ParmVarDecl>(Variables[I]))
      Initial.Vars[I] = unknown();
}

std::optional<unsigned> SliceSharing::indexOf(const ValueDecl *D) const {
  auto Found = Index.find(D);
  if (Found == Index.end())
    return std::nullopt;
  return Found->second;
}

std::optional<unsigned> SliceSharing::variableOf(const Expr *E) const {
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
          model::stripImplicit(ignoreImplicitCopy(E))))
    return indexOf(Ref->getDecl());
  return std::nullopt;
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

// --- Forward analysis --------------------------------------------------------

void SliceSharing::assign(unsigned Target, SliceValue Value,
                          SharingState &State) {
  Value.Sharers.reset(Target);
  if (Value.Window && Value.Window->Parent == Target)
    Value.Window.reset();
  if (Value.Appended && Value.Appended->Base == Target)
    Value.Appended.reset();
  // The old value is gone: nothing derives from it any more.
  for (unsigned I = 0; I < State.Vars.size(); ++I) {
    std::optional<SliceValue> &Other = State.Vars[I];
    if (I == Target || !Other)
      continue;
    Other->Sharers.reset(Target);
    if (Other->Window && Other->Window->Parent == Target)
      Other->Window.reset();
    if (Other->Appended && Other->Appended->Base == Target)
      Other->Appended.reset();
  }
  for (unsigned I : Value.Sharers.set_bits())
    if (State.Vars[I])
      State.Vars[I]->Sharers.set(Target);
  State.Vars[Target] = std::move(Value);
}

void SliceSharing::forget(unsigned Target, SharingState &State) {
  SliceValue Value = unknown();
  if (State.Vars[Target])
    Value.Sharers = State.Vars[Target]->Sharers;
  assign(Target, std::move(Value), State);
}

void SliceSharing::transfer(const CFGElement &Element, SharingState &State) {
  std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
  if (!AsStmt)
    return;
  const Stmt *S = AsStmt->getStmt();

  if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : Declaration->decls())
      if (std::optional<unsigned> I = indexOf(dyn_cast<VarDecl>(D))) {
        const Expr *Init = cast<VarDecl>(D)->getInit();
        assign(*I, Init ? valueOf(Init, State) : fresh(0, 0, true), State);
      }
    return;
  }

  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    // A move construction leaves its source nil (after taking its value).
    if (Construct->getNumArgs() == 1 && Construct->getConstructor() &&
        Construct->getConstructor()->isMoveConstructor())
      if (const Expr *Source = movedOperand(Construct->getArg(0)))
        if (std::optional<unsigned> I = variableOf(Source)) {
          SliceValue Value = valueOf(Source, State);
          Value.Sharers.reset(*I);
          Moved[Construct] = std::move(Value);
          assign(*I, fresh(0, 0, true), State);
        }
    return;
  }

  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2) {
    if (std::optional<unsigned> Target = variableOf(Operator->getArg(0))) {
      SliceValue Value = valueOf(Operator->getArg(1), State);
      std::optional<unsigned> Source;
      if (const Expr *Operand = movedOperand(Operator->getArg(1)))
        Source = variableOf(Operand);
      if (Source && *Source != *Target) {
        Value.Sharers.reset(*Source);
        assign(*Source, fresh(0, 0, true), State);
      }
      assign(*Target, std::move(Value), State);
      return;
    }
  }

  // A variable passed by non-const reference may come back changed.
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
  const unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
          ? 1
          : 0;
  for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
    const Expr *Argument = Call->getArg(Arg);
    if (const Expr *Operand = movedOperand(Argument))
      Argument = Operand;
    std::optional<unsigned> I = variableOf(Argument);
    if (!I)
      continue;
    bool MayChange = true;
    if (Arg < Offset)
      MayChange = !cast<CXXMethodDecl>(Callee)->isConst();
    else if (Callee && Arg - Offset < Callee->getNumParams()) {
      QualType Parameter = Callee->getParamDecl(Arg - Offset)->getType();
      MayChange = Parameter->isReferenceType() &&
                  !Parameter.getNonReferenceType().isConstQualified();
    } else if (Callee) {
      MayChange = false; // a C variadic argument is copied
    }
    if (MayChange)
      forget(*I, State);
  }
}

struct SharingForward {
  SliceSharing &Analysis;
  void element(const CFGElement &Element, SharingState &State) {
    Analysis.transfer(Element, State);
  }
  void edge(const CFGBlock &, const CFGBlock &, unsigned, SharingState &) {}
};

bool SliceSharing::run(FlowBudget Budget) {
  if (Variables.empty())
    return false;
  SharingForward Flow{*this};
  Entry = runForward(Graph, Initial, Flow, Budget);
  return Entry.has_value();
}

void SliceSharing::replay(
    llvm::function_ref<void(const CFGElement &, const SharingState &)> Visit) {
  if (!Entry)
    return;
  for (const CFGBlock *Block : Graph) {
    const std::optional<SharingState> &In = (*Entry)[Block->getBlockID()];
    if (!In)
      continue; // unreachable
    SharingState State = *In;
    for (const CFGElement &Element : *Block) {
      Visit(Element, State);
      transfer(Element, State);
    }
  }
}

// --- Backward liveness -------------------------------------------------------

/// The variables live at a point: some path ahead reads them.
using SliceLiveSet = LiveSet;

struct SharingBackward {
  const SliceSharing &Analysis;
  const llvm::DenseSet<const Stmt *> *Points = nullptr;
  llvm::DenseMap<const Stmt *, llvm::BitVector> *Record = nullptr;

  void element(const CFGElement &Element, SliceLiveSet &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (Record && Points->contains(S)) {
      auto [Slot, Inserted] = Record->try_emplace(S, State.Live);
      if (!Inserted)
        Slot->second |= State.Live;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (!Analysis.AssignedRefs.contains(Ref))
        if (std::optional<unsigned> I = Analysis.indexOf(Ref->getDecl()))
          State.Live.set(*I);
      return;
    }
    if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declaration->decls())
        if (std::optional<unsigned> I =
                Analysis.indexOf(dyn_cast<ValueDecl>(D)))
          State.Live.reset(*I);
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
        Operator && Operator->getOperator() == OO_Equal &&
        Operator->getNumArgs() == 2)
      if (std::optional<unsigned> I = Analysis.variableOf(Operator->getArg(0)))
        State.Live.reset(*I);
  }
};

bool SliceSharing::computeLiveness(llvm::ArrayRef<const Stmt *> Points,
                                   FlowBudget Budget) {
  Live.clear();
  if (Variables.empty())
    return false;
  // Only reads in the function count: what a caller does with a slice it
  // passed (by value or by reference) is not seen.
  SliceLiveSet AtExit{llvm::BitVector(Variables.size())};
  SharingBackward Flow{*this};
  std::optional<BlockStates<SliceLiveSet>> Exit =
      runBackward(Graph, AtExit, Flow, Budget);
  if (!Exit)
    return false;
  llvm::DenseSet<const Stmt *> Wanted(Points.begin(), Points.end());
  Flow.Points = &Wanted;
  Flow.Record = &Live;
  for (const CFGBlock *Block : Graph) {
    const std::optional<SliceLiveSet> &Out = (*Exit)[Block->getBlockID()];
    if (!Out)
      continue;
    SliceLiveSet State = *Out;
    for (const CFGElement &Element : llvm::reverse(*Block))
      Flow.element(Element, State);
  }
  return true;
}

const llvm::BitVector *SliceSharing::liveAfter(const Stmt *Point) const {
  auto Found = Live.find(Point);
  return Found == Live.end() ? nullptr : &Found->second;
}

} // namespace clang::tidy::slicemap::model
