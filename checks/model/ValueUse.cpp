//===--- ValueUse.cpp - is a value used, and may an expression be repeated ===//

#include "ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// Nodes that wrap a value without using it.
bool isTransparentWrapper(const Stmt *S) {
  return isa<ParenExpr, ImplicitCastExpr, FullExpr, CXXBindTemporaryExpr,
             MaterializeTemporaryExpr>(S);
}

bool isExplicitCastToVoid(const Stmt *S) {
  const auto *Cast = dyn_cast<ExplicitCastExpr>(S);
  return Cast && Cast->getTypeAsWritten()->isVoidType();
}

const Stmt *soleParent(const Stmt &Child, ASTContext &Context) {
  DynTypedNodeList Parents = Context.getParents(Child);
  // A node with several parents (shared by template instantiations) or none
  // (a default argument, an unevaluated type operand) is not a statement
  // position we can judge: treat its value as used.
  return Parents.size() == 1 ? Parents[0].get<Stmt>() : nullptr;
}

/// Is \p Child, a direct child of \p Parent, in a position whose value the
/// language discards (a statement of its own)?
bool isStatementPosition(const Stmt *Parent, const Stmt *Child,
                         ASTContext &Context) {
  if (const auto *Block = dyn_cast<CompoundStmt>(Parent)) {
    // ({ ...; last; }) yields `last`.
    const Stmt *Outer = soleParent(*Block, Context);
    return !(Outer && isa<StmtExpr>(Outer) && Block->body_back() == Child);
  }
  if (const auto *If = dyn_cast<IfStmt>(Parent))
    return Child == If->getThen() || Child == If->getElse() ||
           Child == If->getInit();
  if (const auto *For = dyn_cast<ForStmt>(Parent))
    return Child == For->getBody() || Child == For->getInc() ||
           Child == For->getInit();
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Parent))
    return Child == RangeFor->getBody() || Child == RangeFor->getInit();
  if (const auto *While = dyn_cast<WhileStmt>(Parent))
    return Child == While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Parent))
    return Child == Do->getBody();
  if (const auto *Switch = dyn_cast<SwitchStmt>(Parent))
    return Child == Switch->getBody() || Child == Switch->getInit();
  if (const auto *Case = dyn_cast<SwitchCase>(Parent))
    return Child == Case->getSubStmt();
  if (const auto *Label = dyn_cast<LabelStmt>(Parent))
    return Child == Label->getSubStmt();
  if (const auto *Attributed = dyn_cast<AttributedStmt>(Parent))
    return Child == Attributed->getSubStmt();
  return false;
}

} // namespace

bool isDiscardedValue(const Expr *E, ASTContext &Context) {
  const Stmt *Child = E;
  // Bounded: wrappers nest a handful deep; a pathological nest of commas or
  // conditionals is given up on (treated as used) rather than walked.
  for (unsigned Depth = 0; Depth < 128; ++Depth) {
    const Stmt *Parent = soleParent(*Child, Context);
    if (!Parent)
      return false;
    if (isTransparentWrapper(Parent)) {
      Child = Parent;
      continue;
    }
    if (isExplicitCastToVoid(Parent))
      return false;
    if (const auto *Binary = dyn_cast<BinaryOperator>(Parent);
        Binary && Binary->getOpcode() == BO_Comma) {
      if (Child == Binary->getLHS())
        return true;
      Child = Parent;
      continue;
    }
    if (const auto *Conditional =
            dyn_cast<AbstractConditionalOperator>(Parent)) {
      if (Child == Conditional->getCond())
        return false;
      Child = Parent;
      continue;
    }
    return isStatementPosition(Parent, Child, Context);
  }
  return false;
}

bool isRepeatable(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParens()->IgnoreImplicit();
  // An implicit conversion (a key "k" becoming a std::string) repeats fine
  // when its operands do.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && !isa<CXXTemporaryObjectExpr>(Construct) &&
      !Construct->isListInitialization() && Construct->getNumArgs() > 0) {
    for (const Expr *Argument : Construct->arguments())
      if (!isa<CXXDefaultArgExpr>(Argument) && !isRepeatable(Argument))
        return false;
    return true;
  }
  if (isa<DeclRefExpr, CXXThisExpr, IntegerLiteral, CharacterLiteral,
          StringLiteral, CXXBoolLiteralExpr, FloatingLiteral,
          CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return isRepeatable(Member->getBase());
  if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(E))
    return Member->isImplicitAccess() || isRepeatable(Member->getBase());
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return isRepeatable(Subscript->getBase()) &&
           isRepeatable(Subscript->getIdx());
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->getOpcode() == UO_Deref && isRepeatable(Unary->getSubExpr());
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    // Containers' operator[] and iterators' operator* are pure by convention.
    if (Operator->getOperator() != OO_Subscript &&
        Operator->getOperator() != OO_Star)
      return false;
    for (const Expr *Argument : Operator->arguments())
      if (!isRepeatable(Argument))
        return false;
    return true;
  }
  return false;
}

const Expr *ignoreImplicitCopy(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      !Construct->isListInitialization() &&
      Construct->getConstructor()->isCopyOrMoveConstructor() &&
      !isa<CXXTemporaryObjectExpr>(Construct))
    E = Construct->getArg(0)->IgnoreImplicit();
  return E;
}

} // namespace clang::tidy::slicemap::model
