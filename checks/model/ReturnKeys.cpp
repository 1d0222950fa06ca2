//===--- ReturnKeys.cpp - effects keyed by what a function returns -------===//

#include "ReturnKeys.h"

#include "ValueUse.h"
#include "ViewInventory.h"
#include "analysis/Engine.h"

#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"

namespace clang::tidy::slicemap::model {

namespace {

/// Work one callee's keyed flow may spend: its state is one word, so this
/// is some 100,000 CFG elements - far beyond any function worth keying.
constexpr std::uint64_t KeyingBudget = 400'000;

/// The truth of the constant in `X == c`: `true`, `false`, `0`, or `1` for
/// a bool X (an integer X may be 2: `n == 1` says nothing of n's truth).
std::optional<bool> comparedConstant(const Expr *Constant, const Expr *Other) {
  Constant = stripImplicit(Constant);
  std::optional<bool> Truth;
  if (const auto *Bool = dyn_cast_or_null<CXXBoolLiteralExpr>(Constant))
    Truth = Bool->getValue();
  else if (const auto *Integer = dyn_cast_or_null<IntegerLiteral>(Constant);
           Integer && Integer->getValue().ule(1))
    Truth = !Integer->getValue().isZero();
  if (Truth == true && !stripImplicit(Other)->getType()->isBooleanType())
    return std::nullopt;
  return Truth;
}

/// The condition a two-way branch tests, whole (`a && c`).
const Expr *branchCondition(const Stmt *Branch) {
  if (const auto *If = dyn_cast<IfStmt>(Branch))
    return If->getCond();
  if (const auto *While = dyn_cast<WhileStmt>(Branch))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Branch))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Branch))
    return For->getCond();
  if (const auto *Choice = dyn_cast<ConditionalOperator>(Branch))
    return Choice->getCond();
  if (const auto *Logical = dyn_cast<BinaryOperator>(Branch);
      Logical && Logical->isLogicalOp())
    return Logical;
  return nullptr;
}

/// True when \p Last is \p Condition or one of its `&&` / `||` operands.
bool endsCondition(const Expr *Condition, const Expr *Last) {
  Condition = stripImplicit(Condition);
  if (Condition == Last)
    return true;
  const auto *Logical = dyn_cast_or_null<BinaryOperator>(Condition);
  return Logical && Logical->isLogicalOp() &&
         (endsCondition(Logical->getLHS(), Last) ||
          endsCondition(Logical->getRHS(), Last));
}

/// The condition the two-way branch ending \p Block decides on: its last
/// element (`c` of `if (a && c)`), when that is (part of) the condition of
/// the branch - not, say, the last call of an endless loop's body.
const Expr *lastCondition(const CFGBlock &Block) {
  const Stmt *Branch = Block.getTerminatorStmt();
  if (!Branch || Block.empty())
    return nullptr;
  const Expr *Condition = branchCondition(Branch);
  std::optional<CFGStmt> Last = Block.back().getAs<CFGStmt>();
  if (!Condition || !Last || !isa<Expr>(Last->getStmt()))
    return nullptr;
  const Expr *Tested = stripImplicit(cast<Expr>(Last->getStmt()));
  return endsCondition(Condition, Tested) ? Tested : nullptr;
}

/// The state of the keyed flow: which effects may have been made.
struct MadeEffects {
  std::uint64_t May = 0;
  bool join(const MadeEffects &Other) {
    const std::uint64_t Before = May;
    May |= Other.May;
    return May != Before;
  }
  std::size_t words() const { return 1; }
};

class KeyFlow {
public:
  KeyFlow(const llvm::DenseMap<const Stmt *, StatementEffects> &Statements,
          const CFG &Graph)
      : Statements(Statements), Deferred(branchTestedCalls(Graph)) {
    // `return f(v);`: f's keyed effects are keyed the same way here.
    for (const CFGBlock *Block : Graph)
      for (const CFGElement &Element : *Block)
        if (std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>())
          if (const auto *Return = dyn_cast<ReturnStmt>(AsStmt->getStmt()))
            if (std::optional<TestedCall> Tested =
                    testedCall(Return->getRetValue()))
              Deferred.insert(Tested->Call);
  }

  void element(const CFGElement &Element, MadeEffects &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      returned(Return->getRetValue(), State);
      return;
    }
    auto Found = Statements.find(S);
    if (Found == Statements.end())
      return;
    State.May |= Found->second.Always;
    if (!Deferred.contains(S))
      State.May |= Found->second.IfTrue | Found->second.IfFalse;
  }

  void edge(const CFGBlock &From, const CFGBlock &, unsigned Successor,
            MadeEffects &State) {
    if (std::optional<CallResult> Along = callResultAlong(From, Successor))
      State.May |= keyedBits(Along->Call, Along->Returned);
  }

  /// The effects that may be made on paths returning true, and false.
  std::uint64_t ReturnsTrue = 0;
  std::uint64_t ReturnsFalse = 0;

private:
  std::uint64_t keyedBits(const CallExpr *Call, bool Returned) const {
    auto Found = Statements.find(Call);
    if (Found == Statements.end())
      return 0;
    return Returned ? Found->second.IfTrue : Found->second.IfFalse;
  }

  void returned(const Expr *Value, const MadeEffects &State) {
    if (std::optional<bool> Truth = constantTruth(Value)) {
      (*Truth ? ReturnsTrue : ReturnsFalse) |= State.May;
      return;
    }
    // Not a constant: either truth value (a forwarded call's keyed effects
    // go with the value it returned).
    std::uint64_t WhenTrue = 0, WhenFalse = 0;
    if (std::optional<TestedCall> Tested = testedCall(Value)) {
      WhenTrue = keyedBits(Tested->Call, Tested->ReturnedWhenHolds);
      WhenFalse = keyedBits(Tested->Call, !Tested->ReturnedWhenHolds);
    }
    ReturnsTrue |= State.May | WhenTrue;
    ReturnsFalse |= State.May | WhenFalse;
  }

  const llvm::DenseMap<const Stmt *, StatementEffects> &Statements;
  llvm::DenseSet<const Stmt *> Deferred;
};

} // namespace

std::optional<TestedCall> testedCall(const Expr *Condition) {
  const Expr *E = stripImplicit(Condition);
  if (!E)
    return std::nullopt;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return TestedCall{Call, true};
  std::optional<TestedCall> Inner;
  bool Flip = false;
  if (const auto *Not = dyn_cast<UnaryOperator>(E);
      Not && Not->getOpcode() == UO_LNot) {
    Inner = testedCall(Not->getSubExpr());
    Flip = true;
  } else if (const auto *Compare = dyn_cast<BinaryOperator>(E);
             Compare && Compare->isEqualityOp()) {
    const Expr *Left = Compare->getLHS(), *Right = Compare->getRHS();
    std::optional<bool> Constant = comparedConstant(Right, Left);
    const Expr *Tested = Left;
    if (!Constant) {
      Constant = comparedConstant(Left, Right);
      Tested = Right;
    }
    if (!Constant)
      return std::nullopt;
    Inner = testedCall(Tested);
    // `X == false` and `X != true` hold when X does not.
    Flip = *Constant != (Compare->getOpcode() == BO_EQ);
  }
  if (Inner && Flip)
    Inner->ReturnedWhenHolds = !Inner->ReturnedWhenHolds;
  return Inner;
}

std::optional<CallResult> callResultAlong(const CFGBlock &From,
                                          unsigned Successor) {
  // Successor 0 is taken when the last condition (`c` of `a && c`) holds.
  if (From.succ_size() != 2 || Successor > 1)
    return std::nullopt;
  std::optional<TestedCall> Tested = testedCall(lastCondition(From));
  if (!Tested)
    return std::nullopt;
  return CallResult{Tested->Call,
                    (Successor == 0) == Tested->ReturnedWhenHolds};
}

llvm::DenseSet<const Stmt *> branchTestedCalls(const CFG &Graph) {
  llvm::DenseSet<const Stmt *> Calls;
  for (const CFGBlock *Block : Graph)
    if (Block->succ_size() == 2)
      if (std::optional<CallResult> Along = callResultAlong(*Block, 0))
        Calls.insert(Along->Call);
  return Calls;
}

std::vector<std::optional<bool>>
keyByReturn(const FunctionDecl &Definition,
            const llvm::DenseMap<const Stmt *, StatementEffects> &Statements,
            unsigned Count) {
  std::vector<std::optional<bool>> Keys(Count);
  std::unique_ptr<CFG> Graph = analysis::buildFlowCFG(
      &Definition, Definition.getBody(), Definition.getASTContext());
  if (!Graph)
    return Keys;
  KeyFlow Flow(Statements, *Graph);
  analysis::WorkBudget Budget(KeyingBudget);
  if (!analysis::solveForward(*Graph, MadeEffects{}, Flow, Budget).Complete)
    return Keys;
  for (unsigned Effect = 0; Effect < Count; ++Effect) {
    const bool OnTrue = Flow.ReturnsTrue >> Effect & 1;
    const bool OnFalse = Flow.ReturnsFalse >> Effect & 1;
    // Made on paths returning one truth value only; an effect on no
    // returning path (it throws) stays unkeyed.
    if (OnTrue != OnFalse)
      Keys[Effect] = OnTrue;
  }
  return Keys;
}

} // namespace clang::tidy::slicemap::model
