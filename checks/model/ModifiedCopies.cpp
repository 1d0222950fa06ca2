//===--- ModifiedCopies.cpp - local copies of stored values, and their changes
////

#include "ModifiedCopies.h"

#include "ContainerModel.h"
#include "RuntimeModel.h"
#include "ValueUse.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::slicemap::model {

namespace {

/// The expression a copy was made from: peels the implicit copy (or
/// move) construction, temporaries and lvalue-to-rvalue conversions.
const Expr *copiedFrom(const Expr *Init) {
  const Expr *E = stripImplicit(Init);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      Construct->getConstructor()->isCopyOrMoveConstructor() &&
      !isa<CXXTemporaryObjectExpr>(Construct))
    E = stripImplicit(Construct->getArg(0));
  return E;
}

/// An access to a value stored in another object: an element (`c[i]`,
/// `c.at(i)`, `c.front()`, `*it`, `*p`), a member reached through a
/// pointer, iterator or `this` (`it->second`, `p->items`, `items_`), a
/// member of such a value (`c[i].items`), or what a getter returns by
/// reference (`obj.items()`).
bool isStoredValueAccess(const Expr *E, unsigned Depth = 0) {
  E = stripImplicit(E);
  if (!E || Depth > 16 || !E->isLValue())
    return false;
  if (isa<ArraySubscriptExpr>(E))
    return true;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->getOpcode() == UO_Deref;
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E))
    return Operator->getOperator() == OO_Subscript ||
           (Operator->getOperator() == OO_Star && Operator->getNumArgs() == 1);
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    // An lvalue call returns a reference: to an element, or to a member.
    return Method && Method->getIdentifier() && !Method->isStatic() &&
           !Method->isCopyAssignmentOperator() &&
           !Method->isMoveAssignmentOperator();
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(Member->getMemberDecl()))
      return false;
    if (Member->isArrow())
      return true;
    const Expr *Base = stripImplicit(Member->getBase());
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Base)) {
      // A member of an object the function only refers to.
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      return Var &&
             (Var->getType()->isReferenceType() || !Var->hasLocalStorage());
    }
    return isStoredValueAccess(Base, Depth + 1);
  }
  return false;
}

/// A value read from storage, as a candidate is copied: a stored value
/// access, a slicemap::Map value, moved or not, or a choice between them.
bool isStoredValueRead(const Expr *Value, unsigned Depth = 0) {
  const Expr *E = copiedFrom(Value);
  if (!E || Depth > 16)
    return false;
  if (const Expr *Moved = movedOperand(E))
    E = copiedFrom(Moved);
  if (const auto *Choice = dyn_cast<ConditionalOperator>(E))
    return isStoredValueRead(Choice->getTrueExpr(), Depth + 1) &&
           isStoredValueRead(Choice->getFalseExpr(), Depth + 1);
  return isStoredValueAccess(E) || asMapMemberCall(E, "get");
}

/// The container object of an owning container's element access (`c[i]`,
/// `c.at(i)`, `c.front()`), or null.
const Expr *ownerOfElement(const Expr *E) {
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2 &&
        ownsElements(storageOf(Operator->getArg(0)->getType())))
      return Operator->getArg(0);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Method && Method->getIdentifier() &&
        isElementAccessMethod(Method->getName()) && Object &&
        ownsElements(storageOf(Object->getType())))
      return Object;
  }
  return nullptr;
}

/// If \p Target is a part of a local object - the object itself, a field
/// (`v.f`), or an element of an owning container inside it (`v[i]`,
/// `v.items.at(k)`, `v.counts[2]` for an array member) - the reference to
/// that object; \p Whole tells whether it is the object itself. Writes to
/// such a part change the object; writes through a pointer, a reference
/// member or a slicemap::Slice element reach storage elsewhere.
const DeclRefExpr *objectWritten(const Expr *Target, bool &Whole) {
  Whole = true;
  for (unsigned Depth = 0; Target && Depth < 32; ++Depth) {
    Target = stripImplicit(Target);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Target))
      return Ref;
    Whole = false;
    if (const auto *Member = dyn_cast<MemberExpr>(Target)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field || Member->isArrow() || Field->getType()->isReferenceType())
        return nullptr;
      Target = Member->getBase();
    } else if (const Expr *Owner = ownerOfElement(Target)) {
      Target = Owner;
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Target)) {
      const Expr *Base = stripImplicit(Subscript->getBase());
      if (!Base->getType()->isConstantArrayType())
        return nullptr;
      Target = Base;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// One function body: its candidates and their modifications.
class CopyScan : public analysis::BodyVisitor {
public:
  explicit CopyScan(HandleFilter IsHandle) : IsHandle(IsHandle) {}

  CopyShape shapeOf(QualType Type) {
    if (Type.isNull() || Type->isDependentType() || Type->isReferenceType() ||
        Type.isConstQualified() || Type.isVolatileQualified())
      return CopyShape::None;
    if (Type->isArithmeticType() || Type->isEnumeralType())
      return CopyShape::Scalar;
    if (isHandleType(Type) || IsHandle(Type))
      return CopyShape::None;
    const Storage Storage = storageOf(Type);
    if (Storage == Storage::SharedArray)
      return CopyShape::Slice;
    if (ownsElements(Storage))
      return CopyShape::Owning;
    const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
    if (!Record || !Record->hasDefinition() || Record->isLambda() ||
        Record->isUnion())
      return CopyShape::None;
    // A destructor of its own may read what the fields were set to.
    if (const CXXDestructorDecl *Destructor = Record->getDestructor();
        Destructor && Destructor->isUserProvided())
      return CopyShape::None;
    return CopyShape::Fields;
  }

  void addParameters(const FunctionDecl &Function) {
    for (const ParmVarDecl *Parameter : Function.parameters()) {
      if (!Parameter->getIdentifier())
        continue;
      const CopyShape Kind = shapeOf(Parameter->getType());
      if (Kind != CopyShape::Owning && Kind != CopyShape::Slice)
        continue;
      CopyCandidate C;
      C.Decl = Parameter;
      C.From = CopyOrigin::Parameter;
      C.Kind = Kind;
      add(std::move(C));
    }
  }

  // --- Candidates ---------------------------------------------------------

  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) override {
    if (const VarDecl *Loop = For->getLoopVariable())
      LoopRanges[Loop] = For->getRangeInit();
    Loops.push_back(For);
    return true;
  }
  bool VisitForStmt(ForStmt *For) override {
    Loops.push_back(For);
    return true;
  }
  bool VisitWhileStmt(WhileStmt *While) override {
    Loops.push_back(While);
    return true;
  }
  bool VisitDoStmt(DoStmt *Do) override {
    Loops.push_back(Do);
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) override {
    if (isa<ParmVarDecl>(Var))
      return true;
    const Expr *Init = Var->getInit();
    if (Init)
      noteAliases(Var->getType(), Init);
    if (!Var->hasLocalStorage() || Var->isImplicit() || !Init ||
        Init->containsErrors())
      return true;

    CopyCandidate C;
    C.Declared = Var;
    const Expr *Copied = copiedFrom(Init);
    auto Range = LoopRanges.find(Var);
    if (Range != LoopRanges.end()) {
      if (!Copied || !Copied->isLValue())
        return true;
      C.From = CopyOrigin::LoopElement;
      C.Source = Range->second;
    } else if (const CXXMemberCallExpr *Get = asMapMemberCall(Copied, "get")) {
      C.From = CopyOrigin::MapValue;
      C.Source = Get;
      C.MapGet = Get;
    } else if (isStoredValueAccess(Copied)) {
      C.From = CopyOrigin::Element;
      C.Source = Copied;
    } else {
      return true;
    }
    C.CanBeReference =
        Copied->isLValue() && !Copied->getType().isConstQualified() &&
        Copied->getType().getCanonicalType().getUnqualifiedType() ==
            Var->getType().getCanonicalType().getUnqualifiedType();

    if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Var)) {
      if (Var->getType()->isReferenceType())
        return true;
      for (const BindingDecl *Binding : Decomposition->bindings()) {
        const CopyShape Kind = shapeOf(Binding->getType());
        if (Kind == CopyShape::None || !Binding->getIdentifier())
          continue;
        CopyCandidate B = C;
        B.Decl = Binding;
        B.Kind = Kind;
        add(std::move(B));
      }
      return true;
    }
    C.Kind = shapeOf(Var->getType());
    if (C.Kind == CopyShape::None)
      return true;
    C.Decl = Var;
    add(std::move(C));
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) override {
    if (CopyCandidate *C = find(Ref->getDecl()))
      C->Refs.push_back(Ref);
    return true;
  }

  // --- Aliases: a candidate reachable through another name ---------------

  /// A value of \p Type initialised or assigned from \p Value may refer to
  /// every candidate \p Value names, unless it is a copy.
  void noteAliases(QualType Type, const Expr *Value) {
    if (Type.isNull() || !Value)
      return;
    const bool IsCopy =
        Type->isArithmeticType() || Type->isEnumeralType() ||
        Type->isBooleanType() ||
        (!Type->isReferenceType() && (ownsElements(storageOf(Type)) ||
                                      storageOf(Type) == Storage::SharedArray ||
                                      isStoredValueAccess(copiedFrom(Value))));
    if (!IsCopy)
      escapeAll(Value);
  }

  void escapeAll(const Stmt *S) {
    forEachDeclRef(S, [&](const DeclRefExpr *Ref) {
      if (CopyCandidate *C = find(Ref->getDecl()))
        C->Escaped = true;
    });
  }

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->getOpcode() == UO_AddrOf)
      escapeAll(Unary->getSubExpr());
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Binary) override {
    if (Binary->getOpcode() == BO_Assign)
      noteAliases(Binary->getLHS()->getType(), Binary->getRHS());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) override {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2)
      noteAliases(Call->getArg(0)->getType(), Call->getArg(1));
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable())
        continue;
      const ValueDecl *Captured = Capture.getCapturedVar();
      if (CopyCandidate *C = find(Captured);
          C && Capture.getCaptureKind() == LCK_ByRef)
        C->Escaped = true;
      if (const auto *InitCapture = dyn_cast<VarDecl>(Captured);
          InitCapture && InitCapture->isInitCapture())
        noteAliases(InitCapture->getType(), InitCapture->getInit());
    }
    return true;
  }

  bool VisitCXXCatchStmt(CXXCatchStmt *Catch) override {
    escapeAll(Catch->getHandlerBlock());
    return true;
  }

  // --- Modifications ------------------------------------------------------

  /// Run once the walk has seen every candidate (a block is visited before
  /// the declarations in it).
  void findModifications(const Stmt *Body) {
    llvm::DenseSet<const VarDecl *> Repointed;
    forEachDiscardedValueIn(Body, [&](const Expr *E) {
      if (E->containsErrors())
        return;
      const DeclRefExpr *Object = nullptr;
      if (std::optional<CopyModification> Mod = modification(E, Object)) {
        Modifications.try_emplace(E, *Mod);
        Owned.insert(Object);
        if (Mod->Repoints)
          Repointed.insert(Candidates[Mod->Candidate].Declared);
      }
    });
    // A reference would make a re-pointing overwrite the element; the
    // bindings of one declaration share its fix-it.
    if (!Repointed.empty())
      for (CopyCandidate &C : Candidates)
        if (Repointed.contains(C.Declared))
          C.CanBeReference = false;
  }

  /// If \p E (whose value is discarded) changes a candidate, how; \p Object
  /// is then the reference to the candidate it writes through.
  std::optional<CopyModification> modification(const Expr *E,
                                               const DeclRefExpr *&Object) {
    std::optional<Write> W = writeOf(E);
    if (!W)
      return std::nullopt;
    bool Whole = false;
    Object = objectWritten(W->Target, Whole);
    if (!Object)
      return std::nullopt;
    auto Found = Index.find(Object->getDecl());
    if (Found == Index.end())
      return std::nullopt;
    const CopyCandidate &C = Candidates[Found->second];
    CopyModification Mod;
    Mod.Candidate = Found->second;
    if (!Whole)
      return Mod; // a field or an element of the copy
    switch (C.Kind) {
    case CopyShape::Owning:
    case CopyShape::Scalar:
      Mod.Replaces = W->PlainAssignment;
      break;
    case CopyShape::Slice:
      if (!W->PlainAssignment)
        return std::nullopt;
      Mod.Replaces = true;
      Mod.Appends = isAppendResult(W->Value);
      break;
    case CopyShape::Fields:
      // Only the compiler's own assignment is known to do nothing else.
      if (W->MemberCall || !W->PlainAssignment || !W->AssignmentOperator ||
          W->AssignmentOperator->isUserProvided())
        return std::nullopt;
      Mod.Replaces = true;
      break;
    case CopyShape::None:
      return std::nullopt;
    }
    // A by-value parameter has no stored value of its own to re-point from:
    // assigning it is writing to what the caller was meant to see.
    Mod.Repoints = Mod.Replaces && C.From != CopyOrigin::Parameter &&
                   isStoredValueRead(W->Value);
    return Mod;
  }

  /// What an expression writes: an assignment, a compound assignment, ++ or
  /// --, a mutating member call of an owning container.
  struct Write {
    const Expr *Target = nullptr;
    /// The assigned value, if any.
    const Expr *Value = nullptr;
    bool PlainAssignment = false;
    bool MemberCall = false;
    const CXXMethodDecl *AssignmentOperator = nullptr;
  };

  static std::optional<Write> writeOf(const Expr *E) {
    Write W;
    if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      if (!Binary->isAssignmentOp())
        return std::nullopt;
      W.Target = Binary->getLHS();
      W.Value = Binary->getRHS();
      W.PlainAssignment = Binary->getOpcode() == BO_Assign;
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (!Unary->isIncrementDecrementOp())
        return std::nullopt;
      W.Target = Unary->getSubExpr();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      const OverloadedOperatorKind Kind = Operator->getOperator();
      if (Operator->getNumArgs() < 1 ||
          !(Operator->isAssignmentOp() || Kind == OO_PlusPlus ||
            Kind == OO_MinusMinus))
        return std::nullopt;
      W.Target = Operator->getArg(0);
      if (Operator->getNumArgs() == 2 && Operator->isAssignmentOp())
        W.Value = Operator->getArg(1);
      W.PlainAssignment = Kind == OO_Equal;
      W.AssignmentOperator =
          dyn_cast_or_null<CXXMethodDecl>(Operator->getDirectCallee());
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      if (!Method || !Method->getIdentifier() ||
          !isMutatingMethod(Method->getName()) || !Object ||
          !ownsElements(storageOf(Object->getType())))
        return std::nullopt;
      W.Target = Object;
      W.MemberCall = true;
    } else {
      return std::nullopt;
    }
    return W;
  }

  CopyCandidate *find(const Decl *D) {
    auto Found = Index.find(D);
    return Found == Index.end() ? nullptr : &Candidates[Found->second];
  }

  void add(CopyCandidate C) {
    Index.try_emplace(C.Decl, Candidates.size());
    Candidates.push_back(std::move(C));
  }

  HandleFilter IsHandle;
  std::vector<CopyCandidate> Candidates;
  llvm::DenseMap<const Decl *, unsigned> Index;
  llvm::DenseMap<const Stmt *, CopyModification> Modifications;
  /// References that are the object a modification writes through: not
  /// reads.
  llvm::DenseSet<const DeclRefExpr *> Owned;
  llvm::DenseMap<const VarDecl *, const Expr *> LoopRanges;
  std::vector<const Stmt *> Loops;
};

} // namespace

ModifiedCopies ModifiedCopies::find(const FunctionDecl &Function,
                                    HandleFilter IsHandle) {
  CopyScan Scan(IsHandle);
  Scan.addParameters(Function);
  Scan.TraverseStmt(Function.getBody());
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(&Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        Scan.TraverseStmt(Init->getInit());
  Scan.findModifications(Function.getBody());
  ModifiedCopies Found;
  Found.Candidates = std::move(Scan.Candidates);
  Found.Index = std::move(Scan.Index);
  Found.Modifications = std::move(Scan.Modifications);
  Found.Owned = std::move(Scan.Owned);
  Found.Loops = std::move(Scan.Loops);
  return Found;
}

llvm::BitVector ModifiedCopies::modifiedUnescaped() const {
  llvm::BitVector Modified(Candidates.size());
  for (const auto &[S, Mod] : Modifications)
    if (!Mod.Repoints && !Candidates[Mod.Candidate].Escaped)
      Modified.set(Mod.Candidate);
  return Modified;
}

bool ModifiedCopies::inOneLoop(SourceLocation A, SourceLocation B,
                               const SourceManager &SM) const {
  return llvm::any_of(Loops, [&](const Stmt *Loop) {
    const SourceLocation Begin = SM.getExpansionLoc(Loop->getBeginLoc());
    const SourceLocation End = SM.getExpansionRange(Loop->getEndLoc()).getEnd();
    return SM.isPointWithin(A, Begin, End) && SM.isPointWithin(B, Begin, End);
  });
}

bool ModifiedCopies::isReadAnywhere(unsigned Candidate) const {
  for (const DeclRefExpr *Ref : Candidates[Candidate].Refs)
    if (!Owned.contains(Ref))
      return true;
  return false;
}

} // namespace clang::tidy::slicemap::model
