//===--- NilMapWriteCheck.cpp - slicemap-nil-map-write --------------------===//
//
// A forward dataflow over each function's CFG (model/Dataflow.h) tracks,
// for every "place" that holds a slicemap::Map - a local variable, a Map
// member of a local aggregate - whether it may be nil, made, or unknown:
//
//   nil      default construction (`Map m;`, `m{}`, `= {}`), assignment of a
//            nil value, being moved from, an `is_nil()` branch taken;
//   made     make_map, a copy of a made map, a write that did not panic;
//   unknown  anything else: parameters, globals, calls not seen, a map passed
//            by non-const reference or pointer, address taken, captured by
//            reference. Unknown never warns.
//
// At each write (`set`, `operator[]`) a place that can only be nil is
// reported as a certain panic; one that is nil on some path (a branch that
// skipped make_map) as a possible one, with a note where the nil value
// comes from.
//
// Known gaps: branches correlated by a condition other than is_nil() are
// treated as independent paths; Map members of classes and smart pointers
// to maps are not tracked yet.
//
//===----------------------------------------------------------------------===//

#include "NilMapWriteCheck.h"

#include "model/Dataflow.h"
#include "model/FlowCheck.h"
#include "model/RuntimeModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

namespace {

/// Where a Map lives: a local variable, or a field of a local aggregate.
using Place = std::pair<const VarDecl *, const FieldDecl *>;

enum : std::uint8_t { MayNil = 1, MayMade = 2, MayUnknown = 4 };

enum class NilReason {
  Declared,
  Assigned,
  MovedFrom,
  CheckedNil,
  ReturnedNil,
  MemberNeverMade
};

struct Fact {
  std::uint8_t Bits = MayUnknown;
  /// Where the nil value on some path to here came from.
  SourceLocation NilOrigin;
  NilReason Reason = NilReason::Declared;
  /// The nil value is the declaration's own, never reassigned: a fix-it can
  /// initialise the declaration.
  bool FromDeclaration = false;
};

struct NilState {
  llvm::DenseMap<Place, Fact> Facts;

  bool join(const NilState &Other) {
    bool Changed = false;
    for (const auto &[Key, Incoming] : Other.Facts) {
      auto [It, Inserted] = Facts.try_emplace(Key, Incoming);
      if (Inserted) {
        Changed = true;
        continue;
      }
      Fact &Mine = It->second;
      const std::uint8_t Bits = Mine.Bits | Incoming.Bits;
      if (Bits != Mine.Bits) {
        Mine.Bits = Bits;
        Changed = true;
      }
      if (Mine.NilOrigin.isInvalid() && Incoming.NilOrigin.isValid()) {
        Mine.NilOrigin = Incoming.NilOrigin;
        Mine.Reason = Incoming.Reason;
        Mine.FromDeclaration = Incoming.FromDeclaration;
        Changed = true;
      }
      if (Mine.FromDeclaration && !Incoming.FromDeclaration &&
          (Incoming.Bits & MayNil)) {
        Mine.FromDeclaration = false;
        Changed = true;
      }
    }
    return Changed;
  }
};

Fact nilFact(SourceLocation Origin, NilReason Reason, bool FromDeclaration) {
  return {MayNil, Origin, Reason, FromDeclaration};
}

bool isMapType(QualType Type) {
  return !Type.isNull() && !Type->isReferenceType() && model::isMapType(Type);
}

/// std::unique_ptr or std::shared_ptr to a map-like container (std::map,
/// std::unordered_map, slicemap::Map, flat hash maps...).
bool isMapPointerType(QualType Type) {
  if (Type.isNull() || Type->isReferenceType())
    return false;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier() ||
      (Spec->getName() != "unique_ptr" && Spec->getName() != "shared_ptr"))
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() < 1 || Args[0].getKind() != TemplateArgument::Type)
    return false;
  const auto *Pointee = Args[0].getAsType()->getAsCXXRecordDecl();
  return Pointee && Pointee->getIdentifier() &&
         Pointee->getName().contains_insensitive("map");
}

bool isNullPointerValue(const Expr *E) {
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (isa<CXXNullPtrLiteralExpr>(E))
    return true;
  const auto *Construct = dyn_cast<CXXConstructExpr>(E);
  return Construct && Construct->getNumArgs() == 1 &&
         isa<CXXNullPtrLiteralExpr>(
             Construct->getArg(0)->IgnoreParenImpCasts());
}

/// The place an expression names: `m`, or `s.m` for a local aggregate `s`.
std::optional<Place> placeOf(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType() &&
        (isMapType(Var->getType()) || isMapPointerType(Var->getType())))
      return Place{Var, nullptr};
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    // A member of the object a method runs on: `field` or `this->field`.
    if (Field && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) &&
        isMapType(Field->getType()))
      return Place{nullptr, Field};
    const auto *Base =
        dyn_cast<DeclRefExpr>(Member->getBase()->IgnoreParenImpCasts());
    if (!Field || !Base || Member->isArrow() || !isMapType(Field->getType()))
      return std::nullopt;
    const auto *Var = dyn_cast<VarDecl>(Base->getDecl());
    if (Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        !Var->getType()->isReferenceType())
      return Place{Var, Field};
  }
  return std::nullopt;
}

/// `std::move(x)` or a cast to an rvalue: the moved expression.
const Expr *movedFrom(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (Call->isCallToStdMove() && Call->getNumArgs() == 1)
      return Call->getArg(0);
  if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
    if (Cast->getType()->isRValueReferenceType())
      return Cast->getSubExpr();
  return nullptr;
}

bool isDefaultConstruction(const Expr *E) {
  E = E->IgnoreParenImpCasts()->IgnoreImplicit();
  if (isa<CXXScalarValueInitExpr, ImplicitValueInitExpr>(E))
    return true;
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getConstructor()->isDefaultConstructor())
      return true;
    // `Map m = {}` and `m = Map<K, V>()` construct a temporary first.
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      return isDefaultConstruction(Construct->getArg(0));
  }
  return false;
}

bool isMakeMap(const Expr *E) {
  const auto *Call =
      dyn_cast<CallExpr>(E->IgnoreParenImpCasts()->IgnoreImplicit());
  if (!Call)
    return false;
  const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
  return Callee && model::isMakeMap(Callee);
}

/// A function in this TU whose every `return` returns a nil map
/// (`return {};`, `return Map<K, V>();`): calling it yields nil.
bool alwaysReturnsNil(const FunctionDecl *Function) {
  const FunctionDecl *Definition = nullptr;
  if (!Function || !Function->hasBody(Definition) || !Definition ||
      Definition->isDependentContext() ||
      !isMapType(Definition->getReturnType()))
    return false;
  bool SawReturn = false;
  bool AllNil = true;
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || !AllNil || isa<LambdaExpr>(S))
      return;
    if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      SawReturn = true;
      AllNil =
          Return->getRetValue() && isDefaultConstruction(Return->getRetValue());
      return;
    }
    for (const Stmt *Child : S->children())
      Visit(Child);
  };
  Visit(Definition->getBody());
  return SawReturn && AllNil;
}

/// Does the aggregate `Record` value-initialise this Map field to nil when
/// the aggregate is default- or value-initialised?
bool fieldStartsNil(const FieldDecl *Field) {
  return isMapType(Field->getType()) && !Field->hasInClassInitializer();
}

bool isTrackedAggregate(QualType Type) {
  const auto *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition() || !Record->isAggregate() ||
      Type->isReferenceType())
    return false;
  for (const FieldDecl *Field : Record->fields())
    if (fieldStartsNil(Field))
      return true;
  return false;
}

/// A place that is a slicemap::Map itself (not a smart pointer to a map).
/// Field places are Map members by construction (placeOf).
bool holdsMap(Place P) { return P.second || isMapType(P.first->getType()); }

/// A write to a Map: its place, and the expression to report at.
struct Write {
  Place Target;
  const Expr *At;
  /// Through a smart pointer (`p->insert(...)`, `(*p)[k]`) rather than on a
  /// slicemap::Map itself.
  bool ThroughPointer = false;
};

/// `*p` or `p->` on a tracked smart pointer: the pointer's place.
std::optional<Place> dereferenced(const Expr *E) {
  const auto *Operator =
      dyn_cast<CXXOperatorCallExpr>(E->IgnoreParenImpCasts());
  if (!Operator || Operator->getNumArgs() < 1 ||
      (Operator->getOperator() != OO_Star &&
       Operator->getOperator() != OO_Arrow))
    return std::nullopt;
  auto P = placeOf(Operator->getArg(0));
  if (P && !P->second && isMapPointerType(P->first->getType()))
    return P;
  return std::nullopt;
}

std::optional<Write> asWrite(const Stmt *S) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "set")
      if (auto Target = placeOf(Member->getImplicitObjectArgument()))
        if (holdsMap(*Target))
          return Write{*Target, Member};
    if (Method && !Method->isConst())
      if (auto Target = dereferenced(Member->getImplicitObjectArgument()))
        return Write{*Target, Member, true};
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S))
    if (Operator->getOperator() == OO_Subscript &&
        Operator->getNumArgs() == 2) {
      if (auto Target = dereferenced(Operator->getArg(0)))
        return Write{*Target, Operator, true};
      if (auto Target = placeOf(Operator->getArg(0)))
        if (holdsMap(*Target))
          return Write{*Target, Operator};
    }
  return std::nullopt;
}

/// A quick pre-filter: does the body write to a map the analysis tracks?
bool writesToMap(const Stmt *S) {
  if (!S)
    return false;
  if (asWrite(S))
    return true;
  for (const Stmt *Child : S->children())
    if (writesToMap(Child))
      return true;
  return false;
}

/// What the check reports, gathered by the final pass.
struct Finding {
  Write Where;
  Fact State;
};

class NilTransfer {
public:
  explicit NilTransfer(const llvm::DenseSet<const VarDecl *> &Escaped)
      : Escaped(Escaped) {}

  /// When set, writes are collected as findings.
  std::vector<Finding> *Findings = nullptr;

  void element(const CFGElement &Element, NilState &State) {
    auto Statement = Element.getAs<CFGStmt>();
    if (!Statement)
      return;
    const Stmt *S = Statement->getStmt();

    if (const auto *Decls = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : Decls->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          declare(Var, State);
      return;
    }
    if (auto W = asWrite(S)) {
      write(*W, State);
      return;
    }
    if (const auto *Reset = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *Method = Reset->getMethodDecl();
      if (Method && Method->getIdentifier() && Method->getName() == "reset")
        if (auto Target = placeOf(Reset->getImplicitObjectArgument());
            Target && !Target->second &&
            isMapPointerType(Target->first->getType())) {
          set(State, *Target,
              Reset->getNumArgs() == 0 ||
                      isa<CXXDefaultArgExpr>(Reset->getArg(0)) ||
                      isNullPointerValue(Reset->getArg(0))
                  ? nilFact(Reset->getBeginLoc(), NilReason::Assigned, false)
                  : Fact{});
          return;
        }
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      // A move construction empties its source (after we noted its value).
      if (Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isMoveConstructor())
        if (const Expr *Source = movedFrom(Construct->getArg(0)))
          if (auto From = placeOf(Source)) {
            MovedValue[Construct] = factOf(*From, State);
            set(State, *From,
                nilFact(Construct->getBeginLoc(), NilReason::MovedFrom, false));
          }
      return;
    }
    if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Operator->getOperator() == OO_Equal && Operator->getNumArgs() == 2)
        if (auto Target = placeOf(Operator->getArg(0))) {
          const Expr *Value = Operator->getArg(1);
          Fact New = classify(Value, State, Operator->getOperatorLoc());
          if (New.Bits == MayNil && New.Reason != NilReason::ReturnedNil)
            New =
                nilFact(Operator->getOperatorLoc(), NilReason::Assigned, false);
          if (const Expr *Source = movedFrom(Value))
            if (auto From = placeOf(Source); From && *From != *Target)
              set(State, *From,
                  nilFact(Operator->getOperatorLoc(), NilReason::MovedFrom,
                          false));
          set(State, *Target, New);
          return;
        }
      escapeArguments(Operator, State);
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      escapeArguments(Call, State);
  }

  void edge(const CFGBlock &From, const CFGBlock &, unsigned SuccIndex,
            NilState &State) {
    const Stmt *Condition = From.getTerminatorCondition();
    const auto *E = dyn_cast_or_null<Expr>(Condition);
    if (!E || From.succ_size() != 2)
      return;
    bool Negated = false;
    E = E->IgnoreParenImpCasts();
    while (const auto *Not = dyn_cast<UnaryOperator>(E)) {
      if (Not->getOpcode() != UO_LNot)
        return;
      Negated = !Negated;
      E = Not->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
    // `if (p)`: a smart pointer's operator bool.
    if (Call && isa_and_nonnull<CXXConversionDecl>(Call->getMethodDecl()))
      if (auto Target = placeOf(Call->getImplicitObjectArgument());
          Target && !Target->second &&
          isMapPointerType(Target->first->getType())) {
        const bool NullBranch = (SuccIndex == 0) == Negated;
        set(State, *Target,
            NullBranch
                ? nilFact(Call->getBeginLoc(), NilReason::CheckedNil, false)
                : Fact{MayMade, {}, NilReason::Declared, false});
        return;
      }
    if (!Call || !Call->getMethodDecl() ||
        !Call->getMethodDecl()->getIdentifier() ||
        Call->getMethodDecl()->getName() != "is_nil")
      return;
    auto Target = placeOf(Call->getImplicitObjectArgument());
    if (!Target)
      return;
    const bool NilBranch = (SuccIndex == 0) != Negated;
    if (NilBranch)
      set(State, *Target,
          nilFact(Call->getBeginLoc(), NilReason::CheckedNil, false));
    else
      set(State, *Target, Fact{MayMade, {}, NilReason::Declared, false});
  }

private:
  void set(NilState &State, Place P, Fact F) {
    if (Escaped.contains(P.first))
      return;
    State.Facts[P] = F;
  }

  Fact factOf(Place P, const NilState &State) const {
    auto It = State.Facts.find(P);
    return It == State.Facts.end() ? Fact{} : It->second;
  }

  Fact classify(const Expr *Value, const NilState &State, SourceLocation At) {
    if (!Value)
      return Fact{};
    const Expr *Stripped = Value->IgnoreParenImpCasts()->IgnoreImplicit();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Stripped)) {
      auto Moved = MovedValue.find(Construct);
      if (Moved != MovedValue.end())
        return Moved->second;
      if (Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isCopyOrMoveConstructor())
        if (auto From = placeOf(Construct->getArg(0)))
          return factOf(*From, State);
    }
    if (isDefaultConstruction(Value) || isNullPointerValue(Value))
      return nilFact(At, NilReason::Assigned, false);
    if (isMakeMap(Value))
      return Fact{MayMade, {}, NilReason::Declared, false};
    if (const auto *Call = dyn_cast<CallExpr>(Stripped))
      if (alwaysReturnsNil(Call->getDirectCallee()))
        return nilFact(Call->getBeginLoc(), NilReason::ReturnedNil, false);
    if (const Expr *Source = movedFrom(Value))
      if (auto From = placeOf(Source))
        return factOf(*From, State);
    if (auto From = placeOf(Value))
      return factOf(*From, State);
    return Fact{};
  }

  void declare(const VarDecl *Var, NilState &State) {
    if (!Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
        Escaped.contains(Var))
      return;
    QualType Type = Var->getType();
    if (isMapType(Type) || isMapPointerType(Type)) {
      Fact F = classify(Var->getInit(), State, Var->getLocation());
      if (F.Bits == MayNil && Var->getInit() &&
          (isDefaultConstruction(Var->getInit()) ||
           isNullPointerValue(Var->getInit())))
        F = nilFact(Var->getLocation(), NilReason::Declared, isMapType(Type));
      set(State, Place{Var, nullptr}, F);
      return;
    }
    if (!isTrackedAggregate(Type))
      return;
    const auto *Record = Type->getAsCXXRecordDecl();
    const Expr *Init =
        Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
    const auto *List = dyn_cast_or_null<InitListExpr>(Init);
    if (List && List->isSyntacticForm() && List->getSemanticForm())
      List = List->getSemanticForm();
    const bool DefaultInit = !Init || isa<CXXConstructExpr>(Init);
    if (!DefaultInit && !List)
      return;
    for (const FieldDecl *Field : Record->fields()) {
      if (!isMapType(Field->getType()))
        continue;
      Fact F;
      if (DefaultInit) {
        if (fieldStartsNil(Field))
          F = nilFact(Var->getLocation(), NilReason::Declared, false);
      } else if (Field->getFieldIndex() < List->getNumInits()) {
        const Expr *FieldInit = List->getInit(Field->getFieldIndex());
        if (isa<CXXDefaultInitExpr>(FieldInit))
          F = Fact{MayUnknown, {}, NilReason::Declared, false};
        else {
          F = classify(FieldInit, State, FieldInit->getBeginLoc());
          if (F.Bits == MayNil)
            F = nilFact(Var->getLocation(), NilReason::Declared, false);
        }
      }
      set(State, Place{Var, Field}, F);
    }
  }

  void write(const Write &W, NilState &State) {
    Fact Current = factOf(W.Target, State);
    if (Findings && (Current.Bits & MayNil) &&
        !Escaped.contains(W.Target.first))
      Findings->push_back({W, Current});
    // Execution continues past the write only if the map was made.
    set(State, W.Target, Fact{MayMade, {}, NilReason::Declared, false});
  }

  /// A map passed by non-const reference or pointer may be made (or nilled)
  /// by the callee: unknown afterwards. A whole aggregate passed on: all of
  /// its places.
  void escapeArguments(const CallExpr *Call, NilState &State) {
    const auto *Callee = dyn_cast_or_null<FunctionDecl>(Call->getCalleeDecl());
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && Callee && isa<CXXMethodDecl>(Callee)
            ? 1
            : 0;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      const Expr *Argument = Call->getArg(I)->IgnoreParenImpCasts();
      if (const auto *AddressOf = dyn_cast<UnaryOperator>(Argument);
          AddressOf && AddressOf->getOpcode() == UO_AddrOf)
        Argument = AddressOf->getSubExpr()->IgnoreParenImpCasts();
      bool ByMutableReference = true;
      if (I < Offset) // the object of a member operator
        ByMutableReference = !cast<CXXMethodDecl>(Callee)->isConst();
      else if (Callee && I - Offset < Callee->getNumParams()) {
        QualType Param = Callee->getParamDecl(I - Offset)->getType();
        ByMutableReference =
            (Param->isReferenceType() || Param->isPointerType()) &&
            !Param->getPointeeType().isConstQualified();
      }
      if (!ByMutableReference)
        continue;
      if (auto P = placeOf(Argument)) {
        set(State, *P, Fact{});
        continue;
      }
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Argument))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          for (auto &[Key, F] : State.Facts)
            if (Key.first == Var)
              F = Fact{};
    }
  }

  const llvm::DenseSet<const VarDecl *> &Escaped;
  llvm::DenseMap<const CXXConstructExpr *, Fact> MovedValue;
};

/// Variables whose map may change through an alias the flow does not follow:
/// address taken (outside a call argument), bound to a non-const reference,
/// captured by reference.
llvm::DenseSet<const VarDecl *> findEscapes(const Stmt *Body,
                                            ASTContext &Context) {
  llvm::DenseSet<const VarDecl *> Escaped;
  auto LocalRef = declRefExpr(to(varDecl(hasLocalStorage()).bind("var")));
  auto Named = expr(ignoringParens(expr(anyOf(
      LocalRef, memberExpr(hasObjectExpression(ignoringParens(LocalRef)))))));
  // An address passed straight to a call is handled by the flow (unknown
  // after the call); any other address may be kept and written through.
  // (No hasParent(): it would build the TU's parent map.)
  auto AddressOf =
      unaryOperator(hasOperatorName("&"), hasUnaryOperand(Named)).bind("addr");
  llvm::DenseSet<const Stmt *> PassedToCalls;
  for (auto &&Found :
       match(findAll(callExpr(forEach(expr(ignoringImplicit(AddressOf))))),
             *Body, Context))
    PassedToCalls.insert(Found.getNodeAs<Stmt>("addr"));
  auto MutableAlias =
      varDecl(hasType(lValueReferenceType(pointee(unless(isConstQualified())))),
              hasInitializer(ignoringParenImpCasts(Named)));
  auto Capture =
      lambdaExpr(
          forEachLambdaCapture(lambdaCapture(capturesVar(varDecl().bind("var")),
                                             unless(capturesThis()))))
          .bind("lambda");
  SmallVector<BoundNodes, 8> Matches;
  for (auto &&Found : match(findAll(AddressOf), *Body, Context))
    if (!PassedToCalls.contains(Found.getNodeAs<Stmt>("addr")))
      Matches.push_back(Found);
  for (auto &&Found :
       match(findAll(declStmt(has(MutableAlias))), *Body, Context))
    Matches.push_back(Found);
  for (auto &&Found : match(findAll(Capture), *Body, Context))
    Matches.push_back(Found);
  for (const BoundNodes &Nodes : Matches) {
    const auto *Var = Nodes.getNodeAs<VarDecl>("var");
    if (!Var)
      continue;
    if (const auto *Lambda = Nodes.getNodeAs<LambdaExpr>("lambda")) {
      bool ByReference = false;
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Var &&
            Capture.getCaptureKind() == LCK_ByRef)
          ByReference = true;
      if (!ByReference)
        continue;
    }
    Escaped.insert(Var);
  }
  return Escaped;
}

const char *reasonText(NilReason Reason) {
  switch (Reason) {
  case NilReason::Declared:
    return "'%0' is declared nil here (a default-constructed Map is nil)";
  case NilReason::Assigned:
    return "'%0' is assigned a nil map here";
  case NilReason::MovedFrom:
    return "'%0' is moved from here and left nil";
  case NilReason::CheckedNil:
    return "'%0' is nil on this branch of the is_nil() check";
  case NilReason::MemberNeverMade:
    return "'%0' is never made: no constructor and no default member "
           "initializer makes it, "
           "and no member function assigns it";
  case NilReason::ReturnedNil:
    return "'%0' gets a nil map here: every return of this function returns "
           "nil";
  }
  return "";
}

const char *pointerReasonText(NilReason Reason) {
  switch (Reason) {
  case NilReason::MovedFrom:
    return "'%0' is moved from here and left null";
  case NilReason::CheckedNil:
    return "'%0' is null on this branch";
  case NilReason::Declared:
    return "'%0' is declared null here";
  default:
    return "'%0' is set to null here";
  }
}

std::string placeName(Place P) {
  if (!P.first)
    return P.second->getNameAsString();
  std::string Name = P.first->getNameAsString();
  if (P.second)
    Name += "." + P.second->getNameAsString();
  return Name;
}

/// Map members of `Class` that every object has nil for its whole life: no
/// default member initializer, no constructor makes them, no member function
/// assigns them, and no code outside the class can (not public, no friends).
/// Every constructor and member function must be defined in this TU.
llvm::SmallVector<const FieldDecl *, 2>
neverMadeMembers(const CXXRecordDecl *Class, ASTContext &Context) {
  llvm::SmallVector<const FieldDecl *, 2> Candidates;
  if (!Class || !Class->hasDefinition() || Class->isDependentContext() ||
      Class->hasFriends() || Class->isUnion())
    return Candidates;
  for (const FieldDecl *Field : Class->fields())
    if (fieldStartsNil(Field) && Field->getAccess() != AS_public)
      Candidates.push_back(Field);
  if (Candidates.empty())
    return Candidates;

  auto Mentions = [&](const Stmt *Body, const FieldDecl *Field,
                      bool OnlyMutations) {
    auto Ref = memberExpr(member(equalsNode(Field)));
    auto Mutation = stmt(anyOf(
        cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                            hasArgument(0, ignoringParenImpCasts(Ref))),
        unaryOperator(hasOperatorName("&"),
                      hasUnaryOperand(ignoringParenImpCasts(Ref))),
        callExpr(unless(cxxMemberCallExpr()), unless(cxxOperatorCallExpr()),
                 hasAnyArgument(ignoringParenImpCasts(Ref))),
        declStmt(has(varDecl(hasType(referenceType()),
                             hasInitializer(ignoringParenImpCasts(Ref)))))));
    if (OnlyMutations)
      return !match(findAll(Mutation), *Body, Context).empty();
    return !match(findAll(Ref), *Body, Context).empty();
  };
  for (const CXXMethodDecl *Method : Class->methods()) {
    if (Method->isDeleted() || Method->isDefaulted() || Method->isStatic())
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition)) {
      if (!Method->isImplicit())
        return {}; // defined elsewhere: it might make the member
      continue;
    }
    const auto *Constructor = dyn_cast<CXXConstructorDecl>(Definition);
    for (const FieldDecl *Field :
         llvm::SmallVector<const FieldDecl *, 2>(Candidates)) {
      bool Made = false;
      if (Constructor) {
        for (const CXXCtorInitializer *Init : Constructor->inits())
          if (Init->getMember() == Field && Init->isWritten() &&
              !isDefaultConstruction(Init->getInit()))
            Made = true;
        Made = Made || (Definition->getBody() &&
                        Mentions(Definition->getBody(), Field, false));
      } else {
        Made = Definition->getBody() &&
               Mentions(Definition->getBody(), Field, true);
      }
      if (Made)
        llvm::erase(Candidates, Field);
    }
  }
  return Candidates;
}

/// `= slicemap::make_map<K, V>()`, spelled with the declaration's own types.
std::optional<FixItHint> makeMapFix(const VarDecl *Var,
                                    const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  if (Var->getLocation().isMacroID())
    return std::nullopt;
  std::string Arguments;
  TypeLoc Loc = Var->getTypeSourceInfo()
                    ? Var->getTypeSourceInfo()->getTypeLoc()
                    : TypeLoc();
  if (auto Written = Loc.getAsAdjusted<TemplateSpecializationTypeLoc>()) {
    for (unsigned I = 0; I < Written.getNumArgs(); ++I) {
      CharSourceRange Range = Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(Written.getArgLoc(I).getSourceRange()),
          SM, Context.getLangOpts());
      if (Range.isInvalid())
        return std::nullopt;
      Arguments += (I ? ", " : "") +
                   Lexer::getSourceText(Range, SM, Context.getLangOpts()).str();
    }
  } else if (const auto *Spec =
                 Var->getType()->getAs<TemplateSpecializationType>()) {
    PrintingPolicy Policy(Context.getLangOpts());
    Policy.SuppressScope = false;
    Policy.FullyQualifiedName = true;
    for (unsigned I = 0; I < 2 && I < Spec->template_arguments().size(); ++I) {
      std::string Text;
      llvm::raw_string_ostream Out(Text);
      Spec->template_arguments()[I].print(Policy, Out, true);
      Arguments += (I ? ", " : "") + Out.str();
    }
  } else {
    return std::nullopt;
  }
  const std::string Call = "slicemap::make_map<" + Arguments + ">()";
  const Expr *Init = Var->getInit();
  if (!Init)
    return std::nullopt;
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
  auto Replace = [&](SourceRange Range,
                     std::string Text) -> std::optional<FixItHint> {
    if (Range.isInvalid() || Range.getBegin().isMacroID() ||
        Range.getEnd().isMacroID())
      return std::nullopt;
    return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Range),
                                        Text);
  };
  // `Map m;` has an implicit default construction with no source range.
  if (Construct && Construct->getNumArgs() == 0 &&
      !isa<CXXTemporaryObjectExpr>(Construct) &&
      Construct->getParenOrBraceRange().isInvalid())
    return FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Var->getLocation(), 0, SM,
                                   Context.getLangOpts()),
        " = " + Call);
  switch (Var->getInitStyle()) {
  case VarDecl::CInit:
    return Replace(Init->getSourceRange(), Call); // `= {}`, `= Map<K, V>()`
  case VarDecl::ListInit:                         // `m{}`
    if (Construct && Construct->getParenOrBraceRange().isValid())
      return Replace(Construct->getParenOrBraceRange(), "{" + Call + "}");
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

} // namespace

NilMapWriteCheck::NilMapWriteCheck(llvm::StringRef Name,
                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      WarnOnMaybeNil(Options.get("WarnOnMaybeNil", true)),
      MaxBlocks(Options.get("MaxBlocks", 20000U)) {}

void NilMapWriteCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "WarnOnMaybeNil", WarnOnMaybeNil);
  Options.store(Opts, "MaxBlocks", MaxBlocks);
}

void NilMapWriteCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition outside system headers; check() skips at once
  // the ones that write to no slicemap::Map. (A matcher climbing from each
  // write to its function would build the TU's parent map, which costs more
  // than the analysis itself.) Dependent template definitions are skipped;
  // their instantiations are analysed.
  model::matchFunctionDefinitions(*Finder, this);
}

void NilMapWriteCheck::check(const MatchFinder::MatchResult &Result) {
  const model::AnalysedFunction Analysing =
      model::functionToAnalyse(Result, Analysed);
  if (!Analysing || !writesToMap(Analysing.Body))
    return;
  const FunctionDecl *Function = Analysing.Function;
  Stmt *Body = Analysing.Body;
  ASTContext &Context = *Result.Context;
  std::unique_ptr<CFG> Graph = model::buildFlowCFG(Function, Body, Context);
  if (!Graph)
    return;

  llvm::DenseSet<const VarDecl *> Escaped = findEscapes(Body, Context);
  NilTransfer Flow(Escaped);
  NilState Initial;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function);
      Method && Method->isInstance() &&
      !isa<CXXConstructorDecl, CXXDestructorDecl>(Method)) {
    const CXXRecordDecl *Class = Method->getParent();
    auto Cached = NeverMade.find(Class);
    if (Cached == NeverMade.end())
      Cached =
          NeverMade.try_emplace(Class, neverMadeMembers(Class, Context)).first;
    for (const FieldDecl *Field : Cached->second)
      Initial.Facts[Place{nullptr, Field}] =
          nilFact(Field->getLocation(), NilReason::MemberNeverMade, false);
  }
  model::FlowBudget Budget;
  Budget.MaxBlocks = MaxBlocks;
  auto Entry = model::runForward(*Graph, Initial, Flow, Budget);
  if (!Entry)
    return; // over budget: stay silent

  std::vector<Finding> Findings;
  Flow.Findings = &Findings;
  for (const CFGBlock *Block : *Graph) {
    const std::optional<NilState> &In = (*Entry)[Block->getBlockID()];
    if (!In)
      continue; // unreachable
    NilState State = *In;
    for (const CFGElement &Element : *Block)
      Flow.element(Element, State);
  }

  for (const Finding &F : Findings) {
    const SourceLocation At = F.Where.At->getExprLoc();
    const bool Certain = F.State.Bits == MayNil;
    // Through smart pointers only certain nulls are reported: "maybe null"
    // is the static analyzer's territory.
    if (!Certain && (!WarnOnMaybeNil || F.Where.ThroughPointer))
      continue;
    if (!Reported.insert(At).second)
      continue;
    const std::string Name = placeName(F.Where.Target);
    if (F.Where.ThroughPointer)
      diag(At, "'%0' is null on every path here: writing to the map through it "
               "is undefined behaviour")
          << Name << F.Where.At->getSourceRange();
    else if (Certain)
      diag(At, "assignment to entry in nil map '%0': this write always panics")
          << Name << F.Where.At->getSourceRange();
    else
      diag(At, "'%0' may be nil here: on that path this write panics with "
               "'assignment to "
               "entry in nil map'")
          << Name << F.Where.At->getSourceRange();
    if (F.State.NilOrigin.isValid())
      diag(F.State.NilOrigin,
           F.Where.ThroughPointer ? pointerReasonText(F.State.Reason)
                                  : reasonText(F.State.Reason),
           DiagnosticIDs::Note)
          << Name;
    if (F.State.Reason == NilReason::MemberNeverMade)
      for (const CXXConstructorDecl *Constructor :
           cast<CXXRecordDecl>(F.Where.Target.second->getParent())->ctors())
        if (!Constructor->isImplicit() &&
            !Constructor->isCopyOrMoveConstructor())
          diag(Constructor->getLocation(), "this constructor leaves '%0' nil",
               DiagnosticIDs::Note)
              << Name;
    if (Certain && F.State.FromDeclaration && !F.Where.Target.second)
      if (auto Fix = makeMapFix(F.Where.Target.first, Context))
        diag(F.Where.Target.first->getLocation(),
             "make the map before writing to it", DiagnosticIDs::Note)
            << *Fix;
  }
}

} // namespace clang::tidy::slicemap
