//===--- ValueUse.cpp - is a value used, and may an expression be repeated ===//

#include "ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

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

void visitDiscarded(const Stmt *S, llvm::function_ref<void(const Expr *)> Visit,
                    unsigned Depth) {
  // Bounded: a pathological nest of commas or conditionals is given up on.
  if (!S || Depth > 128)
    return;
  // A case, label or attribute in front of a statement: the statement.
  while (true) {
    if (const auto *Case = dyn_cast<SwitchCase>(S))
      S = Case->getSubStmt();
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      S = Label->getSubStmt();
    else if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
      S = Attributed->getSubStmt();
    else
      break;
    if (!S)
      return;
  }
  while (isTransparentWrapper(S)) {
    auto Children = S->children();
    if (Children.empty())
      return;
    S = *Children.begin();
    if (!S)
      return;
  }
  const auto *E = dyn_cast<Expr>(S);
  if (!E || isExplicitCastToVoid(E))
    return;
  if (const auto *Binary = dyn_cast<BinaryOperator>(E);
      Binary && Binary->getOpcode() == BO_Comma) {
    visitDiscarded(Binary->getLHS(), Visit, Depth + 1);
    visitDiscarded(Binary->getRHS(), Visit, Depth + 1);
    return;
  }
  if (const auto *Conditional = dyn_cast<AbstractConditionalOperator>(E)) {
    visitDiscarded(Conditional->getTrueExpr(), Visit, Depth + 1);
    visitDiscarded(Conditional->getFalseExpr(), Visit, Depth + 1);
    return;
  }
  Visit(E);
}

} // namespace

void forEachDiscardedValue(const Stmt *Position,
                           llvm::function_ref<void(const Expr *)> Visit) {
  visitDiscarded(Position, Visit, 0);
}

void forEachDiscardPosition(const Stmt *S,
                            llvm::function_ref<void(const Stmt *)> Visit) {
  auto Position = [&](const Stmt *P) {
    if (P)
      Visit(P);
  };
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *Child : Block->body())
      Position(Child);
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    Position(If->getThen());
    Position(If->getElse());
    Position(If->getInit());
  } else if (const auto *For = dyn_cast<ForStmt>(S)) {
    Position(For->getBody());
    Position(For->getInc());
    Position(For->getInit());
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    Position(Range->getBody());
    Position(Range->getInit());
  } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
    Position(While->getBody());
  } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
    Position(Do->getBody());
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    Position(Switch->getInit());
  } else if (const auto *Binary = dyn_cast<BinaryOperator>(S);
             Binary && Binary->getOpcode() == BO_Comma) {
    Position(Binary->getLHS());
  }
}

namespace {

/// Every discard position in \p Body, at any depth (an explicit stack: a
/// generated body may nest a thousand blocks), lambdas excepted.
void walkDiscardPositions(const Stmt *Body,
                          llvm::function_ref<void(const Expr *)> Visit) {
  // Each statement with the statement that is its parent's value, if any.
  llvm::SmallVector<std::pair<const Stmt *, const Stmt *>, 32> Work{
      {Body, nullptr}};
  while (!Work.empty()) {
    auto [S, ValueStatement] = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    forEachDiscardPosition(S, [&](const Stmt *P) {
      if (P != ValueStatement)
        forEachDiscardedValue(P, Visit);
    });
    const Stmt *InnerValue = nullptr;
    if (const auto *Value = dyn_cast<StmtExpr>(S)) {
      // ({ ...; last; }) yields `last`.
      if (const CompoundStmt *Block = Value->getSubStmt();
          Block && !Block->body_empty())
        InnerValue = Block->body_back();
    }
    for (const Stmt *Child : S->children())
      Work.emplace_back(Child, InnerValue);
  }
}

void visitDeclRefs(const Stmt *S,
                   llvm::function_ref<void(const DeclRefExpr *)> Visit,
                   unsigned Depth) {
  if (!S || Depth > 256)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    Visit(Ref);
  // A lambda names the enclosing function's variables in its captures (every
  // variable its body uses is captured); its body is a function of its own,
  // and walking it again from every enclosing function made a lambda nested
  // d deep cost d walks.
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : Lambda->capture_inits())
      visitDeclRefs(Init, Visit, Depth + 1);
    return;
  }
  for (const Stmt *Child : S->children())
    visitDeclRefs(Child, Visit, Depth + 1);
}

} // namespace

void forEachDiscardedValueIn(const Stmt *Body,
                             llvm::function_ref<void(const Expr *)> Visit) {
  walkDiscardPositions(Body, Visit);
}

void forEachDeclRef(const Stmt *S,
                    llvm::function_ref<void(const DeclRefExpr *)> Visit) {
  visitDeclRefs(S, Visit, 0);
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

const Expr *stripImplicit(const Expr *E) {
  for (const Expr *Last = nullptr; E && E != Last;) {
    Last = E;
    E = E->IgnoreImplicit()->IgnoreParens();
  }
  return E;
}

void forEachByReferenceCapture(
    const LambdaExpr *Lambda,
    llvm::function_ref<void(const ValueDecl *)> Visit) {
  for (const LambdaCapture &Capture : Lambda->captures())
    if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
      Visit(Capture.getCapturedVar());
}

const Expr *movedOperand(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (Call->isCallToStdMove() && Call->getNumArgs() == 1)
      return Call->getArg(0);
  // `static_cast<T &&>(x)` is an xvalue of type T.
  if (const auto *Cast = dyn_cast_or_null<CXXStaticCastExpr>(E))
    if (Cast->isXValue() || Cast->getType()->isRValueReferenceType())
      return Cast->getSubExpr();
  return nullptr;
}

Passing passingOf(const CallExpr *Call, unsigned Arg) {
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
  // A member operator's object is its first argument.
  const unsigned Offset =
      isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
          ? 1
          : 0;
  if (Arg < Offset)
    return cast<CXXMethodDecl>(Callee)->isConst() ? Passing::ConstObject
                                                  : Passing::MutableObject;
  if (!Callee)
    return Passing::Unknown;
  if (Arg - Offset >= Callee->getNumParams())
    return Passing::Variadic;
  QualType Param = Callee->getParamDecl(Arg - Offset)->getType();
  if (Param->isReferenceType())
    return Param.getNonReferenceType().isConstQualified()
               ? Passing::ConstReference
               : Passing::MutableReference;
  if (Param->isPointerType())
    return Param->getPointeeType().isConstQualified() ? Passing::ConstPointer
                                                      : Passing::MutablePointer;
  return Passing::Value;
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
