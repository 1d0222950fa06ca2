//===--- ViewInventory.cpp - the views of one function --------------------===//

#include "ViewInventory.h"

#include "ValueUse.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap::model {

bool isContainerType(QualType Type) {
  return storageOf(Type) != Storage::Unknown;
}

QualType objectType(const Expr *Object) {
  QualType Type = Object->getType();
  return Type->isPointerType() ? Type->getPointeeType() : Type;
}

const VarDecl *localVar(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripImplicit(E));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

const ValueDecl *memberOrStatic(const Expr *E, bool AnyObject) {
  E = stripImplicit(E);
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return Var && Var->hasGlobalStorage() ? Var : nullptr;
  }
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(E);
      Member &&
      (AnyObject || isa<CXXThisExpr>(stripImplicit(Member->getBase()))))
    return dyn_cast<FieldDecl>(Member->getMemberDecl());
  return nullptr;
}

const ValueDecl *storedVar(const Expr *E) {
  const ValueDecl *D = memberOrStatic(E, /*AnyObject=*/false);
  return D && !D->getType()->isReferenceType() ? D : nullptr;
}

const ValueDecl *viewVar(const Expr *E) {
  if (const VarDecl *Var = localVar(E))
    return Var;
  return storedVar(E);
}

bool isStoredVar(const ValueDecl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  return !Var || !Var->hasLocalStorage();
}

const Expr *initOf(const ValueDecl *View) {
  const auto *Var = dyn_cast<VarDecl>(View);
  return Var ? Var->getInit() : nullptr;
}

/// Finds the views, aliases and escapes of one function body.
class ViewScan : public analysis::BodyVisitor {
public:
  explicit ViewScan(ViewInventory &F) : F(F) {}

  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) override {
    const VarDecl *Range =
        For->getRangeStmt()
            ? dyn_cast_or_null<VarDecl>(For->getRangeStmt()->getSingleDecl())
            : nullptr;
    std::optional<Place> Container = F.containerOf(For->getRangeInit());
    if (!Range || !Container)
      return true;
    F.Aliases[Range] = *Container;
    if (const VarDecl *Loop = For->getLoopVariable()) {
      F.LoopKeys.insert(Loop);
      if (const auto *Decomposition = dyn_cast<DecompositionDecl>(Loop))
        for (const BindingDecl *Binding : Decomposition->bindings())
          F.LoopKeys.insert(Binding);
    }
    for (const DeclStmt *Hidden : {For->getBeginStmt(), For->getEndStmt()})
      if (const auto *Var =
              Hidden ? dyn_cast_or_null<VarDecl>(Hidden->getSingleDecl())
                     : nullptr)
        F.Views[Var] = {ViewKind::Iterator, For};
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) override {
    if ((!Var->hasLocalStorage() && !Var->isStaticLocal()) ||
        isa<ParmVarDecl>(Var) || !Var->getInit() ||
        Var->getInit()->containsErrors())
      return true;
    const QualType Type = Var->getType();
    // `auto *&r = cur;`: cur may be re-pointed through r.
    if (Type->isReferenceType() &&
        !Type.getNonReferenceType().isConstQualified())
      if (const ValueDecl *Stored = storedVar(Var->getInit()))
        F.Escaped.insert(Stored);
    // (A static local is made once: only a plain view, `static const char
    // *name = s.c_str();`.)
    const bool Static = !Var->hasLocalStorage();
    if (Static && Type->isReferenceType())
      return true;
    if (!Static && F.noteHolderVariable(Var))
      return true;
    // `auto &r = v;` and `std::vector<int> &r = b.items;`: another name for
    // a container.
    if (!Static && Type->isReferenceType() &&
        isContainerType(Type.getNonReferenceType()))
      if (std::optional<Place> Container = F.containerOf(Var->getInit())) {
        F.Aliases[Var] = *Container;
        return true;
      }
    std::optional<ViewInventory::Source> Source =
        F.viewSourceFor(Type, Var->getInit());
    if (!Source) {
      // (It may copy a view that only an assignment makes one: tried again
      // then.)
      if (Type->isPointerType() || Type->isReferenceType() ||
          Type->isRecordType())
        F.Deferred.push_back(Var);
      return true;
    }
    F.Views[Var] = {Source->Kind, nullptr};
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->getOpcode() == UO_AddrOf)
      if (const ValueDecl *Var = viewVar(Unary->getSubExpr()))
        F.Escaped.insert(Var);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    F.noteLambdaCaptures(Lambda);
    return true;
  }

  bool VisitStmt(Stmt *S) override {
    F.noteHolderStatement(S);
    F.noteTransfer(S);
    F.noteFlagStatement(S);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Binary) override {
    if (Binary->getOpcode() == BO_Assign)
      noteAssignment(Binary->getLHS(), Binary->getRHS());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) override {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2)
      noteAssignment(Call->getArg(0), Call->getArg(1));
    return true;
  }

  /// `it = ...` re-seats an iterator or pointer; `r = x` for a reference
  /// writes through it (a use). Members of *this and variables of static
  /// storage assigned here may become stored views.
  void noteAssignment(const Expr *Target, const Expr *Value) {
    Target = stripImplicit(Target);
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Target);
    if (Ref && !Ref->getDecl()->getType()->isReferenceType())
      F.Reassigned.insert(Ref);
    if (const VarDecl *Var = localVar(Ref)) {
      if (!Var->getType()->isReferenceType())
        F.Assignments.emplace_back(Var, Value);
      return;
    }
    const ValueDecl *Stored = storedVar(Target);
    if (!Stored)
      return;
    F.Reassigned.insert(Target);
    F.Assignments.emplace_back(Stored, Value);
    F.StoredTargets[Stored].push_back(Target);
  }

private:
  ViewInventory &F;
};

void ViewInventory::scan(Stmt *Body, const FunctionDecl *Function) {
  ViewScan Scan(*this);
  if (const auto *Constructor = dyn_cast_or_null<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Constructor->inits()) {
      const FieldDecl *Member = Init->getMember();
      if (!Init->isWritten() || !Member ||
          Member->getType()->isReferenceType() || !Init->getInit())
        continue;
      Scan.TraverseStmt(Init->getInit());
      Assignments.emplace_back(Member, Init->getInit());
      StoredTargets[Member].push_back(Init->getInit());
    }
  Scan.TraverseStmt(Body);
  addAssignedViews();
  numberSlots();
  numberFlags();
}

void ViewInventory::addAssignedViews() {
  // `std::vector<int>::iterator it; ... it = v.begin();`, `Node *p =
  // nullptr; p = &v[0];`: a variable assigned a view is one. A few rounds
  // reach the variables assigned from those (`q = p;`) or initialised from
  // them (`const Tok *copy = cur;` after `cur = &toks[0];`).
  for (unsigned Round = 0; Round < 4; ++Round) {
    bool Grew = false;
    for (const auto &[Var, Value] : Assignments) {
      if (Views.contains(Var) || Value->containsErrors())
        continue;
      if (std::optional<Source> Made = viewSourceFor(Var->getType(), Value)) {
        Views[Var] = {Made->Kind, nullptr};
        Grew = true;
      }
    }
    // `std::swap(x, y)` with a view: both may hold it.
    for (const auto &[At, Swapped] : ViewSwaps)
      for (auto [Into, From] :
           {Swapped, ViewSwap{Swapped.second, Swapped.first}})
        if (!Views.contains(Into) && Views.contains(From) &&
            Into->getType().getCanonicalType() ==
                From->getType().getCanonicalType()) {
          Views[Into] = {Views.lookup(From).Kind, nullptr};
          Grew = true;
        }
    if (!Grew)
      return;
    for (const VarDecl *Var : Deferred)
      if (!Views.contains(Var))
        if (std::optional<Source> Made =
                viewSourceFor(Var->getType(), Var->getInit()))
          Views[Var] = {Made->Kind, nullptr};
  }
}

std::optional<Place> ViewInventory::placeOf(const Expr *E) const {
  return model::placeOf(
      E,
      [this](const ValueDecl *D) -> std::optional<Place> {
        const auto *Var = dyn_cast<VarDecl>(D);
        auto Alias = Var ? Aliases.find(Var) : Aliases.end();
        if (Alias == Aliases.end())
          return std::nullopt;
        return Alias->second;
      },
      /*Statics=*/true);
}

std::optional<Place> ViewInventory::containerOf(const Expr *E) const {
  if (!E || !isContainerType(objectType(E)))
    return std::nullopt;
  return placeOf(E);
}

// --- Slots -------------------------------------------------------------------

void ViewInventory::numberSlots() {
  // Where each view may point: the containers of the values it is made
  // from, and (to a fixpoint) those of the views it is copied from.
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Place, 1>> Targets;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const ValueDecl *, 1>>
      CopiedFrom;
  llvm::DenseSet<const ValueDecl *> Single;
  auto Note = [&](const ValueDecl *View, const Expr *Value) {
    if (!Views.contains(View) || Escaped.contains(View) || !Value)
      return;
    forEachSource(View, Value, [&](const Source &S) {
      // (Both for a view of a member container of an element: `r.inner[2]`.)
      if (!S.FromView || !S.Container)
        Single.insert(View);
      if (S.FromView && !llvm::is_contained(CopiedFrom[View], S.FromView))
        CopiedFrom[View].push_back(S.FromView);
      if (S.Container && !llvm::is_contained(Targets[View], *S.Container))
        Targets[View].push_back(*S.Container);
    });
  };
  for (const auto &[View, Info] : Views)
    Note(View, initOf(View));
  for (const auto &[View, Value] : Assignments) {
    Note(View, Value);
    if (const auto *Var = dyn_cast<VarDecl>(View); Closures.contains(Var))
      AssignedClosures.insert(Var);
  }
  for (bool Grew = true; Grew;) {
    Grew = addTransferTargets(Targets);
    for (const auto &[View, Sources] : CopiedFrom)
      for (const ValueDecl *From : Sources)
        for (const Place &P : llvm::SmallVector<Place, 1>(Targets.lookup(From)))
          if (!llvm::is_contained(Targets[View], P)) {
            Targets[View].push_back(P);
            Grew = true;
          }
  }
  for (const auto &[View, Sources] : CopiedFrom)
    if (Sources.size() == 1) {
      Origins[View] = Sources.front();
      // Its own container and its origin's one: held together.
      if (!Single.contains(View) && Targets[View].size() == 2)
        Joint.insert(View);
    }
  notePastTheEnd();

  numberInOrder(Targets);
}

void ViewInventory::numberInOrder(
    const llvm::DenseMap<const ValueDecl *, llvm::SmallVector<Place, 1>>
        &Targets) {
  // Number in a stable order (by location: not Decl::getID(), which searches
  // the AST's allocator), so reports do not depend on hash order.
  std::vector<const ValueDecl *> Ordered;
  for (const auto &[View, Places] : Targets)
    Ordered.push_back(View);
  llvm::sort(Ordered, [](const ValueDecl *A, const ValueDecl *B) {
    return std::make_pair(A->getLocation().getRawEncoding(), A->getName()) <
           std::make_pair(B->getLocation().getRawEncoding(), B->getName());
  });
  for (const ValueDecl *View : Ordered)
    for (const Place &P : Targets.find(View)->second) {
      ViewSlots[View].push_back(SlotViews.size());
      SlotViews.push_back(View);
      SlotPlaces.push_back(P);
    }
  IteratorSlots.resize(SlotViews.size());
  StoredSlots.resize(SlotViews.size());
  ReachableSlots.resize(SlotViews.size());
  for (unsigned Slot = 0; Slot < SlotViews.size(); ++Slot) {
    const ValueDecl *View = SlotViews[Slot];
    if (Views.lookup(View).Kind == ViewKind::Iterator)
      IteratorSlots.set(Slot);
    if (!isStoredVar(View))
      continue;
    StoredSlots.set(Slot);
    if (const auto *Var = dyn_cast<VarDecl>(View);
        !Var || !Var->isStaticLocal())
      ReachableSlots.set(Slot);
  }
}

llvm::ArrayRef<const Expr *>
ViewInventory::storedAssignments(const ValueDecl *View) const {
  auto Found = StoredTargets.find(View);
  if (Found == StoredTargets.end())
    return {};
  return Found->second;
}

llvm::ArrayRef<unsigned> ViewInventory::slotsOf(const ValueDecl *View) const {
  auto Found = ViewSlots.find(View);
  if (Found == ViewSlots.end())
    return {};
  return Found->second;
}

std::optional<unsigned> ViewInventory::slotOf(const ValueDecl *View,
                                              const Place &P) const {
  for (unsigned Slot : slotsOf(View))
    if (SlotPlaces[Slot] == P)
      return Slot;
  return std::nullopt;
}

const llvm::BitVector &ViewInventory::slotsCoveredBy(const Place &P) {
  auto [Found, Inserted] = Covered.try_emplace(P);
  if (Inserted) {
    Found->second.resize(SlotViews.size());
    for (unsigned Slot = 0; Slot < SlotViews.size(); ++Slot)
      if (P.covers(SlotPlaces[Slot]))
        Found->second.set(Slot);
  }
  return Found->second;
}

const llvm::BitVector &ViewInventory::slotsCopiedFrom(const ValueDecl *View) {
  auto [Found, Inserted] = Copies.try_emplace(View);
  if (Inserted) {
    Found->second.resize(SlotViews.size());
    for (unsigned Slot = 0; Slot < SlotViews.size(); ++Slot)
      if (Origins.lookup(SlotViews[Slot]) == View)
        Found->second.set(Slot);
  }
  return Found->second;
}

} // namespace clang::tidy::slicemap::model
