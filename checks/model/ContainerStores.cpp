//===--- ContainerStores.cpp - which stored views a call may re-point -----===//
//
// slicemap-dangling-view follows views stored in members of *this and in
// variables of static storage (ViewInventory.h) only while nothing out of
// its sight may re-point them. What may: a function that assigns such a
// variable (`cur = nullptr;`), binds it to a mutable reference or passes it
// by one, or takes its address - directly or through the calls it makes.
// The answer is part of each function's memoised EffectSummary (its body is
// read once per TU, with the container effects); a member is named by its
// declaration whatever object it belongs to, which can only forget more.
//
// What is out of sight re-points anything: a callee with no body in this TU
// (outside system headers), a virtual call that may reach an override, a
// call through a function pointer or a std::function, CallDepth reached.
// Functions in system headers cannot name the program's variables; they
// re-point what the callables they are given re-point (`std::for_each(b, e,
// [&](int x) { cur = ... })`).
//
// The same walk notes which stored views a function reads (a member of
// *this, a variable of static storage): a call of it is a use of them
// (`v = vec[0]; vec.push_back(x); bar();` where bar reads v).
//
//===----------------------------------------------------------------------===//

#include "ContainerEffects.h"
#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::slicemap::model {

namespace {

bool inSystemHeader(const Decl *D) {
  const SourceLocation Loc = D->getLocation();
  return Loc.isInvalid() ||
         D->getASTContext().getSourceManager().isInSystemHeader(Loc);
}

/// A call of a virtual function that an override may answer.
bool mayDispatch(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->isVirtual() || Method->hasAttr<FinalAttr>() ||
      Method->getParent()->hasAttr<FinalAttr>())
    return false;
  const auto *Callee = dyn_cast<MemberExpr>(stripImplicit(Call->getCallee()));
  return !Callee || !Callee->hasQualifier();
}

/// `this` or `*this`.
bool isThis(const Expr *E) {
  E = stripImplicit(E);
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    E = stripImplicit(Unary->getSubExpr());
  return isa_and_nonnull<CXXThisExpr>(E);
}

/// Operators that step a view or assign it: the flow follows those itself.
bool stepsOrAssigns(OverloadedOperatorKind Kind) {
  return Kind == OO_PlusPlus || Kind == OO_MinusMinus || Kind == OO_PlusEqual ||
         Kind == OO_MinusEqual || Kind == OO_Equal;
}

} // namespace

const ValueDecl *ContainerEffects::storeTarget(const Expr *E) {
  const ValueDecl *D = memberOrStatic(E, /*AnyObject=*/true);
  if (!D)
    return nullptr;
  const QualType Type = D->getType();
  if (Type->isPointerType() || (Type->isRecordType() && !isContainerType(Type)))
    return D;
  return nullptr;
}

const ValueDecl *ContainerEffects::storeIn(const Stmt *S) {
  if (const auto *Binary = dyn_cast<BinaryOperator>(S))
    return Binary->isAssignmentOp() ? storeTarget(Binary->getLHS()) : nullptr;
  if (const auto *Unary = dyn_cast<UnaryOperator>(S))
    return Unary->getOpcode() == UO_AddrOf ? storeTarget(Unary->getSubExpr())
                                           : nullptr;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S))
    return Operator->getOperator() == OO_Equal && Operator->getNumArgs() == 2
               ? storeTarget(Operator->getArg(0))
               : nullptr;
  return nullptr;
}

bool ContainerEffects::callStores(
    const Expr *E, const ViewInventory &F,
    llvm::function_ref<void(const ValueDecl *)> Found) {
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  bool Unknown = false;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    Callee = Construct->getConstructor();
    Args = {Construct->getArgs(), Construct->getNumArgs()};
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Callee = Call->getDirectCallee();
    Args = {Call->getArgs(), Call->getNumArgs()};
    // The stored variables the call is given to re-point: by mutable
    // reference, or as the object of a non-const member function.
    for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
      const Passing How = passingOf(Call, Arg);
      if (How == Passing::MutableReference || How == Passing::Unknown ||
          (How == Passing::MutableObject &&
           !stepsOrAssigns(cast<CXXOperatorCallExpr>(Call)->getOperator())))
        if (const ValueDecl *Target = storeTarget(Call->getArg(Arg)))
          Found(Target);
      // `std::swap(*this, other)`: any member may change.
      if ((How == Passing::MutableReference || How == Passing::MutablePointer ||
           How == Passing::Unknown) &&
          isThis(Call->getArg(Arg)))
        Unknown = true;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Unknown |= mayDispatch(Member);
      // (`p->f()` through a pointer re-points nothing.)
      if (const CXXMethodDecl *Method = Member->getMethodDecl();
          Method && !Method->isConst() &&
          !Member->getImplicitObjectArgument()->getType()->isPointerType())
        if (const ValueDecl *Target =
                storeTarget(Member->getImplicitObjectArgument()))
          Found(Target);
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
        Operator && Operator->getOperator() == OO_Call) {
      // A lambda known to the function runs its body; anything else called
      // (std::function, a functor in a system header) is out of sight.
      if (const LambdaExpr *Lambda = Operator->getNumArgs() > 0
                                         ? F.calledLambda(Operator->getArg(0))
                                         : nullptr)
        Callee = Lambda->getCallOperator();
      else if (!Callee || inSystemHeader(Callee))
        return true;
      Args = Args.drop_front();
    }
  } else {
    return false;
  }
  if (!Callee)
    return true;
  if (inSystemHeader(Callee)) {
    for (const Expr *Argument : Args)
      Unknown |= callableStores(Argument, F.Depth, Found);
    return Unknown;
  }
  return calleeStores(Callee, F.Depth, Found) || Unknown;
}

bool ContainerEffects::mayRepointThis(const Expr *E, unsigned Depth) {
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const bool OnThis = Member && isThis(Member->getImplicitObjectArgument());
  if (!OnThis && llvm::none_of(Call->arguments(),
                               [](const Expr *Arg) { return isThis(Arg); }))
    return false;
  if (Member && mayDispatch(Member))
    return true;
  const FunctionDecl *Callee = Call->getDirectCallee();
  const FunctionDecl *Definition = nullptr;
  if (!Callee || inSystemHeader(Callee) || !Callee->hasBody(Definition) ||
      !Definition || Definition->isDependentContext() || Depth >= CallDepth)
    return true;
  return summaryOf(Callee, Depth).ThisUnknown;
}

const ValueDecl *ContainerEffects::readOf(const Expr *E) {
  if (const auto *Member = dyn_cast<MemberExpr>(E);
      Member && !isThis(Member->getBase()))
    return nullptr;
  return isa<MemberExpr, DeclRefExpr>(E) ? storeTarget(E) : nullptr;
}

void ContainerEffects::callReads(
    const Expr *E, unsigned Depth,
    llvm::function_ref<void(const ValueDecl *, const Expr *)> Found) {
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || inSystemHeader(Callee))
    return;
  // Members read are those of the object called: only *this's are ours.
  bool OnThis = false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (mayDispatch(Member))
      return;
    OnThis = isThis(Member->getImplicitObjectArgument());
  }
  for (const auto &[Read, At] : summaryOf(Callee, Depth).Reads)
    if (OnThis || !isa<FieldDecl>(Read))
      Found(Read, At);
}

bool ContainerEffects::calleeStores(
    const FunctionDecl *Callee, unsigned Depth,
    llvm::function_ref<void(const ValueDecl *)> Found) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee)
    return true;
  if (inSystemHeader(Callee))
    return false;
  if (!Callee->hasBody(Definition) || !Definition ||
      Definition->isDependentContext() || Depth >= CallDepth)
    return true;
  const EffectSummary &Summary = summaryOf(Callee, Depth);
  for (const ValueDecl *D : Summary.Stores)
    Found(D);
  return Summary.StoresUnknown;
}

bool ContainerEffects::callableStores(
    const Expr *Argument, unsigned Depth,
    llvm::function_ref<void(const ValueDecl *)> Found) {
  const Expr *E = stripImplicit(Argument);
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = stripImplicit(Unary->getSubExpr());
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Function = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return calleeStores(Function, Depth, Found);
  if (E->getType()->isFunctionPointerType() ||
      E->getType()->isMemberFunctionPointerType())
    return true;
  const CXXRecordDecl *Class = E->getType()->getAsCXXRecordDecl();
  if (!Class || !Class->hasDefinition())
    return false;
  if (Class->isLambda())
    return calleeStores(Class->getLambdaCallOperator(), Depth, Found);
  // A functor of the program's own; std's (std::less, std::function
  // holding who knows what) are out of sight too.
  for (const CXXMethodDecl *Method : Class->methods())
    if (Method->getOverloadedOperator() == OO_Call)
      return true;
  return false;
}

} // namespace clang::tidy::slicemap::model
