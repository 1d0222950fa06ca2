//===--- SharedAppendCheck.cpp - slicemap-shared-append -------------------===//
//
// Go's best-known slice trap, in C++ clothes: sub-slices and copies share one
// backing array, and an append that fits in the capacity writes into it.
//
//   auto t = append(s.sub(0, 2), x);  // overwrites s[2]
//   auto x = append(base, 1);
//   auto y = append(base, 2);         // overwrites x's last element
//
// Per function definition (each instantiation of a template; lambdas are
// functions of their own), with the shared slice model (model/SliceSharing):
//
//  1. The forward analysis says, at each append, what the appended-to value
//     is: a window `p.sub(lo, hi)` of a variable p (directly, or through a
//     variable holding one, also one grown in place by earlier appends), the
//     result of an earlier append to the same unchanged variable, and
//     whether the append writes in place (never: it is known to
//     reallocate; maybe: the capacity is not known; always).
//  2. A window append that may write in place while the window ends before
//     p's length (or where that is unknown) overwrites p[hi]: the victims are
//     p and the variables that may share its array, except the window's own
//     copies and windows known to end before hi.
//  3. A second append to a variable that still has the result of an earlier
//     append that may have written in place: the victims are those results.
//  4. Backward liveness (the same model) keeps the findings where a victim
//     is read after the append on some path, and for (3) where the second
//     append's result is used too.
//
// Both analyses spend one work budget. When it runs out before either is
// complete nothing is reported for the function (a partial sharing claims
// derivations that a later path would undo, a partial liveness misses
// reads: both would be false findings), and a remark names the function.
//
//===----------------------------------------------------------------------===//

#include "SharedAppendCheck.h"

#include "model/RuntimeModel.h"
#include "model/SliceSharing.h"
#include "model/SourceText.h"
#include "model/ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

#include <string>

namespace clang::tidy::slicemap {

using model::InPlace;
using model::SharingState;
using model::SliceValue;

/// An append through a window of Parent (shapes 1 and 3).
struct SharedAppendCheck::WindowFinding {
  const CallExpr *Append = nullptr;
  model::WindowOf Window;
  InPlace Where = InPlace::Maybe;
  llvm::BitVector Victims;
};

/// A second append to Base while earlier results are kept (shape 2).
struct SharedAppendCheck::RepeatFinding {
  const CallExpr *Append = nullptr;
  unsigned Base = 0;
  InPlace Where = InPlace::Maybe;
  llvm::BitVector Earlier;
  /// The earlier append of each variable in Earlier.
  llvm::DenseMap<unsigned, model::AppendedTo> First;
};

namespace {

using WindowFinding = SharedAppendCheck::WindowFinding;
using RepeatFinding = SharedAppendCheck::RepeatFinding;

/// Does the body append at all, and which appends have their result
/// discarded (slicemap-discarded-append's business).
struct BodyScan {
  bool Appends = false;
  llvm::DenseSet<const Stmt *> Discarded;

  void scan(const Stmt *Body) {
    findAppends(Body, 0);
    if (Appends)
      model::forEachDiscardedValueIn(Body, [&](const Expr *E) {
        if (model::asAppendCall(E))
          Discarded.insert(E);
      });
  }

  void findAppends(const Stmt *S, unsigned Depth) {
    if (!S || Appends || Depth > 512 || isa<LambdaExpr>(S))
      return;
    if (model::asAppendCall(S))
      Appends = true;
    for (const Stmt *Child : S->children())
      findAppends(Child, Depth + 1);
  }
};

/// Where an append's result goes: a tracked variable, and the declaration
/// or assignment that stores it.
struct Destination {
  unsigned Variable = 0;
  const Stmt *Store = nullptr;
};

/// The stored append a declaration or assignment makes, if any.
std::optional<std::pair<const CallExpr *, Destination>>
storedAppend(const Stmt *S, const model::SliceSharing &Sharing) {
  auto AppendIn = [](const Expr *E) -> const CallExpr * {
    E = model::ignoreImplicitCopy(E);
    return model::asAppendCall(E ? model::ignoreImplicitCopy(E->IgnoreParens())
                                 : nullptr);
  };
  if (const auto *Declaration = dyn_cast<DeclStmt>(S)) {
    // The CFG gives each declaration of `T a = x, b = y;` its own statement.
    if (!Declaration->isSingleDecl())
      return std::nullopt;
    const auto *Var = dyn_cast<VarDecl>(Declaration->getSingleDecl());
    std::optional<unsigned> I = Sharing.indexOf(Var);
    if (!I || !Var->getInit())
      return std::nullopt;
    if (const CallExpr *Call = AppendIn(Var->getInit()))
      return std::make_pair(Call, Destination{*I, S});
    return std::nullopt;
  }
  if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(S);
      Operator && Operator->getOperator() == OO_Equal &&
      Operator->getNumArgs() == 2)
    if (std::optional<unsigned> I = Sharing.variableOf(Operator->getArg(0)))
      if (const CallExpr *Call = AppendIn(Operator->getArg(1)))
        return std::make_pair(Call, Destination{*I, S});
  return std::nullopt;
}

/// The appends that may write into an array another variable uses, seen
/// by replaying the sharing analysis; liveness decides later which matter.
class AppendFindings {
public:
  explicit AppendFindings(model::SliceSharing &Sharing) : Sharing(Sharing) {}

  void visit(const CFGElement &Element, const SharingState &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (auto Stored = storedAppend(S, Sharing)) {
      Destinations.try_emplace(Stored->first, Stored->second);
      return;
    }
    const CallExpr *Call = model::asAppendCall(S);
    if (!Call)
      return;
    const SliceValue Base = Sharing.valueOf(Call->getArg(0), State);
    const InPlace Where = model::SliceSharing::appendsInPlace(
        Base, Sharing.appendedCount(Call, State));
    if (Where == InPlace::Never)
      return;
    window(Call, Base, Where, State);
    repeat(Call, Where, State);
  }

  /// The statements whose live-after sets the findings need.
  std::vector<const Stmt *> points() const {
    std::vector<const Stmt *> Points;
    for (const WindowFinding &F : Windows)
      Points.push_back(F.Append);
    for (const RepeatFinding &F : Repeats) {
      Points.push_back(F.Append);
      if (auto Found = Destinations.find(F.Append); Found != Destinations.end())
        Points.push_back(Found->second.Store);
    }
    return Points;
  }

  std::vector<WindowFinding> Windows;
  std::vector<RepeatFinding> Repeats;
  llvm::DenseMap<const CallExpr *, Destination> Destinations;

private:
  /// Shapes 1 and 3: through a window that ends inside its parent.
  void window(const CallExpr *Call, const SliceValue &Base, InPlace Where,
              const SharingState &State) {
    const std::optional<model::WindowOf> &Window = Base.Window;
    if (!Window || Window->Reuse ||
        (Window->End != model::WindowEnd::Before &&
         Window->End != model::WindowEnd::Unknown))
      return;
    WindowFinding F{Call, *Window, Where, llvm::BitVector(Sharing.size())};
    F.Victims.set(Window->Parent);
    if (const std::optional<SliceValue> &Parent = State.Vars[Window->Parent])
      F.Victims |= Parent->Sharers;
    if (std::optional<unsigned> BaseVariable =
            Sharing.variableOf(Call->getArg(0)))
      F.Victims.reset(*BaseVariable);
    for (unsigned I : llvm::BitVector(F.Victims).set_bits()) {
      const std::optional<SliceValue> &Other = State.Vars[I];
      if (!Other || !Other->Window || I == Window->Parent)
        continue;
      const model::WindowOf &Theirs = *Other->Window;
      // The window's own copies and results, and windows that end before
      // the write, see nothing change.
      if (Theirs.Sub == Window->Sub ||
          (Theirs.Parent == Window->Parent && Theirs.Hi && Window->Hi &&
           *Theirs.Hi <= *Window->Hi))
        F.Victims.reset(I);
    }
    Windows.push_back(std::move(F));
  }

  /// Shape 2: the same unchanged variable appended to again.
  void repeat(const CallExpr *Call, InPlace Where, const SharingState &State) {
    const std::optional<unsigned> Base = Sharing.variableOf(Call->getArg(0));
    if (!Base)
      return;
    RepeatFinding F{Call, *Base, Where, llvm::BitVector(Sharing.size()),
                    llvm::DenseMap<unsigned, model::AppendedTo>()};
    for (unsigned I = 0; I < Sharing.size(); ++I) {
      const std::optional<SliceValue> &Other = State.Vars[I];
      if (I != *Base && Other && Other->Appended &&
          Other->Appended->Base == *Base && Other->Appended->Append != Call) {
        F.Earlier.set(I);
        F.First.try_emplace(I, *Other->Appended);
      }
    }
    if (F.Earlier.any())
      Repeats.push_back(std::move(F));
  }

  model::SliceSharing &Sharing;
};

} // namespace

void SharedAppendCheck::analyse(const FunctionDecl &Function, Stmt &Body,
                                ASTContext &Context) {
  BodyScan Scan;
  Scan.scan(&Body);
  if (!Scan.Appends)
    return;
  std::unique_ptr<CFG> Graph =
      analysis::buildFlowCFG(&Function, &Body, Context);
  if (!Graph)
    return;
  model::SliceSharing Sharing(Function, *Graph, Context);
  if (Sharing.size() == 0)
    return;
  analysis::WorkBudget Budget = budget();
  if (!Sharing.run(Budget)) {
    reportCutShort(Function, Budget);
    return;
  }
  AppendFindings Found(Sharing);
  Sharing.replay([&](const CFGElement &Element, const SharingState &State) {
    Found.visit(Element, State);
  });
  if (Found.Windows.empty() && Found.Repeats.empty())
    return;
  if (!Sharing.computeLiveness(Found.points(), Budget)) {
    reportCutShort(Function, Budget);
    return;
  }
  for (const WindowFinding &F : Found.Windows)
    emitWindow(F, Sharing, Context);
  for (const RepeatFinding &F : Found.Repeats) {
    // The second result must be used too.
    if (auto Stored = Found.Destinations.find(F.Append);
        Stored != Found.Destinations.end()) {
      const llvm::BitVector *AfterStore =
          Sharing.liveAfter(Stored->second.Store);
      if (!AfterStore || !AfterStore->test(Stored->second.Variable))
        continue;
    } else if (Scan.Discarded.contains(F.Append)) {
      continue;
    }
    emitRepeat(F, Sharing);
  }
}

void SharedAppendCheck::emitWindow(const WindowFinding &F,
                                   const model::SliceSharing &Sharing,
                                   const ASTContext &Context) {
  const llvm::BitVector *Live = Sharing.liveAfter(F.Append);
  if (!Live)
    return;
  llvm::BitVector Seen = F.Victims;
  Seen &= *Live;
  const SourceLocation At = F.Append->getBeginLoc();
  if (Seen.none() || At.isInvalid() || !firstReportAt(At))
    return;
  const SourceManager &SM = Context.getSourceManager();
  auto Name = [&](unsigned I) { return Sharing.variable(I)->getName().str(); };
  const unsigned Reader =
      Seen.test(F.Window.Parent) ? F.Window.Parent : Seen.find_first();
  const std::string Parent = Name(F.Window.Parent);
  const Expr *BaseExpr = F.Append->getArg(0);
  std::string Subject;
  if (std::optional<unsigned> Base = Sharing.variableOf(BaseExpr))
    Subject = "'" + Name(*Base) + "', a sub-slice of '" + Parent + "',";
  else
    Subject = model::quoted(
        model::sourceText(model::ignoreImplicitCopy(BaseExpr)->getSourceRange(),
                          SM, getLangOpts()));
  if (Subject.empty())
    Subject = "a sub-slice of '" + Parent + "'";
  const CallExpr *Sub = F.Window.Sub;
  const Expr *Hi = Sub->getNumArgs() >= 2 ? Sub->getArg(1) : nullptr;
  std::string Element;
  Expr::EvalResult Bound;
  if (F.Window.Hi)
    Element = "'" + Parent + "[" + std::to_string(*F.Window.Hi) + "]'";
  else if (Hi && !Hi->isValueDependent() &&
           Hi->EvaluateAsInt(Bound, Context, Expr::SE_NoSideEffects))
    Element = "the elements of '" + Parent + "' from index " +
              toString(Bound.Val.getInt(), 10) + " on";
  else
    Element = "the elements of '" + Parent + "' past the sub-slice";
  const std::string Reads =
      Reader == F.Window.Parent
          ? "'" + Parent + "' is read after it"
          : "'" + Name(Reader) + "', which shares that array, is read after it";
  if (F.Where == InPlace::Always)
    diag(At, "append to %0 writes into the backing array it shares with "
             "'%1' and overwrites %2; %3")
        << Subject << Parent << Element << Reads;
  else
    diag(At, "append to %0 may write into the backing array it shares "
             "with '%1' and overwrite %2 (it does whenever the capacity "
             "allows); %3")
        << Subject << Parent << Element << Reads;
  emitWindowFix(Sub, SM);
}

/// How to make the append copy: a full slice expression.
void SharedAppendCheck::emitWindowFix(const CallExpr *Sub,
                                      const SourceManager &SM) {
  const LangOptions &LangOpts = getLangOpts();
  const Expr *Hi = Sub->getNumArgs() >= 2 ? Sub->getArg(1) : nullptr;
  std::optional<llvm::StringRef> HiText =
      Hi ? model::sourceText(Hi->getSourceRange(), SM, LangOpts) : std::nullopt;
  const SourceLocation SubAt = Sub->getExprLoc();
  if (Sub->getNumArgs() != 2 || !HiText || !model::isRepeatable(Hi) ||
      !model::isEditable(Sub->getSourceRange(), SM, LangOpts) ||
      !model::isEditable(Hi->getSourceRange(), SM, LangOpts)) {
    diag(SubAt,
         "cap the sub-slice's capacity with a full slice expression "
         "'sub(lo, hi, hi)' so that append copies",
         DiagnosticIDs::Note);
    return;
  }
  const SourceLocation AfterHi = Lexer::getLocForEndOfToken(
      SM.getFileLoc(Hi->getEndLoc()), 0, SM, LangOpts);
  std::string Full;
  if (std::optional<llvm::StringRef> SubText =
          model::sourceText(Sub->getSourceRange(), SM, LangOpts);
      SubText && SubText->ends_with(")"))
    Full = model::quoted(
        (SubText->drop_back().rtrim() + ", " + *HiText + ")").str());
  if (Full.empty())
    Full = "'sub(lo, " + HiText->str() + ", " + HiText->str() + ")'";
  diag(SubAt,
       "cap the sub-slice's capacity with a full slice expression so that "
       "append copies: %0",
       DiagnosticIDs::Note)
      << Full << FixItHint::CreateInsertion(AfterHi, ", " + HiText->str());
}

void SharedAppendCheck::emitRepeat(const RepeatFinding &F,
                                   const model::SliceSharing &Sharing) {
  const llvm::BitVector *Live = Sharing.liveAfter(F.Append);
  if (!Live)
    return;
  llvm::BitVector Kept = F.Earlier;
  Kept &= *Live;
  const SourceLocation At = F.Append->getBeginLoc();
  if (Kept.none() || At.isInvalid() || !firstReportAt(At))
    return;
  auto Name = [&](unsigned I) { return Sharing.variable(I)->getName().str(); };
  const unsigned Victim = Kept.find_first();
  const model::AppendedTo &First = F.First.find(Victim)->second;
  const std::string Base = Name(F.Base);
  if (F.Where == InPlace::Always && First.Where == InPlace::Always)
    diag(At, "second append to the same '%0' overwrites the element the "
             "earlier append wrote for '%1': both write the same slot of "
             "the shared backing array, and '%1' is read after it")
        << Base << Name(Victim);
  else
    diag(At, "second append to the same '%0' may overwrite the element "
             "the earlier append wrote for '%1' (whenever '%0' has spare "
             "capacity, both write the same slot of its backing array); "
             "'%1' is read after it")
        << Base << Name(Victim);
  diag(First.Append->getBeginLoc(),
       "'%0' holds the result of this earlier append to '%1'",
       DiagnosticIDs::Note)
      << Name(Victim) << Base;
  diag(At,
       "assign the result back ('%0 = append(%0, ...)') or append to a "
       "full slice expression ('%0.sub(0, %0.len(), %0.len())') so that "
       "each append copies",
       DiagnosticIDs::Note)
      << Base;
}

} // namespace clang::tidy::slicemap
