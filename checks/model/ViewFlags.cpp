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
// was true is forgotten.
//
//===----------------------------------------------------------------------===//

#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// The local bool \p E names, if any.
const VarDecl *localBool(const Expr *E) {
  const VarDecl *Var = localVar(E);
  return Var && !Var->getType()->isReferenceType() &&
                 Var->getType()->isBooleanType() && !Var->isStaticLocal()
             ? Var
             : nullptr;
}

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
    if (Binary->getOpcode() == BO_Assign && constantTruth(Binary->getRHS()))
      if (const VarDecl *Flag = localBool(Binary->getLHS()))
        FlagCandidates.insert(Flag);
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
  if (slotCount() == 0 || FlagCandidates.empty())
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
    return std::make_pair(*Flag, Negated);
  return std::nullopt;
}

} // namespace clang::tidy::slicemap::model
