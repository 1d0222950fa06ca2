//===--- ViewCallables.cpp - the lambdas a call runs ----------------------===//
//
// Which lambda a call runs and when: `f()` of a closure variable or of a
// lambda where it is made (calledLambda), and the callables a std algorithm,
// std::invoke or a std::ranges function object runs before it returns
// (lambdasRunBy) - not std::bind, std::async and the like, which keep them
// for later - with the range such an algorithm iterates (rangeIteratedBy).
//
//===----------------------------------------------------------------------===//

#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

/// std functions that keep the callable they are given rather than run it.
static bool keepsCallable(llvm::StringRef Name) {
  return llvm::is_contained({"bind",
                             "bind_front",
                             "bind_back",
                             "async",
                             "not_fn",
                             "mem_fn",
                             "ref",
                             "cref",
                             "move",
                             "forward",
                             "move_if_noexcept",
                             "make_shared",
                             "make_unique",
                             "allocate_shared",
                             "make_pair",
                             "make_tuple",
                             "make_optional",
                             "make_any",
                             "tie",
                             "forward_as_tuple",
                             "addressof",
                             "swap",
                             "exchange",
                             "as_const",
                             "construct_at",
                             "get"},
                            Name);
}

/// The declaration \p D is in namespace std or one nested in it.
static bool declaredInStd(const Decl *D) {
  for (const DeclContext *Context = D->getDeclContext(); Context;
       Context = Context->getParent())
    if (Context->isStdNamespace())
      return true;
  return false;
}

llvm::ArrayRef<const Expr *> callableArguments(const Expr *E) {
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() != OO_Call || Operator->getNumArgs() < 2)
      return {};
    const auto *Callee =
        dyn_cast<DeclRefExpr>(stripImplicit(Operator->getArg(0)));
    const auto *Object =
        Callee ? dyn_cast<VarDecl>(Callee->getDecl()) : nullptr;
    if (!Object || !Object->getIdentifier() || !declaredInStd(Object) ||
        keepsCallable(Object->getName()))
      return {};
    return {Operator->getArgs() + 1, Operator->getNumArgs() - 1};
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || isa<CXXMemberCallExpr>(Call))
    return {};
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !declaredInStd(Callee) ||
      keepsCallable(Callee->getName()))
    return {};
  return {Call->getArgs(), Call->getNumArgs()};
}

const LambdaExpr *ViewInventory::calledLambda(const Expr *Callee) const {
  Callee = stripImplicit(Callee);
  if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(Callee))
    return Lambda;
  const VarDecl *Var = localVar(Callee);
  if (!Var || Escaped.contains(Var) || AssignedClosures.contains(Var))
    return nullptr;
  return Closures.lookup(Var);
}

llvm::SmallVector<ViewInventory::RunLambda, 1>
ViewInventory::lambdasRunBy(const Expr *Call) const {
  llvm::SmallVector<RunLambda, 1> Run;
  for (const Expr *Argument : callableArguments(Call)) {
    Argument = stripImplicit(Argument);
    // A closure passed by value is copied.
    if (const auto *Copy = dyn_cast_or_null<CXXConstructExpr>(Argument);
        Copy && Copy->getNumArgs() == 1 &&
        Copy->getConstructor()->isCopyOrMoveConstructor())
      Argument = stripImplicit(Copy->getArg(0));
    if (!Argument || !Argument->getType()->getAsCXXRecordDecl() ||
        !Argument->getType()->getAsCXXRecordDecl()->isLambda())
      continue;
    if (const LambdaExpr *Lambda = calledLambda(Argument))
      Run.push_back(
          {Lambda, isa<LambdaExpr>(Argument) ? nullptr : localVar(Argument)});
  }
  return Run;
}

std::optional<Place> ViewInventory::rangeIteratedBy(const Expr *Call) const {
  llvm::ArrayRef<const Expr *> Arguments = callableArguments(Call);
  if (Arguments.empty())
    return std::nullopt;
  if (std::optional<Place> Range = containerOf(Arguments.front()))
    return Range;
  std::optional<Source> First = sourceOf(Arguments.front());
  if (!First || First->Kind != ViewKind::Iterator || First->FromView)
    return std::nullopt;
  return First->Container;
}

} // namespace clang::tidy::slicemap::model
