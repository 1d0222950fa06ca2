//===--- ViewHolders.cpp - views that escape into lambdas and objects -----===//
//
// The part of ViewInventory that follows views out of plain locals:
//
//   closures  `auto f = [p] { use(*p); };` holds a copy of p: a view of p's
//             container, read when f is called. `[&p]` reads p itself when
//             the lambda runs - a use at each call - unless the lambda may
//             re-point p (assigns it, takes its address, passes it by
//             mutable reference), which makes p escape.
//   objects   `Buf b{v.data(), n};`, `Buf b(v.data(), n)` for an aggregate,
//             or a constructor whose definition initialises a member from
//             the argument: b views v through that member for its lifetime.
//             Reading another member (`b.size`) reads no view; writing a
//             viewing member, a non-const member call or a mutable
//             reference to b makes b escape (it may be re-pointed).
//   calls     `f()` of a closure variable, of a std::function (or similar
//             wrapper) made from a lambda and never re-assigned, or of a
//             lambda where it is made: ContainerEffects applies what the
//             lambda's body does to the containers it captures by
//             reference, and ViewFlow reads the views it captures so.
//
//===----------------------------------------------------------------------===//

#include "ValueUse.h"
#include "ViewInventory.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::slicemap::model {

using Source = ViewInventory::Source;

namespace {

/// The lambda \p E makes, through the conversions that copy it or wrap it
/// in a std::function.
const LambdaExpr *lambdaIn(const Expr *E) {
  for (unsigned Level = 0; E && Level < 8; ++Level) {
    E = stripImplicit(E);
    if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(E))
      return Lambda;
    if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
      continue;
    }
    const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
    if (!Construct || Construct->getNumArgs() != 1)
      return nullptr;
    E = Construct->getArg(0);
  }
  return nullptr;
}

/// True for the type of a closure, or of a wrapper whose call runs the
/// callable it was made from (std::function and its kin).
bool isCallableHolder(QualType Type) {
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (Record->isLambda())
    return true;
  if (!Record->getIdentifier())
    return false;
  const DeclContext *Namespace = Record->getDeclContext();
  while (Namespace && !Namespace->getParent()->isTranslationUnit())
    Namespace = Namespace->getParent();
  const auto *Top = dyn_cast_or_null<NamespaceDecl>(Namespace);
  if (!Top || !llvm::is_contained({"std", "llvm", "absl", "boost", "folly"},
                                  Top->getName()))
    return false;
  return llvm::is_contained({"function", "move_only_function",
                             "copyable_function", "function_ref",
                             "unique_function", "AnyInvocable", "FunctionRef"},
                            Record->getName());
}

/// \p E without the forwarding a constructor may wrap a parameter in.
const Expr *withoutForwarding(const Expr *E) {
  for (unsigned Level = 0; E && Level < 4; ++Level) {
    E = ignoreImplicitCopy(stripImplicit(E));
    const auto *Call = dyn_cast_or_null<CallExpr>(E);
    const auto *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || Call->getNumArgs() != 1 || !Callee->isInStdNamespace() ||
        !Callee->getIdentifier() ||
        !llvm::is_contained({"move", "forward"}, Callee->getName()))
      return E;
    E = Call->getArg(0);
  }
  return E;
}

/// The member a constructor's definition initialises directly from its
/// parameter \p Index, if any.
const FieldDecl *memberStoring(const CXXConstructorDecl *Constructor,
                               unsigned Index) {
  const FunctionDecl *Definition = nullptr;
  if (!Constructor->hasBody(Definition) || !Definition ||
      Index >= Definition->getNumParams())
    return nullptr;
  const ParmVarDecl *Parameter = Definition->getParamDecl(Index);
  for (const CXXCtorInitializer *Init :
       cast<CXXConstructorDecl>(Definition)->inits()) {
    if (!Init->isMemberInitializer() || !Init->isWritten())
      continue;
    const auto *Ref =
        dyn_cast_or_null<DeclRefExpr>(withoutForwarding(Init->getInit()));
    if (Ref && Ref->getDecl() == Parameter)
      return Init->getMember();
  }
  return nullptr;
}

/// The variable a statement may re-point or change: the target of an
/// assignment, ++/--, or `&`, an object whose member is assigned or whose
/// non-const member function is called, an argument bound to a mutable
/// reference. (Writes through a view - `*p = 1`, `p[0] = 1` - are not.)
const VarDecl *writtenVariable(const Stmt *S, bool &WholeAssignment) {
  WholeAssignment = false;
  const Expr *Target = nullptr;
  if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
    if (Binary->isAssignmentOp()) {
      Target = Binary->getLHS();
      WholeAssignment = Binary->getOpcode() == BO_Assign;
    }
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
    if (Unary->isIncrementDecrementOp() || Unary->getOpcode() == UO_AddrOf)
      Target = Unary->getSubExpr();
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    if (const CXXMethodDecl *Method = Member->getMethodDecl();
        Method && !Method->isConst())
      Target = Member->getImplicitObjectArgument();
  } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S)) {
    const OverloadedOperatorKind Kind = Operator->getOperator();
    if (Operator->getNumArgs() > 0 && Kind != OO_Star && Kind != OO_Arrow &&
        Kind != OO_Subscript && Kind != OO_Call &&
        passingOf(Operator, 0) == Passing::MutableObject) {
      Target = Operator->getArg(0);
      WholeAssignment = Kind == OO_Equal;
    }
  }
  if (!Target)
    return nullptr;
  // `b.p = x` changes b; `p->x = 1` writes through p.
  Target = stripImplicit(Target);
  while (const auto *Member = dyn_cast_or_null<MemberExpr>(Target)) {
    if (Member->isArrow())
      return nullptr;
    Target = stripImplicit(Member->getBase());
    WholeAssignment = false;
  }
  return localVar(Target);
}

/// Collects the variables a lambda body may re-point (nested lambdas
/// included: they run when it does, or later).
class WrittenVariables : public DynamicRecursiveASTVisitor {
public:
  bool VisitStmt(Stmt *S) override {
    bool Whole = false;
    if (const VarDecl *Var = writtenVariable(S, Whole))
      Written.insert(Var);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
        const Passing How = passingOf(Call, Arg);
        if (How == Passing::MutableReference || How == Passing::Unknown)
          if (const VarDecl *Var = localVar(Call->getArg(Arg)))
            Written.insert(Var);
      }
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) override {
    // `auto &alias = p;`: p may be written through the alias.
    if (Var->getType()->isReferenceType() &&
        !Var->getType().getNonReferenceType().isConstQualified())
      if (const VarDecl *Aliased = localVar(Var->getInit()))
        Written.insert(Aliased);
    return true;
  }

  llvm::DenseSet<const VarDecl *> Written;
};

/// What a member function does with the members \p Fields of its object.
struct FieldAccess {
  bool Reads = false;
  bool Writes = false;
};

/// A member expression on `*this` naming one of \p Fields.
bool namesField(const Expr *E, llvm::ArrayRef<const FieldDecl *> Fields) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(stripImplicit(E));
  return Member && isa<CXXThisExpr>(stripImplicit(Member->getBase())) &&
         llvm::is_contained(Fields, Member->getMemberDecl());
}

/// Scans a member function's body: a read of one of the fields, or a write
/// that may re-point it (assigned, stepped, address taken, passed by mutable
/// reference). Other member calls on `*this`, lambdas and `*this` itself
/// escaping count as both: not followed.
class FieldAccessScan : public DynamicRecursiveASTVisitor {
public:
  explicit FieldAccessScan(llvm::ArrayRef<const FieldDecl *> Fields)
      : Fields(Fields) {}

  bool VisitMemberExpr(MemberExpr *Member) override {
    if (namesField(Member, Fields))
      Access.Reads = true;
    return true;
  }
  bool VisitStmt(Stmt *S) override {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg) {
        const Passing How = passingOf(Call, Arg);
        if ((How == Passing::MutableReference || How == Passing::Unknown) &&
            namesField(Call->getArg(Arg), Fields))
          Access.Writes = true;
      }
    if (writtenField(S))
      Access.Writes = true;
    if (isa<LambdaExpr, CXXMemberCallExpr>(S))
      Access.Reads = Access.Writes = true;
    return true;
  }

  FieldAccess Access;

private:
  bool writtenField(const Stmt *S) const {
    if (const auto *Binary = dyn_cast<BinaryOperator>(S))
      return Binary->isAssignmentOp() && namesField(Binary->getLHS(), Fields);
    if (const auto *Unary = dyn_cast<UnaryOperator>(S))
      return (Unary->isIncrementDecrementOp() ||
              Unary->getOpcode() == UO_AddrOf) &&
             namesField(Unary->getSubExpr(), Fields);
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S))
      return Operator->getNumArgs() > 0 &&
             passingOf(Operator, 0) == Passing::MutableObject &&
             namesField(Operator->getArg(0), Fields);
    return false;
  }

  llvm::ArrayRef<const FieldDecl *> Fields;
};

/// What calling \p Method does with \p Fields: from its body in the TU;
/// without one, a read, and a write unless it is const.
FieldAccess fieldAccessOf(const CXXMethodDecl *Method,
                          llvm::ArrayRef<const FieldDecl *> Fields) {
  const FunctionDecl *Definition = nullptr;
  if (!Method->hasBody(Definition) || !Definition)
    return {true, !Method->isConst()};
  FieldAccessScan Scan(Fields);
  Scan.TraverseStmt(Definition->getBody());
  return Scan.Access;
}

} // namespace

/// A capture or member of \p Type made from \p S holds a view of S's
/// container; a reference to a container is an alias of it, not a view.
static bool holdsView(QualType Type, const Source &S) {
  return !isContainerType(Type.getNonReferenceType()) && canHoldView(Type, S);
}

/// The holder half of the inventory's scan (ViewScan calls in).
class HolderScan {
public:
  explicit HolderScan(ViewInventory &F) : F(F) {}

  /// A local closure or an object built from views: true when \p Var is
  /// one (then it is not an ordinary view).
  bool noteVariable(const VarDecl *Var) {
    const Expr *Init = Var->getInit();
    if (const LambdaExpr *Lambda = lambdaIn(Init);
        Lambda && isCallableHolder(Var->getType())) {
      F.Closures[Var] = Lambda;
      noteHolder(Var, ViewInventory::Holder::Closure, Init);
      return true;
    }
    if (!Var->getType()->isRecordType() || isHandleType(Var->getType()) ||
        isContainerType(Var->getType()))
      return false;
    return noteHolder(Var, ViewInventory::Holder::Object, Init);
  }

  /// The views a lambda captures by reference: read when it runs, unless it
  /// may re-point them (then they escape, as a view whose address is
  /// taken).
  void noteLambda(const LambdaExpr *Lambda) {
    llvm::SmallVector<const VarDecl *, 4> Captured;
    for (auto [Capture, Init] :
         llvm::zip(Lambda->captures(), Lambda->capture_inits())) {
      if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByRef)
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      if (!Var)
        continue;
      if (!F.Views.contains(Var) || Var->isInitCapture()) {
        F.Escaped.insert(Var);
        continue;
      }
      Captured.push_back(Var);
      if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripImplicit(Init)))
        F.NotReads.insert(Ref);
    }
    if (Captured.empty())
      return;
    WrittenVariables Writes;
    Writes.TraverseStmt(Lambda->getBody());
    for (const VarDecl *Var : Captured) {
      if (Writes.Written.contains(Var))
        F.Escaped.insert(Var);
      else
        F.ReadByLambda[Lambda].push_back(Var);
    }
  }

  /// A statement of the function's own body: the call of a closure reads
  /// its views; a holder written otherwise than whole escapes; reading a
  /// member of an object that holds no view reads none.
  void noteStatement(const Stmt *S) {
    if (const auto *Call = dyn_cast<Expr>(S); Call && isa<CallExpr>(Call))
      for (const Expr *Argument : callableArguments(Call))
        if (const CXXRecordDecl *Class =
                stripImplicit(Argument)->getType()->getAsCXXRecordDecl();
            Class && Class->isLambda()) {
          F.AlgorithmCalls.push_back(Call);
          break;
        }
    if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
        Call && Call->getOperator() == OO_Call && Call->getNumArgs() > 0)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(stripImplicit(Call->getArg(0))))
        F.ClosureCalls.insert(Ref);
    if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      const auto *Ref = dyn_cast<DeclRefExpr>(stripImplicit(Member->getBase()));
      const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (Var && Field && F.HeldIn.contains(Var) &&
          !llvm::is_contained(F.HeldIn.lookup(Var), Field))
        F.NotReads.insert(Ref);
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && noteMemberCall(Call))
      return;
    bool Whole = false;
    if (const VarDecl *Var = writtenVariable(S, Whole);
        Var && !Whole && F.HeldIn.contains(Var))
      F.Escaped.insert(Var);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (unsigned Arg = 0; Arg < Call->getNumArgs(); ++Arg)
        if (const VarDecl *Var = localVar(Call->getArg(Arg));
            Var && F.HeldIn.contains(Var) &&
            passingOf(Call, Arg) == Passing::MutableReference)
          F.Escaped.insert(Var);
  }

private:
  /// `b.show()` on an object holding views: a use of them when the body
  /// reads a viewing member, and no re-pointing unless it writes one. True
  /// when the call was judged so.
  bool noteMemberCall(const CXXMemberCallExpr *Call) {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
        stripImplicit(Call->getImplicitObjectArgument()));
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Var || !Method || !F.HeldIn.contains(Var))
      return false;
    const FieldAccess Access = fieldAccessOf(Method, F.HeldIn.lookup(Var));
    if (Access.Writes)
      F.Escaped.insert(Var);
    else if (!Access.Reads)
      F.NotReads.insert(Ref);
    return true;
  }

  bool noteHolder(const VarDecl *Var, ViewInventory::Holder Holds,
                  const Expr *Init) {
    ViewInventory::ViewInfo Info{ViewKind::Element, nullptr, Holds};
    llvm::SmallVector<const FieldDecl *, 2> Fields;
    bool Any = false;
    auto Note = [&](const FieldDecl *Field, const Source &S) {
      Any = true;
      if (S.Kind == ViewKind::Iterator)
        Info.Kind = ViewKind::Iterator;
      if (Field && !llvm::is_contained(Fields, Field))
        Fields.push_back(Field);
    };
    if (Holds == ViewInventory::Holder::Closure)
      F.forEachCapturedView(lambdaIn(Init), Note);
    else
      F.forEachHeldView(Init, Note);
    if (!Any)
      return false;
    F.Views[Var] = Info;
    if (Holds == ViewInventory::Holder::Object)
      F.HeldIn[Var] = std::move(Fields);
    return true;
  }

  ViewInventory &F;
};

bool ViewInventory::noteHolderVariable(const VarDecl *Var) {
  return HolderScan(*this).noteVariable(Var);
}

void ViewInventory::noteLambdaCaptures(const LambdaExpr *Lambda) {
  HolderScan(*this).noteLambda(Lambda);
}

void ViewInventory::noteHolderStatement(const Stmt *S) {
  HolderScan(*this).noteStatement(S);
}

void ViewInventory::forEachCapturedView(
    const LambdaExpr *Lambda,
    llvm::function_ref<void(const FieldDecl *, const Source &)> Found) const {
  if (!Lambda)
    return;
  for (auto [Capture, Init] :
       llvm::zip(Lambda->captures(), Lambda->capture_inits())) {
    if (!Capture.capturesVariable())
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    // `[p]`, `[it = v.begin()]`, and `[&r = v[0]]` (a reference to the
    // element, made where the lambda is); `[&p]` reads p when it runs.
    if (!Var || !Init ||
        (Capture.getCaptureKind() != LCK_ByCopy && !Var->isInitCapture()))
      continue;
    const QualType Type = Var->isInitCapture()
                              ? Var->getType()
                              : Var->getType().getNonReferenceType();
    if (std::optional<Source> S = sourceOf(Init); S && holdsView(Type, *S))
      Found(nullptr, *S);
  }
}

void ViewInventory::forEachHeldView(
    const Expr *Value,
    llvm::function_ref<void(const FieldDecl *, const Source &)> Found) const {
  Value = stripImplicit(Value);
  if (const auto *Cast = dyn_cast_or_null<CXXFunctionalCastExpr>(Value))
    Value = stripImplicit(Cast->getSubExpr());
  if (!Value)
    return;
  auto Offer = [&](const FieldDecl *Field, const Expr *Init) {
    if (!Field || !Init)
      return;
    if (std::optional<Source> S = sourceOf(Init);
        S && holdsView(Field->getType(), *S))
      Found(Field, *S);
  };
  const CXXRecordDecl *Record = Value->getType()->getAsCXXRecordDecl();
  if (!Record || Record->isUnion() || Record->getNumBases() != 0)
    return;
  llvm::ArrayRef<Expr *> Inits;
  if (const auto *List = dyn_cast<InitListExpr>(Value))
    Inits = List->inits();
  else if (const auto *Paren = dyn_cast<CXXParenListInitExpr>(Value))
    Inits = Paren->getInitExprs();
  if (isa<InitListExpr, CXXParenListInitExpr>(Value)) {
    auto Init = Inits.begin();
    for (const FieldDecl *Field : Record->fields()) {
      if (Init == Inits.end())
        break;
      Offer(Field, *Init++);
    }
    return;
  }
  const auto *Construct = dyn_cast<CXXConstructExpr>(Value);
  if (!Construct || Construct->getConstructor()->isCopyOrMoveConstructor())
    return;
  for (unsigned Arg = 0; Arg < Construct->getNumArgs(); ++Arg)
    Offer(memberStoring(Construct->getConstructor(), Arg),
          Construct->getArg(Arg));
}

void ViewInventory::forEachSource(
    const ValueDecl *View, const Expr *Value,
    llvm::function_ref<void(const Source &)> Found) const {
  auto Each = [&](const FieldDecl *, const Source &S) { Found(S); };
  switch (View ? Views.lookup(View).Holds : Holder::None) {
  case Holder::None:
    if (std::optional<Source> S = sourceOf(Value))
      Found(*S);
    return;
  case Holder::Closure:
    if (const LambdaExpr *Lambda = lambdaIn(Value))
      forEachCapturedView(Lambda, Each);
    return;
  case Holder::Object:
    forEachHeldView(Value, Each);
    return;
  }
}

bool ViewInventory::readsView(const Expr *Mention) const {
  if (Reassigned.contains(Mention) || NotReads.contains(Mention))
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(Mention);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (Var && Views.lookup(Var).Holds == Holder::Closure)
    return ClosureCalls.contains(Ref);
  return true;
}

llvm::ArrayRef<const VarDecl *>
ViewInventory::viewsReadBy(const LambdaExpr *Lambda) const {
  auto Found = ReadByLambda.find(Lambda);
  if (Found == ReadByLambda.end())
    return {};
  return Found->second;
}

Place ViewInventory::placeOfVariable(const VarDecl *Var) const {
  auto Alias = Aliases.find(Var);
  return Alias != Aliases.end() ? Alias->second : Place{Var, nullptr};
}

} // namespace clang::tidy::slicemap::model
