//===--- ViewPositions.cpp - where in its container a view points ---------===//

#include "ViewPositions.h"

#include "ValueUse.h"
#include "ViewInventory.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::slicemap::model {

namespace {

/// The locals a function body may re-seat or step: assigned, incremented,
/// passed by non-const reference, given a non-const member call, or whose
/// address is taken. (A reference is never re-seated.)
class SteppedLocals : public analysis::BodyVisitor {
public:
  explicit SteppedLocals(llvm::DenseSet<const VarDecl *> &Found)
      : Found(Found) {}

  bool VisitUnaryOperator(UnaryOperator *Unary) override {
    if (Unary->isIncrementDecrementOp() || Unary->getOpcode() == UO_AddrOf)
      note(Unary->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Binary) override {
    if (Binary->isAssignmentOp())
      note(Binary->getLHS());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) override {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    unsigned FirstArg = 0;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      if (Method && !Method->isConst())
        note(Member->getImplicitObjectArgument());
    } else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
               Operator && Method) {
      // `++it`, `it += 2`, `it = v.begin()`; not `*it`, `it->x`, `it[1]`.
      const OverloadedOperatorKind Kind = Operator->getOperator();
      if (!Method->isConst() && Kind != OO_Star && Kind != OO_Arrow &&
          Kind != OO_Subscript && Operator->getNumArgs() > 0)
        note(Operator->getArg(0));
      FirstArg = 1;
    }
    for (unsigned I = FirstArg; I < Call->getNumArgs(); ++I) {
      const unsigned Param = I - FirstArg;
      if (Param >= Callee->getNumParams())
        break;
      const QualType Type = Callee->getParamDecl(Param)->getType();
      if (Type->isReferenceType() &&
          !Type.getNonReferenceType().isConstQualified())
        note(Call->getArg(I));
    }
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) override {
    // The hidden iterator steps on every round.
    if (const DeclStmt *Begin = For->getBeginStmt())
      if (const auto *Var = dyn_cast_or_null<VarDecl>(Begin->getSingleDecl()))
        Found.insert(Var);
    return true;
  }

private:
  void note(const Expr *E) {
    if (const VarDecl *Var = localVar(E);
        Var && !Var->getType()->isReferenceType())
      Found.insert(Var);
  }

  llvm::DenseSet<const VarDecl *> &Found;
};

/// The member function a container call names, if \p E is one on a
/// container \p F knows.
llvm::StringRef containerMethod(const Expr *E, const ViewInventory &F) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      !F.containerOf(Call->getImplicitObjectArgument()))
    return "";
  return Method->getName();
}

bool isStdFunction(const CallExpr *Call, llvm::StringRef Name) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
         Callee->getName() == Name;
}

/// \p P moved \p Steps elements forwards (backwards if negative).
Position stepped(Position P, std::optional<std::int64_t> Steps) {
  if (!Steps)
    return {};
  Position Result;
  if (P.End && *Steps == -1 && !P.Back)
    Result.Back = true;
  else if (P.Index &&
           (*Steps >= 0 || static_cast<std::uint64_t>(-*Steps) <= *P.Index))
    Result.Index = *P.Index + *Steps;
  else if (P.BeforeFront && *Steps >= 1)
    Result.Index = *Steps - 1;
  else if (P.Anchor) {
    Result.Anchor = P.Anchor;
    Result.Offset = P.Offset + *Steps;
  }
  return Result;
}

/// The index of \p P from the front (-1 before it), if known.
std::optional<std::int64_t> fromFront(const Position &P) {
  if (P.Index)
    return static_cast<std::int64_t>(*P.Index);
  if (P.BeforeFront)
    return -1;
  return std::nullopt;
}

bool isPlaced(const Position &P) {
  return P.Index || P.Back || P.End || P.BeforeFront || P.Anchor;
}

} // namespace

std::optional<std::int64_t> distance(const Position &A, const Position &B) {
  std::optional<std::int64_t> FromA = fromFront(A), FromB = fromFront(B);
  if (FromA && FromB)
    return *FromA - *FromB;
  if (A.Anchor && A.Anchor == B.Anchor)
    return A.Offset - B.Offset;
  return std::nullopt;
}

std::optional<std::int64_t> ViewPositions::constant(const Expr *E) const {
  if (!E || !E->getType()->isIntegerType() || E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (!E->EvaluateAsInt(Result, Context))
    return std::nullopt;
  return Result.Val.getInt().getExtValue();
}

std::optional<std::string> ViewPositions::keyOf(const Expr *E) const {
  E = stripImplicit(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() >= 1)
    E = stripImplicit(Construct->getArg(0)); // std::string("a")
  if (!E)
    return std::nullopt;
  if (const auto *Literal = dyn_cast<StringLiteral>(E);
      Literal && Literal->getCharByteWidth() == 1)
    return "s:" + Literal->getString().str();
  if (std::optional<std::int64_t> Value = constant(E))
    return "i:" + std::to_string(*Value);
  return std::nullopt;
}

bool ViewPositions::isModified(const VarDecl *View) {
  if (!Modified) {
    Modified.emplace();
    SteppedLocals(*Modified).TraverseStmt(const_cast<Stmt *>(Body));
  }
  return Modified->contains(View);
}

Position ViewPositions::of(const ValueDecl *View) {
  const auto *Var = dyn_cast<VarDecl>(View);
  return Var && !isStoredVar(Var) ? of(Var) : Position{};
}

bool ViewPositions::isStepped(const ValueDecl *View) {
  const auto *Var = dyn_cast<VarDecl>(View);
  return Var && !isStoredVar(Var) && isModified(Var);
}

Position ViewPositions::of(const VarDecl *View) {
  if (isStoredVar(View))
    return {}; // made by assignments, or once for every call
  if (auto Found = Known.find(View); Found != Known.end())
    return Found->second;
  Known[View] = {}; // a view made from itself has no position
  Position P = made(View);
  if (!isPlaced(P) && !isModified(View))
    P.Anchor = View; // where it is not known, but others may be near it
  Known[View] = P;
  return P;
}

Position ViewPositions::made(const VarDecl *View) {
  if (!View->getInit() || isModified(View))
    return {};
  return at(View->getInit(), 0u);
}

Position ViewPositions::at(const Expr *E, const VarDecl **Via) {
  LastVia = nullptr;
  Position P = at(E, 0u);
  if (Via)
    *Via = LastVia;
  return P;
}

Position ViewPositions::at(const Expr *E, unsigned Depth) {
  E = stripImplicit(E);
  if (!E || Depth > 8)
    return {};
  if (std::optional<std::int64_t> Index = constant(E))
    return *Index >= 0 ? Position{static_cast<std::uint64_t>(*Index)}
                       : Position{};
  if (const VarDecl *Var = localVar(E)) {
    if (!F.isView(Var))
      return {};
    Position P = of(Var);
    LastVia = Var; // (set after of(), which reads other views)
    return P;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    // A copy, or iterator -> const_iterator.
    return Construct->getNumArgs() == 1 ? at(Construct->getArg(0), Depth + 1)
                                        : Position{};
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->isPrefix() && Unary->isIncrementDecrementOp())
      return stepped(at(Unary->getSubExpr(), Depth + 1),
                     Unary->isIncrementOp() ? 1 : -1);
    return Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref
               ? at(Unary->getSubExpr(), Depth + 1)
               : Position{};
  }
  if (const auto *Binary = dyn_cast<BinaryOperator>(E))
    return offset(Binary->getOpcode() == BO_Add, Binary->getOpcode() == BO_Sub,
                  Binary->getLHS(), Binary->getRHS(), Depth);
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(E))
    return operatorPosition(Operator, Depth);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return callPosition(Call, Depth);
  return {};
}

Position ViewPositions::offset(bool Add, bool Subtract, const Expr *Left,
                               const Expr *Right, unsigned Depth) {
  if (!Add && !Subtract)
    return {};
  std::optional<std::int64_t> Steps = constant(Right);
  const Expr *Base = Left;
  if (!Steps && Add) {
    Steps = constant(Left);
    Base = Right;
  }
  if (Steps && Subtract)
    Steps = -*Steps;
  return stepped(at(Base, Depth + 1), Steps);
}

Position ViewPositions::operatorPosition(const CXXOperatorCallExpr *Operator,
                                         unsigned Depth) {
  if (Operator->getNumArgs() == 0)
    return {};
  const Expr *Object = Operator->getArg(0);
  switch (Operator->getOperator()) {
  case OO_Subscript:
    if (F.containerOf(Object) && Operator->getNumArgs() == 2)
      return element(Object, Operator->getArg(1), Depth);
    return {};
  case OO_Star:
  case OO_Arrow:
    return Operator->getNumArgs() == 1 ? at(Object, Depth + 1) : Position{};
  case OO_PlusPlus:
  case OO_MinusMinus:
    // `--v.end()` (a prefix step of a temporary: a stepped variable has no
    // position); the postfix form has a second, dummy argument.
    if (Operator->getNumArgs() != 1)
      return {};
    return stepped(at(Object, Depth + 1),
                   Operator->getOperator() == OO_PlusPlus ? 1 : -1);
  case OO_Plus:
  case OO_Minus:
    if (Operator->getNumArgs() != 2)
      return {};
    return offset(Operator->getOperator() == OO_Plus,
                  Operator->getOperator() == OO_Minus, Object,
                  Operator->getArg(1), Depth);
  default:
    return {};
  }
}

Position ViewPositions::element(const Expr *Container, const Expr *Argument,
                                unsigned Depth) {
  switch (storageOf(objectType(Container))) {
  case Storage::Contiguous:
  case Storage::Deque:
  case Storage::Fixed: {
    Position Index = at(Argument, Depth + 1);
    Index.Back = Index.End = false;
    return Index;
  }
  case Storage::Unknown:
    return {};
  default: {
    Position Keyed;
    Keyed.Key = keyOf(Argument);
    return Keyed;
  }
  }
}

Position ViewPositions::callPosition(const CallExpr *Call, unsigned Depth) {
  const llvm::StringRef Method = containerMethod(Call, F);
  if (Method == "begin" || Method == "cbegin" || Method == "front")
    return Position{0};
  if (Method == "end" || Method == "cend")
    return Position{std::nullopt, false, true};
  if (Method == "back" || Method == "top") // std::stack's top is its back
    return Position{std::nullopt, true, false};
  if (Method == "rbegin" || Method == "crbegin")
    return Position{std::nullopt, true, true};
  if (Method == "before_begin" || Method == "cbefore_begin") {
    Position Before;
    Before.BeforeFront = true;
    return Before;
  }
  if ((Method == "at" || Method == "find") && Call->getNumArgs() == 1)
    return element(cast<CXXMemberCallExpr>(Call)->getImplicitObjectArgument(),
                   Call->getArg(0), Depth);
  const bool Next = isStdFunction(Call, "next");
  if ((Next || isStdFunction(Call, "prev")) && Call->getNumArgs() >= 1) {
    std::optional<std::int64_t> Steps =
        Call->getNumArgs() >= 2 ? constant(Call->getArg(1)) : 1;
    if (Steps && !Next)
      Steps = -*Steps;
    return stepped(at(Call->getArg(0), Depth + 1), Steps);
  }
  return {};
}

} // namespace clang::tidy::slicemap::model
