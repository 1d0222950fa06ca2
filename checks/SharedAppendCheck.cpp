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
//===----------------------------------------------------------------------===//

#include "SharedAppendCheck.h"

#include "model/Dataflow.h"
#include "model/FlowCheck.h"
#include "model/RuntimeModel.h"
#include "model/SliceSharing.h"
#include "model/SourceText.h"
#include "model/ValueUse.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

#include <string>

using namespace clang::ast_matchers;

namespace clang::tidy::slicemap {

namespace {

using model::InPlace;
using model::SharingState;
using model::SliceValue;

bool isAppendCall(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  return Call && Call->getNumArgs() >= 1 &&
         model::isAppendFunction(Call->getDirectCallee());
}

/// Does the body append at all, and which appends have their result
/// discarded (slicemap-discarded-append's business).
struct BodyScan {
  bool Appends = false;
  llvm::DenseSet<const Stmt *> Discarded;

  void scan(const Stmt *Body) {
    findAppends(Body, 0);
    if (Appends)
      model::forEachDiscardedValueIn(Body, [&](const Expr *E) {
        if (isAppendCall(E))
          Discarded.insert(E);
      });
  }

  void findAppends(const Stmt *S, unsigned Depth) {
    if (!S || Appends || Depth > 512 || isa<LambdaExpr>(S))
      return;
    if (isAppendCall(S))
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

/// An append through a window of Parent (shapes 1 and 3).
struct WindowFinding {
  const CallExpr *Append = nullptr;
  model::WindowOf Window;
  InPlace Where = InPlace::Maybe;
  llvm::BitVector Victims;
};

/// A second append to Base while earlier results are kept (shape 2).
struct RepeatFinding {
  const CallExpr *Append = nullptr;
  unsigned Base = 0;
  InPlace Where = InPlace::Maybe;
  llvm::BitVector Earlier;
  /// The earlier append of each variable in Earlier.
  llvm::DenseMap<unsigned, model::AppendedTo> First;
};

/// The stored append a declaration or assignment makes, if any.
std::optional<std::pair<const CallExpr *, Destination>>
storedAppend(const Stmt *S, const model::SliceSharing &Sharing) {
  auto AppendIn = [](const Expr *E) -> const CallExpr * {
    E = model::ignoreImplicitCopy(E);
    E = E ? model::ignoreImplicitCopy(E->IgnoreParens()) : nullptr;
    return E && isAppendCall(E) ? cast<CallExpr>(E) : nullptr;
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

std::string quoted(std::optional<llvm::StringRef> Text) {
  if (!Text || Text->size() > 48 || Text->contains('\n'))
    return "";
  return ("'" + *Text + "'").str();
}

} // namespace

void SharedAppendCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition outside system headers (lambda bodies
  // included); check() drops at once the ones that never append.
  // Dependent template definitions are skipped: their instantiations are
  // analysed, with the types known.
  model::matchFunctionDefinitions(*Finder, this);
}

void SharedAppendCheck::check(const MatchFinder::MatchResult &Result) {
  const model::AnalysedFunction Analysing =
      model::functionToAnalyse(Result, Analysed);
  if (!Analysing)
    return;
  const FunctionDecl *Function = Analysing.Function;
  Stmt *Body = Analysing.Body;
  ASTContext &Context = *Result.Context;
  BodyScan Scan;
  Scan.scan(Body);
  if (!Scan.Appends)
    return;

  std::unique_ptr<CFG> Graph = model::buildFlowCFG(Function, Body, Context);
  if (!Graph)
    return;
  model::SliceSharing Sharing(*Function, *Graph, Context);
  if (!Sharing.run())
    return; // nothing tracked, or over budget: stay silent
  const unsigned Count = Sharing.size();

  std::vector<WindowFinding> Windows;
  std::vector<RepeatFinding> Repeats;
  llvm::DenseMap<const CallExpr *, Destination> Destinations;
  Sharing.replay([&](const CFGElement &Element, const SharingState &State) {
    std::optional<CFGStmt> AsStmt = Element.getAs<CFGStmt>();
    if (!AsStmt)
      return;
    const Stmt *S = AsStmt->getStmt();
    if (auto Stored = storedAppend(S, Sharing)) {
      Destinations.try_emplace(Stored->first, Stored->second);
      return;
    }
    if (!isAppendCall(S))
      return;
    const auto *Call = cast<CallExpr>(S);
    const Expr *BaseExpr = Call->getArg(0);
    const SliceValue Base = Sharing.valueOf(BaseExpr, State);
    const InPlace Where = model::SliceSharing::appendsInPlace(
        Base, Sharing.appendedCount(Call, State));
    if (Where == InPlace::Never)
      return;
    const std::optional<unsigned> BaseVariable = Sharing.variableOf(BaseExpr);

    // Shapes 1 and 3: through a window that ends inside its parent.
    if (const std::optional<model::WindowOf> &Window = Base.Window;
        Window && !Window->Reuse &&
        (Window->End == model::WindowEnd::Before ||
         Window->End == model::WindowEnd::Unknown)) {
      WindowFinding F{Call, *Window, Where, llvm::BitVector(Count)};
      F.Victims.set(Window->Parent);
      if (const std::optional<SliceValue> &Parent = State.Vars[Window->Parent])
        F.Victims |= Parent->Sharers;
      if (BaseVariable)
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

    // Shape 2: the same unchanged variable appended to again.
    if (BaseVariable) {
      RepeatFinding F{Call, *BaseVariable, Where, llvm::BitVector(Count),
                      llvm::DenseMap<unsigned, model::AppendedTo>()};
      for (unsigned I = 0; I < Count; ++I) {
        const std::optional<SliceValue> &Other = State.Vars[I];
        if (I != *BaseVariable && Other && Other->Appended &&
            Other->Appended->Base == *BaseVariable &&
            Other->Appended->Append != Call) {
          F.Earlier.set(I);
          F.First.try_emplace(I, *Other->Appended);
        }
      }
      if (F.Earlier.any())
        Repeats.push_back(std::move(F));
    }
  });
  if (Windows.empty() && Repeats.empty())
    return;

  std::vector<const Stmt *> Points;
  for (const WindowFinding &F : Windows)
    Points.push_back(F.Append);
  for (const RepeatFinding &F : Repeats) {
    Points.push_back(F.Append);
    if (auto Found = Destinations.find(F.Append); Found != Destinations.end())
      Points.push_back(Found->second.Store);
  }
  if (!Sharing.computeLiveness(Points))
    return; // over budget: stay silent

  const SourceManager &SM = *Result.SourceManager;
  const LangOptions &LangOpts = getLangOpts();
  auto Name = [&](unsigned I) { return Sharing.variable(I)->getName().str(); };

  for (const WindowFinding &F : Windows) {
    const llvm::BitVector *Live = Sharing.liveAfter(F.Append);
    if (!Live)
      continue;
    llvm::BitVector Seen = F.Victims;
    Seen &= *Live;
    if (Seen.none())
      continue;
    const SourceLocation At = F.Append->getBeginLoc();
    if (At.isInvalid() || !Reported.insert(At).second)
      continue;
    const unsigned Reader =
        Seen.test(F.Window.Parent) ? F.Window.Parent : Seen.find_first();
    const std::string Parent = Name(F.Window.Parent);
    const Expr *BaseExpr = F.Append->getArg(0);
    std::string Subject;
    if (std::optional<unsigned> Base = Sharing.variableOf(BaseExpr))
      Subject = "'" + Name(*Base) + "', a sub-slice of '" + Parent + "',";
    else
      Subject = quoted(model::sourceText(
          model::ignoreImplicitCopy(BaseExpr)->getSourceRange(), SM, LangOpts));
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
    const std::string Reads = Reader == F.Window.Parent
                                  ? "'" + Parent + "' is read after it"
                                  : "'" + Name(Reader) +
                                        "', which shares that array, is read "
                                        "after it";
    if (F.Where == InPlace::Always)
      diag(At, "append to %0 writes into the backing array it shares with "
               "'%1' and overwrites %2; %3")
          << Subject << Parent << Element << Reads;
    else
      diag(At, "append to %0 may write into the backing array it shares "
               "with '%1' and overwrite %2 (it does whenever the capacity "
               "allows); %3")
          << Subject << Parent << Element << Reads;

    // How to make the append copy: a full slice expression.
    std::optional<llvm::StringRef> HiText =
        Hi ? model::sourceText(Hi->getSourceRange(), SM, LangOpts)
           : std::nullopt;
    const SourceLocation SubAt = Sub->getExprLoc();
    if (Sub->getNumArgs() == 2 && HiText && model::isRepeatable(Hi) &&
        model::isEditable(Sub->getSourceRange(), SM, LangOpts) &&
        model::isEditable(Hi->getSourceRange(), SM, LangOpts)) {
      const SourceLocation AfterHi = Lexer::getLocForEndOfToken(
          SM.getFileLoc(Hi->getEndLoc()), 0, SM, LangOpts);
      std::string Full;
      if (std::optional<llvm::StringRef> SubText =
              model::sourceText(Sub->getSourceRange(), SM, LangOpts);
          SubText && SubText->ends_with(")"))
        Full =
            quoted((SubText->drop_back().rtrim() + ", " + *HiText + ")").str());
      if (Full.empty())
        Full = "'sub(lo, " + HiText->str() + ", " + HiText->str() + ")'";
      diag(SubAt,
           "cap the sub-slice's capacity with a full slice expression so "
           "that append copies: %0",
           DiagnosticIDs::Note)
          << Full << FixItHint::CreateInsertion(AfterHi, ", " + HiText->str());
    } else {
      diag(SubAt,
           "cap the sub-slice's capacity with a full slice expression "
           "'sub(lo, hi, hi)' so that append copies",
           DiagnosticIDs::Note);
    }
  }

  for (const RepeatFinding &F : Repeats) {
    const llvm::BitVector *Live = Sharing.liveAfter(F.Append);
    if (!Live)
      continue;
    llvm::BitVector Kept = F.Earlier;
    Kept &= *Live;
    if (Kept.none())
      continue;
    // The second result must be used too.
    if (auto Found = Destinations.find(F.Append); Found != Destinations.end()) {
      const llvm::BitVector *AfterStore =
          Sharing.liveAfter(Found->second.Store);
      if (!AfterStore || !AfterStore->test(Found->second.Variable))
        continue;
    } else if (Scan.Discarded.contains(F.Append)) {
      continue;
    }
    const SourceLocation At = F.Append->getBeginLoc();
    if (At.isInvalid() || !Reported.insert(At).second)
      continue;
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
}

} // namespace clang::tidy::slicemap
