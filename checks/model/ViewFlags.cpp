//===--- ViewFlags.cpp - flags correlated with invalidations --------------===//
//
// A cheap path correlation for the commonest guard of a view:
//
//   bool matched = false;
//   for (...)
//     if (!matched && ...) { v.insert(...); matched = true; }
//   if (!matched) use(view);
//
// A flag is a local bool (or a bool parameter) that is set to a constant
// somewhere or tested by a branch, and never aliased (address taken,
// captured by reference, passed by mutable reference). Set to a value not
// known (`bool a = A();`), it may be either - but the same at each test
// until it is set again. The flow (ViewFlow.h) keeps, per flag, whether it may
// be false and which slots may be invalid on a path where it may be false;
// along a branch where the flag is false, an invalidation made only while it
// was true is forgotten. A local bool that stores what a call keyed by its
// result returns (ReturnKeys.h: `bool added = addIfMissing(v, x);`) is a flag
// too: the call's keyed change is made while it is true (or, for a change keyed
// by the other value, while its negation is: the flag then tracks `!added`).
//
//===----------------------------------------------------------------------===//

#include "ContainerEffects.h"
#include "ReturnKeys.h"
#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// \p Var, if it is a local bool.
const VarDecl *localBool(const VarDecl *Var) {
  return Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
                 Var->getType()->isBooleanType() && !Var->isStaticLocal()
             ? Var
             : nullptr;
}

/// The local bool \p E names, if any.
const VarDecl *localBool(const Expr *E) { return localBool(localVar(E)); }

/// The local bool a branch tests (`if (a)`, `while (!done)`, `a && ...`).
const VarDecl *testedBool(const Expr *Cond) {
  Cond = stripImplicit(Cond);
  if (const auto *Not = dyn_cast_or_null<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    Cond = stripImplicit(Not->getSubExpr());
  return Cond ? localBool(Cond) : nullptr;
}

/// The conditions \p S branches on.
llvm::SmallVector<const Expr *, 2> conditionsOf(const Stmt *S) {
  if (const auto *If = dyn_cast<IfStmt>(S))
    return {If->getCond()};
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return {While->getCond()};
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return {Do->getCond()};
  if (const auto *For = dyn_cast<ForStmt>(S))
    return {For->getCond()};
  if (const auto *Choice = dyn_cast<ConditionalOperator>(S))
    return {Choice->getCond()};
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->isLogicalOp())
    return {Binary->getLHS(), Binary->getRHS()};
  return {};
}

} // namespace

std::optional<bool> constantTruth(const Expr *Value) {
  Value = stripImplicit(Value);
  if (const auto *Bool = dyn_cast_or_null<CXXBoolLiteralExpr>(Value))
    return Bool->getValue();
  if (const auto *Integer = dyn_cast_or_null<IntegerLiteral>(Value))
    return Integer->getValue().getBoolValue();
  return std::nullopt;
}

void ViewInventory::noteFlagStatement(const Stmt *S) {
  // A bool tested twice has the same value both times unless it is set in
  // between (`const bool a = A(); if (a) v.clear(); if (a) it = v.begin();`).
  for (const Expr *Cond : conditionsOf(S))
    if (const VarDecl *Flag = testedBool(Cond))
      FlagCandidates.insert(Flag);
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    const VarDecl *Flag = Binary->getOpcode() == BO_Assign
                              ? localBool(Binary->getLHS())
                              : nullptr;
    if (Flag && constantTruth(Binary->getRHS()))
      FlagCandidates.insert(Flag);
    else if (Flag && testedCall(Binary->getRHS()))
      StoredResults.emplace_back(Flag, Binary->getRHS());
    return;
  }
  if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
    // `bool added = addIfMissing(v, x);` (numberFlags keeps keyed calls).
    for (const Decl *D : Declaration->decls())
      if (const VarDecl *Flag = localBool(dyn_cast<VarDecl>(D));
          Flag && testedCall(Flag->getInit()))
        StoredResults.emplace_back(Flag, Flag->getInit());
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S))
    for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
      const Passing How = passingOf(Call, Arg);
      if (How == Passing::MutableReference || How == Passing::Unknown)
        if (const VarDecl *Flag = localBool(Call->getArg(Arg)))
          NotFlags.insert(Flag);
    }
}

void ViewInventory::numberFlags() {
  if (slotCount() == 0)
    return;
  const llvm::DenseMap<const VarDecl *, bool> Inverted = noteStoredResults();
  if (FlagCandidates.empty())
    return;
  for (const VarDecl *Flag : FlagCandidates)
    if (!NotFlags.contains(Flag) && !Escaped.contains(Flag))
      Flags.push_back(Flag);
  llvm::sort(Flags, [](const VarDecl *A, const VarDecl *B) {
    return A->getLocation().getRawEncoding() <
           B->getLocation().getRawEncoding();
  });
  if (Flags.size() > MaxFlags)
    Flags.resize(MaxFlags);
  for (unsigned Index = 0; Index < Flags.size(); ++Index)
    FlagIndex[Flags[Index]] = Index;
  InvertedFlags.resize(Flags.size());
  for (const auto &[Var, Negated] : Inverted)
    if (std::optional<unsigned> Flag = flagOfVariable(Var))
      InvertedFlags[*Flag] = Negated;
  for (auto Stored = FlagCalls.begin(); Stored != FlagCalls.end();) {
    auto Current = Stored++;
    if (std::optional<unsigned> Flag = flagOfVariable(Current->second.first))
      Current->second.second.Flag = *Flag;
    else
      FlagCalls.erase(Current);
  }
}

llvm::DenseMap<const VarDecl *, bool> ViewInventory::noteStoredResults() {
  // A variable storing what a keyed call returned is a flag that tracks
  // whether the keyed change was made: the variable itself, or its negation
  // (`bool present = alreadyPresent(v, x);` with a push when it is false).
  // The first keyed call stored in it decides which.
  llvm::DenseMap<const VarDecl *, bool> Inverted;
  for (const auto &[Var, Value] : StoredResults) {
    const std::optional<TestedCall> Tested = testedCall(Value);
    std::optional<bool> Keyed;
    Effects.mutations(Tested->Call, *this, [&](const Mutation &M) {
      if (!Keyed)
        Keyed = M.WhenReturns;
    });
    if (!Keyed)
      continue;
    FlagCandidates.insert(Var);
    const bool Negated =
        Inverted.try_emplace(Var, *Keyed != Tested->ReturnedWhenHolds)
            .first->second;
    FlagCalls[Tested->Call] = {
        Var, FlagCall{0, Tested->ReturnedWhenHolds != Negated}};
  }
  return Inverted;
}

std::optional<ViewInventory::FlagCall>
ViewInventory::flagCallOf(const Stmt *Call) const {
  auto Found = FlagCalls.find(Call);
  if (Found == FlagCalls.end())
    return std::nullopt;
  return Found->second.second;
}

std::optional<bool> ViewInventory::flagValue(unsigned Flag,
                                             std::optional<bool> Value) const {
  if (!Value)
    return std::nullopt;
  return *Value != (Flag < InvertedFlags.size() && InvertedFlags[Flag]);
}

std::optional<unsigned> ViewInventory::flagOf(const Expr *E) const {
  return Flags.empty() ? std::nullopt : flagOfVariable(localVar(E));
}

std::optional<unsigned>
ViewInventory::flagOfVariable(const VarDecl *Var) const {
  if (Flags.empty())
    return std::nullopt;
  auto Found = Var ? FlagIndex.find(Var) : FlagIndex.end();
  if (Found == FlagIndex.end())
    return std::nullopt;
  return Found->second;
}

std::optional<std::pair<unsigned, bool>>
ViewInventory::flagTest(const Expr *Cond) const {
  if (Flags.empty() || !Cond)
    return std::nullopt;
  Cond = stripImplicit(Cond);
  bool Negated = false;
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    Negated = true;
    Cond = Not->getSubExpr();
  }
  if (std::optional<unsigned> Flag = flagOf(Cond))
    return std::make_pair(*Flag, Negated != InvertedFlags[*Flag]);
  return std::nullopt;
}

} // namespace clang::tidy::slicemap::model
