//===--- ReservedCapacity.cpp - pushes a reserve() makes room for ---------===//

#include "ReservedCapacity.h"

#include "ContainerModel.h"
#include "ValueUse.h"
#include "analysis/BodyVisitor.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::slicemap::model {

namespace {

const VarDecl *namedLocal(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(stripImplicit(E));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// Member functions that neither change the size nor the capacity.
bool keepsRoom(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"size",    "empty",       "capacity",  "max_size", "at",
              "front",   "back",        "data",      "begin",    "end",
              "cbegin",  "cend",        "rbegin",    "rend",     "crbegin",
              "crend",   "find",        "c_str",     "length",   "substr",
              "compare", "starts_with", "ends_with", "contains"},
             true)
      .Default(false);
}

/// How one statement uses a container \p V (and whether it steps \p Index,
/// a counted loop's variable): the pushes it makes outside nested loops,
/// and whether any other use may change the size or the capacity.
class RoomScan : public analysis::BodyVisitor {
public:
  RoomScan(const VarDecl *V, const VarDecl *Index) : V(V), Index(Index) {}

  llvm::SmallVector<const CXXMemberCallExpr *, 2> Pushes;
  bool Unknown = false;
  bool IndexStepped = false;

  bool TraverseStmt(Stmt *S) override {
    const bool Loop =
        S && (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S) ||
              isa<GotoStmt, IndirectGotoStmt>(S));
    Loops += Loop;
    const bool Result = BodyVisitor::TraverseStmt(S);
    Loops -= Loop;
    return Result;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) override {
    if (Ref->getDecl() == V)
      ++Mentions;
    else if (Index && Ref->getDecl() == Index)
      ++IndexMentions;
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) override {
    // A lambda that holds V by reference may grow it whenever it is called.
    forEachByReferenceCapture(
        Lambda, [&](const ValueDecl *Captured) { Unknown |= Captured == V; });
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *Cast) override {
    if (Index && Cast->getCastKind() == CK_LValueToRValue &&
        namedLocal(Cast->getSubExpr()) == Index)
      ++IndexReads;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) override {
    // `v.push_back(i)` binds the index to a const reference: a read.
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Index || !Callee)
      return true;
    const unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
      if (I - Shift >= Callee->getNumParams())
        break;
      const QualType Type = Callee->getParamDecl(I - Shift)->getType();
      const auto *Ref = dyn_cast<DeclRefExpr>(
          Call->getArg(I)->IgnoreParenNoopCasts(Callee->getASTContext()));
      if (Ref && Ref->getDecl() == Index && Type->isReferenceType() &&
          Type.getNonReferenceType().isConstQualified())
        ++IndexReads;
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) override {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || namedLocal(Call->getImplicitObjectArgument()) != V)
      return true;
    ++Explained;
    const llvm::StringRef Name =
        Method->getIdentifier() ? Method->getName() : "";
    if ((Name == "push_back" || Name == "emplace_back") && Loops == 0)
      Pushes.push_back(Call);
    else if (!Method->isConst() && !keepsRoom(Name))
      Unknown = true;
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) override {
    if (Call->getOperator() == OO_Subscript && Call->getNumArgs() == 2 &&
        namedLocal(Call->getArg(0)) == V)
      ++Explained;
    return true;
  }

  /// Every mention of V was explained, and Index was only read.
  void finish() {
    Unknown |= Mentions != Explained;
    IndexStepped = IndexMentions != IndexReads;
  }

private:
  const VarDecl *V;
  const VarDecl *Index;
  unsigned Loops = 0, Mentions = 0, Explained = 0;
  unsigned IndexMentions = 0, IndexReads = 0;
};

/// What is known of one container in a block: an upper bound of its size
/// and a lower bound of its capacity.
struct Room {
  std::uint64_t MaxSize = 0;
  std::uint64_t Capacity = 0;
  /// Sizes count from the size at the last `v.reserve(v.size() + k)`, not
  /// from empty: an absolute reserve(n) says nothing of them.
  bool Relative = false;
};

class BlockScan {
public:
  BlockScan(ASTContext &Context, llvm::DenseSet<const Stmt *> &Safe)
      : Context(Context), Safe(Safe) {}

  void run(const CompoundStmt &Block) {
    // Only containers this block reserves room in are followed.
    llvm::DenseSet<const VarDecl *> Reserved;
    for (const Stmt *S : Block.body())
      if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
          Call && Call->getMethodDecl() &&
          Call->getMethodDecl()->getIdentifier() &&
          Call->getMethodDecl()->getName() == "reserve")
        Reserved.insert(namedLocal(Call->getImplicitObjectArgument()));
    if (Reserved.empty())
      return;
    for (const Stmt *S : Block.body()) {
      // `v.reserve(v.size() + k)` makes room for k more, whatever v holds.
      if (const auto [Var, Extra] = headroomReserved(*S);
          Var && Reserved.contains(Var) && !Rooms.contains(Var))
        Rooms[Var] = Room{0, Extra, true};
      if (const auto *Declaration = dyn_cast<DeclStmt>(S))
        for (const Decl *D : Declaration->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D);
              Var && Reserved.contains(Var) && startsEmpty(*Var))
            Rooms[Var] = Room{};
      for (auto &[Var, R] : Rooms)
        if (R.Capacity != Unknown)
          step(Var, R, *S);
    }
  }

private:
  static constexpr std::uint64_t Unknown = ~std::uint64_t{0};

  std::optional<std::int64_t> constant(const Expr *E) const {
    Expr::EvalResult Result;
    if (!E || !E->getType()->isIntegerType() || E->isValueDependent() ||
        !E->EvaluateAsInt(Result, Context))
      return std::nullopt;
    return Result.Val.getInt().getExtValue();
  }

  static bool startsEmpty(const VarDecl &Var) {
    if (!Var.hasLocalStorage() || Var.getType()->isReferenceType() ||
        storageOf(Var.getType()) != Storage::Contiguous)
      return false;
    const auto *Construct =
        dyn_cast_or_null<CXXConstructExpr>(stripImplicit(Var.getInit()));
    return Construct && Construct->getConstructor()->isDefaultConstructor();
  }

  /// `v.reserve(v.size() + k)` (or `k + v.size()`) as a statement: v and
  /// k, a positive constant.
  std::pair<const VarDecl *, std::uint64_t>
  headroomReserved(const Stmt &S) const {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(&S);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier() || Method->getName() != "reserve" ||
        Call->getNumArgs() != 1)
      return {nullptr, 0};
    const VarDecl *Var = namedLocal(Call->getImplicitObjectArgument());
    const auto *Sum = dyn_cast<BinaryOperator>(stripImplicit(Call->getArg(0)));
    if (!Var || !Sum || Sum->getOpcode() != BO_Add ||
        storageOf(Var->getType().getNonReferenceType()) != Storage::Contiguous)
      return {nullptr, 0};
    for (auto [Size, Extra] : {std::pair{Sum->getLHS(), Sum->getRHS()},
                               std::pair{Sum->getRHS(), Sum->getLHS()}}) {
      const auto *Of = dyn_cast<CXXMemberCallExpr>(stripImplicit(Size));
      const CXXMethodDecl *Asked = Of ? Of->getMethodDecl() : nullptr;
      if (!Asked || !Asked->getIdentifier() || Asked->getName() != "size" ||
          namedLocal(Of->getImplicitObjectArgument()) != Var)
        continue;
      if (std::optional<std::int64_t> K = constant(Extra); K && *K > 0)
        return {Var, static_cast<std::uint64_t>(*K)};
    }
    return {nullptr, 0};
  }

  /// `v.reserve(n)` and `v.clear()` as statements.
  bool resized(const VarDecl *Var, Room &R, const Stmt &S) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(&S);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier() ||
        namedLocal(Call->getImplicitObjectArgument()) != Var)
      return false;
    if (Method->getName() == "clear") {
      R.MaxSize = 0;
      return true;
    }
    if (Method->getName() != "reserve" || Call->getNumArgs() != 1)
      return false;
    if (const auto [Reserved, Extra] = headroomReserved(S); Reserved == Var) {
      // Counted from the size now; what was known before is dropped.
      R = Room{0, Extra, true};
      return true;
    }
    if (std::optional<std::int64_t> N = constant(Call->getArg(0));
        N && *N > 0 && !R.Relative)
      R.Capacity = std::max<std::uint64_t>(R.Capacity, *N);
    return true;
  }

  /// How often the body of \p For runs at most, and its index variable.
  std::optional<std::uint64_t> rounds(const ForStmt &For,
                                      const VarDecl *&Index) const {
    const auto *Init = dyn_cast_or_null<DeclStmt>(For.getInit());
    Index = Init && Init->isSingleDecl()
                ? dyn_cast<VarDecl>(Init->getSingleDecl())
                : nullptr;
    const auto *Cond = dyn_cast_or_null<BinaryOperator>(For.getCond());
    const auto *Inc = dyn_cast_or_null<UnaryOperator>(For.getInc());
    if (!Index || !Cond || !Inc || !Inc->isIncrementOp() ||
        namedLocal(Inc->getSubExpr()) != Index ||
        namedLocal(Cond->getLHS()) != Index ||
        (Cond->getOpcode() != BO_LT && Cond->getOpcode() != BO_LE))
      return std::nullopt;
    std::optional<std::int64_t> From = constant(Index->getInit());
    std::optional<std::int64_t> To = constant(Cond->getRHS());
    if (!From || !To)
      return std::nullopt;
    const std::int64_t Count = *To - *From + (Cond->getOpcode() == BO_LE);
    return Count > 0 ? static_cast<std::uint64_t>(Count) : 0;
  }

  void step(const VarDecl *Var, Room &R, const Stmt &S) {
    if (resized(Var, R, S))
      return;
    const VarDecl *Index = nullptr;
    std::optional<std::uint64_t> Times = 1;
    const Stmt *Scanned = &S;
    if (const auto *For = dyn_cast<ForStmt>(&S))
      if ((Times = rounds(*For, Index)))
        Scanned = For->getBody();
    RoomScan Scan(Var, Index);
    Scan.TraverseStmt(const_cast<Stmt *>(Scanned));
    Scan.finish();
    if (Scan.Unknown || (Scanned != &S && Scan.IndexStepped)) {
      R.Capacity = Unknown;
      return;
    }
    if (Scan.Pushes.empty())
      return;
    if (!Times || *Times > (Unknown - R.MaxSize) / (Scan.Pushes.size() + 1)) {
      R.Capacity = Unknown;
      return;
    }
    const std::uint64_t Added = *Times * Scan.Pushes.size();
    if (R.MaxSize + Added <= R.Capacity)
      for (const CXXMemberCallExpr *Push : Scan.Pushes)
        Safe.insert(Push);
    R.MaxSize += Added;
  }

  ASTContext &Context;
  llvm::DenseSet<const Stmt *> &Safe;
  llvm::DenseMap<const VarDecl *, Room> Rooms;
};

class Blocks : public analysis::BodyVisitor {
public:
  Blocks(ASTContext &Context, llvm::DenseSet<const Stmt *> &Safe)
      : Context(Context), Safe(Safe) {}
  bool VisitCompoundStmt(CompoundStmt *Block) override {
    BlockScan(Context, Safe).run(*Block);
    return true;
  }

private:
  ASTContext &Context;
  llvm::DenseSet<const Stmt *> &Safe;
};

} // namespace

bool ReservedCapacity::withinCapacity(const Stmt *Push) {
  if (!Pushes) {
    Pushes.emplace();
    Blocks(Context, *Pushes).TraverseStmt(const_cast<Stmt *>(Body));
  }
  return Pushes->contains(Push);
}

} // namespace clang::tidy::slicemap::model
