//===--- SliceSharing.cpp - which slices may share a backing array --------===//

#include "SliceSharing.h"

#include "RuntimeModel.h"
#include "ValueUse.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

bool isTrackableType(QualType Type) {
  return !Type.isNull() && !Type->isDependentType() && isSliceType(Type);
}

/// The body walk: candidate variables, what makes them untrackable, and
/// the references that assign rather than read.
class Collector : public analysis::BodyVisitor {
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
    forEachByReferenceCapture(
        Lambda, [&](const ValueDecl *Var) { Escaped.insert(Var); });
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
  const analysis::ElementSet InGraph(Graph);
  llvm::DenseSet<const ValueDecl *> Dropped = Walk.Escaped;
  for (const DeclRefExpr *Ref : Walk.Refs)
    if (!InGraph.contains(Ref))
      Dropped.insert(Ref->getDecl());

  for (const VarDecl *Var : Candidates)
    if (!Dropped.contains(Var) &&
        Index.try_emplace(Var, Variables.size()).second)
      Variables.push_back(Var);
  for (const DeclRefExpr *Ref : Walk.Assigned)
    if (Index.contains(Ref->getDecl()))
      AssignedRefs.insert(Ref);

  Initial.Vars.resize(Variables.size());
  for (unsigned I = 0; I < Variables.size(); ++I)
    if (isa<ParmVarDecl>(Variables[I]))
      Initial.Vars.edit(I) = unknown();
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

// --- Forward analysis --------------------------------------------------------

void SliceSharing::assign(unsigned Target, SliceValue Value,
                          SharingState &State) {
  Value.Sharers.reset(Target);
  if (Value.Window && Value.Window->Parent == Target)
    Value.Window.reset();
  if (Value.Appended && Value.Appended->Base == Target)
    Value.Appended.reset();
  // The old value is gone: nothing derives from it any more.
  // (Only the values that name Target are written, and so copied.)
  for (unsigned I = 0; I < State.Vars.size(); ++I) {
    const std::optional<SliceValue> &Other = State.Vars[I];
    if (I == Target || !Other ||
        (!Other->Sharers.test(Target) &&
         !(Other->Window && Other->Window->Parent == Target) &&
         !(Other->Appended && Other->Appended->Base == Target)))
      continue;
    std::optional<SliceValue> &Changed = State.Vars.edit(I);
    Changed->Sharers.reset(Target);
    if (Changed->Window && Changed->Window->Parent == Target)
      Changed->Window.reset();
    if (Changed->Appended && Changed->Appended->Base == Target)
      Changed->Appended.reset();
  }
  for (unsigned I : Value.Sharers.set_bits())
    if (State.Vars[I] && !State.Vars[I]->Sharers.test(Target))
      State.Vars.edit(I)->Sharers.set(Target);
  State.Vars.edit(Target) = std::move(Value);
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
    moveConstruction(Construct, State);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2)
    if (std::optional<unsigned> Target = variableOf(Operator->getArg(0))) {
      assignment(*Target, Operator->getArg(1), State);
      return;
    }
  // A variable passed by non-const reference may come back changed.
  for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
    const Expr *Argument = Call->getArg(Arg);
    if (const Expr *Operand = movedOperand(Argument))
      Argument = Operand;
    std::optional<unsigned> I = variableOf(Argument);
    if (!I)
      continue;
    // (A C variadic argument is copied.)
    const Passing How = passingOf(Call, Arg);
    if (How == Passing::MutableReference || How == Passing::MutableObject ||
        How == Passing::Unknown)
      forget(*I, State);
  }
}

void SliceSharing::moveConstruction(const CXXConstructExpr *Construct,
                                    SharingState &State) {
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
}

void SliceSharing::assignment(unsigned Target, const Expr *From,
                              SharingState &State) {
  SliceValue Value = valueOf(From, State);
  std::optional<unsigned> Source;
  if (const Expr *Operand = movedOperand(From))
    Source = variableOf(Operand);
  if (Source && *Source != Target) {
    Value.Sharers.reset(*Source);
    assign(*Source, fresh(0, 0, true), State);
  }
  assign(Target, std::move(Value), State);
}

std::size_t SharingState::words() const {
  std::size_t Words = Vars.size();
  for (unsigned I = 0; I < Vars.size(); ++I)
    if (const std::optional<SliceValue> &Var = Vars[I])
      Words += analysis::wordsOf(Var->Sharers) + 4;
  return Words;
}

namespace {

struct SharingForward {
  SliceSharing &Analysis;
  void element(const CFGElement &Element, SharingState &State) {
    Analysis.transfer(Element, State);
  }
  // No scopeEnd: a window's parent out of scope still tells, through its
  // sharers, whose array an append through the window overwrites.
};

} // namespace

bool SliceSharing::run(analysis::WorkBudget &Budget) {
  SharingForward Flow{*this};
  Entry = analysis::solveForward(Graph, Initial, Flow, Budget);
  return Entry->Complete;
}

void SliceSharing::replay(
    llvm::function_ref<void(const CFGElement &, const SharingState &)> Visit) {
  if (!Entry)
    return;
  SharingForward Flow{*this};
  analysis::replayForward(Graph, *Entry, Flow, Visit);
}

// --- Backward liveness -------------------------------------------------------

namespace {

/// Backwards: the variables live at a point (some path ahead reads them).
struct SharingBackward {
  const SliceSharing &Analysis;

  void element(const CFGElement &Element, LiveSet &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (!Analysis.isAssignedRef(Ref))
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

} // namespace

bool SliceSharing::computeLiveness(llvm::ArrayRef<const Stmt *> Points,
                                   analysis::WorkBudget &Budget) {
  Live.clear();
  // Only reads in the function count: what a caller does with a slice it
  // passed (by value or by reference) is not seen.
  LiveSet AtExit{llvm::BitVector(Variables.size())};
  SharingBackward Flow{*this};
  const analysis::Solution<LiveSet> Exit =
      analysis::solveBackward(Graph, AtExit, Flow, Budget);
  if (!Exit.Complete)
    return false;
  llvm::DenseSet<const Stmt *> Wanted(Points.begin(), Points.end());
  analysis::replayBackward(
      Graph, Exit, Flow, [&](const CFGElement &Element, const LiveSet &After) {
        std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
        if (!AsStmt || !Wanted.contains(AsStmt->getStmt()))
          return;
        auto [Slot, Inserted] = Live.try_emplace(AsStmt->getStmt(), After.Live);
        if (!Inserted)
          Slot->second |= After.Live;
      });
  return true;
}

const llvm::BitVector *SliceSharing::liveAfter(const Stmt *Point) const {
  auto Found = Live.find(Point);
  return Found == Live.end() ? nullptr : &Found->second;
}

} // namespace clang::tidy::slicemap::model
