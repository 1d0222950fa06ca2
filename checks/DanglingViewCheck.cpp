//===--- DanglingViewCheck.cpp - slicemap-dangling-view -------------------===//
//
// A forward dataflow over each function's CFG (model/Dataflow.h) tracks, for
// every local *view* - an iterator, a pointer or reference to an element, a
// std::span or std::string_view, a data()/c_str() pointer, a slicemap::Map
// find() pointer, the hidden iterators of a range-for - the container
// *place* it points into (a local, a parameter, `this->member`, `b.member`)
// and whether it may have been invalidated since it was made:
//
//   valid        made from its container; re-established by assignment
//                (`it = v.insert(it, x)`, `p = v.data()`);
//   invalidated  its container was mutated in a way the container model
//                (model/ContainerModel.h) says may move the elements: a
//                vector grows, a flat hash map rehashes, a deque invalidates
//                its iterators, the element a node-based iterator points to
//                is erased, an append moves a slicemap::Slice; or a function
//                with a body in this TU that does so to that container was
//                called (summaries, followed CallDepth levels).
//
// A use of a view that is invalidated on every path, or on some path, is
// reported with notes at the invalidating operation and at the view.
// Containers reached through unknown functions or aliases are not followed:
// an unknown callee never invalidates (silence over guesses).
//
//===----------------------------------------------------------------------===//

#include "DanglingViewCheck.h"

#include "model/BodyVisitor.h"
#include "model/ContainerModel.h"
#include "model/Dataflow.h"
#include "model/FlowCheck.h"
#include "model/RuntimeModel.h"
#include "model/ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DynamicRecursiveASTVisitor.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

using dangling::EffectSummary;

namespace {

/// Where a container lives: a variable (local or parameter; for a pointer,
/// what it points to), a member of one (`b.items`, `p->items`), or a member
/// of `*this` (null variable).
using Place = std::pair<const ValueDecl *, const FieldDecl *>;

enum class ViewKind : std::uint8_t { Iterator, Element };

enum : std::uint8_t { MayValid = 1, MayInvalid = 2 };

enum class Cause : std::uint8_t { Moved, IteratorsInvalidated, Erased, Append };

struct ViewFact {
  std::optional<Place> Container;
  std::uint8_t Bits = 0;
  Cause Why = Cause::Moved;
  const Stmt *InvalidatedBy = nullptr;
  /// The iterator this view was made from (erasing its element ends both).
  const VarDecl *Origin = nullptr;
};

struct ViewState {
  llvm::DenseMap<const VarDecl *, ViewFact> Facts;

  bool join(const ViewState &Other) {
    bool Changed = false;
    for (const auto &[View, Incoming] : Other.Facts) {
      auto [It, Inserted] = Facts.try_emplace(View, Incoming);
      if (Inserted) {
        Changed = true;
        continue;
      }
      ViewFact &Mine = It->second;
      if (Mine.Container != Incoming.Container && Mine.Container) {
        // Made from different containers on different paths: not followed.
        Mine.Container.reset();
        Changed = true;
      }
      const std::uint8_t Bits = Mine.Bits | Incoming.Bits;
      if (Bits != Mine.Bits) {
        Mine.Bits = Bits;
        Changed = true;
      }
      if (!Mine.InvalidatedBy && Incoming.InvalidatedBy) {
        Mine.InvalidatedBy = Incoming.InvalidatedBy;
        Mine.Why = Incoming.Why;
        Changed = true;
      }
    }
    return Changed;
  }
};

bool isContainerType(QualType Type) {
  return model::storageOf(Type) != model::Storage::Unknown;
}

/// The variable an expression names, if a local or a parameter.
const VarDecl *localVar(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(model::stripImplicit(E));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// The type of the object a member function is called on (through `->`).
QualType objectType(const Expr *Object) {
  QualType Type = Object->getType();
  return Type->isPointerType() ? Type->getPointeeType() : Type;
}

/// \p E without a converting construction (iterator -> const_iterator).
const Expr *withoutConversion(const Expr *E) {
  E = model::stripImplicit(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1 &&
      !Construct->isListInitialization())
    return model::stripImplicit(Construct->getArg(0));
  return E;
}

/// True when the implicit object of \p Method is [[clang::lifetimebound]].
bool thisIsLifetimeBound(const CXXMethodDecl *Method) {
  for (const FunctionDecl *Redecl : Method->redecls()) {
    const TypeSourceInfo *Info = Redecl->getTypeSourceInfo();
    if (!Info)
      continue;
    TypeLoc Loc = Info->getTypeLoc();
    while (auto Attributed = Loc.getAs<AttributedTypeLoc>()) {
      if (Attributed.getAttrAs<LifetimeBoundAttr>())
        return true;
      Loc = Attributed.getModifiedLoc();
    }
  }
  return false;
}

/// One function: its views, aliases and the places its expressions name.
class Function {
public:
  Function(DanglingViewCheck &Check) : Check(Check) {}

  /// The place \p E names: `v`, `*p`, `b.items`, `p->items`, `items`
  /// (this), resolving reference aliases (`auto &r = v;`, a range-for's
  /// hidden range variable).
  std::optional<Place> placeOf(const Expr *E) const {
    E = model::stripImplicit(E);
    if (!E)
      return std::nullopt;
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_Deref)
      return placeOf(Unary->getSubExpr());
    if (const VarDecl *Var = localVar(E)) {
      if (auto Alias = Aliases.find(Var); Alias != Aliases.end())
        return Alias->second;
      return Place{Var, nullptr};
    }
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field || Field->getType()->isReferenceType())
        return std::nullopt;
      const Expr *Base = model::stripImplicit(Member->getBase());
      if (isa<CXXThisExpr>(Base))
        return Place{nullptr, Field};
      if (std::optional<Place> Object = placeOf(Base);
          Object && !Object->second)
        return Place{Object->first, Field};
    }
    return std::nullopt;
  }

  /// The place of the container an expression of container type names.
  /// (Also for a pointer to a container: `p` in `p->begin()`.)
  std::optional<Place> containerOf(const Expr *E) const {
    if (!E || !isContainerType(objectType(E)))
      return std::nullopt;
    return placeOf(E);
  }

  struct Source {
    std::optional<Place> Container;
    ViewKind Kind = ViewKind::Element;
    /// A view this one is made from (its container is that view's).
    const VarDecl *FromView = nullptr;
    /// The expression is an element itself (`v[i]`, `*it`, `r` for a
    /// reference view): only a reference bound to it is a view; a value
    /// initialised from it is a copy.
    bool IsElement = false;
  };

  /// What container a view made by \p E points into: `c.begin()`,
  /// `c.find(k)`, `c.data()`, `&c[i]`, `c.front()`, `*it`, `it + 1`,
  /// `std::span(c)`, `std::string_view(s)`, `b.view()` (a member function
  /// returning a view of a member), another view.
  std::optional<Source> sourceOf(const Expr *E, unsigned Depth = 0) const {
    E = model::stripImplicit(E);
    if (!E || Depth > 12)
      return std::nullopt;
    if (const VarDecl *Var = localVar(E); Var && Views.contains(Var)) {
      Source S;
      S.FromView = Var;
      S.Kind = Views.lookup(Var).Kind;
      S.IsElement = Var->getType()->isReferenceType();
      return S;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
      // std::string_view(s), static_cast<const int *>(p)
      const QualType To = Cast->getTypeAsWritten();
      if (!model::isHandleType(To) && !To->isPointerType() &&
          !To->isReferenceType())
        return std::nullopt;
      if (model::isHandleType(To))
        if (std::optional<Place> Container =
                containerOf(Cast->getSubExprAsWritten()))
          return Source{Container, ViewKind::Element, nullptr};
      return sourceOf(Cast->getSubExpr(), Depth + 1);
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      // A copy of an iterator, or a span/string_view made from a container
      // or from another view.
      if (Construct->getNumArgs() == 0)
        return std::nullopt;
      const Expr *First = Construct->getArg(0);
      if (Construct->getConstructor()->isCopyOrMoveConstructor())
        return sourceOf(First, Depth + 1);
      if (!model::isHandleType(Construct->getType()))
        return std::nullopt;
      if (std::optional<Place> Container = containerOf(First))
        return Source{Container, ViewKind::Element, nullptr};
      return sourceOf(First, Depth + 1);
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref) {
        std::optional<Source> Inner = sourceOf(Unary->getSubExpr(), Depth + 1);
        if (Inner) {
          Inner->Kind = ViewKind::Element;
          Inner->IsElement = Unary->getOpcode() == UO_Deref;
        }
        return Inner;
      }
      return std::nullopt;
    }
    if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      if (Binary->isAdditiveOp() && Binary->getType()->isPointerType())
        return sourceOf(Binary->getLHS()->getType()->isPointerType()
                            ? Binary->getLHS()
                            : Binary->getRHS(),
                        Depth + 1);
      return std::nullopt;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!Subscript->getBase()->getType()->isPointerType())
        return std::nullopt;
      std::optional<Source> Inner = sourceOf(Subscript->getBase(), Depth + 1);
      if (Inner) {
        Inner->Kind = ViewKind::Element;
        Inner->IsElement = true;
      }
      return Inner;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Operator->getNumArgs() == 0)
        return std::nullopt;
      const Expr *Object = Operator->getArg(0);
      switch (Operator->getOperator()) {
      case OO_Subscript:
        if (std::optional<Place> Container = containerOf(Object))
          return Source{Container, ViewKind::Element, nullptr, true};
        [[fallthrough]];
      case OO_Star:
      case OO_Arrow: {
        std::optional<Source> Inner = sourceOf(Object, Depth + 1);
        if (Inner) {
          Inner->Kind = ViewKind::Element;
          Inner->IsElement = Operator->getOperator() != OO_Arrow;
        }
        return Inner;
      }
      case OO_Plus:
      case OO_Minus:
      case OO_PlusPlus:
      case OO_MinusMinus:
        return sourceOf(Object, Depth + 1);
      default:
        return std::nullopt;
      }
    }
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Method = Call->getMethodDecl();
      const Expr *Object = Call->getImplicitObjectArgument();
      if (!Method || !Object)
        return std::nullopt;
      if (const auto *Conversion = dyn_cast<CXXConversionDecl>(Method)) {
        // std::string -> std::string_view
        if (model::isHandleType(Conversion->getConversionType()))
          if (std::optional<Place> Container = containerOf(Object))
            return Source{Container, ViewKind::Element, nullptr};
        return std::nullopt;
      }
      if (!Method->getIdentifier())
        return std::nullopt;
      const llvm::StringRef Name = Method->getName();
      if (std::optional<Place> Container = containerOf(Object)) {
        if (model::isIteratorMethod(Name) && Call->getType()->isRecordType())
          return Source{Container, ViewKind::Iterator, nullptr};
        if (model::isIteratorMethod(Name) || model::isDataPointerMethod(Name) ||
            model::isElementAccessMethod(Name)) {
          if (Call->getType()->isPointerType())
            return Source{Container, ViewKind::Element, nullptr};
          if (Call->isLValue())
            return Source{Container, ViewKind::Element, nullptr, true};
        }
        return std::nullopt;
      }
      if (model::isHandleType(Object->getType())) {
        // A view of a view: span.subspan(), string_view.substr(), ...
        if (model::isHandleType(Call->getType()) ||
            Call->getType()->isPointerType() || Call->isLValue())
          return sourceOf(Object, Depth + 1);
        return std::nullopt;
      }
      // A member function of a class that returns a view of a member.
      if (!Call->getType()->isPointerType() && !Call->isLValue() &&
          !model::isHandleType(Call->getType()))
        return std::nullopt;
      const FieldDecl *Member = nullptr;
      if (!Check.memberViewOf(Method, Member))
        return std::nullopt;
      const Expr *Base = model::stripImplicit(Object);
      std::optional<Place> Owner;
      if (isa<CXXThisExpr>(Base))
        Owner = Place{nullptr, nullptr};
      else
        Owner = placeOf(Base);
      if (!Owner || Owner->second)
        return std::nullopt;
      // this->member, b.member, or (lifetimebound) the whole of b.
      if (!Owner->first && !Member)
        return std::nullopt;
      return Source{Place{Owner->first, Member}, ViewKind::Element, nullptr,
                    Call->isLValue()};
    }
    // Free functions (std::begin, std::data) are not followed.
    return std::nullopt;
  }

  struct ViewInfo {
    ViewKind Kind = ViewKind::Element;
    /// The range-for whose hidden iterator this is, if any.
    const CXXForRangeStmt *Loop = nullptr;
  };

  /// True for a type a view can have: a pointer, a reference, a handle
  /// (span, string_view), or an iterator (a class made by an iterator
  /// method; checked by the caller).
  static bool isViewType(QualType Type) {
    return Type->isReferenceType() || Type->isPointerType() ||
           model::isHandleType(Type) || Type->isRecordType();
  }

  DanglingViewCheck &Check;
  /// How deep in a chain of calls this body is (0: the analysed function).
  unsigned Depth = 0;
  llvm::DenseMap<const VarDecl *, ViewInfo> Views;
  llvm::DenseMap<const VarDecl *, Place> Aliases;
  /// Declared by a range-for over a container, per container: the loop
  /// variable and its bindings. Writing to an existing key (`m[key] = x`,
  /// `m.set(key, v)` with the loop's own key) inserts nothing.
  llvm::DenseSet<const ValueDecl *> LoopKeys;
  /// Views whose address is taken or that are captured by reference: they
  /// may be re-pointed out of sight.
  llvm::DenseSet<const VarDecl *> Escaped;
  /// References to a view that are the target of an assignment.
  llvm::DenseSet<const DeclRefExpr *> Reassigned;
};

/// Finds the views, aliases and escapes of one function body.
class ViewScan : public model::BodyVisitor {
public:
  ViewScan(Function &F) : F(F) {}

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
    if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) || !Var->getInit() ||
        Var->getInit()->containsErrors())
      return true;
    const QualType Type = Var->getType();
    // `auto &r = v;` and `std::vector<int> &r = b.items;`: another name for
    // a container.
    if (Type->isReferenceType() && isContainerType(Type.getNonReferenceType()))
      if (std::optional<Place> Container = F.containerOf(Var->getInit())) {
        F.Aliases[Var] = *Container;
        return true;
      }
    if (!Function::isViewType(Type) || isContainerType(Type))
      return true;
    std::optional<Function::Source> Source = F.sourceOf(Var->getInit());
    if (!Source)
      return true;
    // A class-typed view is an iterator made by an iterator method, a copy
    // of one, or a span/string_view.
    if (Type->isRecordType() && !model::isHandleType(Type) &&
        Source->Kind != ViewKind::Iterator)
      return true;
    // `auto x = v[i];`, `int *p = *it;`: a copy of an element, not a view.
    if (Source->IsElement && !Type->isReferenceType())
      return true;
    F.Views[Var] = {Source->Kind, nullptr};
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->getOpcode() == UO_AddrOf)
      if (const VarDecl *Var = localVar(Unary->getSubExpr()))
        F.Escaped.insert(Var);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          F.Escaped.insert(Var);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Binary) override {
    if (Binary->getOpcode() == BO_Assign)
      noteReassigned(Binary->getLHS());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) override {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2)
      noteReassigned(Call->getArg(0));
    return true;
  }

  /// `it = ...` re-seats an iterator or pointer; `r = x` for a reference
  /// writes through it (a use).
  void noteReassigned(const Expr *Target) {
    if (const auto *Ref =
            dyn_cast_or_null<DeclRefExpr>(model::stripImplicit(Target)))
      if (!Ref->getDecl()->getType()->isReferenceType())
        F.Reassigned.insert(Ref);
  }

  Function &F;
};

/// The invalidating effect of one CFG element, if any: the place it
/// mutates and how.
struct Mutation {
  Place Container;
  model::Invalidation What = model::Invalidation::None;
  Cause Why = Cause::Moved;
  /// For ErasedElement: the iterator variable passed to erase.
  const VarDecl *Erased = nullptr;
};

class ViewTransfer {
public:
  ViewTransfer(Function &F) : F(F) {}

  void element(const CFGElement &Element, ViewState &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      use(Ref, State);
      return;
    }
    if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Declaration->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && F.Views.contains(Var))
          establish(Var, Var->getInit(), State);
      return;
    }
    const Expr *Target = nullptr;
    const Expr *Value = nullptr;
    if (const auto *Binary = dyn_cast<BinaryOperator>(S);
        Binary && Binary->getOpcode() == BO_Assign) {
      Target = Binary->getLHS();
      Value = Binary->getRHS();
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
               Operator && Operator->getOperator() == OO_Equal &&
               Operator->getNumArgs() == 2) {
      Target = Operator->getArg(0);
      Value = Operator->getArg(1);
    }
    if (Target)
      if (const VarDecl *Var = localVar(Target);
          Var && F.Views.contains(Var) && !Var->getType()->isReferenceType()) {
        establish(Var, Value, State);
        return;
      }
    if (const auto *E = dyn_cast<Expr>(S))
      mutations(E, [&](const Mutation &M) { apply(M, S, State); });
  }

  void edge(const CFGBlock &, const CFGBlock &, unsigned, ViewState &) {}

  /// Calls \p Found for each container \p E may invalidate.
  void mutations(const Expr *E,
                 llvm::function_ref<void(const Mutation &)> Found) {
    const Expr *Object = nullptr;
    llvm::StringRef Method;
    const Expr *FirstArgument = nullptr;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *Callee = Call->getMethodDecl();
      Object = Call->getImplicitObjectArgument();
      if (!Callee || !Object)
        return;
      if (Callee->getIdentifier())
        Method = Callee->getName();
      if (Call->getNumArgs() > 0)
        FirstArgument = withoutConversion(Call->getArg(0));
      // `p->push_back(x)` through a pointer to the container.
      if (!isContainerType(objectType(Object))) {
        callEffects(Call->getDirectCallee(), Object,
                    {Call->getArgs(), Call->getNumArgs()}, Found);
        return;
      }
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Operator->getNumArgs() == 0)
        return;
      Object = Operator->getArg(0);
      if (Operator->getNumArgs() > 1)
        FirstArgument = Operator->getArg(1);
      switch (Operator->getOperator()) {
      case OO_Equal:
        Method = "operator=";
        break;
      case OO_PlusEqual:
        Method = "operator+=";
        break;
      case OO_Subscript:
        Method = "operator[]";
        break;
      default:
        return;
      }
      if (!isContainerType(Object->getType()))
        return;
      // s = append(s, ...): the append may move s to a new array.
      if (Method == "operator=" &&
          model::storageOf(Object->getType()) == model::Storage::SharedArray) {
        const auto *Append =
            dyn_cast_or_null<CallExpr>(model::stripImplicit(FirstArgument));
        if (Append && model::isAppendFunction(Append->getDirectCallee()))
          if (std::optional<Place> Container = F.containerOf(Object))
            Found({*Container, model::Invalidation::Everything, Cause::Append,
                   nullptr});
        return;
      }
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      callEffects(Call->getDirectCallee(), nullptr,
                  {Call->getArgs(), Call->getNumArgs()}, Found);
      return;
    } else {
      return;
    }
    std::optional<Place> Container = F.containerOf(Object);
    if (!Container)
      return;
    const model::Storage Kind = model::storageOf(objectType(Object));
    if ((Kind == model::Storage::OpenAddressing ||
         Kind == model::Storage::SharedTable) &&
        (Method == "set" || Method == "operator[]" ||
         Method == "insert_or_assign" || Method == "try_emplace") &&
        writesLoopKey(FirstArgument))
      return;
    const VarDecl *Iterator = localVar(FirstArgument);
    bool WithIterator = false;
    if (FirstArgument)
      if (std::optional<Function::Source> Argument = F.sourceOf(FirstArgument))
        WithIterator = Argument->Kind == ViewKind::Iterator;
    const model::Invalidation What =
        model::invalidationOf(Kind, Method, WithIterator);
    if (What == model::Invalidation::None)
      return;
    Cause Why = Cause::Moved;
    if (What == model::Invalidation::Iterators)
      Why = Cause::IteratorsInvalidated;
    else if (What == model::Invalidation::ErasedElement)
      Why = Cause::Erased;
    Found({*Container, What, Why, Iterator});
  }

  /// True when \p Key is a range-for's own key (`key` of `auto [key, value]`,
  /// `kv.first`): a write to it replaces a value and inserts nothing.
  bool writesLoopKey(const Expr *Key) const {
    Key = model::stripImplicit(Key);
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Key))
      Key = model::stripImplicit(Member->getBase());
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(Key);
    return Ref && F.LoopKeys.contains(Ref->getDecl());
  }

  /// The effects of calling a function with a body in this TU.
  void callEffects(const FunctionDecl *Callee, const Expr *Object,
                   llvm::ArrayRef<const Expr *> Args,
                   llvm::function_ref<void(const Mutation &)> Found) {
    if (!Callee)
      return;
    const EffectSummary &Summary = F.Check.summaryOf(Callee, F.Depth);
    if (Summary.Effects.empty())
      return;
    for (const EffectSummary::Effect &Effect : Summary.Effects) {
      std::optional<Place> Target;
      if (Effect.Parameter >= 0) {
        if (static_cast<unsigned>(Effect.Parameter) >= Args.size())
          continue;
        const Expr *Argument = model::stripImplicit(Args[Effect.Parameter]);
        if (const auto *Address = dyn_cast<UnaryOperator>(Argument);
            Address && Address->getOpcode() == UO_AddrOf)
          Argument = Address->getSubExpr();
        Target = F.placeOf(Argument);
      } else if (Object) {
        const Expr *Base = model::stripImplicit(Object);
        if (isa<CXXThisExpr>(Base))
          Target = Place{nullptr, Effect.Member};
        else if (std::optional<Place> Owner = F.placeOf(Base);
                 Owner && !Owner->second)
          Target = Place{Owner->first, Effect.Member};
      }
      if (!Target)
        continue;
      Found({*Target,
             Effect.IteratorsOnly ? model::Invalidation::Iterators
                                  : model::Invalidation::Everything,
             Effect.IteratorsOnly ? Cause::IteratorsInvalidated : Cause::Moved,
             nullptr});
    }
  }

  static bool covers(const Place &Mutated, const Place &Viewed) {
    return Mutated.first == Viewed.first && (Mutated.second == Viewed.second ||
                                             !Mutated.second || !Viewed.second);
  }

  void apply(const Mutation &M, const Stmt *At, ViewState &State) {
    for (auto &[View, Fact] : State.Facts) {
      if (!Fact.Container || !covers(M.Container, *Fact.Container))
        continue;
      const Function::ViewInfo Info = F.Views.lookup(View);
      switch (M.What) {
      case model::Invalidation::None:
        continue;
      case model::Invalidation::Iterators:
        if (Info.Kind != ViewKind::Iterator)
          continue;
        break;
      case model::Invalidation::ErasedElement:
        if (!M.Erased || (View != M.Erased && Fact.Origin != M.Erased))
          continue;
        break;
      case model::Invalidation::Everything:
        break;
      }
      Fact.Bits = MayInvalid;
      Fact.Why = M.Why;
      Fact.InvalidatedBy = At;
    }
  }

  void establish(const VarDecl *View, const Expr *Value, ViewState &State) {
    ViewFact Fact;
    Fact.Bits = MayValid;
    if (std::optional<Function::Source> Source = F.sourceOf(Value)) {
      if (Source->FromView) {
        auto Known = State.Facts.find(Source->FromView);
        if (Known != State.Facts.end()) {
          Fact = Known->second;
          Fact.Origin = Source->FromView;
        }
      } else {
        Fact.Container = Source->Container;
      }
    }
    if (F.Escaped.contains(View))
      Fact.Container.reset();
    State.Facts[View] = Fact;
  }

  void use(const DeclRefExpr *Ref, ViewState &State) {
    const auto *View = dyn_cast<VarDecl>(Ref->getDecl());
    if (!View || F.Reassigned.contains(Ref))
      return;
    auto Found = State.Facts.find(View);
    if (Found == State.Facts.end())
      return;
    ViewFact &Fact = Found->second;
    if (!Fact.Container || !(Fact.Bits & MayInvalid) || !Fact.InvalidatedBy)
      return;
    if (Findings)
      Findings->push_back({Ref, View, Fact});
    // One report per invalidation: later uses are the same bug.
    Fact.Bits = MayValid;
    Fact.InvalidatedBy = nullptr;
  }

  struct Finding {
    const DeclRefExpr *At;
    const VarDecl *View;
    ViewFact Fact;
  };
  std::vector<Finding> *Findings = nullptr;

private:
  Function &F;
};

/// Collects, for a function body, which parameters and members of *this
/// it may invalidate (directly or through calls with bodies in this TU).
class EffectScan : public model::BodyVisitor {
public:
  EffectScan(DanglingViewCheck &Check, const FunctionDecl &Callee,
             unsigned Depth)
      : Callee(Callee), Places(Check) {
    Places.Depth = Depth;
  }

  bool VisitExpr(Expr *E) override {
    ViewTransfer Transfer(Places);
    Transfer.mutations(E, [&](const Mutation &M) {
      if (M.What != model::Invalidation::Everything &&
          M.What != model::Invalidation::Iterators)
        return;
      EffectSummary::Effect Effect;
      Effect.IteratorsOnly = M.What == model::Invalidation::Iterators;
      if (!M.Container.first) {
        Effect.Member = M.Container.second;
      } else if (const auto *Parameter =
                     dyn_cast<ParmVarDecl>(M.Container.first);
                 Parameter && !M.Container.second &&
                 Parameter->getDeclContext() == &Callee &&
                 (Parameter->getType()->isReferenceType() ||
                  Parameter->getType()->isPointerType()) &&
                 !Parameter->getType()->getPointeeType().isConstQualified()) {
        Effect.Parameter = Parameter->getFunctionScopeIndex();
      } else {
        return;
      }
      for (const EffectSummary::Effect &Known : Result.Effects)
        if (Known.Parameter == Effect.Parameter &&
            Known.Member == Effect.Member &&
            Known.IteratorsOnly == Effect.IteratorsOnly)
          return;
      Result.Effects.push_back(Effect);
    });
    return true;
  }

  const FunctionDecl &Callee;
  Function Places;
  EffectSummary Result;
};

} // namespace

DanglingViewCheck::DanglingViewCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), CallDepth(Options.get("CallDepth", 3U)) {}

void DanglingViewCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CallDepth", CallDepth);
}

const EffectSummary &DanglingViewCheck::summaryOf(const FunctionDecl *Callee,
                                                  unsigned Depth) {
  static const EffectSummary None;
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->hasBody(Definition) || !Definition ||
      Definition->isDependentContext() || Depth >= CallDepth ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return None;
  if (auto Known = Summaries.find(Definition); Known != Summaries.end())
    return Known->second;
  // Recursion sees an empty summary while this one is computed.
  Summaries.try_emplace(Definition);
  EffectScan Scan(*this, *Definition, Depth + 1);
  Scan.TraverseStmt(Definition->getBody());
  EffectSummary &Slot = Summaries[Definition];
  Slot = std::move(Scan.Result);
  return Slot;
}

bool DanglingViewCheck::memberViewOf(const CXXMethodDecl *Method,
                                     const FieldDecl *&Member) {
  auto [Cached, Inserted] = MemberViews.try_emplace(Method, false, nullptr);
  if (Inserted) {
    if (thisIsLifetimeBound(Method)) {
      Cached->second = {true, nullptr};
    } else if (const FunctionDecl *Definition = nullptr;
               Method->hasBody(Definition) && Definition &&
               !Definition->isDependentContext()) {
      // Every return hands out a view of the same member of *this.
      Function Places(*this);
      const FieldDecl *Found = nullptr;
      bool Consistent = true;
      std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
        if (!S || !Consistent)
          return;
        if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
          std::optional<Function::Source> Source =
              Places.sourceOf(Return->getRetValue());
          if (!Source || !Source->Container || Source->Container->first ||
              (Found && Found != Source->Container->second))
            Consistent = false;
          else
            Found = Source->Container->second;
          return;
        }
        if (isa<LambdaExpr>(S))
          return;
        for (const Stmt *Child : S->children())
          Walk(Child);
      };
      Walk(Definition->getBody());
      if (Consistent && Found)
        Cached->second = {true, Found};
    }
  }
  Member = Cached->second.second;
  return Cached->second.first;
}

void DanglingViewCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition outside system headers; check() drops at once
  // the ones that make no view. Dependent template definitions are skipped:
  // their instantiations are analysed.
  model::matchFunctionDefinitions(*Finder, this);
}

void DanglingViewCheck::check(const MatchFinder::MatchResult &Result) {
  const model::AnalysedFunction Analysing =
      model::functionToAnalyse(Result, Analysed);
  if (!Analysing)
    return;
  const FunctionDecl *Definition = Analysing.Function;
  Stmt *Body = Analysing.Body;
  ASTContext &Context = *Result.Context;

  Function F(*this);
  ViewScan Scan(F);
  Scan.TraverseStmt(Body);
  if (F.Views.empty())
    return;

  std::unique_ptr<CFG> Graph = model::buildFlowCFG(Definition, Body, Context);
  if (!Graph)
    return;
  ViewTransfer Flow(F);
  auto Entry = model::runForward(*Graph, ViewState(), Flow);
  if (!Entry)
    return; // over budget: stay silent

  std::vector<ViewTransfer::Finding> Findings;
  Flow.Findings = &Findings;
  for (const CFGBlock *Block : *Graph) {
    const std::optional<ViewState> &In = (*Entry)[Block->getBlockID()];
    if (!In)
      continue;
    ViewState State = *In;
    for (const CFGElement &Element : *Block)
      Flow.element(Element, State);
  }

  const SourceManager &SM = *Result.SourceManager;
  auto ContainerName = [&](const Place &P) -> std::string {
    std::string Name;
    if (P.first)
      Name = P.first->getName().str();
    if (P.second)
      Name += (Name.empty() ? "" : ".") + P.second->getName().str();
    return Name;
  };
  // Report in source order, once per use location.
  // (A range-for's hidden uses share one location: certain findings first.)
  llvm::sort(Findings, [&](const auto &A, const auto &B) {
    const SourceLocation L = A.At->getBeginLoc(), R = B.At->getBeginLoc();
    if (L != R)
      return SM.isBeforeInTranslationUnit(L, R);
    const bool CertainA = !(A.Fact.Bits & MayValid);
    const bool CertainB = !(B.Fact.Bits & MayValid);
    if (CertainA != CertainB)
      return CertainA;
    return A.View->getName() < B.View->getName();
  });
  for (const ViewTransfer::Finding &Found : Findings) {
    const ViewFact &Fact = Found.Fact;
    const std::string Container = ContainerName(*Fact.Container);
    const Function::ViewInfo Info = F.Views.lookup(Found.View);
    const bool Certain = !(Fact.Bits & MayValid);
    const SourceLocation Changed = Fact.InvalidatedBy->getBeginLoc();

    if (Info.Loop) {
      // A range-for's hidden iterator: report the mutation in the loop.
      if (!Reported.insert(Changed).second)
        continue;
      diag(Changed,
           "'%0' is modified while a range-for iterates over it; this may "
           "invalidate the loop's iterator%select{| on some path}1")
          << Container << !Certain;
      diag(Info.Loop->getForLoc(), "the range-for over '%0' is here",
           DiagnosticIDs::Note)
          << Container;
      diag(Changed,
           "iterate by index, collect the changes and apply them after the "
           "loop, or leave the loop right after the change",
           DiagnosticIDs::Note);
      continue;
    }
    const SourceLocation At = Found.At->getBeginLoc();
    if (!Reported.insert(At).second)
      continue;
    const std::string View = Found.View->getName().str();
    switch (Fact.Why) {
    case Cause::Moved:
      diag(At, "'%0' may dangle: it points into '%1', which may have moved "
               "its elements since%select{| (on some path)}2")
          << View << Container << !Certain;
      diag(Changed, "'%0' may move its elements here", DiagnosticIDs::Note)
          << Container;
      break;
    case Cause::IteratorsInvalidated:
      diag(At, "'%0' is an iterator into '%1', whose iterators were "
               "invalidated since%select{| (on some path)}2")
          << View << Container << !Certain;
      diag(Changed, "'%0' invalidates its iterators here", DiagnosticIDs::Note)
          << Container;
      break;
    case Cause::Erased:
      diag(At, "'%0' is used after the element it refers to was erased from "
               "'%1'%select{| (on some path)}2")
          << View << Container << !Certain;
      diag(Changed, "the element is erased here", DiagnosticIDs::Note);
      break;
    case Cause::Append:
      diag(At, "'%0' points into the array '%1' had before an append that may "
               "have moved it; writes through '%0' are lost%select{| (on some "
               "path)}2")
          << View << Container << !Certain;
      diag(Changed, "the append may move '%0' to a new array here",
           DiagnosticIDs::Note)
          << Container;
      break;
    }
    diag(Found.View->getLocation(),
         "'%0' is made here; make it again after the change (or keep an "
         "index instead)",
         DiagnosticIDs::Note)
        << View;
  }
}

} // namespace clang::tidy::slicemap
