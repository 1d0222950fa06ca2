//===--- LostUpdateCheck.cpp - slicemap-lost-update -----------------------===//
//
// Go's `s := m[k]; s = append(s, v)` without `m[k] = s`, in C++ clothes:
// `auto v = table[key]; v.push_back(x);` changes a copy that dies unseen.
//
// Per function definition (each instantiation of a template; lambdas are
// functions of their own):
//
//  1. One walk over the body finds the candidates - locals copied from an
//     element access (`c[i]`, `c.at(i)`, `front`, `back`, `*it`,
//     `it->second`, `p->member`, a getter returning a reference, a
//     slicemap::Map value from `m.get(k)`), by-value range-for variables and
//     structured bindings, by-value parameters of container, string or
//     slicemap::Slice type - and the modifications of each: in a position
//     that discards the value, a mutating member call (push_back, insert,
//     erase, ...), an assignment, compound assignment or ++/-- of the copy,
//     a field of it, or an element of an owning container in it. The same
//     walk drops candidates that may be observed through an alias: address
//     taken, bound to a reference, pointer, iterator or view, captured by
//     reference, or named in a catch handler (the CFG has no edges for
//     exceptions).
//  2. A backward liveness analysis over the CFG (model/Dataflow.h): a
//     candidate is live where some path ahead reads it. A plain assignment
//     of the whole copy ends liveness; its declaration starts a new copy.
//     Any other mention of the candidate is a read.
//  3. A modification after which the candidate is dead on every path is
//     lost; the last one in the source is reported, once per candidate.
//
// Types decide what counts: handles (pointers, smart pointers, views,
// slicemap::Map, the HandleTypes option) are never candidates - writes
// through a copy reach the shared object; element writes through a
// slicemap::Slice copy reach the shared array (only its length, grown by
// append, is lost); for other classes only writes to their fields count,
// since a member function may publish its effects elsewhere.
//
// Known gaps: a read that only happens through an alias made in a callee
// (a function that stores a pointer to its reference argument) is not seen;
// reads compiled out by the preprocessor (assert under NDEBUG) do not count.
//
//===----------------------------------------------------------------------===//

#include "LostUpdateCheck.h"

#include "model/BodyVisitor.h"
#include "model/ContainerModel.h"
#include "model/Dataflow.h"
#include "model/FlowCheck.h"
#include "model/Options.h"
#include "model/RuntimeModel.h"
#include "model/SourceText.h"
#include "model/ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

namespace {

/// What kind of value a candidate holds decides which writes change it.
enum class Shape {
  /// Not a candidate: a handle, a class with a user-provided destructor,
  /// a dependent type, const, volatile.
  None,
  /// A container owning its elements (std::vector, std::string, ...):
  /// mutating calls, element writes, assignment.
  Owning,
  /// slicemap::Slice: only assignment (`s = append(s, x)`) changes the copy.
  Slice,
  /// Any other class: writes to its fields.
  Fields,
  /// Arithmetic and enumeration types: assignment, ++ and --.
  Scalar,
};

enum class Origin { Element, MapValue, LoopElement, Parameter };

struct Candidate {
  const ValueDecl *Decl = nullptr;
  /// The declaration whose statement makes a fresh copy: the variable, or
  /// the structured binding's hidden variable; null for a parameter.
  const VarDecl *Declared = nullptr;
  Origin From = Origin::Element;
  Shape Kind = Shape::None;
  /// What was copied: the element access, or the range of a range-for.
  const Expr *Source = nullptr;
  /// For a slicemap::Map value: the `m.get(k)` call.
  const CXXMemberCallExpr *MapGet = nullptr;
  /// The copy could be a reference to its source instead (the source is a
  /// modifiable lvalue of the same type).
  bool CanBeReference = false;
  bool Escaped = false;
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
};

struct Modification {
  unsigned Candidate = 0;
  /// Replaces the whole copy (`v = x`): the old value is dead before it.
  bool Replaces = false;
  /// `s = append(s, ...)` on a slicemap::Slice.
  bool Appends = false;
};

/// The expression a copy was made from: peels the implicit copy (or
/// move) construction, temporaries and lvalue-to-rvalue conversions.
const Expr *copiedFrom(const Expr *Init) {
  const Expr *E = model::stripImplicit(Init);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      Construct->getConstructor()->isCopyOrMoveConstructor() &&
      !isa<CXXTemporaryObjectExpr>(Construct))
    E = model::stripImplicit(Construct->getArg(0));
  return E;
}

/// An access to a value stored in another object: an element (`c[i]`,
/// `c.at(i)`, `c.front()`, `*it`, `*p`), a member reached through a
/// pointer, iterator or `this` (`it->second`, `p->items`, `items_`), a
/// member of such a value (`c[i].items`), or what a getter returns by
/// reference (`obj.items()`).
bool isStoredValueAccess(const Expr *E, unsigned Depth = 0) {
  E = model::stripImplicit(E);
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
    const Expr *Base = model::stripImplicit(Member->getBase());
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

/// The container object of an owning container's element access (`c[i]`,
/// `c.at(i)`, `c.front()`), or null.
const Expr *ownerOfElement(const Expr *E) {
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2 &&
        model::ownsElements(model::storageOf(Operator->getArg(0)->getType())))
      return Operator->getArg(0);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Method && Method->getIdentifier() &&
        model::isElementAccessMethod(Method->getName()) && Object &&
        model::ownsElements(model::storageOf(Object->getType())))
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
    Target = Target->IgnoreParenImpCasts();
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
      const Expr *Base = Subscript->getBase()->IgnoreParenImpCasts();
      if (!Base->getType()->isConstantArrayType())
        return nullptr;
      Target = Base;
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

bool isAppendCall(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(model::stripImplicit(E));
  return Call && model::isAppendFunction(Call->getDirectCallee());
}

/// One function body: its candidates and their modifications.
class FunctionScan : public model::BodyVisitor {
public:
  FunctionScan(LostUpdateCheck &Check) : Check(Check) {}

  Shape shapeOf(QualType Type) {
    if (Type.isNull() || Type->isDependentType() || Type->isReferenceType() ||
        Type.isConstQualified() || Type.isVolatileQualified())
      return Shape::None;
    if (Type->isArithmeticType() || Type->isEnumeralType())
      return Shape::Scalar;
    if (model::isHandleType(Type) || Check.isConfiguredHandle(Type))
      return Shape::None;
    const model::Storage Storage = model::storageOf(Type);
    if (Storage == model::Storage::SharedArray)
      return Shape::Slice;
    if (model::ownsElements(Storage))
      return Shape::Owning;
    const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
    if (!Record || !Record->hasDefinition() || Record->isLambda() ||
        Record->isUnion())
      return Shape::None;
    // A destructor of its own may read what the fields were set to.
    if (const CXXDestructorDecl *Destructor = Record->getDestructor();
        Destructor && Destructor->isUserProvided())
      return Shape::None;
    return Shape::Fields;
  }

  void addParameters(const FunctionDecl &Function) {
    for (const ParmVarDecl *Parameter : Function.parameters()) {
      if (!Parameter->getIdentifier())
        continue;
      const Shape Kind = shapeOf(Parameter->getType());
      if (Kind != Shape::Owning && Kind != Shape::Slice)
        continue;
      Candidate C;
      C.Decl = Parameter;
      C.From = Origin::Parameter;
      C.Kind = Kind;
      add(std::move(C));
    }
  }

  // --- Candidates ---------------------------------------------------------

  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) override {
    if (const VarDecl *Loop = For->getLoopVariable())
      LoopRanges[Loop] = For->getRangeInit();
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

    Candidate C;
    C.Declared = Var;
    const Expr *Copied = copiedFrom(Init);
    auto Range = LoopRanges.find(Var);
    if (Range != LoopRanges.end()) {
      if (!Copied || !Copied->isLValue())
        return true;
      C.From = Origin::LoopElement;
      C.Source = Range->second;
    } else if (const CXXMemberCallExpr *Get =
                   model::asMapMemberCall(Copied, "get")) {
      C.From = Origin::MapValue;
      C.Source = Get;
      C.MapGet = Get;
    } else if (isStoredValueAccess(Copied)) {
      C.From = Origin::Element;
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
        const Shape Kind = shapeOf(Binding->getType());
        if (Kind == Shape::None || !Binding->getIdentifier())
          continue;
        Candidate B = C;
        B.Decl = Binding;
        B.Kind = Kind;
        add(std::move(B));
      }
      return true;
    }
    C.Kind = shapeOf(Var->getType());
    if (C.Kind == Shape::None)
      return true;
    C.Decl = Var;
    add(std::move(C));
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) override {
    if (Candidate *C = find(Ref->getDecl()))
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
        (!Type->isReferenceType() &&
         (model::ownsElements(model::storageOf(Type)) ||
          model::storageOf(Type) == model::Storage::SharedArray ||
          isStoredValueAccess(copiedFrom(Value))));
    if (!IsCopy)
      escapeAll(Value);
  }

  void escapeAll(const Stmt *S) {
    model::forEachDeclRef(S, [&](const DeclRefExpr *Ref) {
      if (Candidate *C = find(Ref->getDecl()))
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
      if (Candidate *C = find(Captured);
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
    model::forEachDiscardedValueIn(Body, [&](const Expr *E) {
      if (E->containsErrors())
        return;
      const DeclRefExpr *Object = nullptr;
      if (std::optional<Modification> Mod = modification(E, Object)) {
        Modifications.try_emplace(E, *Mod);
        Owned.insert(Object);
      }
    });
  }

  /// If \p E (whose value is discarded) changes a candidate, how; \p Object
  /// is then the reference to the candidate it writes through.
  std::optional<Modification> modification(const Expr *E,
                                           const DeclRefExpr *&Object) {
    const Expr *Target = nullptr;
    const Expr *Value = nullptr;
    bool PlainAssignment = false;
    bool MemberCall = false;
    const CXXMethodDecl *AssignmentOperator = nullptr;
    if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      if (!Binary->isAssignmentOp())
        return std::nullopt;
      Target = Binary->getLHS();
      Value = Binary->getRHS();
      PlainAssignment = Binary->getOpcode() == BO_Assign;
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (!Unary->isIncrementDecrementOp())
        return std::nullopt;
      Target = Unary->getSubExpr();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      const OverloadedOperatorKind Kind = Operator->getOperator();
      if (Operator->getNumArgs() < 1 ||
          !(Operator->isAssignmentOp() || Kind == OO_PlusPlus ||
            Kind == OO_MinusMinus))
        return std::nullopt;
      Target = Operator->getArg(0);
      if (Operator->getNumArgs() == 2 && Operator->isAssignmentOp())
        Value = Operator->getArg(1);
      PlainAssignment = Kind == OO_Equal;
      AssignmentOperator =
          dyn_cast_or_null<CXXMethodDecl>(Operator->getDirectCallee());
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      if (!Method || !Method->getIdentifier() ||
          !model::isMutatingMethod(Method->getName()) || !Object ||
          !model::ownsElements(model::storageOf(Object->getType())))
        return std::nullopt;
      Target = Object;
      MemberCall = true;
    } else {
      return std::nullopt;
    }

    bool Whole = false;
    Object = objectWritten(Target, Whole);
    if (!Object)
      return std::nullopt;
    auto Found = Index.find(Object->getDecl());
    if (Found == Index.end())
      return std::nullopt;
    const Candidate &C = Candidates[Found->second];
    Modification Mod;
    Mod.Candidate = Found->second;
    if (!Whole)
      return Mod; // a field or an element of the copy
    switch (C.Kind) {
    case Shape::Owning:
      Mod.Replaces = PlainAssignment;
      return Mod;
    case Shape::Scalar:
      Mod.Replaces = PlainAssignment;
      return Mod;
    case Shape::Slice:
      if (!PlainAssignment)
        return std::nullopt;
      Mod.Replaces = true;
      Mod.Appends = isAppendCall(Value);
      return Mod;
    case Shape::Fields:
      // Only the compiler's own assignment is known to do nothing else.
      if (MemberCall || !PlainAssignment || !AssignmentOperator ||
          AssignmentOperator->isUserProvided())
        return std::nullopt;
      Mod.Replaces = true;
      return Mod;
    case Shape::None:
      break;
    }
    return std::nullopt;
  }

  Candidate *find(const Decl *D) {
    auto Found = Index.find(D);
    return Found == Index.end() ? nullptr : &Candidates[Found->second];
  }

  void add(Candidate C) {
    Index.try_emplace(C.Decl, Candidates.size());
    Candidates.push_back(std::move(C));
  }

  LostUpdateCheck &Check;
  std::vector<Candidate> Candidates;
  llvm::DenseMap<const Decl *, unsigned> Index;
  llvm::DenseMap<const Stmt *, Modification> Modifications;
  /// References that are the object a modification writes through: not
  /// reads.
  llvm::DenseSet<const DeclRefExpr *> Owned;
  llvm::DenseMap<const VarDecl *, const Expr *> LoopRanges;
};

/// The candidates live at a point: some path ahead reads them.
using Liveness = model::LiveSet;

struct LivenessTransfer {
  const FunctionScan &Scan;
  /// Filled by the final pass: modifications after which their candidate
  /// is dead.
  std::vector<const Stmt *> *Lost = nullptr;

  void element(const CFGElement &Element, Liveness &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (auto Found = Scan.Modifications.find(S);
        Found != Scan.Modifications.end()) {
      const Modification &Mod = Found->second;
      if (Lost && !State.Live.test(Mod.Candidate))
        Lost->push_back(S);
      if (Mod.Replaces)
        State.Live.reset(Mod.Candidate);
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      if (auto Found = Scan.Index.find(Ref->getDecl());
          Found != Scan.Index.end() && !Scan.Owned.contains(Ref))
        State.Live.set(Found->second);
      return;
    }
    if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declaration->decls()) {
        kill(D, State);
        if (const auto *Decomposition = dyn_cast<DecompositionDecl>(D))
          for (const BindingDecl *Binding : Decomposition->bindings())
            kill(Binding, State);
      }
    }
  }

  void kill(const Decl *D, Liveness &State) {
    if (auto Found = Scan.Index.find(D); Found != Scan.Index.end())
      State.Live.reset(Found->second);
  }
};

std::string quoted(std::optional<llvm::StringRef> Text) {
  if (!Text || Text->size() > 48 || Text->contains('\n'))
    return "";
  return ("'" + *Text + "'").str();
}

} // namespace

LostUpdateCheck::LostUpdateCheck(llvm::StringRef Name,
                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      HandleTypesOption(Options.get("HandleTypes", "")) {
  for (llvm::StringRef Type : model::parseList(HandleTypesOption)) {
    Type.consume_front("::");
    HandleTypes.emplace_back(Type);
  }
}

void LostUpdateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "HandleTypes", HandleTypesOption);
}

bool LostUpdateCheck::isConfiguredHandle(QualType Type) {
  if (HandleTypes.empty())
    return false;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  const NamedDecl *Class = Record;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    Class = Spec->getSpecializedTemplate();
  auto [Cached, Inserted] = HandleClassCache.try_emplace(Class, false);
  if (Inserted) {
    const std::string Name = Class->getQualifiedNameAsString();
    Cached->second = llvm::is_contained(HandleTypes, Name);
  }
  return Cached->second;
}

void LostUpdateCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition outside system headers (lambda bodies
  // included); check() drops at once the ones with no candidate copy that
  // is modified. Dependent template definitions are skipped: their
  // instantiations are analysed, with the types known.
  model::matchFunctionDefinitions(*Finder, this);
}

void LostUpdateCheck::check(const MatchFinder::MatchResult &Result) {
  // (In half-typed code the AST may be missing the very read that would
  // make a copy live: functionToAnalyse skips such TUs.)
  const model::AnalysedFunction Analysing =
      model::functionToAnalyse(Result, Analysed);
  if (!Analysing)
    return;
  const FunctionDecl *Function = Analysing.Function;
  Stmt *Body = Analysing.Body;
  ASTContext &Context = *Result.Context;

  FunctionScan Scan(*this);
  Scan.addParameters(*Function);
  Scan.TraverseStmt(Body);
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Constructor->inits())
      if (Init->isWritten())
        Scan.TraverseStmt(Init->getInit());
  Scan.findModifications(Body);

  // Nothing to analyse unless some modified candidate has no alias.
  llvm::BitVector Modified(Scan.Candidates.size());
  for (const auto &[S, Mod] : Scan.Modifications)
    if (!Scan.Candidates[Mod.Candidate].Escaped)
      Modified.set(Mod.Candidate);
  if (Modified.none())
    return;

  std::unique_ptr<CFG> Graph = model::buildFlowCFG(Function, Body, Context);
  if (!Graph)
    return;

  // Every read the walk saw must be an element of the CFG, or liveness could
  // miss it: a candidate with a reference the CFG left out is dropped.
  llvm::DenseSet<const Stmt *> InGraph;
  std::vector<const CFGBlock *> Reachable;
  {
    llvm::BitVector Seen(Graph->getNumBlockIDs());
    std::vector<const CFGBlock *> Work = {&Graph->getEntry()};
    Seen.set(Graph->getEntry().getBlockID());
    while (!Work.empty()) {
      const CFGBlock *Block = Work.back();
      Work.pop_back();
      Reachable.push_back(Block);
      for (const CFGBlock::AdjacentBlock &Next : Block->succs())
        if (const CFGBlock *To = Next.getReachableBlock();
            To && !Seen.test(To->getBlockID())) {
          Seen.set(To->getBlockID());
          Work.push_back(To);
        }
    }
  }
  for (const CFGBlock *Block : *Graph)
    for (const CFGElement &Element : *Block)
      if (std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>())
        InGraph.insert(AsStmt->getStmt());
  for (unsigned I = 0; I < Scan.Candidates.size(); ++I) {
    Candidate &C = Scan.Candidates[I];
    for (const DeclRefExpr *Ref : C.Refs)
      if (!InGraph.contains(Ref))
        C.Escaped = true;
    if (C.Escaped)
      Modified.reset(I);
  }
  if (Modified.none())
    return;

  LivenessTransfer Flow{Scan};
  Liveness AtExit{llvm::BitVector(Scan.Candidates.size())};
  // An escaped candidate is always live: every modification is observable.
  for (unsigned I = 0; I < Scan.Candidates.size(); ++I)
    if (Scan.Candidates[I].Escaped)
      AtExit.Live.set(I);
  std::optional<model::BlockStates<Liveness>> Exit =
      model::runBackward(*Graph, AtExit, Flow);
  if (!Exit)
    return; // over budget: stay silent

  std::vector<const Stmt *> Lost;
  Flow.Lost = &Lost;
  for (const CFGBlock *Block : Reachable) {
    const std::optional<Liveness> &Out = (*Exit)[Block->getBlockID()];
    if (!Out)
      continue; // never reaches the exit
    Liveness State = *Out;
    for (const CFGElement &Element : llvm::reverse(*Block))
      Flow.element(Element, State);
  }

  // The last lost modification of each candidate, in source order.
  const SourceManager &SM = *Result.SourceManager;
  llvm::DenseMap<unsigned, const Stmt *> LastLost;
  for (const Stmt *S : Lost) {
    const Modification &Mod = Scan.Modifications.find(S)->second;
    if (Scan.Candidates[Mod.Candidate].Escaped)
      continue;
    auto [Slot, Inserted] = LastLost.try_emplace(Mod.Candidate, S);
    if (!Inserted && SM.isBeforeInTranslationUnit(Slot->second->getBeginLoc(),
                                                  S->getBeginLoc()))
      Slot->second = S;
  }

  const LangOptions &LangOpts = getLangOpts();
  for (const auto &[Number, S] : LastLost) {
    const Candidate &C = Scan.Candidates[Number];
    const Modification &Mod = Scan.Modifications.find(S)->second;
    const SourceLocation At = S->getBeginLoc();
    if (At.isInvalid() || !Reported.insert(At).second)
      continue;
    const std::string Name = C.Decl->getName().str();
    const std::string Change = Mod.Appends
                                   ? "the elements this append adds are lost"
                                   : "this modification is lost";
    std::string Source =
        C.Source ? quoted(model::sourceText(C.Source->getSourceRange(), SM,
                                            LangOpts))
                 : "";
    switch (C.From) {
    case Origin::Parameter:
      diag(At, "'%0' is a by-value parameter; %1 when the function returns")
          << Name << Change;
      diag(C.Decl->getLocation(),
           "'%0' is passed by value here; take it by reference to change the "
           "caller's object, or return it",
           DiagnosticIDs::Note)
          << Name;
      continue;
    case Origin::LoopElement:
      diag(At, "'%0' is a copy of an element of %1; %2 at the end of the "
               "iteration")
          << Name << (Source.empty() ? "the range" : Source) << Change;
      break;
    case Origin::Element:
    case Origin::MapValue:
      diag(At, "'%0' is a copy of %1; %2 when '%0' goes out of scope")
          << Name << (Source.empty() ? "a stored value" : Source) << Change;
      break;
    }

    // Where the copy is made, and how to keep the change.
    const SourceLocation Declared = C.Declared->getLocation();
    if (C.MapGet) {
      const Expr *Map = C.MapGet->getImplicitObjectArgument();
      std::string WriteBack;
      if (C.MapGet->getNumArgs() == 1 && Map && !Map->isImplicitCXXThis()) {
        auto MapText = model::sourceText(Map->getSourceRange(), SM, LangOpts);
        auto KeyText = model::sourceText(C.MapGet->getArg(0)->getSourceRange(),
                                         SM, LangOpts);
        const auto *Member =
            dyn_cast<MemberExpr>(C.MapGet->getCallee()->IgnoreParens());
        if (MapText && KeyText && Member)
          WriteBack = (*MapText + (Member->isArrow() ? "->" : ".") + "set(" +
                       *KeyText + ", " + Name + ")")
                          .str();
      }
      if (WriteBack.empty())
        diag(Declared,
             "'%0' is a copy of the map's value; write it back with the "
             "map's set()",
             DiagnosticIDs::Note)
            << Name;
      else
        diag(Declared,
             "'%0' is a copy of the map's value; write it back with '%1'",
             DiagnosticIDs::Note)
            << Name << WriteBack;
    } else if (C.CanBeReference &&
               model::isEditable(SourceRange(Declared), SM, LangOpts)) {
      diag(Declared,
           "'%0' is declared here as a copy; declare it as a reference to "
           "modify the original in place",
           DiagnosticIDs::Note)
          << Name << FixItHint::CreateInsertion(Declared, "&");
    } else {
      diag(Declared, "'%0' is declared here as a copy", DiagnosticIDs::Note)
          << Name;
    }
  }
}

} // namespace clang::tidy::slicemap
